package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"gonghui"
)

// A member's own correction of their phone, address and education: made
// in the portal (audited as the member), withdrawn by them while it waits,
// confirmed into the register through the register's one edit path, or
// rejected with a reason, by a cadre of the member's current union.

// lockCorrection: one pending correction per person. Key: person ID.
var lockCorrection = newLockRule("members: one pending correction per person")

// correctionBinding binds a correction's sealed value to its person: a
// value copied to another person's correction does not open there.
func correctionBinding(column string, person int64) []byte {
	return []byte("member_corrections." + column + "\x00" + strconv.FormatInt(person, 10))
}

// The correction's member is the person's active membership: the
// correction belongs to their current union and moves with a transfer.
const correctionColumns = `k.id, k.person_id, COALESCE(m.id, 0), p.name, COALESCE(m.org_id, 0), COALESCE(o.name, ''),
	k.phone_masked, k.address_masked, k.education, k.status, k.reason, k.proposed_on, k.decided_on, k.decided_by, k.version,
	k.phone_sealed, k.address_sealed, COALESCE(o.path, '')`

const correctionFrom = ` FROM member_corrections k
	JOIN persons p ON p.id = k.person_id
	LEFT JOIN memberships m ON m.person_id = k.person_id AND m.status = 'active'
	LEFT JOIN orgs o ON o.id = m.org_id`

// correctionRow is a scanned correction, masked, with its sealed values
// and its union's path.
type correctionRow struct {
	gonghui.MemberCorrection
	phoneSeal, addressSeal []byte
	path                   string
}

func scanCorrection(sc scanner) (correctionRow, error) {
	var r correctionRow
	k := &r.MemberCorrection
	err := sc.Scan(&k.ID, &k.PersonID, &k.MemberID, &k.Name, &k.OrgID, &k.OrgName,
		&k.Phone, &k.Address, &k.Education, &k.Status, &k.Reason, &k.ProposedOn, &k.DecidedOn, &k.DecidedBy, &k.Version,
		&r.phoneSeal, &r.addressSeal, &r.path)
	if errors.Is(err, sql.ErrNoRows) {
		return r, gonghui.ErrNotFound
	}
	return r, err
}

// openCorrection opens the proposed phone and address.
func (s *Store) openCorrection(r correctionRow) (phone, address string, err error) {
	if phone, err = s.keys.Open(r.phoneSeal, correctionBinding("phone_sealed", r.PersonID)); err != nil {
		return "", "", err
	}
	address, err = s.keys.Open(r.addressSeal, correctionBinding("address_sealed", r.PersonID))
	return phone, address, err
}

// getCorrection reads a correction of the actor's subtree: the member's
// current union in it.
func (c conn) getCorrection(ctx context.Context, a gonghui.Actor, id int64) (correctionRow, error) {
	scope, args := scopeClause("o.path", a)
	return scanCorrection(c.row(ctx, "SELECT "+correctionColumns+correctionFrom+" WHERE k.id = ? AND "+scope, append([]any{id}, args...)...))
}

// ownCorrection reads one of the person's own corrections.
func (c conn) ownCorrection(ctx context.Context, person, id int64) (correctionRow, error) {
	return scanCorrection(c.row(ctx, "SELECT "+correctionColumns+correctionFrom+" WHERE k.id = ? AND k.person_id = ?", id, person))
}

// activeMemberOf reads the person's active membership, masked.
func (c conn) activeMemberOf(ctx context.Context, person int64) (memberRow, error) {
	return scanMember(c.row(ctx, "SELECT "+memberColumns+memberFrom+" WHERE m.person_id = ? AND m.status = 'active'", person), c.s.today())
}

// correctionPerson is the person a correction belongs to, for the lock
// taken before it is read in scope.
func (c conn) correctionPerson(ctx context.Context, id int64) (int64, error) {
	var person int64
	err := c.row(ctx, `SELECT person_id FROM member_corrections WHERE id = ?`, id).Scan(&person)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, gonghui.ErrNotFound
	}
	return person, err
}

// correctionFields names what a correction proposes, for its audit event
// (the values masked).
func correctionFields(in gonghui.CorrectionInput) map[string]string {
	out := map[string]string{}
	if in.Phone != "" {
		out["phone"] = gonghui.MaskPhone(in.Phone)
	}
	if in.Address != "" {
		out["address"] = gonghui.MaskAddress(in.Address)
	}
	if in.Education != "" {
		out["education"] = in.Education
	}
	return out
}

// ProposeCorrection records a member's correction of their own phone,
// address and education (person: theirs; a: the member's actor, audited).
// The member must be active in the register; they have at most one
// correction pending.
func (s *Store) ProposeCorrection(ctx context.Context, a gonghui.Actor, person int64, in gonghui.CorrectionInput) (gonghui.MemberCorrection, error) {
	if s.keys == nil {
		return gonghui.MemberCorrection{}, errNoKeys
	}
	var out gonghui.MemberCorrection
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockFor(ctx, lockCorrection, person); err != nil {
			return err
		}
		cur, err := c.activeMemberOf(ctx, person)
		if errors.Is(err, gonghui.ErrNotFound) {
			return gonghui.Invalid("correction", "您当前没有有效会籍，无法更正信息", "you hold no active membership, so there is nothing to correct")
		}
		if err != nil {
			return err
		}
		var pending int
		if err := c.row(ctx, `SELECT count(*) FROM member_corrections WHERE person_id = ? AND status = 'pending'`, person).Scan(&pending); err != nil {
			return err
		}
		if pending > 0 {
			return gonghui.Invalid("correction", "您已有一项更正等待工会确认，可撤回后重新提交", "a correction of yours awaits your union's confirmation: withdraw it to send another")
		}
		stored, err := s.openPerson(cur)
		if err != nil {
			return err
		}
		in, err := gonghui.CheckCorrection(in, gonghui.CorrectionInput{Phone: stored.phone, Address: stored.address, Education: cur.Education})
		if err != nil {
			return err
		}
		var id int64
		if err := c.row(ctx, `INSERT INTO member_corrections (person_id, phone_sealed, phone_masked, address_sealed, address_masked, education, proposed_on, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			person, s.keys.Seal(in.Phone, correctionBinding("phone_sealed", person)), gonghui.MaskPhone(in.Phone),
			s.keys.Seal(in.Address, correctionBinding("address_sealed", person)), gonghui.MaskAddress(in.Address),
			in.Education, s.today(), s.nowUnix()).Scan(&id); err != nil {
			return err
		}
		if err := c.audit(ctx, a, auditEntry{action: "member.correction.propose", recordType: "member_correction", recordID: id, orgPath: cur.path,
			summary: mustJSON(correctionFields(in))}); err != nil {
			return err
		}
		r, err := c.ownCorrection(ctx, person, id)
		out = r.MemberCorrection
		return err
	})
	return out, opErr(err, "propose correction")
}

// WithdrawCorrection lets the member take back their pending correction;
// another person's correction is not found.
func (s *Store) WithdrawCorrection(ctx context.Context, a gonghui.Actor, person, id int64) (gonghui.MemberCorrection, error) {
	var out gonghui.MemberCorrection
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockFor(ctx, lockCorrection, person); err != nil {
			return err
		}
		k, err := c.ownCorrection(ctx, person, id)
		if err != nil {
			return err
		}
		out, err = c.decideCorrection(ctx, a, k, gonghui.CorrectionWithdrawn, "", k.Version)
		return err
	})
	return out, opErr(err, "withdraw correction %d", id)
}

// decideCorrection ends a pending correction (status, with the reason of
// a rejection) by compare-and-set on its version, audits it and reads it
// again in the actor's view (the member's own, or the cadre's scope).
func (c conn) decideCorrection(ctx context.Context, a gonghui.Actor, k correctionRow, status gonghui.CorrectionStatus, reason string, version int64) (gonghui.MemberCorrection, error) {
	if k.Status != gonghui.CorrectionPending {
		return gonghui.MemberCorrection{}, gonghui.Invalid("status", "该更正已处理", "the correction is already decided")
	}
	if err := c.updateVersioned(ctx, "member_corrections", `status = ?, reason = ?, decided_on = ?, decided_by = ?`,
		[]any{status, reason, c.s.today(), a.Username}, k.ID, version); err != nil {
		return gonghui.MemberCorrection{}, err
	}
	summary := map[string]string{}
	if reason != "" {
		summary["reason"] = reason
	}
	if err := c.audit(ctx, a, auditEntry{action: "member.correction." + correctionAction[status], recordType: "member_correction", recordID: k.ID,
		orgPath: k.path, summary: mustJSON(summary)}); err != nil {
		return gonghui.MemberCorrection{}, err
	}
	r, err := c.ownCorrection(ctx, k.PersonID, k.ID)
	return r.MemberCorrection, err
}

// correctionAction is the audit action of each ending of a correction.
var correctionAction = map[gonghui.CorrectionStatus]string{
	gonghui.CorrectionConfirmed: "confirm", gonghui.CorrectionRejected: "reject", gonghui.CorrectionWithdrawn: "withdraw",
}

// PortalCorrections is what the member's corrections page shows: the
// register's current values (masked), the pending correction and the
// past ones, newest first (the last hundred), masked.
type PortalCorrections struct {
	Phone     string                     `json:"phone,omitempty"`
	Address   string                     `json:"address,omitempty"`
	Education string                     `json:"education,omitempty"`
	Pending   *gonghui.MemberCorrection  `json:"pending,omitempty"`
	History   []gonghui.MemberCorrection `json:"history"`
}

// MemberCorrections reads the person's own corrections and current values.
func (s *Store) MemberCorrections(ctx context.Context, person int64) (PortalCorrections, error) {
	c := s.conn()
	out := PortalCorrections{History: []gonghui.MemberCorrection{}}
	cur, err := c.activeMemberOf(ctx, person)
	switch {
	case err == nil:
		out.Phone, out.Address, out.Education = cur.Phone, cur.Address, cur.Education
	case !errors.Is(err, gonghui.ErrNotFound):
		return out, opErr(err, "member corrections")
	}
	list, err := listRows(ctx, c, correctionColumns, correctionFrom, " WHERE k.person_id = ?", "k.id DESC", []any{person}, gonghui.Page{Limit: 100},
		func(sc scanner) (gonghui.MemberCorrection, error) {
			r, err := scanCorrection(sc)
			return r.MemberCorrection, err
		})
	for i := range list {
		if list[i].Status == gonghui.CorrectionPending {
			out.Pending = &list[i]
		} else {
			out.History = append(out.History, list[i])
		}
	}
	return out, opErr(err, "member corrections")
}

// ListCorrections lists the corrections of the members whose current
// union is in the actor's subtree, oldest first (the queue's order),
// masked.
func (s *Store) ListCorrections(ctx context.Context, a gonghui.Actor, f gonghui.CorrectionFilter) ([]gonghui.MemberCorrection, int, error) {
	p := f.Page.Normalize()
	scope, args := scopeClause("o.path", a)
	where := " WHERE " + scope
	if f.Status != "" {
		where += " AND k.status = ?"
		args = append(args, f.Status)
	}
	out, total, err := listPage(ctx, s.conn(), correctionColumns, correctionFrom, where, "k.id", args, p, func(sc scanner) (gonghui.MemberCorrection, error) {
		r, err := scanCorrection(sc)
		return r.MemberCorrection, err
	})
	return out, total, opErr(err, "list corrections")
}

// GetCorrection reads a correction in the actor's subtree, masked; reveal
// opens the proposed phone and address, which needs the reveal permission
// and is audited as a member's reveal is.
func (s *Store) GetCorrection(ctx context.Context, a gonghui.Actor, id int64, reveal bool) (gonghui.MemberCorrection, error) {
	r, err := s.conn().getCorrection(ctx, a, id)
	if err != nil || !reveal {
		return r.MemberCorrection, opErr(err, "get correction %d", id)
	}
	if !a.Can(gonghui.PermRevealMembers) {
		return gonghui.MemberCorrection{}, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return gonghui.MemberCorrection{}, errNoKeys
	}
	if r.Phone, r.Address, err = s.openCorrection(r); err != nil {
		return gonghui.MemberCorrection{}, opErr(err, "get correction %d", id)
	}
	r.Revealed = true
	return r.MemberCorrection, s.Audit(ctx, a, "member.reveal", "member_correction", id, r.path, `{"fields":["phone","address"]}`, gonghui.OutcomeSuccess)
}

// lockedCorrection takes the lock of a correction's person and reads the
// correction in the actor's scope.
func (c conn) lockedCorrection(ctx context.Context, a gonghui.Actor, id int64) (correctionRow, error) {
	person, err := c.correctionPerson(ctx, id)
	if err != nil {
		return correctionRow{}, err
	}
	if err := c.lockFor(ctx, lockCorrection, person); err != nil {
		return correctionRow{}, err
	}
	return c.getCorrection(ctx, a, id)
}

// ConfirmCorrection writes a pending correction into the register, as an
// edit of the member by the cadre (statistics, version and audit as for
// any edit): only the proposed fields change, whatever else changed in
// the record since. version is the correction's.
func (s *Store) ConfirmCorrection(ctx context.Context, a gonghui.Actor, id, version int64) (gonghui.MemberCorrection, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.MemberCorrection{}, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return gonghui.MemberCorrection{}, errNoKeys
	}
	var out gonghui.MemberCorrection
	err := s.inTx(ctx, func(c conn) error {
		k, err := c.lockedCorrection(ctx, a, id)
		if err != nil {
			return err
		}
		if k.Status != gonghui.CorrectionPending {
			return gonghui.Invalid("status", "该更正已处理", "the correction is already decided")
		}
		if err := c.lockMembership(ctx, k.MemberID); err != nil {
			return err
		}
		cur, err := c.getMember(ctx, a, k.MemberID)
		if err != nil {
			return err
		}
		phone, address, err := s.openCorrection(k)
		if err != nil {
			return err
		}
		in := cur.ToInput()
		in.Version = cur.Version
		if phone != "" {
			in.Phone, in.KeepPhone = phone, false
		}
		if address != "" {
			in.Address, in.KeepAddress = address, false
		}
		if k.Education != "" {
			in.Education = k.Education
		}
		if _, err := c.updateMember(ctx, a, cur, in); err != nil {
			return err
		}
		out, err = c.decideCorrection(ctx, a, k, gonghui.CorrectionConfirmed, "", version)
		return err
	})
	return out, opErr(err, "confirm correction %d", id)
}

// RejectCorrection refuses a pending correction with the reason the
// member reads; the register is left as it is.
func (s *Store) RejectCorrection(ctx context.Context, a gonghui.Actor, id int64, in gonghui.CorrectionRejection) (gonghui.MemberCorrection, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.MemberCorrection{}, gonghui.ErrForbidden
	}
	var out gonghui.MemberCorrection
	err := s.inTx(ctx, func(c conn) error {
		k, err := c.lockedCorrection(ctx, a, id)
		if err != nil {
			return err
		}
		if err := in.Check(); err != nil {
			return err
		}
		out, err = c.decideCorrection(ctx, a, k, gonghui.CorrectionRejected, in.Reason, in.Version)
		return err
	})
	return out, opErr(err, "reject correction %d", id)
}
