package gonghui

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A service project (服务项目: the “十大品牌” and the others a union runs)
// is evaluated once a year (服务项目评估体系): its indicators against their
// targets, and the ratings of members and cadres, weighed by the project's
// own weights into a score out of 100 — computed, never typed.

// ProjectWeights are the parts of the score, in percent, summing to 100.
type ProjectWeights struct {
	Indicators int `json:"indicators"`
	Members    int `json:"members"`
	Cadres     int `json:"cadres"`
}

// DefaultProjectWeights weigh the indicators half and the ratings the rest.
var DefaultProjectWeights = ProjectWeights{Indicators: 50, Members: 30, Cadres: 20}

// ServiceProject is a union's service project.
type ServiceProject struct {
	ID          int64          `json:"id"`
	OrgID       int64          `json:"org_id"`
	OrgName     string         `json:"org_name,omitempty"`
	Name        string         `json:"name"`
	Brand       bool           `json:"brand"` // one of the “十大品牌”
	Description string         `json:"description,omitempty"`
	Weights     ProjectWeights `json:"weights"`
	// StationKind, when set, is the kind of station the project runs
	// (暖心驿站…): its stations' ratings in the union's subtree count as
	// the project's members' ratings.
	StationKind string `json:"station_kind,omitempty"`
	Version     int64  `json:"version"`
}

// ServiceProjectInput records a project.
type ServiceProjectInput struct {
	OrgID       int64          `json:"org_id"`
	Name        string         `json:"name"`
	Brand       bool           `json:"brand"`
	Description string         `json:"description"`
	Weights     ProjectWeights `json:"weights"`
	StationKind string         `json:"station_kind"`
	Version     int64          `json:"version,omitempty"`
}

// ToInput is the input that records p as it is.
func (p ServiceProject) ToInput() ServiceProjectInput {
	return ServiceProjectInput{OrgID: p.OrgID, Name: p.Name, Brand: p.Brand, Description: p.Description, Weights: p.Weights, StationKind: p.StationKind,
		Version: p.Version}
}

// Validate checks a project: a union, a name, weights of 0–100 summing to
// 100 (all zero: the default weights).
func (in *ServiceProjectInput) Validate(v *ValidationError) {
	in.Name, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	if in.OrgID == 0 {
		v.Add("org_id", "请选择开展项目的工会", "choose the union running the project")
	}
	textField(v, "name", in.Name, 100, "请填写项目名称", "the name is required", "项目名称不能超过100个字", "the name must be at most 100 characters")
	if utf8.RuneCountInString(in.Description) > 2000 {
		v.Add("description", "项目简介不能超过2000个字", "the description must be at most 2000 characters")
	}
	if in.StationKind = choiceOrSelf(WorkerHomeKinds, strings.TrimSpace(in.StationKind)); in.StationKind != "" && !IsChoiceKey(WorkerHomeKinds, in.StationKind) {
		v.Add("station_kind", "请选择站点类型", "choose a kind of station")
	}
	w := in.Weights
	if w == (ProjectWeights{}) {
		in.Weights = DefaultProjectWeights
		return
	}
	for _, p := range []int{w.Indicators, w.Members, w.Cadres} {
		if p < 0 || p > 100 {
			v.Add("weights", "各项权重须在0到100之间", "each weight is between 0 and 100")
			return
		}
	}
	if w.Indicators+w.Members+w.Cadres != 100 {
		v.Add("weights", "指标、会员评价、干部评价的权重之和须为100", "the weights of indicators, members' and cadres' ratings sum to 100")
	}
}

// ProjectIndicator is one of a year's indicators: its target and what was
// reached, in the indicator's unit (persons, times, stations…).
type ProjectIndicator struct {
	Name   string `json:"name"`
	Unit   string `json:"unit"`
	Target int64  `json:"target"`
	Actual int64  `json:"actual"`
}

// Attainment is the share of the target reached, capped at the target, in
// hundredths of a percent.
func (i ProjectIndicator) Attainment() int64 {
	if i.Target <= 0 || i.Actual >= i.Target {
		return 10000
	}
	if i.Actual <= 0 {
		return 0
	}
	return i.Actual * 10000 / i.Target
}

// ProjectYearInput is a project's indicators for a year.
type ProjectYearInput struct {
	Year       int                `json:"year"`
	Indicators []ProjectIndicator `json:"indicators"`
}

// Validate checks a year's indicators: one to 20, each named once, with a
// positive target and a reach that is not negative.
func (in *ProjectYearInput) Validate(v *ValidationError, today Date) {
	validYear(v, "year", in.Year, today)
	if len(in.Indicators) == 0 || len(in.Indicators) > 20 {
		v.Add("indicators", "每年须有1到20项指标", "a year has 1 to 20 indicators")
	}
	seen := map[string]bool{}
	for i := range in.Indicators {
		ind := &in.Indicators[i]
		ind.Name, ind.Unit = strings.TrimSpace(ind.Name), strings.TrimSpace(ind.Unit)
		f := "indicators." + strconv.Itoa(i)
		textField(v, f+".name", ind.Name, 100, "请填写指标名称", "the indicator's name is required", "指标名称不能超过100个字", "a name must be at most 100 characters")
		if seen[ind.Name] {
			v.Add(f+".name", "指标重复", "the indicator is listed twice")
		}
		seen[ind.Name] = true
		if utf8.RuneCountInString(ind.Unit) > 20 {
			v.Add(f+".unit", "单位不能超过20个字", "the unit must be at most 20 characters")
		}
		if ind.Target <= 0 {
			v.Add(f+".target", "目标值须大于0", "the target must be above 0")
		}
		if ind.Actual < 0 {
			v.Add(f+".actual", "完成值不能为负", "the reach cannot be negative")
		}
	}
}

// The kinds of rater.
const (
	RaterMember = "member"
	RaterCadre  = "cadre"
)

// RaterKinds lists who rates a project.
var RaterKinds = []Choice{
	{RaterMember, Message{"会员评价", "Member"}},
	{RaterCadre, Message{"干部评价", "Cadre"}},
}

// ProjectRatingInput is one rating of a project's year, 1 to 5 stars.
type ProjectRatingInput struct {
	Year    int    `json:"year"`
	Stars   int    `json:"stars"`
	Comment string `json:"comment"`
}

// Validate checks a rating.
func (in *ProjectRatingInput) Validate(v *ValidationError, today Date) {
	in.Comment = strings.TrimSpace(in.Comment)
	validYear(v, "year", in.Year, today)
	if in.Stars < 1 || in.Stars > 5 {
		v.Add("stars", "请评1到5星", "rate from 1 to 5 stars")
	}
	if utf8.RuneCountInString(in.Comment) > 500 {
		v.Add("comment", "评语不能超过500个字", "the comment must be at most 500 characters")
	}
}

// ProjectYear is a project's evaluation for a year.
type ProjectYear struct {
	Year       int                `json:"year"`
	Indicators []ProjectIndicator `json:"indicators"`
	// Ratings by kind of rater: how many, and the mean in hundredths of
	// a star.
	MemberRatings int `json:"member_ratings"`
	MemberMean    int `json:"member_mean_cents"`
	CadreRatings  int `json:"cadre_ratings"`
	CadreMean     int `json:"cadre_mean_cents"`
	// Score is the year's score out of 100, in hundredths (see Score).
	Score int64 `json:"score_cents"`
}

// ScoreProjectYear weighs the year: the indicators' mean attainment, and
// each kind of rating's mean as a share of five stars; a part with no data
// (no indicator, no rating of that kind) leaves its weight to the others
// in proportion, and a year with none scores 0.
func ScoreProjectYear(w ProjectWeights, y ProjectYear) int64 {
	type part struct {
		weight int64
		value  int64 // hundredths of a percent
		ok     bool
	}
	var att int64
	for _, i := range y.Indicators {
		att += i.Attainment()
	}
	parts := []part{{int64(w.Indicators), 0, len(y.Indicators) > 0}, {int64(w.Members), int64(y.MemberMean) * 20, y.MemberRatings > 0},
		{int64(w.Cadres), int64(y.CadreMean) * 20, y.CadreRatings > 0}}
	if len(y.Indicators) > 0 {
		parts[0].value = att / int64(len(y.Indicators))
	}
	var weight, sum int64
	for _, p := range parts {
		if p.ok {
			weight += p.weight
			sum += p.weight * p.value
		}
	}
	if weight == 0 {
		return 0
	}
	return sum / weight
}

// ProjectFilter selects projects.
type ProjectFilter struct {
	OrgID int64
	Brand bool
	Query string
	Page
}

// ParseIndicatorLines reads a year's indicators as the form takes them, an
// indicator a line: its name, its target, what was reached, then its unit
// ("服务职工人次 10000 12500 人次"); a line it cannot read is refused with
// its number (field "indicators").
func ParseIndicatorLines(text string) ([]ProjectIndicator, error) {
	var out []ProjectIndicator
	n := 0
	for line := range strings.Lines(text) {
		n++
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		var ind ProjectIndicator
		if _, err := strconv.ParseInt(fields[len(fields)-1], 10, 64); err != nil {
			ind.Unit, fields = fields[len(fields)-1], fields[:len(fields)-1]
		}
		if len(fields) < 3 {
			return nil, Invalid("indicators", fmt.Sprintf("第%d行：应为“指标名称 目标值 完成值 单位”", n), fmt.Sprintf("line %d: want “name target reached unit”", n))
		}
		target, err1 := strconv.ParseInt(fields[len(fields)-2], 10, 64)
		actual, err2 := strconv.ParseInt(fields[len(fields)-1], 10, 64)
		if err1 != nil || err2 != nil {
			return nil, Invalid("indicators", fmt.Sprintf("第%d行：目标值和完成值应为整数", n), fmt.Sprintf("line %d: the target and the reach are whole numbers", n))
		}
		ind.Name, ind.Target, ind.Actual = strings.Join(fields[:len(fields)-2], " "), target, actual
		out = append(out, ind)
	}
	return out, nil
}

// FormatIndicatorLines writes indicators as ParseIndicatorLines reads them.
func FormatIndicatorLines(inds []ProjectIndicator) string {
	var b strings.Builder
	for _, i := range inds {
		fmt.Fprintf(&b, "%s %d %d", i.Name, i.Target, i.Actual)
		if i.Unit != "" {
			b.WriteString(" " + i.Unit)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
