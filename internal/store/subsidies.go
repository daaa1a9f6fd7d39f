package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonghui"
)

// The qualification subsidy's part of an application's assessment (the
// credential, paid once city-wide; the quota, the lottery and the public
// notice before the last approval), the lotteries, the notice list and
// the subsidy figures.

// lockCredential: one live application per credential, whichever union
// files and in whichever year. Key: textKey(credential).
var lockCredential = newLockRule("subsidies: one application per certificate")

// qualificationFacts reads a subsidy's facts into f: the credential (and
// the membership and card on its date), another application naming it,
// and for the last approval the period's standing and the notice. It
// runs under the recipient's locks (and the budget's when final).
func (c conn) qualificationFacts(ctx context.Context, p programmeRow, in gonghui.ApplicationInput, id int64, period string, final bool, f *gonghui.ApplicationFacts) error {
	rule := p.Rules.Eligibility.Qualification
	credential := gonghui.CredentialOf(in)
	if rule == nil || credential == "" {
		return nil
	}
	q := &gonghui.QualificationFacts{Credential: credential, Final: final}
	f.Qualification = q
	if err := c.lockFor(ctx, lockCredential, textKey(credential)); err != nil {
		return err
	}
	if err := c.credentialFacts(ctx, in, q, &f.Member); err != nil {
		return err
	}
	err := c.row(ctx, `SELECT COALESCE(MIN(id), 0) FROM applications WHERE credential = ? AND (id < ? OR ? = 0) AND state IN `+liveStates,
		credential, id, id).Scan(&q.Duplicate)
	if err != nil || !final {
		return err
	}
	q.Today = c.s.today()
	if err := c.row(ctx, `SELECT count(*) FROM applications WHERE programme_id = ? AND period = ? AND state = 'approved' AND id <> ?`,
		p.ID, period, id).Scan(&q.QuotaUsed); err != nil {
		return err
	}
	var waiting int
	var waitingFen int64
	if err := c.row(ctx, `SELECT count(*), COALESCE(SUM(amount_fen), 0) FROM applications WHERE programme_id = ? AND period = ? AND `+awaitingLast,
		p.ID, period).Scan(&waiting, &waitingFen); err != nil {
		return err
	}
	q.Oversubscribed = p.Rules.Quota > 0 && q.QuotaUsed+waiting > p.Rules.Quota ||
		p.Rules.BudgetFen > 0 && f.BudgetUsedFen+waitingFen > p.Rules.BudgetFen
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM lottery_draws WHERE application_id = ? AND won = 1`, id).Scan(&n); err != nil {
		return err
	}
	q.Drawn = n > 0
	if p.Rules.NoticeDays > 0 {
		from, err := c.noticeFrom(ctx, id)
		if err != nil {
			return err
		}
		q.NoticeEnds = from.AddDays(p.Rules.NoticeDays)
	}
	return nil
}

// awaitingLast selects the applications waiting for their last approval.
const awaitingLast = `state = 'filed' AND step + 1 >= levels`

// noticeFrom is the day an application waiting for its last approval
// went on notice: its latest step, the one that brought it there (the
// filing for a chain of one, else the approval before the last).
func (c conn) noticeFrom(ctx context.Context, id int64) (gonghui.Date, error) {
	var at int64
	err := c.row(ctx, `SELECT COALESCE(MAX(at), 0) FROM application_steps WHERE application_id = ?`, id).Scan(&at)
	return gonghui.DateOf(time.Unix(at, 0)), err
}

// setCredential keeps the credential an application names, which the
// duplicates are found by.
func (c conn) setCredential(ctx context.Context, id int64, in gonghui.ApplicationInput) error {
	credential := gonghui.CredentialOf(in)
	if credential == "" {
		return nil
	}
	_, err := c.exec(ctx, `UPDATE applications SET credential = ? WHERE id = ?`, credential, id)
	return err
}

// touchSubsidy reads the subsidy figures of the filing union before a
// subsidy's last approval pays.
func (c conn) touchSubsidy(ctx context.Context, p programmeRow, orgID int64, state string) error {
	if p.Rules.Eligibility.Qualification == nil || state != gonghui.AppApproved {
		return nil
	}
	return c.touchStats(ctx, famSubsidies, orgID)
}

// famSubsidies: subsidies paid in the year, at the filing union, from the
// payment's day to the end of its year, or to the day it was reversed
// (returned by the bank) if earlier.
var famSubsidies = registerStatFamily(statFamilyDef{name: "subsidies", events: conn.subsidyEvents, recount: recountSubsidies})

const subsidyPaid = ` FROM applications a JOIN orgs o ON o.id = a.org_id JOIN ledger_entries e ON e.id = a.entry_id
	LEFT JOIN ledger_entries r ON r.reverses_id = e.id WHERE a.credential <> '' AND a.state = 'approved' AND `

func (c conn) subsidyEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, day string
	var until *string
	var n, fen int64
	return c.eachRow(ctx, `SELECT o.path, e.posted_on, r.posted_on, count(*), SUM(a.amount_fen)`+subsidyPaid+where+` GROUP BY o.path, e.posted_on, r.posted_on`, args,
		[]any{&path, &day, &until, &n, &fen}, func() {
			end := earlierEnd(yearEnd(day), deref(until))
			sink.span(path, "subsidy_persons", day, end, n)
			sink.span(path, "subsidy_paid_fen", day, end, fen)
		})
}

func recountSubsidies(r *recount) {
	y, _, _ := r.on.Parts()
	jan1 := gonghui.NewDate(y, 1, 1)
	held := ` AND e.posted_on >= ? AND e.posted_on <= ? AND (r.id IS NULL OR r.posted_on > ?)`
	r.count("subsidy_persons", `SELECT count(*)`+subsidyPaid+r.scope+held, jan1, r.on, r.on)
	r.count("subsidy_paid_fen", `SELECT COALESCE(SUM(a.amount_fen), 0)`+subsidyPaid+r.scope+held, jan1, r.on, r.on)
}

// keptProgramme reads a programme kept in the actor's subtree (what
// runs its lottery).
func (c conn) keptProgramme(ctx context.Context, a gonghui.Actor, id int64) (programmeRow, error) {
	p, err := c.getProgramme(ctx, a, id)
	if err == nil && !strings.HasPrefix(p.path, a.Path) {
		err = gonghui.ErrForbidden
	}
	return p, err
}

// RunLottery draws among a period's applications waiting for their last
// approval, when they exceed the quota or the budget left: the seed (made
// at random when not given), the candidates and the list are kept; those
// not drawn are refused with their place in the draw.
func (s *Store) RunLottery(ctx context.Context, a gonghui.Actor, in gonghui.LotteryInput) (gonghui.Lottery, error) {
	if !a.Can(gonghui.PermApproveAssistance) {
		return gonghui.Lottery{}, gonghui.ErrForbidden
	}
	v := &gonghui.ValidationError{}
	in.Validate(v)
	if err := v.Err(); err != nil {
		return gonghui.Lottery{}, err
	}
	if in.Seed == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return gonghui.Lottery{}, err
		}
		in.Seed = hex.EncodeToString(b)
	}
	var id int64
	err := s.inTx(ctx, func(c conn) error {
		var err error
		id, err = c.runLottery(ctx, a, in)
		return err
	})
	if err != nil {
		return gonghui.Lottery{}, opErr(err, "run lottery")
	}
	return s.GetLottery(ctx, a, id)
}

func (c conn) runLottery(ctx context.Context, a gonghui.Actor, in gonghui.LotteryInput) (int64, error) {
	p, err := c.keptProgramme(ctx, a, in.ProgrammeID)
	if errors.Is(err, gonghui.ErrNotFound) {
		return 0, gonghui.Invalid("programme_id", "项目不存在或不由本工会管理", "no such programme kept by your union")
	}
	if err != nil {
		return 0, err
	}
	if err := c.lockFor(ctx, lockProgrammeBudget, budgetKey(p.ID, in.Period)); err != nil {
		return 0, err
	}
	var used int
	var usedFen int64
	if err := c.row(ctx, `SELECT count(*), COALESCE(SUM(amount_fen), 0) FROM applications WHERE programme_id = ? AND period = ? AND state = 'approved'`,
		p.ID, in.Period).Scan(&used, &usedFen); err != nil {
		return 0, err
	}
	var cands []gonghui.LotteryCandidate
	var cand gonghui.LotteryCandidate
	if err := c.eachRow(ctx, `SELECT id, amount_fen FROM applications WHERE programme_id = ? AND period = ? AND `+awaitingLast+`
		AND id NOT IN (SELECT application_id FROM lottery_draws) ORDER BY id`, []any{p.ID, in.Period}, []any{&cand.ApplicationID, &cand.AmountFen},
		func() { cands = append(cands, cand) }); err != nil {
		return 0, err
	}
	quota, budget := 0, int64(0)
	fits := true
	var total int64
	for _, x := range cands {
		total += x.AmountFen
	}
	if p.Rules.Quota > 0 {
		quota = max(0, p.Rules.Quota-used)
		fits = fits && len(cands) <= quota
	}
	if p.Rules.BudgetFen > 0 {
		budget = max(0, p.Rules.BudgetFen-usedFen)
		fits = fits && total <= budget
	}
	if len(cands) == 0 || fits {
		return 0, gonghui.Conflict("本期待终审的申请未超过名额和预算，无需摇号", "the applications waiting for the last approval fit the quota and the budget: no lottery is needed")
	}
	if quota == 0 && p.Rules.Quota > 0 || budget == 0 && p.Rules.BudgetFen > 0 {
		return 0, gonghui.Conflict("本期名额或预算已用完", "the period's quota or budget is used up")
	}
	draws := gonghui.DrawLottery(in.Seed, cands, quota, budget)
	var id int64
	if err := c.row(ctx, `INSERT INTO lotteries (programme_id, period, seed, quota, budget_fen, candidates, drawn_by, drawn_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.ID, in.Period, in.Seed, quota, budget, mustJSON(cands), a.Username, c.s.nowUnix()).Scan(&id); err != nil {
		return 0, err
	}
	lost := 0
	for _, d := range draws {
		if _, err := c.exec(ctx, `INSERT INTO lottery_draws (lottery_id, seq, application_id, amount_fen, won) VALUES (?, ?, ?, ?, ?)`,
			id, d.Seq, d.ApplicationID, d.AmountFen, boolInt(d.Won)); err != nil {
			return 0, err
		}
		if d.Won {
			continue
		}
		lost++
		if err := c.refuseUndrawn(ctx, a, d, id); err != nil {
			return 0, err
		}
	}
	return id, c.audit(ctx, a, auditEntry{action: "lottery.run", recordType: "lottery", recordID: id, orgPath: p.path,
		summary: mustJSON(map[string]any{"programme": p.Code, "period": in.Period, "seed": in.Seed, "candidates": len(cands), "refused": lost,
			"quota": quota, "budget_fen": budget})})
}

// refuseUndrawn refuses an application the lottery passed over, as a
// step of its history.
func (c conn) refuseUndrawn(ctx context.Context, a gonghui.Actor, d gonghui.LotteryDraw, lottery int64) error {
	app, err := c.getApplication(ctx, gonghui.SystemActor(a.Username), d.ApplicationID)
	if err != nil {
		return err
	}
	if _, err := c.exec(ctx, `UPDATE applications SET state = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
		gonghui.AppRefused, c.s.nowUnix(), d.ApplicationID); err != nil {
		return err
	}
	comment := "摇号未中签（第" + strconv.FormatInt(lottery, 10) + "次摇号第" + strconv.Itoa(d.Seq) + "位）"
	return c.addStep(ctx, a, d.ApplicationID, gonghui.AppActRefuse, 0, comment, assessed{facts: app.Facts, assessment: app.Assessment})
}

// GetLottery returns a lottery of a programme the actor's union is
// served by, with its list, drawn again from its seed to show it holds.
func (s *Store) GetLottery(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Lottery, error) {
	c := s.conn()
	var l gonghui.Lottery
	var cands string
	err := c.row(ctx, `SELECT id, programme_id, period, seed, quota, budget_fen, candidates, drawn_by, drawn_at FROM lotteries WHERE id = ?`, id).
		Scan(&l.ID, &l.ProgrammeID, &l.Period, &l.Seed, &l.Quota, &l.BudgetFen, &cands, &l.DrawnBy, &l.DrawnAt)
	if errors.Is(err, sql.ErrNoRows) {
		err = gonghui.ErrNotFound
	}
	if err != nil {
		return l, opErr(err, "get lottery %d", id)
	}
	p, err := c.getProgramme(ctx, a, l.ProgrammeID)
	if err != nil {
		return gonghui.Lottery{}, opErr(err, "get lottery %d", id)
	}
	l.ProgrammeName = p.Name
	if err := json.Unmarshal([]byte(cands), &l.Candidates); err != nil {
		return l, opErr(err, "get lottery %d", id)
	}
	var d gonghui.LotteryDraw
	var won int64
	// The draw is the programme's, the names only those of the reader's
	// subtree: another union's applicants show by number.
	scope, sargs := scopeClause("o.path", a)
	err = c.eachRow(ctx, `SELECT d.seq, d.application_id, d.amount_fen, d.won, CASE WHEN `+scope+` THEN COALESCE(pe.name, '') ELSE '' END FROM lottery_draws d
		JOIN applications a ON a.id = d.application_id JOIN orgs o ON o.id = a.org_id
		LEFT JOIN persons pe ON a.subject_kind = 'person' AND pe.id = a.subject_id
		WHERE d.lottery_id = ? ORDER BY d.seq`, append(sargs, id), []any{&d.Seq, &d.ApplicationID, &d.AmountFen, &won, &d.SubjectName}, func() {
		d.Won = won != 0
		l.Draws = append(l.Draws, d)
	})
	again := gonghui.DrawLottery(l.Seed, l.Candidates, l.Quota, l.BudgetFen)
	l.Replayed = slices.EqualFunc(again, l.Draws, func(x, y gonghui.LotteryDraw) bool {
		return x.Seq == y.Seq && x.ApplicationID == y.ApplicationID && x.Won == y.Won && x.AmountFen == y.AmountFen
	})
	return l, opErr(err, "get lottery %d", id)
}

// ListLotteries lists a programme's lotteries, the latest first.
func (s *Store) ListLotteries(ctx context.Context, a gonghui.Actor, programmeID int64) ([]gonghui.Lottery, error) {
	c := s.conn()
	if _, err := c.getProgramme(ctx, a, programmeID); err != nil {
		return nil, opErr(err, "list lotteries")
	}
	var out []gonghui.Lottery
	var l gonghui.Lottery
	err := c.eachRow(ctx, `SELECT id, programme_id, period, seed, quota, budget_fen, drawn_by, drawn_at FROM lotteries WHERE programme_id = ? ORDER BY id DESC`,
		[]any{programmeID}, []any{&l.ID, &l.ProgrammeID, &l.Period, &l.Seed, &l.Quota, &l.BudgetFen, &l.DrawnBy, &l.DrawnAt}, func() { out = append(out, l) })
	return out, opErr(err, "list lotteries")
}

// NoticeList is the public notice (公示) of a programme's period: the
// applications filed in the actor's subtree waiting for their last
// approval, with the day each may be paid from.
func (s *Store) NoticeList(ctx context.Context, a gonghui.Actor, programmeID int64, period string) ([]gonghui.NoticeEntry, error) {
	c := s.conn()
	p, err := c.getProgramme(ctx, a, programmeID)
	if err != nil {
		return nil, opErr(err, "notice list")
	}
	scope, args := scopeClause("o.path", a)
	var out []gonghui.NoticeEntry
	var e gonghui.NoticeEntry
	var at int64
	var facts string
	err = c.eachRow(ctx, `SELECT a.id, COALESCE(pe.name, ''), o.name, a.credential, a.amount_fen, a.facts,
		(SELECT MAX(s.at) FROM application_steps s WHERE s.application_id = a.id)
		FROM applications a JOIN orgs o ON o.id = a.org_id LEFT JOIN persons pe ON a.subject_kind = 'person' AND pe.id = a.subject_id
		WHERE a.programme_id = ? AND a.period = ? AND a.`+awaitingLast+` AND `+scope+` ORDER BY a.id`, append([]any{programmeID, period}, args...),
		[]any{&e.ApplicationID, &e.SubjectName, &e.OrgName, &e.Credential, &e.AmountFen, &facts, &at}, func() {
			var f gonghui.ApplicationFacts
			if json.Unmarshal([]byte(facts), &f) == nil && f.Qualification != nil {
				e.Level = f.Qualification.Level
			}
			e.From = gonghui.DateOf(time.Unix(at, 0))
			e.Ends = e.From.AddDays(p.Rules.NoticeDays)
			out = append(out, e)
		})
	return out, opErr(err, "notice list")
}
