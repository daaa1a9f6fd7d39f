package httpserver_test

import (
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

func TestDashboard(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.login("cy-cadre")
		code, page := e.do(c, "GET", "/dashboard?date=2017-09-30", "")
		if code != http.StatusOK {
			t.Fatalf("dashboard: %d", code)
		}
		for _, in := range gonghui.Indicators {
			if !strings.Contains(page, `data-indicator="`+in.Key+`"`) {
				t.Errorf("no figure %s", in.Key)
			}
		}
		for _, want := range []string{`id="chart-children"`, `id="chart-ownership"`, `id="chart-industry"`, `id="chart-employment"`,
			`id="chart-age"`, `id="chart-joined"`, `/static/vendor/echarts.min.js`, `/static/dashboard.js`,
			`href="/units?org=` + id(e.chaoyang.ID) + `"`, `href="/democracy/rates/contract_rate?date=2017-09-30&amp;org=` + id(e.chaoyang.ID) + `&amp;which=numerator"`,
			`<a href="/dashboard?date=2017-09-30&amp;org=` + id(e.cyStreet.ID) + `">` + e.cyStreet.Name + `</a>`} {
			if !strings.Contains(page, want) {
				t.Errorf("dashboard lacks %s", want)
			}
		}
		// The children chart's data names the children and links each bar.
		m := regexp.MustCompile(`id="chart-children" class="chart" data-chart="([^"]*)" data-links="([^"]*)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no children chart data")
		}
		var spec struct {
			Categories []string `json:"categories"`
			Series     []struct {
				Name string    `json:"name"`
				Data []float64 `json:"data"`
			} `json:"series"`
		}
		var links []string
		if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &spec); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(html.UnescapeString(m[2])), &links); err != nil {
			t.Fatal(err)
		}
		if len(spec.Categories) != 1 || spec.Categories[0] != e.cyStreet.Name || len(spec.Series) != 3 ||
			len(links) != 1 || links[0] != "/dashboard?date=2017-09-30&org="+id(e.cyStreet.ID) {
			t.Errorf("children chart: %+v %v", spec, links)
		}
		// The street's subtree: two unions, one unit.
		for i, want := range []float64{0, 1, 2} {
			if d := spec.Series[i].Data; len(d) != 1 || d[0] != want {
				t.Errorf("series %s = %v, want %v", spec.Series[i].Name, d, want)
			}
		}
		// Another district's cadre cannot see Chaoyang's figures.
		hd := e.login("hd-cadre")
		if code, _ := e.do(hd, "GET", "/dashboard?org="+id(e.chaoyang.ID), ""); code != http.StatusNotFound {
			t.Errorf("haidian sees chaoyang's dashboard: %d", code)
		}
		if code, page := e.do(hd, "GET", "/dashboard", ""); code != http.StatusOK || strings.Contains(page, e.cyStreet.Name) || !strings.Contains(page, e.hdUnion.Name) {
			t.Errorf("haidian dashboard: %d", code)
		}
		if code, _ := e.do(hd, "GET", "/dashboard?date=2017-13-01", ""); code != http.StatusNotFound {
			t.Errorf("bad date: %d", code)
		}
	})
}

func TestDashboardComparisonsAndExport(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.addMember(e.cyUnion, "甲", storetest.CitizenID("110105", "19900307", 123))
	c := e.login("root-admin")
	// One member joined 2017-03-01: none a year before, one after.
	code, page := e.do(c, "GET", "/dashboard?org="+id(e.chaoyang.ID)+"&date=2017-09-30&compare=2016-09-30&vs=BJ08", "")
	if code != http.StatusOK {
		t.Fatalf("dashboard: %d", code)
	}
	for _, want := range []string{"2016-09-30: 0", `<span class="figure-change">&#43;1</span>`, "海淀区总工会: "} {
		if !strings.Contains(page, want) {
			t.Errorf("comparison lacks %q in %s", want, regexp.MustCompile(`figure-compare[^\n]*`).FindAllString(page, 3))
		}
	}
	code, body := e.do(c, "GET", "/dashboard.xlsx?org="+id(e.chaoyang.ID)+"&date=2017-09-30&compare=2016-09-30&vs=BJ08", "")
	if code != http.StatusOK || !strings.HasPrefix(body, "PK") {
		t.Errorf("export: %d", code)
	}
	hd := e.login("hd-cadre")
	if code, _ := e.do(hd, "GET", "/dashboard?vs=BJ05", ""); code != http.StatusNotFound {
		t.Errorf("haidian compares with chaoyang: %d", code)
	}
	if code, _ := e.do(c, "GET", "/dashboard?compare=2017-02-30", ""); code != http.StatusNotFound {
		t.Errorf("bad comparison date: %d", code)
	}
}

// TestDashboardKeptUntilItsDataChanges: the answers of subtrees without an
// aggregate (a street, a grassroots union) are kept through logins,
// failed logins, reveals and exports, and computed again only for the
// subtree whose data changed.
func TestDashboardKeptUntilItsDataChanges(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		m := e.addMember(e.cyUnion, "张伟", storetest.CitizenID("110105", "19900307", 123))
		e.addMember(e.hdUnion, "李娜", storetest.CitizenID("110108", "19910101", 222))
		cya, hda := e.login("cy-admin"), e.login("hd-admin")
		street, union := "/dashboard?org="+id(e.cyStreet.ID), "/dashboard?org="+id(e.hdUnion.ID)
		view := func(c *http.Client, path string) {
			t.Helper()
			if code, _ := e.do(c, "GET", path, ""); code != http.StatusOK {
				t.Fatalf("GET %s: %d", path, code)
			}
		}
		view(cya, street)
		view(hda, union)
		kept := e.st.ResultsComputed()
		for _, step := range []struct {
			name string
			run  func()
		}{
			{"views again", func() {}},
			{"a failed login", func() { e.do(e.client(), "POST", "/login", "username=cy-admin&password=wrong-password") }},
			{"a login", func() { e.login("cy-cadre") }},
			{"a reveal", func() {
				if code, _ := e.do(cya, "POST", "/members/"+id(m.ID)+"/reveal", ""); code != http.StatusOK {
					t.Fatalf("reveal: %d", code)
				}
			}},
			{"an export", func() {
				if code, _ := e.do(cya, "GET", "/members.xlsx?org="+id(e.cyStreet.ID), ""); code != http.StatusOK {
					t.Fatalf("export: %d", code)
				}
			}},
		} {
			step.run()
			view(cya, street)
			view(hda, union)
			if n := e.st.ResultsComputed(); n != kept {
				t.Errorf("after %s: %d answers computed again, want none", step.name, n-kept)
			}
		}
		// A member of the Chaoyang union changes: the street's answers are
		// computed again, the Haidian union's are still kept.
		in := m.ToInput()
		in.Employment = "dispatch"
		if _, err := e.st.UpdateMember(ctx, gonghui.SystemActor("t"), m.ID, in); err != nil {
			t.Fatal(err)
		}
		view(cya, street)
		changed := e.st.ResultsComputed()
		if changed == kept {
			t.Error("after a member write the street's dashboard was not computed again")
		}
		view(hda, union)
		if n := e.st.ResultsComputed(); n != changed {
			t.Errorf("a write in Chaoyang computed %d answers of the Haidian union again", n-changed)
		}
	})
}

// TestDashboardMapOfDistrictsOnly: the district map is the city's; a
// grassroots union directly under a district carries the district's
// division code, and neither makes it a region of the map nor gives a
// district's dashboard a map.
func TestDashboardMapOfDistrictsOnly(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		if _, err := e.st.CreateOrg(t.Context(), gonghui.SystemActor("test"), gonghui.OrgInput{Name: "朝阳直属某公司工会",
			Kind: gonghui.KindGrassroots, ParentID: e.chaoyang.ID, RegionCode: "110105", FoundedOn: envFounded}); err != nil {
			t.Fatal(err)
		}
		_, page := e.do(e.login("cy-cadre"), "GET", "/dashboard?date=2017-09-30", "")
		if strings.Contains(page, `id="map-card"`) || !strings.Contains(page, "朝阳直属某公司工会") {
			t.Error("the district's dashboard draws a map, or lacks its union")
		}
		_, page = e.do(e.login("root-admin"), "GET", "/dashboard?date=2017-09-30", "")
		m := regexp.MustCompile(`id="chart-map" class="chart map" data-geo="[^"]*" data-map="([^"]*)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("the city's dashboard has no map")
		}
		var spec struct {
			Regions []struct{ Code, Link string } `json:"regions"`
		}
		if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &spec); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range spec.Regions {
			if r.Code == "110105" {
				n++
				if !strings.Contains(r.Link, "org="+id(e.chaoyang.ID)) {
					t.Errorf("110105 links to %s", r.Link)
				}
			}
		}
		if n != 1 {
			t.Errorf("the map has %d regions 110105: %+v", n, spec.Regions)
		}
	})
}
