package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"gonghui"
)

// Workers' congresses (职代会): a congress belongs to the union that keeps
// it (congresses.org_id), which scopes it; the units it covers lie in that
// union's subtree.

const congressColumns = `g.id, g.org_id, o.name, g.name, g.kind, g.established_on, g.dissolved_on,
	(SELECT count(*) FROM congress_sittings cs WHERE cs.congress_id = g.id), o.path, g.version`

const congressFrom = ` FROM congresses g JOIN orgs o ON o.id = g.org_id`

type congressRow struct {
	gonghui.Congress
	path string
}

func scanCongress(sc scanner) (congressRow, error) {
	var r congressRow
	g := &r.Congress
	err := sc.Scan(&g.ID, &g.OrgID, &g.OrgName, &g.Name, &g.Kind, &g.EstablishedOn, &g.DissolvedOn, &g.Sittings, &r.path, &g.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return r, gonghui.ErrNotFound
	}
	g.UnitIDs = []int64{}
	return r, err
}

func (c conn) getCongress(ctx context.Context, a gonghui.Actor, id int64) (congressRow, error) {
	scope, args := scopeClause("o.path", a)
	r, err := scanCongress(c.row(ctx, "SELECT "+congressColumns+congressFrom+" WHERE g.id = ? AND "+scope, append([]any{id}, args...)...))
	if err != nil {
		return r, err
	}
	units, err := c.congressUnits(ctx, []int64{id})
	r.UnitIDs = append(r.UnitIDs, units[id]...)
	return r, err
}

// congressUnits returns the covered units of each congress, in unit order.
func (c conn) congressUnits(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	return c.coveredUnits(ctx, "congress_units", "congress_id", ids)
}

// GetCongress returns a congress kept by a union in the actor's subtree.
func (s *Store) GetCongress(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Congress, error) {
	r, err := s.conn().getCongress(ctx, a, id)
	return r.Congress, opErr(err, "get congress %d", id)
}

// CongressFilter selects congresses.
type CongressFilter struct {
	OrgID  int64 // kept by a union in this org's subtree
	Kind   gonghui.CongressKind
	UnitID int64   // congresses covering this unit
	Active bool    // only those not dissolved
	IDs    []int64 // these congresses only (a selection)
	Sort   string  // a key of congressSorts ("-": reversed); "" = newest first
	gonghui.Page
}

// congressSorts are the orders of the congress list.
var congressSorts = listSorts{
	"name": "g.name", "org": "o.name_initials, o.name", "kind": "g.kind", "established": "g.established_on",
}

// ListCongresses pages through the congresses of the actor's subtree,
// newest first.
func (s *Store) ListCongresses(ctx context.Context, a gonghui.Actor, f CongressFilter) ([]gonghui.Congress, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	scope, args, err := c.subtreeScope(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, opErr(err, "list congresses")
	}
	conds := []string{scope}
	if f.Kind != "" {
		conds = append(conds, "g.kind = ?")
		args = append(args, f.Kind)
	}
	if f.UnitID != 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM congress_units cu WHERE cu.congress_id = g.id AND cu.unit_id = ?)")
		args = append(args, f.UnitID)
	}
	if f.Active {
		conds = append(conds, "g.dissolved_on IS NULL")
	}
	if len(f.IDs) > 0 {
		cond, a := inList("g.id", f.IDs)
		conds, args = append(conds, cond), append(args, a...)
	}
	order, err := congressSorts.order(f.Sort, "g.id DESC", "g.id")
	if err != nil {
		return nil, 0, err
	}
	list, total, err := listPage(ctx, c, congressColumns, congressFrom, " WHERE "+strings.Join(conds, " AND "), order, args, f.Page,
		func(sc scanner) (gonghui.Congress, error) {
			r, err := scanCongress(sc)
			return r.Congress, err
		})
	if err != nil {
		return nil, 0, opErr(err, "list congresses")
	}
	ids := make([]int64, len(list))
	for i, g := range list {
		ids[i] = g.ID
	}
	units, err := c.congressUnits(ctx, ids)
	if err != nil {
		return nil, 0, opErr(err, "list congresses")
	}
	for i := range list {
		list[i].UnitIDs = append(list[i].UnitIDs, units[list[i].ID]...)
	}
	return list, total, nil
}

// checkCongress validates an input against the data: the keeping union in
// scope and active, every covered unit inside its subtree, no date in the
// future, and no unit with two active unit congresses. self is the congress
// being changed (0 for a new one); stale are congresses an import's check
// answers for from memory, not as kept.
func (c conn) checkCongress(ctx context.Context, a gonghui.Actor, in *gonghui.CongressInput, self int64, stale ...int64) (gonghui.Org, error) {
	v := &gonghui.ValidationError{}
	in.Validate(v)
	if today := gonghui.DateOf(c.s.now()); today.Before(in.EstablishedOn) {
		v.Add("established_on", "建立日期不能晚于今天", "the date of establishment cannot be in the future")
	}
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil {
		return org, err
	}
	if _, bad := v.Fields["unit_ids"]; org.ID == 0 || bad {
		return org, v.Err()
	}
	keeper := a
	keeper.Path = org.Path
	names := make(map[int64]string, len(in.UnitIDs))
	for _, uid := range in.UnitIDs {
		u, _, err := c.getUnit(ctx, keeper, uid)
		if errors.Is(err, gonghui.ErrNotFound) {
			id := strconv.FormatInt(uid, 10)
			v.Add("unit_ids", "单位"+id+"不在该工会的覆盖范围内", "unit "+id+" is not covered by the union's subtree")
			return org, v.Err()
		} else if err != nil {
			return org, err
		}
		names[uid] = u.Name
	}
	if in.Kind == gonghui.CongressUnit {
		if err := c.lockFor(ctx, lockUnitCongress, in.UnitIDs...); err != nil {
			return org, err
		}
		except := strings.Repeat(" AND g.id <> ?", len(stale))
		for _, uid := range in.UnitIDs {
			var n int
			args := []any{uid, self}
			for _, id := range stale {
				args = append(args, id)
			}
			err := c.row(ctx, `SELECT count(*) FROM congress_units cu JOIN congresses g ON g.id = cu.congress_id
				WHERE cu.unit_id = ? AND g.kind = 'unit' AND g.dissolved_on IS NULL AND g.id <> ?`+except, args...).Scan(&n)
			if err != nil {
				return org, err
			}
			if n > 0 {
				v.Add("unit_ids", "单位“"+names[uid]+"”已有在运行的单位职代会", "unit \""+names[uid]+"\" already has an active unit congress")
				break
			}
		}
	}
	return org, v.Err()
}

func (c conn) setCongressUnits(ctx context.Context, id int64, units []int64) error {
	if _, err := c.exec(ctx, `DELETE FROM congress_units WHERE congress_id = ?`, id); err != nil {
		return err
	}
	rows := make([][]any, len(units))
	for i, u := range units {
		rows[i] = []any{id, u}
	}
	return insertRows(ctx, c, "congress_units", []string{"congress_id", "unit_id"}, rows)
}

// CreateCongress records a workers' congress over its units.
func (s *Store) CreateCongress(ctx context.Context, a gonghui.Actor, in gonghui.CongressInput) (gonghui.Congress, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.Congress{}, gonghui.ErrForbidden
	}
	var out gonghui.Congress
	err := s.inTx(ctx, func(c conn) (err error) {
		out, err = c.createCongress(ctx, a, in)
		return err
	})
	return out, opErr(err, "create congress")
}

func (c conn) createCongress(ctx context.Context, a gonghui.Actor, in gonghui.CongressInput) (out gonghui.Congress, err error) {
	org, err := c.checkCongress(ctx, a, &in, 0)
	if err != nil {
		return out, err
	}
	if err := c.touchCovering(ctx, congressCoverer, nil, []int64{in.OrgID}, in.UnitIDs); err != nil {
		return out, err
	}
	now := c.s.nowUnix()
	var id int64
	err = c.row(ctx, `INSERT INTO congresses (org_id, name, kind, established_on, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, in.Name, in.Kind, in.EstablishedOn, now, now).Scan(&id)
	if err != nil {
		return out, err
	}
	if err := c.setCongressUnits(ctx, id, in.UnitIDs); err != nil {
		return out, err
	}
	r, err := c.getCongress(ctx, a, id)
	out = r.Congress
	if err != nil {
		return out, err
	}
	return out, c.audit(ctx, a, auditEntry{action: "congress.create", recordType: "congress", recordID: id, orgPath: org.Path, summary: changeSummary(nil, out)})
}

// UpdateCongress changes an active congress: its union, name, kind, date of
// establishment and units. The date cannot move past a recorded sitting.
func (s *Store) UpdateCongress(ctx context.Context, a gonghui.Actor, id int64, in gonghui.CongressInput) (gonghui.Congress, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.Congress{}, gonghui.ErrForbidden
	}
	var out gonghui.Congress
	err := s.inTx(ctx, func(c conn) (err error) {
		out, err = c.updateCongress(ctx, a, id, in)
		return err
	})
	return out, opErr(err, "update congress %d", id)
}

func (c conn) updateCongress(ctx context.Context, a gonghui.Actor, id int64, in gonghui.CongressInput) (out gonghui.Congress, err error) {
	cur, err := c.getCongress(ctx, a, id)
	if err != nil {
		return out, err
	}
	if !cur.Active() {
		return out, gonghui.Invalid("dissolved_on", "该职代会已撤销，不能修改", "the congress is dissolved and cannot be changed")
	}
	org, err := c.checkCongress(ctx, a, &in, id)
	if err != nil {
		return out, err
	}
	first, err := c.firstSitting(ctx, id)
	if err != nil {
		return out, err
	}
	if !first.IsZero() && first.Before(in.EstablishedOn) {
		return out, gonghui.Invalid("established_on", "建立日期不能晚于已记录的会议（"+first.String()+"）",
			"the date of establishment cannot follow a recorded sitting ("+first.String()+")")
	}
	if err := c.touchCovering(ctx, congressCoverer, []int64{id}, []int64{in.OrgID}, in.UnitIDs); err != nil {
		return out, err
	}
	if err := c.updateVersioned(ctx, "congresses", `org_id = ?, name = ?, kind = ?, established_on = ?, updated_at = ?`,
		[]any{in.OrgID, in.Name, in.Kind, in.EstablishedOn, c.s.nowUnix()}, id, in.Version); err != nil {
		return out, err
	}
	if err := c.setCongressUnits(ctx, id, in.UnitIDs); err != nil {
		return out, err
	}
	r, err := c.getCongress(ctx, a, id)
	out = r.Congress
	if err != nil {
		return out, err
	}
	return out, c.audit(ctx, a, auditEntry{action: "congress.update", recordType: "congress", recordID: id, orgPath: org.Path, summary: changeSummary(cur.Congress, out)})
}

// firstSitting and lastSitting bound the recorded sittings (zero when none).
func (c conn) firstSitting(ctx context.Context, id int64) (gonghui.Date, error) {
	var d gonghui.Date
	err := c.row(ctx, `SELECT MIN(held_on) FROM congress_sittings WHERE congress_id = ?`, id).Scan(&d)
	return d, err
}

func (c conn) lastSitting(ctx context.Context, id int64) (gonghui.Date, error) {
	var d gonghui.Date
	err := c.row(ctx, `SELECT MAX(held_on) FROM congress_sittings WHERE congress_id = ?`, id).Scan(&d)
	return d, err
}

// DissolveCongress ends a congress on a date (today when zero), no earlier
// than its establishment or its last sitting. Its units may then get a new
// unit congress.
func (s *Store) DissolveCongress(ctx context.Context, a gonghui.Actor, id int64, on gonghui.Date) (gonghui.Congress, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.Congress{}, gonghui.ErrForbidden
	}
	today := gonghui.DateOf(s.now())
	if on.IsZero() {
		on = today
	}
	var out gonghui.Congress
	err := s.inTx(ctx, func(c conn) error {
		cur, err := c.getCongress(ctx, a, id)
		if err != nil {
			return err
		}
		last, err := c.lastSitting(ctx, id)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		switch {
		case !cur.Active():
			v.Add("dissolved_on", "该职代会已撤销", "the congress is already dissolved")
		case today.Before(on):
			v.Add("dissolved_on", "撤销日期不能晚于今天", "the date of dissolution cannot be in the future")
		case on.Before(cur.EstablishedOn):
			v.Add("dissolved_on", "撤销日期不能早于建立日期", "dissolution cannot precede establishment")
		case on.Before(last):
			v.Add("dissolved_on", "撤销日期不能早于最后一次会议（"+last.String()+"）", "dissolution cannot precede the last sitting ("+last.String()+")")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.touchCovering(ctx, congressCoverer, []int64{id}, nil, nil); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE congresses SET dissolved_on = ?, updated_at = ?, version = version + 1 WHERE id = ?`, on, s.nowUnix(), id); err != nil {
			return err
		}
		r, err := c.getCongress(ctx, a, id)
		out = r.Congress
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "congress.dissolve", recordType: "congress", recordID: id, orgPath: r.path, summary: changeSummary(cur.Congress, out)})
	})
	return out, opErr(err, "dissolve congress %d", id)
}

const sittingColumns = `id, held_on, delegates, attended, motions`

func scanSitting(sc scanner) (gonghui.Sitting, error) {
	var st gonghui.Sitting
	var motions string
	err := sc.Scan(&st.ID, &st.HeldOn, &st.Delegates, &st.Attended, &motions)
	if errors.Is(err, sql.ErrNoRows) {
		return st, gonghui.ErrNotFound
	}
	json.Unmarshal([]byte(motions), &st.Motions)
	if st.Motions == nil {
		st.Motions = []string{}
	}
	return st, err
}

// AddSitting records a sitting of a congress, held while the congress
// existed (from its establishment to its dissolution).
func (s *Store) AddSitting(ctx context.Context, a gonghui.Actor, congressID int64, in gonghui.SittingInput) (gonghui.Sitting, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.Sitting{}, gonghui.ErrForbidden
	}
	var out gonghui.Sitting
	err := s.inTx(ctx, func(c conn) (err error) {
		out, err = c.addSitting(ctx, a, congressID, in)
		return err
	})
	return out, opErr(err, "add sitting")
}

func (c conn) addSitting(ctx context.Context, a gonghui.Actor, congressID int64, in gonghui.SittingInput) (out gonghui.Sitting, err error) {
	g, err := c.getCongress(ctx, a, congressID)
	if err != nil {
		return out, err
	}
	v := &gonghui.ValidationError{}
	in.Validate(v, gonghui.DateOf(c.s.now()))
	switch {
	case in.HeldOn.IsZero():
	case in.HeldOn.Before(g.EstablishedOn):
		v.Add("held_on", "会议日期不能早于职代会建立日期", "the sitting cannot precede the congress's establishment")
	case !g.Active() && g.DissolvedOn.Before(in.HeldOn):
		v.Add("held_on", "会议日期不能晚于职代会撤销日期", "the sitting cannot follow the congress's dissolution")
	}
	if err := v.Err(); err != nil {
		return out, err
	}
	out, err = scanSitting(c.row(ctx, `INSERT INTO congress_sittings (congress_id, held_on, delegates, attended, motions, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING `+sittingColumns,
		congressID, in.HeldOn, in.Delegates, in.Attended, stringsJSON(in.Motions), c.s.nowUnix()))
	if err != nil {
		return out, err
	}
	if _, err := c.exec(ctx, `UPDATE congresses SET updated_at = ? WHERE id = ?`, c.s.nowUnix(), congressID); err != nil {
		return out, err
	}
	return out, c.audit(ctx, a, auditEntry{action: "congress.sitting", recordType: "congress", recordID: congressID, orgPath: g.path, summary: mustJSON(out)})
}

// Sittings lists a congress's sittings in the order they were held.
func (s *Store) Sittings(ctx context.Context, a gonghui.Actor, congressID int64) ([]gonghui.Sitting, error) {
	c := s.conn()
	if _, err := c.getCongress(ctx, a, congressID); err != nil {
		return nil, opErr(err, "sittings")
	}
	rows, err := c.query(ctx, `SELECT `+sittingColumns+` FROM congress_sittings WHERE congress_id = ? ORDER BY held_on, id`, congressID)
	if err != nil {
		return nil, opErr(err, "sittings")
	}
	defer rows.Close()
	out := []gonghui.Sitting{}
	for rows.Next() {
		st, err := scanSitting(rows)
		if err != nil {
			return nil, opErr(err, "sittings")
		}
		out = append(out, st)
	}
	return out, rows.Err()
}
