package httpserver

import "net/http"

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
