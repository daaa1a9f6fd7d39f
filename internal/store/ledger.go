package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonghui"
)

// The fund ledger. Every posting — PostEntry and the movements built on
// it (Pay, Allocate, RecordDonation, Reverse) — goes permission →
// transaction → the books' lock of every union whose fund it touches →
// idempotency → check (the entry balances, the period is open, a reversal
// is the first of its entry) → write → no fund below zero → audit →
// reload. Entries are only ever inserted.

// lockLedgerBooks: a union's books take one posting at a time, so that a
// fund's balance, its idempotency keys, an entry's one reversal and the
// closed periods are read after the previous posting committed. Key: the
// fund's union.
var lockLedgerBooks = newLockRule("ledger: one posting at a time per union's books")

// sealedPayeeAccount binds a payee's sealed account to its fund and
// idempotency key, known before the entry's row exists.
const sealedPayeeAccount = "ledger_entries.payee_account_sealed"

func payeeBinding(fundID int64, key string) []byte {
	return []byte(sealedPayeeAccount + "\x00" + strconv.FormatInt(fundID, 10) + "\x00" + key)
}

// ListAccounts returns the accounting chart.
func (s *Store) ListAccounts(ctx context.Context) ([]gonghui.LedgerAccount, error) {
	var out []gonghui.LedgerAccount
	var a gonghui.LedgerAccount
	err := s.conn().eachRow(ctx, `SELECT code, name_zh, name_en, kind FROM ledger_accounts ORDER BY code`, nil,
		[]any{&a.Code, &a.Name.Zh, &a.Name.En, &a.Kind}, func() { out = append(out, a) })
	return out, opErr(err, "list accounts")
}

// chart maps each account's code to its kind.
func (c conn) chart(ctx context.Context) (map[string]string, error) {
	m := map[string]string{}
	var code, kind string
	err := c.eachRow(ctx, `SELECT code, kind FROM ledger_accounts`, nil, []any{&code, &kind}, func() { m[code] = kind })
	return m, err
}

// fundBalance is a fund's assets: what it holds to pay from.
const fundBalance = `(SELECT COALESCE(SUM(l.debit_fen - l.credit_fen), 0) FROM ledger_lines l JOIN ledger_accounts a ON a.code = l.account
	WHERE l.fund_id = f.id AND a.kind = 'asset')`

const fundColumns = `f.id, f.org_id, o.name, f.name, f.income_account, f.expense_account, f.allow_overdraft, f.version, ` + fundBalance + `, o.path`

const fundFrom = ` FROM funds f JOIN orgs o ON o.id = f.org_id`

func scanFund(sc scanner) (gonghui.Fund, string, error) {
	var f gonghui.Fund
	var overdraft int64
	var path string
	err := sc.Scan(&f.ID, &f.OrgID, &f.OrgName, &f.Name, &f.IncomeAccount, &f.ExpenseAccount, &overdraft, &f.Version, &f.BalanceFen, &path)
	if errors.Is(err, sql.ErrNoRows) {
		return f, "", gonghui.ErrNotFound
	}
	f.AllowOverdraft = overdraft != 0
	return f, path, err
}

func (c conn) getFund(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Fund, string, error) {
	scope, args := scopeClause("o.path", a)
	return scanFund(c.row(ctx, "SELECT "+fundColumns+fundFrom+" WHERE f.id = ? AND "+scope, append([]any{id}, args...)...))
}

// GetFund returns a fund of a union in the actor's subtree, with its
// balance.
func (s *Store) GetFund(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Fund, error) {
	f, _, err := s.conn().getFund(ctx, a, id)
	return f, opErr(err, "get fund %d", id)
}

// FundFilter selects funds: those of OrgID's subtree (the actor's when 0).
type FundFilter struct {
	OrgID int64
	Page  gonghui.Page
}

// ListFunds pages through the funds of the actor's subtree.
func (s *Store) ListFunds(ctx context.Context, a gonghui.Actor, f FundFilter) ([]gonghui.Fund, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, err
	}
	scope, args := scopeClause("o.path", sa)
	funds, n, err := listPage(ctx, c, fundColumns, fundFrom, " WHERE "+scope, "o.path, f.name, f.id", args, f.Page,
		func(sc scanner) (gonghui.Fund, error) {
			f, _, err := scanFund(sc)
			return f, err
		})
	return funds, n, opErr(err, "list funds")
}

var errFundNameTaken = gonghui.Invalid("name", "该工会已有同名资金", "the union already has a fund of this name")

// CreateFund opens a fund at a union.
func (s *Store) CreateFund(ctx context.Context, a gonghui.Actor, in gonghui.FundInput) (gonghui.Fund, error) {
	f, err := s.saveFund(ctx, a, 0, in)
	return f, opErr(err, "create fund")
}

// UpdateFund changes a fund still at in.Version. Its union stays: its
// entries are that union's books.
func (s *Store) UpdateFund(ctx context.Context, a gonghui.Actor, id int64, in gonghui.FundInput) (gonghui.Fund, error) {
	f, err := s.saveFund(ctx, a, id, in)
	return f, opErr(err, "update fund %d", id)
}

func (s *Store) saveFund(ctx context.Context, a gonghui.Actor, id int64, in gonghui.FundInput) (gonghui.Fund, error) {
	if !a.Can(gonghui.PermPostLedger) {
		return gonghui.Fund{}, gonghui.ErrForbidden
	}
	var out gonghui.Fund
	err := s.inTx(ctx, func(c conn) (err error) {
		out, err = c.saveFund(ctx, a, id, in)
		return err
	})
	return out, err
}

// saveFund creates (id 0) or updates a fund in the caller's transaction.
func (c conn) saveFund(ctx context.Context, a gonghui.Actor, id int64, in gonghui.FundInput) (gonghui.Fund, error) {
	in.Normalize()
	var out gonghui.Fund
	err := func() error {
		var before *gonghui.Fund
		if id != 0 {
			cur, _, err := c.getFund(ctx, a, id)
			if err != nil {
				return err
			}
			before, in.OrgID = &cur, cur.OrgID
		}
		if err := c.lockFor(ctx, lockLedgerBooks, in.OrgID); err != nil {
			return err
		}
		org, err := c.checkFund(ctx, a, in, id)
		if err != nil {
			return err
		}
		now := c.s.nowUnix()
		args := []any{in.Name, in.IncomeAccount, in.ExpenseAccount, boolInt(in.AllowOverdraft), now}
		if before != nil {
			err = c.updateVersioned(ctx, "funds", `name = ?, income_account = ?, expense_account = ?, allow_overdraft = ?, updated_at = ?`, args, id, in.Version)
		} else {
			err = c.row(ctx, `INSERT INTO funds (name, income_account, expense_account, allow_overdraft, updated_at, org_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, append(args, in.OrgID, now)...).Scan(&id)
		}
		if isUniqueViolation(err) {
			return errFundNameTaken
		}
		if err != nil {
			return err
		}
		if out, _, err = c.getFund(ctx, a, id); err != nil {
			return err
		}
		action, prior := "fund.create", any(nil)
		if before != nil {
			action, prior = "fund.update", *before
		}
		return c.audit(ctx, a, auditEntry{action: action, recordType: "fund", recordID: id, orgPath: org.Path, summary: changeSummary(prior, out)})
	}()
	return out, err
}

// checkFund checks a fund's input: its union in scope and active, its
// accounts of the chart, its name free at the union.
func (c conn) checkFund(ctx context.Context, a gonghui.Actor, in gonghui.FundInput, id int64) (gonghui.Org, error) {
	chart, err := c.chart(ctx)
	if err != nil {
		return gonghui.Org{}, err
	}
	v := &gonghui.ValidationError{}
	in.Validate(v, chart)
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil {
		return org, err
	}
	if v.Err() != nil {
		return org, v.Err()
	}
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM funds WHERE org_id = ? AND name = ? AND id <> ?`, in.OrgID, in.Name, id).Scan(&n); err != nil {
		return org, err
	}
	if n > 0 {
		return org, errFundNameTaken
	}
	return org, nil
}

// PaymentInput is a disbursement from a fund: to whom, how much, in what
// form, for what. A retry with the same IdempotencyKey returns the first
// payment.
type PaymentInput struct {
	FundID         int64             `json:"fund_id"`
	Payee          gonghui.Payee     `json:"payee"`
	AmountFen      int64             `json:"amount_fen"`
	Form           string            `json:"form"`
	RecipientKind  string            `json:"recipient_kind"`
	Reference      gonghui.Reference `json:"reference,omitzero"`
	PostedOn       gonghui.Date      `json:"posted_on"`
	Memo           string            `json:"memo"`
	IdempotencyKey string            `json:"idempotency_key"`
}

// Pay posts a payment: the fund's expense account debited, its bank (or,
// for goods, its goods in stock) credited.
func (s *Store) Pay(ctx context.Context, a gonghui.Actor, in PaymentInput) (gonghui.Entry, error) {
	e, err := s.post(ctx, a, in.entry())
	return e, opErr(err, "pay from fund %d", in.FundID)
}

// entry is the payment's journal entry.
func (in PaymentInput) entry() gonghui.EntryInput {
	return gonghui.EntryInput{FundID: in.FundID, Kind: gonghui.EntryPayment, PostedOn: in.PostedOn, Memo: in.Memo,
		IdempotencyKey: in.IdempotencyKey, RecipientKind: in.RecipientKind, Form: in.Form, Reference: in.Reference, Payee: in.Payee,
		Lines: []gonghui.LedgerLine{
			{FundID: in.FundID, Account: accountOfFund, DebitFen: in.AmountFen},
			{FundID: in.FundID, Account: gonghui.AssetOf(in.Form), CreditFen: in.AmountFen},
		}}
}

// accountOfFund stands for the fund's own income or expense account in
// the lines a movement builds before the fund is read.
const accountOfFund = "fund"

// AllocationInput is money allocated to a fund by the level above: from
// FromFundID, a fund of a union above, when its books are kept here
// (both sides post in one entry), else from outside the ledger.
type AllocationInput struct {
	FundID         int64        `json:"fund_id"`
	FromFundID     int64        `json:"from_fund_id,omitempty"`
	AmountFen      int64        `json:"amount_fen"`
	PostedOn       gonghui.Date `json:"posted_on"`
	Memo           string       `json:"memo"`
	IdempotencyKey string       `json:"idempotency_key"`
}

// Allocate posts an allocation: the fund's bank debited and its income
// account (帮扶补助, 送温暖补助) credited; the giving fund, when named,
// records it as a subsidy to the level below (补助下级支出) from its bank.
func (s *Store) Allocate(ctx context.Context, a gonghui.Actor, in AllocationInput) (gonghui.Entry, error) {
	lines := []gonghui.LedgerLine{
		{FundID: in.FundID, Account: gonghui.AccountBank, DebitFen: in.AmountFen},
		{FundID: in.FundID, Account: accountOfFund, CreditFen: in.AmountFen},
	}
	if in.FromFundID != 0 {
		lines = append(lines,
			gonghui.LedgerLine{FundID: in.FromFundID, Account: gonghui.AccountSubsidyDown, DebitFen: in.AmountFen},
			gonghui.LedgerLine{FundID: in.FromFundID, Account: gonghui.AccountBank, CreditFen: in.AmountFen})
	}
	e, err := s.post(ctx, a, gonghui.EntryInput{FundID: in.FundID, Kind: gonghui.EntryAllocation, PostedOn: in.PostedOn, Memo: in.Memo,
		IdempotencyKey: in.IdempotencyKey, Lines: lines})
	return e, opErr(err, "allocate to fund %d", in.FundID)
}

// The kinds of record an entry names.
const (
	refApplication = "application"
	refProgramme   = "programme" // a donation raised for a programme
)

// DonationInput is money or goods raised for a fund (募集): goods valued
// in fen; ProgrammeID, when set, names the programme drawing on the fund
// it was raised for, so it counts in the programme's figure line.
type DonationInput struct {
	FundID         int64        `json:"fund_id"`
	ProgrammeID    int64        `json:"programme_id,omitempty"`
	Donor          string       `json:"donor"`
	AmountFen      int64        `json:"amount_fen"`
	Form           string       `json:"form"`
	PostedOn       gonghui.Date `json:"posted_on"`
	Memo           string       `json:"memo"`
	IdempotencyKey string       `json:"idempotency_key"`
}

// RecordDonation posts a donation raised: the fund's bank (or goods in
// stock) debited, other income (其他收入) credited.
func (s *Store) RecordDonation(ctx context.Context, a gonghui.Actor, in DonationInput) (gonghui.Entry, error) {
	e, err := s.post(ctx, a, in.entry())
	return e, opErr(err, "record donation to fund %d", in.FundID)
}

// entry is the donation's journal entry.
func (in DonationInput) entry() gonghui.EntryInput {
	if in.Form == "" {
		in.Form = gonghui.FormCash
	}
	return gonghui.EntryInput{FundID: in.FundID, Kind: gonghui.EntryDonation, PostedOn: in.PostedOn, Memo: in.Memo,
		IdempotencyKey: in.IdempotencyKey, Form: in.Form, Payee: gonghui.Payee{Name: in.Donor}, Reference: programmeRef(in.ProgrammeID),
		Lines: []gonghui.LedgerLine{
			{FundID: in.FundID, Account: gonghui.AssetOf(in.Form), DebitFen: in.AmountFen},
			{FundID: in.FundID, Account: gonghui.AccountOtherIncome, CreditFen: in.AmountFen},
		}}
}

func programmeRef(id int64) gonghui.Reference {
	if id == 0 {
		return gonghui.Reference{}
	}
	return gonghui.Reference{Kind: refProgramme, ID: id}
}

// PostEntry posts any balanced movement as it is given: the lines name
// their accounts and funds.
func (s *Store) PostEntry(ctx context.Context, a gonghui.Actor, in gonghui.EntryInput) (gonghui.Entry, error) {
	if in.Kind == gonghui.EntryReversal || in.Reverses != 0 {
		return gonghui.Entry{}, gonghui.Invalid("kind", "冲销请使用冲销操作", "reverse an entry with Reverse")
	}
	e, err := s.post(ctx, a, in)
	return e, opErr(err, "post entry to fund %d", in.FundID)
}

// ReversalInput is why and when an entry is reversed; Returned marks a
// payment the bank sent back.
type ReversalInput struct {
	Reason         string       `json:"reason"`
	PostedOn       gonghui.Date `json:"posted_on"`
	Returned       bool         `json:"returned"`
	IdempotencyKey string       `json:"idempotency_key"`
}

// Reverse posts the reversal of an entry: its lines with their sides
// swapped, in the reversal's own (open) period. An entry is reversed at
// most once; a reversal is not itself reversed (post the movement again).
func (s *Store) Reverse(ctx context.Context, a gonghui.Actor, entryID int64, in ReversalInput) (gonghui.Entry, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" {
		return gonghui.Entry{}, gonghui.Invalid("reason", "请填写冲销原因", "give the reason for the reversal")
	}
	if in.PostedOn.IsZero() {
		in.PostedOn = s.today()
	}
	orig, err := s.GetEntry(ctx, a, entryID, false)
	if err != nil {
		return orig, err
	}
	memo := in.Reason
	if in.Returned {
		memo = "银行退回 returned by the bank: " + memo
	}
	e, err := s.post(ctx, a, gonghui.EntryInput{FundID: orig.FundID, Kind: gonghui.EntryReversal, PostedOn: in.PostedOn, Memo: memo,
		IdempotencyKey: in.IdempotencyKey, RecipientKind: orig.RecipientKind, Form: orig.Form, Reference: orig.Reference,
		Payee: gonghui.Payee{PersonID: orig.PayeePersonID, Name: orig.PayeeName}, Reverses: entryID, Lines: gonghui.ReversalLines(orig.Lines)})
	return e, opErr(err, "reverse entry %d", entryID)
}

// post is the one write of the ledger.
func (s *Store) post(ctx context.Context, a gonghui.Actor, in gonghui.EntryInput) (gonghui.Entry, error) {
	if !a.Can(gonghui.PermPostLedger) {
		return gonghui.Entry{}, gonghui.ErrForbidden
	}
	var out gonghui.Entry
	err := s.inTx(ctx, func(c conn) (err error) {
		out, err = c.post(ctx, a, in)
		return err
	})
	return out, err
}

// post posts an entry in the caller's transaction. The caller holds the
// permission: the ledger's own, or a final approval that pays
// (applications.go).
func (c conn) post(ctx context.Context, a gonghui.Actor, in gonghui.EntryInput) (gonghui.Entry, error) {
	in.Normalize()
	if in.Payee.Account != "" && c.s.keys == nil {
		return gonghui.Entry{}, errNoKeys
	}
	var out gonghui.Entry
	err := func() error {
		funds, err := c.entryFunds(ctx, a, &in)
		if err != nil {
			return err
		}
		orgs := make([]int64, 0, len(funds))
		for _, f := range funds {
			orgs = append(orgs, f.OrgID)
		}
		if err := c.lockFor(ctx, lockLedgerBooks, orgs...); err != nil {
			return err
		}
		if in.IdempotencyKey != "" {
			first, err := c.entryByKey(ctx, a, in.FundID, in.IdempotencyKey)
			switch {
			case err == nil:
				out = first
				return sameMovement(first, in)
			case !errors.Is(err, gonghui.ErrNotFound):
				return err
			}
		}
		if err := c.checkEntry(ctx, in, orgs); err != nil {
			return err
		}
		if err := c.touchStats(ctx, famLedger, orgs...); err != nil {
			return err
		}
		if in.Reference.Kind == refApplication {
			if err := c.touchApplicationStats(ctx, in.Reference.ID); err != nil {
				return err
			}
		}
		id, err := c.writeEntry(ctx, a, in)
		if err != nil {
			return err
		}
		if err := c.checkFundsCovered(ctx, funds, in.Lines); err != nil {
			return err
		}
		if out, err = c.getEntry(ctx, a, id, false); err != nil {
			return err
		}
		action := "ledger.post"
		if in.Reverses != 0 {
			action = "ledger.reverse"
		}
		return c.audit(ctx, a, auditEntry{action: action, recordType: "ledger_entry", recordID: id, orgPath: funds[in.FundID].path,
			summary: changeSummary(nil, out)})
	}()
	return out, err
}

type postingFund struct {
	gonghui.Fund
	path string
}

// entryFunds reads the funds an entry touches (each in the actor's
// scope) and puts the entry's own fund's accounts in place of
// accountOfFund.
func (c conn) entryFunds(ctx context.Context, a gonghui.Actor, in *gonghui.EntryInput) (map[int64]postingFund, error) {
	if in.FundID == 0 {
		return nil, gonghui.Invalid("fund_id", "请选择资金", "choose the fund")
	}
	funds := map[int64]postingFund{}
	for _, id := range append([]int64{in.FundID}, lineFunds(in.Lines)...) {
		if _, ok := funds[id]; ok || id == 0 {
			continue
		}
		f, path, err := c.getFund(ctx, a, id)
		if errors.Is(err, gonghui.ErrNotFound) {
			return nil, gonghui.Invalid("fund_id", "资金不存在或不在您的管辖范围内", "fund not found in your scope")
		}
		if err != nil {
			return nil, err
		}
		funds[id] = postingFund{f, path}
	}
	own := funds[in.FundID].Fund
	for i, l := range in.Lines {
		if l.Account == accountOfFund {
			in.Lines[i].Account = own.ExpenseAccount
			if l.CreditFen > 0 {
				in.Lines[i].Account = own.IncomeAccount
			}
		}
	}
	return funds, nil
}

func lineFunds(lines []gonghui.LedgerLine) []int64 {
	ids := make([]int64, len(lines))
	for i, l := range lines {
		ids[i] = l.FundID
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// sameMovement answers a retry: the same movement gets its first entry;
// another one under a key already used is refused.
func sameMovement(first gonghui.Entry, in gonghui.EntryInput) error {
	if first.Kind != in.Kind || first.AmountFen != gonghui.Total(in.Lines) || first.Reference != in.Reference ||
		first.PayeePersonID != in.Payee.PersonID || first.PayeeName != in.Payee.Name || first.Reverses != in.Reverses {
		return gonghui.Invalid("idempotency_key", "该幂等键已用于另一笔不同的记账", "this idempotency key was used for a different movement")
	}
	return nil
}

// checkEntry holds the entry to the rules that need data: its accounts in
// the chart, its period open at every union it touches, the payee a
// person of the register, the entry it reverses not reversed yet.
func (c conn) checkEntry(ctx context.Context, in gonghui.EntryInput, orgs []int64) error {
	chart, err := c.chart(ctx)
	if err != nil {
		return err
	}
	v := &gonghui.ValidationError{}
	gonghui.CheckEntry(v, in, chart)
	if in.Form != "" && !gonghui.IsChoiceKey(gonghui.Forms, in.Form) {
		v.Add("form", "请选择资金或物资", "choose cash or goods")
	}
	if in.Kind == gonghui.EntryPayment {
		gonghui.CheckDisbursement(v, in)
		if in.IdempotencyKey == "" {
			v.Add("idempotency_key", "支付须带幂等键，以免重复支付", "a payment needs an idempotency key, so that a retry never pays twice")
		}
	}
	if !in.PostedOn.IsZero() {
		cond, args := inList("org_id", orgs)
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM ledger_periods WHERE period = ? AND `+cond, append([]any{gonghui.Period(in.PostedOn)}, args...)...).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			v.Add("posted_on", "该月份已结账，不能再记账", "the books of this month are closed")
		}
	}
	if in.Payee.PersonID != 0 {
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM persons WHERE id = ?`, in.Payee.PersonID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			v.Add("payee.person_id", "会员不存在", "no such person")
		}
	}
	if in.Reference.Kind == refProgramme {
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM programmes WHERE id = ? AND fund_id = ?`, in.Reference.ID, in.FundID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			v.Add("programme_id", "所选项目不从该资金支出", "the programme does not draw on this fund")
		}
	}
	if in.Reverses != 0 {
		var kind string
		var on gonghui.Date
		var by sql.NullInt64
		err := c.row(ctx, `SELECT e.kind, e.posted_on, (SELECT r.id FROM ledger_entries r WHERE r.reverses_id = e.id) FROM ledger_entries e WHERE e.id = ?`,
			in.Reverses).Scan(&kind, &on, &by)
		switch {
		case err != nil:
			return err
		case !in.PostedOn.IsZero() && in.PostedOn.Before(on):
			// The figures count an entry until its reversal's day.
			v.Add("posted_on", "冲销日期不能早于原分录的记账日期", "a reversal is not dated before the entry it reverses")
		case kind == gonghui.EntryReversal:
			v.Add("entry_id", "冲销分录不能再冲销，请重新记账", "a reversal is not reversed: post the movement again")
		case by.Valid:
			v.Add("entry_id", "该分录已冲销（第"+strconv.FormatInt(by.Int64, 10)+"号）", "the entry is already reversed (by entry "+strconv.FormatInt(by.Int64, 10)+")")
		}
	}
	return v.Err()
}

// writeEntry inserts a checked entry and its lines.
func (c conn) writeEntry(ctx context.Context, a gonghui.Actor, in gonghui.EntryInput) (int64, error) {
	var sealed []byte
	var masked any
	if in.Payee.Account != "" {
		sealed = c.s.keys.Seal(in.Payee.Account, payeeBinding(in.FundID, in.IdempotencyKey))
		masked = gonghui.MaskAccount(in.Payee.Account)
	}
	var id int64
	err := c.row(ctx, `INSERT INTO ledger_entries (fund_id, kind, posted_on, period, memo, idempotency_key, amount_fen, recipient_kind, form,
		ref_kind, ref_id, payee_person_id, payee_name, payee_bank, payee_account_sealed, payee_account_masked, reverses_id, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		in.FundID, in.Kind, in.PostedOn, gonghui.Period(in.PostedOn), in.Memo, nullStr(in.IdempotencyKey), gonghui.Total(in.Lines),
		nullStr(in.RecipientKind), nullStr(in.Form), nullStr(in.Reference.Kind), nullInt(in.Reference.ID), nullInt(in.Payee.PersonID),
		nullStr(in.Payee.Name), nullStr(in.Payee.Bank), sealed, masked, nullInt(in.Reverses), a.Username, c.s.nowUnix()).Scan(&id)
	if isUniqueViolation(err) {
		// Only a writer that missed the books' lock gets here.
		return 0, gonghui.Conflict("该分录已记账或已冲销", "the entry is already posted or reversed")
	}
	if err != nil {
		return 0, err
	}
	for i, l := range in.Lines {
		if _, err := c.exec(ctx, `INSERT INTO ledger_lines (entry_id, line_no, fund_id, account, debit_fen, credit_fen) VALUES (?, ?, ?, ?, ?, ?)`,
			id, i+1, l.FundID, l.Account, l.DebitFen, l.CreditFen); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// checkFundsCovered refuses, after the entry's lines are written, an
// asset account the entry credited that is now below zero in a fund not
// allowed to overdraw. The books' lock makes the balance read here the
// one the next posting starts from.
func (c conn) checkFundsCovered(ctx context.Context, funds map[int64]postingFund, lines []gonghui.LedgerLine) error {
	chart, err := c.chart(ctx)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if l.CreditFen == 0 || chart[l.Account] != gonghui.AccountAsset || funds[l.FundID].AllowOverdraft {
			continue
		}
		var bal int64
		if err := c.row(ctx, `SELECT COALESCE(SUM(debit_fen - credit_fen), 0) FROM ledger_lines WHERE fund_id = ? AND account = ?`,
			l.FundID, l.Account).Scan(&bal); err != nil {
			return err
		}
		if bal < 0 {
			f := funds[l.FundID]
			return gonghui.Invalid("amount_fen", "资金"+f.Name+"余额不足（差"+gonghui.FormatFixed(-bal, 2)+"元）",
				"fund "+f.Name+" does not hold enough ("+gonghui.FormatFixed(-bal, 2)+" yuan short)")
		}
	}
	return nil
}

const entryColumns = `e.id, e.fund_id, f.name, f.org_id, e.kind, e.posted_on, e.period, e.memo, COALESCE(e.idempotency_key, ''), e.amount_fen,
	COALESCE(e.recipient_kind, ''), COALESCE(e.form, ''), COALESCE(e.ref_kind, ''), COALESCE(e.ref_id, 0), COALESCE(e.payee_person_id, 0),
	COALESCE(e.payee_name, ''), COALESCE(e.payee_bank, ''), COALESCE(e.payee_account_masked, ''), COALESCE(e.reverses_id, 0),
	COALESCE((SELECT r.id FROM ledger_entries r WHERE r.reverses_id = e.id), 0), e.created_at`

const entryFrom = ` FROM ledger_entries e JOIN funds f ON f.id = e.fund_id JOIN orgs o ON o.id = f.org_id`

func scanEntry(sc scanner) (gonghui.Entry, error) {
	var e gonghui.Entry
	var created int64
	err := sc.Scan(&e.ID, &e.FundID, &e.FundName, &e.OrgID, &e.Kind, &e.PostedOn, &e.Period, &e.Memo, &e.IdempotencyKey, &e.AmountFen,
		&e.RecipientKind, &e.Form, &e.Reference.Kind, &e.Reference.ID, &e.PayeePersonID, &e.PayeeName, &e.PayeeBank, &e.PayeeAccount,
		&e.Reverses, &e.ReversedBy, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return e, gonghui.ErrNotFound
	}
	e.CreatedAt = time.Unix(created, 0).In(gonghui.Shanghai)
	return e, err
}

func (c conn) getEntry(ctx context.Context, a gonghui.Actor, id int64, reveal bool) (gonghui.Entry, error) {
	scope, args := scopeClause("o.path", a)
	e, err := scanEntry(c.row(ctx, "SELECT "+entryColumns+entryFrom+" WHERE e.id = ? AND "+scope, append([]any{id}, args...)...))
	if err != nil {
		return e, err
	}
	var l gonghui.LedgerLine
	err = c.eachRow(ctx, `SELECT fund_id, account, debit_fen, credit_fen FROM ledger_lines WHERE entry_id = ? ORDER BY line_no`, []any{id},
		[]any{&l.FundID, &l.Account, &l.DebitFen, &l.CreditFen}, func() { e.Lines = append(e.Lines, l) })
	if err != nil || !reveal || e.PayeeAccount == "" {
		return e, err
	}
	var sealed []byte
	if err := c.row(ctx, `SELECT payee_account_sealed FROM ledger_entries WHERE id = ?`, id).Scan(&sealed); err != nil {
		return e, err
	}
	e.PayeeAccount, err = c.s.keys.Open(sealed, payeeBinding(e.FundID, e.IdempotencyKey))
	return e, err
}

func (c conn) entryByKey(ctx context.Context, a gonghui.Actor, fundID int64, key string) (gonghui.Entry, error) {
	var id int64
	err := c.row(ctx, `SELECT id FROM ledger_entries WHERE fund_id = ? AND idempotency_key = ?`, fundID, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return gonghui.Entry{}, gonghui.ErrNotFound
	}
	if err != nil {
		return gonghui.Entry{}, err
	}
	return c.getEntry(ctx, a, id, false)
}

// GetEntry returns a journal entry of a fund in the actor's subtree with
// its lines; the payee's account masked unless reveal (which needs
// PermPostLedger).
func (s *Store) GetEntry(ctx context.Context, a gonghui.Actor, id int64, reveal bool) (gonghui.Entry, error) {
	if reveal && (!a.Can(gonghui.PermPostLedger) || s.keys == nil) {
		return gonghui.Entry{}, gonghui.ErrForbidden
	}
	e, err := s.conn().getEntry(ctx, a, id, reveal)
	return e, opErr(err, "get entry %d", id)
}

// EntryFilter selects journal entries.
type EntryFilter struct {
	OrgID  int64  // a subtree (the actor's when 0)
	FundID int64  // one fund
	Period string // YYYY-MM
	Kind   string
	Page   gonghui.Page
}

func (c conn) entryWhere(ctx context.Context, a gonghui.Actor, f EntryFilter) (string, []any, error) {
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return "", nil, err
	}
	scope, args := scopeClause("o.path", sa)
	conds := []string{scope}
	if f.FundID != 0 {
		// An allocation from above is in the giving fund's journal too.
		conds, args = append(conds, "EXISTS (SELECT 1 FROM ledger_lines x WHERE x.entry_id = e.id AND x.fund_id = ?)"), append(args, f.FundID)
	}
	if f.Period != "" {
		conds, args = append(conds, "e.period = ?"), append(args, f.Period)
	}
	if f.Kind != "" {
		conds, args = append(conds, "e.kind = ?"), append(args, f.Kind)
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// ListEntries pages through the journal, in posting order.
func (s *Store) ListEntries(ctx context.Context, a gonghui.Actor, f EntryFilter) ([]gonghui.Entry, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	where, args, err := c.entryWhere(ctx, a, f)
	if err != nil {
		return nil, 0, err
	}
	entries, n, err := listPage(ctx, c, entryColumns, entryFrom, where, "e.id", args, f.Page, scanEntry)
	return entries, n, opErr(err, "list entries")
}

// JournalLine is one line of the journal as it is exported.
type JournalLine struct {
	EntryID   int64
	PostedOn  gonghui.Date
	Kind      string
	FundName  string
	Memo      string
	Account   string
	DebitFen  int64
	CreditFen int64
}

// EachJournalLine calls fn for every line of the selected entries (of
// f.FundID's lines only, when set), in posting order: the journal's
// export.
func (s *Store) EachJournalLine(ctx context.Context, a gonghui.Actor, f EntryFilter, fn func(JournalLine) error) error {
	c := s.conn()
	where, args, err := c.entryWhere(ctx, a, f)
	if err != nil {
		return err
	}
	if f.FundID != 0 {
		where, args = where+" AND l.fund_id = ?", append(args, f.FundID)
	}
	rows, err := c.query(ctx, `SELECT e.id, e.posted_on, e.kind, lf.name, e.memo, l.account, l.debit_fen, l.credit_fen`+entryFrom+`
		JOIN ledger_lines l ON l.entry_id = e.id JOIN funds lf ON lf.id = l.fund_id`+where+` ORDER BY e.id, l.line_no`, args...)
	if err != nil {
		return opErr(err, "read journal")
	}
	defer rows.Close()
	for rows.Next() {
		var j JournalLine
		if err := rows.Scan(&j.EntryID, &j.PostedOn, &j.Kind, &j.FundName, &j.Memo, &j.Account, &j.DebitFen, &j.CreditFen); err != nil {
			return opErr(err, "read journal")
		}
		if err := fn(j); err != nil {
			return err
		}
	}
	return opErr(rows.Err(), "read journal")
}

// TrialBalanceRow is one account of a fund's trial balance for a period:
// its balance before (debit positive), the period's debits and credits,
// its balance after.
type TrialBalanceRow struct {
	Account    gonghui.LedgerAccount `json:"account"`
	OpeningFen int64                 `json:"opening_fen"`
	DebitFen   int64                 `json:"debit_fen"`
	CreditFen  int64                 `json:"credit_fen"`
	ClosingFen int64                 `json:"closing_fen"`
}

// TrialBalance is the trial balance of a fund for a period (YYYY-MM):
// every account the fund has lines on up to the period's end. Its debits
// equal its credits, its closing balances sum to zero.
func (s *Store) TrialBalance(ctx context.Context, a gonghui.Actor, fundID int64, period string) ([]TrialBalanceRow, error) {
	if !gonghui.ValidPeriod(period) {
		return nil, gonghui.Invalid("period", "期间须为年-月，如2017-01", "the period is a month, such as 2017-01")
	}
	c := s.conn()
	if _, _, err := c.getFund(ctx, a, fundID); err != nil {
		return nil, opErr(err, "trial balance of fund %d", fundID)
	}
	var out []TrialBalanceRow
	var r TrialBalanceRow
	err := c.eachRow(ctx, `SELECT a.code, a.name_zh, a.name_en, a.kind,
			COALESCE(SUM(CASE WHEN e.period < ? THEN l.debit_fen - l.credit_fen ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN e.period = ? THEN l.debit_fen ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN e.period = ? THEN l.credit_fen ELSE 0 END), 0)
		FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id JOIN ledger_accounts a ON a.code = l.account
		WHERE l.fund_id = ? AND e.period <= ? GROUP BY a.code, a.name_zh, a.name_en, a.kind ORDER BY a.code`,
		[]any{period, period, period, fundID, period},
		[]any{&r.Account.Code, &r.Account.Name.Zh, &r.Account.Name.En, &r.Account.Kind, &r.OpeningFen, &r.DebitFen, &r.CreditFen},
		func() {
			r.ClosingFen = r.OpeningFen + r.DebitFen - r.CreditFen
			out = append(out, r)
		})
	return out, opErr(err, "trial balance of fund %d", fundID)
}

// LockPeriod closes a union's books for a month: postings dated in it are
// refused from then on. Closing a closed month changes nothing.
func (s *Store) LockPeriod(ctx context.Context, a gonghui.Actor, orgID int64, period string) error {
	if !a.Can(gonghui.PermLockLedger) {
		return gonghui.ErrForbidden
	}
	if !gonghui.ValidPeriod(period) {
		return gonghui.Invalid("period", "期间须为年-月，如2017-01", "the period is a month, such as 2017-01")
	}
	err := s.inTx(ctx, func(c conn) error {
		org, err := c.getOrg(ctx, a, "o.id = ?", orgID)
		if err != nil {
			return err
		}
		if err := c.lockFor(ctx, lockLedgerBooks, orgID); err != nil {
			return err
		}
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM ledger_periods WHERE org_id = ? AND period = ?`, orgID, period).Scan(&n); err != nil || n > 0 {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO ledger_periods (org_id, period, locked_by, locked_at) VALUES (?, ?, ?, ?)`,
			orgID, period, a.Username, c.s.nowUnix()); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "ledger.lock_period", recordType: "ledger_period", recordID: orgID, orgPath: org.Path,
			summary: mustJSON(map[string]any{"period": period})})
	})
	return opErr(err, "lock period %s of org %d", period, orgID)
}

// LockedPeriods lists the closed months of a union, latest first.
func (s *Store) LockedPeriods(ctx context.Context, a gonghui.Actor, orgID int64) ([]string, error) {
	c := s.conn()
	if _, err := c.getOrg(ctx, a, "o.id = ?", orgID); err != nil {
		return nil, opErr(err, "locked periods of org %d", orgID)
	}
	var out []string
	var p string
	err := c.eachRow(ctx, `SELECT period FROM ledger_periods WHERE org_id = ? ORDER BY period DESC`, []any{orgID}, []any{&p}, func() { out = append(out, p) })
	return out, opErr(err, "locked periods of org %d", orgID)
}

// BankPayment is one line of the bank's batch file: a cash payment not
// reversed, with the payee's account unsealed.
type BankPayment struct {
	EntryID        int64
	PostedOn       gonghui.Date
	PayeeName      string
	Bank           string
	Account        string
	AmountFen      int64
	Memo           string
	IdempotencyKey string
}

// EachBankPayment calls fn for each cash payment of a fund in a period
// that is not reversed, in posting order. It unseals the payees'
// accounts, so it needs PermPostLedger; the caller audits the file
// before its first byte (export.Sheet).
func (s *Store) EachBankPayment(ctx context.Context, a gonghui.Actor, fundID int64, period string, fn func(BankPayment) error) error {
	if !a.Can(gonghui.PermPostLedger) {
		return gonghui.ErrForbidden
	}
	if s.keys == nil {
		return errNoKeys
	}
	c := s.conn()
	if _, _, err := c.getFund(ctx, a, fundID); err != nil {
		return opErr(err, "bank batch of fund %d", fundID)
	}
	rows, err := c.query(ctx, `SELECT e.id, e.posted_on, COALESCE(e.payee_name, ''), COALESCE(e.payee_bank, ''), e.payee_account_sealed, e.amount_fen,
		e.memo, e.idempotency_key FROM ledger_entries e
		WHERE e.fund_id = ? AND e.period = ? AND e.kind = 'payment' AND e.form = 'cash' AND e.payee_account_sealed IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id) ORDER BY e.id`, fundID, period)
	if err != nil {
		return opErr(err, "bank batch of fund %d", fundID)
	}
	defer rows.Close()
	for rows.Next() {
		var p BankPayment
		var sealed []byte
		if err := rows.Scan(&p.EntryID, &p.PostedOn, &p.PayeeName, &p.Bank, &sealed, &p.AmountFen, &p.Memo, &p.IdempotencyKey); err != nil {
			return opErr(err, "bank batch of fund %d", fundID)
		}
		if p.Account, err = s.keys.Open(sealed, payeeBinding(fundID, p.IdempotencyKey)); err != nil {
			return opErr(err, "open payee account of entry %d", p.EntryID)
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return opErr(rows.Err(), "bank batch of fund %d", fundID)
}

// ReturnPayment reverses a payment the bank sent back (a row of its
// return file or the form), when the amount returned is the amount paid
// and, when fundID is not 0, the payment is that fund's. The reversal's
// idempotency key is the payment's, so a return file read twice reverses
// each payment once.
func (s *Store) ReturnPayment(ctx context.Context, a gonghui.Actor, fundID, entryID, amountFen int64, reason string) (gonghui.Entry, error) {
	p, err := s.GetEntry(ctx, a, entryID, false)
	switch {
	case errors.Is(err, gonghui.ErrNotFound) || err == nil && fundID != 0 && p.FundID != fundID:
		return p, gonghui.Invalid("entry_id", "本资金没有这笔支付", "no such payment from this fund")
	case err != nil:
		return p, err
	case p.Kind != gonghui.EntryPayment:
		return p, gonghui.Invalid("entry_id", "该分录不是支付，不能退回", "the entry is not a payment")
	case amountFen != p.AmountFen:
		return p, gonghui.Invalid("amount_fen", "退回金额与支付金额不符（支付"+gonghui.FormatFixed(p.AmountFen, 2)+"元）",
			"the amount returned is not the amount paid ("+gonghui.FormatFixed(p.AmountFen, 2)+" yuan)")
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		reason = "银行退回"
	}
	return s.Reverse(ctx, a, entryID, ReversalInput{Reason: reason, Returned: true, IdempotencyKey: "return:" + p.IdempotencyKey})
}
