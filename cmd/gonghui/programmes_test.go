package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonghui"
)

// The standard programmes seeded from the command line, once however
// often, and listed for a union they serve.
func TestCLIProgrammes(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	if _, _, err := runCLI("", "migrate", "--db", db); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := openStore(ctx, db, nil, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	a := gonghui.SystemActor("test")
	cy, err := st.GetOrgByCode(ctx, a, "BJ05")
	var aid, warmth gonghui.Fund
	if err == nil {
		aid, err = st.CreateFund(ctx, a, gonghui.FundInput{OrgID: cy.ID, Name: "朝阳区帮扶资金"})
	}
	if err == nil {
		warmth, err = st.CreateFund(ctx, a, gonghui.FundInput{OrgID: cy.ID, Name: "朝阳区送温暖资金", ExpenseAccount: gonghui.AccountWarmth, IncomeAccount: gonghui.AccountWarmIncome})
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	seed := []string{"programmes", "seed", "--db", db, "--org", "BJ05", "--aid-fund", strconv.FormatInt(aid.ID, 10), "--warmth-fund", strconv.FormatInt(warmth.ID, 10)}
	if out, _, err := runCLI("", seed...); err != nil || !strings.Contains(out, "8 programmes opened") || !strings.Contains(out, "金秋助学") {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	if out, _, err := runCLI("", seed...); err != nil || !strings.Contains(out, "0 programmes opened") {
		t.Errorf("seeding again: %v\n%s", err, out)
	}
	if out, _, err := runCLI("", "programmes", "list", "--db", db, "--org", "BJ05"); err != nil || strings.Count(out, "\n") != 8 || !strings.Contains(out, "YLHZ\t在职职工医疗互助\t") {
		t.Errorf("list: %v\n%s", err, out)
	}
	if _, _, err := runCLI("", "programmes", "seed", "--db", db, "--org", "BJ05"); err == nil {
		t.Error("seed without funds")
	}
}
