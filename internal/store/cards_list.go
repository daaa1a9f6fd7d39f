package store

import (
	"context"

	"gonghui"
)

// IssuedCard is a card on a union's card issue list (会员服务卡发放清单):
// who holds it, where, and since when — no personal data beyond the
// name, as the list is printed for signatures.
type IssuedCard struct {
	MemberID int64        `json:"member_id"`
	Name     string       `json:"name"`
	OrgName  string       `json:"org_name"`
	UnitName string       `json:"unit_name,omitempty"`
	CardNo   string       `json:"card_no"`
	IssuedOn gonghui.Date `json:"issued_on"`
}

// maxIssueList bounds a printed issue list: beyond it, a period or a
// smaller union is asked for.
const maxIssueList = 5000

// ListIssuedCards lists the active cards issued from since to until (both
// included) to active members of an org's subtree (0: the actor's), in
// tree and name order, at most maxIssueList of them; more reports whether
// there were more.
func (s *Store) ListIssuedCards(ctx context.Context, a gonghui.Actor, orgID int64, since, until gonghui.Date) (cards []IssuedCard, more bool, err error) {
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, orgID)
	if err != nil {
		return nil, false, opErr(err, "list issued cards")
	}
	scope, args := scopeClause("o.path", sa)
	rows, err := c.query(ctx, `SELECT m.id, p.name, o.name, COALESCE(u.name, ''), k.card_no, k.issued_on
		FROM cards k JOIN persons p ON p.id = k.person_id
		JOIN memberships m ON m.person_id = k.person_id AND m.status = 'active'
		JOIN orgs o ON o.id = m.org_id LEFT JOIN units u ON u.id = m.unit_id
		WHERE `+scope+` AND k.status = 'active' AND k.issued_on >= ? AND k.issued_on <= ?
		ORDER BY o.path, p.name, k.card_no LIMIT ?`, append(args, since, until, maxIssueList+1)...)
	if err != nil {
		return nil, false, opErr(err, "list issued cards")
	}
	defer rows.Close()
	cards = []IssuedCard{}
	for rows.Next() {
		var k IssuedCard
		if err := rows.Scan(&k.MemberID, &k.Name, &k.OrgName, &k.UnitName, &k.CardNo, &k.IssuedOn); err != nil {
			return nil, false, opErr(err, "list issued cards")
		}
		cards = append(cards, k)
	}
	if len(cards) > maxIssueList {
		cards, more = cards[:maxIssueList], true
	}
	return cards, more, opErr(rows.Err(), "list issued cards")
}
