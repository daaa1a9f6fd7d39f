package httpserver_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/store"
)

// The census returns of a year and subtree export as XLSX and CSV, a
// return a row with its state and confirmed figures, scoped and audited; a
// year without returns says so on the census page.
func TestCensusListExport(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		var cyReturn gonghui.CensusReturn
		for _, org := range []gonghui.Org{e.cyStreet, e.cyUnion, e.hdUnion} {
			ret, err := e.st.OpenCensus(ctx, sys, org.ID, 2017)
			if err != nil {
				t.Fatal(err)
			}
			if org.ID == e.cyUnion.ID {
				cyReturn = ret
			}
		}
		c := e.login("cy-cadre")
		if _, page := e.do(c, "GET", "/census?year=2017", ""); !strings.Contains(page, `href="/census.xlsx?year=2017"`) || !strings.Contains(page, `href="/census.csv?year=2017"`) {
			t.Error("the census page has no export links")
		}
		header := export.CensusHeader()
		col := slices.Index(header, gonghui.CensusItems[0].Name.Zh)
		for _, format := range []string{"xlsx", "csv"} {
			code, body := e.do(c, "GET", "/census."+format+"?year=2017", "")
			if code != http.StatusOK {
				t.Fatalf("census.%s: %d %s", format, code, body)
			}
			rows := sheetOf(t, format, []byte(body))
			if !slices.Equal(rows[0], header) {
				t.Errorf("census.%s header %q", format, rows[0])
			}
			if len(rows) != 3 || strings.Contains(body, e.hdUnion.Code) {
				t.Fatalf("census.%s: %q, want Chaoyang's two returns", format, rows)
			}
			var got []string
			for _, row := range rows[1:] {
				if row[0] == e.cyUnion.Code {
					got = row
				}
			}
			want := strconv.FormatInt(cyReturn.Confirmed()[gonghui.CensusItems[0].Key], 10)
			if got == nil || got[2] != "2017" || got[3] != "2017-09-30" || got[4] != "填报中" || col < 0 || got[col] != want {
				t.Errorf("census.%s: the union's row %q, want 2017, 填报中 and %s in column %d", format, got, want, col)
			}
			end := e.events(store.ActionExportEnd)[0]
			if end.RecordType != export.CensusName || !strings.Contains(end.Summary, `"completed":true`) || !strings.Contains(end.Summary, `"rows":2`) {
				t.Errorf("census.%s audit: %+v", format, end)
			}
		}
		// A subtree: the union alone.
		if _, body := e.do(c, "GET", "/census.csv?year=2017&org="+strconv.FormatInt(e.cyUnion.ID, 10), ""); len(sheetOf(t, "csv", []byte(body))) != 2 {
			t.Errorf("the union's subtree: %s", body)
		}
		code, _ := e.do(c, "GET", "/census.xlsx?year=2019", "")
		if code != http.StatusSeeOther {
			t.Errorf("a year without returns: %d, want a redirect to the census page", code)
		}
		if msg := e.flash(c, "/census?year=2019"); !strings.Contains(msg, "没有符合条件的记录") {
			t.Errorf("a year without returns says %q", msg)
		}
	})
}
