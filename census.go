package gonghui

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// The yearly census (统计年报): each union confirms its figures for the
// reporting period, the level above reviews them, may correct them with a
// reason, and approves or returns them; approved figures roll up the tree.

// CensusPeriod is the reporting period of a census year Y: 1 October of
// Y-1 to 30 September of Y, with figures as of the last day.
type CensusPeriod struct {
	Year  int  `json:"year"`
	Start Date `json:"start"`
	End   Date `json:"end"` // the figures' day
}

// CensusPeriodOf returns the period of census year y.
func CensusPeriodOf(y int) CensusPeriod {
	return CensusPeriod{Year: y, Start: NewDate(y-1, time.October, 1), End: NewDate(y, time.September, 30)}
}

// CensusYearOn is the census year whose period contains d.
func CensusYearOn(d Date) int {
	y, m, _ := d.Parts()
	if m >= time.October {
		return y + 1
	}
	return y
}

// LastClosedCensusYear is the latest census year whose period has ended
// by d: the one unions are reporting on.
func LastClosedCensusYear(d Date) int { return CensusYearOn(d) - 1 }

// FirstCensusYear is the earliest census year a return may be opened for.
const FirstCensusYear = 2000

// CheckCensusYear refuses years before FirstCensusYear and periods not yet
// begun on today.
func CheckCensusYear(y int, today Date) error {
	if y < FirstCensusYear || y > CensusYearOn(today) {
		return Invalid("year", fmt.Sprintf("年度须在%d到%d之间", FirstCensusYear, CensusYearOn(today)),
			fmt.Sprintf("the year must be between %d and %d", FirstCensusYear, CensusYearOn(today)))
	}
	return nil
}

// CensusState is where a return stands: draft → submitted → approved, and
// back to draft when the level above returns it.
type CensusState string

const (
	CensusDraft     CensusState = "draft"     // 填报中
	CensusSubmitted CensusState = "submitted" // 已上报
	CensusApproved  CensusState = "approved"  // 已审核
)

// CensusStates lists the states in order.
var CensusStates = []Choice{
	{string(CensusDraft), Message{"填报中", "Draft"}},
	{string(CensusSubmitted), Message{"已上报", "Submitted"}},
	{string(CensusApproved), Message{"已审核", "Approved"}},
}

// CensusAction is what is done to a return.
type CensusAction string

const (
	CensusSave     CensusAction = "save"    // the union adjusts its draft
	CensusSubmit   CensusAction = "submit"  // the union confirms its figures
	CensusApprove  CensusAction = "approve" // the level above accepts them
	CensusSendBack CensusAction = "return"  // the level above sends them back, with a reason
	CensusCorrect  CensusAction = "correct" // the level above changes figures, each with a reason
)

// ByLevelAbove reports whether the action is the reviewing level's: only
// a union above the return's may take it, never the union itself.
func (a CensusAction) ByLevelAbove() bool {
	return a == CensusApprove || a == CensusSendBack || a == CensusCorrect
}

// censusMoves maps state and action to the next state.
var censusMoves = map[CensusState]map[CensusAction]CensusState{
	CensusDraft:     {CensusSave: CensusDraft, CensusSubmit: CensusSubmitted},
	CensusSubmitted: {CensusApprove: CensusApproved, CensusSendBack: CensusDraft, CensusCorrect: CensusSubmitted},
}

// censusActionVerbs name actions in refusals: the Chinese verb, the
// English past participle.
var censusActionVerbs = map[CensusAction]Message{
	CensusSave: {"保存", "saved"}, CensusSubmit: {"上报", "submitted"}, CensusApprove: {"审核通过", "approved"},
	CensusSendBack: {"退回", "returned"}, CensusCorrect: {"更正", "corrected"},
}

// CensusActions lists the actions open in a state.
func CensusActions(s CensusState) []CensusAction {
	var out []CensusAction
	for _, a := range []CensusAction{CensusSave, CensusSubmit, CensusApprove, CensusSendBack, CensusCorrect} {
		if _, ok := censusMoves[s][a]; ok {
			out = append(out, a)
		}
	}
	return out
}

// CensusItem is one line of a return: a count the union confirms, or a
// rate, which is never typed but recomputed from its parts.
type CensusItem struct {
	Key  string
	Name Message
	Unit Message
	// Numerator and Denominator name the figures a rate divides; empty
	// for counts.
	Numerator, Denominator string
}

// IsRate reports whether the item is a rate.
func (it CensusItem) IsRate() bool { return it.Denominator != "" }

// CensusItems are the lines of every return in catalogue order: the count
// indicators, and each rate after its parts. A rate defined over units
// (Indicator.Rate) gets its numerator and denominator as figures of their
// own, keyed KEY.numerator and KEY.denominator.
var CensusItems []CensusItem

// The catalogue is complete once the package's variables are: the
// modules register their indicators in variable initializers.
func init() { CensusItems = censusItems() }

func censusItems() []CensusItem {
	var out []CensusItem
	for _, in := range Indicators {
		it := CensusItem{Key: in.Key, Name: in.Name, Unit: in.Unit, Numerator: in.Numerator, Denominator: in.Denominator}
		if in.Rate != "" {
			it.Numerator, it.Denominator = in.Key+".numerator", in.Key+".denominator"
			out = append(out,
				CensusItem{Key: it.Numerator, Name: Message{in.Name.Zh + "（分子）", in.Name.En + " (numerator)"}, Unit: unitFirms},
				CensusItem{Key: it.Denominator, Name: Message{in.Name.Zh + "（分母）", in.Name.En + " (denominator)"}, Unit: unitFirms})
		}
		out = append(out, it)
	}
	return out
}

// CensusItemByKey finds a line of the return.
func CensusItemByKey(key string) (CensusItem, bool) {
	for _, it := range CensusItems {
		if it.Key == key {
			return it, true
		}
	}
	return CensusItem{}, false
}

// CensusFigures are a return's counts by item key (rates excluded).
type CensusFigures map[string]int64

// CensusFiguresFrom takes the counts of a computed statistic: its
// indicators and the parts of its unit-based rates.
func CensusFiguresFrom(indicators map[string]float64, rates map[string]RateResult) CensusFigures {
	f := CensusFigures{}
	for _, in := range Indicators {
		switch {
		case in.Rate != "":
			r := rates[in.Key]
			f[in.Key+".numerator"], f[in.Key+".denominator"] = int64(r.Numerator), int64(r.Denominator)
		case in.Denominator == "":
			f[in.Key] = int64(math.Round(indicators[in.Key]))
		}
	}
	return f
}

// Rate is a rate item's value in percent from the figures' parts, to two
// decimals (0 when the denominator is empty): summed parts, never averaged
// rates.
func (f CensusFigures) Rate(it CensusItem) float64 {
	d := f[it.Denominator]
	if d == 0 {
		return 0
	}
	return math.Round(float64(f[it.Numerator])*10000/float64(d)) / 100
}

// Value is an item's value: the count, or the rate from its parts.
func (f CensusFigures) Value(it CensusItem) float64 {
	if it.IsRate() {
		return f.Rate(it)
	}
	return float64(f[it.Key])
}

// Add returns f + g for every key of either.
func (f CensusFigures) Add(g CensusFigures) CensusFigures { return f.combine(g, 1) }

// Sub returns f − g for every key of either.
func (f CensusFigures) Sub(g CensusFigures) CensusFigures { return f.combine(g, -1) }

func (f CensusFigures) combine(g CensusFigures, sign int64) CensusFigures {
	out := CensusFigures{}
	for k, v := range f {
		out[k] = v
	}
	for k, v := range g {
		out[k] += sign * v
	}
	return out
}

// CensusChildFigures are a direct child's figures in a roll-up: computed
// from its records, and those of its approved return (nil when it has no
// approved return).
type CensusChildFigures struct {
	Computed CensusFigures
	Approved CensusFigures
}

// RollUpCensus returns a union's rolled-up figures: what its own level
// holds directly (its subtree's computed figures less its children's)
// plus the approved figures of each child. A child without an approved
// return adds nothing; callers flag it.
func RollUpCensus(subtree CensusFigures, children []CensusChildFigures) CensusFigures {
	out := subtree
	for _, ch := range children {
		out = out.Sub(ch.Computed)
		if ch.Approved != nil {
			out = out.Add(ch.Approved)
		}
	}
	return out
}

// CensusFigure is one count of a return: the computed snapshot beside the
// confirmed value, with the reason they differ.
type CensusFigure struct {
	Key       string `json:"key"`
	Computed  int64  `json:"computed"`
	Confirmed int64  `json:"confirmed"`
	Reason    string `json:"reason,omitempty"`
}

// CensusReturn is a union's return (统计年报表) for a census year.
type CensusReturn struct {
	ID          int64       `json:"id"`
	OrgID       int64       `json:"org_id"`
	OrgCode     string      `json:"org_code"`
	OrgName     string      `json:"org_name"`
	Year        int         `json:"year"`
	State       CensusState `json:"state"`
	AsOf        Date        `json:"as_of"` // the period's last day
	ComputedAt  time.Time   `json:"computed_at"`
	SubmittedBy string      `json:"submitted_by,omitempty"`
	SubmittedAt time.Time   `json:"submitted_at,omitzero"`
	ReviewedBy  string      `json:"reviewed_by,omitempty"`
	ReviewedAt  time.Time   `json:"reviewed_at,omitzero"`
	// ReturnReason is why the level above last sent it back.
	ReturnReason string         `json:"return_reason,omitempty"`
	Figures      []CensusFigure `json:"figures,omitempty"`
	// Version is raised by one on every update; an edit names the version
	// it was made from (see the input's Version).
	Version int64 `json:"version"`
}

// Confirmed returns the confirmed counts by key.
func (r CensusReturn) Confirmed() CensusFigures {
	f := CensusFigures{}
	for _, x := range r.Figures {
		f[x.Key] = x.Confirmed
	}
	return f
}

// CensusFigureInput sets one count: the union's adjustment or the level
// above's correction.
type CensusFigureInput struct {
	Key    string `json:"key"`
	Value  int64  `json:"value"`
	Reason string `json:"reason"`
}

// CensusInput is the body of an action on a return.
type CensusInput struct {
	Figures []CensusFigureInput `json:"figures,omitempty"`
	Reason  string              `json:"reason,omitempty"`
	// Version is the version of the return the action was taken on (see
	// OrgInput.Version).
	Version int64 `json:"version,omitempty"`
}

// MaxCensusReason is the longest reason kept.
const MaxCensusReason = 500

// FigureField is the form and API field of a figure's value in errors.
func FigureField(key string) string { return "figures." + key }

// CheckCensusStep validates an action on a return and returns the state it
// leads to. computed are the figures the action snapshots (the return's
// own for corrections). Adjusted figures need a reason whenever they
// differ from the computed value; corrections always need one; a return
// needs a reason; a submission waits for the period to end.
func CheckCensusStep(r CensusReturn, act CensusAction, in *CensusInput, computed CensusFigures, today Date) (CensusState, error) {
	next, ok := censusMoves[r.State][act]
	if !ok {
		verb, ok := censusActionVerbs[act]
		if !ok {
			verb = Message{string(act), string(act)}
		}
		st := ChoiceName(CensusStates, string(r.State))
		return r.State, Invalid("state", fmt.Sprintf("%s的年报不能%s", st.Zh, verb.Zh), fmt.Sprintf("a return in state %s cannot be %s", strings.ToLower(st.En), verb.En))
	}
	v := &ValidationError{}
	in.Reason = strings.TrimSpace(in.Reason)
	if utf8.RuneCountInString(in.Reason) > MaxCensusReason {
		v.Add("reason", "原因过长", "the reason is too long")
	}
	if act == CensusSendBack && in.Reason == "" {
		v.Add("reason", "退回须说明原因", "say why the return is sent back")
	}
	if act == CensusSubmit && !CensusPeriodOf(r.Year).End.Before(today) {
		v.Add("state", "报告期9月30日结束后方可上报", "a return can be submitted once the period has ended on 30 September")
	}
	if act == CensusCorrect && len(in.Figures) == 0 {
		v.Add("figures", "请填写要更正的指标", "name the figures to correct")
	}
	if act != CensusSave && act != CensusSubmit && act != CensusCorrect && len(in.Figures) > 0 {
		v.Add("figures", "此操作不能修改数字", "this action changes no figures")
	}
	seen := map[string]bool{}
	for i := range in.Figures {
		fi := &in.Figures[i]
		fi.Reason = strings.TrimSpace(fi.Reason)
		field := FigureField(fi.Key)
		it, ok := CensusItemByKey(fi.Key)
		switch {
		case !ok:
			v.Add(field, "未知的指标", "unknown figure")
		case it.IsRate():
			v.Add(field, "比率由分子分母计算，不能填报", "a rate is computed from its parts and cannot be typed")
		case seen[fi.Key]:
			v.Add(field, "指标重复", "the figure is listed twice")
		case fi.Value < 0 || fi.Value > 1_000_000_000:
			v.Add(field, "数值须在0到10亿之间", "the value must be between 0 and 1,000,000,000")
		case utf8.RuneCountInString(fi.Reason) > MaxCensusReason:
			v.Add(field, "原因过长", "the reason is too long")
		case act == CensusCorrect && fi.Reason == "":
			v.Add(field, "更正须说明原因", "a correction needs a reason")
		case act != CensusCorrect && fi.Value != computed[fi.Key] && fi.Reason == "":
			v.Add(field, "与计算值不同，须说明原因", "differs from the computed value: give a reason")
		}
		seen[fi.Key] = true
	}
	return next, v.Err()
}
