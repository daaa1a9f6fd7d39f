package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"gonghui"
)

// StartTransfer begins moving an active member of the actor's subtree to
// another union, which may lie anywhere in the tree. The member stays
// active in the sending union until the receiving union accepts.
func (s *Store) StartTransfer(ctx context.Context, a gonghui.Actor, memberID, toOrgID int64, reason string) (gonghui.Transfer, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.Transfer{}, gonghui.ErrForbidden
	}
	var out gonghui.Transfer
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockMembership(ctx, memberID); err != nil {
			return err
		}
		m, err := c.getMember(ctx, a, memberID)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		if m.Status != gonghui.MemberActive {
			v.Add("member_id", "只能转接在册会员", "only active members can be transferred")
		}
		var pending int
		if err := c.row(ctx, `SELECT count(*) FROM transfers WHERE membership_id = ? AND status = 'pending'`, memberID).Scan(&pending); err != nil {
			return err
		}
		if pending > 0 {
			v.Add("member_id", "该会员已有待处理的转接", "the member already has a pending transfer")
		}
		to, err := c.getOrg(ctx, gonghui.SystemActor("transfer"), "o.id = ?", toOrgID)
		switch {
		case errors.Is(err, gonghui.ErrNotFound):
			v.Add("to_org_id", "接收工会不存在", "receiving union not found")
		case err != nil:
			return err
		case to.Status != gonghui.OrgActive:
			v.Add("to_org_id", "接收工会已撤销或合并", "the receiving union is dissolved or merged")
		case to.ID == m.OrgID:
			v.Add("to_org_id", "接收工会与当前工会相同", "the receiving union is the member's own union")
		}
		if err := v.Err(); err != nil {
			return err
		}
		var id int64
		err = c.row(ctx, `INSERT INTO transfers (membership_id, person_id, from_org_id, to_org_id, status, reason, requested_by, requested_at)
			VALUES (?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING id`,
			memberID, m.PersonID, m.OrgID, to.ID, strings.TrimSpace(reason), a.Username, s.nowUnix()).Scan(&id)
		if err != nil {
			return err
		}
		if out, err = c.getTransfer(ctx, id, a); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "transfer.start", recordType: "transfer", recordID: id, orgPath: m.path,
			summary: mustJSON(map[string]any{"member_id": memberID, "to_org_id": to.ID, "to_org": to.Name})})
	})
	return out, opErr(err, "start transfer")
}

const transferColumns = `t.id, t.membership_id, p.name, t.from_org_id, fo.name, fo.path, t.to_org_id, too.name, too.path,
	t.status, t.reason, t.requested_by, t.decided_by, t.note, COALESCE(t.new_membership_id, 0)`

const transferFrom = ` FROM transfers t JOIN persons p ON p.id = t.person_id
	JOIN orgs fo ON fo.id = t.from_org_id JOIN orgs too ON too.id = t.to_org_id`

type transferRow struct {
	gonghui.Transfer
	fromPath, toPath string
}

func scanTransfer(sc scanner, a gonghui.Actor) (transferRow, error) {
	var r transferRow
	t := &r.Transfer
	err := sc.Scan(&t.ID, &t.MemberID, &t.MemberName, &t.FromOrgID, &t.FromOrgName, &r.fromPath, &t.ToOrgID, &t.ToOrgName, &r.toPath,
		&t.Status, &t.Reason, &t.RequestedBy, &t.DecidedBy, &t.Note, &t.NewMemberID)
	if errors.Is(err, sql.ErrNoRows) {
		return r, gonghui.ErrNotFound
	}
	t.Incoming = gonghui.InSubtree(r.toPath, a.Path)
	return r, err
}

// transferScope is the condition that a transfer's sending or receiving
// union lies in the actor's subtree: each side sees it, no one else.
func transferScope(a gonghui.Actor) (string, []any) {
	from, fa := scopeClause("fo.path", a)
	to, ta := scopeClause("too.path", a)
	return "((" + from + ") OR (" + to + "))", append(fa, ta...)
}

func (c conn) getTransfer(ctx context.Context, id int64, a gonghui.Actor) (gonghui.Transfer, error) {
	r, err := c.getTransferRow(ctx, id, a)
	return r.Transfer, err
}

func (c conn) getTransferRow(ctx context.Context, id int64, a gonghui.Actor) (transferRow, error) {
	scope, args := transferScope(a)
	return scanTransfer(c.row(ctx, "SELECT "+transferColumns+transferFrom+" WHERE t.id = ? AND "+scope, append([]any{id}, args...)...), a)
}

// GetTransfer returns a transfer whose sending or receiving union is in scope.
func (s *Store) GetTransfer(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Transfer, error) {
	return s.conn().getTransfer(ctx, id, a)
}

// ListTransfers lists transfers in or out of the actor's subtree with a
// status ("" = pending), newest first.
func (s *Store) ListTransfers(ctx context.Context, a gonghui.Actor, status gonghui.TransferStatus, p gonghui.Page) ([]gonghui.Transfer, int, error) {
	p = p.Normalize()
	if status == "" {
		status = gonghui.TransferPending
	}
	scope, args := transferScope(a)
	wh := " WHERE " + scope + " AND t.status = ?"
	args = append(args, status)
	return listPage(ctx, s.conn(), transferColumns, transferFrom, wh, "t.id DESC", args, p, func(sc scanner) (gonghui.Transfer, error) {
		r, err := scanTransfer(sc, a)
		return r.Transfer, err
	})
}

// DecideTransfer lets the receiving union accept or reject a pending
// transfer, or the sending union cancel it. On acceptance, in one
// transaction, the old membership ends as transferred that day and a new
// one starts in the receiving union the same day (member_since), keeping
// the original join date: the member is never held in two unions at once.
func (s *Store) DecideTransfer(ctx context.Context, a gonghui.Actor, id int64, decision gonghui.TransferStatus, note string) (gonghui.Transfer, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.Transfer{}, gonghui.ErrForbidden
	}
	var out gonghui.Transfer
	err := s.inTx(ctx, func(c conn) error {
		t, err := c.getTransferRow(ctx, id, a)
		if err != nil {
			return err
		}
		// The transfer is read again under its member's lock: a decision
		// taken meanwhile is seen, and the member is never active twice.
		if err := c.lockMembership(ctx, t.MemberID); err != nil {
			return err
		}
		if t, err = c.getTransferRow(ctx, id, a); err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		if t.Status != gonghui.TransferPending {
			v.Add("status", "该转接已处理", "the transfer is already decided")
		}
		incoming := gonghui.InSubtree(t.toPath, a.Path)
		outgoing := gonghui.InSubtree(t.fromPath, a.Path)
		switch decision {
		case gonghui.TransferAccepted, gonghui.TransferRejected:
			if !incoming {
				v.Add("status", "只有接收工会可以接收或退回转接", "only the receiving union can accept or reject")
			}
		case gonghui.TransferCancelled:
			if !outgoing {
				v.Add("status", "只有转出工会可以撤回转接", "only the sending union can cancel")
			}
		default:
			v.Add("status", "无效的处理结果", "invalid decision")
		}
		if decision == gonghui.TransferRejected && strings.TrimSpace(note) == "" {
			v.Add("note", "请填写退回原因", "a reason for rejecting is required")
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.nowUnix()
		var newID int64
		if decision == gonghui.TransferAccepted {
			var personID int64
			if err := c.row(ctx, `SELECT person_id FROM memberships WHERE id = ?`, t.MemberID).Scan(&personID); err != nil {
				return err
			}
			if err := c.touchPersons(ctx, personID); err != nil {
				return err
			}
			today := gonghui.DateOf(s.now())
			if _, err := c.exec(ctx, `UPDATE memberships SET status = 'transferred', left_on = ?, leave_reason = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
				today, "转至 "+t.ToOrgName, now, t.MemberID); err != nil {
				return err
			}
			// The old membership is held up to yesterday, the new one from
			// today; the join date goes along for seniority.
			// The search keys: the new union's path, the person's name
			// and form of employment.
			err := c.row(ctx, `INSERT INTO memberships (person_id, org_id, status, joined_on, member_since, created_at, updated_at, `+strings.Join(memberKeyColumns, ", ")+`)
				SELECT person_id, ?, 'active', joined_on, ?, ?, ?, ?, ?, ?, name, name_initials, employment FROM memberships WHERE id = ? RETURNING id`,
				append(append([]any{t.ToOrgID, today, now, now}, pathKeys(t.toPath)...), t.MemberID)...).Scan(&newID)
			if err != nil {
				return err
			}
		}
		if _, err := c.exec(ctx, `UPDATE transfers SET status = ?, decided_by = ?, decided_at = ?, note = ?, new_membership_id = ? WHERE id = ?`,
			decision, a.Username, now, strings.TrimSpace(note), nullInt(newID), id); err != nil {
			return err
		}
		if out, err = c.getTransfer(ctx, id, a); err != nil {
			return err
		}
		path := t.toPath
		if decision == gonghui.TransferCancelled {
			path = t.fromPath
		}
		return c.audit(ctx, a, auditEntry{action: "transfer." + string(decision), recordType: "transfer", recordID: id, orgPath: path,
			summary: mustJSON(map[string]any{"member_id": t.MemberID, "from_org_id": t.FromOrgID, "to_org_id": t.ToOrgID, "new_member_id": newID})})
	})
	return out, opErr(err, "decide transfer %d", id)
}

// Cards lists a member's service cards, newest first.
func (s *Store) Cards(ctx context.Context, a gonghui.Actor, memberID int64) ([]gonghui.Card, error) {
	c := s.conn()
	m, err := c.getMember(ctx, a, memberID)
	if err != nil {
		return nil, opErr(err, "cards")
	}
	// A card lapses with the person's membership, not with one of their
	// memberships: after a transfer it goes on under the new one.
	var held int
	if err := c.row(ctx, `SELECT count(*) FROM memberships WHERE person_id = ? AND status = 'active'`, m.PersonID).Scan(&held); err != nil {
		return nil, opErr(err, "cards")
	}
	left := m.LeftOn
	if held > 0 {
		left = gonghui.Date{}
	}
	rows, err := c.query(ctx, `SELECT card_no, issued_on, status, ended_on FROM cards WHERE person_id = ? ORDER BY id DESC`, m.PersonID)
	if err != nil {
		return nil, opErr(err, "cards")
	}
	defer rows.Close()
	var out []gonghui.Card
	for rows.Next() {
		var k gonghui.Card
		if err := rows.Scan(&k.No, &k.IssuedOn, &k.Status, &k.EndedOn); err != nil {
			return nil, opErr(err, "cards")
		}
		k.State = gonghui.CardStateOn(k, left, s.today())
		out = append(out, k)
	}
	return out, rows.Err()
}

// CardAction is what a cadre does with a member's service card.
type CardAction string

const (
	CardIssue   CardAction = "issue"
	CardReplace CardAction = "replace"
	CardCancel  CardAction = "cancel"
)

// ChangeCard issues a first card, replaces the active card with a new
// number, or cancels it, for an active member in scope.
func (s *Store) ChangeCard(ctx context.Context, a gonghui.Actor, memberID int64, action CardAction, cardNo string, on gonghui.Date) (gonghui.Member, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.Member{}, gonghui.ErrForbidden
	}
	if on.IsZero() {
		on = gonghui.DateOf(s.now())
	}
	cardNo = strings.ToUpper(strings.TrimSpace(cardNo))
	var out gonghui.Member
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockMembership(ctx, memberID); err != nil {
			return err
		}
		m, err := c.getMember(ctx, a, memberID)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		if m.Status != gonghui.MemberActive {
			v.Add("card_no", "只能为在册会员办理会员卡", "cards are for active members only")
		}
		if gonghui.DateOf(s.now()).Before(on) {
			v.Add("date", "日期不能晚于今天", "the date cannot be in the future")
		}
		// A card's validity is a span of days: it ends no earlier than it
		// began, and the next begins no earlier than the last ended.
		if m.CardNo != "" && on.Before(m.CardIssued) {
			v.Add("date", "日期不能早于现有会员卡的发卡日期"+m.CardIssued.String(), "the date cannot be before the current card's issue date ("+m.CardIssued.String()+")")
		}
		if m.CardNo == "" {
			lastEnd, err := c.lastCardEnd(ctx, m.PersonID)
			if err != nil {
				return err
			}
			if on.Before(lastEnd) {
				v.Add("date", "日期不能早于上一张会员卡的终止日期"+lastEnd.String(), "the date cannot be before the last card ended ("+lastEnd.String()+")")
			}
		}
		switch action {
		case CardIssue, CardReplace:
			if err := gonghui.CheckCardNo(cardNo); err != nil {
				return err
			}
			if action == CardIssue && m.CardNo != "" {
				v.Add("card_no", "该会员已有会员卡，请办理换卡", "the member already holds a card: replace it")
			}
			if action == CardReplace && m.CardNo == "" {
				v.Add("card_no", "该会员尚无会员卡，请办理发卡", "the member holds no card: issue one")
			}
		case CardCancel:
			if m.CardNo == "" {
				v.Add("card_no", "该会员没有有效的会员卡", "the member holds no active card")
			}
		default:
			v.Add("action", "无效的操作", "invalid card action")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.touchPersons(ctx, m.PersonID); err != nil {
			return err
		}
		if m.CardNo != "" {
			status := "cancelled"
			if action == CardReplace {
				status = "replaced"
			}
			if _, err := c.exec(ctx, `UPDATE cards SET status = ?, ended_on = ? WHERE person_id = ? AND status = 'active'`, status, on, m.PersonID); err != nil {
				return err
			}
		}
		if action != CardCancel {
			if err := c.insertCard(ctx, m.PersonID, cardNo, on); err != nil {
				return err
			}
		}
		r, err := c.getMember(ctx, a, memberID)
		if err != nil {
			return err
		}
		out = r.Member
		return c.audit(ctx, a, auditEntry{action: "card." + string(action), recordType: "member", recordID: memberID, orgPath: r.path,
			summary: mustJSON(map[string]string{"old": m.CardNo, "new": out.CardNo, "date": on.String()})})
	})
	return out, opErr(err, "change card")
}
