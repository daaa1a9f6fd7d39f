package store

import (
	"context"
	"database/sql"
	"errors"

	"gonghui"
)

// famAssistance: what the programmes of each figure line paid in the year
// and whom they reached, at the union that filed each application. A paid
// application counts from its payment's day to the end of that year, or
// to the day the payment was reversed (returned by the bank) if earlier.
var famAssistance = registerStatFamily(statFamilyDef{name: "assistance", events: conn.assistanceEvents, recount: recountAssistance})

const assistancePaid = ` FROM applications a JOIN programmes p ON p.id = a.programme_id JOIN orgs o ON o.id = a.org_id
	JOIN ledger_entries e ON e.id = a.entry_id LEFT JOIN ledger_entries r ON r.reverses_id = e.id WHERE p.figure <> '' AND `

func (c conn) assistanceEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, figure, kind, from string
	var until *string
	var n, fen int64
	return c.eachRow(ctx, `SELECT o.path, p.figure, p.recipient_kind, e.posted_on, r.posted_on, count(*), SUM(e.amount_fen)`+assistancePaid+where+`
		GROUP BY o.path, p.figure, p.recipient_kind, e.posted_on, r.posted_on`, args,
		[]any{&path, &figure, &kind, &from, &until, &n, &fen}, func() {
			l, ok := gonghui.FigureLineOf(figure)
			if !ok {
				return
			}
			end := earlierEnd(yearEnd(from), deref(until))
			sink.span(path, l.Paid, from, end, fen)
			if key := l.Recipients[kind]; key != "" {
				sink.span(path, key, from, end, n)
			}
		})
}

func recountAssistance(r *recount) {
	y, _, _ := r.on.Parts()
	held := ` AND p.figure = ? AND e.posted_on >= ? AND e.posted_on <= ? AND (r.id IS NULL OR r.posted_on > ?)`
	for _, l := range gonghui.FigureLines {
		args := []any{l.Key, gonghui.NewDate(y, 1, 1), r.on, r.on}
		r.count(l.Paid, `SELECT COALESCE(SUM(e.amount_fen), 0)`+assistancePaid+r.scope+held, args...)
		for kind, key := range l.Recipients {
			r.count(key, `SELECT count(*)`+assistancePaid+r.scope+held+` AND p.recipient_kind = ?`, append(args, kind)...)
		}
	}
}

// touchApplicationStats records, before an application's payment is
// posted or reversed, the figures of the union that filed it: the
// assistance lines' and the qualification subsidies'.
func (c conn) touchApplicationStats(ctx context.Context, applicationID int64) error {
	var org int64
	err := c.row(ctx, `SELECT org_id FROM applications WHERE id = ?`, applicationID).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // an entry naming no application counts in no application's figures
	}
	if err != nil {
		return err
	}
	return c.touchStats(ctx, famAssistance|famSubsidies, org)
}
