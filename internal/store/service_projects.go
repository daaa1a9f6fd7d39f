package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"

	"gonghui"
)

// Service projects and their yearly evaluation: kept by a union's cadres
// (PermEditOrgs), read in its subtree and by the unions above it, rated by
// cadres who read them (and by members through the portal).

// lockProjectName: a union runs one project of a name. Key: union, name.
var lockProjectName = newLockRule("service projects: one project of a name per union")

// lockProjectRating: a rater rates a project once a year. Key: project,
// year, rater.
var lockProjectRating = newLockRule("service projects: one rating per rater, project and year")

const projectColumns = `sp.id, sp.org_id, o.name, o.path, sp.name, sp.brand, sp.description, sp.weights, sp.station_kind, sp.version`

const projectFrom = ` FROM service_projects sp JOIN orgs o ON o.id = sp.org_id`

// projectRow is a project with its union's path.
type projectRow struct {
	gonghui.ServiceProject
	path string
}

func scanProject(sc scanner) (projectRow, error) {
	var x projectRow
	var brand int
	var weights string
	err := sc.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.path, &x.Name, &brand, &x.Description, &weights, &x.StationKind, &x.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return x, gonghui.ErrNotFound
	}
	if err != nil {
		return x, err
	}
	x.Brand = brand != 0
	return x, json.Unmarshal([]byte(weights), &x.Weights)
}

// getProject is a project the actor reads (own: one of its subtree,
// which it may change).
func (c conn) getProject(ctx context.Context, a gonghui.Actor, id int64, own bool) (projectRow, error) {
	vis, args := readFromAbove(a, "sp.org_id")
	if own {
		vis, args = scopeClause("o.path", a)
	}
	return scanProject(c.row(ctx, "SELECT "+projectColumns+projectFrom+" WHERE sp.id = ? AND "+vis, append([]any{id}, args...)...))
}

// GetServiceProject returns a project the actor reads.
func (s *Store) GetServiceProject(ctx context.Context, a gonghui.Actor, id int64) (gonghui.ServiceProject, error) {
	x, err := s.conn().getProject(ctx, a, id, false)
	return x.ServiceProject, opErr(err, "get service project")
}

// ListServiceProjects pages through the projects the actor reads, the
// brands first.
func (s *Store) ListServiceProjects(ctx context.Context, a gonghui.Actor, f gonghui.ProjectFilter) ([]gonghui.ServiceProject, int, error) {
	c := s.conn()
	vis, args := readFromAbove(a, "sp.org_id")
	if f.OrgID != 0 {
		sa, err := c.subtreeOf(ctx, a, f.OrgID)
		if err != nil {
			return nil, 0, err
		}
		vis, args = scopeClause("o.path", sa)
	}
	conds := []string{vis}
	if f.Brand {
		conds = append(conds, "sp.brand = 1")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds, args = append(conds, `sp.name LIKE ? ESCAPE '\'`), append(args, likePattern(q))
	}
	rows, total, err := listPage(ctx, c, projectColumns, projectFrom, " WHERE "+strings.Join(conds, " AND "), "sp.brand DESC, o.path, sp.name", args, f.Page.Normalize(), scanProject)
	out := make([]gonghui.ServiceProject, len(rows))
	for i, r := range rows {
		out[i] = r.ServiceProject
	}
	return out, total, opErr(err, "list service projects")
}

// CreateServiceProject records a project.
func (s *Store) CreateServiceProject(ctx context.Context, a gonghui.Actor, in gonghui.ServiceProjectInput) (gonghui.ServiceProject, error) {
	return s.saveProject(ctx, a, 0, in)
}

// UpdateServiceProject edits a project by version.
func (s *Store) UpdateServiceProject(ctx context.Context, a gonghui.Actor, id int64, in gonghui.ServiceProjectInput) (gonghui.ServiceProject, error) {
	return s.saveProject(ctx, a, id, in)
}

func (s *Store) saveProject(ctx context.Context, a gonghui.Actor, id int64, in gonghui.ServiceProjectInput) (gonghui.ServiceProject, error) {
	var out gonghui.ServiceProject
	if !a.Can(gonghui.PermEditOrgs) {
		return out, gonghui.ErrForbidden
	}
	err := s.inTx(ctx, func(c conn) error {
		var before any
		if id != 0 {
			cur, err := c.getProject(ctx, a, id, true)
			if err != nil {
				return err
			}
			before = cur.ServiceProject
		}
		v := &gonghui.ValidationError{}
		in.Validate(v)
		org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
		if err != nil {
			return err
		}
		if org.ID != 0 && in.Name != "" {
			if err := c.lockFor(ctx, lockProjectName, org.ID, textKey(in.Name)); err != nil {
				return err
			}
			var n int
			if err := c.row(ctx, `SELECT count(*) FROM service_projects WHERE org_id = ? AND name = ? AND id <> ?`, org.ID, in.Name, id).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				v.Add("name", "本工会已有同名服务项目", "the union runs a project of this name")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		weights := mustJSON(in.Weights)
		now := c.s.nowUnix()
		if id == 0 {
			err = c.row(ctx, `INSERT INTO service_projects (org_id, name, brand, description, weights, station_kind, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, org.ID, in.Name, boolInt(in.Brand), in.Description, weights, in.StationKind, now, now).Scan(&id)
		} else {
			err = c.updateVersioned(ctx, "service_projects", "org_id = ?, name = ?, brand = ?, description = ?, weights = ?, station_kind = ?, updated_at = ?",
				[]any{org.ID, in.Name, boolInt(in.Brand), in.Description, weights, in.StationKind, now}, id, in.Version)
		}
		if err != nil {
			return err
		}
		after, err := c.getProject(ctx, a, id, true)
		if err != nil {
			return err
		}
		out = after.ServiceProject
		action := "project.create"
		if before != nil {
			action = "project.update"
		}
		return c.audit(ctx, a, auditEntry{action: action, recordType: "service_project", recordID: id, orgPath: org.Path, summary: changeSummary(before, out)})
	})
	return out, opErr(err, "save service project")
}

// SetProjectYear records (or replaces) a project's indicators for a year.
func (s *Store) SetProjectYear(ctx context.Context, a gonghui.Actor, id int64, in gonghui.ProjectYearInput) (gonghui.ProjectYear, error) {
	var out gonghui.ProjectYear
	if !a.Can(gonghui.PermEditOrgs) {
		return out, gonghui.ErrForbidden
	}
	err := s.inTx(ctx, func(c conn) error {
		p, err := c.getProject(ctx, a, id, true)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		in.Validate(v, c.s.today())
		if err := v.Err(); err != nil {
			return err
		}
		indicators := mustJSON(in.Indicators)
		res, err := c.exec(ctx, `UPDATE service_project_years SET indicators = ? WHERE project_id = ? AND year = ?`, indicators, id, in.Year)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			if _, err := c.exec(ctx, `INSERT INTO service_project_years (project_id, year, indicators) VALUES (?, ?, ?)`, id, in.Year, indicators); err != nil {
				return err
			}
		}
		if out, err = c.projectYear(ctx, p, in.Year); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "project.year", recordType: "service_project", recordID: id, orgPath: p.path,
			summary: mustJSON(map[string]any{"year": in.Year, "indicators": in.Indicators})})
	})
	return out, opErr(err, "set project year")
}

// RateServiceProject records the acting cadre's rating of a project's
// year, once.
func (s *Store) RateServiceProject(ctx context.Context, a gonghui.Actor, id int64, in gonghui.ProjectRatingInput) (gonghui.ProjectYear, error) {
	var out gonghui.ProjectYear
	if a.UserID == 0 || a.PartnerID != 0 {
		return out, gonghui.ErrForbidden
	}
	err := s.inTx(ctx, func(c conn) error {
		p, err := c.getProject(ctx, a, id, false)
		if err != nil {
			return err
		}
		out, err = c.rateProject(ctx, a, p, gonghui.RaterCadre, "user:"+strconv.FormatInt(a.UserID, 10), in)
		return err
	})
	return out, opErr(err, "rate service project")
}

// RateServiceProjectAsMember records a member's rating of a project's
// year, once; the project must be one their union reads (its subtree or
// above).
func (s *Store) RateServiceProjectAsMember(ctx context.Context, a gonghui.Actor, person, id int64, in gonghui.ProjectRatingInput) (gonghui.ProjectYear, error) {
	var out gonghui.ProjectYear
	err := s.inTx(ctx, func(c conn) error {
		reach, err := c.memberReach(ctx, person)
		if err != nil {
			return err
		}
		p, err := c.getProject(ctx, reach, id, false)
		if err != nil {
			return err
		}
		out, err = c.rateProject(ctx, a, p, gonghui.RaterMember, "person:"+strconv.FormatInt(person, 10), in)
		return err
	})
	return out, opErr(err, "rate service project")
}

// rateProject records a rating of a project's year by the rater, once
// (under the rater's lock), and returns the year as it now scores.
func (c conn) rateProject(ctx context.Context, a gonghui.Actor, p projectRow, kind, rater string, in gonghui.ProjectRatingInput) (gonghui.ProjectYear, error) {
	v := &gonghui.ValidationError{}
	today := c.s.today()
	in.Validate(v, today)
	if err := v.Err(); err != nil {
		return gonghui.ProjectYear{}, err
	}
	if err := c.lockFor(ctx, lockProjectRating, p.ID, int64(in.Year), textKey(rater)); err != nil {
		return gonghui.ProjectYear{}, err
	}
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM service_project_ratings WHERE project_id = ? AND year = ? AND rater_key = ?`, p.ID, in.Year, rater).Scan(&n); err != nil {
		return gonghui.ProjectYear{}, err
	}
	if n > 0 {
		return gonghui.ProjectYear{}, gonghui.Invalid("stars", "您已评价过该项目本年度的服务", "you have rated the project's year")
	}
	if _, err := c.exec(ctx, `INSERT INTO service_project_ratings (project_id, year, rater_kind, rater_key, stars, comment, rated_on) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		p.ID, in.Year, kind, rater, in.Stars, in.Comment, today); err != nil {
		return gonghui.ProjectYear{}, err
	}
	if err := c.audit(ctx, a, auditEntry{action: "project.rate", recordType: "service_project", recordID: p.ID, orgPath: p.path,
		summary: mustJSON(map[string]any{"year": in.Year, "kind": kind, "stars": in.Stars})}); err != nil {
		return gonghui.ProjectYear{}, err
	}
	return c.projectYear(ctx, p, in.Year)
}

// projectYear is one of a project's years as it scores.
func (c conn) projectYear(ctx context.Context, p projectRow, year int) (gonghui.ProjectYear, error) {
	years, err := c.projectYears(ctx, p)
	for _, y := range years {
		if y.Year == year {
			return y, err
		}
	}
	return gonghui.ProjectYear{Year: year}, err
}

// ProjectYears are a project's evaluated years, the latest first: its
// indicators, its ratings by kind and its score.
func (s *Store) ProjectYears(ctx context.Context, a gonghui.Actor, id int64) ([]gonghui.ProjectYear, error) {
	c := s.conn()
	p, err := c.getProject(ctx, a, id, false)
	if err != nil {
		return nil, opErr(err, "project years")
	}
	years, err := c.projectYears(ctx, p)
	return years, opErr(err, "project years")
}

func (c conn) projectYears(ctx context.Context, p projectRow) ([]gonghui.ProjectYear, error) {
	type tally struct{ members, memberStars, cadres, cadreStars int }
	byYear := map[int]*gonghui.ProjectYear{}
	tallies := map[int]*tally{}
	at := func(year int) (*gonghui.ProjectYear, *tally) {
		if _, ok := byYear[year]; !ok {
			byYear[year], tallies[year] = &gonghui.ProjectYear{Year: year}, &tally{}
		}
		return byYear[year], tallies[year]
	}
	var year int
	var indicators string
	err := c.eachRow(ctx, `SELECT year, indicators FROM service_project_years WHERE project_id = ?`, []any{p.ID}, []any{&year, &indicators}, func() {
		y, _ := at(year)
		if json.Unmarshal([]byte(indicators), &y.Indicators) != nil {
			y.Indicators = nil
		}
	})
	if err != nil {
		return nil, err
	}
	var kind string
	var n, sum int
	err = c.eachRow(ctx, `SELECT year, rater_kind, count(*), sum(stars) FROM service_project_ratings WHERE project_id = ? GROUP BY year, rater_kind`,
		[]any{p.ID}, []any{&year, &kind, &n, &sum}, func() {
			_, t := at(year)
			switch kind {
			case gonghui.RaterMember:
				t.members, t.memberStars = t.members+n, t.memberStars+sum
			case gonghui.RaterCadre:
				t.cadres, t.cadreStars = t.cadres+n, t.cadreStars+sum
			}
		})
	if err != nil {
		return nil, err
	}
	if p.StationKind != "" {
		// the ratings of the project's stations are its members' too
		lo, hi := gonghui.PathRange(p.path)
		err = c.eachRow(ctx, `SELECT sr.year, count(*), sum(sr.stars) FROM station_ratings sr JOIN worker_homes h ON h.id = sr.home_id JOIN orgs o ON o.id = h.org_id
			WHERE h.kind = ? AND o.path >= ? AND o.path < ? GROUP BY sr.year`, []any{p.StationKind, lo, hi}, []any{&year, &n, &sum}, func() {
			_, t := at(year)
			t.members, t.memberStars = t.members+n, t.memberStars+sum
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]gonghui.ProjectYear, 0, len(byYear))
	for yr, y := range byYear {
		t := tallies[yr]
		y.MemberRatings, y.CadreRatings = t.members, t.cadres
		if t.members > 0 {
			y.MemberMean = t.memberStars * 100 / t.members
		}
		if t.cadres > 0 {
			y.CadreMean = t.cadreStars * 100 / t.cadres
		}
		y.Score = gonghui.ScoreProjectYear(p.Weights, *y)
		out = append(out, *y)
	}
	slices.SortFunc(out, func(a, b gonghui.ProjectYear) int { return b.Year - a.Year })
	return out, nil
}
