package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonghui/internal/pii"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestCLIImportTemplateExport(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			t.Setenv(pii.EnvKey, pii.NewKey())
			dir := t.TempDir()
			db := storetest.DSN(t, engine)
			tmpl := filepath.Join(dir, "t.xlsx")
			if out, _, err := runCLI("", "template", "members", "--out", tmpl); err != nil || !strings.Contains(out, tmpl) {
				t.Fatalf("template: %q %v", out, err)
			}
			good := storetest.CitizenID("110105", "19900101", 11)
			csv := "姓名,公民身份号码,入会日期,会员卡号\n张伟," + good + ",2017-03-01,K-0001\n王芳,1.10105E+17,2017-03-01,\n"
			file := filepath.Join(dir, "m.csv")
			os.WriteFile(file, []byte(csv), 0o600)
			report := filepath.Join(dir, "errors.xlsx")
			out, _, err := runCLI("", "import", "members", file, "--db", db, "--org", "BJ05", "--errors", report)
			if err == nil || !strings.Contains(err.Error(), "1 rows refused") || !strings.Contains(out, "1 new") || !strings.Contains(out, "line 3, 公民身份号码") {
				t.Fatalf("import: %q %v", out, err)
			}
			if _, err := os.Stat(report); err != nil {
				t.Errorf("no error report: %v", err)
			}
			profile := filepath.Join(dir, "import.cpu")
			out, _, _ = runCLI("", "import", "members", "--db", db, "--org", "BJ05", "--dry-run", "--cpuprofile", profile, file)
			if !strings.Contains(out, "1 unchanged") || !strings.Contains(out, "dry run") {
				t.Errorf("re-import dry run: %q", out)
			}
			if fi, err := os.Stat(profile); err != nil || fi.Size() == 0 {
				t.Errorf("no CPU profile written: %v", err)
			}
			// A profile that cannot be written stops the import before it
			// starts (the rows alone would import).
			if _, _, err := runCLI("", "import", "members", file, "--db", db, "--org", "BJ05", "--dry-run",
				"--cpuprofile", filepath.Join(dir, "no", "such", "dir", "p.cpu")); err == nil || !strings.Contains(err.Error(), "--cpuprofile") {
				t.Errorf("unwritable profile: %v, want a --cpuprofile error", err)
			}
			for _, bad := range [][]string{
				{"import", "members", "--db", db},
				{"import", "members", filepath.Join(dir, "missing.csv"), "--db", db},
				{"import", "members", file, "--db", db, "--errors", "x.csv"},
				{"import", "members", file, "--db", db, "--org", "NOPE"},
				{"export", "members", "--db", db},
				{"export", "members", "--db", db, "--out", "x", "--format", "pdf"},
			} {
				if _, _, err := runCLI("", bad...); err == nil {
					t.Errorf("%v: want an error", bad)
				}
			}
			exp := filepath.Join(dir, "out.csv")
			out, _, err = runCLI("", "export", "members", "--db", db, "--org", "BJ05", "--out", exp)
			b, _ := os.ReadFile(exp)
			if err != nil || !strings.Contains(out, "1 members") || !strings.Contains(string(b), "张伟") || strings.Contains(string(b), good) {
				t.Errorf("export (masked): %q %v\n%s", out, err, b)
			}
			if _, _, err = runCLI("", "export", "members", "--db", db, "--out", exp, "--reveal", "--format", "xlsx"); err != nil {
				t.Errorf("export xlsx revealed: %v", err)
			}
		})
	}
}

func TestSQLiteKeyCreatedBesideDatabase(t *testing.T) {
	t.Setenv(pii.EnvKey, "")
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	file := filepath.Join(dir, "m.csv")
	os.WriteFile(file, []byte("姓名,公民身份号码,入会日期\n张伟,"+storetest.CitizenID("110105", "19900101", 11)+",2017-03-01\n"), 0o600)
	_, errOut, err := runCLI("", "import", "members", file, "--db", db, "--org", "BJ")
	if err != nil || !strings.Contains(errOut, "created personal-data key") {
		t.Fatalf("import: %q %v", errOut, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "g.db.key")); err != nil {
		t.Error("no key file beside the database")
	}
	_, errOut, _ = runCLI("", "export", "members", "--db", db, "--out", filepath.Join(dir, "o.csv"))
	if strings.Contains(errOut, "created personal-data key") {
		t.Error("key created twice")
	}
}

func TestCLIImportKinds(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	t.Setenv(pii.EnvKey, pii.NewKey())
	for _, kind := range []string{"members", "orgs", "units", "contracts", "congresses", "disclosures"} {
		out := filepath.Join(dir, kind+".xlsx")
		if _, _, err := runCLI("", "template", kind, "--out", out); err != nil {
			t.Errorf("template %s: %v", kind, err)
		}
	}
	if _, _, err := runCLI("", "template", "budgets"); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown kind: %v", err)
	}
	file := filepath.Join(dir, "k.csv")
	os.WriteFile(file, []byte("合同名称,合同类型,合同层级,签订工会,覆盖单位统一社会信用代码,期限开始,期限结束\n示例合同,综合集体合同,企业集体合同,BJ05,91110105XXXXXXXXX1,2017-01-01,2019-12-31\n"), 0o600)
	out, _, err := runCLI("", "import", "contracts", file, "--db", db)
	if err == nil || !strings.Contains(out, "line 2, 覆盖单位统一社会信用代码") {
		t.Errorf("import contracts: %q %v", out, err)
	}
	// --org stands in for an empty parent; the second line names the first.
	os.WriteFile(file, []byte("工会代码,工会名称,组织类型,上级工会代码\nCY-ST9,示例街道总工会,街道乡镇总工会,\nCY-G9,示例工会,基层工会,CY-ST9\n"), 0o600)
	for _, want := range []string{"2 new", "2 unchanged"} {
		if out, _, err := runCLI("", "import", "orgs", file, "--db", db, "--org", "BJ05"); err != nil || !strings.Contains(out, want) {
			t.Errorf("import orgs: %q %v, want %q", out, err, want)
		}
	}
}

func TestCLIStats(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	// The registered federation and districts have no founding date: they
	// count from the day they were registered, today, not in 2017.
	out, _, err := runCLI("", "stats", "--db", db, "--date", "2017-09-30", "--json")
	if err != nil || !strings.Contains(out, `"org": "BJ"`) || !strings.Contains(out, `"orgs_total": 0`) || !strings.Contains(out, `"date": "2017-09-30"`) {
		t.Fatalf("stats: %q %v", out, err)
	}
	out, _, err = runCLI("", "stats", "--db", db, "--json")
	if err != nil || !strings.Contains(out, `"orgs_total": 17`) {
		t.Fatalf("stats today: %q %v", out, err)
	}
	out, _, err = runCLI("", "stats", "--db", db, "--org", "BJ05", "--lang", "en")
	if err != nil || !strings.Contains(out, "BJ05") || !strings.Contains(out, "Union organizations") {
		t.Errorf("stats table: %q %v", out, err)
	}
	_, errOut, err := runCLI("", "stats", "--db", db, "--refresh", "--verify")
	if err != nil || !strings.Contains(errOut, "rebuilt 0 aggregates") || !strings.Contains(errOut, "verified") {
		t.Errorf("stats --refresh --verify: %q %v", errOut, err)
	}
	if _, _, err := runCLI("", "stats", "--db", db, "--date", "2017/9/30"); err == nil || !strings.Contains(err.Error(), "--date") {
		t.Errorf("bad date: %v", err)
	}
}

// TestCLIStatsRepair damages the city's aggregate (seven members on
// 2020-01-01 that no record holds): --verify finds it on a day of that
// year and of the next, --refresh rebuilds that aggregate alone, and the
// figures verify again.
func TestCLIStatsRepair(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			db := storetest.DSN(t, engine)
			if _, _, err := runCLI("", "migrate", "--db", db); err != nil {
				t.Fatal(err)
			}
			st, err := store.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			var root int64
			if err := st.DB().QueryRow(`SELECT id FROM orgs WHERE parent_id IS NULL`).Scan(&root); err != nil {
				t.Fatal(err)
			}
			_, err = st.DB().Exec(`INSERT INTO stat_deltas (org_id, grain, at, key, delta) VALUES (` + strconv.FormatInt(root, 10) + `, 'd', '2020-01-01', 'members_realname', 7), (` +
				strconv.FormatInt(root, 10) + `, 'y', '2020', 'members_realname', 7)`)
			st.Close()
			if err != nil {
				t.Fatal(err)
			}
			for _, date := range []string{"2020-06-01", "2021-03-01"} {
				_, errOut, err := runCLI("", "stats", "--db", db, "--date", date, "--verify")
				if err == nil || !strings.Contains(errOut, "members_realname: 7, recounted 0") {
					t.Errorf("verify on %s: %q %v", date, errOut, err)
				}
			}
			_, errOut, err := runCLI("", "stats", "--db", db, "--date", "2020-06-01", "--refresh", "--verify")
			if err != nil || !strings.Contains(errOut, "rebuilt 1 aggregates") || !strings.Contains(errOut, "verified") {
				t.Errorf("refresh: %q %v", errOut, err)
			}
			_, errOut, err = runCLI("", "stats", "--db", db, "--date", "2021-03-01", "--refresh", "--verify")
			if err != nil || !strings.Contains(errOut, "rebuilt 0 aggregates") || !strings.Contains(errOut, "verified") {
				t.Errorf("refresh again: %q %v", errOut, err)
			}
		})
	}
}
