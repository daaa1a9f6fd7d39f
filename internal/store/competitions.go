package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/idcard"
)

// Competitions: events held by a union (their scope) with their trades and
// each trade's rounds; the entrants of a trade — members of the register
// in the actor's scope, or outsiders with a sealed ID number — once each
// per trade, found by the blind index of their ID number.

// sealedEntrantID binds an outsider entrant's sealed ID number.
const sealedEntrantID = "competition_entrants.id_sealed"

// lockCompetitionTitle: a union holds an event of a title once a year
// (what makes an import idempotent). Key: union, year, title.
var lockCompetitionTitle = newLockRule("competitions: one event of a title per union and year")

// lockContestTrade: a trade's entrants are each entered once, its rounds
// open and close in order, and its scores and bouts go to an open round.
// Key: the trade.
var lockContestTrade = newLockRule("competitions: a trade's entrants once each, its rounds in order")

const competitionColumns = `c.id, c.org_id, o.name, c.kind, c.year, c.level, c.title, c.held_from, c.held_to, c.result_top_n, c.version, o.path`

const competitionFrom = ` FROM competitions c JOIN orgs o ON o.id = c.org_id`

func scanCompetition(sc scanner) (gonghui.Competition, string, error) {
	var x gonghui.Competition
	var path string
	err := sc.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.Kind, &x.Year, &x.Level, &x.Title, &x.HeldFrom, &x.HeldTo, &x.ResultTopN, &x.Version, &path)
	if errors.Is(err, sql.ErrNoRows) {
		return x, "", gonghui.ErrNotFound
	}
	return x, path, err
}

// getCompetition reads an event of the actor's subtree with its trades
// and rounds.
func (c conn) getCompetition(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Competition, string, error) {
	scope, args := scopeClause("o.path", a)
	x, path, err := scanCompetition(c.row(ctx, "SELECT "+competitionColumns+competitionFrom+" WHERE c.id = ? AND "+scope, append([]any{id}, args...)...))
	if err != nil {
		return x, path, err
	}
	var t gonghui.Trade
	if err := c.eachRow(ctx, `SELECT t.id, t.name, (SELECT count(*) FROM competition_entrants e WHERE e.trade_id = t.id) FROM competition_trades t
		WHERE t.competition_id = ? ORDER BY t.id`, []any{id}, []any{&t.ID, &t.Name, &t.Entrants}, func() { x.Trades = append(x.Trades, t) }); err != nil {
		return x, path, err
	}
	at := map[int64]int{}
	for i, t := range x.Trades {
		at[t.ID] = i
	}
	var r gonghui.ContestRound
	err = c.eachRow(ctx, `SELECT `+contestRoundColumns+` FROM competition_rounds r JOIN competition_trades t ON t.id = r.trade_id
		WHERE t.competition_id = ? ORDER BY r.trade_id, r.position`, []any{id}, contestRoundDest(&r), func() {
		x.Trades[at[r.TradeID]].Rounds = append(x.Trades[at[r.TradeID]].Rounds, r)
	})
	return x, path, err
}

// GetCompetition returns an event held in the actor's subtree.
func (s *Store) GetCompetition(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Competition, error) {
	x, _, err := s.conn().getCompetition(ctx, a, id)
	return x, opErr(err, "get competition")
}

// ListCompetitions pages through the events held in the actor's subtree
// (or f.OrgID's), the latest first, without their trades.
func (s *Store) ListCompetitions(ctx context.Context, a gonghui.Actor, f gonghui.CompetitionFilter) ([]gonghui.Competition, int, error) {
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, err
	}
	scope, args := scopeClause("o.path", sa)
	conds := []string{scope}
	if f.Year != 0 {
		conds, args = append(conds, "c.year = ?"), append(args, f.Year)
	}
	if f.Kind != "" {
		conds, args = append(conds, "c.kind = ?"), append(args, f.Kind)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds, args = append(conds, `c.title LIKE ? ESCAPE '\'`), append(args, likePattern(q))
	}
	list, n, err := listPage(ctx, c, competitionColumns, competitionFrom, " WHERE "+strings.Join(conds, " AND "), "c.held_from DESC, c.id DESC", args, f.Page.Normalize(),
		func(sc scanner) (gonghui.Competition, error) {
			x, _, err := scanCompetition(sc)
			return x, err
		})
	return list, n, opErr(err, "list competitions")
}

// checkCompetition checks an event against the data: its union in scope
// and active, its title new for the union and year (under its lock); it
// returns the union and the event of the title on record (0: none).
func (c conn) checkCompetition(ctx context.Context, a gonghui.Actor, in *gonghui.CompetitionInput, v *gonghui.ValidationError) (gonghui.Org, int64, error) {
	in.Normalize()
	in.Validate(v, c.s.today())
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil || in.Title == "" || org.ID == 0 {
		return org, 0, err
	}
	if err := c.lockFor(ctx, lockCompetitionTitle, in.OrgID, int64(in.Year), textKey(in.Title)); err != nil {
		return org, 0, err
	}
	var other int64
	err = c.row(ctx, `SELECT id FROM competitions WHERE org_id = ? AND year = ? AND title = ?`, in.OrgID, in.Year, in.Title).Scan(&other)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return org, other, err
}

// insertTrade writes a trade with its planned rounds.
func (c conn) insertTrade(ctx context.Context, competitionID int64, t gonghui.TradeInput) error {
	var id int64
	if err := c.row(ctx, `INSERT INTO competition_trades (competition_id, name) VALUES (?, ?) RETURNING id`, competitionID, t.Name).Scan(&id); err != nil {
		return err
	}
	for i, r := range t.Rounds {
		if _, err := c.exec(ctx, `INSERT INTO competition_rounds (trade_id, position, stage, scorers, advance, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, i+1, r.Stage, r.Scorers, r.Advance, gonghui.ContestRoundPlanned, c.s.nowUnix()); err != nil {
			return err
		}
	}
	return nil
}

// insertCompetition writes a checked event with its trades.
func (c conn) insertCompetition(ctx context.Context, a gonghui.Actor, in gonghui.CompetitionInput, org gonghui.Org) (gonghui.Competition, error) {
	if err := c.touchStats(ctx, famCompetitions, org.ID); err != nil {
		return gonghui.Competition{}, err
	}
	now := c.s.nowUnix()
	var id int64
	if err := c.row(ctx, `INSERT INTO competitions (org_id, kind, year, level, title, held_from, held_to, result_top_n, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, in.Kind, in.Year, in.Level, in.Title, in.HeldFrom, in.HeldTo, in.ResultTopN, now, now).Scan(&id); err != nil {
		return gonghui.Competition{}, err
	}
	for _, t := range in.Trades {
		if err := c.insertTrade(ctx, id, t); err != nil {
			return gonghui.Competition{}, err
		}
	}
	out, _, err := c.getCompetition(ctx, a, id)
	if err != nil {
		return out, err
	}
	return out, c.audit(ctx, a, auditEntry{action: "competition.create", recordType: "competition", recordID: id, orgPath: org.Path, summary: changeSummary(nil, out)})
}

func competitionTaken(v *gonghui.ValidationError) {
	v.Add("title", "本工会该年度已有同名竞赛", "the union holds an event of this title in the year")
}

// CreateCompetition records an event with its trades and their planned
// rounds.
func (s *Store) CreateCompetition(ctx context.Context, a gonghui.Actor, in gonghui.CompetitionInput) (gonghui.Competition, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return gonghui.Competition{}, gonghui.ErrForbidden
	}
	var out gonghui.Competition
	err := s.inTx(ctx, func(c conn) error {
		v := &gonghui.ValidationError{}
		org, other, err := c.checkCompetition(ctx, a, &in, v)
		if err != nil {
			return err
		}
		if other != 0 {
			competitionTaken(v)
		}
		if err := v.Err(); err != nil {
			return err
		}
		out, err = c.insertCompetition(ctx, a, in, org)
		return err
	})
	return out, opErr(err, "create competition")
}

// CompetitionWriter saves imported events, a row an event with one trade:
// an event on record (its union, year and title) gains the trade when it
// has none of its name, and a trade on record is left alone.
type CompetitionWriter struct {
	batchTx
	a gonghui.Actor
	// planned holds what a check's earlier rows would have written.
	planned map[string]bool
}

// NewCompetitionWriter starts writing events as the actor.
func (s *Store) NewCompetitionWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*CompetitionWriter, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return nil, gonghui.ErrForbidden
	}
	w := &CompetitionWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, planned: map[string]bool{}}
	return w, w.begin(ctx)
}

// Save stores one row's event and trade, with the checks of the form; an
// event on record keeps its own fields.
func (w *CompetitionWriter) Save(ctx context.Context, in gonghui.CompetitionInput) (UpsertResult, error) {
	c := w.c
	v := &gonghui.ValidationError{}
	org, other, err := c.checkCompetition(ctx, w.a, &in, v)
	if err != nil {
		return 0, err
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	event := strconv.FormatInt(in.OrgID, 10) + "\x00" + strconv.Itoa(in.Year) + "\x00" + in.Title
	if other == 0 {
		if w.checking() {
			if w.planned[event] {
				return w.checkTrades(in, event)
			}
			w.planned[event] = true
			for _, t := range in.Trades {
				w.planned[event+"\x00"+t.Name] = true
			}
			return Inserted, nil
		}
		if _, err := c.insertCompetition(ctx, w.a, in, org); err != nil {
			return 0, err
		}
		return Inserted, w.saved(ctx)
	}
	result := Unchanged
	for _, t := range in.Trades {
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM competition_trades WHERE competition_id = ? AND name = ?`, other, t.Name).Scan(&n); err != nil {
			return 0, err
		}
		if n > 0 || w.planned[event+"\x00"+t.Name] {
			continue
		}
		result = Updated
		if w.checking() {
			w.planned[event+"\x00"+t.Name] = true
			continue
		}
		if err := c.insertTrade(ctx, other, t); err != nil {
			return 0, err
		}
		if err := c.audit(ctx, w.a, auditEntry{action: "competition.trade.add", recordType: "competition", recordID: other, orgPath: org.Path,
			summary: changeSummary(nil, t)}); err != nil {
			return 0, err
		}
	}
	if w.checking() {
		return result, nil
	}
	return result, w.saved(ctx)
}

// checkTrades answers a check's row of an event an earlier row plans.
func (w *CompetitionWriter) checkTrades(in gonghui.CompetitionInput, event string) (UpsertResult, error) {
	result := Unchanged
	for _, t := range in.Trades {
		if !w.planned[event+"\x00"+t.Name] {
			w.planned[event+"\x00"+t.Name], result = true, Updated
		}
	}
	return result, nil
}

// tradeOf reads a trade of an event held in the actor's subtree: its
// event and the event's union's path.
func (c conn) tradeOf(ctx context.Context, a gonghui.Actor, tradeID int64) (gonghui.Competition, gonghui.Trade, string, error) {
	scope, args := scopeClause("o.path", a)
	var competitionID int64
	err := c.row(ctx, `SELECT t.competition_id FROM competition_trades t JOIN competitions c ON c.id = t.competition_id JOIN orgs o ON o.id = c.org_id
		WHERE t.id = ? AND `+scope, append([]any{tradeID}, args...)...).Scan(&competitionID)
	if errors.Is(err, sql.ErrNoRows) {
		return gonghui.Competition{}, gonghui.Trade{}, "", gonghui.ErrNotFound
	}
	if err != nil {
		return gonghui.Competition{}, gonghui.Trade{}, "", err
	}
	x, path, err := c.getCompetition(ctx, a, competitionID)
	for _, t := range x.Trades {
		if t.ID == tradeID {
			return x, t, path, err
		}
	}
	return x, gonghui.Trade{}, path, cmpErr(err, gonghui.ErrNotFound)
}

// TradeRef names a trade of an event in an import's row: the event by its
// union, year and title, the trade by its name.
type TradeRef struct {
	OrgID int64
	Year  int
	Title string
	Trade string
}

// resolveTrade finds the trade a row names, in the actor's subtree.
func (c conn) resolveTrade(ctx context.Context, a gonghui.Actor, ref TradeRef, v *gonghui.ValidationError) (int64, error) {
	scope, args := scopeClause("o.path", a)
	var id int64
	err := c.row(ctx, `SELECT t.id FROM competition_trades t JOIN competitions c ON c.id = t.competition_id JOIN orgs o ON o.id = c.org_id
		WHERE c.org_id = ? AND c.year = ? AND c.title = ? AND t.name = ? AND `+scope,
		append([]any{ref.OrgID, ref.Year, strings.TrimSpace(ref.Title), strings.TrimSpace(ref.Trade)}, args...)...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		v.Add("trade", "未找到该竞赛的此工种（请先导入竞赛和工种）", "no such trade of the event (import the events and trades first)")
		return 0, nil
	}
	return id, err
}

const entrantColumns = `e.id, e.trade_id, COALESCE(e.person_id, 0), e.name, e.unit, e.id_masked, e.challenger`

func entrantDest(x *gonghui.Entrant, challenger *int) []any {
	return []any{&x.ID, &x.TradeID, &x.PersonID, &x.Name, &x.Unit, &x.IDMasked, challenger}
}

// Entrants lists a trade's entrants, of an event held in the actor's
// subtree.
func (s *Store) Entrants(ctx context.Context, a gonghui.Actor, tradeID int64) ([]gonghui.Entrant, error) {
	c := s.conn()
	if _, _, _, err := c.tradeOf(ctx, a, tradeID); err != nil {
		return nil, err
	}
	var out []gonghui.Entrant
	var x gonghui.Entrant
	var ch int
	err := c.eachRow(ctx, `SELECT `+entrantColumns+` FROM competition_entrants e WHERE e.trade_id = ? ORDER BY e.id`, []any{tradeID}, entrantDest(&x, &ch),
		func() {
			x.Challenger = ch != 0
			out = append(out, x)
		})
	return out, opErr(err, "list entrants")
}

// checkedEntrant is an entrant as checked: who, and the trade's round
// they join.
type checkedEntrant struct {
	personID      any // nil: an outsider
	name, masked  string
	index, sealed []byte
	roundID       int64
	entered       bool // the person is entered in the trade already
	competition   gonghui.Competition
	path          string
}

// checkEntrant checks an entrant under the trade's lock: the trade in
// scope; a member of the register in the actor's scope, or an outsider's
// valid ID number; the person not yet entered in the trade; the round
// they join (the first, or a challenger's challenge round) not closed;
// it reports a person entered already in the trade (entered).
func (c conn) checkEntrant(ctx context.Context, a gonghui.Actor, in *gonghui.EntrantInput, v *gonghui.ValidationError) (checkedEntrant, error) {
	var ch checkedEntrant
	in.Normalize()
	in.Validate(v)
	if in.TradeID == 0 {
		return ch, nil
	}
	if err := c.lockFor(ctx, lockContestTrade, in.TradeID); err != nil {
		return ch, err
	}
	x, t, path, err := c.tradeOf(ctx, a, in.TradeID)
	if errors.Is(err, gonghui.ErrNotFound) {
		v.Add("trade_id", "工种不存在或不在您的管辖范围内", "no such trade in your scope")
		return ch, nil
	}
	if err != nil {
		return ch, err
	}
	ch.competition, ch.path = x, path
	switch {
	case !in.Outsider:
		id, name, err := c.registerPerson(ctx, a, v, "person_id", in.Ref())
		if err != nil || id == 0 {
			return ch, err
		}
		ch.personID, ch.name, ch.masked = id, name, ""
		if err := c.row(ctx, `SELECT id_index, id_masked FROM persons WHERE id = ?`, id).Scan(&ch.index, &ch.masked); err != nil {
			return ch, err
		}
	case in.IDNumber != "":
		if c.s.keys == nil {
			return ch, errNoKeys
		}
		y, m, d := c.s.today().Parts()
		id, err := idcard.ParseAt(in.IDNumber, idcard.Date{Year: y, Month: m, Day: d})
		var ie *idcard.Error
		switch {
		case errors.As(err, &ie):
			v.Add("id_number", ie.Zh, ie.En)
			return ch, nil
		case err != nil:
			v.Add("id_number", "公民身份号码无效", "invalid citizen ID number")
			return ch, nil
		}
		ch.name, ch.masked = in.Name, idcard.Mask(id.Number)
		ch.index = c.s.keys.Index(indexID, id.Number)
		ch.sealed = c.s.keys.Seal(id.Number, personBinding(sealedEntrantID, ch.index))
	default:
		return ch, nil // Validate named it
	}
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM competition_entrants WHERE trade_id = ? AND id_index = ?`, in.TradeID, ch.index).Scan(&n); err != nil {
		return ch, err
	}
	ch.entered = n > 0
	var joins gonghui.ContestRound
	for _, r := range t.Rounds {
		if (in.Challenger && r.Stage == gonghui.StageChallenge) || (!in.Challenger && r.Position == 1) {
			joins = r
		}
	}
	switch {
	case joins.ID == 0:
		v.Add("challenger", "本工种没有擂台挑战赛", "the trade has no challenge round")
	case joins.State == gonghui.ContestRoundClosed:
		v.Add("trade_id", "该轮比赛已结束，不能再报名", "the round is closed to new entrants")
	case !in.Challenger && joins.State != gonghui.ContestRoundPlanned:
		v.Add("trade_id", "首轮比赛已开始，不能再报名", "the first round has begun: entries are closed")
	}
	ch.roundID = joins.ID
	return ch, nil
}

// insertEntrant writes a checked entrant into its trade and the round it
// joins (a challenger joins an open challenge round at once, else when it
// opens).
func (c conn) insertEntrant(ctx context.Context, a gonghui.Actor, in gonghui.EntrantInput, ch checkedEntrant) (gonghui.Entrant, error) {
	if err := c.touchStats(ctx, famCompetitions, ch.competition.OrgID); err != nil {
		return gonghui.Entrant{}, err
	}
	var id int64
	if err := c.row(ctx, `INSERT INTO competition_entrants (trade_id, person_id, name, unit, id_index, id_sealed, id_masked, challenger, entered_on, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.TradeID, ch.personID, ch.name, in.Unit, ch.index, ch.sealed, ch.masked,
		boolInt(in.Challenger), c.s.today(), c.s.nowUnix()).Scan(&id); err != nil {
		return gonghui.Entrant{}, err
	}
	if _, err := c.exec(ctx, `INSERT INTO competition_round_entrants (round_id, entrant_id)
		SELECT id, ? FROM competition_rounds WHERE id = ? AND state = 'open'`, id, ch.roundID); err != nil {
		return gonghui.Entrant{}, err
	}
	out := gonghui.Entrant{ID: id, TradeID: in.TradeID, Name: ch.name, Unit: in.Unit, IDMasked: ch.masked, Challenger: in.Challenger}
	if p, ok := ch.personID.(int64); ok {
		out.PersonID = p
	}
	return out, c.audit(ctx, a, auditEntry{action: "competition.enter", recordType: "competition", recordID: ch.competition.ID, orgPath: ch.path,
		summary: changeSummary(nil, out)})
}

// EnterContestant enters a person in a trade, once per trade.
func (s *Store) EnterContestant(ctx context.Context, a gonghui.Actor, in gonghui.EntrantInput) (gonghui.Entrant, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return gonghui.Entrant{}, gonghui.ErrForbidden
	}
	var out gonghui.Entrant
	err := s.inTx(ctx, func(c conn) error {
		v := &gonghui.ValidationError{}
		ch, err := c.checkEntrant(ctx, a, &in, v)
		if err != nil {
			return err
		}
		if ch.entered {
			v.Add("person_id", "该人员已报名本工种", "the person is already entered in this trade")
		}
		if err := v.Err(); err != nil {
			return err
		}
		out, err = c.insertEntrant(ctx, a, in, ch)
		return err
	})
	return out, opErr(err, "enter contestant")
}

// EntrantWriter saves imported entrants; a person entered in the trade is
// left alone.
type EntrantWriter struct {
	batchTx
	a       gonghui.Actor
	planned map[string]bool // a check's earlier rows: trade and blind index
}

// NewEntrantWriter starts writing entrants as the actor.
func (s *Store) NewEntrantWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*EntrantWriter, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return nil, gonghui.ErrForbidden
	}
	w := &EntrantWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, planned: map[string]bool{}}
	return w, w.begin(ctx)
}

// EntrantRow is an imported entrant: the trade named, and who.
type EntrantRow struct {
	Trade   TradeRef
	Entrant gonghui.EntrantInput
}

// Save stores one entrant of the trade the row names, with the checks of
// the form.
func (w *EntrantWriter) Save(ctx context.Context, row EntrantRow) (UpsertResult, error) {
	v := &gonghui.ValidationError{}
	in := row.Entrant
	id, err := w.c.resolveTrade(ctx, w.a, row.Trade, v)
	if err != nil {
		return 0, err
	}
	if id == 0 {
		return 0, v.Err()
	}
	in.TradeID = id
	ch, err := w.c.checkEntrant(ctx, w.a, &in, v)
	if err != nil {
		return 0, err
	}
	key := strconv.FormatInt(id, 10) + "\x00" + string(ch.index)
	if err := v.Err(); err != nil {
		return 0, gonghui.Rename(err, "person_id", "id_number") // a row names the person by it
	}
	if ch.entered || w.planned[key] {
		return Unchanged, nil
	}
	if w.checking() {
		w.planned[key] = true
		return Inserted, nil
	}
	if _, err := w.c.insertEntrant(ctx, w.a, in, ch); err != nil {
		return 0, err
	}
	return Inserted, w.saved(ctx)
}
