package store

import (
	"context"
	"errors"
	"strconv"

	"gonghui"
	"gonghui/uscc"
)

// lookups remembers, through one import, what validation would otherwise
// ask the database row after row: orgs in the actor's scope and which
// reference codes exist. A nil *lookups asks every time.
type lookups struct {
	orgs map[int64]orgLookup
	refs map[string]bool
}

type orgLookup struct {
	org gonghui.Org
	err error
}

func newLookups() *lookups {
	return &lookups{orgs: map[int64]orgLookup{}, refs: map[string]bool{}}
}

// org reads an org in the actor's scope (ErrNotFound outside it).
func (l *lookups) org(ctx context.Context, c conn, a gonghui.Actor, id int64) (gonghui.Org, error) {
	if l != nil {
		if o, ok := l.orgs[id]; ok {
			return o.org, o.err
		}
	}
	o, err := c.getOrg(ctx, a, "o.id = ?", id)
	if l != nil && (err == nil || errors.Is(err, gonghui.ErrNotFound)) {
		l.orgs[id] = orgLookup{o, err}
	}
	return o, err
}

func (l *lookups) ref(key string) (known, asked bool) {
	if l == nil {
		return false, false
	}
	known, asked = l.refs[key]
	return known, asked
}

func (l *lookups) setRef(key string, known bool) {
	if l != nil {
		l.refs[key] = known
	}
}

// ImportedOrg is an org as an import file gives it. The parent is
// ParentID when it was found before the import; otherwise ParentRef names
// it (its code or USCC), perhaps an org written earlier by the same import.
type ImportedOrg struct {
	gonghui.OrgInput
	ParentRef string
}

// OrgWriter saves imported orgs in batches. An org is the same as one
// already kept when their codes agree: it is updated (moved, when its
// parent differs), or left alone when nothing differs.
type OrgWriter struct {
	batchTx
	a    gonghui.Actor
	look *lookups
	// written finds the orgs this import created by code and USCC: rows
	// below may name them as parents before they are committed.
	written map[string]int64
	// A check remembers a new org (written, look) under a stand-in ID
	// below zero, so that rows below still find their parent.
	standIn int64
}

// NewOrgWriter starts writing orgs as the actor.
func (s *Store) NewOrgWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*OrgWriter, error) {
	if !a.Can(gonghui.PermEditOrgs) {
		return nil, gonghui.ErrForbidden
	}
	w := &OrgWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, look: newLookups(), written: map[string]int64{}}
	return w, w.begin(ctx)
}

// Save stores one org. Every check comes before the first write: a
// refused row leaves nothing behind in a batch that goes on and commits.
func (w *OrgWriter) Save(ctx context.Context, io ImportedOrg) (UpsertResult, error) {
	c, a := w.c, w.a
	in := io.OrgInput
	in.Normalize()
	v := &gonghui.ValidationError{}
	if in.Code == "" {
		v.Add("code", "请填写工会代码", "the union's code is required")
	}
	if err := c.lockOrg(ctx, in); err != nil {
		return 0, err
	}
	before, err := w.existing(ctx, v, in)
	if err != nil {
		return 0, err
	}
	if in.ParentID, err = w.parentID(ctx, v, io, before); err != nil {
		return 0, err
	}
	if before.ID == 0 && in.ParentID == 0 {
		v.Add("parent_id", "请填写上级工会代码", "the parent union's code is required")
	}
	in.Validate(v)
	in.USCC = checkOrgUSCC(v, in.USCC, in.USCCPilotConfirmed || before.ID != 0 && uscc.Normalize(in.USCC) == before.USCC)
	if err := c.checkRefs(ctx, v, in.RegionCode, in.IndustryCode, w.look); err != nil {
		return 0, err
	}
	moving := before.ID != 0 && in.ParentID != 0 && in.ParentID != before.ParentID
	var parent gonghui.Org
	switch {
	case before.ID == 0:
		parent, err = c.parentOrg(ctx, a, v, in, w.look)
	case moving:
		if parent, err = c.parentOrg(ctx, a, v, in, w.look); err == nil && parent.ID != 0 {
			mv := before
			mv.Kind = in.Kind
			checkMove(v, a, mv, parent)
		}
		fallthrough
	default:
		checkKindChange(v, before, in.Kind)
	}
	if err != nil {
		return 0, err
	}
	if id := w.written[in.USCC]; w.checking() && before.ID == 0 && in.USCC != "" && id != 0 {
		code := w.look.orgs[id].org.Code // an org earlier in the file, as existing finds it once written
		v.Add("uscc", usccTaken.Zh+"（"+code+"）", usccTaken.En+" ("+code+")")
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	if before.ID == 0 {
		var id int64
		var path string
		if w.checking() {
			w.standIn--
			id, path = w.standIn, parent.Path+strconv.FormatInt(-w.standIn, 10)+"-/"
		} else if id, path, err = c.insertOrg(ctx, in, parent); err != nil {
			return 0, err
		}
		o := orgWith(gonghui.Org{ID: id, ParentID: in.ParentID, Path: path, Depth: parent.Depth + 1, Status: gonghui.OrgActive}, in)
		w.look.orgs[id] = orgLookup{org: o}
		w.written[in.Code] = id
		if in.USCC != "" {
			w.written[in.USCC] = id
		}
		if w.checking() {
			return Inserted, w.saved(ctx)
		}
		if err := c.audit(ctx, a, auditEntry{action: "org.create", recordType: "org", recordID: id, orgPath: path, summary: changeSummary(nil, o)}); err != nil {
			return 0, err
		}
		return Inserted, w.saved(ctx)
	}
	after := orgWith(before, in)
	if moving {
		after.ParentID, after.Path, after.Depth = parent.ID, parent.Path+gonghui.OrgPath(before.ID)[1:], parent.Depth+1
	}
	summary := changeSummary(before, after)
	if summary == "{}" {
		return Unchanged, w.saved(ctx)
	}
	if w.checking() {
		// Rows below see the change; a move's subtree keeps its old paths.
		w.look.orgs[before.ID] = orgLookup{org: after}
		return Updated, w.saved(ctx)
	}
	if err := c.updateOrgRow(ctx, before.ID, in); err != nil {
		return 0, err
	}
	if moving {
		// A batch cannot follow a subtree's records as they move: the
		// aggregates on both sides are rebuilt when the import ends.
		if err := c.markStale(ctx, before.Path, parent.Path); err != nil {
			return 0, err
		}
		if err := c.movePaths(ctx, before, parent); err != nil {
			return 0, err
		}
		clear(w.look.orgs) // the paths below it changed
	} else {
		delete(w.look.orgs, before.ID)
	}
	if err := c.audit(ctx, a, auditEntry{action: "org.update", recordType: "org", recordID: before.ID, orgPath: after.Path, summary: summary}); err != nil {
		return 0, err
	}
	return Updated, w.saved(ctx)
}

// lockOrg takes the locks of an org's code and USCC, each held by one org.
func (c conn) lockOrg(ctx context.Context, in gonghui.OrgInput) error {
	var keys []int64
	for _, k := range []string{in.Code, uscc.Normalize(in.USCC)} {
		if k != "" {
			keys = append(keys, textKey(k))
		}
	}
	return c.lockFor(ctx, lockOrgCode, keys...)
}

// existing finds the org with the input's code, in one query that also
// finds another org holding its USCC (a unique column: inserting it would
// fail the statement and, on PostgreSQL, the transaction).
func (w *OrgWriter) existing(ctx context.Context, v *gonghui.ValidationError, in gonghui.OrgInput) (gonghui.Org, error) {
	var before gonghui.Org
	if in.Code == "" {
		return before, nil
	}
	rows, err := w.c.query(ctx, "SELECT "+orgColumns+" FROM orgs o WHERE o.code = ? OR o.uscc = ?", in.Code, nullStr(uscc.Normalize(in.USCC)))
	if err != nil {
		return before, err
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return before, err
		}
		if o.Code == in.Code {
			before = o
		} else {
			v.Add("uscc", usccTaken.Zh+"（"+o.Code+"）", usccTaken.En+" ("+o.Code+")")
		}
	}
	if before.ID != 0 && !gonghui.InSubtree(before.Path, w.a.Path) {
		v.Add("code", "工会代码“"+in.Code+"”已属于您管辖范围外的工会", "code \""+in.Code+"\" belongs to a union outside your scope")
	}
	return before, rows.Err()
}

// parentID resolves the parent the row names but the resolver could not
// find: an org this import wrote, or the current parent of the top of the
// actor's scope (outside the scope, and not a move).
func (w *OrgWriter) parentID(ctx context.Context, v *gonghui.ValidationError, io ImportedOrg, before gonghui.Org) (int64, error) {
	if io.ParentID != 0 || io.ParentRef == "" {
		return io.ParentID, nil
	}
	ref := uscc.Normalize(io.ParentRef) // codes and USCCs are both upper-case
	if id, ok := w.written[ref]; ok {
		return id, nil
	}
	if before.ParentID != 0 {
		var code, usccCode string
		if err := w.c.row(ctx, `SELECT code, COALESCE(uscc, '') FROM orgs WHERE id = ?`, before.ParentID).Scan(&code, &usccCode); err != nil {
			return 0, err
		}
		if ref == code || ref == usccCode {
			return before.ParentID, nil
		}
	}
	v.Add("parent_id", "找不到上级工会“"+io.ParentRef+"”：上级工会须已在您的管辖范围内登记，或在本文件更早的行中",
		"no parent union \""+io.ParentRef+"\": it must be registered in your scope or come on an earlier line of this file")
	return 0, nil
}

// orgWith is o with the fields an OrgInput sets.
func orgWith(o gonghui.Org, in gonghui.OrgInput) gonghui.Org {
	o.Code, o.Name, o.Kind, o.RegionCode, o.IndustryCode = in.Code, in.Name, in.Kind, in.RegionCode, in.IndustryCode
	o.USCC, o.Chair, o.FoundedOn, o.ReportedMembers = in.USCC, in.Chair, in.FoundedOn, in.ReportedMembers
	return o
}

// UnitWriter saves imported units in batches. A unit is the same as one
// already kept when their USCCs agree: it is updated, or left alone when
// nothing differs.
type UnitWriter struct {
	batchTx
	a    gonghui.Actor
	look *lookups
}

// NewUnitWriter starts writing units as the actor.
func (s *Store) NewUnitWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*UnitWriter, error) {
	if !a.Can(gonghui.PermEditUnits) {
		return nil, gonghui.ErrForbidden
	}
	w := &UnitWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, look: newLookups()}
	return w, w.begin(ctx)
}

// Save stores one unit, with the checks of the unit form.
func (w *UnitWriter) Save(ctx context.Context, in gonghui.UnitInput) (UpsertResult, error) {
	c, a := w.c, w.a
	warning, org, err := c.checkUnit(ctx, a, &in, w.look)
	if err != nil {
		return 0, err
	}
	if err := c.lockFor(ctx, lockUnitUSCC, textKey(in.USCC)); err != nil {
		return 0, err
	}
	before, path, err := scanUnit(c.row(ctx, "SELECT "+unitColumns+" FROM units u JOIN orgs o ON o.id = u.org_id WHERE u.uscc = ?", in.USCC))
	switch {
	case errors.Is(err, gonghui.ErrNotFound):
	case err != nil:
		return 0, err
	case !gonghui.InSubtree(path, a.Path):
		return 0, gonghui.Invalid("uscc", "该单位已由您管辖范围外的工会登记", "this unit is registered by a union outside your scope")
	}
	after := gonghui.Unit{ID: before.ID, USCC: in.USCC, Name: in.Name, OrgID: in.OrgID, OrgName: org.Name, Ownership: in.Ownership,
		Public: in.Ownership.Public(), StaffCount: in.StaffCount, RegionCode: in.RegionCode, IndustryCode: in.IndustryCode, Warning: warningMessage(warning), LegalForm: before.LegalForm}
	var prior any // nil: a new unit
	action, result := "unit.create", Inserted
	if before.ID != 0 {
		if changeSummary(before, after) == "{}" {
			return Unchanged, w.saved(ctx)
		}
		prior, action, result = before, "unit.update", Updated
	}
	if w.checking() {
		return result, nil
	}
	if after.ID, err = c.writeUnit(ctx, before.ID, in, warning); err != nil {
		return 0, err
	}
	if err := c.audit(ctx, a, auditEntry{action: action, recordType: "unit", recordID: after.ID, orgPath: org.Path, summary: changeSummary(prior, after)}); err != nil {
		return 0, err
	}
	return result, w.saved(ctx)
}
