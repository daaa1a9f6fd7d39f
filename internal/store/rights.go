package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/idcard"
	"gonghui/uscc"
)

// Rights cases (维权案件) and their parties. A party's name, ID number and
// phone are sealed together at rest, bound to their row, with masked
// copies for lists; the ID number's blind index finds the worker in the
// member register, and a worker's hardship standing on the day a case is
// received is frozen with the party for the legal-aid test.

// sealedParty is what a row seals: a person's name, ID number and phone.
type sealedParty struct {
	Name     string `json:"n"`
	IDNumber string `json:"i,omitempty"`
	Phone    string `json:"p,omitempty"`
}

func partyBinding(caseID int64, pos int) []byte {
	return []byte("rights_parties.sealed\x00" + strconv.FormatInt(caseID, 10) + "\x00" + strconv.Itoa(pos))
}

func callerBinding(intakeID int64) []byte {
	return []byte("rights_intakes.caller_sealed\x00" + strconv.FormatInt(intakeID, 10))
}

// rightsPerson is a caller or party checked, indexed and matched.
type rightsPerson struct {
	gonghui.RightsPartyInput
	index    []byte // the ID number's blind index; nil without a number
	personID int64
	level    string // the hardship level in force on the day
}

func (p rightsPerson) masks() (name, id, phone string) {
	name, phone = gonghui.MaskName(p.Name), gonghui.MaskPhone(p.Phone)
	if p.IDNumber != "" {
		id = idcard.Mask(p.IDNumber)
	}
	return name, id, phone
}

func (s *Store) seal(p rightsPerson, bound []byte) []byte {
	return s.keys.Seal(mustJSON(sealedParty{Name: p.Name, IDNumber: p.IDNumber, Phone: p.Phone}), bound)
}

func (s *Store) unseal(sealed, bound []byte) (sealedParty, error) {
	var sp sealedParty
	plain, err := s.keys.Open(sealed, bound)
	if err != nil {
		return sp, err
	}
	return sp, json.Unmarshal([]byte(plain), &sp)
}

// preparePerson parses a person's ID number (when given) against today,
// indexes it and finds the person in the member register.
func (c conn) preparePerson(ctx context.Context, v *gonghui.ValidationError, field string, p gonghui.RightsPartyInput) (rightsPerson, error) {
	s := c.s
	rp := rightsPerson{RightsPartyInput: p}
	if p.IDNumber == "" {
		return rp, nil
	}
	y, m, d := s.today().Parts()
	id, err := idcard.ParseAt(p.IDNumber, idcard.Date{Year: y, Month: m, Day: d})
	var ie *idcard.Error
	switch {
	case errors.As(err, &ie):
		v.Add(field, ie.Zh, ie.En)
		return rp, nil
	case err != nil:
		v.Add(field, "公民身份号码无效", "invalid citizen ID number")
		return rp, nil
	}
	rp.IDNumber = id.Number
	rp.index = s.keys.Index(indexID, id.Number)
	var person *int64
	if err := c.row(ctx, `SELECT min(id) FROM persons WHERE id_index = ?`, rp.index).Scan(&person); err != nil {
		return rp, err
	}
	if person != nil {
		rp.personID = *person
	}
	return rp, nil
}

// hardshipOf finds the party's hardship approval in force on the day: of
// the file named, else of the file the register's person is in.
func (s *Store) hardshipOf(ctx context.Context, a gonghui.Actor, v *gonghui.ValidationError, field string, p *rightsPerson, on gonghui.Date) error {
	switch {
	case p.HardshipFileID != 0:
		st, err := s.HardshipStandingOn(ctx, a, p.HardshipFileID, on)
		if errors.Is(err, gonghui.ErrNotFound) {
			if _, err := s.conn().getHardshipFile(ctx, a, p.HardshipFileID); errors.Is(err, gonghui.ErrNotFound) {
				v.Add(field, "困难职工档案不存在或不在您的管辖范围内", "hardship file not found in your scope")
				return nil
			} else if err != nil {
				return err
			}
			return nil // on file, but not approved on the day
		}
		if err != nil {
			return err
		}
		p.level = st.Approval.Level
	case p.personID != 0:
		st, err := s.HardshipFileOf(ctx, a, p.personID, on)
		if errors.Is(err, gonghui.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		p.HardshipFileID, p.level = st.File.ID, st.Approval.Level
	}
	return nil
}

// prepareCase normalizes and validates a case on c (the form's before its
// transaction, an import's in it): its persons parsed, matched and their
// hardship read. Field errors are left in v.
func (c conn) prepareCase(ctx context.Context, a gonghui.Actor, v *gonghui.ValidationError, in *gonghui.RightsCaseInput) ([]rightsPerson, employerMatch, error) {
	s := c.s
	if s.keys == nil {
		return nil, employerMatch{}, errNoKeys
	}
	in.Normalize()
	// The register names an employer found by its USCC.
	m, err := c.matchEmployer(ctx, a, v, "employer_uscc", &in.EmployerName, &in.EmployerUSCC)
	if err != nil {
		return nil, m, err
	}
	in.Validate(v)
	people := make([]rightsPerson, len(in.Parties))
	for i, p := range in.Parties {
		field := "parties." + strconv.Itoa(i)
		rp, err := c.preparePerson(ctx, v, field+".id_number", p)
		if err != nil {
			return nil, m, err
		}
		if in.Kind == gonghui.CaseLegalAid && !in.ReceivedOn.IsZero() {
			if err := s.hardshipOf(ctx, a, v, field+".hardship_file_id", &rp, in.ReceivedOn); err != nil {
				return nil, m, err
			}
		}
		people[i] = rp
	}
	if !in.ReceivedOn.IsZero() && s.today().Before(in.ReceivedOn) {
		v.Add("received_on", "受理日期不能晚于今天", "the day received cannot be after today")
	}
	return people, m, nil
}

// employerMatch is the unit and employer-register entry an employer was
// matched to.
type employerMatch struct {
	unitID, employerID int64
}

// matchEmployer finds the employer in the actor's scope by USCC, else by
// its exact name: the covered unit and the register's entry. A USCC given
// must be valid; a name the register spells otherwise is kept as typed.
func (c conn) matchEmployer(ctx context.Context, a gonghui.Actor, v *gonghui.ValidationError, field string, name, code *string) (employerMatch, error) {
	var m employerMatch
	if *code != "" {
		parsed, err := uscc.Parse(*code)
		var ue *uscc.Error
		if errors.As(err, &ue) {
			v.Add(field, ue.Zh, ue.En)
			return m, nil
		} else if err != nil {
			return m, err
		}
		*code = parsed.Value
	}
	if *code == "" && *name == "" {
		return m, nil
	}
	scope, args := scopeClause("o.path", a)
	col, key := "uscc", *code
	if key == "" {
		col, key = "name", *name
	}
	for _, q := range []struct {
		table string
		id    *int64
	}{{"units", &m.unitID}, {"employers", &m.employerID}} {
		var foundName, foundCode string
		err := c.row(ctx, `SELECT r.id, r.name, r.uscc FROM `+q.table+` r JOIN orgs o ON o.id = r.org_id WHERE r.`+col+` = ? AND `+scope+` ORDER BY r.id LIMIT 1`,
			append([]any{key}, args...)...).Scan(q.id, &foundName, &foundCode)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return m, err
		}
		if *name == "" {
			*name = foundName
		}
		if *code == "" {
			*code = foundCode
		}
	}
	return m, nil
}

// RightsCaseNumber is a case's number: the year received and the case's
// sequence, one number however the case is handed on.
func RightsCaseNumber(received gonghui.Date, id int64) string {
	y, _, _ := received.Parts()
	return fmt.Sprintf("WQ%d-%06d", y, id)
}

const rightsCaseColumns = `k.id, k.org_id, o.name, k.kind, k.state, k.received_on, COALESCE(k.intake_id, 0), k.employer_name, k.employer_uscc,
	COALESCE(k.unit_id, 0), COALESCE(k.employer_id, 0), k.summary, k.known_on, k.job_ended_on, k.accepted_on, k.override_reason,
	k.outcome, k.outcome_on, k.outcome_reason, k.recovered_fen, k.version, o.path, COALESCE(o.region_code, ''),
	COALESCE(k.partner_id, 0), COALESCE(pp.name, ''), COALESCE(pp.party, ''), COALESCE(k.partner_user_id, 0), COALESCE(pu.display_name, ''),
	k.worker_count`

const rightsCaseFrom = ` FROM rights_cases k JOIN orgs o ON o.id = k.org_id LEFT JOIN rights_partners pp ON pp.id = k.partner_id
	LEFT JOIN users pu ON pu.id = k.partner_user_id`

// rightsCaseRow is a case as read, masked, with what reveals it.
type rightsCaseRow struct {
	gonghui.RightsCase
	path, region string
	sealed       [][]byte
}

// heldBy reports whether the case is with the partner.
func (r *rightsCaseRow) heldBy(partnerID int64) bool {
	return r.Partner != nil && r.Partner.ID == partnerID
}

func scanRightsCase(sc scanner) (*rightsCaseRow, error) {
	r := &rightsCaseRow{}
	k := &r.RightsCase
	var p gonghui.RightsCasePartner
	err := sc.Scan(&k.ID, &k.OrgID, &k.OrgName, &k.Kind, &k.State, &k.ReceivedOn, &k.IntakeID, &k.EmployerName, &k.EmployerUSCC,
		&k.UnitID, &k.EmployerID, &k.Summary, &k.KnownOn, &k.JobEndedOn, &k.AcceptedOn, &k.OverrideReason,
		&k.Outcome, &k.OutcomeOn, &k.OutcomeReason, &k.RecoveredFen, &k.Version, &r.path, &r.region,
		&p.ID, &p.Name, &p.Party, &p.UserID, &p.UserName, &k.WorkerCount)
	if p.ID != 0 {
		k.Partner = &p
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, gonghui.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	k.Number = RightsCaseNumber(k.ReceivedOn, k.ID)
	k.Parties, k.Claims, k.Letters, k.Callbacks = []gonghui.RightsParty{}, []gonghui.RightsClaim{}, []gonghui.RightsLetter{}, []gonghui.RightsCallback{}
	return r, nil
}

// rightsCases reads the cases matching where with their parties, claims,
// letters, callbacks, eligibility and clocks; p nil reads them all.
func (c conn) rightsCases(ctx context.Context, where, order string, args []any, p *gonghui.Page) ([]*rightsCaseRow, int, error) {
	var rows []*rightsCaseRow
	var total int
	var err error
	if p != nil {
		rows, total, err = listPage(ctx, c, rightsCaseColumns, rightsCaseFrom, " WHERE "+where, order, args, *p, scanRightsCase)
	} else {
		rows, err = listRows(ctx, c, rightsCaseColumns, rightsCaseFrom, " WHERE "+where, order, args, gonghui.Page{Limit: 1 << 30}, scanRightsCase)
		total = len(rows)
	}
	if err != nil || len(rows) == 0 {
		return rows, total, err
	}
	byID := map[int64]*rightsCaseRow{}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		byID[r.ID], ids[i] = r, r.ID
	}
	var caseID, personID, fileID int64
	var party gonghui.RightsParty
	var sealed []byte
	var migrant, rep int
	in, inArgs := inList("case_id", ids)
	if err := c.eachRow(ctx, `SELECT case_id, sealed, name_masked, id_masked, phone_masked, COALESCE(person_id, 0), migrant, representative,
		COALESCE(hardship_file_id, 0), hardship_level FROM rights_parties WHERE `+in+` ORDER BY case_id, position`, inArgs,
		[]any{&caseID, &sealed, &party.Name, &party.IDNumber, &party.Phone, &personID, &migrant, &rep, &fileID, &party.HardshipLevel}, func() {
			r := byID[caseID]
			party.PersonID, party.HardshipFileID, party.Migrant, party.Representative = personID, fileID, migrant == 1, rep == 1
			r.Parties = append(r.Parties, party)
			r.sealed = append(r.sealed, append([]byte(nil), sealed...))
		}); err != nil {
		return nil, 0, err
	}
	var claim gonghui.RightsClaim
	if err := c.eachRow(ctx, `SELECT case_id, kind, amount_fen, note FROM rights_claims WHERE `+in+` ORDER BY case_id, position`, inArgs,
		[]any{&caseID, &claim.Kind, &claim.AmountFen, &claim.Note}, func() { byID[caseID].Claims = append(byID[caseID].Claims, claim) }); err != nil {
		return nil, 0, err
	}
	var letter gonghui.RightsLetter
	if err := c.eachRow(ctx, `SELECT case_id, id, kind, sent_on, answered_on FROM rights_letters WHERE `+in+` ORDER BY case_id, id`, inArgs,
		[]any{&caseID, &letter.ID, &letter.Kind, &letter.SentOn, &letter.AnsweredOn}, func() { byID[caseID].Letters = append(byID[caseID].Letters, letter) }); err != nil {
		return nil, 0, err
	}
	if err := c.rightsCallbacks(ctx, byID, in, inArgs); err != nil {
		return nil, 0, err
	}
	cr, err := c.newClockRules(ctx)
	if err != nil {
		return nil, 0, err
	}
	for _, r := range rows {
		if r.Kind == gonghui.CaseLegalAid {
			e := gonghui.LegalAidEligibility(r.Parties, r.Claims)
			r.Eligibility = &e
		}
		rules, err := cr.of(ctx, r.region)
		if err != nil {
			return nil, 0, err
		}
		r.Deadlines = gonghui.CaseDeadlines(r.RightsCase, rules, cr.cal)
	}
	return rows, total, nil
}

func (c conn) getRightsCase(ctx context.Context, a gonghui.Actor, id int64) (*rightsCaseRow, error) {
	scope, args := caseScope(a)
	rows, _, err := c.rightsCases(ctx, "k.id = ? AND "+scope, "k.id", append([]any{id}, args...), nil)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, gonghui.ErrNotFound
	}
	return rows[0], nil
}

// reveal opens the parties' personal data; the caller checks the
// permission and audits first.
func (s *Store) revealCase(r *rightsCaseRow) (gonghui.RightsCase, error) {
	k := r.RightsCase
	k.Parties = append([]gonghui.RightsParty{}, k.Parties...)
	for i := range k.Parties {
		sp, err := s.unseal(r.sealed[i], partyBinding(k.ID, i))
		if err != nil {
			return k, err
		}
		k.Parties[i].Name, k.Parties[i].IDNumber, k.Parties[i].Phone = sp.Name, sp.IDNumber, sp.Phone
	}
	k.Revealed = true
	return k, nil
}

// GetRightsCase returns a case of the actor's subtree with its timeline,
// its parties masked; reveal shows their names, ID numbers and phones,
// which needs the reveal permission and is audited before it is returned.
func (s *Store) GetRightsCase(ctx context.Context, a gonghui.Actor, id int64, reveal bool) (gonghui.RightsCase, error) {
	c := s.conn()
	r, err := c.getRightsCase(ctx, a, id) // scope first: outside it, "not found"
	if err != nil {
		return gonghui.RightsCase{}, opErr(err, "get rights case %d", id)
	}
	k := r.RightsCase
	if reveal {
		if k, err = s.revealRightsCase(ctx, a, r, "view"); err != nil {
			return k, opErr(err, "get rights case %d", id)
		}
	}
	k.Timeline = []gonghui.RightsStep{}
	var st gonghui.RightsStep
	err = c.eachRow(ctx, `SELECT action, on_date, actor, note FROM rights_steps WHERE case_id = ? ORDER BY id`, []any{id},
		[]any{&st.Action, &st.On, &st.Actor, &st.Note}, func() { k.Timeline = append(k.Timeline, st) })
	if err == nil {
		k.Handoffs, err = c.rightsHandoffs(ctx, "h.case_id = ?", []any{id})
	}
	return k, opErr(err, "get rights case %d", id)
}

// revealRightsCase reveals a case read in scope, audited before it is
// opened: to view it (the reveal permission) or to edit it (the editor
// sees what they change).
func (s *Store) revealRightsCase(ctx context.Context, a gonghui.Actor, r *rightsCaseRow, purpose string) (gonghui.RightsCase, error) {
	need := revealPerm(a)
	if purpose == "edit" {
		need = gonghui.PermEditRights
	}
	if !a.Can(need) || a.IsPartner() && !r.heldBy(a.PartnerID) { // a hand-off still waiting is read masked
		return gonghui.RightsCase{}, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return gonghui.RightsCase{}, errNoKeys
	}
	if err := s.Audit(ctx, a, "rights.reveal", "rights_case", r.ID, r.path,
		`{"fields":["name","id_number","phone"],"for":"`+purpose+`"}`, gonghui.OutcomeSuccess); err != nil {
		return gonghui.RightsCase{}, err
	}
	return s.revealCase(r)
}

// RightsCaseEditInput is a case's input in full, for the edit form and
// PATCH, audited as a reveal.
func (s *Store) RightsCaseEditInput(ctx context.Context, a gonghui.Actor, id int64) (gonghui.RightsCaseInput, error) {
	r, err := s.conn().getRightsCase(ctx, a, id)
	if err != nil {
		return gonghui.RightsCaseInput{}, opErr(err, "edit rights case %d", id)
	}
	k, err := s.revealRightsCase(ctx, a, r, "edit")
	return k.ToInput(), opErr(err, "edit rights case %d", id)
}

// rightsSorts are the orders of the case list.
var rightsSorts = listSorts{"received": "k.received_on", "employer": "k.employer_name", "org": "o.name_initials, o.name", "kind": "k.kind"}

// ListRightsCases pages through the cases of the actor's subtree (or of
// f.OrgID's), their parties masked, open ones unless f.State says.
// Overdue keeps the cases with a clock past and unmet today: the clocks
// are computed, so that filter reads the open cases of the scope whole.
// AwaitingCallback keeps the closed ones awaiting a callback.
func (s *Store) ListRightsCases(ctx context.Context, a gonghui.Actor, f gonghui.RightsCaseFilter) ([]gonghui.RightsCase, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	scope, args := caseScope(a)
	if !a.IsPartner() {
		var err error
		if scope, args, err = c.subtreeScope(ctx, a, f.OrgID); err != nil {
			return nil, 0, opErr(err, "list rights cases")
		}
	}
	conds := []string{scope}
	add := func(cond string, vals ...any) { conds, args = append(conds, cond), append(args, vals...) }
	state := f.State
	switch {
	case f.AwaitingCallback:
		state = gonghui.CaseClosed
		add(`k.outcome_on >= ? AND NOT EXISTS (SELECT 1 FROM rights_callbacks b WHERE b.case_id = k.id AND b.reached = 1)`,
			s.today().AddDays(-gonghui.RightsCallbackDays))
	case state == "" || f.Overdue:
		state = gonghui.CaseOpen
	}
	add("k.state = ?", state)
	if f.Kind != "" {
		add("k.kind = ?", f.Kind)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		add(`k.employer_name LIKE ? ESCAPE '\'`, likePattern(q))
	}
	order, err := rightsSorts.order(f.Sort, "k.received_on DESC, k.id DESC", "k.id")
	if err != nil {
		return nil, 0, opErr(err, "list rights cases")
	}
	var rows []*rightsCaseRow
	total := 0
	if f.Overdue {
		all, _, err := c.rightsCases(ctx, strings.Join(conds, " AND "), order, args, nil)
		if err != nil {
			return nil, 0, opErr(err, "list rights cases")
		}
		today := s.today()
		for _, r := range all {
			if r.Overdue(today) {
				if total >= f.Offset && len(rows) < f.Limit {
					rows = append(rows, r)
				}
				total++
			}
		}
	} else if rows, total, err = c.rightsCases(ctx, strings.Join(conds, " AND "), order, args, &f.Page); err != nil {
		return nil, 0, opErr(err, "list rights cases")
	}
	out := make([]gonghui.RightsCase, len(rows))
	for i, r := range rows {
		out[i] = r.RightsCase
	}
	return out, total, nil
}

// RightsDue counts the open cases of the actor's scope with a clock past
// and unmet (overdue) and those with one running out within days.
func (s *Store) RightsDue(ctx context.Context, a gonghui.Actor, days int) (overdue, soon int, err error) {
	c := s.conn()
	scope, args := caseScope(a)
	rows, _, err := c.rightsCases(ctx, scope+" AND k.state = ?", "k.id", append(args, gonghui.CaseOpen), nil)
	if err != nil {
		return 0, 0, opErr(err, "rights cases due")
	}
	today := s.today()
	horizon := today.AddDays(days)
	for _, r := range rows {
		switch {
		case r.Overdue(today):
			overdue++
		default:
			for _, d := range r.Deadlines {
				if d.MetOn.IsZero() && !horizon.Before(d.Due) {
					soon++
					break
				}
			}
		}
	}
	return overdue, soon, nil
}

// CreateRightsCase opens a case.
func (s *Store) CreateRightsCase(ctx context.Context, a gonghui.Actor, in gonghui.RightsCaseInput) (gonghui.RightsCase, error) {
	k, err := s.saveRightsCase(ctx, a, 0, in)
	return k, opErr(err, "create rights case")
}

// UpdateRightsCase changes an open case, still at in.Version.
func (s *Store) UpdateRightsCase(ctx context.Context, a gonghui.Actor, id int64, in gonghui.RightsCaseInput) (gonghui.RightsCase, error) {
	k, err := s.saveRightsCase(ctx, a, id, in)
	return k, opErr(err, "update rights case %d", id)
}

// ValidateRightsCase reports every field error of an input without saving
// it.
func (s *Store) ValidateRightsCase(ctx context.Context, a gonghui.Actor, in gonghui.RightsCaseInput) error {
	v := &gonghui.ValidationError{}
	if _, _, err := s.conn().prepareCase(ctx, a, v, &in); err != nil {
		return err
	}
	if _, err := s.conn().activeOrgOf(ctx, a, v, in.OrgID); err != nil {
		return err
	}
	return v.Err()
}

func (s *Store) saveRightsCase(ctx context.Context, a gonghui.Actor, id int64, in gonghui.RightsCaseInput) (gonghui.RightsCase, error) {
	if !a.Can(gonghui.PermEditRights) {
		return gonghui.RightsCase{}, gonghui.ErrForbidden
	}
	v := &gonghui.ValidationError{}
	people, m, err := s.conn().prepareCase(ctx, a, v, &in)
	if err != nil {
		return gonghui.RightsCase{}, err
	}
	var out gonghui.RightsCase
	err = s.inTx(ctx, func(c conn) error {
		var before *rightsCaseRow
		if id != 0 {
			var err error
			if before, err = c.getRightsCase(ctx, a, id); err != nil {
				return err
			}
			if before.State == gonghui.CaseClosed {
				return gonghui.Invalid("state", "案件已结案，不能修改", "the case is closed and cannot be edited")
			}
		}
		org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		orgs := []int64{in.OrgID}
		if before != nil {
			orgs = append(orgs, before.OrgID)
		}
		if err := c.touchStats(ctx, famRights, orgs...); err != nil {
			return err
		}
		step := "open"
		if before != nil {
			step = "edit"
		}
		if id, err = c.writeRightsCase(ctx, a, before, in, people, m, 0); err != nil {
			return err
		}
		if err := c.addRightsStep(ctx, a, id, step, s.today(), ""); err != nil {
			return err
		}
		after, err := c.getRightsCase(ctx, a, id)
		if err != nil {
			return err
		}
		out = after.RightsCase
		action, prior := "rights.case.create", any(nil)
		if before != nil {
			action, prior = "rights.case.update", before.RightsCase
		}
		// The audit holds the masked case: the log is no way round the reveal.
		return c.audit(ctx, a, auditEntry{action: action, recordType: "rights_case", recordID: id, orgPath: org.Path, summary: changeSummary(prior, out)})
	})
	return out, err
}

// writeRightsCase inserts a checked case (before nil) or updates one at
// in.Version, with its parties sealed and its claims; the caller records
// the step.
func (c conn) writeRightsCase(ctx context.Context, a gonghui.Actor, before *rightsCaseRow, in gonghui.RightsCaseInput, people []rightsPerson, m employerMatch, intakeID int64) (int64, error) {
	now := c.s.nowUnix()
	args := []any{in.OrgID, in.Kind, in.ReceivedOn, in.EmployerName, in.EmployerUSCC, nullInt(m.unitID), nullInt(m.employerID), in.Summary, in.KnownOn, in.JobEndedOn, now}
	var id int64
	if before != nil {
		id = before.ID
		if err := c.updateVersioned(ctx, "rights_cases", `org_id = ?, kind = ?, received_on = ?, employer_name = ?, employer_uscc = ?, unit_id = ?,
			employer_id = ?, summary = ?, known_on = ?, job_ended_on = ?, updated_at = ?`, args, id, in.Version); err != nil {
			return 0, err
		}
		for _, table := range []string{"rights_parties", "rights_claims"} {
			if _, err := c.exec(ctx, `DELETE FROM `+table+` WHERE case_id = ?`, id); err != nil {
				return 0, err
			}
		}
	} else if err := c.row(ctx, `INSERT INTO rights_cases (org_id, kind, received_on, employer_name, employer_uscc, unit_id, employer_id, summary,
		known_on, job_ended_on, updated_at, state, intake_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		append(args, gonghui.CaseOpen, nullInt(intakeID), now)...).Scan(&id); err != nil {
		return 0, err
	}
	for i, p := range people {
		name, idm, phone := p.masks()
		if _, err := c.exec(ctx, `INSERT INTO rights_parties (case_id, position, sealed, name_masked, id_masked, phone_masked, id_index, person_id,
			migrant, representative, hardship_file_id, hardship_level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, i, c.s.seal(p, partyBinding(id, i)), name, idm, phone, p.index, nullInt(p.personID),
			boolInt(p.Migrant), boolInt(p.Representative), nullInt(p.HardshipFileID), p.level); err != nil {
			return 0, err
		}
	}
	for i, cl := range in.Claims {
		if _, err := c.exec(ctx, `INSERT INTO rights_claims (case_id, position, kind, amount_fen, note) VALUES (?, ?, ?, ?, ?)`,
			id, i, cl.Kind, cl.AmountFen, cl.Note); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func (c conn) addRightsStep(ctx context.Context, a gonghui.Actor, caseID int64, action string, on gonghui.Date, note string) error {
	_, err := c.exec(ctx, `INSERT INTO rights_steps (case_id, action, on_date, actor, note, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		caseID, action, on, a.Username, note, c.s.nowUnix())
	return err
}

// ActOnRightsCase takes a step on a case decided on st.Version: accepts or
// refuses it, grants aid by exception (with its reason, audited apart),
// sends or answers a supervision letter, records a step, or closes it with
// its outcome and the amounts recovered.
func (s *Store) ActOnRightsCase(ctx context.Context, a gonghui.Actor, id int64, st gonghui.RightsStepInput) (gonghui.RightsCase, error) {
	partnerNote := st.Action == gonghui.RightsActNote && a.Can(gonghui.PermActOwnCases)
	if !a.Can(gonghui.PermEditRights) && !partnerNote {
		return gonghui.RightsCase{}, gonghui.ErrForbidden
	}
	var out gonghui.RightsCase
	err := s.inTx(ctx, func(c conn) error {
		cur, err := c.getRightsCase(ctx, a, id)
		if err != nil {
			return err
		}
		if a.IsPartner() && !cur.heldBy(a.PartnerID) { // a hand-off still waiting is read, not worked
			return gonghui.ErrForbidden
		}
		v := &gonghui.ValidationError{}
		st.Validate(v, cur.RightsCase)
		today := s.today()
		if st.On.IsZero() {
			st.On = today
		} else if today.Before(st.On) {
			v.Add("on", "日期不能晚于今天", "the day cannot be after today")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if st.Version != cur.Version {
			return gonghui.StaleEdit()
		}
		if err := c.touchStats(ctx, famRights, cur.OrgID); err != nil {
			return err
		}
		set, args := "updated_at = ?", []any{s.nowUnix()}
		closeAs := func(outcome string, recovered int64) {
			set += ", state = ?, outcome = ?, outcome_on = ?, outcome_reason = ?, recovered_fen = ?"
			args = append(args, gonghui.CaseClosed, outcome, st.On, st.Note, recovered)
		}
		switch st.Action {
		case gonghui.RightsActAccept:
			set, args = set+", accepted_on = ?", append(args, st.On)
		case gonghui.RightsActRefuse:
			outcome := gonghui.OutcomeClosed
			if cur.Kind == gonghui.CaseLegalAid {
				outcome = gonghui.OutcomeAidRefused
			}
			closeAs(outcome, 0)
		case gonghui.RightsActOverride:
			set, args = set+", override_reason = ?", append(args, st.Note)
		case gonghui.RightsActLetter:
			if _, err := c.exec(ctx, `INSERT INTO rights_letters (case_id, kind, sent_on) VALUES (?, ?, ?)`, id, st.LetterKind, st.On); err != nil {
				return err
			}
		case gonghui.RightsActAnswer:
			if _, err := c.exec(ctx, `UPDATE rights_letters SET answered_on = ? WHERE id = ? AND case_id = ?`, st.On, st.LetterID, id); err != nil {
				return err
			}
		case gonghui.RightsActClose:
			closeAs(st.Outcome, st.RecoveredFen)
		}
		// Every step raises the version: a decision is made on the case as seen.
		if err := c.updateVersioned(ctx, "rights_cases", set, args, id, cur.Version); err != nil {
			return err
		}
		note := st.Note
		if st.Action == gonghui.RightsActLetter {
			note = strings.TrimSpace(gonghui.ChoiceName(gonghui.RightsLetterKinds, st.LetterKind).Zh + " " + note)
		}
		if err := c.addRightsStep(ctx, a, id, st.Action, st.On, note); err != nil {
			return err
		}
		after, err := c.getRightsCase(ctx, a, id)
		if err != nil {
			return err
		}
		out = after.RightsCase
		action := "rights.case." + st.Action
		if st.Action == gonghui.RightsActOverride {
			action = "rights.eligibility.override"
		}
		return c.audit(ctx, a, auditEntry{action: action, recordType: "rights_case", recordID: id, orgPath: cur.path,
			summary: mustJSON(map[string]any{"step": st, "eligibility": cur.Eligibility, "before": cur.Version})})
	})
	return out, opErr(err, "%s rights case %d", st.Action, id)
}
