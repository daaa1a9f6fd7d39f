package httpserver

import (
	"gonghui/internal/importer"
	"gonghui/internal/store"
)

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
	// The kinds are whatever the modules register with the importer.
	completeDoc: func(doc map[string]any) {
		kinds := importer.Kinds()
		at := func(v any, keys ...string) map[string]any {
			for _, k := range keys {
				v = v.(map[string]any)[k]
			}
			return v.(map[string]any)
		}
		at(doc, "paths", "/api/v1/imports", "post", "requestBody", "content", "multipart/form-data", "schema", "properties", "kind")["enum"] = kinds
		at(doc, "components", "schemas", "Import", "properties", "kind")["enum"] = kinds
	},
}
