package store

import (
	"context"
	"strconv"

	"gonghui"
)

// A kept record — an innovation studio, a mentor pair — is kept at a union
// by the honours keepers (PermEditHonours) and created, edited by version
// and imported through one write shape: permission → transaction → its
// checks (its lock among them) → statistics touch → write → reload →
// audit. keptKind says how one kind is checked and written.
type keptKind[In, Out any] struct {
	what                         string // for errors
	created, updated, recordType string // the audit's actions and record type
	// check reads the record's checks into v (self: the record edited, 0
	// when new) and returns its write, and whether one like it is on
	// record.
	check func(c conn, ctx context.Context, a gonghui.Actor, in *In, self int64, v *gonghui.ValidationError) (keptWrite, bool, error)
	taken func(v *gonghui.ValidationError) // the reason a record like it on record gives
	get   func(c conn, ctx context.Context, a gonghui.Actor, id int64) (Out, error)
	orgOf func(Out) int64
}

// keptWrite is a checked record's write: its union, and its insert or
// update.
type keptWrite struct {
	org    gonghui.Org
	insert func() (int64, error)
	update func(id int64) error
}

// checked runs the checks with the reason of a record like it on record.
func (k keptKind[In, Out]) checked(c conn, ctx context.Context, a gonghui.Actor, in *In, self int64) (keptWrite, error) {
	v := &gonghui.ValidationError{}
	w, taken, err := k.check(c, ctx, a, in, self, v)
	if err != nil {
		return w, err
	}
	if taken {
		k.taken(v)
	}
	return w, v.Err()
}

// saved reloads a written record and audits it.
func (k keptKind[In, Out]) saved(c conn, ctx context.Context, a gonghui.Actor, id int64, org gonghui.Org, before any) (Out, error) {
	out, err := k.get(c, ctx, a, id)
	if err != nil {
		return out, err
	}
	action := k.created
	if before != nil {
		action = k.updated
	}
	return out, c.audit(ctx, a, auditEntry{action: action, recordType: k.recordType, recordID: id, orgPath: org.Path, summary: changeSummary(before, out)})
}

// insert writes a checked new record.
func (k keptKind[In, Out]) insert(c conn, ctx context.Context, a gonghui.Actor, w keptWrite) (Out, error) {
	if err := c.touchStats(ctx, famInnovation, w.org.ID); err != nil {
		var zero Out
		return zero, err
	}
	id, err := w.insert()
	if err != nil {
		var zero Out
		return zero, err
	}
	return k.saved(c, ctx, a, id, w.org, nil)
}

func (k keptKind[In, Out]) create(ctx context.Context, s *Store, a gonghui.Actor, in In) (Out, error) {
	var out Out
	if !a.Can(gonghui.PermEditHonours) {
		return out, gonghui.ErrForbidden
	}
	err := s.inTx(ctx, func(c conn) error {
		w, err := k.checked(c, ctx, a, &in, 0)
		if err != nil {
			return err
		}
		out, err = k.insert(c, ctx, a, w)
		return err
	})
	return out, opErr(err, "create "+k.what)
}

func (k keptKind[In, Out]) update(ctx context.Context, s *Store, a gonghui.Actor, id int64, in In) (Out, error) {
	var out Out
	if !a.Can(gonghui.PermEditHonours) {
		return out, gonghui.ErrForbidden
	}
	err := s.inTx(ctx, func(c conn) error {
		before, err := k.get(c, ctx, a, id)
		if err != nil {
			return err
		}
		w, err := k.checked(c, ctx, a, &in, id)
		if err != nil {
			return err
		}
		if err := c.touchStats(ctx, famInnovation, k.orgOf(before), w.org.ID); err != nil {
			return err
		}
		if err := w.update(id); err != nil {
			return err
		}
		out, err = k.saved(c, ctx, a, id, w.org, before)
		return err
	})
	return out, opErr(err, "update "+k.what+" "+strconv.FormatInt(id, 10))
}

// keptWriter saves imported records of a kind in batches, with the checks
// of their form; one like it on record is left alone.
type keptWriter[In, Out any] struct {
	batchTx
	a    gonghui.Actor
	kind keptKind[In, Out]
}

func newKeptWriter[In, Out any](ctx context.Context, s *Store, a gonghui.Actor, batchSize int, k keptKind[In, Out]) (*keptWriter[In, Out], error) {
	if !a.Can(gonghui.PermEditHonours) {
		return nil, gonghui.ErrForbidden
	}
	w := &keptWriter[In, Out]{batchTx: batchTx{s: s, size: batchSize}, a: a, kind: k}
	return w, w.begin(ctx)
}

// Save stores one record, or finds one like it on record.
func (w *keptWriter[In, Out]) Save(ctx context.Context, in In) (UpsertResult, error) {
	v := &gonghui.ValidationError{}
	wr, taken, err := w.kind.check(w.c, ctx, w.a, &in, 0, v)
	if err != nil {
		return 0, err
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	if taken {
		return Unchanged, w.saved(ctx)
	}
	if w.checking() {
		return Inserted, nil
	}
	if _, err := w.kind.insert(w.c, ctx, w.a, wr); err != nil {
		return 0, err
	}
	return Inserted, w.saved(ctx)
}
