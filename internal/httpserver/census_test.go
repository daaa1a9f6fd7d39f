package httpserver_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
)

func TestCensusThroughUIAndAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("test")
		u, err := e.st.CreateUser(ctx, sys, gonghui.UserInput{Username: "cyu-cadre", OrgID: e.cyUnion.ID, Role: gonghui.RoleCadre, Password: password})
		if err != nil {
			t.Fatal(err)
		}
		unionToken, err := e.st.CreateToken(ctx, sys, u.ID, "test")
		if err != nil {
			t.Fatal(err)
		}

		// The grassroots union opens its return from the census page.
		c := e.login("cyu-cadre")
		code, page := e.do(c, "GET", "/census?year=2017", "")
		if code != http.StatusOK || !strings.Contains(page, `action="/census/open"`) || !strings.Contains(page, "2016年10月1日 – 2017年9月30日") {
			t.Fatalf("census page: %d", code)
		}
		if code, _ := e.do(c, "POST", "/census/open", url.Values{"org_id": {id(e.cyUnion.ID)}, "year": {"2017"}}.Encode(), "Origin", "https://evil.example"); code != http.StatusForbidden {
			t.Errorf("cross-origin open: %d, want 403", code)
		}
		req, _ := http.NewRequest("POST", e.srv.URL+"/census/open", strings.NewReader(url.Values{"org_id": {id(e.cyUnion.ID)}, "year": {"2017"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/census/\d+$`).MatchString(loc) {
			t.Fatalf("open: %d %s", res.StatusCode, loc)
		}
		code, page = e.do(c, "GET", loc, "")
		if code != http.StatusOK || !strings.Contains(page, `data-key="units_covered"`) || !strings.Contains(page, `name="figures.units_covered" value="1"`) ||
			strings.Contains(page, `name="figures.realname_rate"`) {
			t.Fatalf("return page: %d", code)
		}
		// An adjustment without a reason comes back with the error beside the figure.
		form := url.Values{"figures.units_covered": {"3"}, "figures.orgs_total": {"1"}}
		code, page = e.do(c, "POST", loc+"/submit", form.Encode())
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-figures.units_covered"`) || !strings.Contains(page, `value="3"`) {
			t.Errorf("adjustment without a reason: %d", code)
		}
		form.Set("reasons.units_covered", "两家新单位尚未登记")
		if code, _ = e.do(c, "POST", loc+"/submit", form.Encode()); code != http.StatusSeeOther {
			t.Fatalf("submit: %d", code)
		}
		retID := strings.TrimPrefix(loc, "/census/")
		// The union cannot approve its own return, in the UI or the API.
		if code, _ = e.do(c, "POST", loc+"/approve", ""); code != http.StatusForbidden {
			t.Errorf("self-approval in the UI: %d", code)
		}
		if code, _ = e.api(unionToken, "POST", "/api/v1/census/"+retID+"/approve", ""); code != http.StatusForbidden {
			t.Errorf("self-approval in the API: %d", code)
		}
		// Another district neither sees nor approves it.
		if code, _ = e.api(e.hdToken, "GET", "/api/v1/census/"+retID, ""); code != http.StatusNotFound {
			t.Errorf("haidian reads it: %d", code)
		}
		if code, _ = e.api(e.hdToken, "POST", "/api/v1/census/"+retID+"/approve", ""); code != http.StatusNotFound {
			t.Errorf("haidian approves it: %d", code)
		}
		hd := e.login("hd-cadre")
		if code, _ = e.do(hd, "GET", loc, ""); code != http.StatusNotFound {
			t.Errorf("haidian's UI reads it: %d", code)
		}

		// The district reviews: the review forms show errors beside their fields.
		cy := e.login("cy-cadre")
		code, page = e.do(cy, "GET", loc, "")
		if code != http.StatusOK || !strings.Contains(page, `id="review"`) || !strings.Contains(page, "两家新单位尚未登记") {
			t.Fatalf("district's view: %d", code)
		}
		code, page = e.do(cy, "POST", loc+"/return", "reason=")
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-reason"`) {
			t.Errorf("return without a reason: %d", code)
		}
		code, page = e.do(cy, "POST", loc+"/correct", url.Values{"figure": {"units_covered"}, "value": {"2"}}.Encode())
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-value"`) {
			t.Errorf("correction without a reason: %d", code)
		}
		code, body := e.api(e.cyToken, "POST", "/api/v1/census/"+retID+"/correct", `{"figures":[{"key":"units_covered","value":2}]}`)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"figures.units_covered"`) {
			t.Errorf("API correction without a reason: %d %s", code, body)
		}
		if code, body = e.api(e.cyToken, "POST", "/api/v1/census/"+retID+"/correct", `{"figures":[{"key":"units_covered","value":2,"reason":"核实后一家已注销"}]}`); code != http.StatusOK {
			t.Fatalf("correct: %d %s", code, body)
		}
		if code, body = e.api(e.cyToken, "POST", "/api/v1/census/"+retID+"/approve", ""); code != http.StatusOK || !strings.Contains(body, `"state":"approved"`) {
			t.Fatalf("approve: %d %s", code, body)
		}

		// The street's sheet rolls up the approved figures.
		code, body = e.api(e.cyToken, "GET", "/api/v1/census/sheet?year=2017&org="+e.cyStreet.Code, "")
		var sh store.CensusSheet
		if err := json.Unmarshal([]byte(body), &sh); err != nil || code != http.StatusOK {
			t.Fatalf("sheet: %d %s", code, body)
		}
		for _, l := range sh.Lines {
			if l.Key == "units_covered" && (l.Computed != 1 || l.RolledUp != 2 || l.RolledUpDiff != 1) {
				t.Errorf("units_covered line: %+v", l)
			}
		}
		if !sh.Complete || sh.Progress.Approved != 1 || sh.Return != nil {
			t.Errorf("street sheet: %+v", sh)
		}
		code, body = e.api(e.cyToken, "GET", "/api/v1/census?year=2017&state=approved", "")
		if code != http.StatusOK || !strings.Contains(body, `"total":1`) || !strings.Contains(body, `"org_code":"`+e.cyUnion.Code+`"`) {
			t.Errorf("list: %d %s", code, body)
		}
		if code, _ = e.api(e.cyToken, "GET", "/api/v1/census?year=20x7", ""); code != http.StatusUnprocessableEntity {
			t.Errorf("bad year: %d", code)
		}

		// The street's own return through the API: rates cannot be typed.
		code, body = e.api(e.cyToken, "POST", "/api/v1/census", `{"org_id":`+id(e.cyStreet.ID)+`,"year":2017}`)
		var ret gonghui.CensusReturn
		if err := json.Unmarshal([]byte(body), &ret); err != nil || code != http.StatusOK || ret.State != gonghui.CensusDraft {
			t.Fatalf("open through the API: %d %s", code, body)
		}
		code, body = e.api(e.cyToken, "PATCH", "/api/v1/census/"+id(ret.ID), `{"version":`+id(ret.Version)+`,"figures":[{"key":"realname_rate","value":90,"reason":"x"}]}`)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"figures.realname_rate"`) {
			t.Errorf("typed rate: %d %s", code, body)
		}
		if code, _ = e.api(e.viewerToken, "POST", "/api/v1/census/"+id(ret.ID)+"/submit", ""); code != http.StatusForbidden {
			t.Errorf("a viewer submits: %d", code)
		}

		// The export, the English page, the links in.
		code, body = e.do(cy, "GET", loc+"/return.xlsx", "")
		if code != http.StatusOK || !strings.HasPrefix(body, "PK") {
			t.Errorf("export: %d", code)
		}
		code, page = e.do(cy, "GET", loc, "", "Accept-Language", "en")
		if code != http.StatusOK || !strings.Contains(page, "Rolled up") || !strings.Contains(page, "Corrected above") {
			t.Errorf("English page: %d", code)
		}
		_, page = e.do(cy, "GET", "/dashboard", "")
		if !strings.Contains(page, `href="/census"`) || !strings.Contains(page, `id="dashboard-census"`) {
			t.Error("no link to the census from the dashboard and the menu")
		}
		code, page = e.do(cy, "GET", "/census?year=2017&org="+id(e.cyStreet.ID), "")
		if code != http.StatusOK || !strings.Contains(page, `<a href="/census/`+retID+`">已审核</a>`) || !strings.Contains(page, `id="own-return"`) {
			t.Errorf("street's census page: %d", code)
		}
	})
}

// TestCensusYearsAndDraft: the year menu offers the years that have
// returns (2017 too, however long ago) and keeps the chosen one; a
// return being filled has a visible save-draft button beside submit.
func TestCensusYearsAndDraft(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		ret, err := e.st.OpenCensus(ctx, gonghui.SystemActor("t"), e.cyUnion.ID, 2017)
		if err != nil {
			t.Fatal(err)
		}
		c := e.login("cy-cadre")
		_, page := e.do(c, "GET", "/census?year=2017&org="+id(e.cyUnion.ID), "")
		if !strings.Contains(page, `<option value="2017" selected>2017</option>`) {
			t.Errorf("the year menu lacks 2017, chosen")
		}
		_, page = e.do(c, "GET", "/census?year=2019", "")
		if !strings.Contains(page, `<option value="2019" selected>`) || !strings.Contains(page, `<option value="2017" >`) {
			t.Errorf("the year menu does not keep 2019 beside 2017")
		}
		_, page = e.do(c, "GET", "/census/"+id(ret.ID), "")
		if !strings.Contains(page, `class="secondary" id="save-draft">保存草稿</button>`) {
			t.Errorf("no save-draft button")
		}
	})
}
