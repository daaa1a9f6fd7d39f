package httpserver

import "gonghui"

// unitsModule is the employer units (单位) the unions cover.
var unitsModule = module{
	name: "units",
	nav:  []navEntry{{label: "nav.units", href: "/units", group: "nav.group.orgs"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /units", s.unitList)
		r.ui("GET /units.csv", s.unitExport)
		r.ui("GET /units/pick", s.unitPick)
		r.form("GET /units/new", gonghui.PermEditUnits, s.unitNewForm)
		r.ui("POST /units/new", s.unitCreate)
		r.ui("GET /units/{id}", s.unitShow)
		r.form("GET /units/{id}/edit", gonghui.PermEditUnits, s.unitEditForm)
		r.ui("POST /units/{id}/edit", s.unitUpdate)

		r.json("GET /api/v1/units", s.apiUnitList)
		r.json("POST /api/v1/units", s.apiUnitCreate)
		r.json("GET /api/v1/units/{id}", s.apiUnitGet)
		r.json("PATCH /api/v1/units/{id}", s.apiUnitPatch)
	},
	apiTypes: map[string]any{"Unit": gonghui.Unit{}, "UnitInput": gonghui.UnitInput{}},
}
