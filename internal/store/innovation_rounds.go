package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"gonghui"
)

const innovationRoundColumns = `r.id, r.org_id, o.name, r.year, r.level, r.title, r.blind, r.final, r.quota, r.state, r.closed_on, r.version, o.path,
	(SELECT count(*) FROM innovation_entries e WHERE e.round_id = r.id)`

const innovationRoundFrom = ` FROM innovation_rounds r JOIN orgs o ON o.id = r.org_id`

func scanInnovationRound(sc scanner) (gonghui.InnovationRound, string, error) {
	var r gonghui.InnovationRound
	var blind, final int
	var path string
	err := sc.Scan(&r.ID, &r.OrgID, &r.OrgName, &r.Year, &r.Level, &r.Title, &blind, &final, &r.Quota, &r.State, &r.ClosedOn, &r.Version, &path, &r.Entries)
	if errors.Is(err, sql.ErrNoRows) {
		return r, "", gonghui.ErrNotFound
	}
	r.Blind, r.Final = blind != 0, final != 0
	return r, path, err
}

// roundsOf is the condition of the rounds an actor sees: held in its
// subtree, or assigning it as a reviewer.
func roundsOf(a gonghui.Actor) (string, []any) {
	scope, args := scopeClause("o.path", a)
	return "(" + scope + " OR r.id IN (SELECT round_id FROM innovation_reviewers WHERE user_id = ?))", append(args, a.UserID)
}

// innovationRound reads a round the actor sees, with its reviewers;
// holder reports whether the actor reads it as its holder (the round in
// its subtree and not assigned to it), who sees every score.
func (c conn) innovationRound(ctx context.Context, a gonghui.Actor, id int64) (r gonghui.InnovationRound, path string, holder bool, err error) {
	seen, args := roundsOf(a)
	r, path, err = scanInnovationRound(c.row(ctx, "SELECT "+innovationRoundColumns+innovationRoundFrom+" WHERE r.id = ? AND "+seen, append([]any{id}, args...)...))
	if err != nil {
		return r, path, false, err
	}
	var rv gonghui.Reviewer
	assigned := false
	err = c.eachRow(ctx, `SELECT u.id, u.username, u.display_name FROM innovation_reviewers x JOIN users u ON u.id = x.user_id WHERE x.round_id = ? ORDER BY u.username`,
		[]any{id}, []any{&rv.UserID, &rv.Username, &rv.DisplayName}, func() {
			r.Reviewers = append(r.Reviewers, rv)
			assigned = assigned || rv.UserID == a.UserID
		})
	lo, hi := gonghui.PathRange(a.Path)
	return r, path, !assigned && path >= lo && path < hi, err
}

// GetInnovationRound returns a round the actor holds or reviews.
func (s *Store) GetInnovationRound(ctx context.Context, a gonghui.Actor, id int64) (gonghui.InnovationRound, error) {
	r, _, _, err := s.conn().innovationRound(ctx, a, id)
	return r, err
}

// ListInnovationRounds lists the rounds the actor holds or reviews, the
// latest first.
func (s *Store) ListInnovationRounds(ctx context.Context, a gonghui.Actor, p gonghui.Page) ([]gonghui.InnovationRound, int, error) {
	seen, args := roundsOf(a)
	return listPage(ctx, s.conn(), innovationRoundColumns, innovationRoundFrom, " WHERE "+seen, "r.year DESC, r.id DESC", args, p.Normalize(),
		func(sc scanner) (gonghui.InnovationRound, error) {
			r, _, err := scanInnovationRound(sc)
			return r, err
		})
}

// CreateInnovationRound opens a round held by a union of the actor's
// subtree, assigning reviewers: accounts of that union's subtree whose
// role may review. A final round is the union's one of the year.
func (s *Store) CreateInnovationRound(ctx context.Context, a gonghui.Actor, in gonghui.InnovationRoundInput) (gonghui.InnovationRound, error) {
	if !a.Can(gonghui.PermApproveHonours) {
		return gonghui.InnovationRound{}, gonghui.ErrForbidden
	}
	var out gonghui.InnovationRound
	err := s.inTx(ctx, func(c conn) error {
		v := &gonghui.ValidationError{}
		in.Validate(v, c.s.today())
		org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
		if err != nil {
			return err
		}
		if org.ID != 0 {
			lo, hi := gonghui.PathRange(org.Path)
			for i, id := range in.ReviewerIDs {
				var role, path string
				var disabled int
				err := c.row(ctx, `SELECT u.role, o.path, u.disabled FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = ?`, id).Scan(&role, &path, &disabled)
				switch {
				case errors.Is(err, sql.ErrNoRows) || err == nil && (path < lo || path >= hi):
					v.Add("reviewer_ids."+strconv.Itoa(i), "账号不存在或不在评审工会范围内", "no such account in the holding union's subtree")
				case err != nil:
					return err
				case disabled != 0 || !gonghui.Role(role).Can(gonghui.PermReviewInnovation):
					v.Add("reviewer_ids."+strconv.Itoa(i), "该账号已停用或无评审权限", "the account is disabled or may not review")
				}
			}
		}
		if in.Final && org.ID != 0 {
			if err := c.lockFor(ctx, lockFinalRound, org.ID, int64(in.Year)); err != nil {
				return err
			}
			var n int
			if err := c.row(ctx, `SELECT count(*) FROM innovation_rounds WHERE org_id = ? AND year = ? AND final = 1`, org.ID, in.Year).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				v.Add("final", "本工会该年度已有终评", "the union already holds the year's final round")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := c.s.nowUnix()
		var id int64
		if err := c.row(ctx, `INSERT INTO innovation_rounds (org_id, year, level, title, blind, final, quota, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, in.Year, in.Level, in.Title, boolInt(in.Blind), boolInt(in.Final), in.Quota,
			gonghui.InnovationRoundOpen, now, now).Scan(&id); err != nil {
			return err
		}
		for _, u := range in.ReviewerIDs {
			if _, err := c.exec(ctx, `INSERT INTO innovation_reviewers (round_id, user_id) VALUES (?, ?)`, id, u); err != nil {
				return err
			}
		}
		if out, _, _, err = c.innovationRound(ctx, a, id); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "innovation.round.create", recordType: "innovation_round", recordID: id, orgPath: org.Path, summary: changeSummary(nil, out)})
	})
	return out, opErr(err, "create innovation round")
}

// heldRound takes a round's lock and reads it as its holder: held in the
// actor's subtree, open.
func (c conn) heldRound(ctx context.Context, a gonghui.Actor, id int64) (gonghui.InnovationRound, string, error) {
	if err := c.lockFor(ctx, lockInnovationRound, id); err != nil {
		return gonghui.InnovationRound{}, "", err
	}
	r, path, holder, err := c.innovationRound(ctx, a, id)
	switch {
	case err != nil:
		return r, path, err
	case !holder:
		return r, path, gonghui.ErrNotFound
	case r.State != gonghui.InnovationRoundOpen:
		return r, path, gonghui.Invalid("state", "该评审已结束", "the round is closed")
	}
	return r, path, nil
}

// AddRoundEntry enters an achievement of the round's year, kept in the
// holding union's subtree, into an open round; a final round takes none
// already selected.
func (s *Store) AddRoundEntry(ctx context.Context, a gonghui.Actor, roundID, achievementID int64) (gonghui.RoundEntry, error) {
	if !a.Can(gonghui.PermApproveHonours) {
		return gonghui.RoundEntry{}, gonghui.ErrForbidden
	}
	var out gonghui.RoundEntry
	err := s.inTx(ctx, func(c conn) error {
		r, path, err := c.heldRound(ctx, a, roundID)
		if err != nil {
			return err
		}
		lo, hi := gonghui.PathRange(path)
		var year, n int
		var selected gonghui.Date
		var apath string
		err = c.row(ctx, `SELECT a.year, a.selected_on, o.path, (SELECT count(*) FROM innovation_entries e WHERE e.round_id = ? AND e.achievement_id = a.id)`+
			achievementFrom+` WHERE a.id = ?`, roundID, achievementID).Scan(&year, &selected, &apath, &n)
		switch {
		case errors.Is(err, sql.ErrNoRows) || err == nil && (apath < lo || apath >= hi):
			return gonghui.Invalid("achievement_id", "成果不存在或不在评审工会范围内", "no such achievement in the holding union's subtree")
		case err != nil:
			return err
		case year != r.Year:
			return gonghui.Invalid("achievement_id", "成果年度与评审年度不符", "the achievement is not of the round's year")
		case n > 0:
			return gonghui.Invalid("achievement_id", "该成果已参加本次评审", "the achievement is already entered")
		case r.Final && !selected.IsZero():
			return gonghui.Invalid("achievement_id", "该成果已入选", "the achievement is already selected")
		}
		if _, err := c.exec(ctx, `INSERT INTO innovation_entries (round_id, achievement_id) VALUES (?, ?)`, roundID, achievementID); err != nil {
			return err
		}
		x, _, err := c.getAchievement(ctx, a, achievementID)
		if err != nil {
			return err
		}
		out = gonghui.RoundEntry{Achievement: x}
		return c.audit(ctx, a, auditEntry{action: "innovation.round.enter", recordType: "innovation_round", recordID: roundID, orgPath: path,
			summary: changeSummary(nil, map[string]any{"achievement_id": achievementID, "title": x.Title})})
	})
	return out, opErr(err, "enter achievement")
}

// Score records the actor's score of an entry of an open round that
// assigns it: one per reviewer, entry and round, replaced until the round
// closes.
func (s *Store) Score(ctx context.Context, a gonghui.Actor, roundID int64, in gonghui.ScoreInput) (gonghui.Score, error) {
	if !a.Can(gonghui.PermReviewInnovation) {
		return gonghui.Score{}, gonghui.ErrForbidden
	}
	var out gonghui.Score
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockFor(ctx, lockInnovationRound, roundID); err != nil {
			return err
		}
		r, path, _, err := c.innovationRound(ctx, a, roundID)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		in.Validate(v)
		assigned := false
		for _, rv := range r.Reviewers {
			assigned = assigned || rv.UserID == a.UserID
		}
		switch {
		case !assigned:
			return gonghui.Invalid("round_id", "您不是本次评审的评审专家", "you are not a reviewer of this round")
		case r.State != gonghui.InnovationRoundOpen:
			return gonghui.Invalid("round_id", "该评审已结束，评分不能再修改", "the round is closed: its scores are final")
		}
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM innovation_entries WHERE round_id = ? AND achievement_id = ?`, roundID, in.AchievementID).Scan(&n); err != nil {
			return err
		}
		if n == 0 && in.AchievementID != 0 {
			v.Add("achievement_id", "该成果未参加本次评审", "the achievement is not entered in this round")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO innovation_scores (round_id, achievement_id, reviewer_id, score, comment, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (round_id, achievement_id, reviewer_id) DO UPDATE SET score = excluded.score, comment = excluded.comment, updated_at = excluded.updated_at`,
			roundID, in.AchievementID, a.UserID, in.Score, in.Comment, c.s.nowUnix()); err != nil {
			return err
		}
		out = gonghui.Score{AchievementID: in.AchievementID, ReviewerID: a.UserID, Reviewer: a.Username, Score: in.Score, Comment: in.Comment}
		return c.audit(ctx, a, auditEntry{action: "innovation.score", recordType: "innovation_round", recordID: roundID, orgPath: path, summary: changeSummary(nil, out)})
	})
	return out, opErr(err, "score")
}

// roundEntries reads a round's entries ranked by their scores. A reviewer
// of the round reads only their own scores, no ranking, and — blind — no
// team, unit or union.
func (c conn) roundEntries(ctx context.Context, a gonghui.Actor, r gonghui.InnovationRound, holder bool) ([]gonghui.RoundEntry, error) {
	rows, err := c.query(ctx, "SELECT "+achievementColumns+achievementFrom+` JOIN innovation_entries e ON e.achievement_id = a.id WHERE e.round_id = ? ORDER BY a.id`, r.ID)
	if err != nil {
		return nil, err
	}
	var list []gonghui.Achievement
	for rows.Next() {
		x, err := scanAchievement(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := c.finish(ctx, a, list); err != nil {
		return nil, err
	}
	entries := make([]gonghui.RoundEntry, len(list))
	at := map[int64]int{}
	for i, x := range list {
		entries[i].Achievement, at[x.ID] = x, i
	}
	var sc gonghui.Score
	q, args := `SELECT s.achievement_id, s.reviewer_id, u.username, s.score, s.comment FROM innovation_scores s JOIN users u ON u.id = s.reviewer_id WHERE s.round_id = ?`, []any{r.ID}
	if !holder {
		q, args = q+" AND s.reviewer_id = ?", append(args, a.UserID)
	}
	if err := c.eachRow(ctx, q+" ORDER BY u.username", args, []any{&sc.AchievementID, &sc.ReviewerID, &sc.Reviewer, &sc.Score, &sc.Comment}, func() {
		e := &entries[at[sc.AchievementID]]
		e.Scores = append(e.Scores, sc)
		e.Scored++
		e.Total += sc.Score
	}); err != nil {
		return nil, err
	}
	if holder {
		gonghui.Rank(entries)
	}
	return entries, nil
}

// RoundEntries lists a round's entries as the actor reads them: its
// holder with every score and the ranking, a reviewer with their own.
func (s *Store) RoundEntries(ctx context.Context, a gonghui.Actor, roundID int64) ([]gonghui.RoundEntry, error) {
	c := s.conn()
	r, _, holder, err := c.innovationRound(ctx, a, roundID)
	if err != nil {
		return nil, err
	}
	list, err := c.roundEntries(ctx, a, r, holder)
	return list, opErr(err, "round entries")
}

// CloseInnovationRound ends the scoring of a round once every assigned
// reviewer has scored every entry; the scores are final from then.
func (s *Store) CloseInnovationRound(ctx context.Context, a gonghui.Actor, id, version int64) (gonghui.InnovationRound, error) {
	return s.endRound(ctx, a, id, version, "innovation.round.close", func(c conn, r gonghui.InnovationRound, entries []gonghui.RoundEntry) error {
		if len(entries) == 0 {
			return gonghui.Invalid("entries", "本次评审没有成果", "the round has no entries")
		}
		missing := 0
		for _, e := range entries {
			missing += len(r.Reviewers) - e.Scored
		}
		if missing > 0 {
			return gonghui.Invalid("scores", "尚有"+strconv.Itoa(missing)+"个评分未提交", strconv.Itoa(missing)+" scores are still missing")
		}
		return c.updateVersioned(ctx, "innovation_rounds", "state = ?, closed_on = ?, updated_at = ?", []any{gonghui.InnovationRoundClosed, c.s.today(), c.s.nowUnix()}, id, version)
	})
}

// SelectAchievements makes a closed final round's selection: the first
// Quota entries of its ranking, selected today, each with its rank.
func (s *Store) SelectAchievements(ctx context.Context, a gonghui.Actor, id, version int64) (gonghui.InnovationRound, error) {
	return s.endRound(ctx, a, id, version, "innovation.round.select", func(c conn, r gonghui.InnovationRound, entries []gonghui.RoundEntry) error {
		switch {
		case !r.Final:
			return gonghui.Invalid("final", "只有终评产生入选名单", "only a final round selects")
		case r.State != gonghui.InnovationRoundClosed:
			return gonghui.Invalid("state", "评审结束后才能确定入选名单", "the round is selected from once it is closed")
		}
		cut, err := gonghui.SelectionCut(entries, r.Quota)
		if err != nil {
			return err
		}
		today := c.s.today()
		for _, e := range cut {
			var orgID int64
			if err := c.row(ctx, `SELECT org_id FROM innovation_achievements WHERE id = ?`, e.Achievement.ID).Scan(&orgID); err != nil {
				return err
			}
			if err := c.touchStats(ctx, famInnovation, orgID); err != nil {
				return err
			}
			res, err := c.exec(ctx, `UPDATE innovation_achievements SET selected_on = ?, rank = ?, round_id = ?, version = version + 1, updated_at = ?
				WHERE id = ? AND selected_on IS NULL`, today, e.Rank, id, c.s.nowUnix(), e.Achievement.ID)
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err != nil || k == 0 {
				return cmpErr(err, gonghui.Invalid("entries", "成果“"+e.Achievement.Title+"”已入选", "“"+e.Achievement.Title+"” is already selected"))
			}
		}
		return c.updateVersioned(ctx, "innovation_rounds", "state = ?, updated_at = ?", []any{gonghui.InnovationRoundSelected, c.s.nowUnix()}, id, version)
	})
}

// endRound runs a holder's step of a round (close, select) in the write
// shape, reading the round and its ranked entries under its lock.
func (s *Store) endRound(ctx context.Context, a gonghui.Actor, id, version int64, action string, step func(conn, gonghui.InnovationRound, []gonghui.RoundEntry) error) (gonghui.InnovationRound, error) {
	if !a.Can(gonghui.PermApproveHonours) {
		return gonghui.InnovationRound{}, gonghui.ErrForbidden
	}
	var out gonghui.InnovationRound
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockFor(ctx, lockInnovationRound, id); err != nil {
			return err
		}
		r, path, holder, err := c.innovationRound(ctx, a, id)
		if err == nil && !holder {
			err = gonghui.ErrNotFound
		}
		if err != nil {
			return err
		}
		entries, err := c.roundEntries(ctx, a, r, true)
		if err != nil {
			return err
		}
		if err := step(c, r, entries); err != nil {
			return err
		}
		if out, _, _, err = c.innovationRound(ctx, a, id); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: action, recordType: "innovation_round", recordID: id, orgPath: path, summary: changeSummary(r, out)})
	})
	return out, opErr(err, action+" "+strconv.FormatInt(id, 10))
}

// ScoresWaiting counts the entries of open rounds assigning the actor
// that it has not scored yet.
func (s *Store) ScoresWaiting(ctx context.Context, a gonghui.Actor) (int, error) {
	var n int
	err := s.conn().row(ctx, `SELECT count(*) FROM innovation_entries e JOIN innovation_rounds r ON r.id = e.round_id AND r.state = 'open'
		JOIN innovation_reviewers rv ON rv.round_id = r.id AND rv.user_id = ?
		WHERE NOT EXISTS (SELECT 1 FROM innovation_scores s WHERE s.round_id = e.round_id AND s.achievement_id = e.achievement_id AND s.reviewer_id = ?)`,
		a.UserID, a.UserID).Scan(&n)
	return n, err
}
