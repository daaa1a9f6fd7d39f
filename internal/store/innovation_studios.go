package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"gonghui"
)

// Innovation studios (创新工作室) and mentor–apprentice pairs (名师带徒),
// kept at a union, their people members of the register.

// lockStudioName: a union names one studio of a name. Key: union, name.
var lockStudioName = newLockRule("innovation: one studio of a name per union")

// lockMentorPair: a mentor takes an apprentice once from a day. Key:
// mentor, apprentice.
var lockMentorPair = newLockRule("innovation: one pair of a mentor and apprentice from a day")

const studioColumns = `st.id, st.name, st.kind, st.level, st.org_id, o.name, st.host_unit, st.leader_id, p.name, st.founded_on, st.recognised_on, st.reviewed_on, st.status, st.version`

const studioFrom = ` FROM innovation_studios st JOIN orgs o ON o.id = st.org_id JOIN persons p ON p.id = st.leader_id`

func scanStudio(sc scanner) (gonghui.Studio, error) {
	var x gonghui.Studio
	err := sc.Scan(&x.ID, &x.Name, &x.Kind, &x.Level, &x.OrgID, &x.OrgName, &x.HostUnit, &x.LeaderID, &x.LeaderName, &x.FoundedOn, &x.RecognisedOn, &x.ReviewedOn, &x.Status, &x.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return x, gonghui.ErrNotFound
	}
	return x, err
}

func (c conn) getStudio(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Studio, error) {
	scope, args := scopeClause("o.path", a)
	x, err := scanStudio(c.row(ctx, "SELECT "+studioColumns+studioFrom+" WHERE st.id = ? AND "+scope, append([]any{id}, args...)...))
	if err != nil {
		return x, err
	}
	var m gonghui.StudioMember
	err = c.eachRow(ctx, `SELECT m.person_id, p.name FROM innovation_studio_members m JOIN persons p ON p.id = m.person_id WHERE m.studio_id = ? ORDER BY p.name, m.person_id`,
		[]any{id}, []any{&m.PersonID, &m.Name}, func() { x.Members = append(x.Members, m) })
	return x, err
}

// GetStudio returns a studio kept in the actor's subtree, with its members.
func (s *Store) GetStudio(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Studio, error) {
	x, err := s.conn().getStudio(ctx, a, id)
	return x, opErr(err, "get studio")
}

// ListStudios pages through the studios kept in the actor's subtree.
func (s *Store) ListStudios(ctx context.Context, a gonghui.Actor, f gonghui.StudioFilter) ([]gonghui.Studio, int, error) {
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, err
	}
	scope, args := scopeClause("o.path", sa)
	conds := []string{scope}
	for _, eq := range []struct{ col, v string }{{"st.kind", f.Kind}, {"st.level", f.Level}} {
		if eq.v != "" {
			conds, args = append(conds, eq.col+" = ?"), append(args, eq.v)
		}
	}
	if f.Year != 0 {
		conds, args = append(conds, "st.recognised_on >= ? AND st.recognised_on < ?"), append(args, strconv.Itoa(f.Year)+"-01-01", strconv.Itoa(f.Year+1)+"-01-01")
	}
	if f.PersonID != 0 {
		conds = append(conds, "(st.leader_id = ? OR st.id IN (SELECT studio_id FROM innovation_studio_members WHERE person_id = ?))")
		args = append(args, f.PersonID, f.PersonID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds = append(conds, `(st.name LIKE ? ESCAPE '\' OR st.host_unit LIKE ? ESCAPE '\')`)
		args = append(args, likePattern(q), likePattern(q))
	}
	return listPage(ctx, c, studioColumns, studioFrom, " WHERE "+strings.Join(conds, " AND "), "st.recognised_on DESC, st.id", args, f.Page.Normalize(), scanStudio)
}

// checkStudio checks a studio against the data: its union in scope and
// active, leader and members of the register, the name new for the union
// (under its lock) unless it is self's.
func (c conn) checkStudio(ctx context.Context, a gonghui.Actor, in *gonghui.StudioInput, self int64, v *gonghui.ValidationError) (gonghui.Org, []int64, int64, bool, error) {
	in.Normalize()
	in.Validate(v, c.s.today())
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil {
		return org, nil, 0, false, err
	}
	leader, _, err := c.registerPerson(ctx, a, v, "leader", in.Leader)
	if err != nil {
		return org, nil, 0, false, err
	}
	seen := map[int64]bool{leader: true}
	var members []int64
	for i, m := range in.Members {
		id, _, err := c.registerPerson(ctx, a, v, "members."+strconv.Itoa(i), m)
		if err != nil {
			return org, nil, 0, false, err
		}
		if id != 0 && seen[id] {
			v.Add("members."+strconv.Itoa(i), "成员重复或为领办人", "the member is named twice or is the leader")
		}
		seen[id] = true
		members = append(members, id)
	}
	if in.Name == "" || in.OrgID == 0 {
		return org, members, leader, false, nil
	}
	if err := c.lockFor(ctx, lockStudioName, in.OrgID, textKey(in.Name)); err != nil {
		return org, nil, 0, false, err
	}
	var n int
	err = c.row(ctx, `SELECT count(*) FROM innovation_studios WHERE org_id = ? AND name = ? AND id <> ?`, in.OrgID, in.Name, self).Scan(&n)
	return org, members, leader, n > 0, err
}

func (c conn) writeStudioMembers(ctx context.Context, id int64, members []int64) error {
	if _, err := c.exec(ctx, `DELETE FROM innovation_studio_members WHERE studio_id = ?`, id); err != nil {
		return err
	}
	for _, p := range members {
		if _, err := c.exec(ctx, `INSERT INTO innovation_studio_members (studio_id, person_id) VALUES (?, ?)`, id, p); err != nil {
			return err
		}
	}
	return nil
}

func nameTaken(v *gonghui.ValidationError) {
	v.Add("name", "本工会已有同名工作室", "the union has a studio of this name")
}

// studios are the studios' write shape (kept.go).
var studios = keptKind[gonghui.StudioInput, gonghui.Studio]{what: "studio", recordType: "innovation_studio",
	created: "innovation.studio.create", updated: "innovation.studio.update",
	taken: nameTaken, get: conn.getStudio, orgOf: func(st gonghui.Studio) int64 { return st.OrgID },
	check: func(c conn, ctx context.Context, a gonghui.Actor, in *gonghui.StudioInput, self int64, v *gonghui.ValidationError) (keptWrite, bool, error) {
		org, members, leader, taken, err := c.checkStudio(ctx, a, in, self, v)
		return keptWrite{org: org,
			insert: func() (int64, error) {
				var id int64
				now := c.s.nowUnix()
				if err := c.row(ctx, `INSERT INTO innovation_studios (name, kind, level, org_id, host_unit, leader_id, founded_on, recognised_on, reviewed_on, status,
					created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.Name, in.Kind, in.Level, in.OrgID, in.HostUnit, leader,
					in.FoundedOn, in.RecognisedOn, in.ReviewedOn, in.Status, now, now).Scan(&id); err != nil {
					return 0, err
				}
				return id, c.writeStudioMembers(ctx, id, members)
			},
			update: func(id int64) error {
				err := c.updateVersioned(ctx, "innovation_studios", `name = ?, kind = ?, level = ?, org_id = ?, host_unit = ?, leader_id = ?, founded_on = ?,
					recognised_on = ?, reviewed_on = ?, status = ?, updated_at = ?`, []any{in.Name, in.Kind, in.Level, in.OrgID, in.HostUnit, leader, in.FoundedOn,
					in.RecognisedOn, in.ReviewedOn, in.Status, c.s.nowUnix()}, id, in.Version)
				if err != nil {
					return err
				}
				return c.writeStudioMembers(ctx, id, members)
			},
		}, taken, err
	}}

// CreateStudio records a studio.
func (s *Store) CreateStudio(ctx context.Context, a gonghui.Actor, in gonghui.StudioInput) (gonghui.Studio, error) {
	return studios.create(ctx, s, a, in)
}

// UpdateStudio edits a studio (its review, its status …), a
// compare-and-set on its version.
func (s *Store) UpdateStudio(ctx context.Context, a gonghui.Actor, id int64, in gonghui.StudioInput) (gonghui.Studio, error) {
	return studios.update(ctx, s, a, id, in)
}

// StudioWriter saves imported studios in batches; a studio on record
// (its union and name) is left alone.
type StudioWriter = keptWriter[gonghui.StudioInput, gonghui.Studio]

// NewStudioWriter starts writing studios as the actor.
func (s *Store) NewStudioWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*StudioWriter, error) {
	return newKeptWriter(ctx, s, a, batchSize, studios)
}

// Mentor–apprentice pairs.

const pairColumns = `mp.id, mp.org_id, o.name, mp.mentor_id, pm.name, mp.apprentice_id, pa.name, mp.from_on, mp.to_on, mp.goals, mp.outcome, mp.version`

const pairFrom = ` FROM mentor_pairs mp JOIN orgs o ON o.id = mp.org_id JOIN persons pm ON pm.id = mp.mentor_id JOIN persons pa ON pa.id = mp.apprentice_id`

func scanPair(sc scanner) (gonghui.MentorPair, error) {
	var x gonghui.MentorPair
	err := sc.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.MentorID, &x.MentorName, &x.ApprenticeID, &x.ApprenticeName, &x.From, &x.To, &x.Goals, &x.Outcome, &x.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return x, gonghui.ErrNotFound
	}
	return x, err
}

func (c conn) getPair(ctx context.Context, a gonghui.Actor, id int64) (gonghui.MentorPair, error) {
	scope, args := scopeClause("o.path", a)
	return scanPair(c.row(ctx, "SELECT "+pairColumns+pairFrom+" WHERE mp.id = ? AND "+scope, append([]any{id}, args...)...))
}

// GetMentorPair returns a pair kept in the actor's subtree.
func (s *Store) GetMentorPair(ctx context.Context, a gonghui.Actor, id int64) (gonghui.MentorPair, error) {
	return s.conn().getPair(ctx, a, id)
}

// ListMentorPairs pages through the pairs kept in the actor's subtree.
func (s *Store) ListMentorPairs(ctx context.Context, a gonghui.Actor, f gonghui.MentorPairFilter) ([]gonghui.MentorPair, int, error) {
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, err
	}
	scope, args := scopeClause("o.path", sa)
	conds := []string{scope}
	if f.Year != 0 {
		conds, args = append(conds, "mp.from_on >= ? AND mp.from_on < ?"), append(args, strconv.Itoa(f.Year)+"-01-01", strconv.Itoa(f.Year+1)+"-01-01")
	}
	if f.PersonID != 0 {
		conds, args = append(conds, "(mp.mentor_id = ? OR mp.apprentice_id = ?)"), append(args, f.PersonID, f.PersonID)
	}
	return listPage(ctx, c, pairColumns, pairFrom, " WHERE "+strings.Join(conds, " AND "), "mp.from_on DESC, mp.id", args, f.Page.Normalize(), scanPair)
}

// checkPair checks a pair against the data; taken: the mentor already
// takes the apprentice from that day (another pair than self).
func (c conn) checkPair(ctx context.Context, a gonghui.Actor, in *gonghui.MentorPairInput, self int64, v *gonghui.ValidationError) (org gonghui.Org, mentor, apprentice int64, taken bool, err error) {
	in.Normalize()
	in.Validate(v, c.s.today())
	if org, err = c.activeOrgOf(ctx, a, v, in.OrgID); err != nil {
		return
	}
	if mentor, _, err = c.registerPerson(ctx, a, v, "mentor", in.Mentor); err != nil {
		return
	}
	if apprentice, _, err = c.registerPerson(ctx, a, v, "apprentice", in.Apprentice); err != nil {
		return
	}
	if mentor != 0 && mentor == apprentice {
		v.Add("apprentice", "徒弟不能是师傅本人", "the apprentice cannot be the mentor")
	}
	if mentor == 0 || apprentice == 0 || in.From.IsZero() {
		return
	}
	if err = c.lockFor(ctx, lockMentorPair, mentor, apprentice); err != nil {
		return
	}
	var n int
	err = c.row(ctx, `SELECT count(*) FROM mentor_pairs WHERE mentor_id = ? AND apprentice_id = ? AND from_on = ? AND id <> ?`, mentor, apprentice, in.From, self).Scan(&n)
	return org, mentor, apprentice, n > 0, err
}

func pairTaken(v *gonghui.ValidationError) {
	v.Add("apprentice", "该师徒自该日起的结对已登记", "the pair is on record from that day")
}

// mentorPairs are the pairs' write shape (kept.go).
var mentorPairs = keptKind[gonghui.MentorPairInput, gonghui.MentorPair]{what: "mentor pair", recordType: "mentor_pair",
	created: "innovation.pair.create", updated: "innovation.pair.update",
	taken: pairTaken, get: conn.getPair, orgOf: func(mp gonghui.MentorPair) int64 { return mp.OrgID },
	check: func(c conn, ctx context.Context, a gonghui.Actor, in *gonghui.MentorPairInput, self int64, v *gonghui.ValidationError) (keptWrite, bool, error) {
		org, mentor, apprentice, taken, err := c.checkPair(ctx, a, in, self, v)
		return keptWrite{org: org,
			insert: func() (int64, error) {
				var id int64
				now := c.s.nowUnix()
				err := c.row(ctx, `INSERT INTO mentor_pairs (org_id, mentor_id, apprentice_id, from_on, to_on, goals, outcome, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, mentor, apprentice, in.From, in.To, in.Goals, in.Outcome, now, now).Scan(&id)
				return id, err
			},
			update: func(id int64) error {
				return c.updateVersioned(ctx, "mentor_pairs", "org_id = ?, mentor_id = ?, apprentice_id = ?, from_on = ?, to_on = ?, goals = ?, outcome = ?, updated_at = ?",
					[]any{in.OrgID, mentor, apprentice, in.From, in.To, in.Goals, in.Outcome, c.s.nowUnix()}, id, in.Version)
			},
		}, taken, err
	}}

// CreateMentorPair records a pair.
func (s *Store) CreateMentorPair(ctx context.Context, a gonghui.Actor, in gonghui.MentorPairInput) (gonghui.MentorPair, error) {
	return mentorPairs.create(ctx, s, a, in)
}

// UpdateMentorPair edits a pair (its outcome, its end …), a
// compare-and-set on its version.
func (s *Store) UpdateMentorPair(ctx context.Context, a gonghui.Actor, id int64, in gonghui.MentorPairInput) (gonghui.MentorPair, error) {
	return mentorPairs.update(ctx, s, a, id, in)
}

// MentorPairWriter saves imported pairs in batches; a pair on record (its
// mentor, apprentice and start) is left alone.
type MentorPairWriter = keptWriter[gonghui.MentorPairInput, gonghui.MentorPair]

// NewMentorPairWriter starts writing pairs as the actor.
func (s *Store) NewMentorPairWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*MentorPairWriter, error) {
	return newKeptWriter(ctx, s, a, batchSize, mentorPairs)
}

// famInnovation: achievements selected, city-level studios recognised and
// pairs started, each counted in its year, at the union keeping it.
var famInnovation = registerStatFamily(statFamilyDef{name: "innovation", events: conn.innovationEvents, recount: recountInnovation})

// innovationYearly are the family's figures: each record counts from its
// day to the end of its year.
var innovationYearly = []struct{ key, query string }{
	{"innovation_achievements_selected", `SELECT o.path, a.selected_on, count(*)` + achievementFrom + ` WHERE a.selected_on IS NOT NULL AND %s GROUP BY o.path, a.selected_on`},
	{"innovation_studios_city", `SELECT o.path, st.recognised_on, count(*) FROM innovation_studios st JOIN orgs o ON o.id = st.org_id
		WHERE st.level = 'city' AND %s GROUP BY o.path, st.recognised_on`},
	{"mentor_pairs", `SELECT o.path, mp.from_on, count(*) FROM mentor_pairs mp JOIN orgs o ON o.id = mp.org_id WHERE %s GROUP BY o.path, mp.from_on`},
}

func (c conn) innovationEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	for _, y := range innovationYearly {
		var path, on string
		var n int64
		if err := c.eachRow(ctx, strings.Replace(y.query, "%s", where, 1), args, []any{&path, &on, &n}, func() {
			sink.span(path, y.key, on, yearEnd(on), n)
		}); err != nil {
			return err
		}
	}
	return nil
}

func recountInnovation(r *recount) {
	y, _, _ := r.on.Parts()
	jan1 := gonghui.NewDate(y, 1, 1)
	r.count("innovation_achievements_selected", `SELECT count(*)`+achievementFrom+` WHERE `+r.scope+` AND a.selected_on >= ? AND a.selected_on <= ?`, jan1, r.on)
	r.count("innovation_studios_city", `SELECT count(*) FROM innovation_studios st JOIN orgs o ON o.id = st.org_id WHERE `+r.scope+
		` AND st.level = 'city' AND st.recognised_on >= ? AND st.recognised_on <= ?`, jan1, r.on)
	r.count("mentor_pairs", `SELECT count(*) FROM mentor_pairs mp JOIN orgs o ON o.id = mp.org_id WHERE `+r.scope+` AND mp.from_on >= ? AND mp.from_on <= ?`, jan1, r.on)
}
