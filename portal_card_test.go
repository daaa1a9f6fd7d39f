package gonghui

import (
	"crypto/ed25519"
	"strings"
	"testing"
	"time"
)

func testCardKey(seed byte) ed25519.PrivateKey {
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	return ed25519.NewKeyFromSeed(s)
}

func TestCardToken(t *testing.T) {
	key, other := testCardKey(1), testCardKey(2)
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, Shanghai)
	c := CardClaims{MembershipID: 7, Name: "王芳", OrgName: "朝阳示例工会", CardNo: "*******2345", Active: true, IssuedAt: now.Unix(), ExpiresAt: now.Add(CardTokenLifetime).Unix()}
	tok := SignCardToken(key, c)
	if !strings.HasPrefix(tok, CardTokenPrefix) || strings.ContainsAny(tok, "+/= ") {
		t.Fatalf("token %q is not URL-safe", tok)
	}
	got, err := VerifyCardToken(key.Public().(ed25519.PublicKey), " "+tok+"\n", now)
	if err != nil || got != c {
		t.Fatalf("verify: %+v, %v", got, err)
	}
	// Tampered claims (another membership) with the original signature.
	forged := SignCardToken(key, CardClaims{MembershipID: 8, Name: "王芳", ExpiresAt: c.ExpiresAt})
	parts := strings.Split(tok, ".")
	fparts := strings.Split(forged, ".")
	for name, bad := range map[string]string{
		"another key":     SignCardToken(other, c),
		"swapped claims":  parts[0] + "." + fparts[1] + "." + parts[2],
		"no signature":    parts[0] + "." + parts[1],
		"empty":           "",
		"another prefix":  "GHC2." + parts[1] + "." + parts[2],
		"bad base64":      parts[0] + "." + parts[1] + ".!!",
		"too long":        tok + strings.Repeat("A", maxCardToken),
		"signed nonsense": SignCardToken(key, CardClaims{}),
	} {
		if _, err := VerifyCardToken(key.Public().(ed25519.PublicKey), bad, now); fieldOf(err) != "token" {
			t.Errorf("%s: %v, want refused on token", name, err)
		}
	}
	if _, err := VerifyCardToken(key.Public().(ed25519.PublicKey), tok, now.Add(CardTokenLifetime)); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("expired: %v", err)
	}
}

func FuzzVerifyCardToken(f *testing.F) {
	key := testCardKey(3)
	now := time.Unix(1_800_000_000, 0)
	f.Add(SignCardToken(key, CardClaims{MembershipID: 1, ExpiresAt: now.Unix() + 60}))
	f.Add("GHC1..")
	f.Add("GHC1.e30.AA")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := VerifyCardToken(key.Public().(ed25519.PublicKey), s, now)
		if err != nil {
			if fieldOf(err) != "token" {
				t.Fatalf("%q refused on %q", s, fieldOf(err))
			}
			return
		}
		// Only a token this key signed verifies: signing its claims again
		// gives a token that verifies to the same claims.
		if again, err := VerifyCardToken(key.Public().(ed25519.PublicKey), SignCardToken(key, c), now); err != nil || again != c {
			t.Fatalf("%q: claims %+v do not sign again: %v", s, c, err)
		}
	})
}
