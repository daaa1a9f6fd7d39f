package httpserver_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// importSheet imports a file through the UI as the client's user and
// returns the finished import.
func (e *env) importSheet(c *http.Client, token, kind, name string, data []byte) store.Import {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/imports", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/imports/") {
		e.t.Fatalf("import %s %s: %d to %q", kind, name, res.StatusCode, loc)
	}
	e.server.Wait()
	code, body := e.api(token, "GET", "/api/v1"+loc, "")
	var im store.Import
	if err := json.Unmarshal([]byte(body), &im); err != nil || code != http.StatusOK {
		e.t.Fatalf("import %s: %d %s", loc, code, body)
	}
	return im
}

// sheetOf reads an exported file back: its rows, header first.
func sheetOf(t *testing.T, format string, data []byte) [][]string {
	t.Helper()
	if format == "csv" {
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Each list exports in its import template's columns, scoped to the
// caller, audited; imported back unchanged, every row "unchanged"; a list
// that matches nothing says so on its page instead of sending a file.
func TestExportsRoundTrip(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		cy := e.login("cy-cadre")
		hd := e.login("hd-cadre")
		unitUSCC := storetest.USCC("91", "110105", 77)
		cases := []struct {
			kind, list string
			seed       string // a CSV imported first, in the template's headers
			hdHas      bool   // Haidian has rows of its own
			notInCy    string // a Haidian value the Chaoyang export must not hold
		}{
			{"orgs", "/orgs", "工会代码,工会名称,组织类型,上级工会代码,工会主席,成立日期,年报会员数\nGHX001,导出测试工会,基层工会,BJ05,张伟,2010-05-01,120\n", true, e.hdUnion.Code},
			{"units", "/units", "统一社会信用代码,单位名称,所属工会代码,经济类型,职工人数,行政区划代码\n" + unitUSCC + ",导出测试公司,GHX001,私营,45,110105\n", true, e.hdUnit.USCC},
			{"workerhomes", "/workerhomes", "名称,类型,所属工会,地址,开放时间,纬度,经度,启用日期\n导出测试职工之家,职工之家,GHX001,北京市朝阳区建国路1号,周一至周五 9:00-18:00,39.908722,116.447229,2017-05-01\n", false, ""},
			{"directors", "/directors", "单位统一社会信用代码,职务,姓名,任职日期,离任日期\n" + unitUSCC + ",职工董事,-王强,2016-06-01,2019-05-31\n", false, ""},
			{"disclosures", "/disclosures", "单位统一社会信用代码,建立日期\n" + unitUSCC + ",2015-05-01\n", false, ""},
			{"outreach-events", "/outreach", "活动类型,组织工会,场所类型,场所名称,地址,所在街道代码,活动日期,覆盖职工人数,新入会人数\n职工沟通会,GHX001,楼宇,导出测试大厦,北京市朝阳区建国路1号,110105001,2017-05-01,120,12\n", false, ""},
			{"congresses", "/congresses", "职代会名称,职代会类型,所属工会,覆盖单位统一社会信用代码,建立日期,会议日期,代表人数,出席人数,审议事项\n导出测试职代会,单位职代会,GHX001," + unitUSCC + ",2015-05-01,2017-03-15,60,55,审议集体合同草案\n", false, ""},
			{"contracts", "/contracts", "合同名称,合同类型,合同层级,签订工会,覆盖单位统一社会信用代码,期限开始,期限结束,签订日期,备案日期,生效日期,覆盖职工人数,协商议题,上年平均工资（元/月）,工资调整幅度（%）,工资覆盖职工人数\n" +
				"2017年工资专项集体合同,工资专项集体合同,企业集体合同,GHX001," + unitUSCC + ",2017-01-01,2019-12-31,2016-12-20,2016-12-28,2017-01-12,45,工资调整、劳动安全卫生,6500.50,5.5,40\n", false, ""},
		}
		for _, tc := range cases {
			job := importer.Jobs[tc.kind]
			if im := e.importSheet(cy, e.cyToken, tc.kind, tc.kind+".csv", []byte(tc.seed)); im.Failed != 0 || im.Inserted != 1 {
				t.Fatalf("%s seed: %+v", tc.kind, im)
			}
			for _, format := range []string{"xlsx", "csv"} {
				before := len(e.events(store.ActionExportEnd))
				code, body := e.do(cy, "GET", tc.list+"."+format, "")
				if code != http.StatusOK {
					t.Fatalf("%s.%s: %d %s", tc.list, format, code, body)
				}
				rows := sheetOf(t, format, []byte(body))
				if !slices.Equal(rows[0], job.Headers()) {
					t.Errorf("%s.%s header %q, want the template's %q", tc.list, format, rows[0], job.Headers())
				}
				if len(rows) < 2 {
					t.Fatalf("%s.%s: no rows", tc.list, format)
				}
				if tc.notInCy != "" && strings.Contains(body, tc.notInCy) {
					t.Errorf("%s.%s holds Haidian's %s", tc.list, format, tc.notInCy)
				}
				end := e.events(store.ActionExportEnd)
				if len(end) != before+1 || end[0].RecordType != tc.kind || !strings.Contains(end[0].Summary, `"completed":true`) {
					t.Errorf("%s.%s not audited: %+v", tc.list, format, end[:1])
				}
				im := e.importSheet(cy, e.cyToken, tc.kind, tc.kind+"."+format, []byte(body))
				if im.Status != "done" || im.Unchanged != len(rows)-1 || im.Inserted+im.Updated+im.Failed != 0 {
					t.Errorf("%s.%s imported back: %+v, want %d unchanged", tc.list, format, im, len(rows)-1)
				}
			}
			if tc.hdHas {
				continue
			}
			// Haidian has none: its export says so on the list page.
			code, _ := e.do(hd, "GET", tc.list+".xlsx", "")
			if code != http.StatusSeeOther {
				t.Errorf("empty %s export: %d, want a redirect to the list", tc.list, code)
			}
			if msg := e.flash(hd, tc.list); !strings.Contains(msg, "没有符合条件的记录") {
				t.Errorf("empty %s export says %q", tc.list, msg)
			}
		}
	})
}

// A template is made for its user: the union column offers the unions of
// the user's scope (and only those), a second sheet explains each column,
// and its example row, union picked from the list, imports as it is.
func TestTemplatePerUser(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		cy := e.login("cy-cadre")
		for _, kind := range []string{"units", "workerhomes", "contracts", "members"} {
			code, body := e.do(cy, "GET", "/templates/"+kind+".xlsx", "")
			if code != http.StatusOK {
				t.Fatalf("%s template: %d", kind, code)
			}
			f, err := excelize.OpenReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			sheets := f.GetSheetList()
			if !slices.Contains(sheets, "填写说明") {
				t.Fatalf("%s template sheets %v: no instructions", kind, sheets)
			}
			notes, _ := f.GetRows("填写说明")
			job := importer.Jobs[kind]
			for i, h := range job.Headers() {
				if i+1 >= len(notes) || notes[i+1][0] != h || notes[i+1][1] == "" || len(notes[i+1]) < 3 {
					t.Errorf("%s instructions row %d: %v, want column %s with required and what it takes", kind, i+1, notes[min(i+1, len(notes)-1)], h)
				}
			}
			if kind == "members" && !strings.Contains(strings.Join(notes[len(notes)-1], ""), "不能再导入") {
				t.Errorf("member template says nothing of masked exports: %v", notes[len(notes)-1])
			}
			dvs, _ := f.GetDataValidations(sheets[0])
			unionList := ""
			for _, dv := range dvs {
				if strings.Contains(dv.Formula1, "朝阳示例工会") {
					unionList = dv.Formula1
				}
				if strings.HasPrefix(dv.Formula1, "'_lists'") || strings.HasPrefix(dv.Formula1, "_lists") {
					col := strings.Split(strings.Trim(strings.SplitN(dv.Formula1, "!", 2)[1], "$"), "$")[0]
					vals, _ := f.GetCols("_lists")
					for i, v := range vals {
						if name, _ := excelize.ColumnNumberToName(i + 1); name == col && slices.Contains(v, e.cyUnion.Code+" 朝阳示例工会") {
							unionList = strings.Join(v, ",")
						}
					}
				}
			}
			if unionList == "" || strings.Contains(unionList, "海淀") {
				t.Errorf("%s template union list %q: want Chaoyang's unions only", kind, unionList)
			}
			f.Close()
			if kind == "units" {
				if im := e.importSheet(cy, e.cyToken, kind, "units-template.xlsx", []byte(body)); im.Inserted+im.Updated != 1 || im.Failed != 0 {
					t.Errorf("the units template's example: %+v", im)
				}
			}
		}
	})
}
