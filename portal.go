package gonghui

import (
	"crypto/rand"
	"strings"
	"time"
)

// The member portal (会员之家): a member's own account, apart from the
// cadres' users. A union issues each member a one-time activation code
// (printed on the card issue list, as a QR); the member activates with it
// and their citizen ID number, sets a password and binds a phone through a
// one-time SMS code.

// activationAlphabet are the characters of an activation code: digits and
// capitals without the ones read for each other (0/O, 1/I/L, 2/Z, 5/S, 8/B).
const activationAlphabet = "34679ACDEFGHJKMNPQRTUVWXY"

// ActivationCodeLen is the length of an activation code, without its
// dashes: 12 characters of 25, about 55 bits.
const ActivationCodeLen = 12

// Lifetimes of the portal's one-time codes.
const (
	ActivationCodeLifetime = 60 * 24 * time.Hour
	SMSCodeLifetime        = 10 * time.Minute
	// SMSCodeAttempts is how many wrong guesses one SMS code takes
	// before it is spent.
	SMSCodeAttempts = 5
)

// NewActivationCode returns a random activation code, grouped by four
// (ABCD-EFGH-JKMN) as it is printed.
func NewActivationCode() string {
	return FormatActivationCode(randomFrom(activationAlphabet, ActivationCodeLen))
}

// randomFrom draws n characters of alphabet (at most 64 of them), each
// equally likely: bytes that would favour the first characters are drawn
// again.
func randomFrom(alphabet string, n int) string {
	limit := byte(256 / len(alphabet) * len(alphabet) % 256)
	out := make([]byte, 0, n)
	b := make([]byte, n)
	for len(out) < n {
		if _, err := rand.Read(b); err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		for _, c := range b {
			if (limit == 0 || c < limit) && len(out) < n {
				out = append(out, alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return string(out)
}

// FormatActivationCode groups a bare code by four.
func FormatActivationCode(code string) string {
	var b strings.Builder
	for i, r := range code {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ParseActivationCode reads a code as a member types it: spaces and
// dashes ignored, lower case accepted. It returns the bare code.
func ParseActivationCode(s string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
		case r < 128 && strings.IndexByte(activationAlphabet, byte(r)) >= 0:
			b.WriteRune(r)
		default:
			return "", Invalid("code", "激活码含有无效字符", "the activation code holds a character it cannot have")
		}
		if b.Len() > ActivationCodeLen {
			break
		}
	}
	if b.Len() != ActivationCodeLen {
		return "", Invalid("code", "激活码应为12位", "the activation code has 12 characters")
	}
	return b.String(), nil
}

// SMSCodeLen is the number of digits of an SMS code.
const SMSCodeLen = 6

// NewSMSCode returns a random six-digit code.
func NewSMSCode() string { return randomFrom("0123456789", SMSCodeLen) }

// ParseSMSCode reads an SMS code: six digits, spaces around ignored.
func ParseSMSCode(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) != SMSCodeLen || strings.Trim(s, "0123456789") != "" {
		return "", Invalid("sms_code", "验证码应为6位数字", "the code has six digits")
	}
	return s, nil
}

// ParseMobile reads a mainland mobile number (11 digits from 1; spaces,
// dashes and the country code ignored), the form's and the API's.
func ParseMobile(s string) (string, error) {
	p := strings.ReplaceAll(NormalizePhone(s), "-", "")
	if len(p) != 11 || p[0] != '1' || strings.Trim(p, "0123456789") != "" {
		return "", Invalid("phone", "请填写11位手机号码", "give an 11-digit mobile number")
	}
	return p, nil
}

// PortalAccount is a member's portal account as the member sees it.
type PortalAccount struct {
	ID       int64  `json:"id"`
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
	// Phone is the bound phone, masked ("" when none is bound).
	Phone       string    `json:"phone,omitempty"`
	HasPassword bool      `json:"has_password"`
	ActivatedAt time.Time `json:"activated_at"`
	// OrgPath is the union of the member's current (or last) membership,
	// where their portal's events are logged.
	OrgPath string `json:"-"`
}

// MemberScope is the Path of a member acting in the portal: no union's
// path starts with it, so a member's actor reads nothing of the register
// by scope; the portal reads a member's own records by their account.
const MemberScope = "member:"

// MaskCardNo keeps the last four characters of a card number, as the
// portal shows it.
func MaskCardNo(no string) string {
	r := []rune(no)
	if len(r) <= 4 {
		return strings.Repeat("*", len(r))
	}
	return strings.Repeat("*", len(r)-4) + string(r[len(r)-4:])
}
