package store

import (
	"context"
	"database/sql"
	"errors"

	"gonghui"
)

// DirectorWriter saves imported employee directors and supervisors in
// batches. A row names the same term as one kept when its unit, seat,
// person and start of office agree: its end of office is updated, or it
// is left alone when that agrees too.
type DirectorWriter struct {
	batchTx
	a gonghui.Actor
	// planned holds, in a check, the terms earlier rows would have
	// written, by unit, seat and person.
	planned map[directorSeat][]gonghui.DirectorInput
}

// directorSeat is one person's seat in a unit.
type directorSeat struct {
	unitID int64
	role   gonghui.DirectorRole
	name   string
}

// NewDirectorWriter starts writing directors and supervisors as the actor.
func (s *Store) NewDirectorWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*DirectorWriter, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return nil, gonghui.ErrForbidden
	}
	w := &DirectorWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, planned: map[directorSeat][]gonghui.DirectorInput{}}
	return w, w.begin(ctx)
}

// Save stores one term, with the checks of the form (AddDirector).
func (w *DirectorWriter) Save(ctx context.Context, in gonghui.DirectorInput) (UpsertResult, error) {
	c, a := w.c, w.a
	v := &gonghui.ValidationError{}
	in.Validate(v)
	var path string
	if in.UnitID != 0 {
		var err error
		if _, path, err = c.checkUnitField(ctx, a, v, in.UnitID); err != nil {
			return 0, err
		}
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	if err := c.lockFor(ctx, lockDirectorSeat, in.UnitID); err != nil {
		return 0, err
	}
	seat := directorSeat{in.UnitID, in.Role, in.Name}
	var id int64
	var until gonghui.Date
	if w.checking() {
		return w.check(ctx, seat, in)
	}
	err := c.row(ctx, `SELECT id, until_on FROM employee_directors WHERE unit_id = ? AND role = ? AND name = ? AND since = ?`,
		in.UnitID, in.Role, in.Name, in.Since).Scan(&id, &until)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return 0, err
	case until == in.Until:
		return Unchanged, w.saved(ctx)
	}
	if err := c.directorClash(ctx, in, id); err != nil {
		return 0, err
	}
	if err := c.touchUnits(ctx, famCoverage, in.UnitID); err != nil {
		return 0, err
	}
	var before any // nil: a new term
	action, result := "director.add", Inserted
	if id != 0 {
		cur, err := c.getDirector(ctx, a, id)
		if err != nil {
			return 0, err
		}
		before, action, result = cur.Director, "director.update", Updated
		_, err = c.exec(ctx, `UPDATE employee_directors SET until_on = ? WHERE id = ?`, in.Until, id)
		if err != nil {
			return 0, err
		}
	} else if err := c.row(ctx, `INSERT INTO employee_directors (unit_id, role, name, since, until_on, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		in.UnitID, in.Role, in.Name, in.Since, in.Until, w.s.nowUnix()).Scan(&id); err != nil {
		return 0, err
	}
	after, err := c.getDirector(ctx, a, id)
	if err != nil {
		return 0, err
	}
	if err := c.audit(ctx, a, auditEntry{action: action, recordType: "director", recordID: id, orgPath: path, summary: changeSummary(before, after.Director)}); err != nil {
		return 0, err
	}
	return result, w.saved(ctx)
}

// check answers what Save would, with reads only, counting the terms the
// file's earlier rows would have written.
func (w *DirectorWriter) check(ctx context.Context, seat directorSeat, in gonghui.DirectorInput) (UpsertResult, error) {
	plans := w.planned[seat]
	for i, p := range plans {
		if p.Since == in.Since {
			if p.Until == in.Until {
				return Unchanged, nil
			}
			plans[i].Until = in.Until
			return Updated, nil
		}
	}
	var id int64
	var until gonghui.Date
	err := w.c.row(ctx, `SELECT id, until_on FROM employee_directors WHERE unit_id = ? AND role = ? AND name = ? AND since = ?`,
		in.UnitID, in.Role, in.Name, in.Since).Scan(&id, &until)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return 0, err
	case until == in.Until:
		return Unchanged, nil
	}
	if err := w.c.directorClash(ctx, in, id); err != nil {
		return 0, err
	}
	for _, p := range plans {
		if termsOverlap(p, in) {
			return 0, directorOverlap(in.Role)
		}
	}
	w.planned[seat] = append(plans, in)
	if id != 0 {
		return Updated, nil
	}
	return Inserted, nil
}

// termsOverlap holds when each term starts before the other ends (an
// open term never ends).
func termsOverlap(a, b gonghui.DirectorInput) bool {
	return (a.Until.IsZero() || !a.Until.Before(b.Since)) && (b.Until.IsZero() || !b.Until.Before(a.Since))
}
