package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// The directors export from the command line in their template's columns
// and import back unchanged; the census returns export with their
// figures; a list that matches nothing writes no file.
func TestCLIExportDirectorsAndCensus(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	if _, _, err := runCLI("", "migrate", "--db", db); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	a := gonghui.SystemActor("test")
	cy, err := st.GetOrgByCode(ctx, a, "BJ05")
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUnit(ctx, a, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 3), Name: "示例公司", OrgID: cy.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 300})
	for _, in := range []gonghui.DirectorInput{
		{UnitID: u.ID, Role: gonghui.EmployeeDirector, Name: "张伟", Since: gonghui.NewDate(2016, 6, 1)},
		{UnitID: u.ID, Role: gonghui.EmployeeSupervisor, Name: "=李娜", Since: gonghui.NewDate(2015, 1, 1), Until: gonghui.NewDate(2017, 12, 31)},
	} {
		if err == nil {
			_, err = st.AddDirector(ctx, a, in)
		}
	}
	if err == nil {
		_, err = st.OpenCensus(ctx, a, cy.ID, 2017)
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "xlsx"} {
		file := filepath.Join(dir, "directors."+format)
		out, _, err := runCLI("", "export", "directors", "--db", db, "--org", "BJ05", "--format", format, "--out", file)
		if err != nil || !strings.Contains(out, "2 directors and supervisors written") {
			t.Fatalf("export directors %s: %q %v", format, out, err)
		}
		out, _, err = runCLI("", "import", "directors", file, "--db", db)
		if err != nil || !strings.Contains(out, "2 rows, 0 new, 0 updated, 2 unchanged, 0 refused") {
			t.Errorf("directors %s imported back: %q %v", format, out, err)
		}
	}
	file := filepath.Join(dir, "census.xlsx")
	out, _, err := runCLI("", "export", "census", "--db", db, "--year", "2017", "--format", "xlsx", "--out", file)
	if err != nil || !strings.Contains(out, "1 census returns written") {
		t.Errorf("export census: %q %v", out, err)
	}
	empty := filepath.Join(dir, "none.csv")
	if _, _, err := runCLI("", "export", "census", "--db", db, "--year", "2019", "--out", empty); !errors.Is(err, errNothing) {
		t.Errorf("an empty census export: %v", err)
	}
	if _, err := os.Stat(empty); !os.IsNotExist(err) {
		t.Errorf("an empty export wrote %s", empty)
	}
}
