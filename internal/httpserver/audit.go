package httpserver

import (
	"net/http"

	"gonghui"
)

// auditModule is the audit log, for auditors and administrators.
var auditModule = module{
	name: "audit",
	nav:  []navEntry{{label: "nav.audit", href: "/audit", perm: gonghui.PermReadAudit, group: "nav.group.system"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /audit", s.auditList)
		r.json("GET /api/v1/audit", s.apiAudit)
	},
	apiTypes: map[string]any{"AuditEvent": gonghui.AuditEvent{}},
}

func (s *Server) apiAudit(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	f := auditFilter(q)
	f.Page = pageParams(q, 50)
	events, total, err := s.store.ListAudit(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(events, total, f.Page), err
}
