package httpserver_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"gonghui"
)

// TestServiceProjects records a project on its form, enters a year's
// indicators and a cadre's rating, and reads the score in the page and
// the API; another district's cadre reaches none of it.
func TestServiceProjects(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c, hd := e.login("cy-cadre"), e.login("hd-cadre")
		form := url.Values{"name": {"职工心灵驿站"}, "org_code": {e.chaoyang.Code}, "brand": {"1"}, "weight_indicators": {"60"}, "weight_members": {"30"},
			"weight_cadres": {"20"}}
		if code, _, page := e.submit(c, "/projects/new", form); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-weights"`) {
			t.Errorf("weights of 110: %d %s", code, page)
		}
		form.Set("weight_indicators", "50")
		code, loc, page := e.submit(c, "/projects/new", form)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/projects/") {
			t.Fatalf("save: %d %s %s", code, loc, page)
		}
		pid := strings.TrimPrefix(loc, "/projects/")
		year := strconv.Itoa(yearNow())
		if code, _, page := e.submit(c, loc+"/years", url.Values{"year": {year}, "indicators": {"服务职工 1000 800 人次\n新建驿站 十 5"}}); code != http.StatusUnprocessableEntity ||
			!strings.Contains(page, "第2行") {
			t.Errorf("a bad indicator line: %d %s", code, page)
		}
		if code, _, page := e.submit(c, loc+"/years", url.Values{"year": {year}, "indicators": {"服务职工 1000 800 人次\n新建驿站 10 10 个"}}); code != http.StatusSeeOther {
			t.Fatalf("the year's indicators: %d %s", code, page)
		}
		if code, _, page := e.submit(c, loc+"/ratings", url.Values{"rating_year": {year}, "stars": {"4"}, "comment": {"反响很好"}}); code != http.StatusSeeOther {
			t.Fatalf("rate: %d %s", code, page)
		}
		if code, _, page := e.submit(c, loc+"/ratings", url.Values{"rating_year": {year}, "stars": {"5"}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-stars"`) {
			t.Errorf("a second rating: %d %s", code, page)
		}
		// (50·90 + 20·80) / 70 = 87.14
		if _, page := e.do(c, "GET", loc, ""); !strings.Contains(page, "<strong>87.14</strong>") || !strings.Contains(page, "4.00 ★ ×1") {
			t.Errorf("the project's page: %s", page)
		}
		var years []gonghui.ProjectYear
		e.apiInto(e.cyToken, "GET", "/api/v1/service-projects/"+pid+"/years", "", http.StatusOK, &years)
		if len(years) != 1 || years[0].Score != 8714 || years[0].CadreRatings != 1 || len(years[0].Indicators) != 2 {
			t.Errorf("the years: %+v", years)
		}
		for _, path := range []string{loc, loc + "/edit"} {
			if code, _ := e.do(hd, "GET", path, ""); code != http.StatusNotFound {
				t.Errorf("Haidian reads %s: %d", path, code)
			}
		}
		if code, _, _ := e.submit(hd, loc+"/ratings", url.Values{"rating_year": {year}, "stars": {"1"}}); code != http.StatusNotFound {
			t.Errorf("Haidian rates it: %d", code)
		}
		if code, body := e.api(e.hdToken, "POST", "/api/v1/service-projects/"+pid+"/years", `{"year":`+year+`,"indicators":[{"name":"x","target":1,"actual":1}]}`); code != http.StatusNotFound {
			t.Errorf("Haidian sets its indicators: %d %s", code, body)
		}
		var p gonghui.ServiceProject
		e.apiInto(e.cyToken, "PATCH", "/api/v1/service-projects/"+pid, `{"weights":{"indicators":100,"members":0,"cadres":0},"version":1}`, http.StatusOK, &p)
		e.apiInto(e.cyToken, "GET", "/api/v1/service-projects/"+pid+"/years", "", http.StatusOK, &years)
		if p.Weights.Indicators != 100 || years[0].Score != 9000 {
			t.Errorf("reweighed: %+v %+v", p, years)
		}
	})
}

func yearNow() int {
	y, _, _ := gonghui.Today().Parts()
	return y
}
