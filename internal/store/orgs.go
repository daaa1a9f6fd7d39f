package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"gonghui"
	"gonghui/uscc"
)

const orgColumns = `o.id, o.code, o.name, o.kind, COALESCE(o.parent_id, 0), o.path, o.depth,
	COALESCE(o.region_code, ''), COALESCE(o.industry_code, ''), COALESCE(o.uscc, ''), o.chair,
	o.founded_on, o.dissolved_on, o.status, COALESCE(o.successor_id, 0), o.reported_members,
	(SELECT count(*) FROM orgs ch WHERE ch.parent_id = o.id AND ch.status = 'active'),
	(SELECT count(*) FROM units u WHERE u.org_id = o.id), o.version`

// orgRowColumns are orgColumns without the counts of a union's children
// and units, for reads that show neither: ChildCount and UnitCount are 0.
var orgRowColumns = strings.Replace(orgColumns, `(SELECT count(*) FROM orgs ch WHERE ch.parent_id = o.id AND ch.status = 'active'),
	(SELECT count(*) FROM units u WHERE u.org_id = o.id)`, "0, 0", 1)

func scanOrg(sc scanner) (gonghui.Org, error) {
	var o gonghui.Org
	var reported sql.NullInt64
	err := sc.Scan(&o.ID, &o.Code, &o.Name, &o.Kind, &o.ParentID, &o.Path, &o.Depth,
		&o.RegionCode, &o.IndustryCode, &o.USCC, &o.Chair,
		&o.FoundedOn, &o.DissolvedOn, &o.Status, &o.SuccessorID, &reported, &o.ChildCount, &o.UnitCount, &o.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return o, gonghui.ErrNotFound
	}
	if reported.Valid {
		n := int(reported.Int64)
		o.ReportedMembers = &n
	}
	return o, err
}

// getOrg reads one org inside the actor's subtree; outside it, ErrNotFound.
func (c conn) getOrg(ctx context.Context, a gonghui.Actor, where string, arg any) (gonghui.Org, error) {
	scope, args := scopeClause("o.path", a)
	return scanOrg(c.row(ctx, "SELECT "+orgColumns+" FROM orgs o WHERE "+where+" AND "+scope, append([]any{arg}, args...)...))
}

// GetOrg returns the org with id if it lies in the actor's subtree.
func (s *Store) GetOrg(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Org, error) {
	return s.conn().getOrg(ctx, a, "o.id = ?", id)
}

// GetOrgByCode returns the org with the short code if it lies in scope.
func (s *Store) GetOrgByCode(ctx context.Context, a gonghui.Actor, code string) (gonghui.Org, error) {
	return s.conn().getOrg(ctx, a, "o.code = ?", strings.ToUpper(strings.TrimSpace(code)))
}

// RootOrg returns the org at the top of the actor's scope.
func (s *Store) RootOrg(ctx context.Context, a gonghui.Actor) (gonghui.Org, error) {
	if a.OrgID != 0 {
		return s.GetOrg(ctx, a, a.OrgID)
	}
	return s.conn().getOrg(ctx, a, "o.parent_id IS NULL AND o.id > ?", 0)
}

// ListOrgs pages through orgs in the actor's subtree.
func (s *Store) ListOrgs(ctx context.Context, a gonghui.Actor, f gonghui.OrgFilter) ([]gonghui.Org, int, error) {
	f.Page = f.Page.Normalize()
	scope, args := scopeClause("o.path", a)
	conds := []string{scope}
	if f.ParentID != 0 {
		conds = append(conds, "o.parent_id = ?")
		args = append(args, f.ParentID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// A name contains it, or a code or USCC or the name's pinyin
		// initials start with it.
		prefix := strings.TrimPrefix(likePattern(strings.ToUpper(q)), "%")
		initials := strings.TrimPrefix(likePattern(strings.ToLower(q)), "%")
		conds = append(conds, `(o.name LIKE ? ESCAPE '\' OR o.code LIKE ? ESCAPE '\' OR o.uscc LIKE ? ESCAPE '\' OR o.name_initials LIKE ? ESCAPE '\')`)
		args = append(args, likePattern(q), prefix, prefix, initials)
	}
	if f.Kind != "" {
		conds = append(conds, "o.kind = ?")
		args = append(args, f.Kind)
	}
	if f.Status != "" {
		conds = append(conds, "o.status = ?")
		args = append(args, f.Status)
	}
	if f.Level != 0 {
		conds = append(conds, "o.depth = ?")
		args = append(args, f.Level-1) // the city federation's depth is 0
	}
	if len(f.IDs) > 0 {
		cond, a := inList("o.id", f.IDs)
		conds, args = append(conds, cond), append(args, a...)
	}
	wh := " WHERE " + strings.Join(conds, " AND ")
	// Children read best in code order (BJ01 东城 before BJ10); a whole
	// subtree in path order, each union followed by those below it.
	def := "o.path"
	if f.ParentID != 0 {
		def = "o.code"
	}
	order, err := orgSorts.order(f.Sort, def, "o.id")
	if err != nil {
		return nil, 0, err
	}
	return listPage(ctx, s.conn(), orgColumns, "FROM orgs o", wh, order, args, f.Page, scanOrg)
}

// ChildOrgs lists up to limit of a union's active children in the actor's
// subtree, in code order, without their counts of children and units and
// without a total (a dashboard's next level: a district has 1,500).
func (s *Store) ChildOrgs(ctx context.Context, a gonghui.Actor, parentID int64, limit int) ([]gonghui.Org, error) {
	scope, args := scopeClause("o.path", a)
	out, err := listRows(ctx, s.conn(), orgRowColumns, "FROM orgs o", " WHERE "+scope+" AND o.parent_id = ? AND o.status = ?",
		"o.code, o.id", append(args, parentID, gonghui.OrgActive), gonghui.Page{Limit: limit}, scanOrg)
	return out, opErr(err, "list child orgs")
}

// orgSorts are the orders of the union list; names sort by their pinyin
// initials, as a cadre looks them up.
var orgSorts = listSorts{
	"code": "o.code", "name": "o.name_initials, o.name", "kind": "o.kind", "level": "o.depth, o.path",
	"founded": "(o.founded_on IS NULL), o.founded_on", "units": "(SELECT count(*) FROM units u WHERE u.org_id = o.id)",
}

// Ancestors returns the orgs on the path from the top of the actor's scope
// down to org (inclusive), for breadcrumbs.
func (s *Store) Ancestors(ctx context.Context, a gonghui.Actor, o gonghui.Org) ([]gonghui.Org, error) {
	var out []gonghui.Org
	for _, id := range gonghui.PathIDs(o.Path) {
		anc, err := s.GetOrg(ctx, a, id)
		if errors.Is(err, gonghui.ErrNotFound) {
			continue // above the actor's scope
		}
		if err != nil {
			return nil, opErr(err, "ancestors")
		}
		out = append(out, anc)
	}
	return out, nil
}

// checkRefs validates region and industry codes against the reference
// tables; look (nil: none) remembers the codes already asked about.
func (c conn) checkRefs(ctx context.Context, v *gonghui.ValidationError, region, industry string, look *lookups) error {
	refs := []struct{ table, field, code, zh, en string }{
		{"regions", "region_code", region, "行政区划代码不存在", "unknown region code"},
		{"industries", "industry_code", industry, "行业代码不存在（GB/T 4754门类或大类）", "unknown industry code (GB/T 4754 section or division)"},
	}
	for _, r := range refs {
		if r.code == "" {
			continue
		}
		known, asked := look.ref(r.table + ":" + r.code)
		if !asked {
			var n int
			if err := c.row(ctx, `SELECT count(*) FROM `+r.table+` WHERE code = ?`, r.code).Scan(&n); err != nil {
				return err
			}
			known = n > 0
			look.setRef(r.table+":"+r.code, known)
		}
		if !known {
			v.Add(r.field, r.zh, r.en)
		}
	}
	return nil
}

// pilotUnconfirmed refuses a USCC that fails its checksum and was not
// confirmed as one of the early pilot codes: far more often it is a typo.
var pilotUnconfirmed = gonghui.Message{
	Zh: "统一社会信用代码校验位不符，请核对是否输错；若确为早期试点代码，请确认为试点代码后再保存",
	En: "the USCC's check character does not match: check it for a typo; if it really is an early pilot code, confirm it as a pilot code and save again"}

// checkPilot refuses code (parsed) when it passes only as a pilot code that
// nobody confirmed.
func checkPilot(v *gonghui.ValidationError, code uscc.Code, confirmed bool) {
	if code.Warning != nil && !confirmed {
		v.Add("uscc", pilotUnconfirmed.Zh, pilotUnconfirmed.En)
	}
}

// checkOrgUSCC validates a union's own USCC: a trade-union code (authority
// 8), failing its checksum only when confirmed as a pilot code (or kept
// unchanged: it was accepted when it was entered).
func checkOrgUSCC(v *gonghui.ValidationError, code string, confirmed bool) string {
	if code == "" {
		return ""
	}
	c, err := uscc.Parse(code)
	if err != nil {
		var ue *uscc.Error
		if errors.As(err, &ue) {
			v.Add("uscc", ue.Zh, ue.En)
		} else {
			v.Add("uscc", "统一社会信用代码无效", "invalid USCC")
		}
		return code
	}
	if !uscc.IsTradeUnion(c) {
		v.Add("uscc", "工会的统一社会信用代码应以81或89开头", "a union's USCC starts with 81 or 89 (authority code 8)")
	}
	checkPilot(v, c, confirmed)
	return c.Value
}

// CreateOrg creates an org under a parent in the actor's subtree.
func (s *Store) CreateOrg(ctx context.Context, a gonghui.Actor, in gonghui.OrgInput) (gonghui.Org, error) {
	if !a.Can(gonghui.PermEditOrgs) {
		return gonghui.Org{}, gonghui.ErrForbidden
	}
	in.Normalize()
	v := &gonghui.ValidationError{}
	in.Validate(v)
	in.USCC = checkOrgUSCC(v, in.USCC, in.USCCPilotConfirmed)
	var out gonghui.Org
	err := s.inTx(ctx, func(c conn) error {
		parent, err := c.parentOrg(ctx, a, v, in, nil)
		if err != nil {
			return err
		}
		if err := c.checkRefs(ctx, v, in.RegionCode, in.IndustryCode, nil); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		id, path, err := c.insertOrg(ctx, in, parent)
		if err != nil {
			return err
		}
		o, err := c.getOrg(ctx, gonghui.SystemActor("create"), "o.id = ?", id)
		if err != nil {
			return err
		}
		out = o
		return c.audit(ctx, a, auditEntry{action: "org.create", recordType: "org", recordID: id, orgPath: path, summary: changeSummary(nil, o)})
	})
	return out, opErr(err, "create org")
}

// parentOrg finds the parent of a new org in the actor's scope and applies
// the rules a parent must meet; the zero Org when the input names none.
func (c conn) parentOrg(ctx context.Context, a gonghui.Actor, v *gonghui.ValidationError, in gonghui.OrgInput, look *lookups) (gonghui.Org, error) {
	if in.ParentID == 0 {
		return gonghui.Org{}, nil
	}
	p, err := look.org(ctx, c, a, in.ParentID)
	if errors.Is(err, gonghui.ErrNotFound) {
		v.Add("parent_id", "上级工会不存在或不在您的管辖范围内", "parent not found in your scope")
		return p, nil
	}
	if err == nil {
		gonghui.CheckParent(v, in.Kind, &p)
	}
	return p, err
}

// insertOrg adds a checked org under parent (the zero Org for the root)
// and returns its ID and path; an org without a code gets GH and its ID.
func (c conn) insertOrg(ctx context.Context, in gonghui.OrgInput, parent gonghui.Org) (int64, string, error) {
	// Under the code's and USCC's locks, as writeUnit.
	if err := c.lockOrg(ctx, in); err != nil {
		return 0, "", err
	}
	now := c.s.nowUnix()
	code := in.Code
	if code == "" {
		code = "pending:" + randomHex(8)
	}
	var id int64
	err := c.row(ctx, `INSERT INTO orgs (code, name, name_initials, kind, parent_id, path, depth, region_code, industry_code, uscc, chair, founded_on, reported_members, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?) RETURNING id`,
		code, in.Name, nameInitials(in.Name), in.Kind, nullInt(in.ParentID), "pending:"+randomHex(8), parent.Depth+1,
		nullStr(in.RegionCode), nullStr(in.IndustryCode), nullStr(in.USCC), in.Chair, in.FoundedOn, in.ReportedMembers, now, now).Scan(&id)
	if err != nil {
		return 0, "", uniqueToValidation(err)
	}
	if in.Code == "" {
		code = gonghui.GeneratedOrgCode(id)
	}
	c.touchNewOrg(id)
	if parent.Depth+1 <= aggregateDepth {
		// Empty, hence up to date: its events join as the transaction ends.
		if _, err := c.exec(ctx, `INSERT INTO stat_aggregates (org_id, stale) VALUES (?, 0)`, id); err != nil {
			return 0, "", err
		}
	}
	path := parent.Path + gonghui.OrgPath(id)[1:]
	if _, err := c.exec(ctx, `UPDATE orgs SET path = ?, code = ? WHERE id = ?`, path, code, id); err != nil {
		return 0, "", uniqueToValidation(err)
	}
	return id, path, nil
}

// usccTaken refuses a USCC another org or unit holds.
var usccTaken = gonghui.Message{Zh: "该统一社会信用代码已登记", En: "this USCC is already registered"}

// uniqueToValidation turns a unique-constraint failure into a field error.
func uniqueToValidation(err error) error {
	if !isUniqueViolation(err) {
		return err
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "uscc"):
		return gonghui.Invalid("uscc", usccTaken.Zh, usccTaken.En)
	case strings.Contains(msg, "code"):
		return gonghui.Invalid("code", "该代码已被使用", "this code is already in use")
	case strings.Contains(msg, "username"):
		return gonghui.Invalid("username", "该用户名已被使用", "this username is already taken")
	}
	return err
}

// UpdateOrg changes an org's own fields (not its place in the tree: see MoveOrg).
func (s *Store) UpdateOrg(ctx context.Context, a gonghui.Actor, id int64, in gonghui.OrgInput) (gonghui.Org, error) {
	if !a.Can(gonghui.PermEditOrgs) {
		return gonghui.Org{}, gonghui.ErrForbidden
	}
	in.Normalize()
	var out gonghui.Org
	err := s.inTx(ctx, func(c conn) error {
		before, err := c.getOrg(ctx, a, "o.id = ?", id)
		if err != nil {
			return err
		}
		in.ParentID = before.ParentID
		if in.Code == "" {
			in.Code = before.Code
		}
		v := &gonghui.ValidationError{}
		in.Validate(v)
		in.USCC = checkOrgUSCC(v, in.USCC, in.USCCPilotConfirmed || uscc.Normalize(in.USCC) == before.USCC)
		checkKindChange(v, before, in.Kind)
		if err := c.checkRefs(ctx, v, in.RegionCode, in.IndustryCode, nil); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.updateOrgRow(ctx, id, in); err != nil {
			return err
		}
		out, err = c.getOrg(ctx, a, "o.id = ?", id)
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "org.update", recordType: "org", recordID: id, orgPath: out.Path, summary: changeSummary(before, out)})
	})
	return out, opErr(err, "update org %d", id)
}

// checkKindChange applies the rules of changing an existing org's kind.
func checkKindChange(v *gonghui.ValidationError, before gonghui.Org, kind gonghui.OrgKind) {
	if before.Kind == gonghui.KindCityFederation && kind != before.Kind {
		v.Add("kind", "不能更改根组织的类型", "the root's kind cannot change")
	}
	if kind.IsGrassroots() && before.ChildCount > 0 {
		v.Add("kind", "该工会下还有工会组织，不能改为基层工会", "this union has unions below it and cannot become grassroots")
	}
}

// updateOrgRow writes an org's own fields, checked already.
func (c conn) updateOrgRow(ctx context.Context, id int64, in gonghui.OrgInput) error {
	if err := c.lockOrg(ctx, in); err != nil {
		return err
	}
	// Kind, founding date and reported count change the union's figures
	// and how its members count; the founding date also when its units
	// count in the rates and the charts.
	if err := c.touchStats(ctx, famUnits|famMembers|famRights, id); err != nil { // the region sets the rights clocks' rules
		return err
	}
	err := c.updateVersioned(ctx, "orgs", `code = ?, name = ?, name_initials = ?, kind = ?, region_code = ?, industry_code = ?, uscc = ?, chair = ?, founded_on = ?, reported_members = ?, updated_at = ?`,
		[]any{in.Code, in.Name, nameInitials(in.Name), in.Kind, nullStr(in.RegionCode), nullStr(in.IndustryCode), nullStr(in.USCC), in.Chair, in.FoundedOn, in.ReportedMembers, c.s.nowUnix()}, id, in.Version)
	return uniqueToValidation(err)
}

// checkMove applies the rules of moving o under parent: not the top of the
// actor's scope, not under itself, and what a parent must be.
func checkMove(v *gonghui.ValidationError, a gonghui.Actor, o, parent gonghui.Org) {
	if o.Path == a.Path || o.ParentID == 0 {
		v.Add("parent_id", "不能移动您管辖范围的根组织", "the top of your scope cannot be moved")
	}
	if gonghui.InSubtree(parent.Path, o.Path) {
		v.Add("parent_id", "不能移动到自身或其下级组织之下", "cannot move an org under itself or its descendants")
	}
	gonghui.CheckParent(v, o.Kind, &parent)
}

// MoveOrg moves an org and its whole subtree under a new parent; every
// descendant's path and depth change in one statement.
func (s *Store) MoveOrg(ctx context.Context, a gonghui.Actor, id, newParentID int64) (gonghui.Org, error) {
	if !a.Can(gonghui.PermEditOrgs) {
		return gonghui.Org{}, gonghui.ErrForbidden
	}
	var out gonghui.Org
	err := s.inTx(ctx, func(c conn) error {
		o, err := c.getOrg(ctx, a, "o.id = ?", id)
		if err != nil {
			return err
		}
		parent, err := c.getOrg(ctx, a, "o.id = ?", newParentID)
		if errors.Is(err, gonghui.ErrNotFound) {
			return gonghui.Invalid("parent_id", "新的上级工会不存在或不在您的管辖范围内", "new parent not found in your scope")
		} else if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		checkMove(v, a, o, parent)
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.touchSubtrees(ctx, o.ID); err != nil {
			return err
		}
		if err := c.movePaths(ctx, o, parent); err != nil {
			return err
		}
		out, err = c.getOrg(ctx, a, "o.id = ?", id)
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "org.move", recordType: "org", recordID: id, orgPath: out.Path,
			summary: mustJSON(map[string]any{"parent_id": [2]int64{o.ParentID, parent.ID}})})
	})
	if err == nil {
		// A union moved to the aggregated levels needs its aggregate built.
		_, err = s.RefreshStats(ctx)
	}
	return out, opErr(err, "move org %d", id)
}

// movePaths re-roots o's subtree under parent.
func (c conn) movePaths(ctx context.Context, o, parent gonghui.Org) error {
	newPath := parent.Path + gonghui.OrgPath(o.ID)[1:]
	lo, hi := gonghui.PathRange(o.Path)
	_, err := c.exec(ctx, `UPDATE orgs SET path = ? || substr(path, ?), depth = depth + ?, updated_at = ?
		WHERE path >= ? AND path < ?`,
		newPath, len(o.Path)+1, parent.Depth+1-o.Depth, c.s.nowUnix(), lo, hi)
	if err != nil {
		return err
	}
	if _, err = c.exec(ctx, `UPDATE orgs SET parent_id = ?, version = version + 1 WHERE id = ?`, parent.ID, o.ID); err != nil {
		return err
	}
	return c.refreshSubtreeKeys(ctx, newPath)
}

// DissolveOrg marks an org dissolved (撤销). It must have no active unions
// below it and cover no units: merge it instead to hand them on.
func (s *Store) DissolveOrg(ctx context.Context, a gonghui.Actor, id int64, on gonghui.Date) (gonghui.Org, error) {
	if !a.Can(gonghui.PermEditOrgs) {
		return gonghui.Org{}, gonghui.ErrForbidden
	}
	if on.IsZero() {
		on = gonghui.DateOf(s.now())
	}
	var out gonghui.Org
	err := s.inTx(ctx, func(c conn) error {
		o, err := c.getOrg(ctx, a, "o.id = ?", id)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		if o.Path == a.Path || o.ParentID == 0 {
			v.Add("status", "不能撤销您管辖范围的根组织", "the top of your scope cannot be dissolved")
		}
		if o.Status != gonghui.OrgActive {
			v.Add("status", "该工会已撤销或合并", "the union is already dissolved or merged")
		}
		if o.ChildCount > 0 {
			v.Add("status", "该工会下还有工会组织，请先移动或合并", "move or merge the unions below it first")
		}
		if o.UnitCount > 0 {
			v.Add("status", "该工会仍覆盖单位，请改用合并", "the union still covers units: merge it instead")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.touchStats(ctx, famAll, id); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE orgs SET status = 'dissolved', dissolved_on = ?, updated_at = ?, version = version + 1 WHERE id = ?`, on, c.s.nowUnix(), id); err != nil {
			return err
		}
		out, err = c.getOrg(ctx, a, "o.id = ?", id)
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "org.dissolve", recordType: "org", recordID: id, orgPath: out.Path, summary: changeSummary(o, out)})
	})
	return out, opErr(err, "dissolve org %d", id)
}

// MergeOrg merges an org into a successor: its units and the unions below
// it move to the successor, and it is marked merged.
func (s *Store) MergeOrg(ctx context.Context, a gonghui.Actor, id, successorID int64, on gonghui.Date) (gonghui.Org, error) {
	if !a.Can(gonghui.PermEditOrgs) {
		return gonghui.Org{}, gonghui.ErrForbidden
	}
	if on.IsZero() {
		on = gonghui.DateOf(s.now())
	}
	var out gonghui.Org
	err := s.inTx(ctx, func(c conn) error {
		o, err := c.getOrg(ctx, a, "o.id = ?", id)
		if err != nil {
			return err
		}
		succ, err := c.getOrg(ctx, a, "o.id = ?", successorID)
		if errors.Is(err, gonghui.ErrNotFound) {
			return gonghui.Invalid("successor_id", "合并后的工会不存在或不在您的管辖范围内", "successor not found in your scope")
		} else if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		if o.Path == a.Path || o.ParentID == 0 {
			v.Add("successor_id", "不能合并您管辖范围的根组织", "the top of your scope cannot be merged")
		}
		if o.Status != gonghui.OrgActive {
			v.Add("successor_id", "该工会已撤销或合并", "the union is already dissolved or merged")
		}
		if succ.Status != gonghui.OrgActive {
			v.Add("successor_id", "合并后的工会已撤销或合并", "the successor is dissolved or merged")
		}
		if gonghui.InSubtree(succ.Path, o.Path) {
			v.Add("successor_id", "不能合并到自身或其下级组织", "cannot merge into itself or a union below it")
		}
		if o.ChildCount > 0 && succ.Kind.IsGrassroots() {
			v.Add("successor_id", "该工会下还有工会组织，不能合并到基层工会", "unions below it cannot move under a grassroots union")
		}
		if err := v.Err(); err != nil {
			return err
		}
		children, err := c.childOrgs(ctx, o.ID)
		if err != nil {
			return err
		}
		childIDs := make([]int64, len(children))
		for i, ch := range children {
			childIDs[i] = ch.ID
		}
		if err := c.touchSubtrees(ctx, childIDs...); err != nil {
			return err
		}
		if err := c.touchStats(ctx, famAll, o.ID, succ.ID); err != nil {
			return err
		}
		for _, ch := range children {
			if err := c.movePaths(ctx, ch, succ); err != nil {
				return err
			}
		}
		res, err := c.exec(ctx, `UPDATE units SET org_id = ?, updated_at = ?, version = version + 1 WHERE org_id = ?`, succ.ID, c.s.nowUnix(), o.ID)
		if err != nil {
			return err
		}
		moved, _ := res.RowsAffected()
		if _, err := c.exec(ctx, `UPDATE orgs SET status = 'merged', successor_id = ?, dissolved_on = ?, updated_at = ?, version = version + 1 WHERE id = ?`, succ.ID, on, c.s.nowUnix(), o.ID); err != nil {
			return err
		}
		out, err = c.getOrg(ctx, a, "o.id = ?", id)
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "org.merge", recordType: "org", recordID: id, orgPath: o.Path,
			summary: mustJSON(map[string]any{"successor_id": succ.ID, "units_moved": moved, "orgs_moved": len(children)})})
	})
	if err == nil {
		// A union moved to the aggregated levels needs its aggregate built.
		_, err = s.RefreshStats(ctx)
	}
	return out, opErr(err, "merge org %d", id)
}

// childOrgs lists the direct children of an org (all statuses).
func (c conn) childOrgs(ctx context.Context, id int64) ([]gonghui.Org, error) {
	rows, err := c.query(ctx, "SELECT "+orgColumns+" FROM orgs o WHERE o.parent_id = ?", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gonghui.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// activeOrgOf reads the union an input names (id 0: none named, nothing
// to read), which must be in the actor's scope and active; otherwise the
// input's org_id error is added to v and the zero Org returned.
func (c conn) activeOrgOf(ctx context.Context, a gonghui.Actor, v *gonghui.ValidationError, id int64) (gonghui.Org, error) {
	if id == 0 {
		return gonghui.Org{}, nil
	}
	org, err := c.getOrg(ctx, a, "o.id = ?", id)
	switch {
	case errors.Is(err, gonghui.ErrNotFound):
		v.Add("org_id", "工会不存在或不在您的管辖范围内", "union not found in your scope")
	case err != nil:
		return gonghui.Org{}, err
	case org.Status != gonghui.OrgActive:
		v.Add("org_id", "该工会已撤销或合并", "the union is dissolved or merged")
	default:
		return org, nil
	}
	return gonghui.Org{}, nil
}
