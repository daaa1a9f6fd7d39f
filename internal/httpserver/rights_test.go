package httpserver_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store/storetest"
)

func TestRightsCases(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		at, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-24 12:00", gonghui.Shanghai)
		e.st.SetClock(func() time.Time { return at })
		worker := storetest.CitizenID("110105", "19880808", 21)

		// The API's 422 names every bad field; a request opens its case.
		code, body := e.api(e.cyToken, "POST", "/api/v1/rights-intakes", `{"org_id":`+id(e.cyUnion.ID)+`,"channel":"fax","kind":"request","received_on":"2026-11-20","summary":""}`)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("invalid intake: %d %s", code, body)
		}
		var invalid struct {
			Error struct {
				Message string
				Fields  map[string]string
			}
		}
		if json.Unmarshal([]byte(body), &invalid) != nil || invalid.Error.Message == "" {
			t.Fatalf("422 shape: %s", body)
		}
		for _, f := range []string{"channel", "summary", "caller_name", "case_kind", "claims"} {
			if invalid.Error.Fields[f] == "" {
				t.Errorf("no reason for %s: %s", f, body)
			}
		}
		code, body = e.api(e.cyToken, "POST", "/api/v1/rights-intakes", `{"org_id":`+id(e.cyUnion.ID)+`,"channel":"hotline","kind":"request","received_on":"2026-11-20",
			"caller_name":"赵建国","caller_id_number":"`+worker+`","caller_phone":"13700001111","caller_migrant":true,"employer_name":"某建筑劳务有限公司",
			"summary":"拖欠工资两个月","case_kind":"legal_aid","claims":[{"kind":"wages","amount_fen":900000}]}`)
		var intake gonghui.RightsIntake
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &intake) != nil || intake.CaseID == 0 || strings.Contains(body, "赵建国") || strings.Contains(body, worker) {
			t.Fatalf("request: %d %s", code, body)
		}
		path := "/api/v1/rights-cases/" + id(intake.CaseID)
		code, body = e.api(e.cyToken, "GET", path, "")
		var k gonghui.RightsCase
		if code != http.StatusOK || json.Unmarshal([]byte(body), &k) != nil || k.Eligibility == nil || !k.Eligibility.Eligible || strings.Contains(body, "13700001111") {
			t.Fatalf("case: %d %s", code, body)
		}

		// A group case without its representatives; a stale edit.
		parties := `[` + strings.TrimSuffix(strings.Repeat(`{"name":"职工"},`, 10), ",") + `]`
		if code, body := e.api(e.cyToken, "POST", "/api/v1/rights-cases", `{"org_id":`+id(e.cyUnion.ID)+`,"kind":"mediation","received_on":"2026-11-20",
			"employer_name":"某厂","summary":"集体欠薪","parties":`+parties+`,"claims":[{"kind":"wages","amount_fen":100}]}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"parties"`) {
			t.Errorf("group without representatives: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "PATCH", path, `{"summary":"拖欠工资三个月","version":`+id(k.Version)+`}`); code != http.StatusOK || !strings.Contains(body, "三个月") {
			t.Errorf("patch: %d %s", code, body)
		}
		if code, _ := e.api(e.cyToken, "PATCH", path, `{"summary":"x","version":`+id(k.Version)+`}`); code != http.StatusConflict {
			t.Errorf("stale patch: %d", code)
		}
		if code, body := e.api(e.cyToken, "POST", path+"/steps", `{"action":"close","outcome":"aid_refused","version":`+id(k.Version+1)+`}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"note"`) {
			t.Errorf("aid refused without a reason: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "POST", path+"/steps", `{"action":"accept"}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"version"`) {
			t.Errorf("a step without the version: %d %s", code, body)
		}
		if code, _ := e.api(e.cyToken, "POST", path+"/steps", `{"action":"accept","version":`+id(k.Version)+`}`); code != http.StatusConflict {
			t.Errorf("a stale step: %d", code)
		}
		if code, body := e.api(e.cyToken, "POST", path+"/steps", `{"action":"accept","version":`+id(k.Version+1)+`}`); code != http.StatusOK || !strings.Contains(body, `"accepted_on":"2026-11-24"`) {
			t.Errorf("accept: %d %s", code, body)
		}

		// Scope: Haidian reaches nothing of Chaoyang's.
		for _, p := range []string{path, path + "/documents", "/api/v1/rights-intakes/" + id(intake.ID)} {
			if code, _ := e.api(e.hdToken, "GET", p, ""); code != http.StatusNotFound {
				t.Errorf("Haidian reads %s: %d", p, code)
			}
		}
		if code, _ := e.api(e.hdToken, "POST", path+"/steps", `{"action":"note","note":"x"}`); code != http.StatusNotFound {
			t.Errorf("Haidian steps in: %d", code)
		}
		if _, body := e.api(e.hdToken, "GET", "/api/v1/rights-cases", ""); strings.Contains(body, "劳务") {
			t.Errorf("Haidian's list leaks: %s", body)
		}

		// Revealed by a role that may, audited (each PATCH's merge is a
		// reveal for editing, audited too).
		if code, _ := e.api(e.cyToken, "GET", path+"?reveal=1", ""); code != http.StatusForbidden {
			t.Errorf("a cadre revealed: %d", code)
		}
		if code, body := e.api(e.auditorToken, "GET", path+"?reveal=1", ""); code != http.StatusOK || !strings.Contains(body, "赵建国") || viewReveals(e) != 1 {
			t.Errorf("auditor's reveal: %d %s", code, body)
		}

		if code, body := e.api(e.cyToken, "GET", "/api/v1/rights-warnings?date=2026-11-24", ""); code != http.StatusOK || strings.TrimSpace(body) != "[]" {
			t.Errorf("warnings: %d %s", code, body)
		}

		// The calendar is the city administrator's.
		if code, _ := e.api(e.cyToken, "PUT", "/api/v1/rights-calendar", `{"on":"2026-12-31","kind":"holiday"}`); code != http.StatusForbidden {
			t.Errorf("a district cadre kept the calendar: %d", code)
		}
		if code, body := e.api(e.adminToken, "PUT", "/api/v1/rights-calendar", `{"on":"2026-12-31","kind":"day off"}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"kind"`) {
			t.Errorf("bad calendar day: %d %s", code, body)
		}
		if code, body := e.api(e.adminToken, "GET", "/api/v1/rights-calendar?year=2017", ""); code != http.StatusOK || !strings.Contains(body, `"on":"2017-01-22","kind":"workday"`) {
			t.Errorf("2017 calendar: %d %s", code, body)
		}
		if code, body := e.api(e.adminToken, "GET", "/api/v1/rights-rules?region_code=110105", ""); code != http.StatusOK || !strings.Contains(body, `{"kind":"mediation_accept","n":3,"unit":"workdays"}`) {
			t.Errorf("rules: %d %s", code, body)
		}

		// The UI: the intake form with its errors, then a request; the
		// case's page masked and its step form; the lists; the inbox.
		c := e.login("cy-cadre")
		form := url.Values{"org_code": {e.cyUnion.Code}, "channel": {"walk_in"}, "kind": {"request"}, "received_on": {"2026-11-23"},
			"caller_name": {"钱多多"}, "summary": {"公司拒绝支付加班费"}, "case_kind": {"mediation"}, "claim_kind": {"overtime"}, "claim_yuan": {"三千"}}
		code, page := e.do(c, "POST", "/rights/intakes/new", form.Encode())
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "金额应为元") || !strings.Contains(page, "用人单位名称") || !strings.Contains(page, "钱多多") {
			t.Errorf("refused form: %d", code)
		}
		form.Set("claim_yuan", "3,000.00")
		form.Set("employer_name", "某物流有限公司")
		if code, _ := e.do(c, "POST", "/rights/intakes/new", form.Encode()); code != http.StatusSeeOther {
			t.Errorf("intake from the form: %d", code)
		}
		code, page = e.do(c, "GET", "/rights", "")
		if code != http.StatusOK || !strings.Contains(page, "某物流有限公司") || strings.Contains(page, "钱多多") || !strings.Contains(page, "钱**") {
			t.Errorf("case list: %d", code)
		}
		code, page = e.do(c, "GET", "/rights/"+id(intake.CaseID), "")
		if code != http.StatusOK || strings.Contains(page, worker) || !strings.Contains(page, `action="/rights/`+id(intake.CaseID)+`/steps"`) {
			t.Errorf("case page: %d", code)
		}
		uiCase, err := e.st.GetRightsCase(ctx, gonghui.SystemActor("test"), intake.CaseID, false)
		if err != nil {
			t.Fatal(err)
		}
		step := url.Values{"action": {"note"}, "note": {"电话联系单位"}, "on": {"2026-11-24"}, "version": {id(uiCase.Version)}}
		if code, _ := e.do(c, "POST", "/rights/"+id(intake.CaseID)+"/steps", step.Encode()); code != http.StatusSeeOther {
			t.Errorf("step from the page: %d", code)
		}
		if got, err := e.st.GetRightsCase(ctx, gonghui.SystemActor("test"), intake.CaseID, false); err != nil || got.Version != uiCase.Version+1 ||
			got.Timeline[len(got.Timeline)-1].Note != "电话联系单位" {
			t.Errorf("the page's step not taken: %+v (%v)", got.Timeline, err)
		}
		// Closed, the case awaits its callback in the inbox; the page's form
		// records it, and the inbox forgets it.
		if code, body := e.api(e.cyToken, "POST", "/api/v1/rights-cases/"+id(intake.CaseID)+"/steps", `{"action":"close","outcome":"withdrawn","version":`+id(uiCase.Version+1)+`}`); code != http.StatusOK {
			t.Fatalf("close: %d %s", code, body)
		}
		if code, page := e.do(c, "GET", "/", ""); code != http.StatusOK || !strings.Contains(page, "待回访") {
			t.Errorf("inbox without the callback awaited: %d", code)
		}
		if code, page := e.do(c, "GET", "/rights/"+id(intake.CaseID), ""); code != http.StatusOK || !strings.Contains(page, `action="/rights/`+id(intake.CaseID)+`/callbacks"`) {
			t.Errorf("no callback form: %d", code)
		}
		callback := url.Values{"on": {"2026-11-24"}, "reached": {"1"}, "satisfaction": {"satisfied"}, "note": {"对调解结果满意"}}
		if code, _ := e.do(c, "POST", "/rights/"+id(intake.CaseID)+"/callbacks", callback.Encode()); code != http.StatusSeeOther {
			t.Errorf("callback from the page: %d", code)
		}
		if code, page := e.do(c, "GET", "/rights/"+id(intake.CaseID), ""); code != http.StatusOK || strings.Contains(page, `/callbacks"`) || !strings.Contains(page, "对调解结果满意") {
			t.Errorf("called back page: %d", code)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/rights-cases/"+id(intake.CaseID)+"/callbacks", `{"reached":true,"satisfaction":"satisfied"}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"reached"`) {
			t.Errorf("a second callback: %d %s", code, body)
		}
		if code, body := e.api(e.hdToken, "POST", "/api/v1/rights-cases/"+id(intake.CaseID)+"/callbacks", `{"reached":false}`); code != http.StatusNotFound {
			t.Errorf("Haidian called back: %d %s", code, body)
		}
		for _, p := range []string{"/rights/intakes", "/rights/intakes/" + id(intake.ID), "/rights/calendar?year=2026", "/rights?overdue=1", "/rights/warnings"} {
			if code, _ := e.do(c, "GET", p, ""); code != http.StatusOK {
				t.Errorf("%s: %d", p, code)
			}
		}
		// The mediation received on 2026-11-23 is due on the 26th: within
		// three days of today.
		if code, page := e.do(c, "GET", "/", ""); code != http.StatusOK || !strings.Contains(page, "3日内届满") {
			t.Errorf("inbox: %d", code)
		}
		if _, page := e.do(c, "GET", "/", ""); strings.Contains(page, "待回访") {
			t.Errorf("the inbox still awaits the callback made")
		}
	})
}

func viewReveals(e *env) int {
	n := 0
	for _, ev := range e.events("rights.reveal") {
		if strings.Contains(ev.Summary, `"for":"view"`) {
			n++
		}
	}
	return n
}
