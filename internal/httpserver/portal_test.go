package httpserver_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/httpserver"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

var activationCodeRe = regexp.MustCompile(`[3-9A-Y]{4}-[3-9A-Y]{4}-[3-9A-Y]{4}`)

// issuePortalCode issues a member's activation code as a cadre does, from
// the printed list, and returns it.
func (e *env) issuePortalCode(cadre *http.Client, m gonghui.Member) string {
	e.t.Helper()
	code, _, page := e.submit(cadre, "/members/portal-codes", url.Values{"member_id": {id(m.ID)}})
	codes := activationCodeRe.FindAllString(page, -1)
	if code != http.StatusOK || len(codes) == 0 || !strings.Contains(page, m.Name) {
		e.t.Fatalf("issue code: %d, %d codes\n%s", code, len(codes), page)
	}
	return codes[0]
}

// activateMember activates a member's portal account and sets their
// password, and returns their portal client.
func (e *env) activateMember(cadre *http.Client, m gonghui.Member, idNumber string) *http.Client {
	e.t.Helper()
	code := e.issuePortalCode(cadre, m)
	c := e.client()
	if status, loc, body := e.submit(c, "/portal/activate", url.Values{"code": {code}, "id_number": {idNumber}}); status != http.StatusSeeOther || loc != "/portal/password" {
		e.t.Fatalf("activate: %d %s\n%s", status, loc, body)
	}
	if status, loc, body := e.submit(c, "/portal/password", url.Values{"password": {"member password 1"}, "password2": {"member password 1"}}); status != http.StatusSeeOther || loc != "/portal/" {
		e.t.Fatalf("set password: %d %s\n%s", status, loc, body)
	}
	return c
}

func TestPortalActivateLoginHome(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		idNo := storetest.CitizenID("110105", "19900307", 501)
		m := e.addMember(e.cyUnion, "王芳", idNo)
		cadre := e.login("cy-cadre")

		// The cadre's page and its permission.
		if code, body := e.do(cadre, "GET", "/members/portal-codes", ""); code != http.StatusOK || !strings.Contains(body, `name="org_code"`) {
			t.Fatalf("codes form: %d", code)
		}
		if _, err := e.st.CreateUser(ctx, gonghui.SystemActor("t"), gonghui.UserInput{Username: "cy-viewer2", OrgID: e.chaoyang.ID, Role: gonghui.RoleViewer, Password: password}); err != nil {
			t.Fatal(err)
		}
		viewer := e.login("cy-viewer2")
		if code, _, _ := e.submit(viewer, "/members/portal-codes", url.Values{"member_id": {id(m.ID)}}); code != http.StatusForbidden {
			t.Errorf("a viewer issuing codes: %d, want 403", code)
		}
		hd := e.login("hd-cadre")
		if code, _, body := e.submit(hd, "/members/portal-codes", url.Values{"member_id": {id(m.ID)}}); code != http.StatusUnprocessableEntity || activationCodeRe.MatchString(body) {
			t.Errorf("another district's member: %d, want 422 without a code", code)
		}
		// The union's list: every member without an account, each with its QR.
		status, _, list := e.submit(cadre, "/members/portal-codes", url.Values{"org_code": {e.cyUnion.Code}})
		if status != http.StatusOK || !strings.Contains(list, "王芳") || !strings.Contains(list, `class="qr" data-text="http://`) || !strings.Contains(list, "/static/qr.js") {
			t.Fatalf("union's list: %d\n%s", status, list)
		}
		code := activationCodeRe.FindString(list)
		if len(e.events("portal.codes.issue")) == 0 || len(e.events(store.ActionExportStart)) == 0 {
			t.Error("issuing the codes is not audited as issue and export")
		}

		c := e.client()
		if status, _, _ := e.submit(c, "/portal/phone/code", url.Values{"phone": {"13800138000"}}); status != http.StatusUnauthorized {
			t.Errorf("anonymous form action: %d, want 401", status)
		}
		if status, _ := e.do(c, "GET", "/portal/", ""); status != http.StatusSeeOther {
			t.Errorf("anonymous home: %d, want a redirect to login", status)
		}
		if status, body := e.do(c, "GET", "/portal/activate?code="+code, ""); status != http.StatusOK || !strings.Contains(body, code) || strings.Contains(body, "<script") {
			t.Errorf("activation page (prefilled from the QR, no script): %d", status)
		}
		if status, _, body := e.submit(c, "/portal/activate", url.Values{"code": {code}, "id_number": {storetest.CitizenID("110105", "19900307", 502)}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "激活码无效") {
			t.Errorf("someone else's ID number: %d", status)
		}
		if status, loc, _ := e.submit(c, "/portal/activate", url.Values{"code": {code}, "id_number": {idNo}}); status != http.StatusSeeOther || loc != "/portal/password" {
			t.Fatalf("activate: %d %s", status, loc)
		}
		// Until a password is set, every page leads to the password's.
		if status, _, _ := e.submit(c, "/portal/phone/code", url.Values{"phone": {"13800138000"}}); status != http.StatusSeeOther {
			t.Errorf("binding a phone before the password: %d", status)
		}
		if status, _ := e.api("", "GET", "/api/v1/portal/me", ""); status != http.StatusUnauthorized {
			t.Errorf("portal API without a session: %d", status)
		}
		if status, _, body := e.submit(c, "/portal/password", url.Values{"password": {"member password 1"}, "password2": {"member password 2"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "两次输入的密码不一致") {
			t.Errorf("passwords differ: %d", status)
		}
		if status, _, body := e.submit(c, "/portal/password", url.Values{"password": {"short"}, "password2": {"short"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "至少10位") {
			t.Errorf("short password: %d", status)
		}
		if status, loc, _ := e.submit(c, "/portal/password", url.Values{"password": {"member password 1"}, "password2": {"member password 1"}}); status != http.StatusSeeOther || loc != "/portal/" {
			t.Fatalf("set password: %d %s", status, loc)
		}
		status, home := e.do(c, "GET", "/portal/", "")
		if status != http.StatusOK || !strings.Contains(home, "王芳") || !strings.Contains(home, e.cyUnion.Name) || strings.Contains(home, idNo) || strings.Contains(home, "<script") {
			t.Fatalf("home: %d\n%s", status, home)
		}
		if len(home) > 8000 {
			t.Errorf("the home page is %d bytes: keep it small", len(home))
		}

		// The two sessions are apart: a cadre's opens no portal page, a
		// member's no cadre page.
		if status, _ := e.do(cadre, "GET", "/portal/", ""); status != http.StatusSeeOther {
			t.Errorf("cadre session on the portal: %d", status)
		}
		if status, _ := e.do(c, "GET", "/members", ""); status != http.StatusSeeOther {
			t.Errorf("member session on the register: %d", status)
		}

		// A phone bound by SMS code.
		if status, _, body := e.submit(c, "/portal/phone/code", url.Values{"phone": {"139 0013 9000"}}); status != http.StatusOK || !strings.Contains(body, `name="sms_code"`) {
			t.Fatalf("send code: %d\n%s", status, body)
		}
		text := e.server.SentSMS("13900139000")
		sms := regexp.MustCompile(`\d{6}`).FindString(text)
		if sms == "" {
			t.Fatalf("no code in %q", text)
		}
		if status, _, _ := e.submit(c, "/portal/phone/verify", url.Values{"sms_code": {"12345"}}); status != http.StatusUnprocessableEntity {
			t.Errorf("malformed code: %d", status)
		}
		if status, loc, _ := e.submit(c, "/portal/phone/verify", url.Values{"sms_code": {sms}}); status != http.StatusSeeOther || loc != "/portal/" {
			t.Fatalf("verify: %d %s", status, loc)
		}
		var me store.PortalHome
		if status, body := e.do(c, "GET", "/api/v1/portal/me", ""); status != http.StatusOK || json.Unmarshal([]byte(body), &me) != nil {
			t.Fatalf("portal API: %d %s", status, body)
		}
		if me.Account.Phone != "139****9000" || len(me.Memberships) != 1 || me.Memberships[0].ID != m.ID || strings.Contains(me.Memberships[0].IDNumber, idNo[6:14]) {
			t.Errorf("portal API home: %+v", me)
		}

		// The card: a signed token the desk verifies, online or offline.
		if status, page := e.do(c, "GET", "/portal/card", ""); status != http.StatusOK || !strings.Contains(page, `class="qr" data-text="http://`) {
			t.Errorf("card page: %d", status)
		}
		var card struct {
			Token string `json:"token"`
			URL   string `json:"url"`
		}
		if status, body := e.do(c, "GET", "/api/v1/portal/card", ""); status != http.StatusOK || json.Unmarshal([]byte(body), &card) != nil || card.Token == "" {
			t.Fatalf("card API: %d %s", status, body)
		}
		_, keyHex := e.do(e.client(), "GET", "/portal/card-key", "")
		pub, err := hex.DecodeString(strings.TrimSpace(keyHex))
		if err != nil || len(pub) != ed25519.PublicKeySize {
			t.Fatalf("card key %q", keyHex)
		}
		if claims, err := gonghui.VerifyCardToken(pub, card.Token, time.Now()); err != nil || claims.MembershipID != m.ID || claims.Name != "王芳" {
			t.Errorf("offline check: %+v %v", claims, err)
		}
		verify := strings.TrimPrefix(card.URL, e.srv.URL)
		if status, page := e.do(cadre, "GET", verify, ""); status != http.StatusOK || !strings.Contains(page, `id="card-valid"`) || !strings.Contains(page, "王芳") {
			t.Errorf("desk check: %d", status)
		}
		if status, page := e.do(cadre, "GET", verify[:len(verify)-4]+"AAAA", ""); status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="card-invalid"`) || strings.Contains(page, "王芳") {
			t.Errorf("desk check of a forged card: %d", status)
		}

		// Logout ends the session; login by the bound phone rotates it.
		if status, _, _ := e.submit(c, "/portal/logout", nil); status != http.StatusSeeOther {
			t.Errorf("logout: %d", status)
		}
		if status, _ := e.do(c, "GET", "/portal/", ""); status != http.StatusSeeOther {
			t.Errorf("home after logout: %d", status)
		}
		if status, _, _ := e.submit(c, "/portal/login", url.Values{"login": {idNo}, "password": {"wrong password"}}); status != http.StatusUnauthorized {
			t.Errorf("wrong password: %d", status)
		}
		if status, loc, _ := e.submit(c, "/portal/login", url.Values{"login": {"13900139000"}, "password": {"member password 1"}}); status != http.StatusSeeOther || loc != "/portal/" {
			t.Errorf("login by phone: %d %s", status, loc)
		}
		if status, _ := e.do(c, "GET", "/portal/", ""); status != http.StatusOK {
			t.Errorf("home after login: %d", status)
		}
	})
}

// TestPortalSeesOnlyOwnRecords walks every route of the portal as one
// member, naming another member's records: each answers 404 when it names
// a record, and none shows the other member.
func TestPortalSeesOnlyOwnRecords(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		meID, otherID := storetest.CitizenID("110105", "19900307", 511), storetest.CitizenID("110108", "19851111", 512)
		me := e.addMember(e.cyUnion, "张明", meID)
		other := e.addMember(e.hdUnion, "刘洋", otherID)
		c := e.activateMember(e.login("cy-cadre"), me, meID)
		oc := e.activateMember(e.login("hd-cadre"), other, otherID)
		// The other member's own records: a request with its document, a
		// correction waiting for their union.
		var theirs gonghui.MemberRequest
		e.apiPortalInto(oc, "POST", "/api/v1/portal/requests", `{"request":{"kind":"legal_aid","statement":"拖欠工资","employer_name":"示例公司","claim_kind":"wages","claim_fen":100000},
			"documents":[{"name":"工资条.pdf","data":"`+base64.StdEncoding.EncodeToString(aPDF)+`"}]}`, http.StatusCreated, &theirs)
		var correction gonghui.MemberCorrection
		e.apiPortalInto(oc, "POST", "/api/v1/portal/corrections", `{"education":"bachelor"}`, http.StatusCreated, &correction)
		recordOf := func(path string) string {
			switch {
			case strings.Contains(path, "/requests/"):
				return strings.Replace(strings.Replace(path, "{id}", id(theirs.ID), 1), "{doc}", id(theirs.Documents[0].ID), 1)
			case strings.Contains(path, "/corrections/"):
				return strings.Replace(path, "{id}", id(correction.ID), 1)
			}
			return wildcard.ReplaceAllString(path, id(other.ID))
		}
		walked, named := 0, 0
		for _, pattern := range httpserver.PortalRoutePatterns() {
			method, path, _ := strings.Cut(pattern, " ")
			hasID := wildcard.MatchString(path)
			path = recordOf(strings.ReplaceAll(path, "{$}", ""))
			body := ""
			if strings.HasPrefix(path, "/api/") && method == "POST" {
				body = "{}"
			}
			code, page := e.do(c, method, path, body)
			walked++
			if hasID {
				named++
				if code != http.StatusNotFound {
					t.Errorf("%s names another member's record: %d, want 404", pattern, code)
				}
			}
			if code >= 500 {
				t.Errorf("%s: %d", pattern, code)
			}
			if strings.Contains(page, "刘洋") || strings.Contains(page, e.hdUnion.Name) || strings.Contains(page, otherID[14:]) {
				t.Errorf("%s shows the other member", pattern)
			}
			if status, _ := e.do(c, "GET", "/portal/", ""); status != http.StatusOK { // a walked logout or login ended the session
				c = e.client()
				if status, _, _ := e.submit(c, "/portal/login", url.Values{"login": {meID}, "password": {"member password 1"}}); status != http.StatusSeeOther {
					t.Fatalf("log in again after %s: %d", pattern, status)
				}
			}
		}
		t.Logf("walked %d portal routes, %d naming a record", walked, named)
		if walked < 40 || named < 10 {
			t.Errorf("walked %d routes, %d naming a record", walked, named)
		}
		// The member's own record does open.
		if code, page := e.do(c, "GET", "/portal/memberships/"+id(me.ID), ""); code != http.StatusOK || !strings.Contains(page, e.cyUnion.Name) {
			t.Errorf("own membership: %d", code)
		}
		if code, _ := e.do(c, "GET", "/api/v1/portal/memberships/"+id(me.ID), ""); code != http.StatusOK {
			t.Errorf("own membership by API: %d", code)
		}
	})
}

// TestPortalBacksOffPerAddress holds a client address that keeps failing
// to a wait (429), whatever it tries, while another address goes on.
func TestPortalBacksOffPerAddress(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		srv, err := httpserver.New(e.st, httpserver.Options{InsecureCookies: true, LoginLimit: 2, Logger: quiet, WorkDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		post := func(path string, form url.Values) int {
			res, err := http.PostForm(ts.URL+path, form)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		bad := url.Values{"code": {"3467-9ACD-EFGH"}, "id_number": {storetest.CitizenID("110105", "19900307", 521)}}
		for i, want := range []int{422, 422, 422, 429, 429} {
			if got := post("/portal/activate", bad); got != want {
				t.Errorf("activation %d: %d, want %d", i, got, want)
			}
		}
		for i, want := range []int{401, 401, 401, 429} {
			if got := post("/portal/login", url.Values{"login": {"13800138000"}, "password": {"wrong password"}}); got != want {
				t.Errorf("login %d: %d, want %d", i, got, want)
			}
		}
		// The app's API shares the address's count.
		res, err := http.Post(ts.URL+"/api/v1/portal/login", "application/json", strings.NewReader(`{"login":"13800138000","password":"wrong password"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("login by API from the same address: %d, want 429", res.StatusCode)
		}
	})
}

// TestPortalSignInByAPI: a phone app activates a member's account, sets
// the password, logs out and in again, all by JSON; until the password is
// set the session opens nothing else.
func TestPortalSignInByAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		idNo := storetest.CitizenID("110105", "19900307", 531)
		m := e.addMember(e.cyUnion, "周婷", idNo)
		code := e.issuePortalCode(e.login("cy-cadre"), m)
		app := e.client()
		var acct gonghui.PortalAccount
		if status, body := e.do(app, "POST", "/api/v1/portal/activate", `{"code":"`+code+`","id_number":"`+storetest.CitizenID("110105", "19900307", 532)+`"}`); status != http.StatusUnprocessableEntity {
			t.Errorf("activation with another ID number: %d %s", status, body)
		}
		e.apiPortalInto(app, "POST", "/api/v1/portal/activate", `{"code":"`+code+`","id_number":"`+idNo+`"}`, http.StatusOK, &acct)
		if acct.HasPassword || acct.PersonID != m.PersonID {
			t.Errorf("activated: %+v", acct)
		}
		if status, _ := e.do(app, "GET", "/api/v1/portal/me", ""); status != http.StatusUnauthorized {
			t.Errorf("the home before a password: %d", status)
		}
		if status, body := e.do(app, "POST", "/api/v1/portal/password", `{"password":"short"}`); status != http.StatusUnprocessableEntity || !strings.Contains(body, `"password"`) {
			t.Errorf("a short password: %d %s", status, body)
		}
		e.apiPortalInto(app, "POST", "/api/v1/portal/password", `{"password":"an app member's password"}`, http.StatusOK, &acct)
		if status, body := e.do(app, "GET", "/api/v1/portal/me", ""); status != http.StatusOK || !strings.Contains(body, e.cyUnion.Name) {
			t.Errorf("the home: %d %s", status, body)
		}
		if status, _ := e.do(app, "POST", "/api/v1/portal/logout", ""); status != http.StatusOK {
			t.Errorf("logout: %d", status)
		}
		if status, _ := e.do(app, "GET", "/api/v1/portal/me", ""); status != http.StatusUnauthorized {
			t.Errorf("the home after logout: %d", status)
		}
		if status, _ := e.do(app, "POST", "/api/v1/portal/login", `{"login":"`+idNo+`","password":"wrong password"}`); status != http.StatusUnauthorized {
			t.Errorf("a wrong password: %d", status)
		}
		e.apiPortalInto(app, "POST", "/api/v1/portal/login", `{"login":"`+idNo+`","password":"an app member's password"}`, http.StatusOK, &acct)
		if status, _ := e.do(app, "GET", "/api/v1/portal/me", ""); status != http.StatusOK {
			t.Errorf("the home after login: %d", status)
		}
		if status, _ := e.do(app, "POST", "/api/v1/portal/password", `{"password":"a newer password here"}`); status != http.StatusUnprocessableEntity {
			t.Errorf("a change without the current password: %d", status)
		}
	})
}
