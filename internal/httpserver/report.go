package httpserver

// reportModule is the work report's statistical sentences, read and
// downloaded.
var reportModule = module{
	name: "report",
	nav:  []navEntry{{label: "nav.report", href: "/report", group: "nav.group.stats"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /report", s.reportPage)
		for _, f := range []string{"html", "json", "xlsx", "pdf"} {
			r.ui("GET /report."+f, s.reportDownload(f))
		}
	},
}
