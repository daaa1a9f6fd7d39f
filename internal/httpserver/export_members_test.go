package httpserver_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// A revealed member export has exactly the member template's columns and
// imports back with every member unchanged, in both formats; a masked one
// is refused row by row on its masked columns, named. A role that may not
// reveal sees no revealed export and is refused one asked for by hand.
func TestMemberExportRoundTrip(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		admin := e.login("cy-admin")
		seed := "姓名,公民身份号码,手机号码,性别,民族,学历,政治面貌,户籍类型,就业形态,单位统一社会信用代码,所属工会,入会日期,会员卡号\n" +
			"张伟," + storetest.CitizenID("110105", "19900307", 123) + ",13800001111,男,汉族,大学本科,中共党员,城镇,劳动合同," + e.cyUnit.USCC + "," + e.cyUnion.Code + ",2017-03-01,BJ0000000001\n" +
			// Names a spreadsheet would run as formulas: neutralised in the
			// CSV, read back as they were.
			"-王芳," + storetest.CitizenID("110105", "19880512", 224) + ",,女,回族,,,,,," + e.cyUnion.Code + ",2016-11-20,\n" +
			"=李明," + storetest.CitizenID("110105", "19751230", 335) + ",13900002222,,,,,,,," + e.cyUnion.Code + ",2015-01-05,\n"
		if im := e.importSheet(admin, e.adminToken, "members", "seed.csv", []byte(seed)); im.Inserted != 3 || im.Failed != 0 {
			t.Fatalf("seed: %+v", im)
		}
		org := "?org=" + id(e.cyUnion.ID)
		for _, format := range []string{"xlsx", "csv"} {
			code, body := e.do(admin, "GET", "/members."+format+org+"&reveal=1", "")
			if code != http.StatusOK {
				t.Fatalf("revealed %s: %d %s", format, code, body)
			}
			rows := sheetOf(t, format, []byte(body))
			if !slices.Equal(rows[0], importer.Members.Headers()) {
				t.Errorf("revealed %s header %q, want the template's %q", format, rows[0], importer.Members.Headers())
			}
			if len(rows) != 4 {
				t.Fatalf("revealed %s: %d rows, want 3 members", format, len(rows)-1)
			}
			if format == "csv" && !strings.Contains(body, "'=李明") {
				t.Errorf("CSV does not neutralise =李明: %s", body)
			}
			start := e.events(store.ActionExportStart)[0]
			if !strings.Contains(start.Summary, `"revealed":true`) {
				t.Errorf("revealed %s audit: %s", format, start.Summary)
			}
			im := e.importSheet(admin, e.adminToken, "members", "revealed."+format, []byte(body))
			if im.Status != "done" || im.Unchanged != 3 || im.Inserted+im.Updated+im.Failed != 0 {
				t.Errorf("revealed %s imported back: %+v, want 3 unchanged", format, im)
			}

			// The masked export of the same members cannot pass as clear.
			code, body = e.do(admin, "GET", "/members."+format+org, "")
			if code != http.StatusOK {
				t.Fatalf("masked %s: %d", format, code)
			}
			im = e.importSheet(admin, e.adminToken, "members", "masked."+format, []byte(body))
			if im.Failed != 3 || im.Inserted+im.Updated+im.Unchanged != 0 {
				t.Errorf("masked %s imported: %+v, want every row refused", format, im)
			}
			_, out := e.api(e.adminToken, "GET", "/api/v1/imports/"+id(im.ID)+"/errors", "")
			var errs []struct {
				Line           int
				Column, Zh, En string
			}
			if err := json.Unmarshal([]byte(out), &errs); err != nil {
				t.Fatal(err, out)
			}
			masked := map[string]int{}
			for _, re := range errs {
				if strings.Contains(re.Zh, "隐去") && strings.Contains(re.En, "masked") {
					masked[re.Column]++
				}
			}
			if masked["公民身份号码"] != 3 || masked["手机号码"] != 2 {
				t.Errorf("masked %s: refusals naming masked cells by column %v, want 3 ID numbers and 2 phones: %s", format, masked, out)
			}
		}

		// A cadre exports masked only, a viewer not at all: no revealed
		// link, and 403 by hand.
		if _, page := e.do(admin, "GET", "/members", ""); !strings.Contains(page, "/members.xlsx?reveal=1") || !strings.Contains(page, "/members.csv?reveal=1") {
			t.Error("an admin's member list offers no revealed export")
		}
		for _, user := range []string{"cy-cadre", "cy-viewer"} {
			c := e.login(user)
			if _, page := e.do(c, "GET", "/members", ""); strings.Contains(page, "reveal=1") {
				t.Errorf("%s's member list offers a revealed export", user)
			}
			for _, format := range []string{"xlsx", "csv"} {
				if code, _ := e.do(c, "GET", "/members."+format+org+"&reveal=1", ""); code != http.StatusForbidden {
					t.Errorf("%s's revealed %s: %d, want 403", user, format, code)
				}
			}
		}
	})
}
