package store

import (
	"context"

	"gonghui"
)

// famLedger: the amounts raised and paid by the funds of a subtree's
// unions, to date. A donation or a payment counts from its posting day
// until the day of its reversal, so a year's amount is the difference of
// two days' figures. A donation raised for a programme of a figure line
// also counts in the line's amount raised in the year, until the year's
// end or its reversal.
var famLedger = registerStatFamily(statFamilyDef{name: "ledger", events: conn.ledgerEvents, recount: recountLedger})

// ledgerFigures are the family's keys by the kind and form of entry.
func ledgerFigures(kind, form string) []string {
	switch {
	case kind == gonghui.EntryDonation:
		return []string{"assist_raised_fen"}
	case kind == gonghui.EntryPayment && form == gonghui.FormGoods:
		return []string{"assist_paid_fen", "assist_paid_goods_fen"}
	case kind == gonghui.EntryPayment:
		return []string{"assist_paid_fen"}
	}
	return nil
}

const ledgerCounted = ` FROM ledger_entries e JOIN funds f ON f.id = e.fund_id JOIN orgs o ON o.id = f.org_id
	LEFT JOIN ledger_entries r ON r.reverses_id = e.id
	LEFT JOIN programmes p ON e.ref_kind = 'programme' AND p.id = e.ref_id WHERE e.kind IN ('donation', 'payment') AND `

func (c conn) ledgerEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, kind, form, figure, from string
	var until *string
	var n int64
	return c.eachRow(ctx, `SELECT o.path, e.kind, COALESCE(e.form, ''), COALESCE(p.figure, ''), e.posted_on, r.posted_on, SUM(e.amount_fen)`+
		ledgerCounted+where+` GROUP BY o.path, e.kind, e.form, p.figure, e.posted_on, r.posted_on`, args,
		[]any{&path, &kind, &form, &figure, &from, &until, &n}, func() {
			for _, key := range ledgerFigures(kind, form) {
				sink.span(path, key, from, deref(until), n)
			}
			if l, ok := gonghui.FigureLineOf(figure); ok && kind == gonghui.EntryDonation && l.Raised != "" {
				sink.span(path, l.Raised, from, earlierEnd(yearEnd(from), deref(until)), n)
			}
		})
}

func recountLedger(r *recount) {
	held := ` AND e.posted_on <= ? AND (r.id IS NULL OR r.posted_on > ?)`
	sum := `SELECT COALESCE(SUM(e.amount_fen), 0)` + ledgerCounted + r.scope
	r.count("assist_raised_fen", sum+` AND e.kind = 'donation'`+held, r.on, r.on)
	r.count("assist_paid_fen", sum+` AND e.kind = 'payment'`+held, r.on, r.on)
	r.count("assist_paid_goods_fen", sum+` AND e.kind = 'payment' AND e.form = 'goods'`+held, r.on, r.on)
	y, _, _ := r.on.Parts()
	for _, l := range gonghui.FigureLines {
		if l.Raised != "" {
			r.count(l.Raised, sum+` AND e.kind = 'donation' AND p.figure = ?`+held+` AND e.posted_on >= ?`, l.Key, r.on, r.on, gonghui.NewDate(y, 1, 1))
		}
	}
}
