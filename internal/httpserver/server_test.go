package httpserver_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/httpserver"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestMain(m *testing.M) {
	storetest.Main(m)
}

var ctx = context.Background()

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

const password = "test-password-1"

// env is a running server over a small tree: Chaoyang has a street with a
// grassroots union and a unit; Haidian has one union and a unit.
type env struct {
	t                 *testing.T
	st                *store.Store
	srv               *httptest.Server
	server            *httpserver.Server
	cyStreet, cyUnion gonghui.Org
	hdUnion           gonghui.Org
	cyUnit, hdUnit    gonghui.Unit
	cyCadre, hdCadre  gonghui.User
	cyToken, hdToken  string
	adminToken        string
	cyAdmin, hdAdmin  gonghui.User
	chaoyang, haidian gonghui.Org
	auditorToken      string
	viewerToken       string
	workDir           string // the server's import work files
	units             int    // units made by tests beside imports
}

// envFounded is when the environment's unions were founded: a union
// without a founding date counts only from its registration, today.
var envFounded = gonghui.NewDate(2000, 1, 1)

func newEnv(t *testing.T, engine store.Engine) *env {
	t.Helper()
	st := storetest.Open(t, engine)
	sys := gonghui.SystemActor("test")
	e := &env{t: t, st: st}
	var err error
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	e.chaoyang, err = st.GetOrgByCode(ctx, sys, "BJ05")
	must(err)
	e.haidian, err = st.GetOrgByCode(ctx, sys, "BJ08")
	must(err)
	e.cyStreet, err = st.CreateOrg(ctx, sys, gonghui.OrgInput{Name: "建外街道总工会", Kind: gonghui.KindStreetFederation, ParentID: e.chaoyang.ID, FoundedOn: envFounded})
	must(err)
	e.cyUnion, err = st.CreateOrg(ctx, sys, gonghui.OrgInput{Name: "朝阳示例工会", Kind: gonghui.KindGrassroots, ParentID: e.cyStreet.ID, FoundedOn: envFounded})
	must(err)
	e.hdUnion, err = st.CreateOrg(ctx, sys, gonghui.OrgInput{Name: "海淀示例工会", Kind: gonghui.KindGrassroots, ParentID: e.haidian.ID, FoundedOn: envFounded})
	must(err)
	e.cyUnit, err = st.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 1), Name: "朝阳示例公司", OrgID: e.cyUnion.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 30})
	must(err)
	e.hdUnit, err = st.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110108", 2), Name: "海淀示例公司", OrgID: e.hdUnion.ID, Ownership: gonghui.OwnershipState, StaffCount: 300})
	must(err)
	user := func(name string, org gonghui.Org, role gonghui.Role) (gonghui.User, string) {
		u, err := st.CreateUser(ctx, sys, gonghui.UserInput{Username: name, OrgID: org.ID, Role: role, Password: password})
		must(err)
		tok, err := st.CreateToken(ctx, sys, u.ID, "test")
		must(err)
		return u, tok
	}
	e.cyCadre, e.cyToken = user("cy-cadre", e.chaoyang, gonghui.RoleCadre)
	e.hdCadre, e.hdToken = user("hd-cadre", e.haidian, gonghui.RoleCadre)
	e.cyAdmin, _ = user("cy-admin", e.chaoyang, gonghui.RoleAdmin)
	e.hdAdmin, _ = user("hd-admin", e.haidian, gonghui.RoleAdmin)
	_, e.adminToken = user("root-admin", mustRoot(t, st), gonghui.RoleAdmin)
	_, e.auditorToken = user("cy-auditor", e.chaoyang, gonghui.RoleAuditor)
	_, e.viewerToken = user("cy-viewer", e.chaoyang, gonghui.RoleViewer)
	// Each server its own work directory: the one beside a PostgreSQL
	// database is shared by every test process.
	e.workDir = t.TempDir()
	srv, err := httpserver.New(st, httpserver.Options{InsecureCookies: true, LoginLimit: 1000, Logger: quiet, WorkDir: e.workDir})
	must(err)
	e.server = srv
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

func mustRoot(t *testing.T, st *store.Store) gonghui.Org {
	o, err := st.RootOrg(ctx, gonghui.SystemActor("test"))
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// client is a browser-like client with a cookie jar that does not follow
// redirects, so tests see each answer.
func (e *env) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// login returns a client with a session for username.
func (e *env) login(username string) *http.Client {
	e.t.Helper()
	c := e.client()
	res, err := c.PostForm(e.srv.URL+"/login", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d", username, res.StatusCode)
	}
	return c
}

func (e *env) do(c *http.Client, method, path, body string, hdr ...string) (int, string) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if method == http.MethodPost && !strings.HasPrefix(path, "/api/") {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// api calls the JSON API with a token.
func (e *env) api(token, method, path, body string) (int, string) {
	e.t.Helper()
	return e.do(http.DefaultClient, method, path, body, "Authorization", "Bearer "+token, "Content-Type", "application/json")
}

func id(n int64) string { return gonghui.OrgPath(n)[1 : len(gonghui.OrgPath(n))-1] }

func eachEngine(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) { fn(t, newEnv(t, engine)) })
	}
}

func TestLoginSessionLogout(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.client()
		if code, _ := e.do(c, "GET", "/orgs/"+id(e.chaoyang.ID), ""); code != http.StatusSeeOther {
			t.Errorf("anonymous page: %d, want redirect to login", code)
		}
		if code, body := e.do(c, "POST", "/login", "username=cy-cadre&password=wrong-password"); code != http.StatusUnauthorized || !strings.Contains(body, "用户名或密码错误") {
			t.Errorf("wrong password: %d", code)
		}
		c = e.login("cy-cadre")
		code, home := e.do(c, "GET", "/", "")
		if code != http.StatusOK || !strings.Contains(home, `id="inbox"`) {
			t.Fatalf("home: %d", code)
		}
		code, body := e.do(c, "GET", "/orgs/"+id(e.chaoyang.ID), "")
		if code != http.StatusOK || !strings.Contains(body, "朝阳区总工会") || !strings.Contains(body, "建外街道总工会") {
			t.Errorf("org page: %d", code)
		}
		if code, _ = e.do(c, "POST", "/logout", ""); code != http.StatusSeeOther {
			t.Errorf("logout: %d", code)
		}
		if code, _ = e.do(c, "GET", "/orgs/"+id(e.chaoyang.ID), ""); code != http.StatusSeeOther {
			t.Errorf("page after logout: %d, want redirect", code)
		}
	})
}

func TestCookieFlagsAndRotation(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	sys := gonghui.SystemActor("test")
	root := mustRoot(t, st)
	if _, err := st.CreateUser(ctx, sys, gonghui.UserInput{Username: "admin", OrgID: root.ID, Role: gonghui.RoleAdmin, Password: password}); err != nil {
		t.Fatal(err)
	}
	srv, _ := httpserver.New(st, httpserver.Options{Logger: quiet})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	login := func(old string) *http.Cookie {
		req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader("username=admin&password="+password))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if old != "" {
			req.AddCookie(&http.Cookie{Name: httpserver.SessionCookie, Value: old})
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		for _, c := range res.Cookies() {
			if c.Name == httpserver.SessionCookie {
				return c
			}
		}
		t.Fatal("no session cookie")
		return nil
	}
	c1 := login("")
	if !c1.HttpOnly || !c1.Secure || c1.SameSite != http.SameSiteLaxMode || c1.Path != "/" {
		t.Errorf("cookie flags: %+v", c1)
	}
	c2 := login(c1.Value)
	if c2.Value == c1.Value {
		t.Error("session not rotated at login")
	}
	if _, err := st.Session(ctx, c1.Value); err == nil {
		t.Error("old session still valid after login")
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t, store.SQLite)
	c := e.login("cy-cadre")
	form := "name=x&kind=grassroots&parent_id=" + id(e.cyStreet.ID)
	if code, _ := e.do(c, "POST", "/orgs/new", form, "Sec-Fetch-Site", "cross-site"); code != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", code)
	}
	if code, _ := e.do(c, "POST", "/orgs/new", form, "Origin", "https://evil.example"); code != http.StatusForbidden {
		t.Errorf("foreign Origin POST: %d, want 403", code)
	}
	if code, _ := e.do(c, "POST", "/orgs/new", form, "Sec-Fetch-Site", "same-origin"); code != http.StatusSeeOther {
		t.Errorf("same-origin POST: %d, want 303", code)
	}
}

// TestScopeEveryResource proves that a Haidian account cannot read or
// change any Chaoyang record, in the UI and in the API: each answers 404.
func TestScopeEveryResource(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		hd := e.login("hd-admin")
		org, unit, user := id(e.cyUnion.ID), id(e.cyUnit.ID), id(e.cyCadre.ID)
		ui := []struct{ method, path, body string }{
			{"GET", "/orgs/" + org, ""},
			{"GET", "/orgs/" + org + "/edit", ""},
			{"POST", "/orgs/" + org + "/edit", "name=x&kind=grassroots"},
			{"POST", "/orgs/" + org + "/move", "target_code=BJ08"},
			{"POST", "/orgs/" + org + "/merge", "target_code=BJ08"},
			{"POST", "/orgs/" + org + "/dissolve", ""},
			{"GET", "/orgs/new?parent=" + id(e.cyStreet.ID), ""},
			{"GET", "/units/" + unit, ""},
			{"GET", "/units/" + unit + "/edit", ""},
			{"POST", "/units/" + unit + "/edit", "uscc=" + e.cyUnit.USCC + "&name=x&org_code=BJ08&ownership=private"},
			{"GET", "/units?org=" + org, ""},
			{"GET", "/users/" + user + "/edit", ""},
			{"POST", "/users/" + user + "/edit", "display_name=x&org_code=BJ08&role=viewer"},
		}
		for _, tc := range ui {
			if code, _ := e.do(hd, tc.method, tc.path, tc.body); code != http.StatusNotFound {
				t.Errorf("UI %s %s: %d, want 404", tc.method, tc.path, code)
			}
		}
		api := []struct{ method, path, body string }{
			{"GET", "/api/v1/orgs/" + org, ""},
			{"PATCH", "/api/v1/orgs/" + org, `{"name":"x"}`},
			{"GET", "/api/v1/orgs/" + org + "/children", ""},
			{"POST", "/api/v1/orgs/" + org + "/move", `{"parent_id":` + id(e.haidian.ID) + `}`},
			{"POST", "/api/v1/orgs/" + org + "/merge", `{"successor_id":` + id(e.hdUnion.ID) + `}`},
			{"POST", "/api/v1/orgs/" + org + "/dissolve", `{}`},
			{"GET", "/api/v1/units/" + unit, ""},
			{"PATCH", "/api/v1/units/" + unit, `{"name":"x"}`},
			{"GET", "/api/v1/units?org_id=" + org, ""},
		}
		for _, tc := range api {
			code, body := e.api(e.hdToken, tc.method, tc.path, tc.body)
			if code != http.StatusNotFound || !strings.Contains(body, `"error"`) {
				t.Errorf("API %s %s: %d %s, want 404", tc.method, tc.path, code, body)
			}
		}
		// Nothing changed.
		if o, _ := e.st.GetOrg(ctx, gonghui.SystemActor("t"), e.cyUnion.ID); o.Name != e.cyUnion.Name || o.Status != gonghui.OrgActive || o.ParentID != e.cyStreet.ID {
			t.Errorf("chaoyang org changed: %+v", o)
		}
		// Lists and exports hold only the caller's subtree.
		_, body := e.api(e.hdToken, "GET", "/api/v1/orgs?limit=500", "")
		if strings.Contains(body, "朝阳") || !strings.Contains(body, "海淀示例工会") {
			t.Errorf("API org list leaks or misses: %s", body)
		}
		_, body = e.api(e.hdToken, "GET", "/api/v1/units", "")
		if strings.Contains(body, e.cyUnit.USCC) || !strings.Contains(body, e.hdUnit.USCC) {
			t.Errorf("API unit list: %s", body)
		}
		for _, p := range []string{"/units.csv", "/orgs.csv", "/units", "/orgs?q=示例", "/users", "/audit"} {
			code, body := e.do(hd, "GET", p, "")
			if code != http.StatusOK || strings.Contains(body, "朝阳示例") || strings.Contains(body, "cy-cadre") {
				t.Errorf("%s: %d, leaks Chaoyang records", p, code)
			}
		}
		if _, body := e.do(hd, "GET", "/units.csv", ""); !strings.Contains(body, e.hdUnit.USCC) {
			t.Errorf("Haidian export misses its own unit: %s", body)
		}
	})
}

func TestAPIOrgsAndUnits(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		if code, body := e.api("", "GET", "/api/v1/orgs", ""); code != http.StatusUnauthorized || !strings.Contains(body, `"message"`) {
			t.Errorf("no token: %d %s", code, body)
		}
		if code, _ := e.api("gha_bogus", "GET", "/api/v1/orgs", ""); code != http.StatusUnauthorized {
			t.Errorf("bad token: %d", code)
		}
		code, body := e.api(e.cyToken, "POST", "/api/v1/orgs", `{"name":"API工会","kind":"grassroots","parent_id":`+id(e.cyStreet.ID)+`,"industry_code":"I","founded_on":"2017-05-04"}`)
		if code != http.StatusCreated {
			t.Fatalf("create org: %d %s", code, body)
		}
		var o gonghui.Org
		json.Unmarshal([]byte(body), &o)
		if o.ID == 0 || o.Code == "" || o.ParentID != e.cyStreet.ID || o.FoundedOn.String() != "2017-05-04" {
			t.Errorf("created %+v", o)
		}
		// 422 with the documented shape, one reason per field.
		code, body = e.api(e.cyToken, "POST", "/api/v1/orgs", `{"name":"","kind":"nope","parent_id":`+id(e.cyStreet.ID)+`,"region_code":"000000"}`)
		var apiErr struct {
			Error struct {
				Message string            `json:"message"`
				Fields  map[string]string `json:"fields"`
			} `json:"error"`
		}
		json.Unmarshal([]byte(body), &apiErr)
		if code != http.StatusUnprocessableEntity || apiErr.Error.Fields["name"] == "" || apiErr.Error.Fields["kind"] == "" || apiErr.Error.Fields["region_code"] == "" {
			t.Errorf("invalid org: %d %s", code, body)
		}
		code, body = e.do(http.DefaultClient, "POST", "/api/v1/orgs", `{"name":""}`, "Authorization", "Bearer "+e.cyToken, "Accept-Language", "en-US,en;q=0.9")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "name is required") {
			t.Errorf("English errors: %d %s", code, body)
		}
		if code, body = e.api(e.cyToken, "POST", "/api/v1/orgs", `{"name":"x","bogus":1}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"bogus"`) {
			t.Errorf("unknown field: %d %s", code, body)
		}
		if code, body = e.api(e.cyToken, "POST", "/api/v1/orgs", `{"name":`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"body"`) {
			t.Errorf("broken JSON: %d %s", code, body)
		}
		// PATCH changes only what it names.
		code, body = e.api(e.cyToken, "PATCH", "/api/v1/orgs/"+id(o.ID), `{"chair":"张三","version":1}`)
		var p gonghui.Org
		json.Unmarshal([]byte(body), &p)
		if code != http.StatusOK || p.Chair != "张三" || p.Name != "API工会" || p.IndustryCode != "I" {
			t.Errorf("patch: %d %s", code, body)
		}
		if code, _ = e.api(e.cyToken, "PATCH", "/api/v1/orgs/"+id(o.ID), `{"parent_id":1,"version":2}`); code != http.StatusUnprocessableEntity {
			t.Errorf("patch parent: %d", code)
		}
		code, body = e.api(e.cyToken, "GET", "/api/v1/orgs/"+id(e.cyStreet.ID)+"/children", "")
		if code != http.StatusOK || !strings.Contains(body, `"total":2`) {
			t.Errorf("children: %d %s", code, body)
		}
		// Units: create, bad USCC, search by USCC and name, patch.
		uscc := storetest.USCC("91", "110105", 77)
		code, body = e.api(e.cyToken, "POST", "/api/v1/units", `{"uscc":"`+uscc+`","name":"API单位","org_id":`+id(o.ID)+`,"ownership":"private","staff_count":150}`)
		var u gonghui.Unit
		json.Unmarshal([]byte(body), &u)
		if code != http.StatusCreated || u.USCC != uscc || u.OrgID != o.ID || u.Public {
			t.Fatalf("create unit: %d %s", code, body)
		}
		code, body = e.api(e.cyToken, "POST", "/api/v1/units", `{"uscc":"12345","name":"x","org_id":`+id(o.ID)+`,"ownership":"private"}`)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"uscc"`) {
			t.Errorf("bad uscc: %d %s", code, body)
		}
		code, body = e.api(e.cyToken, "POST", "/api/v1/units", `{"uscc":"`+uscc+`","name":"x","org_id":`+id(o.ID)+`,"ownership":"private","staff_count":"many"}`)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"staff_count"`) {
			t.Errorf("bad staff type: %d %s", code, body)
		}
		if _, body = e.api(e.cyToken, "GET", "/api/v1/units?uscc="+uscc, ""); !strings.Contains(body, `"total":1`) {
			t.Errorf("search by uscc: %s", body)
		}
		if _, body = e.api(e.cyToken, "GET", "/api/v1/units?q="+url.QueryEscape("API"), ""); !strings.Contains(body, `"total":1`) {
			t.Errorf("search by name: %s", body)
		}
		code, body = e.api(e.cyToken, "PATCH", "/api/v1/units/"+id(u.ID), `{"staff_count":160,"version":1}`)
		if code != http.StatusOK || !strings.Contains(body, `"staff_count":160`) || !strings.Contains(body, `"API单位"`) {
			t.Errorf("patch unit: %d %s", code, body)
		}
		// Tree actions through the API.
		code, body = e.api(e.cyToken, "POST", "/api/v1/orgs/"+id(e.cyUnion.ID)+"/merge", `{"successor_id":`+id(o.ID)+`,"date":"2017-09-30"}`)
		if code != http.StatusOK || !strings.Contains(body, `"status":"merged"`) {
			t.Errorf("merge: %d %s", code, body)
		}
		if code, body = e.api(e.cyToken, "POST", "/api/v1/orgs/"+id(o.ID)+"/dissolve", `{}`); code != http.StatusUnprocessableEntity {
			t.Errorf("dissolve with units: %d %s", code, body)
		}
		code, body = e.api(e.cyToken, "POST", "/api/v1/orgs/"+id(e.cyStreet.ID)+"/move", `{"parent_id":`+id(e.chaoyang.ID)+`}`)
		if code != http.StatusOK {
			t.Errorf("move: %d %s", code, body)
		}
		// Roles: a viewer reads but cannot write; audit needs the auditor role.
		if code, _ = e.api(e.viewerToken, "GET", "/api/v1/orgs/"+id(o.ID), ""); code != http.StatusOK {
			t.Errorf("viewer read: %d", code)
		}
		if code, _ = e.api(e.viewerToken, "PATCH", "/api/v1/orgs/"+id(o.ID), `{"chair":"x"}`); code != http.StatusForbidden {
			t.Errorf("viewer write: %d", code)
		}
		if code, _ = e.api(e.cyToken, "GET", "/api/v1/audit", ""); code != http.StatusForbidden {
			t.Errorf("cadre audit: %d", code)
		}
		code, body = e.api(e.auditorToken, "GET", "/api/v1/audit?action=org.merge", "")
		if code != http.StatusOK || !strings.Contains(body, `"total":1`) || !strings.Contains(body, `"username":"cy-cadre"`) {
			t.Errorf("auditor: %d %s", code, body)
		}
		if code, body = e.api(e.cyToken, "GET", "/api/v1/me", ""); code != http.StatusOK || !strings.Contains(body, `"username":"cy-cadre"`) {
			t.Errorf("me: %d %s", code, body)
		}
	})
}

func TestUIFormsShowFieldErrors(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.login("cy-cadre")
		code, body := e.do(c, "POST", "/orgs/new", "name=&kind=grassroots&parent_id="+id(e.cyStreet.ID)+"&founded_on=2017-13-40")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-founded_on"`) {
			t.Errorf("bad date: %d", code)
		}
		code, body = e.do(c, "POST", "/orgs/new", "name=&kind=grassroots&parent_id="+id(e.cyStreet.ID)+"&region_code=12")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-name"`) || !strings.Contains(body, "请填写名称") {
			t.Errorf("missing name: %d", code)
		}
		code, body = e.do(c, "POST", "/units/new", "uscc=123&name=x&org_code=NOPE&ownership=private&staff_count=abc")
		for _, f := range []string{"uscc", "org_code", "staff_count"} {
			if !strings.Contains(body, `id="err-`+f+`"`) {
				t.Errorf("unit form: no error beside %s (status %d)", f, code)
			}
		}
		if !strings.Contains(body, `value="x"`) {
			t.Error("unit form lost the entered name")
		}
		// The same in English.
		code, body = e.do(c, "POST", "/orgs/new", "name=&kind=grassroots&parent_id="+id(e.cyStreet.ID), "Accept-Language", "en")
		if !strings.Contains(body, "name is required") {
			t.Errorf("English form error missing (%d)", code)
		}
		// A good form creates the org and a unit under it.
		code, _ = e.do(c, "POST", "/orgs/new", "name="+url.QueryEscape("界面工会")+"&kind=grassroots&parent_id="+id(e.cyStreet.ID)+"&code=UI-1")
		if code != http.StatusSeeOther {
			t.Fatalf("create org: %d", code)
		}
		code, _ = e.do(c, "POST", "/units/new", "uscc="+storetest.USCC("91", "110105", 5)+"&name="+url.QueryEscape("界面单位")+"&org_code=ui-1&ownership=state&staff_count=12")
		if code != http.StatusSeeOther {
			t.Fatalf("create unit: %d", code)
		}
		_, body = e.do(c, "GET", "/units?q="+url.QueryEscape("界面"), "")
		if !strings.Contains(body, "界面单位") || !strings.Contains(body, "界面工会") {
			t.Error("unit list misses the new unit")
		}
		// Tree action errors come back on the org page.
		code, _ = e.do(c, "POST", "/orgs/"+id(e.cyStreet.ID)+"/move", "target_code=NOPE")
		if code != http.StatusSeeOther {
			t.Errorf("move with bad target: %d", code)
		}
	})
}

func TestUsersAndAuditPages(t *testing.T) {
	e := newEnv(t, store.SQLite)
	c := e.login("cy-admin")
	form := url.Values{"username": {"new.cadre"}, "display_name": {"新干部"}, "org_code": {e.cyStreet.Code}, "role": {"cadre"}, "password": {"short"}}
	code, body := e.do(c, "POST", "/users/new", form.Encode())
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-password"`) {
		t.Errorf("weak password: %d", code)
	}
	form.Set("password", "long enough password")
	if code, _ = e.do(c, "POST", "/users/new", form.Encode()); code != http.StatusSeeOther {
		t.Fatalf("create user: %d", code)
	}
	if code, body = e.do(c, "GET", "/users", ""); !strings.Contains(body, "new.cadre") {
		t.Errorf("user list: %d", code)
	}
	// The new cadre logs in and sees only the street's subtree.
	nc := e.client()
	res, _ := nc.PostForm(e.srv.URL+"/login", url.Values{"username": {"new.cadre"}, "password": {"long enough password"}})
	res.Body.Close()
	if code, _ = e.do(nc, "GET", "/orgs/"+id(e.chaoyang.ID), ""); code != http.StatusNotFound {
		t.Errorf("street cadre reads the district: %d", code)
	}
	if code, _ = e.do(nc, "GET", "/orgs/"+id(e.cyUnion.ID), ""); code != http.StatusOK {
		t.Errorf("street cadre reads own subtree: %d", code)
	}
	if code, _ = e.do(nc, "GET", "/users", ""); code != http.StatusForbidden {
		t.Errorf("cadre opens accounts: %d", code)
	}
	code, body = e.do(c, "GET", "/audit?action=user.create", "")
	if code != http.StatusOK || !strings.Contains(body, "new.cadre") || !strings.Contains(body, "cy-admin") {
		t.Errorf("audit page: %d", code)
	}
}

func TestLanguageSwitchHealthMetrics(t *testing.T) {
	e := newEnv(t, store.SQLite)
	c := e.client()
	if _, body := e.do(c, "GET", "/login", ""); !strings.Contains(body, "登录") || !strings.Contains(body, `lang="zh-CN"`) {
		t.Error("default language is not Chinese")
	}
	if _, body := e.do(c, "GET", "/login", "", "Accept-Language", "en-GB,en;q=0.8"); !strings.Contains(body, "Log in") {
		t.Error("Accept-Language en ignored")
	}
	e.do(c, "GET", "/lang/en", "")
	if _, body := e.do(c, "GET", "/login", "", "Accept-Language", "zh-CN"); !strings.Contains(body, "Log in") {
		t.Error("language switch ignored")
	}
	if code, body := e.do(c, "GET", "/healthz", ""); code != http.StatusOK || body != "ok\n" {
		t.Errorf("healthz %d %q", code, body)
	}
	// Metrics: only for a token of the whole tree's administrators or auditors.
	if code, _ := e.do(c, "GET", "/metrics", ""); code != http.StatusUnauthorized {
		t.Errorf("metrics without a token: %d", code)
	}
	if code, _ := e.api(e.auditorToken, "GET", "/metrics", ""); code != http.StatusForbidden {
		t.Errorf("metrics for a district's auditor: %d", code)
	}
	if code, body := e.api(e.adminToken, "GET", "/metrics", ""); code != http.StatusOK || !strings.Contains(body, "gonghui_http_requests_total") || !strings.Contains(body, `route="GET /login"`) {
		t.Errorf("metrics %d", code)
	}
	if code, body := e.do(c, "GET", "/static/vendor/htmx.min.js", ""); code != http.StatusOK || len(body) < 10000 {
		t.Errorf("htmx not served: %d", code)
	}
}

// srvWait waits for background imports to finish.
func (e *env) srvWait() { e.server.Wait() }

func TestRevokeTokenInUI(t *testing.T) {
	e := newEnv(t, store.SQLite)
	tokens, _ := e.st.ListTokens(ctx, gonghui.SystemActor("t"), e.cyCadre.ID)
	tid := id(tokens[0].ID)
	hd := e.login("hd-admin")
	if code, _ := e.do(hd, "POST", "/users/"+id(e.cyCadre.ID)+"/tokens/"+tid+"/revoke", ""); code != http.StatusNotFound {
		t.Errorf("haidian revokes a chaoyang token: %d", code)
	}
	c := e.login("cy-admin")
	if _, page := e.do(c, "GET", "/users/"+id(e.cyCadre.ID)+"/edit", ""); !strings.Contains(page, "/tokens/"+tid+"/revoke") {
		t.Error("the account page lists no token")
	}
	if code, _ := e.do(c, "POST", "/users/"+id(e.cyCadre.ID)+"/tokens/"+tid+"/revoke", ""); code != http.StatusSeeOther {
		t.Errorf("revoke: %d", code)
	}
	if code, _ := e.api(e.cyToken, "GET", "/api/v1/me", ""); code != http.StatusUnauthorized {
		t.Errorf("revoked token answers %d", code)
	}
}
