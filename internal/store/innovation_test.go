package store_test

import (
	"errors"
	"fmt"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func mustReviewer(t *testing.T, s *store.Store, o gonghui.Org, name string, role gonghui.Role) gonghui.Actor {
	t.Helper()
	u, err := s.CreateUser(ctx, sys, gonghui.UserInput{Username: name, OrgID: o.ID, Role: role, Password: "long enough pw"})
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	a := actor(o, role)
	a.UserID, a.Username = u.ID, u.Username
	return a
}

func achievementIn(o gonghui.Org, title string, people ...int64) gonghui.AchievementInput {
	in := gonghui.AchievementInput{Title: title, Kind: "tech_improvement", Year: 2026, OrgID: o.ID, UnitName: "示例制造有限公司",
		Patents: []gonghui.Patent{{Number: "ZL2026" + fmt.Sprint(len(title)), Kind: "utility"}}}
	for i, p := range people {
		role := "member"
		if i == 0 {
			role = "lead"
		}
		in.Team = append(in.Team, gonghui.TeamMemberInput{PersonID: p, Role: role})
	}
	return in
}

func mustAchievement(t *testing.T, s *store.Store, in gonghui.AchievementInput) gonghui.Achievement {
	t.Helper()
	x, err := s.CreateAchievement(ctx, sys, in)
	if err != nil {
		t.Fatalf("create achievement %s: %v", in.Title, err)
	}
	return x
}

func mustScore(t *testing.T, s *store.Store, a gonghui.Actor, round, achievement int64, score int) {
	t.Helper()
	if _, err := s.Score(ctx, a, round, gonghui.ScoreInput{AchievementID: achievement, Score: score}); err != nil {
		t.Fatalf("score %d by %s: %v", achievement, a.Username, err)
	}
}

func studioIn(o gonghui.Org, name string, leader int64, level string, on gonghui.Date) gonghui.StudioInput {
	return gonghui.StudioInput{Name: name, Kind: "craftsman", Level: level, OrgID: o.ID, HostUnit: "示例制造有限公司",
		Leader: gonghui.PersonRef{PersonID: leader}, FoundedOn: gonghui.NewDate(2015, 3, 1), RecognisedOn: on}
}

func pairIn(o gonghui.Org, mentor, apprentice int64, from gonghui.Date) gonghui.MentorPairInput {
	return gonghui.MentorPairInput{OrgID: o.ID, Mentor: gonghui.PersonRef{PersonID: mentor}, Apprentice: gonghui.PersonRef{PersonID: apprentice},
		From: from, To: from.AddDays(730), Goals: "两年内取得高级工资格"}
}

// selectedRound runs a final round held by holder over three achievements
// of union and selects two: returns the round and the achievements in
// the order entered.
func selectedRound(t *testing.T, s *store.Store, holder, union gonghui.Org, prefix, tag string, seq int, blind bool) (gonghui.InnovationRound, []gonghui.Achievement, []gonghui.Actor) {
	t.Helper()
	var people []int64
	for i := range 3 {
		people = append(people, mustMember(t, s, memberIn(union, prefix+"职工"+fmt.Sprint(i), storetest.CitizenID("110105", "19800101", seq+i))).PersonID)
	}
	var xs []gonghui.Achievement
	for i := range 3 {
		xs = append(xs, mustAchievement(t, s, achievementIn(union, prefix+"成果"+fmt.Sprint(i), people[i])))
	}
	r1, r2 := mustReviewer(t, s, holder, tag+".r1", gonghui.RoleReviewer), mustReviewer(t, s, holder, tag+".r2", gonghui.RoleReviewer)
	r, err := s.CreateInnovationRound(ctx, sys, gonghui.InnovationRoundInput{OrgID: holder.ID, Year: 2026, Level: "district", Title: prefix + "终评",
		Blind: blind, Final: true, Quota: 2, ReviewerIDs: []int64{r1.UserID, r2.UserID}})
	if err != nil {
		t.Fatalf("round: %v", err)
	}
	for _, x := range xs {
		if _, err := s.AddRoundEntry(ctx, sys, r.ID, x.ID); err != nil {
			t.Fatalf("enter %s: %v", x.Title, err)
		}
	}
	for i, sc := range [][2]int{{95, 85}, {80, 82}, {70, 90}} {
		mustScore(t, s, r1, r.ID, xs[i].ID, sc[0])
		mustScore(t, s, r2, r.ID, xs[i].ID, sc[1])
	}
	if r, err = s.CloseInnovationRound(ctx, sys, r.ID, r.Version); err != nil {
		t.Fatalf("close: %v", err)
	}
	if r, err = s.SelectAchievements(ctx, sys, r.ID, r.Version); err != nil {
		t.Fatalf("select: %v", err)
	}
	return r, xs, []gonghui.Actor{r1, r2}
}

// The innovation writes for the shared fast-path test: a final round's
// selection, city and district studios, pairs, a studio moved to another
// union.
func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "innovation", run: func(t *testing.T, s *store.Store, f fixture) {
		cy := mustOrg(t, s, gonghui.OrgInput{Name: "朝阳创新工会", Kind: gonghui.KindGrassroots, ParentID: f.chaoyang.ID})
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀创新工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		selectedRound(t, s, f.chaoyang, cy, "统计", "stats", 700, false)
		a := mustMember(t, s, memberIn(hd, "师傅甲", storetest.CitizenID("110108", "19700101", 11))).PersonID
		b := mustMember(t, s, memberIn(hd, "徒弟乙", storetest.CitizenID("110108", "19980101", 12))).PersonID
		st, err := s.CreateStudio(ctx, sys, studioIn(hd, "海淀工匠创新工作室", a, "city", gonghui.NewDate(2026, 4, 28)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateStudio(ctx, sys, studioIn(hd, "区级工作室", b, "district", gonghui.NewDate(2026, 4, 28))); err != nil {
			t.Fatal(err)
		}
		for _, from := range []gonghui.Date{gonghui.NewDate(2025, 9, 1), gonghui.NewDate(2026, 3, 1)} {
			if _, err := s.CreateMentorPair(ctx, sys, pairIn(hd, a, b, from)); err != nil {
				t.Fatal(err)
			}
		}
		in := st.ToInput()
		in.OrgID = mustOrg(t, s, gonghui.OrgInput{Name: "海淀创新二工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID}).ID
		in.Leader = gonghui.PersonRef{IDNumber: storetest.CitizenID("110108", "19700101", 11)}
		if _, err := s.UpdateStudio(ctx, sys, st.ID, in); err != nil {
			t.Fatal(err)
		}
	}})
}

// A union holds one final round a year, however many open it at once.
func init() {
	lockRules = append(lockRules, lockRule{name: "one final innovation round per union and year", refused: []string{"final"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s := e.s
			o := e.unions[0]
			rv := mustReviewer(t, s, o, fmt.Sprintf("final.%d", e.next()), gonghui.RoleReviewer)
			year := 2000 + e.next()%25
			return func(i int) error {
					_, err := s.CreateInnovationRound(ctx, sys, gonghui.InnovationRoundInput{OrgID: o.ID, Year: year, Level: "city", Title: fmt.Sprintf("终评%d", i),
						Final: true, Quota: 1, ReviewerIDs: []int64{rv.UserID}})
					return err
				}, func() int {
					list, _, err := s.ListInnovationRounds(ctx, actor(o, gonghui.RoleAdmin), gonghui.Page{Limit: 1000})
					n := 0
					for _, r := range list {
						if r.Year == year && r.Final {
							n++
						}
					}
					if err != nil {
						return -1
					}
					return n
				}
		}})
}

// A union records an achievement of a title once a year, and names one
// studio of a name, however many cadres enter it at once.
func init() {
	lockRules = append(lockRules, lockRule{name: "one achievement of a title per union and year", refused: []string{"title"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, title := e.s, fmt.Sprintf("并发成果%d", e.next())
			m, _ := e.member(t)
			return func(int) error {
					_, err := s.CreateAchievement(ctx, sys, achievementIn(e.f.g1, title, m.PersonID))
					return err
				}, func() int {
					return total(s.ListAchievements(ctx, sys, gonghui.AchievementFilter{Query: title}))
				}
		}})
	lockRules = append(lockRules, lockRule{name: "one studio of a name per union", refused: []string{"name"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, name := e.s, fmt.Sprintf("并发工作室%d", e.next())
			m, _ := e.member(t)
			return func(int) error {
					_, err := s.CreateStudio(ctx, sys, studioIn(e.f.g1, name, m.PersonID, "city", gonghui.NewDate(2026, 4, 28)))
					return err
				}, func() int {
					return total(s.ListStudios(ctx, sys, gonghui.StudioFilter{Query: name}))
				}
		}})
}

func TestInnovation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		m1 := mustMember(t, s, memberIn(f.g1, "创新一", storetest.CitizenID("110105", "19850101", 21)))
		m2 := mustMember(t, s, memberIn(f.g1, "创新二", storetest.CitizenID("110105", "19850101", 22)))

		t.Run("an achievement's team is of the register, in scope", func(t *testing.T) {
			in := achievementIn(f.g1, "")
			in.Patents = append(in.Patents, gonghui.Patent{Number: in.Patents[0].Number, Kind: "moon"})
			_, err := s.CreateAchievement(ctx, sys, in)
			for _, field := range []string{"title", "team", "patents.1.number", "patents.1.kind"} {
				if fieldMessage(err, field).Zh == "" {
					t.Errorf("no error for %s: %v", field, err)
				}
			}
			if _, err := s.CreateAchievement(ctx, actor(f.haidian, gonghui.RoleCadre), achievementIn(f.g1, "越界成果", m1.PersonID)); fieldMessage(err, "org_id").Zh == "" ||
				fieldMessage(err, "team.0.person_id").Zh == "" {
				t.Errorf("a union and a member outside the scope: %v", err)
			}
			if _, err := s.CreateAchievement(ctx, actor(f.g1, gonghui.RoleViewer), achievementIn(f.g1, "查看者", m1.PersonID)); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a viewer recorded: %v", err)
			}
			x := mustAchievement(t, s, achievementIn(f.g1, "数控机床主轴改进", m1.PersonID, m2.PersonID))
			if len(x.Team) != 2 || x.Team[0].Name != "创新一" || x.Team[0].Role != "lead" || len(x.Patents) != 1 {
				t.Errorf("recorded %+v", x)
			}
			if _, err := s.CreateAchievement(ctx, sys, achievementIn(f.g1, "数控机床主轴改进", m2.PersonID)); fieldOf(err) != "title" {
				t.Errorf("the same title twice: %v", err)
			}
			mine, _, err := s.ListAchievements(ctx, sys, gonghui.AchievementFilter{PersonID: m2.PersonID})
			if err != nil || len(mine) != 1 {
				t.Errorf("the person's achievements: %v %v", mine, err)
			}
		})

		t.Run("scoring: assigned reviewers only, one score each, bounded, until the round closes", func(t *testing.T) {
			cadre := mustReviewer(t, s, f.chaoyang, "cy.cadre", gonghui.RoleCadre)
			outsider := mustReviewer(t, s, f.haidian, "hd.reviewer", gonghui.RoleReviewer)
			_, err := s.CreateInnovationRound(ctx, sys, gonghui.InnovationRoundInput{OrgID: f.chaoyang.ID, Year: 2026, Level: "district", Title: "x", Final: true,
				Quota: 1, ReviewerIDs: []int64{cadre.UserID, outsider.UserID}})
			if fieldOf(err) == "" || fieldMessage(err, "reviewer_ids.0").Zh == "" || fieldMessage(err, "reviewer_ids.1").Zh == "" {
				t.Errorf("reviewers without the permission or outside the union: %v", err)
			}
			r, xs, rv := selectedRound(t, s, f.chaoyang, f.joint, "评分", "scoring", 710, true)
			if r.State != gonghui.InnovationRoundSelected {
				t.Errorf("round %+v", r)
			}
			list, _, err := s.ListAchievements(ctx, sys, gonghui.AchievementFilter{Selected: true, Year: 2026})
			if err != nil || len(list) != 2 || list[0].ID != xs[0].ID || list[0].Rank != 1 || list[1].ID != xs[1].ID || list[1].Rank != 2 || list[0].SelectedOn != today {
				t.Errorf("the selection: %+v %v", list, err)
			}
			if _, err := s.Score(ctx, rv[0], r.ID, gonghui.ScoreInput{AchievementID: xs[0].ID, Score: 10}); fieldOf(err) != "round_id" {
				t.Errorf("scored a closed round: %v", err)
			}
			if _, err := s.CreateInnovationRound(ctx, sys, gonghui.InnovationRoundInput{OrgID: f.chaoyang.ID, Year: 2026, Level: "district", Title: "再次终评",
				Final: true, Quota: 1, ReviewerIDs: []int64{rv[0].UserID}}); fieldOf(err) != "final" {
				t.Errorf("a second final round: %v", err)
			}

			// An open round: scores are bounded, replaced, and only by its reviewers.
			x := mustAchievement(t, s, achievementIn(f.g1, "初评成果", m1.PersonID))
			open, err := s.CreateInnovationRound(ctx, sys, gonghui.InnovationRoundInput{OrgID: f.chaoyang.ID, Year: 2026, Level: "district", Title: "初评",
				ReviewerIDs: []int64{rv[0].UserID}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.AddRoundEntry(ctx, sys, open.ID, x.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.AddRoundEntry(ctx, sys, open.ID, x.ID); fieldOf(err) != "achievement_id" {
				t.Errorf("entered twice: %v", err)
			}
			if n, err := s.ScoresWaiting(ctx, rv[0]); err != nil || n != 1 {
				t.Errorf("waiting %d %v", n, err)
			}
			if _, err := s.Score(ctx, rv[0], open.ID, gonghui.ScoreInput{AchievementID: x.ID, Score: 101}); fieldOf(err) != "score" {
				t.Errorf("a score above the bound: %v", err)
			}
			if _, err := s.Score(ctx, rv[1], open.ID, gonghui.ScoreInput{AchievementID: x.ID, Score: 60}); fieldOf(err) != "round_id" {
				t.Errorf("a reviewer not assigned scored: %v", err)
			}
			if _, err := s.Score(ctx, cadre, open.ID, gonghui.ScoreInput{AchievementID: x.ID, Score: 60}); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a cadre scored: %v", err)
			}
			if _, err := s.CloseInnovationRound(ctx, sys, open.ID, open.Version); fieldOf(err) != "scores" {
				t.Errorf("closed with a score missing: %v", err)
			}
			mustScore(t, s, rv[0], open.ID, x.ID, 70)
			mustScore(t, s, rv[0], open.ID, x.ID, 75)
			entries, err := s.RoundEntries(ctx, sys, open.ID)
			if err != nil || len(entries) != 1 || entries[0].Scored != 1 || entries[0].Total != 75 || entries[0].Rank != 1 {
				t.Errorf("one score per reviewer, the last kept: %+v %v", entries, err)
			}
			if _, err := s.SelectAchievements(ctx, sys, open.ID, open.Version); fieldOf(err) != "final" {
				t.Errorf("a round that is not final selected: %v", err)
			}
			if _, err := s.CloseInnovationRound(ctx, actor(f.g1, gonghui.RoleAdmin), open.ID, open.Version); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("closed below the holding union: %v", err)
			}
		})

		t.Run("a blind round hides team, unit and union from its reviewers", func(t *testing.T) {
			r, xs, rv := selectedRound(t, s, f.street, f.g1, "盲评", "blind", 720, true)
			for _, who := range rv {
				x, err := s.GetAchievement(ctx, who, xs[0].ID)
				if err != nil || !x.Blind || len(x.Team) != 0 || x.OrgID != 0 || x.OrgName != "" || x.UnitName != "" || x.Title != xs[0].Title {
					t.Errorf("%s reads %+v %v", who.Username, x, err)
				}
				if list, _, err := s.ListAchievements(ctx, who, gonghui.AchievementFilter{PersonID: xs[0].Team[0].PersonID}); err != nil || len(list) != 0 {
					t.Errorf("%s finds it by its team: %+v %v", who.Username, list, err)
				}
				list, _, err := s.ListAchievements(ctx, who, gonghui.AchievementFilter{Query: "盲评"})
				if err != nil || len(list) != 3 {
					t.Fatalf("%s's list: %+v %v", who.Username, list, err)
				}
				for _, x := range list {
					if !x.Blind || len(x.Team) != 0 || x.OrgName != "" {
						t.Errorf("%s's list shows %+v", who.Username, x)
					}
				}
				entries, err := s.RoundEntries(ctx, who, r.ID)
				if err != nil || len(entries) != 3 {
					t.Fatalf("%s's entries: %v %v", who.Username, entries, err)
				}
				for _, e := range entries {
					if !e.Achievement.Blind || e.Achievement.OrgName != "" || len(e.Scores) != 1 || e.Scores[0].ReviewerID != who.UserID || e.Rank != 0 {
						t.Errorf("%s reads the entry %+v", who.Username, e)
					}
				}
			}
			// The holder reads everything.
			x, err := s.GetAchievement(ctx, actor(f.street, gonghui.RoleCadre), xs[0].ID)
			if err != nil || x.Blind || len(x.Team) != 1 || x.OrgID != f.g1.ID {
				t.Errorf("the holder reads %+v %v", x, err)
			}
		})

		t.Run("studios and pairs: people of the register, one of a name, dates in order", func(t *testing.T) {
			in := studioIn(f.g1, "", m1.PersonID, "moon", gonghui.NewDate(2014, 1, 1))
			in.Members = []gonghui.PersonRef{{PersonID: m1.PersonID}}
			_, err := s.CreateStudio(ctx, sys, in)
			for _, field := range []string{"name", "level", "recognised_on", "members.0"} {
				if fieldMessage(err, field).Zh == "" {
					t.Errorf("no error for %s: %v", field, err)
				}
			}
			in = studioIn(f.g1, "主轴工匠创新工作室", m1.PersonID, "city", gonghui.NewDate(2026, 4, 28))
			in.Members = []gonghui.PersonRef{{IDNumber: storetest.CitizenID("110105", "19850101", 22)}}
			st, err := s.CreateStudio(ctx, sys, in)
			if err != nil || st.LeaderName != "创新一" || len(st.Members) != 1 || st.Members[0].PersonID != m2.PersonID {
				t.Fatalf("studio %+v %v", st, err)
			}
			if _, err := s.CreateStudio(ctx, sys, in); fieldOf(err) != "name" {
				t.Errorf("the same name twice: %v", err)
			}
			if list, n, err := s.ListStudios(ctx, sys, gonghui.StudioFilter{PersonID: m2.PersonID}); err != nil || n != 1 || list[0].ID != st.ID {
				t.Errorf("the member's studios: %v %d %v", list, n, err)
			}
			if _, err := s.CreateMentorPair(ctx, sys, pairIn(f.g1, m1.PersonID, m1.PersonID, gonghui.NewDate(2026, 3, 1))); fieldOf(err) != "apprentice" {
				t.Errorf("a mentor of themself: %v", err)
			}
			p, err := s.CreateMentorPair(ctx, sys, pairIn(f.g1, m1.PersonID, m2.PersonID, gonghui.NewDate(2026, 3, 1)))
			if err != nil || p.MentorName != "创新一" || p.ApprenticeName != "创新二" {
				t.Fatalf("pair %+v %v", p, err)
			}
			if _, err := s.CreateMentorPair(ctx, sys, pairIn(f.g1, m1.PersonID, m2.PersonID, gonghui.NewDate(2026, 3, 1))); fieldOf(err) != "apprentice" {
				t.Errorf("the same pair twice: %v", err)
			}
			in2 := p.ToInput()
			in2.Outcome = "徒弟取得高级工证书"
			if got, err := s.UpdateMentorPair(ctx, sys, p.ID, in2); err != nil || got.Outcome != in2.Outcome || got.Version != 2 {
				t.Errorf("updated %+v %v", got, err)
			}
			if _, err := s.UpdateMentorPair(ctx, sys, p.ID, in2); !errors.Is(err, gonghui.ErrConflict) {
				t.Errorf("a stale edit: %v", err)
			}
		})

		t.Run("scope", func(t *testing.T) {
			hd := actor(f.haidian, gonghui.RoleCadre)
			if _, n, err := s.ListAchievements(ctx, hd, gonghui.AchievementFilter{}); err != nil || n != 0 {
				t.Errorf("Haidian sees %d achievements: %v", n, err)
			}
			if _, n, _ := s.ListStudios(ctx, hd, gonghui.StudioFilter{}); n != 0 {
				t.Errorf("Haidian sees %d studios", n)
			}
			if _, n, _ := s.ListMentorPairs(ctx, hd, gonghui.MentorPairFilter{}); n != 0 {
				t.Errorf("Haidian sees %d pairs", n)
			}
			if rounds, _, _ := s.ListInnovationRounds(ctx, hd, gonghui.Page{}); len(rounds) != 0 {
				t.Errorf("Haidian sees the rounds: %v", rounds)
			}
		})
	})
}
