package i18n

import (
	"io/fs"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"gonghui/web"
)

func TestFromRequest(t *testing.T) {
	tests := []struct{ header, cookie, want string }{
		{"", "", Zh},
		{"en-US,en;q=0.9", "", En},
		{"zh-CN,zh;q=0.9,en;q=0.8", "", Zh},
		{"fr-FR, en;q=0.5", "", En},
		{"en", "zh", Zh},
		{"", "en", En},
		{"", "xx", Zh},
	}
	for _, tc := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Language", tc.header)
		if tc.cookie != "" {
			r.Header.Set("Cookie", CookieName+"="+tc.cookie)
		}
		if got := FromRequest(r); got != tc.want {
			t.Errorf("header %q cookie %q: %s, want %s", tc.header, tc.cookie, got, tc.want)
		}
	}
}

// TestTemplatesUseKnownKeys finds every {{t $lang "key"}} in the templates
// and checks the key has texts in both languages.
func TestTemplatesUseKnownKeys(t *testing.T) {
	re := regexp.MustCompile(`\{\{t [^"}]*"([a-z_.]+)"`)
	var files []string
	fs.WalkDir(web.Templates, "templates", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return err
	})
	seen := 0
	for _, f := range files {
		b, _ := fs.ReadFile(web.Templates, f)
		for _, m := range re.FindAllSubmatch(b, -1) {
			seen++
			if m[1][len(m[1])-1] == '.' { // a prefix completed at run time, checked below
				continue
			}
			if !Has(string(m[1])) {
				t.Errorf("%s uses unknown text key %q", f, m[1])
			}
		}
	}
	if seen < 50 {
		t.Errorf("found only %d text keys: the pattern is off", seen)
	}
	for _, status := range []string{"active", "dissolved", "merged"} {
		if !Has("org.status." + status) {
			t.Errorf("no text for org status %s", status)
		}
	}
	for k, v := range texts {
		if v[0] == "" || v[1] == "" {
			t.Errorf("key %s lacks a language", k)
		}
	}
}

func FuzzFromRequest(f *testing.F) {
	f.Add("zh-CN,zh;q=0.9,en;q=0.8", "en")
	f.Add(";;,,q=", "")
	f.Fuzz(func(t *testing.T, header, cookie string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Language", header)
		r.Header.Set("Cookie", CookieName+"="+cookie)
		if got := FromRequest(r); got != Zh && got != En {
			t.Errorf("FromRequest = %q", got)
		}
	})
}
