package httpserver

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
)

type openAPIDoc struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"schemas"`
	} `json:"components"`
}

func loadOpenAPI(t *testing.T) openAPIDoc {
	var doc openAPIDoc
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
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
	for _, rt := range (&Server{}).apiRouteTable() {
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
	types := map[string]any{
		"Org": gonghui.Org{}, "OrgInput": gonghui.OrgInput{}, "Unit": gonghui.Unit{}, "UnitInput": gonghui.UnitInput{},
		"User": gonghui.User{}, "AuditEvent": gonghui.AuditEvent{},
		"Member": gonghui.Member{}, "MemberInput": gonghui.MemberInput{},
		"Transfer": gonghui.Transfer{}, "Import": store.Import{},
		"Contract": gonghui.Contract{}, "ContractInput": gonghui.ContractInput{}, "ContractStep": gonghui.ContractStep{},
		"Reminder": store.Reminder{}, "BargainingTopics": bargainingTopics{},
		"Stats": store.Stats{}, "Indicator": gonghui.Indicator{},
		"Congress": gonghui.Congress{}, "CongressInput": gonghui.CongressInput{}, "CongressDissolve": congressDissolve{},
		"Sitting": gonghui.Sitting{}, "SittingInput": gonghui.SittingInput{},
		"Disclosure": gonghui.Disclosure{}, "DisclosureInput": disclosureInput{}, "DisclosureEnd": disclosureEnd{},
		"DisclosureRecord": gonghui.DisclosureRecord{}, "DisclosureRecordInput": disclosureRecordInput{},
		"Director": gonghui.Director{}, "DirectorInput": gonghui.DirectorInput{}, "DirectorEnd": directorEnd{},
		"CensusReturn": gonghui.CensusReturn{}, "CensusFigure": gonghui.CensusFigure{}, "CensusInput": gonghui.CensusInput{},
		"CensusFigureInput": gonghui.CensusFigureInput{}, "CensusOpen": censusOpen{}, "CensusPeriod": gonghui.CensusPeriod{},
		"CensusSheet": store.CensusSheet{}, "CensusLine": store.CensusLine{}, "CensusChild": store.CensusChild{},
		"CensusProgress": store.CensusProgress{}, "CensusEvent": store.CensusEvent{},
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
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	upload := doc.Paths["/api/v1/imports"]["post"].RequestBody.Content["multipart/form-data"].Schema.Properties["kind"].Enum
	shown := doc.Components.Schemas["Import"].Properties["kind"].Enum
	if !reflect.DeepEqual(upload, importer.Kinds) || !reflect.DeepEqual(shown, importer.Kinds) {
		t.Errorf("documented kinds %v and %v, served %v", upload, shown, importer.Kinds)
	}
}
