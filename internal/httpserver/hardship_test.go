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

func TestHardshipFiles(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		day := func(d string) {
			at, _ := time.ParseInLocation("2006-01-02 15:04", d+" 12:00", gonghui.Shanghai)
			e.st.SetClock(func() time.Time { return at })
		}
		day("2026-11-02")
		if code, body := e.api(e.cyToken, "PUT", "/api/v1/hardship-allowances", `{"region_code":"110105","year":2026,"monthly_fen":100000}`); code != http.StatusForbidden {
			t.Errorf("a district cadre set the allowance: %d %s", code, body)
		}
		if code, body := e.api(e.adminToken, "PUT", "/api/v1/hardship-allowances", `{"region_code":"110105","year":2026,"monthly_fen":100000}`); code != http.StatusOK {
			t.Fatalf("allowance: %d %s", code, body)
		}
		head, spouse := storetest.CitizenID("110105", "19800101", 11), storetest.CitizenID("110105", "19820101", 12)
		code, body := e.api(e.cyToken, "POST", "/api/v1/hardship-files", `{"org_id":`+id(e.cyUnion.ID)+`,"region_code":"110105","address":"朝阳区某路1号",
			"head":{"name":"张伟","id_number":"`+head+`","health":"尿毒症"},"members":[{"name":"李娜","id_number":"`+spouse+`","relation":"spouse"}],
			"incomes":[{"kind":"wages","amount_fen":2000000}],"expenses":[{"kind":"medical","amount_fen":500000}],"causes":["illness"],"cause_note":"每周透析"}`)
		var f gonghui.HardshipFile
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &f) != nil || f.Level != gonghui.HardshipDeep || strings.Contains(body, "2000000") ||
			strings.Contains(body, head) || strings.Contains(body, "透析") {
			t.Fatalf("create: %d %s", code, body)
		}
		path := "/api/v1/hardship-files/" + id(f.ID)
		if code, body := e.api(e.cyToken, "POST", "/api/v1/hardship-files", `{"org_id":`+id(e.cyUnion.ID)+`,"head":{"name":"","id_number":"`+spouse+`"},"incomes":[{"kind":"lottery"}],"causes":[]}`); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `"head.id_number"`) || !strings.Contains(body, `"incomes.0.kind"`) || !strings.Contains(body, `"address"`) || !strings.Contains(body, `"causes"`) {
			t.Errorf("invalid create: %d %s", code, body)
		}

		// Masked unless revealed by a role that may, audited.
		if code, _ := e.api(e.cyToken, "GET", path+"?reveal=1", ""); code != http.StatusForbidden {
			t.Errorf("a cadre revealed: %d", code)
		}
		code, body = e.api(e.auditorToken, "GET", path+"?reveal=1", "")
		if code != http.StatusOK || !strings.Contains(body, head) || !strings.Contains(body, "2000000") || !strings.Contains(body, "透析") {
			t.Errorf("auditor's reveal: %d %s", code, body)
		}
		if n := len(e.events("hardship.reveal")); n != 1 {
			t.Errorf("%d reveals audited, want 1", n)
		}
		if code, _ := e.api(e.hdToken, "GET", path, ""); code != http.StatusNotFound {
			t.Errorf("Haidian reads Chaoyang's file: %d", code)
		}
		if _, body := e.api(e.hdToken, "GET", "/api/v1/hardship-files", ""); strings.Contains(body, "张伟") {
			t.Errorf("Haidian's list leaks: %s", body)
		}

		// PATCH keeps what it does not name; a stale one is refused.
		code, body = e.api(e.cyToken, "PATCH", path, `{"address":"朝阳区某路2号","version":1}`)
		if code != http.StatusOK || !strings.Contains(body, "某路2号") || !strings.Contains(body, `"members":[{"name":"李娜"`) {
			t.Errorf("patch: %d %s", code, body)
		}
		if code, _ := e.api(e.cyToken, "PATCH", path, `{"address":"x","version":1}`); code != http.StatusConflict {
			t.Errorf("stale patch: %d", code)
		}

		// The life, to an approval by the district above the union.
		for _, step := range []string{`{"action":"check"}`, `{"action":"visit","visitors":"张干事","note":"入户核实"}`, `{"action":"notice"}`} {
			if code, body := e.api(e.cyToken, "POST", path+"/transitions", step); code != http.StatusOK {
				t.Fatalf("%s: %d %s", step, code, body)
			}
		}
		if code, body := e.api(e.cyToken, "POST", path+"/transitions", `{"action":"approve","filing_kind":"formal"}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"on"`) {
			t.Errorf("approved during the notice: %d %s", code, body)
		}
		day("2026-11-20")
		// The district's inbox holds the file to approve, and its list.
		cy := e.login("cy-cadre")
		if _, page := e.do(cy, "GET", "/", ""); !strings.Contains(page, `<a href="/hardship?due=approve"><span class="inbox-count">1</span> 份困难职工档案公示期满，待审批</a>`) {
			t.Errorf("the district's inbox: %s", page)
		}
		if code, page := e.do(cy, "GET", "/hardship?due=approve", ""); code != http.StatusOK || !strings.Contains(page, "张伟") {
			t.Errorf("the files to approve: %d %s", code, page)
		}
		if _, page := e.do(e.login("hd-cadre"), "GET", "/", ""); strings.Contains(page, "due=approve") {
			t.Error("Haidian's inbox holds Chaoyang's file")
		}
		code, body = e.api(e.cyToken, "POST", path+"/transitions", `{"action":"approve","filing_kind":"formal"}`)
		if code != http.StatusOK || !strings.Contains(body, `"approved_level":"deep"`) {
			t.Fatalf("approve: %d %s", code, body)
		}
		code, body = e.api(e.cyToken, "GET", path+"/record", "")
		var rec struct {
			History   []gonghui.HardshipEvent
			Approvals []gonghui.HardshipApprovalRecord
		}
		if code != http.StatusOK || json.Unmarshal([]byte(body), &rec) != nil || len(rec.History) != 4 || len(rec.Approvals) != 1 || rec.Approvals[0].Means.Size != 2 {
			t.Errorf("record: %d %s", code, body)
		}
		_, body = e.api(e.cyToken, "GET", "/api/v1/stats?org="+e.cyUnion.Code+"&date=2026-11-20", "")
		var st struct{ Indicators map[string]float64 }
		if json.Unmarshal([]byte(body), &st) != nil || st.Indicators["hardship_households"] != 1 || st.Indicators["hardship_households_deep"] != 1 || st.Indicators["hardship_persons"] != 2 {
			t.Errorf("stats: %s", body)
		}

		// The UI: the list and page masked, the reveal, a form with its
		// errors, a move.
		c := e.login("cy-cadre")
		code, page := e.do(c, "GET", "/hardship", "")
		if code != http.StatusOK || !strings.Contains(page, "张伟") || strings.Contains(page, head) || !strings.Contains(page, `href="/hardship" aria-current="page"`) {
			t.Errorf("list: %d", code)
		}
		code, page = e.do(c, "GET", "/hardship/"+id(f.ID), "")
		if code != http.StatusOK || strings.Contains(page, "透析") || strings.Contains(page, "20000.00") || !strings.Contains(page, "******") {
			t.Errorf("page: %d", code)
		}
		code, page = e.do(e.login("cy-auditor"), "POST", "/hardship/"+id(f.ID)+"/reveal", "")
		if code != http.StatusOK || !strings.Contains(page, "透析") || !strings.Contains(page, "20000.00") {
			t.Errorf("revealed page: %d", code)
		}
		form := url.Values{"org_code": {e.cyUnion.Code}, "region_code": {"110105"}, "address": {"朝阳区某路3号"}, "head.name": {"王芳"},
			"head.id_number": {head}, "members.0.name": {"王小明"}, "members.0.relation": {""}, "income.wages": {"一万"}, "causes": {"illness"}}
		code, page = e.do(c, "POST", "/hardship/new", form.Encode())
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "此人已在另一户") || !strings.Contains(page, "金额应为元") || !strings.Contains(page, "王芳") {
			t.Errorf("refused form: %d", code)
		}
		form.Set("head.id_number", storetest.CitizenID("110105", "19900101", 13))
		form.Set("members.0.relation", "child")
		form.Set("members.0.id_number", storetest.CitizenID("110105", "20100101", 14))
		form.Set("income.wages", "10,000.50")
		if code, _ := e.do(c, "POST", "/hardship/new", form.Encode()); code != http.StatusSeeOther {
			t.Errorf("create from the form: %d", code)
		}
		if code, _ := e.do(c, "POST", "/hardship/"+id(f.ID)+"/move", url.Values{"action": {"lift"}, "on": {"2026-11-20"}, "note": {"再就业"}}.Encode()); code != http.StatusSeeOther {
			t.Errorf("lift from the page: %d", code)
		}
		if code, _ := e.do(e.login("cy-cadre"), "GET", "/hardship/allowances", ""); code != http.StatusOK {
			t.Errorf("allowances page: %d", code)
		}
	})
}
