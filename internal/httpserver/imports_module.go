package httpserver

import "gonghui/internal/store"

// importsModule is the imports of spreadsheets, every kind the importer
// registers, with their templates and error reports.
var importsModule = module{
	name: "imports",
	routes: func(s *Server, r *router) {
		r.ui("GET /imports", s.importForm)
		r.ui("POST /imports", s.importCreate)
		r.ui("GET /imports/{id}", s.importShow)
		r.ui("GET /imports/{id}/errors.xlsx", s.importErrorReport)
		r.ui("GET /templates/{file}", s.importTemplate)

		r.json("POST /api/v1/imports", s.apiImportCreate)
		r.json("GET /api/v1/imports/{id}", s.apiImportGet)
		r.json("GET /api/v1/imports/{id}/errors", s.apiImportErrors)
	},
	apiTypes: map[string]any{"Import": store.Import{}},
}
