package httpserver

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
)

// openAPIFiles are the API's OpenAPI 3.1 document in parts: base.json
// (info, security, shared responses and schemas) and one fragment per
// module (openapi/<module>.json, its paths and schemas). A test keeps the
// merged document in step with the routes and with the JSON fields of the
// types the handlers return.
//
//go:embed openapi/*.json
var openAPIFiles embed.FS

// openAPIDocument merges the base document with every module's fragment.
// A path or schema defined twice, or a fragment no module claims, is an
// error: the parts must add up to one document.
func openAPIDocument(mods []module) ([]byte, error) {
	var doc map[string]any
	if err := readJSON("openapi/base.json", &doc); err != nil {
		return nil, err
	}
	paths := doc["paths"].(map[string]any)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	claimed := map[string]bool{"openapi/base.json": true}
	for _, m := range mods {
		name := "openapi/" + m.name + ".json"
		var frag struct {
			Paths      map[string]any `json:"paths"`
			Components struct {
				Schemas map[string]any `json:"schemas"`
			} `json:"components"`
		}
		err := readJSON(name, &frag)
		if errors.Is(err, fs.ErrNotExist) {
			continue // a module without API endpoints
		}
		if err != nil {
			return nil, err
		}
		claimed[name] = true
		for p, v := range frag.Paths {
			if _, dup := paths[p]; dup {
				return nil, fmt.Errorf("%s: path %s is documented twice", name, p)
			}
			paths[p] = v
		}
		for k, v := range frag.Components.Schemas {
			if _, dup := schemas[k]; dup {
				return nil, fmt.Errorf("%s: schema %s is defined twice", name, k)
			}
			schemas[k] = v
		}
	}
	for _, m := range mods {
		if m.completeDoc != nil {
			m.completeDoc(doc)
		}
	}
	files, _ := fs.Glob(openAPIFiles, "openapi/*.json")
	for _, f := range files {
		if !claimed[f] {
			return nil, fmt.Errorf("%s belongs to no module", f)
		}
	}
	return json.MarshalIndent(doc, "", " ")
}

func readJSON(name string, v any) error {
	b, err := openAPIFiles.ReadFile(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(s.openAPI)
}
