package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"gonghui"
)

// Imports of the qualification subsidy: certificates (the holder named by
// citizen ID number) and subsidies paid before gonghui kept them, each
// filed and approved as one recorded decision, paid on its day.

// CertificateRow is an imported certificate: its holder by ID number.
type CertificateRow struct {
	IDNumber string
	gonghui.CertificateInput
}

// CertificateWriter saves imported certificates; one on record as the
// row gives it is left alone.
type CertificateWriter struct {
	batchTx
	a gonghui.Actor
}

// NewCertificateWriter starts writing certificates as the actor.
func (s *Store) NewCertificateWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*CertificateWriter, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return nil, gonghui.ErrForbidden
	}
	w := &CertificateWriter{batchTx: batchTx{s: s, size: batchSize}, a: a}
	return w, w.begin(ctx)
}

// Save stores one certificate, with the checks of the form.
func (w *CertificateWriter) Save(ctx context.Context, row CertificateRow) (UpsertResult, error) {
	v := &gonghui.ValidationError{}
	personID, err := w.c.personByNumber(ctx, w.a, v, "id_number", row.IDNumber)
	if err != nil {
		return 0, err
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	in := row.CertificateInput
	in.PersonID = personID
	in.Normalize()
	_, result, err := w.c.saveCertificate(ctx, w.a, 0, in)
	if err != nil || result == Unchanged || w.checking() {
		return result, err
	}
	return result, w.saved(ctx)
}

// SubsidyRow is a subsidy paid before gonghui: the application as filed
// (its credential by issuing body and number) and the day it was paid.
type SubsidyRow struct {
	ProgrammeCode string
	IDNumber      string
	Issuer        string
	Number        string
	PaidOn        gonghui.Date
	gonghui.ApplicationInput
}

// SubsidyWriter records paid subsidies: each is checked by the
// programme's rules as a filing would be (the credential, the card and
// membership on its date, once per certificate and per person a year,
// the quota and the budget, the notice ended by the day paid), then
// approved in one recorded step and paid on its day. A row whose
// certificate already has its subsidy paid is left alone.
type SubsidyWriter struct {
	batchTx
	a gonghui.Actor
}

// NewSubsidyWriter starts recording subsidies as the actor, who must
// both file and approve.
func (s *Store) NewSubsidyWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*SubsidyWriter, error) {
	if !a.Can(gonghui.PermApplyAssistance) || !a.Can(gonghui.PermApproveAssistance) {
		return nil, gonghui.ErrForbidden
	}
	w := &SubsidyWriter{batchTx: batchTx{s: s, size: batchSize}, a: a}
	return w, w.begin(ctx)
}

// subsidyColumnOf names, for a reason of the rules, the column of the
// paid subsidies file it concerns.
var subsidyColumnOf = map[string]string{
	"programme_id": "programme_code", "person_id": "id_number", "duplicate": "certificate_id", "amount_fen": "certificate_id",
	"quota": "paid_on", "budget": "paid_on", "lottery": "paid_on", "notice": "paid_on",
}

// Save records one paid subsidy; the rules' reasons name the file's
// columns.
func (w *SubsidyWriter) Save(ctx context.Context, row SubsidyRow) (UpsertResult, error) {
	result, err := w.save(ctx, row)
	var v *gonghui.ValidationError
	if errors.As(err, &v) {
		out := &gonghui.ValidationError{}
		for f, m := range v.Fields {
			if col, ok := subsidyColumnOf[f]; ok {
				f = col
			}
			out.Add(f, m.Zh, m.En)
		}
		return 0, out
	}
	return result, err
}

func (w *SubsidyWriter) save(ctx context.Context, row SubsidyRow) (UpsertResult, error) {
	c, a := w.c, w.a
	v := &gonghui.ValidationError{}
	in := row.ApplicationInput
	p, err := scanProgramme(c.row(ctx, "SELECT "+programmeColumns+programmeFrom+" WHERE p.code = ?", row.ProgrammeCode))
	if errors.Is(err, gonghui.ErrNotFound) || err == nil && p.Rules.Eligibility.Qualification == nil {
		return 0, gonghui.Invalid("programme_code", "没有此助推金项目："+row.ProgrammeCode, "no such subsidy programme: "+row.ProgrammeCode)
	}
	if err != nil {
		return 0, err
	}
	if !a.Can(p.Rules.Approval.Permission) {
		return 0, gonghui.ErrForbidden
	}
	in.ProgrammeID = p.ID
	if in.PersonID, err = c.personByNumber(ctx, a, v, "id_number", row.IDNumber); err != nil {
		return 0, err
	}
	err = c.row(ctx, `SELECT id FROM certificates WHERE issuer = ? AND number = ? AND person_id = ?`, row.Issuer, row.Number, in.PersonID).Scan(&in.CertificateID)
	if errors.Is(err, sql.ErrNoRows) {
		v.Add("certificate_id", "此人没有该发证机关此编号的证书", "the person holds no certificate of this issuing body and number")
	} else if err != nil {
		return 0, err
	}
	if row.PaidOn.IsZero() || row.PaidOn.Before(in.AppliedOn.AddDays(p.Rules.NoticeDays)) || c.s.today().Before(row.PaidOn) {
		v.Add("paid_on", "发放日期须在申请日公示"+strconv.Itoa(p.Rules.NoticeDays)+"天之后，且不晚于今天",
			"the day paid is after the application's notice of "+strconv.Itoa(p.Rules.NoticeDays)+" days, and not in the future")
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	if err := c.lockFor(ctx, lockCredential, textKey(gonghui.CredentialOf(in))); err != nil {
		return 0, err
	}
	var paid int
	if err := c.row(ctx, `SELECT count(*) FROM applications WHERE credential = ? AND state = 'approved'`,
		gonghui.CredentialOf(in)).Scan(&paid); err != nil || paid > 0 {
		return Unchanged, err
	}
	if w.checking() {
		// A check files nothing: it asks what filing and paying would refuse.
		if _, _, err := c.checkApplication(ctx, a, in); err != nil {
			return 0, err
		}
		_, err := c.assess(ctx, p, in, 0, false, true)
		return Inserted, err
	}
	id, err := c.fileApplication(ctx, a, 0, in)
	if err != nil {
		return 0, err
	}
	// The filing is dated as it was made: the notice ran from that day.
	if _, err := c.exec(ctx, `UPDATE application_steps SET at = ? WHERE application_id = ?`, dayNoon(in.AppliedOn), id); err != nil {
		return 0, err
	}
	if err := c.recordPaid(ctx, a, p, id, row.PaidOn); err != nil {
		return 0, err
	}
	return Inserted, w.saved(ctx)
}

func dayNoon(d gonghui.Date) int64 {
	y, m, day := d.Parts()
	return time.Date(y, m, day, 12, 0, 0, 0, gonghui.Shanghai).Unix()
}

// recordPaid approves a filed subsidy at the last level in one step on
// its final assessment and pays it on the day given.
func (c conn) recordPaid(ctx context.Context, a gonghui.Actor, p programmeRow, id int64, on gonghui.Date) error {
	app, err := c.getApplication(ctx, a, id)
	if err != nil {
		return err
	}
	filing, err := c.getOrg(ctx, a, "o.id = ?", app.Input.OrgID)
	if err != nil {
		return err
	}
	r, err := c.assess(ctx, p, app.Input, id, false, true)
	if err != nil {
		return err
	}
	if err := c.touchSubsidy(ctx, p, app.Input.OrgID, gonghui.AppApproved); err != nil {
		return err
	}
	if err := c.updateVersioned(ctx, "applications", `state = ?, step = ?, facts = ?, assessment = ?, amount_fen = ?, updated_at = ?`,
		[]any{gonghui.AppApproved, app.Levels, mustJSON(r.facts), mustJSON(r.assessment), r.assessment.AmountFen, c.s.nowUnix()}, id, app.Version); err != nil {
		return err
	}
	if err := c.addStep(ctx, a, id, gonghui.AppActApprove, app.Levels, "导入：已于"+on.String()+"发放", r); err != nil {
		return err
	}
	if err := c.payApplication(ctx, a, p, app, r.assessment.AmountFen, on); err != nil {
		return err
	}
	return c.audit(ctx, a, auditEntry{action: "application.approve", recordType: "application", recordID: id, orgPath: filing.Path,
		summary: mustJSON(map[string]any{"level": app.Levels, "amount_fen": r.assessment.AmountFen, "state": gonghui.AppApproved, "paid_on": on})})
}
