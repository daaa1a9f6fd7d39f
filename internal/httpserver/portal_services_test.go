package httpserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

// TestPortalServices walks a member through the service network in the
// portal: the station whose door they scanned (check in once a day, rate,
// report), a survey sent to their district (answered once), and a rating
// of a service project by the API.
func TestPortalServices(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		idNo := storetest.CitizenID("110105", "19900307", 601)
		m := e.addMember(e.cyUnion, "王芳", idNo)
		cadre := e.login("cy-cadre")
		c := e.activateMember(cadre, m, idNo)
		sys := gonghui.SystemActor("t")
		h, err := e.st.CreateWorkerHome(ctx, sys, gonghui.WorkerHomeInput{OrgID: e.cyUnion.ID, Name: "建外暖心驿站", Kind: gonghui.WorkerHomeWarm,
			Address: "北京市朝阳区建国门外大街1号", OpeningHours: "每天 0:00-24:00", OpenedOn: gonghui.NewDate(2020, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if _, page := e.do(cadre, "GET", "/workerhomes/"+id(h.ID)+"/door", ""); !strings.Contains(page, "/portal/stations/"+h.Code) {
			t.Errorf("the door's QR does not lead members to the portal: %s", page)
		}
		station := "/portal/stations/" + h.Code
		if code, page := e.do(c, "GET", station, ""); code != http.StatusOK || !strings.Contains(page, "建外暖心驿站") || strings.Contains(page, "<script") {
			t.Fatalf("the station's portal page: %d %s", code, page)
		}
		if code, _ := e.do(e.client(), "GET", station, ""); code != http.StatusSeeOther {
			t.Errorf("the station's page without a session: %d", code)
		}
		if code, _, page := e.submit(c, station+"/checkin", url.Values{}); code != http.StatusOK || !strings.Contains(page, "已记录") {
			t.Errorf("check in: %d %s", code, page)
		}
		if code, _, _ := e.submit(c, station+"/checkin", url.Values{}); code != http.StatusUnprocessableEntity {
			t.Errorf("a second check-in today: %d", code)
		}
		if code, _, page := e.submit(c, station+"/rating", url.Values{"stars": {"9"}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, `class="err"`) {
			t.Errorf("nine stars: %d %s", code, page)
		}
		if code, _, _ := e.submit(c, station+"/rating", url.Values{"stars": {"5"}, "comment": {"很温暖"}}); code != http.StatusOK {
			t.Errorf("rate: %d", code)
		}
		if code, _, _ := e.submit(c, station+"/report", url.Values{"kind": {gonghui.ReportService}, "note": {"微波炉坏了"}}); code != http.StatusOK {
			t.Errorf("report: %d", code)
		}
		var use gonghui.StationUse
		e.apiInto(e.cyToken, "GET", "/api/v1/workerhomes/"+id(h.ID)+"/use", "", http.StatusOK, &use)
		if !use.VerifiedOpen || !use.Flagged || use.Ratings != 1 || use.RatingMean != 500 {
			t.Errorf("the station's use: %+v", use)
		}

		// A survey of the district: in the member's list until answered.
		today := gonghui.Today()
		sv, err := e.st.CreateSurvey(ctx, sys, gonghui.SurveyInput{OrgID: e.chaoyang.ID, Title: "职工需求调查", OpensOn: today, ClosesOn: today.AddDays(10),
			Questions: []gonghui.SurveyQuestion{{Kind: gonghui.QuestionSingle, Text: "最需要的服务", Options: []string{"法律", "培训"}, Required: true},
				{Kind: gonghui.QuestionScale, Text: "满意度", ScaleMax: 5}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.OpenSurvey(ctx, sys, sv.ID, sv.Version); err != nil {
			t.Fatal(err)
		}
		if _, page := e.do(c, "GET", "/portal/surveys", ""); !strings.Contains(page, "/portal/surveys/"+id(sv.ID)) {
			t.Errorf("the member's surveys: %s", page)
		}
		survey := "/portal/surveys/" + id(sv.ID)
		if code, _, page := e.submit(c, survey, url.Values{"q1": {"4"}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, "此题必答") {
			t.Errorf("a required question unanswered: %d %s", code, page)
		}
		if code, _, page := e.submit(c, survey, url.Values{"q0": {"1"}, "q1": {"4"}}); code != http.StatusOK || !strings.Contains(page, "感谢") || strings.Contains(page, survey) {
			t.Errorf("answer: %d %s", code, page)
		}
		if code, body := e.do(c, "POST", "/api/v1/portal/surveys/"+id(sv.ID)+"/responses", `{"answers":[{"question":0,"options":[0]}]}`); code != http.StatusUnprocessableEntity {
			t.Errorf("a second answer by the API: %d %s", code, body)
		}
		res, err := e.st.SurveyResults(ctx, sys, sv.ID, 0)
		if err != nil || res.Respondents != 1 || res.Questions[0].Counts[1] != 1 {
			t.Errorf("the results: %+v %v", res, err)
		}

		// A project of the district rated by the member.
		p, err := e.st.CreateServiceProject(ctx, sys, gonghui.ServiceProjectInput{OrgID: e.chaoyang.ID, Name: "职工心灵驿站"})
		if err != nil {
			t.Fatal(err)
		}
		if code, body := e.do(c, "POST", "/api/v1/portal/service-projects/"+id(p.ID)+"/ratings", `{"year":`+itoa(yearNow())+`,"stars":4}`); code != http.StatusOK ||
			!strings.Contains(body, `"member_ratings":1`) {
			t.Errorf("the member's rating: %d %s", code, body)
		}
	})
}
