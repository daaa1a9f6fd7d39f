package httpserver_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

const (
	staleZh = "此记录已被他人修改"
	staleEn = "changed by someone else"
)

// record reads a record through the API as a JSON object.
func (e *env) record(path string) map[string]any {
	e.t.Helper()
	var m map[string]any
	e.apiInto(e.cyToken, "GET", path, "", http.StatusOK, &m)
	return m
}

func versionOf(m map[string]any) string {
	v, _ := m["version"].(float64)
	return strconv.FormatInt(int64(v), 10)
}

// TestPatchEdits holds every PATCH to the same rules: only the fields sent
// change (every other field of the record reads back as before), the
// version goes up by one, an edit from a stale version is refused with 409
// and changes nothing, and an edit that names no version is refused.
func TestPatchEdits(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("test")
		m := e.addMember(e.cyUnion, "赵敏", storetest.CitizenID("110105", "19910203", 41))
		if _, err := e.st.ChangeCard(ctx, sys, m.ID, store.CardIssue, "GH2017000041", gonghui.NewDate(2017, 4, 1)); err != nil {
			t.Fatal(err)
		}
		k, err := e.st.CreateContract(ctx, sys, gonghui.ContractInput{OrgID: e.cyUnion.ID, Title: "2017年综合集体合同", Kind: gonghui.ContractComprehensive,
			Level: gonghui.LevelEnterprise, TermStart: gonghui.NewDate(2017, 1, 1), TermEnd: gonghui.NewDate(2019, 12, 31), CoveredStaff: 30,
			UnitIDs: []int64{e.cyUnit.ID}, Topics: []string{"wage_adjustment", "working_hours", "safety_health", "insurance_welfare"}})
		if err != nil {
			t.Fatal(err)
		}
		g, err := e.st.CreateCongress(ctx, sys, gonghui.CongressInput{OrgID: e.cyUnion.ID, Name: "朝阳示例公司职代会", Kind: gonghui.CongressUnit,
			EstablishedOn: gonghui.NewDate(2017, 3, 1), UnitIDs: []int64{e.cyUnit.ID}})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, path, field string
			value, other      any
		}{
			{"org", "/api/v1/orgs/" + id(e.cyUnion.ID), "chair", "李四", "王五"},
			{"unit", "/api/v1/units/" + id(e.cyUnit.ID), "staff_count", 31.0, 32.0},
			// The card number and the sex were never copied by hand into a
			// member's edit: they must survive a PATCH that leaves them out.
			{"member", "/api/v1/members/" + id(m.ID), "education", "bachelor", "college"},
			{"contract", "/api/v1/contracts/" + id(k.ID), "title", "2017年工资专项集体合同", "另一个标题"},
			{"congress", "/api/v1/congresses/" + id(g.ID), "name", "朝阳示例公司职工代表大会", "另一个名称"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				body := func(field string, v any, version string) string {
					b, _ := json.Marshal(v)
					s := `{"` + field + `":` + string(b)
					if version != "" {
						s += `,"version":` + version
					}
					return s + "}"
				}
				before := e.record(tt.path)
				v := versionOf(before)
				code, out := e.api(e.cyToken, "PATCH", tt.path, body(tt.field, tt.value, v))
				if code != http.StatusOK {
					t.Fatalf("PATCH: %d %s", code, out)
				}
				after := e.record(tt.path)
				if after[tt.field] != tt.value {
					t.Errorf("%s = %v, want %v", tt.field, after[tt.field], tt.value)
				}
				if n, _ := strconv.Atoi(v); versionOf(after) != strconv.Itoa(n+1) {
					t.Errorf("version %s after an edit from %s", versionOf(after), v)
				}
				for f, was := range before {
					if f != tt.field && f != "version" && !reflect.DeepEqual(after[f], was) {
						t.Errorf("%s changed from %v to %v, though the PATCH left it out", f, was, after[f])
					}
				}

				// Another cadre edits from the version the first one started with.
				for _, lang := range []string{"zh", "en"} {
					code, out = e.do(http.DefaultClient, "PATCH", tt.path, body(tt.field, tt.other, v),
						"Authorization", "Bearer "+e.cyToken, "Content-Type", "application/json", "Accept-Language", lang)
					want := map[string]string{"zh": staleZh, "en": staleEn}[lang]
					var eb struct{ Error struct{ Message string } }
					if json.Unmarshal([]byte(out), &eb); code != http.StatusConflict || !strings.Contains(eb.Error.Message, want) {
						t.Errorf("stale PATCH (%s): %d %s, want 409 saying %q", lang, code, out, want)
					}
				}
				if now := e.record(tt.path); !reflect.DeepEqual(now, after) {
					t.Errorf("a stale PATCH changed the record:\n%v\nwas\n%v", now, after)
				}

				code, out = e.api(e.cyToken, "PATCH", tt.path, body(tt.field, tt.other, ""))
				if f := apiFields(t, code, out); f["version"] == "" {
					t.Errorf("PATCH without a version: %d %s", code, out)
				}
				// The version may come as If-Match instead.
				code, out = e.do(http.DefaultClient, "PATCH", tt.path, body(tt.field, tt.other, ""),
					"Authorization", "Bearer "+e.cyToken, "Content-Type", "application/json", "If-Match", `"`+versionOf(after)+`"`)
				if code != http.StatusOK || e.record(tt.path)[tt.field] != tt.other {
					t.Errorf("PATCH with If-Match: %d %s", code, out)
				}
			})
		}
		// A census return's figures: the same version rule.
		ret, err := e.st.OpenCensus(ctx, sys, e.cyUnion.ID, 2017)
		if err != nil {
			t.Fatal(err)
		}
		save := `{"figures":[],"version":` + id(ret.Version) + `}`
		if code, out := e.api(e.cyToken, "PATCH", "/api/v1/census/"+id(ret.ID), save); code != http.StatusOK {
			t.Errorf("census save: %d %s", code, out)
		}
		if code, out := e.api(e.cyToken, "PATCH", "/api/v1/census/"+id(ret.ID), save); code != http.StatusConflict || !strings.Contains(out, staleZh) {
			t.Errorf("stale census save: %d %s", code, out)
		}
		if mm := e.record("/api/v1/members/" + id(m.ID)); mm["card_no"] != "GH2017000041" || mm["sex"] != m.Sex {
			t.Errorf("the member's card or sex was lost: %v", mm)
		}
	})
}

// TestUIStaleEdit: a cadre's edit form carries the version it was drawn
// from; when someone else saved the record meanwhile, the form comes back
// with 409, the conflict shown above it and what the cadre typed kept, and
// the other edit stands.
func TestUIStaleEdit(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.login("cy-cadre")
		path := "/units/" + id(e.cyUnit.ID) + "/edit"
		code, form := e.do(c, "GET", path, "")
		if code != http.StatusOK || !strings.Contains(form, `name="version" value="`+id(e.cyUnit.Version)+`"`) {
			t.Fatalf("edit form: %d, no version field", code)
		}
		in := e.cyUnit.ToInput()
		in.Name = "他人先保存的名称"
		if _, err := e.st.UpdateUnit(ctx, gonghui.SystemActor("test"), e.cyUnit.ID, in); err != nil {
			t.Fatal(err)
		}
		mine := url.Values{"uscc": {e.cyUnit.USCC}, "name": {"我的修改"}, "org_code": {e.cyUnion.Code}, "ownership": {"private"},
			"staff_count": {"30"}, "version": {id(e.cyUnit.Version)}}
		code, _, page := e.submit(c, path, mine)
		if code != http.StatusConflict || !strings.Contains(page, staleZh) || !strings.Contains(page, `value="我的修改"`) {
			t.Errorf("stale edit: %d, want 409 with the conflict and the input kept", code)
		}
		if u, _ := e.st.GetUnit(ctx, gonghui.SystemActor("test"), e.cyUnit.ID); u.Name != "他人先保存的名称" {
			t.Errorf("the stale edit overwrote the other one: %q", u.Name)
		}
		// Reloaded, the form carries the new version and saves.
		mine.Set("version", id(e.cyUnit.Version+1))
		if code, loc, _ := e.submit(c, path, mine); code != http.StatusSeeOther || loc != "/units/"+id(e.cyUnit.ID) {
			t.Errorf("edit from the current version: %d %s", code, loc)
		}
	})
}

// TestBodyLimits: a body over its limit answers 413 (a JSON error in the
// API, the error page in the UI), never "invalid JSON"; an import's upload
// keeps its own, larger limit.
func TestBodyLimits(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		big := strings.Repeat("x", 2<<20)
		code, out := e.api(e.cyToken, "POST", "/api/v1/orgs", `{"name":"`+big+`"}`)
		var eb struct{ Error struct{ Message string } }
		if json.Unmarshal([]byte(out), &eb); code != http.StatusRequestEntityTooLarge || !strings.Contains(eb.Error.Message, "1 MB") {
			t.Errorf("API body over the limit: %d %.200s", code, out)
		}
		c := e.login("cy-cadre")
		code, _, page := e.submit(c, "/units/"+id(e.cyUnit.ID)+"/edit", url.Values{"name": {big}})
		if code != http.StatusRequestEntityTooLarge || !strings.Contains(page, "过大") {
			t.Errorf("UI form over the limit: %d", code)
		}
		if code, _, _ := e.submit(e.client(), "/login", url.Values{"username": {big}}); code != http.StatusRequestEntityTooLarge {
			t.Errorf("login over the limit: %d", code)
		}

		// An upload larger than a form's limit is still taken.
		csv := "姓名,公民身份号码,入会日期,所属工会,备注\n张伟," + storetest.CitizenID("110105", "19900101", 11) + ",2017-03-01," + e.cyUnion.Code + "," + strings.Repeat("备", 600_000) + "\n"
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("dry_run", "1")
		fw, _ := mw.CreateFormFile("file", "members.csv")
		fw.Write([]byte(csv))
		mw.Close()
		code, out = e.do(http.DefaultClient, "POST", "/api/v1/imports", buf.String(), "Authorization", "Bearer "+e.cyToken, "Content-Type", mw.FormDataContentType())
		e.srvWait()
		if code != http.StatusAccepted {
			t.Errorf("upload of %d bytes: %d %s", buf.Len(), code, out)
		}
	})
}
