package httpserver

import (
	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
)

// importsModule is the imports of spreadsheets, every kind the importer
// registers, with their templates and error reports.
var importsModule = module{
	name: "imports",
	nav:  []navEntry{{label: "import.retention", href: "/settings/import-retention", perm: gonghui.PermManageUser, group: "nav.group.system"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /imports", s.importForm)
		r.ui("POST /imports", s.importCreate)
		r.ui("GET /imports/{id}", s.importShow)
		r.ui("GET /imports/{id}/errors.xlsx", s.importErrorReport)
		r.ui("GET /templates/{file}", s.importTemplate)
		r.ui("GET /settings/import-retention", s.retentionForm)
		r.ui("POST /settings/import-retention", s.retentionSave)

		r.json("POST /api/v1/imports", s.apiImportCreate)
		r.json("GET /api/v1/imports/{id}", s.apiImportGet)
		r.json("GET /api/v1/imports/{id}/errors", s.apiImportErrors)
		r.json("GET /api/v1/settings/import-retention", s.apiRetention)
		r.json("PUT /api/v1/settings/import-retention", s.apiRetentionPut)
	},
	apiTypes: map[string]any{"Import": store.Import{}, "ImportRetention": store.ImportRetention{}},
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
