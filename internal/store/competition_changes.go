package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"gonghui"
)

// Changes to an event after it is recorded: its title, level, dates and
// the places that count as contest results, by version (its kind, year,
// union and trades stay); an entrant withdrawn before anything of theirs
// is scored.

// UpdateCompetition edits an event by version: the title stays unique for
// its union and year (under the title's lock); a changed count of places
// applies to finals closed from now on.
func (s *Store) UpdateCompetition(ctx context.Context, a gonghui.Actor, id int64, ed gonghui.CompetitionEdit) (gonghui.Competition, error) {
	var out gonghui.Competition
	if !a.Can(gonghui.PermEditHonours) {
		return out, gonghui.ErrForbidden
	}
	err := s.inTx(ctx, func(c conn) error {
		cur, path, err := c.getCompetition(ctx, a, id)
		if err != nil {
			return err
		}
		in := gonghui.CompetitionInput{OrgID: cur.OrgID, Kind: cur.Kind, Year: cur.Year, Level: ed.Level, Title: ed.Title, HeldFrom: ed.HeldFrom, HeldTo: ed.HeldTo,
			ResultTopN: ed.ResultTopN}
		v := &gonghui.ValidationError{}
		_, other, err := c.checkCompetition(ctx, a, &in, v)
		if err != nil {
			return err
		}
		if other != 0 && other != id {
			competitionTaken(v)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.updateVersioned(ctx, "competitions", "title = ?, level = ?, held_from = ?, held_to = ?, result_top_n = ?, updated_at = ?",
			[]any{in.Title, in.Level, in.HeldFrom, in.HeldTo, in.ResultTopN, c.s.nowUnix()}, id, ed.Version); err != nil {
			return err
		}
		if out, _, err = c.getCompetition(ctx, a, id); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "competition.update", recordType: "competition", recordID: id, orgPath: path, summary: changeSummary(cur, out)})
	})
	return out, opErr(err, "update competition "+strconv.FormatInt(id, 10))
}

// WithdrawEntrant takes an entrant out of their trade while nothing of
// theirs is scored or closed: under the trade's lock, so no score or
// close comes between the check and the removal.
func (s *Store) WithdrawEntrant(ctx context.Context, a gonghui.Actor, entrantID int64, reason string) error {
	if !a.Can(gonghui.PermEditHonours) {
		return gonghui.ErrForbidden
	}
	return opErr(s.inTx(ctx, func(c conn) error {
		var tradeID int64
		var name string
		err := c.row(ctx, `SELECT trade_id, name FROM competition_entrants WHERE id = ?`, entrantID).Scan(&tradeID, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return gonghui.ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := c.lockFor(ctx, lockContestTrade, tradeID); err != nil {
			return err
		}
		x, _, path, err := c.tradeOf(ctx, a, tradeID)
		if err != nil {
			return err
		}
		if reason = strings.TrimSpace(reason); reason == "" {
			return gonghui.Invalid("reason", "请写明退赛原因", "say why the entrant withdraws")
		}
		var scored int
		if err := c.row(ctx, `SELECT (SELECT count(*) FROM competition_scores WHERE entrant_id = ?)
			+ (SELECT count(*) FROM competition_bouts WHERE challenger_id = ? OR seed_id = ?)
			+ (SELECT count(*) FROM competition_round_entrants re JOIN competition_rounds r ON r.id = re.round_id WHERE re.entrant_id = ? AND r.state = 'closed')`,
			entrantID, entrantID, entrantID, entrantID).Scan(&scored); err != nil {
			return err
		}
		if scored > 0 {
			return gonghui.Invalid("reason", "该参赛人已有成绩，不能退赛", "the entrant has scores: they cannot withdraw")
		}
		if err := c.touchStats(ctx, famCompetitions, x.OrgID); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM competition_round_entrants WHERE entrant_id = ?`, `DELETE FROM competition_entrants WHERE id = ?`} {
			if _, err := c.exec(ctx, q, entrantID); err != nil {
				return err
			}
		}
		return c.audit(ctx, a, auditEntry{action: "competition.withdraw", recordType: "competition", recordID: x.ID, orgPath: path,
			summary: mustJSON(map[string]any{"entrant": entrantID, "name": name, "trade": tradeID, "reason": reason})})
	}), "withdraw entrant")
}

// EntrantCompetition is the event an entrant of the actor's subtree is
// entered in.
func (s *Store) EntrantCompetition(ctx context.Context, a gonghui.Actor, entrantID int64) (int64, error) {
	scope, args := scopeClause("o.path", a)
	var id int64
	err := s.conn().row(ctx, `SELECT c.id FROM competition_entrants e JOIN competition_trades t ON t.id = e.trade_id JOIN competitions c ON c.id = t.competition_id
		JOIN orgs o ON o.id = c.org_id WHERE e.id = ? AND `+scope, append([]any{entrantID}, args...)...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = gonghui.ErrNotFound
	}
	return id, opErr(err, "entrant's event")
}

// RoundsAwaitingScores counts the open scored rounds of the actor's
// subtree still short of a score (every entrant from every scorer).
func (s *Store) RoundsAwaitingScores(ctx context.Context, a gonghui.Actor) (int, error) {
	scope, args := scopeClause("o.path", a)
	var n int
	err := s.conn().row(ctx, `SELECT count(*) FROM competition_rounds r JOIN competition_trades t ON t.id = r.trade_id JOIN competitions c ON c.id = t.competition_id
		JOIN orgs o ON o.id = c.org_id WHERE r.state = 'open' AND r.stage <> 'challenge' AND `+scope+`
		AND (SELECT count(*) FROM competition_scores sc WHERE sc.round_id = r.id) < r.scorers * (SELECT count(*) FROM competition_round_entrants re WHERE re.round_id = r.id)`,
		args...).Scan(&n)
	return n, opErr(err, "rounds awaiting scores")
}
