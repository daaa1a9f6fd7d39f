package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"gonghui"
)

// Applications under the assistance programmes. Filing, refiling and
// every decision go permission → transaction → the recipient's lock →
// facts read on the application's date → assessment → write → step with
// its frozen facts → audit → reload; the final approval also takes the
// programme's period budget lock and pays through the ledger in the same
// transaction, with the application's own idempotency key.

// lockAssistanceSubject: one live application per recipient, programme
// and period, and the recipient's (and its household's) caps read after
// the last approval committed — whichever union files. Keys:
// recipientKey, householdKey.
var lockAssistanceSubject = newLockRule("assistance: one application per recipient, programme and period")

// lockProgrammeBudget: a programme's budget for a period is spent one
// approval at a time. Key: budgetKey.
var lockProgrammeBudget = newLockRule("assistance: a programme's budget per period")

func recipientKey(programmeID int64, period, kind string, id int64) int64 {
	return textKey("recipient\x00" + strconv.FormatInt(programmeID, 10) + "\x00" + period + "\x00" + kind + "\x00" + strconv.FormatInt(id, 10))
}

func householdKey(programmeID int64, period string, fileID int64) int64 {
	return recipientKey(programmeID, period, gonghui.RecipientHousehold, fileID)
}

func budgetKey(programmeID int64, period string) int64 {
	return textKey("budget\x00" + strconv.FormatInt(programmeID, 10) + "\x00" + period)
}

// subjectOf is the application's recipient, city-wide.
func subjectOf(p gonghui.Programme, in gonghui.ApplicationInput) (string, int64) {
	switch p.RecipientKind {
	case gonghui.RecipientHousehold:
		return p.RecipientKind, in.HouseholdFileID
	case gonghui.RecipientEnterprise:
		return p.RecipientKind, in.UnitID
	}
	return gonghui.RecipientPerson, in.PersonID
}

// sealedApplicationAccount binds a payee's sealed account to its
// application.
const sealedApplicationAccount = "applications.payee_account_sealed"

func applicationBinding(id int64) []byte {
	return []byte(sealedApplicationAccount + "\x00" + strconv.FormatInt(id, 10))
}

// liveStates are the states a duplicate is found among: a refused
// application blocks nothing.
const liveStates = `('filed', 'returned', 'approved')`

// assessed is an application's assessment at one moment.
type assessed struct {
	facts      gonghui.ApplicationFacts
	assessment gonghui.Assessment
	household  int64
}

// assess reads the facts of an application (id 0 while it is filed) and
// applies the programme's rules. It takes the recipient's locks before it
// reads what they guard, and the budget's when final.
func (c conn) assess(ctx context.Context, p programmeRow, in gonghui.ApplicationInput, id int64, overridden, final bool) (assessed, error) {
	var r assessed
	f := &r.facts
	f.AsOf = in.AppliedOn
	period := gonghui.ProgrammePeriod(p.PeriodKind, in.AppliedOn)
	kind, subject := subjectOf(p.Programme, in)
	if err := c.registerFacts(ctx, p, in, f); err != nil {
		return r, err
	}
	keys := []int64{recipientKey(p.ID, period, kind, subject)}
	if r.household = f.HardshipFileID; r.household != 0 {
		keys = append(keys, householdKey(p.ID, period, r.household))
	}
	if in.EventRef != "" {
		// The programmes paying one bill in turn read what the others paid.
		keys = append(keys, textKey("bill\x00"+kind+"\x00"+strconv.FormatInt(subject, 10)+"\x00"+in.EventRef))
	}
	if err := c.lockFor(ctx, lockAssistanceSubject, keys...); err != nil {
		return r, err
	}
	if final {
		if err := c.lockFor(ctx, lockProgrammeBudget, budgetKey(p.ID, period)); err != nil {
			return r, err
		}
	}
	approved := `SELECT COALESCE(SUM(amount_fen), 0) FROM applications WHERE programme_id = ? AND period = ? AND state = 'approved' AND id <> ?`
	if err := c.row(ctx, approved+` AND subject_kind = ? AND subject_id = ?`, p.ID, period, id, kind, subject).Scan(&f.PaidPersonFen); err != nil {
		return r, err
	}
	if r.household != 0 {
		if err := c.row(ctx, approved+` AND household_id = ?`, p.ID, period, id, r.household).Scan(&f.PaidHouseholdFen); err != nil {
			return r, err
		}
	}
	if err := c.row(ctx, approved, p.ID, period, id).Scan(&f.BudgetUsedFen); err != nil {
		return r, err
	}
	// The later application is the duplicate: one let through never
	// blocks the earlier one it duplicates.
	err := c.row(ctx, `SELECT COALESCE(MIN(id), 0) FROM applications WHERE programme_id = ? AND period = ? AND subject_kind = ? AND subject_id = ?
		AND (id < ? OR ? = 0) AND state IN `+liveStates, p.ID, period, kind, subject, id, id).Scan(&f.Duplicate)
	if err != nil {
		return r, err
	}
	if len(p.Rules.StackAfter) > 0 && in.EventRef != "" {
		args := []any{kind, subject, in.EventRef}
		for _, code := range p.Rules.StackAfter {
			args = append(args, code)
		}
		if err := c.row(ctx, `SELECT COALESCE(SUM(a.amount_fen), 0) FROM applications a JOIN programmes p ON p.id = a.programme_id
			WHERE a.subject_kind = ? AND a.subject_id = ? AND a.event_ref = ? AND a.state = 'approved' AND p.code IN (`+placeholders(len(p.Rules.StackAfter))+`)`,
			args...).Scan(&f.StackedFen); err != nil {
			return r, err
		}
	}
	if err := c.qualificationFacts(ctx, p, in, id, period, final, f); err != nil {
		return r, err
	}
	r.assessment, err = gonghui.Assess(p.Programme, in, *f, overridden)
	return r, err
}

// registerFacts reads what the register and the hardship files say of
// the recipient on the application's date.
func (c conn) registerFacts(ctx context.Context, p programmeRow, in gonghui.ApplicationInput, f *gonghui.ApplicationFacts) error {
	on := in.AppliedOn
	inForce := `ap.approved_on <= ? AND (ap.ended_on IS NULL OR ap.ended_on > ?)`
	switch p.RecipientKind {
	case gonghui.RecipientPerson:
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM memberships WHERE person_id = ? AND joined_on <= ? AND (left_on IS NULL OR left_on > ?)`,
			in.PersonID, on, on).Scan(&n); err != nil {
			return err
		}
		f.Member = n > 0
		err := c.row(ctx, `SELECT ap.file_id, ap.level FROM hardship_approvals ap
			JOIN hardship_approval_people pp ON pp.approval_id = ap.id JOIN persons pe ON pe.id_index = pp.id_index
			WHERE pe.id = ? AND `+inForce+` ORDER BY ap.approved_on DESC, ap.id DESC LIMIT 1`, in.PersonID, on, on).Scan(&f.HardshipFileID, &f.HardshipLevel)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if e := p.Rules.Eligibility.Enrolment; e != "" {
			if err := c.row(ctx, `SELECT count(*) FROM applications a JOIN programmes p ON p.id = a.programme_id
				WHERE p.code = ? AND a.subject_kind = 'person' AND a.subject_id = ? AND a.state = 'approved' AND substr(a.applied_on, 1, 4) = ?`,
				e, in.PersonID, on.String()[:4]).Scan(&n); err != nil {
				return err
			}
			f.Enrolled = n > 0
		}
	case gonghui.RecipientHousehold:
		f.HardshipFileID = in.HouseholdFileID
		err := c.row(ctx, `SELECT ap.level FROM hardship_approvals ap WHERE ap.file_id = ? AND `+inForce+` ORDER BY ap.approved_on DESC, ap.id DESC LIMIT 1`,
			in.HouseholdFileID, on, on).Scan(&f.HardshipLevel)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	return nil
}

// checkApplication checks what the input names before it is assessed:
// the programme serving the filing union, the union in the actor's scope,
// the recipient known.
func (c conn) checkApplication(ctx context.Context, a gonghui.Actor, in gonghui.ApplicationInput) (programmeRow, gonghui.Org, error) {
	v := &gonghui.ValidationError{}
	p, err := c.getProgramme(ctx, a, in.ProgrammeID)
	switch {
	case errors.Is(err, gonghui.ErrNotFound):
		return p, gonghui.Org{}, gonghui.Invalid("programme_id", "帮扶项目不存在或不面向本工会", "no such programme for your union")
	case err != nil:
		return p, gonghui.Org{}, err
	case !p.Active:
		v.Add("programme_id", "该项目已停止受理", "the programme takes no applications")
	}
	in.Validate(v, p.Programme)
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil {
		return p, org, err
	}
	if org.ID != 0 && !strings.HasPrefix(org.Path, p.path) {
		v.Add("programme_id", "该项目不面向申请工会", "the programme does not serve the filing union")
	}
	scope, sargs := scopeClause("o.path", a)
	for _, k := range []struct {
		field, q string
		id       int64
	}{
		{"person_id", `SELECT count(*) FROM persons WHERE id = ?`, in.PersonID},
		{"household_file_id", `SELECT count(*) FROM hardship_files h JOIN orgs o ON o.id = h.org_id WHERE h.id = ? AND ` + scope, in.HouseholdFileID},
		{"unit_id", `SELECT count(*) FROM units u JOIN orgs o ON o.id = u.org_id WHERE u.id = ? AND ` + scope, in.UnitID},
	} {
		if k.id == 0 {
			continue
		}
		var n int
		args := []any{k.id}
		if k.field != "person_id" {
			args = append(args, sargs...)
		}
		if err := c.row(ctx, k.q, args...).Scan(&n); err != nil {
			return p, org, err
		}
		if n == 0 {
			v.Add(k.field, "受助对象不存在或不在您的管辖范围内", "the recipient is not found in your scope")
		}
	}
	return p, org, v.Err()
}

// overrideOf checks an override's reason and right: only a duplicate
// needs one, only PermOverrideDuplicate gives one.
func overrideOf(a gonghui.Actor, reason string, duplicate int64) error {
	if reason == "" || duplicate == 0 {
		return nil
	}
	if !a.Can(gonghui.PermOverrideDuplicate) {
		return gonghui.Invalid("override_reason", "您无权放行重复申请", "you may not override a duplicate")
	}
	return nil
}

// FileApplication files an application: it is assessed on the facts of
// its date, refused when the rules refuse it (a duplicate among them,
// unless an actor with the right overrides it with a reason), and waits
// for its first approval.
func (s *Store) FileApplication(ctx context.Context, a gonghui.Actor, in gonghui.ApplicationInput) (gonghui.Application, error) {
	if !a.Can(gonghui.PermApplyAssistance) {
		return gonghui.Application{}, gonghui.ErrForbidden
	}
	in.Normalize()
	if in.Payee.Account != "" && s.keys == nil {
		return gonghui.Application{}, errNoKeys
	}
	var id int64
	err := s.inTx(ctx, func(c conn) error {
		var err error
		if id, err = c.fileApplication(ctx, a, 0, in); err != nil || in.RequestID == 0 {
			return err
		}
		return c.takeRequest(ctx, a, in.RequestID, in.PersonID, in.ProgrammeID, "", id, 0)
	})
	if err != nil {
		return gonghui.Application{}, opErr(err, "file application")
	}
	return s.GetApplication(ctx, a, id)
}

// fileApplication files (id 0) or refiles an application.
func (c conn) fileApplication(ctx context.Context, a gonghui.Actor, id int64, in gonghui.ApplicationInput) (int64, error) {
	p, org, err := c.checkApplication(ctx, a, in)
	if err != nil {
		return 0, err
	}
	r, err := c.assess(ctx, p, in, id, in.OverrideReason != "", false)
	if err == nil {
		err = overrideOf(a, in.OverrideReason, r.facts.AnyDuplicate())
	}
	if err != nil {
		return 0, err
	}
	overrideBy := ""
	if in.OverrideReason != "" && r.facts.AnyDuplicate() != 0 {
		overrideBy = a.Username
	} else {
		in.OverrideReason = ""
	}
	account := in.Payee.Account
	in.Payee.Account = ""
	kind, subject := subjectOf(p.Programme, in)
	now := c.s.nowUnix()
	period := gonghui.ProgrammePeriod(p.PeriodKind, in.AppliedOn)
	args := []any{in.OrgID, period, kind, subject, nullInt(r.household), in.EventRef, in.AppliedOn, gonghui.AppFiled, p.Rules.Approval.Levels,
		mustJSON(in), gonghui.MaskAccount(account), mustJSON(r.facts), mustJSON(r.assessment), r.assessment.AmountFen, overrideBy,
		in.OverrideReason, now}
	action := gonghui.AppActFile
	if id == 0 {
		err = c.row(ctx, `INSERT INTO applications (org_id, period, subject_kind, subject_id, household_id, event_ref, applied_on, state, levels,
			input, payee_account_masked, facts, assessment, amount_fen, override_by, override_reason, updated_at, programme_id, filed_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, append(args, p.ID, a.Username, now)...).Scan(&id)
	} else {
		action = gonghui.AppActRefile
		err = c.updateVersioned(ctx, "applications", `org_id = ?, period = ?, subject_kind = ?, subject_id = ?, household_id = ?, event_ref = ?,
			applied_on = ?, state = ?, levels = ?, input = ?, payee_account_masked = ?, facts = ?, assessment = ?, amount_fen = ?, override_by = ?,
			override_reason = ?, updated_at = ?, step = 0`, args, id, in.Version)
	}
	if err != nil {
		return 0, err
	}
	if account != "" {
		if _, err := c.exec(ctx, `UPDATE applications SET payee_account_sealed = ? WHERE id = ?`, c.s.keys.Seal(account, applicationBinding(id)), id); err != nil {
			return 0, err
		}
	}
	if err := c.setCredential(ctx, id, in); err != nil {
		return 0, err
	}
	if err := c.addStep(ctx, a, id, action, 0, in.Note, r); err != nil {
		return 0, err
	}
	if err := c.audit(ctx, a, auditEntry{action: "application." + action, recordType: "application", recordID: id, orgPath: org.Path,
		summary: mustJSON(map[string]any{"programme": p.Code, "period": period, "recipient": kind + ":" + strconv.FormatInt(subject, 10),
			"amount_fen": r.assessment.AmountFen})}); err != nil {
		return 0, err
	}
	if overrideBy != "" {
		return id, c.auditOverride(ctx, a, id, org.Path, r.facts.AnyDuplicate(), in.OverrideReason)
	}
	return id, nil
}

func (c conn) auditOverride(ctx context.Context, a gonghui.Actor, id int64, path string, duplicate int64, reason string) error {
	return c.audit(ctx, a, auditEntry{action: "application.override", recordType: "application", recordID: id, orgPath: path,
		summary: mustJSON(map[string]any{"duplicate_of": duplicate, "reason": reason})})
}

func (c conn) addStep(ctx context.Context, a gonghui.Actor, id int64, action string, level int, comment string, r assessed) error {
	_, err := c.exec(ctx, `INSERT INTO application_steps (application_id, action, level, actor, actor_org_id, comment, facts, assessment, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, action, level, a.Username, nullInt(a.OrgID), comment, mustJSON(r.facts), mustJSON(r.assessment), c.s.nowUnix())
	return err
}

// RefileApplication files a returned application again, changed by its
// filer: assessed anew, it waits for its first approval again.
func (s *Store) RefileApplication(ctx context.Context, a gonghui.Actor, id int64, in gonghui.ApplicationInput) (gonghui.Application, error) {
	if !a.Can(gonghui.PermApplyAssistance) {
		return gonghui.Application{}, gonghui.ErrForbidden
	}
	in.Normalize()
	err := s.inTx(ctx, func(c conn) error {
		cur, err := c.getApplication(ctx, a, id)
		if err != nil {
			return err
		}
		if cur.State != gonghui.AppReturned {
			return gonghui.Conflict("只有退回的申请可以重新提交", "only a returned application is filed again")
		}
		in.ProgrammeID = cur.ProgrammeID
		if in.Payee.Account == "" {
			if in.Payee.Account, err = c.payeeAccount(ctx, id); err != nil {
				return err
			}
		}
		_, err = c.fileApplication(ctx, a, id, in)
		return err
	})
	if err != nil {
		return gonghui.Application{}, opErr(err, "refile application %d", id)
	}
	return s.GetApplication(ctx, a, id)
}

func (c conn) payeeAccount(ctx context.Context, id int64) (string, error) {
	var sealed []byte
	if err := c.row(ctx, `SELECT payee_account_sealed FROM applications WHERE id = ?`, id).Scan(&sealed); err != nil || sealed == nil {
		return "", err
	}
	if c.s.keys == nil {
		return "", errNoKeys
	}
	return c.s.keys.Open(sealed, applicationBinding(id))
}

// DecideApplication takes the next step of an application: an approval
// at the level the chain is at (assessed again on the application's
// facts read now; the last one pays from the programme's fund), a return
// to the filer, or a refusal, each with its comment.
func (s *Store) DecideApplication(ctx context.Context, a gonghui.Actor, id int64, d gonghui.Decision) (gonghui.Application, error) {
	v := &gonghui.ValidationError{}
	d.Validate(v)
	if err := v.Err(); err != nil {
		return gonghui.Application{}, err
	}
	err := s.inTx(ctx, func(c conn) error { return c.decide(ctx, a, id, d) })
	if err != nil {
		return gonghui.Application{}, opErr(err, "decide application %d", id)
	}
	return s.GetApplication(ctx, a, id)
}

func (c conn) decide(ctx context.Context, a gonghui.Actor, id int64, d gonghui.Decision) error {
	app, err := c.getApplication(ctx, a, id)
	if err != nil {
		return err
	}
	p, err := c.getProgramme(ctx, a, app.ProgrammeID)
	if errors.Is(err, gonghui.ErrNotFound) {
		return gonghui.ErrForbidden // the programme is kept above the approver and serves it not
	}
	if err != nil {
		return err
	}
	if !a.Can(p.Rules.Approval.Permission) {
		return gonghui.ErrForbidden
	}
	if d.Version != 0 && d.Version != app.Version {
		return gonghui.StaleEdit()
	}
	if app.State != gonghui.AppFiled {
		return gonghui.Conflict("该申请不在待审批状态", "the application is not awaiting approval")
	}
	var filing gonghui.Org
	if filing, err = c.getOrg(ctx, a, "o.id = ?", app.Input.OrgID); err != nil {
		return err
	}
	level := app.Step + 1
	if !gonghui.ApproverFits(filing.Path, a.Path, level) {
		return gonghui.Invalid("action", "本申请待第"+strconv.Itoa(level)+"级审批，须由申请工会以上第"+strconv.Itoa(level)+"级（或更高）工会审批",
			"the application awaits approval at level "+strconv.Itoa(level)+": a union that many levels above the filing union (or higher) approves it")
	}
	for _, st := range app.Steps {
		if st.Action == gonghui.AppActApprove && st.Actor == a.Username && st.Level > 0 && app.Step >= st.Level {
			return gonghui.Invalid("action", "同一审批人不能审批两级", "one approver does not approve two levels")
		}
	}
	final := level >= app.Levels
	var r assessed
	state, step := app.State, app.Step
	switch d.Action {
	case gonghui.AppActReturn:
		state, step = gonghui.AppReturned, 0
		r.facts, r.assessment, r.household = app.Facts, app.Assessment, app.Facts.HardshipFileID
	case gonghui.AppActRefuse:
		state = gonghui.AppRefused
		r.facts, r.assessment, r.household = app.Facts, app.Assessment, app.Facts.HardshipFileID
	case gonghui.AppActApprove:
		if final && p.Rules.Amount.Kind != gonghui.AmountNone && !strings.HasPrefix(p.path, a.Path) {
			return gonghui.Invalid("action", "终审须由保管项目资金的工会（"+p.OrgName+"）或其上级作出", "the final approval is for the union keeping the programme's fund ("+p.OrgName+") or one above it")
		}
		overridden := app.OverrideBy != "" || d.OverrideReason != ""
		in := app.Input
		if r, err = c.assess(ctx, p, in, id, overridden, final); err != nil {
			return err
		}
		if err := overrideOf(a, d.OverrideReason, r.facts.AnyDuplicate()); err != nil {
			return err
		}
		if d.OverrideReason != "" && r.facts.AnyDuplicate() != 0 {
			if _, err := c.exec(ctx, `UPDATE applications SET override_by = ?, override_reason = ? WHERE id = ?`, a.Username, d.OverrideReason, id); err != nil {
				return err
			}
			if err := c.auditOverride(ctx, a, id, filing.Path, r.facts.AnyDuplicate(), d.OverrideReason); err != nil {
				return err
			}
		}
		step = level
		if final {
			state = gonghui.AppApproved
		}
	}
	if err := c.touchSubsidy(ctx, p, app.Input.OrgID, state); err != nil {
		return err
	}
	if err := c.updateVersioned(ctx, "applications", `state = ?, step = ?, facts = ?, assessment = ?, amount_fen = ?, household_id = ?, updated_at = ?`,
		[]any{state, step, mustJSON(r.facts), mustJSON(r.assessment), r.assessment.AmountFen, nullInt(r.household), c.s.nowUnix()}, id, app.Version); err != nil {
		return err
	}
	stepLevel := 0
	if d.Action == gonghui.AppActApprove {
		stepLevel = level
	}
	if err := c.addStep(ctx, a, id, d.Action, stepLevel, d.Comment, r); err != nil {
		return err
	}
	if state == gonghui.AppApproved && p.Rules.Amount.Kind != gonghui.AmountNone {
		if err := c.payApplication(ctx, a, p, app, r.assessment.AmountFen, c.s.today()); err != nil {
			return err
		}
	}
	return c.audit(ctx, a, auditEntry{action: "application." + d.Action, recordType: "application", recordID: id, orgPath: filing.Path,
		summary: mustJSON(map[string]any{"level": level, "comment": d.Comment, "amount_fen": r.assessment.AmountFen, "state": state})})
}

// payApplication pays an approved application from its programme's
// fund on the day given. The idempotency key is the application's, so
// however often an approval is retried, it pays once.
func (c conn) payApplication(ctx context.Context, a gonghui.Actor, p programmeRow, app gonghui.Application, amount int64, on gonghui.Date) error {
	account, err := c.payeeAccount(ctx, app.ID)
	if err != nil {
		return err
	}
	payee := app.Input.Payee
	payee.Account, payee.PersonID = account, app.Input.PersonID
	if payee.Name == "" {
		payee.Name = app.SubjectName
	}
	e, err := c.post(ctx, a, PaymentInput{FundID: p.FundID, Payee: payee, AmountFen: amount, Form: gonghui.FormOf(p.Programme, app.Input),
		RecipientKind: p.RecipientKind, Reference: gonghui.Reference{Kind: refApplication, ID: app.ID}, PostedOn: on,
		Memo: p.Name + " " + app.Period, IdempotencyKey: "application:" + strconv.FormatInt(app.ID, 10)}.entry())
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, `UPDATE applications SET entry_id = ? WHERE id = ?`, e.ID, app.ID)
	return err
}

// BatchOutcome is one application's answer in a batch decision.
type BatchOutcome struct {
	ID  int64 `json:"id"`
	Err error `json:"-"`
}

// DecideApplications takes the same decision on each application of a
// list, each on its own (its own checks, its own transaction): the
// outcomes say which passed and why the others did not.
func (s *Store) DecideApplications(ctx context.Context, a gonghui.Actor, ids []int64, d gonghui.Decision) []BatchOutcome {
	d.Version = 0 // a list is decided as it stands
	out := make([]BatchOutcome, len(ids))
	for i, id := range ids {
		_, err := s.DecideApplication(ctx, a, id, d)
		out[i] = BatchOutcome{ID: id, Err: err}
	}
	return out
}

const applicationColumns = `a.id, a.programme_id, p.code, p.name, o.name, a.period, a.state, a.step, a.levels, a.input, a.payee_account_masked,
	a.facts, a.assessment, a.override_by, COALESCE(a.entry_id, 0), a.filed_by, a.version,
	COALESCE(CASE a.subject_kind WHEN 'person' THEN (SELECT pe.name FROM persons pe WHERE pe.id = a.subject_id)
		WHEN 'household' THEN (SELECT h.head_name FROM hardship_files h WHERE h.id = a.subject_id)
		ELSE (SELECT u.name FROM units u WHERE u.id = a.subject_id) END, '')`

const applicationFrom = ` FROM applications a JOIN programmes p ON p.id = a.programme_id JOIN orgs o ON o.id = a.org_id`

func scanApplication(sc scanner) (gonghui.Application, error) {
	var app gonghui.Application
	var input, facts, assessment, masked string
	err := sc.Scan(&app.ID, &app.ProgrammeID, &app.ProgrammeCode, &app.ProgrammeName, &app.OrgName, &app.Period, &app.State, &app.Step, &app.Levels,
		&input, &masked, &facts, &assessment, &app.OverrideBy, &app.EntryID, &app.FiledBy, &app.Version, &app.SubjectName)
	if errors.Is(err, sql.ErrNoRows) {
		return app, gonghui.ErrNotFound
	}
	if err != nil {
		return app, err
	}
	for _, d := range []struct {
		s string
		v any
	}{{input, &app.Input}, {facts, &app.Facts}, {assessment, &app.Assessment}} {
		if err := json.Unmarshal([]byte(d.s), d.v); err != nil {
			return app, err
		}
	}
	app.Input.Payee.Account = masked
	app.Input.Version = app.Version
	return app, nil
}

// getApplication reads an application filed in the actor's subtree,
// with its steps.
func (c conn) getApplication(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Application, error) {
	scope, args := scopeClause("o.path", a)
	app, err := scanApplication(c.row(ctx, "SELECT "+applicationColumns+applicationFrom+" WHERE a.id = ? AND "+scope, append([]any{id}, args...)...))
	if err != nil {
		return app, err
	}
	var st gonghui.ApplicationStep
	var facts, assessment string
	var at int64
	err = c.eachRow(ctx, `SELECT s.action, s.level, s.actor, COALESCE(o.name, ''), s.comment, s.facts, s.assessment, s.at
		FROM application_steps s LEFT JOIN orgs o ON o.id = s.actor_org_id WHERE s.application_id = ? ORDER BY s.id`, []any{id},
		[]any{&st.Action, &st.Level, &st.Actor, &st.ActorOrg, &st.Comment, &facts, &assessment, &at}, func() {
			step := st
			_ = json.Unmarshal([]byte(facts), &step.Facts)
			_ = json.Unmarshal([]byte(assessment), &step.Assessment)
			step.At = time.Unix(at, 0).In(gonghui.Shanghai)
			app.Steps = append(app.Steps, step)
		})
	return app, err
}

// GetApplication returns an application filed in the actor's subtree,
// with its history (the payee's account masked).
func (s *Store) GetApplication(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Application, error) {
	app, err := s.conn().getApplication(ctx, a, id)
	return app, opErr(err, "get application %d", id)
}

// ListApplications pages through the applications filed in the actor's
// subtree, newest first; Awaiting keeps those whose next approval is for
// the actor's level.
func (s *Store) ListApplications(ctx context.Context, a gonghui.Actor, f gonghui.ApplicationFilter) ([]gonghui.Application, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	where, args, err := c.applicationWhere(ctx, a, f)
	if err != nil {
		return nil, 0, opErr(err, "list applications")
	}
	out, n, err := listPage(ctx, c, applicationColumns, applicationFrom, where, "a.id DESC", args, f.Page, scanApplication)
	return out, n, opErr(err, "list applications")
}

// depthOf is the SQL depth of a path column: its count of slashes.
func depthOf(col string) string {
	return "(length(" + col + ") - length(replace(" + col + ", '/', '')))"
}

func (c conn) applicationWhere(ctx context.Context, a gonghui.Actor, f gonghui.ApplicationFilter) (string, []any, error) {
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return "", nil, err
	}
	scope, args := scopeClause("o.path", sa)
	conds := []string{scope}
	add := func(cond string, v any) { conds, args = append(conds, cond), append(args, v) }
	if f.ProgrammeID != 0 {
		add("a.programme_id = ?", f.ProgrammeID)
	}
	if f.State != "" {
		add("a.state = ?", f.State)
	}
	if f.Period != "" {
		add("a.period = ?", f.Period)
	}
	if f.Awaiting {
		// An approval before the last waits for the union exactly that
		// many levels above the filing union; the last one for the
		// programme's keeper when it is in the actor's scope, at that
		// level or its own.
		lo, hi := gonghui.PathRange(a.Path)
		diff := depthOf("o.path") + " - " + strconv.Itoa(strings.Count(a.Path, "/"))
		conds = append(conds, "a.state = 'filed'", `(a.step + 1 < a.levels AND `+diff+` = a.step + 1
			OR a.step + 1 >= a.levels AND `+diff+` >= a.step + 1 AND EXISTS (SELECT 1 FROM orgs po WHERE po.id = p.org_id AND po.path >= ? AND po.path < ?
				AND (`+diff+` = a.step + 1 OR po.path = ?)))`)
		args = append(args, lo, hi, a.Path)
	}
	if len(f.IDs) > 0 {
		conds = append(conds, "a.id IN ("+placeholders(len(f.IDs))+")")
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// AwaitingApplications counts the applications whose next approval is for
// the actor's level: the approver's queue in the home inbox.
func (s *Store) AwaitingApplications(ctx context.Context, a gonghui.Actor) (int, error) {
	if !a.Can(gonghui.PermApproveAssistance) {
		return 0, nil
	}
	c := s.conn()
	where, args, err := c.applicationWhere(ctx, a, gonghui.ApplicationFilter{Awaiting: true})
	if err != nil {
		return 0, opErr(err, "count awaiting applications")
	}
	var n int
	err = c.row(ctx, "SELECT count(*)"+applicationFrom+where, args...).Scan(&n)
	return n, opErr(err, "count awaiting applications")
}
