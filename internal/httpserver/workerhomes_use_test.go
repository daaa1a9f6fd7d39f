package httpserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

// TestStationUse shows a station's use to its keepers: a member's check-in
// verifies it, a report flags it in the inbox until a cadre resolves it on
// the station's page; another district's cadre can do neither.
func TestStationUse(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		h, err := e.st.CreateWorkerHome(ctx, gonghui.SystemActor("t"), gonghui.WorkerHomeInput{OrgID: e.cyUnion.ID, Name: "建外暖心驿站", Kind: gonghui.WorkerHomeWarm,
			Address: "北京市朝阳区建国门外大街1号", OpenedOn: gonghui.NewDate(2020, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		m := e.addMember(e.hdUnion, "海淀会员", storetest.CitizenID("110108", "19900101", 81))
		portal := gonghui.SystemActor("portal")
		if _, err := e.st.CheckIn(ctx, portal, m.PersonID, h.Code); err != nil {
			t.Fatal(err)
		}
		rep, err := e.st.ReportStation(ctx, portal, m.PersonID, h.Code, gonghui.StationReportInput{Kind: gonghui.ReportService, Note: "热水器坏了"})
		if err != nil {
			t.Fatal(err)
		}
		c, hd := e.login("cy-cadre"), e.login("hd-cadre")
		if _, page := e.do(c, "GET", "/", ""); !strings.Contains(page, `<a href="/workerhomes?flagged=1"><span class="inbox-count">1</span> 驿站有会员反映待处理</a>`) {
			t.Errorf("the inbox: %s", page)
		}
		if _, page := e.do(c, "GET", "/workerhomes?flagged=1", ""); !strings.Contains(page, "建外暖心驿站") {
			t.Errorf("the flagged list: %s", page)
		}
		if _, page := e.do(c, "GET", "/workerhomes/"+id(h.ID), ""); !strings.Contains(page, "确认开放") || !strings.Contains(page, "热水器坏了") ||
			!strings.Contains(page, "/station-reports/"+id(rep.ID)+"/resolve") {
			t.Errorf("the station's page: %s", page)
		}
		resolve := "/station-reports/" + id(rep.ID) + "/resolve"
		if code, _, _ := e.submit(hd, resolve, url.Values{"resolution": {"x"}}); code != http.StatusNotFound {
			t.Errorf("Haidian resolves Chaoyang's report: %d", code)
		}
		if code, body := e.api(e.hdToken, "GET", "/api/v1/workerhomes/"+id(h.ID)+"/reports", ""); code != http.StatusNotFound {
			t.Errorf("Haidian reads the reports: %d %s", code, body)
		}
		if code, _, _ := e.submit(c, resolve, url.Values{"resolution": {"已更换热水器"}, "home_id": {id(h.ID)}}); code != http.StatusSeeOther {
			t.Fatalf("resolve: %d", code)
		}
		var use gonghui.StationUse
		e.apiInto(e.cyToken, "GET", "/api/v1/workerhomes/"+id(h.ID)+"/use", "", http.StatusOK, &use)
		if use.Flagged || !use.VerifiedOpen || use.CheckIns != 1 {
			t.Errorf("after the resolution: %+v", use)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/station-reports/"+id(rep.ID)+"/resolve", `{"resolution":"再次"}`); code != http.StatusUnprocessableEntity {
			t.Errorf("a second resolution: %d %s", code, body)
		}
	})
}
