package httpserver

import (
	"net/http"

	"gonghui/internal/sms"
)

// RoutePatterns are every route the modules register ("METHOD /path"), for
// the tests that walk them all.
func RoutePatterns() []string {
	s := &Server{modules: modules()}
	rt := &router{s: s, mux: http.NewServeMux()}
	for _, m := range s.modules {
		m.routes(s, rt)
	}
	return rt.patterns
}

// PortalRoutePatterns are every route of the member portal.
func PortalRoutePatterns() []string {
	s := &Server{modules: modules()}
	rt := &router{s: s, mux: http.NewServeMux()}
	for _, m := range s.modules {
		m.routes(s, rt)
	}
	return rt.portal
}

// SentSMS is the last text the development sender logged for phone.
func (s *Server) SentSMS(phone string) string { return s.sms.(*sms.LogSender).Last(phone) }
