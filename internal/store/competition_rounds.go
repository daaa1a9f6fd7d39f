package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"gonghui"
)

// A trade's rounds, in order under the trade's lock: a round opens once
// the one before it is closed, with the entrants that advance from it
// (the first round: the trade's entrants; a challenge round: the final's
// advancers as seeds, with the challengers); scores go to the entrants of
// an open round; closing it ranks them (gonghui.RankStandings) and keeps
// each rank. A closed final puts its finalists in the talent pool and
// gives the register's entrants placed within the event's ResultTopN a
// contest result; a closed challenge round puts the challengers who took
// a seat in the pool.

const contestRoundColumns = `r.id, r.trade_id, r.position, r.stage, r.scorers, r.advance, r.state, r.opened_on, r.closed_on, r.version,
	(SELECT count(*) FROM competition_round_entrants x WHERE x.round_id = r.id)`

func contestRoundDest(r *gonghui.ContestRound) []any {
	return []any{&r.ID, &r.TradeID, &r.Position, &r.Stage, &r.Scorers, &r.Advance, &r.State, &r.OpenedOn, &r.ClosedOn, &r.Version, &r.Entrants}
}

// contestRound reads a round of an event of the actor's subtree with its
// event, trade and the event's union's path; locked, it takes the trade's
// lock first.
func (c conn) contestRound(ctx context.Context, a gonghui.Actor, roundID int64, locked bool) (gonghui.Competition, gonghui.Trade, gonghui.ContestRound, string, error) {
	var tradeID int64
	err := c.row(ctx, `SELECT trade_id FROM competition_rounds WHERE id = ?`, roundID).Scan(&tradeID)
	if errors.Is(err, sql.ErrNoRows) {
		err = gonghui.ErrNotFound
	}
	if err == nil && locked {
		err = c.lockFor(ctx, lockContestTrade, tradeID)
	}
	if err != nil {
		return gonghui.Competition{}, gonghui.Trade{}, gonghui.ContestRound{}, "", err
	}
	x, t, path, err := c.tradeOf(ctx, a, tradeID)
	for _, r := range t.Rounds {
		if r.ID == roundID {
			return x, t, r, path, err
		}
	}
	return x, t, gonghui.ContestRound{}, path, cmpErr(err, gonghui.ErrNotFound)
}

// ContestRoundView is a round as its page shows it.
type ContestRoundView struct {
	Competition gonghui.Competition
	Trade       gonghui.Trade
	Round       gonghui.ContestRound
	Standings   []gonghui.Standing
	Bouts       []gonghui.Bout
}

// GetContestRound reads a round of an event of the actor's subtree with
// its standings — ranked from the scores, or in a challenge round by the
// seats held — and its bouts.
func (s *Store) GetContestRound(ctx context.Context, a gonghui.Actor, roundID int64) (ContestRoundView, error) {
	c := s.conn()
	var v ContestRoundView
	var err error
	v.Competition, v.Trade, v.Round, _, err = c.contestRound(ctx, a, roundID, false)
	if err != nil {
		return v, opErr(err, "get contest round")
	}
	if v.Standings, err = c.standings(ctx, v.Round); err != nil {
		return v, opErr(err, "get contest round")
	}
	v.Bouts, err = c.bouts(ctx, roundID)
	return v, opErr(err, "get contest round")
}

// standings reads a round's entrants with their scores, ranked.
func (c conn) standings(ctx context.Context, r gonghui.ContestRound) ([]gonghui.Standing, error) {
	var list []gonghui.Standing
	var st gonghui.Standing
	var ch int
	at := map[int64]int{}
	if err := c.eachRow(ctx, `SELECT `+entrantColumns+`, x.seat FROM competition_round_entrants x JOIN competition_entrants e ON e.id = x.entrant_id
		WHERE x.round_id = ? ORDER BY e.id`, []any{r.ID}, append(entrantDest(&st.Entrant, &ch), &st.Seat), func() {
		st.Entrant.Challenger = ch != 0
		at[st.Entrant.ID] = len(list)
		list = append(list, st)
	}); err != nil {
		return nil, err
	}
	if r.Stage == gonghui.StageChallenge {
		gonghui.SeatOrder(list)
		return list, nil
	}
	var entrant int64
	var points int
	if err := c.eachRow(ctx, `SELECT entrant_id, points FROM competition_scores WHERE round_id = ? ORDER BY entrant_id, scorer`, []any{r.ID},
		[]any{&entrant, &points}, func() {
			if i, ok := at[entrant]; ok {
				list[i].Scores = append(list[i].Scores, points)
			}
		}); err != nil {
		return nil, err
	}
	gonghui.RankStandings(list, r.Scorers, r.Advance)
	return list, nil
}

// roundStep runs a step on a round of the actor's subtree in the write
// shape: permission, transaction, the trade's lock, the round read, the
// step (its checks and writes), the audit.
func (s *Store) roundStep(ctx context.Context, a gonghui.Actor, roundID int64, action string, step func(c conn, x gonghui.Competition, t gonghui.Trade, r gonghui.ContestRound) (any, error)) error {
	if !a.Can(gonghui.PermEditHonours) {
		return gonghui.ErrForbidden
	}
	err := s.inTx(ctx, func(c conn) error {
		x, t, r, path, err := c.contestRound(ctx, a, roundID, true)
		if err != nil {
			return err
		}
		summary, err := step(c, x, t, r)
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: action, recordType: "competition_round", recordID: roundID, orgPath: path, summary: mustJSON(summary)})
	})
	return opErr(err, action+" "+strconv.FormatInt(roundID, 10))
}

// OpenContestRound opens a planned round once the one before it is
// closed, with the entrants that advance from it.
func (s *Store) OpenContestRound(ctx context.Context, a gonghui.Actor, roundID, version int64) (gonghui.ContestRound, error) {
	var out gonghui.ContestRound
	err := s.roundStep(ctx, a, roundID, "competition.round.open", func(c conn, x gonghui.Competition, t gonghui.Trade, r gonghui.ContestRound) (any, error) {
		if r.State != gonghui.ContestRoundPlanned {
			return nil, gonghui.Invalid("state", "该轮比赛已开始", "the round has begun")
		}
		var q string
		args := []any{r.ID}
		if r.Position == 1 {
			q = `SELECT id, 0 FROM competition_entrants WHERE trade_id = ? AND challenger = 0`
			args = append(args, t.ID)
		} else {
			prev := t.Rounds[r.Position-2]
			if prev.State != gonghui.ContestRoundClosed {
				return nil, gonghui.Invalid("state", "上一轮比赛结束后才能开始本轮", "the round opens once the round before it is closed")
			}
			seat := "0"
			if r.Stage == gonghui.StageChallenge {
				seat = "ranking"
			}
			q = `SELECT entrant_id, ` + seat + ` FROM competition_round_entrants WHERE round_id = ? AND ranking BETWEEN 1 AND ?`
			args = append(args, prev.ID, prev.Advance)
			if r.Stage == gonghui.StageChallenge {
				q += ` UNION ALL SELECT id, 0 FROM competition_entrants WHERE trade_id = ? AND challenger = 1`
				args = append(args, t.ID)
			}
		}
		res, err := c.exec(ctx, `INSERT INTO competition_round_entrants (round_id, entrant_id, seat) SELECT ?, v.* FROM (`+q+`) v`, args...)
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return nil, cmpErr(err, gonghui.Invalid("entrants", "本轮没有参赛人", "the round has no entrants"))
		}
		if err := c.updateVersioned(ctx, "competition_rounds", "state = ?, opened_on = ?, updated_at = ?", []any{gonghui.ContestRoundOpen, c.s.today(), c.s.nowUnix()},
			r.ID, version); err != nil {
			return nil, err
		}
		_, _, out, _, err = c.contestRound(ctx, a, r.ID, false)
		return out, err
	})
	return out, err
}

// SaveContestScore records a scorer's score of an entrant of an open
// round, replaced until the round closes.
func (s *Store) SaveContestScore(ctx context.Context, a gonghui.Actor, roundID int64, in gonghui.ContestScoreInput) error {
	return s.roundStep(ctx, a, roundID, "competition.score", func(c conn, x gonghui.Competition, t gonghui.Trade, r gonghui.ContestRound) (any, error) {
		if err := c.scoreChecks(ctx, r, in); err != nil {
			return nil, err
		}
		_, err := c.exec(ctx, `INSERT INTO competition_scores (round_id, entrant_id, scorer, points, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (round_id, entrant_id, scorer) DO UPDATE SET points = excluded.points, updated_at = excluded.updated_at`,
			r.ID, in.EntrantID, in.Scorer, in.Points, c.s.nowUnix())
		return in, err
	})
}

// scoreChecks checks a score: the round open and scored, the entrant one
// of the round's.
func (c conn) scoreChecks(ctx context.Context, r gonghui.ContestRound, in gonghui.ContestScoreInput) error {
	switch {
	case r.Stage == gonghui.StageChallenge:
		return gonghui.Invalid("round_id", "擂台挑战赛按对决计分", "a challenge round scores its bouts")
	case r.State != gonghui.ContestRoundOpen:
		return gonghui.Invalid("round_id", "只有进行中的比赛可以录入成绩", "scores go to an open round")
	}
	v := &gonghui.ValidationError{}
	in.Validate(v, r)
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM competition_round_entrants WHERE round_id = ? AND entrant_id = ?`, r.ID, in.EntrantID).Scan(&n); err != nil {
		return err
	}
	if n == 0 && in.EntrantID != 0 {
		v.Add("entrant_id", "该参赛人不在本轮比赛中", "the entrant is not in this round")
	}
	return v.Err()
}

// CloseContestRound closes an open round: a scored round once every
// entrant has every scorer's score, keeping each entrant's rank and total;
// a final fills the talent pool and gives contest results; a challenge
// round puts the challengers holding a seat in the pool.
func (s *Store) CloseContestRound(ctx context.Context, a gonghui.Actor, roundID, version int64) (gonghui.ContestRound, error) {
	var out gonghui.ContestRound
	err := s.roundStep(ctx, a, roundID, "competition.round.close", func(c conn, x gonghui.Competition, t gonghui.Trade, r gonghui.ContestRound) (any, error) {
		if r.State != gonghui.ContestRoundOpen {
			return nil, gonghui.Invalid("state", "只有进行中的比赛可以结束", "only an open round closes")
		}
		list, err := c.standings(ctx, r)
		if err != nil {
			return nil, err
		}
		missing := 0
		for _, st := range list {
			if r.Stage != gonghui.StageChallenge {
				missing += r.Scorers - len(st.Scores)
			}
		}
		if missing > 0 {
			return nil, gonghui.Invalid("scores", "尚有"+strconv.Itoa(missing)+"个评分未录入", strconv.Itoa(missing)+" scores are still missing")
		}
		if r.Stage == gonghui.StageFinal || r.Stage == gonghui.StageChallenge {
			if err := c.touchStats(ctx, famCompetitions, x.OrgID); err != nil {
				return nil, err
			}
		}
		today := c.s.today()
		for _, st := range list {
			rank := st.Rank
			if r.Stage == gonghui.StageChallenge {
				rank = st.Seat
			}
			if _, err := c.exec(ctx, `UPDATE competition_round_entrants SET ranking = ?, total = ? WHERE round_id = ? AND entrant_id = ?`,
				rank, st.Total, r.ID, st.Entrant.ID); err != nil {
				return nil, err
			}
			reason := ""
			switch {
			case r.Stage == gonghui.StageFinal:
				reason = gonghui.TalentFinalist
			case r.Stage == gonghui.StageChallenge && st.Seat > 0 && st.Entrant.Challenger:
				reason = gonghui.TalentChallenge
			}
			if reason != "" {
				if _, err := c.exec(ctx, `INSERT INTO talent_pool (entrant_id, round_id, ranking, reason, entered_on) VALUES (?, ?, ?, ?, ?)`,
					st.Entrant.ID, r.ID, rank, reason, today); err != nil {
					return nil, err
				}
			}
			if r.Stage == gonghui.StageFinal && st.Entrant.PersonID != 0 && rank <= x.ResultTopN {
				if _, err := c.exec(ctx, `INSERT INTO contest_results (person_id, org_id, event, ranking, held_on, created_at, round_id) VALUES (?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (person_id, event, held_on) DO NOTHING`, st.Entrant.PersonID, x.OrgID, gonghui.ContestEventName(x, t), rank, today, c.s.nowUnix(), r.ID); err != nil {
					return nil, err
				}
			}
		}
		if err := c.updateVersioned(ctx, "competition_rounds", "state = ?, closed_on = ?, updated_at = ?", []any{gonghui.ContestRoundClosed, today, c.s.nowUnix()},
			r.ID, version); err != nil {
			return nil, err
		}
		_, _, out, _, err = c.contestRound(ctx, a, r.ID, false)
		return map[string]any{"round": out, "standings": list}, err
	})
	return out, err
}

// RecordBout records a challenge bout of an open challenge round: a
// challenger of the round without a seat, once, against the holder of a
// seat; a challenger who wins takes the seat.
func (s *Store) RecordBout(ctx context.Context, a gonghui.Actor, roundID int64, in gonghui.BoutInput) (gonghui.Bout, error) {
	var out gonghui.Bout
	err := s.roundStep(ctx, a, roundID, "competition.bout", func(c conn, x gonghui.Competition, t gonghui.Trade, r gonghui.ContestRound) (any, error) {
		switch {
		case r.Stage != gonghui.StageChallenge:
			return nil, gonghui.Invalid("round_id", "只有擂台挑战赛记录对决", "bouts belong to a challenge round")
		case r.State != gonghui.ContestRoundOpen:
			return nil, gonghui.Invalid("round_id", "只有进行中的擂台挑战赛可以记录对决", "bouts go to an open challenge round")
		}
		v := &gonghui.ValidationError{}
		in.Validate(v, c.s.today())
		// seatOf reads an entrant of the round: the seat held (0: none) and
		// whether they entered as a challenger (found false: not in it).
		seatOf := func(entrant int64) (seat int, challenger, found bool, err error) {
			var ch int
			err = c.row(ctx, `SELECT x.seat, e.challenger FROM competition_round_entrants x JOIN competition_entrants e ON e.id = x.entrant_id
				WHERE x.round_id = ? AND x.entrant_id = ?`, r.ID, entrant).Scan(&seat, &ch)
			if errors.Is(err, sql.ErrNoRows) {
				return 0, false, false, nil
			}
			return seat, ch != 0, err == nil, err
		}
		cs, isChallenger, found, err := seatOf(in.ChallengerID)
		if err != nil {
			return nil, err
		}
		ss, _, _, err := seatOf(in.SeedID)
		if err != nil {
			return nil, err
		}
		var fought int
		if err := c.row(ctx, `SELECT count(*) FROM competition_bouts WHERE round_id = ? AND challenger_id = ?`, r.ID, in.ChallengerID).Scan(&fought); err != nil {
			return nil, err
		}
		switch {
		case in.ChallengerID == 0:
		case fought > 0:
			v.Add("challenger_id", "该挑战者已在本轮挑战过", "the challenger has had their bout in this round")
		case !found || !isChallenger || cs > 0:
			v.Add("challenger_id", "挑战者须为本轮尚未守擂的挑战者", "the challenger is a challenger of this round without a seat")
		}
		if ss == 0 && in.SeedID != 0 {
			v.Add("seed_id", "擂主须为本轮守擂的选手", "the seed holds a seat of this round")
		}
		if err := v.Err(); err != nil {
			return nil, err
		}
		if err := c.touchStats(ctx, famCompetitions, x.OrgID); err != nil {
			return nil, err
		}
		won := in.ChallengerWins()
		var id int64
		if err := c.row(ctx, `INSERT INTO competition_bouts (round_id, challenger_id, seed_id, seat, challenger_points, seed_points, challenger_won, held_on, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, r.ID, in.ChallengerID, in.SeedID, ss, in.ChallengerPoints, in.SeedPoints, boolInt(won), in.HeldOn,
			c.s.nowUnix()).Scan(&id); err != nil {
			return nil, err
		}
		if won {
			if _, err := c.exec(ctx, `UPDATE competition_round_entrants SET seat = CASE WHEN entrant_id = ? THEN ? ELSE 0 END WHERE round_id = ? AND entrant_id IN (?, ?)`,
				in.ChallengerID, ss, r.ID, in.ChallengerID, in.SeedID); err != nil {
				return nil, err
			}
		}
		list, err := c.bouts(ctx, r.ID)
		for _, b := range list {
			if b.ID == id {
				out = b
			}
		}
		return out, err
	})
	return out, err
}

// ScoreRow is an imported score: the trade, the round by its stage, the
// entrant by their ID number, the scorer and the points (hundredths).
type ScoreRow struct {
	Trade    TradeRef
	Stage    string
	IDNumber string
	Scorer   int
	Points   int
}

// ScoreWriter saves imported scores of open rounds; a score on record as
// the row gives it is left alone, another is replaced.
type ScoreWriter struct {
	batchTx
	a gonghui.Actor
}

// NewScoreWriter starts writing scores as the actor.
func (s *Store) NewScoreWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*ScoreWriter, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return nil, gonghui.ErrForbidden
	}
	w := &ScoreWriter{batchTx: batchTx{s: s, size: batchSize}, a: a}
	return w, w.begin(ctx)
}

// Save stores one score with the checks of the form.
func (w *ScoreWriter) Save(ctx context.Context, row ScoreRow) (UpsertResult, error) {
	c := w.c
	v := &gonghui.ValidationError{}
	tradeID, err := c.resolveTrade(ctx, w.a, row.Trade, v)
	if err != nil || tradeID == 0 {
		return 0, cmpErr(err, v.Err())
	}
	if err := c.lockFor(ctx, lockContestTrade, tradeID); err != nil {
		return 0, err
	}
	x, t, path, err := c.tradeOf(ctx, w.a, tradeID)
	if err != nil {
		return 0, err
	}
	var r gonghui.ContestRound
	for _, rr := range t.Rounds {
		if rr.Stage == row.Stage {
			r = rr
		}
	}
	if r.ID == 0 {
		return 0, gonghui.Invalid("stage", "本工种没有该赛段", "the trade has no round of this stage")
	}
	if c.s.keys == nil {
		return 0, errNoKeys
	}
	in := gonghui.ContestScoreInput{Scorer: row.Scorer, Points: row.Points}
	err = c.row(ctx, `SELECT id FROM competition_entrants WHERE trade_id = ? AND id_index = ?`, tradeID,
		c.s.keys.Index(indexID, strings.ToUpper(strings.TrimSpace(row.IDNumber)))).Scan(&in.EntrantID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, gonghui.Invalid("id_number", "该人员未报名本工种", "no entrant of the trade has this ID number")
	}
	if err != nil {
		return 0, err
	}
	if err := c.scoreChecks(ctx, r, in); err != nil {
		return 0, err
	}
	var points int
	err = c.row(ctx, `SELECT points FROM competition_scores WHERE round_id = ? AND entrant_id = ? AND scorer = ?`, r.ID, in.EntrantID, in.Scorer).Scan(&points)
	result := Inserted
	switch {
	case err == nil && points == in.Points:
		return Unchanged, nil
	case err == nil:
		result = Updated
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	if w.checking() {
		return result, nil
	}
	if _, err := c.exec(ctx, `INSERT INTO competition_scores (round_id, entrant_id, scorer, points, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (round_id, entrant_id, scorer) DO UPDATE SET points = excluded.points, updated_at = excluded.updated_at`,
		r.ID, in.EntrantID, in.Scorer, in.Points, c.s.nowUnix()); err != nil {
		return 0, err
	}
	if err := c.audit(ctx, w.a, auditEntry{action: "competition.score", recordType: "competition_round", recordID: r.ID, orgPath: path,
		summary: mustJSON(map[string]any{"competition": x.Title, "trade": t.Name, "score": in})}); err != nil {
		return 0, err
	}
	return result, w.saved(ctx)
}
