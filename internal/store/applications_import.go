package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"gonghui"
	"gonghui/idcard"
)

// Payments the districts made before gonghui, kept in their spreadsheets
// (帮扶发放台账), come in as applications filed and approved at once by
// the importer: assessed by the programme's rules on the date applied,
// with the same duplicate, cap and budget checks as a cadre's, and paid
// from the programme's fund on the day they were paid. A row naming a
// payment on record (same programme, period, recipient and amount) is
// left alone, so a file imports twice without paying twice.

// errPaidBefore rolls back a row whose payment another import recorded
// meanwhile: the row is then unchanged.
var errPaidBefore = errors.New("paid before")

// ImportedPayment is one row: the application as a cadre would file it,
// who it went to by their ID number or USCC, and the day it was paid.
type ImportedPayment struct {
	Input     gonghui.ApplicationInput
	IDNumber  string // the person's, or the household head's
	USCC      string // the enterprise's
	AmountFen int64
	PaidOn    gonghui.Date
}

// PaymentWriter saves imported payments in batches.
type PaymentWriter struct {
	batchTx
	a gonghui.Actor
	// seen holds the recipients of this run's rows by programme and
	// period: a second row of one in one file is the same duplicate in a
	// dry run (which writes nothing) as in the import.
	seen map[int64]bool
}

// NewPaymentWriter starts importing payments as the actor, who files and
// approves: both permissions are needed.
func (s *Store) NewPaymentWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*PaymentWriter, error) {
	if !a.Can(gonghui.PermApplyAssistance) || !a.Can(gonghui.PermApproveAssistance) {
		return nil, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return nil, errNoKeys
	}
	w := &PaymentWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, seen: map[int64]bool{}}
	return w, w.begin(ctx)
}

// Save files, approves and pays one row, whole or not at all.
func (w *PaymentWriter) Save(ctx context.Context, row ImportedPayment) (UpsertResult, error) {
	c, a := w.c, w.a
	in := row.Input
	in.Normalize()
	if in.AppliedOn.IsZero() {
		in.AppliedOn = row.PaidOn
	}
	v := &gonghui.ValidationError{}
	switch {
	case row.PaidOn.IsZero():
		v.Add("paid_on", "请填写发放日期", "give the day it was paid")
	case row.PaidOn.Before(in.AppliedOn):
		v.Add("paid_on", "发放日期不能早于申请日期", "it cannot be paid before it was applied for")
	case c.s.today().Before(row.PaidOn):
		v.Add("paid_on", "发放日期不能晚于今天", "the day paid cannot be in the future")
	}
	if row.AmountFen <= 0 {
		v.Add("amount_fen", "请填写发放金额（元，正数）", "give the amount paid (a positive number of yuan)")
	}
	p, err := c.getProgramme(ctx, a, in.ProgrammeID)
	if errors.Is(err, gonghui.ErrNotFound) {
		return 0, gonghui.Invalid("programme_id", "帮扶项目不存在或不面向本工会", "no such programme for your union")
	}
	if err != nil {
		return 0, err
	}
	if !strings.HasPrefix(p.path, a.Path) || !a.Can(p.Rules.Approval.Permission) {
		v.Add("programme_id", "导入发放记录须由保管项目资金的工会（"+p.OrgName+"）或其上级、具有审批权限的用户进行",
			"payments are imported by an approver of the union keeping the programme's fund ("+p.OrgName+") or one above it")
	}
	if err := w.subject(ctx, p, row, &in, v); err != nil {
		return 0, err
	}
	if in.RequestedFen == 0 && p.Rules.Amount.Kind == gonghui.AmountRequested {
		in.RequestedFen = row.AmountFen
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	kind, subject := subjectOf(p.Programme, in)
	key := recipientKey(p.ID, gonghui.ProgrammePeriod(p.PeriodKind, in.AppliedOn), kind, subject)
	if same, err := w.paidBefore(ctx, p, in, row.AmountFen); err != nil || same {
		if err == nil {
			w.seen[key] = true
			err = w.saved(ctx)
		}
		return Unchanged, err
	}
	if w.seen[key] && in.OverrideReason == "" {
		return 0, gonghui.Invalid("duplicate", "本文件前面已有同一对象本期该项目的发放，须在“重复申请特批理由”中说明理由",
			"an earlier row of this file pays the same recipient under the programme for the period: give the reason in the override column")
	}
	if w.checking() {
		if err := w.check(ctx, p, in, row); err != nil {
			return 0, err
		}
		w.seen[key] = true
		return Inserted, nil
	}
	err = c.wholeLine(ctx, func() error { return w.write(ctx, p, in, row) })
	w.seen[key] = err == nil || errors.Is(err, errPaidBefore)
	switch {
	case errors.Is(err, errPaidBefore):
		return Unchanged, w.saved(ctx)
	case err != nil:
		return 0, err
	}
	return Inserted, w.saved(ctx)
}

// check applies, reading only, the rules write applies: the filing, the
// assessment on the day applied and the amount (a dry run; what earlier
// rows of the file would have spent of a budget or a fund it cannot see).
func (w *PaymentWriter) check(ctx context.Context, p programmeRow, in gonghui.ApplicationInput, row ImportedPayment) error {
	if _, _, err := w.c.checkApplication(ctx, w.a, in); err != nil {
		return err
	}
	r, err := w.c.assess(ctx, p, in, 0, in.OverrideReason != "", true)
	if err == nil {
		err = overrideOf(w.a, in.OverrideReason, r.facts.Duplicate)
	}
	if err != nil {
		return err
	}
	return amountAsRuled(r, row)
}

// amountAsRuled refuses a row whose amount is not the one the rules give.
func amountAsRuled(r assessed, row ImportedPayment) error {
	if r.assessment.AmountFen != row.AmountFen {
		return gonghui.Invalid("amount_fen", "按项目规则应发"+gonghui.FormatFixed(r.assessment.AmountFen, 2)+"元，与台账金额不符",
			"the programme's rules give "+gonghui.FormatFixed(r.assessment.AmountFen, 2)+" yuan, not the amount in the file")
	}
	return nil
}

// subject finds the recipient the programme pays by the row's ID number
// or USCC: a person of the register, a household on file headed by the
// person, or a unit in the actor's scope.
func (w *PaymentWriter) subject(ctx context.Context, p programmeRow, row ImportedPayment, in *gonghui.ApplicationInput, v *gonghui.ValidationError) error {
	c := w.c
	if p.RecipientKind == gonghui.RecipientEnterprise {
		if row.USCC == "" {
			v.Add("unit_id", "请填写受助企业的统一社会信用代码", "give the enterprise's USCC")
			return nil
		}
		u, err := w.s.UnitByUSCC(ctx, w.a, row.USCC)
		switch {
		case errors.Is(err, gonghui.ErrNotFound):
			v.Add("unit_id", "找不到统一社会信用代码为“"+row.USCC+"”的单位，请先登记单位", "no unit with USCC \""+row.USCC+"\" in your scope: register it first")
		case err != nil:
			return err
		}
		in.UnitID = u.ID
		return nil
	}
	if p.RecipientKind != gonghui.RecipientHousehold {
		var err error
		in.PersonID, err = c.personByNumber(ctx, w.a, v, "id_number", row.IDNumber)
		return err
	}
	id, err := idcard.Parse(strings.TrimSpace(row.IDNumber))
	if err != nil {
		v.Add("id_number", "请填写有效的公民身份号码", "give a valid citizen ID number")
		return nil
	}
	err = c.row(ctx, `SELECT file_id FROM hardship_people WHERE live_index = ? AND position = 0`, c.s.keys.Index(indexID, id.Number)).Scan(&in.HouseholdFileID)
	if errors.Is(err, sql.ErrNoRows) {
		v.Add("id_number", "该公民身份号码不是在档困难职工家庭的户主", "the ID number heads no household on file")
		return nil
	}
	return err
}

// paidBefore reports whether the row's payment is on record already: an
// approved application of the same programme, recipient, day applied,
// bill and beneficiary, for the same amount. Another application of the
// recipient in the period is the duplicate the assessment refuses.
func (w *PaymentWriter) paidBefore(ctx context.Context, p programmeRow, in gonghui.ApplicationInput, amount int64) (bool, error) {
	kind, subject := subjectOf(p.Programme, in)
	var input string
	found := false
	err := w.c.eachRow(ctx, `SELECT input FROM applications WHERE programme_id = ? AND period = ? AND subject_kind = ? AND subject_id = ?
		AND applied_on = ? AND event_ref = ? AND state = 'approved' AND amount_fen = ?`,
		[]any{p.ID, gonghui.ProgrammePeriod(p.PeriodKind, in.AppliedOn), kind, subject, in.AppliedOn, in.EventRef, amount}, []any{&input}, func() {
			var before gonghui.ApplicationInput
			found = found || json.Unmarshal([]byte(input), &before) == nil && before.Beneficiary == in.Beneficiary
		})
	return found, err
}

// write files the application, approves it at every level in one step
// and pays it on the day it was paid.
func (w *PaymentWriter) write(ctx context.Context, p programmeRow, in gonghui.ApplicationInput, row ImportedPayment) error {
	c, a := w.c, w.a
	id, err := c.fileApplication(ctx, a, 0, in)
	if err != nil {
		return err
	}
	// Asked again under the recipient's lock, which filing took: a second
	// import of the same file at once finds the first's payment.
	if same, err := w.paidBefore(ctx, p, in, row.AmountFen); err != nil || same {
		return cmp.Or(err, errPaidBefore)
	}
	r, err := c.assess(ctx, p, in, id, in.OverrideReason != "", true)
	if err != nil {
		return err
	}
	if err := amountAsRuled(r, row); err != nil {
		return err
	}
	if _, err := c.exec(ctx, `UPDATE applications SET state = ?, step = levels, facts = ?, assessment = ?, amount_fen = ?, version = version + 1
		WHERE id = ?`, gonghui.AppApproved, mustJSON(r.facts), mustJSON(r.assessment), r.assessment.AmountFen, id); err != nil {
		return err
	}
	if err := c.addStep(ctx, a, id, gonghui.AppActImport, p.Rules.Approval.Levels, "导入线下审批发放记录 imported, approved outside gonghui", r); err != nil {
		return err
	}
	app, err := c.getApplication(ctx, a, id)
	if err != nil {
		return err
	}
	if err := c.payApplication(ctx, a, p, app, r.assessment.AmountFen, row.PaidOn); err != nil {
		return err
	}
	var path string
	if err := c.row(ctx, `SELECT path FROM orgs WHERE id = ?`, in.OrgID).Scan(&path); err != nil {
		return err
	}
	return c.audit(ctx, a, auditEntry{action: "application.import", recordType: "application", recordID: id, orgPath: path,
		summary: mustJSON(map[string]any{"programme": p.Code, "amount_fen": r.assessment.AmountFen, "paid_on": row.PaidOn, "applied_on": in.AppliedOn})})
}

// DonationWriter saves imported donations (募集台账) in batches, each
// raised for a programme into the fund it draws on. The row's key (its
// reference number, or its content) is the entry's idempotency key, so a
// file imports twice without raising twice.
type DonationWriter struct {
	batchTx
	a gonghui.Actor
}

// NewDonationWriter starts importing donations as the actor.
func (s *Store) NewDonationWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*DonationWriter, error) {
	if !a.Can(gonghui.PermPostLedger) {
		return nil, gonghui.ErrForbidden
	}
	w := &DonationWriter{batchTx: batchTx{s: s, size: batchSize}, a: a}
	return w, w.begin(ctx)
}

// Save posts one donation, or finds it posted.
func (w *DonationWriter) Save(ctx context.Context, in DonationInput) (UpsertResult, error) {
	c, a := w.c, w.a
	p, err := c.getProgramme(ctx, a, in.ProgrammeID)
	switch {
	case errors.Is(err, gonghui.ErrNotFound):
		return 0, gonghui.Invalid("programme_id", "帮扶项目不存在或不在您的管辖范围内", "no such programme in your scope")
	case err != nil:
		return 0, err
	case p.FundID == 0:
		return 0, gonghui.Invalid("programme_id", "该项目没有资金，不能为其募集", "the programme has no fund to raise for")
	}
	in.FundID = p.FundID
	first, err := c.entryByKey(ctx, a, in.FundID, in.IdempotencyKey)
	switch {
	case err == nil:
		if err := sameMovement(first, in.entry()); err != nil {
			return 0, err
		}
		return Unchanged, w.saved(ctx)
	case !errors.Is(err, gonghui.ErrNotFound):
		return 0, err
	}
	if w.checking() {
		return Inserted, nil
	}
	if err := c.wholeLine(ctx, func() error { _, err := c.post(ctx, a, in.entry()); return err }); err != nil {
		return 0, err
	}
	return Inserted, w.saved(ctx)
}
