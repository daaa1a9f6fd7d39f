package gonghui

import (
	"slices"
	"testing"
)

func TestDrawLottery(t *testing.T) {
	var cands []LotteryCandidate
	for i := range 20 {
		cands = append(cands, LotteryCandidate{ApplicationID: int64(100 + i), AmountFen: int64(50_000 + 50_000*(i%4))})
	}
	order := func(ds []LotteryDraw) []int64 {
		var ids []int64
		for _, d := range ds {
			ids = append(ids, d.ApplicationID)
		}
		return ids
	}
	a := DrawLottery("seed-2017", cands, 5, 0)
	reversed := slices.Clone(cands)
	slices.Reverse(reversed)
	if b := DrawLottery("seed-2017", reversed, 5, 0); !slices.Equal(a, b) {
		t.Errorf("the same seed drew differently: %v, %v", order(a), order(b))
	}
	if c := DrawLottery("seed-2018", cands, 5, 0); slices.Equal(order(a), order(c)) {
		t.Errorf("another seed drew the same order %v", order(a))
	}
	for _, c := range []struct {
		name   string
		quota  int
		budget int64
	}{{"quota", 5, 0}, {"budget", 0, 600_000}, {"both", 4, 300_000}, {"none", 0, 0}} {
		ds := DrawLottery("seed-2017", cands, c.quota, c.budget)
		won, spent := 0, int64(0)
		for i, d := range ds {
			if d.Seq != i+1 {
				t.Errorf("%s: draw %d has seq %d", c.name, i, d.Seq)
			}
			if d.Won {
				won, spent = won+1, spent+d.AmountFen
			} else if (c.quota == 0 || won < c.quota) && (c.budget == 0 || spent+d.AmountFen <= c.budget) {
				t.Errorf("%s: %d passed over with room left", c.name, d.ApplicationID)
			}
		}
		if c.quota > 0 && won > c.quota || c.budget > 0 && spent > c.budget || c.quota == 0 && c.budget == 0 && won != len(cands) {
			t.Errorf("%s: %d won, %d fen", c.name, won, spent)
		}
	}
}

func TestQualificationRules(t *testing.T) {
	for _, c := range []struct {
		name  string
		q     Qualification
		field string
	}{
		{"fine", Qualification{Levels: []string{LevelTechnician}, ContestEvents: []string{"决赛"}, ContestMaxRank: 10, ContestLevel: LevelTechnician}, ""},
		{"unknown level", Qualification{Levels: []string{"master"}}, "rules.eligibility.qualification.levels"},
		{"results without events", Qualification{ContestMaxRank: 10}, "rules.eligibility.qualification.contest_events"},
	} {
		r := ProgrammeRules{Eligibility: Eligibility{Member: true, Qualification: &c.q}, Amount: AmountRule{Kind: AmountFixed, AmountFen: 1},
			Approval: ApprovalChain{Levels: 1, Permission: PermApproveAssistance}}
		v := &ValidationError{}
		r.Validate(v)
		if _, bad := v.Fields[c.field]; c.field != "" && !bad || c.field == "" && v.Err() != nil {
			t.Errorf("%s: %v", c.name, v.Err())
		}
	}
}
