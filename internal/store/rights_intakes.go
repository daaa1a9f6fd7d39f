package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"gonghui"
)

// Intakes (来电来访): every call, visit and referral a union takes, its
// caller matched to the member register and its employer to the unit and
// the employer register; a request to resolve (求决) opens its case in the
// same transaction.

const rightsIntakeColumns = `i.id, i.org_id, o.name, i.channel, i.kind, i.received_on, i.caller_sealed, i.caller_name, i.caller_id, i.caller_phone,
	COALESCE(i.person_id, 0), i.employer_name, i.employer_uscc, COALESCE(i.unit_id, 0), COALESCE(i.employer_id, 0), i.summary,
	COALESCE(i.case_id, 0), i.version, o.path`

const rightsIntakeFrom = ` FROM rights_intakes i JOIN orgs o ON o.id = i.org_id`

type rightsIntakeRow struct {
	gonghui.RightsIntake
	sealed []byte
	path   string
}

func scanRightsIntake(sc scanner) (*rightsIntakeRow, error) {
	r := &rightsIntakeRow{}
	i := &r.RightsIntake
	err := sc.Scan(&i.ID, &i.OrgID, &i.OrgName, &i.Channel, &i.Kind, &i.ReceivedOn, &r.sealed, &i.CallerName, &i.CallerIDNumber, &i.CallerPhone,
		&i.PersonID, &i.EmployerName, &i.EmployerUSCC, &i.UnitID, &i.EmployerID, &i.Summary, &i.CaseID, &i.Version, &r.path)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, gonghui.ErrNotFound
	}
	return r, err
}

// GetRightsIntake returns an intake of the actor's subtree, its caller
// masked; reveal needs the reveal permission and is audited first.
func (s *Store) GetRightsIntake(ctx context.Context, a gonghui.Actor, id int64, reveal bool) (gonghui.RightsIntake, error) {
	scope, args := scopeClause("o.path", a)
	r, err := scanRightsIntake(s.conn().row(ctx, "SELECT "+rightsIntakeColumns+rightsIntakeFrom+" WHERE i.id = ? AND "+scope, append([]any{id}, args...)...))
	if err != nil {
		return gonghui.RightsIntake{}, opErr(err, "get rights intake %d", id)
	}
	if !reveal || len(r.sealed) == 0 {
		return r.RightsIntake, nil
	}
	if !a.Can(gonghui.PermRevealMembers) {
		return gonghui.RightsIntake{}, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return gonghui.RightsIntake{}, errNoKeys
	}
	if err := s.Audit(ctx, a, "rights.intake.reveal", "rights_intake", id, r.path, `{"fields":["name","id_number","phone"]}`, gonghui.OutcomeSuccess); err != nil {
		return gonghui.RightsIntake{}, opErr(err, "get rights intake %d", id)
	}
	sp, err := s.unseal(r.sealed, callerBinding(id))
	if err != nil {
		return gonghui.RightsIntake{}, opErr(err, "get rights intake %d", id)
	}
	in := r.RightsIntake
	in.CallerName, in.CallerIDNumber, in.CallerPhone, in.Revealed = sp.Name, sp.IDNumber, sp.Phone, true
	return in, nil
}

// rightsIntakeSorts are the orders of the intake list.
var rightsIntakeSorts = listSorts{"received": "i.received_on", "employer": "i.employer_name", "kind": "i.kind", "channel": "i.channel"}

// ListRightsIntakes pages through the intakes of the actor's subtree (or
// of f.OrgID's), newest first, callers masked.
func (s *Store) ListRightsIntakes(ctx context.Context, a gonghui.Actor, f gonghui.RightsIntakeFilter) ([]gonghui.RightsIntake, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	scope, args, err := c.subtreeScope(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, opErr(err, "list rights intakes")
	}
	conds := []string{scope}
	add := func(cond string, vals ...any) { conds, args = append(conds, cond), append(args, vals...) }
	if f.Kind != "" {
		add("i.kind = ?", f.Kind)
	}
	if f.Channel != "" {
		add("i.channel = ?", f.Channel)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		add(`i.employer_name LIKE ? ESCAPE '\'`, likePattern(q))
	}
	order, err := rightsIntakeSorts.order(f.Sort, "i.received_on DESC, i.id DESC", "i.id")
	if err != nil {
		return nil, 0, opErr(err, "list rights intakes")
	}
	rows, total, err := listPage(ctx, c, rightsIntakeColumns, rightsIntakeFrom, " WHERE "+strings.Join(conds, " AND "), order, args, f.Page, scanRightsIntake)
	if err != nil {
		return nil, 0, opErr(err, "list rights intakes")
	}
	out := make([]gonghui.RightsIntake, len(rows))
	for i, r := range rows {
		out[i] = r.RightsIntake
	}
	return out, total, nil
}

// caseFields name an intake's fields for the errors of the case a request
// opens: its caller is the case's party, its case kind the case's kind.
var caseFields = map[string]string{"kind": "case_kind", "parties": "caller_name", "parties.0.name": "caller_name",
	"parties.0.id_number": "caller_id_number", "parties.0.phone": "caller_phone", "received_on": "received_on"}

// CreateRightsIntake takes down an intake; a request opens its case in the
// same transaction, its caller the case's first party.
func (s *Store) CreateRightsIntake(ctx context.Context, a gonghui.Actor, in gonghui.RightsIntakeInput) (gonghui.RightsIntake, error) {
	out, err := s.createRightsIntake(ctx, a, in, false)
	return out, opErr(err, "create rights intake")
}

// ValidateRightsIntake reports every field error of an intake (and of the
// case a request opens) without saving it.
func (s *Store) ValidateRightsIntake(ctx context.Context, a gonghui.Actor, in gonghui.RightsIntakeInput) error {
	_, err := s.createRightsIntake(ctx, a, in, true)
	return opErr(err, "validate rights intake")
}

func (s *Store) createRightsIntake(ctx context.Context, a gonghui.Actor, in gonghui.RightsIntakeInput, check bool) (gonghui.RightsIntake, error) {
	if !a.Can(gonghui.PermEditRights) {
		return gonghui.RightsIntake{}, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return gonghui.RightsIntake{}, errNoKeys
	}
	in.Normalize()
	v := &gonghui.ValidationError{}
	m, err := s.conn().matchEmployer(ctx, a, v, "employer_uscc", &in.EmployerName, &in.EmployerUSCC)
	if err != nil {
		return gonghui.RightsIntake{}, err
	}
	if in.RequestID != 0 {
		if err := s.conn().callerOfRequest(ctx, a, v, &in); err != nil {
			return gonghui.RightsIntake{}, err
		}
	}
	in.Validate(v)
	if s.today().Before(in.ReceivedOn) {
		v.Add("received_on", "受理日期不能晚于今天", "the day received cannot be after today")
	}
	caller, err := s.conn().preparePerson(ctx, v, "caller_id_number", gonghui.RightsPartyInput{Name: in.CallerName, IDNumber: in.CallerIDNumber, Phone: in.CallerPhone})
	if err != nil {
		return gonghui.RightsIntake{}, err
	}
	var cin gonghui.RightsCaseInput
	var people []rightsPerson
	if in.Kind == gonghui.IntakeRequest {
		cin = in.CaseInput()
		cv := &gonghui.ValidationError{}
		if people, _, err = s.conn().prepareCase(ctx, a, cv, &cin); err != nil {
			return gonghui.RightsIntake{}, err
		}
		for field, msg := range cv.Fields {
			if f, ok := caseFields[field]; ok {
				field = f
			} else if strings.HasPrefix(field, "parties.0.") {
				field = "caller_" + strings.TrimPrefix(field, "parties.0.")
			}
			if _, dup := v.Fields[field]; !dup {
				v.Add(field, msg.Zh, msg.En)
			}
		}
	}
	if check {
		if _, err := s.conn().activeOrgOf(ctx, a, v, in.OrgID); err != nil {
			return gonghui.RightsIntake{}, err
		}
		return gonghui.RightsIntake{}, v.Err()
	}
	var out gonghui.RightsIntake
	err = s.inTx(ctx, func(c conn) error {
		org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.touchStats(ctx, famRights, in.OrgID); err != nil {
			return err
		}
		id, err := c.insertRightsIntake(ctx, a, in, caller, m, "")
		if err != nil {
			return err
		}
		var caseID int64
		if in.Kind == gonghui.IntakeRequest {
			if caseID, err = c.writeRightsCase(ctx, a, nil, cin, people, m, id); err != nil {
				return err
			}
			if err := c.addRightsStep(ctx, a, caseID, "open", s.today(), ""); err != nil {
				return err
			}
		}
		if _, err := c.exec(ctx, `UPDATE rights_intakes SET case_id = ? WHERE id = ?`, nullInt(caseID), id); err != nil {
			return err
		}
		if in.RequestID != 0 {
			if err := c.takeRequest(ctx, a, in.RequestID, caller.personID, 0, in.CaseKind, 0, id); err != nil {
				return err
			}
		}
		r, err := scanRightsIntake(c.row(ctx, "SELECT "+rightsIntakeColumns+rightsIntakeFrom+" WHERE i.id = ?", id))
		if err != nil {
			return err
		}
		out = r.RightsIntake
		if caseID != 0 {
			k, err := c.getRightsCase(ctx, a, caseID)
			if err != nil {
				return err
			}
			if err := c.audit(ctx, a, auditEntry{action: "rights.case.create", recordType: "rights_case", recordID: caseID, orgPath: org.Path,
				summary: changeSummary(nil, k.RightsCase)}); err != nil {
				return err
			}
		}
		return c.audit(ctx, a, auditEntry{action: "rights.intake.create", recordType: "rights_intake", recordID: id, orgPath: org.Path, summary: changeSummary(nil, out)})
	})
	return out, err
}

// insertRightsIntake writes a checked intake, its caller sealed to the row
// and masked, under importKey ("" for one taken down in gonghui).
func (c conn) insertRightsIntake(ctx context.Context, a gonghui.Actor, in gonghui.RightsIntakeInput, caller rightsPerson, m employerMatch, importKey string) (int64, error) {
	name, idm, phone := caller.masks()
	var id int64
	if err := c.row(ctx, `INSERT INTO rights_intakes (org_id, channel, kind, received_on, caller_name, caller_id, caller_phone, id_index, person_id,
		employer_name, employer_uscc, unit_id, employer_id, summary, created_by, created_at, import_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		in.OrgID, in.Channel, in.Kind, in.ReceivedOn, name, idm, phone, caller.index, nullInt(caller.personID),
		in.EmployerName, in.EmployerUSCC, nullInt(m.unitID), nullInt(m.employerID), in.Summary, a.Username, c.s.nowUnix(), nullStr(importKey)).Scan(&id); err != nil {
		return 0, err
	}
	if caller.Name == "" && caller.IDNumber == "" && caller.Phone == "" {
		return id, nil
	}
	_, err := c.exec(ctx, `UPDATE rights_intakes SET caller_sealed = ? WHERE id = ?`, c.s.seal(caller, callerBinding(id)), id)
	return id, err
}

// RightsWarnings are the group-dispute warnings of the actor's scope on the
// day: employers with GroupDisputeIntakes intakes or more received in the
// GroupDisputeWindowDays ending on it. An employer is one unit, else one
// entry of the employer register, else one name as typed.
func (s *Store) RightsWarnings(ctx context.Context, a gonghui.Actor, on gonghui.Date) ([]gonghui.RightsWarning, error) {
	scope, args := scopeClause("o.path", a)
	type key struct {
		unit, employer int64
		name           string
	}
	byKey := map[key]*gonghui.RightsWarning{}
	var order []key
	var w gonghui.RightsWarning
	err := s.conn().eachRow(ctx, `SELECT COALESCE(i.unit_id, 0), COALESCE(i.employer_id, 0), i.employer_name, count(*), min(i.received_on), max(i.received_on)
		FROM rights_intakes i JOIN orgs o ON o.id = i.org_id WHERE `+scope+` AND i.received_on > ? AND i.received_on <= ? AND i.employer_name <> ''
		GROUP BY COALESCE(i.unit_id, 0), COALESCE(i.employer_id, 0), i.employer_name ORDER BY 1, 2, 3`,
		append(args, on.AddDays(-gonghui.GroupDisputeWindowDays), on),
		[]any{&w.UnitID, &w.EmployerID, &w.EmployerName, &w.Intakes, &w.FirstOn, &w.LastOn}, func() {
			k := key{unit: w.UnitID}
			switch {
			case w.UnitID != 0:
			case w.EmployerID != 0:
				k.employer = w.EmployerID
			default:
				k.name = w.EmployerName
			}
			cur, ok := byKey[k]
			if !ok {
				c := w
				byKey[k], order = &c, append(order, k)
				return
			}
			cur.Intakes += w.Intakes
			if w.FirstOn.Before(cur.FirstOn) {
				cur.FirstOn = w.FirstOn
			}
			if cur.LastOn.Before(w.LastOn) {
				cur.LastOn = w.LastOn
			}
			if cur.EmployerID == 0 {
				cur.EmployerID = w.EmployerID
			}
		})
	if err != nil {
		return nil, opErr(err, "rights warnings")
	}
	out := []gonghui.RightsWarning{}
	for _, k := range order {
		if w := byKey[k]; w.Intakes >= gonghui.GroupDisputeIntakes {
			out = append(out, *w)
		}
	}
	// The latest first: what is happening now.
	slices.SortStableFunc(out, func(x, y gonghui.RightsWarning) int { return strings.Compare(y.LastOn.String(), x.LastOn.String()) })
	return out, nil
}
