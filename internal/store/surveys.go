package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"gonghui"
)

// Needs surveys (职工需求调查): kept by a union's cadres (PermEditOrgs, who
// keep the service network), read in the union's subtree and by the unions
// above it, answered by the members of its subtree.

// lockSurveyAnswer: a member answers a survey once. Key: survey, person.
var lockSurveyAnswer = newLockRule("surveys: a member answers a survey once")

const surveyColumns = `sv.id, sv.org_id, o.name, o.path, sv.title, sv.intro, sv.anonymous, sv.opens_on, sv.closes_on, sv.state, sv.questions, sv.version,
	(SELECT count(*) FROM survey_responses r WHERE r.survey_id = sv.id)`

const surveyFrom = ` FROM surveys sv JOIN orgs o ON o.id = sv.org_id`

// surveyRow is a survey with its union's path.
type surveyRow struct {
	gonghui.Survey
	path string
}

func scanSurvey(sc scanner) (surveyRow, error) {
	var x surveyRow
	var anonymous int
	var questions string
	err := sc.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.path, &x.Title, &x.Intro, &anonymous, &x.OpensOn, &x.ClosesOn, &x.State, &questions, &x.Version, &x.Responses)
	if errors.Is(err, sql.ErrNoRows) {
		return x, gonghui.ErrNotFound
	}
	if err != nil {
		return x, err
	}
	x.Anonymous = anonymous != 0
	return x, json.Unmarshal([]byte(questions), &x.Questions)
}

// readFromAbove keeps the records of the actor's subtree and those kept
// by the unions above it (a survey sent to the city, a project run for
// it), orgCol naming the record's union.
func readFromAbove(a gonghui.Actor, orgCol string) (string, []any) {
	scope, args := scopeClause("o.path", a)
	above := gonghui.PathIDs(a.Path)
	if len(above) == 0 {
		return "(" + scope + ")", args
	}
	for _, id := range above {
		args = append(args, id)
	}
	return "(" + scope + " OR " + orgCol + " IN (" + placeholders(len(above)) + "))", args
}

func (c conn) getSurvey(ctx context.Context, a gonghui.Actor, id int64) (surveyRow, error) {
	vis, args := readFromAbove(a, "sv.org_id")
	return scanSurvey(c.row(ctx, "SELECT "+surveyColumns+surveyFrom+" WHERE sv.id = ? AND "+vis, append([]any{id}, args...)...))
}

// ownSurvey is a survey of the actor's subtree, which it may change.
func (c conn) ownSurvey(ctx context.Context, a gonghui.Actor, id int64) (surveyRow, error) {
	scope, args := scopeClause("o.path", a)
	return scanSurvey(c.row(ctx, "SELECT "+surveyColumns+surveyFrom+" WHERE sv.id = ? AND "+scope, append([]any{id}, args...)...))
}

// GetSurvey returns a survey the actor may read.
func (s *Store) GetSurvey(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Survey, error) {
	x, err := s.conn().getSurvey(ctx, a, id)
	return x.Survey, opErr(err, "get survey")
}

// ListSurveys pages through the surveys the actor may read, the newest
// first.
func (s *Store) ListSurveys(ctx context.Context, a gonghui.Actor, f gonghui.SurveyFilter) ([]gonghui.Survey, int, error) {
	vis, args := readFromAbove(a, "sv.org_id")
	conds := []string{vis}
	if f.State != "" {
		conds, args = append(conds, "sv.state = ?"), append(args, f.State)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds, args = append(conds, `sv.title LIKE ? ESCAPE '\'`), append(args, likePattern(q))
	}
	rows, total, err := listPage(ctx, s.conn(), surveyColumns, surveyFrom, " WHERE "+strings.Join(conds, " AND "), "sv.opens_on DESC, sv.id DESC", args, f.Page.Normalize(), scanSurvey)
	out := make([]gonghui.Survey, len(rows))
	for i, r := range rows {
		out[i] = r.Survey
	}
	return out, total, opErr(err, "list surveys")
}

// CreateSurvey records a survey's draft.
func (s *Store) CreateSurvey(ctx context.Context, a gonghui.Actor, in gonghui.SurveyInput) (gonghui.Survey, error) {
	return s.saveSurvey(ctx, a, 0, in)
}

// UpdateSurvey edits a draft, a compare-and-set on its version; an open
// or closed survey's questions are fixed.
func (s *Store) UpdateSurvey(ctx context.Context, a gonghui.Actor, id int64, in gonghui.SurveyInput) (gonghui.Survey, error) {
	return s.saveSurvey(ctx, a, id, in)
}

func (s *Store) saveSurvey(ctx context.Context, a gonghui.Actor, id int64, in gonghui.SurveyInput) (gonghui.Survey, error) {
	var out gonghui.Survey
	if !a.Can(gonghui.PermEditOrgs) {
		return out, gonghui.ErrForbidden
	}
	err := s.inTx(ctx, func(c conn) error {
		var before *surveyRow
		if id != 0 {
			cur, err := c.ownSurvey(ctx, a, id)
			if err != nil {
				return err
			}
			if cur.State != gonghui.SurveyDraft {
				return gonghui.Invalid("state", "问卷已发放，不能再修改题目", "the survey has been sent: its questions are fixed")
			}
			before = &cur
		}
		in.Normalize()
		v := &gonghui.ValidationError{}
		in.Validate(v)
		org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		questions, err := json.Marshal(in.Questions)
		if err != nil {
			return err
		}
		now := c.s.nowUnix()
		if before == nil {
			err = c.row(ctx, `INSERT INTO surveys (org_id, title, intro, anonymous, opens_on, closes_on, state, questions, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, org.ID, in.Title, in.Intro, boolInt(in.Anonymous), in.OpensOn, in.ClosesOn,
				gonghui.SurveyDraft, string(questions), now, now).Scan(&id)
		} else {
			err = c.updateVersioned(ctx, "surveys", `org_id = ?, title = ?, intro = ?, anonymous = ?, opens_on = ?, closes_on = ?, questions = ?, updated_at = ?`,
				[]any{org.ID, in.Title, in.Intro, boolInt(in.Anonymous), in.OpensOn, in.ClosesOn, string(questions), now}, id, in.Version)
		}
		if err != nil {
			return err
		}
		after, err := c.ownSurvey(ctx, a, id)
		if err != nil {
			return err
		}
		out = after.Survey
		action := "survey.create"
		var was any
		if before != nil {
			action, was = "survey.update", before.Survey
		}
		return c.audit(ctx, a, auditEntry{action: action, recordType: "survey", recordID: id, orgPath: org.Path, summary: changeSummary(was, out)})
	})
	return out, opErr(err, "save survey")
}

// OpenSurvey sends a draft: from its opening day its subtree's members
// may answer.
func (s *Store) OpenSurvey(ctx context.Context, a gonghui.Actor, id, version int64) (gonghui.Survey, error) {
	return s.surveyStep(ctx, a, id, version, gonghui.SurveyDraft, gonghui.SurveyOpen, "survey.open")
}

// CloseSurvey ends an open survey before or after its closing day.
func (s *Store) CloseSurvey(ctx context.Context, a gonghui.Actor, id, version int64) (gonghui.Survey, error) {
	return s.surveyStep(ctx, a, id, version, gonghui.SurveyOpen, gonghui.SurveyClosed, "survey.close")
}

func (s *Store) surveyStep(ctx context.Context, a gonghui.Actor, id, version int64, from, to, action string) (gonghui.Survey, error) {
	var out gonghui.Survey
	if !a.Can(gonghui.PermEditOrgs) {
		return out, gonghui.ErrForbidden
	}
	err := s.inTx(ctx, func(c conn) error {
		cur, err := c.ownSurvey(ctx, a, id)
		if err != nil {
			return err
		}
		if cur.State != from {
			return gonghui.Invalid("state", "问卷当前状态不能进行此操作", "the survey's state does not allow this")
		}
		if err := c.updateVersioned(ctx, "surveys", "state = ?, updated_at = ?", []any{to, c.s.nowUnix()}, id, version); err != nil {
			return err
		}
		after, err := c.ownSurvey(ctx, a, id)
		if err != nil {
			return err
		}
		out = after.Survey
		return c.audit(ctx, a, auditEntry{action: action, recordType: "survey", recordID: id, orgPath: cur.path, summary: mustJSON(map[string]any{"state": to})})
	})
	return out, opErr(err, action)
}

// RecordSurveyResponse enters a member's paper questionnaire (the member
// named by number or ID number, in the actor's scope and the survey's).
func (s *Store) RecordSurveyResponse(ctx context.Context, a gonghui.Actor, id int64, in gonghui.SurveyResponseInput) error {
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.ErrForbidden
	}
	return opErr(s.inTx(ctx, func(c conn) error {
		sv, err := c.getSurvey(ctx, a, id)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		person, _, err := c.registerPerson(ctx, a, v, "respondent", in.Respondent)
		if err != nil {
			return err
		}
		if in.Respondent.Empty() {
			v.Add("respondent", "请填写答卷会员", "name the member who answered")
		}
		if err := v.Err(); err != nil {
			return err
		}
		return c.answerSurvey(ctx, a, sv, person, "paper", in)
	}), "record survey response")
}

// answerSurvey records one member's answers, once, while the survey takes
// answers, at the member's union in the survey's subtree. The audit
// names the survey, not the answers; an anonymous response names no one.
func (c conn) answerSurvey(ctx context.Context, a gonghui.Actor, sv surveyRow, person int64, channel string, in gonghui.SurveyResponseInput) error {
	today := c.s.today()
	if !sv.Accepting(today) {
		return gonghui.Invalid("state", "问卷不在发放期内", "the survey is not taking answers")
	}
	lo, hi := gonghui.PathRange(sv.path)
	var org int64
	err := c.row(ctx, `SELECT m.org_id FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE m.person_id = ? AND m.status = 'active'
		AND o.path >= ? AND o.path < ? ORDER BY m.id LIMIT 1`, person, lo, hi).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) {
		return gonghui.Invalid("respondent", "该会员不在问卷发放范围内", "the member is not among the survey's members")
	}
	if err != nil {
		return err
	}
	if err := c.lockFor(ctx, lockSurveyAnswer, sv.ID, person); err != nil {
		return err
	}
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM survey_respondents WHERE survey_id = ? AND person_id = ?`, sv.ID, person).Scan(&n); err != nil {
		return err
	}
	v := &gonghui.ValidationError{}
	if n > 0 {
		v.Add("respondent", "该会员已答过此问卷", "the member has answered this survey")
	}
	sv.CheckResponse(v, &in)
	if err := v.Err(); err != nil {
		return err
	}
	if _, err := c.exec(ctx, `INSERT INTO survey_respondents (survey_id, person_id) VALUES (?, ?)`, sv.ID, person); err != nil {
		return err
	}
	var named any
	summary := map[string]any{"channel": channel}
	if !sv.Anonymous {
		named, summary["person_id"] = person, person
	}
	var rid int64
	if err := c.row(ctx, `INSERT INTO survey_responses (survey_id, org_id, person_id, channel, answered_on) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		sv.ID, org, named, channel, today).Scan(&rid); err != nil {
		return err
	}
	for _, ans := range in.Answers {
		q := sv.Questions[ans.Question]
		switch q.Kind {
		case gonghui.QuestionSingle, gonghui.QuestionMultiple:
			for _, o := range ans.Options {
				if _, err := c.exec(ctx, `INSERT INTO survey_answers (response_id, question, choice) VALUES (?, ?, ?)`, rid, ans.Question, o); err != nil {
					return err
				}
			}
		case gonghui.QuestionScale:
			if _, err := c.exec(ctx, `INSERT INTO survey_answers (response_id, question, choice) VALUES (?, ?, ?)`, rid, ans.Question, ans.Scale); err != nil {
				return err
			}
		case gonghui.QuestionText:
			if _, err := c.exec(ctx, `INSERT INTO survey_answers (response_id, question, choice, text) VALUES (?, ?, -1, ?)`, rid, ans.Question, ans.Text); err != nil {
				return err
			}
		}
	}
	return c.audit(ctx, a, auditEntry{action: "survey.answer", recordType: "survey", recordID: sv.ID, orgPath: sv.path, summary: mustJSON(summary)})
}

// surveyTexts is how many text answers of a question the results show.
const surveyTexts = 100

// SurveyResults counts a survey's answers in the subtree of orgID (0: all
// the actor reads — its own subtree, or the survey's union's when that
// lies in it), with the next level's unions. An anonymous survey shows
// nothing of fewer than gonghui.SurveyMinGroup respondents.
func (s *Store) SurveyResults(ctx context.Context, a gonghui.Actor, id, orgID int64) (gonghui.SurveyResults, error) {
	c := s.conn()
	sv, err := c.getSurvey(ctx, a, id)
	if err != nil {
		return gonghui.SurveyResults{}, opErr(err, "survey results")
	}
	base, baseID := sv.path, sv.OrgID
	if gonghui.InSubtree(a.Path, sv.path) {
		base, baseID = a.Path, a.OrgID
	}
	if orgID != 0 {
		o, err := c.getOrg(ctx, a, "o.id = ?", orgID)
		if err != nil {
			return gonghui.SurveyResults{}, opErr(err, "survey results")
		}
		switch {
		case gonghui.InSubtree(o.Path, base):
			base, baseID = o.Path, o.ID
		case !gonghui.InSubtree(base, o.Path):
			return gonghui.SurveyResults{}, gonghui.ErrNotFound
		}
	}
	out := gonghui.SurveyResults{Survey: sv.Survey, OrgID: baseID, Questions: make([]gonghui.QuestionResult, len(sv.Questions))}
	lo, hi := gonghui.PathRange(base)
	in := ` FROM survey_answers sa JOIN survey_responses r ON r.id = sa.response_id JOIN orgs o ON o.id = r.org_id WHERE r.survey_id = ? AND o.path >= ? AND o.path < ?`
	args := []any{id, lo, hi}
	if err := c.row(ctx, `SELECT count(*) FROM survey_responses r JOIN orgs o ON o.id = r.org_id WHERE r.survey_id = ? AND o.path >= ? AND o.path < ?`, args...).Scan(&out.Respondents); err != nil {
		return out, opErr(err, "survey results")
	}
	if sv.Anonymous && out.Respondents < gonghui.SurveyMinGroup {
		out.Hidden = true
		return out, nil
	}
	for i, q := range sv.Questions {
		switch q.Kind {
		case gonghui.QuestionSingle, gonghui.QuestionMultiple:
			out.Questions[i].Counts = make([]int, len(q.Options))
		case gonghui.QuestionScale:
			out.Questions[i].Counts = make([]int, q.ScaleMax)
		}
	}
	var question, choice, count, responses int
	err = c.eachRow(ctx, `SELECT sa.question, sa.choice, count(*)`+in+` AND sa.choice >= 0 GROUP BY sa.question, sa.choice`, args,
		[]any{&question, &choice, &count}, func() {
			q := &out.Questions[question]
			if sv.Questions[question].Kind == gonghui.QuestionScale {
				choice--
			}
			if choice >= 0 && choice < len(q.Counts) {
				q.Counts[choice] = count
			}
		})
	if err != nil {
		return out, opErr(err, "survey results")
	}
	err = c.eachRow(ctx, `SELECT sa.question, count(DISTINCT sa.response_id)`+in+` GROUP BY sa.question`, args, []any{&question, &responses},
		func() { out.Questions[question].Answered = responses })
	if err != nil {
		return out, opErr(err, "survey results")
	}
	for i, q := range sv.Questions {
		r := &out.Questions[i]
		switch q.Kind {
		case gonghui.QuestionScale:
			sum := 0
			for p, n := range r.Counts {
				sum += (p + 1) * n
			}
			if r.Answered > 0 {
				r.MeanCents = sum * 100 / r.Answered
			}
		case gonghui.QuestionText:
			var text string
			err := c.eachRow(ctx, `SELECT sa.text`+in+` AND sa.question = ? ORDER BY r.id LIMIT `+strconv.Itoa(surveyTexts), append(args, i), []any{&text},
				func() { r.Texts = append(r.Texts, text) })
			if err != nil {
				return out, opErr(err, "survey results")
			}
		}
	}
	out.Below, err = c.surveyBelow(ctx, sv, baseID)
	return out, opErr(err, "survey results")
}

// surveyBelow is each union under baseID with its respondents and the
// means of the survey's scale questions.
func (c conn) surveyBelow(ctx context.Context, sv surveyRow, baseID int64) ([]gonghui.SurveyGroup, error) {
	var scales []int
	for i, q := range sv.Questions {
		if q.Kind == gonghui.QuestionScale {
			scales = append(scales, i)
		}
	}
	under := ` FROM orgs ch JOIN orgs o ON o.path >= ch.path AND o.path < substr(ch.path, 1, length(ch.path) - 1) || '0'
		JOIN survey_responses r ON r.org_id = o.id AND r.survey_id = ?`
	var out []gonghui.SurveyGroup
	at := map[int64]int{}
	var g gonghui.SurveyGroup
	err := c.eachRow(ctx, `SELECT ch.id, ch.name, count(*)`+under+` WHERE ch.parent_id = ? GROUP BY ch.id, ch.name, ch.path ORDER BY ch.path`, []any{sv.ID, baseID},
		[]any{&g.OrgID, &g.OrgName, &g.Respondents}, func() {
			if sv.Anonymous && g.Respondents < gonghui.SurveyMinGroup {
				return
			}
			at[g.OrgID] = len(out)
			out = append(out, gonghui.SurveyGroup{OrgID: g.OrgID, OrgName: g.OrgName, Respondents: g.Respondents, MeanCents: make([]int, len(scales))})
		})
	if err != nil || len(scales) == 0 || len(out) == 0 {
		return out, err
	}
	place := map[int]int{}
	for j, q := range scales {
		place[q] = j
	}
	var org int64
	var question, sum, n int
	err = c.eachRow(ctx, `SELECT ch.id, sa.question, sum(sa.choice), count(*)`+under+` JOIN survey_answers sa ON sa.response_id = r.id
		WHERE ch.parent_id = ? AND sa.question IN (`+placeholders(len(scales))+`) GROUP BY ch.id, sa.question`,
		append([]any{sv.ID, baseID}, intArgs(scales)...), []any{&org, &question, &sum, &n}, func() {
			if i, ok := at[org]; ok && n > 0 {
				out[i].MeanCents[place[question]] = sum * 100 / n
			}
		})
	return out, err
}

func intArgs(xs []int) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// memberReach is the reach of a member's union: the surveys it may
// answer are those its union reads (sent by it or a union above).
func (c conn) memberReach(ctx context.Context, person int64) (gonghui.Actor, error) {
	var a gonghui.Actor
	err := c.row(ctx, `SELECT o.id, o.path FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE m.person_id = ? AND m.status = 'active' ORDER BY m.id LIMIT 1`,
		person).Scan(&a.OrgID, &a.Path)
	if errors.Is(err, sql.ErrNoRows) {
		return a, gonghui.ErrForbidden
	}
	return a, err
}

// SurveysFor lists the surveys taking answers today that the member may
// answer and has not (the portal's list).
func (s *Store) SurveysFor(ctx context.Context, person int64) ([]gonghui.Survey, error) {
	c := s.conn()
	reach, err := c.memberReach(ctx, person)
	if err != nil {
		return nil, opErr(err, "surveys for a member")
	}
	today := c.s.today()
	args := []any{gonghui.SurveyOpen, today, today, person}
	above := gonghui.PathIDs(reach.Path)
	for _, id := range above {
		args = append(args, id)
	}
	rows, err := c.query(ctx, "SELECT "+surveyColumns+surveyFrom+` WHERE sv.state = ? AND sv.opens_on <= ? AND sv.closes_on >= ?
		AND NOT EXISTS (SELECT 1 FROM survey_respondents sr WHERE sr.survey_id = sv.id AND sr.person_id = ?)
		AND sv.org_id IN (`+placeholders(len(above))+`) ORDER BY sv.closes_on, sv.id LIMIT 50`, args...)
	if err != nil {
		return nil, opErr(err, "surveys for a member")
	}
	defer rows.Close()
	var out []gonghui.Survey
	for rows.Next() {
		x, err := scanSurvey(rows)
		if err != nil {
			return nil, opErr(err, "surveys for a member")
		}
		out = append(out, x.Survey)
	}
	err = rows.Err()
	return out, opErr(err, "surveys for a member")
}

// SurveyForMember is a survey the member may read: sent by their union or
// one above it.
func (s *Store) SurveyForMember(ctx context.Context, person, id int64) (gonghui.Survey, error) {
	c := s.conn()
	reach, err := c.memberReach(ctx, person)
	if err != nil {
		return gonghui.Survey{}, opErr(err, "survey for a member")
	}
	x, err := c.getSurvey(ctx, gonghui.Actor{Path: reach.Path}, id)
	if err == nil && (!gonghui.InSubtree(reach.Path, x.path) || x.State == gonghui.SurveyDraft) {
		err = gonghui.ErrNotFound // a draft, or a survey of a union below the member's, is not theirs
	}
	return x.Survey, opErr(err, "survey for a member")
}

// AnswerSurvey records the member's own answers (through the portal).
func (s *Store) AnswerSurvey(ctx context.Context, a gonghui.Actor, person, id int64, in gonghui.SurveyResponseInput) error {
	return opErr(s.inTx(ctx, func(c conn) error {
		reach, err := c.memberReach(ctx, person)
		if err != nil {
			return err
		}
		sv, err := c.getSurvey(ctx, gonghui.Actor{Path: reach.Path}, id)
		if err != nil {
			return err
		}
		if !gonghui.InSubtree(reach.Path, sv.path) {
			return gonghui.ErrNotFound
		}
		return c.answerSurvey(ctx, a, sv, person, "portal", in)
	}), "answer survey")
}
