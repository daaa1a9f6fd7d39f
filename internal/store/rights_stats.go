package store

import (
	"context"

	"gonghui"
)

// famRights: the year's intakes, cases and letters, at the union that
// took or handles them. Each counts from its day to the end of its year,
// as the honours awarded in a year do.
var famRights = registerStatFamily(statFamilyDef{name: "rights", events: conn.rightsEvents, recount: recountRights})

// rightsCaseKinds are the kinds of case by the suffix of their keys.
var rightsCaseKinds = []string{gonghui.CaseLegalAid, gonghui.CaseMediation, gonghui.CaseSupervision}

// rightsMediationOutcomes are the mediation outcomes counted apart.
var rightsMediationOutcomes = map[string]string{
	gonghui.OutcomeSettled:     "rights_mediation_settled",
	gonghui.OutcomeArbitration: "rights_mediation_arbitration",
}

// rightsSatisfied reports whether a callback's answer counts as
// satisfied: satisfied or fairly satisfied.
func rightsSatisfied(satisfaction string) bool {
	return satisfaction == gonghui.SatisfactionSatisfied || satisfaction == gonghui.SatisfactionFair
}

func (c conn) rightsEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	year := func(path, key, day string, n int64) { sink.span(path, key, day, yearEnd(day), n) }
	var path, kind, channel, day string
	var n int64
	if err := c.eachRow(ctx, `SELECT o.path, i.kind, i.channel, i.received_on, count(*) FROM rights_intakes i JOIN orgs o ON o.id = i.org_id
		WHERE `+where+` GROUP BY o.path, i.kind, i.channel, i.received_on`, args, []any{&path, &kind, &channel, &day, &n}, func() {
		year(path, "rights_intakes", day, n)
		if kind == gonghui.IntakeConsultation {
			year(path, "rights_consultations", day, n)
		}
		if channel == "hotline" {
			year(path, "rights_hotline_calls", day, n)
		}
	}); err != nil {
		return err
	}
	var accepted, closed *string
	var outcome string
	var recovered, parties, workers int64
	if err := c.eachRow(ctx, `SELECT o.path, k.kind, k.received_on, k.accepted_on, k.outcome, k.outcome_on, k.recovered_fen,
		(SELECT count(*) FROM rights_parties p WHERE p.case_id = k.id), k.worker_count FROM rights_cases k JOIN orgs o ON o.id = k.org_id WHERE `+where, args,
		[]any{&path, &kind, &day, &accepted, &outcome, &closed, &recovered, &parties, &workers}, func() {
			year(path, "rights_workers", day, max(parties, workers))
			acc := deref(accepted)
			if kind == gonghui.CaseSupervision {
				acc = day // no acceptance: counted from its receipt
			}
			if acc != "" {
				year(path, "rights_accepted_"+kind, acc, 1)
			}
			if closed == nil {
				return
			}
			year(path, "rights_closed_"+kind, *closed, 1)
			year(path, "rights_recovered_fen", *closed, recovered)
			if key, ok := rightsMediationOutcomes[outcome]; ok && kind == gonghui.CaseMediation {
				year(path, key, *closed, 1)
			}
		}); err != nil {
		return err
	}
	if err := c.eachRow(ctx, `SELECT o.path, l.kind, l.sent_on, count(*) FROM rights_letters l JOIN rights_cases k ON k.id = l.case_id
		JOIN orgs o ON o.id = k.org_id WHERE `+where+` GROUP BY o.path, l.kind, l.sent_on`, args, []any{&path, &kind, &day, &n},
		func() { year(path, "rights_letters_"+kind, day, n) }); err != nil {
		return err
	}
	var satisfaction string
	if err := c.eachRow(ctx, `SELECT o.path, b.on_date, b.satisfaction, count(*) FROM rights_callbacks b JOIN rights_cases k ON k.id = b.case_id
		JOIN orgs o ON o.id = k.org_id WHERE `+where+` AND b.reached = 1 GROUP BY o.path, b.on_date, b.satisfaction`, args,
		[]any{&path, &day, &satisfaction, &n}, func() {
			year(path, "rights_callbacks", day, n)
			if rightsSatisfied(satisfaction) {
				year(path, "rights_callbacks_satisfied", day, n)
			}
		}); err != nil {
		return err
	}
	// The clocks are computed from the calendar and the rules: a change of
	// either sets the family aside for a rebuild (setAsideRights).
	rows, _, err := c.rightsCases(ctx, where, "k.id", args, nil)
	if err != nil {
		return err
	}
	for _, r := range rows {
		for _, d := range r.Deadlines {
			ended, onTime := clockEnded(r.RightsCase, d)
			year(r.path, "rights_clocks_"+d.Kind, ended.String(), 1)
			if onTime {
				year(r.path, "rights_clocks_"+d.Kind+"_on_time", ended.String(), 1)
			}
		}
	}
	return nil
}

// clockEnded is the day a clock of a case ended and whether it was met in
// time: the day it was met; else the day its case closed (a closed case
// runs no clock); else the day after its last, late.
func clockEnded(k gonghui.RightsCase, d gonghui.RightsDeadline) (gonghui.Date, bool) {
	switch {
	case !d.MetOn.IsZero():
		return d.MetOn, !d.Late()
	case k.State == gonghui.CaseClosed && !k.OutcomeOn.IsZero():
		return k.OutcomeOn, !d.Due.Before(k.OutcomeOn)
	}
	return d.Due.AddDays(1), false
}

// setAsideRights sets the family aside in every aggregate, for a rebuild
// after the calendar or a clock rule changed.
func (c conn) setAsideRights(ctx context.Context) error {
	var ids []int64
	var id int64
	if err := c.eachRow(ctx, `SELECT org_id FROM stat_aggregates`, nil, []any{&id}, func() { ids = append(ids, id) }); err != nil || len(ids) == 0 {
		return err
	}
	if err := c.setAside(ctx, ids, famRights); err != nil {
		return err
	}
	return c.bumpVersions(ctx, globalVersion)
}

func recountRights(r *recount) {
	y, _, _ := r.on.Parts()
	jan1 := gonghui.NewDate(y, 1, 1)
	intakes := `SELECT count(*) FROM rights_intakes i JOIN orgs o ON o.id = i.org_id WHERE ` + r.scope + ` AND i.received_on >= ? AND i.received_on <= ?`
	r.count("rights_intakes", intakes, jan1, r.on)
	r.count("rights_consultations", intakes+` AND i.kind = ?`, jan1, r.on, gonghui.IntakeConsultation)
	r.count("rights_hotline_calls", intakes+` AND i.channel = 'hotline'`, jan1, r.on)
	cases := ` FROM rights_cases k JOIN orgs o ON o.id = k.org_id WHERE ` + r.scope
	closed := cases + ` AND k.state = 'closed' AND k.outcome_on >= ? AND k.outcome_on <= ?`
	for _, kind := range rightsCaseKinds {
		on := "k.accepted_on"
		if kind == gonghui.CaseSupervision {
			on = "k.received_on"
		}
		r.count("rights_accepted_"+kind, `SELECT count(*)`+cases+` AND k.kind = ? AND `+on+` >= ? AND `+on+` <= ?`, kind, jan1, r.on)
		r.count("rights_closed_"+kind, `SELECT count(*)`+closed+` AND k.kind = ?`, jan1, r.on, kind)
	}
	for outcome, key := range rightsMediationOutcomes {
		r.count(key, `SELECT count(*)`+closed+` AND k.kind = ? AND k.outcome = ?`, jan1, r.on, gonghui.CaseMediation, outcome)
	}
	r.count("rights_recovered_fen", `SELECT COALESCE(sum(k.recovered_fen), 0)`+closed, jan1, r.on)
	// A group case imported with its lead party counts its worker count.
	parties := `(SELECT count(*) FROM rights_parties p WHERE p.case_id = k.id)`
	r.count("rights_workers", `SELECT COALESCE(sum(CASE WHEN k.worker_count > `+parties+` THEN k.worker_count ELSE `+parties+` END), 0)
		FROM rights_cases k JOIN orgs o ON o.id = k.org_id WHERE `+r.scope+` AND k.received_on >= ? AND k.received_on <= ?`, jan1, r.on)
	recountClocks(r, jan1)
	callbacks := `SELECT count(*) FROM rights_callbacks b JOIN rights_cases k ON k.id = b.case_id JOIN orgs o ON o.id = k.org_id
		WHERE ` + r.scope + ` AND b.reached = 1 AND b.on_date >= ? AND b.on_date <= ?`
	r.count("rights_callbacks", callbacks, jan1, r.on)
	r.count("rights_callbacks_satisfied", callbacks+` AND b.satisfaction IN (?, ?)`, jan1, r.on, gonghui.SatisfactionSatisfied, gonghui.SatisfactionFair)
	for _, kind := range []string{gonghui.LetterPrompt, gonghui.LetterOpinion, gonghui.LetterSuggestion} {
		r.count("rights_letters_"+kind, `SELECT count(*) FROM rights_letters l JOIN rights_cases k ON k.id = l.case_id JOIN orgs o ON o.id = k.org_id
			WHERE `+r.scope+` AND l.kind = ? AND l.sent_on >= ? AND l.sent_on <= ?`, kind, jan1, r.on)
	}
}

// recountClocks counts the clocks that ended in the year to the day, from
// the cases as read with their computed clocks.
func recountClocks(r *recount, jan1 gonghui.Date) {
	for _, k := range gonghui.RightsClockKinds {
		r.vals["rights_clocks_"+k.Key], r.vals["rights_clocks_"+k.Key+"_on_time"] = 0, 0
	}
	if r.err != nil {
		return
	}
	rows, _, err := r.c.rightsCases(r.ctx, r.scope, "k.id", r.args, nil)
	if err != nil {
		r.err = err
		return
	}
	for _, c := range rows {
		for _, d := range c.Deadlines {
			if ended, onTime := clockEnded(c.RightsCase, d); !ended.Before(jan1) && !r.on.Before(ended) {
				r.vals["rights_clocks_"+d.Kind]++
				if onTime {
					r.vals["rights_clocks_"+d.Kind+"_on_time"]++
				}
			}
		}
	}
}
