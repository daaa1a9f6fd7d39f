package store

import (
	"context"
	"strings"

	"gonghui"
)

// The talent pool (人才库) and what the statistics count of competitions.

func (c conn) bouts(ctx context.Context, roundID int64) ([]gonghui.Bout, error) {
	var out []gonghui.Bout
	var b gonghui.Bout
	var won int
	err := c.eachRow(ctx, `SELECT b.id, b.round_id, b.challenger_id, ce.name, b.seed_id, se.name, b.seat, b.challenger_points, b.seed_points, b.challenger_won, b.held_on
		FROM competition_bouts b JOIN competition_entrants ce ON ce.id = b.challenger_id JOIN competition_entrants se ON se.id = b.seed_id
		WHERE b.round_id = ? ORDER BY b.held_on, b.id`, []any{roundID},
		[]any{&b.ID, &b.RoundID, &b.ChallengerID, &b.Challenger, &b.SeedID, &b.Seed, &b.Seat, &b.ChallengerPoints, &b.SeedPoints, &won, &b.HeldOn}, func() {
			b.ChallengerWon = won != 0
			out = append(out, b)
		})
	return out, err
}

const talentColumns = `tp.id, e.id, COALESCE(e.person_id, 0), e.name, e.id_masked, e.unit, c.id, c.title, c.kind, t.name, c.year, tp.ranking, tp.reason, tp.entered_on, o.name`

const talentFrom = ` FROM talent_pool tp JOIN competition_entrants e ON e.id = tp.entrant_id JOIN competition_trades t ON t.id = e.trade_id
	JOIN competitions c ON c.id = t.competition_id JOIN orgs o ON o.id = c.org_id`

func scanTalent(sc scanner) (gonghui.Talent, error) {
	var x gonghui.Talent
	err := sc.Scan(&x.ID, &x.EntrantID, &x.PersonID, &x.Name, &x.IDMasked, &x.Unit, &x.CompetitionID, &x.Competition, &x.Kind, &x.Trade, &x.Year, &x.Rank,
		&x.Reason, &x.EnteredOn, &x.OrgName)
	return x, err
}

// ListTalents pages through the talent pool of the events held in the
// actor's subtree (or f.OrgID's), the latest year first, then by event,
// trade and rank.
func (s *Store) ListTalents(ctx context.Context, a gonghui.Actor, f gonghui.TalentFilter) ([]gonghui.Talent, int, error) {
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, err
	}
	scope, args := scopeClause("o.path", sa)
	conds := []string{scope}
	for _, eq := range []struct {
		col string
		v   any
		set bool
	}{{"c.year", f.Year, f.Year != 0}, {"c.kind", f.Kind, f.Kind != ""}, {"t.name", strings.TrimSpace(f.Trade), strings.TrimSpace(f.Trade) != ""},
		{"tp.reason", f.Reason, f.Reason != ""}, {"e.person_id", f.PersonID, f.PersonID != 0}} {
		if eq.set {
			conds, args = append(conds, eq.col+" = ?"), append(args, eq.v)
		}
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds = append(conds, `(e.name LIKE ? ESCAPE '\' OR e.unit LIKE ? ESCAPE '\')`)
		args = append(args, likePattern(q), likePattern(q))
	}
	list, n, err := listPage(ctx, c, talentColumns, talentFrom, " WHERE "+strings.Join(conds, " AND "), "c.year DESC, c.id DESC, t.name, tp.reason, tp.ranking, tp.id",
		args, f.Page.Normalize(), scanTalent)
	return list, n, opErr(err, "list talent pool")
}

// PersonContests lists a person's entries in the trades of events held in
// the actor's subtree: the furthest round reached and its rank, and the
// place in the trade's final.
func (s *Store) PersonContests(ctx context.Context, a gonghui.Actor, personID int64) ([]gonghui.ContestEntry, error) {
	scope, args := scopeClause("o.path", a)
	var out []gonghui.ContestEntry
	var x gonghui.ContestEntry
	var ch int
	err := s.conn().eachRow(ctx, `SELECT c.id, c.title, c.kind, c.year, t.name, e.challenger, COALESCE(r.stage, ''), COALESCE(x.ranking, 0),
		COALESCE((SELECT f.ranking FROM competition_round_entrants f JOIN competition_rounds fr ON fr.id = f.round_id AND fr.stage = 'final' AND fr.state = 'closed'
			WHERE f.entrant_id = e.id), 0)
		FROM competition_entrants e JOIN competition_trades t ON t.id = e.trade_id JOIN competitions c ON c.id = t.competition_id JOIN orgs o ON o.id = c.org_id
		LEFT JOIN competition_round_entrants x ON x.entrant_id = e.id AND x.round_id = (SELECT max(r2.id) FROM competition_round_entrants x2
			JOIN competition_rounds r2 ON r2.id = x2.round_id WHERE x2.entrant_id = e.id)
		LEFT JOIN competition_rounds r ON r.id = x.round_id
		WHERE e.person_id = ? AND `+scope+` ORDER BY c.year DESC, c.id DESC, t.name`, append([]any{personID}, args...),
		[]any{&x.CompetitionID, &x.Competition, &x.Kind, &x.Year, &x.Trade, &ch, &x.Stage, &x.Rank, &x.FinalRank}, func() {
			x.Challenger = ch != 0
			out = append(out, x)
		})
	return out, opErr(err, "list person's contests")
}

// famCompetitions: events held (and of them 大工匠 challenges) and their
// entrants, counted in the year the event began; finalists of the finals
// closed and bouts held, in their year; the talent pool, from each
// entry's day on.
var famCompetitions = registerStatFamily(statFamilyDef{name: "competitions", events: conn.competitionEvents, recount: recountCompetitions})

// competitionYearly are the family's figures counted in a year: each
// record counts from its day to the end of its year.
var competitionYearly = []struct{ key, query string }{
	{"competitions_held", `SELECT o.path, c.held_from, count(*)` + competitionFrom + ` WHERE %s GROUP BY o.path, c.held_from`},
	{"competitions_craftsman", `SELECT o.path, c.held_from, count(*)` + competitionFrom + ` WHERE c.kind = 'craftsman' AND %s GROUP BY o.path, c.held_from`},
	{"competition_entrants", `SELECT o.path, c.held_from, count(*)` + competitionFrom + ` JOIN competition_trades t ON t.competition_id = c.id
		JOIN competition_entrants e ON e.trade_id = t.id WHERE %s GROUP BY o.path, c.held_from`},
	{"competition_finalists", `SELECT o.path, r.closed_on, count(*)` + competitionFrom + ` JOIN competition_trades t ON t.competition_id = c.id
		JOIN competition_rounds r ON r.trade_id = t.id AND r.stage = 'final' AND r.state = 'closed' JOIN competition_round_entrants x ON x.round_id = r.id
		WHERE %s GROUP BY o.path, r.closed_on`},
	{"competition_bouts", `SELECT o.path, b.held_on, count(*)` + competitionFrom + ` JOIN competition_trades t ON t.competition_id = c.id
		JOIN competition_rounds r ON r.trade_id = t.id JOIN competition_bouts b ON b.round_id = r.id WHERE %s GROUP BY o.path, b.held_on`},
}

const talentPoolEvents = `SELECT o.path, tp.entered_on, count(*)` + talentFrom + ` WHERE %s GROUP BY o.path, tp.entered_on`

func (c conn) competitionEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, on string
	var n int64
	for _, y := range competitionYearly {
		if err := c.eachRow(ctx, strings.Replace(y.query, "%s", where, 1), args, []any{&path, &on, &n}, func() {
			sink.span(path, y.key, on, yearEnd(on), n)
		}); err != nil {
			return err
		}
	}
	return c.eachRow(ctx, strings.Replace(talentPoolEvents, "%s", where, 1), args, []any{&path, &on, &n}, func() { sink.span(path, "talent_pool", on, "", n) })
}

func recountCompetitions(r *recount) {
	y, _, _ := r.on.Parts()
	jan1 := gonghui.NewDate(y, 1, 1)
	inYear := func(col string) string { return " AND " + col + " >= ? AND " + col + " <= ?" }
	r.count("competitions_held", `SELECT count(*)`+competitionFrom+` WHERE `+r.scope+inYear("c.held_from"), jan1, r.on)
	r.count("competitions_craftsman", `SELECT count(*)`+competitionFrom+` WHERE c.kind = 'craftsman' AND `+r.scope+inYear("c.held_from"), jan1, r.on)
	r.count("competition_entrants", `SELECT count(*)`+competitionFrom+` JOIN competition_trades t ON t.competition_id = c.id
		JOIN competition_entrants e ON e.trade_id = t.id WHERE `+r.scope+inYear("c.held_from"), jan1, r.on)
	r.count("competition_finalists", `SELECT count(*)`+competitionFrom+` JOIN competition_trades t ON t.competition_id = c.id
		JOIN competition_rounds r ON r.trade_id = t.id AND r.stage = 'final' AND r.state = 'closed' JOIN competition_round_entrants x ON x.round_id = r.id
		WHERE `+r.scope+inYear("r.closed_on"), jan1, r.on)
	r.count("competition_bouts", `SELECT count(*)`+competitionFrom+` JOIN competition_trades t ON t.competition_id = c.id
		JOIN competition_rounds r ON r.trade_id = t.id JOIN competition_bouts b ON b.round_id = r.id WHERE `+r.scope+inYear("b.held_on"), jan1, r.on)
	r.count("talent_pool", `SELECT count(*)`+talentFrom+` WHERE `+r.scope+` AND tp.entered_on <= ?`, r.on)
}
