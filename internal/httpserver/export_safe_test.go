package httpserver_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestExportsSafeToOpen exports records whose names a spreadsheet would
// run as formulas: every such cell comes out behind a single quote.
func TestExportsSafeToOpen(t *testing.T) {
	e := newEnv(t, store.SQLite)
	sys := gonghui.SystemActor("test")
	if _, err := e.st.CreateOrg(ctx, sys, gonghui.OrgInput{Name: `=HYPERLINK("http://evil.example","x")`, Kind: gonghui.KindGrassroots, ParentID: e.cyStreet.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 777), Name: "@SUM(1+1)*cmd|' /C calc'!A0", OrgID: e.cyUnion.ID, Ownership: gonghui.OwnershipPrivate}); err != nil {
		t.Fatal(err)
	}
	c := e.login("cy-admin")
	for path, want := range map[string]string{"/orgs.csv": `'=HYPERLINK("http://evil.example","x")`, "/units.csv": "'@SUM(1+1)*cmd|' /C calc'!A0"} {
		code, body := e.do(c, "GET", path, "")
		if code != http.StatusOK {
			t.Fatalf("%s: %d", path, code)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xEF\xBB\xBF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, row := range rows {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) {
					t.Errorf("%s: unsafe cell %q", path, cell)
				}
				found = found || cell == want
			}
		}
		if !found {
			t.Errorf("%s: no cell %q in %q", path, want, rows)
		}
	}
}
