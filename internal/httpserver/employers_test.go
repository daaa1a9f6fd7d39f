package httpserver_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

func TestEmployerRegister(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		w, err := e.st.NewEmployerWriter(ctx, gonghui.SystemActor("t"), 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range []gonghui.EmployerInput{
			{USCC: e.cyUnit.USCC, Name: e.cyUnit.Name, LegalForm: "有限责任公司", Ownership: gonghui.OwnershipPrivate, StaffCount: 30, RegionCode: "110105001"},
			{USCC: storetest.USCC("91", "110105", 901), Name: "朝阳未建会公司", LegalForm: "股份有限公司", Ownership: gonghui.OwnershipPrivate, StaffCount: 260, RegionCode: "110105002"},
		} {
			if _, err := w.Save(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}

		// The API: the list and its filters, one employer, the cadre's
		// fields, a stale edit, scope.
		var list struct {
			Items []gonghui.Employer
			Total int
		}
		code, body := e.api(e.cyToken, "GET", "/api/v1/employers?covered=no&staff=100plus&sort=-staff", "")
		if code != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil || list.Total != 1 || list.Items[0].Name != "朝阳未建会公司" ||
			list.Items[0].LegalForm != gonghui.LegalFormJointStock || list.Items[0].OrgID != e.chaoyang.ID {
			t.Fatalf("uncovered list: %d %s", code, body)
		}
		uncovered := list.Items[0]
		path := "/api/v1/employers/" + id(uncovered.ID)
		var got gonghui.Employer
		code, body = e.api(e.cyToken, "PATCH", path, `{"contact":"李主任","version":1}`)
		if code != http.StatusOK || json.Unmarshal([]byte(body), &got) != nil || got.Contact != "李主任" || got.Version != 2 || got.StaffCount != 260 {
			t.Errorf("patch: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "PATCH", path, `{"notes":"x","version":1}`); code != http.StatusConflict {
			t.Errorf("stale patch: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "PATCH", path, `{"contact":"`+strings.Repeat("名", 101)+`","version":2}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"contact"`) {
			t.Errorf("long contact: %d %s", code, body)
		}
		if code, _ := e.api(e.viewerToken, "PATCH", path, `{"notes":"x","version":2}`); code != http.StatusForbidden {
			t.Errorf("viewer patch: %d", code)
		}
		if code, _ := e.api(e.hdToken, "GET", path, ""); code != http.StatusNotFound {
			t.Errorf("Haidian reads Chaoyang's employer: %d", code)
		}
		if _, body := e.api(e.hdToken, "GET", "/api/v1/employers", ""); strings.Contains(body, "朝阳") {
			t.Errorf("Haidian's list leaks: %s", body)
		}
		_, body = e.api(e.cyToken, "GET", "/api/v1/stats?org=BJ05", "")
		var st struct{ Indicators map[string]float64 }
		if json.Unmarshal([]byte(body), &st) != nil || st.Indicators["employers_total"] != 2 || st.Indicators["coverage_rate"] != 50 || st.Indicators["employers_25plus_uncovered"] != 1 {
			t.Errorf("stats: %s", body)
		}

		// The city's map offers the coverage and director rates, each
		// district opening the records its figure counts.
		_, page := e.do(e.login("root-admin"), "GET", "/dashboard", "")
		m := regexp.MustCompile(`data-map="([^"]*)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no district map")
		}
		var spec struct {
			Regions []struct {
				Code   string
				Values map[string]float64
				Drill  map[string]string
			}
		}
		if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &spec); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range spec.Regions {
			if r.Code != e.chaoyang.RegionCode {
				continue
			}
			found = true
			drill, err := url.Parse(r.Drill["employers_25plus_uncovered"])
			if err != nil || drill.Path != "/employers" || drill.Query().Get("org") != id(e.chaoyang.ID) || drill.Query().Get("covered") != "no" ||
				drill.Query().Get("staff") != "25plus" || r.Values["coverage_rate"] != 50 || r.Values["employers_25plus_uncovered"] != 1 {
				t.Errorf("Chaoyang on the map: %+v", r)
			}
			if !strings.HasPrefix(r.Drill["employee_director_rate"], "/democracy/rates/employee_director_rate?") || r.Drill["members_total"] != "" {
				t.Errorf("Chaoyang's drill-downs: %v", r.Drill)
			}
		}
		if !found {
			t.Errorf("no Chaoyang on the map: %+v", spec.Regions)
		}

		// The UI: the navigation entry and the list, an employer, the
		// cadre's form, the export in the template's columns.
		c := e.login("cy-cadre")
		code, page = e.do(c, "GET", "/employers?covered=no", "")
		if code != http.StatusOK || !strings.Contains(page, "朝阳未建会公司") || strings.Contains(page, e.cyUnit.Name) ||
			!strings.Contains(page, `<a href="/employers" aria-current="page">单位名录</a>`) {
			t.Errorf("list: %d", code)
		}
		if code, page := e.do(c, "GET", "/employers/"+id(uncovered.ID), ""); code != http.StatusOK || !strings.Contains(page, "李主任") || !strings.Contains(page, "股份有限公司") {
			t.Errorf("show: %d", code)
		}
		// The dashboard's figure of employers without a union opens the
		// list of them, as many as it says.
		_, dash := e.do(c, "GET", "/dashboard?date="+gonghui.Today().String(), "")
		card := regexp.MustCompile(`data-indicator="employers_25plus_uncovered"[^>]*>\s*<a href="([^"]*)"><span class="figure-name">[^<]*</span>\s*<span class="figure-value">([^<]*)</span>`)
		m = card.FindStringSubmatch(dash)
		if m == nil || m[2] != "1" {
			t.Fatalf("dashboard figure %q", m)
		}
		code, page = e.do(c, "GET", html.UnescapeString(m[1]), "")
		if n := regexp.MustCompile(`<small[^>]*>\([^ ]+ (\d+)\)</small>`).FindStringSubmatch(page); code != http.StatusOK || n == nil || n[1] != "1" || !strings.Contains(page, "朝阳未建会公司") {
			t.Errorf("%s lists %v (%d)", m[1], n, code)
		}
		form := url.Values{"contact": {"李主任"}, "notes": {"已走访"}, "version": {"1"}}
		if code, page := e.do(c, "POST", "/employers/"+id(uncovered.ID)+"/edit", form.Encode()); code != http.StatusConflict || !strings.Contains(page, "此记录已被他人修改") {
			t.Errorf("stale UI edit: %d", code)
		}
		form.Set("version", "2")
		if code, _ := e.do(c, "POST", "/employers/"+id(uncovered.ID)+"/edit", form.Encode()); code != http.StatusSeeOther {
			t.Errorf("UI edit: %d", code)
		}
		code, sheet := e.do(c, "GET", "/employers.csv?covered=no", "")
		if code != http.StatusOK || !strings.Contains(sheet, "统一社会信用代码,单位名称,企业类型") || !strings.Contains(sheet, "朝阳未建会公司,股份有限公司,私营,260") {
			t.Errorf("export: %d %s", code, sheet)
		}
		if code, _ := e.do(e.login("hd-cadre"), "GET", "/employers/"+id(uncovered.ID), ""); code != http.StatusNotFound {
			t.Errorf("Haidian sees Chaoyang's employer: %d", code)
		}
	})
}

// The coverage table counts as the figures do, group by group, and links
// each group to its employers still without a union.
func TestEmployerCoverageTable(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		w, err := e.st.NewEmployerWriter(ctx, gonghui.SystemActor("t"), 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range []gonghui.EmployerInput{
			{USCC: e.cyUnit.USCC, Name: e.cyUnit.Name, LegalForm: "llc", Ownership: gonghui.OwnershipPrivate, StaffCount: 30, RegionCode: "110105001", IndustryCode: "65"},
			{USCC: storetest.USCC("91", "110105", 902), Name: "朝阳外资公司", LegalForm: "llc", Ownership: gonghui.OwnershipForeign, StaffCount: 120, RegionCode: "110105001", IndustryCode: "65"},
			{USCC: storetest.USCC("91", "110108", 903), Name: "海淀小店", LegalForm: "individual", Ownership: gonghui.OwnershipIndividual, StaffCount: 3, RegionCode: "110108001"},
		} {
			if _, err := w.Save(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		var rows []gonghui.CoverageRow
		code, body := e.api(e.adminToken, "GET", "/api/v1/employers/coverage?by=district", "")
		if code != http.StatusOK || json.Unmarshal([]byte(body), &rows) != nil || len(rows) != 2 {
			t.Fatalf("by district: %d %s", code, body)
		}
		if r := rows[0]; r.Key != "110105" || r.Employers != 2 || r.Unionized != 1 || r.CoverageRate != 50 || r.CoverageRate100Plus != 0 || r.WorkersCovered != 30 || r.WorkersEmployed != 150 {
			t.Errorf("Chaoyang %+v", r)
		}
		code, body = e.api(e.cyToken, "GET", "/api/v1/employers/coverage?by=ownership", "")
		if code != http.StatusOK || json.Unmarshal([]byte(body), &rows) != nil || len(rows) != 2 || rows[0].Key != "foreign" || rows[0].Unionized != 0 {
			t.Errorf("Chaoyang by ownership: %d %s", code, body)
		}
		if code, _ := e.api(e.cyToken, "GET", "/api/v1/employers/coverage?by=colour", ""); code != http.StatusUnprocessableEntity {
			t.Errorf("unknown grouping: %d", code)
		}
		c := e.login("cy-cadre")
		code, page := e.do(c, "GET", "/employers/coverage?by=industry", "")
		if code != http.StatusOK || !strings.Contains(page, "50%") || !strings.Contains(page, "industry=I") {
			t.Errorf("table: %d", code)
		}
	})
}
