package httpserver_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

func TestContractsAndRatesThroughUIAndAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.login("cy-cadre")
		// A bad form shows every error beside its field.
		form := url.Values{"title": {""}, "kind": {"comprehensive"}, "level": {"enterprise"}, "org_code": {e.cyUnion.Code},
			"units": {"NOPE"}, "term_start": {"2017-01-01"}, "term_end": {"2016-01-01"}, "avg_wage": {"12.345"}}
		code, page := e.do(c, "POST", "/contracts/new", form.Encode())
		for _, f := range []string{"title", "units", "term_end", "avg_wage"} {
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-`+f+`"`) {
				t.Errorf("contract form: no error beside %s (%d)", f, code)
			}
		}
		// A good wage contract through the form, then its life through the API.
		form = url.Values{"title": {"2017年工资专项集体合同"}, "kind": {"wage"}, "level": {"enterprise"}, "org_code": {e.cyUnion.Code},
			"units": {e.cyUnit.USCC}, "term_start": {"2017-01-01"}, "term_end": {"2017-12-31"}, "covered_staff": {"30"},
			"topic": {"wage_adjustment", "working_hours"}, "other_topics": {"高温津贴、夜班补贴"}, "avg_wage": {"6,500.50"}, "adjustment": {"5.5"}, "wage_workers": {"28"}}
		code, _ = e.do(c, "POST", "/contracts/new", form.Encode())
		if code != http.StatusSeeOther {
			t.Fatalf("create contract: %d", code)
		}
		_, body := e.api(e.cyToken, "GET", "/api/v1/contracts", "")
		var list struct {
			Items []gonghui.Contract `json:"items"`
		}
		json.Unmarshal([]byte(body), &list)
		if len(list.Items) != 1 || list.Items[0].LastYearAvgWage != 650050 || list.Items[0].AdjustmentBP != 550 || len(list.Items[0].Topics) != 4 {
			t.Fatalf("contracts: %s", body)
		}
		k := list.Items[0]
		for _, st := range []string{`{"to":"signed","on":"2017-01-05"}`, `{"to":"filed","on":"2017-01-10"}`, `{"to":"effective","on":"2017-01-25"}`} {
			if code, body := e.api(e.cyToken, "POST", "/api/v1/contracts/"+id(k.ID)+"/steps", st); code != http.StatusOK {
				t.Fatalf("step %s: %d %s", st, code, body)
			}
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/contracts/"+id(k.ID)+"/steps", `{"to":"signed","on":"2017-02-01"}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"to"`) {
			t.Errorf("backwards step: %d %s", code, body)
		}
		// Rates: the contract covers one of Chaoyang's enterprises on 2017-09-30.
		code, body = e.api(e.cyToken, "GET", "/api/v1/rates?date=2017-09-30", "")
		var rates []struct {
			Key         string  `json:"key"`
			Numerator   int     `json:"numerator"`
			Denominator int     `json:"denominator"`
			Percent     float64 `json:"percent"`
		}
		json.Unmarshal([]byte(body), &rates)
		if code != http.StatusOK || len(rates) != len(gonghui.DefaultRates) || rates[0].Key != "contract_rate" || rates[0].Numerator != 1 || rates[0].Denominator != 1 || rates[0].Percent != 100 {
			t.Errorf("rates: %d %s", code, body)
		}
		_, body = e.api(e.adminToken, "GET", "/api/v1/rates?date=2017-09-30", "")
		json.Unmarshal([]byte(body), &rates)
		if rates[0].Numerator != 1 || rates[0].Denominator != 2 {
			t.Errorf("city rates: %s", body)
		}
		_, body = e.api(e.adminToken, "GET", "/api/v1/rates/contract_rate/units?which=missing&date=2017-09-30", "")
		if !strings.Contains(body, e.hdUnit.USCC) || strings.Contains(body, e.cyUnit.USCC) {
			t.Errorf("missing units: %s", body)
		}
		if code, _ := e.api(e.cyToken, "GET", "/api/v1/rates/contract_rate/units?which=odd", ""); code != http.StatusUnprocessableEntity {
			t.Errorf("bad which: %d", code)
		}
		if code, _ := e.api(e.cyToken, "GET", "/api/v1/rates?date=2017-13-01", ""); code != http.StatusUnprocessableEntity {
			t.Errorf("bad date: %d", code)
		}
		_, body = e.api(e.cyToken, "GET", "/api/v1/reminders?date=2017-11-15", "")
		if !strings.Contains(body, `"kind":"expiry"`) {
			t.Errorf("reminders: %s", body)
		}
		// Haidian sees none of it.
		if code, _ := e.api(e.hdToken, "GET", "/api/v1/contracts/"+id(k.ID), ""); code != http.StatusNotFound {
			t.Errorf("haidian reads a contract: %d", code)
		}
		if code, _ := e.api(e.hdToken, "POST", "/api/v1/contracts/"+id(k.ID)+"/steps", `{"to":"expired","on":"2017-12-31"}`); code != http.StatusNotFound {
			t.Errorf("haidian steps a contract: %d", code)
		}
		hdc := e.login("hd-cadre")
		if code, _ := e.do(hdc, "GET", "/contracts/"+id(k.ID), ""); code != http.StatusNotFound {
			t.Errorf("haidian opens a contract page: %d", code)
		}
		if code, _ := e.do(hdc, "GET", "/democracy?org="+id(e.chaoyang.ID), ""); code != http.StatusNotFound {
			t.Errorf("haidian opens Chaoyang's overview: %d", code)
		}
		// The pages render, with the figures and the drill-down.
		code, page = e.do(c, "GET", "/democracy?date=2017-09-30", "")
		if code != http.StatusOK || !strings.Contains(page, "集体合同覆盖率") || !strings.Contains(page, "100.0%") {
			t.Errorf("overview: %d", code)
		}
		for _, p := range []string{"/contracts", "/contracts/" + id(k.ID), "/contracts/" + id(k.ID) + "/edit",
			"/democracy/rates/contract_rate?which=numerator&date=2017-09-30"} {
			if code, _ := e.do(c, "GET", p, ""); code != http.StatusOK {
				t.Errorf("%s: %d", p, code)
			}
		}
		// Rate definitions: the root admin edits one; a district cadre may not.
		if code, _ := e.do(c, "POST", "/democracy/rates/contract_rate/edit", "definition=x"); code == http.StatusSeeOther {
			t.Error("a cadre changed a rate")
		}
		def, _ := e.st.RateDefinition(ctx, "contract_rate")
		def.Denominator.MinStaff = 50
		b, _ := json.Marshal(def)
		ra := e.login("root-admin")
		if code, page := e.do(ra, "POST", "/democracy/rates/contract_rate/edit", url.Values{"definition": {"{bad"}}.Encode()); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-definition"`) {
			t.Errorf("bad definition: %d", code)
		}
		if code, _ := e.do(ra, "POST", "/democracy/rates/contract_rate/edit", url.Values{"definition": {string(b)}}.Encode()); code != http.StatusSeeOther {
			t.Errorf("save definition: %d", code)
		}
		_, body = e.api(e.cyToken, "GET", "/api/v1/rates?date=2017-09-30", "")
		json.Unmarshal([]byte(body), &rates)
		if rates[0].Denominator != 0 { // the only Chaoyang unit has 30 staff
			t.Errorf("after the rule changed: %s", body)
		}
	})
}

func TestImportContractsThroughUI(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("cy-cadre")
	csv := "合同名称,合同类型,合同层级,签订工会,覆盖单位统一社会信用代码,期限开始,期限结束,签订日期,备案日期,生效日期\n" +
		"上传的合同,综合集体合同,企业集体合同," + e.cyUnion.Code + "," + e.cyUnit.USCC + ",2017-01-01,2019-12-31,2016-12-20,2016-12-28,2017-01-12\n"
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("kind", "contracts")
	fw, _ := mw.CreateFormFile("file", "contracts.csv")
	fw.Write([]byte(csv))
	mw.Close()
	code, _ := e.do(c, "POST", "/imports", buf.String(), "Content-Type", mw.FormDataContentType())
	if code != http.StatusSeeOther {
		t.Fatalf("upload: %d", code)
	}
	e.srvWait()
	_, body := e.api(e.cyToken, "GET", "/api/v1/contracts?q="+url.QueryEscape("上传"), "")
	if !strings.Contains(body, `"total":1`) || !strings.Contains(body, `"status":"effective"`) {
		t.Errorf("imported contract: %s", body)
	}
	if code, page := e.do(c, "GET", "/imports", ""); code != http.StatusOK || !strings.Contains(page, "集体合同") {
		t.Errorf("imports page: %d", code)
	}
}

// TestImportStructureThroughUI uploads a union, then a unit it covers,
// then the unit's disclosure system, each file naming what came before.
func TestImportStructureThroughUI(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("cy-cadre")
	unit := storetest.USCC("91", "110105", 77)
	files := []struct{ kind, csv string }{
		{"orgs", "工会代码,工会名称,组织类型,上级工会代码\nCY-UP1,上传的工会,基层工会," + e.cyStreet.Code + "\n"},
		{"units", "统一社会信用代码,单位名称,所属工会代码,经济类型,职工人数\n" + unit + ",上传的单位,CY-UP1,私营,80\n"},
		{"disclosures", "单位统一社会信用代码,建立日期,终止日期\n" + unit + ",2016-04-01,\n"},
	}
	for _, f := range files {
		if code, body := e.do(c, "GET", "/templates/"+f.kind+".xlsx", ""); code != http.StatusOK || !strings.HasPrefix(body, "PK") {
			t.Errorf("%s template: %d", f.kind, code)
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("kind", f.kind)
		fw, _ := mw.CreateFormFile("file", f.kind+".csv")
		fw.Write([]byte(f.csv))
		mw.Close()
		if code, _ := e.do(c, "POST", "/imports", buf.String(), "Content-Type", mw.FormDataContentType()); code != http.StatusSeeOther {
			t.Fatalf("upload %s: %d", f.kind, code)
		}
		e.srvWait()
	}
	_, body := e.api(e.cyToken, "GET", "/api/v1/units?q="+url.QueryEscape("上传"), "")
	if !strings.Contains(body, `"total":1`) || !strings.Contains(body, "上传的工会") {
		t.Errorf("imported unit: %s", body)
	}
	_, body = e.api(e.cyToken, "GET", "/api/v1/disclosures?active=1", "")
	if !strings.Contains(body, "上传的单位") {
		t.Errorf("imported disclosure: %s", body)
	}
	if code, page := e.do(c, "GET", "/imports", ""); code != http.StatusOK || !strings.Contains(page, "工会组织") || !strings.Contains(page, "厂务公开") {
		t.Errorf("imports page: %d", code)
	}
}

func TestBargainingTopicList(t *testing.T) {
	e := newEnv(t, "sqlite")
	code, body := e.api(e.cyToken, "GET", "/api/v1/bargaining-topics", "")
	if code != http.StatusOK || !strings.Contains(body, `"wage_adjustment"`) || !strings.Contains(body, "女职工特殊保护") {
		t.Errorf("topics: %d %s", code, body)
	}
	if code, _ := e.api(e.cyToken, "PUT", "/api/v1/bargaining-topics", `{"topics":["x"]}`); code != http.StatusForbidden {
		t.Errorf("cadre changes topics: %d", code)
	}
	if code, body := e.api(e.adminToken, "PUT", "/api/v1/bargaining-topics", `{"topics":["夜班补贴","夜班补贴"]}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"topics"`) {
		t.Errorf("duplicate topics: %d %s", code, body)
	}
	if code, body := e.api(e.adminToken, "PUT", "/api/v1/bargaining-topics", `{"topics":["夜班补贴","交通补贴"]}`); code != http.StatusOK || !strings.Contains(body, "交通补贴") {
		t.Errorf("save topics: %d %s", code, body)
	}
	c := e.login("cy-cadre")
	if _, page := e.do(c, "GET", "/contracts/new", ""); !strings.Contains(page, `value="交通补贴"`) {
		t.Error("the contract form does not offer the configured topics")
	}
	ra := e.login("root-admin")
	if code, page := e.do(ra, "GET", "/democracy/topics", ""); code != http.StatusOK || !strings.Contains(page, "夜班补贴") {
		t.Errorf("topics page: %d", code)
	}
	if code, _ := e.do(ra, "POST", "/democracy/topics", url.Values{"topics": {"a\na"}}.Encode()); code != http.StatusUnprocessableEntity {
		t.Errorf("bad topics form: %d", code)
	}
}

func TestStatsAPI(t *testing.T) {
	e := newEnv(t, "sqlite")
	code, body := e.api(e.cyToken, "GET", "/api/v1/stats?date=2017-09-30", "")
	if code != http.StatusOK || !strings.Contains(body, `"org":"BJ05"`) || !strings.Contains(body, `"units_covered":1`) || !strings.Contains(body, `"members_total":0`) {
		t.Errorf("stats: %d %s", code, body)
	}
	if code, _ := e.api(e.hdToken, "GET", "/api/v1/stats?org=BJ05", ""); code != http.StatusNotFound {
		t.Errorf("haidian reads chaoyang's stats: %d", code)
	}
	if code, body := e.api(e.adminToken, "GET", "/api/v1/stats?org=BJ05&date=2017-09-30", ""); code != http.StatusOK || !strings.Contains(body, `"orgs_total":2`) { // the district, with no founding date, counts from its registration
		t.Errorf("city admin, Chaoyang: %d %s", code, body)
	}
	if code, body := e.api(e.cyToken, "GET", "/api/v1/indicators", ""); code != http.StatusOK || !strings.Contains(body, `"realname_rate"`) {
		t.Errorf("indicators: %d", code)
	}
}
