package store

import (
	"context"
)

var (
	// famMembers: memberships.
	famMembers = registerStatFamily(statFamilyDef{name: "members", events: conn.memberEvents, recount: recountMembers,
		derive: func(vals map[string]int64) {
			vals["members_total"] = vals["members_reported"] + vals[keyMembersUnreported]
		}})
	// famCards: cards, held while a membership is.
	famCards = registerStatFamily(statFamilyDef{name: "cards", events: conn.cardEvents, recount: recountCards})
	// famMembership is what a membership counts in, cards and charts
	// included.
	famMembership = famMembers | famCards | famMemberCharts
)

// memberSince is the first day a membership is held: the day a transfer
// started it, else its join date. A transferred membership keeps the
// original join date (入会日期), but counting from it would hold the person
// in both unions until the transfer.
const memberSince = `COALESCE(m.member_since, m.joined_on)`

// memberEvents: a membership is held from its first day (memberSince) to
// leaving. The rows
// stream ungrouped: grouping a city's memberships in SQL would sort them
// all in memory first, while the sink's sums stay small.
func (c conn) memberEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, joined string
	var left *string
	var unreported bool
	return c.eachRow(ctx, `SELECT o.path, o.reported_members IS NULL, `+memberSince+`, m.left_on
		FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE `+where, args,
		[]any{&path, &unreported, &joined, &left}, func() {
			sink.span(path, "members_realname", joined, deref(left), 1)
			if unreported {
				sink.span(path, keyMembersUnreported, joined, deref(left), 1)
			}
		})
}

// cardEvents: a card counts while it is valid and its holder's membership
// is held, at the union of that membership (ungrouped, as memberEvents).
func (c conn) cardEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, issued, joined string
	var ended, left *string
	return c.eachRow(ctx, `SELECT o.path, k.issued_on, k.ended_on, `+memberSince+`, m.left_on
		FROM cards k JOIN memberships m ON m.person_id = k.person_id JOIN orgs o ON o.id = m.org_id
		WHERE `+where, args,
		[]any{&path, &issued, &ended, &joined, &left}, func() {
			sink.span(path, "cards_issued", later(issued, joined), earlierEnd(deref(ended), deref(left)), 1)
		})
}

func recountMembers(r *recount) {
	r.count("members_realname", `SELECT count(*) FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE `+r.scope+` AND `+memberHeld, r.on, r.on)
	r.count(keyMembersUnreported, `SELECT count(*) FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE `+r.scope+` AND o.reported_members IS NULL AND `+memberHeld, r.on, r.on)
}

func recountCards(r *recount) {
	on := r.on
	r.count("cards_issued", `SELECT count(*) FROM cards k JOIN memberships m ON m.person_id = k.person_id
		JOIN orgs o ON o.id = m.org_id WHERE `+r.scope+` AND `+memberHeld+` AND k.issued_on <= ? AND (k.ended_on IS NULL OR k.ended_on > ?)`, on, on, on, on)
}
