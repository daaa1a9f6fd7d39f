package store_test

import (
	"errors"
	"fmt"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

var (
	jan = gonghui.NewDate(2017, 1, 10)
	feb = gonghui.NewDate(2017, 2, 10)
)

func mustFund(t *testing.T, s *store.Store, org gonghui.Org, name string, overdraft bool) gonghui.Fund {
	t.Helper()
	f, err := s.CreateFund(ctx, sys, gonghui.FundInput{OrgID: org.ID, Name: name, AllowOverdraft: overdraft})
	if err != nil {
		t.Fatalf("create fund %s: %v", name, err)
	}
	return f
}

func mustAllocate(t *testing.T, s *store.Store, f gonghui.Fund, fen int64) gonghui.Entry {
	t.Helper()
	e, err := s.Allocate(ctx, sys, store.AllocationInput{FundID: f.ID, AmountFen: fen, PostedOn: jan, Memo: "上级拨付"})
	if err != nil {
		t.Fatalf("allocate %d to %s: %v", fen, f.Name, err)
	}
	return e
}

func payment(f gonghui.Fund, key string, fen int64) store.PaymentInput {
	return store.PaymentInput{FundID: f.ID, Payee: gonghui.Payee{Name: "王某某", Account: "6222020200112233445", Bank: "工商银行"},
		AmountFen: fen, Form: gonghui.FormCash, RecipientKind: gonghui.RecipientPerson, PostedOn: jan, IdempotencyKey: key,
		Reference: gonghui.Reference{Kind: "application", ID: 7}}
}

// assertBalanced holds the whole ledger to double entry: the debits of
// every entry equal its credits within each fund it touches, and every
// entry's amount is its debits.
func assertBalanced(t *testing.T, s *store.Store) {
	t.Helper()
	db := s.DB()
	var debits, credits int64
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(SUM(debit_fen), 0), COALESCE(SUM(credit_fen), 0) FROM ledger_lines`).Scan(&debits, &credits); err != nil {
		t.Fatal(err)
	}
	if debits != credits {
		t.Errorf("the ledger does not balance: debits %d, credits %d", debits, credits)
	}
	var bad int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT entry_id, fund_id FROM ledger_lines GROUP BY entry_id, fund_id
		HAVING SUM(debit_fen) <> SUM(credit_fen)) x`).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, s.Rebind(`SELECT count(*) + ? FROM ledger_entries e
		WHERE e.amount_fen <> (SELECT SUM(debit_fen) FROM ledger_lines l WHERE l.entry_id = e.id)`), bad).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d entries do not balance or do not match their lines", bad)
	}
}

func balanceOf(t *testing.T, s *store.Store, id int64) int64 {
	t.Helper()
	f, err := s.GetFund(ctx, sys, id)
	if err != nil {
		t.Fatal(err)
	}
	return f.BalanceFen
}

func countRows(t *testing.T, s *store.Store, q string, args ...any) int {
	var n int
	if err := s.DB().QueryRowContext(ctx, s.Rebind(q), args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func fieldErr(err error, field string) bool {
	var v *gonghui.ValidationError
	return errors.As(err, &v) && v.Fields[field].Zh != "" && v.Fields[field].En != ""
}

func TestLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		district := mustFund(t, s, f.chaoyang, "朝阳区温暖基金", false)
		fund := mustFund(t, s, f.g1, "困难职工帮扶资金", false)
		if fund.IncomeAccount != gonghui.AccountAidIncome || fund.ExpenseAccount != gonghui.AccountHardship {
			t.Fatalf("fund accounts %+v", fund)
		}
		mustAllocate(t, s, district, 1_000_000)
		alloc, err := s.Allocate(ctx, sys, store.AllocationInput{FundID: fund.ID, FromFundID: district.ID, AmountFen: 500_000, PostedOn: jan, IdempotencyKey: "alloc-1"})
		if err != nil {
			t.Fatal(err)
		}
		assertBalanced(t, s)
		if b := balanceOf(t, s, district.ID); b != 500_000 {
			t.Errorf("district fund holds %d after allocating half", b)
		}
		if len(alloc.Lines) != 4 || alloc.AmountFen != 1_000_000 {
			t.Errorf("allocation from above: %+v", alloc)
		}

		t.Run("validation names each field", func(t *testing.T) {
			for _, tc := range []struct {
				name  string
				in    store.PaymentInput
				field string
			}{
				{"no key", func() store.PaymentInput { p := payment(fund, "", 100); return p }(), "idempotency_key"},
				{"no amount", payment(fund, "v1", 0), "lines.0"},
				{"negative", payment(fund, "v2", -5), "lines.0"},
				{"no payee", func() store.PaymentInput { p := payment(fund, "v3", 100); p.Payee.Name = ""; return p }(), "payee.name"},
				{"bad account", func() store.PaymentInput { p := payment(fund, "v4", 100); p.Payee.Account = "12ab"; return p }(), "payee.account"},
				{"no recipient", func() store.PaymentInput { p := payment(fund, "v5", 100); p.RecipientKind = ""; return p }(), "recipient_kind"},
				{"no date", func() store.PaymentInput { p := payment(fund, "v6", 100); p.PostedOn = gonghui.Date{}; return p }(), "posted_on"},
				{"unknown payee", func() store.PaymentInput { p := payment(fund, "v7", 100); p.Payee.PersonID = 999999; return p }(), "payee.person_id"},
			} {
				if _, err := s.Pay(ctx, sys, tc.in); !fieldErr(err, tc.field) {
					t.Errorf("%s: %v, want an error on %s", tc.name, err, tc.field)
				}
			}
			if _, err := s.PostEntry(ctx, sys, gonghui.EntryInput{FundID: fund.ID, Kind: gonghui.EntryJournal, PostedOn: jan, Lines: []gonghui.LedgerLine{
				{FundID: fund.ID, Account: gonghui.AccountBank, DebitFen: 100}, {FundID: fund.ID, Account: gonghui.AccountOtherIncome, CreditFen: 99}}}); !fieldErr(err, "lines") {
				t.Errorf("an unbalanced entry: %v", err)
			}
			if _, err := s.PostEntry(ctx, sys, gonghui.EntryInput{FundID: fund.ID, Kind: gonghui.EntryJournal, PostedOn: jan, Lines: []gonghui.LedgerLine{
				{FundID: fund.ID, Account: "999", DebitFen: 100}, {FundID: fund.ID, Account: gonghui.AccountOtherIncome, CreditFen: 100}}}); !fieldErr(err, "lines.0.account") {
				t.Errorf("an account outside the chart: %v", err)
			}
			assertBalanced(t, s)
		})

		var paid gonghui.Entry
		t.Run("a retried payment returns the first entry", func(t *testing.T) {
			m := mustMember(t, s, memberIn(f.g1, "李某", storetest.CitizenID("110105", "19800101", 501)))
			in := payment(fund, "pay-1", 300_000)
			in.Payee.PersonID = m.PersonID
			var err error
			if paid, err = s.Pay(ctx, sys, in); err != nil {
				t.Fatal(err)
			}
			again, err := s.Pay(ctx, sys, in)
			if err != nil || again.ID != paid.ID {
				t.Errorf("retry: entry %d (%v), want %d", again.ID, err, paid.ID)
			}
			if paid.PayeeAccount != "***************3445" || paid.Kind != gonghui.EntryPayment || paid.Lines[0].Account != gonghui.AccountHardship {
				t.Errorf("payment %+v", paid)
			}
			in.AmountFen = 200_000
			if _, err := s.Pay(ctx, sys, in); !fieldErr(err, "idempotency_key") {
				t.Errorf("another movement under the key: %v", err)
			}
			if n := countRows(t, s, `SELECT count(*) FROM ledger_entries WHERE idempotency_key = ?`, "pay-1"); n != 1 {
				t.Errorf("%d entries for one key", n)
			}
			open, err := s.GetEntry(ctx, sys, paid.ID, true)
			if err != nil || open.PayeeAccount != "6222020200112233445" {
				t.Errorf("revealed account %q: %v", open.PayeeAccount, err)
			}
			var sealed []byte
			if err := s.DB().QueryRowContext(ctx, s.Rebind(`SELECT payee_account_sealed FROM ledger_entries WHERE id = ?`), paid.ID).Scan(&sealed); err != nil || len(sealed) == 0 {
				t.Errorf("account not sealed: %v", err)
			}
			assertBalanced(t, s)
		})

		t.Run("a fund never goes below zero unless it may", func(t *testing.T) {
			if b := balanceOf(t, s, fund.ID); b != 200_000 {
				t.Fatalf("fund holds %d", b)
			}
			if _, err := s.Pay(ctx, sys, payment(fund, "pay-over", 200_001)); !fieldErr(err, "amount_fen") {
				t.Errorf("overdrawing payment: %v", err)
			}
			if _, err := s.Pay(ctx, sys, payment(fund, "pay-all", 200_000)); err != nil {
				t.Errorf("paying out the balance: %v", err)
			}
			goods := payment(fund, "goods-1", 1)
			goods.Form, goods.Payee.Account = gonghui.FormGoods, ""
			if _, err := s.Pay(ctx, sys, goods); !fieldErr(err, "amount_fen") {
				t.Errorf("goods not in stock: %v", err)
			}
			ahead := mustFund(t, s, f.g1, "垫付资金", true)
			if _, err := s.Pay(ctx, sys, payment(ahead, "ahead-1", 5_000)); err != nil {
				t.Errorf("a fund that may overdraw: %v", err)
			}
			if b := balanceOf(t, s, ahead.ID); b != -5_000 {
				t.Errorf("overdrawn fund holds %d", b)
			}
			assertBalanced(t, s)
		})

		t.Run("donations raised, goods valued in fen", func(t *testing.T) {
			d, err := s.RecordDonation(ctx, sys, store.DonationInput{FundID: fund.ID, Donor: "某爱心企业", AmountFen: 80_000, Form: gonghui.FormGoods, PostedOn: jan, IdempotencyKey: "don-1"})
			if err != nil || d.Lines[0].Account != gonghui.AccountGoods || d.Lines[1].Account != gonghui.AccountOtherIncome {
				t.Fatalf("donation %+v: %v", d, err)
			}
			goods := payment(fund, "goods-2", 80_000)
			goods.Form, goods.Payee.Account, goods.RecipientKind = gonghui.FormGoods, "", gonghui.RecipientHousehold
			if _, err := s.Pay(ctx, sys, goods); err != nil {
				t.Errorf("goods handed out: %v", err)
			}
			assertBalanced(t, s)
		})

		t.Run("a reversal undoes an entry once", func(t *testing.T) {
			before := balanceOf(t, s, fund.ID)
			r, err := s.Reverse(ctx, sys, paid.ID, store.ReversalInput{Reason: "账号错误", Returned: true, PostedOn: feb})
			if err != nil || r.Reverses != paid.ID || r.Kind != gonghui.EntryReversal || r.Period != "2017-02" || r.RecipientKind != gonghui.RecipientPerson {
				t.Fatalf("reversal %+v: %v", r, err)
			}
			if b := balanceOf(t, s, fund.ID); b != before+paid.AmountFen {
				t.Errorf("after the reversal the fund holds %d, want %d", b, before+paid.AmountFen)
			}
			if _, err := s.Reverse(ctx, sys, paid.ID, store.ReversalInput{Reason: "再次"}); !fieldErr(err, "entry_id") {
				t.Errorf("second reversal: %v", err)
			}
			if _, err := s.Reverse(ctx, sys, r.ID, store.ReversalInput{Reason: "冲销的冲销"}); !fieldErr(err, "entry_id") {
				t.Errorf("reversal of a reversal: %v", err)
			}
			if _, err := s.Reverse(ctx, sys, alloc.ID, store.ReversalInput{Reason: "倒签", PostedOn: gonghui.NewDate(2016, 12, 31)}); !fieldErr(err, "posted_on") {
				t.Errorf("a reversal dated before its entry: %v", err)
			}
			if _, err := s.Reverse(ctx, sys, paid.ID, store.ReversalInput{}); !fieldErr(err, "reason") {
				t.Errorf("no reason: %v", err)
			}
			if got, _ := s.GetEntry(ctx, sys, paid.ID, false); got.ReversedBy != r.ID || got.AmountFen != paid.AmountFen {
				t.Errorf("original after reversal %+v", got)
			}
			if _, err := s.PostEntry(ctx, sys, gonghui.EntryInput{FundID: fund.ID, Kind: gonghui.EntryReversal, Reverses: alloc.ID}); !fieldErr(err, "kind") {
				t.Errorf("a reversal posted as an entry: %v", err)
			}
			assertBalanced(t, s)
		})

		t.Run("a closed month refuses postings", func(t *testing.T) {
			if err := s.LockPeriod(ctx, actor(f.g1, gonghui.RoleCadre), f.g1.ID, "2017-01"); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a cadre closed the books: %v", err)
			}
			fin := actor(f.g1, gonghui.RoleFinance)
			for range 2 {
				if err := s.LockPeriod(ctx, fin, f.g1.ID, "2017-01"); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.Pay(ctx, fin, payment(fund, "late", 100)); !fieldErr(err, "posted_on") {
				t.Errorf("posting in a closed month: %v", err)
			}
			// The district's fund gave to g1 in January: an allocation touching g1's closed books is refused too.
			if _, err := s.Allocate(ctx, sys, store.AllocationInput{FundID: fund.ID, FromFundID: district.ID, AmountFen: 1, PostedOn: jan}); !fieldErr(err, "posted_on") {
				t.Errorf("allocation into a closed month: %v", err)
			}
			if _, err := s.Reverse(ctx, sys, alloc.ID, store.ReversalInput{Reason: "拨错", PostedOn: jan}); !fieldErr(err, "posted_on") {
				t.Errorf("reversal dated in a closed month: %v", err)
			}
			p := payment(fund, "feb-1", 100)
			p.PostedOn = feb
			if _, err := s.Pay(ctx, fin, p); err != nil {
				t.Errorf("finance paying in an open month: %v", err)
			}
			if ps, err := s.LockedPeriods(ctx, fin, f.g1.ID); err != nil || len(ps) != 1 || ps[0] != "2017-01" {
				t.Errorf("locked periods %v: %v", ps, err)
			}
			if err := s.LockPeriod(ctx, fin, f.g1.ID, "2017-13"); !fieldErr(err, "period") {
				t.Errorf("a month that is none: %v", err)
			}
		})

		t.Run("trial balance per fund and period", func(t *testing.T) {
			for _, period := range []string{"2017-01", "2017-02"} {
				rows, err := s.TrialBalance(ctx, sys, fund.ID, period)
				if err != nil {
					t.Fatal(err)
				}
				var dr, cr, closing int64
				for _, r := range rows {
					dr, cr, closing = dr+r.DebitFen, cr+r.CreditFen, closing+r.ClosingFen
				}
				if dr != cr || closing != 0 || len(rows) == 0 {
					t.Errorf("%s: debits %d, credits %d, closing sum %d (%d rows)", period, dr, cr, closing, len(rows))
				}
			}
			rows, _ := s.TrialBalance(ctx, sys, fund.ID, "2017-02")
			for _, r := range rows {
				if r.Account.Code == gonghui.AccountBank && r.ClosingFen != balanceOf(t, s, fund.ID) {
					t.Errorf("bank closes at %d, the fund holds %d", r.ClosingFen, balanceOf(t, s, fund.ID))
				}
			}
			var lines int
			if err := s.EachJournalLine(ctx, sys, store.EntryFilter{FundID: fund.ID, Period: "2017-01"}, func(store.JournalLine) error { lines++; return nil }); err != nil || lines == 0 {
				t.Errorf("journal of January: %d lines, %v", lines, err)
			}
		})

		t.Run("scope and roles", func(t *testing.T) {
			hd := actor(f.haidian, gonghui.RoleFinance)
			if _, err := s.GetFund(ctx, hd, fund.ID); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("a fund outside the scope: %v", err)
			}
			if _, err := s.GetEntry(ctx, hd, paid.ID, false); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("an entry outside the scope: %v", err)
			}
			if _, err := s.Pay(ctx, hd, payment(fund, "hd-1", 1)); !fieldErr(err, "fund_id") {
				t.Errorf("paying from a fund outside the scope: %v", err)
			}
			if _, total, _ := s.ListEntries(ctx, hd, store.EntryFilter{}); total != 0 {
				t.Errorf("Haidian lists %d entries", total)
			}
			if _, total, _ := s.ListFunds(ctx, actor(f.chaoyang, gonghui.RoleAuditor), store.FundFilter{}); total != 3 {
				t.Errorf("Chaoyang's auditor lists %d funds", total)
			}
			for _, role := range []gonghui.Role{gonghui.RoleCadre, gonghui.RoleViewer, gonghui.RoleAuditor} {
				if _, err := s.Pay(ctx, actor(f.g1, role), payment(fund, "role-"+string(role), 1)); !errors.Is(err, gonghui.ErrForbidden) {
					t.Errorf("%s paid: %v", role, err)
				}
				if _, err := s.GetEntry(ctx, actor(f.g1, role), paid.ID, true); !errors.Is(err, gonghui.ErrForbidden) {
					t.Errorf("%s revealed an account: %v", role, err)
				}
			}
			if _, err := s.CreateFund(ctx, sys, gonghui.FundInput{OrgID: f.g1.ID, Name: fund.Name}); !fieldErr(err, "name") {
				t.Errorf("a second fund of a name: %v", err)
			}
			if _, err := s.CreateFund(ctx, sys, gonghui.FundInput{OrgID: f.g1.ID, Name: "x", IncomeAccount: gonghui.AccountBank, ExpenseAccount: "999"}); !fieldErr(err, "income_account") || !fieldErr(err, "expense_account") {
				t.Errorf("accounts of the wrong kind: %v", err)
			}
		})

		t.Run("entries are immutable and audited", func(t *testing.T) {
			events, _, err := s.ListAudit(ctx, sys, gonghui.AuditFilter{RecordType: "ledger_entry"})
			if err != nil || len(events) < 6 {
				t.Errorf("%d audit events: %v", len(events), err)
			}
			in := fund.ToInput()
			in.AllowOverdraft = true
			if up, err := s.UpdateFund(ctx, sys, fund.ID, in); err != nil || !up.AllowOverdraft || up.Version != 2 {
				t.Errorf("fund update %+v: %v", up, err)
			}
			if _, err := s.UpdateFund(ctx, sys, fund.ID, in); !errors.Is(err, gonghui.ErrConflict) {
				t.Errorf("stale fund edit: %v", err)
			}
		})
		assertBalanced(t, s)
	})
}

// Concurrent payments on one fund: each posts once, the ledger balances,
// the fund holds exactly what is left.
func TestLedgerConcurrentPayments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		fund := mustFund(t, s, f.g1, "并发资金", false)
		mustAllocate(t, s, fund, 1_000_000)
		const payers, each = 16, 10_000
		errs := contend(payers*2, func(i int) error {
			// Every payment is sent twice, as a client retrying.
			_, err := s.Pay(ctx, sys, payment(fund, fmt.Sprintf("c-%d", i/2), each))
			return err
		})
		for i, err := range errs {
			if err != nil {
				t.Errorf("payment %d: %v", i, err)
			}
		}
		if n := countRows(t, s, `SELECT count(*) FROM ledger_entries WHERE kind = 'payment'`); n != payers {
			t.Errorf("%d payments posted, want %d", n, payers)
		}
		if b := balanceOf(t, s, fund.ID); b != 1_000_000-payers*each {
			t.Errorf("the fund holds %d", b)
		}
		assertBalanced(t, s)
	})
}

// The ledger's writes for the shared fast-path test: an allocation from
// above, donations in money and goods, payments, a payment returned a
// month later, one reversed on its day.
func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "ledger", run: func(t *testing.T, s *store.Store, f fixture) {
		cy := mustOrg(t, s, gonghui.OrgInput{Name: "朝阳帮扶工会", Kind: gonghui.KindGrassroots, ParentID: f.chaoyang.ID})
		district := mustFund(t, s, f.chaoyang, "朝阳区送温暖资金", false)
		fund := mustFund(t, s, cy, "送温暖资金", false)
		mustAllocate(t, s, district, 5_000_000)
		steps := []func() (gonghui.Entry, error){
			func() (gonghui.Entry, error) {
				return s.Allocate(ctx, sys, store.AllocationInput{FundID: fund.ID, FromFundID: district.ID, AmountFen: 2_000_000, PostedOn: jan})
			},
			func() (gonghui.Entry, error) {
				return s.RecordDonation(ctx, sys, store.DonationInput{FundID: fund.ID, Donor: "某企业", AmountFen: 300_000, Form: gonghui.FormGoods, PostedOn: jan})
			},
			func() (gonghui.Entry, error) { return s.Pay(ctx, sys, payment(fund, "s1", 400_000)) },
			func() (gonghui.Entry, error) {
				p := payment(fund, "s2", 250_000)
				p.Form, p.Payee.Account, p.RecipientKind = gonghui.FormGoods, "", gonghui.RecipientEnterprise
				return s.Pay(ctx, sys, p)
			},
			func() (gonghui.Entry, error) { return s.Pay(ctx, sys, payment(district, "s3", 100_000)) },
		}
		for _, step := range steps {
			if _, err := step(); err != nil {
				t.Fatal(err)
			}
		}
		p, err := s.Pay(ctx, sys, payment(fund, "s4", 50_000))
		if err == nil {
			_, err = s.Reverse(ctx, sys, p.ID, store.ReversalInput{Reason: "退回", Returned: true, PostedOn: feb})
		}
		if err == nil {
			p, err = s.Pay(ctx, sys, payment(fund, "s5", 70_000))
		}
		if err == nil {
			_, err = s.Reverse(ctx, sys, p.ID, store.ReversalInput{Reason: "录错", PostedOn: jan})
		}
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.ComputeStats(ctx, sys, cy.ID, gonghui.NewDate(2017, 1, 31))
		if err != nil || st.Indicators["assist_paid_fen"] != 700_000 || st.Indicators["assist_paid_goods_fen"] != 250_000 || st.Indicators["assist_raised_fen"] != 300_000 {
			t.Errorf("figures on 31 January: %v (%v)", st.Indicators, err)
		}
		if st, _ := s.ComputeStats(ctx, sys, cy.ID, gonghui.NewDate(2017, 2, 10)); st.Indicators["assist_paid_fen"] != 650_000 {
			t.Errorf("paid after the return: %v", st.Indicators["assist_paid_fen"])
		}
	}})
}

// The ledger's rules under contention, for the shared concurrency test.
func init() {
	lockRules = append(lockRules,
		lockRule{name: "ledger: a retried payment posts once",
			round: func(t *testing.T, e *contention) (func(int) error, func() int) {
				s := e.s
				fund := mustFund(t, s, e.f.g1, fmt.Sprintf("重试资金%d", e.next()), false)
				mustAllocate(t, s, fund, 100_000)
				return func(int) error {
						_, err := s.Pay(ctx, sys, payment(fund, "retry", 60_000))
						return err
					}, func() int {
						assertBalanced(t, s)
						return countRows(t, s, `SELECT count(*) FROM ledger_entries WHERE fund_id = ? AND kind = 'payment'`, fund.ID)
					}
			}},
		lockRule{name: "ledger: payments that together overdraw a fund do not all pass", refused: []string{"amount_fen"}, oneWins: true,
			round: func(t *testing.T, e *contention) (func(int) error, func() int) {
				s := e.s
				fund := mustFund(t, s, e.f.g1, fmt.Sprintf("透支资金%d", e.next()), false)
				mustAllocate(t, s, fund, 100_000)
				return func(i int) error {
						_, err := s.Pay(ctx, sys, payment(fund, fmt.Sprintf("p-%d", i), 60_000))
						return err
					}, func() int {
						assertBalanced(t, s)
						if b := balanceOf(t, s, fund.ID); b != 40_000 {
							t.Errorf("the fund holds %d", b)
						}
						return countRows(t, s, `SELECT count(*) FROM ledger_entries WHERE fund_id = ? AND kind = 'payment'`, fund.ID)
					}
			}},
		lockRule{name: "ledger: an entry is reversed once", refused: []string{"entry_id"}, oneWins: true,
			round: func(t *testing.T, e *contention) (func(int) error, func() int) {
				s := e.s
				fund := mustFund(t, s, e.f.g1, fmt.Sprintf("冲销资金%d", e.next()), false)
				mustAllocate(t, s, fund, 100_000)
				p, err := s.Pay(ctx, sys, payment(fund, "to-reverse", 60_000))
				if err != nil {
					t.Fatal(err)
				}
				return func(i int) error {
						_, err := s.Reverse(ctx, sys, p.ID, store.ReversalInput{Reason: fmt.Sprintf("退回%d", i), Returned: true})
						return err
					}, func() int {
						assertBalanced(t, s)
						return countRows(t, s, `SELECT count(*) FROM ledger_entries WHERE reverses_id = ?`, p.ID)
					}
			}},
	)
}
