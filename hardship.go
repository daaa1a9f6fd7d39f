package gonghui

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// A hardship file (困难职工档案) is kept per household (一户一档): the
// household's head and members, its annual incomes and rigid expenses by
// kind, the causes of its hardship, the visits and evidence, and the file's
// life from application to lifting out or closing. The level is never
// typed: HardshipMeans.Level computes it from the figures and the local
// minimum living allowance (低保) of the household's district and year,
// and each approval freezes what it was computed from.

// The hardship levels.
const (
	HardshipNone     = "none"     // 不符合困难标准
	HardshipDeep     = "deep"     // 深度困难
	HardshipRelative = "relative" // 相对困难
	HardshipAccident = "accident" // 意外致困
)

// HardshipLevels lists the levels a file may be approved at, in order.
var HardshipLevels = []Choice{
	{HardshipDeep, Message{"深度困难", "Deep hardship"}},
	{HardshipRelative, Message{"相对困难", "Relative hardship"}},
	{HardshipAccident, Message{"意外致困", "Accident-caused hardship"}},
	{HardshipNone, Message{"不符合困难标准", "Below no threshold"}},
}

// HardshipMeans are the figures a level is computed from: annual, in fen.
type HardshipMeans struct {
	IncomeFen int64 `json:"income_fen"` // annual household disposable income
	RigidFen  int64 `json:"rigid_fen"`  // annual rigid expenses (the hardship costs)
	Size      int   `json:"size"`       // persons in the household, the head included
	// AllowanceFen is the monthly minimum living allowance per person of
	// the district and year.
	AllowanceFen int64 `json:"allowance_fen"`
}

// Level is the household's level. Per head and month, (income − rigid
// expenses) ÷ 12 ÷ size below the allowance is deep, below twice it
// relative; otherwise rigid expenses above 80 % of the income make it
// accident-caused. The divisions are multiplied out, so the comparison is
// exact in fen: a household exactly at a threshold is above it.
func (m HardshipMeans) Level() string {
	if m.Size <= 0 || m.AllowanceFen <= 0 {
		return HardshipNone
	}
	left, line := m.IncomeFen-m.RigidFen, 12*int64(m.Size)*m.AllowanceFen
	switch {
	case left < line:
		return HardshipDeep
	case left < 2*line:
		return HardshipRelative
	case 5*m.RigidFen > 4*m.IncomeFen:
		return HardshipAccident
	}
	return HardshipNone
}

// The kinds of income: the statistics bureau's parts of disposable income.
var HardshipIncomeKinds = []Choice{
	{"wages", Message{"工资性收入", "Wages"}},
	{"business", Message{"经营净收入", "Net business income"}},
	{"property", Message{"财产净收入", "Net property income"}},
	{"transfer", Message{"转移净收入（养老金、补贴等）", "Net transfers (pensions, benefits)"}},
}

// The kinds of rigid expense.
var HardshipExpenseKinds = []Choice{
	{"medical", Message{"医疗支出（医保报销后自付）", "Medical (out of pocket after insurance)"}},
	{"schooling", Message{"子女教育支出", "Schooling"}},
	{"care", Message{"护理、康复支出", "Care and rehabilitation"}},
	{"disaster", Message{"灾害、意外损失", "Disaster and accident losses"}},
	{"other", Message{"其他刚性支出", "Other rigid expenses"}},
}

// HardshipCauses is the code list of causes of hardship.
var HardshipCauses = []Choice{
	{"illness", Message{"患病", "Illness"}},
	{"disability", Message{"残疾", "Disability"}},
	{"unemployment", Message{"失业下岗", "Unemployment"}},
	{"disaster", Message{"自然灾害", "Disaster"}},
	{"accident", Message{"意外事故", "Accident"}},
	{"schooling", Message{"子女就学", "Children's schooling"}},
	{"enterprise", Message{"企业停产欠薪", "Employer in difficulty"}},
	{"single_parent", Message{"单亲家庭", "Single parent"}},
	{"other", Message{"其他", "Other"}},
}

// HardshipRelations are a household member's relations to its head.
var HardshipRelations = []Choice{
	{"spouse", Message{"配偶", "Spouse"}},
	{"child", Message{"子女", "Child"}},
	{"parent", Message{"父母", "Parent"}},
	{"grandparent", Message{"祖父母、外祖父母", "Grandparent"}},
	{"grandchild", Message{"孙子女、外孙子女", "Grandchild"}},
	{"sibling", Message{"兄弟姐妹", "Sibling"}},
	{"other", Message{"其他", "Other"}},
}

// The states of a file.
const (
	HardshipApplied = "applied" // 申请
	HardshipChecked = "checked" // 基层审核
	HardshipVisited = "visited" // 入户走访
	HardshipNotice  = "notice"  // 公示
	HardshipFiled   = "filed"   // 建档
	HardshipLifted  = "lifted"  // 解困脱困
	HardshipClosed  = "closed"  // 注销
)

// HardshipStates lists the states in life order.
var HardshipStates = []Choice{
	{HardshipApplied, Message{"已申请", "Applied"}},
	{HardshipChecked, Message{"基层已审核", "Checked"}},
	{HardshipVisited, Message{"已入户走访", "Visited"}},
	{HardshipNotice, Message{"公示中", "Public notice"}},
	{HardshipFiled, Message{"已建档", "Filed"}},
	{HardshipLifted, Message{"已解困脱困", "Lifted out"}},
	{HardshipClosed, Message{"已注销", "Closed"}},
}

// The kinds of filing an approval makes.
var HardshipFilingKinds = []Choice{
	{"temporary", Message{"临时档案", "Temporary file"}},
	{"formal", Message{"正式档案", "Formal file"}},
}

// The actions that move a file along its life.
const (
	HardshipActCheck   = "check"   // grassroots check
	HardshipActVisit   = "visit"   // home visit (records the visit)
	HardshipActNotice  = "notice"  // starts the public notice
	HardshipActApprove = "approve" // approval at the level above: filed
	HardshipActReview  = "review"  // yearly review at the level above: filed again
	HardshipActLift    = "lift"    // 解困脱困
	HardshipActRelapse = "relapse" // 返困: applies again
	HardshipActReturn  = "return"  // back to the applicant with a reason
	HardshipActClose   = "close"   // 注销
)

// HardshipActions lists the actions with their words.
var HardshipActions = []Choice{
	{HardshipActCheck, Message{"基层审核通过", "Check"}},
	{HardshipActVisit, Message{"入户走访", "Home visit"}},
	{HardshipActNotice, Message{"开始公示", "Start the public notice"}},
	{HardshipActApprove, Message{"上级审批建档", "Approve and file"}},
	{HardshipActReview, Message{"年度复核", "Yearly review"}},
	{HardshipActLift, Message{"解困脱困", "Lift out"}},
	{HardshipActRelapse, Message{"返困", "Relapse"}},
	{HardshipActReturn, Message{"退回", "Return"}},
	{HardshipActClose, Message{"注销", "Close"}},
}

var hardshipMoves = map[string]struct {
	from []string
	to   string
}{
	HardshipActCheck:   {[]string{HardshipApplied}, HardshipChecked},
	HardshipActVisit:   {[]string{HardshipChecked}, HardshipVisited},
	HardshipActNotice:  {[]string{HardshipVisited}, HardshipNotice},
	HardshipActApprove: {[]string{HardshipNotice}, HardshipFiled},
	HardshipActReview:  {[]string{HardshipFiled}, HardshipFiled},
	HardshipActLift:    {[]string{HardshipFiled}, HardshipLifted},
	HardshipActRelapse: {[]string{HardshipLifted}, HardshipApplied},
	HardshipActReturn:  {[]string{HardshipChecked, HardshipVisited, HardshipNotice}, HardshipApplied},
	HardshipActClose:   {[]string{HardshipApplied, HardshipChecked, HardshipVisited, HardshipNotice, HardshipFiled, HardshipLifted}, HardshipClosed},
}

// HardshipNext is the state an action moves a file in state from to;
// ok is false when the action does not apply there.
func HardshipNext(from, action string) (to string, ok bool) {
	m, known := hardshipMoves[action]
	if !known {
		return "", false
	}
	for _, f := range m.from {
		if f == from {
			return m.to, true
		}
	}
	return "", false
}

// HardshipApproval reports whether an action is decided at the level
// above, freezing the file's inputs.
func HardshipApproval(action string) bool {
	return action == HardshipActApprove || action == HardshipActReview
}

// HardshipFile is one household's file.
type HardshipFile struct {
	ID         int64  `json:"id"`
	OrgID      int64  `json:"org_id"` // the union that filed it
	OrgName    string `json:"org_name,omitempty"`
	RegionCode string `json:"region_code"` // the household's district or street
	Address    string `json:"address"`
	State      string `json:"state"`
	// FilingKind is temporary or formal once approved.
	FilingKind string           `json:"filing_kind,omitempty"`
	Head       HardshipPerson   `json:"head"`
	Members    []HardshipPerson `json:"members"`
	// Incomes and Expenses are annual, by kind; their amounts are masked
	// (absent) unless revealed.
	Incomes  []HardshipAmount `json:"incomes"`
	Expenses []HardshipAmount `json:"expenses"`
	Causes   []string         `json:"causes"`
	// CauseNote describes the causes (an illness, an accident): masked
	// unless revealed.
	CauseNote string `json:"cause_note"`
	// Level is computed from today's figures and allowance ("" when the
	// district has no allowance for the year); ApprovedLevel is the level
	// of the approval in force, frozen when it was made.
	Level         string `json:"level"`
	ApprovedLevel string `json:"approved_level,omitempty"`
	AppliedOn     Date   `json:"applied_on"`
	NoticeUntil   Date   `json:"notice_until,omitzero"` // the last day of the public notice
	FiledOn       Date   `json:"filed_on,omitzero"`     // the first approval's day
	ReviewDue     Date   `json:"review_due,omitzero"`   // a year after the last approval
	Revealed      bool   `json:"revealed"`
	Version       int64  `json:"version"`
}

// Size is the household's number of persons.
func (f HardshipFile) Size() int { return 1 + len(f.Members) }

// HardshipPerson is the head or a member of a household.
type HardshipPerson struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"` // masked unless revealed
	Relation string `json:"relation,omitempty"`
	// Health notes an illness or disability: masked unless revealed.
	Health string `json:"health,omitempty"`
	// PersonID is the person in the member register with this ID number,
	// 0 when the person is not in it.
	PersonID int64 `json:"person_id,omitempty"`
}

// HardshipAmount is an annual income or expense of a kind.
type HardshipAmount struct {
	Kind      string `json:"kind"`
	AmountFen *int64 `json:"amount_fen,omitempty"` // nil when masked
	Note      string `json:"note,omitempty"`
}

// Fen is the amount, 0 when masked.
func (a HardshipAmount) Fen() int64 {
	if a.AmountFen == nil {
		return 0
	}
	return *a.AmountFen
}

// HardshipFileInput is what a cadre keeps on a file.
type HardshipFileInput struct {
	OrgID      int64                 `json:"org_id"`
	RegionCode string                `json:"region_code"`
	Address    string                `json:"address"`
	Head       HardshipPersonInput   `json:"head"`
	Members    []HardshipPersonInput `json:"members"`
	Incomes    []HardshipAmount      `json:"incomes"`
	Expenses   []HardshipAmount      `json:"expenses"`
	Causes     []string              `json:"causes"`
	CauseNote  string                `json:"cause_note"`
	Version    int64                 `json:"version"`
}

// HardshipPersonInput is a person of the household as typed.
type HardshipPersonInput struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Relation string `json:"relation"`
	Health   string `json:"health"`
}

// ToInput is the file as its form holds it (revealed, for an edit).
func (f HardshipFile) ToInput() HardshipFileInput {
	person := func(p HardshipPerson) HardshipPersonInput {
		return HardshipPersonInput{Name: p.Name, IDNumber: p.IDNumber, Relation: p.Relation, Health: p.Health}
	}
	in := HardshipFileInput{OrgID: f.OrgID, RegionCode: f.RegionCode, Address: f.Address, Head: person(f.Head),
		Incomes: append([]HardshipAmount(nil), f.Incomes...), Expenses: append([]HardshipAmount(nil), f.Expenses...),
		Causes: append([]string(nil), f.Causes...), CauseNote: f.CauseNote, Version: f.Version}
	for _, m := range f.Members {
		in.Members = append(in.Members, person(m))
	}
	return in
}

// Means are the input's figures with the allowance given.
func (in HardshipFileInput) Means(allowanceFen int64) HardshipMeans {
	m := HardshipMeans{Size: 1 + len(in.Members), AllowanceFen: allowanceFen}
	for _, a := range in.Incomes {
		m.IncomeFen += a.Fen()
	}
	for _, a := range in.Expenses {
		m.RigidFen += a.Fen()
	}
	return m
}

// The bounds of a file's figures: a household of up to 20 persons, amounts
// up to 100 million yuan a year.
const (
	hardshipMaxMembers = 19
	hardshipMaxFen     = 100_000_000 * 100
)

// Normalize trims the input and turns code names into keys.
func (in *HardshipFileInput) Normalize() {
	in.RegionCode = strings.TrimSpace(in.RegionCode)
	in.Address = strings.TrimSpace(in.Address)
	in.CauseNote = strings.TrimSpace(in.CauseNote)
	in.Head.normalize()
	for i := range in.Members {
		in.Members[i].normalize()
		if k, ok := ChoiceKey(HardshipRelations, in.Members[i].Relation); ok {
			in.Members[i].Relation = k
		}
	}
	in.Head.Relation = ""
	for _, list := range []struct {
		amounts []HardshipAmount
		kinds   []Choice
	}{{in.Incomes, HardshipIncomeKinds}, {in.Expenses, HardshipExpenseKinds}} {
		for i := range list.amounts {
			a := &list.amounts[i]
			a.Note = strings.TrimSpace(a.Note)
			if k, ok := ChoiceKey(list.kinds, a.Kind); ok {
				a.Kind = k
			}
		}
	}
	for i, c := range in.Causes {
		if k, ok := ChoiceKey(HardshipCauses, c); ok {
			in.Causes[i] = k
		}
	}
}

func (p *HardshipPersonInput) normalize() {
	p.Name = strings.TrimSpace(p.Name)
	p.IDNumber = strings.ToUpper(strings.TrimSpace(p.IDNumber))
	p.Relation = strings.TrimSpace(p.Relation)
	p.Health = strings.TrimSpace(p.Health)
}

// Validate checks the rules that need no database. The ID numbers are
// checked by the store, which parses them against today.
func (in *HardshipFileInput) Validate(v *ValidationError) {
	if in.OrgID == 0 {
		v.Add("org_id", "请选择建档工会", "choose the union that files it")
	}
	if in.RegionCode == "" {
		v.Add("region_code", "请填写家庭所在区（街道）代码", "enter the code of the household's district or street")
	}
	textField(v, "address", in.Address, 200, "请填写家庭住址", "the address is required", "家庭住址不能超过200个字", "the address must be at most 200 characters")
	in.Head.validate(v, "head", false)
	if len(in.Members) > hardshipMaxMembers {
		v.Add("members", "家庭成员不能超过19人（户主之外）", "at most 19 members besides the head")
	}
	for i := range in.Members {
		in.Members[i].validate(v, "members."+strconv.Itoa(i), true)
	}
	checkHardshipAmounts(v, "incomes", in.Incomes, HardshipIncomeKinds)
	checkHardshipAmounts(v, "expenses", in.Expenses, HardshipExpenseKinds)
	if len(in.Causes) == 0 {
		v.Add("causes", "请至少选择一项致困原因", "choose at least one cause")
	}
	seen := map[string]bool{}
	for i, c := range in.Causes {
		switch {
		case !IsChoiceKey(HardshipCauses, c):
			v.Add("causes."+strconv.Itoa(i), "致困原因“"+c+"”不在代码表中", "cause "+c+" is not in the code list")
		case seen[c]:
			v.Add("causes."+strconv.Itoa(i), "致困原因重复", "the cause is listed twice")
		}
		seen[c] = true
	}
	if utf8.RuneCountInString(in.CauseNote) > 1000 {
		v.Add("cause_note", "致困情况说明不能超过1000个字", "the description of the causes must be at most 1000 characters")
	}
}

func (p *HardshipPersonInput) validate(v *ValidationError, field string, member bool) {
	textField(v, field+".name", p.Name, 50, "请填写姓名", "the name is required", "姓名不能超过50个字", "the name must be at most 50 characters")
	if p.IDNumber == "" {
		v.Add(field+".id_number", "请填写公民身份号码", "the citizen ID number is required")
	}
	if member && !IsChoiceKey(HardshipRelations, p.Relation) {
		v.Add(field+".relation", "请选择与户主关系", "choose the relation to the head")
	}
	if utf8.RuneCountInString(p.Health) > 200 {
		v.Add(field+".health", "健康状况不能超过200个字", "the health note must be at most 200 characters")
	}
}

func checkHardshipAmounts(v *ValidationError, field string, amounts []HardshipAmount, kinds []Choice) {
	seen := map[string]bool{}
	for i, a := range amounts {
		f := field + "." + strconv.Itoa(i)
		switch {
		case !IsChoiceKey(kinds, a.Kind):
			v.Add(f+".kind", "类别“"+a.Kind+"”不在代码表中", "kind "+a.Kind+" is not in the code list")
		case seen[a.Kind]:
			v.Add(f+".kind", "同一类别只能填写一次", "each kind is entered once")
		}
		seen[a.Kind] = true
		switch {
		case a.AmountFen == nil:
			v.Add(f+".amount_fen", "请填写年金额", "the annual amount is required")
		case *a.AmountFen < 0:
			v.Add(f+".amount_fen", "金额不能为负数", "the amount must not be negative")
		case *a.AmountFen > hardshipMaxFen:
			v.Add(f+".amount_fen", "金额超过1亿元，请核对", "the amount exceeds 100 million yuan: check it")
		}
		if utf8.RuneCountInString(a.Note) > 200 {
			v.Add(f+".note", "说明不能超过200个字", "the note must be at most 200 characters")
		}
	}
}

// HardshipTransition is an action on a file.
type HardshipTransition struct {
	Action string `json:"action"`
	// On is the day it happened; zero means today.
	On   Date   `json:"on,omitzero"`
	Note string `json:"note"`
	// FilingKind (temporary or formal) is set by an approval or review.
	FilingKind string `json:"filing_kind,omitempty"`
	// Visitors names who visited, for a home visit.
	Visitors string `json:"visitors,omitempty"`
	// Version is the version of the file the action was decided on.
	Version int64 `json:"version"`
}

// Validate checks the transition's own fields.
func (t *HardshipTransition) Validate(v *ValidationError) {
	t.Note, t.Visitors = strings.TrimSpace(t.Note), strings.TrimSpace(t.Visitors)
	if _, ok := hardshipMoves[t.Action]; !ok {
		v.Add("action", "未知的操作", "unknown action")
		return
	}
	if utf8.RuneCountInString(t.Note) > 1000 {
		v.Add("note", "说明不能超过1000个字", "the note must be at most 1000 characters")
	}
	switch t.Action {
	case HardshipActApprove, HardshipActReview:
		if !IsChoiceKey(HardshipFilingKinds, t.FilingKind) {
			v.Add("filing_kind", "请选择临时档案或正式档案", "choose a temporary or a formal file")
		}
	case HardshipActVisit:
		textField(v, "visitors", t.Visitors, 100, "请填写走访人", "name who visited", "走访人不能超过100个字", "the visitors must be at most 100 characters")
		if t.Note == "" {
			v.Add("note", "请填写走访情况", "describe the visit")
		}
	case HardshipActReturn, HardshipActClose, HardshipActLift, HardshipActRelapse:
		if t.Note == "" {
			v.Add("note", "请填写原因", "give the reason")
		}
	}
}

// HardshipVisit is a visit to the household: the home visit of the intake,
// a review's, or a follow-up after lifting out (watching for relapse).
type HardshipVisit struct {
	ID        int64  `json:"id"`
	VisitedOn Date   `json:"visited_on"`
	Kind      string `json:"kind"`
	Visitors  string `json:"visitors"`
	Note      string `json:"note"`
}

// HardshipVisitKinds are the kinds of visit.
var HardshipVisitKinds = []Choice{
	{"home", Message{"入户走访", "Home visit"}},
	{"review", Message{"复核走访", "Review visit"}},
	{"followup", Message{"脱困回访", "Follow-up visit"}},
}

// HardshipEvent is one step of a file's history.
type HardshipEvent struct {
	Action    string `json:"action"`
	FromState string `json:"from_state"`
	ToState   string `json:"to_state"`
	On        Date   `json:"on"`
	Actor     string `json:"actor"`
	Note      string `json:"note"`
}

// HardshipApprovalRecord is an approval with the inputs it was decided on,
// frozen: later edits of the file or the register never change it.
type HardshipApprovalRecord struct {
	ID          int64         `json:"id"`
	ApprovedOn  Date          `json:"approved_on"`
	EndedOn     Date          `json:"ended_on,omitzero"` // the day it stopped being in force
	Approver    string        `json:"approver"`
	ApproverOrg string        `json:"approver_org"`
	FilingKind  string        `json:"filing_kind"`
	Level       string        `json:"level"`
	Means       HardshipMeans `json:"means"`
	// AllowanceRegion and AllowanceYear name the allowance used.
	AllowanceRegion string `json:"allowance_region"`
	AllowanceYear   int    `json:"allowance_year"`
	// Snapshot is the household as approved (ID numbers masked, amounts
	// masked unless revealed).
	Snapshot HardshipFileInput `json:"snapshot"`
}

// HardshipStanding is a household's file and the level in force on a day,
// for the programmes that pay by it.
type HardshipStanding struct {
	File     HardshipFile           `json:"file"`
	Approval HardshipApprovalRecord `json:"approval"`
}

// HardshipAllowance is the minimum living allowance (低保) of a district in
// a year, per person and month.
type HardshipAllowance struct {
	RegionCode string `json:"region_code"`
	Year       int    `json:"year"`
	MonthlyFen int64  `json:"monthly_fen"`
	UpdatedBy  string `json:"updated_by,omitempty"`
	Version    int64  `json:"version"`
	RegionName string `json:"region_name,omitempty"`
}

// Validate checks an allowance.
func (a *HardshipAllowance) Validate(v *ValidationError) {
	a.RegionCode = strings.TrimSpace(a.RegionCode)
	if len(a.RegionCode) != 6 {
		v.Add("region_code", "请填写6位区县代码", "enter the 6-digit district code")
	}
	if a.Year < 2000 || a.Year > 2100 {
		v.Add("year", "年度应在2000到2100之间", "the year must be between 2000 and 2100")
	}
	if a.MonthlyFen <= 0 || a.MonthlyFen > 10_000_000 {
		v.Add("monthly_fen", "低保标准应为正数且不超过10万元/月", "the allowance must be positive and at most 100,000 yuan a month")
	}
}

// HardshipFileFilter selects files in a list.
type HardshipFileFilter struct {
	OrgID int64  // files of this union's subtree; 0 = the whole scope
	State string // "" = every state but closed
	Level string // the approved level; "" = any
	Query string // the head's name contains
	// Due selects the files that wait for a step on the day On (see
	// HardshipDueKinds); it is the inbox's list.
	Due  string
	On   Date
	IDs  []int64
	Sort string
	Page
}

// What a file may wait for: a decision of the level above once its public
// notice has ended, a yearly review coming due within HardshipReviewLead
// days, or the filing union's next step (check, visit, notice).
const (
	HardshipDueApprove  = "approve"
	HardshipDueReview   = "review"
	HardshipDueProgress = "progress"
)

// HardshipDueKinds lists the waits in the inbox's order.
var HardshipDueKinds = []Choice{
	{HardshipDueApprove, Message{"公示期满待审批", "Notice ended, to approve"}},
	{HardshipDueReview, Message{"年度复核将到期", "Yearly review coming due"}},
	{HardshipDueProgress, Message{"待本会审核、走访或公示", "To check, visit or give notice"}},
}

// HardshipReviewLead is how many days ahead a coming yearly review shows.
const HardshipReviewLead = 30

// DefaultHardshipNoticeDays is the public notice's length when the
// administrator has set none.
const DefaultHardshipNoticeDays = 7

// The catalogue holds the hardship files' figures.
var _ = RegisterIndicators(60, []Indicator{
	{Key: "hardship_households", Name: Message{"建档困难职工家庭数", "Hardship households on file"}, Unit: Message{"户", "households"},
		Definition: Message{"子树内工会建档、当日批准有效（未解困、未注销）的困难职工家庭", "households on file with the subtree's unions whose approval is in force on the day (not lifted out or closed)"}},
	{Key: "hardship_households_deep", Name: Message{"其中深度困难家庭", "of which deep hardship"}, Unit: Message{"户", "households"},
		Definition: Message{"批准时核定为深度困难的建档家庭", "households on file approved at the deep level"}},
	{Key: "hardship_households_relative", Name: Message{"其中相对困难家庭", "of which relative hardship"}, Unit: Message{"户", "households"},
		Definition: Message{"批准时核定为相对困难的建档家庭", "households on file approved at the relative level"}},
	{Key: "hardship_households_accident", Name: Message{"其中意外致困家庭", "of which accident-caused"}, Unit: Message{"户", "households"},
		Definition: Message{"批准时核定为意外致困的建档家庭", "households on file approved as accident-caused"}},
	{Key: "hardship_persons", Name: Message{"建档困难家庭人口", "Persons in hardship households on file"}, Unit: unitPersons,
		Definition: Message{"上述家庭批准时的家庭人口之和", "the household sizes of those households, as approved"}},
})
