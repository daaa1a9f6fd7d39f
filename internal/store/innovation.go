package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/idcard"
)

// Worker innovation: achievements of teams of the register, kept at a
// union; review rounds held by a union, scored by the user accounts they
// assign (a blind round hides team, unit and union from them wherever
// they read), closed, and — a final round — ending in the year's
// selection, taken from the ranking of the scores.

// lockAchievementTitle: a union records an achievement of a title once a
// year (what makes an import idempotent). Key: union, year, title.
var lockAchievementTitle = newLockRule("innovation: one achievement of a title per union and year")

// lockFinalRound: a union holds one final round (the year's selection) a
// year. Key: union, year.
var lockFinalRound = newLockRule("innovation: one final round per union and year")

// lockInnovationRound: entries, scores, closing and selection of a round
// follow one another. Key: the round.
var lockInnovationRound = newLockRule("innovation: a round's entries, scores and close")

// registerPerson resolves a reference to a person of the register with an
// active membership in the actor's scope, adding field's error to v when
// there is none; it returns the person's id and name.
func (c conn) registerPerson(ctx context.Context, a gonghui.Actor, v *gonghui.ValidationError, field string, p gonghui.PersonRef) (int64, string, error) {
	scope, args := scopeClause("o.path", a)
	q := `SELECT p.id, p.name FROM persons p JOIN memberships m ON m.person_id = p.id AND m.status = 'active' JOIN orgs o ON o.id = m.org_id WHERE `
	switch {
	case p.PersonID != 0:
		q, args = q+"p.id = ? AND "+scope, append([]any{p.PersonID}, args...)
	case p.IDNumber != "":
		if c.s.keys == nil {
			return 0, "", errNoKeys
		}
		y, m, d := c.s.today().Parts()
		id, err := idcard.ParseAt(p.IDNumber, idcard.Date{Year: y, Month: m, Day: d})
		if err != nil {
			v.Add(field, "公民身份号码无效", "invalid citizen ID number")
			return 0, "", nil
		}
		q, args = q+"p.id_index = ? AND "+scope, append([]any{c.s.keys.Index(indexID, id.Number)}, args...)
	default:
		return 0, "", nil // Validate named it
	}
	var id int64
	var name string
	err := c.row(ctx, q+" ORDER BY p.id LIMIT 1", args...).Scan(&id, &name)
	if errors.Is(err, sql.ErrNoRows) {
		v.Add(field, "该会员不存在或不在您的管辖范围内", "member not found in your scope")
		return 0, "", nil
	}
	return id, name, err
}

const achievementColumns = `a.id, a.title, a.kind, a.year, a.org_id, o.name, a.unit_name, a.summary, a.patents, a.selected_on, a.rank, COALESCE(a.round_id, 0), a.version`

const achievementFrom = ` FROM innovation_achievements a JOIN orgs o ON o.id = a.org_id`

func scanAchievement(sc scanner) (gonghui.Achievement, error) {
	var x gonghui.Achievement
	var patents string
	err := sc.Scan(&x.ID, &x.Title, &x.Kind, &x.Year, &x.OrgID, &x.OrgName, &x.UnitName, &x.Summary, &patents, &x.SelectedOn, &x.Rank, &x.RoundID, &x.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return x, gonghui.ErrNotFound
	}
	if err != nil {
		return x, err
	}
	return x, json.Unmarshal([]byte(patents), &x.Patents)
}

// blindSQL selects the achievements the actor reviews in a blind round.
const blindSQL = `SELECT e.achievement_id FROM innovation_entries e JOIN innovation_rounds r ON r.id = e.round_id AND r.blind = 1
	JOIN innovation_reviewers rv ON rv.round_id = r.id AND rv.user_id = ?`

// blinded reads which of the achievements the actor reviews blind.
func (c conn) blinded(ctx context.Context, a gonghui.Actor) (map[int64]bool, error) {
	out := map[int64]bool{}
	if a.UserID == 0 {
		return out, nil
	}
	var id int64
	err := c.eachRow(ctx, blindSQL, []any{a.UserID}, []any{&id}, func() { out[id] = true })
	return out, err
}

// finish completes achievements as the actor reads them: the team of
// each, or — reviewed blind — nothing of who made it.
func (c conn) finish(ctx context.Context, a gonghui.Actor, list []gonghui.Achievement) error {
	blind, err := c.blinded(ctx, a)
	if err != nil {
		return err
	}
	for i := range list {
		x := &list[i]
		if blind[x.ID] {
			x.OrgID, x.OrgName, x.UnitName, x.Blind = 0, "", "", true
			continue
		}
		var m gonghui.TeamMember
		if err := c.eachRow(ctx, `SELECT t.person_id, p.name, t.role FROM innovation_team t JOIN persons p ON p.id = t.person_id
			WHERE t.achievement_id = ? ORDER BY t.position`, []any{x.ID}, []any{&m.PersonID, &m.Name, &m.Role},
			func() { x.Team = append(x.Team, m) }); err != nil {
			return err
		}
	}
	return nil
}

func (c conn) getAchievement(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Achievement, string, error) {
	scope, args := scopeClause("o.path", a)
	var path string
	x, err := scanAchievement(pathScanner{c.row(ctx, "SELECT "+achievementColumns+", o.path"+achievementFrom+" WHERE a.id = ? AND "+scope,
		append([]any{id}, args...)...), &path})
	return x, path, err
}

// pathScanner scans a row whose last column is the owning union's path.
type pathScanner struct {
	sc   scanner
	path *string
}

func (p pathScanner) Scan(dest ...any) error { return p.sc.Scan(append(dest, p.path)...) }

// GetAchievement returns an achievement kept in the actor's subtree, or
// one of a round the actor reviews (blind: without team, unit and union).
func (s *Store) GetAchievement(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Achievement, error) {
	c := s.conn()
	x, _, err := c.getAchievement(ctx, a, id)
	if errors.Is(err, gonghui.ErrNotFound) && a.UserID != 0 {
		// A reviewer reads the entries of their rounds wherever they are.
		x, err = scanAchievement(c.row(ctx, "SELECT "+achievementColumns+achievementFrom+` WHERE a.id = ? AND a.id IN (SELECT e.achievement_id
			FROM innovation_entries e JOIN innovation_reviewers rv ON rv.round_id = e.round_id AND rv.user_id = ?)`, id, a.UserID))
	}
	if err != nil {
		return x, err
	}
	list := []gonghui.Achievement{x}
	err = c.finish(ctx, a, list)
	return list[0], opErr(err, "get achievement")
}

// ListAchievements pages through the achievements kept in the actor's
// subtree. Filtering by person or union leaves out those the actor
// reviews blind, which would tell who made them.
func (s *Store) ListAchievements(ctx context.Context, a gonghui.Actor, f gonghui.AchievementFilter) ([]gonghui.Achievement, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, err
	}
	scope, args := scopeClause("o.path", sa)
	conds := []string{scope}
	if f.Year != 0 {
		conds, args = append(conds, "a.year = ?"), append(args, f.Year)
	}
	if f.Kind != "" {
		conds, args = append(conds, "a.kind = ?"), append(args, f.Kind)
	}
	if f.Selected {
		conds = append(conds, "a.selected_on IS NOT NULL")
	}
	if f.PersonID != 0 {
		conds, args = append(conds, "a.id IN (SELECT achievement_id FROM innovation_team WHERE person_id = ?)"), append(args, f.PersonID)
	}
	if (f.PersonID != 0 || f.OrgID != 0) && a.UserID != 0 {
		conds, args = append(conds, "a.id NOT IN ("+blindSQL+")"), append(args, a.UserID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds, args = append(conds, `a.title LIKE ? ESCAPE '\'`), append(args, likePattern(q))
	}
	list, total, err := listPage(ctx, c, achievementColumns, achievementFrom, " WHERE "+strings.Join(conds, " AND "), "a.year DESC, a.rank = 0, a.rank, a.id", args, f.Page, scanAchievement)
	if err != nil {
		return nil, 0, err
	}
	return list, total, opErr(c.finish(ctx, a, list), "list achievements")
}

// checkedAchievement is an input checked against the data.
type checkedAchievement struct {
	org  gonghui.Org
	team []int64
}

// checkAchievement checks an input against the data: its union in scope
// and active, every team member a member of the register in scope, the
// title new for the union and year (under its lock) unless it is self's.
func (c conn) checkAchievement(ctx context.Context, a gonghui.Actor, in *gonghui.AchievementInput, self int64, v *gonghui.ValidationError) (checkedAchievement, int64, error) {
	var ch checkedAchievement
	in.Normalize()
	in.Validate(v, c.s.today())
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil {
		return ch, 0, err
	}
	ch.org = org
	seen := map[int64]bool{}
	for i, m := range in.Team {
		f := "team." + strconv.Itoa(i) + ".person_id"
		id, _, err := c.registerPerson(ctx, a, v, f, m.Ref())
		if err != nil {
			return ch, 0, err
		}
		if id != 0 && seen[id] {
			v.Add(f, "完成人重复", "the member is named twice")
		}
		seen[id] = true
		ch.team = append(ch.team, id)
	}
	if in.Title == "" || in.OrgID == 0 {
		return ch, 0, nil
	}
	if err := c.lockFor(ctx, lockAchievementTitle, in.OrgID, int64(in.Year), textKey(in.Title)); err != nil {
		return ch, 0, err
	}
	var other int64
	err = c.row(ctx, `SELECT id FROM innovation_achievements WHERE org_id = ? AND year = ? AND title = ? AND id <> ?`, in.OrgID, in.Year, in.Title, self).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ch, 0, nil
	case err != nil:
		return ch, 0, err
	}
	return ch, other, nil
}

func patentsJSON(p []gonghui.Patent) string {
	if p == nil {
		p = []gonghui.Patent{}
	}
	b, _ := json.Marshal(p) // plain fields: never fails
	return string(b)
}

func (c conn) writeTeam(ctx context.Context, id int64, in gonghui.AchievementInput, team []int64) error {
	if _, err := c.exec(ctx, `DELETE FROM innovation_team WHERE achievement_id = ?`, id); err != nil {
		return err
	}
	for i, p := range team {
		if _, err := c.exec(ctx, `INSERT INTO innovation_team (achievement_id, position, person_id, role) VALUES (?, ?, ?, ?)`, id, i, p, in.Team[i].Role); err != nil {
			return err
		}
	}
	return nil
}

// insertAchievement writes a checked achievement.
func (c conn) insertAchievement(ctx context.Context, a gonghui.Actor, in gonghui.AchievementInput, ch checkedAchievement) (gonghui.Achievement, error) {
	if !in.SelectedOn.IsZero() {
		if err := c.touchStats(ctx, famInnovation, in.OrgID); err != nil {
			return gonghui.Achievement{}, err
		}
	}
	now := c.s.nowUnix()
	var id int64
	if err := c.row(ctx, `INSERT INTO innovation_achievements (title, kind, year, org_id, unit_name, summary, patents, selected_on, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.Title, in.Kind, in.Year, in.OrgID, in.UnitName, in.Summary, patentsJSON(in.Patents),
		in.SelectedOn, now, now).Scan(&id); err != nil {
		return gonghui.Achievement{}, err
	}
	if err := c.writeTeam(ctx, id, in, ch.team); err != nil {
		return gonghui.Achievement{}, err
	}
	out, _, err := c.getAchievement(ctx, a, id)
	if err != nil {
		return out, err
	}
	list := []gonghui.Achievement{out}
	if err := c.finish(ctx, a, list); err != nil {
		return out, err
	}
	return list[0], c.audit(ctx, a, auditEntry{action: "innovation.achievement.create", recordType: "innovation_achievement", recordID: id, orgPath: ch.org.Path, summary: changeSummary(nil, list[0])})
}

func titleTaken(v *gonghui.ValidationError) {
	v.Add("title", "本工会该年度已有同名成果", "the union has an achievement of this title in the year")
}

// CreateAchievement records an achievement.
func (s *Store) CreateAchievement(ctx context.Context, a gonghui.Actor, in gonghui.AchievementInput) (gonghui.Achievement, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return gonghui.Achievement{}, gonghui.ErrForbidden
	}
	in.SelectedOn = gonghui.Date{} // a selection is made by a final round
	var out gonghui.Achievement
	err := s.inTx(ctx, func(c conn) error {
		v := &gonghui.ValidationError{}
		ch, other, err := c.checkAchievement(ctx, a, &in, 0, v)
		if err != nil {
			return err
		}
		if other != 0 {
			titleTaken(v)
		}
		if err := v.Err(); err != nil {
			return err
		}
		out, err = c.insertAchievement(ctx, a, in, ch)
		return err
	})
	return out, opErr(err, "create achievement")
}

// UpdateAchievement edits an achievement, a compare-and-set on its
// version; a selected one keeps its selection.
func (s *Store) UpdateAchievement(ctx context.Context, a gonghui.Actor, id int64, in gonghui.AchievementInput) (gonghui.Achievement, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return gonghui.Achievement{}, gonghui.ErrForbidden
	}
	var out gonghui.Achievement
	err := s.inTx(ctx, func(c conn) error {
		before, _, err := c.getAchievement(ctx, a, id)
		if err != nil {
			return err
		}
		bl := []gonghui.Achievement{before}
		if err := c.finish(ctx, a, bl); err != nil {
			return err
		}
		if bl[0].Blind {
			return gonghui.ErrNotFound // its reviewer does not learn it from here
		}
		in.SelectedOn = before.SelectedOn
		v := &gonghui.ValidationError{}
		ch, other, err := c.checkAchievement(ctx, a, &in, id, v)
		if err != nil {
			return err
		}
		if other != 0 {
			titleTaken(v)
		}
		if !before.SelectedOn.IsZero() && (in.OrgID != before.OrgID || in.Year != before.Year) {
			v.Add("org_id", "已入选的成果不能改变工会或年度", "a selected achievement keeps its union and year")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.updateVersioned(ctx, "innovation_achievements", "title = ?, kind = ?, year = ?, org_id = ?, unit_name = ?, summary = ?, patents = ?, updated_at = ?",
			[]any{in.Title, in.Kind, in.Year, in.OrgID, in.UnitName, in.Summary, patentsJSON(in.Patents), c.s.nowUnix()}, id, in.Version); err != nil {
			return err
		}
		if err := c.writeTeam(ctx, id, in, ch.team); err != nil {
			return err
		}
		x, _, err := c.getAchievement(ctx, a, id)
		if err != nil {
			return err
		}
		list := []gonghui.Achievement{x}
		if err := c.finish(ctx, a, list); err != nil {
			return err
		}
		out = list[0]
		return c.audit(ctx, a, auditEntry{action: "innovation.achievement.update", recordType: "innovation_achievement", recordID: id, orgPath: ch.org.Path, summary: changeSummary(bl[0], out)})
	})
	return out, opErr(err, "update achievement "+strconv.FormatInt(id, 10))
}

// AchievementWriter saves imported achievements in batches; a row naming
// an achievement on record (its union, year and title) is left alone.
type AchievementWriter struct {
	batchTx
	a gonghui.Actor
}

// NewAchievementWriter starts writing achievements as the actor.
func (s *Store) NewAchievementWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*AchievementWriter, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return nil, gonghui.ErrForbidden
	}
	w := &AchievementWriter{batchTx: batchTx{s: s, size: batchSize}, a: a}
	return w, w.begin(ctx)
}

// Save stores one achievement, with the checks of the form.
func (w *AchievementWriter) Save(ctx context.Context, in gonghui.AchievementInput) (UpsertResult, error) {
	c := w.c
	v := &gonghui.ValidationError{}
	ch, other, err := c.checkAchievement(ctx, w.a, &in, 0, v)
	if err != nil {
		return 0, err
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	if other != 0 {
		return Unchanged, w.saved(ctx)
	}
	if w.checking() {
		return Inserted, nil
	}
	if _, err := c.insertAchievement(ctx, w.a, in, ch); err != nil {
		return 0, err
	}
	return Inserted, w.saved(ctx)
}
