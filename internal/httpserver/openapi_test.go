package httpserver

import (
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"

	"gonghui/internal/i18n"
	"gonghui/internal/importer"
)

type openAPIDoc struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"schemas"`
	} `json:"components"`
}

// servedOpenAPI is the merged document the server serves.
func servedOpenAPI(t *testing.T) []byte {
	t.Helper()
	b, err := openAPIDocument(modules())
	if err != nil {
		t.Fatalf("OpenAPI document: %v", err)
	}
	return b
}

func loadOpenAPI(t *testing.T) openAPIDoc {
	var doc openAPIDoc
	if err := json.Unmarshal(servedOpenAPI(t), &doc); err != nil {
		t.Fatalf("OpenAPI document: %v", err)
	}
	return doc
}

// TestOpenAPIMatchesRoutes checks that the document lists exactly the API
// routes the server registers.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	var documented, served []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	served = append(served, "GET /api/v1/openapi.json")
	for _, rt := range (&Server{modules: modules()}).register(http.NewServeMux()) {
		served = append(served, rt.pattern)
	}
	sort.Strings(documented)
	sort.Strings(served)
	if !reflect.DeepEqual(documented, served) {
		t.Errorf("documented routes:\n%s\nserved routes:\n%s", strings.Join(documented, "\n"), strings.Join(served, "\n"))
	}
}

// TestOpenAPIMatchesTypes checks that each schema has exactly the JSON
// fields of the Go type the handlers encode or decode.
func TestOpenAPIMatchesTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	types := map[string]any{}
	for _, m := range modules() {
		for name, v := range m.apiTypes {
			if _, dup := types[name]; dup {
				t.Errorf("schema %s is claimed by two modules", name)
			}
			types[name] = v
		}
	}
	if len(types) < 40 {
		t.Errorf("only %d schemas registered with their types", len(types))
	}
	for name, v := range types {
		var want []string
		rt := reflect.TypeOf(v)
		for i := 0; i < rt.NumField(); i++ {
			tag := strings.Split(rt.Field(i).Tag.Get("json"), ",")[0]
			if tag != "" && tag != "-" {
				want = append(want, tag)
			}
		}
		var got []string
		for p := range doc.Components.Schemas[name].Properties {
			got = append(got, p)
		}
		sort.Strings(want)
		sort.Strings(got)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("schema %s has %v, type has %v", name, got, want)
		}
	}
}

// TestOpenAPIImportKinds checks that the document offers exactly the kinds
// of import the server runs, where a file is uploaded and where an import
// is shown.
func TestOpenAPIImportKinds(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]struct {
					Schema struct {
						Properties map[string]struct {
							Enum []string `json:"enum"`
						} `json:"properties"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Enum []string `json:"enum"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(servedOpenAPI(t), &doc); err != nil {
		t.Fatal(err)
	}
	upload := doc.Paths["/api/v1/imports"]["post"].RequestBody.Content["multipart/form-data"].Schema.Properties["kind"].Enum
	shown := doc.Components.Schemas["Import"].Properties["kind"].Enum
	if !reflect.DeepEqual(upload, importer.Kinds()) || !reflect.DeepEqual(shown, importer.Kinds()) {
		t.Errorf("documented kinds %v and %v, served %v", upload, shown, importer.Kinds())
	}
}

// TestModulesRegisterKnownTexts checks every module's navigation entries
// against the texts, and that no two modules share a name.
func TestModulesRegisterKnownTexts(t *testing.T) {
	names := map[string]bool{}
	for _, m := range modules() {
		if names[m.name] {
			t.Errorf("module %s listed twice", m.name)
		}
		names[m.name] = true
		for _, e := range m.nav {
			for _, key := range []string{e.label, e.group} {
				if !i18n.Has(key) {
					t.Errorf("module %s: navigation text %q missing", m.name, key)
				}
			}
		}
	}
}
