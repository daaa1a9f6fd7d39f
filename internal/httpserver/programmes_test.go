package httpserver_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestProgrammes(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		token := func(name string, org gonghui.Org, role gonghui.Role) string {
			u, err := e.st.CreateUser(ctx, sys, gonghui.UserInput{Username: name, OrgID: org.ID, Role: role, Password: password})
			if err != nil {
				t.Fatal(err)
			}
			tok, err := e.st.CreateToken(ctx, sys, u.ID, "test")
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		streetToken, districtToken := token("street-reviewer", e.cyStreet, gonghui.RoleReviewer), token("cy-reviewer", e.chaoyang, gonghui.RoleReviewer)
		fund, err := e.st.CreateFund(ctx, sys, gonghui.FundInput{OrgID: e.chaoyang.ID, Name: "朝阳帮扶资金"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.Allocate(ctx, sys, store.AllocationInput{FundID: fund.ID, AmountFen: 10_000_000, PostedOn: gonghui.NewDate(2017, 1, 5)}); err != nil {
			t.Fatal(err)
		}

		// A programme: the 422 shape names every bad field, the rules' among them.
		code, body := e.api(e.adminToken, "POST", "/api/v1/programmes", `{"org_id":`+id(e.chaoyang.ID)+`,"code":"bad code","name":"",
			"recipient_kind":"person","period_kind":"year","rules":{"amount":{"kind":"formula"},"approval":{"levels":0}}}`)
		var refusal struct {
			Error struct {
				Message string
				Fields  map[string]string
			}
		}
		if code != http.StatusUnprocessableEntity || json.Unmarshal([]byte(body), &refusal) != nil || refusal.Error.Message == "" {
			t.Fatalf("an invalid programme: %d %s", code, body)
		}
		for _, f := range []string{"code", "name", "fund_id", "rules.amount.rate_bp", "rules.approval.levels"} {
			if refusal.Error.Fields[f] == "" {
				t.Errorf("no reason for %s: %s", f, body)
			}
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/programmes", `{}`); code != http.StatusForbidden {
			t.Errorf("a cadre opened a programme: %d %s", code, body)
		}
		var p gonghui.Programme
		e.apiInto(e.adminToken, "POST", "/api/v1/programmes", `{"org_id":`+id(e.chaoyang.ID)+`,"code":"CY-JQ","name":"朝阳金秋助学","fund_id":`+id(fund.ID)+`,
			"recipient_kind":"person","form":"cash","period_kind":"year","active":true,
			"rules":{"eligibility":{"member":true,"school_levels":["university","high_school"]},
			"amount":{"kind":"fixed","tiers":[{"school_level":"university","amount_fen":400000},{"school_level":"high_school","amount_fen":200000}]},
			"approval":{"levels":2}}}`, http.StatusCreated, &p)
		if p.Rules.Approval.Permission != gonghui.PermApproveAssistance {
			t.Errorf("the chain's permission defaults to %q", p.Rules.Approval.Permission)
		}

		// Applications: filed, refused with reasons, a duplicate, approved level by level, paid once.
		m := e.addMember(e.cyUnion, "金秋申请人", storetest.CitizenID("110105", "19800101", 501))
		app := func(extra string) string {
			return `{"programme_id":` + id(p.ID) + `,"org_id":` + id(e.cyUnion.ID) + `,"applied_on":"2017-09-01","person_id":` + id(m.PersonID) +
				`,"payee":{"account":"6222020200112233445","bank":"工商银行"}` + extra + `}`
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/applications", app(`,"school_level":"kindergarten"`)); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"school_level"`) {
			t.Errorf("an unknown school level: %d %s", code, body)
		}
		var a gonghui.Application
		code, body = e.api(e.cyToken, "POST", "/api/v1/applications", app(`,"school_level":"university"`))
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &a) != nil || a.Assessment.AmountFen != 400_000 || strings.Contains(body, "6222020200112233445") {
			t.Errorf("filed: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/applications", app(`,"school_level":"high_school"`)); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"duplicate"`) {
			t.Errorf("a duplicate: %d %s", code, body)
		}
		var queue struct{ Total int }
		e.apiInto(streetToken, "GET", "/api/v1/applications?awaiting=true", "", http.StatusOK, &queue)
		if queue.Total != 1 {
			t.Errorf("the street's queue holds %d", queue.Total)
		}
		if code, body := e.api(districtToken, "POST", "/api/v1/applications/"+id(a.ID)+"/decision", `{"action":"refuse"}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"comment"`) {
			t.Errorf("a refusal without a reason: %d %s", code, body)
		}
		e.apiInto(streetToken, "POST", "/api/v1/applications/"+id(a.ID)+"/decision", `{"action":"approve","comment":"属实"}`, http.StatusOK, &a)
		var batch struct {
			Passed, Refused int
			Items           []struct {
				ID    int64
				OK    bool
				Error *struct{ Message string }
			}
		}
		e.apiInto(districtToken, "POST", "/api/v1/applications/decisions", `{"ids":[`+id(a.ID)+`,999999],"action":"approve","comment":"同意"}`, http.StatusOK, &batch)
		if batch.Passed != 1 || batch.Refused != 1 || !batch.Items[0].OK || batch.Items[1].Error == nil || batch.Items[1].Error.Message == "" {
			t.Errorf("batch: %+v", batch)
		}
		e.apiInto(e.auditorToken, "GET", "/api/v1/applications/"+id(a.ID), "", http.StatusOK, &a)
		if a.State != gonghui.AppApproved || a.EntryID == 0 || len(a.Steps) != 3 {
			t.Errorf("approved: %+v", a)
		}
		if code, _ := e.api(districtToken, "POST", "/api/v1/applications/"+id(a.ID)+"/decision", `{"action":"approve"}`); code != http.StatusConflict {
			t.Errorf("a retried approval: %d", code)
		}
		if code, _ := e.api(e.hdToken, "GET", "/api/v1/applications/"+id(a.ID), ""); code != http.StatusNotFound {
			t.Errorf("another district reads the application: %d", code)
		}

		// The UI: the programme, a refused form with its reasons, a filing, the queue, a batch decision.
		c := e.login("cy-cadre")
		if code, page := e.do(c, "GET", "/programmes/"+id(p.ID), ""); code != http.StatusOK || !strings.Contains(page, "朝阳金秋助学") || !strings.Contains(page, "/applications/new?programme_id=") {
			t.Errorf("programme page: %d", code)
		}
		m2 := e.addMember(e.cyUnion, "表单申请人", storetest.CitizenID("110105", "19800101", 502))
		form := url.Values{"programme_id": {id(p.ID)}, "org_code": {e.cyUnion.Code}, "applied_on": {"2017-09-01"}, "person_id": {id(m2.PersonID)},
			"school_level": {"high_school"}, "payee_account": {"12"}, "requested": {"一百"}}
		code, page := e.do(c, "POST", "/applications/new", form.Encode())
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "金额应为元") || !strings.Contains(page, "银行卡号") {
			t.Errorf("refused form: %d %s", code, page)
		}
		form.Set("payee_account", "6222020200112233445")
		form.Del("requested")
		if code, _ := e.do(c, "POST", "/applications/new", form.Encode()); code != http.StatusSeeOther {
			t.Errorf("filed from the form: %d", code)
		}
		_, err = e.st.CreateUser(ctx, sys, gonghui.UserInput{Username: "street-ui", OrgID: e.cyStreet.ID, Role: gonghui.RoleReviewer, Password: password})
		if err != nil {
			t.Fatal(err)
		}
		sc := e.login("street-ui")
		code, page = e.do(sc, "GET", "/applications?awaiting=1", "")
		if code != http.StatusOK || !strings.Contains(page, "表单申请人") || strings.Contains(page, "金秋申请人") {
			t.Errorf("the street's queue: %d", code)
		}
		code, page = e.do(sc, "GET", "/", "")
		if code != http.StatusOK || !strings.Contains(page, "/applications?awaiting=1") {
			t.Errorf("the inbox does not show the queue: %d", code)
		}
		var queued struct{ Items []gonghui.Application }
		e.apiInto(streetToken, "GET", "/api/v1/applications?awaiting=true", "", http.StatusOK, &queued)
		if len(queued.Items) != 1 {
			t.Fatalf("queue: %+v", queued)
		}
		batch2 := url.Values{"id": {id(queued.Items[0].ID), id(a.ID)}, "action": {"approve"}, "comment": {"同意"}}
		code, page = e.do(sc, "POST", "/applications/batch", batch2.Encode())
		if code != http.StatusOK || !strings.Contains(page, "不在待审批状态") {
			t.Errorf("batch from the list: %d %s", code, page)
		}
		if code, page := e.do(sc, "GET", "/applications/"+id(queued.Items[0].ID), ""); code != http.StatusOK || !strings.Contains(page, "1/2") {
			t.Errorf("after the batch: %d", code)
		}

		// The approval list exports as the list selects it, accounts masked, audited.
		code, sheet := e.do(c, "GET", "/applications.csv?state=approved", "")
		if code != http.StatusOK || !strings.Contains(sheet, "核定金额（元）") || !strings.Contains(sheet, "金秋申请人") || strings.Contains(sheet, "表单申请人") ||
			strings.Contains(sheet, "6222020200112233445") || !strings.Contains(sheet, "4000.00") {
			t.Errorf("approval list: %d %s", code, sheet)
		}
		if code, _ := e.do(e.login("cy-viewer"), "GET", "/applications.csv", ""); code != http.StatusForbidden {
			t.Errorf("a viewer exported the approval list: %d", code)
		}
		if code, sheet := e.do(e.login("hd-cadre"), "GET", "/applications.csv", ""); code == http.StatusOK && strings.Contains(sheet, "申请人") {
			t.Errorf("another district exported the applications: %s", sheet)
		}
		if ev, _, _ := e.st.ListAudit(ctx, sys, gonghui.AuditFilter{Action: store.ActionExportStart, RecordType: "applications"}); len(ev) == 0 {
			t.Error("the approval list's export is not audited")
		}

		// A returned application is changed and filed again from its page.
		returned := e.addMember(e.cyUnion, "退回申请人", storetest.CitizenID("110105", "19800101", 503))
		var ra gonghui.Application
		e.apiInto(e.cyToken, "POST", "/api/v1/applications", `{"programme_id":`+id(p.ID)+`,"org_id":`+id(e.cyUnion.ID)+`,"applied_on":"2017-09-01","person_id":`+
			id(returned.PersonID)+`,"school_level":"university","payee":{"account":"6222020200112233445"}}`, http.StatusCreated, &ra)
		e.apiInto(streetToken, "POST", "/api/v1/applications/"+id(ra.ID)+"/decision", `{"action":"return","comment":"请补充学段证明"}`, http.StatusOK, &ra)
		if code, page := e.do(c, "GET", "/applications/"+id(ra.ID), ""); code != http.StatusOK || !strings.Contains(page, "/applications/"+id(ra.ID)+"/refile") {
			t.Errorf("returned application page: %d", code)
		}
		code, page = e.do(c, "GET", "/applications/"+id(ra.ID)+"/refile", "")
		if code != http.StatusOK || !strings.Contains(page, `value="university" selected`) || strings.Contains(page, "6222020200112233445") {
			t.Errorf("refile form: %d %s", code, page)
		}
		rf := url.Values{"org_code": {e.cyUnion.Code}, "applied_on": {"2017-09-02"}, "person_id": {id(returned.PersonID)}, "school_level": {"high_school"},
			"version": {id(ra.Version)}}
		if code, _ := e.do(c, "POST", "/applications/"+id(ra.ID)+"/refile", rf.Encode()); code != http.StatusSeeOther {
			t.Errorf("refiled: %d", code)
		}
		e.apiInto(e.cyToken, "GET", "/api/v1/applications/"+id(ra.ID), "", http.StatusOK, &ra)
		if ra.State != gonghui.AppFiled || ra.Assessment.AmountFen != 200_000 || ra.Input.Payee.Account == "" {
			t.Errorf("after refiling: %+v", ra)
		}
		if code, _ := e.do(c, "POST", "/applications/"+id(ra.ID)+"/refile", rf.Encode()); code != http.StatusConflict {
			t.Errorf("refiling a filed application: %d", code)
		}

		// A programme kept from the UI: its rules as JSON, refused with the reasons beside the fields.
		ad := e.login("cy-admin")
		if code, page := e.do(ad, "GET", "/programmes/new", ""); code != http.StatusOK || !strings.Contains(page, `name="rules"`) {
			t.Errorf("the programme form: %d", code)
		}
		if code, _ := e.do(c, "GET", "/programmes/new", ""); code != http.StatusForbidden {
			t.Errorf("a cadre opened the programme form: %d", code)
		}
		pf := url.Values{"org_code": {e.chaoyang.Code}, "code": {"CY-YJ"}, "name": {"朝阳应急救助"}, "fund_id": {id(fund.ID)}, "recipient_kind": {"person"},
			"form": {"cash"}, "period_kind": {"year"}, "figure": {"warmth"}, "active": {"1"}, "rules": {`{"amount":{"kind":"requested"`}}
		if code, page := e.do(ad, "POST", "/programmes/new", pf.Encode()); code != http.StatusUnprocessableEntity || !strings.Contains(page, "规则格式有误") {
			t.Errorf("bad rules: %d", code)
		}
		pf.Set("rules", `{"amount":{"kind":"requested","max_fen":-1},"approval":{"levels":1}}`)
		if code, page := e.do(ad, "POST", "/programmes/new", pf.Encode()); code != http.StatusUnprocessableEntity || !strings.Contains(page, "amount.max_fen") {
			t.Errorf("a bad amount in the rules: %d", code)
		}
		pf.Set("rules", `{"amount":{"kind":"requested","max_fen":500000},"approval":{"levels":1}}`)
		if code, _ := e.do(ad, "POST", "/programmes/new", pf.Encode()); code != http.StatusSeeOther {
			t.Fatalf("programme from the form: %d", code)
		}
		made, err := e.st.GetProgrammeByCode(ctx, sys, "CY-YJ")
		if err != nil || made.Figure != gonghui.FigureWarmth || made.Rules.Amount.MaxFen != 500000 {
			t.Fatalf("made %+v %v", made, err)
		}
		ef := url.Values{"code": {"CY-YJ"}, "name": {"朝阳应急救助金"}, "fund_id": {id(fund.ID)}, "recipient_kind": {"person"}, "form": {"cash"},
			"period_kind": {"year"}, "figure": {"warmth"}, "active": {"1"}, "rules": {`{"amount":{"kind":"requested","max_fen":500000},"approval":{"levels":1}}`},
			"version": {id(made.Version)}}
		if code, _ := e.do(ad, "POST", "/programmes/"+id(made.ID)+"/edit", ef.Encode()); code != http.StatusSeeOther {
			t.Errorf("edit: %d", code)
		}
		if code, _ := e.do(ad, "POST", "/programmes/"+id(made.ID)+"/edit", ef.Encode()); code != http.StatusConflict {
			t.Errorf("a stale edit: %d", code)
		}
		if code, page := e.do(ad, "GET", "/programmes/"+id(made.ID)+"/edit", ""); code != http.StatusOK || !strings.Contains(page, "朝阳应急救助金") {
			t.Errorf("edit form: %d", code)
		}
	})
}
