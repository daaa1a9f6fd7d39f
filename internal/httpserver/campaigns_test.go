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
		bad := url.Values{"name": {""}, "org_code": {e.chaoyang.Code}, "starts_on": {"2018-03-01"}, "ends_on": {"2018-01-01"}}
		if code, page := e.do(c, "POST", "/campaigns/new", bad.Encode()); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-ends_on"`) || !strings.Contains(page, `id="err-name"`) {
			t.Errorf("refused form: %d", code)
		}
	})
}
