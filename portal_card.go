package gonghui

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// A member's card in the portal is a QR of a signed, expiring token that
// a station or a union desk verifies offline with the server's public key
// (gonghui portal card-key): "GHC1.<claims>.<signature>", both parts
// base64url without padding, the signature Ed25519 over "GHC1." and the
// claims' part.

// CardTokenPrefix starts every card token.
const CardTokenPrefix = "GHC1."

// CardTokenLifetime is how long a shown card verifies: long enough to
// walk to the desk, short enough that a screenshot soon stops working.
const CardTokenLifetime = 15 * time.Minute

// CardClaims are what a card token says of its holder.
type CardClaims struct {
	MembershipID int64  `json:"m"`
	Name         string `json:"n"`
	OrgName      string `json:"o"`
	CardNo       string `json:"c,omitempty"` // masked
	Active       bool   `json:"a"`
	IssuedAt     int64  `json:"i"` // Unix seconds
	ExpiresAt    int64  `json:"e"`
}

// SignCardToken signs claims with key.
func SignCardToken(key ed25519.PrivateKey, c CardClaims) string {
	body, _ := json.Marshal(c)
	signed := CardTokenPrefix + base64.RawURLEncoding.EncodeToString(body)
	return signed + "." + base64.RawURLEncoding.EncodeToString(ed25519.Sign(key, []byte(signed)))
}

// maxCardToken bounds what VerifyCardToken reads.
const maxCardToken = 2048

// VerifyCardToken checks a card token's signature with key and its expiry
// at now, and returns its claims. Every refusal is a validation error on
// "token".
func VerifyCardToken(key ed25519.PublicKey, token string, now time.Time) (CardClaims, error) {
	var c CardClaims
	token = strings.TrimSpace(token)
	bad := Invalid("token", "会员卡二维码无效", "not a valid member card")
	if len(token) > maxCardToken || !strings.HasPrefix(token, CardTokenPrefix) {
		return c, bad
	}
	body, sig, ok := strings.Cut(strings.TrimPrefix(token, CardTokenPrefix), ".")
	if !ok {
		return c, bad
	}
	rawSig, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || len(key) != ed25519.PublicKeySize || !ed25519.Verify(key, []byte(CardTokenPrefix+body), rawSig) {
		return c, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || json.Unmarshal(raw, &c) != nil || c.MembershipID <= 0 {
		return CardClaims{}, bad
	}
	if now.Unix() >= c.ExpiresAt {
		return c, Invalid("token", "会员卡二维码已过期，请会员刷新后重新出示", "the card has expired: the member shows it afresh")
	}
	return c, nil
}
