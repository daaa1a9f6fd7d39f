package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"gonghui"
	"gonghui/uscc"
)

const unitColumns = `u.id, u.uscc, u.name, u.org_id, o.name, u.ownership, u.public, u.staff_count,
	COALESCE(u.region_code, ''), COALESCE(u.industry_code, ''), u.uscc_warning, o.path, u.version, u.legal_form`

func scanUnit(sc scanner) (gonghui.Unit, string, error) {
	var u gonghui.Unit
	var public int
	var warning, path string
	err := sc.Scan(&u.ID, &u.USCC, &u.Name, &u.OrgID, &u.OrgName, &u.Ownership, &public, &u.StaffCount,
		&u.RegionCode, &u.IndustryCode, &warning, &path, &u.Version, &u.LegalForm)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", gonghui.ErrNotFound
	}
	u.Public = public != 0
	u.Warning = warningMessage(warning)
	return u, path, err
}

// warningMessage reads a stored USCC warning ("zh\nen"; "" for none).
func warningMessage(s string) *gonghui.Message {
	if s == "" {
		return nil
	}
	zh, en, _ := strings.Cut(s, "\n")
	return &gonghui.Message{Zh: zh, En: en}
}

func (c conn) getUnit(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Unit, string, error) {
	scope, args := scopeClause("o.path", a)
	return scanUnit(c.row(ctx, "SELECT "+unitColumns+" FROM units u JOIN orgs o ON o.id = u.org_id WHERE u.id = ? AND "+scope,
		append([]any{id}, args...)...))
}

// GetUnit returns a unit covered by a union in the actor's subtree.
func (s *Store) GetUnit(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Unit, error) {
	u, _, err := s.conn().getUnit(ctx, a, id)
	return u, opErr(err, "get unit %d", id)
}

// ListUnits pages through units covered by unions in the actor's subtree
// (or in the subtree of f.OrgID, itself inside the actor's).
func (s *Store) ListUnits(ctx context.Context, a gonghui.Actor, f gonghui.UnitFilter) ([]gonghui.Unit, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	scopeActor, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, opErr(err, "list units")
	}
	scope, args := scopeClause("o.path", scopeActor)
	conds := []string{scope}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds = append(conds, `(u.name LIKE ? ESCAPE '\' OR u.uscc >= ? AND u.uscc < ? OR u.name_initials LIKE ? ESCAPE '\')`)
		uq := uscc.Normalize(q)
		args = append(args, likePattern(q), uq, uq+"\x7f", strings.TrimPrefix(likePattern(strings.ToLower(q)), "%"))
	}
	if f.Ownership != "" {
		conds, args = append(conds, "u.ownership = ?"), append(args, f.Ownership)
	}
	if f.IndustryCode != "" {
		// A section keeps its divisions too.
		conds = append(conds, "u.industry_code IN (SELECT i.code FROM industries i WHERE i.code = ? OR i.section = ?)")
		args = append(args, f.IndustryCode, f.IndustryCode)
	}
	if f.StaffBand != "" {
		lo, hi, ok := gonghui.StaffBandRange(f.StaffBand)
		if !ok {
			return nil, 0, gonghui.Invalid("staff", "职工人数段无效", "unknown staff band")
		}
		conds, args = append(conds, "u.staff_count >= ?"), append(args, lo)
		if hi > 0 {
			conds, args = append(conds, "u.staff_count < ?"), append(args, hi)
		}
	}
	if len(f.IDs) > 0 {
		cond, a := inList("u.id", f.IDs)
		conds, args = append(conds, cond), append(args, a...)
	}
	order, err := unitSorts.order(f.Sort, "u.id", "u.id")
	if err != nil {
		return nil, 0, err
	}
	wh := " WHERE " + strings.Join(conds, " AND ")
	return listPage(ctx, c, unitColumns, "FROM units u JOIN orgs o ON o.id = u.org_id", wh, order, args, f.Page,
		func(sc scanner) (gonghui.Unit, error) {
			u, _, err := scanUnit(sc)
			return u, err
		})
}

// unitSorts are the orders of the unit list.
var unitSorts = listSorts{
	"name": "u.name_initials, u.name", "uscc": "u.uscc", "org": "o.name_initials, o.name",
	"ownership": "u.ownership", "staff": "u.staff_count",
}

// checkUnit validates a unit input against the data: the USCC, the covering
// union (in scope and active) and the reference codes, asking look (nil:
// the database) for them. It normalizes the USCC and returns the warning
// to keep and the covering org.
func (c conn) checkUnit(ctx context.Context, a gonghui.Actor, in *gonghui.UnitInput, look *lookups) (string, gonghui.Org, error) {
	in.Normalize()
	v := &gonghui.ValidationError{}
	in.Validate(v)
	warning := ""
	code, err := uscc.Parse(in.USCC)
	if err != nil {
		var ue *uscc.Error
		if errors.As(err, &ue) {
			v.Add("uscc", ue.Zh, ue.En)
		} else {
			v.Add("uscc", "统一社会信用代码无效", "invalid USCC")
		}
	} else {
		in.USCC = code.Value
		checkPilot(v, code, in.USCCPilotConfirmed)
		if code.Warning != nil {
			warning = code.Warning.Zh + "\n" + code.Warning.En
		}
	}
	var org gonghui.Org
	if in.OrgID != 0 {
		org, err = look.org(ctx, c, a, in.OrgID)
		switch {
		case errors.Is(err, gonghui.ErrNotFound):
			v.Add("org_id", "工会不存在或不在您的管辖范围内", "union not found in your scope")
		case err != nil:
			return "", org, err
		case org.Status != gonghui.OrgActive:
			v.Add("org_id", "该工会已撤销或合并", "the union is dissolved or merged")
		}
	}
	if err := c.checkRefs(ctx, v, in.RegionCode, in.IndustryCode, look); err != nil {
		return "", org, err
	}
	return warning, org, v.Err()
}

// ValidateUnit reports every field error of a unit input without saving it.
func (s *Store) ValidateUnit(ctx context.Context, a gonghui.Actor, in gonghui.UnitInput) error {
	_, _, err := s.conn().checkUnit(ctx, a, &in, nil)
	return opErr(err, "validate unit")
}

// CreateUnit registers a unit under the union that covers it.
func (s *Store) CreateUnit(ctx context.Context, a gonghui.Actor, in gonghui.UnitInput) (gonghui.Unit, error) {
	if !a.Can(gonghui.PermEditUnits) {
		return gonghui.Unit{}, gonghui.ErrForbidden
	}
	var out gonghui.Unit
	err := s.inTx(ctx, func(c conn) error {
		warning, org, err := c.checkUnit(ctx, a, &in, nil)
		if err != nil {
			return err
		}
		id, err := c.writeUnit(ctx, 0, in, warning)
		if err != nil {
			return err
		}
		out, _, err = c.getUnit(ctx, a, id)
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "unit.create", recordType: "unit", recordID: id, orgPath: org.Path, summary: changeSummary(nil, out)})
	})
	return out, opErr(err, "create unit")
}

// UpdateUnit changes a unit, possibly handing it to another union in scope.
func (s *Store) UpdateUnit(ctx context.Context, a gonghui.Actor, id int64, in gonghui.UnitInput) (gonghui.Unit, error) {
	if !a.Can(gonghui.PermEditUnits) {
		return gonghui.Unit{}, gonghui.ErrForbidden
	}
	var out gonghui.Unit
	err := s.inTx(ctx, func(c conn) error {
		before, _, err := c.getUnit(ctx, a, id)
		if err != nil {
			return err
		}
		warning, org, err := c.checkUnit(ctx, a, &in, nil)
		if err != nil {
			return err
		}
		if _, err := c.writeUnit(ctx, id, in, warning); err != nil {
			return err
		}
		out, _, err = c.getUnit(ctx, a, id)
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "unit.update", recordType: "unit", recordID: id, orgPath: org.Path, summary: changeSummary(before, out)})
	})
	return out, opErr(err, "update unit %d", id)
}

// writeUnit inserts a checked unit (id 0) or updates one, returning its ID.
func (c conn) writeUnit(ctx context.Context, id int64, in gonghui.UnitInput, warning string) (int64, error) {
	// Under the USCC's lock an import that finds no unit with it inserts
	// one without a unique violation, which would end its transaction.
	if err := c.lockFor(ctx, lockUnitUSCC, textKey(in.USCC)); err != nil {
		return 0, err
	}
	// The unit counts at its union before and after: both are touched.
	if err := c.touchUnits(ctx, famUnits, id); err != nil {
		return 0, err
	}
	if err := c.touchStats(ctx, famUnits, in.OrgID); err != nil {
		return 0, err
	}
	now := c.s.nowUnix()
	args := []any{in.USCC, in.Name, nameInitials(in.Name), in.OrgID, in.Ownership, boolInt(in.Ownership.Public()), in.StaffCount,
		nullStr(in.RegionCode), nullStr(in.IndustryCode), warning, now}
	if id != 0 {
		err := c.updateVersioned(ctx, "units", `uscc = ?, name = ?, name_initials = ?, org_id = ?, ownership = ?, public = ?, staff_count = ?, region_code = ?, industry_code = ?, uscc_warning = ?, updated_at = ?`,
			args, id, in.Version)
		if err != nil {
			return id, uniqueToValidation(err)
		}
		return id, c.linkEmployers(ctx, id, in.USCC)
	}
	err := c.row(ctx, `INSERT INTO units (uscc, name, name_initials, org_id, ownership, public, staff_count, region_code, industry_code, uscc_warning, updated_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, append(args, now)...).Scan(&id)
	if err != nil {
		return id, uniqueToValidation(err)
	}
	return id, c.linkEmployers(ctx, id, in.USCC)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
