package httpserver_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/httpserver"
	"gonghui/internal/store/storetest"
)

// partnerEnv is a partner organisation of Chaoyang with a caseworker (its
// session and token), a case assigned to it and cases that are not.
type partnerEnv struct {
	partner, other gonghui.RightsPartner
	user           gonghui.User
	token          string
	mine, theirs   gonghui.RightsCase // theirs: with the other partner
	unassigned     gonghui.RightsCase // in Haidian, with no partner
}

func newPartnerEnv(t *testing.T, e *env) partnerEnv {
	t.Helper()
	sys := gonghui.SystemActor("t")
	at, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-24 12:00", gonghui.Shanghai)
	e.st.SetClock(func() time.Time { return at })
	var p partnerEnv
	var err error
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	p.partner, err = e.st.SaveRightsPartner(ctx, sys, 0, gonghui.RightsPartnerInput{OrgID: e.chaoyang.ID, Name: "朝阳区法律援助中心", Party: gonghui.PartyJustice, Active: true})
	must(err)
	p.other, err = e.st.SaveRightsPartner(ctx, sys, 0, gonghui.RightsPartnerInput{OrgID: e.chaoyang.ID, Name: "朝阳区劳动争议调解中心", Party: gonghui.PartyHRSS, Active: true})
	must(err)
	p.user, err = e.st.CreateUser(ctx, sys, gonghui.UserInput{Username: "cy-lawyer", DisplayName: "李律师", Role: gonghui.RolePartner, Password: password, PartnerID: p.partner.ID})
	must(err)
	p.token, err = e.st.CreateToken(ctx, sys, p.user.ID, "test")
	must(err)
	newCase := func(org gonghui.Org, n int) gonghui.RightsCase {
		k, err := e.st.CreateRightsCase(ctx, sys, gonghui.RightsCaseInput{OrgID: org.ID, Kind: gonghui.CaseMediation, ReceivedOn: gonghui.NewDate(2026, 11, 20),
			EmployerName: "某建筑劳务有限公司", Summary: "拖欠工资", Claims: []gonghui.RightsClaim{{Kind: gonghui.ClaimWages, AmountFen: 100_000}},
			Parties: []gonghui.RightsPartyInput{{Name: "赵建国", IDNumber: storetest.CitizenID("110105", "19880808", 40+n), Phone: "13700001111"}}})
		must(err)
		return k
	}
	assign := func(k gonghui.RightsCase, to gonghui.RightsPartner) gonghui.RightsCase {
		k, err := e.st.AssignRightsCase(ctx, sys, k.ID, gonghui.RightsAssignInput{PartnerID: to.ID, Version: k.Version})
		must(err)
		return k
	}
	p.mine = assign(newCase(e.cyUnion, 1), p.partner)
	p.theirs = assign(newCase(e.cyUnion, 2), p.other)
	p.unassigned = newCase(e.hdUnion, 3)
	return p
}

// wildcard is a path segment {name} or {name...} of a route pattern.
var wildcard = regexp.MustCompile(`\{[a-z]+(\.\.\.)?\}`)

// TestPartnerReachesOnlyItsCases walks every route the modules register
// as a partner's caseworker, in the UI and with its API token: each
// answers 403 or 404 but the partner's home, its own account and its
// cases' pages — and those, given a case that is not the partner's,
// answer 404 too. The lists it may read hold its case alone.
func TestPartnerReachesOnlyItsCases(t *testing.T) {
	// What a partner may reach with no record named: its home, its own
	// account, and the lists of its own cases and hand-offs.
	open := map[string]bool{
		"GET /{$}": true, "GET /account": true, "POST /account/password": true, "POST /account/sessions/end": true,
		"GET /api/v1/me": true, "GET /api/v1/rights-cases": true, "GET /api/v1/rights-handoffs": true,
	}
	eachEngine(t, func(t *testing.T, e *env) {
		p := newPartnerEnv(t, e)
		c := e.login("cy-lawyer")
		// Every record ID in the walk is another's case (or the ID of a
		// record of some other kind the partner is not to reach).
		other := id(p.theirs.ID)
		walked := 0
		for _, pattern := range httpserver.RoutePatterns() {
			method, path, _ := strings.Cut(pattern, " ")
			path = wildcard.ReplaceAllString(strings.ReplaceAll(path, "{$}", ""), other)
			var code int
			var body string
			if strings.HasPrefix(path, "/api/") {
				code, body = e.api(p.token, method, path, "{}")
			} else {
				code, body = e.do(c, method, path, "")
			}
			walked++
			switch {
			case open[pattern]:
				if code == http.StatusForbidden || code == http.StatusNotFound || code >= 500 {
					t.Errorf("%s: %d, want the partner's own page", pattern, code)
				}
			case code != http.StatusForbidden && code != http.StatusNotFound:
				t.Errorf("%s (%s %s): %d, want 403 or 404", pattern, method, path, code)
			}
			if strings.Contains(body, p.theirs.Number) || strings.Contains(body, p.unassigned.Number) {
				t.Errorf("%s shows another case", pattern)
			}
		}
		if walked < 200 {
			t.Errorf("walked %d routes only", walked)
		}
		if code, _ := e.api(p.token, "GET", "/metrics", ""); code != http.StatusForbidden && code != http.StatusUnauthorized {
			t.Errorf("metrics: %d", code)
		}

		// The partner's own case: its page and its API, masked until
		// revealed (audited).
		mine := id(p.mine.ID)
		if code, body := e.do(c, "GET", "/rights/"+mine, ""); code != http.StatusOK || !strings.Contains(body, p.mine.Number) || strings.Contains(body, "赵建国") {
			t.Errorf("own case page: %d", code)
		}
		if code, body := e.do(c, "POST", "/rights/"+mine+"/reveal", ""); code != http.StatusOK || !strings.Contains(body, "赵建国") {
			t.Errorf("own case revealed: %d", code)
		}
		if code, body := e.api(p.token, "GET", "/api/v1/rights-cases/"+mine, ""); code != http.StatusOK || strings.Contains(body, "赵建国") {
			t.Errorf("own case API: %d %s", code, body)
		}
		// Its lists hold its case alone, whatever the filter.
		for _, q := range []string{"", "?state=closed", "?org_id=" + id(e.cyUnion.ID), "?overdue=1", "?q=某建筑", "?limit=500"} {
			code, body := e.api(p.token, "GET", "/api/v1/rights-cases"+q, "")
			var list struct {
				Items []gonghui.RightsCase
				Total int
			}
			if code != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil {
				t.Fatalf("list%s: %d %s", q, code, body)
			}
			for _, k := range list.Items {
				if k.ID != p.mine.ID {
					t.Errorf("list%s holds case %s", q, k.Number)
				}
			}
			if (q == "" || strings.Contains(q, "org_id") || strings.Contains(q, "limit")) && list.Total != 1 {
				t.Errorf("list%s: %d cases", q, list.Total)
			}
		}
		if _, home := e.do(c, "GET", "/", ""); !strings.Contains(home, p.mine.Number) || strings.Contains(home, p.theirs.Number) {
			t.Error("the partner's home misses its case or shows another")
		}
		// Its navigation is its own cases alone.
		if _, home := e.do(c, "GET", "/", ""); strings.Contains(home, `href="/members"`) || strings.Contains(home, `href="/orgs/`) {
			t.Error("a partner's navigation links the register")
		}
	})
}

// TestPartnerHandoffsAPI runs a case from the union through two partners
// by the API, with the 422 shape of each refusal.
func TestPartnerHandoffsAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		p := newPartnerEnv(t, e)
		sys := gonghui.SystemActor("t")
		mediator, err := e.st.CreateUser(ctx, sys, gonghui.UserInput{Username: "cy-mediator", Role: gonghui.RolePartner, Password: password, PartnerID: p.other.ID})
		if err != nil {
			t.Fatal(err)
		}
		mediatorToken, err := e.st.CreateToken(ctx, sys, mediator.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		fields := func(body string) map[string]string {
			var out struct {
				Error struct {
					Message string
					Fields  map[string]string
				}
			}
			if json.Unmarshal([]byte(body), &out) != nil || out.Error.Message == "" {
				t.Fatalf("422 shape: %s", body)
			}
			return out.Error.Fields
		}

		// The administrator keeps partners; a cadre may not.
		code, body := e.api(e.adminToken, "POST", "/api/v1/rights-partners", `{"name":"","party":"律所"}`)
		if f := fields(body); code != http.StatusUnprocessableEntity || f["name"] == "" || f["party"] == "" || f["org_id"] == "" {
			t.Errorf("bad partner: %d %s", code, body)
		}
		if code, _ := e.api(e.cyToken, "POST", "/api/v1/rights-partners", `{"org_id":`+id(e.chaoyang.ID)+`,"name":"某律所","party":"justice"}`); code != http.StatusForbidden {
			t.Errorf("a cadre added a partner: %d", code)
		}
		code, body = e.api(e.adminToken, "POST", "/api/v1/rights-partners", `{"org_id":`+id(e.chaoyang.ID)+`,"name":"朝阳区信访办","party":"信访办","active":true}`)
		var added gonghui.RightsPartner
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &added) != nil || added.Party != gonghui.PartyPetitions {
			t.Fatalf("partner: %d %s", code, body)
		}
		if code, body := e.api(e.adminToken, "PATCH", "/api/v1/rights-partners/"+id(added.ID), `{"active":false,"version":`+id(added.Version)+`}`); code != http.StatusOK || !strings.Contains(body, `"active":false`) {
			t.Errorf("partner patched: %d %s", code, body)
		}

		// The partner hands its case on; the 422s name their fields.
		path := "/api/v1/rights-cases/" + id(p.mine.ID)
		if code, body := e.api(p.token, "POST", path+"/handoffs", `{"version":`+id(p.mine.Version)+`}`); code != http.StatusUnprocessableEntity || fields(body)["to_partner_id"] == "" {
			t.Errorf("hand-off to no one: %d %s", code, body)
		}
		if code, _ := e.api(p.token, "POST", path+"/handoffs", `{"to_partner_id":`+id(p.other.ID)+`,"version":`+id(p.mine.Version+7)+`}`); code != http.StatusConflict {
			t.Errorf("stale hand-off: %d", code)
		}
		code, body = e.api(p.token, "POST", path+"/handoffs", `{"to_partner_id":`+id(p.other.ID)+`,"note":"请调解","version":`+id(p.mine.Version)+`}`)
		var h gonghui.RightsHandoff
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &h) != nil || h.State != gonghui.HandoffPending || h.CaseNumber != p.mine.Number {
			t.Fatalf("hand-off: %d %s", code, body)
		}
		// It waits in the receiver's inbox.
		if code, body := e.api(mediatorToken, "GET", "/api/v1/rights-handoffs", ""); code != http.StatusOK || !strings.Contains(body, p.mine.Number) {
			t.Errorf("waiting: %d %s", code, body)
		}
		_, body = e.api(mediatorToken, "GET", path, "")
		var k gonghui.RightsCase
		if json.Unmarshal([]byte(body), &k) != nil {
			t.Fatal(body)
		}
		ack := "/api/v1/rights-cases/handoffs/" + id(h.ID) + "/ack"
		if code, body := e.api(mediatorToken, "POST", ack, `{"accept":false,"version":`+id(k.Version)+`}`); code != http.StatusUnprocessableEntity || fields(body)["reason"] == "" {
			t.Errorf("decline without a reason: %d %s", code, body)
		}
		if code, _ := e.api(p.token, "POST", ack, `{"accept":true,"version":`+id(k.Version)+`}`); code != http.StatusNotFound {
			t.Errorf("the sender acknowledged: %d", code)
		}
		if code, body := e.api(mediatorToken, "POST", ack, `{"accept":true,"version":`+id(k.Version)+`}`); code != http.StatusOK || !strings.Contains(body, `"acknowledged"`) {
			t.Fatalf("acknowledged: %d %s", code, body)
		}
		// The case is the receiver's now, with its one number, and no
		// longer the sender's.
		if code, body := e.api(mediatorToken, "GET", path, ""); code != http.StatusOK || !strings.Contains(body, p.mine.Number) || !strings.Contains(body, `"handoff_ack"`) {
			t.Errorf("receiver's case: %d %s", code, body)
		}
		if code, _ := e.api(p.token, "GET", path, ""); code != http.StatusNotFound {
			t.Errorf("sender still reads the case: %d", code)
		}
		// The union assigns by the API; a partner may not.
		_, body = e.api(e.cyToken, "GET", path, "")
		if json.Unmarshal([]byte(body), &k) != nil {
			t.Fatal(body)
		}
		if code, body := e.api(e.cyToken, "POST", path+"/assign", `{"partner_id":`+id(added.ID)+`,"version":`+id(k.Version)+`}`); code != http.StatusUnprocessableEntity || fields(body)["partner_id"] == "" {
			t.Errorf("assigned to an inactive partner: %d %s", code, body)
		}
		if code, _ := e.api(mediatorToken, "POST", path+"/assign", `{"partner_id":`+id(p.partner.ID)+`,"version":`+id(k.Version)+`}`); code != http.StatusForbidden {
			t.Errorf("a partner assigned: %d", code)
		}
		if code, body := e.api(e.cyToken, "POST", path+"/assign", `{"partner_id":0,"version":`+id(k.Version)+`}`); code != http.StatusOK || strings.Contains(body, `"partner"`) {
			t.Errorf("taken back: %d %s", code, body)
		}
		if code, _ := e.api(mediatorToken, "GET", path, ""); code != http.StatusNotFound {
			t.Errorf("the partner still reads a case taken back: %d", code)
		}
	})
}

// TestPartnerPages: the administrator keeps partners and opens their
// accounts on the partners' pages; the case page assigns, hands off and
// answers.
func TestPartnerPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		p := newPartnerEnv(t, e)
		admin := e.login("cy-admin")
		if code, body := e.do(admin, "GET", "/rights/partners", ""); code != http.StatusOK || !strings.Contains(body, p.partner.Name) {
			t.Fatalf("partners: %d", code)
		}
		if code, body := e.do(admin, "POST", "/rights/partners", "name=&party=x&org_code="); code != http.StatusUnprocessableEntity || !strings.Contains(body, "请选择六方联动中的一方") {
			t.Errorf("bad partner: %d", code)
		}
		if code, _ := e.do(admin, "POST", "/rights/partners", "name=朝阳区人民法院诉调对接中心&party=court&active=on&org_code="+e.chaoyang.Code); code != http.StatusSeeOther {
			t.Errorf("partner added: %d", code)
		}
		page := "/rights/partners/" + id(p.other.ID)
		if code, body := e.do(admin, "GET", page, ""); code != http.StatusOK || !strings.Contains(body, p.other.Name) {
			t.Fatalf("partner page: %d", code)
		}
		if code, body := e.do(admin, "POST", page+"/users", "username=cy-mediator&display_name=王调解员&role=admin&password="+password); code != http.StatusUnprocessableEntity || !strings.Contains(body, "合作单位人员的角色") {
			t.Errorf("a partner's administrator: %d", code)
		}
		if code, _ := e.do(admin, "POST", page+"/users", "username=cy-mediator&display_name=王调解员&role=partner&password="+password); code != http.StatusSeeOther {
			t.Errorf("partner account: %d", code)
		}
		if code, _ := e.do(e.login("cy-cadre"), "GET", "/rights/partners", ""); code != http.StatusForbidden {
			t.Errorf("a cadre keeps partners: %d", code)
		}

		// The union hands its case off from the case's page; the receiver
		// acknowledges it from its own.
		cadre := e.login("cy-cadre")
		k := p.theirs
		_, body := e.do(cadre, "GET", "/rights/"+id(k.ID), "")
		if !strings.Contains(body, `action="/rights/`+id(k.ID)+`/assign"`) || !strings.Contains(body, `action="/rights/`+id(k.ID)+`/handoffs"`) {
			t.Fatal("the case page has no assignment or hand-off form")
		}
		if code, _ := e.do(cadre, "POST", "/rights/"+id(k.ID)+"/handoffs", "to_partner_id="+id(p.partner.ID)+"&version="+id(k.Version)); code != http.StatusSeeOther {
			t.Fatalf("handed off: %d", code)
		}
		lawyer := e.login("cy-lawyer")
		_, home := e.do(lawyer, "GET", "/", "")
		if !strings.Contains(home, k.Number) {
			t.Error("the hand-off does not wait on the partner's home")
		}
		_, body = e.do(lawyer, "GET", "/rights/"+id(k.ID), "")
		m := regexp.MustCompile(`action="(/rights/handoffs/\d+/ack)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no answer form on the receiver's case page")
		}
		if code, _ := e.do(lawyer, "POST", m[1], "accept=1&version="+id(k.Version+1)); code != http.StatusSeeOther {
			t.Errorf("acknowledged: %d", code)
		}
		if got, err := e.st.GetRightsCase(ctx, gonghui.SystemActor("t"), k.ID, false); err != nil || got.Partner == nil || got.Partner.ID != p.partner.ID {
			t.Errorf("after the acknowledgement: %+v %v", got.Partner, err)
		}
	})
}

// TestPartnerAccountEdit: a partner's account is edited where accounts
// are kept, with a partner's roles and no union to pick.
func TestPartnerAccountEdit(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		p := newPartnerEnv(t, e)
		admin := e.login("cy-admin")
		page := "/users/" + id(p.user.ID) + "/edit"
		code, body := e.do(admin, "GET", page, "")
		if code != http.StatusOK || !strings.Contains(body, p.partner.Name) || !strings.Contains(body, `value="partner_viewer"`) || strings.Contains(body, `value="cadre"`) {
			t.Fatalf("edit page: %d", code)
		}
		if code, body := e.do(admin, "POST", page, "display_name=x&role=cadre"); code != http.StatusUnprocessableEntity || strings.Contains(body, `value="cadre"`) {
			t.Errorf("a partner made a cadre: %d", code)
		}
		if code, _ := e.do(admin, "POST", page, "display_name=李律师&role=partner_viewer"); code != http.StatusSeeOther {
			t.Errorf("edited: %d", code)
		}
		u, err := e.st.GetUser(ctx, gonghui.SystemActor("t"), p.user.ID)
		if err != nil || u.Role != gonghui.RolePartnerViewer || u.PartnerID != p.partner.ID || u.OrgID != e.chaoyang.ID {
			t.Errorf("after the edit: %+v %v", u, err)
		}
		if code, _ := e.do(e.login("hd-admin"), "GET", page, ""); code != http.StatusNotFound {
			t.Errorf("another district's administrator: %d", code)
		}
	})
}
