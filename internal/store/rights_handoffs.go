package store

import (
	"context"
	"database/sql"
	"errors"

	"gonghui"
)

// Assignments and hand-offs of rights cases. Each is a step of the case
// decided on its version (the case's version rises, so two decisions on
// the same case never both pass), on its timeline and in its union's
// audit log.

const handoffColumns = `h.id, h.case_id, k.received_on, COALESCE(h.from_partner_id, 0), COALESCE(fp.name, ''), h.to_partner_id, tp.name,
	COALESCE(h.to_user_id, 0), h.state, h.note, h.reason, h.sent_by, h.sent_on, h.answered_by, h.answered_on`

const handoffFrom = ` FROM rights_handoffs h JOIN rights_cases k ON k.id = h.case_id JOIN orgs o ON o.id = k.org_id
	JOIN rights_partners tp ON tp.id = h.to_partner_id LEFT JOIN rights_partners fp ON fp.id = h.from_partner_id`

func scanHandoff(sc scanner) (gonghui.RightsHandoff, error) {
	var h gonghui.RightsHandoff
	var received gonghui.Date
	err := sc.Scan(&h.ID, &h.CaseID, &received, &h.FromPartnerID, &h.FromName, &h.ToPartnerID, &h.ToName, &h.ToUserID, &h.State,
		&h.Note, &h.Reason, &h.SentBy, &h.SentOn, &h.AnsweredBy, &h.AnsweredOn)
	if errors.Is(err, sql.ErrNoRows) {
		return h, gonghui.ErrNotFound
	}
	h.CaseNumber = RightsCaseNumber(received, h.CaseID)
	return h, err
}

func (c conn) rightsHandoffs(ctx context.Context, where string, args []any) ([]gonghui.RightsHandoff, error) {
	return listRows(ctx, c, handoffColumns, handoffFrom, " WHERE "+where, "h.id", args, gonghui.Page{Limit: 1 << 20}, scanHandoff)
}

// WaitingHandoffs lists the hand-offs waiting for the actor's answer: to
// its partner organisation (none for a union's account, which receives no
// hand-off).
func (s *Store) WaitingHandoffs(ctx context.Context, a gonghui.Actor) ([]gonghui.RightsHandoff, error) {
	if !a.IsPartner() {
		return []gonghui.RightsHandoff{}, nil
	}
	out, err := s.conn().rightsHandoffs(ctx, "h.to_partner_id = ? AND h.state = ?", []any{a.PartnerID, gonghui.HandoffPending})
	return out, opErr(err, "waiting hand-offs")
}

// pendingHandoff is the case's hand-off waiting for an answer (0: none).
func (c conn) pendingHandoff(ctx context.Context, caseID int64) (int64, error) {
	var id *int64
	err := c.row(ctx, `SELECT min(id) FROM rights_handoffs WHERE case_id = ? AND state = ?`, caseID, gonghui.HandoffPending).Scan(&id)
	if id == nil {
		return 0, err
	}
	return *id, err
}

// caseStep is the end shared by assignments and hand-offs: the case's
// version raised with set, the step on the timeline and the audit event.
func (c conn) caseStep(ctx context.Context, a gonghui.Actor, cur *rightsCaseRow, version int64, set string, args []any, step, note, action string, summary any) error {
	if err := c.updateVersioned(ctx, "rights_cases", "updated_at = ?"+set, append([]any{c.s.nowUnix()}, args...), cur.ID, version); err != nil {
		return err
	}
	if err := c.addRightsStep(ctx, a, cur.ID, step, c.s.today(), note); err != nil {
		return err
	}
	return c.audit(ctx, a, auditEntry{action: action, recordType: "rights_case", recordID: cur.ID, orgPath: cur.path, summary: mustJSON(summary)})
}

// openCase checks that a case can still be worked on at version.
func openCase(cur *rightsCaseRow, version int64) error {
	if cur.State == gonghui.CaseClosed {
		return gonghui.Invalid("state", "案件已结案", "the case is closed")
	}
	if version != cur.Version {
		return gonghui.StaleEdit()
	}
	return nil
}

// lockCaseHandoff: one hand-off of a case waits for its answer at a time.
// Key: the case.
var lockCaseHandoff = newLockRule("rights: one hand-off waiting per case")

// AssignRightsCase puts a case of the actor's subtree with a partner (and
// optionally one of its staff), or takes it back (PartnerID 0): the
// union's decision, not waiting for an answer.
func (s *Store) AssignRightsCase(ctx context.Context, a gonghui.Actor, id int64, in gonghui.RightsAssignInput) (gonghui.RightsCase, error) {
	if !a.Can(gonghui.PermEditRights) || a.IsPartner() {
		return gonghui.RightsCase{}, gonghui.ErrForbidden
	}
	var out gonghui.RightsCase
	err := s.inTx(ctx, func(c conn) error {
		cur, err := c.getRightsCase(ctx, a, id)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		in.Validate(v)
		var p partnerRow
		if in.PartnerID != 0 {
			if p, err = c.offeredPartner(ctx, v, "partner_id", in.PartnerID, cur.path); err != nil {
				return err
			}
			if err := c.checkPartnerUser(ctx, v, "user_id", in.UserID, in.PartnerID); err != nil {
				return err
			}
		}
		if err := c.lockFor(ctx, lockCaseHandoff, id); err != nil {
			return err
		}
		if pending, err := c.pendingHandoff(ctx, id); err != nil {
			return err
		} else if pending != 0 {
			v.Add("partner_id", "本案有待接收的移交，须待对方接收或退回", "a hand-off of the case waits for its answer")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := openCase(cur, in.Version); err != nil {
			return err
		}
		note := p.Name
		if in.Note != "" {
			note += " " + in.Note
		}
		if err := c.caseStep(ctx, a, cur, in.Version, ", partner_id = ?, partner_user_id = ?", []any{nullInt(in.PartnerID), nullInt(in.UserID)},
			"assign", note, "rights.case.assign", map[string]any{"partner": [2]any{cur.Partner, in.PartnerID}, "user": in.UserID, "note": in.Note}); err != nil {
			return err
		}
		after, err := c.getRightsCase(ctx, a, id)
		if err == nil {
			out = after.RightsCase
		}
		return err
	})
	return out, opErr(err, "assign rights case %d", id)
}

// SendRightsHandoff sends a case on to another partner: by the case's
// union, or by the partner it is with. It waits for the receiver's answer
// and the case stays where it is until then.
func (s *Store) SendRightsHandoff(ctx context.Context, a gonghui.Actor, id int64, in gonghui.RightsHandoffInput) (gonghui.RightsHandoff, error) {
	if !a.Can(gonghui.PermEditRights) && !a.Can(gonghui.PermActOwnCases) {
		return gonghui.RightsHandoff{}, gonghui.ErrForbidden
	}
	var out gonghui.RightsHandoff
	err := s.inTx(ctx, func(c conn) error {
		cur, err := c.getRightsCase(ctx, a, id)
		if err != nil {
			return err
		}
		if a.IsPartner() && !cur.heldBy(a.PartnerID) {
			return gonghui.ErrForbidden
		}
		v := &gonghui.ValidationError{}
		in.Validate(v)
		var to partnerRow
		if in.ToPartnerID != 0 {
			if to, err = c.offeredPartner(ctx, v, "to_partner_id", in.ToPartnerID, cur.path); err != nil {
				return err
			}
			if cur.heldBy(in.ToPartnerID) {
				v.Add("to_partner_id", "案件已在该合作单位", "the case is with that partner already")
			}
			if err := c.checkPartnerUser(ctx, v, "to_user_id", in.ToUserID, in.ToPartnerID); err != nil {
				return err
			}
		}
		if err := c.lockFor(ctx, lockCaseHandoff, id); err != nil {
			return err
		}
		if pending, err := c.pendingHandoff(ctx, id); err != nil {
			return err
		} else if pending != 0 {
			v.Add("to_partner_id", "本案已有待接收的移交", "a hand-off of the case waits for its answer already")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := openCase(cur, in.Version); err != nil {
			return err
		}
		var from int64
		if cur.Partner != nil {
			from = cur.Partner.ID
		}
		var hid int64
		if err := c.row(ctx, `INSERT INTO rights_handoffs (case_id, from_partner_id, to_partner_id, to_user_id, state, note, sent_by, sent_on, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, id, nullInt(from), in.ToPartnerID, nullInt(in.ToUserID), gonghui.HandoffPending,
			in.Note, a.Username, s.today(), s.nowUnix()).Scan(&hid); err != nil {
			return err
		}
		note := "→ " + to.Name
		if in.Note != "" {
			note += " " + in.Note
		}
		if err := c.caseStep(ctx, a, cur, in.Version, "", nil, "handoff", note, "rights.handoff.send",
			map[string]any{"handoff": hid, "from": from, "to": in.ToPartnerID, "to_user": in.ToUserID, "note": in.Note}); err != nil {
			return err
		}
		out, err = scanHandoff(c.row(ctx, `SELECT `+handoffColumns+handoffFrom+` WHERE h.id = ?`, hid))
		return err
	})
	return out, opErr(err, "hand off rights case %d", id)
}

// AnswerRightsHandoff is the receiver's answer to a hand-off waiting for
// its partner: acknowledged, the case is with the receiver from then on;
// declined with a reason, it stays with the sender (and the receiver no
// longer reads it).
func (s *Store) AnswerRightsHandoff(ctx context.Context, a gonghui.Actor, hid int64, an gonghui.RightsHandoffAnswer) (gonghui.RightsHandoff, error) {
	if !a.IsPartner() || !a.Can(gonghui.PermActOwnCases) {
		return gonghui.RightsHandoff{}, gonghui.ErrForbidden
	}
	var out gonghui.RightsHandoff
	err := s.inTx(ctx, func(c conn) error {
		h, err := scanHandoff(c.row(ctx, `SELECT `+handoffColumns+handoffFrom+` WHERE h.id = ? AND h.to_partner_id = ?`, hid, a.PartnerID))
		if err != nil {
			return err
		}
		cur, err := c.getRightsCase(ctx, a, h.CaseID)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		an.Validate(v)
		if h.State != gonghui.HandoffPending {
			v.Add("accept", "该移交已答复", "the hand-off is answered already")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := openCase(cur, an.Version); err != nil {
			return err
		}
		state, step, action, set, args := gonghui.HandoffDeclined, "handoff_decline", "rights.handoff.decline", "", []any(nil)
		if an.Accept {
			state, step, action = gonghui.HandoffAcknowledged, "handoff_ack", "rights.handoff.acknowledge"
			set, args = ", partner_id = ?, partner_user_id = ?", []any{h.ToPartnerID, nullInt(h.ToUserID)}
		}
		if _, err := c.exec(ctx, `UPDATE rights_handoffs SET state = ?, reason = ?, answered_by = ?, answered_on = ? WHERE id = ?`,
			state, an.Reason, a.Username, s.today(), hid); err != nil {
			return err
		}
		if err := c.caseStep(ctx, a, cur, an.Version, set, args, step, h.ToName+" "+an.Reason, action,
			map[string]any{"handoff": hid, "from": h.FromPartnerID, "to": h.ToPartnerID, "reason": an.Reason}); err != nil {
			return err
		}
		out, err = scanHandoff(c.row(ctx, `SELECT `+handoffColumns+handoffFrom+` WHERE h.id = ?`, hid))
		return err
	})
	return out, opErr(err, "answer hand-off %d", hid)
}
