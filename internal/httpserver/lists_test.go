package httpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

// listedLinks are the names a list page's table (in its batch form)
// links to under prefix (/units/…), in the page's order.
func listedLinks(page, prefix string) string {
	if i := strings.Index(page, `<form id="batch"`); i >= 0 {
		page = page[i:]
	}
	re := regexp.MustCompile(`<td><a href="` + regexp.QuoteMeta(prefix) + `\d+">([^<]+)</a>`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, ",")
}

// listCase is a list's address and the names it lists, in order.
type listCase struct {
	query string
	want  string
	total string // the data-total the page shows ("" = the count of want)
}

func (e *env) checkList(t *testing.T, c *http.Client, path, prefix string, cases []listCase) {
	t.Helper()
	for _, tc := range cases {
		code, page := e.do(c, "GET", path+"?"+tc.query, "")
		if code != http.StatusOK {
			t.Errorf("%s?%s: %d", path, tc.query, code)
			continue
		}
		if got := listedLinks(page, prefix); got != tc.want {
			t.Errorf("%s?%s: listed %q, want %q", path, tc.query, got, tc.want)
		}
		total := tc.total
		if total == "" {
			total = "0"
			if tc.want != "" {
				total = itoa(len(strings.Split(tc.want, ",")))
			}
		}
		if !strings.Contains(page, `data-total="`+total+`"`) {
			t.Errorf("%s?%s: the total is not %s", path, tc.query, total)
		}
	}
}

func itoa(n int) string { return id(int64(n)) }

// The unit list sorts by its columns, filters by ownership, industry,
// staff band and covering union, pages with a total that agrees, moves
// ticked units to another union one by one, and exports the selection.
func TestUnitListKit(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		for i, in := range []gonghui.UnitInput{
			{Name: "甲制造公司", StaffCount: 1200, Ownership: gonghui.OwnershipState, IndustryCode: "C"},
			{Name: "乙软件公司", StaffCount: 80, Ownership: gonghui.OwnershipPrivate, IndustryCode: "65"},
		} {
			in.USCC, in.OrgID = storetest.USCC("91", "110105", 10+i), e.cyStreet.ID
			if _, err := e.st.CreateUnit(ctx, sys, in); err != nil {
				t.Fatal(err)
			}
		}
		c := e.login("cy-cadre")
		// In the cadre's scope: 朝阳示例公司 (30, private, cyUnion), 甲 and 乙.
		e.checkList(t, c, "/units", "/units/", []listCase{
			{"", "朝阳示例公司,甲制造公司,乙软件公司", ""},
			{"sort=staff", "朝阳示例公司,乙软件公司,甲制造公司", ""},
			{"sort=-staff", "甲制造公司,乙软件公司,朝阳示例公司", ""},
			{"ownership=private&sort=staff", "朝阳示例公司,乙软件公司", ""},
			{"staff=1000plus", "甲制造公司", ""},
			{"staff=25to99&sort=-staff", "乙软件公司,朝阳示例公司", ""},
			{"industry=I", "乙软件公司", ""}, // division 65 lies in section I
			{"industry=C", "甲制造公司", ""},
			{"union=" + e.cyUnion.Code, "朝阳示例公司", ""},
			{"limit=20&sort=staff&page=1", "朝阳示例公司,乙软件公司,甲制造公司", ""},
			{"limit=2&sort=staff&page=2", "甲制造公司", "3"},
		})
		code, page := e.do(c, "GET", "/units?limit=2&sort=staff", "")
		if code != http.StatusOK || !strings.Contains(page, "1 / 2") || !strings.Contains(page, `aria-sort="ascending"`) {
			t.Error("the pager or the sorted column is not told")
		}
		if code, _ := e.do(c, "GET", "/units?sort=bogus", ""); code != http.StatusUnprocessableEntity {
			t.Errorf("an unknown sort: %d", code)
		}
		if _, page := e.do(c, "GET", "/units?union=NOPE", ""); !strings.Contains(page, "NOPE") {
			t.Error("an unknown union in the filter is not named")
		}
		// The API reads the same filters and sorts.
		if _, body := e.api(e.cyToken, "GET", "/api/v1/units?staff=25to99&sort=-staff", ""); !strings.Contains(body, `"total":2`) ||
			strings.Index(body, "乙软件公司") > strings.Index(body, "朝阳示例公司") {
			t.Errorf("API filters: %s", body)
		}

		// The export takes the picked union as the list does.
		if code, body := e.do(c, "GET", "/units.csv?union="+e.cyUnion.Code, ""); code != http.StatusOK || strings.Count(strings.TrimSpace(body), "\n") != 1 {
			t.Errorf("export of a union's units: %d %q", code, body)
		}
		// Move two units to the Chaoyang union, and one outside the scope:
		// refused on its own row.
		units, _, err := e.st.ListUnits(ctx, sys, gonghui.UnitFilter{OrgID: e.cyStreet.ID})
		if err != nil || len(units) != 3 {
			t.Fatal(units, err)
		}
		sel := "&id=" + id(units[1].ID) + "&id=" + id(units[2].ID) + "&id=" + id(e.hdUnit.ID)
		code, page = e.do(c, "POST", "/units/batch", "action=move&to_code="+e.cyUnion.Code+sel)
		if code != http.StatusOK || strings.Count(page, `class="done"`) != 2 || !strings.Contains(page, `data-missing="1"`) {
			t.Errorf("batch move: %d", code)
		}
		e.checkList(t, c, "/units", "/units/", []listCase{{"union=" + e.cyUnion.Code + "&sort=-name", "乙软件公司,甲制造公司,朝阳示例公司", ""}})
		// Moving under a dissolved or unknown union is refused whole, a
		// viewer may not move, and nothing selected is said.
		if code, _ := e.do(c, "POST", "/units/batch", "action=move&to_code=NOPE"+sel); code != http.StatusUnprocessableEntity {
			t.Errorf("unknown target: %d", code)
		}
		if code, _ := e.do(c, "POST", "/units/batch", "action=move&to_code="+e.cyUnion.Code); code != http.StatusUnprocessableEntity {
			t.Errorf("nothing selected: %d", code)
		}
		if code, _ := e.do(e.login("cy-viewer"), "POST", "/units/batch", "action=move&to_code="+e.cyUnion.Code+sel); code != http.StatusForbidden {
			t.Errorf("a viewer's batch: %d", code)
		}
		// The selection exports in the template's columns, those rows only.
		code, body := e.do(c, "GET", "/units.csv?id="+id(units[1].ID), "")
		if code != http.StatusOK || strings.Count(strings.TrimSpace(body), "\n") != 1 || !strings.Contains(body, units[1].USCC) {
			t.Errorf("export of the selection: %d %q", code, body)
		}
	})
}

// The union list sorts, filters by kind, level and status, pages, and
// exports the ticked unions.
func TestOrgListKit(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.login("cy-cadre")
		// The cadre's scope: 朝阳区总工会 (level 2), 建外街道总工会 (3), 朝阳示例工会 (4).
		e.checkList(t, c, "/orgs", "/orgs/", []listCase{
			{"", "朝阳区总工会,建外街道总工会,朝阳示例工会", ""},
			{"sort=-level", "朝阳示例工会,建外街道总工会,朝阳区总工会", ""},
			{"level=3", "建外街道总工会", ""},
			{"kind=grassroots", "朝阳示例工会", ""},
			{"status=dissolved", "", ""},
			{"sort=units&limit=2", "朝阳区总工会,建外街道总工会", "3"},
			{"sort=units&limit=2&page=2", "朝阳示例工会", "3"},
		})
		if _, body := e.api(e.cyToken, "GET", "/api/v1/orgs?level=4&sort=-name", ""); !strings.Contains(body, `"total":1`) || !strings.Contains(body, "朝阳示例工会") {
			t.Errorf("API level filter: %s", body)
		}
		code, body := e.do(c, "GET", "/orgs.csv?id="+id(e.cyUnion.ID), "")
		if code != http.StatusOK || strings.Count(strings.TrimSpace(body), "\n") != 1 || !strings.Contains(body, "朝阳示例工会") {
			t.Errorf("export of the selection: %d %q", code, body)
		}
	})
}

// The contract list sorts, filters by kind, status and a term ending
// within days, records a step on ticked contracts one by one, and exports
// the ticked ones.
func TestContractListKit(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		d := gonghui.NewDate
		mk := func(title string, kind gonghui.ContractKind, end gonghui.Date, staff int) gonghui.Contract {
			k, err := e.st.CreateContract(ctx, sys, gonghui.ContractInput{OrgID: e.cyUnion.ID, Title: title, Kind: kind, Level: gonghui.LevelEnterprise,
				TermStart: d(2017, 1, 1), TermEnd: end, CoveredStaff: staff, UnitIDs: []int64{e.cyUnit.ID},
				Topics: []string{"wage_adjustment", "working_hours", "safety_health", "insurance_welfare"}})
			if err != nil {
				t.Fatal(err)
			}
			return k
		}
		a := mk("A综合合同", gonghui.ContractComprehensive, d(2019, 12, 31), 30)
		b := mk("B工资合同", gonghui.ContractWage, d(2020, 12, 31), 20)
		if _, err := e.st.StepContract(ctx, sys, a.ID, gonghui.ContractStep{To: gonghui.ContractSigned, On: d(2016, 12, 1)}); err != nil {
			t.Fatal(err)
		}
		c := e.login("cy-cadre")
		// A signed contract is filed from the list; a draft is refused on its row.
		code, page := e.do(c, "POST", "/contracts/batch", "action=step&to=filed&date=2016-12-10&id="+id(a.ID)+"&id="+id(b.ID))
		if code != http.StatusOK || strings.Count(page, `class="done"`) != 1 || strings.Count(page, `class="refused"`) != 1 {
			t.Errorf("batch filing: %d", code)
		}
		code, page = e.do(c, "POST", "/contracts/batch", "action=step&to=effective&date=2016-12-20&id="+id(a.ID))
		if code != http.StatusOK || strings.Count(page, `class="done"`) != 1 {
			t.Errorf("batch taking effect: %d", code)
		}
		if code, _ := e.do(c, "POST", "/contracts/batch", "action=step&to=expired&date=2016-12-20&id="+id(a.ID)); code != http.StatusUnprocessableEntity {
			t.Errorf("a step the batch does not offer: %d", code)
		}
		e.checkList(t, c, "/contracts", "/contracts/", []listCase{
			{"", "B工资合同,A综合合同", ""},
			{"sort=title", "A综合合同,B工资合同", ""},
			{"sort=-staff", "A综合合同,B工资合同", ""},
			{"sort=term_end", "A综合合同,B工资合同", ""},
			{"kind=wage", "B工资合同", ""},
			{"status=draft", "B工资合同", ""},
			{"date=2019-12-01&expiring=60", "A综合合同", ""},
			{"date=2019-11-01&expiring=30", "", ""},
			{"union=" + e.cyUnion.Code + "&limit=1&sort=title&page=2", "B工资合同", "2"},
		})
		if _, body := e.api(e.cyToken, "GET", "/api/v1/contracts?date=2019-12-01&expiring=60", ""); !strings.Contains(body, `"total":1`) || !strings.Contains(body, "A综合合同") {
			t.Errorf("API expiring filter: %s", body)
		}
		if code, _ := e.do(e.login("cy-viewer"), "POST", "/contracts/batch", "action=step&to=filed&date=2016-12-10&id="+id(b.ID)); code != http.StatusForbidden {
			t.Errorf("a viewer's batch: %d", code)
		}
		code, body := e.do(c, "GET", "/contracts.csv?id="+id(b.ID), "")
		if code != http.StatusOK || strings.Count(strings.TrimSpace(body), "\n") != 1 || !strings.Contains(body, "B工资合同") {
			t.Errorf("export of the selection: %d %q", code, body)
		}
	})
}

// Congresses, disclosure systems and worker homes sort by their columns,
// page with totals that agree, and export the ticked rows.
func TestDemocracyAndWorkerHomeListKit(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		e.apiInto(e.cyToken, "POST", "/api/v1/congresses", `{"org_id":`+id(e.cyUnion.ID)+`,"name":"A职代会","kind":"unit","established_on":"2017-03-01","unit_ids":[`+id(e.cyUnit.ID)+`]}`, http.StatusCreated, nil)
		var reg gonghui.Congress
		e.apiInto(e.cyToken, "POST", "/api/v1/congresses", `{"org_id":`+id(e.cyStreet.ID)+`,"name":"B区域职代会","kind":"regional","established_on":"2016-05-01","unit_ids":[`+id(e.cyUnit.ID)+`]}`, http.StatusCreated, &reg)
		sys := gonghui.SystemActor("t")
		other, err := e.st.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 30), Name: "另一公司", OrgID: e.cyUnion.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 5})
		if err != nil {
			t.Fatal(err)
		}
		var d1 gonghui.Disclosure
		e.apiInto(e.cyToken, "POST", "/api/v1/disclosures", `{"unit_id":`+id(e.cyUnit.ID)+`,"established_on":"2017-03-01"}`, http.StatusCreated, &d1)
		e.apiInto(e.cyToken, "POST", "/api/v1/disclosures", `{"unit_id":`+id(other.ID)+`,"established_on":"2015-03-01"}`, http.StatusCreated, nil)
		for _, h := range []string{`{"name":"甲职工之家","kind":"union_home","address":"建国路1号","org_id":` + id(e.cyUnion.ID) + `,"region_code":"110105","opened_on":"2018-01-01"}`,
			`{"name":"乙暖心驿站","kind":"warm_station","address":"建国路2号","org_id":` + id(e.cyStreet.ID) + `,"region_code":"110105001","opened_on":"2016-01-01"}`,
			`{"name":"丙海淀之家","kind":"union_home","address":"中关村1号","org_id":` + id(e.hdUnion.ID) + `,"region_code":"110108","opened_on":"2016-01-01"}`} {
			code, body := e.api(e.adminToken, "POST", "/api/v1/workerhomes", h)
			if code != http.StatusCreated {
				t.Fatalf("worker home: %d %s", code, body)
			}
		}
		c := e.login("cy-cadre")
		e.checkList(t, c, "/congresses", "/congresses/", []listCase{
			{"", "B区域职代会,A职代会", ""},
			{"sort=established", "B区域职代会,A职代会", ""},
			{"sort=-established", "A职代会,B区域职代会", ""},
			{"union=" + e.cyUnion.Code, "A职代会", ""},
			{"limit=1&sort=established&page=2", "A职代会", "2"},
		})
		e.checkList(t, c, "/disclosures", "/disclosures/", []listCase{
			{"sort=established", "另一公司,朝阳示例公司", ""},
			{"sort=-established&limit=1", "朝阳示例公司", "2"},
		})
		e.checkList(t, c, "/workerhomes", "/workerhomes/", []listCase{
			{"sort=opened", "乙暖心驿站,甲职工之家", ""},
			{"sort=-name", "甲职工之家,乙暖心驿站", ""}, // by character; the cadre's scope holds no 丙
			{"region=110105001", "乙暖心驿站", ""},
			{"region=110105", "乙暖心驿站,甲职工之家", "2"},
			{"union=" + e.cyUnion.Code, "甲职工之家", ""},
		})
		for _, tc := range []struct{ path, want string }{
			{"/congresses.csv?id=" + id(reg.ID), "B区域职代会"},
			{"/disclosures.csv?id=" + id(d1.ID), e.cyUnit.USCC},
		} {
			code, body := e.do(c, "GET", tc.path, "")
			if code != http.StatusOK || strings.Count(strings.TrimSpace(body), "\n") != 1 || !strings.Contains(body, tc.want) {
				t.Errorf("%s: %d %q", tc.path, code, body)
			}
		}
		if _, body := e.api(e.cyToken, "GET", "/api/v1/workerhomes?region=110105&sort=opened", ""); !strings.Contains(body, `"total":2`) || strings.Index(body, "乙暖心驿站") > strings.Index(body, "甲职工之家") {
			t.Errorf("API: %s", body)
		}
	})
}

// The census returns sort, and the returns ticked are approved one by
// one: a draft is refused on its row.
func TestCensusListKit(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		union, err := e.st.OpenCensus(ctx, sys, e.cyUnion.ID, 2017)
		if err != nil {
			t.Fatal(err)
		}
		if union, err = e.st.StepCensus(ctx, sys, union.ID, gonghui.CensusSubmit, gonghui.CensusInput{Version: union.Version}); err != nil {
			t.Fatal(err)
		}
		street, err := e.st.OpenCensus(ctx, sys, e.cyStreet.ID, 2017)
		if err != nil {
			t.Fatal(err)
		}
		c := e.login("cy-cadre")
		e.checkList(t, c, "/census", "/census/", []listCase{
			{"year=2017", "建外街道总工会,朝阳示例工会", ""},
			{"year=2017&sort=-state", "朝阳示例工会,建外街道总工会", ""},
			{"year=2017&state=draft", "建外街道总工会", ""},
			{"year=2017&limit=1&page=2", "朝阳示例工会", "2"},
		})
		code, page := e.do(c, "POST", "/census/batch", "action=approve&year=2017&id="+id(union.ID)+"&id="+id(street.ID))
		if code != http.StatusOK || strings.Count(page, `class="done"`) != 1 || strings.Count(page, `class="refused"`) != 1 {
			t.Errorf("batch approval: %d", code)
		}
		if got, err := e.st.GetCensus(ctx, sys, union.ID); err != nil || got.State != gonghui.CensusApproved {
			t.Errorf("approved return: %+v %v", got.State, err)
		}
		if code, _ := e.do(e.login("cy-viewer"), "POST", "/census/batch", "action=approve&year=2017&id="+id(street.ID)); code != http.StatusForbidden {
			t.Errorf("a viewer's batch: %d", code)
		}
		if _, body := e.api(e.cyToken, "GET", "/api/v1/census?year=2017&sort=-org", ""); strings.Index(body, "建外街道总工会") > strings.Index(body, "朝阳示例工会") {
			t.Errorf("API sort: %s", body)
		}
	})
}
