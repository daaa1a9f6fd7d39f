package httpserver

import (
	"encoding/json"
	"net/http"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
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

// auditWords is an audit event as the log reads it: who did what to which
// record, in words, never the stored keys.
type auditWords struct {
	gonghui.AuditEvent
	Who, Did, Client, Outcome string
}

// describeAudit puts an event into words in lang.
func describeAudit(lang string, e gonghui.AuditEvent) auditWords {
	w := auditWords{AuditEvent: e, Who: e.Username, Client: e.ClientAddr, Outcome: i18n.T(lang, "audit.outcome."+e.Outcome)}
	if w.Who == "" {
		w.Who = i18n.T(lang, "audit.someone")
	}
	if e.ClientAddr == "cli" {
		w.Client = i18n.T(lang, "audit.client.cli")
	}
	verb, thing := actionWords(lang, e.Action), ""
	if e.RecordType != "" && i18n.Has("audit.record."+e.RecordType) {
		thing = i18n.T(lang, "audit.record."+e.RecordType)
	}
	if kind, ok := strings.CutPrefix(e.Action, "import."); ok {
		thing = i18n.T(lang, "import.kind."+kind)
	}
	name := summaryName(e.Summary)
	if lang == i18n.En {
		w.Did = strings.TrimSpace(verb + " " + thing)
		if name != "" {
			w.Did += " “" + name + "”"
		}
		return w
	}
	w.Did = strings.TrimSuffix(verb, "：") + thing
	if name != "" {
		w.Did += "“" + name + "”"
	}
	return w
}

// actionWords is an action's verb: its own text, the import verb for
// every kind of import.
func actionWords(lang, action string) string {
	if strings.HasPrefix(action, "import.") {
		return i18n.T(lang, "audit.action.import")
	}
	return i18n.T(lang, "audit.action."+action)
}

// summaryNameKeys are the fields of a summary that name its record, in
// the order they are tried.
var summaryNameKeys = []string{"name", "title", "member_name", "username", "filename", "org", "user"}

// summaryName finds the record's name in an event's summary (the record
// as created, or a change as {field: [before, after]}), "" when it has
// none.
func summaryName(summary string) string {
	var m map[string]any
	if json.Unmarshal([]byte(summary), &m) != nil {
		return ""
	}
	for _, k := range summaryNameKeys {
		v := m[k]
		if pair, ok := v.([]any); ok && len(pair) == 2 {
			v = pair[1]
		}
		if s, ok := v.(string); ok && s != "" {
			if r := []rune(s); len(r) > 40 {
				s = string(r[:40]) + "…"
			}
			return s
		}
	}
	return ""
}
