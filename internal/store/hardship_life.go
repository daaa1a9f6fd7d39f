package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"gonghui"
)

// A hardship file's life: transitions recorded in hardship_history, each
// approval freezing the inputs in hardship_approvals, the allowance table
// and the public notice's length kept by the federation's administrator.

// allowanceFor is a district's monthly allowance in a year, 0 when none is
// set.
func (c conn) allowanceFor(ctx context.Context, district string, year int) (int64, error) {
	var fen int64
	err := c.row(ctx, `SELECT monthly_fen FROM hardship_allowances WHERE region_code = ? AND year = ?`, district, year).Scan(&fen)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return fen, err
}

// HardshipAllowances lists the allowance table, newest year first.
func (s *Store) HardshipAllowances(ctx context.Context) ([]gonghui.HardshipAllowance, error) {
	out := []gonghui.HardshipAllowance{}
	var al gonghui.HardshipAllowance
	err := s.conn().eachRow(ctx, `SELECT a.region_code, COALESCE(r.name, ''), a.year, a.monthly_fen, a.updated_by, a.version
		FROM hardship_allowances a LEFT JOIN regions r ON r.code = a.region_code ORDER BY a.year DESC, a.region_code`, nil,
		[]any{&al.RegionCode, &al.RegionName, &al.Year, &al.MonthlyFen, &al.UpdatedBy, &al.Version}, func() { out = append(out, al) })
	return out, opErr(err, "hardship allowances")
}

// SaveHardshipAllowance sets a district's allowance for a year; only the
// federation's administrator may. A changed allowance changes the level
// files show today, never an approval made with the old one.
func (s *Store) SaveHardshipAllowance(ctx context.Context, a gonghui.Actor, al gonghui.HardshipAllowance) (gonghui.HardshipAllowance, error) {
	root, err := s.requireRootAdmin(ctx, a)
	if err != nil {
		return al, opErr(err, "save hardship allowance")
	}
	err = s.inTx(ctx, func(c conn) (err error) {
		al, err = c.saveAllowance(ctx, a, root, al)
		return err
	})
	return al, opErr(err, "save hardship allowance")
}

// saveAllowance sets an allowance in the caller's transaction.
func (c conn) saveAllowance(ctx context.Context, a gonghui.Actor, root gonghui.Org, al gonghui.HardshipAllowance) (gonghui.HardshipAllowance, error) {
	v := &gonghui.ValidationError{}
	al.Validate(v)
	if err := c.checkRefs(ctx, v, al.RegionCode, "", nil); err != nil {
		return al, err
	}
	if err := v.Err(); err != nil {
		return al, err
	}
	var version int64
	err := c.row(ctx, `SELECT version FROM hardship_allowances WHERE region_code = ? AND year = ?`, al.RegionCode, al.Year).Scan(&version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = c.exec(ctx, `INSERT INTO hardship_allowances (region_code, year, monthly_fen, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)`,
			al.RegionCode, al.Year, al.MonthlyFen, a.Username, c.s.nowUnix())
	case err != nil:
	case al.Version != 0 && al.Version != version:
		err = gonghui.StaleEdit()
	default:
		_, err = c.exec(ctx, `UPDATE hardship_allowances SET monthly_fen = ?, updated_by = ?, updated_at = ?, version = version + 1 WHERE region_code = ? AND year = ?`,
			al.MonthlyFen, a.Username, c.s.nowUnix(), al.RegionCode, al.Year)
	}
	if err != nil {
		return al, err
	}
	al.UpdatedBy = a.Username
	return al, c.audit(ctx, a, auditEntry{action: "hardship.allowance", recordType: "settings", orgPath: root.Path, summary: mustJSON(al)})
}

// AllowanceWriter saves an imported allowance table (低保标准, per
// district and year) in batches; a row as on record is left alone.
type AllowanceWriter struct {
	batchTx
	a    gonghui.Actor
	root gonghui.Org
}

// NewAllowanceWriter starts writing allowances as the federation's
// administrator.
func (s *Store) NewAllowanceWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*AllowanceWriter, error) {
	root, err := s.requireRootAdmin(ctx, a)
	if err != nil {
		return nil, err
	}
	w := &AllowanceWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, root: root}
	return w, w.begin(ctx)
}

// Save stores one district's allowance for a year.
func (w *AllowanceWriter) Save(ctx context.Context, al gonghui.HardshipAllowance) (UpsertResult, error) {
	v := &gonghui.ValidationError{}
	al.Validate(v)
	if err := w.c.checkRefs(ctx, v, al.RegionCode, "", nil); err != nil {
		return 0, err
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	var fen int64
	result := Updated
	err := w.c.row(ctx, `SELECT monthly_fen FROM hardship_allowances WHERE region_code = ? AND year = ?`, al.RegionCode, al.Year).Scan(&fen)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		result = Inserted
	case err != nil:
		return 0, err
	case fen == al.MonthlyFen:
		return Unchanged, w.saved(ctx)
	}
	if w.checking() {
		return result, nil
	}
	if _, err := w.c.saveAllowance(ctx, w.a, w.root, al); err != nil {
		return 0, err
	}
	return result, w.saved(ctx)
}

const settingHardshipNoticeDays = "hardship_notice_days"

// HardshipNoticeDays is how many days a public notice lasts.
func (s *Store) HardshipNoticeDays(ctx context.Context) (int, error) {
	var v string
	err := s.conn().row(ctx, `SELECT value FROM settings WHERE key = ?`, settingHardshipNoticeDays).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return gonghui.DefaultHardshipNoticeDays, nil
	}
	if err != nil {
		return 0, opErr(err, "hardship notice days")
	}
	days, err := strconv.Atoi(v)
	return days, opErr(err, "hardship notice days")
}

// SaveHardshipNoticeDays sets the public notice's length; only the
// federation's administrator may.
func (s *Store) SaveHardshipNoticeDays(ctx context.Context, a gonghui.Actor, days int) error {
	root, err := s.requireRootAdmin(ctx, a)
	if err != nil {
		return opErr(err, "save hardship notice days")
	}
	if days < 1 || days > 60 {
		return gonghui.Invalid("notice_days", "公示天数应在1至60之间", "the public notice must last 1 to 60 days")
	}
	return opErr(s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM settings WHERE key = ?`, settingHardshipNoticeDays); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)`,
			settingHardshipNoticeDays, strconv.Itoa(days), a.Username, s.nowUnix()); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "settings.hardship_notice_days", recordType: "settings", orgPath: root.Path, summary: `{"days":` + strconv.Itoa(days) + `}`})
	}), "save hardship notice days")
}

// MoveHardshipFile applies an action to a file still at t.Version (0: as it
// is): the grassroots check, the home visit, the public notice, the
// approval or yearly review at the level above (which freezes the inputs),
// lifting out, relapse, return or closing. Every move is kept in the
// file's history.
func (s *Store) MoveHardshipFile(ctx context.Context, a gonghui.Actor, id int64, t gonghui.HardshipTransition) (gonghui.HardshipFile, error) {
	need := gonghui.PermEditHardship
	if gonghui.HardshipApproval(t.Action) {
		need = gonghui.PermApproveHardship
	}
	if !a.Can(need) {
		return gonghui.HardshipFile{}, gonghui.ErrForbidden
	}
	v := &gonghui.ValidationError{}
	t.Validate(v)
	if err := v.Err(); err != nil {
		return gonghui.HardshipFile{}, err
	}
	noticeDays, err := s.HardshipNoticeDays(ctx)
	if err != nil {
		return gonghui.HardshipFile{}, err
	}
	var out gonghui.HardshipFile
	err = s.inTx(ctx, func(c conn) (err error) {
		out, err = c.moveHardshipFile(ctx, a, id, t, noticeDays)
		return err
	})
	return out, opErr(err, "move hardship file %d", id)
}

// moveHardshipFile applies a checked action in the caller's transaction.
func (c conn) moveHardshipFile(ctx context.Context, a gonghui.Actor, id int64, t gonghui.HardshipTransition, noticeDays int) (gonghui.HardshipFile, error) {
	s := c.s
	var out gonghui.HardshipFile
	err := func() error {
		cur, err := c.getHardshipFile(ctx, a, id)
		if err != nil {
			return err
		}
		to, ok := gonghui.HardshipNext(cur.State, t.Action)
		if !ok {
			st, act := gonghui.ChoiceName(gonghui.HardshipStates, cur.State), gonghui.ChoiceName(gonghui.HardshipActions, t.Action)
			return gonghui.Invalid("action", "档案当前"+st.Zh+"，不能"+act.Zh, "the file is "+strings.ToLower(st.En)+": "+strings.ToLower(act.En)+" does not apply")
		}
		if t.Version == 0 {
			t.Version = cur.Version
		}
		on, err := c.moveDay(ctx, cur, t.On)
		if err != nil {
			return err
		}
		if err := c.touchStats(ctx, famHardship, cur.OrgID); err != nil {
			return err
		}
		set, args := "state = ?, updated_at = ?", []any{to, s.nowUnix()}
		switch t.Action {
		case gonghui.HardshipActNotice:
			set, args = set+", notice_until = ?", append(args, on.AddDays(noticeDays-1))
		case gonghui.HardshipActApprove, gonghui.HardshipActReview:
			if err := c.approveHardship(ctx, a, cur, t, on); err != nil {
				return err
			}
			y, m, d := on.Parts()
			set, args = set+", filing_kind = ?, review_due = ?, filed_on = COALESCE(filed_on, ?)", append(args, t.FilingKind, gonghui.NewDate(y+1, m, d), on)
		case gonghui.HardshipActLift, gonghui.HardshipActClose:
			if _, err := c.exec(ctx, `UPDATE hardship_approvals SET ended_on = ? WHERE file_id = ? AND ended_on IS NULL`, on, id); err != nil {
				return err
			}
		case gonghui.HardshipActVisit:
			if err := c.insertHardshipVisit(ctx, a, id, gonghui.HardshipVisit{VisitedOn: on, Kind: "home", Visitors: t.Visitors, Note: t.Note}); err != nil {
				return err
			}
		}
		if t.Action == gonghui.HardshipActClose {
			// A closed file frees its persons for another household's.
			if _, err := c.exec(ctx, `UPDATE hardship_people SET live_index = NULL WHERE file_id = ?`, id); err != nil {
				return err
			}
		}
		if err := c.updateVersioned(ctx, "hardship_files", set, args, id, t.Version); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO hardship_history (file_id, action, from_state, to_state, on_date, actor, actor_org, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, t.Action, cur.State, to, on, a.Username, nullID(a.OrgID), t.Note, s.nowUnix()); err != nil {
			return err
		}
		after, err := c.getHardshipFile(ctx, a, id)
		if err != nil {
			return err
		}
		out = after.mask()
		return c.audit(ctx, a, auditEntry{action: "hardship." + t.Action, recordType: "hardship_file", recordID: id, orgPath: cur.path,
			summary: mustJSON(map[string]any{"from": cur.State, "to": to, "on": on, "level": out.ApprovedLevel})})
	}()
	return out, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// moveDay is the day of a move: today when not given, never in the
// future, never before the file's last move.
func (c conn) moveDay(ctx context.Context, cur *hardshipRow, on gonghui.Date) (gonghui.Date, error) {
	today := c.s.today()
	if on.IsZero() {
		on = today
	}
	if today.Before(on) {
		return on, gonghui.Invalid("on", "日期不能晚于今天", "the date must not be after today")
	}
	last := cur.AppliedOn
	var prev *string
	if err := c.row(ctx, `SELECT max(on_date) FROM hardship_history WHERE file_id = ?`, cur.ID).Scan(&prev); err != nil {
		return on, err
	}
	if prev != nil {
		d, err := gonghui.ParseDate(*prev)
		if err != nil {
			return on, err
		}
		last = d
	}
	if on.Before(last) {
		return on, gonghui.Invalid("on", "日期不能早于上一步（"+last.String()+"）", "the date must not be before the previous step ("+last.String()+")")
	}
	return on, nil
}

// approveHardship checks an approval and freezes what it decides on: the
// approver's union strictly above the filing union, the public notice
// over, the district's allowance for the year, a level met.
func (c conn) approveHardship(ctx context.Context, a gonghui.Actor, cur *hardshipRow, t gonghui.HardshipTransition, on gonghui.Date) error {
	if a.Path == cur.path || !strings.HasPrefix(cur.path, a.Path) {
		return gonghui.Invalid("action", "须由建档工会的上级工会审批", "a union above the filing union approves")
	}
	v := &gonghui.ValidationError{}
	if t.Action == gonghui.HardshipActApprove && !cur.NoticeUntil.Before(on) {
		v.Add("on", "公示期至"+cur.NoticeUntil.String()+"，期满后方可审批", "the public notice lasts until "+cur.NoticeUntil.String()+": approve after it")
	}
	district := districtOf(cur.RegionCode)
	year, _, _ := on.Parts()
	allowance, err := c.allowanceFor(ctx, district, year)
	if err != nil {
		return err
	}
	in := cur.ToInput()
	means := in.Means(allowance)
	level := means.Level()
	switch {
	case allowance == 0:
		v.Add("region_code", "未设置"+district+"区"+strconv.Itoa(year)+"年的低保标准", "no minimum living allowance is set for district "+district+" in "+strconv.Itoa(year))
	case level == gonghui.HardshipNone:
		v.Add("level", "家庭收支不符合困难职工标准，不能建档", "the household's figures meet no hardship level: it cannot be filed")
	}
	if err := v.Err(); err != nil {
		return err
	}
	// The snapshot holds the ID numbers masked, as cur does: what was
	// decided, not a second copy of them (the persons' blind indexes are
	// kept beside it).
	in.Version = 0
	if _, err := c.exec(ctx, `UPDATE hardship_approvals SET ended_on = ? WHERE file_id = ? AND ended_on IS NULL`, on, cur.ID); err != nil {
		return err
	}
	var approval int64
	if err := c.row(ctx, `INSERT INTO hardship_approvals (file_id, approved_on, approver, approver_org, filing_kind, level, household_size,
		allowance_fen, allowance_region, allowance_year, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		cur.ID, on, a.Username, nullID(a.OrgID), t.FilingKind, level, means.Size, allowance,
		district, year, c.s.nowUnix()).Scan(&approval); err != nil {
		return err
	}
	if err := c.writeApprovalSensitive(ctx, approval, approvalSensitive{IncomeFen: means.IncomeFen, RigidFen: means.RigidFen, Snapshot: in}); err != nil {
		return err
	}
	for _, index := range cur.indexes {
		if _, err := c.exec(ctx, `INSERT INTO hardship_approval_people (approval_id, id_index) VALUES (?, ?)`, approval, index); err != nil {
			return err
		}
	}
	return nil
}

// AddHardshipVisit records a visit to the household: a review's, or a
// follow-up after lifting out.
func (s *Store) AddHardshipVisit(ctx context.Context, a gonghui.Actor, id int64, visit gonghui.HardshipVisit) error {
	if !a.Can(gonghui.PermEditHardship) {
		return gonghui.ErrForbidden
	}
	visit.Visitors, visit.Note = strings.TrimSpace(visit.Visitors), strings.TrimSpace(visit.Note)
	v := &gonghui.ValidationError{}
	if !gonghui.IsChoiceKey(gonghui.HardshipVisitKinds, visit.Kind) {
		v.Add("kind", "请选择走访类别", "choose the kind of visit")
	}
	switch {
	case visit.VisitedOn.IsZero():
		v.Add("visited_on", "请填写走访日期", "the date of the visit is required")
	case s.today().Before(visit.VisitedOn):
		v.Add("visited_on", "走访日期不能晚于今天", "the visit must not be after today")
	}
	if visit.Visitors == "" || len([]rune(visit.Visitors)) > 100 {
		v.Add("visitors", "请填写走访人（不超过100个字）", "name who visited (at most 100 characters)")
	}
	if visit.Note == "" || len([]rune(visit.Note)) > 1000 {
		v.Add("note", "请填写走访情况（不超过1000个字）", "describe the visit (at most 1000 characters)")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return opErr(s.inTx(ctx, func(c conn) error {
		cur, err := c.getHardshipFile(ctx, a, id)
		if err != nil {
			return err
		}
		if cur.State == gonghui.HardshipClosed {
			return gonghui.Invalid("state", "档案已注销", "the file is closed")
		}
		if err := c.insertHardshipVisit(ctx, a, id, visit); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "hardship.visit", recordType: "hardship_file", recordID: id, orgPath: cur.path,
			summary: mustJSON(map[string]any{"kind": visit.Kind, "visited_on": visit.VisitedOn})})
	}), "add hardship visit %d", id)
}

func (c conn) insertHardshipVisit(ctx context.Context, a gonghui.Actor, id int64, v gonghui.HardshipVisit) error {
	_, err := c.exec(ctx, `INSERT INTO hardship_visits (file_id, visited_on, kind, visitors, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, v.VisitedOn, v.Kind, v.Visitors, v.Note, a.Username, c.s.nowUnix())
	return err
}

// HardshipRecord is what a file's page shows beside the file: its history,
// approvals (their snapshots masked unless revealed) and visits.
type HardshipRecord struct {
	History   []gonghui.HardshipEvent          `json:"history"`
	Approvals []gonghui.HardshipApprovalRecord `json:"approvals"`
	Visits    []gonghui.HardshipVisit          `json:"visits"`
}

// HardshipRecordOf returns a file with its history, approvals and visits;
// reveal shows the file's and the approvals' figures (with the reveal
// permission, audited once before they are returned).
func (s *Store) HardshipRecordOf(ctx context.Context, a gonghui.Actor, id int64, reveal bool) (gonghui.HardshipFile, HardshipRecord, error) {
	c := s.conn()
	cur, err := c.getHardshipFile(ctx, a, id) // scope first
	if err != nil {
		return gonghui.HardshipFile{}, HardshipRecord{}, opErr(err, "hardship record %d", id)
	}
	file := cur.mask()
	if reveal {
		if file, err = s.revealOf(ctx, a, cur, "view"); err != nil {
			return gonghui.HardshipFile{}, HardshipRecord{}, opErr(err, "hardship record %d", id)
		}
	}
	rec, err := c.hardshipRecord(ctx, id, reveal)
	return file, rec, opErr(err, "hardship record %d", id)
}

func (c conn) hardshipRecord(ctx context.Context, id int64, reveal bool) (HardshipRecord, error) {
	rec := HardshipRecord{History: []gonghui.HardshipEvent{}, Visits: []gonghui.HardshipVisit{}}
	var e gonghui.HardshipEvent
	err := c.eachRow(ctx, `SELECT action, from_state, to_state, on_date, actor, note FROM hardship_history WHERE file_id = ? ORDER BY id`, []any{id},
		[]any{&e.Action, &e.FromState, &e.ToState, &e.On, &e.Actor, &e.Note}, func() { rec.History = append(rec.History, e) })
	if err != nil {
		return rec, err
	}
	var vi gonghui.HardshipVisit
	err = c.eachRow(ctx, `SELECT id, visited_on, kind, visitors, note FROM hardship_visits WHERE file_id = ? ORDER BY visited_on, id`, []any{id},
		[]any{&vi.ID, &vi.VisitedOn, &vi.Kind, &vi.Visitors, &vi.Note}, func() { rec.Visits = append(rec.Visits, vi) })
	if err != nil {
		return rec, err
	}
	rec.Approvals, err = c.hardshipApprovals(ctx, "ap.file_id = ?", []any{id}, reveal)
	return rec, err
}

func (c conn) hardshipApprovals(ctx context.Context, where string, args []any, reveal bool) ([]gonghui.HardshipApprovalRecord, error) {
	out := []gonghui.HardshipApprovalRecord{}
	var r gonghui.HardshipApprovalRecord
	var ended *string
	var sealed [][]byte
	var one []byte
	err := c.eachRow(ctx, `SELECT ap.id, ap.approved_on, ap.ended_on, ap.approver, COALESCE(ao.name, ''), ap.filing_kind, ap.level, ap.household_size,
		ap.allowance_fen, ap.allowance_region, ap.allowance_year, ap.sensitive
		FROM hardship_approvals ap LEFT JOIN orgs ao ON ao.id = ap.approver_org WHERE `+where+` ORDER BY ap.approved_on, ap.id`, args,
		[]any{&r.ID, &r.ApprovedOn, &ended, &r.Approver, &r.ApproverOrg, &r.FilingKind, &r.Level, &r.Means.Size,
			&r.Means.AllowanceFen, &r.AllowanceRegion, &r.AllowanceYear, &one}, func() {
			rec := r
			rec.EndedOn = gonghui.Date{}
			if ended != nil {
				rec.EndedOn, _ = gonghui.ParseDate(*ended)
			}
			out, sealed = append(out, rec), append(sealed, append([]byte(nil), one...))
		})
	if err != nil {
		return nil, err
	}
	for i := range out {
		var v approvalSensitive
		if err := c.s.openJSON(sealed[i], sealedHardshipApproval, out[i].ID, &v); err != nil {
			return nil, err
		}
		out[i].Snapshot = v.Snapshot
		if reveal {
			out[i].Means.IncomeFen, out[i].Means.RigidFen = v.IncomeFen, v.RigidFen
		} else {
			out[i].Snapshot = maskInput(v.Snapshot)
		}
	}
	return out, nil
}

// maskInput hides a snapshot's sensitive fields, as mask does a file's.
func maskInput(in gonghui.HardshipFileInput) gonghui.HardshipFileInput {
	r := hardshipRow{}
	r.CauseNote, r.Head.Health = in.CauseNote, in.Head.Health
	for _, m := range in.Members {
		r.Members = append(r.Members, gonghui.HardshipPerson{Health: m.Health})
	}
	r.Incomes, r.Expenses = in.Incomes, in.Expenses
	f := r.mask()
	in.CauseNote, in.Head.Health, in.Incomes, in.Expenses = f.CauseNote, f.Head.Health, f.Incomes, f.Expenses
	in.Members = append([]gonghui.HardshipPersonInput{}, in.Members...)
	for i := range in.Members {
		in.Members[i].Health = f.Members[i].Health
	}
	return in
}

// HardshipFileOf is the household file a person of the register was in on
// a day, as approved, with the approval in force then: what programmes pay
// by. Not on file that day (or outside the actor's scope): ErrNotFound.
func (s *Store) HardshipFileOf(ctx context.Context, a gonghui.Actor, personID int64, on gonghui.Date) (gonghui.HardshipStanding, error) {
	var index []byte
	err := s.conn().row(ctx, `SELECT id_index FROM persons WHERE id = ?`, personID).Scan(&index)
	if errors.Is(err, sql.ErrNoRows) {
		return gonghui.HardshipStanding{}, gonghui.ErrNotFound
	}
	if err != nil {
		return gonghui.HardshipStanding{}, opErr(err, "hardship file of person %d", personID)
	}
	st, err := s.standing(ctx, a, `EXISTS (SELECT 1 FROM hardship_approval_people pp WHERE pp.approval_id = ap.id AND pp.id_index = ?)`, []any{index}, on)
	return st, opErr(err, "hardship file of person %d", personID)
}

// HardshipStandingOn is a file's approval in force on a day.
func (s *Store) HardshipStandingOn(ctx context.Context, a gonghui.Actor, fileID int64, on gonghui.Date) (gonghui.HardshipStanding, error) {
	st, err := s.standing(ctx, a, `ap.file_id = ?`, []any{fileID}, on)
	return st, opErr(err, "hardship standing of file %d", fileID)
}

func (s *Store) standing(ctx context.Context, a gonghui.Actor, where string, args []any, on gonghui.Date) (gonghui.HardshipStanding, error) {
	c := s.conn()
	scope, sargs := scopeClause("o.path", a)
	aps, err := c.hardshipApprovals(ctx, where+` AND ap.approved_on <= ? AND (ap.ended_on IS NULL OR ap.ended_on > ?)
		AND EXISTS (SELECT 1 FROM hardship_files f JOIN orgs o ON o.id = f.org_id WHERE f.id = ap.file_id AND `+scope+`)`,
		append(append(args, on, on), sargs...), false)
	if err != nil {
		return gonghui.HardshipStanding{}, err
	}
	if len(aps) == 0 {
		return gonghui.HardshipStanding{}, gonghui.ErrNotFound
	}
	var fileID int64
	if err := c.row(ctx, `SELECT file_id FROM hardship_approvals WHERE id = ?`, aps[0].ID).Scan(&fileID); err != nil {
		return gonghui.HardshipStanding{}, err
	}
	f, err := c.getHardshipFile(ctx, a, fileID)
	if err != nil {
		return gonghui.HardshipStanding{}, err
	}
	return gonghui.HardshipStanding{File: f.mask(), Approval: aps[0]}, nil
}

// famHardship: households on file by approved level, and their persons,
// at the filing union.
var famHardship = registerStatFamily(statFamilyDef{name: "hardship", events: conn.hardshipEvents, recount: recountHardship})

// hardshipEvents: an approval counts from its day until the next approval,
// the lifting out or the closing.
func (c conn) hardshipEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, level, from string
	var until *string
	var n, persons int64
	return c.eachRow(ctx, `SELECT o.path, ap.level, ap.approved_on, ap.ended_on, count(*), sum(ap.household_size)
		FROM hardship_approvals ap JOIN hardship_files f ON f.id = ap.file_id JOIN orgs o ON o.id = f.org_id WHERE `+where+`
		GROUP BY o.path, ap.level, ap.approved_on, ap.ended_on`, args,
		[]any{&path, &level, &from, &until, &n, &persons}, func() {
			sink.span(path, "hardship_households", from, deref(until), n)
			sink.span(path, "hardship_households_"+level, from, deref(until), n)
			sink.span(path, "hardship_persons", from, deref(until), persons)
		})
}

func recountHardship(r *recount) {
	from := ` FROM hardship_approvals ap JOIN hardship_files f ON f.id = ap.file_id JOIN orgs o ON o.id = f.org_id WHERE ` + r.scope +
		` AND ap.approved_on <= ? AND (ap.ended_on IS NULL OR ap.ended_on > ?)`
	r.count("hardship_households", `SELECT count(*)`+from, r.on, r.on)
	for _, level := range []string{gonghui.HardshipDeep, gonghui.HardshipRelative, gonghui.HardshipAccident} {
		r.count("hardship_households_"+level, `SELECT count(*)`+from+` AND ap.level = ?`, r.on, r.on, level)
	}
	r.count("hardship_persons", `SELECT COALESCE(sum(ap.household_size), 0)`+from, r.on, r.on)
}
