package gonghui

import (
	"strings"
	"unicode/utf8"
)

// ContractKind is a collective contract's kind: the comprehensive contract
// (综合集体合同) or a special one (专项集体合同).
type ContractKind string

const (
	ContractComprehensive ContractKind = "comprehensive"  // 综合集体合同
	ContractWage          ContractKind = "wage"           // 工资专项集体合同
	ContractWomen         ContractKind = "women"          // 女职工权益保护
	ContractSafety        ContractKind = "safety"         // 劳动安全卫生
	ContractWelfareFunds  ContractKind = "welfare_funds"  // 福利费与教育经费
	ContractProtection    ContractKind = "protection"     // 劳动保护标准
	ContractSkilledTalent ContractKind = "skilled_talent" // 高技能人才待遇
	ContractPaidLeave     ContractKind = "paid_leave"     // 带薪休假
	ContractOtherSpecial  ContractKind = "other_special"  // 其他专项
)

// ContractKinds lists the kinds in form order.
var ContractKinds = []Choice{
	{string(ContractComprehensive), Message{"综合集体合同", "Comprehensive"}},
	{string(ContractWage), Message{"工资专项集体合同", "Wage"}},
	{string(ContractWomen), Message{"女职工权益保护专项集体合同", "Women workers' rights"}},
	{string(ContractSafety), Message{"劳动安全卫生专项集体合同", "Occupational safety and health"}},
	{string(ContractWelfareFunds), Message{"福利费与教育经费专项集体合同", "Welfare and education funds"}},
	{string(ContractProtection), Message{"劳动保护标准专项集体合同", "Labour protection standards"}},
	{string(ContractSkilledTalent), Message{"高技能人才待遇专项集体合同", "Pay of highly skilled workers"}},
	{string(ContractPaidLeave), Message{"带薪休假专项集体合同", "Paid leave"}},
	{string(ContractOtherSpecial), Message{"其他专项集体合同", "Other special contract"}},
}

// ContractLevel is who the contract binds: one enterprise, or the small
// firms of a region or an industry signed by a district or industry union.
type ContractLevel string

const (
	LevelEnterprise ContractLevel = "enterprise" // 企业
	LevelRegional   ContractLevel = "regional"   // 区域性
	LevelIndustry   ContractLevel = "industry"   // 行业性
)

// ContractLevels lists the levels in form order.
var ContractLevels = []Choice{
	{string(LevelEnterprise), Message{"企业集体合同", "Enterprise"}},
	{string(LevelRegional), Message{"区域性集体合同", "Regional"}},
	{string(LevelIndustry), Message{"行业性集体合同", "Industry"}},
}

// ContractStatus is where a contract stands in its life:
// draft → negotiating → signed → filed → effective → expired.
type ContractStatus string

const (
	ContractDraft       ContractStatus = "draft"       // 草拟
	ContractNegotiating ContractStatus = "negotiating" // 协商中
	ContractSigned      ContractStatus = "signed"      // 已签订
	ContractFiled       ContractStatus = "filed"       // 已报送备案
	ContractEffective   ContractStatus = "effective"   // 已生效
	ContractExpired     ContractStatus = "expired"     // 已到期
	// ContractPending is no step of the life but a state on a day: the
	// contract has taken effect and its term has not begun (ContractStateOn).
	ContractPending ContractStatus = "pending" // 已生效，期限未开始
)

// ContractStatuses lists the statuses in life order.
var ContractStatuses = []Choice{
	{string(ContractDraft), Message{"草拟", "Draft"}},
	{string(ContractNegotiating), Message{"协商中", "Negotiating"}},
	{string(ContractSigned), Message{"已签订", "Signed"}},
	{string(ContractFiled), Message{"已报送备案", "Filed"}},
	{string(ContractEffective), Message{"已生效", "Effective"}},
	{string(ContractExpired), Message{"已到期", "Expired"}},
	{string(ContractPending), Message{"已生效，期限未开始", "Effective, term not begun"}},
}

// ContractSpan is the span a contract is in force when it takes effect on
// effective (zero: not yet known): from the later of that day and its
// term's start to the earlier of its term's end and its early end (zero:
// none), both days included. The one-comprehensive-contract rule, the
// statistics and the states all read a contract through it (the store's
// SQL fragments say the same; a test holds them together).
func ContractSpan(effective, termStart, termEnd, ended Date) (from, to Date) {
	from = termStart
	if from.Before(effective) {
		from = effective
	}
	to = termEnd
	if !ended.IsZero() && (to.IsZero() || ended.Before(to)) {
		to = ended
	}
	return from, to
}

// InForceOn reports whether the contract is in force on day: it has taken
// effect, and day lies within its ContractSpan.
func (k Contract) InForceOn(day Date) bool {
	if k.EffectiveOn.IsZero() || day.Before(k.EffectiveOn) {
		return false
	}
	from, to := ContractSpan(k.EffectiveOn, k.TermStart, k.TermEnd, k.EndedOn)
	return !day.Before(from) && !to.Before(day)
}

// ContractStateOn is where a contract stands on day, read from its dates
// rather than from the last step someone recorded: in force (effective)
// within its span, expired after it, pending between taking effect and
// its term's start; before taking effect, filed or signed from those
// days on, and expired once a signed contract's term has ended without it
// taking effect; otherwise the draft or bargaining it is.
func ContractStateOn(k Contract, day Date) ContractStatus {
	reached := func(d Date) bool { return !d.IsZero() && !day.Before(d) }
	if reached(k.EffectiveOn) {
		from, to := ContractSpan(k.EffectiveOn, k.TermStart, k.TermEnd, k.EndedOn)
		switch {
		case to.Before(day):
			return ContractExpired
		case day.Before(from):
			return ContractPending
		}
		return ContractEffective
	}
	switch {
	case !k.TermEnd.IsZero() && k.TermEnd.Before(day) && (reached(k.FiledOn) || reached(k.SignedOn)):
		return ContractExpired
	case reached(k.FiledOn):
		return ContractFiled
	case reached(k.SignedOn):
		return ContractSigned
	case k.Status == ContractNegotiating:
		return ContractNegotiating
	}
	return ContractDraft
}

// Deadlines of the filing procedure (《集体合同规定》): a signed contract is
// filed with the labour bureau within 10 days, and takes effect when no
// objection comes within 15 days of filing.
const (
	FilingDays    = 10
	ObjectionDays = 15
	// ExpiryWarningDays is how far ahead expiring contracts are listed.
	ExpiryWarningDays = 90
)

// MustTalkTopics are the four topics every bargaining round must cover
// ("四必谈"); the N others come from a configurable list.
var MustTalkTopics = []Choice{
	{"wage_adjustment", Message{"工资调整", "Wage adjustment"}},
	{"working_hours", Message{"工作时间与休息休假", "Working hours and leave"}},
	{"safety_health", Message{"劳动安全卫生", "Safety and health"}},
	{"insurance_welfare", Message{"保险福利", "Insurance and welfare"}},
}

// Contract is a collective contract (集体合同).
type Contract struct {
	ID           int64          `json:"id"`
	OrgID        int64          `json:"org_id"` // the signing union
	OrgName      string         `json:"org_name,omitempty"`
	Title        string         `json:"title"`
	Kind         ContractKind   `json:"kind"`
	Level        ContractLevel  `json:"level"`
	Status       ContractStatus `json:"status"`
	TermStart    Date           `json:"term_start,omitzero"`
	TermEnd      Date           `json:"term_end,omitzero"`
	SignedOn     Date           `json:"signed_on,omitzero"`
	FiledOn      Date           `json:"filed_on,omitzero"`
	EffectiveOn  Date           `json:"effective_on,omitzero"`
	CoveredStaff int            `json:"covered_staff"`
	UnitIDs      []int64        `json:"unit_ids"`
	Topics       []string       `json:"topics"`
	// Wage contracts: last year's average wage (fen per month), this year's
	// adjustment (basis points: 550 = 5.50%) and the workers it covers.
	LastYearAvgWage int64 `json:"last_year_avg_wage_fen,omitempty"`
	AdjustmentBP    int   `json:"adjustment_bp,omitempty"`
	WageWorkers     int   `json:"wage_workers,omitempty"`
	RenewsID        int64 `json:"renews_id,omitempty"` // the contract this one renews
	// EndedOn is the last day of a contract ended before its term's end
	// (by a renewal or by hand).
	EndedOn Date `json:"ended_on,omitzero"`
	// State is where the contract stands on the day it was read for
	// (ContractStateOn); Status is the last step recorded.
	State ContractStatus `json:"state,omitempty"`
	// Version is raised by one on every update; an edit names the version
	// it was made from (see the input's Version).
	Version int64 `json:"version"`
}

// ToInput is the contract's current values as an input, where every edit
// starts.
func (k Contract) ToInput() ContractInput {
	return ContractInput{OrgID: k.OrgID, Title: k.Title, Kind: k.Kind, Level: k.Level, TermStart: k.TermStart, TermEnd: k.TermEnd,
		CoveredStaff: k.CoveredStaff, UnitIDs: k.UnitIDs, Topics: k.Topics, LastYearAvgWage: k.LastYearAvgWage, AdjustmentBP: k.AdjustmentBP,
		WageWorkers: k.WageWorkers, RenewsID: k.RenewsID, Version: k.Version}
}

// ContractInput is what a cadre enters for a contract.
type ContractInput struct {
	OrgID           int64         `json:"org_id"`
	Title           string        `json:"title"`
	Kind            ContractKind  `json:"kind"`
	Level           ContractLevel `json:"level"`
	TermStart       Date          `json:"term_start"`
	TermEnd         Date          `json:"term_end"`
	CoveredStaff    int           `json:"covered_staff"`
	UnitIDs         []int64       `json:"unit_ids"`
	Topics          []string      `json:"topics"`
	LastYearAvgWage int64         `json:"last_year_avg_wage_fen"`
	AdjustmentBP    int           `json:"adjustment_bp"`
	WageWorkers     int           `json:"wage_workers"`
	RenewsID        int64         `json:"renews_id"`
	// Version is the version of the record an edit was made from (see
	// OrgInput.Version).
	Version int64 `json:"version"`
}

// IsChoiceKey reports whether key is one of the list's keys.
func IsChoiceKey(list []Choice, key string) bool {
	for _, c := range list {
		if c.Key == key {
			return true
		}
	}
	return false
}

// Validate checks the rules that need no database.
func (in *ContractInput) Validate(v *ValidationError) {
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" {
		v.Add("title", "请填写合同名称", "title is required")
	} else if utf8.RuneCountInString(in.Title) > 200 {
		v.Add("title", "合同名称不能超过200个字", "title must be at most 200 characters")
	}
	if in.OrgID == 0 {
		v.Add("org_id", "请选择签订合同的工会", "choose the signing union")
	}
	if !IsChoiceKey(ContractKinds, string(in.Kind)) {
		v.Add("kind", "请选择合同类型", "choose a contract kind")
	}
	if !IsChoiceKey(ContractLevels, string(in.Level)) {
		v.Add("level", "请选择合同层级", "choose a contract level")
	}
	switch {
	case len(in.UnitIDs) == 0:
		v.Add("unit_ids", "请选择合同覆盖的单位", "choose the units the contract covers")
	case in.Level == LevelEnterprise && len(in.UnitIDs) != 1:
		v.Add("unit_ids", "企业集体合同只覆盖一个单位", "an enterprise contract covers exactly one unit")
	}
	if !in.TermStart.IsZero() && !in.TermEnd.IsZero() && !in.TermStart.Before(in.TermEnd) {
		v.Add("term_end", "合同期限的结束日期须晚于开始日期", "the term must end after it starts")
	}
	if in.CoveredStaff < 0 || in.CoveredStaff > 2_000_000 {
		v.Add("covered_staff", "覆盖职工人数须在0到2000000之间", "covered staff must be between 0 and 2,000,000")
	}
	if in.Kind == ContractWage {
		if in.LastYearAvgWage < 0 {
			v.Add("last_year_avg_wage_fen", "上年平均工资不能为负", "last year's average wage cannot be negative")
		}
		if in.AdjustmentBP < -10000 || in.AdjustmentBP > 10000 {
			v.Add("adjustment_bp", "工资调整幅度须在-100%到100%之间", "the wage adjustment must lie between -100% and 100%")
		}
		if in.WageWorkers < 0 {
			v.Add("wage_workers", "覆盖职工人数不能为负", "workers covered cannot be negative")
		}
	}
	seen := map[string]bool{}
	for _, t := range in.Topics {
		if strings.TrimSpace(t) == "" || seen[t] {
			v.Add("topics", "协商议题不能为空或重复", "bargaining topics must be non-empty and distinct")
			break
		}
		seen[t] = true
	}
}

// ContractStep is a move of a contract along its life, with its date.
type ContractStep struct {
	To   ContractStatus `json:"to"`
	On   Date           `json:"on"`
	Note string         `json:"note"`
}

// nextStatus is the life order of contracts.
var nextStatus = map[ContractStatus][]ContractStatus{
	ContractDraft:       {ContractNegotiating, ContractSigned},
	ContractNegotiating: {ContractNegotiating, ContractSigned}, // a further bargaining round, or signing
	ContractSigned:      {ContractFiled},
	ContractFiled:       {ContractEffective},
	ContractEffective:   {ContractExpired},
}

// NextContractStatuses lists the steps possible from a status.
func NextContractStatuses(s ContractStatus) []ContractStatus { return nextStatus[s] }

// CheckStep validates a step from the contract's current state: the order
// of the life, and dates that follow one another and lie in the past.
func CheckStep(c Contract, step ContractStep, today Date) error {
	v := &ValidationError{}
	allowed := false
	for _, s := range nextStatus[c.Status] {
		if s == step.To {
			allowed = true
		}
	}
	if !allowed {
		v.Add("to", "合同当前状态下不能执行此操作", "this step is not possible from the contract's current status")
		return v
	}
	if step.On.IsZero() {
		v.Add("on", "请填写日期", "the date is required")
	} else if today.Before(step.On) {
		v.Add("on", "日期不能晚于今天", "the date cannot be in the future")
	}
	switch step.To {
	case ContractFiled:
		if step.On.Before(c.SignedOn) {
			v.Add("on", "报送备案日期不能早于签订日期", "filing cannot precede signing")
		}
	case ContractEffective:
		if step.On.Before(c.FiledOn) {
			v.Add("on", "生效日期不能早于报送备案日期", "taking effect cannot precede filing")
		}
	case ContractSigned:
		if c.TermStart.IsZero() || c.TermEnd.IsZero() {
			v.Add("on", "签订前请填写合同期限", "enter the contract's term before signing")
		}
	}
	return v.Err()
}

// CheckContractDates checks the dates of the steps a contract has reached,
// as an import file gives them: each step needs the one before it, in
// order, none in the future, and a signed contract needs its term.
func CheckContractDates(signed, filed, effective, termStart, termEnd, today Date) error {
	v := &ValidationError{}
	for _, d := range []struct {
		field string
		on    Date
	}{{"signed_on", signed}, {"filed_on", filed}, {"effective_on", effective}} {
		if today.Before(d.on) {
			v.Add(d.field, "日期不能晚于今天", "the date cannot be in the future")
		}
	}
	switch {
	case !filed.IsZero() && signed.IsZero():
		v.Add("signed_on", "已备案的合同须有签订日期", "a filed contract needs its signing date")
	case !effective.IsZero() && filed.IsZero():
		v.Add("filed_on", "已生效的合同须有备案日期", "a contract in force needs its filing date")
	case !filed.IsZero() && filed.Before(signed):
		v.Add("filed_on", "报送备案日期不能早于签订日期", "filing cannot precede signing")
	case !effective.IsZero() && effective.Before(filed):
		v.Add("effective_on", "生效日期不能早于报送备案日期", "taking effect cannot precede filing")
	}
	if !signed.IsZero() && (termStart.IsZero() || termEnd.IsZero()) {
		v.Add("term_start", "已签订的合同须有期限", "a signed contract needs its term")
	}
	return v.Err()
}

// DefaultBargainingTopics are the "N" topics offered beside the four
// must-talk ones until the federation's administrator changes the list.
var DefaultBargainingTopics = []string{"女职工特殊保护", "职业技能培训", "劳动定额", "奖金分配", "补充保险", "带薪休假", "职工福利", "高温津贴"}

// CheckTopicList validates a configured topic list.
func CheckTopicList(topics []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, t := range topics {
		t = strings.TrimSpace(t)
		switch {
		case t == "":
			continue
		case utf8.RuneCountInString(t) > 50:
			return nil, Invalid("topics", "议题名称不能超过50个字："+t, "a topic must be at most 50 characters: "+t)
		case seen[t] || IsChoiceKey(MustTalkTopics, t):
			return nil, Invalid("topics", "议题重复："+t, "topic listed twice: "+t)
		}
		seen[t] = true
		out = append(out, t)
	}
	if len(out) > 100 {
		return nil, Invalid("topics", "议题不能超过100个", "at most 100 topics")
	}
	return out, nil
}

// The catalogue holds the collective contracts' figures.
var _ = RegisterIndicators(30, []Indicator{
	{Key: "contracts_total", Name: Message{"集体合同数", "Collective contracts in force"}, Unit: unitCount,
		Definition: Message{"子树内工会签订、当日有效的集体合同（含专项）：自生效日期与期限开始日期中较晚者起，至期限结束日期与提前终止日期中较早者止", "contracts signed by the subtree's unions and in force on the day, special ones included: from the later of taking effect and the term's start to the earlier of the term's end and an early end"}},
	{Key: "contract_units_covered", Name: Message{"集体合同覆盖企业数", "Units covered by contracts"}, Unit: unitFirms,
		Definition: Message{"子树内单位中当日有有效集体合同覆盖的（有效口径同集体合同数；不重复计，区域性、行业性合同计入所覆盖单位）", "units of the subtree covered by a contract in force on the day (in force as for contracts_total), each counted once, regional and industry contracts included"}},
	{Key: "contract_rate", Name: Message{"集体合同覆盖率", "Collective contract coverage"}, Unit: unitPercent, Rate: "contract_rate",
		Definition: Message{"按建制率口径 contract_rate 计算；分母只计当日存续工会覆盖的单位", "by the rate definition contract_rate; the denominator counts units only while their union exists"}},
	{Key: "contract_rate_100plus", Name: Message{"百人以上企业集体合同覆盖率", "Contract coverage, 100+ staff"}, Unit: unitPercent, Rate: "contract_rate_100plus",
		Definition: Message{"按建制率口径 contract_rate_100plus 计算；分母只计当日存续工会覆盖的单位", "by the rate definition contract_rate_100plus; the denominator counts units only while their union exists"}},
})
