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
		// The forms draw the picker.
		if _, page := e.do(cy, "GET", "/workerhomes/new", ""); !strings.Contains(page, `hx-get="/orgs/pick?field=org_code"`) || !strings.Contains(page, `list="pick-org_code"`) {
			t.Error("the worker-home form has no union picker")
		}
	})
}
