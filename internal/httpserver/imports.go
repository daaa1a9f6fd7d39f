package httpserver

import (
	"net/http"
	"time"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
)

// importsModule is the imports of spreadsheets, every kind the importer
// registers, with their templates and error reports.
var importsModule = module{
	name:  "imports",
	inbox: importsInbox,
	nav:   []navEntry{{label: "import.retention", href: "/settings/import-retention", perm: gonghui.PermManageUser, group: "nav.group.system"}},
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

// importsInbox lists the user's own imports of the last month that
// refused rows or ended early.
func importsInbox(s *Server, r *http.Request, a gonghui.Actor, _ gonghui.Date) ([]inboxItem, error) {
	ctx := r.Context()
	imports, err := s.store.ListImports(ctx, a, gonghui.Page{Limit: 50})
	if err != nil {
		return nil, err
	}
	u, _ := userFrom(ctx)
	var items []inboxItem
	for _, im := range imports {
		if im.Username == u.Username && time.Since(im.StartedAt) < 30*24*time.Hour &&
			(im.Failed > 0 || im.Status == store.ImportFailed || im.Status == store.ImportInterrupted) {
			items = append(items, inboxItem{Label: "inbox.import", Count: max(im.Failed, 1), Href: "/imports/" + itoa(im.ID)})
		}
	}
	return items, nil
}
