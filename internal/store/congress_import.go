package store

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"slices"
	"strconv"

	"gonghui"
)

// ImportedCongress is a workers' congress as an import file gives it, with
// at most one sitting per row (a congress with several sittings takes
// several rows).
type ImportedCongress struct {
	gonghui.CongressInput
	Sitting *gonghui.SittingInput
}

// CongressWriter saves imported congresses in batches. A congress is the
// same as one already kept when its union and name agree; a sitting is the
// same when its congress and date agree.
type CongressWriter struct {
	batchTx
	a gonghui.Actor
	// planned holds, in a check, the congresses earlier rows would have
	// written, by union and name.
	planned map[congressKey]*plannedCongress
	onUnit  map[int64][]*plannedCongress // the planned congresses that cover or covered each unit
	standIn int64
}

type congressKey struct {
	org  int64
	name string
}

// plannedCongress is a congress as a check's earlier rows leave it, with
// the sittings they added or changed.
type plannedCongress struct {
	gonghui.Congress
	sittings map[gonghui.Date]string // held on -> its figures (sittingFigures)
}

func sittingFigures(delegates, attended int, motions string) string {
	return strconv.Itoa(delegates) + "/" + strconv.Itoa(attended) + "/" + motions
}

// NewCongressWriter starts writing congresses as the actor.
func (s *Store) NewCongressWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*CongressWriter, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return nil, gonghui.ErrForbidden
	}
	w := &CongressWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, planned: map[congressKey]*plannedCongress{}, onUnit: map[int64][]*plannedCongress{}}
	return w, w.begin(ctx)
}

// Save stores one row: the congress, then its sitting.
func (w *CongressWriter) Save(ctx context.Context, ic ImportedCongress) (UpsertResult, error) {
	c, a := w.c, w.a
	if w.checking() {
		return w.check(ctx, ic)
	}
	// The units' lock comes before the congress is looked up: a congress
	// another import is writing for them is then found as the same one.
	if ic.Kind == gonghui.CongressUnit {
		if err := c.lockFor(ctx, lockUnitCongress, ic.UnitIDs...); err != nil {
			return 0, err
		}
	}
	var id int64
	err := c.row(ctx, `SELECT id FROM congresses WHERE org_id = ? AND name = ?`, ic.OrgID, ic.Name).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	// The sitting's dates are checked before anything is written: a refused
	// row must leave nothing behind in a batch that goes on and commits.
	if id != 0 && ic.Sitting != nil {
		cur, err := c.getCongress(ctx, a, id)
		if err != nil {
			return 0, err
		}
		if err := sittingDates(ic, cur.Congress); err != nil {
			return 0, err
		}
	} else if err := sittingDates(ic, gonghui.Congress{}); err != nil {
		return 0, err
	}
	result := Unchanged
	switch {
	case id == 0:
		g, err := c.createCongress(ctx, a, ic.CongressInput)
		if err != nil {
			return 0, err
		}
		id, result = g.ID, Inserted
	default:
		cur, err := c.getCongress(ctx, a, id)
		if err != nil {
			return 0, err
		}
		if cur.Kind != ic.Kind || cur.EstablishedOn != ic.EstablishedOn || !reflect.DeepEqual(cur.UnitIDs, sortedIDs(ic.UnitIDs)) {
			if _, err := c.updateCongress(ctx, a, id, ic.CongressInput); err != nil {
				return 0, err
			}
			result = Updated
		}
	}
	if s := ic.Sitting; s != nil {
		var sid int64
		var delegates, attended int
		var motions string
		err := c.row(ctx, `SELECT id, delegates, attended, motions FROM congress_sittings WHERE congress_id = ? AND held_on = ?`, id, s.HeldOn).
			Scan(&sid, &delegates, &attended, &motions)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := c.addSitting(ctx, a, id, *s); err != nil {
				return 0, err
			}
			if result == Unchanged {
				result = Updated
			}
		case err != nil:
			return 0, err
		case delegates != s.Delegates || attended != s.Attended || motions != stringsJSON(s.Motions):
			v := &gonghui.ValidationError{}
			s.Validate(v, gonghui.DateOf(w.s.now()))
			if err := v.Err(); err != nil {
				return 0, err
			}
			if _, err := c.exec(ctx, `UPDATE congress_sittings SET delegates = ?, attended = ?, motions = ? WHERE id = ?`,
				s.Delegates, s.Attended, stringsJSON(s.Motions), sid); err != nil {
				return 0, err
			}
			g, err := c.getCongress(ctx, a, id)
			if err != nil {
				return 0, err
			}
			if err := c.audit(ctx, a, auditEntry{action: "congress.sitting", recordType: "congress", recordID: id, orgPath: g.path, summary: mustJSON(s)}); err != nil {
				return 0, err
			}
			if result == Unchanged {
				result = Updated
			}
		}
	}
	return result, w.saved(ctx)
}

// sittingDates refuses a row's sitting before its congress's establishment
// or after the dissolution of the congress kept (cur; zero: a new one).
func sittingDates(ic ImportedCongress, cur gonghui.Congress) error {
	st := ic.Sitting
	switch {
	case st == nil || st.HeldOn.IsZero():
	case st.HeldOn.Before(ic.EstablishedOn):
		return gonghui.Invalid("held_on", "会议日期不能早于职代会建立日期", "the sitting cannot precede the congress's establishment")
	case cur.ID != 0 && !cur.Active() && cur.DissolvedOn.Before(st.HeldOn):
		return gonghui.Invalid("held_on", "会议日期不能晚于职代会撤销日期", "the sitting cannot follow the congress's dissolution")
	}
	return nil
}

// check answers what Save would do with the row, with reads only, over
// what the file's earlier rows would have written.
func (w *CongressWriter) check(ctx context.Context, ic ImportedCongress) (UpsertResult, error) {
	c, a := w.c, w.a
	key := congressKey{ic.OrgID, ic.Name}
	p := w.planned[key]
	if p == nil {
		var id int64
		err := c.row(ctx, `SELECT id FROM congresses WHERE org_id = ? AND name = ?`, ic.OrgID, ic.Name).Scan(&id)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
		p = &plannedCongress{sittings: map[gonghui.Date]string{}}
		w.planned[key] = p // a later row finds it whatever becomes of this one
		if id != 0 {
			cur, err := c.getCongress(ctx, a, id)
			if err != nil {
				return 0, err
			}
			p.Congress = cur.Congress
			w.cover(p, cur.UnitIDs) // the units it covers as kept, whatever the file makes of it
		}
	}
	if err := sittingDates(ic, p.Congress); err != nil {
		return 0, err
	}
	result := Unchanged
	next := p.Congress
	next.Kind, next.EstablishedOn, next.UnitIDs = ic.Kind, ic.EstablishedOn, sortedIDs(ic.UnitIDs)
	switch {
	case p.ID == 0:
		if err := w.checkCongress(ctx, ic, 0); err != nil {
			return 0, err
		}
		w.standIn--
		next.ID, next.OrgID, next.Name, result = w.standIn, ic.OrgID, ic.Name, Inserted
	case p.Kind != ic.Kind || p.EstablishedOn != ic.EstablishedOn || !reflect.DeepEqual(p.UnitIDs, next.UnitIDs):
		if !p.Active() {
			return 0, gonghui.Invalid("dissolved_on", "该职代会已撤销，不能修改", "the congress is dissolved and cannot be changed")
		}
		if err := w.checkCongress(ctx, ic, p.ID); err != nil {
			return 0, err
		}
		first, err := w.firstSitting(ctx, p)
		if err != nil {
			return 0, err
		}
		if !first.IsZero() && first.Before(ic.EstablishedOn) {
			return 0, gonghui.Invalid("established_on", "建立日期不能晚于已记录的会议（"+first.String()+"）",
				"the date of establishment cannot follow a recorded sitting ("+first.String()+")")
		}
		result = Updated
	}
	if s := ic.Sitting; s != nil {
		figures := sittingFigures(s.Delegates, s.Attended, stringsJSON(s.Motions))
		kept, found := p.sittings[s.HeldOn]
		if !found && p.ID > 0 {
			var delegates, attended int
			var motions string
			err := c.row(ctx, `SELECT delegates, attended, motions FROM congress_sittings WHERE congress_id = ? AND held_on = ?`, p.ID, s.HeldOn).
				Scan(&delegates, &attended, &motions)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return 0, err
			}
			found, kept = err == nil, sittingFigures(delegates, attended, motions)
		}
		if !found || kept != figures {
			v := &gonghui.ValidationError{}
			s.Validate(v, gonghui.DateOf(w.s.now()))
			if err := v.Err(); err != nil {
				return 0, err
			}
			p.sittings[s.HeldOn] = figures
			if result == Unchanged {
				result = Updated
			}
		}
	}
	p.Congress = next
	w.cover(p, next.UnitIDs)
	return result, nil
}

// cover finds p by the units given, in a check.
func (w *CongressWriter) cover(p *plannedCongress, units []int64) {
	for _, u := range units {
		if !slices.Contains(w.onUnit[u], p) {
			w.onUnit[u] = append(w.onUnit[u], p)
		}
	}
}

// checkCongress is the congress checks of a create or an update (self),
// with the unit congresses the check's earlier rows would have written.
func (w *CongressWriter) checkCongress(ctx context.Context, ic ImportedCongress, self int64) error {
	in := ic.CongressInput
	var stale []int64 // kept congresses the file changed: their units are answered below
	for _, uid := range in.UnitIDs {
		for _, p := range w.onUnit[uid] {
			if p.ID > 0 && !slices.Contains(stale, p.ID) {
				stale = append(stale, p.ID)
			}
		}
	}
	if _, err := w.c.checkCongress(ctx, w.a, &in, self, stale...); err != nil || in.Kind != gonghui.CongressUnit {
		return err
	}
	for _, uid := range in.UnitIDs {
		for _, p := range w.onUnit[uid] {
			if p.ID != self && p.Kind == gonghui.CongressUnit && p.Active() && slices.Contains(p.UnitIDs, uid) {
				var name string
				if err := w.c.row(ctx, `SELECT name FROM units WHERE id = ?`, uid).Scan(&name); err != nil {
					return err
				}
				return gonghui.Invalid("unit_ids", "单位“"+name+"”已有在运行的单位职代会", "unit \""+name+"\" already has an active unit congress")
			}
		}
	}
	return nil
}

// firstSitting is the first sitting of a planned congress: kept, or added
// by the check's earlier rows.
func (w *CongressWriter) firstSitting(ctx context.Context, p *plannedCongress) (gonghui.Date, error) {
	var first gonghui.Date
	if p.ID > 0 {
		var err error
		if first, err = w.c.firstSitting(ctx, p.ID); err != nil {
			return first, err
		}
	}
	for on := range p.sittings {
		if first.IsZero() || on.Before(first) {
			first = on
		}
	}
	return first, nil
}
