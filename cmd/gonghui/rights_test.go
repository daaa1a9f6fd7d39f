package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store/storetest"
)

func TestCLIRightsCalendar(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			db := storetest.DSN(t, engine)
			out, _, err := runCLI("", "rights", "calendar", "--db", db, "--year", "2017")
			if err != nil || !strings.Contains(out, "2017-01-22 Sun workday 春节") || !strings.Contains(out, "2017: 31 days listed") {
				t.Fatalf("2017: %q %v", out, err)
			}
			out, _, err = runCLI("", "rights", "calendar", "--db", db, "--set", "2027-01-01", "--name", "元旦")
			if err != nil || !strings.Contains(out, "2027-01-01 Fri holiday 元旦") || !strings.Contains(out, "2027: 1 days listed") {
				t.Fatalf("set: %q %v", out, err)
			}
			if _, _, err := runCLI("", "rights", "calendar", "--db", db, "--set", "2027-01-02", "--kind", "nap"); err == nil {
				t.Errorf("a bad kind was set")
			}
			out, _, err = runCLI("", "rights", "calendar", "--db", db, "--remove", "2027-01-01")
			if err != nil || !strings.Contains(out, "2027: 0 days listed") {
				t.Errorf("remove: %q %v", out, err)
			}
		})
	}
}

// A case register imports from the command line; its closed case awaits a
// callback, which the command line records, not reached and then reached.
func TestCLIRightsCallback(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	closed := gonghui.Today().AddDays(-5)
	file := filepath.Join(dir, "cases.csv")
	rows := strings.Join(importer.RightsCases.Headers(), ",") + "\n" +
		"BJ05,CY-1,劳动争议调解," + closed.AddDays(-20).String() + "," + closed.AddDays(-19).String() + ",王建国,,,,,某公司,,欠薪,,,拖欠劳动报酬,3000,调解成功（和解）," + closed.String() + ",3000,\n"
	if err := os.WriteFile(file, []byte(rows), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runCLI("", "import", "rights-cases", file, "--db", db); err != nil || !strings.Contains(out, "1 new") {
		t.Fatalf("import: %q %v", out, err)
	}
	out, _, err := runCLI("", "rights", "callback", "--awaiting", "--db", db)
	if err != nil || !strings.Contains(out, "1 cases awaiting a callback") {
		t.Fatalf("awaiting: %q %v", out, err)
	}
	id := strings.Fields(out)[0]
	if _, _, err := runCLI("", "rights", "callback", "--db", db, "--case", id, "--satisfaction", "pleased"); err == nil {
		t.Errorf("an unknown satisfaction was recorded")
	}
	if out, _, err := runCLI("", "rights", "callback", "--db", db, "--case", id, "--not-reached", "--note", "无人接听"); err != nil || !strings.Contains(out, "not reached (1 attempts)") {
		t.Errorf("not reached: %q %v", out, err)
	}
	if out, _, err := runCLI("", "rights", "callback", "--db", db, "--case", id, "--satisfaction", "基本满意"); err != nil || !strings.Contains(out, "reached, fairly_satisfied (2 attempts)") {
		t.Errorf("reached: %q %v", out, err)
	}
	if out, _, err := runCLI("", "rights", "callback", "--awaiting", "--db", db); err != nil || !strings.Contains(out, "0 cases awaiting a callback") {
		t.Errorf("awaiting after: %q %v", out, err)
	}
}
