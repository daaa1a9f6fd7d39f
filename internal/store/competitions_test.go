package store_test

import (
	"errors"
	"fmt"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// competitionIn is an event of o with one trade of a preliminary, a final
// (top two as seeds) and a challenge round; a final alone when
// !challenge.
func competitionIn(o gonghui.Org, title string, from gonghui.Date, challenge bool) gonghui.CompetitionInput {
	rounds := []gonghui.RoundPlan{{Stage: "preliminary", Scorers: 2, Advance: 3}, {Stage: "final", Scorers: 2}}
	if challenge {
		rounds[1].Advance = 2
		rounds = append(rounds, gonghui.RoundPlan{Stage: "challenge"})
	}
	return gonghui.CompetitionInput{OrgID: o.ID, Kind: gonghui.CompetitionCraftsman, Year: year(from), Level: "city", Title: title, HeldFrom: from, HeldTo: from.AddDays(30),
		ResultTopN: 2, Trades: []gonghui.TradeInput{{Name: "焊工", Rounds: rounds}}}
}

func year(d gonghui.Date) int { y, _, _ := d.Parts(); return y }

func mustCompetition(t *testing.T, s *store.Store, in gonghui.CompetitionInput) gonghui.Competition {
	t.Helper()
	x, err := s.CreateCompetition(ctx, sys, in)
	if err != nil {
		t.Fatalf("create competition %s: %v", in.Title, err)
	}
	return x
}

// runRound opens a round, scores each entrant (points per entrant id, the
// same from every scorer) and closes it.
func runRound(t *testing.T, s *store.Store, a gonghui.Actor, roundID int64, points map[int64]int) store.ContestRoundView {
	t.Helper()
	v, err := s.GetContestRound(ctx, a, roundID)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.OpenContestRound(ctx, a, roundID, v.Round.Version)
	if err != nil {
		t.Fatalf("open round %d: %v", roundID, err)
	}
	if v, err = s.GetContestRound(ctx, a, roundID); err != nil {
		t.Fatal(err)
	}
	for _, st := range v.Standings {
		for k := 1; k <= r.Scorers; k++ {
			if err := s.SaveContestScore(ctx, a, roundID, gonghui.ContestScoreInput{EntrantID: st.Entrant.ID, Scorer: k, Points: points[st.Entrant.ID]}); err != nil {
				t.Fatalf("score: %v", err)
			}
		}
	}
	if _, err := s.CloseContestRound(ctx, a, roundID, r.Version); err != nil {
		t.Fatalf("close round %d: %v", roundID, err)
	}
	if v, err = s.GetContestRound(ctx, a, roundID); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCompetitions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		cadre := actor(f.chaoyang, gonghui.RoleCadre)
		var members []gonghui.Member
		for i := range 4 {
			members = append(members, mustMember(t, s, memberIn(f.g1, fmt.Sprintf("选手%d", i), storetest.CitizenID("110105", "19880101", 60+i))))
		}
		x := mustCompetition(t, s, competitionIn(f.chaoyang, "朝阳大工匠挑战赛", gonghui.NewDate(2026, 5, 1), true))
		trade := x.Trades[0]
		if len(trade.Rounds) != 3 || trade.Rounds[2].Stage != "challenge" || trade.Rounds[0].State != "planned" {
			t.Fatalf("trade %+v", trade)
		}

		t.Run("an event's title once a year, in scope", func(t *testing.T) {
			if _, err := s.CreateCompetition(ctx, sys, competitionIn(f.chaoyang, "朝阳大工匠挑战赛", gonghui.NewDate(2026, 6, 1), false)); fieldOf(err) != "title" {
				t.Errorf("the title twice: %v", err)
			}
			if _, err := s.CreateCompetition(ctx, actor(f.haidian, gonghui.RoleCadre), competitionIn(f.chaoyang, "越界", gonghui.NewDate(2026, 6, 1), false)); fieldOf(err) != "org_id" {
				t.Errorf("another subtree's union: %v", err)
			}
			if _, err := s.GetCompetition(ctx, actor(f.haidian, gonghui.RoleCadre), x.ID); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("read from another subtree: %v", err)
			}
			if _, err := s.CreateCompetition(ctx, actor(f.chaoyang, gonghui.RoleViewer), competitionIn(f.chaoyang, "查看者", gonghui.NewDate(2026, 6, 1), false)); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a viewer created: %v", err)
			}
		})

		var entrants []gonghui.Entrant
		t.Run("entrants: the register in scope or outsiders, once per trade", func(t *testing.T) {
			for _, m := range members {
				e, err := s.EnterContestant(ctx, cadre, gonghui.EntrantInput{TradeID: trade.ID, PersonID: m.PersonID})
				if err != nil {
					t.Fatal(err)
				}
				entrants = append(entrants, e)
			}
			if _, err := s.EnterContestant(ctx, cadre, gonghui.EntrantInput{TradeID: trade.ID, IDNumber: storetest.CitizenID("110105", "19880101", 61)}); fieldOf(err) != "person_id" {
				t.Errorf("the same member twice (by ID number): %v", err)
			}
			if _, err := s.EnterContestant(ctx, cadre, gonghui.EntrantInput{TradeID: trade.ID, Outsider: true, Name: "冒名", IDNumber: storetest.CitizenID("110105", "19880101", 62)}); fieldOf(err) != "person_id" {
				t.Errorf("a member entered again as an outsider: %v", err)
			}
			out, err := s.EnterContestant(ctx, cadre, gonghui.EntrantInput{TradeID: trade.ID, Outsider: true, Name: "社会选手", Unit: "某建筑公司", IDNumber: storetest.CitizenID("110108", "19900101", 70)})
			if err != nil || out.IDMasked == "" || out.IDMasked == storetest.CitizenID("110108", "19900101", 70) || out.PersonID != 0 {
				t.Fatalf("an outsider: %+v %v", out, err)
			}
			entrants = append(entrants, out)
			hd := mustMember(t, s, memberIn(mustOrg(t, s, gonghui.OrgInput{Name: "海淀竞赛工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID}), "海淀选手",
				storetest.CitizenID("110108", "19880101", 71)))
			if _, err := s.EnterContestant(ctx, cadre, gonghui.EntrantInput{TradeID: trade.ID, PersonID: hd.PersonID}); fieldOf(err) != "person_id" {
				t.Errorf("a member of another subtree: %v", err)
			}
			if _, err := s.EnterContestant(ctx, actor(f.haidian, gonghui.RoleCadre), gonghui.EntrantInput{TradeID: trade.ID, PersonID: hd.PersonID}); fieldOf(err) != "trade_id" {
				t.Errorf("a trade of another subtree: %v", err)
			}
		})

		t.Run("rounds in order; scores for the round's entrants; ranking and advancement", func(t *testing.T) {
			pre, final, challenge := trade.Rounds[0], trade.Rounds[1], trade.Rounds[2]
			if _, err := s.OpenContestRound(ctx, cadre, final.ID, final.Version); fieldOf(err) != "state" {
				t.Errorf("the final opened before the preliminary closed: %v", err)
			}
			if err := s.SaveContestScore(ctx, cadre, pre.ID, gonghui.ContestScoreInput{EntrantID: entrants[0].ID, Scorer: 1, Points: 9000}); fieldOf(err) != "round_id" {
				t.Errorf("scored a planned round: %v", err)
			}
			// Preliminary: 95, 90, 90 (tie), 80, 70 → the top three advance.
			points := map[int64]int{entrants[0].ID: 9500, entrants[1].ID: 9000, entrants[2].ID: 9000, entrants[3].ID: 8000, entrants[4].ID: 7000}
			v := runRound(t, s, cadre, pre.ID, points)
			if len(v.Standings) != 5 || v.Standings[0].Rank != 1 || v.Standings[1].Rank != 2 || v.Standings[2].Rank != 2 || v.Standings[3].Rank != 4 ||
				!v.Standings[2].Advances || v.Standings[3].Advances || v.Round.State != "closed" {
				t.Errorf("the preliminary's standings: %+v", v.Standings)
			}
			if err := s.SaveContestScore(ctx, cadre, pre.ID, gonghui.ContestScoreInput{EntrantID: entrants[0].ID, Scorer: 1, Points: 1}); fieldOf(err) != "round_id" {
				t.Errorf("scored a closed round: %v", err)
			}
			if _, err := s.EnterContestant(ctx, cadre, gonghui.EntrantInput{TradeID: trade.ID, IDNumber: storetest.CitizenID("110105", "19880101", 90)}); fieldOf(err) == "" {
				t.Errorf("entered after the first round began: %v", err)
			}
			// The final: the three who advanced; an unfinished score refuses the close.
			fv, err := s.GetContestRound(ctx, cadre, final.ID)
			if err != nil {
				t.Fatal(err)
			}
			r, err := s.OpenContestRound(ctx, cadre, final.ID, fv.Round.Version)
			if err != nil || r.Entrants != 3 {
				t.Fatalf("final opened %+v %v", r, err)
			}
			if err := s.SaveContestScore(ctx, cadre, final.ID, gonghui.ContestScoreInput{EntrantID: entrants[3].ID, Scorer: 1, Points: 9000}); fieldOf(err) != "entrant_id" {
				t.Errorf("scored an entrant who did not advance: %v", err)
			}
			if err := s.SaveContestScore(ctx, cadre, final.ID, gonghui.ContestScoreInput{EntrantID: entrants[0].ID, Scorer: 3, Points: 9000}); fieldOf(err) != "scorer" {
				t.Errorf("a third scorer of two: %v", err)
			}
			if err := s.SaveContestScore(ctx, cadre, final.ID, gonghui.ContestScoreInput{EntrantID: entrants[0].ID, Scorer: 1, Points: 9000}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.CloseContestRound(ctx, cadre, final.ID, r.Version); fieldOf(err) != "scores" {
				t.Errorf("closed with scores missing: %v", err)
			}
			for _, sc := range []struct {
				e      int
				p1, p2 int
			}{{0, 9000, 9000}, {1, 9500, 8500}, {2, 9100, 9100}} {
				for k, p := range []int{sc.p1, sc.p2} {
					if err := s.SaveContestScore(ctx, cadre, final.ID, gonghui.ContestScoreInput{EntrantID: entrants[sc.e].ID, Scorer: k + 1, Points: p}); err != nil {
						t.Fatal(err)
					}
				}
			}
			if _, err := s.CloseContestRound(ctx, cadre, final.ID, r.Version); err != nil {
				t.Fatal(err)
			}
			// 182.00 (entrant 2) first; 180.00 each for 0 and 1, 0 steadier (lowest 90 against 85).
			fv, _ = s.GetContestRound(ctx, cadre, final.ID)
			if got := []int64{fv.Standings[0].Entrant.ID, fv.Standings[1].Entrant.ID, fv.Standings[2].Entrant.ID}; got[0] != entrants[2].ID || got[1] != entrants[0].ID ||
				got[2] != entrants[1].ID || fv.Standings[2].Rank != 3 {
				t.Errorf("the final's order %v, standings %+v", got, fv.Standings)
			}
			pool, n, err := s.ListTalents(ctx, cadre, gonghui.TalentFilter{Year: 2026})
			if err != nil || n != 3 || pool[0].Rank != 1 || pool[0].EntrantID != entrants[2].ID || pool[0].Reason != "final" || pool[0].Trade != "焊工" {
				t.Errorf("the talent pool %+v %d %v", pool, n, err)
			}
			if _, n, _ := s.ListTalents(ctx, actor(f.haidian, gonghui.RoleCadre), gonghui.TalentFilter{}); n != 0 {
				t.Errorf("another subtree reads %d of the pool", n)
			}
			// The top two of the register gain a contest result the subsidy may count.
			rs, err := s.ContestResults(ctx, sys, members[2].PersonID)
			if err != nil || len(rs) != 1 || rs[0].Rank != 1 || rs[0].Event != "朝阳大工匠挑战赛·焊工" || rs[0].HeldOn != today {
				t.Errorf("the winner's contest result %+v %v", rs, err)
			}
			if rs, _ := s.ContestResults(ctx, sys, members[1].PersonID); len(rs) != 0 {
				t.Errorf("third place gained a result: %+v", rs)
			}

			// The challenge: the final's top two hold seats 1 and 2; a challenger takes seat 2.
			ch, err := s.EnterContestant(ctx, cadre, gonghui.EntrantInput{TradeID: trade.ID, Outsider: true, Challenger: true, Name: "挑战者", IDNumber: storetest.CitizenID("110108", "19910101", 72)})
			if err != nil {
				t.Fatal(err)
			}
			cv, _ := s.GetContestRound(ctx, cadre, challenge.ID)
			cr, err := s.OpenContestRound(ctx, cadre, challenge.ID, cv.Round.Version)
			if err != nil || cr.Entrants != 3 {
				t.Fatalf("challenge opened %+v %v", cr, err)
			}
			late, err := s.EnterContestant(ctx, cadre, gonghui.EntrantInput{TradeID: trade.ID, Outsider: true, Challenger: true, Name: "后来者", IDNumber: storetest.CitizenID("110108", "19910101", 73)})
			if err != nil {
				t.Fatal(err)
			}
			bout := gonghui.BoutInput{ChallengerID: ch.ID, SeedID: entrants[0].ID, ChallengerPoints: 9300, SeedPoints: 9200, HeldOn: today}
			if _, err := s.RecordBout(ctx, cadre, challenge.ID, gonghui.BoutInput{ChallengerID: entrants[1].ID, SeedID: entrants[0].ID, HeldOn: today}); fieldOf(err) != "challenger_id" {
				t.Errorf("a finalist without a seat challenged: %v", err)
			}
			b, err := s.RecordBout(ctx, cadre, challenge.ID, bout)
			if err != nil || !b.ChallengerWon || b.Seat != 2 {
				t.Fatalf("bout %+v %v", b, err)
			}
			if _, err := s.RecordBout(ctx, cadre, challenge.ID, bout); fieldMessage(err, "challenger_id").En != "the challenger has had their bout in this round" {
				t.Errorf("a second bout of one challenger: %v", err)
			}
			// The late challenger ties the new holder: the holder keeps the seat.
			if b, err := s.RecordBout(ctx, cadre, challenge.ID, gonghui.BoutInput{ChallengerID: late.ID, SeedID: ch.ID, ChallengerPoints: 9000, SeedPoints: 9000, HeldOn: today}); err != nil || b.ChallengerWon {
				t.Errorf("a tied bout %+v %v", b, err)
			}
			if _, err := s.CloseContestRound(ctx, cadre, challenge.ID, cr.Version); err != nil {
				t.Fatal(err)
			}
			cv, _ = s.GetContestRound(ctx, cadre, challenge.ID)
			if cv.Standings[0].Seat != 1 || cv.Standings[0].Entrant.ID != entrants[2].ID || cv.Standings[1].Seat != 2 || cv.Standings[1].Entrant.ID != ch.ID || len(cv.Bouts) != 2 {
				t.Errorf("seats after the challenge: %+v", cv.Standings)
			}
			won, n, err := s.ListTalents(ctx, cadre, gonghui.TalentFilter{Reason: "challenge"})
			if err != nil || n != 1 || won[0].EntrantID != ch.ID || won[0].Rank != 2 {
				t.Errorf("the challenge winner in the pool: %+v %v", won, err)
			}
			mine, err := s.PersonContests(ctx, cadre, members[2].PersonID)
			if err != nil || len(mine) != 1 || mine[0].Stage != "challenge" || mine[0].Rank != 1 || mine[0].FinalRank != 1 {
				t.Errorf("the champion's entries %+v %v", mine, err)
			}
		})
	})
}

func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "competitions", run: func(t *testing.T, s *store.Store, f fixture) {
		cy := mustOrg(t, s, gonghui.OrgInput{Name: "朝阳竞赛工会", Kind: gonghui.KindGrassroots, ParentID: f.chaoyang.ID})
		// An event of a past year, imported, and one of this year run through.
		w, err := s.NewCompetitionWriter(ctx, sys, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Save(ctx, competitionIn(cy, "2017年劳动竞赛", gonghui.NewDate(2017, 4, 1), false)); err != nil {
			t.Fatal(err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		x := mustCompetition(t, s, competitionIn(cy, "统计挑战赛", gonghui.NewDate(2026, 3, 1), true))
		var ids []int64
		for i := range 3 {
			m := mustMember(t, s, memberIn(cy, "统计选手", storetest.CitizenID("110105", "19870101", 80+i)))
			e, err := s.EnterContestant(ctx, sys, gonghui.EntrantInput{TradeID: x.Trades[0].ID, PersonID: m.PersonID})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		points := map[int64]int{ids[0]: 9000, ids[1]: 8000, ids[2]: 7000}
		runRound(t, s, sys, x.Trades[0].Rounds[0].ID, points)
		runRound(t, s, sys, x.Trades[0].Rounds[1].ID, points)
		ch, err := s.EnterContestant(ctx, sys, gonghui.EntrantInput{TradeID: x.Trades[0].ID, Outsider: true, Challenger: true, Name: "统计挑战者", IDNumber: storetest.CitizenID("110108", "19910101", 88)})
		if err != nil {
			t.Fatal(err)
		}
		cr := x.Trades[0].Rounds[2]
		v, _ := s.GetContestRound(ctx, sys, cr.ID)
		r, err := s.OpenContestRound(ctx, sys, cr.ID, v.Round.Version)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordBout(ctx, sys, cr.ID, gonghui.BoutInput{ChallengerID: ch.ID, SeedID: ids[0], ChallengerPoints: 9900, SeedPoints: 9000, HeldOn: gonghui.NewDate(2026, 3, 20)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CloseContestRound(ctx, sys, cr.ID, r.Version); err != nil {
			t.Fatal(err)
		}
	}})
}

// A person is entered in a trade once, however many cadres enter them at
// once.
func init() {
	lockRules = append(lockRules, lockRule{name: "an entrant once per trade", refused: []string{"person_id"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s := e.s
			x := mustCompetition(t, s, competitionIn(e.f.g1, fmt.Sprintf("并发竞赛%d", e.next()), gonghui.NewDate(2026, 5, 1), false))
			m, _ := e.member(t)
			return func(int) error {
					_, err := s.EnterContestant(ctx, sys, gonghui.EntrantInput{TradeID: x.Trades[0].ID, PersonID: m.PersonID})
					return err
				}, func() int {
					list, err := s.Entrants(ctx, sys, x.Trades[0].ID)
					if err != nil {
						return -1
					}
					return len(list)
				}
		}})
}

// A union holds an event of a title once a year, and a challenger has one
// bout a round, however many cadres record them at once.
func init() {
	lockRules = append(lockRules, lockRule{name: "one competition of a title per union and year", refused: []string{"title"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, title := e.s, fmt.Sprintf("并发同名竞赛%d", e.next())
			return func(int) error {
					_, err := s.CreateCompetition(ctx, sys, competitionIn(e.f.g1, title, gonghui.NewDate(2026, 5, 1), false))
					return err
				}, func() int {
					return total(s.ListCompetitions(ctx, sys, gonghui.CompetitionFilter{Query: title}))
				}
		}})
	lockRules = append(lockRules, lockRule{name: "one bout per challenger and round", refused: []string{"challenger_id"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s := e.s
			x := mustCompetition(t, s, competitionIn(e.f.g1, fmt.Sprintf("并发擂台%d", e.next()), gonghui.NewDate(2026, 5, 1), true))
			tr := x.Trades[0]
			var ids []int64
			for range 2 {
				m, _ := e.member(t)
				en, err := s.EnterContestant(ctx, sys, gonghui.EntrantInput{TradeID: tr.ID, PersonID: m.PersonID})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, en.ID)
			}
			ch, err := s.EnterContestant(ctx, sys, gonghui.EntrantInput{TradeID: tr.ID, Outsider: true, Challenger: true, Name: "并发挑战者", IDNumber: e.personID()})
			if err != nil {
				t.Fatal(err)
			}
			points := map[int64]int{ids[0]: 9000, ids[1]: 8000}
			runRound(t, s, sys, tr.Rounds[0].ID, points)
			runRound(t, s, sys, tr.Rounds[1].ID, points)
			if _, err := s.OpenContestRound(ctx, sys, tr.Rounds[2].ID, 1); err != nil {
				t.Fatal(err)
			}
			return func(i int) error {
					_, err := s.RecordBout(ctx, sys, tr.Rounds[2].ID, gonghui.BoutInput{ChallengerID: ch.ID, SeedID: ids[i%2], ChallengerPoints: 9500, SeedPoints: 9000, HeldOn: today})
					return err
				}, func() int {
					v, err := s.GetContestRound(ctx, sys, tr.Rounds[2].ID)
					if err != nil {
						return -1
					}
					return len(v.Bouts)
				}
		}})
}
