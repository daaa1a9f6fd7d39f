package gonghui

import (
	"slices"
	"testing"
)

func standings(scores ...[]int) []Standing {
	out := make([]Standing, len(scores))
	for i, s := range scores {
		out[i] = Standing{Entrant: Entrant{ID: int64(i + 1)}, Scores: s}
	}
	return out
}

func TestRankStandings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		list     []Standing
		scorers  int
		advance  int
		ids      []int64
		ranks    []int
		advances []bool
	}{
		{"by total", standings([]int{8000}, []int{9000}, []int{8500}), 1, 2, []int64{2, 3, 1}, []int{1, 2, 3}, []bool{true, true, false}},
		{"equal totals: the higher lowest score first", standings([]int{9500, 8500}, []int{9000, 9000}), 2, 1, []int64{2, 1}, []int{1, 2}, []bool{true, false}},
		{"still equal: one rank, by id, all advance at the cut", standings([]int{9000, 8000}, []int{9500}, []int{8000, 9000}, []int{7000, 7000}), 2, 1,
			[]int64{1, 3, 4, 2}, []int{1, 1, 3, 0}, []bool{true, true, false, false}},
		{"a missing score: last, unranked", standings(nil, []int{1}), 1, 5, []int64{2, 1}, []int{1, 0}, []bool{true, false}},
		{"nobody advances from a last round", standings([]int{5}, []int{6}), 1, 0, []int64{2, 1}, []int{1, 2}, []bool{false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			RankStandings(tc.list, tc.scorers, tc.advance)
			var ids []int64
			var ranks []int
			var adv []bool
			for _, s := range tc.list {
				ids, ranks, adv = append(ids, s.Entrant.ID), append(ranks, s.Rank), append(adv, s.Advances)
			}
			if !slices.Equal(ids, tc.ids) || !slices.Equal(ranks, tc.ranks) || !slices.Equal(adv, tc.advances) {
				t.Errorf("ids %v ranks %v advances %v, want %v %v %v", ids, ranks, adv, tc.ids, tc.ranks, tc.advances)
			}
		})
	}
}

func TestSeatOrderAndBouts(t *testing.T) {
	list := []Standing{{Entrant: Entrant{ID: 1}}, {Entrant: Entrant{ID: 2}, Seat: 2}, {Entrant: Entrant{ID: 3}, Seat: 1}}
	SeatOrder(list)
	if list[0].Entrant.ID != 3 || list[1].Entrant.ID != 2 || list[2].Entrant.ID != 1 {
		t.Errorf("seat order %+v", list)
	}
	for _, tc := range []struct {
		c, s int
		wins bool
	}{{9100, 9000, true}, {9000, 9000, false}, {8000, 9000, false}} {
		if got := (BoutInput{ChallengerPoints: tc.c, SeedPoints: tc.s}).ChallengerWins(); got != tc.wins {
			t.Errorf("%d against %d: challenger wins %v", tc.c, tc.s, got)
		}
	}
}

func TestTradeValidate(t *testing.T) {
	final := RoundPlan{Stage: StageFinal, Scorers: 3}
	for _, tc := range []struct {
		name   string
		in     TradeInput
		fields []string
	}{
		{"a final alone", TradeInput{Name: "焊工", Rounds: []RoundPlan{final}}, nil},
		{"preliminary, final, challenge", TradeInput{Name: "焊工", Rounds: []RoundPlan{{Stage: "初赛", Scorers: 1, Advance: 10}, {Stage: StageFinal, Scorers: 3, Advance: 3}, {Stage: StageChallenge}}}, nil},
		{"no name, no rounds", TradeInput{}, []string{"t.name", "t.rounds"}},
		{"out of order", TradeInput{Name: "x", Rounds: []RoundPlan{{Stage: StageFinal, Scorers: 1, Advance: 1}, {Stage: StagePreliminary, Scorers: 1}}}, []string{"t.rounds.1.stage"}},
		{"a challenge without a final before it", TradeInput{Name: "x", Rounds: []RoundPlan{{Stage: StageChallenge}}}, []string{"t.rounds.0.stage"}},
		{"the last round advances; a scored challenge", TradeInput{Name: "x", Rounds: []RoundPlan{{Stage: StageFinal, Scorers: 1}, {Stage: StageChallenge, Scorers: 2, Advance: 1}}},
			[]string{"t.rounds.0.advance", "t.rounds.1.scorers", "t.rounds.1.advance"}},
		{"no scorers", TradeInput{Name: "x", Rounds: []RoundPlan{{Stage: StageFinal}}}, []string{"t.rounds.0.scorers"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := &ValidationError{}
			tc.in.Normalize()
			tc.in.Validate(v, "t")
			var got []string
			for f := range v.Fields {
				got = append(got, f)
			}
			slices.Sort(got)
			want := slices.Clone(tc.fields)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("fields %v, want %v", got, want)
			}
		})
	}
}

func TestCompetitionValidate(t *testing.T) {
	today := NewDate(2026, 11, 24)
	in := CompetitionInput{OrgID: 1, Kind: "北京大工匠挑战赛", Year: 2017, Level: "city", Title: " 挑战赛 ", HeldFrom: NewDate(2017, 5, 1), HeldTo: NewDate(2017, 4, 1),
		Trades: []TradeInput{{Name: "焊工", Rounds: []RoundPlan{{Stage: StageFinal, Scorers: 1}}}, {Name: "焊工", Rounds: []RoundPlan{{Stage: StageFinal, Scorers: 1}}}}}
	in.Normalize()
	v := &ValidationError{}
	in.Validate(v, today)
	if in.Kind != CompetitionCraftsman || in.Title != "挑战赛" || len(v.Fields) != 2 || v.Fields["held_to"].Zh == "" || v.Fields["trades.1.name"].Zh == "" {
		t.Errorf("normalised %+v, errors %v", in, v.Fields)
	}
}

func TestParsePoints(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{{"95", 9500, true}, {"95.5", 9550, true}, {" 95.25 ", 9525, true}, {"0", 0, true}, {"1000", MaxPoints, true}, {"1000.01", 0, false},
		{"95.", 9500, true}, {".5", 50, true}, {"-1", 0, false}, {"9.999", 0, false}, {"1e2", 0, false}, {"", 0, false}, {"９５", 0, false}} {
		got, err := ParsePoints(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParsePoints(%q) = %d, %v", tc.in, got, err)
		}
	}
	if FormatPoints(9525) != "95.25" || FormatPoints(5) != "0.05" {
		t.Errorf("FormatPoints: %s %s", FormatPoints(9525), FormatPoints(5))
	}
}

func FuzzParsePoints(f *testing.F) {
	for _, s := range []string{"95.25", "0", "1000", "abc", "1.", "-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParsePoints(s)
		if err != nil {
			return
		}
		if n < 0 || n > MaxPoints {
			t.Fatalf("%q read as %d", s, n)
		}
		if back, err := ParsePoints(FormatPoints(n)); err != nil || back != n {
			t.Fatalf("%q: %d does not round-trip: %d %v", s, n, back, err)
		}
	})
}

func FuzzTradeValidate(f *testing.F) {
	f.Add("焊工", "final", 3, 0, "challenge", 0, 0)
	f.Fuzz(func(t *testing.T, name, s1 string, sc1, adv1 int, s2 string, sc2, adv2 int) {
		in := TradeInput{Name: name, Rounds: []RoundPlan{{Stage: s1, Scorers: sc1, Advance: adv1}, {Stage: s2, Scorers: sc2, Advance: adv2}}}
		in.Normalize()
		v := &ValidationError{}
		in.Validate(v, "t")
		if v.Err() != nil {
			return
		}
		// A trade that passes plans rounds the store can run.
		if in.Rounds[1].Advance != 0 || in.Rounds[0].Advance < 1 || (in.Rounds[1].Stage == StageChallenge && in.Rounds[0].Stage != StageFinal) {
			t.Fatalf("accepted %+v", in)
		}
	})
}

func TestParseRoundPlans(t *testing.T) {
	got, err := ParseRoundPlans("初赛 2 30 ｜ final 5 3 | 擂台挑战赛")
	want := []RoundPlan{{StagePreliminary, 2, 30}, {StageFinal, 5, 3}, {StageChallenge, 0, 0}}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("parsed %+v %v", got, err)
	}
	if back := FormatRoundPlans(got); back != "初赛 2 30 | 决赛 5 3 | 擂台挑战赛" {
		t.Errorf("formatted %q", back)
	}
	trades, err := ParseTrades("焊工：决赛 3\n\n 钳工: 初赛 1 5 | 决赛 2")
	if err != nil || len(trades) != 2 || trades[1].Name != "钳工" || len(trades[1].Rounds) != 2 {
		t.Errorf("trades %+v %v", trades, err)
	}
	if _, err := ParseTrades("焊工 决赛 3"); err == nil {
		t.Error("a line without its colon read")
	}
	for _, bad := range []string{"初赛 2 x", "决赛 1 2 3", "初赛 2 ||", "决赛 -1"} {
		if _, err := ParseRoundPlans(bad); err == nil {
			t.Errorf("%q read", bad)
		}
	}
}

func FuzzParseRoundPlans(f *testing.F) {
	for _, s := range []string{"初赛 2 30 | 决赛 5 3 | 擂台挑战赛", "final 1", "||", "x 1 2 3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		plans, err := ParseRoundPlans(s)
		if err != nil {
			return
		}
		in := TradeInput{Name: "工种", Rounds: plans}
		v := &ValidationError{}
		in.Validate(v, "t")
		if v.Err() != nil {
			return
		}
		// A valid plan writes and reads back the same, as a trade's line too.
		back, err := ParseRoundPlans(FormatRoundPlans(plans))
		if err != nil || !slices.Equal(back, plans) {
			t.Fatalf("%q: %+v → %q → %+v %v", s, plans, FormatRoundPlans(plans), back, err)
		}
		trades, err := ParseTrades("工种：" + FormatRoundPlans(plans))
		if err != nil || len(trades) != 1 || trades[0].Name != "工种" || !slices.Equal(trades[0].Rounds, plans) {
			t.Fatalf("%q as a trade's line: %+v %v", s, trades, err)
		}
	})
}

func FuzzEntrantValidate(f *testing.F) {
	f.Add(int64(1), int64(0), "110105198801010011", false, "", "", false)
	f.Add(int64(1), int64(0), "", true, "社会选手", "某公司", true)
	f.Fuzz(func(t *testing.T, trade, person int64, id string, outsider bool, name, unit string, challenger bool) {
		in := EntrantInput{TradeID: trade, PersonID: person, IDNumber: id, Outsider: outsider, Name: name, Unit: unit, Challenger: challenger}
		in.Normalize()
		v := &ValidationError{}
		in.Validate(v)
		if v.Err() != nil {
			return
		}
		// What passes names its trade and its person: from the register,
		// or an outsider with a name and an ID number to seal.
		if in.TradeID == 0 || (!in.Outsider && in.Ref().Empty()) || (in.Outsider && (in.Name == "" || in.IDNumber == "" || in.PersonID != 0)) {
			t.Fatalf("accepted %+v", in)
		}
	})
}

func FuzzBoutValidate(f *testing.F) {
	f.Add(int64(1), int64(2), 9000, 8000, 10)
	f.Fuzz(func(t *testing.T, challenger, seed int64, cp, sp, days int) {
		today := NewDate(2026, 11, 24)
		in := BoutInput{ChallengerID: challenger, SeedID: seed, ChallengerPoints: cp, SeedPoints: sp, HeldOn: today.AddDays(days % 4000)}
		v := &ValidationError{}
		in.Validate(v, today)
		if v.Err() != nil {
			return
		}
		if in.ChallengerID == 0 || in.SeedID == 0 || in.SeedID == in.ChallengerID || cp < 0 || cp > MaxPoints || sp < 0 || sp > MaxPoints || today.Before(in.HeldOn) {
			t.Fatalf("accepted %+v", in)
		}
		if in.ChallengerWins() != (cp > sp) {
			t.Fatalf("%+v: the challenger wins %v", in, in.ChallengerWins())
		}
	})
}
