package httpserver_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

func TestCampaigns(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		w, err := e.st.NewEmployerWriter(ctx, gonghui.SystemActor("t"), 0)
		if err != nil {
			t.Fatal(err)
		}
		uncovered := gonghui.EmployerInput{USCC: storetest.USCC("91", "110105", 911), Name: "朝阳攻坚公司", LegalForm: "llc", Ownership: gonghui.OwnershipPrivate, StaffCount: 150, RegionCode: "110105001"}
		if _, err := w.Save(ctx, uncovered); err != nil {
			t.Fatal(err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}

		// The API: start, list its targets, assign, visit, found.
		code, body := e.api(e.cyToken, "POST", "/api/v1/campaigns", `{"org_id":`+id(e.chaoyang.ID)+`,"name":"2018年朝阳建会攻坚","starts_on":"2018-03-01","ends_on":"2018-12-31","filter":{"staff_band":"100plus"}}`)
		var k gonghui.Campaign
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &k) != nil || k.Progress[""] != 1 {
			t.Fatalf("create: %d %s", code, body)
		}
		var targets struct{ Items []gonghui.CampaignTarget }
		code, body = e.api(e.cyToken, "GET", "/api/v1/campaigns/"+id(k.ID)+"/targets", "")
		if code != http.StatusOK || json.Unmarshal([]byte(body), &targets) != nil || len(targets.Items) != 1 || targets.Items[0].EmployerName != "朝阳攻坚公司" {
			t.Fatalf("targets: %d %s", code, body)
		}
		tg := targets.Items[0]
		due := gonghui.Today().AddDays(10).String()
		if code, body := e.api(e.cyToken, "POST", "/api/v1/campaigns/"+id(k.ID)+"/assign", `{"target_ids":[`+id(tg.ID)+`],"user_id":`+id(e.cyCadre.ID)+`,"due_on":"`+due+`"}`); code != http.StatusOK {
			t.Errorf("assign: %d %s", code, body)
		}
		code, body = e.api(e.cyToken, "POST", "/api/v1/campaign-targets/"+id(tg.ID)+"/visits", `{"visited_on":"2018-04-01","outcome":"preparing","note":"同意筹建","version":2}`)
		if code != http.StatusCreated || !strings.Contains(body, `"outcome":"preparing"`) {
			t.Errorf("visit: %d %s", code, body)
		}
		if code, _ := e.api(e.hdToken, "GET", "/api/v1/campaigns/"+id(k.ID), ""); code != http.StatusNotFound {
			t.Errorf("Haidian reads Chaoyang's campaign: %d", code)
		}
		if code, _ := e.api(e.viewerToken, "POST", "/api/v1/campaign-targets/"+id(tg.ID)+"/found", `{"org_id":`+id(e.cyUnion.ID)+`}`); code != http.StatusForbidden {
			t.Errorf("viewer founds: %d", code)
		}

		// The inbox reminds the assigned cadre of the deadline.
		c := e.login("cy-cadre")
		if _, page := e.do(c, "GET", "/", ""); !strings.Contains(page, "建会攻坚单位即将到期") {
			t.Error("no campaign deadline in the inbox")
		}
		// The UI: the list, the campaign with its targets, the founding.
		if code, page := e.do(c, "GET", "/campaigns", ""); code != http.StatusOK || !strings.Contains(page, "2018年朝阳建会攻坚") {
			t.Errorf("list: %d", code)
		}
		if code, page := e.do(c, "GET", "/campaigns/"+id(k.ID), ""); code != http.StatusOK || !strings.Contains(page, "朝阳攻坚公司") || !strings.Contains(page, "筹建中") {
			t.Errorf("show: %d", code)
		}
		// Both an existing union and a new one: refused, the reason named.
		both := url.Values{"org_code": {e.cyUnion.Code}, "new_union": {"新工会"}}
		e.do(c, "POST", "/campaigns/"+id(k.ID)+"/targets/"+id(tg.ID)+"/found", both.Encode())
		if msg := e.flash(c, "/campaigns/"+id(k.ID)); !strings.Contains(msg, "不能同时新建工会") {
			t.Errorf("found with both unions: flash %q", msg)
		}
		found := url.Values{"org_code": {e.cyUnion.Code}}
		if code, _ := e.do(c, "POST", "/campaigns/"+id(k.ID)+"/targets/"+id(tg.ID)+"/found", found.Encode()); code != http.StatusSeeOther {
			t.Errorf("found: %d", code)
		}
		code, body = e.api(e.cyToken, "GET", "/api/v1/employers?q="+uncovered.USCC, "")
		if code != http.StatusOK || !strings.Contains(body, `"unit_id"`) {
			t.Errorf("the employer after the founding: %s", body)
		}
		if _, body := e.api(e.cyToken, "GET", "/api/v1/campaigns/"+id(k.ID)+"/districts", ""); !strings.Contains(body, `"founded":1`) {
			t.Errorf("districts: %s", body)
		}
		// The campaign's sheet: its employers, exported and imported back
		// unchanged.
		if _, page := e.do(c, "GET", "/campaigns/"+id(k.ID), ""); !strings.Contains(page, `href="/campaigns/`+id(k.ID)+`/targets.xlsx"`) {
			t.Error("no export link on the campaign")
		}
		code, body = e.do(c, "GET", "/campaigns/"+id(k.ID)+"/targets.csv", "")
		if code != http.StatusOK || !strings.HasPrefix(strings.TrimPrefix(body, "\ufeff"), "攻坚行动名称,组织工会") || !strings.Contains(body, uncovered.USCC) || !strings.Contains(body, e.cyUnion.Code) {
			t.Fatalf("export: %d %s", code, body)
		}
		if im := e.importSheet(c, e.cyToken, "campaign-targets", "targets.csv", []byte(body)); im.Status != "done" || im.Unchanged != 1 || im.Inserted+im.Updated+im.Failed != 0 {
			t.Errorf("the export imported back: %+v", im)
		}
		if code, _ := e.do(e.login("hd-cadre"), "GET", "/campaigns/"+id(k.ID)+"/targets.csv", ""); code != http.StatusNotFound {
			t.Errorf("Haidian exports Chaoyang's campaign: %d", code)
		}
		bad := url.Values{"name": {""}, "org_code": {e.chaoyang.Code}, "starts_on": {"2018-03-01"}, "ends_on": {"2018-01-01"}}
		if code, page := e.do(c, "POST", "/campaigns/new", bad.Encode()); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-ends_on"`) || !strings.Contains(page, `id="err-name"`) {
			t.Errorf("refused form: %d", code)
		}
	})
}

// An industry federation's cadre finds the employers assigned to the
// federation, with their register entries, and records a visit; the
// campaign and the employer's record stay out of reach.
func TestCampaignAssignedToFederation(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		w, err := e.st.NewEmployerWriter(ctx, sys, 0)
		if err != nil {
			t.Fatal(err)
		}
		emp := gonghui.EmployerInput{USCC: storetest.USCC("91", "110105", 912), Name: "朝阳快递网点公司", LegalForm: "llc", Ownership: gonghui.OwnershipPrivate,
			StaffCount: 60, Address: "朝阳区某路8号", RegionCode: "110105001"}
		if _, err := w.Save(ctx, emp); err != nil {
			t.Fatal(err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		k, err := e.st.CreateCampaign(ctx, sys, gonghui.CampaignInput{OrgID: e.chaoyang.ID, Name: "快递网点建会", StartsOn: gonghui.NewDate(2018, 3, 1), EndsOn: gonghui.NewDate(2018, 12, 31)})
		if err != nil {
			t.Fatal(err)
		}
		targets, _, err := e.st.ListCampaignTargets(ctx, sys, k.ID, gonghui.Page{})
		if err != nil || len(targets) != 1 {
			t.Fatalf("targets %v %v", targets, err)
		}
		root, err := e.st.RootOrg(ctx, sys)
		if err != nil {
			t.Fatal(err)
		}
		fed, err := e.st.CreateOrg(ctx, sys, gonghui.OrgInput{Name: "北京市快递行业工会联合会", Kind: gonghui.KindIndustryFederation, ParentID: root.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.CreateUser(ctx, sys, gonghui.UserInput{Username: "fed-cadre", OrgID: fed.ID, Role: gonghui.RoleCadre, Password: password}); err != nil {
			t.Fatal(err)
		}
		tg := targets[0]
		if err := e.st.AssignTargets(ctx, sys, gonghui.CampaignAssignment{TargetIDs: []int64{tg.ID}, OrgID: fed.ID, DueOn: gonghui.Today().AddDays(7)}); err != nil {
			t.Fatal(err)
		}
		c := e.login("fed-cadre")
		if _, page := e.do(c, "GET", "/", ""); !strings.Contains(page, "建会攻坚单位即将到期") {
			t.Error("no campaign deadline in the federation cadre's inbox")
		}
		code, page := e.do(c, "GET", "/campaigns/assigned", "")
		if code != http.StatusOK || !strings.Contains(page, "朝阳快递网点公司") || !strings.Contains(page, emp.USCC) || !strings.Contains(page, "朝阳区某路8号") {
			t.Fatalf("assigned: %d", code)
		}
		visit := url.Values{"from": {"assigned"}, "version": {"2"}, "visited_on": {gonghui.Today().String()}, "outcome": {"preparing"}}
		if code, _ := e.do(c, "POST", "/campaigns/"+id(k.ID)+"/targets/"+id(tg.ID)+"/visit", visit.Encode()); code != http.StatusSeeOther {
			t.Errorf("visit: %d", code)
		}
		if msg := e.flash(c, "/campaigns/assigned"); !strings.Contains(msg, "完成") && !strings.Contains(msg, "已") {
			t.Errorf("visit: flash %q", msg)
		}
		for _, path := range []string{"/campaigns/" + id(k.ID), "/employers/" + id(tg.EmployerID)} {
			if code, _ := e.do(c, "GET", path, ""); code != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, code)
			}
		}
		tok, err := e.st.CreateToken(ctx, sys, mustUserID(t, e, "fed-cadre"), "test")
		if err != nil {
			t.Fatal(err)
		}
		code, body := e.api(tok, "GET", "/api/v1/campaign-targets", "")
		if code != http.StatusOK || !strings.Contains(body, `"outcome":"preparing"`) || !strings.Contains(body, `"address":"朝阳区某路8号"`) || strings.Contains(body, `"notes"`) {
			t.Errorf("assigned API: %d %s", code, body)
		}
		if code, _ := e.api(tok, "GET", "/api/v1/campaigns/"+id(k.ID)+"/targets", ""); code != http.StatusNotFound {
			t.Errorf("the campaign's targets by API: %d", code)
		}
	})
}

func mustUserID(t *testing.T, e *env, name string) int64 {
	t.Helper()
	u, err := e.st.GetUserByName(ctx, gonghui.SystemActor("t"), name)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
