package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
)

func TestCLICensusStatus(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "g.db")
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
	if err == nil {
		_, err = st.OpenCensus(ctx, a, cy.ID, 2017)
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI("", "census", "status", "--db", db, "--year", "2017")
	if err != nil || !strings.Contains(out, "BJ 北京市总工会  2017 (2016-10-01 – 2017-09-30)  未填报") ||
		!strings.Contains(out, "BJ05") || !strings.Contains(out, "填报中 !") || !strings.Contains(out, "children 16: approved 0, submitted 0, draft 1, not opened 15") {
		t.Errorf("census status: %q %v", out, err)
	}
	out, _, err = runCLI("", "census", "status", "--db", db, "--year", "2017", "--org", "BJ05", "--lang", "en")
	if err != nil || !strings.Contains(out, "BJ05 朝阳区总工会  2017 (2016-10-01 – 2017-09-30)  Draft") || !strings.Contains(out, "children 0") {
		t.Errorf("census status of a district: %q %v", out, err)
	}
}
