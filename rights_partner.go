package gonghui

import (
	"strings"
	"unicode/utf8"
)

// Who sees a rights case: the partner organisations of the six-party
// labour-dispute mediation mechanism (劳动争议调解六方联动) — lawyers'
// offices, mediation committees, the bureaus and the court — whose staff
// see only the cases assigned or handed off to their organisation. A case
// is assigned to a partner by its union; a hand-off from one party to
// another waits for the receiver to acknowledge or decline it, and the
// case keeps its one number throughout.

// The six parties.
const (
	PartyUnion      = "union"      // 工会（市总工会）
	PartyHRSS       = "hrss"       // 人力资源和社会保障局
	PartyJustice    = "justice"    // 司法局
	PartyPetitions  = "petitions"  // 信访办
	PartyCourt      = "court"      // 高级人民法院
	PartyEnterprise = "enterprise" // 企业联合会（企业家协会）
)

// RightsParties is the code list of the six parties.
var RightsParties = []Choice{
	{PartyUnion, Message{"工会", "Union federation"}},
	{PartyHRSS, Message{"人力资源和社会保障局", "Human resources and social security bureau"}},
	{PartyJustice, Message{"司法局", "Justice bureau"}},
	{PartyPetitions, Message{"信访办", "Petitions office"}},
	{PartyCourt, Message{"高级人民法院", "High court"}},
	{PartyEnterprise, Message{"企业联合会", "Enterprise confederation"}},
}

// RightsPartner is a partner organisation, kept by a union and offered to
// the cases of that union's subtree.
type RightsPartner struct {
	ID      int64  `json:"id"`
	OrgID   int64  `json:"org_id"`
	OrgName string `json:"org_name,omitempty"`
	Name    string `json:"name"`
	Party   string `json:"party"`
	Active  bool   `json:"active"`
	Version int64  `json:"version"`
}

// RightsPartnerInput is what an administrator keeps of a partner.
type RightsPartnerInput struct {
	OrgID   int64  `json:"org_id"`
	Name    string `json:"name"`
	Party   string `json:"party"`
	Active  bool   `json:"active"`
	Version int64  `json:"version"`
}

// ToInput is the partner as its form holds it.
func (p RightsPartner) ToInput() RightsPartnerInput {
	return RightsPartnerInput{OrgID: p.OrgID, Name: p.Name, Party: p.Party, Active: p.Active, Version: p.Version}
}

// Normalize trims the name and turns a party's name into its key.
func (in *RightsPartnerInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	if k, ok := ChoiceKey(RightsParties, in.Party); ok {
		in.Party = k
	}
}

// Validate checks the partner's fields.
func (in *RightsPartnerInput) Validate(v *ValidationError) {
	if in.OrgID == 0 {
		v.Add("org_id", "请选择维护该合作单位的工会", "choose the union that keeps the partner")
	}
	textField(v, "name", in.Name, 100, "请填写合作单位名称", "the partner's name is required", "名称不能超过100个字", "the name must be at most 100 characters")
	if !IsChoiceKey(RightsParties, in.Party) {
		v.Add("party", "请选择六方联动中的一方", "choose one of the six parties")
	}
}

// The states of a hand-off.
const (
	HandoffPending      = "pending"
	HandoffAcknowledged = "acknowledged"
	HandoffDeclined     = "declined"
)

// RightsHandoffStates is the code list of the states of a hand-off.
var RightsHandoffStates = []Choice{
	{HandoffPending, Message{"待接收", "Waiting"}},
	{HandoffAcknowledged, Message{"已接收", "Acknowledged"}},
	{HandoffDeclined, Message{"已退回", "Declined"}},
}

// RightsHandoff is a case sent from one party to another: from the case's
// union (FromPartnerID 0) or the partner holding it, to a partner (and
// optionally one of its staff), acknowledged or declined by the receiver.
type RightsHandoff struct {
	ID            int64  `json:"id"`
	CaseID        int64  `json:"case_id"`
	CaseNumber    string `json:"case_number"`
	FromPartnerID int64  `json:"from_partner_id,omitempty"`
	FromName      string `json:"from_name"`
	ToPartnerID   int64  `json:"to_partner_id"`
	ToName        string `json:"to_name"`
	ToUserID      int64  `json:"to_user_id,omitempty"`
	State         string `json:"state"`
	Note          string `json:"note,omitempty"`
	Reason        string `json:"reason,omitempty"`
	SentBy        string `json:"sent_by"`
	SentOn        Date   `json:"sent_on"`
	AnsweredBy    string `json:"answered_by,omitempty"`
	AnsweredOn    Date   `json:"answered_on,omitzero"`
}

// RightsCasePartner is the partner a case is with, and its staff member
// the case is assigned to (0: the organisation as a whole).
type RightsCasePartner struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Party    string `json:"party"`
	UserID   int64  `json:"user_id,omitempty"`
	UserName string `json:"user_name,omitempty"`
}

// RightsAssignInput assigns a case to a partner (and optionally one of its
// staff), decided on the case's Version; PartnerID 0 takes it back.
type RightsAssignInput struct {
	PartnerID int64  `json:"partner_id"`
	UserID    int64  `json:"user_id,omitempty"`
	Note      string `json:"note,omitempty"`
	Version   int64  `json:"version"`
}

// RightsHandoffInput sends a case on to another partner, decided on the
// case's Version.
type RightsHandoffInput struct {
	ToPartnerID int64  `json:"to_partner_id"`
	ToUserID    int64  `json:"to_user_id,omitempty"`
	Note        string `json:"note,omitempty"`
	Version     int64  `json:"version"`
}

// RightsHandoffAnswer is the receiver's answer to a hand-off: acknowledge,
// or decline with the reason, decided on the case's Version.
type RightsHandoffAnswer struct {
	Accept  bool   `json:"accept"`
	Reason  string `json:"reason,omitempty"`
	Version int64  `json:"version"`
}

// Validate checks the answer's own fields.
func (an *RightsHandoffAnswer) Validate(v *ValidationError) {
	an.Reason = strings.TrimSpace(an.Reason)
	if !an.Accept && an.Reason == "" {
		v.Add("reason", "退回须说明理由", "declining needs its reason")
	}
	checkNote(v, "reason", an.Reason)
}

// checkNote bounds a hand-off's note or reason.
func checkNote(v *ValidationError, field, s string) {
	if utf8.RuneCountInString(s) > 1000 {
		v.Add(field, "说明不能超过1000个字", "the note must be at most 1000 characters")
	}
}

// Validate checks the hand-off's own fields.
func (in *RightsHandoffInput) Validate(v *ValidationError) {
	in.Note = strings.TrimSpace(in.Note)
	if in.ToPartnerID == 0 {
		v.Add("to_partner_id", "请选择接收的合作单位", "choose the partner that receives the case")
	}
	checkNote(v, "note", in.Note)
}

// Validate checks the assignment's own fields.
func (in *RightsAssignInput) Validate(v *ValidationError) {
	in.Note = strings.TrimSpace(in.Note)
	if in.PartnerID == 0 && in.UserID != 0 {
		v.Add("user_id", "请先选择合作单位", "choose the partner first")
	}
	checkNote(v, "note", in.Note)
}
