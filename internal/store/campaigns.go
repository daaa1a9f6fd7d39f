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

const campaignColumns = `k.id, k.org_id, o.name, k.name, k.starts_on, k.ends_on, k.filter, k.version`

const campaignFrom = ` FROM campaigns k JOIN orgs o ON o.id = k.org_id`

func scanCampaign(sc scanner) (gonghui.Campaign, error) {
	var k gonghui.Campaign
	var filter string
	err := sc.Scan(&k.ID, &k.OrgID, &k.OrgName, &k.Name, &k.StartsOn, &k.EndsOn, &filter, &k.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return k, gonghui.ErrNotFound
	}
	if err == nil {
		err = json.Unmarshal([]byte(filter), &k.Filter)
	}
	return k, err
}

// GetCampaign returns a campaign of a union in the actor's subtree, with
// its progress.
func (s *Store) GetCampaign(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Campaign, error) {
	c := s.conn()
	scope, args := scopeClause("o.path", a)
	k, err := scanCampaign(c.row(ctx, "SELECT "+campaignColumns+campaignFrom+" WHERE k.id = ? AND "+scope, append([]any{id}, args...)...))
	if err != nil {
		return k, opErr(err, "get campaign %d", id)
	}
	k.Progress = map[string]int{}
	var outcome string
	var n int
	err = c.eachRow(ctx, `SELECT outcome, count(*) FROM campaign_targets WHERE campaign_id = ? GROUP BY outcome`, []any{id},
		[]any{&outcome, &n}, func() { k.Progress[outcome] = n })
	return k, opErr(err, "campaign %d progress", id)
}

// ListCampaigns lists the campaigns of the unions in the actor's subtree,
// the latest first.
func (s *Store) ListCampaigns(ctx context.Context, a gonghui.Actor, p gonghui.Page) ([]gonghui.Campaign, int, error) {
	scope, args := scopeClause("o.path", a)
	return listPage(ctx, s.conn(), campaignColumns, campaignFrom, " WHERE "+scope, "k.starts_on DESC, k.id DESC", args, p.Normalize(), scanCampaign)
}

// CampaignDistrictProgress is a campaign's targets in one district by
// outcome ("" = not yet visited).
type CampaignDistrictProgress struct {
	District string         `json:"district"`
	Outcomes map[string]int `json:"outcomes"`
}

// CampaignProgressByDistrict counts a campaign's targets per district and
// outcome.
func (s *Store) CampaignProgressByDistrict(ctx context.Context, a gonghui.Actor, id int64) ([]CampaignDistrictProgress, error) {
	if _, err := s.GetCampaign(ctx, a, id); err != nil {
		return nil, err
	}
	var out []CampaignDistrictProgress
	var district, outcome string
	var n int
	err := s.conn().eachRow(ctx, `SELECT substr(e.region_code, 1, 6), t.outcome, count(*) FROM campaign_targets t JOIN employers e ON e.id = t.employer_id
		WHERE t.campaign_id = ? GROUP BY substr(e.region_code, 1, 6), t.outcome ORDER BY 1, 2`, []any{id}, []any{&district, &outcome, &n}, func() {
		if len(out) == 0 || out[len(out)-1].District != district {
			out = append(out, CampaignDistrictProgress{District: district, Outcomes: map[string]int{}})
		}
		out[len(out)-1].Outcomes[outcome] = n
	})
	return out, opErr(err, "campaign %d by district", id)
}

const targetColumns = `t.id, t.campaign_id, t.employer_id, e.name, e.region_code, e.staff_count, COALESCE(t.assignee_user_id, 0),
	COALESCE(NULLIF(u.display_name, ''), u.username, ''), COALESCE(t.assignee_org_id, 0), t.due_on, t.outcome, t.outcome_on, COALESCE(t.union_id, 0),
	(SELECT count(*) FROM campaign_visits v WHERE v.target_id = t.id), t.version`

const targetFrom = ` FROM campaign_targets t JOIN campaigns k ON k.id = t.campaign_id JOIN orgs o ON o.id = k.org_id
	JOIN employers e ON e.id = t.employer_id LEFT JOIN users u ON u.id = t.assignee_user_id`

func scanTarget(sc scanner) (gonghui.CampaignTarget, error) {
	var t gonghui.CampaignTarget
	err := sc.Scan(&t.ID, &t.CampaignID, &t.EmployerID, &t.EmployerName, &t.RegionCode, &t.StaffCount, &t.AssigneeUserID, &t.AssigneeName,
		&t.AssigneeOrgID, &t.DueOn, &t.Outcome, &t.OutcomeOn, &t.UnionID, &t.Visits, &t.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return t, gonghui.ErrNotFound
	}
	return t, err
}

// ListCampaignTargets pages through a campaign's employers.
func (s *Store) ListCampaignTargets(ctx context.Context, a gonghui.Actor, campaignID int64, p gonghui.Page) ([]gonghui.CampaignTarget, int, error) {
	scope, args := scopeClause("o.path", a)
	return listPage(ctx, s.conn(), targetColumns, targetFrom, " WHERE t.campaign_id = ? AND "+scope, "e.staff_count DESC, t.id",
		append([]any{campaignID}, args...), p.Normalize(), scanTarget)
}

// targetScope selects the targets an actor may work on: those of the
// campaigns in its subtree, and those assigned to it or to its union (an
// industry federation works on employers of any district's subtree). An
// assignment opens the target alone: not its campaign, its other targets
// nor the employer's record.
func targetScope(a gonghui.Actor) (string, []any) {
	scope, args := scopeClause("o.path", a)
	return "(" + scope + " OR " + assignedTo + ")", append(args, a.OrgID, a.UserID)
}

// assignedTo holds the targets assigned to an actor's union or to it.
const assignedTo = `(t.assignee_org_id = ? OR t.assignee_user_id = ?)`

func (c conn) getTarget(ctx context.Context, a gonghui.Actor, id int64) (gonghui.CampaignTarget, string, error) {
	scope, args := targetScope(a)
	var path string
	t, err := scanTarget(c.row(ctx, "SELECT "+targetColumns+targetFrom+" WHERE t.id = ? AND "+scope, append([]any{id}, args...)...))
	if err == nil {
		err = c.row(ctx, `SELECT o.path FROM campaigns k JOIN orgs o ON o.id = k.org_id WHERE k.id = ?`, t.CampaignID).Scan(&path)
	}
	return t, path, err
}

// CreateCampaign starts a campaign over the employers of the union's area
// still without a union that match its filter.
func (s *Store) CreateCampaign(ctx context.Context, a gonghui.Actor, in gonghui.CampaignInput) (gonghui.Campaign, error) {
	if !a.Can(gonghui.PermEditUnits) {
		return gonghui.Campaign{}, gonghui.ErrForbidden
	}
	in.Normalize()
	v := &gonghui.ValidationError{}
	in.Validate(v)
	var id int64
	err := s.inTx(ctx, func(c conn) error {
		var org gonghui.Org
		if in.OrgID != 0 {
			var err error
			if org, err = c.getOrg(ctx, a, "o.id = ?", in.OrgID); errors.Is(err, gonghui.ErrNotFound) {
				v.Add("org_id", "工会不存在或不在您的管辖范围内", "union not found in your scope")
			} else if err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := c.s.nowUnix()
		if err := c.row(ctx, `INSERT INTO campaigns (org_id, name, starts_on, ends_on, filter, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			in.OrgID, in.Name, in.StartsOn, in.EndsOn, mustJSON(in.Filter), now, now).Scan(&id); err != nil {
			return err
		}
		// The targets are the uncovered employers in the base when it
		// starts, as the employer list picks them.
		scope, args := scopeClause("o.path", gonghui.Actor{Path: org.Path})
		conds := scope + ` AND e.unit_id IS NULL AND (e.left_on IS NULL OR e.left_on > ?)`
		args = append(args, in.StartsOn)
		f := in.Filter
		if f.StaffBand != "" {
			lo, hi, _ := gonghui.EmployerBandRange(f.StaffBand)
			conds, args = conds+" AND e.staff_count >= ?", append(args, lo)
			if hi > 0 {
				conds, args = conds+" AND e.staff_count < ?", append(args, hi)
			}
		}
		for _, eq := range []struct{ col, val string }{{"e.legal_form", f.LegalForm}, {"e.ownership", string(f.Ownership)}} {
			if eq.val != "" {
				conds, args = conds+" AND "+eq.col+" = ?", append(args, eq.val)
			}
		}
		if f.IndustryCode != "" {
			conds, args = conds+" AND e.industry_code IN (SELECT i.code FROM industries i WHERE i.code = ? OR i.section = ?)", append(args, f.IndustryCode, f.IndustryCode)
		}
		if f.RegionCode != "" {
			conds, args = conds+` AND e.region_code LIKE ? ESCAPE '\'`, append(args, strings.TrimPrefix(likePattern(f.RegionCode), "%"))
		}
		if _, err := c.exec(ctx, `INSERT INTO campaign_targets (campaign_id, employer_id) SELECT ?, e.id`+employerFrom+` WHERE `+conds,
			append([]any{id}, args...)...); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "campaign.create", recordType: "campaign", recordID: id, orgPath: org.Path, summary: changeSummary(nil, in)})
	})
	if err != nil {
		return gonghui.Campaign{}, opErr(err, "create campaign")
	}
	return s.GetCampaign(ctx, a, id)
}

// AssignTargets gives a campaign's targets to a cadre of the campaign's
// subtree or to an industry federation, with a deadline.
func (s *Store) AssignTargets(ctx context.Context, a gonghui.Actor, in gonghui.CampaignAssignment) error {
	if !a.Can(gonghui.PermEditUnits) {
		return gonghui.ErrForbidden
	}
	v := &gonghui.ValidationError{}
	if (in.UserID == 0) == (in.OrgID == 0) {
		v.Add("user_id", "请指定一名干部或一个产业（行业）工会", "assign to one cadre or one industry federation")
	}
	if in.DueOn.IsZero() {
		v.Add("due_on", "请填写完成期限", "the deadline is required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	err := s.inTx(ctx, func(c conn) error {
		if err := c.checkAssignee(ctx, a, in.UserID, in.OrgID); err != nil {
			return err
		}
		for _, id := range in.TargetIDs {
			t, path, err := c.getTarget(ctx, a, id)
			if err != nil {
				return err
			}
			if _, err := c.exec(ctx, `UPDATE campaign_targets SET assignee_user_id = ?, assignee_org_id = ?, due_on = ?, version = version + 1 WHERE id = ?`,
				nullInt(in.UserID), nullInt(in.OrgID), in.DueOn, id); err != nil {
				return err
			}
			if err := c.audit(ctx, a, auditEntry{action: "campaign.assign", recordType: "campaign_target", recordID: id, orgPath: path,
				summary: changeSummary(t, in)}); err != nil {
				return err
			}
		}
		return nil
	})
	return opErr(err, "assign campaign targets")
}

// checkAssignee checks who a target is given to: a cadre of the actor's
// subtree, or an active industry union or federation (anywhere: they work
// across districts). Zero is nobody.
func (c conn) checkAssignee(ctx context.Context, a gonghui.Actor, userID, orgID int64) error {
	if userID != 0 {
		var path string
		err := c.row(ctx, `SELECT o.path FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = ? AND u.disabled = 0`, userID).Scan(&path)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !gonghui.InSubtree(path, a.Path) {
			return gonghui.Invalid("user_id", "该干部不存在或不在您的管辖范围内", "no such cadre in your scope")
		} else if err != nil {
			return err
		}
	}
	if orgID != 0 {
		var kind string
		err := c.row(ctx, `SELECT kind FROM orgs WHERE id = ? AND status = 'active'`, orgID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) || err == nil && kind != string(gonghui.KindIndustryFederation) && kind != string(gonghui.KindIndustryUnion) {
			return gonghui.Invalid("org_id", "请选择一个产业工会或行业工会联合会", "choose an industry union or federation")
		} else if err != nil {
			return err
		}
	}
	return nil
}

// RecordVisit records a visit to a target and its outcome.
func (s *Store) RecordVisit(ctx context.Context, a gonghui.Actor, targetID int64, in gonghui.VisitInput) (gonghui.CampaignTarget, error) {
	if !a.Can(gonghui.PermEditUnits) {
		return gonghui.CampaignTarget{}, gonghui.ErrForbidden
	}
	var out gonghui.CampaignTarget
	err := s.inTx(ctx, func(c conn) error {
		before, path, err := c.getTarget(ctx, a, targetID)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		if in.Validate(v, gonghui.DateOf(c.s.now())); before.Outcome == gonghui.OutcomeFounded {
			v.Add("outcome", "该单位已建会", "a union is already founded at this employer")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.updateVersioned(ctx, "campaign_targets", "outcome = ?, outcome_on = ?", []any{in.Outcome, in.VisitedOn}, targetID, in.Version); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO campaign_visits (target_id, visited_on, outcome, note, visitor, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			targetID, in.VisitedOn, in.Outcome, in.Note, a.Username, c.s.nowUnix()); err != nil {
			return err
		}
		if out, _, err = c.getTarget(ctx, a, targetID); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "campaign.visit", recordType: "campaign_target", recordID: targetID, orgPath: path, summary: changeSummary(before, out)})
	})
	return out, opErr(err, "record visit to target "+strconv.FormatInt(targetID, 10))
}

// FoundUnion records the founding at a target employer: it becomes a
// covered unit of the union (one that exists — a joint union it joins, or
// one registered for it — or a new grassroots union registered in the same
// transaction under the employer's area union), and so counts as
// unionized from the day that union counts.
func (s *Store) FoundUnion(ctx context.Context, a gonghui.Actor, targetID int64, f gonghui.FoundingInput) (gonghui.CampaignTarget, error) {
	if !a.Can(gonghui.PermEditUnits) || f.NewUnion != "" && !a.Can(gonghui.PermEditOrgs) {
		return gonghui.CampaignTarget{}, gonghui.ErrForbidden
	}
	f.Normalize()
	v := &gonghui.ValidationError{}
	f.Validate(v)
	if err := v.Err(); err != nil {
		return gonghui.CampaignTarget{}, err
	}
	var out gonghui.CampaignTarget
	err := s.inTx(ctx, func(c conn) error {
		var err error
		out, err = c.found(ctx, a, targetID, f, gonghui.DateOf(c.s.now()))
		return err
	})
	return out, opErr(err, "found union at target "+strconv.FormatInt(targetID, 10))
}

// found records a checked founding at a target on a day, in the caller's
// transaction.
func (c conn) found(ctx context.Context, a gonghui.Actor, targetID int64, f gonghui.FoundingInput, on gonghui.Date) (gonghui.CampaignTarget, error) {
	var out gonghui.CampaignTarget
	err := func() error {
		// One founding per employer: lock its USCC (the lock its unit's
		// write takes) before reading what the checks need.
		var uscc string
		if err := ignoreNoRows(c.row(ctx, `SELECT e.uscc FROM campaign_targets t JOIN employers e ON e.id = t.employer_id WHERE t.id = ?`, targetID).Scan(&uscc)); err != nil {
			return err
		}
		if err := c.lockFor(ctx, lockUnitUSCC, textKey(uscc)); err != nil { // a missing target: getTarget says so
			return err
		}
		before, path, err := c.getTarget(ctx, a, targetID)
		if err != nil {
			return err
		}
		if before.Outcome == gonghui.OutcomeFounded {
			return gonghui.Invalid("outcome", "该单位已建会", "a union is already founded at this employer")
		}
		e, err := c.getEmployer(ctx, gonghui.SystemActor("found"), "e.id = ?", before.EmployerID)
		if err != nil {
			return err
		}
		if e.Covered() {
			return gonghui.Invalid("outcome", "该单位已由工会覆盖", "a union already covers this employer")
		}
		orgID := f.OrgID
		if f.NewUnion != "" {
			if orgID, err = c.foundNewUnion(ctx, a, f, e); err != nil {
				return err
			}
		}
		in := gonghui.UnitInput{USCC: e.USCC, Name: e.Name, OrgID: orgID, Ownership: e.Ownership, StaffCount: e.StaffCount,
			RegionCode: e.RegionCode, IndustryCode: e.IndustryCode}
		warning, org, err := c.checkUnit(ctx, a, &in, nil)
		if err != nil {
			return err
		}
		unitID, err := c.writeUnit(ctx, 0, in, warning)
		if err != nil {
			return err
		}
		unit, _, err := c.getUnit(ctx, a, unitID)
		if err != nil {
			return err
		}
		if err := c.audit(ctx, a, auditEntry{action: "unit.create", recordType: "unit", recordID: unitID, orgPath: org.Path, summary: changeSummary(nil, unit)}); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE campaign_targets SET outcome = ?, outcome_on = ?, union_id = ?, version = version + 1 WHERE id = ?`,
			gonghui.OutcomeFounded, on, orgID, targetID); err != nil {
			return err
		}
		if out, _, err = c.getTarget(ctx, a, targetID); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "campaign.found", recordType: "campaign_target", recordID: targetID, orgPath: path, summary: changeSummary(before, out)})
	}()
	return out, err
}

// foundNewUnion registers the grassroots union founded at an employer,
// under the employer's area union, as CreateOrg would; a reason about
// its name is given as the founding's new_union.
func (c conn) foundNewUnion(ctx context.Context, a gonghui.Actor, f gonghui.FoundingInput, e gonghui.Employer) (int64, error) {
	on := f.FoundedOn
	if on.IsZero() {
		on = gonghui.DateOf(c.s.now())
	}
	in := gonghui.OrgInput{Name: f.NewUnion, Kind: gonghui.KindGrassroots, ParentID: e.OrgID, RegionCode: e.RegionCode,
		IndustryCode: e.IndustryCode, Chair: f.Chair, FoundedOn: on}
	in.Normalize()
	v := &gonghui.ValidationError{}
	in.Validate(v)
	parent, err := c.parentOrg(ctx, a, v, in, nil)
	if err != nil {
		return 0, err
	}
	if err := c.checkRefs(ctx, v, in.RegionCode, in.IndustryCode, nil); err != nil {
		return 0, err
	}
	if m, ok := v.Fields["name"]; ok {
		delete(v.Fields, "name")
		v.Add("new_union", m.Zh, m.En)
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	id, path, err := c.insertOrg(ctx, in, parent)
	if err != nil {
		return 0, err
	}
	o, err := c.getOrg(ctx, gonghui.SystemActor("found"), "o.id = ?", id)
	if err != nil {
		return 0, err
	}
	return id, c.audit(ctx, a, auditEntry{action: "org.create", recordType: "org", recordID: id, orgPath: path, summary: changeSummary(nil, o)})
}

// DueCampaignTargets counts the campaign employers assigned to the actor
// or its union that are neither founded nor refused and due by the given
// day (overdue ones too): the inbox's reminder.
func (s *Store) DueCampaignTargets(ctx context.Context, a gonghui.Actor, by gonghui.Date) (int, error) {
	var n int
	err := s.conn().row(ctx, `SELECT count(*) FROM campaign_targets t WHERE `+assignedTo+` AND t.due_on IS NOT NULL AND t.due_on <= ?
		AND t.outcome NOT IN ('founded', 'refused')`, a.OrgID, a.UserID, by).Scan(&n)
	return n, opErr(err, "due campaign targets")
}

// ListAssignedTargets pages through the targets assigned to the actor or
// its union, across campaigns, the earliest due first, each with its
// campaign's name and its employer's public register fields: what the
// assignee needs for a visit, wherever the employer is.
func (s *Store) ListAssignedTargets(ctx context.Context, a gonghui.Actor, p gonghui.Page) ([]gonghui.AssignedTarget, int, error) {
	return listPage(ctx, s.conn(), targetColumns+`, k.name, e.uscc, e.legal_form, e.ownership, e.address, COALESCE(e.industry_code, ''),
		e.registered_on, e.status`, targetFrom, " WHERE "+assignedTo, "t.due_on IS NULL, t.due_on, t.id", []any{a.OrgID, a.UserID}, p.Normalize(),
		func(sc scanner) (gonghui.AssignedTarget, error) {
			var t gonghui.AssignedTarget
			r := &t.Employer
			err := sc.Scan(&t.ID, &t.CampaignID, &t.EmployerID, &t.EmployerName, &t.RegionCode, &t.StaffCount, &t.AssigneeUserID, &t.AssigneeName,
				&t.AssigneeOrgID, &t.DueOn, &t.Outcome, &t.OutcomeOn, &t.UnionID, &t.Visits, &t.Version,
				&t.CampaignName, &r.USCC, &r.LegalForm, &r.Ownership, &r.Address, &r.IndustryCode, &r.RegisteredOn, &r.Status)
			r.Name, r.StaffCount, r.RegionCode = t.EmployerName, t.StaffCount, t.RegionCode
			return t, err
		})
}
