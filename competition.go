package gonghui

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Competitions (劳动竞赛, 职工职业技能大赛, 北京大工匠挑战赛): an event held
// by a union, with trades (工种), each with its own rounds — preliminary,
// semi-final, final, and the challenge round (擂台赛) where challengers take
// on the final's seeded contestants (擂主). Entrants are members of the
// register or outsiders; scores are kept in hundredths of a point; the
// ranking is computed from them (RankStandings), never typed; the top N of
// a round advance to the next. Finalists and challenge winners enter the
// talent pool (人才库).

// CompetitionKinds are the kinds of event.
var CompetitionKinds = []Choice{
	{"labour", Message{"劳动竞赛", "Labour competition"}},
	{"skill", Message{"职业技能竞赛", "Skill contest"}},
	{CompetitionCraftsman, Message{"北京大工匠挑战赛", "Beijing Craftsman challenge"}},
}

// CompetitionCraftsman is the kind of the 北京大工匠 challenge.
const CompetitionCraftsman = "craftsman"

// CompetitionLevels are the levels of an event.
var CompetitionLevels = []Choice{
	{"city", Message{"市级", "City"}},
	{"district", Message{"区级", "District"}},
	{"industry", Message{"产业（行业）级", "Industry"}},
	{"enterprise", Message{"企业级", "Enterprise"}},
}

// The stages of a round, in the order a trade holds them.
const (
	StagePreliminary = "preliminary"
	StageSemifinal   = "semifinal"
	StageFinal       = "final"
	StageChallenge   = "challenge"
)

// RoundStages lists the stages in their order.
var RoundStages = []Choice{
	{StagePreliminary, Message{"初赛", "Preliminary"}},
	{StageSemifinal, Message{"复赛", "Semi-final"}},
	{StageFinal, Message{"决赛", "Final"}},
	{StageChallenge, Message{"擂台挑战赛", "Challenge round"}},
}

// The states of a round: planned, open (entrants scored, bouts held),
// closed (the ranking stands).
const (
	ContestRoundPlanned = "planned"
	ContestRoundOpen    = "open"
	ContestRoundClosed  = "closed"
)

// ContestRoundStates lists the states.
var ContestRoundStates = []Choice{
	{ContestRoundPlanned, Message{"未开始", "Planned"}},
	{ContestRoundOpen, Message{"进行中", "Open"}},
	{ContestRoundClosed, Message{"已结束", "Closed"}},
}

// The bounds of a round.
const (
	MaxScorers = 20
	MaxAdvance = 1000
	// MaxPoints is the highest score a scorer gives, in hundredths.
	MaxPoints = 100000
)

// RoundPlan is a round of a trade as the event plans it: its stage, how
// many scorers score each entrant, and how many advance to the next round
// (a final followed by a challenge round: how many seeds it gives).
type RoundPlan struct {
	Stage   string `json:"stage"`
	Scorers int    `json:"scorers"`
	Advance int    `json:"advance"`
}

// TradeInput is a trade (工种) of an event with its rounds.
type TradeInput struct {
	Name   string      `json:"name"`
	Rounds []RoundPlan `json:"rounds"`
}

// Normalize trims the trade and reads code names.
func (t *TradeInput) Normalize() {
	t.Name = strings.TrimSpace(t.Name)
	for i := range t.Rounds {
		t.Rounds[i].Stage = choiceOrSelf(RoundStages, t.Rounds[i].Stage)
	}
}

// Validate checks a trade: a name, one to four rounds in the order of
// their stages, each stage once; a challenge round follows a final; every
// round but the last names how many advance, the last none; a challenge
// round has no scorers (its bouts are scored).
func (t *TradeInput) Validate(v *ValidationError, field string) {
	textField(v, field+".name", t.Name, 50, "请填写工种名称", "the trade's name is required", "工种名称不能超过50个字", "the trade's name must be at most 50 characters")
	if len(t.Rounds) == 0 || len(t.Rounds) > len(RoundStages) {
		v.Add(field+".rounds", "每个工种须有1至4轮比赛", "a trade has one to four rounds")
		return
	}
	last := -1
	for i, r := range t.Rounds {
		f := field + ".rounds." + strconv.Itoa(i)
		at := slices.IndexFunc(RoundStages, func(c Choice) bool { return c.Key == r.Stage })
		switch {
		case at < 0:
			v.Add(f+".stage", "请选择赛段", "choose the stage")
		case at <= last:
			v.Add(f+".stage", "赛段须按初赛、复赛、决赛、擂台挑战赛的顺序且不重复", "stages follow preliminary, semi-final, final, challenge, each once")
		case r.Stage == StageChallenge && (i == 0 || t.Rounds[i-1].Stage != StageFinal):
			v.Add(f+".stage", "擂台挑战赛须紧接决赛", "a challenge round follows the final")
		}
		last = max(last, at)
		switch {
		case r.Stage == StageChallenge && r.Scorers != 0:
			v.Add(f+".scorers", "擂台挑战赛按对决计分，不设评分人数", "a challenge round scores its bouts, not its entrants")
		case r.Stage != StageChallenge && (r.Scorers < 1 || r.Scorers > MaxScorers):
			v.Add(f+".scorers", fmt.Sprintf("评分人数须在1到%d之间", MaxScorers), fmt.Sprintf("a round has 1 to %d scorers", MaxScorers))
		}
		switch {
		case i == len(t.Rounds)-1 && r.Advance != 0:
			v.Add(f+".advance", "最后一轮不设晋级名额", "the last round advances nobody")
		case i < len(t.Rounds)-1 && (r.Advance < 1 || r.Advance > MaxAdvance):
			v.Add(f+".advance", fmt.Sprintf("晋级名额须在1到%d之间", MaxAdvance), fmt.Sprintf("between 1 and %d advance", MaxAdvance))
		}
	}
}

// CompetitionInput records an event with its trades.
type CompetitionInput struct {
	OrgID    int64  `json:"org_id"`
	Kind     string `json:"kind"`
	Year     int    `json:"year"`
	Level    string `json:"level"`
	Title    string `json:"title"`
	HeldFrom Date   `json:"held_from"`
	HeldTo   Date   `json:"held_to"`
	// ResultTopN: the entrants of the register placed at most N in a
	// trade's final gain a contest result (竞赛成绩) that a subsidy's rules
	// may count instead of a certificate (0: none).
	ResultTopN int          `json:"result_top_n"`
	Trades     []TradeInput `json:"trades"`
}

// CompetitionEdit is what an edit of an event changes: its title, level,
// dates and counted places (its kind, year, union and trades stay).
type CompetitionEdit struct {
	Title      string `json:"title"`
	Level      string `json:"level"`
	HeldFrom   Date   `json:"held_from"`
	HeldTo     Date   `json:"held_to"`
	ResultTopN int    `json:"result_top_n"`
	Version    int64  `json:"version"`
}

// Normalize trims the input and reads code names.
func (in *CompetitionInput) Normalize() {
	in.Title = strings.TrimSpace(in.Title)
	in.Kind = choiceOrSelf(CompetitionKinds, in.Kind)
	in.Level = choiceOrSelf(CompetitionLevels, in.Level)
	for i := range in.Trades {
		in.Trades[i].Normalize()
	}
}

// Validate checks the input's rules that need no data.
func (in *CompetitionInput) Validate(v *ValidationError, today Date) {
	if in.OrgID == 0 {
		v.Add("org_id", "请选择主办工会", "choose the organising union")
	}
	if !IsChoiceKey(CompetitionKinds, in.Kind) {
		v.Add("kind", "请选择竞赛类型", "choose the kind of event")
	}
	validYear(v, "year", in.Year, today)
	if !IsChoiceKey(CompetitionLevels, in.Level) {
		v.Add("level", "请选择竞赛级别", "choose the level")
	}
	textField(v, "title", in.Title, 100, "请填写竞赛名称", "the title is required", "竞赛名称不能超过100个字", "the title must be at most 100 characters")
	switch {
	case in.HeldFrom.IsZero():
		v.Add("held_from", "请填写开始日期", "give the first day")
	case yearOf(in.HeldFrom) != in.Year:
		v.Add("held_from", "开始日期须在竞赛年度内", "the first day is in the event's year")
	}
	if in.HeldTo.IsZero() || in.HeldTo.Before(in.HeldFrom) {
		v.Add("held_to", "结束日期须不早于开始日期", "the last day is on or after the first")
	}
	if in.ResultTopN < 0 || in.ResultTopN > MaxAdvance {
		v.Add("result_top_n", fmt.Sprintf("计入竞赛成绩的名次须在0到%d之间", MaxAdvance), fmt.Sprintf("the places counted are 0 to %d", MaxAdvance))
	}
	if len(in.Trades) > 200 {
		v.Add("trades", "工种不能超过200个", "an event has at most 200 trades")
	}
	names := map[string]bool{}
	for i := range in.Trades {
		f := "trades." + strconv.Itoa(i)
		in.Trades[i].Validate(v, f)
		if n := in.Trades[i].Name; n != "" && names[n] {
			v.Add(f+".name", "工种重复", "the trade is named twice")
		}
		names[in.Trades[i].Name] = true
	}
}

// ContestRound is a round of a trade.
type ContestRound struct {
	ID       int64  `json:"id"`
	TradeID  int64  `json:"trade_id"`
	Position int    `json:"position"` // 1 for the first round
	Stage    string `json:"stage"`
	Scorers  int    `json:"scorers"`
	Advance  int    `json:"advance"`
	State    string `json:"state"`
	OpenedOn Date   `json:"opened_on,omitzero"`
	ClosedOn Date   `json:"closed_on,omitzero"`
	Entrants int    `json:"entrants"`
	Version  int64  `json:"version"`
}

// Trade is a trade of an event with its rounds.
type Trade struct {
	ID       int64          `json:"id"`
	Name     string         `json:"name"`
	Rounds   []ContestRound `json:"rounds"`
	Entrants int            `json:"entrants"`
}

// Competition is an event held by a union.
type Competition struct {
	ID         int64   `json:"id"`
	OrgID      int64   `json:"org_id"`
	OrgName    string  `json:"org_name,omitempty"`
	Kind       string  `json:"kind"`
	Year       int     `json:"year"`
	Level      string  `json:"level"`
	Title      string  `json:"title"`
	HeldFrom   Date    `json:"held_from"`
	HeldTo     Date    `json:"held_to"`
	ResultTopN int     `json:"result_top_n"`
	Trades     []Trade `json:"trades,omitempty"`
	Version    int64   `json:"version"`
}

// CompetitionFilter selects events in a list.
type CompetitionFilter struct {
	OrgID int64
	Year  int
	Kind  string
	Query string
	Page
}

// EntrantInput enters a contestant in a trade: a member of the register
// (by id or ID number) or, Outsider set, a person outside it with name,
// unit and ID number. A challenger enters the trade's challenge round;
// anyone else its first round.
type EntrantInput struct {
	TradeID    int64  `json:"trade_id"`
	PersonID   int64  `json:"person_id,omitempty"`
	IDNumber   string `json:"id_number,omitempty"`
	Outsider   bool   `json:"outsider,omitempty"`
	Name       string `json:"name,omitempty"`
	Unit       string `json:"unit,omitempty"`
	Challenger bool   `json:"challenger,omitempty"`
}

// Ref is the entrant's reference to the register.
func (in EntrantInput) Ref() PersonRef {
	return PersonRef{PersonID: in.PersonID, IDNumber: in.IDNumber}
}

// Normalize trims the input.
func (in *EntrantInput) Normalize() {
	in.IDNumber = strings.ToUpper(strings.TrimSpace(in.IDNumber))
	in.Name = strings.TrimSpace(in.Name)
	in.Unit = strings.TrimSpace(in.Unit)
}

// Validate checks the input's rules that need no data.
func (in *EntrantInput) Validate(v *ValidationError) {
	if in.TradeID == 0 {
		v.Add("trade_id", "请选择工种", "choose the trade")
	}
	if utf8.RuneCountInString(in.Unit) > 100 {
		v.Add("unit", "单位名称不能超过100个字", "the unit must be at most 100 characters")
	}
	if !in.Outsider {
		if in.Ref().Empty() {
			v.Add("person_id", "请选择会员或填写其公民身份号码", "choose a member or give their ID number")
		}
		return
	}
	if in.PersonID != 0 {
		v.Add("person_id", "社会参赛人员不从会员中选择", "an outsider is not chosen from the register")
	}
	textField(v, "name", in.Name, 50, "请填写参赛人姓名", "the entrant's name is required", "姓名不能超过50个字", "the name must be at most 50 characters")
	if in.IDNumber == "" {
		v.Add("id_number", "请填写参赛人公民身份号码", "give the entrant's ID number")
	}
}

// Entrant is a contestant of a trade. IDMasked is the ID number masked.
type Entrant struct {
	ID         int64  `json:"id"`
	TradeID    int64  `json:"trade_id"`
	PersonID   int64  `json:"person_id,omitempty"`
	Name       string `json:"name"`
	Unit       string `json:"unit,omitempty"`
	IDMasked   string `json:"id_masked"`
	Challenger bool   `json:"challenger,omitempty"`
}

// ParsePoints reads a score in points with at most two decimals ("95",
// "95.5", "95.25") as hundredths, from 0 to MaxPoints.
func ParsePoints(s string) (int, error) {
	n, err := ParseFixed(s, 2)
	if err != nil || strings.TrimSpace(s) == "" || n < 0 || n > MaxPoints {
		return 0, Invalid("points", "分数须为0到"+FormatPoints(MaxPoints)+"之间、至多两位小数的数", "a score is a number from 0 to "+FormatPoints(MaxPoints)+" with at most two decimals")
	}
	return int(n), nil
}

// FormatPoints writes hundredths as points with two decimals.
func FormatPoints(n int) string { return FormatFixed(int64(n), 2) }

// ContestScoreInput is one scorer's score of an entrant in a round.
type ContestScoreInput struct {
	EntrantID int64 `json:"entrant_id"`
	Scorer    int   `json:"scorer"` // 1 to the round's scorers
	Points    int   `json:"points"` // hundredths
}

// Validate checks the score against its round.
func (in ContestScoreInput) Validate(v *ValidationError, r ContestRound) {
	if in.EntrantID == 0 {
		v.Add("entrant_id", "请选择参赛人", "choose the entrant")
	}
	if in.Scorer < 1 || in.Scorer > r.Scorers {
		v.Add("scorer", fmt.Sprintf("评分人序号须在1到%d之间", r.Scorers), fmt.Sprintf("the scorer is 1 to %d", r.Scorers))
	}
	if in.Points < 0 || in.Points > MaxPoints {
		v.Add("points", "分数须在0到"+FormatPoints(MaxPoints)+"之间", "the score is from 0 to "+FormatPoints(MaxPoints))
	}
}

// Standing is an entrant's place in a round: its scores (one per scorer,
// hundredths), their total and the rank computed from them.
type Standing struct {
	Entrant Entrant `json:"entrant"`
	Scores  []int   `json:"scores"`
	Total   int     `json:"total"`
	Lowest  int     `json:"lowest"`
	Rank    int     `json:"rank,omitempty"`
	// Seat is the seed's place a contestant holds in a challenge round
	// (0: a challenger without one).
	Seat     int  `json:"seat,omitempty"`
	Advances bool `json:"advances,omitempty"`
}

// RankStandings ranks a round's standings: an entrant with every one of
// the scorers' scores is ranked by its total, highest first; equal totals
// are ordered by the higher lowest score (the steadier performance); still
// equal, they share a rank (1, 2, 2, 4) and are listed by entrant id. An
// entrant missing a score comes last, unranked. The first advance ranks
// advance (all who tie at the cut).
func RankStandings(list []Standing, scorers, advance int) {
	for i := range list {
		s := &list[i]
		s.Total, s.Lowest, s.Rank, s.Advances = 0, 0, 0, false
		for j, p := range s.Scores {
			s.Total += p
			if j == 0 || p < s.Lowest {
				s.Lowest = p
			}
		}
	}
	complete := func(s Standing) bool { return scorers > 0 && len(s.Scores) == scorers }
	order := func(a, b Standing) int {
		if ca, cb := complete(a), complete(b); ca != cb {
			if ca {
				return -1
			}
			return 1
		} else if !ca {
			return 0
		}
		return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(b.Lowest, a.Lowest))
	}
	slices.SortStableFunc(list, func(a, b Standing) int {
		return cmp.Or(order(a, b), cmp.Compare(a.Entrant.ID, b.Entrant.ID))
	})
	for i := range list {
		switch {
		case !complete(list[i]):
		case i > 0 && order(list[i-1], list[i]) == 0:
			list[i].Rank = list[i-1].Rank
		default:
			list[i].Rank = i + 1
		}
		list[i].Advances = list[i].Rank > 0 && list[i].Rank <= advance
	}
}

// BoutInput is a challenge bout (擂台对决): a challenger against the
// contestant holding a seat, each side's score in hundredths.
type BoutInput struct {
	ChallengerID     int64 `json:"challenger_id"`
	SeedID           int64 `json:"seed_id"`
	ChallengerPoints int   `json:"challenger_points"`
	SeedPoints       int   `json:"seed_points"`
	HeldOn           Date  `json:"held_on"`
}

// Validate checks the bout's rules that need no data.
func (in BoutInput) Validate(v *ValidationError, today Date) {
	if in.ChallengerID == 0 {
		v.Add("challenger_id", "请选择挑战者", "choose the challenger")
	}
	if in.SeedID == 0 || in.SeedID == in.ChallengerID {
		v.Add("seed_id", "请选择擂主", "choose the seeded contestant")
	}
	for f, p := range map[string]int{"challenger_points": in.ChallengerPoints, "seed_points": in.SeedPoints} {
		if p < 0 || p > MaxPoints {
			v.Add(f, "分数须在0到"+FormatPoints(MaxPoints)+"之间", "the score is from 0 to "+FormatPoints(MaxPoints))
		}
	}
	if in.HeldOn.IsZero() || (!today.IsZero() && today.Before(in.HeldOn)) {
		v.Add("held_on", "请填写对决日期（不晚于今天）", "give the bout's date (not in the future)")
	}
}

// ChallengerWins reports the bout's result: the challenger wins with the
// higher score; a tie leaves the seed in its seat.
func (in BoutInput) ChallengerWins() bool { return in.ChallengerPoints > in.SeedPoints }

// Bout is a challenge bout on record.
type Bout struct {
	ID               int64  `json:"id"`
	RoundID          int64  `json:"round_id"`
	ChallengerID     int64  `json:"challenger_id"`
	Challenger       string `json:"challenger"`
	SeedID           int64  `json:"seed_id"`
	Seed             string `json:"seed"`
	Seat             int    `json:"seat"`
	ChallengerPoints int    `json:"challenger_points"`
	SeedPoints       int    `json:"seed_points"`
	ChallengerWon    bool   `json:"challenger_won"`
	HeldOn           Date   `json:"held_on"`
}

// The ways into the talent pool.
const (
	TalentFinalist  = "final"
	TalentChallenge = "challenge"
)

// TalentReasons lists them.
var TalentReasons = []Choice{
	{TalentFinalist, Message{"决赛选手", "Finalist"}},
	{TalentChallenge, Message{"挑战成功", "Challenge winner"}},
}

// Talent is an entry of the talent pool (人才库): a finalist placed in a
// trade's final, or a challenger who took a seat.
type Talent struct {
	ID            int64  `json:"id"`
	EntrantID     int64  `json:"entrant_id"`
	PersonID      int64  `json:"person_id,omitempty"`
	Name          string `json:"name"`
	IDMasked      string `json:"id_masked"`
	Unit          string `json:"unit,omitempty"`
	CompetitionID int64  `json:"competition_id"`
	Competition   string `json:"competition"`
	Kind          string `json:"kind"`
	Trade         string `json:"trade"`
	Year          int    `json:"year"`
	Rank          int    `json:"rank"`
	Reason        string `json:"reason"`
	EnteredOn     Date   `json:"entered_on"`
	OrgName       string `json:"org_name,omitempty"`
}

// TalentFilter selects entries of the talent pool.
type TalentFilter struct {
	OrgID    int64
	Year     int
	Kind     string
	Trade    string
	Reason   string
	PersonID int64
	Query    string
	Page
}

// The catalogue holds the competition figures.
var _ = RegisterIndicators(76, []Indicator{
	{Key: "competitions_held", Name: Message{"当年举办劳动和技能竞赛", "Competitions held in the year"}, Unit: unitCount,
		Definition: Message{"子树内工会主办、当年1月1日至当日开始的竞赛（各类）", "events (every kind) organised by the subtree's unions that began from 1 January to the day"}},
	{Key: "competitions_craftsman", Name: Message{"当年举办北京大工匠挑战赛", "Beijing Craftsman challenges held in the year"}, Unit: unitCount,
		Definition: Message{"其中北京大工匠挑战赛", "of which Beijing Craftsman challenges"}},
	{Key: "competition_entrants", Name: Message{"当年竞赛参赛人次", "Competition entrants in the year"}, Unit: unitPersons,
		Definition: Message{"这些竞赛各工种的参赛人次（含擂台挑战者）", "the entrants of those events' trades (challengers included), each trade counted"}},
	{Key: "competition_finalists", Name: Message{"当年竞赛决赛选手", "Competition finalists in the year"}, Unit: unitPersons,
		Definition: Message{"子树内工会主办的竞赛当年1月1日至当日结束的决赛的选手人次", "the entrants of finals of the subtree's events closed from 1 January to the day"}},
	{Key: "competition_bouts", Name: Message{"当年擂台挑战对决", "Challenge bouts in the year"}, Unit: unitCount,
		Definition: Message{"子树内工会主办的擂台挑战赛当年1月1日至当日进行的对决场次", "the bouts of the subtree's challenge rounds held from 1 January to the day"}},
	{Key: "talent_pool", Name: Message{"人才库入库人次", "Talent pool entries"}, Unit: unitPersons,
		Definition: Message{"截至当日子树内工会主办的竞赛的决赛选手和挑战成功者入库人次", "finalists and challenge winners of the subtree's events in the pool on the day"}},
})

// SeatOrder lists a challenge round's standings by the seats held, first
// seat first, then those without one by entrant id.
func SeatOrder(list []Standing) {
	slices.SortStableFunc(list, func(a, b Standing) int {
		if (a.Seat == 0) != (b.Seat == 0) {
			if a.Seat == 0 {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.Seat, b.Seat), cmp.Compare(a.Entrant.ID, b.Entrant.ID))
	})
}

// ContestEventName is the name a final's contest results carry: the
// event's title and the trade ("第二届京津冀职工职业技能大赛·焊工"), what a
// subsidy's rules name among the events that count.
func ContestEventName(x Competition, t Trade) string { return x.Title + "·" + t.Name }

// ContestEntry is a person's entry in a trade, as their page shows it:
// the furthest round reached and the rank kept there (0: none yet; in a
// challenge round the seat held), and the place in the trade's final.
type ContestEntry struct {
	CompetitionID int64  `json:"competition_id"`
	Competition   string `json:"competition"`
	Kind          string `json:"kind"`
	Year          int    `json:"year"`
	Trade         string `json:"trade"`
	Stage         string `json:"stage,omitempty"`
	Rank          int    `json:"rank,omitempty"`
	FinalRank     int    `json:"final_rank,omitempty"`
	Challenger    bool   `json:"challenger,omitempty"`
}

// ParseRoundPlans reads a trade's rounds as a form and an import write
// them: rounds separated by "|" (or "｜"), each its stage (a name or key)
// followed by its scorers and how many advance, e.g. "初赛 2 30 | 决赛 5 3
// | 擂台挑战赛". Numbers left out are 0, for Validate to judge.
func ParseRoundPlans(s string) ([]RoundPlan, error) {
	s = strings.ReplaceAll(s, "｜", "|")
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []RoundPlan
	for i, part := range strings.Split(s, "|") {
		f := strings.Fields(part)
		if len(f) == 0 || len(f) > 3 {
			return nil, Invalid("rounds", fmt.Sprintf("第%d轮应写作“赛段 评分人数 晋级人数”", i+1), fmt.Sprintf("round %d reads “stage scorers advance”", i+1))
		}
		p := RoundPlan{Stage: choiceOrSelf(RoundStages, f[0])}
		for j, n := range f[1:] {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 || v > 100000 {
				return nil, Invalid("rounds", fmt.Sprintf("第%d轮的人数“%s”不是非负整数", i+1, n), fmt.Sprintf("round %d: “%s” is not a whole number", i+1, n))
			}
			if j == 0 {
				p.Scorers = v
			} else {
				p.Advance = v
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// FormatRoundPlans writes rounds as ParseRoundPlans reads them.
func FormatRoundPlans(rounds []RoundPlan) string {
	parts := make([]string, len(rounds))
	for i, r := range rounds {
		parts[i] = ChoiceName(RoundStages, r.Stage).Zh
		if r.Stage != StageChallenge {
			parts[i] += " " + strconv.Itoa(r.Scorers)
			if r.Advance > 0 {
				parts[i] += " " + strconv.Itoa(r.Advance)
			}
		}
	}
	return strings.Join(parts, " | ")
}

// ParseTrades reads an event's trades as its form writes them, one a
// line: the trade's name, a colon, its rounds (ParseRoundPlans), e.g.
// "焊工：初赛 2 30 | 决赛 5 3 | 擂台挑战赛".
func ParseTrades(s string) ([]TradeInput, error) {
	var out []TradeInput
	for i, line := range strings.Split(strings.ReplaceAll(s, "：", ":"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, plan, ok := strings.Cut(line, ":")
		rounds, err := ParseRoundPlans(plan)
		if !ok || err != nil {
			return nil, Invalid("trades", fmt.Sprintf("第%d行应写作“工种：赛段 评分人数 晋级人数 | …”", i+1), fmt.Sprintf("line %d reads “trade: stage scorers advance | …”", i+1))
		}
		out = append(out, TradeInput{Name: strings.TrimSpace(name), Rounds: rounds})
	}
	return out, nil
}
