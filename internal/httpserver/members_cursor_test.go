package httpserver_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestMemberListCursors: the list pages by cursor in the UI and the API;
// a page token that is not the list's own, or a jump past the first
// pages, is a clear 422 naming the parameter.
func TestMemberListCursors(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		e.listFixture()
		base := "org=" + id(e.cyUnion.ID) + "&sort=name&limit=1"
		// The UI: next links to the end, then previous links back.
		c := e.login("cy-cadre")
		link := func(page, rel string) string {
			m := regexp.MustCompile(`<a href="([^"]*)">` + rel + `</a>`).FindStringSubmatch(page)
			if m == nil {
				return ""
			}
			return html.UnescapeString(m[1])
		}
		var forward []string
		next := "/members?" + base
		for next != "" && len(forward) < 5 {
			code, page := e.do(c, "GET", next, "")
			if code != http.StatusOK {
				t.Fatalf("%s: %d", next, code)
			}
			forward = append(forward, strings.Join(listedNames(page), ","))
			if prev := link(page, "‹"); len(forward) > 1 && !strings.Contains(prev, "before=") {
				t.Errorf("page %d: previous link %q", len(forward), prev)
			}
			next = link(page, "›")
		}
		if got := strings.Join(forward, ";"); got != "李娜;王芳;张伟" {
			t.Errorf("pages by next: %q", got)
		}

		// The API: next cursors to the end.
		var names []string
		q := base
		for range 5 {
			code, body := e.api(e.cyToken, "GET", "/api/v1/members?"+q, "")
			var l struct {
				Items []struct{ Name string } `json:"items"`
				Total int                     `json:"total"`
				Next  string                  `json:"next"`
			}
			if code != http.StatusOK || json.Unmarshal([]byte(body), &l) != nil || l.Total != 3 {
				t.Fatalf("%s: %d %s", q, code, body)
			}
			for _, it := range l.Items {
				names = append(names, it.Name)
			}
			if l.Next == "" {
				break
			}
			q = base + "&after=" + url.QueryEscape(l.Next)
		}
		if got := strings.Join(names, ","); got != "李娜,王芳,张伟" {
			t.Errorf("API pages by next: %q", got)
		}

		// Hostile tokens and jumps.
		for _, tc := range []struct{ query, field string }{
			{"after=" + url.QueryEscape("' OR 1=1 --"), "after"},
			{"before=e30", "before"},
			{"after=" + strings.Repeat("x", 3000), "after"},
			{"page=999999", "page"},
		} {
			code, body := e.api(e.cyToken, "GET", "/api/v1/members?"+base+"&"+tc.query, "")
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"`+tc.field+`"`) {
				t.Errorf("API %s: %d %s", tc.query, code, body)
			}
			if code, _ := e.do(c, "GET", "/members?"+base+"&"+tc.query, ""); code != http.StatusUnprocessableEntity {
				t.Errorf("UI %s: %d", tc.query, code)
			}
		}
	})
}
