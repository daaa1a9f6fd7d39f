package store_test

import (
	"errors"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestCompetitionChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		cadre := actor(f.chaoyang, gonghui.RoleCadre)
		x := mustCompetition(t, s, competitionIn(f.chaoyang, "朝阳焊工技能大赛", gonghui.NewDate(2026, 6, 1), false))
		mustCompetition(t, s, competitionIn(f.chaoyang, "朝阳电工技能大赛", gonghui.NewDate(2026, 7, 1), false))
		edit := gonghui.CompetitionEdit{Title: "朝阳电工技能大赛", Level: "district", HeldFrom: x.HeldFrom, HeldTo: x.HeldTo, ResultTopN: 3, Version: x.Version}
		if _, err := s.UpdateCompetition(ctx, cadre, x.ID, edit); fieldOf(err) != "title" {
			t.Errorf("a title taken in the year: %v", err)
		}
		edit.Title = "2026年朝阳区焊工技能大赛"
		if _, err := s.UpdateCompetition(ctx, actor(f.haidian, gonghui.RoleCadre), x.ID, edit); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian edits it: %v", err)
		}
		got, err := s.UpdateCompetition(ctx, cadre, x.ID, edit)
		if err != nil || got.Title != edit.Title || got.Level != "district" || got.ResultTopN != 3 || got.Kind != x.Kind || len(got.Trades) != 1 {
			t.Fatalf("the edit: %+v %v", got, err)
		}
		var conflict *gonghui.ConflictError
		if _, err := s.UpdateCompetition(ctx, cadre, x.ID, edit); !errors.As(err, &conflict) {
			t.Errorf("a stale edit: %v", err)
		}

		trade := x.Trades[0]
		var ids []int64
		for i := range 2 {
			m := mustMember(t, s, memberIn(f.g1, "选手", storetest.CitizenID("110105", "19880101", 30+i)))
			e, err := s.EnterContestant(ctx, cadre, gonghui.EntrantInput{TradeID: trade.ID, PersonID: m.PersonID})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		if err := s.WithdrawEntrant(ctx, cadre, ids[0], " "); fieldOf(err) != "reason" {
			t.Errorf("a withdrawal without its reason: %v", err)
		}
		if err := s.WithdrawEntrant(ctx, actor(f.haidian, gonghui.RoleCadre), ids[0], "伤病"); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian withdraws a Chaoyang entrant: %v", err)
		}
		if err := s.WithdrawEntrant(ctx, cadre, ids[0], "伤病退赛"); err != nil {
			t.Fatal(err)
		}
		if es, err := s.Entrants(ctx, cadre, trade.ID); err != nil || len(es) != 1 || es[0].ID != ids[1] {
			t.Errorf("the entrants after a withdrawal: %+v %v", es, err)
		}
		// Once scored, an entrant stays.
		v, err := s.GetContestRound(ctx, cadre, trade.Rounds[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.OpenContestRound(ctx, cadre, v.Round.ID, v.Round.Version); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveContestScore(ctx, cadre, v.Round.ID, gonghui.ContestScoreInput{EntrantID: ids[1], Scorer: 1, Points: 8800}); err != nil {
			t.Fatal(err)
		}
		if err := s.WithdrawEntrant(ctx, cadre, ids[1], "临时有事"); fieldOf(err) != "reason" {
			t.Errorf("a scored entrant withdrawn: %v", err)
		}
	})
}

// A withdrawal in the statistics: entered, then withdrawn, in a past year.
func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "a withdrawn entrant", run: func(t *testing.T, s *store.Store, f fixture) {
		x := mustCompetition(t, s, competitionIn(f.g1, "2017年退赛测试", gonghui.NewDate(2017, 5, 1), false))
		m := mustMember(t, s, memberIn(f.g1, "退赛选手", storetest.CitizenID("110105", "19880101", 97)))
		e, err := s.EnterContestant(ctx, sys, gonghui.EntrantInput{TradeID: x.Trades[0].ID, PersonID: m.PersonID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.EnterContestant(ctx, sys, gonghui.EntrantInput{TradeID: x.Trades[0].ID, Outsider: true, Name: "留赛选手", IDNumber: storetest.CitizenID("110108", "19880101", 98)}); err != nil {
			t.Fatal(err)
		}
		if err := s.WithdrawEntrant(ctx, sys, e.ID, "伤病"); err != nil {
			t.Fatal(err)
		}
	}})
}
