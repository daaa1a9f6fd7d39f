package httpserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
)

// submit sends a UI form and returns the status, the redirect target and the
// page.
func (e *env) submit(c *http.Client, path string, form url.Values, hdr ...string) (int, string, string) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// apiInto calls the API and decodes the answer into v; it fails the test
// unless the status is want.
func (e *env) apiInto(token, method, path, body string, want int, v any) {
	e.t.Helper()
	code, out := e.api(token, method, path, body)
	if code != want {
		e.t.Fatalf("%s %s: %d %s, want %d", method, path, code, out, want)
	}
	if v != nil {
		if err := json.Unmarshal([]byte(out), v); err != nil {
			e.t.Fatalf("%s %s: %v in %s", method, path, err, out)
		}
	}
}

// apiFields returns the field reasons of a 422 answer.
func apiFields(t *testing.T, code int, body string) map[string]string {
	t.Helper()
	var out struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	json.Unmarshal([]byte(body), &out)
	if code != http.StatusUnprocessableEntity {
		t.Errorf("want 422, got %d %s", code, body)
	}
	return out.Error.Fields
}

// seedDemocracy records, through the API as the Chaoyang cadre, a unit
// congress with a sitting, a disclosure system with a record and an
// employee director, all for e.cyUnit.
func seedDemocracy(e *env) (gonghui.Congress, gonghui.Disclosure, gonghui.Director) {
	var g gonghui.Congress
	var d gonghui.Disclosure
	var dir gonghui.Director
	e.apiInto(e.cyToken, "POST", "/api/v1/congresses", `{"org_id":`+id(e.cyUnion.ID)+`,"name":"朝阳示例公司第一届职工代表大会","kind":"unit","established_on":"2017-03-01","unit_ids":[`+id(e.cyUnit.ID)+`]}`, http.StatusCreated, &g)
	e.apiInto(e.cyToken, "POST", "/api/v1/congresses/"+id(g.ID)+"/sittings", `{"held_on":"2017-03-15","delegates":30,"attended":24,"motions":["审议年度工作报告"]}`, http.StatusCreated, nil)
	e.apiInto(e.cyToken, "POST", "/api/v1/disclosures", `{"unit_id":`+id(e.cyUnit.ID)+`,"established_on":"2017-03-01"}`, http.StatusCreated, &d)
	e.apiInto(e.cyToken, "POST", "/api/v1/disclosures/"+id(d.ID)+"/records", `{"disclosed_on":"2017-04-01","topic":"年度经营情况"}`, http.StatusCreated, nil)
	e.apiInto(e.cyToken, "POST", "/api/v1/directors", `{"unit_id":`+id(e.cyUnit.ID)+`,"role":"director","name":"李示例","since":"2017-03-01"}`, http.StatusCreated, &dir)
	return g, d, dir
}

func TestCongressesThroughUIAndAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.login("cy-cadre")
		// A bad form shows every error beside its field, at once.
		form := url.Values{"name": {""}, "kind": {"nope"}, "org_code": {"NOPE"}, "units": {"NOPE"}, "established_on": {"2017-13-01"}}
		code, _, page := e.submit(c, "/congresses/new", form)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("bad congress form: %d", code)
		}
		for _, f := range []string{"name", "kind", "org_code", "units", "established_on"} {
			if !strings.Contains(page, `id="err-`+f+`"`) {
				t.Errorf("congress form: no error beside %s", f)
			}
		}
		_, _, page = e.submit(c, "/congresses/new", url.Values{"name": {"x"}, "kind": {"unit"}, "org_code": {e.cyUnion.Code}}, "Accept-Language", "en")
		if !strings.Contains(page, "choose the units the congress covers") {
			t.Errorf("English form errors missing")
		}
		// A good form creates a unit congress.
		form = url.Values{"name": {"朝阳示例公司第一届职工代表大会"}, "kind": {"unit"}, "org_code": {e.cyUnion.Code},
			"units": {e.cyUnit.USCC + "\n"}, "established_on": {"2017-03-01"}}
		code, loc, _ := e.submit(c, "/congresses/new", form)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/congresses/") {
			t.Fatalf("create congress: %d %s", code, loc)
		}
		var list struct {
			Items []gonghui.Congress `json:"items"`
			Total int                `json:"total"`
		}
		e.apiInto(e.cyToken, "GET", "/api/v1/congresses", "", http.StatusOK, &list)
		if list.Total != 1 || list.Items[0].Kind != gonghui.CongressUnit || len(list.Items[0].UnitIDs) != 1 || list.Items[0].UnitIDs[0] != e.cyUnit.ID ||
			list.Items[0].OrgID != e.cyUnion.ID || list.Items[0].EstablishedOn.String() != "2017-03-01" {
			t.Fatalf("congresses: %+v", list)
		}
		g := list.Items[0]
		if loc != "/congresses/"+id(g.ID) {
			t.Errorf("redirect to %s", loc)
		}
		// One active unit congress per unit: the refusal shows at the units.
		form.Set("name", "第二个职代会")
		if code, _, page := e.submit(c, "/congresses/new", form); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-units"`) {
			t.Errorf("second unit congress: %d", code)
		}
		// The edit form shows the current values and saves a change.
		code, page = e.do(c, "GET", "/congresses/"+id(g.ID)+"/edit", "")
		if code != http.StatusOK || !strings.Contains(page, e.cyUnit.USCC) || !strings.Contains(page, `value="`+e.cyUnion.Code+`"`) {
			t.Errorf("edit form: %d", code)
		}
		form.Set("name", "朝阳示例公司职工代表大会")
		if code, loc, _ := e.submit(c, "/congresses/"+id(g.ID)+"/edit", form); code != http.StatusSeeOther || loc != "/congresses/"+id(g.ID) {
			t.Errorf("edit congress: %d %s", code, loc)
		}
		form.Set("established_on", "2017-02-30")
		if code, _, page := e.submit(c, "/congresses/"+id(g.ID)+"/edit", form); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-established_on"`) {
			t.Errorf("edit with a bad date: %d", code)
		}

		// Sittings through the API: one quorate, one not, one refused.
		sittings := "/api/v1/congresses/" + id(g.ID) + "/sittings"
		var st gonghui.Sitting
		e.apiInto(e.cyToken, "POST", sittings, `{"held_on":"2017-03-15","delegates":30,"attended":24,"motions":["审议年度工作报告"," 职工代表提案 "]}`, http.StatusCreated, &st)
		if st.ID == 0 || !st.Quorate() || len(st.Motions) != 2 || st.Motions[1] != "职工代表提案" {
			t.Errorf("sitting: %+v", st)
		}
		e.apiInto(e.cyToken, "POST", sittings, `{"held_on":"2017-09-20","delegates":30,"attended":15,"motions":[]}`, http.StatusCreated, nil)
		code, body := e.api(e.cyToken, "POST", sittings, `{"held_on":"2017-10-01","delegates":30,"attended":40}`)
		if f := apiFields(t, code, body); f["attended"] == "" || len(f) != 1 {
			t.Errorf("attended above delegates: %s", body)
		}
		code, body = e.api(e.cyToken, "POST", sittings, `{"held_on":"2016-12-31","delegates":0,"attended":0}`)
		if f := apiFields(t, code, body); f["held_on"] == "" || f["delegates"] == "" {
			t.Errorf("sitting before establishment: %s", body)
		}
		// The UI adds a sitting; a bad one comes back on the page.
		code, loc, _ = e.submit(c, "/congresses/"+id(g.ID)+"/sittings", url.Values{"held_on": {"2017-11-10"}, "delegates": {"30"}, "attended": {"28"}, "motions": {"审议集体合同草案\n\n审议厂务公开实施办法"}})
		if code != http.StatusSeeOther || loc != "/congresses/"+id(g.ID) {
			t.Errorf("UI sitting: %d %s", code, loc)
		}
		code, loc, _ = e.submit(c, "/congresses/"+id(g.ID)+"/sittings", url.Values{"held_on": {"2017-11-11"}, "delegates": {"many"}, "attended": {"3"}})
		if code != http.StatusSeeOther || loc != "/congresses/"+id(g.ID) || !strings.Contains(e.flash(c, loc), "须为整数") {
			t.Errorf("bad UI sitting: %d %s", code, loc)
		}
		var sl struct {
			Items []gonghui.Sitting `json:"items"`
			Total int               `json:"total"`
		}
		e.apiInto(e.cyToken, "GET", sittings, "", http.StatusOK, &sl)
		if sl.Total != 3 || len(sl.Items) != 3 || sl.Items[1].Quorate() || sl.Items[2].Motions[1] != "审议厂务公开实施办法" {
			t.Errorf("sittings: %+v", sl)
		}
		e.apiInto(e.cyToken, "GET", sittings+"?limit=1&page=2", "", http.StatusOK, &sl)
		if sl.Total != 3 || len(sl.Items) != 1 || sl.Items[0].HeldOn.String() != "2017-09-20" {
			t.Errorf("sittings page 2: %+v", sl)
		}
		code, page = e.do(c, "GET", "/congresses/"+id(g.ID), "")
		if code != http.StatusOK || !strings.Contains(page, "审议厂务公开实施办法") || !strings.Contains(page, "朝阳示例公司职工代表大会") ||
			!strings.Contains(page, `action="/congresses/`+id(g.ID)+`/sittings"`) || !strings.Contains(page, e.cyUnit.USCC) {
			t.Errorf("congress page: %d", code)
		}
		// A message never comes from the address.
		if _, page = e.do(c, "GET", "/congresses/"+id(g.ID)+"?error="+url.QueryEscape("请致电12345"), ""); strings.Contains(page, "请致电12345") {
			t.Error("the page shows text from its address")
		}

		// Another congress through the API; PATCH keeps what it does not name.
		var rg gonghui.Congress
		e.apiInto(e.cyToken, "POST", "/api/v1/congresses", `{"org_id":`+id(e.cyStreet.ID)+`,"name":"建外街道区域性职代会","kind":"regional","established_on":"2017-05-01","unit_ids":[`+id(e.cyUnit.ID)+`]}`, http.StatusCreated, &rg)
		e.apiInto(e.cyToken, "PATCH", "/api/v1/congresses/"+id(rg.ID), `{"name":"建外街道区域性职工代表大会","version":1}`, http.StatusOK, &rg)
		if rg.Name != "建外街道区域性职工代表大会" || rg.Kind != gonghui.CongressRegional || len(rg.UnitIDs) != 1 || rg.OrgID != e.cyStreet.ID {
			t.Errorf("patched: %+v", rg)
		}
		code, body = e.api(e.cyToken, "POST", "/api/v1/congresses", `{"org_id":`+id(e.cyUnion.ID)+`,"name":"","kind":"unit","established_on":"2017-05-01","unit_ids":[]}`)
		if f := apiFields(t, code, body); f["name"] == "" || f["unit_ids"] == "" {
			t.Errorf("bad congress: %s", body)
		}

		// Dissolve through the UI: a date before the last sitting comes back
		// on the page, a good one dissolves.
		code, loc, _ = e.submit(c, "/congresses/"+id(g.ID)+"/dissolve", url.Values{"dissolved_on": {"2017-10-01"}})
		if code != http.StatusSeeOther || loc != "/congresses/"+id(g.ID) || e.flash(c, loc) == "" {
			t.Errorf("early dissolution: %d %s", code, loc)
		}
		code, loc, _ = e.submit(c, "/congresses/"+id(g.ID)+"/dissolve", url.Values{"dissolved_on": {"2017-12-31"}})
		if code != http.StatusSeeOther || loc != "/congresses/"+id(g.ID) {
			t.Errorf("dissolve: %d %s", code, loc)
		}
		e.apiInto(e.cyToken, "GET", "/api/v1/congresses/"+id(g.ID), "", http.StatusOK, &g)
		if g.Active() || g.DissolvedOn.String() != "2017-12-31" || g.Sittings != 3 {
			t.Errorf("dissolved: %+v", g)
		}
		code, body = e.api(e.cyToken, "POST", "/api/v1/congresses/"+id(g.ID)+"/dissolve", `{"dissolved_on":"2018-01-01"}`)
		if f := apiFields(t, code, body); f["dissolved_on"] == "" {
			t.Errorf("dissolved twice: %s", body)
		}
		var dissolved gonghui.Congress
		e.apiInto(e.cyToken, "GET", "/api/v1/congresses/"+id(g.ID), "", http.StatusOK, &dissolved)
		code, body = e.api(e.cyToken, "PATCH", "/api/v1/congresses/"+id(g.ID), `{"name":"x","version":`+id(dissolved.Version)+`}`)
		if f := apiFields(t, code, body); f["dissolved_on"] == "" {
			t.Errorf("patched a dissolved congress: %s", body)
		}
		code, page = e.do(c, "GET", "/congresses/"+id(g.ID), "")
		if code != http.StatusOK || strings.Contains(page, `action="/congresses/`+id(g.ID)+`/dissolve"`) || strings.Contains(page, `href="/congresses/`+id(g.ID)+`/edit"`) {
			t.Errorf("a dissolved congress still offers to dissolve or edit it (%d)", code)
		}
		e.apiInto(e.cyToken, "POST", "/api/v1/congresses/"+id(rg.ID)+"/dissolve", `{}`, http.StatusOK, &rg)
		if rg.DissolvedOn != gonghui.Today() {
			t.Errorf("dissolved today: %+v", rg)
		}

		// The list filters, in the API and the UI.
		for q, want := range map[string]int{"": 2, "?kind=regional": 1, "?active=true": 0, "?unit_id=" + id(e.cyUnit.ID): 2, "?org_id=" + id(e.cyUnion.ID): 1} {
			e.apiInto(e.cyToken, "GET", "/api/v1/congresses"+q, "", http.StatusOK, &list)
			if list.Total != want {
				t.Errorf("congresses%s: %d, want %d", q, list.Total, want)
			}
		}
		code, page = e.do(c, "GET", "/congresses?kind=unit&unit_id="+id(e.cyUnit.ID), "")
		if code != http.StatusOK || !strings.Contains(page, "朝阳示例公司职工代表大会") || strings.Contains(page, "建外街道区域性") || !strings.Contains(page, e.cyUnit.Name) {
			t.Errorf("filtered list: %d", code)
		}
		// The rate counts the unit from its first congress on.
		for date, want := range map[string]int{"2017-09-30": 1, "2017-02-28": 0} {
			var rates []gonghui.RateResult
			e.apiInto(e.cyToken, "GET", "/api/v1/rates?date="+date, "", http.StatusOK, &rates)
			for _, r := range rates {
				if r.Key == "congress_rate" && (r.Numerator != want || r.Denominator != 1) {
					t.Errorf("congress rate on %s: %+v", date, r)
				}
			}
		}
		// A new unit congress may follow the dissolved one.
		form = url.Values{"name": {"朝阳示例公司第二届职工代表大会"}, "kind": {"unit"}, "org_code": {e.cyUnion.Code}, "units": {e.cyUnit.USCC}, "established_on": {"2018-01-01"}}
		if code, _, _ := e.submit(c, "/congresses/new", form); code != http.StatusSeeOther {
			t.Errorf("next congress: %d", code)
		}
	})
}

func TestDisclosuresThroughUIAndAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.login("cy-cadre")
		// The establish form on the list page shows its errors beside the fields.
		code, _, page := e.submit(c, "/disclosures/new", url.Values{"unit_uscc": {"NOPE"}, "established_on": {"2017-02-30"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-unit_uscc"`) || !strings.Contains(page, `id="err-established_on"`) {
			t.Errorf("bad disclosure form: %d", code)
		}
		code, _, page = e.submit(c, "/disclosures/new", url.Values{"unit_uscc": {e.cyUnit.USCC}, "established_on": {"2999-01-01"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-established_on"`) || !strings.Contains(page, `value="`+e.cyUnit.USCC+`"`) {
			t.Errorf("future disclosure: %d", code)
		}
		code, loc, _ := e.submit(c, "/disclosures/new", url.Values{"unit_uscc": {e.cyUnit.USCC}, "established_on": {"2017-03-01"}})
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/disclosures/") {
			t.Fatalf("establish: %d %s", code, loc)
		}
		var list struct {
			Items []gonghui.Disclosure `json:"items"`
			Total int                  `json:"total"`
		}
		e.apiInto(e.cyToken, "GET", "/api/v1/disclosures?unit_id="+id(e.cyUnit.ID), "", http.StatusOK, &list)
		if list.Total != 1 || list.Items[0].UnitID != e.cyUnit.ID || list.Items[0].UnitName != e.cyUnit.Name || !list.Items[0].Active() {
			t.Fatalf("disclosures: %+v", list)
		}
		d := list.Items[0]
		if loc != "/disclosures/"+id(d.ID) {
			t.Errorf("redirect to %s", loc)
		}
		// One system in place per unit, in the UI and the API.
		if code, _, page := e.submit(c, "/disclosures/new", url.Values{"unit_uscc": {e.cyUnit.USCC}, "established_on": {"2017-04-01"}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-unit_uscc"`) {
			t.Errorf("second system: %d", code)
		}
		code, body := e.api(e.cyToken, "POST", "/api/v1/disclosures", `{"unit_id":`+id(e.cyUnit.ID)+`,"established_on":"2017-04-01"}`)
		if f := apiFields(t, code, body); f["unit_id"] == "" {
			t.Errorf("second system through the API: %s", body)
		}
		// Records: through the API, the UI, and refusals.
		records := "/api/v1/disclosures/" + id(d.ID) + "/records"
		var rec gonghui.DisclosureRecord
		e.apiInto(e.cyToken, "POST", records, `{"disclosed_on":"2017-04-01","topic":" 年度经营情况 "}`, http.StatusCreated, &rec)
		if rec.ID == 0 || rec.Topic != "年度经营情况" {
			t.Errorf("record: %+v", rec)
		}
		code, body = e.api(e.cyToken, "POST", records, `{"disclosed_on":"2017-01-01","topic":""}`)
		if f := apiFields(t, code, body); f["disclosed_on"] == "" || f["topic"] == "" {
			t.Errorf("bad record: %s", body)
		}
		code, loc, _ = e.submit(c, "/disclosures/"+id(d.ID)+"/records", url.Values{"disclosed_on": {"2017-06-30"}, "topic": {"职工福利费使用情况"}})
		if code != http.StatusSeeOther || loc != "/disclosures/"+id(d.ID) {
			t.Errorf("UI record: %d %s", code, loc)
		}
		code, loc, _ = e.submit(c, "/disclosures/"+id(d.ID)+"/records", url.Values{"disclosed_on": {"2017-07-01"}, "topic": {""}})
		if code != http.StatusSeeOther || loc != "/disclosures/"+id(d.ID) || e.flash(c, loc) == "" {
			t.Errorf("UI record without topic: %d %s", code, loc)
		}
		var rl struct {
			Items []gonghui.DisclosureRecord `json:"items"`
			Total int                        `json:"total"`
		}
		e.apiInto(e.cyToken, "GET", records, "", http.StatusOK, &rl)
		if rl.Total != 2 || rl.Items[1].Topic != "职工福利费使用情况" {
			t.Errorf("records: %+v", rl)
		}
		code, page = e.do(c, "GET", "/disclosures/"+id(d.ID), "")
		if code != http.StatusOK || !strings.Contains(page, "职工福利费使用情况") || !strings.Contains(page, `action="/disclosures/`+id(d.ID)+`/end"`) {
			t.Errorf("disclosure page: %d", code)
		}
		// End: not before the last record; then a new system may start.
		code, loc, _ = e.submit(c, "/disclosures/"+id(d.ID)+"/end", url.Values{"ended_on": {"2017-05-01"}})
		if code != http.StatusSeeOther || loc != "/disclosures/"+id(d.ID) || e.flash(c, loc) == "" {
			t.Errorf("early end: %d %s", code, loc)
		}
		if code, loc, _ = e.submit(c, "/disclosures/"+id(d.ID)+"/end", url.Values{"ended_on": {"2017-12-31"}}); code != http.StatusSeeOther || loc != "/disclosures/"+id(d.ID) {
			t.Errorf("end: %d %s", code, loc)
		}
		code, body = e.api(e.cyToken, "POST", "/api/v1/disclosures/"+id(d.ID)+"/end", `{"ended_on":"2018-01-01"}`)
		if f := apiFields(t, code, body); f["ended_on"] == "" {
			t.Errorf("ended twice: %s", body)
		}
		e.apiInto(e.cyToken, "GET", "/api/v1/disclosures/"+id(d.ID), "", http.StatusOK, &d)
		if d.Active() || d.EndedOn.String() != "2017-12-31" || d.Records != 2 {
			t.Errorf("ended: %+v", d)
		}
		var d2 gonghui.Disclosure
		e.apiInto(e.cyToken, "POST", "/api/v1/disclosures", `{"unit_id":`+id(e.cyUnit.ID)+`,"established_on":"2018-01-01"}`, http.StatusCreated, &d2)
		for q, want := range map[string]int{"": 2, "?active=true": 1, "?org_id=" + id(e.cyUnion.ID): 2} {
			e.apiInto(e.cyToken, "GET", "/api/v1/disclosures"+q, "", http.StatusOK, &list)
			if list.Total != want {
				t.Errorf("disclosures%s: %d, want %d", q, list.Total, want)
			}
		}
		code, page = e.do(c, "GET", "/disclosures?active=1", "")
		if code != http.StatusOK || !strings.Contains(page, `href="/disclosures/`+id(d2.ID)+`"`) || strings.Contains(page, `href="/disclosures/`+id(d.ID)+`"`) {
			t.Errorf("active disclosures page: %d", code)
		}
	})
}

func TestDirectorsThroughUIAndAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.login("cy-cadre")
		code, _, page := e.submit(c, "/directors/new", url.Values{"unit_uscc": {"NOPE"}, "role": {""}, "name": {""}, "since": {"2017-13-01"}})
		if code != http.StatusUnprocessableEntity {
			t.Errorf("bad director form: %d", code)
		}
		for _, f := range []string{"unit_uscc", "role", "name", "since"} {
			if !strings.Contains(page, `id="err-`+f+`"`) {
				t.Errorf("director form: no error beside %s", f)
			}
		}
		code, _, page = e.submit(c, "/directors/new", url.Values{"unit_uscc": {e.cyUnit.USCC}, "role": {"director"}, "name": {"李示例"}, "since": {"2017-03-01"}, "until": {"2017-01-01"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-until"`) || !strings.Contains(page, `value="李示例"`) {
			t.Errorf("term ending before it starts: %d", code)
		}
		code, loc, _ := e.submit(c, "/directors/new", url.Values{"unit_uscc": {e.cyUnit.USCC}, "role": {"director"}, "name": {"李示例"}, "since": {"2017-03-01"}})
		if code != http.StatusSeeOther || loc != "/directors?unit_id="+id(e.cyUnit.ID) {
			t.Fatalf("add director: %d %s", code, loc)
		}
		var sup gonghui.Director
		e.apiInto(e.cyToken, "POST", "/api/v1/directors", `{"unit_id":`+id(e.cyUnit.ID)+`,"role":"supervisor","name":"王示例","since":"2017-03-01"}`, http.StatusCreated, &sup)
		if sup.UnitName != e.cyUnit.Name || sup.Role != gonghui.EmployeeSupervisor {
			t.Errorf("supervisor: %+v", sup)
		}
		// The same person in the same seat over an overlapping term.
		code, body := e.api(e.cyToken, "POST", "/api/v1/directors", `{"unit_id":`+id(e.cyUnit.ID)+`,"role":"director","name":"李示例","since":"2018-01-01"}`)
		if f := apiFields(t, code, body); f["name"] == "" {
			t.Errorf("overlapping term: %s", body)
		}
		code, body = e.api(e.cyToken, "POST", "/api/v1/directors", `{"unit_id":0,"role":"chair","name":"","since":""}`)
		if f := apiFields(t, code, body); f["unit_id"] == "" || f["role"] == "" || f["name"] == "" || f["since"] == "" {
			t.Errorf("bad director: %s", body)
		}
		var list struct {
			Items []gonghui.Director `json:"items"`
			Total int                `json:"total"`
		}
		for q, want := range map[string]int{"": 2, "?role=supervisor": 1, "?current=true": 2, "?unit_id=" + id(e.cyUnit.ID): 2} {
			e.apiInto(e.cyToken, "GET", "/api/v1/directors"+q, "", http.StatusOK, &list)
			if list.Total != want {
				t.Errorf("directors%s: %d, want %d", q, list.Total, want)
			}
		}
		e.apiInto(e.cyToken, "GET", "/api/v1/directors?role=director", "", http.StatusOK, &list)
		dir := list.Items[0]
		code, page = e.do(c, "GET", "/directors?unit_id="+id(e.cyUnit.ID), "")
		if code != http.StatusOK || !strings.Contains(page, "李示例") || !strings.Contains(page, "职工监事") ||
			!strings.Contains(page, `action="/directors/`+id(dir.ID)+`/end"`) || !strings.Contains(page, `value="`+e.cyUnit.USCC+`"`) {
			t.Errorf("directors page: %d", code)
		}
		// End a term: a refusal comes back on the list, then it ends.
		code, loc, _ = e.submit(c, "/directors/"+id(dir.ID)+"/end", url.Values{"until": {"2017-01-01"}})
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/directors") || e.flash(c, loc) == "" {
			t.Errorf("end before start: %d %s", code, loc)
		}
		code, loc, _ = e.submit(c, "/directors/"+id(dir.ID)+"/end", url.Values{"until": {"2017-12-31"}})
		if code != http.StatusSeeOther || loc != "/directors?unit_id="+id(e.cyUnit.ID) {
			t.Errorf("end: %d %s", code, loc)
		}
		code, body = e.api(e.cyToken, "POST", "/api/v1/directors/"+id(dir.ID)+"/end", `{}`)
		if f := apiFields(t, code, body); f["until"] == "" {
			t.Errorf("ended twice: %s", body)
		}
		e.apiInto(e.cyToken, "POST", "/api/v1/directors/"+id(sup.ID)+"/end", `{"until":"2018-02-28"}`, http.StatusOK, &sup)
		if sup.Until.String() != "2018-02-28" {
			t.Errorf("supervisor ended: %+v", sup)
		}
		e.apiInto(e.cyToken, "GET", "/api/v1/directors?current=true", "", http.StatusOK, &list)
		if list.Total != 0 {
			t.Errorf("still in office: %+v", list)
		}
		code, page = e.do(c, "GET", "/directors?current=1&role=director", "")
		if code != http.StatusOK || strings.Contains(page, "李示例") {
			t.Errorf("current directors page: %d", code)
		}
	})
}

// TestDemocracyRecordsScopeAndRoles: a Haidian account finds no Chaoyang
// congress, disclosure or director anywhere, and a viewer may read but not
// write.
func TestDemocracyRecordsScopeAndRoles(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		g, d, dir := seedDemocracy(e)
		gid, did, eid, unit := id(g.ID), id(d.ID), id(dir.ID), id(e.cyUnit.ID)
		hd := e.login("hd-cadre")
		ui := []struct{ method, path, body string }{
			{"GET", "/congresses/" + gid, ""},
			{"GET", "/congresses/" + gid + "/edit", ""},
			{"POST", "/congresses/" + gid + "/edit", "name=x&kind=unit&org_code=BJ08&units=" + e.hdUnit.USCC + "&established_on=2017-03-01"},
			{"POST", "/congresses/" + gid + "/edit", "name="},
			{"POST", "/congresses/" + gid + "/sittings", "held_on=2017-04-01&delegates=30&attended=30"},
			{"POST", "/congresses/" + gid + "/sittings", "held_on=bad"},
			{"POST", "/congresses/" + gid + "/dissolve", "dissolved_on=2017-12-31"},
			{"POST", "/congresses/" + gid + "/dissolve", "dissolved_on=bad"},
			{"GET", "/congresses?unit_id=" + unit, ""},
			{"GET", "/congresses?org=" + id(e.cyUnion.ID), ""},
			{"GET", "/congresses/new?unit_id=" + unit, ""},
			{"GET", "/disclosures/" + did, ""},
			{"POST", "/disclosures/" + did + "/records", "disclosed_on=2017-05-01&topic=x"},
			{"POST", "/disclosures/" + did + "/records", "disclosed_on=bad"},
			{"POST", "/disclosures/" + did + "/end", "ended_on=2017-12-31"},
			{"GET", "/disclosures?unit_id=" + unit, ""},
			{"GET", "/directors?unit_id=" + unit, ""},
			{"POST", "/directors/" + eid + "/end", "until=2017-12-31"},
			{"POST", "/directors/" + eid + "/end", "until=bad"},
		}
		for _, tc := range ui {
			if code, _ := e.do(hd, tc.method, tc.path, tc.body); code != http.StatusNotFound {
				t.Errorf("UI %s %s: %d, want 404", tc.method, tc.path, code)
			}
		}
		api := []struct{ method, path, body string }{
			{"GET", "/api/v1/congresses/" + gid, ""},
			{"PATCH", "/api/v1/congresses/" + gid, `{"name":"x"}`},
			{"GET", "/api/v1/congresses/" + gid + "/sittings", ""},
			{"POST", "/api/v1/congresses/" + gid + "/sittings", `{"held_on":"2017-04-01","delegates":30,"attended":30}`},
			{"POST", "/api/v1/congresses/" + gid + "/dissolve", `{}`},
			{"GET", "/api/v1/congresses?unit_id=" + unit, ""},
			{"GET", "/api/v1/congresses?org_id=" + id(e.cyUnion.ID), ""},
			{"GET", "/api/v1/disclosures/" + did, ""},
			{"GET", "/api/v1/disclosures/" + did + "/records", ""},
			{"POST", "/api/v1/disclosures/" + did + "/records", `{"disclosed_on":"2017-05-01","topic":"x"}`},
			{"POST", "/api/v1/disclosures/" + did + "/end", `{}`},
			{"GET", "/api/v1/disclosures?unit_id=" + unit, ""},
			{"GET", "/api/v1/directors?unit_id=" + unit, ""},
			{"POST", "/api/v1/directors/" + eid + "/end", `{}`},
		}
		for _, tc := range api {
			code, body := e.api(e.hdToken, tc.method, tc.path, tc.body)
			if code != http.StatusNotFound || !strings.Contains(body, `"error"`) {
				t.Errorf("API %s %s: %d %s, want 404", tc.method, tc.path, code, body)
			}
		}
		// A Haidian record cannot take a Chaoyang unit either.
		code, body := e.api(e.hdToken, "POST", "/api/v1/disclosures", `{"unit_id":`+unit+`,"established_on":"2017-03-01"}`)
		if f := apiFields(t, code, body); f["unit_id"] == "" {
			t.Errorf("Haidian establishes for a Chaoyang unit: %s", body)
		}
		code, body = e.api(e.hdToken, "POST", "/api/v1/directors", `{"unit_id":`+unit+`,"role":"director","name":"x","since":"2017-03-01"}`)
		if f := apiFields(t, code, body); f["unit_id"] == "" {
			t.Errorf("Haidian adds a director to a Chaoyang unit: %s", body)
		}
		// Haidian's lists hold none of it, and nothing changed.
		for _, p := range []string{"/api/v1/congresses", "/api/v1/disclosures", "/api/v1/directors"} {
			if _, body := e.api(e.hdToken, "GET", p, ""); !strings.Contains(body, `"total":0`) {
				t.Errorf("%s leaks: %s", p, body)
			}
		}
		for _, p := range []string{"/congresses", "/disclosures", "/directors"} {
			if code, page := e.do(hd, "GET", p, ""); code != http.StatusOK || strings.Contains(page, "朝阳示例") || strings.Contains(page, "李示例") {
				t.Errorf("%s: %d, leaks Chaoyang records", p, code)
			}
		}
		sys := gonghui.SystemActor("t")
		if cur, _ := e.st.GetCongress(ctx, sys, g.ID); cur.Name != g.Name || !cur.Active() || cur.Sittings != 1 {
			t.Errorf("congress changed: %+v", cur)
		}
		if recs, _ := e.st.DisclosureRecords(ctx, sys, d.ID); len(recs) != 1 {
			t.Errorf("records changed: %+v", recs)
		}
		if cur, _ := e.st.GetDirector(ctx, sys, dir.ID); !cur.Until.IsZero() {
			t.Errorf("director changed: %+v", cur)
		}

		// A viewer reads every page, without the write forms, and may not write.
		v := e.login("cy-viewer")
		for _, p := range []string{"/congresses", "/congresses/" + gid, "/disclosures", "/disclosures/" + did, "/directors"} {
			code, page := e.do(v, "GET", p, "")
			if code != http.StatusOK || strings.Contains(page, `method="post" action="/congresses`) ||
				strings.Contains(page, `method="post" action="/disclosures`) || strings.Contains(page, `method="post" action="/directors`) {
				t.Errorf("viewer %s: %d, or a write form shows", p, code)
			}
		}
		writes := []struct{ path, body string }{
			{"/congresses/new", "name=x"},
			{"/congresses/" + gid + "/edit", "name=x"},
			{"/congresses/" + gid + "/sittings", "held_on=2017-04-01&delegates=30&attended=30"},
			{"/congresses/" + gid + "/sittings", "held_on=bad"},
			{"/congresses/" + gid + "/dissolve", "dissolved_on=2017-12-31"},
			{"/disclosures/new", "unit_uscc=" + e.cyUnit.USCC + "&established_on=2017-03-01"},
			{"/disclosures/" + did + "/records", "disclosed_on=2017-05-01&topic=x"},
			{"/disclosures/" + did + "/end", "ended_on=2017-12-31"},
			{"/directors/new", "unit_uscc=NOPE"},
			{"/directors/" + eid + "/end", "until=2017-12-31"},
		}
		for _, w := range writes {
			if code, _ := e.do(v, "POST", w.path, w.body); code != http.StatusForbidden {
				t.Errorf("viewer POST %s: %d, want 403", w.path, code)
			}
		}
		for _, p := range []string{"/congresses/new", "/congresses/" + gid + "/edit"} {
			if code, _ := e.do(v, "GET", p, ""); code != http.StatusForbidden {
				t.Errorf("viewer GET %s: %d, want 403", p, code)
			}
		}
		apiWrites := []struct{ method, path, body string }{
			{"POST", "/api/v1/congresses", `{"org_id":` + id(e.cyUnion.ID) + `,"name":"x","kind":"unit","established_on":"2017-03-01","unit_ids":[` + unit + `]}`},
			{"PATCH", "/api/v1/congresses/" + gid, `{"name":"x"}`},
			{"POST", "/api/v1/congresses/" + gid + "/sittings", `{"held_on":"2017-04-01","delegates":30,"attended":40}`},
			{"POST", "/api/v1/congresses/" + gid + "/dissolve", `{}`},
			{"POST", "/api/v1/disclosures", `{"unit_id":` + unit + `,"established_on":"2017-03-01"}`},
			{"POST", "/api/v1/disclosures/" + did + "/records", `{"disclosed_on":"2017-05-01","topic":"x"}`},
			{"POST", "/api/v1/disclosures/" + did + "/end", `{}`},
			{"POST", "/api/v1/directors", `{"unit_id":` + unit + `,"role":"director","name":"x","since":"2017-03-01"}`},
			{"POST", "/api/v1/directors/" + eid + "/end", `{}`},
		}
		for _, w := range apiWrites {
			if code, body := e.api(e.viewerToken, w.method, w.path, w.body); code != http.StatusForbidden {
				t.Errorf("viewer API %s %s: %d %s, want 403", w.method, w.path, code, body)
			}
		}
		for _, p := range []string{"/api/v1/congresses/" + gid, "/api/v1/congresses/" + gid + "/sittings", "/api/v1/disclosures/" + did + "/records", "/api/v1/directors"} {
			if code, _ := e.api(e.viewerToken, "GET", p, ""); code != http.StatusOK {
				t.Errorf("viewer reads %s: %d", p, code)
			}
		}
	})
}

// TestDemocracyRatesAndPages: the rates read the congresses and disclosure
// systems recorded here, and every page renders in both languages.
func TestDemocracyRatesAndPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		g, d, _ := seedDemocracy(e)
		rate := func(token, date string) map[string]gonghui.RateResult {
			var rates []gonghui.RateResult
			e.apiInto(token, "GET", "/api/v1/rates?date="+date, "", http.StatusOK, &rates)
			out := map[string]gonghui.RateResult{}
			for _, r := range rates {
				out[r.Key] = r
			}
			return out
		}
		// e.cyUnit has 30 staff and is private: in both denominators.
		rs := rate(e.cyToken, "2017-09-30")
		for _, k := range []string{"congress_rate", "disclosure_rate"} {
			if rs[k].Numerator != 1 || rs[k].Denominator != 1 {
				t.Errorf("%s: %+v", k, rs[k])
			}
		}
		rs = rate(e.cyToken, "2017-02-28")
		for _, k := range []string{"congress_rate", "disclosure_rate"} {
			if rs[k].Numerator != 0 || rs[k].Denominator != 1 {
				t.Errorf("%s before establishment: %+v", k, rs[k])
			}
		}
		rs = rate(e.adminToken, "2017-09-30")
		if rs["congress_rate"].Numerator != 1 || rs["congress_rate"].Denominator != 2 || rs["disclosure_rate"].Numerator != 1 {
			t.Errorf("city rates: %+v", rs)
		}

		c := e.login("cy-cadre")
		code, page := e.do(c, "GET", "/democracy?date=2017-09-30", "")
		if code != http.StatusOK || !strings.Contains(page, `href="/congresses?org=`) || !strings.Contains(page, `href="/disclosures?org=`) || !strings.Contains(page, `href="/directors?org=`) {
			t.Errorf("overview links: %d", code)
		}
		code, page = e.do(c, "GET", "/units/"+id(e.cyUnit.ID), "")
		if code != http.StatusOK || !strings.Contains(page, `href="/congresses?unit_id=`+id(e.cyUnit.ID)+`"`) || !strings.Contains(page, `href="/directors?unit_id=`+id(e.cyUnit.ID)+`"`) {
			t.Errorf("unit page links: %d", code)
		}
		code, page = e.do(c, "GET", "/congresses/new?unit_id="+id(e.cyUnit.ID), "")
		if code != http.StatusOK || !strings.Contains(page, e.cyUnit.USCC) || !strings.Contains(page, `value="`+e.cyUnion.Code+`"`) {
			t.Errorf("new congress for a unit: %d", code)
		}
		pages := []string{"/congresses", "/congresses?kind=unit&active=1&unit_id=" + id(e.cyUnit.ID), "/congresses?org=" + id(e.cyUnion.ID),
			"/congresses/new", "/congresses/" + id(g.ID), "/congresses/" + id(g.ID) + "/edit",
			"/disclosures", "/disclosures?active=1&unit_id=" + id(e.cyUnit.ID), "/disclosures/" + id(d.ID),
			"/directors", "/directors?role=director&current=1&unit_id=" + id(e.cyUnit.ID)}
		for _, lang := range []string{"zh-CN", "en"} {
			for _, p := range pages {
				code, page := e.do(c, "GET", p, "", "Accept-Language", lang)
				if code != http.StatusOK || strings.Contains(page, `"congress.`) || strings.Contains(page, ">congress.") || strings.Contains(page, ">director.") || strings.Contains(page, ">disclosure.") {
					t.Errorf("%s (%s): %d, or a text key shows", p, lang, code)
				}
			}
		}
		if _, page := e.do(c, "GET", "/congresses/"+id(g.ID), "", "Accept-Language", "en"); !strings.Contains(page, "Unit congress") || !strings.Contains(page, "Yes") {
			t.Error("English congress page misses the kind or the quorum")
		}
		if _, page := e.do(c, "GET", "/congresses/"+id(g.ID), ""); !strings.Contains(page, "单位职代会") || !strings.Contains(page, "审议年度工作报告") {
			t.Error("congress page misses the kind or the motions")
		}
	})
}

// flash follows a redirect to loc and returns the message the page shows
// in its banner, "" for none.
func (e *env) flash(c *http.Client, loc string) string {
	e.t.Helper()
	_, page := e.do(c, "GET", loc, "")
	i := strings.Index(page, `id="flash">`)
	if i < 0 {
		return ""
	}
	page = page[i+len(`id="flash">`):]
	return page[:strings.Index(page, "</p>")]
}
