package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"gonghui"
)

// Assistance programmes: kept by a union (PermEditProgrammes within its
// subtree), serving its subtree. A union's cadres see the programmes of
// their own subtree and those of the unions above them, which they file
// under.

// lockProgrammeCode: one programme per code, city-wide (the stacking
// order names programmes by code). Key: textKey(code).
var lockProgrammeCode = newLockRule("programmes: one programme per code")

const programmeColumns = `p.id, p.org_id, o.name, p.code, p.name, COALESCE(p.fund_id, 0), COALESCE(f.name, ''), p.recipient_kind, p.form,
	p.period_kind, p.figure, p.rules, p.active, p.version, o.path`

const programmeFrom = ` FROM programmes p JOIN orgs o ON o.id = p.org_id LEFT JOIN funds f ON f.id = p.fund_id`

type programmeRow struct {
	gonghui.Programme
	path string
}

func scanProgramme(sc scanner) (programmeRow, error) {
	var p programmeRow
	var rules string
	var active int64
	err := sc.Scan(&p.ID, &p.OrgID, &p.OrgName, &p.Code, &p.Name, &p.FundID, &p.FundName, &p.RecipientKind, &p.Form, &p.PeriodKind,
		&p.Figure, &rules, &active, &p.Version, &p.path)
	if errors.Is(err, sql.ErrNoRows) {
		return p, gonghui.ErrNotFound
	}
	if err != nil {
		return p, err
	}
	p.Active = active != 0
	// Stored rules were checked when saved; a document that no longer
	// reads is an error of the store, not of the caller.
	if err := json.Unmarshal([]byte(rules), &p.Rules); err != nil {
		return p, errors.New("programme " + p.Code + ": rules: " + err.Error())
	}
	return p, nil
}

// servedClause keeps programmes the actor may file under or keep: those
// of unions in its subtree and of the unions above it.
func servedClause(a gonghui.Actor) (string, []any) {
	scope, args := scopeClause("o.path", a)
	return "(" + scope + " OR substr(?, 1, length(o.path)) = o.path)", append(args, a.Path)
}

func (c conn) getProgramme(ctx context.Context, a gonghui.Actor, id int64) (programmeRow, error) {
	served, args := servedClause(a)
	return scanProgramme(c.row(ctx, "SELECT "+programmeColumns+programmeFrom+" WHERE p.id = ? AND "+served, append([]any{id}, args...)...))
}

// GetProgramme returns a programme the actor's union is served by or
// keeps.
func (s *Store) GetProgramme(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Programme, error) {
	p, err := s.conn().getProgramme(ctx, a, id)
	return p.Programme, opErr(err, "get programme %d", id)
}

// GetProgrammeByCode returns the programme of a code, when it serves the
// actor's union or is kept in its subtree.
func (s *Store) GetProgrammeByCode(ctx context.Context, a gonghui.Actor, code string) (gonghui.Programme, error) {
	served, args := servedClause(a)
	p, err := scanProgramme(s.conn().row(ctx, "SELECT "+programmeColumns+programmeFrom+" WHERE p.code = ? AND "+served,
		append([]any{strings.ToUpper(strings.TrimSpace(code))}, args...)...))
	return p.Programme, opErr(err, "get programme %s", code)
}

// ProgrammeFilter selects programmes.
type ProgrammeFilter struct {
	ActiveOnly bool
	FundID     int64 // those drawing on a fund
	Page       gonghui.Page
}

// ListProgrammes lists the programmes serving the actor's union or kept
// in its subtree, by their union's place in the tree and code.
func (s *Store) ListProgrammes(ctx context.Context, a gonghui.Actor, f ProgrammeFilter) ([]gonghui.Programme, int, error) {
	f.Page = f.Page.Normalize()
	where, args := servedClause(a)
	if f.ActiveOnly {
		where += " AND p.active = 1"
	}
	if f.FundID != 0 {
		where += " AND p.fund_id = ?"
		args = append(args, f.FundID)
	}
	out, n, err := listPage(ctx, s.conn(), programmeColumns, programmeFrom, " WHERE "+where, "o.path, p.code", args, f.Page,
		func(sc scanner) (gonghui.Programme, error) {
			p, err := scanProgramme(sc)
			return p.Programme, err
		})
	return out, n, opErr(err, "list programmes")
}

// CreateProgramme opens a programme at a union of the actor's subtree.
func (s *Store) CreateProgramme(ctx context.Context, a gonghui.Actor, in gonghui.ProgrammeInput) (gonghui.Programme, error) {
	p, err := s.saveProgramme(ctx, a, 0, in)
	return p, opErr(err, "create programme")
}

// UpdateProgramme changes a programme still at in.Version. Its union and
// code stay: applications and the stacking order name them. A change of
// rules holds for assessments made from then on; past steps keep theirs.
func (s *Store) UpdateProgramme(ctx context.Context, a gonghui.Actor, id int64, in gonghui.ProgrammeInput) (gonghui.Programme, error) {
	p, err := s.saveProgramme(ctx, a, id, in)
	return p, opErr(err, "update programme %d", id)
}

func (s *Store) saveProgramme(ctx context.Context, a gonghui.Actor, id int64, in gonghui.ProgrammeInput) (gonghui.Programme, error) {
	if !a.Can(gonghui.PermEditProgrammes) {
		return gonghui.Programme{}, gonghui.ErrForbidden
	}
	var out gonghui.Programme
	err := s.inTx(ctx, func(c conn) (err error) {
		out, err = c.saveProgramme(ctx, a, id, in)
		return err
	})
	return out, err
}

// saveProgramme creates (id 0) or updates a programme in the caller's
// transaction.
func (c conn) saveProgramme(ctx context.Context, a gonghui.Actor, id int64, in gonghui.ProgrammeInput) (gonghui.Programme, error) {
	in.Normalize()
	var out gonghui.Programme
	err := func() error {
		var before *gonghui.Programme
		if id != 0 {
			cur, err := c.getProgramme(ctx, a, id)
			if err != nil {
				return err
			}
			if !strings.HasPrefix(cur.path, a.Path) {
				return gonghui.ErrForbidden // a programme from above is read, not kept, here
			}
			before, in.OrgID, in.Code = &cur.Programme, cur.OrgID, cur.Code
		}
		if err := c.lockFor(ctx, lockProgrammeCode, textKey(in.Code)); err != nil {
			return err
		}
		org, err := c.checkProgramme(ctx, a, in, id)
		if err != nil {
			return err
		}
		if before != nil && before.Figure != in.Figure {
			if err := c.checkFigureFree(ctx, id); err != nil {
				return err
			}
		}
		rules := mustJSON(in.Rules)
		now := c.s.nowUnix()
		args := []any{in.Name, nullInt(in.FundID), in.RecipientKind, in.Form, in.PeriodKind, in.Figure, rules, boolInt(in.Active), now}
		if before != nil {
			err = c.updateVersioned(ctx, "programmes", `name = ?, fund_id = ?, recipient_kind = ?, form = ?, period_kind = ?, figure = ?, rules = ?,
				active = ?, updated_at = ?`, args, id, in.Version)
		} else {
			err = c.row(ctx, `INSERT INTO programmes (name, fund_id, recipient_kind, form, period_kind, figure, rules, active, updated_at, org_id, code,
				created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, append(args, in.OrgID, in.Code, now)...).Scan(&id)
		}
		if err != nil {
			return err
		}
		p, err := c.getProgramme(ctx, a, id)
		if err != nil {
			return err
		}
		out = p.Programme
		action, prior := "programme.create", any(nil)
		if before != nil {
			action, prior = "programme.update", *before
		}
		return c.audit(ctx, a, auditEntry{action: action, recordType: "programme", recordID: id, orgPath: org.Path, summary: changeSummary(prior, out)})
	}()
	return out, err
}

// checkProgramme checks a programme: its rules, its union in scope and
// active, its fund that union's, its code free.
func (c conn) checkProgramme(ctx context.Context, a gonghui.Actor, in gonghui.ProgrammeInput, id int64) (gonghui.Org, error) {
	v := &gonghui.ValidationError{}
	in.Validate(v)
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil {
		return org, err
	}
	if in.FundID != 0 {
		f, _, err := c.getFund(ctx, a, in.FundID)
		switch {
		case errors.Is(err, gonghui.ErrNotFound) || err == nil && f.OrgID != in.OrgID:
			v.Add("fund_id", "资金须为本工会的帮扶资金", "the fund must be one of the union's own")
		case err != nil:
			return org, err
		}
	}
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM programmes WHERE code = ? AND id <> ?`, in.Code, id).Scan(&n); err != nil {
		return org, err
	}
	if n > 0 {
		v.Add("code", "项目代码已被使用", "the programme code is taken")
	}
	return org, v.Err()
}

// checkFigureFree refuses to move a programme to another figure line once
// it has paid or been raised for: its past figures would move with it.
func (c conn) checkFigureFree(ctx context.Context, id int64) error {
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM applications WHERE programme_id = ? AND entry_id IS NOT NULL`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		if err := c.row(ctx, `SELECT count(*) FROM ledger_entries WHERE ref_kind = 'programme' AND ref_id = ?`, id).Scan(&n); err != nil {
			return err
		}
	}
	if n > 0 {
		return gonghui.Invalid("figure", "项目已有发放或募集记录，统计口径不能再改（可另设新项目）",
			"the programme has paid or been raised for: its line stays (open a new programme instead)")
	}
	return nil
}

// SeedStandardProgrammes opens the standard programmes (金秋助学, 温暖基金,
// the festival visits, medical mutual aid, emergency relief) at a union,
// paid from its hardship-aid and warmth funds; those whose code is
// already taken are left as they are, so seeding twice changes nothing.
func (s *Store) SeedStandardProgrammes(ctx context.Context, a gonghui.Actor, orgID, aidFund, warmthFund int64) ([]gonghui.Programme, error) {
	var out []gonghui.Programme
	for _, in := range gonghui.StandardProgrammes(orgID, aidFund, warmthFund) {
		p, err := s.CreateProgramme(ctx, a, in)
		var v *gonghui.ValidationError
		if errors.As(err, &v) && len(v.Fields) == 1 && v.Fields["code"].En != "" {
			continue
		}
		if err != nil {
			return out, err
		}
		out = append(out, p)
	}
	return out, nil
}

// ImportedProgramme is a programme of an imported catalogue and the fund
// it pays from, named at its union: opened with the programme when the
// union keeps none of that name.
type ImportedProgramme struct {
	Input gonghui.ProgrammeInput
	Fund  gonghui.FundInput // Name "" for a programme that pays nothing
}

// ProgrammeWriter saves an imported programme catalogue in batches: a
// code on record is updated when its row differs, else left alone.
type ProgrammeWriter struct {
	batchTx
	a gonghui.Actor
}

// NewProgrammeWriter starts importing programmes as the actor, who keeps
// programmes and, for the funds it opens, the books.
func (s *Store) NewProgrammeWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*ProgrammeWriter, error) {
	if !a.Can(gonghui.PermEditProgrammes) || !a.Can(gonghui.PermPostLedger) {
		return nil, gonghui.ErrForbidden
	}
	w := &ProgrammeWriter{batchTx: batchTx{s: s, size: batchSize}, a: a}
	return w, w.begin(ctx)
}

// Save stores one programme and opens its fund when needed.
func (w *ProgrammeWriter) Save(ctx context.Context, r ImportedProgramme) (UpsertResult, error) {
	c, a := w.c, w.a
	in := r.Input
	in.Normalize()
	openFund := false
	if r.Fund.Name != "" {
		err := c.row(ctx, `SELECT id FROM funds WHERE org_id = ? AND name = ?`, in.OrgID, strings.TrimSpace(r.Fund.Name)).Scan(&in.FundID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			openFund, in.FundID = true, -1 // a stand-in until it is opened, for the rules' checks
		case err != nil:
			return 0, err
		}
	}
	var id int64
	var before gonghui.ProgrammeInput
	cur, err := scanProgramme(c.row(ctx, "SELECT "+programmeColumns+programmeFrom+" WHERE p.code = ?", in.Code))
	switch {
	case err == nil:
		if !strings.HasPrefix(cur.path, a.Path) {
			return 0, gonghui.Invalid("code", "项目代码已被其他工会使用", "the programme code is another union's")
		}
		id, before = cur.ID, cur.ToInput()
		in.Version, before.Version = cur.Version, cur.Version
		if mustJSON(before) == mustJSON(in) {
			return Unchanged, w.saved(ctx)
		}
	case !errors.Is(err, gonghui.ErrNotFound):
		return 0, err
	}
	result := Inserted
	if id != 0 {
		result = Updated
	}
	if w.checking() {
		v := &gonghui.ValidationError{}
		in.Validate(v)
		return result, v.Err()
	}
	err = c.wholeLine(ctx, func() error {
		if openFund {
			r.Fund.OrgID = in.OrgID
			f, err := c.saveFund(ctx, a, 0, r.Fund)
			if err != nil {
				return err
			}
			in.FundID = f.ID
		}
		_, err := c.saveProgramme(ctx, a, id, in)
		return err
	})
	if err != nil {
		return 0, err
	}
	return result, w.saved(ctx)
}
