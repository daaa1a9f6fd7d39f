package gonghui

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Assistance programmes (帮扶项目) are data, not code: a programme names
// the fund it draws on, whom it pays, the period an application counts
// in, and its rules — who is eligible, how much is paid, the caps, the
// budget, the approval chain and the programmes that pay before it for
// the same event. The worker-development module's subsidies are
// programmes too.

// The period kinds: the span an application counts in for duplicates,
// caps and the budget.
const (
	PeriodYear     = "year"     // a calendar year: 2017
	PeriodMonth    = "month"    // a month: 2017-03
	PeriodFestival = "festival" // the New Year and Spring Festival season (两节), July to June: 2017两节 ends in June 2017
)

// PeriodKinds lists the period kinds in form order.
var PeriodKinds = []Choice{
	{PeriodYear, Message{"年度", "Year"}},
	{PeriodFestival, Message{"两节（元旦春节）", "New Year and Spring Festival"}},
	{PeriodMonth, Message{"月度", "Month"}},
}

// ProgrammePeriod is the period of a kind a day falls in.
func ProgrammePeriod(kind string, d Date) string {
	y, m, _ := d.Parts()
	switch kind {
	case PeriodMonth:
		return d.String()[:7]
	case PeriodFestival:
		// A season's visits run from the winter before to the spring
		// festival; it is named by the year the festival falls in.
		if m >= 7 {
			y++
		}
		return strconv.Itoa(y) + "-festival"
	}
	return strconv.Itoa(y)
}

// The school levels a grant (金秋助学) may pay by.
const (
	SchoolUniversity = "university"  // 大学（本科、专科）
	SchoolHigh       = "high_school" // 普通高中
	SchoolVocational = "vocational"  // 中等职业学校
)

// SchoolLevels lists the school levels in form order.
var SchoolLevels = []Choice{
	{SchoolUniversity, Message{"大学（含专科）", "University or college"}},
	{SchoolHigh, Message{"高中", "High school"}},
	{SchoolVocational, Message{"中职", "Vocational school"}},
}

// The kinds of amount rule.
const (
	AmountFixed     = "fixed"     // one amount, or the first tier that fits
	AmountFormula   = "formula"   // rate × (out of pocket − deductible), capped
	AmountRequested = "requested" // what the filer asks, capped
	AmountNone      = "none"      // nothing paid: an enrolment
)

// AmountKinds lists the amount rules in form order.
var AmountKinds = []Choice{
	{AmountFixed, Message{"定额（可按档）", "Fixed (by tier)"}},
	{AmountFormula, Message{"按公式", "By formula"}},
	{AmountRequested, Message{"按申请额（封顶）", "As requested (capped)"}},
	{AmountNone, Message{"不支付（登记参保）", "None (an enrolment)"}},
}

// The whether-on-file condition of a tier.
const (
	OnFileAny = ""
	OnFileYes = "yes"
	OnFileNo  = "no"
)

// Tier is one amount of a fixed rule and what an application must match
// for it: empty conditions match every application.
type Tier struct {
	SchoolLevel string `json:"school_level,omitempty"`
	OnFile      string `json:"on_file,omitempty"`
	// Level and Year: a subsidy's certificate level and the year of the
	// application (0: every year).
	Level     string `json:"level,omitempty"`
	Year      int    `json:"year,omitempty"`
	AmountFen int64  `json:"amount_fen"`
}

// AmountRule is how much an eligible application is paid, before caps.
type AmountRule struct {
	Kind      string `json:"kind"`
	AmountFen int64  `json:"amount_fen,omitempty"` // fixed, when no tier fits or none are given
	Tiers     []Tier `json:"tiers,omitempty"`
	// The formula: RateBP basis points (1/10,000) of the out-of-pocket
	// part above DeductibleFen. MaxFen caps a formula's or a request's
	// amount (0: no cap).
	RateBP        int64 `json:"rate_bp,omitempty"`
	DeductibleFen int64 `json:"deductible_fen,omitempty"`
	MaxFen        int64 `json:"max_fen,omitempty"`
	// PremiumFen is an enrolment's premium per member, paid by the unit
	// or the union (recorded, not paid from the fund).
	PremiumFen int64 `json:"premium_fen,omitempty"`
}

// Eligibility is who may be paid, as facts read from the register and the
// hardship files on the application's date.
type Eligibility struct {
	// Member: the person holds an active membership on the date (a
	// programme for persons).
	Member bool `json:"member,omitempty"`
	// HardshipLevels: the household is on file at one of these levels on
	// the date; empty asks nothing.
	HardshipLevels []string `json:"hardship_levels,omitempty"`
	// SchoolLevels: the application names a school level among these.
	SchoolLevels []string `json:"school_levels,omitempty"`
	// NoOtherFunding: no other agency funds the same need (a student
	// funded elsewhere is not paid).
	NoOtherFunding bool `json:"no_other_funding,omitempty"`
	// MinOutOfPocketFen: the out-of-pocket cost after basic insurance and
	// the programmes paying before is at least this.
	MinOutOfPocketFen int64 `json:"min_out_of_pocket_fen,omitempty"`
	// Enrolment: the code of a programme the person must have an
	// approved application of in the same year (mutual aid's claims need
	// the year's enrolment).
	Enrolment string `json:"enrolment,omitempty"`
	// Qualification: the application names a credential of the person
	// (a subsidy); the membership is then read on the credential's date.
	Qualification *Qualification `json:"qualification,omitempty"`
}

// Caps bound what one subject is paid by the programme in a period: a
// person, a household (over all its persons' applications). 0: no cap.
type Caps struct {
	PersonFen    int64 `json:"person_fen,omitempty"`
	HouseholdFen int64 `json:"household_fen,omitempty"`
}

// ApprovalChain is who approves: Levels unions above the filing union,
// one after the other (the first one level up, the next two up …), each
// by an account whose role holds Permission; the last level pays.
type ApprovalChain struct {
	Levels     int        `json:"levels"`
	Permission Permission `json:"permission"`
}

// ProgrammeRules are a programme's rules, kept as one JSON document.
type ProgrammeRules struct {
	Eligibility Eligibility   `json:"eligibility"`
	Amount      AmountRule    `json:"amount"`
	Caps        Caps          `json:"caps"`
	BudgetFen   int64         `json:"budget_fen,omitempty"` // per period; 0: no budget
	Approval    ApprovalChain `json:"approval"`
	// StackAfter are the codes of the programmes that pay before this one
	// for the same event (basic insurance, then mutual aid, then 温暖基金):
	// what they paid is taken off the out-of-pocket cost first.
	StackAfter []string `json:"stack_after,omitempty"`
	// Quota bounds how many are approved in a period (0: no quota);
	// NoticeDays is the public notice (公示) the last approval waits
	// for once an application is up for it (0: none).
	Quota      int `json:"quota,omitempty"`
	NoticeDays int `json:"notice_days,omitempty"`
}

// ParseProgrammeRules reads rules from their JSON document: unknown
// fields refused, so a misspelt rule never silently means nothing.
func ParseProgrammeRules(b []byte) (ProgrammeRules, error) {
	r, err := DecodeProgrammeRules(b)
	if err != nil {
		return r, err
	}
	v := &ValidationError{}
	r.Validate(v)
	return r, v.Err()
}

// DecodeProgrammeRules reads a rules document, unknown fields refused,
// without checking it: the programme's Normalize and Validate do, as for
// the API's.
func DecodeProgrammeRules(b []byte) (ProgrammeRules, error) {
	var r ProgrammeRules
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, Invalid("rules", "规则格式有误："+err.Error(), "the rules are not well formed: "+err.Error())
	}
	if dec.More() {
		return r, Invalid("rules", "规则之后有多余内容", "there is more after the rules")
	}
	return r, nil
}

// maxProgrammeFen bounds every amount of the rules (a billion yuan).
const maxProgrammeFen = 100_000_000_000

func checkFen(v *ValidationError, field string, n int64) {
	if n < 0 || n > maxProgrammeFen {
		v.Add(field, "金额须在0到10亿元之间", "the amount must be between 0 and a billion yuan")
	}
}

// Validate checks the rules, each field under "rules.".
func (r *ProgrammeRules) Validate(v *ValidationError) {
	e := r.Eligibility
	for _, l := range e.HardshipLevels {
		if l == HardshipNone || !IsChoiceKey(HardshipLevels, l) {
			v.Add("rules.eligibility.hardship_levels", "未知的困难等级："+l, "unknown hardship level: "+l)
		}
	}
	for _, l := range e.SchoolLevels {
		if !IsChoiceKey(SchoolLevels, l) {
			v.Add("rules.eligibility.school_levels", "未知的学段："+l, "unknown school level: "+l)
		}
	}
	checkFen(v, "rules.eligibility.min_out_of_pocket_fen", e.MinOutOfPocketFen)
	a := r.Amount
	if !IsChoiceKey(AmountKinds, a.Kind) {
		v.Add("rules.amount.kind", "请选择金额规则", "choose the amount rule")
	}
	checkFen(v, "rules.amount.amount_fen", a.AmountFen)
	checkFen(v, "rules.amount.deductible_fen", a.DeductibleFen)
	checkFen(v, "rules.amount.max_fen", a.MaxFen)
	checkFen(v, "rules.amount.premium_fen", a.PremiumFen)
	switch a.Kind {
	case AmountFixed:
		if a.AmountFen == 0 && len(a.Tiers) == 0 {
			v.Add("rules.amount.amount_fen", "定额规则须有金额或分档", "a fixed rule needs an amount or tiers")
		}
	case AmountFormula:
		if a.RateBP <= 0 || a.RateBP > 10_000 {
			v.Add("rules.amount.rate_bp", "比例须在0.01%到100%之间（1至10000个基点）", "the rate must be 1 to 10,000 basis points")
		}
	}
	for i, t := range a.Tiers {
		field := "rules.amount.tiers." + strconv.Itoa(i)
		if t.SchoolLevel != "" && !IsChoiceKey(SchoolLevels, t.SchoolLevel) {
			v.Add(field+".school_level", "未知的学段："+t.SchoolLevel, "unknown school level: "+t.SchoolLevel)
		}
		if t.OnFile != OnFileAny && t.OnFile != OnFileYes && t.OnFile != OnFileNo {
			v.Add(field+".on_file", "是否建档须为yes、no或空", "on file is yes, no or empty")
		}
		if t.Level != "" && !IsChoiceKey(CertificateLevels, t.Level) {
			v.Add(field+".level", "未知的证书等级："+t.Level, "unknown certificate level: "+t.Level)
		}
		if t.Year != 0 && (t.Year < 1949 || t.Year > 2100) {
			v.Add(field+".year", "年度有误", "not a year")
		}
		checkFen(v, field+".amount_fen", t.AmountFen)
	}
	if q := e.Qualification; q != nil {
		q.validate(v)
	}
	if r.Quota < 0 || r.Quota > 10_000_000 {
		v.Add("rules.quota", "名额须在0至1000万之间", "the quota is 0 to ten million")
	}
	if r.NoticeDays < 0 || r.NoticeDays > 90 {
		v.Add("rules.notice_days", "公示天数须在0至90天之间", "the notice is 0 to 90 days")
	}
	checkFen(v, "rules.caps.person_fen", r.Caps.PersonFen)
	checkFen(v, "rules.caps.household_fen", r.Caps.HouseholdFen)
	checkFen(v, "rules.budget_fen", r.BudgetFen)
	if r.Approval.Levels < 1 || r.Approval.Levels > 5 {
		v.Add("rules.approval.levels", "审批层级须为1至5级", "the approval chain is 1 to 5 levels")
	}
	if !KnownPermission(r.Approval.Permission) {
		v.Add("rules.approval.permission", "未知的审批权限", "unknown approval permission")
	}
	for _, c := range append(r.StackAfter, e.Enrolment) {
		if len(c) > 40 {
			v.Add("rules.stack_after", "项目代码过长", "a programme code is too long")
		}
	}
}

// KnownPermission reports whether some role holds p.
func KnownPermission(p Permission) bool {
	for _, perms := range rolePerms {
		for _, q := range perms {
			if q == p {
				return true
			}
		}
	}
	return false
}

// Programme is a programme as kept by its union: it serves the union's
// subtree.
type Programme struct {
	ID            int64          `json:"id"`
	OrgID         int64          `json:"org_id"`
	OrgName       string         `json:"org_name,omitempty"`
	Code          string         `json:"code"`
	Name          string         `json:"name"`
	FundID        int64          `json:"fund_id"`
	FundName      string         `json:"fund_name,omitempty"`
	RecipientKind string         `json:"recipient_kind"`
	Form          string         `json:"form"` // cash, goods, or "" when the application says
	PeriodKind    string         `json:"period_kind"`
	Figure        string         `json:"figure"` // the line it counts in (programme_figures.go)
	Rules         ProgrammeRules `json:"rules"`
	Active        bool           `json:"active"`
	Version       int64          `json:"version"`
}

// ProgrammeInput is what a programme's keeper sets.
type ProgrammeInput struct {
	OrgID         int64          `json:"org_id"`
	Code          string         `json:"code"`
	Name          string         `json:"name"`
	FundID        int64          `json:"fund_id"`
	RecipientKind string         `json:"recipient_kind"`
	Form          string         `json:"form"`
	PeriodKind    string         `json:"period_kind"`
	Figure        string         `json:"figure"`
	Rules         ProgrammeRules `json:"rules"`
	Active        bool           `json:"active"`
	Version       int64          `json:"version"`
}

// ToInput is the programme as its form holds it.
func (p Programme) ToInput() ProgrammeInput {
	return ProgrammeInput{OrgID: p.OrgID, Code: p.Code, Name: p.Name, FundID: p.FundID, RecipientKind: p.RecipientKind, Form: p.Form,
		PeriodKind: p.PeriodKind, Figure: p.Figure, Rules: p.Rules, Active: p.Active, Version: p.Version}
}

// Normalize trims the programme's text and defaults its approval
// permission.
func (in *ProgrammeInput) Normalize() {
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Name = strings.TrimSpace(in.Name)
	in.Figure = strings.TrimSpace(in.Figure)
	if in.Rules.Approval.Permission == "" {
		in.Rules.Approval.Permission = PermApproveAssistance
	}
	for i, c := range in.Rules.StackAfter {
		in.Rules.StackAfter[i] = strings.ToUpper(strings.TrimSpace(c))
	}
	in.Rules.Eligibility.Enrolment = strings.ToUpper(strings.TrimSpace(in.Rules.Eligibility.Enrolment))
}

// Validate checks the programme and its rules.
func (in ProgrammeInput) Validate(v *ValidationError) {
	if in.OrgID == 0 {
		v.Add("org_id", "请选择工会", "choose a union")
	}
	if !validProgrammeCode(in.Code) {
		v.Add("code", "项目代码须为1至40位字母、数字或连字符", "the code is 1 to 40 letters, digits or hyphens")
	}
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 100 {
		v.Add("name", "请填写项目名称（不超过100字）", "give the programme a name (at most 100 characters)")
	}
	if in.FundID == 0 && in.Rules.Amount.Kind != AmountNone {
		v.Add("fund_id", "请选择项目支出的资金", "choose the fund the programme pays from")
	}
	if !IsChoiceKey(RecipientKinds, in.RecipientKind) {
		v.Add("recipient_kind", "请选择受助对象类别（个人、家庭或企业）", "choose whom it pays: a person, a household or an enterprise")
	}
	if in.Form != "" && !IsChoiceKey(Forms, in.Form) {
		v.Add("form", "请选择资金或物资（或留空由申请选择）", "choose cash or goods (or leave it to the application)")
	}
	if !IsChoiceKey(PeriodKinds, in.PeriodKind) {
		v.Add("period_kind", "请选择项目周期", "choose the programme's period")
	}
	if in.RecipientKind != RecipientPerson && (in.Rules.Eligibility.Member || in.Rules.Eligibility.Enrolment != "") {
		v.Add("rules.eligibility.member", "只有面向个人的项目可以要求会籍或参保", "only a programme for persons asks for a membership or an enrolment")
	}
	if in.RecipientKind != RecipientPerson && in.Rules.Eligibility.Qualification != nil {
		v.Add("rules.eligibility.qualification", "只有面向个人的项目可以要求证书", "only a programme for persons asks for a certificate")
	}
	if in.RecipientKind == RecipientEnterprise && len(in.Rules.Eligibility.HardshipLevels) > 0 {
		v.Add("rules.eligibility.hardship_levels", "面向企业的项目不能要求困难档案", "a programme for enterprises cannot ask for a hardship file")
	}
	for _, c := range in.Rules.StackAfter {
		if c == in.Code {
			v.Add("rules.stack_after", "项目不能排在自己之后", "a programme cannot pay after itself")
		}
	}
	in.checkFigure(v)
	in.Rules.Validate(v)
}

func validProgrammeCode(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	return strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == ""
}

// The standard programmes' codes.
const (
	ProgGoldenAutumn    = "JQZX"    // 金秋助学
	ProgWarmth          = "WNJJ"    // 温暖基金
	ProgFestivalHome    = "LJSWN-H" // 两节送温暖（困难家庭）
	ProgFestivalFirm    = "LJSWN-E" // 两节送温暖（企业）
	ProgMutualEnrol     = "YLHZ-CB" // 在职职工医疗互助参保
	ProgMutualClaim     = "YLHZ"    // 在职职工医疗互助
	ProgEmergencyRelief = "YJJZ"    // 应急救助
)

// SubsidyContest is the final whose top ten the standard subsidy pays as
// a technician's certificate.
const SubsidyContest = "北京市职工职业技能大赛决赛"

// StandardProgrammes are the federation's standard programmes (the
// qualification subsidy among them: 2,000/1,000/800/500 yuan for 高级技师/
// 技师/高级工/中级工, a card and a membership on the certificate's date), kept by
// org and paid from its funds (aid: hardship aid, warmth: warmth
// delivery). The amounts follow the city's published figures: 金秋助学
// 5,000/3,000 yuan for university/high school on file, 4,000/2,000 not;
// 温暖基金 after basic insurance and mutual aid, for out-of-pocket costs
// of at least 50,000 yuan a year.
func StandardProgrammes(org, aid, warmth int64) []ProgrammeInput {
	yuan := func(n int64) int64 { return n * 100 }
	chain := ApprovalChain{Levels: 2, Permission: PermApproveAssistance}
	onFile := []string{HardshipDeep, HardshipRelative, HardshipAccident}
	return []ProgrammeInput{
		{OrgID: org, Code: ProgGoldenAutumn, Figure: FigureGoldenAutumn, Name: "金秋助学", FundID: aid, RecipientKind: RecipientPerson, Form: FormCash, PeriodKind: PeriodYear, Active: true,
			Rules: ProgrammeRules{Eligibility: Eligibility{Member: true, SchoolLevels: []string{SchoolUniversity, SchoolHigh}, NoOtherFunding: true},
				Amount: AmountRule{Kind: AmountFixed, Tiers: []Tier{
					{SchoolLevel: SchoolUniversity, OnFile: OnFileYes, AmountFen: yuan(5000)},
					{SchoolLevel: SchoolHigh, OnFile: OnFileYes, AmountFen: yuan(3000)},
					{SchoolLevel: SchoolUniversity, OnFile: OnFileNo, AmountFen: yuan(4000)},
					{SchoolLevel: SchoolHigh, OnFile: OnFileNo, AmountFen: yuan(2000)},
				}}, Approval: chain}},
		{OrgID: org, Code: ProgWarmth, Figure: FigureWarmth, Name: "温暖基金", FundID: aid, RecipientKind: RecipientPerson, Form: FormCash, PeriodKind: PeriodYear, Active: true,
			Rules: ProgrammeRules{Eligibility: Eligibility{Member: true, MinOutOfPocketFen: yuan(50000)},
				Amount:     AmountRule{Kind: AmountFormula, RateBP: 1000, MaxFen: yuan(20000)},
				Caps:       Caps{PersonFen: yuan(20000)},
				Approval:   chain,
				StackAfter: []string{ProgMutualClaim}}},
		{OrgID: org, Code: ProgFestivalHome, Figure: FigureFestival, Name: "两节送温暖（困难家庭）", FundID: warmth, RecipientKind: RecipientHousehold, PeriodKind: PeriodFestival, Active: true,
			Rules: ProgrammeRules{Eligibility: Eligibility{HardshipLevels: onFile},
				Amount: AmountRule{Kind: AmountRequested, MaxFen: yuan(3000)}, Approval: ApprovalChain{Levels: 1, Permission: PermApproveAssistance}}},
		{OrgID: org, Code: ProgFestivalFirm, Figure: FigureFestival, Name: "两节送温暖（企业）", FundID: warmth, RecipientKind: RecipientEnterprise, PeriodKind: PeriodFestival, Active: true,
			Rules: ProgrammeRules{Amount: AmountRule{Kind: AmountRequested, MaxFen: yuan(50000)}, Approval: ApprovalChain{Levels: 1, Permission: PermApproveAssistance}}},
		{OrgID: org, Code: ProgMutualEnrol, Name: "在职职工医疗互助参保", RecipientKind: RecipientPerson, Form: FormCash, PeriodKind: PeriodYear, Active: true,
			Rules: ProgrammeRules{Eligibility: Eligibility{Member: true}, Amount: AmountRule{Kind: AmountNone, PremiumFen: yuan(60)},
				Approval: ApprovalChain{Levels: 1, Permission: PermApproveAssistance}}},
		{OrgID: org, Code: ProgMutualClaim, Figure: FigureMedical, Name: "在职职工医疗互助", FundID: aid, RecipientKind: RecipientPerson, Form: FormCash, PeriodKind: PeriodYear, Active: true,
			Rules: ProgrammeRules{Eligibility: Eligibility{Member: true, Enrolment: ProgMutualEnrol},
				Amount: AmountRule{Kind: AmountFormula, RateBP: 5000, DeductibleFen: yuan(1300), MaxFen: yuan(150000)},
				Caps:   Caps{PersonFen: yuan(150000)}, Approval: chain}},
		{OrgID: org, Code: ProgQualification, Name: "在职职工职业发展助推金", FundID: aid, RecipientKind: RecipientPerson, Form: FormCash, PeriodKind: PeriodYear, Active: true,
			Rules: ProgrammeRules{Eligibility: Eligibility{Member: true, Qualification: &Qualification{
				Levels:      []string{LevelSeniorTechnician, LevelTechnician, LevelSeniorWorker, LevelIntermediate},
				ServiceCard: true, ContestEvents: []string{SubsidyContest}, ContestMaxRank: 10, ContestLevel: LevelTechnician}},
				Amount: AmountRule{Kind: AmountFixed, Tiers: []Tier{
					{Level: LevelSeniorTechnician, AmountFen: yuan(2000)},
					{Level: LevelTechnician, AmountFen: yuan(1000)},
					{Level: LevelSeniorWorker, AmountFen: yuan(800)},
					{Level: LevelIntermediate, AmountFen: yuan(500)},
				}},
				BudgetFen: yuan(6_000_000), Quota: 6000, NoticeDays: 5, Approval: chain}},
		{OrgID: org, Code: ProgEmergencyRelief, Figure: FigureEmergency, Name: "应急救助", FundID: aid, RecipientKind: RecipientHousehold, Form: FormCash, PeriodKind: PeriodYear, Active: true,
			Rules: ProgrammeRules{Amount: AmountRule{Kind: AmountRequested, MaxFen: yuan(10000)}, Caps: Caps{HouseholdFen: yuan(20000)},
				Approval: chain}},
	}
}
