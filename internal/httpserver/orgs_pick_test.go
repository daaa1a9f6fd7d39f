package httpserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestOrgPicker: the picker's options are the active unions in the
// caller's scope matching what was typed, by name or by code.
func TestOrgPicker(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		cy, hd := e.login("cy-cadre"), e.login("hd-cadre")
		tests := []struct {
			name        string
			c           *http.Client
			typed       string
			want, leave []string
		}{
			{"a name within the scope", cy, "示例", []string{`value="` + e.cyUnion.Code + `"`, e.cyUnion.Name}, []string{e.hdUnion.Name}},
			{"a code", cy, e.cyUnion.Code, []string{e.cyUnion.Name}, nil},
			{"the start of a code", cy, e.cyUnion.Code[:len(e.cyUnion.Code)-1], []string{e.cyUnion.Name}, nil},
			{"pinyin initials", cy, "cysl", []string{e.cyUnion.Name}, nil},
			{"pinyin initials of a seeded union", cy, "CYQ", []string{"朝阳区总工会"}, nil},
			{"pinyin initials outside the scope", hd, "cysl", nil, []string{e.cyUnion.Name}},
			{"outside the scope", hd, "朝阳", nil, []string{e.cyUnion.Name, e.cyStreet.Name}},
			{"nothing typed", cy, "", nil, []string{"<option"}},
			{"markup is text", cy, `<script>`, nil, []string{"<script>"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				code, body := e.do(tt.c, "GET", "/orgs/pick?field=org_code&org_code="+url.QueryEscape(tt.typed), "")
				if code != http.StatusOK || strings.Contains(body, "<html") {
					t.Fatalf("%d %s", code, body)
				}
				for _, w := range tt.want {
					if !strings.Contains(body, w) {
						t.Errorf("lacks %s: %s", w, body)
					}
				}
				for _, l := range tt.leave {
					if strings.Contains(body, l) {
						t.Errorf("holds %s: %s", l, body)
					}
				}
			})
		}
		// The forms draw the picker, and the dashboard's union to compare.
		if _, page := e.do(cy, "GET", "/dashboard", ""); !strings.Contains(page, `hx-get="/orgs/pick?field=vs"`) {
			t.Error("the dashboard's union to compare is not picked")
		}
		if _, page := e.do(cy, "GET", "/workerhomes/new", ""); !strings.Contains(page, `hx-get="/orgs/pick?field=org_code"`) || !strings.Contains(page, `list="pick-org_code"`) {
			t.Error("the worker-home form has no union picker")
		}
	})
}

// TestUnitPicker: the unit picker offers the units in scope by name or
// USCC, and the contract and congress forms pick their units with it.
func TestUnitPicker(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		cy, hd := e.login("cy-cadre"), e.login("hd-cadre")
		_, body := e.do(cy, "GET", "/units/pick?field=units_add&units_add="+url.QueryEscape("示例"), "")
		if !strings.Contains(body, `<option value="`+e.cyUnit.USCC+`">`) || strings.Contains(body, e.hdUnit.USCC) {
			t.Errorf("Chaoyang's picker: %s", body)
		}
		if _, body := e.do(cy, "GET", "/units/pick?field=units_add&units_add=cyslgs", ""); !strings.Contains(body, e.cyUnit.Name) {
			t.Errorf("pinyin initials find nothing: %s", body)
		}
		if _, body := e.do(cy, "GET", "/units/pick?field=units_add&units_add="+e.cyUnit.USCC[:10], ""); !strings.Contains(body, e.cyUnit.Name) {
			t.Errorf("a USCC prefix finds nothing: %s", body)
		}
		if _, body := e.do(hd, "GET", "/units/pick?field=units_add&units_add="+url.QueryEscape("朝阳"), ""); strings.Contains(body, e.cyUnit.USCC) {
			t.Errorf("Haidian's picker offers Chaoyang's unit: %s", body)
		}
		for _, form := range []string{"/contracts/new", "/congresses/new"} {
			if _, page := e.do(cy, "GET", form, ""); !strings.Contains(page, `hx-get="/units/pick?field=units_add"`) || !strings.Contains(page, `data-adds-to="units"`) {
				t.Errorf("%s has no unit picker", form)
			}
		}
	})
}
