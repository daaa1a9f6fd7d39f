package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	"gonghui"
)

const outreachColumns = `ev.id, ev.kind, ev.org_id, o.name, ev.place_kind, ev.place_name, ev.address, ev.region_code, ev.held_on,
	ev.workers_reached, ev.members_recruited, ev.version`

const outreachFrom = ` FROM outreach_events ev JOIN orgs o ON o.id = ev.org_id`

func scanOutreach(sc scanner) (gonghui.OutreachEvent, error) {
	var e gonghui.OutreachEvent
	err := sc.Scan(&e.ID, &e.Kind, &e.OrgID, &e.OrgName, &e.PlaceKind, &e.PlaceName, &e.Address, &e.RegionCode, &e.HeldOn,
		&e.WorkersReached, &e.MembersRecruited, &e.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return e, gonghui.ErrNotFound
	}
	return e, err
}

func (c conn) getOutreach(ctx context.Context, a gonghui.Actor, id int64) (gonghui.OutreachEvent, error) {
	scope, args := scopeClause("o.path", a)
	e, err := scanOutreach(c.row(ctx, "SELECT "+outreachColumns+outreachFrom+" WHERE ev.id = ? AND "+scope, append([]any{id}, args...)...))
	if err != nil {
		return e, err
	}
	events := []gonghui.OutreachEvent{e}
	err = c.fillOutreachEmployers(ctx, a, events)
	return events[0], err
}

// fillOutreachEmployers names the employers each event reached, those of
// the actor's scope only: an employer outside it stays unseen.
func (c conn) fillOutreachEmployers(ctx context.Context, a gonghui.Actor, events []gonghui.OutreachEvent) error {
	if len(events) == 0 {
		return nil
	}
	at := map[int64]int{}
	ids := make([]int64, len(events))
	for i, e := range events {
		at[e.ID], ids[i] = i, e.ID
		events[i].Employers = []gonghui.EmployerRef{}
	}
	in, args := inList("x.event_id", ids)
	scope, sargs := scopeClause("o.path", a)
	var event int64
	var r gonghui.EmployerRef
	return c.eachRow(ctx, `SELECT x.event_id, e.id, e.uscc, e.name FROM outreach_event_employers x JOIN employers e ON e.id = x.employer_id
		JOIN orgs o ON o.id = e.org_id WHERE `+in+` AND `+scope+` ORDER BY x.event_id, e.name, e.id`, append(args, sargs...),
		[]any{&event, &r.ID, &r.USCC, &r.Name}, func() {
			i := at[event]
			events[i].Employers = append(events[i].Employers, r)
		})
}

// GetOutreachEvent returns an event organized by a union of the actor's
// subtree.
func (s *Store) GetOutreachEvent(ctx context.Context, a gonghui.Actor, id int64) (gonghui.OutreachEvent, error) {
	e, err := s.conn().getOutreach(ctx, a, id)
	return e, opErr(err, "get outreach event %d", id)
}

// ListOutreachEvents pages through the events of the actor's subtree (or
// of f.OrgID's, itself inside it), latest first.
func (s *Store) ListOutreachEvents(ctx context.Context, a gonghui.Actor, f gonghui.OutreachFilter) ([]gonghui.OutreachEvent, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, opErr(err, "list outreach events")
	}
	scope, args := scopeClause("o.path", sa)
	conds := []string{scope}
	add := func(cond string, vals ...any) { conds, args = append(conds, cond), append(args, vals...) }
	if f.Kind != "" {
		add("ev.kind = ?", f.Kind)
	}
	if f.PlaceKind != "" {
		add("ev.place_kind = ?", f.PlaceKind)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		add(`(ev.place_name LIKE ? ESCAPE '\' OR ev.address LIKE ? ESCAPE '\')`, likePattern(q), likePattern(q))
	}
	if !f.From.IsZero() {
		add("ev.held_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("ev.held_on <= ?", f.To)
	}
	if f.RegionCode != "" {
		// A district keeps its streets (their codes start with its own).
		add(`ev.region_code LIKE ? ESCAPE '\'`, strings.TrimPrefix(likePattern(f.RegionCode), "%"))
	}
	if len(f.IDs) > 0 {
		cond, ids := inList("ev.id", f.IDs)
		add(cond, ids...)
	}
	order, err := outreachSorts.order(f.Sort, "ev.held_on DESC, ev.id DESC", "ev.id")
	if err != nil {
		return nil, 0, err
	}
	events, total, err := listPage(ctx, c, outreachColumns, outreachFrom, " WHERE "+strings.Join(conds, " AND "), order, args, f.Page, scanOutreach)
	if err == nil {
		err = c.fillOutreachEmployers(ctx, a, events)
	}
	return events, total, opErr(err, "list outreach events")
}

// outreachSorts are the orders of the outreach list.
var outreachSorts = listSorts{
	"held": "ev.held_on", "kind": "ev.kind", "place": "ev.place_name", "org": "o.name_initials, o.name", "workers": "ev.workers_reached",
}

// checkOutreach validates an input against the data: the organizing union
// in scope and active, the street known, every employer one of the
// register's in the actor's scope.
func (c conn) checkOutreach(ctx context.Context, a gonghui.Actor, in *gonghui.OutreachEventInput) (gonghui.Org, error) {
	in.Normalize()
	v := &gonghui.ValidationError{}
	in.Validate(v, gonghui.DateOf(c.s.now()))
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil {
		return org, err
	}
	if err := c.checkRefs(ctx, v, in.RegionCode, "", nil); err != nil {
		return org, err
	}
	if len(in.EmployerIDs) > 0 && len(in.EmployerIDs) <= gonghui.MaxOutreachEmployers {
		missing, err := c.employersOutOfScope(ctx, a, in.EmployerIDs)
		if err != nil {
			return org, err
		}
		if len(missing) > 0 {
			list := strings.Join(missing, ", ")
			v.Add("employer_ids", "单位名录中不存在或不在您管辖范围内的单位："+list, "employers not in the register of your scope: "+list)
		}
	}
	return org, v.Err()
}

// employersOutOfScope are the IDs among ids that name no employer of the
// actor's scope.
func (c conn) employersOutOfScope(ctx context.Context, a gonghui.Actor, ids []int64) ([]string, error) {
	in, args := inList("e.id", ids)
	scope, sargs := scopeClause("o.path", a)
	found := map[int64]bool{}
	var id int64
	if err := c.eachRow(ctx, `SELECT e.id`+employerFrom+` WHERE `+in+` AND `+scope, append(args, sargs...), []any{&id},
		func() { found[id] = true }); err != nil {
		return nil, err
	}
	var missing []string
	for _, id := range ids {
		if !found[id] {
			missing = append(missing, strconv.FormatInt(id, 10))
		}
	}
	return missing, nil
}

// ValidateOutreachEvent reports every field error of an input without
// saving it.
func (s *Store) ValidateOutreachEvent(ctx context.Context, a gonghui.Actor, in gonghui.OutreachEventInput) error {
	_, err := s.conn().checkOutreach(ctx, a, &in)
	return err
}

// CreateOutreachEvent records an event held by a union.
func (s *Store) CreateOutreachEvent(ctx context.Context, a gonghui.Actor, in gonghui.OutreachEventInput) (gonghui.OutreachEvent, error) {
	e, err := s.saveOutreach(ctx, a, 0, in)
	return e, opErr(err, "create outreach event")
}

// UpdateOutreachEvent changes an event still at in.Version (the one the
// edit was made from).
func (s *Store) UpdateOutreachEvent(ctx context.Context, a gonghui.Actor, id int64, in gonghui.OutreachEventInput) (gonghui.OutreachEvent, error) {
	e, err := s.saveOutreach(ctx, a, id, in)
	return e, opErr(err, "update outreach event %d", id)
}

// Outreach is kept by those who keep the register and its campaigns.
func (s *Store) saveOutreach(ctx context.Context, a gonghui.Actor, id int64, in gonghui.OutreachEventInput) (gonghui.OutreachEvent, error) {
	if !a.Can(gonghui.PermEditUnits) {
		return gonghui.OutreachEvent{}, gonghui.ErrForbidden
	}
	var out gonghui.OutreachEvent
	err := s.inTx(ctx, func(c conn) error {
		var before *gonghui.OutreachEvent
		if id != 0 {
			cur, err := c.getOutreach(ctx, a, id)
			if err != nil {
				return err
			}
			before = &cur
		}
		org, err := c.checkOutreach(ctx, a, &in)
		if err != nil {
			return err
		}
		if id, err = c.writeOutreach(ctx, a, before, in); err != nil {
			return err
		}
		if out, err = c.getOutreach(ctx, a, id); err != nil {
			return err
		}
		action, prior := "outreach.create", any(nil)
		if before != nil {
			action, prior = "outreach.update", *before
		}
		return c.audit(ctx, a, auditEntry{action: action, recordType: "outreach_event", recordID: id, orgPath: org.Path, summary: changeSummary(prior, out)})
	})
	return out, err
}

// writeOutreach inserts a checked event (before nil) or updates one at
// in.Version, and sets the employers it reached, returning its ID.
func (c conn) writeOutreach(ctx context.Context, a gonghui.Actor, before *gonghui.OutreachEvent, in gonghui.OutreachEventInput) (int64, error) {
	orgs := []int64{in.OrgID}
	if before != nil {
		orgs = append(orgs, before.OrgID)
	}
	if err := c.touchStats(ctx, famOutreach, orgs...); err != nil {
		return 0, err
	}
	now := c.s.nowUnix()
	args := []any{in.Kind, in.OrgID, in.PlaceKind, in.PlaceName, in.Address, in.RegionCode, in.HeldOn, in.WorkersReached, in.MembersRecruited, now}
	var id int64
	if before != nil {
		id = before.ID
		if err := c.updateVersioned(ctx, "outreach_events", `kind = ?, org_id = ?, place_kind = ?, place_name = ?, address = ?,
			region_code = ?, held_on = ?, workers_reached = ?, members_recruited = ?, updated_at = ?`, args, id, in.Version); err != nil {
			return 0, err
		}
		// The editor replaces the employers they can see; those of
		// another area, named by a cadre above, stay.
		scope, sargs := scopeClause("o.path", a)
		if _, err := c.exec(ctx, `DELETE FROM outreach_event_employers WHERE event_id = ? AND employer_id IN
			(SELECT e.id`+employerFrom+` WHERE `+scope+`)`, append([]any{id}, sargs...)...); err != nil {
			return 0, err
		}
	} else if err := c.row(ctx, `INSERT INTO outreach_events (kind, org_id, place_kind, place_name, address, region_code, held_on,
		workers_reached, members_recruited, updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		append(args, now)...).Scan(&id); err != nil {
		return 0, err
	}
	for _, e := range in.EmployerIDs {
		if _, err := c.exec(ctx, `INSERT INTO outreach_event_employers (event_id, employer_id) VALUES (?, ?)`, id, e); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// famOutreach: outreach events, the workers and employers they reached, at
// the organizing union.
var famOutreach = registerStatFamily(statFamilyDef{name: "outreach", events: conn.outreachEvents, recount: recountOutreach})

// outreachEvents: an event counts once, on the day it was held, as a
// joining does; a figure on a day is then the events held up to it.
func (c conn) outreachEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, held string
	var n, workers int64
	err := c.eachRow(ctx, `SELECT o.path, ev.held_on, count(*), COALESCE(sum(ev.workers_reached), 0)`+outreachFrom+` WHERE `+where+`
		GROUP BY o.path, ev.held_on`, args, []any{&path, &held, &n, &workers}, func() {
		sink.add(path, "outreach_events", held, n)
		sink.add(path, "outreach_workers_reached", held, workers)
	})
	if err != nil {
		return err
	}
	return c.eachRow(ctx, `SELECT o.path, ev.held_on, count(*)`+outreachFrom+` JOIN outreach_event_employers x ON x.event_id = ev.id
		WHERE `+where+` GROUP BY o.path, ev.held_on`, args, []any{&path, &held, &n}, func() {
		sink.add(path, "outreach_employers_reached", held, n)
	})
}

func recountOutreach(r *recount) {
	held := outreachFrom + ` WHERE ` + r.scope + ` AND ev.held_on <= ?`
	r.count("outreach_events", `SELECT count(*)`+held, r.on)
	r.count("outreach_workers_reached", `SELECT COALESCE(sum(ev.workers_reached), 0)`+held, r.on)
	r.count("outreach_employers_reached", `SELECT count(*)`+outreachFrom+` JOIN outreach_event_employers x ON x.event_id = ev.id
		WHERE `+r.scope+` AND ev.held_on <= ?`, r.on)
}

// NewEmployment counts the members in new forms of employment held on the
// day in the actor's subtree (or orgID's, inside it), by their unit — the
// platform company — and its district, largest first. It reads the range
// of the memberships' (employment, union path) index that holds them
// (their search keys, migration 35): what it costs follows the members it
// counts, not the subtree's memberships.
func (s *Store) NewEmployment(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date) ([]gonghui.NewEmploymentRow, error) {
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, orgID)
	if err != nil {
		return nil, opErr(err, "new employment")
	}
	scope, args := scopeClause("m.org_path", sa)
	var rows []gonghui.NewEmploymentRow
	var r gonghui.NewEmploymentRow
	err = c.eachRow(ctx, `SELECT COALESCE(u.id, 0), COALESCE(u.name, ''), COALESCE(substr(u.region_code, 1, 6), ''), count(*)
		FROM memberships m LEFT JOIN units u ON u.id = m.unit_id
		WHERE m.employment = ? AND `+scope+` AND `+memberHeld+`
		GROUP BY COALESCE(u.id, 0), COALESCE(u.name, ''), COALESCE(substr(u.region_code, 1, 6), '')
		ORDER BY count(*) DESC, COALESCE(u.name, ''), COALESCE(u.id, 0)`, append(append([]any{gonghui.EmploymentNewForms}, args...), on, on),
		[]any{&r.UnitID, &r.UnitName, &r.DistrictCode, &r.Members}, func() { rows = append(rows, r) })
	return rows, opErr(err, "new employment")
}

// EmployerIDsByUSCC finds the employers of the actor's scope by USCC, as a
// form names them; unknown are the codes found nowhere in it.
func (s *Store) EmployerIDsByUSCC(ctx context.Context, a gonghui.Actor, codes []string) (ids []int64, unknown []string, err error) {
	if len(codes) == 0 {
		return nil, nil, nil
	}
	scope, args := scopeClause("o.path", a)
	byCode := map[string]int64{}
	vals := make([]any, len(codes), len(codes)+len(args))
	for i, c := range codes {
		vals[i] = c
	}
	var code string
	var id int64
	err = s.conn().eachRow(ctx, `SELECT e.uscc, e.id`+employerFrom+` WHERE e.uscc IN (`+placeholders(len(codes))+`) AND `+scope,
		append(vals, args...), []any{&code, &id}, func() { byCode[code] = id })
	for _, c := range codes {
		if id, ok := byCode[c]; ok {
			ids = append(ids, id)
		} else {
			unknown = append(unknown, c)
		}
	}
	return ids, unknown, opErr(err, "find employers by USCC")
}

// lockOutreachEvent: one event per union, day, kind and place, so that an
// import names each once. Key: outreachKey.
var lockOutreachEvent = newLockRule("outreach: one event per union, day, kind and place")

func outreachKey(in gonghui.OutreachEventInput) int64 {
	return textKey(strconv.FormatInt(in.OrgID, 10) + "\x00" + in.HeldOn.String() + "\x00" + in.Kind + "\x00" + in.PlaceName)
}

// OutreachWriter imports outreach events (the spreadsheet kind
// outreach-events): an event is known by its union, day, kind and place,
// so that an import of the same rows again changes nothing.
type OutreachWriter struct {
	batchTx
	a gonghui.Actor
}

// NewOutreachWriter starts importing events as the actor.
func (s *Store) NewOutreachWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*OutreachWriter, error) {
	if !a.Can(gonghui.PermEditUnits) {
		return nil, gonghui.ErrForbidden
	}
	w := &OutreachWriter{batchTx: batchTx{s: s, size: batchSize}, a: a}
	return w, w.begin(ctx)
}

// Save stores one event, or updates the one of its union, day, kind and
// place (the employers the actor sees replaced by the row's).
func (w *OutreachWriter) Save(ctx context.Context, in gonghui.OutreachEventInput) (UpsertResult, error) {
	c, a := w.c, w.a
	in.Normalize()
	if err := c.lockFor(ctx, lockOutreachEvent, outreachKey(in)); err != nil {
		return 0, err
	}
	org, err := c.checkOutreach(ctx, a, &in)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := ignoreNoRows(c.row(ctx, `SELECT id FROM outreach_events WHERE org_id = ? AND held_on = ? AND kind = ? AND place_name = ? ORDER BY id LIMIT 1`,
		in.OrgID, in.HeldOn, in.Kind, in.PlaceName).Scan(&id)); err != nil {
		return 0, err
	}
	var before *gonghui.OutreachEvent
	action, result := "outreach.create", Inserted
	if id != 0 {
		cur, err := c.getOutreach(ctx, a, id)
		if err != nil {
			return 0, err
		}
		in.Version = cur.Version
		was := cur.ToInput()
		was.Normalize()
		if slices.Equal(was.EmployerIDs, in.EmployerIDs) {
			was.EmployerIDs = in.EmployerIDs // nil and empty alike
		}
		if mustJSON(was) == mustJSON(in) {
			return Unchanged, w.saved(ctx)
		}
		before, action, result = &cur, "outreach.update", Updated
	}
	if w.checking() {
		return result, nil
	}
	if id, err = c.writeOutreach(ctx, a, before, in); err != nil {
		return 0, err
	}
	after, err := c.getOutreach(ctx, a, id)
	if err != nil {
		return 0, err
	}
	var prior any
	if before != nil {
		prior = *before
	}
	if err := c.audit(ctx, a, auditEntry{action: action, recordType: "outreach_event", recordID: id, orgPath: org.Path, summary: changeSummary(prior, after)}); err != nil {
		return 0, err
	}
	return result, w.saved(ctx)
}
