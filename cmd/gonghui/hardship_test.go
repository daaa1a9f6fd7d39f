package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonghui/internal/importer"
	"gonghui/internal/store/storetest"
)

// Hardship files import from the command line, export revealed in their
// template's columns and import back unchanged; exported masked they are a
// list that does not import back.
func TestCLIHardshipRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	id := func(n int) string { return storetest.CitizenID("110105", "19800101", 800+n) }
	rows := [][]string{importer.HardshipFiles.Headers(),
		{"BJ05", "张伟", id(1), "尿毒症", "朝阳区建外街道1号院", "110105001", "李娜，配偶，" + id(2) + "；张小明，子女，" + id(3), "患病、子女就学", "户主每周透析", "24000", "", "", "1200.50", "36000", "8000", "", "", ""},
		{"BJ05", "王芳", id(4), "", "朝阳区某路2号", "110105", "", "失业下岗", "", "12000", "", "", "", "", "", "", "", ""},
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	in := filepath.Join(dir, "hardship.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI("", "import", "hardship", in, "--db", db)
	if err != nil || !strings.Contains(out, "2 rows, 2 new, 0 updated, 0 unchanged, 0 refused") {
		t.Fatalf("import: %q %v", out, err)
	}
	for _, format := range []string{"csv", "xlsx"} {
		file := filepath.Join(dir, "revealed."+format)
		out, _, err := runCLI("", "export", "hardship", "--db", db, "--reveal", "--format", format, "--out", file)
		if err != nil || !strings.Contains(out, "2 hardship files written") {
			t.Fatalf("export hardship %s: %q %v", format, out, err)
		}
		out, _, err = runCLI("", "import", "hardship", file, "--db", db)
		if err != nil || !strings.Contains(out, "2 rows, 0 new, 0 updated, 2 unchanged, 0 refused") {
			t.Errorf("hardship %s imported back: %q %v", format, out, err)
		}
	}
	file := filepath.Join(dir, "masked.csv")
	if out, _, err := runCLI("", "export", "hardship", "--db", db, "--out", file); err != nil || !strings.Contains(out, "2 hardship files written") {
		t.Fatalf("masked export: %q %v", out, err)
	}
	body, err := os.ReadFile(file)
	if err != nil || strings.Contains(string(body), id(1)) || strings.Contains(string(body), "24000") || !strings.Contains(string(body), "******") {
		t.Errorf("the masked export shows personal data:\n%s", body)
	}
}
