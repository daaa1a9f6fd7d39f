package httpserver_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

// TestSurveys builds a survey on its form, sends it, enters paper
// questionnaires and reads the results and their export; another
// district's cadre reaches none of it.
func TestSurveys(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c, hd := e.login("cy-cadre"), e.login("hd-cadre")
		today := gonghui.Today()
		form := url.Values{"title": {"2026年职工需求调查"}, "org_code": {e.chaoyang.Code}, "opens_on": {today.AddDays(-1).String()},
			"closes_on": {today.AddDays(30).String()}, "questions": {"[单选] 您最需要的服务 *\n- 法律咨询\n[量表5] 满意度 *\n[文字] 建议\n"}}
		code, _, page := e.submit(c, "/surveys/new", form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "第1题：") {
			t.Errorf("a choice of one option: %d %s", code, page)
		}
		form.Set("questions", "[单选] 您最需要的服务 *\n- 法律咨询\n- 技能培训\n[量表5] 满意度 *\n[判断] 对吗")
		if code, _, page := e.submit(c, "/surveys/new", form); code != http.StatusUnprocessableEntity || !strings.Contains(page, "第5行") {
			t.Errorf("an unknown kind: %d %s", code, page)
		}
		form.Set("questions", "[单选] 您最需要的服务 *\n- 法律咨询\n- 技能培训\n[量表5] 满意度 *\n[文字] 建议\n")
		code, loc, page := e.submit(c, "/surveys/new", form)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/surveys/") {
			t.Fatalf("save: %d %s %s", code, loc, page)
		}
		sid := strings.TrimPrefix(loc, "/surveys/")
		if _, edit := e.do(c, "GET", loc+"/edit", ""); !strings.Contains(edit, "[量表5] 满意度 *") {
			t.Errorf("the draft's form: %s", edit)
		}
		for _, path := range []string{loc, loc + "/edit", loc + "/results", loc + "/responses/new", loc + "/results.csv"} {
			if code, _ := e.do(hd, "GET", path, ""); code != http.StatusNotFound {
				t.Errorf("Haidian reads %s: %d", path, code)
			}
		}
		for _, path := range []string{"/api/v1/surveys/" + sid, "/api/v1/surveys/" + sid + "/results"} {
			if code, _ := e.api(e.hdToken, "GET", path, ""); code != http.StatusNotFound {
				t.Errorf("Haidian reads %s: %d", path, code)
			}
		}
		if code, _, _ := e.submit(hd, loc+"/open", url.Values{"version": {"1"}}); code != http.StatusNotFound {
			t.Errorf("Haidian sends Chaoyang's survey: %d", code)
		}
		if code, _, _ := e.submit(c, loc+"/open", url.Values{"version": {"1"}}); code != http.StatusSeeOther {
			t.Fatalf("send: %d", code)
		}
		if _, show := e.do(c, "GET", loc, ""); !strings.Contains(show, "发放中") || !strings.Contains(show, loc+"/responses/new") || strings.Contains(show, loc+"/edit") {
			t.Errorf("the sent survey's page: %s", show)
		}

		// Paper questionnaires: refusals at their question, once per member.
		ids := []string{storetest.CitizenID("110105", "19800101", 71), storetest.CitizenID("110105", "19810101", 72)}
		for i, idn := range ids {
			e.addMember(e.cyUnion, "答卷人", idn)
			if i == 0 {
				code, _, page := e.submit(c, loc+"/responses/new", url.Values{"respondent": {idn}, "q0": {"0"}, "q1": {"9"}})
				if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-q1"`) {
					t.Errorf("off the scale: %d %s", code, page)
				}
			}
			if code, _, page := e.submit(c, loc+"/responses/new", url.Values{"respondent": {idn}, "q0": {"1"}, "q1": {"4"}, "q2": {"=多办培训"}}); code != http.StatusSeeOther {
				t.Fatalf("enter a questionnaire: %d %s", code, page)
			}
		}
		if code, _, page := e.submit(c, loc+"/responses/new", url.Values{"respondent": {ids[0]}, "q0": {"0"}, "q1": {"1"}}); code != http.StatusUnprocessableEntity ||
			!strings.Contains(page, "已答过") {
			t.Errorf("a second questionnaire: %d %s", code, page)
		}
		var res gonghui.SurveyResults
		e.apiInto(e.cyToken, "GET", "/api/v1/surveys/"+sid+"/results", "", http.StatusOK, &res)
		if res.Respondents != 2 || res.Questions[0].Counts[1] != 2 || res.Questions[1].MeanCents != 400 || len(res.Below) != 1 || res.Below[0].OrgID != e.cyStreet.ID {
			t.Errorf("results: %+v", res)
		}
		if _, page := e.do(c, "GET", loc+"/results", ""); !strings.Contains(page, "100.00%") || !strings.Contains(page, "4.00") || !strings.Contains(page, "建外街道总工会") {
			t.Errorf("the results page: %s", page)
		}
		code, body := e.do(c, "GET", loc+"/results.csv", "")
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
		if code != http.StatusOK || err != nil || len(rows) != 1+2+5+1+2 || rows[2][4] != "2" || rows[2][5] != "100.00" {
			t.Fatalf("the results' export: %d %v %q", code, err, rows)
		}
		if last := rows[len(rows)-1][7]; strings.HasPrefix(last, "=") {
			t.Errorf("a text answer exported as a formula: %q", last)
		}

		// The API: a patch of a sent survey is refused, the close takes its version.
		if code, body := e.api(e.cyToken, "PATCH", "/api/v1/surveys/"+sid, `{"title":"改名","version":2}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"state"`) {
			t.Errorf("a patch of a sent survey: %d %s", code, body)
		}
		var sv gonghui.Survey
		e.apiInto(e.cyToken, "POST", "/api/v1/surveys/"+sid+"/close", `{"version":2}`, http.StatusOK, &sv)
		if sv.State != gonghui.SurveyClosed || sv.Responses != 2 {
			t.Errorf("closed: %+v", sv)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/surveys/"+sid+"/responses", `{"respondent":{"id_number":"`+ids[1]+`"},"answers":[]}`); code != http.StatusUnprocessableEntity {
			t.Errorf("an answer to a closed survey: %d %s", code, body)
		}
	})
}
