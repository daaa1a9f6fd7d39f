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

// TestPortalNearestStations: a member finds the stations anyone may walk
// into near a point (a workplace's own home is not among them), by page
// and API; a bad point or a workplace kind is refused by field.
func TestPortalNearestStations(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		idNo := storetest.CitizenID("110105", "19900307", 617)
		m := e.addMember(e.cyUnion, "李娜", idNo)
		c := e.activateMember(e.login("cy-cadre"), m, idNo)
		sys := gonghui.SystemActor("t")
		at := gonghui.GeoPoint{Lat: 39.908722, Lng: 116.447229}
		station := func(name, kind string, north float64) gonghui.WorkerHome {
			h, err := e.st.CreateWorkerHome(ctx, sys, gonghui.WorkerHomeInput{OrgID: e.cyUnion.ID, Name: name, Kind: kind,
				Address: "北京市朝阳区建国门外大街", OpeningHours: "每天 0:00-24:00", OpenedOn: gonghui.NewDate(2020, 1, 1),
				Partner: "某银行", ContactName: "王经理", ContactPhone: "13812345678",
				Location: &gonghui.GeoPoint{Lat: at.Lat + north, Lng: at.Lng}})
			if err != nil {
				t.Fatal(err)
			}
			return h
		}
		near := station("建外暖心驿站", gonghui.WorkerHomeWarm, 0.001) // about 111 m
		farther := station("光华路心灵驿站", gonghui.WorkerHomeWellbeing, 0.005)
		station("某公司职工之家", gonghui.WorkerHomeUnion, 0.0005)

		if code, page := e.do(c, "GET", "/portal/stations", ""); code != http.StatusOK || !strings.Contains(page, `id="locate"`) || strings.Contains(page, "nearest-results") {
			t.Errorf("the search form: %d %s", code, page)
		}
		q := "?lat=39.908722&lng=116.447229&radius=2000&open_now=1"
		code, page := e.do(c, "GET", "/portal/stations"+q, "")
		if code != http.StatusOK || !strings.Contains(page, "/portal/stations/"+near.Code) || strings.Contains(page, "某公司职工之家") ||
			strings.Index(page, near.Name) > strings.Index(page, farther.Name) || strings.Contains(page, "王经理") || strings.Contains(page, "5678") {
			t.Errorf("the stations found: %d %s", code, page)
		}
		if code, page := e.do(c, "GET", "/portal/stations?lat=91&lng=116.4", ""); code != http.StatusUnprocessableEntity || !strings.Contains(page, "纬度须为") {
			t.Errorf("a bad latitude: %d %s", code, page)
		}
		var found struct {
			Items []gonghui.NearStation `json:"items"`
		}
		e.apiPortalInto(c, "GET", "/api/v1/portal/stations/nearest"+q+"&datum=wgs84", "", http.StatusOK, &found)
		if len(found.Items) != 2 || found.Items[0].ID != near.ID || found.Items[0].Distance < 100 || found.Items[0].Distance > 125 || found.Items[0].ContactPhone != "" {
			t.Errorf("the API's stations: %+v", found.Items)
		}
		if code, body := e.do(c, "GET", "/api/v1/portal/stations/nearest"+q+"&kind="+gonghui.WorkerHomeUnion, ""); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"kind"`) {
			t.Errorf("a workplace's kind: %d %s", code, body)
		}
		if code, _ := e.do(e.client(), "GET", "/api/v1/portal/stations/nearest"+q, ""); code != http.StatusUnauthorized {
			t.Errorf("without a session: %d", code)
		}
	})
}
