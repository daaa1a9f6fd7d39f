package gonghui

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Member requests (会员申请): what a member asks of their union through the
// portal — help under a programme (帮扶, 金秋助学, the qualification
// subsidy), legal aid or mediation — with the documents they upload. The
// union's cadre takes a request up by filing the application or taking
// down the intake it asks for (the request then follows that record), or
// declines it with the reason; the member may withdraw it until then.

// The kinds of member request.
const (
	RequestProgramme = "programme" // an application under a programme
	RequestLegalAid  = "legal_aid" // legal aid (法律援助)
	RequestMediation = "mediation" // labour-dispute mediation (劳动争议调解)
)

// MemberRequestKinds lists the kinds in form order.
var MemberRequestKinds = []Choice{
	{RequestProgramme, Message{"申请帮扶项目", "Apply to a programme"}},
	{RequestLegalAid, Message{"申请法律援助", "Ask for legal aid"}},
	{RequestMediation, Message{"申请劳动争议调解", "Ask for mediation"}},
}

// The states of a member request.
const (
	RequestSubmitted = "submitted" // waiting for the union
	RequestTaken     = "taken"     // the union filed the application or took down the intake
	RequestDeclined  = "declined"  // the union declined it, with the reason
	RequestWithdrawn = "withdrawn" // the member withdrew it
)

// MemberRequestStates lists the states in order.
var MemberRequestStates = []Choice{
	{RequestSubmitted, Message{"已提交，待工会受理", "Submitted, waiting for the union"}},
	{RequestTaken, Message{"工会已受理", "Taken up by the union"}},
	{RequestDeclined, Message{"工会未受理", "Declined by the union"}},
	{RequestWithdrawn, Message{"已撤回", "Withdrawn"}},
}

// Bounds of a member request.
const (
	// MaxPendingRequests is how many requests a member may have waiting
	// at once; one per programme or kind of case.
	MaxPendingRequests = 5
	// MaxRequestDocuments is how many documents a request carries.
	MaxRequestDocuments = 5
)

// MemberRequestInput is what a member states. The programme's fields
// (school level, beneficiary, amount asked) and the case's (employer,
// claim) are read as the kind asks.
type MemberRequestInput struct {
	Kind        string `json:"kind"`
	ProgrammeID int64  `json:"programme_id,omitempty"`
	// Statement is the member's account of the need or the dispute.
	Statement    string `json:"statement"`
	SchoolLevel  string `json:"school_level,omitempty"`
	Beneficiary  string `json:"beneficiary,omitempty"`
	RequestedFen int64  `json:"requested_fen,omitempty"`
	EmployerName string `json:"employer_name,omitempty"`
	ClaimKind    string `json:"claim_kind,omitempty"`
	ClaimFen     int64  `json:"claim_fen,omitempty"`
}

// Normalize trims the input's text and turns code names into keys.
func (in *MemberRequestInput) Normalize() {
	for _, s := range []*string{&in.Kind, &in.Statement, &in.SchoolLevel, &in.Beneficiary, &in.EmployerName, &in.ClaimKind} {
		*s = strings.TrimSpace(*s)
	}
	for _, f := range []struct {
		s    *string
		list []Choice
	}{{&in.Kind, MemberRequestKinds}, {&in.SchoolLevel, SchoolLevels}, {&in.ClaimKind, RightsClaimKinds}} {
		if k, ok := ChoiceKey(f.list, *f.s); ok {
			*f.s = k
		}
	}
}

// Validate checks the member's own fields; the programme's fit is the
// store's to check (it reads the programme).
func (in *MemberRequestInput) Validate(v *ValidationError) {
	if !IsChoiceKey(MemberRequestKinds, in.Kind) {
		v.Add("kind", "请选择申请类别", "choose what you ask for")
		return
	}
	textField(v, "statement", in.Statement, 2000, "请说明您的情况", "tell the union about your situation",
		"说明不能超过2000个字", "the statement must be at most 2000 characters")
	if hasControl(in.Statement) {
		v.Add("statement", "说明含有不可见的控制字符", "the statement holds control characters")
	}
	for field, s := range map[string]string{"beneficiary": in.Beneficiary, "employer_name": in.EmployerName} {
		if utf8.RuneCountInString(s) > 100 || hasControl(s) {
			v.Add(field, "内容过长（不超过100字）或含控制字符", "too long (at most 100 characters) or holding control characters")
		}
	}
	for field, n := range map[string]int64{"requested_fen": in.RequestedFen, "claim_fen": in.ClaimFen} {
		checkFen(v, field, n)
	}
	if in.Kind == RequestProgramme {
		if in.ProgrammeID <= 0 {
			v.Add("programme_id", "请选择项目", "choose the programme")
		}
		if in.SchoolLevel != "" && !IsChoiceKey(SchoolLevels, in.SchoolLevel) {
			v.Add("school_level", "未知的学段", "unknown school level")
		}
		if in.EmployerName != "" || in.ClaimKind != "" || in.ClaimFen != 0 {
			v.Add("claim_kind", "帮扶申请不填写争议事项", "a programme application states no dispute")
		}
		return
	}
	if in.ProgrammeID != 0 || in.SchoolLevel != "" || in.RequestedFen != 0 {
		v.Add("programme_id", "法律援助和调解申请不选择帮扶项目", "legal aid and mediation name no programme")
	}
	if in.EmployerName == "" {
		v.Add("employer_name", "请填写用人单位名称", "give the employer's name")
	}
	if !IsChoiceKey(RightsClaimKinds, in.ClaimKind) {
		v.Add("claim_kind", "请选择请求事项", "choose what you claim")
	}
}

// hasControl reports whether s holds a control character other than a
// line break or a tab.
func hasControl(s string) bool {
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\r' && r != '\t') || r == 0x7f {
			return true
		}
	}
	return false
}

// CaseKindOf is the kind of rights case a request of kind asks for ("" for
// a programme's).
func CaseKindOf(kind string) string {
	switch kind {
	case RequestLegalAid:
		return CaseLegalAid
	case RequestMediation:
		return CaseMediation
	}
	return ""
}

// Document describes an uploaded file kept in the database (a hardship
// file's evidence, a case's or a member request's document): its type is
// sniffed from its bytes, its SHA-256 kept beside them.
type Document struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// TimelineEvent is one step of a request's timeline as its member sees
// it: what happened, on which day, and a note meant for them (a decline's
// reason, the amount paid, the case's outcome).
type TimelineEvent struct {
	On   Date    `json:"on"`
	What Message `json:"what"`
	Note string  `json:"note,omitempty"`
}

// MemberRequest is a request with where it stands.
type MemberRequest struct {
	ID            int64              `json:"id"`
	Kind          string             `json:"kind"`
	ProgrammeID   int64              `json:"programme_id,omitempty"`
	ProgrammeName string             `json:"programme_name,omitempty"`
	PersonID      int64              `json:"person_id"`
	PersonName    string             `json:"person_name,omitempty"`
	OrgID         int64              `json:"org_id"`
	OrgName       string             `json:"org_name,omitempty"`
	SubmittedOn   Date               `json:"submitted_on"`
	State         string             `json:"state"`
	Input         MemberRequestInput `json:"input"`
	ApplicationID int64              `json:"application_id,omitempty"`
	IntakeID      int64              `json:"intake_id,omitempty"`
	CaseID        int64              `json:"case_id,omitempty"`
	Reason        string             `json:"reason,omitempty"`
	DecidedOn     Date               `json:"decided_on,omitzero"`
	Documents     []Document         `json:"documents"`
	// Timeline is the request's story, oldest first: filled for the
	// member's own reads and a cadre's show.
	Timeline []TimelineEvent `json:"timeline,omitempty"`
	Version  int64           `json:"version"`
}

// KindName is the request's kind in words.
func (r MemberRequest) KindName() Message { return ChoiceName(MemberRequestKinds, r.Kind) }

// StateName is the request's state in words.
func (r MemberRequest) StateName() Message { return ChoiceName(MemberRequestStates, r.State) }

// MemberRequestFilter selects requests in a cadre's list.
type MemberRequestFilter struct {
	State string `json:"state,omitempty"` // "" = every state
	Kind  string `json:"kind,omitempty"`
	Page  Page   `json:"-"`
}

// RequestDecline is a cadre's refusal of a request, with the reason the
// member reads.
type RequestDecline struct {
	Reason  string `json:"reason"`
	Version int64  `json:"version"`
}

// Validate checks the decline.
func (d *RequestDecline) Validate(v *ValidationError) {
	d.Reason = strings.TrimSpace(d.Reason)
	textField(v, "reason", d.Reason, 500, "请填写不予受理的理由（会员可见）", "give the reason (the member reads it)",
		"理由不能超过500个字", "the reason must be at most 500 characters")
	if d.Version <= 0 {
		v.Add("version", "缺少申请的版本号，请刷新页面后重试", "the request's version is required: reload and try again")
	}
}
