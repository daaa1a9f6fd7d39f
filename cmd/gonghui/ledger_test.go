package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
)

// The ledger from the command line: the funds, the bank's batch file with
// the payee's account, its return file reversing the payment once, a
// closed month, the journal and the trial balance.
func TestCLILedger(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	if _, _, err := runCLI("", "migrate", "--db", db); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	keyFile := ""
	st, err := openStore(ctx, db, &keyFile, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	a := gonghui.SystemActor("test")
	cy, err := st.GetOrgByCode(ctx, a, "BJ05")
	if err != nil {
		t.Fatal(err)
	}
	jan := gonghui.NewDate(2017, 1, 10)
	fund, err := st.CreateFund(ctx, a, gonghui.FundInput{OrgID: cy.ID, Name: "朝阳区温暖基金", ExpenseAccount: gonghui.AccountWarmth, IncomeAccount: gonghui.AccountWarmIncome})
	var paid gonghui.Entry
	if err == nil {
		_, err = st.Allocate(ctx, a, store.AllocationInput{FundID: fund.ID, AmountFen: 1_000_000, PostedOn: jan})
	}
	if err == nil {
		paid, err = st.Pay(ctx, a, store.PaymentInput{FundID: fund.ID, AmountFen: 250_000, Form: gonghui.FormCash, RecipientKind: gonghui.RecipientPerson,
			PostedOn: jan, IdempotencyKey: "k1", Payee: gonghui.Payee{Name: "王某某", Account: "6222020200112233445", Bank: "工商银行"}})
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	fid, ref := strconv.FormatInt(fund.ID, 10), strconv.FormatInt(paid.ID, 10)
	if out, _, err := runCLI("", "ledger", "funds", "--db", db, "--org", "BJ05"); err != nil || !strings.Contains(out, "朝阳区温暖基金\t50205\t7500.00") {
		t.Errorf("funds: %q %v", out, err)
	}
	batch := filepath.Join(dir, "batch.csv")
	if out, _, err := runCLI("", "ledger", "bank-batch", "--db", db, "--fund", fid, "--period", "2017-01", "--format", "csv", "--out", batch); err != nil || !strings.Contains(out, "1 rows") {
		t.Fatalf("bank batch: %q %v", out, err)
	}
	if b, _ := os.ReadFile(batch); !strings.Contains(string(b), "6222020200112233445") || !strings.Contains(string(b), "2500.00") {
		t.Errorf("bank batch file: %s", b)
	}
	back := filepath.Join(dir, "return.csv")
	os.WriteFile(back, []byte("参考号,金额（元）,退回原因\n"+ref+",2500.00,账户已销户\n"), 0o600)
	for i := range 2 {
		if out, stderr, err := runCLI("", "ledger", "return", back, "--db", db); err != nil || !strings.Contains(out, "payment "+ref+" reversed") {
			t.Errorf("return file, run %d: %q %q %v", i, out, stderr, err)
		}
	}
	if out, _, err := runCLI("", "ledger", "funds", "--db", db); err != nil || !strings.Contains(out, "10000.00") {
		t.Errorf("after the return: %q %v", out, err)
	}
	if _, _, err := runCLI("", "ledger", "lock", "--db", db, "--org", "BJ05", "--period", "2017-01"); err != nil {
		t.Errorf("lock: %v", err)
	}
	for _, sheet := range []string{"journal", "trial-balance"} {
		file := filepath.Join(dir, sheet+".xlsx")
		if out, _, err := runCLI("", "ledger", sheet, "--db", db, "--fund", fid, "--period", "2017-01", "--out", file); err != nil || !strings.Contains(out, "rows written") {
			t.Errorf("%s: %q %v", sheet, out, err)
		}
	}
}
