package gonghui

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Rights protection (维权): the calls and visits a union takes (intake, from
// the 12351 hotline, a walk-in, online or a partner's referral) and the cases
// a request to resolve opens — legal aid (法律援助), labour-dispute mediation
// (劳动争议调解) and labour-law supervision (劳动法律监督). A case's statutory
// clocks are computed from its trigger events, the rules and the holiday
// calendar, never typed; its parties' personal data is sealed at rest and
// masked unless revealed.

// The channels an intake comes by.
var RightsChannels = []Choice{
	{"hotline", Message{"12351热线", "12351 hotline"}},
	{"walk_in", Message{"来访", "Walk-in"}},
	{"online", Message{"网上", "Online"}},
	{"referral", Message{"合作单位转介", "Partner referral"}},
}

// The kinds of intake.
const (
	IntakeConsultation = "consultation" // 咨询
	IntakeRequest      = "request"      // 求决: opens a case
	IntakeSuggestion   = "suggestion"   // 意见建议
)

// RightsIntakeKinds is the code list of the kinds of intake.
var RightsIntakeKinds = []Choice{
	{IntakeConsultation, Message{"咨询", "Consultation"}},
	{IntakeRequest, Message{"求决", "Request to resolve"}},
	{IntakeSuggestion, Message{"意见建议", "Suggestion"}},
}

// The kinds of case.
const (
	CaseLegalAid    = "legal_aid"   // 法律援助
	CaseMediation   = "mediation"   // 劳动争议调解
	CaseSupervision = "supervision" // 劳动法律监督
)

// RightsCaseKinds is the code list of the kinds of case.
var RightsCaseKinds = []Choice{
	{CaseLegalAid, Message{"法律援助", "Legal aid"}},
	{CaseMediation, Message{"劳动争议调解", "Labour-dispute mediation"}},
	{CaseSupervision, Message{"劳动法律监督", "Labour-law supervision"}},
}

// The kinds of claim. Legal aid takes the classes of the ACFTU's legal-aid
// rules (工会法律援助办法); wage and injury claims of migrant workers are
// exempt from the hardship test.
const (
	ClaimWages      = "wages"       // 拖欠劳动报酬
	ClaimWorkInjury = "work_injury" // 工伤待遇
	ClaimOther      = "other"
)

// RightsClaimKinds is the code list of the kinds of claim.
var RightsClaimKinds = []Choice{
	{ClaimWages, Message{"拖欠劳动报酬", "Wage arrears"}},
	{"overtime", Message{"加班费", "Overtime pay"}},
	{"compensation", Message{"经济补偿、赔偿金", "Severance and damages"}},
	{"social_insurance", Message{"社会保险", "Social insurance"}},
	{ClaimWorkInjury, Message{"工伤待遇", "Work-injury benefits"}},
	{"contract", Message{"劳动合同订立、解除", "Labour contract"}},
	{ClaimOther, Message{"其他", "Other"}},
}

// The outcomes that close a case.
const (
	OutcomeSettled     = "settled"     // 调解成功、和解
	OutcomeWithdrawn   = "withdrawn"   // 撤回
	OutcomeArbitration = "arbitration" // 转仲裁
	OutcomeCourt       = "court"       // 转诉讼
	OutcomeAidRefused  = "aid_refused" // 不予援助（需说明理由）
	OutcomeClosed      = "closed"      // 办结
)

// RightsOutcomes is the code list of the outcomes.
var RightsOutcomes = []Choice{
	{OutcomeSettled, Message{"调解成功（和解）", "Settled"}},
	{OutcomeWithdrawn, Message{"申请人撤回", "Withdrawn"}},
	{OutcomeArbitration, Message{"转劳动仲裁", "Referred to arbitration"}},
	{OutcomeCourt, Message{"转诉讼", "Referred to court"}},
	{OutcomeAidRefused, Message{"不予法律援助", "Aid refused"}},
	{OutcomeClosed, Message{"办结", "Closed"}},
}

// The supervision letters (一函两书).
const (
	LetterPrompt     = "prompt"     // 提示函
	LetterOpinion    = "opinion"    // 意见书: the employer answers
	LetterSuggestion = "suggestion" // 建议书: the labour department accepts
)

// RightsLetterKinds is the code list of the supervision letters.
var RightsLetterKinds = []Choice{
	{LetterPrompt, Message{"劳动法律监督提示函", "Prompt letter"}},
	{LetterOpinion, Message{"劳动法律监督意见书", "Letter of opinion"}},
	{LetterSuggestion, Message{"劳动法律监督建议书", "Letter of suggestion"}},
}

// The states of a case.
const (
	CaseOpen   = "open"
	CaseClosed = "closed"
)

// RightsParty is a worker party to a case, as read: the name, ID number
// and phone masked unless revealed.
type RightsParty struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number,omitempty"`
	Phone    string `json:"phone,omitempty"`
	// Migrant marks a migrant worker (农民工).
	Migrant bool `json:"migrant"`
	// Representative marks an elected representative of a group case.
	Representative bool `json:"representative"`
	// PersonID is the member register's person with this ID number (0:
	// none).
	PersonID int64 `json:"person_id,omitempty"`
	// HardshipFileID is the worker's hardship file, and HardshipLevel the
	// level of its approval in force on the day the case was received
	// ("" when none was): what the legal-aid hardship test reads.
	HardshipFileID int64  `json:"hardship_file_id,omitempty"`
	HardshipLevel  string `json:"hardship_level,omitempty"`
}

// RightsPartyInput is a party as typed.
type RightsPartyInput struct {
	Name           string `json:"name"`
	IDNumber       string `json:"id_number"`
	Phone          string `json:"phone"`
	Migrant        bool   `json:"migrant"`
	Representative bool   `json:"representative"`
	HardshipFileID int64  `json:"hardship_file_id,omitempty"`
}

// RightsClaim is a claim of a case, in fen.
type RightsClaim struct {
	Kind      string `json:"kind"`
	AmountFen int64  `json:"amount_fen"`
	Note      string `json:"note,omitempty"`
}

// RightsLetter is a supervision letter sent to an employer (the prompt
// letter and the letter of opinion) or to the labour department (the
// letter of suggestion), and the day it was answered or accepted.
type RightsLetter struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"`
	SentOn     Date   `json:"sent_on"`
	AnsweredOn Date   `json:"answered_on,omitzero"`
}

// RightsStep is one step of a case's timeline.
type RightsStep struct {
	Action string `json:"action"`
	On     Date   `json:"on"`
	Actor  string `json:"actor"`
	Note   string `json:"note,omitempty"`
}

// RightsCase is a case of a union.
type RightsCase struct {
	ID           int64  `json:"id"`
	Number       string `json:"number"` // 案件编号, one across every hand-off
	OrgID        int64  `json:"org_id"`
	OrgName      string `json:"org_name,omitempty"`
	Kind         string `json:"kind"`
	State        string `json:"state"`
	ReceivedOn   Date   `json:"received_on"`
	IntakeID     int64  `json:"intake_id,omitempty"`
	EmployerName string `json:"employer_name"`
	EmployerUSCC string `json:"employer_uscc,omitempty"`
	// UnitID and EmployerID are the unit and the employer-register entry
	// the employer was matched to (0: none).
	UnitID     int64         `json:"unit_id,omitempty"`
	EmployerID int64         `json:"employer_id,omitempty"`
	Summary    string        `json:"summary"`
	KnownOn    Date          `json:"known_on,omitzero"`
	JobEndedOn Date          `json:"job_ended_on,omitzero"`
	Parties    []RightsParty `json:"parties"`
	// WorkerCount is the number of workers of a group case imported with
	// its lead party only (0: the parties are its workers).
	WorkerCount int           `json:"worker_count,omitempty"`
	Claims      []RightsClaim `json:"claims"`
	// AcceptedOn is the day the union accepted the case (a mediation's
	// acceptance, a legal aid's grant).
	AcceptedOn Date `json:"accepted_on,omitzero"`
	// Eligibility is the legal-aid test, for legal-aid cases.
	Eligibility *LegalAidTest `json:"eligibility,omitempty"`
	// OverrideReason is why aid is granted although the test fails.
	OverrideReason string           `json:"override_reason,omitempty"`
	Letters        []RightsLetter   `json:"letters"`
	Outcome        string           `json:"outcome,omitempty"`
	OutcomeOn      Date             `json:"outcome_on,omitzero"`
	OutcomeReason  string           `json:"outcome_reason,omitempty"`
	RecoveredFen   int64            `json:"recovered_fen"`
	Deadlines      []RightsDeadline `json:"deadlines"`
	Timeline       []RightsStep     `json:"timeline,omitempty"`
	// Partner is the partner organisation the case is with (nil: its
	// union handles it); Handoffs are its hand-offs, oldest first, read
	// with the case alone.
	Partner  *RightsCasePartner `json:"partner,omitempty"`
	Handoffs []RightsHandoff    `json:"handoffs,omitempty"`
	// Callbacks are the callback attempts after the case closed, oldest
	// first.
	Callbacks []RightsCallback `json:"callbacks"`
	Revealed  bool             `json:"revealed"`
	Version   int64            `json:"version"`
}

// ClaimedFen is the sum of the claims.
func (c RightsCase) ClaimedFen() int64 {
	var n int64
	for _, cl := range c.Claims {
		n += cl.AmountFen
	}
	return n
}

// Overdue reports whether a deadline of the open case is past and unmet;
// a closed case runs no clock.
func (c RightsCase) Overdue(today Date) bool {
	return c.State != CaseClosed && slices.ContainsFunc(c.Deadlines, func(d RightsDeadline) bool { return d.Overdue(today) })
}

// RightsCaseInput is what a cadre keeps on a case.
type RightsCaseInput struct {
	OrgID        int64              `json:"org_id"`
	Kind         string             `json:"kind"`
	ReceivedOn   Date               `json:"received_on"`
	EmployerName string             `json:"employer_name"`
	EmployerUSCC string             `json:"employer_uscc"`
	Summary      string             `json:"summary"`
	KnownOn      Date               `json:"known_on"`
	JobEndedOn   Date               `json:"job_ended_on"`
	Parties      []RightsPartyInput `json:"parties"`
	Claims       []RightsClaim      `json:"claims"`
	Version      int64              `json:"version"`
}

// ToInput is the case as its form holds it (revealed, for an edit).
func (c RightsCase) ToInput() RightsCaseInput {
	in := RightsCaseInput{OrgID: c.OrgID, Kind: c.Kind, ReceivedOn: c.ReceivedOn, EmployerName: c.EmployerName, EmployerUSCC: c.EmployerUSCC,
		Summary: c.Summary, KnownOn: c.KnownOn, JobEndedOn: c.JobEndedOn, Claims: append([]RightsClaim(nil), c.Claims...), Version: c.Version}
	for _, p := range c.Parties {
		in.Parties = append(in.Parties, RightsPartyInput{Name: p.Name, IDNumber: p.IDNumber, Phone: p.Phone, Migrant: p.Migrant,
			Representative: p.Representative, HardshipFileID: p.HardshipFileID})
	}
	return in
}

// The bounds of a case: a group case of up to 500 workers, claims up to
// 100 million yuan each.
const (
	rightsMaxParties = 500
	rightsMaxClaims  = 20
	rightsMaxFen     = 100_000_000 * 100
	// GroupCaseSize is the number of workers from which a case is a group
	// case whose workers elect 3 to 5 representatives.
	GroupCaseSize = 10
)

// Normalize trims the input and turns code names into keys.
func (in *RightsCaseInput) Normalize() {
	in.EmployerName, in.Summary = strings.TrimSpace(in.EmployerName), strings.TrimSpace(in.Summary)
	in.EmployerUSCC = strings.ToUpper(strings.TrimSpace(in.EmployerUSCC))
	if k, ok := ChoiceKey(RightsCaseKinds, in.Kind); ok {
		in.Kind = k
	}
	for i := range in.Parties {
		p := &in.Parties[i]
		p.Name, p.Phone = strings.TrimSpace(p.Name), strings.TrimSpace(p.Phone)
		p.IDNumber = strings.ToUpper(strings.TrimSpace(p.IDNumber))
	}
	for i := range in.Claims {
		c := &in.Claims[i]
		c.Note = strings.TrimSpace(c.Note)
		if k, ok := ChoiceKey(RightsClaimKinds, c.Kind); ok {
			c.Kind = k
		}
	}
}

// Validate checks the rules that need no database: the ID numbers are
// parsed by the store, against today.
func (in *RightsCaseInput) Validate(v *ValidationError) {
	if in.OrgID == 0 {
		v.Add("org_id", "请选择承办工会", "choose the union that handles the case")
	}
	if !IsChoiceKey(RightsCaseKinds, in.Kind) {
		v.Add("kind", "请选择案件类别（法律援助、劳动争议调解或劳动法律监督）", "choose the kind of case (legal aid, mediation or supervision)")
	}
	if in.ReceivedOn.IsZero() {
		v.Add("received_on", "请填写受理申请日期", "the day the request was received is required")
	}
	textField(v, "employer_name", in.EmployerName, 100, "请填写用人单位名称", "the employer's name is required", "单位名称不能超过100个字", "the employer's name must be at most 100 characters")
	textField(v, "summary", in.Summary, 2000, "请填写案情摘要", "the summary is required", "案情摘要不能超过2000个字", "the summary must be at most 2000 characters")
	if !in.KnownOn.IsZero() && !in.ReceivedOn.IsZero() && in.ReceivedOn.Before(in.KnownOn) {
		v.Add("known_on", "知道权利受侵害的日期不能晚于受理日期", "the day the worker knew cannot be after the day received")
	}
	checkRightsParties(v, in.Parties, in.Kind != CaseSupervision)
	if in.Kind != CaseSupervision && len(in.Claims) == 0 {
		v.Add("claims", "请至少填写一项请求事项", "enter at least one claim")
	}
	if len(in.Claims) > rightsMaxClaims {
		v.Add("claims", "请求事项不能超过20项", "at most 20 claims")
	}
	for i, c := range in.Claims {
		f := "claims." + strconv.Itoa(i)
		if !IsChoiceKey(RightsClaimKinds, c.Kind) {
			v.Add(f+".kind", "请求类别“"+c.Kind+"”不在代码表中", "claim kind "+c.Kind+" is not in the code list")
		}
		if c.AmountFen < 0 || c.AmountFen > rightsMaxFen {
			v.Add(f+".amount_fen", "金额应在0到1亿元之间", "the amount must be between 0 and 100 million yuan")
		}
		if utf8.RuneCountInString(c.Note) > 200 {
			v.Add(f+".note", "说明不能超过200个字", "the note must be at most 200 characters")
		}
	}
}

// checkRightsParties checks the workers of a case: at least one when the
// case is a worker's (a supervision case may concern the employer alone),
// and a group case of 10 or more elects 3 to 5 representatives from them.
func checkRightsParties(v *ValidationError, parties []RightsPartyInput, needOne bool) {
	switch {
	case needOne && len(parties) == 0:
		v.Add("parties", "请至少填写一名职工当事人", "enter at least one worker party")
	case len(parties) > rightsMaxParties:
		v.Add("parties", "当事人不能超过500人", "at most 500 parties")
	}
	reps := 0
	for i, p := range parties {
		f := "parties." + strconv.Itoa(i)
		textField(v, f+".name", p.Name, 50, "请填写姓名", "the name is required", "姓名不能超过50个字", "the name must be at most 50 characters")
		if len(p.Phone) > 20 {
			v.Add(f+".phone", "电话号码不能超过20位", "the phone must be at most 20 characters")
		}
		if p.Representative {
			reps++
		}
	}
	if len(parties) >= GroupCaseSize && (reps < 3 || reps > 5) {
		v.Add("parties", "10人以上的集体争议应推举3至5名代表（现为"+strconv.Itoa(reps)+"名）",
			"a group of 10 or more workers elects 3 to 5 representatives (now "+strconv.Itoa(reps)+")")
	}
}

// RightsIntake is one call, visit or referral.
type RightsIntake struct {
	ID         int64  `json:"id"`
	OrgID      int64  `json:"org_id"`
	OrgName    string `json:"org_name,omitempty"`
	Channel    string `json:"channel"`
	Kind       string `json:"kind"`
	ReceivedOn Date   `json:"received_on"`
	// The caller's name, ID number and phone: masked unless revealed.
	CallerName     string `json:"caller_name"`
	CallerIDNumber string `json:"caller_id_number,omitempty"`
	CallerPhone    string `json:"caller_phone,omitempty"`
	// PersonID is the member register's person with the caller's ID
	// number (0: not a member, or no number given).
	PersonID     int64  `json:"person_id,omitempty"`
	EmployerName string `json:"employer_name,omitempty"`
	EmployerUSCC string `json:"employer_uscc,omitempty"`
	UnitID       int64  `json:"unit_id,omitempty"`
	EmployerID   int64  `json:"employer_id,omitempty"`
	Summary      string `json:"summary"`
	// CaseID is the case a request opened.
	CaseID   int64 `json:"case_id,omitempty"`
	Revealed bool  `json:"revealed"`
	Version  int64 `json:"version"`
}

// RightsIntakeInput is an intake as taken down. A request names the kind
// of the case it opens and the case's claims; its caller is the case's
// first party.
type RightsIntakeInput struct {
	OrgID          int64         `json:"org_id"`
	Channel        string        `json:"channel"`
	Kind           string        `json:"kind"`
	ReceivedOn     Date          `json:"received_on"`
	CallerName     string        `json:"caller_name"`
	CallerIDNumber string        `json:"caller_id_number"`
	CallerPhone    string        `json:"caller_phone"`
	CallerMigrant  bool          `json:"caller_migrant"`
	EmployerName   string        `json:"employer_name"`
	EmployerUSCC   string        `json:"employer_uscc"`
	Summary        string        `json:"summary"`
	CaseKind       string        `json:"case_kind,omitempty"`
	KnownOn        Date          `json:"known_on,omitzero"`
	JobEndedOn     Date          `json:"job_ended_on,omitzero"`
	Claims         []RightsClaim `json:"claims,omitempty"`
	// RequestID is the member's request (MemberRequest) the intake is
	// taken down for: its caller is the member, read from the register,
	// and taking it down takes the request up.
	RequestID int64 `json:"request_id,omitempty"`
}

// Normalize trims the input and turns code names into keys.
func (in *RightsIntakeInput) Normalize() {
	in.CallerName, in.CallerPhone = strings.TrimSpace(in.CallerName), strings.TrimSpace(in.CallerPhone)
	in.CallerIDNumber = strings.ToUpper(strings.TrimSpace(in.CallerIDNumber))
	in.EmployerName, in.Summary = strings.TrimSpace(in.EmployerName), strings.TrimSpace(in.Summary)
	in.EmployerUSCC = strings.ToUpper(strings.TrimSpace(in.EmployerUSCC))
	for _, f := range []struct {
		s    *string
		list []Choice
	}{{&in.Channel, RightsChannels}, {&in.Kind, RightsIntakeKinds}, {&in.CaseKind, RightsCaseKinds}} {
		if k, ok := ChoiceKey(f.list, *f.s); ok {
			*f.s = k
		}
	}
}

// Validate checks the intake's own fields; a request's case is checked as
// the case it opens (CaseInput).
func (in *RightsIntakeInput) Validate(v *ValidationError) {
	in.validateLogged(v)
	if in.Kind == IntakeRequest {
		if in.CallerName == "" {
			v.Add("caller_name", "求决须填写当事人姓名", "a request needs the caller's name")
		}
		if !IsChoiceKey(RightsCaseKinds, in.CaseKind) {
			v.Add("case_kind", "求决须选择所立案件的类别", "a request needs the kind of case it opens")
		}
	}
}

// validateLogged checks what every intake holds, a request opening a case
// or not.
func (in *RightsIntakeInput) validateLogged(v *ValidationError) {
	if in.OrgID == 0 {
		v.Add("org_id", "请选择受理工会", "choose the union that takes the call")
	}
	if !IsChoiceKey(RightsChannels, in.Channel) {
		v.Add("channel", "请选择来源渠道", "choose the channel")
	}
	if !IsChoiceKey(RightsIntakeKinds, in.Kind) {
		v.Add("kind", "请选择诉求类别（咨询、求决或意见建议）", "choose the kind (consultation, request or suggestion)")
	}
	if in.ReceivedOn.IsZero() {
		v.Add("received_on", "请填写受理日期", "the day received is required")
	}
	if utf8.RuneCountInString(in.CallerName) > 50 {
		v.Add("caller_name", "姓名不能超过50个字", "the name must be at most 50 characters")
	}
	if len(in.CallerPhone) > 20 {
		v.Add("caller_phone", "电话号码不能超过20位", "the phone must be at most 20 characters")
	}
	if utf8.RuneCountInString(in.EmployerName) > 100 {
		v.Add("employer_name", "单位名称不能超过100个字", "the employer's name must be at most 100 characters")
	}
	textField(v, "summary", in.Summary, 2000, "请填写来电来访内容", "the summary is required", "内容不能超过2000个字", "the summary must be at most 2000 characters")
}

// CaseInput is the case a request opens: the caller its one party.
func (in RightsIntakeInput) CaseInput() RightsCaseInput {
	return RightsCaseInput{OrgID: in.OrgID, Kind: in.CaseKind, ReceivedOn: in.ReceivedOn, EmployerName: in.EmployerName,
		EmployerUSCC: in.EmployerUSCC, Summary: in.Summary, KnownOn: in.KnownOn, JobEndedOn: in.JobEndedOn,
		Parties: []RightsPartyInput{{Name: in.CallerName, IDNumber: in.CallerIDNumber, Phone: in.CallerPhone, Migrant: in.CallerMigrant}},
		Claims:  in.Claims}
}

// The actions on a case.
const (
	RightsActAccept   = "accept"   // accepted: a mediation's acceptance, a legal aid's grant
	RightsActRefuse   = "refuse"   // refused, with the reason: closes the case
	RightsActOverride = "override" // grants aid although the eligibility test fails, with the reason
	RightsActLetter   = "letter"   // a supervision letter sent
	RightsActAnswer   = "answer"   // a letter answered (the employer) or accepted (the labour department)
	RightsActNote     = "note"     // a step of the timeline
	RightsActClose    = "close"    // the outcome
)

// RightsActions lists the actions with their words.
var RightsActions = []Choice{
	{RightsActAccept, Message{"受理", "Accept"}},
	{RightsActRefuse, Message{"不予受理", "Refuse"}},
	{RightsActOverride, Message{"特批援助", "Grant by exception"}},
	{RightsActLetter, Message{"发出监督函书", "Send a letter"}},
	{RightsActAnswer, Message{"函书已回复", "Letter answered"}},
	{RightsActNote, Message{"办理记录", "Record a step"}},
	{RightsActClose, Message{"结案", "Close"}},
}

// RightsStepInput is an action on a case.
type RightsStepInput struct {
	Action string `json:"action"`
	// On is the day it happened; zero means today.
	On   Date   `json:"on,omitzero"`
	Note string `json:"note"`
	// LetterKind is the letter sent; LetterID the letter answered.
	LetterKind string `json:"letter_kind,omitempty"`
	LetterID   int64  `json:"letter_id,omitempty"`
	// Outcome and RecoveredFen close the case.
	Outcome      string `json:"outcome,omitempty"`
	RecoveredFen int64  `json:"recovered_fen,omitempty"`
	// Version is the version of the case the action was decided on.
	Version int64 `json:"version"`
}

// Validate checks the action's own fields and that it applies to the case.
func (st *RightsStepInput) Validate(v *ValidationError, c RightsCase) {
	st.Note = strings.TrimSpace(st.Note)
	if !IsChoiceKey(RightsActions, st.Action) {
		v.Add("action", "未知的操作", "unknown action")
		return
	}
	if utf8.RuneCountInString(st.Note) > 1000 {
		v.Add("note", "说明不能超过1000个字", "the note must be at most 1000 characters")
	}
	// A step is decided on the case as seen: without its version a stale
	// decision could not be told from a fresh one.
	if st.Version <= 0 {
		v.Add("version", "缺少案件的版本号，请刷新页面后重试", "the case's version is required: reload and try again")
	}
	if c.State == CaseClosed {
		v.Add("action", "案件已结案", "the case is closed")
		return
	}
	if !st.On.IsZero() && st.On.Before(c.ReceivedOn) {
		v.Add("on", "日期不能早于受理申请日期", "the day cannot be before the day received")
	}
	needNote := func(zh, en string) {
		if st.Note == "" {
			v.Add("note", zh, en)
		}
	}
	switch st.Action {
	case RightsActAccept:
		switch {
		case c.Kind == CaseSupervision:
			v.Add("action", "劳动法律监督案件无需受理决定", "a supervision case has no acceptance")
		case !c.AcceptedOn.IsZero():
			v.Add("action", "案件已受理", "the case is already accepted")
		case c.Kind == CaseLegalAid && c.Eligibility != nil && !c.Eligibility.Eligible && c.OverrideReason == "":
			v.Add("action", "不符合法律援助条件：须特批并说明理由，或不予援助", "not eligible for legal aid: grant by exception with a reason, or refuse")
		}
	case RightsActRefuse:
		if c.Kind == CaseSupervision || !c.AcceptedOn.IsZero() {
			v.Add("action", "只有未受理的调解或法律援助申请可以不予受理", "only a mediation or legal-aid request not yet accepted can be refused")
		}
		needNote("请说明不予受理的理由", "give the reason for refusing")
	case RightsActOverride:
		switch {
		case c.Kind != CaseLegalAid:
			v.Add("action", "只有法律援助案件可以特批", "only legal aid is granted by exception")
		case c.Eligibility != nil && c.Eligibility.Eligible:
			v.Add("action", "已符合法律援助条件，无需特批", "eligible already: no exception needed")
		case c.OverrideReason != "":
			v.Add("action", "已特批", "already granted by exception")
		}
		needNote("特批须说明理由", "an exception needs its reason")
	case RightsActLetter:
		if c.Kind != CaseSupervision {
			v.Add("action", "只有劳动法律监督案件发出监督函书", "only supervision cases send letters")
		}
		if k, ok := ChoiceKey(RightsLetterKinds, st.LetterKind); ok {
			st.LetterKind = k
		}
		if !IsChoiceKey(RightsLetterKinds, st.LetterKind) {
			v.Add("letter_kind", "请选择函书类别（提示函、意见书或建议书）", "choose the letter (prompt, opinion or suggestion)")
		}
	case RightsActAnswer:
		i := slices.IndexFunc(c.Letters, func(l RightsLetter) bool { return l.ID == st.LetterID })
		switch {
		case i < 0:
			v.Add("letter_id", "请选择本案已发出的函书", "choose a letter of this case")
		case !c.Letters[i].AnsweredOn.IsZero():
			v.Add("letter_id", "该函书已回复", "the letter is answered already")
		case c.Letters[i].Kind == LetterPrompt:
			v.Add("letter_id", "提示函无需回复", "a prompt letter is not answered")
		}
	case RightsActNote:
		needNote("请填写办理情况", "describe the step")
	case RightsActClose:
		if k, ok := ChoiceKey(RightsOutcomes, st.Outcome); ok {
			st.Outcome = k
		}
		switch {
		case !IsChoiceKey(RightsOutcomes, st.Outcome):
			v.Add("outcome", "请选择结案方式", "choose the outcome")
		case st.Outcome == OutcomeAidRefused && c.Kind != CaseLegalAid:
			v.Add("outcome", "不予法律援助只用于法律援助案件", "aid refused is a legal-aid outcome")
		case st.Outcome == OutcomeAidRefused:
			needNote("不予法律援助须说明理由", "refusing aid needs its reason")
		}
		if st.RecoveredFen < 0 || st.RecoveredFen > rightsMaxFen*rightsMaxClaims {
			v.Add("recovered_fen", "挽回经济损失应为非负金额", "the amount recovered must not be negative")
		}
	}
}

// LegalAidTest is the legal-aid test, criterion by criterion.
type LegalAidTest struct {
	Criteria []EligibilityCriterion `json:"criteria"`
	Eligible bool                   `json:"eligible"`
}

// EligibilityCriterion is one criterion of the legal-aid test: met, or
// exempt (the hardship test for migrant workers' wage and injury claims).
type EligibilityCriterion struct {
	Key    string `json:"key"`
	Met    bool   `json:"met"`
	Exempt bool   `json:"exempt,omitempty"`
}

// The legal-aid criteria.
const (
	CriterionClaimKind = "claim_kind" // every claim of a class legal aid takes
	CriterionHardship  = "hardship"   // every worker in hardship (on a hardship file on the day)
)

// LegalAidEligibility tests a case: its claims must all be of a class
// legal aid takes (not "other"), and every worker must be in hardship —
// on a hardship file in force on the day received — unless the worker is
// a migrant worker claiming only wages and work-injury benefits, exempt
// from the hardship test (全总2015年通知).
func LegalAidEligibility(parties []RightsParty, claims []RightsClaim) LegalAidTest {
	kinds := len(claims) > 0
	onlyWagesInjury := len(claims) > 0
	for _, c := range claims {
		kinds = kinds && c.Kind != ClaimOther && IsChoiceKey(RightsClaimKinds, c.Kind)
		onlyWagesInjury = onlyWagesInjury && (c.Kind == ClaimWages || c.Kind == ClaimWorkInjury)
	}
	hardship, exempt := len(parties) > 0, len(parties) > 0
	for _, p := range parties {
		inHardship := p.HardshipLevel != "" && p.HardshipLevel != HardshipNone
		hardship = hardship && inHardship
		exempt = exempt && (inHardship || p.Migrant && onlyWagesInjury)
	}
	exempt = exempt && !hardship
	return LegalAidTest{
		Criteria: []EligibilityCriterion{{Key: CriterionClaimKind, Met: kinds}, {Key: CriterionHardship, Met: hardship, Exempt: exempt}},
		Eligible: kinds && (hardship || exempt),
	}
}

// The statutory clocks of a case, each keyed to its trigger event.
const (
	// ClockMediationAccept: a mediation request is accepted or refused
	// within 3 working days of its receipt (local rules).
	ClockMediationAccept = "mediation_accept"
	// ClockMediationTerm: no agreement within 15 days of receipt lets the
	// party go to arbitration (调解仲裁法 §14).
	ClockMediationTerm = "mediation_term"
	// ClockLimitation: arbitration is applied for within one year of the
	// day the worker knew; wage arrears within one year after the job
	// ends, without limit while it lasts (调解仲裁法 §27).
	ClockLimitation = "arbitration_limitation"
	// ClockLetterAnswer: the employer answers a letter of opinion within
	// 15 working days.
	ClockLetterAnswer = "letter_answer"
	// ClockLetterAccept: the labour department accepts a letter of
	// suggestion within 5 working days.
	ClockLetterAccept = "letter_accept"
)

// The units a clock counts in.
const (
	ClockWorkdays = "workdays"
	ClockDays     = "days"
	ClockYears    = "years"
)

// ClockRule is the length of a clock in a jurisdiction.
type ClockRule struct {
	Kind string `json:"kind"`
	N    int    `json:"n"`
	Unit string `json:"unit"`
}

// DefaultClockRules are the statutory lengths; a district's rules replace
// them where its jurisdiction differs.
var DefaultClockRules = []ClockRule{
	{ClockMediationAccept, 3, ClockWorkdays},
	{ClockMediationTerm, 15, ClockDays},
	{ClockLimitation, 1, ClockYears},
	{ClockLetterAnswer, 15, ClockWorkdays},
	{ClockLetterAccept, 5, ClockWorkdays},
}

// RightsClockKinds is the code list of the clocks.
var RightsClockKinds = []Choice{
	{ClockMediationAccept, Message{"调解申请受理期限", "Mediation: accept or refuse"}},
	{ClockMediationTerm, Message{"调解期限（期满可申请仲裁）", "Mediation term (then arbitration)"}},
	{ClockLimitation, Message{"劳动仲裁时效", "Arbitration limitation"}},
	{ClockLetterAnswer, Message{"用人单位回复意见书期限", "Employer's answer to a letter of opinion"}},
	{ClockLetterAccept, Message{"劳动行政部门受理建议书期限", "Labour department's acceptance of a suggestion"}},
}

// RightsClockUnits is the code list of the clocks' units.
var RightsClockUnits = []Choice{
	{ClockWorkdays, Message{"工作日", "working days"}},
	{ClockDays, Message{"日", "days"}},
	{ClockYears, Message{"年", "years"}},
}

// Validate checks a rule.
func (r *ClockRule) Validate(v *ValidationError) {
	if !IsChoiceKey(RightsClockKinds, r.Kind) {
		v.Add("kind", "未知的期限类别", "unknown clock")
	}
	if !IsChoiceKey(RightsClockUnits, r.Unit) {
		v.Add("unit", "请选择工作日、日或年", "choose working days, days or years")
	}
	if r.N < 1 || r.N > 366 {
		v.Add("n", "期限应在1到366之间", "the length must be between 1 and 366")
	}
}

// Due is the last day of the clock started on trigger.
func (r ClockRule) Due(cal Calendar, trigger Date) Date {
	switch r.Unit {
	case ClockWorkdays:
		return cal.AddWorkdays(trigger, r.N)
	case ClockYears:
		return cal.AddYearsEnding(trigger, r.N)
	}
	return cal.AddDaysEnding(trigger, r.N)
}

// ClockRules are the rules of a jurisdiction by clock.
type ClockRules map[string]ClockRule

// ClockRulesOf are the default rules with the given ones replacing them.
func ClockRulesOf(own []ClockRule) ClockRules {
	rs := ClockRules{}
	for _, list := range [][]ClockRule{DefaultClockRules, own} {
		for _, r := range list {
			rs[r.Kind] = r
		}
	}
	return rs
}

// RightsDeadline is one clock of a case: started on Trigger, due on Due,
// met on MetOn (zero while it runs).
type RightsDeadline struct {
	Kind     string `json:"kind"`
	Trigger  Date   `json:"trigger"`
	Due      Date   `json:"due"`
	MetOn    Date   `json:"met_on,omitzero"`
	LetterID int64  `json:"letter_id,omitempty"`
}

// Overdue reports whether the clock ran out on a day before today unmet.
func (d RightsDeadline) Overdue(today Date) bool { return d.MetOn.IsZero() && d.Due.Before(today) }

// Late reports whether it was met after its last day.
func (d RightsDeadline) Late() bool { return !d.MetOn.IsZero() && d.Due.Before(d.MetOn) }

// CaseDeadlines computes a case's clocks from its trigger events.
func CaseDeadlines(c RightsCase, rules ClockRules, cal Calendar) []RightsDeadline {
	out := []RightsDeadline{}
	add := func(kind string, trigger, met Date, letter int64) {
		if trigger.IsZero() {
			return
		}
		out = append(out, RightsDeadline{Kind: kind, Trigger: trigger, Due: rules[kind].Due(cal, trigger), MetOn: met, LetterID: letter})
	}
	ended := c.OutcomeOn
	if c.Kind == CaseMediation {
		decided := c.AcceptedOn
		if decided.IsZero() {
			decided = ended // a refusal closes the case
		}
		add(ClockMediationAccept, c.ReceivedOn, decided, 0)
		add(ClockMediationTerm, c.ReceivedOn, ended, 0)
	}
	if c.Kind != CaseSupervision {
		if trigger := limitationTrigger(c); !trigger.IsZero() {
			add(ClockLimitation, trigger, ended, 0)
		}
	}
	for _, l := range c.Letters {
		switch l.Kind {
		case LetterOpinion:
			add(ClockLetterAnswer, l.SentOn, l.AnsweredOn, l.ID)
		case LetterSuggestion:
			add(ClockLetterAccept, l.SentOn, l.AnsweredOn, l.ID)
		}
	}
	return out
}

// limitationTrigger is the start of the case's earliest limitation: the
// day the worker knew, for a claim other than wages; for wages, the day
// after the job ended (no limitation runs while it lasts).
func limitationTrigger(c RightsCase) Date {
	var first Date
	for _, cl := range c.Claims {
		t := c.KnownOn
		if cl.Kind == ClaimWages {
			t = c.JobEndedOn
		}
		if !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	return first
}

// MaskName keeps a name's first character.
func MaskName(name string) string {
	r, size := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError {
		return ""
	}
	return string(r) + strings.Repeat("*", utf8.RuneCountInString(name[size:]))
}

// RightsIntakeFilter selects intakes in a list.
type RightsIntakeFilter struct {
	OrgID   int64
	Kind    string
	Channel string
	Query   string // the employer's name contains
	Sort    string
	Page
}

// RightsCaseFilter selects cases in a list.
type RightsCaseFilter struct {
	OrgID int64
	Kind  string
	State string // "" = open
	Query string // the number or the employer's name contains
	// Overdue keeps the cases with a clock past and unmet.
	Overdue bool
	// AwaitingCallback keeps the closed cases awaiting a callback
	// (RightsCase.AwaitsCallback).
	AwaitingCallback bool
	Sort             string
	Page
}

// Several intakes against one employer within a window are the early sign
// of a group dispute (群体性劳动争议苗头).
const (
	GroupDisputeIntakes    = 3
	GroupDisputeWindowDays = 30
)

// RightsWarning is a group-dispute warning: the intakes against one
// employer (a unit, an entry of the employer register, or a name as typed)
// in the window ending on the day.
type RightsWarning struct {
	EmployerName string `json:"employer_name"`
	UnitID       int64  `json:"unit_id,omitempty"`
	EmployerID   int64  `json:"employer_id,omitempty"`
	Intakes      int    `json:"intakes"`
	FirstOn      Date   `json:"first_on"`
	LastOn       Date   `json:"last_on"`
}
