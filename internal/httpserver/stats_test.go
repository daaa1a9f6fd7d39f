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
