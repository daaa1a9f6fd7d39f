package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"gonghui"
)

// Affairs disclosure (厂务公开) and employee directors and supervisors
// (职工董事、职工监事) belong to one unit each; they are scoped by the union
// that covers the unit (units.org_id), so they follow the unit when it is
// handed to another union.

// checkUnitField finds a unit in the actor's scope for a write, as a field
// error on unit_id when it is missing or outside the scope.
func (c conn) checkUnitField(ctx context.Context, a gonghui.Actor, v *gonghui.ValidationError, id int64) (gonghui.Unit, string, error) {
	if id == 0 {
		v.Add("unit_id", "请选择单位", "choose the unit")
		return gonghui.Unit{}, "", nil
	}
	u, path, err := c.getUnit(ctx, a, id)
	if errors.Is(err, gonghui.ErrNotFound) {
		v.Add("unit_id", "单位不存在或不在您的管辖范围内", "unit not found in your scope")
		return u, "", nil
	}
	return u, path, err
}

const disclosureColumns = `d.id, d.unit_id, u.name, d.established_on, d.ended_on,
	(SELECT count(*) FROM disclosure_records r WHERE r.disclosure_id = d.id), o.path`

const disclosureFrom = ` FROM disclosures d JOIN units u ON u.id = d.unit_id JOIN orgs o ON o.id = u.org_id`

type disclosureRow struct {
	gonghui.Disclosure
	path string
}

func scanDisclosure(sc scanner) (disclosureRow, error) {
	var r disclosureRow
	d := &r.Disclosure
	err := sc.Scan(&d.ID, &d.UnitID, &d.UnitName, &d.EstablishedOn, &d.EndedOn, &d.Records, &r.path)
	if errors.Is(err, sql.ErrNoRows) {
		return r, gonghui.ErrNotFound
	}
	return r, err
}

func (c conn) getDisclosure(ctx context.Context, a gonghui.Actor, id int64) (disclosureRow, error) {
	scope, args := scopeClause("o.path", a)
	return scanDisclosure(c.row(ctx, "SELECT "+disclosureColumns+disclosureFrom+" WHERE d.id = ? AND "+scope, append([]any{id}, args...)...))
}

// GetDisclosure returns a disclosure system of a unit in the actor's subtree.
func (s *Store) GetDisclosure(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Disclosure, error) {
	r, err := s.conn().getDisclosure(ctx, a, id)
	return r.Disclosure, opErr(err, "get disclosure %d", id)
}

// DisclosureFilter selects disclosure systems.
type DisclosureFilter struct {
	OrgID  int64 // units covered by this org's subtree
	UnitID int64
	Active bool    // only those not ended
	IDs    []int64 // these systems only (a selection)
	Sort   string  // a key of disclosureSorts ("-": reversed); "" = newest first
	gonghui.Page
}

// disclosureSorts are the orders of the disclosure list.
var disclosureSorts = listSorts{
	"unit": "u.name_initials, u.name", "established": "d.established_on", "ended": "(d.ended_on IS NULL), d.ended_on",
	"records": "(SELECT count(*) FROM disclosure_records r WHERE r.disclosure_id = d.id)",
}

// ListDisclosures pages through the disclosure systems of the units in the
// actor's subtree, newest first.
func (s *Store) ListDisclosures(ctx context.Context, a gonghui.Actor, f DisclosureFilter) ([]gonghui.Disclosure, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	scope, args, err := c.subtreeScope(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, opErr(err, "list disclosures")
	}
	conds := []string{scope}
	if f.UnitID != 0 {
		conds = append(conds, "d.unit_id = ?")
		args = append(args, f.UnitID)
	}
	if f.Active {
		conds = append(conds, "d.ended_on IS NULL")
	}
	if len(f.IDs) > 0 {
		cond, a := inList("d.id", f.IDs)
		conds, args = append(conds, cond), append(args, a...)
	}
	order, err := disclosureSorts.order(f.Sort, "d.id DESC", "d.id")
	if err != nil {
		return nil, 0, err
	}
	return listPage(ctx, c, disclosureColumns, disclosureFrom, " WHERE "+strings.Join(conds, " AND "), order, args, f.Page,
		func(sc scanner) (gonghui.Disclosure, error) {
			r, err := scanDisclosure(sc)
			return r.Disclosure, err
		})
}

// EstablishDisclosure records that a unit set up its disclosure system on
// a date. A unit has at most one active system, and a new one cannot start
// before the previous one ended.
func (s *Store) EstablishDisclosure(ctx context.Context, a gonghui.Actor, unitID int64, on gonghui.Date) (gonghui.Disclosure, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.Disclosure{}, gonghui.ErrForbidden
	}
	var out gonghui.Disclosure
	err := s.inTx(ctx, func(c conn) error {
		v := &gonghui.ValidationError{}
		gonghui.CheckDisclosureStart(v, on, gonghui.DateOf(s.now()))
		u, path, err := c.checkUnitField(ctx, a, v, unitID)
		if err != nil {
			return err
		}
		if u.ID != 0 {
			if err := c.lockFor(ctx, lockDisclosure, u.ID); err != nil {
				return err
			}
			systems, err := c.unitDisclosures(ctx, a, u.ID)
			if err != nil {
				return err
			}
			disclosureClash(v, u.Name, systems.list, on, gonghui.Date{})
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.touchUnits(ctx, famCoverage, u.ID); err != nil {
			return err
		}
		var id int64
		if err := c.row(ctx, `INSERT INTO disclosures (unit_id, established_on, created_at) VALUES (?, ?, ?) RETURNING id`,
			u.ID, on, s.nowUnix()).Scan(&id); err != nil {
			return err
		}
		r, err := c.getDisclosure(ctx, a, id)
		out = r.Disclosure
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "disclosure.establish", recordType: "disclosure", recordID: id, orgPath: path, summary: changeSummary(nil, out)})
	})
	return out, opErr(err, "establish disclosure")
}

// disclosureSpan is one disclosure system of a unit, with the date of the
// last matter it made public.
type disclosureSpan struct {
	gonghui.Disclosure
	last gonghui.Date
}

// unitSystems is a unit in the actor's scope with its disclosure systems.
type unitSystems struct {
	name, path string
	list       []disclosureSpan
}

// unitDisclosures reads a unit in the actor's scope and its disclosure
// systems in one query; ErrNotFound outside the scope.
func (c conn) unitDisclosures(ctx context.Context, a gonghui.Actor, unitID int64) (unitSystems, error) {
	var us unitSystems
	scope, args := scopeClause("o.path", a)
	rows, err := c.query(ctx, `SELECT u.name, o.path, d.id, d.established_on, d.ended_on,
			(SELECT MAX(r.disclosed_on) FROM disclosure_records r WHERE r.disclosure_id = d.id)
		FROM units u JOIN orgs o ON o.id = u.org_id LEFT JOIN disclosures d ON d.unit_id = u.id
		WHERE u.id = ? AND `+scope+` ORDER BY d.established_on`, append([]any{unitID}, args...)...)
	if err != nil {
		return us, err
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var id sql.NullInt64
		var d disclosureSpan
		if err := rows.Scan(&us.name, &us.path, &id, &d.EstablishedOn, &d.EndedOn, &d.last); err != nil {
			return us, err
		}
		found = true
		if id.Valid {
			d.ID, d.UnitID, d.UnitName = id.Int64, unitID, us.name
			us.list = append(us.list, d)
		}
	}
	if err := rows.Err(); err != nil {
		return us, err
	}
	if !found {
		return us, gonghui.ErrNotFound
	}
	return us, nil
}

// withPlanned is a unit's systems as kept, with those a check's earlier
// rows would have written: a system of the same date of establishment
// takes their end, others join the list in its order.
func withPlanned(list, planned []disclosureSpan) []disclosureSpan {
	for _, p := range planned {
		i := slices.IndexFunc(list, func(d disclosureSpan) bool { return d.EstablishedOn == p.EstablishedOn })
		if i >= 0 {
			list[i].EndedOn = p.EndedOn
			continue
		}
		at := slices.IndexFunc(list, func(d disclosureSpan) bool { return p.EstablishedOn.Before(d.EstablishedOn) })
		if at < 0 {
			at = len(list)
		}
		list = slices.Insert(list, at, p)
	}
	return list
}

// disclosureClash refuses a system of the unit from on to end (zero: still
// in place) that overlaps one of its others: a unit has one system at a
// time, and a new one starts no earlier than the previous one ended.
func disclosureClash(v *gonghui.ValidationError, unitName string, others []disclosureSpan, on, end gonghui.Date) {
	var lastEnd gonghui.Date
	for _, o := range others {
		if !(end.IsZero() || o.EstablishedOn.Before(end)) || !(o.Active() || on.Before(o.EndedOn)) {
			continue // one ends before the other starts
		}
		switch {
		case o.Active() && end.IsZero():
			v.Add("unit_id", "单位“"+unitName+"”已建立厂务公开制度", "unit \""+unitName+"\" already has an active disclosure system")
		case end.IsZero():
			if lastEnd.Before(o.EndedOn) {
				lastEnd = o.EndedOn
			}
		default:
			v.Add("established_on", "与该单位"+o.EstablishedOn.String()+"建立的厂务公开制度期间重叠",
				"overlaps the unit's disclosure system established on "+o.EstablishedOn.String())
		}
	}
	if _, active := v.Fields["unit_id"]; !active && !lastEnd.IsZero() {
		v.Add("established_on", "建立日期不能早于上一次厂务公开制度的终止日期（"+lastEnd.String()+"）",
			"the date of establishment cannot precede the end of the previous system ("+lastEnd.String()+")")
	}
}

// EndDisclosure ends a unit's disclosure system on a date (today when
// zero), no earlier than its establishment or its last record.
func (s *Store) EndDisclosure(ctx context.Context, a gonghui.Actor, id int64, on gonghui.Date) (gonghui.Disclosure, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.Disclosure{}, gonghui.ErrForbidden
	}
	today := gonghui.DateOf(s.now())
	if on.IsZero() {
		on = today
	}
	var out gonghui.Disclosure
	err := s.inTx(ctx, func(c conn) error {
		cur, err := c.getDisclosure(ctx, a, id)
		if err != nil {
			return err
		}
		var last gonghui.Date
		if err := c.row(ctx, `SELECT MAX(disclosed_on) FROM disclosure_records WHERE disclosure_id = ?`, id).Scan(&last); err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		if !cur.Active() {
			v.Add("ended_on", "该厂务公开制度已终止", "the disclosure system has already ended")
		}
		gonghui.CheckDisclosureEnd(v, cur.EstablishedOn, on, last, today)
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.touchUnits(ctx, famCoverage, cur.UnitID); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE disclosures SET ended_on = ? WHERE id = ?`, on, id); err != nil {
			return err
		}
		r, err := c.getDisclosure(ctx, a, id)
		out = r.Disclosure
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "disclosure.end", recordType: "disclosure", recordID: id, orgPath: r.path, summary: changeSummary(cur.Disclosure, out)})
	})
	return out, opErr(err, "end disclosure %d", id)
}

// AddDisclosureRecord records a matter a unit made public under its
// disclosure system, on a date while the system was in place.
func (s *Store) AddDisclosureRecord(ctx context.Context, a gonghui.Actor, disclosureID int64, on gonghui.Date, topic string) (gonghui.DisclosureRecord, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.DisclosureRecord{}, gonghui.ErrForbidden
	}
	var out gonghui.DisclosureRecord
	err := s.inTx(ctx, func(c conn) error {
		d, err := c.getDisclosure(ctx, a, disclosureID)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		topic, err = gonghui.CheckDisclosureRecord(on, topic, gonghui.DateOf(s.now()))
		if err != nil && !errors.As(err, &v) {
			return err
		}
		switch {
		case on.IsZero():
		case on.Before(d.EstablishedOn):
			v.Add("disclosed_on", "公开日期不能早于厂务公开制度建立日期", "the disclosure cannot precede the system's establishment")
		case !d.Active() && d.EndedOn.Before(on):
			v.Add("disclosed_on", "公开日期不能晚于厂务公开制度终止日期", "the disclosure cannot follow the system's end")
		}
		if err := v.Err(); err != nil {
			return err
		}
		out = gonghui.DisclosureRecord{DisclosedOn: on, Topic: topic}
		if err := c.row(ctx, `INSERT INTO disclosure_records (disclosure_id, disclosed_on, topic, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			disclosureID, on, topic, s.nowUnix()).Scan(&out.ID); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "disclosure.record", recordType: "disclosure", recordID: disclosureID, orgPath: d.path, summary: mustJSON(out)})
	})
	return out, opErr(err, "add disclosure record")
}

// DisclosureRecords lists what a disclosure system made public, in date order.
func (s *Store) DisclosureRecords(ctx context.Context, a gonghui.Actor, disclosureID int64) ([]gonghui.DisclosureRecord, error) {
	c := s.conn()
	if _, err := c.getDisclosure(ctx, a, disclosureID); err != nil {
		return nil, opErr(err, "disclosure records")
	}
	rows, err := c.query(ctx, `SELECT id, disclosed_on, topic FROM disclosure_records WHERE disclosure_id = ? ORDER BY disclosed_on, id`, disclosureID)
	if err != nil {
		return nil, opErr(err, "disclosure records")
	}
	defer rows.Close()
	out := []gonghui.DisclosureRecord{}
	for rows.Next() {
		var r gonghui.DisclosureRecord
		if err := rows.Scan(&r.ID, &r.DisclosedOn, &r.Topic); err != nil {
			return nil, opErr(err, "disclosure records")
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ImportedDisclosure is a unit's disclosure system as an import file gives it.
type ImportedDisclosure struct {
	UnitID        int64
	EstablishedOn gonghui.Date
	EndedOn       gonghui.Date // zero: still in place
}

// DisclosureWriter saves imported disclosure systems in batches. A system
// is the same as one already kept when its unit and date of establishment
// agree: then its end is updated, or it is left alone.
type DisclosureWriter struct {
	batchTx
	a gonghui.Actor
	// planned holds, in a check, the systems earlier rows would have
	// written, by unit: what the unit's later rows would find.
	planned map[int64][]disclosureSpan
}

// NewDisclosureWriter starts writing disclosure systems as the actor.
func (s *Store) NewDisclosureWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*DisclosureWriter, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return nil, gonghui.ErrForbidden
	}
	w := &DisclosureWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, planned: map[int64][]disclosureSpan{}}
	return w, w.begin(ctx)
}

// Save stores one disclosure system, with the rules of establishing and
// ending one. An unchanged row costs one query and writes nothing.
func (w *DisclosureWriter) Save(ctx context.Context, d ImportedDisclosure) (UpsertResult, error) {
	c, a := w.c, w.a
	read := func() (unitSystems, *disclosureSpan, []disclosureSpan, error) {
		us, err := c.unitDisclosures(ctx, a, d.UnitID)
		if errors.Is(err, gonghui.ErrNotFound) {
			err = gonghui.Invalid("unit_id", "单位不存在或不在您的管辖范围内", "unit not found in your scope")
		}
		us.list = withPlanned(us.list, w.planned[d.UnitID])
		var self *disclosureSpan
		var others []disclosureSpan
		for i, sp := range us.list {
			if sp.EstablishedOn == d.EstablishedOn {
				self = &us.list[i]
			} else {
				others = append(others, sp)
			}
		}
		return us, self, others, err
	}
	us, self, _, err := read()
	if err != nil {
		return 0, err
	}
	if self != nil && self.EndedOn == d.EndedOn {
		return Unchanged, w.saved(ctx)
	}
	// Checked again under the unit's lock, as EstablishDisclosure does;
	// the answer "unchanged" above writes nothing and needs no lock.
	if err := c.lockFor(ctx, lockDisclosure, d.UnitID); err != nil {
		return 0, err
	}
	us, self, others, err := read()
	if err != nil {
		return 0, err
	}
	today := gonghui.DateOf(w.s.now())
	v := &gonghui.ValidationError{}
	gonghui.CheckDisclosureStart(v, d.EstablishedOn, today)
	var before *gonghui.Disclosure
	last := gonghui.Date{}
	if self != nil {
		before, last = &self.Disclosure, self.last
	}
	if !d.EndedOn.IsZero() {
		gonghui.CheckDisclosureEnd(v, d.EstablishedOn, d.EndedOn, last, today)
	}
	disclosureClash(v, us.name, others, d.EstablishedOn, d.EndedOn)
	if err := v.Err(); err != nil {
		return 0, err
	}
	after := gonghui.Disclosure{UnitID: d.UnitID, UnitName: us.name, EstablishedOn: d.EstablishedOn, EndedOn: d.EndedOn}
	if w.checking() {
		w.planned[d.UnitID] = withPlanned(w.planned[d.UnitID], []disclosureSpan{{Disclosure: after}})
		if self != nil {
			return Updated, nil
		}
		return Inserted, nil
	}
	if err := c.touchUnits(ctx, famCoverage, d.UnitID); err != nil {
		return 0, err
	}
	action, result := "disclosure.establish", Inserted
	var prior any // nil: a new system
	if before != nil {
		after.ID, after.Records = before.ID, before.Records
		prior, action, result = *before, "disclosure.end", Updated
		_, err = c.exec(ctx, `UPDATE disclosures SET ended_on = ? WHERE id = ?`, d.EndedOn, before.ID)
	} else {
		err = c.row(ctx, `INSERT INTO disclosures (unit_id, established_on, ended_on, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			d.UnitID, d.EstablishedOn, d.EndedOn, w.s.nowUnix()).Scan(&after.ID)
	}
	if err != nil {
		return 0, err
	}
	if err := c.audit(ctx, a, auditEntry{action: action, recordType: "disclosure", recordID: after.ID, orgPath: us.path, summary: changeSummary(prior, after)}); err != nil {
		return 0, err
	}
	return result, w.saved(ctx)
}

const directorColumns = `e.id, e.unit_id, u.name, e.role, e.name, e.since, e.until_on, o.path`

const directorFrom = ` FROM employee_directors e JOIN units u ON u.id = e.unit_id JOIN orgs o ON o.id = u.org_id`

type directorRow struct {
	gonghui.Director
	path string
}

func scanDirector(sc scanner) (directorRow, error) {
	var r directorRow
	d := &r.Director
	err := sc.Scan(&d.ID, &d.UnitID, &d.UnitName, &d.Role, &d.Name, &d.Since, &d.Until, &r.path)
	if errors.Is(err, sql.ErrNoRows) {
		return r, gonghui.ErrNotFound
	}
	return r, err
}

func (c conn) getDirector(ctx context.Context, a gonghui.Actor, id int64) (directorRow, error) {
	scope, args := scopeClause("o.path", a)
	return scanDirector(c.row(ctx, "SELECT "+directorColumns+directorFrom+" WHERE e.id = ? AND "+scope, append([]any{id}, args...)...))
}

// GetDirector returns an employee director or supervisor of a unit in the
// actor's subtree.
func (s *Store) GetDirector(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Director, error) {
	r, err := s.conn().getDirector(ctx, a, id)
	return r.Director, opErr(err, "get director %d", id)
}

// DirectorFilter selects employee directors and supervisors.
type DirectorFilter struct {
	OrgID   int64 // units covered by this org's subtree
	UnitID  int64
	Role    gonghui.DirectorRole
	Current bool // only those in office today
	gonghui.Page
}

// ListDirectors pages through the employee directors and supervisors of the
// units in the actor's subtree, newest first.
func (s *Store) ListDirectors(ctx context.Context, a gonghui.Actor, f DirectorFilter) ([]gonghui.Director, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	scope, args, err := c.subtreeScope(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, opErr(err, "list directors")
	}
	conds := []string{scope}
	if f.UnitID != 0 {
		conds = append(conds, "e.unit_id = ?")
		args = append(args, f.UnitID)
	}
	if f.Role != "" {
		conds = append(conds, "e.role = ?")
		args = append(args, f.Role)
	}
	if f.Current {
		today := gonghui.DateOf(s.now())
		conds = append(conds, "e.since <= ? AND (e.until_on IS NULL OR e.until_on >= ?)")
		args = append(args, today, today)
	}
	return listPage(ctx, c, directorColumns, directorFrom, " WHERE "+strings.Join(conds, " AND "), "e.id DESC", args, f.Page,
		func(sc scanner) (gonghui.Director, error) {
			r, err := scanDirector(sc)
			return r.Director, err
		})
}

// AddDirector records an employee director or supervisor of a unit in the
// actor's subtree. The same person cannot hold the same seat of the same
// unit twice over overlapping terms.
func (s *Store) AddDirector(ctx context.Context, a gonghui.Actor, in gonghui.DirectorInput) (gonghui.Director, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.Director{}, gonghui.ErrForbidden
	}
	var out gonghui.Director
	err := s.inTx(ctx, func(c conn) error {
		v := &gonghui.ValidationError{}
		in.Validate(v)
		var u gonghui.Unit
		var path string
		var err error
		if in.UnitID != 0 {
			if u, path, err = c.checkUnitField(ctx, a, v, in.UnitID); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.lockFor(ctx, lockDirectorSeat, u.ID); err != nil {
			return err
		}
		if err := c.directorClash(ctx, in, 0); err != nil {
			return err
		}
		if err := c.touchUnits(ctx, famCoverage, u.ID); err != nil {
			return err
		}
		var id int64
		if err := c.row(ctx, `INSERT INTO employee_directors (unit_id, role, name, since, until_on, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			u.ID, in.Role, in.Name, in.Since, in.Until, s.nowUnix()).Scan(&id); err != nil {
			return err
		}
		r, err := c.getDirector(ctx, a, id)
		out = r.Director
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "director.add", recordType: "director", recordID: id, orgPath: path, summary: changeSummary(nil, out)})
	})
	return out, opErr(err, "add director")
}

// directorClash refuses a term of a seat that overlaps another term of
// the same person in the same seat of the unit (except: that term's own
// id, when it is being changed). The caller holds lockDirectorSeat.
func (c conn) directorClash(ctx context.Context, in gonghui.DirectorInput, except int64) error {
	// Terms overlap when each starts before the other ends.
	q := `SELECT count(*) FROM employee_directors WHERE unit_id = ? AND role = ? AND name = ? AND id <> ? AND (until_on IS NULL OR until_on >= ?)`
	args := []any{in.UnitID, in.Role, in.Name, except, in.Since}
	if !in.Until.IsZero() {
		q += ` AND since <= ?`
		args = append(args, in.Until)
	}
	var n int
	if err := c.row(ctx, q, args...).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return directorOverlap(in.Role)
	}
	return nil
}

// directorOverlap refuses a term that overlaps one of the same person in
// the same seat.
func directorOverlap(role gonghui.DirectorRole) error {
	name := gonghui.ChoiceName(gonghui.DirectorRoles, string(role))
	return gonghui.Invalid("name", "该人员在此期间已登记为本单位的"+name.Zh,
		"this person is already recorded as the unit's "+strings.ToLower(name.En)+" over an overlapping term")
}

// EndDirector records that a director or supervisor left office on a date
// (today when zero): after the start of office and not in the future. A
// term end set in advance may be brought forward this way.
func (s *Store) EndDirector(ctx context.Context, a gonghui.Actor, id int64, until gonghui.Date) (gonghui.Director, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.Director{}, gonghui.ErrForbidden
	}
	today := gonghui.DateOf(s.now())
	if until.IsZero() {
		until = today
	}
	var out gonghui.Director
	err := s.inTx(ctx, func(c conn) error {
		cur, err := c.getDirector(ctx, a, id)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		switch {
		case !cur.Until.IsZero() && cur.Until.Before(today):
			v.Add("until", "该人员已离任", "this person has already left office")
		case today.Before(until):
			v.Add("until", "离任日期不能晚于今天", "the end of office cannot be in the future")
		case !cur.Since.Before(until):
			v.Add("until", "离任日期须晚于任职日期", "the end of office must come after its start")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.touchUnits(ctx, famCoverage, cur.UnitID); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE employee_directors SET until_on = ? WHERE id = ?`, until, id); err != nil {
			return err
		}
		r, err := c.getDirector(ctx, a, id)
		out = r.Director
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "director.end", recordType: "director", recordID: id, orgPath: r.path, summary: changeSummary(cur.Director, out)})
	})
	return out, opErr(err, "end director %d", id)
}
