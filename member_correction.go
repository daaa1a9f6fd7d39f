package gonghui

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A member corrects their own phone, address and education in the portal;
// a cadre of their union confirms the correction into the register or
// rejects it with a reason, and the member may withdraw it while it waits.

// CorrectionStatus is the state of a member's correction.
type CorrectionStatus string

const (
	CorrectionPending   CorrectionStatus = "pending"
	CorrectionConfirmed CorrectionStatus = "confirmed"
	CorrectionRejected  CorrectionStatus = "rejected"
	CorrectionWithdrawn CorrectionStatus = "withdrawn"
)

var correctionStatusNames = map[CorrectionStatus]Message{
	CorrectionPending:   {"待确认", "Awaiting confirmation"},
	CorrectionConfirmed: {"已确认", "Confirmed"},
	CorrectionRejected:  {"未通过", "Rejected"},
	CorrectionWithdrawn: {"已撤回", "Withdrawn"},
}

// Name is the status's display name.
func (s CorrectionStatus) Name() Message { return correctionStatusNames[s] }

// CorrectionInput is what a member proposes: each field left empty keeps
// the register's value.
type CorrectionInput struct {
	Phone     string `json:"phone,omitempty"`
	Address   string `json:"address,omitempty"`
	Education string `json:"education,omitempty"`
}

// MemberCorrection is one proposed correction. Phone and Address are
// masked unless revealed; Education is a code of Educations.
type MemberCorrection struct {
	ID         int64            `json:"id"`
	PersonID   int64            `json:"person_id"`
	MemberID   int64            `json:"member_id,omitempty"` // the current membership, as the cadre sees it
	Name       string           `json:"name"`
	OrgID      int64            `json:"org_id,omitempty"`
	OrgName    string           `json:"org_name,omitempty"`
	Phone      string           `json:"phone,omitempty"`
	Address    string           `json:"address,omitempty"`
	Education  string           `json:"education,omitempty"`
	Status     CorrectionStatus `json:"status"`
	Reason     string           `json:"reason,omitempty"` // a rejection's
	ProposedOn Date             `json:"proposed_on"`
	DecidedOn  Date             `json:"decided_on,omitzero"`
	DecidedBy  string           `json:"decided_by,omitempty"`
	Revealed   bool             `json:"revealed"`
	Version    int64            `json:"version"`
}

// CorrectionRejection is a cadre's refusal of a correction: the reason the
// member reads, and the version of the correction it was made from.
type CorrectionRejection struct {
	Reason  string `json:"reason"`
	Version int64  `json:"version"`
}

// MaxCorrectionReason bounds a rejection's reason, in characters.
const MaxCorrectionReason = 500

// Check validates a rejection's reason: required, at most
// MaxCorrectionReason characters.
func (in *CorrectionRejection) Check() error {
	in.Reason = strings.TrimSpace(in.Reason)
	switch {
	case in.Reason == "":
		return Invalid("reason", "请填写未通过的原因", "a reason is required")
	case utf8.RuneCountInString(in.Reason) > MaxCorrectionReason:
		return Invalid("reason", "原因不能超过500个字", "the reason must be at most 500 characters")
	}
	return nil
}

// Address bounds, in characters.
const (
	MinAddress = 2
	MaxAddress = 200
)

// NormalizeAddress trims an address; checkAddress validates it.
func NormalizeAddress(s string) string { return strings.TrimSpace(s) }

// checkAddress adds field's error when a (trimmed, non-empty) address is
// too short, too long or holds control characters.
func checkAddress(v *ValidationError, field, s string) {
	if !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0 {
		v.Add(field, "地址不能含有控制字符", "the address must not hold control characters")
		return
	}
	if n := utf8.RuneCountInString(s); n < MinAddress || n > MaxAddress {
		v.Add(field, "地址应为2至200个字", "the address must be 2 to 200 characters")
	}
}

// checkPhone adds field's error when a normalized phone is neither a
// mobile nor a landline number, the register's rule.
func checkPhone(v *ValidationError, field, p string) {
	if !mobileRe.MatchString(p) && !landlineRe.MatchString(p) {
		v.Add(field, "手机号码应为11位，以1开头", "phone must be an 11-digit mobile number (or a landline with area code)")
	}
}

// MaskAddress keeps the first characters of an address (at most half,
// six at most: the city and district) and hides the rest.
func MaskAddress(s string) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	return string(r[:min(6, len(r)/2)]) + "****"
}

// CheckCorrection normalizes and validates a member's correction against
// the register's current values (cur, the phone and address in full): a
// field equal to its current value is dropped, and at least one changed
// field must remain. Errors name the fields of CorrectionInput.
func CheckCorrection(in, cur CorrectionInput) (CorrectionInput, error) {
	v := &ValidationError{}
	out := CorrectionInput{Phone: NormalizePhone(in.Phone), Address: NormalizeAddress(in.Address)}
	if out.Phone != "" {
		checkPhone(v, "phone", out.Phone)
	}
	if out.Address != "" {
		checkAddress(v, "address", out.Address)
	}
	if strings.TrimSpace(in.Education) != "" {
		key, ok := ChoiceKey(Educations, in.Education)
		if !ok {
			v.Add("education", "请选择学历", "choose one of the education levels")
		}
		out.Education = key
	}
	if err := v.Err(); err != nil {
		return out, err
	}
	if out.Phone == cur.Phone {
		out.Phone = ""
	}
	if out.Address == cur.Address {
		out.Address = ""
	}
	if out.Education == cur.Education {
		out.Education = ""
	}
	if out == (CorrectionInput{}) {
		return out, Invalid("correction", "请至少更正一项与现有信息不同的内容", "change at least one of phone, address and education")
	}
	return out, nil
}

// CorrectionFilter selects corrections in a cadre's list.
type CorrectionFilter struct {
	Status CorrectionStatus // "" = every status
	Page
}
