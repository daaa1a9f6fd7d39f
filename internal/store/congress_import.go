package store

import (
	"context"
	"database/sql"
	"errors"
	"reflect"

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
}

// NewCongressWriter starts writing congresses as the actor.
func (s *Store) NewCongressWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*CongressWriter, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return nil, gonghui.ErrForbidden
	}
	w := &CongressWriter{batchTx: batchTx{s: s, size: batchSize}, a: a}
	return w, w.begin(ctx)
}

// Save stores one row: the congress, then its sitting.
func (w *CongressWriter) Save(ctx context.Context, ic ImportedCongress) (UpsertResult, error) {
	c, a := w.c, w.a
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
	if st := ic.Sitting; st != nil && !st.HeldOn.IsZero() {
		if st.HeldOn.Before(ic.EstablishedOn) {
			return 0, gonghui.Invalid("held_on", "会议日期不能早于职代会建立日期", "the sitting cannot precede the congress's establishment")
		}
		if id != 0 {
			cur, err := c.getCongress(ctx, a, id)
			if err != nil {
				return 0, err
			}
			if !cur.Active() && cur.DissolvedOn.Before(st.HeldOn) {
				return 0, gonghui.Invalid("held_on", "会议日期不能晚于职代会撤销日期", "the sitting cannot follow the congress's dissolution")
			}
		}
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
