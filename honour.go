package gonghui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The honours registry (荣誉): model workers (劳动模范, 先进工作者) and the
// “两模一优” awards — 模范职工之家 (to a union), 模范职工小家 (to a team
// under a union), 优秀工会工作者 (to a person) — each with its level and
// year, registered directly or created when a round's list is approved.

// The kinds of honour.
const (
	HonourModelHome       = "model_home"       // 模范职工之家
	HonourModelSmallHome  = "model_small_home" // 模范职工小家
	HonourExcellentWorker = "excellent_worker" // 优秀工会工作者
	HonourModelWorker     = "model_worker"     // 劳动模范
	HonourAdvancedWorker  = "advanced_worker"  // 先进工作者
)

// HonourKinds lists the kinds in form order.
var HonourKinds = []Choice{
	{HonourModelHome, Message{"模范职工之家", "Model worker home"}},
	{HonourModelSmallHome, Message{"模范职工小家", "Model small worker home"}},
	{HonourExcellentWorker, Message{"优秀工会工作者", "Excellent union worker"}},
	{HonourModelWorker, Message{"劳动模范", "Model worker"}},
	{HonourAdvancedWorker, Message{"先进工作者", "Advanced worker"}},
}

// HonourToUnion reports whether a kind is awarded to a union (a small home
// to a team of it) rather than to a person.
func HonourToUnion(kind string) bool { return kind == HonourModelHome || kind == HonourModelSmallHome }

// The levels of honour, highest first: the order the lower-title rule reads.
const (
	HonourNational = "national"
	HonourCity     = "city"
	HonourDistrict = "district"
)

// HonourLevels lists the levels, highest first.
var HonourLevels = []Choice{
	{HonourNational, Message{"全国", "National"}},
	{HonourCity, Message{"市级", "City"}},
	{HonourDistrict, Message{"区级（局级、产业）", "District (bureau, industry)"}},
}

// HonourLevelBelow is the level a title is held at before this one; false
// at the lowest level, where nothing comes first.
func HonourLevelBelow(level string) (string, bool) {
	for i, c := range HonourLevels {
		if c.Key == level && i+1 < len(HonourLevels) {
			return HonourLevels[i+1].Key, true
		}
	}
	return "", false
}

// HonourCategories are the sectors a person's honour is counted in, for
// the list's shares (front-line workers at least …, heads at most …).
var HonourCategories = []Choice{
	{"front_line", Message{"一线职工", "Front-line workers"}},
	{"sci_edu", Message{"科教人员", "Science and education"}},
	{"head", Message{"企业负责人", "Enterprise heads"}},
	{"cadre", Message{"机关事业单位干部", "Public-service cadres"}},
	{"other", Message{"其他", "Other"}},
}

// The statuses of an honour.
const (
	HonourInForce  = "in_force"
	HonourRevoked  = "revoked"
	HonourDeceased = "deceased" // a person's title, kept in the registry
)

// HonourStatuses lists the statuses.
var HonourStatuses = []Choice{
	{HonourInForce, Message{"有效", "In force"}},
	{HonourRevoked, Message{"已撤销", "Revoked"}},
	{HonourDeceased, Message{"已故", "Deceased"}},
}

// Honour is a title held: by a union, a team of a union, or a person.
type Honour struct {
	ID    int64  `json:"id"`
	Kind  string `json:"kind"`
	Level string `json:"level"`
	Year  int    `json:"year"`
	// OrgID is the union awarded (a home, the team's union) or, for a
	// person, the union that keeps the person's title.
	OrgID    int64  `json:"org_id"`
	OrgName  string `json:"org_name,omitempty"`
	TeamName string `json:"team_name,omitempty"`
	// A person is a member of the register (PersonID) or a name with an
	// ID number, sealed at rest and shown masked.
	PersonID   int64  `json:"person_id,omitempty"`
	PersonName string `json:"person_name,omitempty"`
	IDMasked   string `json:"id_masked,omitempty"`
	Category   string `json:"category,omitempty"`
	UnitName   string `json:"unit_name,omitempty"`
	RoundID    int64  `json:"round_id,omitempty"`
	AwardedOn  Date   `json:"awarded_on"`
	Status     string `json:"status"`
	// StatusOn and Reason say when and why a title was revoked (or the
	// day its holder died).
	StatusOn Date          `json:"status_on,omitzero"`
	Reason   string        `json:"reason,omitempty"`
	History  []HonourEvent `json:"history,omitempty"`
	Version  int64         `json:"version"`
}

// HonourEvent is one line of an honour's history.
type HonourEvent struct {
	On     Date   `json:"on"`
	Action string `json:"action"` // awarded, revoked, deceased
	Reason string `json:"reason,omitempty"`
	By     string `json:"by,omitempty"`
}

// HonourRecipient names who an honour or nomination goes to.
type HonourRecipient struct {
	// OrgID is the union awarded (or, for a person, the union keeping the
	// title); TeamName the team of a small home.
	OrgID    int64  `json:"org_id"`
	TeamName string `json:"team_name,omitempty"`
	PersonID int64  `json:"person_id,omitempty"`
	// PersonName and IDNumber name a person outside the register.
	PersonName string `json:"person_name,omitempty"`
	IDNumber   string `json:"id_number,omitempty"`
	Category   string `json:"category,omitempty"`
	UnitName   string `json:"unit_name,omitempty"`
}

// HonourInput registers a title held (a model worker's, an award of
// earlier years) without a round.
type HonourInput struct {
	Kind      string          `json:"kind"`
	Level     string          `json:"level"`
	Year      int             `json:"year"`
	Recipient HonourRecipient `json:"recipient"`
	AwardedOn Date            `json:"awarded_on"`
}

// Normalize trims the recipient's texts and reads code names.
func (r *HonourRecipient) Normalize() {
	r.TeamName = strings.TrimSpace(r.TeamName)
	r.PersonName = strings.TrimSpace(r.PersonName)
	r.IDNumber = strings.ToUpper(strings.TrimSpace(r.IDNumber))
	r.UnitName = strings.TrimSpace(r.UnitName)
	if k, ok := ChoiceKey(HonourCategories, r.Category); ok {
		r.Category = k
	}
}

// Validate checks a recipient for an honour of kind.
func (r *HonourRecipient) Validate(v *ValidationError, kind string) {
	if r.OrgID == 0 {
		v.Add("org_id", "请选择工会", "choose the union")
	}
	switch {
	case kind == HonourModelSmallHome:
		textField(v, "team_name", r.TeamName, 100, "请填写车间（班组）名称", "the workshop or team is required", "车间（班组）名称不能超过100个字", "the team name must be at most 100 characters")
	case r.TeamName != "":
		v.Add("team_name", "只有模范职工小家授予车间（班组）", "only a model small home goes to a team")
	}
	if HonourToUnion(kind) {
		if r.PersonID != 0 || r.PersonName != "" || r.IDNumber != "" {
			v.Add("person_name", "该荣誉授予工会，不授予个人", "this honour goes to a union, not a person")
		}
		return
	}
	if r.PersonID == 0 {
		textField(v, "person_name", r.PersonName, 50, "请选择会员或填写姓名", "choose a member or give the name", "姓名不能超过50个字", "the name must be at most 50 characters")
		if r.IDNumber == "" {
			v.Add("id_number", "请填写公民身份号码", "the citizen ID number is required")
		}
	}
	if !IsChoiceKey(HonourCategories, r.Category) {
		v.Add("category", "请选择类别", "choose the category")
	}
	if utf8.RuneCountInString(r.UnitName) > 100 {
		v.Add("unit_name", "单位名称不能超过100个字", "the unit name must be at most 100 characters")
	}
}

// Normalize trims the input and reads code names.
func (in *HonourInput) Normalize() {
	in.Kind = choiceOrSelf(HonourKinds, in.Kind)
	in.Level = choiceOrSelf(HonourLevels, in.Level)
	in.Recipient.Normalize()
}

// Validate checks the input's rules that need no data.
func (in *HonourInput) Validate(v *ValidationError, today Date) {
	validKindLevelYear(v, in.Kind, in.Level, in.Year, today)
	in.Recipient.Validate(v, in.Kind)
	switch {
	case in.AwardedOn.IsZero():
		v.Add("awarded_on", "请填写授予日期", "the award date is required")
	case !today.IsZero() && today.Before(in.AwardedOn):
		v.Add("awarded_on", "授予日期不能晚于今天", "the award date cannot be in the future")
	case in.Year != 0 && yearOf(in.AwardedOn) < in.Year:
		v.Add("awarded_on", "授予日期不能早于评选年度", "the award date cannot be before the year of the award")
	}
}

func validKindLevelYear(v *ValidationError, kind, level string, year int, today Date) {
	if !IsChoiceKey(HonourKinds, kind) {
		v.Add("kind", "请选择荣誉类型", "choose the kind of honour")
	}
	if !IsChoiceKey(HonourLevels, level) {
		v.Add("level", "请选择级别", "choose the level")
	}
	if year < 1950 || (!today.IsZero() && year > yearOf(today)+1) {
		v.Add("year", "年度无效", "invalid year")
	}
}

func yearOf(d Date) int {
	y, _, _ := d.Parts()
	return y
}

func choiceOrSelf(list []Choice, s string) string {
	if k, ok := ChoiceKey(list, s); ok {
		return k
	}
	return strings.TrimSpace(s)
}

// HonourStatusInput revokes a title or records its holder's death.
type HonourStatusInput struct {
	Status  string `json:"status"` // revoked or deceased
	On      Date   `json:"on"`
	Reason  string `json:"reason"`
	Version int64  `json:"version"`
}

// Validate checks a change of status of h.
func (in *HonourStatusInput) Validate(v *ValidationError, h Honour, today Date) {
	in.Reason = strings.TrimSpace(in.Reason)
	switch {
	case in.Status != HonourRevoked && in.Status != HonourDeceased:
		v.Add("status", "只能撤销或登记已故", "a title is revoked or its holder recorded deceased")
	case h.Status != HonourInForce:
		v.Add("status", "该荣誉已不在有效状态", "the honour is no longer in force")
	case in.Status == HonourDeceased && HonourToUnion(h.Kind):
		v.Add("status", "授予工会的荣誉不能登记已故", "an honour of a union has no holder to die")
	}
	switch {
	case in.On.IsZero():
		v.Add("on", "请填写日期", "the date is required")
	case !today.IsZero() && today.Before(in.On):
		v.Add("on", "日期不能晚于今天", "the date cannot be in the future")
	case in.On.Before(h.AwardedOn):
		v.Add("on", "日期不能早于授予日期", "the date cannot be before the award date")
	}
	if in.Status == HonourRevoked {
		textField(v, "reason", in.Reason, 500, "请填写撤销原因", "the reason is required", "原因不能超过500个字", "the reason must be at most 500 characters")
	}
}

// HonourFilter selects honours in a list.
type HonourFilter struct {
	OrgID    int64  // honours kept in this union's subtree; 0 = the whole scope
	Kind     string // "" = every kind
	Level    string
	Year     int
	Status   string
	PersonID int64 // a member's honours (by the person or the ID number's index)
	Query    string
	Page
}

// HonourRules are the rules of a round, kept as data (JSON) by the
// federation. The union rules read what gonghui holds of the nominee union;
// the shares read the list as a whole.
type HonourRules struct {
	// LowerTitle: the nominee holds the same title one level below, in
	// force (vacuous at the lowest level).
	LowerTitle bool `json:"lower_title,omitempty"`
	// MinMembershipRate is in whole percent: the union's members ÷ the staff
	// of the units it covers.
	MinMembershipRate int `json:"min_membership_rate,omitempty"`
	// Congress and Disclosure: every unit the union covers has the system
	// in force (and it covers one at least).
	Congress   bool          `json:"congress,omitempty"`
	Disclosure bool          `json:"disclosure,omitempty"`
	Shares     []HonourShare `json:"shares,omitempty"`
}

// HonourShare bounds one category's share of a list, in whole percent.
type HonourShare struct {
	Category string `json:"category"`
	Min      *int   `json:"min,omitempty"`
	Max      *int   `json:"max,omitempty"`
}

// ParseHonourRules reads a round's rules, naming each bad field (under
// "rules."); empty text is no rules.
func ParseHonourRules(data []byte) (HonourRules, error) {
	var r HonourRules
	if len(bytes.TrimSpace(data)) == 0 || string(bytes.TrimSpace(data)) == "null" {
		return r, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return HonourRules{}, Invalid("rules."+te.Field, "类型不符", "wrong type: "+te.Value)
		}
		return HonourRules{}, Invalid("rules", "规则不是有效的JSON："+err.Error(), "the rules are not valid JSON: "+err.Error())
	}
	if dec.More() {
		return HonourRules{}, Invalid("rules", "规则之后还有多余内容", "text follows the rules")
	}
	v := &ValidationError{}
	r.validate(v)
	return r, v.Err()
}

func (r HonourRules) validate(v *ValidationError) {
	if r.MinMembershipRate < 0 || r.MinMembershipRate > 100 {
		v.Add("rules.min_membership_rate", "入会率须在0到100之间", "the membership rate must be between 0 and 100")
	}
	seen := map[string]bool{}
	for i, s := range r.Shares {
		f := "rules.shares." + strconv.Itoa(i)
		switch {
		case !IsChoiceKey(HonourCategories, s.Category):
			v.Add(f+".category", "类别未知", "unknown category")
		case seen[s.Category]:
			v.Add(f+".category", "类别重复", "the category is given twice")
		}
		seen[s.Category] = true
		for _, b := range []struct {
			name string
			p    *int
		}{{"min", s.Min}, {"max", s.Max}} {
			if b.p != nil && (*b.p < 0 || *b.p > 100) {
				v.Add(f+"."+b.name, "比例须在0到100之间", "the share must be between 0 and 100")
			}
		}
		switch {
		case s.Min == nil && s.Max == nil:
			v.Add(f, "请给出下限或上限", "give a minimum or a maximum")
		case s.Min != nil && s.Max != nil && *s.Min > *s.Max:
			v.Add(f+".max", "上限不能低于下限", "the maximum cannot be below the minimum")
		}
	}
}

// forKind checks that the rules fit a kind: union rules for unions,
// shares for persons.
func (r HonourRules) forKind(v *ValidationError, kind string) {
	if HonourToUnion(kind) {
		if len(r.Shares) > 0 {
			v.Add("rules.shares", "类别比例只适用于个人荣誉", "category shares apply to honours of persons")
		}
		return
	}
	if r.MinMembershipRate > 0 || r.Congress || r.Disclosure {
		v.Add("rules", "入会率、职代会和厂务公开规则只适用于授予工会的荣誉", "membership, congress and disclosure rules apply to honours of unions")
	}
}

// JSON is the rules as stored: canonical, so equal rules read equal.
func (r HonourRules) JSON() string {
	b, _ := json.Marshal(r) // plain fields: never fails
	return string(b)
}

// RuleFailure is a rule a nominee or a list does not meet.
type RuleFailure struct {
	Rule string  `json:"rule"` // lower_title, min_membership_rate, congress, disclosure, quota, shares.<category>
	Why  Message `json:"why"`
}

// NomineeFacts are what gonghui holds of a nominee on the day it is
// checked: computed, never typed.
type NomineeFacts struct {
	// HasLowerTitle: the same title one level below, in force.
	HasLowerTitle bool `json:"has_lower_title"`
	// Members of the union, Staff of the units it covers; Units those
	// units, of which CongressUnits and DisclosureUnits have the system.
	Members         int64 `json:"members"`
	Staff           int64 `json:"staff"`
	Units           int64 `json:"units"`
	CongressUnits   int64 `json:"congress_units"`
	DisclosureUnits int64 `json:"disclosure_units"`
}

// MembershipRate is the union's members ÷ staff, in percent (0 without
// staff).
func (f NomineeFacts) MembershipRate() float64 {
	if f.Staff <= 0 {
		return 0
	}
	return float64(f.Members) * 100 / float64(f.Staff)
}

// CheckNominee lists the rules a nominee of a round at level fails.
func (r HonourRules) CheckNominee(kind, level string, f NomineeFacts) []RuleFailure {
	var out []RuleFailure
	if below, ok := HonourLevelBelow(level); r.LowerTitle && ok && !f.HasLowerTitle {
		name := ChoiceName(HonourLevels, below)
		out = append(out, RuleFailure{"lower_title", Message{"未获得" + name.Zh + ChoiceName(HonourKinds, kind).Zh + "称号",
			"does not hold the " + strings.ToLower(name.En) + "-level title first"}})
	}
	if r.MinMembershipRate > 0 && (f.Staff <= 0 || f.Members*100 < int64(r.MinMembershipRate)*f.Staff) {
		rate := fmt.Sprintf("%.1f%%", f.MembershipRate())
		out = append(out, RuleFailure{"min_membership_rate", Message{
			fmt.Sprintf("入会率%s（会员%d人，职工%d人），低于%d%%", rate, f.Members, f.Staff, r.MinMembershipRate),
			fmt.Sprintf("membership rate %s (%d members, %d staff) is below %d%%", rate, f.Members, f.Staff, r.MinMembershipRate)}})
	}
	for _, sys := range []struct {
		on     bool
		rule   string
		has    int64
		zh, en string
	}{{r.Congress, "congress", f.CongressUnits, "职代会制度", "a workers' congress"}, {r.Disclosure, "disclosure", f.DisclosureUnits, "厂务公开制度", "affairs disclosure"}} {
		if sys.on && (f.Units == 0 || sys.has < f.Units) {
			out = append(out, RuleFailure{sys.rule, Message{
				fmt.Sprintf("所覆盖的%d家单位中%d家建立了%s", f.Units, sys.has, sys.zh),
				fmt.Sprintf("%d of the %d units covered have %s in force", sys.has, f.Units, sys.en)}})
		}
	}
	return out
}

// CheckHonourList lists what a round's list (the categories of its
// nominees, one each) breaks: its quota and the rules' shares.
func CheckHonourList(r HonourRules, quota int, categories []string) []RuleFailure {
	var out []RuleFailure
	n := len(categories)
	if n > quota {
		out = append(out, RuleFailure{"quota", Message{fmt.Sprintf("名单%d人（个），超过名额%d", n, quota),
			fmt.Sprintf("the list of %d is over its quota of %d", n, quota)}})
	}
	if n == 0 {
		return out
	}
	for _, s := range r.Shares {
		var k int
		for _, c := range categories {
			if c == s.Category {
				k++
			}
		}
		name := ChoiceName(HonourCategories, s.Category)
		share := fmt.Sprintf("%d/%d", k, n)
		if s.Min != nil && k*100 < *s.Min*n {
			out = append(out, RuleFailure{"shares." + s.Category, Message{fmt.Sprintf("%s占%s，低于%d%%", name.Zh, share, *s.Min),
				fmt.Sprintf("%s are %s, below %d%%", name.En, share, *s.Min)}})
		}
		if s.Max != nil && k*100 > *s.Max*n {
			out = append(out, RuleFailure{"shares." + s.Category, Message{fmt.Sprintf("%s占%s，超过%d%%", name.Zh, share, *s.Max),
				fmt.Sprintf("%s are %s, above %d%%", name.En, share, *s.Max)}})
		}
	}
	return out
}

// AddFailures adds each failure as a field error under prefix.
func AddFailures(v *ValidationError, prefix string, fs []RuleFailure) {
	for _, f := range fs {
		v.Add(prefix+f.Rule, f.Why.Zh, f.Why.En)
	}
}

// The states of a round and of a nomination.
const (
	RoundOpen     = "open"
	RoundApproved = "approved"

	NominationPending   = "nominated"
	NominationAwarded   = "awarded"
	NominationWithdrawn = "withdrawn"
)

// HonourRound is a selection (评选) of one kind, level and year, held by a
// union: nominations come from the unions below it, and it (or a union
// above it) approves the list.
type HonourRound struct {
	ID         int64       `json:"id"`
	Kind       string      `json:"kind"`
	Level      string      `json:"level"`
	Year       int         `json:"year"`
	OrgID      int64       `json:"org_id"`
	OrgName    string      `json:"org_name,omitempty"`
	Title      string      `json:"title"`
	Quota      int         `json:"quota"`
	Rules      HonourRules `json:"rules"`
	State      string      `json:"state"`
	ApprovedOn Date        `json:"approved_on,omitzero"`
	Nominated  int         `json:"nominated"`
	Version    int64       `json:"version"`
}

// HonourRoundInput opens a round.
type HonourRoundInput struct {
	Kind  string          `json:"kind"`
	Level string          `json:"level"`
	Year  int             `json:"year"`
	OrgID int64           `json:"org_id"`
	Title string          `json:"title"`
	Quota int             `json:"quota"`
	Rules json.RawMessage `json:"rules,omitempty"`
}

// Validate checks the input and parses its rules.
func (in *HonourRoundInput) Validate(v *ValidationError, today Date) HonourRules {
	in.Kind = choiceOrSelf(HonourKinds, in.Kind)
	in.Level = choiceOrSelf(HonourLevels, in.Level)
	in.Title = strings.TrimSpace(in.Title)
	validKindLevelYear(v, in.Kind, in.Level, in.Year, today)
	if in.OrgID == 0 {
		v.Add("org_id", "请选择评选工会", "choose the union holding the round")
	}
	textField(v, "title", in.Title, 200, "请填写评选名称", "the title is required", "评选名称不能超过200个字", "the title must be at most 200 characters")
	if in.Quota < 1 || in.Quota > 100000 {
		v.Add("quota", "名额须在1到100000之间", "the quota must be between 1 and 100000")
	}
	r, err := ParseHonourRules(in.Rules)
	var rv *ValidationError
	if errors.As(err, &rv) {
		for f, m := range rv.Fields {
			v.Add(f, m.Zh, m.En)
		}
	}
	r.forKind(v, in.Kind)
	return r
}

// HonourNomination is a nominee of a round, put forward by a union below
// the round's.
type HonourNomination struct {
	ID        int64           `json:"id"`
	RoundID   int64           `json:"round_id"`
	ByOrgID   int64           `json:"by_org_id"` // the nominating union
	ByOrg     string          `json:"by_org,omitempty"`
	Recipient HonourRecipient `json:"recipient"`
	OrgName   string          `json:"org_name,omitempty"`
	IDMasked  string          `json:"id_masked,omitempty"`
	State     string          `json:"state"`
	// Failures are the rules it fails today (read on the round's list).
	Failures []RuleFailure `json:"failures,omitempty"`
}

// HonourNominationInput puts a nominee into a round.
type HonourNominationInput struct {
	RoundID   int64           `json:"round_id"`
	Recipient HonourRecipient `json:"recipient"`
}

// Eligible is a union of the actor's subtree and what its rules read.
type Eligible struct {
	OrgID    int64         `json:"org_id"`
	OrgName  string        `json:"org_name"`
	Facts    NomineeFacts  `json:"facts"`
	Rate     float64       `json:"membership_rate"`
	Failures []RuleFailure `json:"failures,omitempty"`
}

// The catalogue holds the honours' figures.
var _ = RegisterIndicators(74, []Indicator{
	{Key: "honours_model_homes", Name: Message{"当年获评模范职工之家", "Model worker homes awarded in the year"}, Unit: unitCount,
		Definition: Message{"子树内工会当年1月1日至当日获授、未撤销的模范职工之家（各级）", "model worker homes (every level) awarded to the subtree's unions from 1 January to the day, not revoked"}},
	{Key: "honours_model_small_homes", Name: Message{"当年获评模范职工小家", "Model small homes awarded in the year"}, Unit: unitCount,
		Definition: Message{"子树内工会的车间（班组）当年获授、未撤销的模范职工小家（各级）", "model small homes (every level) awarded to teams of the subtree's unions in the year to the day, not revoked"}},
	{Key: "honours_excellent_workers", Name: Message{"当年获评优秀工会工作者", "Excellent union workers awarded in the year"}, Unit: unitPersons,
		Definition: Message{"子树内工会当年获授、未撤销的优秀工会工作者（各级）", "excellent union workers (every level) awarded at the subtree's unions in the year to the day, not revoked"}},
	{Key: "model_workers", Name: Message{"劳动模范和先进工作者", "Model and advanced workers"}, Unit: unitPersons,
		Definition: Message{"子树内工会登记、当日有效（未撤销、健在）的劳动模范和先进工作者称号（各级）", "model and advanced worker titles (every level) kept by the subtree's unions, in force on the day (not revoked, holder living)"}},
	{Key: "model_workers_national", Name: Message{"其中全国劳动模范和先进工作者", "of which national"}, Unit: unitPersons,
		Definition: Message{"其中全国级称号", "of which titles at the national level"}},
	{Key: "model_workers_city", Name: Message{"其中市级劳动模范和先进工作者", "of which city-level"}, Unit: unitPersons,
		Definition: Message{"其中市级称号", "of which titles at the city level"}},
})
