package httpserver

import (
	"encoding/json"
	"net/url"
	"slices"
	"testing"

	"gonghui"
	"gonghui/internal/store"
)

// The API document offers each list's sorts exactly as the store takes
// them, and the unit list's staff bands as the domain names them.
func TestOpenAPIListSorts(t *testing.T) {
	doc := loadOpenAPI(t)
	enum := func(path, param string) []string {
		var op struct {
			Parameters []struct {
				Name   string `json:"name"`
				Schema struct {
					Enum []string `json:"enum"`
				} `json:"schema"`
			} `json:"parameters"`
		}
		if err := json.Unmarshal(doc.Paths[path]["get"], &op); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, p := range op.Parameters {
			if p.Name == param {
				return p.Schema.Enum
			}
		}
		return nil
	}
	for list, keys := range store.SortKeys() {
		got := enum("/api/v1/"+list, "sort")
		slices.Sort(got)
		want := slices.Sorted(slices.Values(keys))
		if !slices.Equal(got, want) {
			t.Errorf("%s: the document's sorts %v, the store's %v", list, got, want)
		}
	}
	var bands []string
	for _, b := range gonghui.StaffBands {
		bands = append(bands, b.Key)
	}
	if got := enum("/api/v1/units", "staff"); !slices.Equal(got, bands) {
		t.Errorf("staff bands: documented %v, offered %v", got, bands)
	}
}

// The lists' query parameters read anything a user can put in an address
// into bounded values: a selection of at most listBatchMax positive ids,
// a count of days within ten years, a page of at most 500 rows.
func FuzzListParams(f *testing.F) {
	for _, s := range []string{"", "id=1&id=2", "id=-3&id=x&id=99999999999999999999", "expiring=30", "expiring=-1", "expiring=1e9",
		"sort=-name&limit=200&page=3", "limit=100000&page=-5", "staff=lt25&industry=C&ownership=state", "level=2&region=110105"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		ids := idsParam(q)
		if len(ids) > listBatchMax {
			t.Fatalf("%d ids", len(ids))
		}
		for _, id := range ids {
			if id <= 0 {
				t.Fatalf("id %d", id)
			}
		}
		if n := daysParam(q, "expiring"); n < 0 || n > 3660 {
			t.Fatalf("days %d", n)
		}
		for _, p := range []gonghui.Page{unitFilter(q).Page, orgFilter(q).Page, contractFilter(q).Page, censusFilter(q).Page,
			congressFilter(q).Page, disclosureFilter(q).Page, workerHomeFilter(q, "org").Page} {
			if p.Limit < 1 || p.Limit > 500 || p.Offset < 0 {
				t.Fatalf("page %+v", p)
			}
		}
	})
}
