package gonghui

import (
	"slices"
	"testing"
)

func entry(id int64, scores ...int) RoundEntry {
	e := RoundEntry{Achievement: Achievement{ID: id}, Scored: len(scores)}
	for _, s := range scores {
		e.Total += s
	}
	return e
}

func TestRank(t *testing.T) {
	for _, c := range []struct {
		name    string
		entries []RoundEntry
		ids     []int64
		ranks   []int
	}{
		{"by mean, highest first", []RoundEntry{entry(1, 80, 90), entry(2, 95, 85), entry(3, 70)}, []int64{2, 1, 3}, []int{1, 2, 3}},
		{"tied means share a rank, the next skips", []RoundEntry{entry(1, 80), entry(2, 90, 70), entry(3, 90), entry(4, 60)}, []int64{3, 1, 2, 4}, []int{1, 2, 2, 4}},
		{"means, not totals: fewer scores rank by their mean", []RoundEntry{entry(1, 50, 50, 50), entry(2, 60)}, []int64{2, 1}, []int{1, 2}},
		{"unscored last, unranked", []RoundEntry{entry(1), entry(2, 0), entry(3)}, []int64{2, 1, 3}, []int{1, 0, 0}},
		{"equal means tie exactly", []RoundEntry{entry(2, 100, 0, 0), entry(1, 33, 33, 34)}, []int64{1, 2}, []int{1, 1}},
	} {
		Rank(c.entries)
		var ids []int64
		var ranks []int
		for _, e := range c.entries {
			ids, ranks = append(ids, e.Achievement.ID), append(ranks, e.Rank)
		}
		if !slices.Equal(ids, c.ids) || !slices.Equal(ranks, c.ranks) {
			t.Errorf("%s: order %v ranks %v, want %v %v", c.name, ids, ranks, c.ids, c.ranks)
		}
	}
}

func TestSelectionCut(t *testing.T) {
	for _, c := range []struct {
		name    string
		entries []RoundEntry
		quota   int
		want    []int64
		refused bool
	}{
		{"the first quota", []RoundEntry{entry(1, 90), entry(2, 80), entry(3, 70)}, 2, []int64{1, 2}, false},
		{"a tie inside the cut", []RoundEntry{entry(1, 90), entry(2, 90), entry(3, 70)}, 2, []int64{1, 2}, false},
		{"a tie across the cut", []RoundEntry{entry(1, 90), entry(2, 80), entry(3, 80)}, 2, nil, true},
		{"all of them", []RoundEntry{entry(1, 90), entry(2, 80)}, 2, []int64{1, 2}, false},
		{"fewer scored than the quota", []RoundEntry{entry(1, 90), entry(2)}, 2, nil, true},
	} {
		Rank(c.entries)
		got, err := SelectionCut(c.entries, c.quota)
		var ids []int64
		for _, e := range got {
			ids = append(ids, e.Achievement.ID)
		}
		if (err != nil) != c.refused || !slices.Equal(ids, c.want) {
			t.Errorf("%s: %v %v", c.name, ids, err)
		}
		if v, ok := err.(*ValidationError); err != nil && (!ok || v.Fields["quota"].En == "") {
			t.Errorf("%s: the refusal names no quota: %v", c.name, err)
		}
	}
}

func TestScoreBounds(t *testing.T) {
	for _, c := range []struct {
		score int
		ok    bool
	}{{MinScore, true}, {MaxScore, true}, {MinScore - 1, false}, {MaxScore + 1, false}, {57, true}} {
		in := ScoreInput{AchievementID: 1, Score: c.score}
		v := &ValidationError{}
		in.Validate(v)
		if (v.Err() == nil) != c.ok || !c.ok && v.Fields["score"].Zh == "" {
			t.Errorf("score %d: %v", c.score, v.Err())
		}
	}
}

func TestInnovationInputs(t *testing.T) {
	today := NewDate(2026, 11, 24)
	team := []TeamMemberInput{{PersonID: 1, Role: "第一完成人"}, {PersonID: 1, Role: "x"}}
	a := AchievementInput{Title: "t", Kind: "技术革新", Year: 2026, OrgID: 1, Team: team}
	a.Normalize()
	v := &ValidationError{}
	a.Validate(v, today)
	if a.Kind != "tech_improvement" || a.Team[0].Role != "lead" || v.Fields["team.1.person_id"].Zh == "" || v.Fields["team.1.role"].Zh == "" || len(v.Fields) != 2 {
		t.Errorf("achievement: %+v %v", a, v.Err())
	}
	p := MentorPairInput{OrgID: 1, Mentor: PersonRef{IDNumber: " 11010519800101001x "}, Apprentice: PersonRef{IDNumber: "11010519800101001X"},
		From: NewDate(2026, 3, 1), To: NewDate(2026, 3, 1)}
	p.Normalize()
	v = &ValidationError{}
	p.Validate(v, today)
	for _, f := range []string{"apprentice", "to", "goals"} {
		if v.Fields[f].Zh == "" {
			t.Errorf("pair: no error for %s: %v", f, v.Err())
		}
	}
	s := StudioInput{Name: "n", Kind: "craftsman", Level: "市级", OrgID: 1, HostUnit: "u", Leader: PersonRef{PersonID: 1},
		FoundedOn: NewDate(2026, 5, 1), RecognisedOn: NewDate(2026, 4, 1), ReviewedOn: NewDate(2027, 1, 1)}
	s.Normalize()
	v = &ValidationError{}
	s.Validate(v, today)
	if s.Level != "city" || s.Status != StudioActive || v.Fields["recognised_on"].Zh == "" || v.Fields["reviewed_on"].Zh == "" || len(v.Fields) != 2 {
		t.Errorf("studio: %+v %v", s, v.Err())
	}
	r := InnovationRoundInput{OrgID: 1, Year: 2026, Level: "city", Title: "t", Quota: 3, ReviewerIDs: []int64{4, 4}}
	v = &ValidationError{}
	r.Validate(v, today)
	if v.Fields["quota"].Zh == "" || v.Fields["reviewer_ids.1"].Zh == "" || len(v.Fields) != 2 {
		t.Errorf("round: %v", v.Err())
	}
}

func FuzzAchievementInputValidate(f *testing.F) {
	f.Add("数控改进", "invention", 2026, int64(1), "lead", "ZL1", "utility", "110105198001010011")
	f.Add("", "", 0, int64(0), "", "", "", "")
	f.Fuzz(func(t *testing.T, title, kind string, year int, person int64, role, number, pkind, id string) {
		in := AchievementInput{Title: title, Kind: kind, Year: year, OrgID: 1,
			Team:    []TeamMemberInput{{PersonID: person, IDNumber: id, Role: role}},
			Patents: []Patent{{Number: number, Kind: pkind}}}
		in.Normalize()
		v := &ValidationError{}
		in.Validate(v, NewDate(2026, 11, 24))
		for field, m := range v.Fields {
			if m.Zh == "" || m.En == "" {
				t.Fatalf("%s: a reason without both languages: %+v", field, m)
			}
		}
	})
}

func FuzzMentorPairInputValidate(f *testing.F) {
	f.Add(int64(1), int64(2), "2026-03-01", "2028-03-01", "目标")
	f.Fuzz(func(t *testing.T, mentor, apprentice int64, from, to, goals string) {
		in := MentorPairInput{OrgID: 1, Mentor: PersonRef{PersonID: mentor}, Apprentice: PersonRef{PersonID: apprentice}, Goals: goals}
		in.From, _ = ParseDate(from)
		in.To, _ = ParseDate(to)
		in.Normalize()
		v := &ValidationError{}
		in.Validate(v, NewDate(2026, 11, 24))
		if v.Err() == nil && (mentor == apprentice || !in.From.Before(in.To) || in.Goals == "") {
			t.Fatalf("accepted %+v", in)
		}
	})
}
