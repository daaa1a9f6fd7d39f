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

func TestOutreachEvents(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		w, err := e.st.NewEmployerWriter(ctx, sys, 0)
		if err != nil {
			t.Fatal(err)
		}
		building := gonghui.EmployerInput{USCC: storetest.USCC("91", "110105", 921), Name: "建外楼宇某科技公司", LegalForm: "llc", Ownership: gonghui.OwnershipPrivate, StaffCount: 40, RegionCode: "110105001"}
		if _, err := w.Save(ctx, building); err != nil {
			t.Fatal(err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		emps, _, err := e.st.ListEmployers(ctx, sys, gonghui.EmployerFilter{Query: building.USCC})
		if err != nil || len(emps) != 1 {
			t.Fatalf("employer: %v %v", emps, err)
		}
		emp := emps[0]

		// The API: record, read, change one field, a stale edit, errors, scope.
		code, body := e.api(e.cyToken, "POST", "/api/v1/outreach-events", `{"kind":"dialogue","org_id":`+id(e.cyStreet.ID)+
			`,"place_kind":"building","place_name":"建外SOHO","address":"朝阳区东三环中路39号","region_code":"110105001","held_on":"2018-03-15",
			"employer_ids":[`+id(emp.ID)+`],"workers_reached":200,"members_recruited":35}`)
		var ev gonghui.OutreachEvent
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &ev) != nil || ev.Version != 1 || len(ev.Employers) != 1 || ev.Employers[0].Name != building.Name {
			t.Fatalf("create: %d %s", code, body)
		}
		path := "/api/v1/outreach-events/" + id(ev.ID)
		code, body = e.api(e.cyToken, "PATCH", path, `{"workers_reached":220,"version":1}`)
		var got gonghui.OutreachEvent
		if code != http.StatusOK || json.Unmarshal([]byte(body), &got) != nil || got.WorkersReached != 220 || got.Version != 2 || len(got.Employers) != 1 || got.PlaceName != ev.PlaceName {
			t.Errorf("patch: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "PATCH", path, `{"workers_reached":100,"version":1}`); code != http.StatusConflict {
			t.Errorf("stale patch: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/outreach-events", `{"kind":"party","org_id":`+id(e.cyStreet.ID)+`,"held_on":"2018-03-15","workers_reached":5,"members_recruited":9,"employer_ids":[`+id(emp.ID+1000)+`]}`); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `"kind"`) || !strings.Contains(body, `"place_name"`) || !strings.Contains(body, `"members_recruited"`) || !strings.Contains(body, `"employer_ids"`) {
			t.Errorf("invalid create: %d %s", code, body)
		}
		for _, tc := range []struct{ method, path, body string }{{"GET", path, ""}, {"PATCH", path, `{"workers_reached":1,"version":2}`}} {
			if code, _ := e.api(e.hdToken, tc.method, tc.path, tc.body); code != http.StatusNotFound {
				t.Errorf("Haidian %s %s: %d, want 404", tc.method, tc.path, code)
			}
		}
		if _, body := e.api(e.hdToken, "GET", "/api/v1/outreach-events", ""); strings.Contains(body, "建外SOHO") {
			t.Errorf("Haidian's list leaks: %s", body)
		}
		if code, _ := e.api(e.viewerToken, "PATCH", path, `{"workers_reached":1,"version":2}`); code != http.StatusForbidden {
			t.Errorf("viewer patch: %d", code)
		}
		if code, body := e.api(e.cyToken, "GET", "/api/v1/outreach-events?kind=dialogue&region=110105", ""); code != http.StatusOK || !strings.Contains(body, `"total":1`) {
			t.Errorf("list: %d %s", code, body)
		}

		// The figures count it on its day.
		for date, want := range map[string][3]float64{"2018-03-14": {0, 0, 0}, "2018-03-15": {1, 220, 1}} {
			_, body := e.api(e.cyToken, "GET", "/api/v1/stats?org="+e.chaoyang.Code+"&date="+date, "")
			var st struct{ Indicators map[string]float64 }
			if json.Unmarshal([]byte(body), &st) != nil || st.Indicators["outreach_events"] != want[0] || st.Indicators["outreach_workers_reached"] != want[1] || st.Indicators["outreach_employers_reached"] != want[2] {
				t.Errorf("stats on %s: %v", date, st.Indicators)
			}
		}

		// The UI: the navigation entry, the list, a refused form, an edit.
		c := e.login("cy-cadre")
		code, page := e.do(c, "GET", "/outreach", "")
		if code != http.StatusOK || !strings.Contains(page, "建外SOHO") || !strings.Contains(page, `<a href="/outreach" aria-current="page">职工聚集区域</a>`) {
			t.Errorf("list: %d", code)
		}
		if code, page := e.do(c, "GET", "/outreach/"+id(ev.ID), ""); code != http.StatusOK || !strings.Contains(page, building.Name) {
			t.Errorf("show: %d", code)
		}
		form := url.Values{"kind": {"advice"}, "org_code": {e.cyStreet.Code}, "place_kind": {"community"}, "place_name": {"建外社区"},
			"address": {"建外街道某社区"}, "region_code": {"110105001"}, "held_on": {"2018/04/01"}, "employers": {building.USCC + "\n91110105MA0000000X"},
			"workers_reached": {"六十"}}
		code, page = e.do(c, "POST", "/outreach/new", form.Encode())
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-held_on"`) || !strings.Contains(page, `id="err-employers"`) ||
			!strings.Contains(page, `id="err-workers_reached"`) || !strings.Contains(page, "建外社区") {
			t.Errorf("refused form: %d", code)
		}
		form.Set("held_on", "2018-04-01")
		form.Set("employers", building.USCC)
		form.Set("workers_reached", "60")
		if code, _ := e.do(c, "POST", "/outreach/new", form.Encode()); code != http.StatusSeeOther {
			t.Errorf("create from the form: %d", code)
		}
		if code, page := e.do(c, "GET", "/outreach/"+id(ev.ID)+"/edit", ""); code != http.StatusOK || !strings.Contains(page, building.USCC) {
			t.Errorf("edit form: %d", code)
		}
		edit := url.Values{"kind": {"dialogue"}, "org_code": {e.cyStreet.Code}, "place_kind": {"building"}, "place_name": {"建外SOHO"},
			"address": {ev.Address}, "region_code": {"110105001"}, "held_on": {"2018-03-15"}, "version": {"1"}}
		code, page = e.do(c, "POST", "/outreach/"+id(ev.ID)+"/edit", edit.Encode())
		if code != http.StatusConflict || !strings.Contains(page, "此记录已被他人修改") {
			t.Errorf("stale UI edit: %d", code)
		}
		if code, _ := e.do(e.login("hd-cadre"), "GET", "/outreach/"+id(ev.ID), ""); code != http.StatusNotFound {
			t.Errorf("Haidian sees Chaoyang's event: %d", code)
		}
	})
}

func TestNewEmployment(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		for i, org := range []gonghui.Org{e.cyUnion, e.cyUnion, e.hdUnion} {
			in := gonghui.MemberInput{Name: "快递员", IDNumber: storetest.CitizenID("110105", "19960202", 70+i), OrgID: org.ID, UnitID: e.cyUnit.ID,
				Employment: gonghui.EmploymentNewForms, JoinedOn: gonghui.NewDate(2018, 1, 2)}
			if org.ID == e.hdUnion.ID {
				in.UnitID = e.hdUnit.ID
			}
			if _, _, err := e.st.SaveMember(ctx, sys, in); err != nil {
				t.Fatal(err)
			}
		}
		var rows []gonghui.NewEmploymentRow
		code, body := e.api(e.cyToken, "GET", "/api/v1/coverage/new-employment?date=2018-06-30", "")
		if code != http.StatusOK || json.Unmarshal([]byte(body), &rows) != nil || len(rows) != 1 || rows[0].UnitID != e.cyUnit.ID || rows[0].Members != 2 {
			t.Errorf("Chaoyang's rows: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "GET", "/api/v1/coverage/new-employment?date=2018-01-01", ""); code != http.StatusOK || body != "[]\n" && body != "[]" {
			t.Errorf("before they joined: %d %s", code, body)
		}
		if code, _ := e.api(e.cyToken, "GET", "/api/v1/coverage/new-employment?org_id="+id(e.hdUnion.ID), ""); code != http.StatusNotFound {
			t.Errorf("a union outside the scope: %d", code)
		}
		code, page := e.do(e.login("cy-cadre"), "GET", "/coverage/new-employment?date=2018-06-30", "")
		if code != http.StatusOK || !strings.Contains(page, e.cyUnit.Name) || strings.Contains(page, e.hdUnit.Name) {
			t.Errorf("page: %d", code)
		}
	})
}
