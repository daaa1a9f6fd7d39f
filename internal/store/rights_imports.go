package store

import (
	"context"
	"strconv"

	"gonghui"
)

// Rights casework imported from the districts' sheets: the hotline log
// and the case register. Each line is checked as the form checks it, its
// persons sealed and masked as the form's are, and imported once: a line
// already imported (by its key) is left alone.

// lockRightsImport: each imported line of a hotline log or a case register
// once. Key: textKey(the line's import key).
var lockRightsImport = newLockRule("rights: each imported intake and case once")

// rightsWriter is what the hotline log's and the case register's writers
// share: a union's rights keeper (never a partner) sealing the people of
// the lines it saves.
type rightsWriter struct {
	batchTx
	a gonghui.Actor
}

// newRightsWriter is a writer's shared part, or why the actor may not
// import.
func (s *Store) newRightsWriter(a gonghui.Actor, batchSize int) (rightsWriter, error) {
	if !a.Can(gonghui.PermEditRights) || a.IsPartner() {
		return rightsWriter{}, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return rightsWriter{}, errNoKeys
	}
	return rightsWriter{batchTx: batchTx{s: s, size: batchSize}, a: a}, nil
}

// RightsIntakeWriter saves the lines of a hotline log.
type RightsIntakeWriter struct{ rightsWriter }

// NewRightsIntakeWriter starts saving intakes as the actor.
func (s *Store) NewRightsIntakeWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*RightsIntakeWriter, error) {
	rw, err := s.newRightsWriter(a, batchSize)
	if err != nil {
		return nil, err
	}
	w := &RightsIntakeWriter{rw}
	return w, w.begin(ctx) // begun in place: the writer keeps its transaction
}

// Save stores one intake: a request on the log opens no case (the case
// register holds the cases).
func (w *RightsIntakeWriter) Save(ctx context.Context, r gonghui.RightsIntakeRow) (UpsertResult, error) {
	c, a := w.c, w.a
	r.Normalize()
	v := &gonghui.ValidationError{}
	m, err := c.matchEmployer(ctx, a, v, "employer_uscc", &r.EmployerName, &r.EmployerUSCC)
	if err != nil {
		return 0, err
	}
	r.Validate(v, c.s.today())
	caller, err := c.preparePerson(ctx, v, "caller_id_number", gonghui.RightsPartyInput{Name: r.CallerName, IDNumber: r.CallerIDNumber, Phone: r.CallerPhone})
	if err != nil {
		return 0, err
	}
	org, err := c.activeOrgOf(ctx, a, v, r.OrgID)
	if err != nil {
		return 0, err
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	key := importKey(r.OrgID, r.Key)
	if done, err := c.imported(ctx, "rights_intakes", key); err != nil || done {
		if err == nil {
			err = w.saved(ctx)
		}
		return Unchanged, err
	}
	if w.checking() {
		return Inserted, nil
	}
	if err := c.touchStats(ctx, famRights, r.OrgID); err != nil {
		return 0, err
	}
	id, err := c.insertRightsIntake(ctx, a, r.RightsIntakeInput, caller, m, key)
	if err != nil {
		return 0, err
	}
	out, err := scanRightsIntake(c.row(ctx, "SELECT "+rightsIntakeColumns+rightsIntakeFrom+" WHERE i.id = ?", id))
	if err != nil {
		return 0, err
	}
	if err := c.audit(ctx, a, auditEntry{action: "rights.intake.import", recordType: "rights_intake", recordID: id, orgPath: org.Path,
		summary: changeSummary(nil, out.RightsIntake)}); err != nil {
		return 0, err
	}
	return Inserted, w.saved(ctx)
}

// importKey is the key a line of the union is kept under.
func importKey(orgID int64, key string) string { return strconv.FormatInt(orgID, 10) + ":" + key }

// imported takes the line's lock and reports whether a line of that key
// is on record in table already.
func (c conn) imported(ctx context.Context, table, key string) (bool, error) {
	if err := c.lockFor(ctx, lockRightsImport, textKey(key)); err != nil {
		return false, err
	}
	var found *int64
	err := c.row(ctx, `SELECT min(id) FROM `+table+` WHERE import_key = ?`, key).Scan(&found)
	return found != nil, err
}

// RightsCaseWriter saves the lines of a case register.
type RightsCaseWriter struct{ rightsWriter }

// NewRightsCaseWriter starts saving cases as the actor.
func (s *Store) NewRightsCaseWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*RightsCaseWriter, error) {
	rw, err := s.newRightsWriter(a, batchSize)
	if err != nil {
		return nil, err
	}
	w := &RightsCaseWriter{rw}
	return w, w.begin(ctx) // begun in place: the writer keeps its transaction
}

// Save stores one case with the form's checks, then its history: the day
// it was accepted, and its outcome, on the timeline on their days.
func (w *RightsCaseWriter) Save(ctx context.Context, r gonghui.RightsCaseRow) (UpsertResult, error) {
	c, a, s := w.c, w.a, w.s
	r.Normalize()
	v := &gonghui.ValidationError{}
	people, m, err := c.prepareCase(ctx, a, v, &r.RightsCaseInput)
	if err != nil {
		return 0, err
	}
	r.ValidateHistory(v, s.today())
	org, err := c.activeOrgOf(ctx, a, v, r.OrgID)
	if err != nil {
		return 0, err
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	key := importKey(r.OrgID, r.Key)
	if done, err := c.imported(ctx, "rights_cases", key); err != nil || done {
		if err == nil {
			err = w.saved(ctx)
		}
		return Unchanged, err
	}
	if w.checking() {
		return Inserted, nil
	}
	if err := c.touchStats(ctx, famRights, r.OrgID); err != nil {
		return 0, err
	}
	id, err := c.writeRightsCase(ctx, a, nil, r.RightsCaseInput, people, m, 0)
	if err != nil {
		return 0, err
	}
	set, args := `import_key = ?, worker_count = ?, accepted_on = ?`, []any{key, r.WorkerCount, r.AcceptedOn}
	if r.Outcome != "" {
		set += `, state = ?, outcome = ?, outcome_on = ?, outcome_reason = ?, recovered_fen = ?`
		args = append(args, gonghui.CaseClosed, r.Outcome, r.OutcomeOn, r.OutcomeReason, r.RecoveredFen)
	}
	if _, err := c.exec(ctx, `UPDATE rights_cases SET `+set+` WHERE id = ?`, append(args, id)...); err != nil {
		return 0, err
	}
	for _, st := range []struct {
		action string
		on     gonghui.Date
		note   string
	}{{"open", r.ReceivedOn, "导入"}, {gonghui.RightsActAccept, r.AcceptedOn, ""}, {gonghui.RightsActClose, r.OutcomeOn, r.OutcomeReason}} {
		if !st.on.IsZero() {
			if err := c.addRightsStep(ctx, a, id, st.action, st.on, st.note); err != nil {
				return 0, err
			}
		}
	}
	out, err := c.getRightsCase(ctx, a, id)
	if err != nil {
		return 0, err
	}
	if err := c.audit(ctx, a, auditEntry{action: "rights.case.import", recordType: "rights_case", recordID: id, orgPath: org.Path,
		summary: changeSummary(nil, out.RightsCase)}); err != nil {
		return 0, err
	}
	return Inserted, w.saved(ctx)
}
