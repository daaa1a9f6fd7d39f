package httpserver

import (
	"gonghui"
	"gonghui/internal/store"
)

// statsModule is the statistics (统计): the indicator catalogue, figures
// for any subtree and date, and the dashboard.
var statsModule = module{
	name: "stats",
	nav:  []navEntry{{label: "nav.stats", href: "/dashboard", group: "nav.group.stats"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /dashboard", s.dashboard)
		r.ui("GET /dashboard.xlsx", s.dashboardExport)
		r.json("GET /api/v1/stats", s.apiStats)
		r.json("GET /api/v1/indicators", s.apiIndicators)
	},
	apiTypes: map[string]any{"Stats": store.Stats{}, "Indicator": gonghui.Indicator{}},
}
