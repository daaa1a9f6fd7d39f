package store

import (
	"context"
	"errors"
	"strconv"

	"gonghui"
)

// lockCampaignName: one campaign per union and name, so that two imports
// naming a new campaign at once start it once. Key: campaignKey.
var lockCampaignName = newLockRule("campaigns: one campaign per union and name")

func campaignKey(orgID int64, name string) int64 {
	return textKey(strconv.FormatInt(orgID, 10) + "\x00" + name)
}

// CampaignTargetWriter imports campaigns' employers, their assignments
// and their latest visits (the spreadsheet kind campaign-targets).
type CampaignTargetWriter struct {
	batchTx
	a     gonghui.Actor
	today gonghui.Date
}

// NewCampaignTargetWriter starts importing campaign lines as the actor,
// who keeps campaigns as it keeps units (units.edit).
func (s *Store) NewCampaignTargetWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*CampaignTargetWriter, error) {
	if !a.Can(gonghui.PermEditUnits) {
		return nil, gonghui.ErrForbidden
	}
	w := &CampaignTargetWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, today: gonghui.DateOf(s.now())}
	return w, w.begin(ctx)
}

// Save brings one line in: the campaign started if new, the employer
// added to it (uncovered, in the campaign's area), the assignment set,
// the visit recorded unless already kept, a founding recorded as
// FoundUnion records it. Inserted: the employer is new to the campaign;
// Updated: anything else changed; Unchanged: the line was imported before.
func (w *CampaignTargetWriter) Save(ctx context.Context, r gonghui.CampaignTargetRow) (UpsertResult, error) {
	c, a := w.c, w.a
	v := &gonghui.ValidationError{}
	r.Validate(v, w.today)
	if err := v.Err(); err != nil {
		return 0, err
	}
	if err := c.lockFor(ctx, lockCampaignName, campaignKey(r.OrgID, r.Campaign)); err != nil {
		return 0, err
	}
	org, err := c.getOrg(ctx, a, "o.id = ?", r.OrgID)
	if errors.Is(err, gonghui.ErrNotFound) {
		return 0, gonghui.Invalid("org_id", "工会不存在或不在您的管辖范围内", "union not found in your scope")
	} else if err != nil {
		return 0, err
	}
	emp, err := c.getEmployer(ctx, gonghui.Actor{Path: org.Path}, "e.uscc = ?", r.USCC)
	if errors.Is(err, gonghui.ErrNotFound) {
		return 0, gonghui.Invalid("uscc", "组织工会区域内的单位名录中没有该单位", "no such employer in the register of the running union's area")
	} else if err != nil {
		return 0, err
	}
	var userID int64
	if r.AssigneeUser != "" {
		if err := ignoreNoRows(c.row(ctx, `SELECT id FROM users WHERE username = ?`, r.AssigneeUser).Scan(&userID)); err != nil {
			return 0, err
		}
		if userID == 0 {
			return 0, gonghui.Invalid("user_id", "该干部不存在或不在您的管辖范围内", "no such cadre in your scope")
		}
	}
	if err := c.checkAssignee(ctx, a, userID, r.AssigneeOrgID); err != nil {
		return 0, gonghui.Rename(err, "org_id", "assignee_org_id") // the line's own union is org_id
	}

	var campaignID int64
	if err := ignoreNoRows(c.row(ctx, `SELECT id FROM campaigns WHERE org_id = ? AND name = ? ORDER BY id LIMIT 1`, r.OrgID, r.Campaign).Scan(&campaignID)); err != nil {
		return 0, err
	}
	var before gonghui.CampaignTarget
	if campaignID != 0 {
		var id int64
		if err := ignoreNoRows(c.row(ctx, `SELECT id FROM campaign_targets WHERE campaign_id = ? AND employer_id = ?`, campaignID, emp.ID).Scan(&id)); err != nil {
			return 0, err
		}
		if id != 0 {
			if before, _, err = c.getTarget(ctx, a, id); err != nil {
				return 0, err
			}
		}
	}
	isNew := before.ID == 0
	if isNew && emp.Covered() {
		return 0, gonghui.Invalid("uscc", "该单位已由工会覆盖，不能列为攻坚单位", "a union already covers this employer: it cannot be a campaign target")
	}
	assign := (userID != 0 || r.AssigneeOrgID != 0) &&
		(before.AssigneeUserID != userID || before.AssigneeOrgID != r.AssigneeOrgID || before.DueOn != r.DueOn)
	visit, founding := false, false
	switch {
	case r.Outcome == gonghui.OutcomeFounded:
		founding = before.Outcome != gonghui.OutcomeFounded
		if !founding {
			if err := c.sameFounding(ctx, before, r); err != nil {
				return 0, err
			}
		}
		// What the founding checks, checked before anything is written:
		// a line is saved whole or refused.
		if founding && emp.Covered() {
			return 0, gonghui.Invalid("outcome", "该单位已由工会覆盖", "a union already covers this employer")
		}
		if founding && r.NewUnion != "" && !a.Can(gonghui.PermEditOrgs) {
			return 0, gonghui.Invalid("new_union", "您无权新建工会", "you may not register a union")
		}
		if founding && r.UnionID != 0 {
			u, err := c.getOrg(ctx, a, "o.id = ?", r.UnionID)
			if errors.Is(err, gonghui.ErrNotFound) || err == nil && u.Status != gonghui.OrgActive {
				return 0, gonghui.Invalid("union_id", "建会工会不存在、已撤销或不在您的管辖范围内", "the founding's union is not an active union of your scope")
			} else if err != nil {
				return 0, err
			}
		}
	case r.Outcome != "":
		if before.Outcome == gonghui.OutcomeFounded {
			return 0, gonghui.Invalid("outcome", "该单位已建会", "a union is already founded at this employer")
		}
		var n int
		if !isNew {
			if err := c.row(ctx, `SELECT count(*) FROM campaign_visits WHERE target_id = ? AND visited_on = ? AND outcome = ? AND note = ?`,
				before.ID, r.VisitedOn, r.Outcome, r.Note).Scan(&n); err != nil {
				return 0, err
			}
		}
		visit = n == 0
	}
	result := Unchanged
	switch {
	case isNew:
		result = Inserted
	case assign || visit || founding:
		result = Updated
	}
	if result == Unchanged || w.checking() {
		if result == Unchanged {
			return result, w.saved(ctx)
		}
		return result, nil
	}

	// A line is saved whole or not at all: a founding's union may still
	// be refused once the target is written.
	if err := c.wholeLine(ctx, func() error {
		return w.write(ctx, r, line{org: org, emp: emp, campaignID: campaignID, before: before, userID: userID, assign: assign, visit: visit, founding: founding})
	}); err != nil {
		return 0, err
	}
	return result, w.saved(ctx)
}

// line is what Save found of a line, for write.
type line struct {
	org                     gonghui.Org
	emp                     gonghui.Employer
	campaignID, userID      int64
	before                  gonghui.CampaignTarget // zero: new to the campaign
	assign, visit, founding bool
}

// write saves a checked line: the campaign when new, the target, its
// assignment, its visit and its founding.
func (w *CampaignTargetWriter) write(ctx context.Context, r gonghui.CampaignTargetRow, l line) error {
	c, a := w.c, w.a
	campaignID := l.campaignID
	if campaignID == 0 {
		in := gonghui.CampaignInput{OrgID: r.OrgID, Name: r.Campaign, StartsOn: r.StartsOn, EndsOn: r.EndsOn}
		now := c.s.nowUnix()
		if err := c.row(ctx, `INSERT INTO campaigns (org_id, name, starts_on, ends_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			r.OrgID, r.Campaign, r.StartsOn, r.EndsOn, now, now).Scan(&campaignID); err != nil {
			return err
		}
		if err := c.audit(ctx, a, auditEntry{action: "campaign.create", recordType: "campaign", recordID: campaignID, orgPath: l.org.Path, summary: changeSummary(nil, in)}); err != nil {
			return err
		}
	}
	targetID := l.before.ID
	if targetID == 0 {
		if err := c.row(ctx, `INSERT INTO campaign_targets (campaign_id, employer_id) VALUES (?, ?) RETURNING id`, campaignID, l.emp.ID).Scan(&targetID); err != nil {
			return err
		}
	}
	if l.assign {
		if _, err := c.exec(ctx, `UPDATE campaign_targets SET assignee_user_id = ?, assignee_org_id = ?, due_on = ?, version = version + 1 WHERE id = ?`,
			nullInt(l.userID), nullInt(r.AssigneeOrgID), r.DueOn, targetID); err != nil {
			return err
		}
	}
	if l.visit {
		if _, err := c.exec(ctx, `INSERT INTO campaign_visits (target_id, visited_on, outcome, note, visitor, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			targetID, r.VisitedOn, r.Outcome, r.Note, a.Username, c.s.nowUnix()); err != nil {
			return err
		}
		// The target shows its latest visit's outcome.
		if _, err := c.exec(ctx, `UPDATE campaign_targets SET outcome = ?, outcome_on = ?, version = version + 1
			WHERE id = ? AND (outcome_on IS NULL OR outcome_on <= ?)`, r.Outcome, r.VisitedOn, targetID, r.VisitedOn); err != nil {
			return err
		}
	}
	after, path, err := c.getTarget(ctx, a, targetID)
	if err != nil {
		return err
	}
	var was any
	if l.before.ID != 0 {
		was = l.before
	}
	if err := c.audit(ctx, a, auditEntry{action: "campaign.import", recordType: "campaign_target", recordID: targetID, orgPath: path,
		summary: changeSummary(was, after)}); err != nil {
		return err
	}
	if l.founding {
		// The founding's union is the line's union column, not the
		// campaign's.
		f := gonghui.FoundingInput{OrgID: r.UnionID, NewUnion: r.NewUnion, FoundedOn: r.VisitedOn}
		if r.NewUnion == "" {
			f.FoundedOn = gonghui.Date{} // the existing union keeps its own
		}
		if _, err := c.found(ctx, a, targetID, f, r.VisitedOn); err != nil {
			return gonghui.Rename(err, "org_id", "union_id")
		}
	}
	return nil
}

// sameFounding refuses a founding line for a target founded with another
// union than the line names.
func (c conn) sameFounding(ctx context.Context, t gonghui.CampaignTarget, r gonghui.CampaignTargetRow) error {
	same := t.UnionID == r.UnionID
	if r.NewUnion != "" {
		var name string
		if err := ignoreNoRows(c.row(ctx, `SELECT name FROM orgs WHERE id = ?`, t.UnionID).Scan(&name)); err != nil {
			return err
		}
		same = name == r.NewUnion
	}
	if !same {
		return gonghui.Invalid("union_id", "该单位已由另一工会建会", "another union was founded at this employer")
	}
	return nil
}

// CampaignLine is a campaign's employer as the campaign sheet writes it:
// codes and usernames instead of IDs, its latest visit (or founding).
type CampaignLine struct {
	Campaign, OrgCode         string
	StartsOn, EndsOn          gonghui.Date
	USCC                      string
	AssigneeUser, AssigneeOrg string
	DueOn, VisitedOn          gonghui.Date
	Outcome, Note, UnionCode  string
}

// ListCampaignLines pages through a campaign's employers as its sheet
// holds them, so that the sheet imports again unchanged.
func (s *Store) ListCampaignLines(ctx context.Context, a gonghui.Actor, campaignID int64, p gonghui.Page) ([]CampaignLine, error) {
	scope, args := scopeClause("o.path", a)
	p = p.Normalize()
	var out []CampaignLine
	var l CampaignLine
	err := s.conn().eachRow(ctx, `SELECT k.name, o.code, k.starts_on, k.ends_on, e.uscc, COALESCE(u.username, ''), COALESCE(ao.code, ''), t.due_on,
		t.outcome_on, t.outcome, COALESCE((SELECT v.note FROM campaign_visits v WHERE v.target_id = t.id AND v.visited_on = t.outcome_on
			AND v.outcome = t.outcome ORDER BY v.id DESC LIMIT 1), ''), COALESCE(uo.code, '')
		FROM campaign_targets t JOIN campaigns k ON k.id = t.campaign_id JOIN orgs o ON o.id = k.org_id JOIN employers e ON e.id = t.employer_id
		LEFT JOIN users u ON u.id = t.assignee_user_id LEFT JOIN orgs ao ON ao.id = t.assignee_org_id LEFT JOIN orgs uo ON uo.id = t.union_id
		WHERE t.campaign_id = ? AND `+scope+` ORDER BY t.id LIMIT ? OFFSET ?`, append(append([]any{campaignID}, args...), p.Limit, p.Offset),
		[]any{&l.Campaign, &l.OrgCode, &l.StartsOn, &l.EndsOn, &l.USCC, &l.AssigneeUser, &l.AssigneeOrg, &l.DueOn, &l.VisitedOn, &l.Outcome, &l.Note, &l.UnionCode},
		func() { out = append(out, l) })
	return out, opErr(err, "campaign %d lines", campaignID)
}
