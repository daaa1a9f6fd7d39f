package httpserver_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gonghui/internal/httpserver"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestLoginNextStaysOnSite logs in with next values that browsers would
// take off site: each lands on "/"; same-site paths are kept.
func TestLoginNextStaysOnSite(t *testing.T) {
	e := newEnv(t, store.SQLite)
	for _, tc := range []struct{ next, want string }{
		{"/orgs/1?tab=units", "/orgs/1?tab=units"},
		{"/members?q=%E5%BC%A0", "/members?q=%E5%BC%A0"},
		{"/\t/evil.example", "/"},
		{"/%09/evil.example", "/"},
		{"//evil.example", "/"},
		{"/%2F/evil.example", "/"},
		{"/\\evil.example", "/"},
		{"/%5Cevil.example", "/"},
		{"https://evil.example/", "/"},
		{"/ /evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"evil.example", "/"},
		{"", "/"},
	} {
		c := e.client()
		res, err := c.PostForm(e.srv.URL+"/login", url.Values{"username": {"cy-cadre"}, "password": {password}, "next": {tc.next}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != tc.want {
			t.Errorf("next %q: %d to %q, want %q", tc.next, res.StatusCode, loc, tc.want)
		}
	}
}

var flash = regexp.MustCompile(`(?s)class="flash[^"]*"[^>]*>(.*?)<`)

// TestLoginFailuresLookAlike fails logins as a wrong user, a wrong password
// and an account backing off: each answers the same status and message,
// so nothing tells which usernames exist; the right password is let in
// once the backoff has passed (no long lockout).
func TestLoginFailuresLookAlike(t *testing.T) {
	e := newEnv(t, store.SQLite)
	c := e.client()
	message := func(user, pw string) (int, string) {
		t.Helper()
		code, body := e.do(c, "POST", "/login", url.Values{"username": {user}, "password": {pw}}.Encode())
		m := flash.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no message for %s: %d %s", user, code, body)
		}
		return code, strings.TrimSpace(m[1])
	}
	code, want := message("nobody", "wrong-password")
	if code != http.StatusUnauthorized {
		t.Errorf("unknown user: %d", code)
	}
	for i := 0; i < store.FreeFailedLogins+2; i++ {
		if code, got := message("cy-admin", "wrong-password"); code != http.StatusUnauthorized || got != want {
			t.Errorf("failure %d: %d %q, want 401 %q", i+1, code, got, want)
		}
	}
	// Backing off: the right password is refused, alike.
	if code, got := message("cy-admin", password); code != http.StatusUnauthorized || got != want {
		t.Errorf("backing off: %d %q, want 401 %q", code, got, want)
	}
}

// TestLoginAddressBackoff fails logins from one address past the free
// ones: the address backs off (429) with the same message.
func TestLoginAddressBackoff(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	srv, _ := httpserver.New(st, httpserver.Options{LoginLimit: 3, InsecureCookies: true, Logger: quiet})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	var codes []int
	for i := 0; i < 5; i++ {
		res, err := http.PostForm(ts.URL+"/login", url.Values{"username": {"nobody"}, "password": {"x"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		codes = append(codes, res.StatusCode)
	}
	if codes[0] != http.StatusUnauthorized || codes[4] != http.StatusTooManyRequests {
		t.Errorf("answers %v: want 401 first, 429 once the address backs off", codes)
	}
}

// TestUserEditInvalid submits an account edit with a bad field: the form
// comes back (422) with the reason, not a 500.
func TestUserEditInvalid(t *testing.T) {
	e := newEnv(t, store.SQLite)
	c := e.login("cy-admin")
	code, body := e.do(c, "POST", "/users/"+id(e.cyCadre.ID)+"/edit", "display_name=x&org_code=NOSUCH&role=cadre")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "field-error") {
		t.Errorf("invalid edit: %d", code)
	}
	code, _ = e.do(c, "POST", "/users/"+id(e.cyCadre.ID)+"/edit", "display_name=x&org_code=BJ05&role=nosuchrole")
	if code != http.StatusUnprocessableEntity {
		t.Errorf("invalid role: %d", code)
	}
}
