package store

import (
	"context"
	"database/sql"
	"errors"

	"gonghui"
)

// Who sees a rights case. A partner organisation is kept by a union and
// offered to the cases of that union's subtree; its staff's actors have
// no union scope (gonghui.PartnerScope), so every query scoped by union
// finds nothing for them, and rights cases are read through caseScope:
// for a partner, the cases with its organisation and those whose hand-off
// to it waits for its answer — nothing else, by the query itself.

// caseScope is the condition on a rights case (k, its union o) that the
// actor may read.
func caseScope(a gonghui.Actor) (string, []any) {
	if a.IsPartner() {
		return `(k.partner_id = ? OR EXISTS (SELECT 1 FROM rights_handoffs h WHERE h.case_id = k.id AND h.to_partner_id = ? AND h.state = ?))`,
			[]any{a.PartnerID, a.PartnerID, gonghui.HandoffPending}
	}
	return scopeClause("o.path", a)
}

// revealPerm is the permission that shows a case's personal data: a
// partner's staff reveal their own cases (the only ones they read).
func revealPerm(a gonghui.Actor) gonghui.Permission {
	if a.IsPartner() {
		return gonghui.PermRevealOwnCases
	}
	return gonghui.PermRevealMembers
}

const partnerColumns = `p.id, p.org_id, o.name, p.name, p.party, p.active, p.version, o.path`

type partnerRow struct {
	gonghui.RightsPartner
	path string
}

func scanPartner(sc scanner) (partnerRow, error) {
	var p partnerRow
	var active int
	err := sc.Scan(&p.ID, &p.OrgID, &p.OrgName, &p.Name, &p.Party, &active, &p.Version, &p.path)
	if errors.Is(err, sql.ErrNoRows) {
		return p, gonghui.ErrNotFound
	}
	p.Active = active != 0
	return p, err
}

// getRightsPartner reads a partner kept in the actor's subtree.
func (c conn) getRightsPartner(ctx context.Context, a gonghui.Actor, id int64) (partnerRow, error) {
	scope, args := scopeClause("o.path", a)
	return scanPartner(c.row(ctx, `SELECT `+partnerColumns+` FROM rights_partners p JOIN orgs o ON o.id = p.org_id WHERE p.id = ? AND `+scope,
		append([]any{id}, args...)...))
}

// offeredPartner reads an active partner offered to a case of the union
// at casePath: kept by that union or one above it.
func (c conn) offeredPartner(ctx context.Context, v *gonghui.ValidationError, field string, id int64, casePath string) (partnerRow, error) {
	p, err := scanPartner(c.row(ctx, `SELECT `+partnerColumns+` FROM rights_partners p JOIN orgs o ON o.id = p.org_id WHERE p.id = ?`, id))
	switch {
	case errors.Is(err, gonghui.ErrNotFound) || err == nil && !gonghui.InSubtree(casePath, p.path):
		v.Add(field, "合作单位不存在，或不承接本案工会的案件", "no such partner for this case's union")
	case err != nil:
		return p, err
	case !p.Active:
		v.Add(field, "该合作单位已停用", "the partner is inactive")
	}
	return p, nil
}

// checkPartnerUser checks that a user named on an assignment or a hand-off
// is an active account of the partner.
func (c conn) checkPartnerUser(ctx context.Context, v *gonghui.ValidationError, field string, userID, partnerID int64) error {
	if userID == 0 {
		return nil
	}
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM users WHERE id = ? AND partner_id = ? AND disabled = 0`, userID, partnerID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		v.Add(field, "该人员不是所选合作单位的在用账号", "the person is no active account of the partner")
	}
	return nil
}

// ListRightsPartners lists the partners kept in the actor's subtree,
// inactive ones too when all.
func (s *Store) ListRightsPartners(ctx context.Context, a gonghui.Actor, all bool) ([]gonghui.RightsPartner, error) {
	if !a.Can(gonghui.PermManageUser) {
		return nil, gonghui.ErrForbidden
	}
	scope, args := scopeClause("o.path", a)
	if !all {
		scope += " AND p.active = 1"
	}
	rows, err := listRows(ctx, s.conn(), partnerColumns, "FROM rights_partners p JOIN orgs o ON o.id = p.org_id", " WHERE "+scope,
		"o.path, p.party, p.name", args, gonghui.Page{Limit: 1 << 20}, scanPartner)
	out := make([]gonghui.RightsPartner, len(rows))
	for i, r := range rows {
		out[i] = r.RightsPartner
	}
	return out, opErr(err, "list rights partners")
}

// GetRightsPartner returns a partner kept in the actor's subtree.
func (s *Store) GetRightsPartner(ctx context.Context, a gonghui.Actor, id int64) (gonghui.RightsPartner, error) {
	p, err := s.conn().getRightsPartner(ctx, a, id)
	return p.RightsPartner, opErr(err, "get rights partner %d", id)
}

// PartnerUsers lists the accounts of a partner kept in the actor's
// subtree.
func (s *Store) PartnerUsers(ctx context.Context, a gonghui.Actor, partnerID int64) ([]gonghui.User, error) {
	if !a.Can(gonghui.PermManageUser) {
		return nil, gonghui.ErrForbidden
	}
	if _, err := s.conn().getRightsPartner(ctx, a, partnerID); err != nil {
		return nil, opErr(err, "partner users")
	}
	users, err := listRows(ctx, s.conn(), userColumns, usersFrom, " WHERE u.partner_id = ?", "u.username",
		[]any{partnerID}, gonghui.Page{Limit: 1 << 20}, scanUser)
	return users, opErr(err, "partner users")
}

// CaseOffers are the partners a case may be assigned or handed off to —
// the active ones kept by its union or a union above it — and their
// active accounts.
type CaseOffers struct {
	Partners []gonghui.RightsPartner
	Users    []gonghui.User
}

// OffersFor reads the offers of a case the actor reads.
func (s *Store) OffersFor(ctx context.Context, a gonghui.Actor, caseID int64) (CaseOffers, error) {
	c := s.conn()
	var out CaseOffers
	cur, err := c.getRightsCase(ctx, a, caseID)
	if err != nil {
		return out, opErr(err, "case offers %d", caseID)
	}
	rows, err := listRows(ctx, c, partnerColumns, "FROM rights_partners p JOIN orgs o ON o.id = p.org_id",
		" WHERE p.active = 1 AND substr(?, 1, length(o.path)) = o.path", "p.party, p.name", []any{cur.path}, gonghui.Page{Limit: 1 << 20}, scanPartner)
	if err != nil || len(rows) == 0 {
		return out, opErr(err, "case offers %d", caseID)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		out.Partners, ids[i] = append(out.Partners, r.RightsPartner), r.ID
	}
	in, args := inList("u.partner_id", ids)
	out.Users, err = listRows(ctx, c, userColumns, usersFrom, " WHERE u.disabled = 0 AND "+in, "u.username", args, gonghui.Page{Limit: 1 << 20}, scanUser)
	return out, opErr(err, "case offers %d", caseID)
}

// SaveRightsPartner creates a partner (id 0) or changes one at in.Version.
func (s *Store) SaveRightsPartner(ctx context.Context, a gonghui.Actor, id int64, in gonghui.RightsPartnerInput) (gonghui.RightsPartner, error) {
	if !a.Can(gonghui.PermManageUser) {
		return gonghui.RightsPartner{}, gonghui.ErrForbidden
	}
	in.Normalize()
	var out gonghui.RightsPartner
	err := s.inTx(ctx, func(c conn) error {
		var before *partnerRow
		if id != 0 {
			p, err := c.getRightsPartner(ctx, a, id)
			if err != nil {
				return err
			}
			before = &p
		}
		v := &gonghui.ValidationError{}
		in.Validate(v)
		org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
		if err != nil {
			return err
		}
		if err := c.lockFor(ctx, lockPartnerName, in.OrgID); err != nil {
			return err
		}
		var clash int
		if err := c.row(ctx, `SELECT count(*) FROM rights_partners WHERE org_id = ? AND name = ? AND id <> ?`, in.OrgID, in.Name, id).Scan(&clash); err != nil {
			return err
		}
		if clash > 0 {
			v.Add("name", "该工会已有同名合作单位", "the union has a partner of this name already")
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.nowUnix()
		if before == nil {
			if err := c.row(ctx, `INSERT INTO rights_partners (org_id, name, party, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
				in.OrgID, in.Name, in.Party, boolInt(in.Active), now, now).Scan(&id); err != nil {
				return err
			}
		} else if err := c.updateVersioned(ctx, "rights_partners", "org_id = ?, name = ?, party = ?, active = ?, updated_at = ?",
			[]any{in.OrgID, in.Name, in.Party, boolInt(in.Active), now}, id, in.Version); err != nil {
			return err
		}
		after, err := c.getRightsPartner(ctx, a, id)
		if err != nil {
			return err
		}
		out = after.RightsPartner
		action, prior := "rights.partner.create", any(nil)
		if before != nil {
			action, prior = "rights.partner.update", before.RightsPartner
		}
		return c.audit(ctx, a, auditEntry{action: action, recordType: "rights_partner", recordID: id, orgPath: org.Path, summary: changeSummary(prior, out)})
	})
	return out, opErr(err, "save rights partner")
}

// lockPartnerName guards one partner of a name per union.
var lockPartnerName = newLockRule("rights_partner_name")
