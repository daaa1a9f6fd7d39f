package httpserver

import "gonghui"

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
