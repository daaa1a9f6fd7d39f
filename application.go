package gonghui

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Applications (帮扶申请): a grassroots cadre files one for a person of
// the register, a household on file or an enterprise under a programme;
// it is assessed against the programme's rules when filed and again at
// each approval up the chain, on facts read at the application's date and
// frozen in the step that decided on them; the last approval pays.

// The states of an application.
const (
	AppFiled    = "filed"    // waiting for the next approval
	AppReturned = "returned" // sent back to the filer with a reason
	AppRefused  = "refused"  // refused: final
	AppApproved = "approved" // approved at every level and paid
)

// ApplicationStates lists the states in form order.
var ApplicationStates = []Choice{
	{AppFiled, Message{"待审批", "Awaiting approval"}},
	{AppReturned, Message{"已退回", "Returned"}},
	{AppRefused, Message{"未通过", "Refused"}},
	{AppApproved, Message{"已批准", "Approved"}},
}

// The actions on an application.
const (
	AppActFile    = "file"
	AppActRefile  = "refile"
	AppActApprove = "approve"
	AppActReturn  = "return"
	AppActRefuse  = "refuse"
	AppActImport  = "import" // filed and approved outside gonghui, imported with its payment
)

// ApplicationInput is what the filer states. The subject is one of
// PersonID (a person of the register), HouseholdFileID (a hardship file)
// or UnitID (an enterprise), as the programme's recipient kind asks.
type ApplicationInput struct {
	ProgrammeID     int64 `json:"programme_id"`
	OrgID           int64 `json:"org_id"` // the filing union
	AppliedOn       Date  `json:"applied_on"`
	PersonID        int64 `json:"person_id,omitempty"`
	HouseholdFileID int64 `json:"household_file_id,omitempty"`
	UnitID          int64 `json:"unit_id,omitempty"`
	// What the programme's rules may ask.
	SchoolLevel  string `json:"school_level,omitempty"`
	Beneficiary  string `json:"beneficiary,omitempty"` // the student, the patient …
	OtherFunding bool   `json:"other_funding,omitempty"`
	// EventRef names the event or claim (a hospital bill's number) the
	// stacking order runs over; ClaimedFen its cost, InsurancePaidFen what
	// basic medical insurance paid of it.
	EventRef         string `json:"event_ref,omitempty"`
	ClaimedFen       int64  `json:"claimed_fen,omitempty"`
	InsurancePaidFen int64  `json:"insurance_paid_fen,omitempty"`
	RequestedFen     int64  `json:"requested_fen,omitempty"`
	Form             string `json:"form,omitempty"` // when the programme leaves it to the application
	Payee            Payee  `json:"payee"`
	Note             string `json:"note,omitempty"`
	// CertificateID or ContestResultID: the credential a subsidy is paid
	// on, one of the person's.
	CertificateID   int64 `json:"certificate_id,omitempty"`
	ContestResultID int64 `json:"contest_result_id,omitempty"`
	// OverrideReason lets a duplicate through (PermOverrideDuplicate).
	OverrideReason string `json:"override_reason,omitempty"`
	// RequestID is the member's request (MemberRequest) the application is
	// filed for: filing takes it up.
	RequestID int64 `json:"request_id,omitempty"`
	Version   int64 `json:"version,omitempty"`
}

// Normalize trims the input's text.
func (in *ApplicationInput) Normalize() {
	for _, s := range []*string{&in.SchoolLevel, &in.Beneficiary, &in.EventRef, &in.Note, &in.OverrideReason, &in.Form} {
		*s = strings.TrimSpace(*s)
	}
	in.Payee.Name = strings.TrimSpace(in.Payee.Name)
	in.Payee.Bank = strings.TrimSpace(in.Payee.Bank)
	in.Payee.Account = strings.Join(strings.Fields(in.Payee.Account), "")
}

// Validate checks the input against the programme: the subject its
// recipient kind asks, the fields its rules read.
func (in ApplicationInput) Validate(v *ValidationError, p Programme) {
	if in.OrgID == 0 {
		v.Add("org_id", "请选择申请工会", "choose the filing union")
	}
	if in.AppliedOn.IsZero() {
		v.Add("applied_on", "请填写申请日期", "give the date of the application")
	}
	subjects := 0
	for _, id := range []int64{in.PersonID, in.HouseholdFileID, in.UnitID} {
		if id != 0 {
			subjects++
		}
	}
	switch {
	case p.RecipientKind == RecipientPerson && in.PersonID == 0:
		v.Add("person_id", "请选择受助会员", "choose the member")
	case p.RecipientKind == RecipientHousehold && in.HouseholdFileID == 0:
		v.Add("household_file_id", "请选择困难职工家庭档案", "choose the household's hardship file")
	case p.RecipientKind == RecipientEnterprise && in.UnitID == 0:
		v.Add("unit_id", "请选择受助企业", "choose the enterprise")
	case subjects > 1:
		v.Add("person_id", "一份申请只能有一个受助对象", "an application is for one recipient")
	}
	if len(p.Rules.Eligibility.SchoolLevels) > 0 && !IsChoiceKey(SchoolLevels, in.SchoolLevel) {
		v.Add("school_level", "请选择学段", "choose the school level")
	}
	for field, n := range map[string]int64{"claimed_fen": in.ClaimedFen, "insurance_paid_fen": in.InsurancePaidFen, "requested_fen": in.RequestedFen} {
		checkFen(v, field, n)
	}
	if in.InsurancePaidFen > in.ClaimedFen {
		v.Add("insurance_paid_fen", "医保报销不能超过总费用", "basic insurance cannot have paid more than the cost")
	}
	switch p.Rules.Amount.Kind {
	case AmountFormula:
		if in.ClaimedFen <= 0 {
			v.Add("claimed_fen", "请填写费用总额", "give the total cost")
		}
		if in.EventRef == "" {
			v.Add("event_ref", "请填写费用单据号（同一单据按项目顺序累计支付）", "give the bill's number (the programmes pay it in their order)")
		}
	case AmountRequested:
		if in.RequestedFen <= 0 {
			v.Add("requested_fen", "请填写申请金额", "give the amount asked for")
		}
	}
	switch q := p.Rules.Eligibility.Qualification; {
	case in.CertificateID != 0 && in.ContestResultID != 0:
		v.Add("certificate_id", "一份申请只能依据一个证书或一项成绩", "an application names one certificate or one result")
	case q == nil && in.credentialOf() != "":
		v.Add("certificate_id", "本项目不依据证书发放", "the programme does not pay on certificates")
	case q != nil && in.credentialOf() == "":
		v.Add("certificate_id", "请选择职业资格证书（或竞赛成绩）", "choose the certificate (or the contest result)")
	}
	if p.Form == "" && !IsChoiceKey(Forms, in.Form) {
		v.Add("form", "请选择资金或物资", "choose cash or goods")
	}
	for field, s := range map[string]string{"beneficiary": in.Beneficiary, "event_ref": in.EventRef, "payee.name": in.Payee.Name} {
		if utf8.RuneCountInString(s) > 100 {
			v.Add(field, "内容过长（不超过100字）", "too long (at most 100 characters)")
		}
	}
	if utf8.RuneCountInString(in.Note)+utf8.RuneCountInString(in.OverrideReason) > 2000 {
		v.Add("note", "说明过长", "the note is too long")
	}
	if p.Rules.Amount.Kind != AmountNone && in.formOf(p) == FormCash && !validBankAccount(in.Payee.Account) {
		v.Add("payee.account", "请填写收款人的银行卡号或账号（8至32位数字）", "give the payee's bank card or account number (8 to 32 digits)")
	}
}

// formOf is the payment's form: the programme's, or the application's
// when the programme leaves it open.
func (in ApplicationInput) formOf(p Programme) string {
	if p.Form != "" {
		return p.Form
	}
	return in.Form
}

// FormOf is the form the application is paid in.
func FormOf(p Programme, in ApplicationInput) string { return in.formOf(p) }

// ApplicationFacts are what the assessment reads from the records, as of
// the application's date and the moment of the step: frozen with each
// step, so a later edit of the register never changes a decision made.
type ApplicationFacts struct {
	AsOf Date `json:"as_of"`
	// Member: the person (or the household's head) held an active
	// membership on the date.
	Member bool `json:"member"`
	// HardshipFileID and HardshipLevel: the household on file on the
	// date and its approved level ("" when not on file).
	HardshipFileID int64  `json:"hardship_file_id,omitempty"`
	HardshipLevel  string `json:"hardship_level,omitempty"`
	// Enrolled: the enrolment the rules ask for is approved for the year.
	Enrolled bool `json:"enrolled,omitempty"`
	// StackedFen: what the programmes before this one paid for the same
	// event and subject.
	StackedFen int64 `json:"stacked_fen,omitempty"`
	// PaidPersonFen, PaidHouseholdFen: what this programme already
	// approved for the subject and its household in the period (this
	// application apart); BudgetUsedFen for everyone in the period.
	PaidPersonFen    int64 `json:"paid_person_fen,omitempty"`
	PaidHouseholdFen int64 `json:"paid_household_fen,omitempty"`
	BudgetUsedFen    int64 `json:"budget_used_fen,omitempty"`
	// Duplicate is another live application of the subject, programme
	// and period (0: none).
	Duplicate int64 `json:"duplicate,omitempty"`
	// Qualification: a subsidy's credential and its period's standing.
	Qualification *QualificationFacts `json:"qualification,omitempty"`
}

// Assessment is what the rules make of an application on its facts.
type Assessment struct {
	AmountFen int64 `json:"amount_fen"`
	// OutOfPocketFen is the cost left after insurance and the programmes
	// before (formula rules).
	OutOfPocketFen int64 `json:"out_of_pocket_fen,omitempty"`
	// CappedBy names the cap that cut the amount ("" when none did).
	CappedBy string `json:"capped_by,omitempty"`
}

// Assess applies a programme's rules to an application and its facts:
// the amount it pays and every reason it may not be paid, each on the
// field it concerns. A duplicate is a reason unless overridden.
func Assess(p Programme, in ApplicationInput, f ApplicationFacts, overridden bool) (Assessment, error) {
	v := &ValidationError{}
	r := p.Rules
	e := r.Eligibility
	if e.Member && !f.Member && e.Qualification == nil { // a subsidy reads it on the credential's date
		v.Add("person_id", "申请日无有效会籍（须为在册会员）", "not a member on the date of the application")
	}
	if len(e.HardshipLevels) > 0 && !contains(e.HardshipLevels, f.HardshipLevel) {
		v.Add("household_file_id", "申请日该家庭未按要求的困难等级建档", "the household is not on file at a level the programme pays on the date")
	}
	if len(e.SchoolLevels) > 0 && in.SchoolLevel != "" && !contains(e.SchoolLevels, in.SchoolLevel) {
		v.Add("school_level", "本项目不资助该学段", "the programme does not fund this school level")
	}
	if e.NoOtherFunding && in.OtherFunding {
		v.Add("other_funding", "已获其他渠道资助的不再资助", "funded by another agency: not paid again")
	}
	if e.Enrolment != "" && !f.Enrolled {
		v.Add("person_id", "当年未参加"+e.Enrolment+"（须先参保）", "not enrolled in "+e.Enrolment+" for the year")
	}
	if f.Duplicate != 0 && !overridden {
		v.Add("duplicate", "同一对象本期已有该项目申请（编号"+strconv.FormatInt(f.Duplicate, 10)+"），须有权限者说明理由后放行",
			"the same recipient already has an application of this programme for the period (no. "+strconv.FormatInt(f.Duplicate, 10)+"): an approver with the right must override it with a reason")
	}
	level := assessQualification(p, in, f, overridden, v)
	year, _, _ := in.AppliedOn.Parts()
	var as Assessment
	a := r.Amount
	switch a.Kind {
	case AmountFixed:
		as.AmountFen = a.AmountFen
		onFile := OnFileNo
		if f.HardshipLevel != "" {
			onFile = OnFileYes
		}
		for _, t := range a.Tiers {
			if (t.SchoolLevel == "" || t.SchoolLevel == in.SchoolLevel) && (t.OnFile == OnFileAny || t.OnFile == onFile) &&
				(t.Level == "" || t.Level == level) && (t.Year == 0 || t.Year == year) {
				as.AmountFen = t.AmountFen
				break
			}
		}
	case AmountFormula:
		as.OutOfPocketFen = max(0, in.ClaimedFen-in.InsurancePaidFen-f.StackedFen)
		if as.OutOfPocketFen < e.MinOutOfPocketFen {
			v.Add("claimed_fen", "自付费用"+yuanText(as.OutOfPocketFen)+"元，未达"+yuanText(e.MinOutOfPocketFen)+"元",
				"the out-of-pocket cost "+yuanText(as.OutOfPocketFen)+" yuan is below "+yuanText(e.MinOutOfPocketFen)+" yuan")
		}
		// Multiplied before dividing, rounded down to the fen.
		as.AmountFen = max(0, as.OutOfPocketFen-a.DeductibleFen) * a.RateBP / 10_000
	case AmountRequested:
		as.AmountFen = in.RequestedFen
	}
	if a.MaxFen > 0 && a.Kind != AmountFixed {
		as.capAt(a.MaxFen, "amount.max_fen")
	}
	if a.Kind != AmountNone {
		if r.Caps.PersonFen > 0 {
			as.capAt(max(0, r.Caps.PersonFen-f.PaidPersonFen), "caps.person_fen")
		}
		if r.Caps.HouseholdFen > 0 && (f.HardshipFileID != 0 || p.RecipientKind == RecipientHousehold) {
			as.capAt(max(0, r.Caps.HouseholdFen-f.PaidHouseholdFen), "caps.household_fen")
		}
		if as.AmountFen <= 0 && v.Err() == nil {
			v.Add("amount_fen", "按规则应付金额为零（已达上限或不符合档次）", "the rules pay nothing (a cap is reached or no tier fits)")
		}
		if r.BudgetFen > 0 && f.BudgetUsedFen+as.AmountFen > r.BudgetFen {
			v.Add("budget", "本期预算不足：剩余"+yuanText(max(0, r.BudgetFen-f.BudgetUsedFen))+"元",
				"the period's budget does not cover it: "+yuanText(max(0, r.BudgetFen-f.BudgetUsedFen))+" yuan left")
		}
	}
	return as, v.Err()
}

// capAt lowers the amount to limit, naming the cap.
func (as *Assessment) capAt(limit int64, by string) {
	if as.AmountFen > limit {
		as.AmountFen, as.CappedBy = limit, by
	}
}

func yuanText(fen int64) string { return FormatFixed(fen, 2) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ApproverFits reports whether an actor of the union at actorPath may
// take the approval step (1: the first) of an application filed at the
// union at filingPath: its union is above the filing union by at least
// step levels.
func ApproverFits(filingPath, actorPath string, step int) bool {
	if !strings.HasPrefix(filingPath, actorPath) {
		return false
	}
	return pathDepth(filingPath)-pathDepth(actorPath) >= step
}

func pathDepth(p string) int { return strings.Count(p, "/") - 1 }

// Application is an application with where it stands.
type Application struct {
	ID            int64             `json:"id"`
	ProgrammeID   int64             `json:"programme_id"`
	ProgrammeCode string            `json:"programme_code"`
	ProgrammeName string            `json:"programme_name"`
	OrgName       string            `json:"org_name,omitempty"`
	Period        string            `json:"period"`
	State         string            `json:"state"`
	Step          int               `json:"step"`   // approvals given so far
	Levels        int               `json:"levels"` // approvals needed
	Input         ApplicationInput  `json:"input"`
	SubjectName   string            `json:"subject_name,omitempty"`
	Facts         ApplicationFacts  `json:"facts"`
	Assessment    Assessment        `json:"assessment"`
	OverrideBy    string            `json:"override_by,omitempty"`
	EntryID       int64             `json:"entry_id,omitempty"` // the payment's journal entry
	FiledBy       string            `json:"filed_by"`
	Steps         []ApplicationStep `json:"steps,omitempty"`
	Version       int64             `json:"version"`
}

// ApplicationStep is one step of an application's history, with the
// facts and the assessment it was taken on.
type ApplicationStep struct {
	Action     string           `json:"action"`
	Level      int              `json:"level,omitempty"` // the approval's step
	Actor      string           `json:"actor"`
	ActorOrg   string           `json:"actor_org,omitempty"`
	Comment    string           `json:"comment,omitempty"`
	Facts      ApplicationFacts `json:"facts"`
	Assessment Assessment       `json:"assessment"`
	At         time.Time        `json:"at"`
}

// Decision is an approver's answer to an application.
type Decision struct {
	Action  string `json:"action"` // approve, return, refuse
	Comment string `json:"comment"`
	// OverrideReason lets a duplicate through (PermOverrideDuplicate).
	OverrideReason string `json:"override_reason,omitempty"`
	Version        int64  `json:"version"`
}

// Validate checks a decision: a return and a refusal give their reason.
func (d *Decision) Validate(v *ValidationError) {
	d.Comment, d.OverrideReason = strings.TrimSpace(d.Comment), strings.TrimSpace(d.OverrideReason)
	switch d.Action {
	case AppActApprove:
	case AppActReturn, AppActRefuse:
		if d.Comment == "" {
			v.Add("comment", "退回或不予批准须说明理由", "a return or a refusal gives its reason")
		}
	default:
		v.Add("action", "未知的审批操作", "unknown decision")
	}
	if utf8.RuneCountInString(d.Comment) > 1000 {
		v.Add("comment", "意见过长（不超过1000字）", "the comment is too long (at most 1,000 characters)")
	}
}

// ApplicationFilter selects applications in a list.
type ApplicationFilter struct {
	OrgID       int64 // the filing unions' subtree; 0: the actor's scope
	ProgrammeID int64
	State       string
	Period      string
	// Awaiting: only those the actor may take the next approval of.
	Awaiting bool
	IDs      []int64
	Page
}
