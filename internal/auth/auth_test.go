package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected hash format %q", h)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"correct horse battery", true}, {"correct horse batter", false}, {"", false}} {
		ok, err := VerifyPassword(h, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
	h2, _ := HashPassword("correct horse battery")
	if h2 == h {
		t.Error("two hashes of one password are equal: salt not random")
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2id$v=19$m=x$a$b", "$bcrypt$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=8,t=1,p=0$AAAA$AAAA"} {
		if _, err := VerifyPassword(h, "x"); err == nil {
			t.Errorf("VerifyPassword(%q): want error", h)
		}
	}
}

func FuzzVerifyPassword(f *testing.F) {
	f.Add("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", "pw")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		if strings.Contains(hash, "m=") && !strings.Contains(hash, "m=8,") {
			return // keep memory cost small while fuzzing the parser
		}
		VerifyPassword(hash, pw) // must not panic
	})
}

func TestTokens(t *testing.T) {
	a, b := NewToken("gha_"), NewToken("gha_")
	if a == b || !strings.HasPrefix(a, "gha_") || len(a) != 4+43 {
		t.Fatalf("tokens %q %q", a, b)
	}
	if string(TokenHash(a)) == string(TokenHash(b)) || len(TokenHash(a)) != 32 {
		t.Fatal("token hashes collide or wrong size")
	}
	if p := RandomPassword(); len(p) != 16 {
		t.Fatalf("random password %q", p)
	}
}

func TestBackoffDelay(t *testing.T) {
	for _, tc := range []struct {
		failures int
		want     time.Duration
	}{{0, 0}, {3, 0}, {4, time.Second}, {5, 2 * time.Second}, {8, 16 * time.Second}, {20, time.Minute}, {1000, time.Minute}} {
		if got := BackoffDelay(tc.failures, 3, time.Second, time.Minute); got != tc.want {
			t.Errorf("BackoffDelay(%d) = %v, want %v", tc.failures, got, tc.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := NewBackoff(3, time.Second, time.Minute)
	b.now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if !b.Allow("1.2.3.4") {
			t.Fatalf("attempt %d refused", i+1)
		}
		b.Fail("1.2.3.4")
	}
	if !b.Allow("1.2.3.4") {
		t.Fatal("free failures backed off")
	}
	b.Fail("1.2.3.4") // the 4th: one second
	if b.Allow("1.2.3.4") {
		t.Fatal("attempt within the delay allowed")
	}
	if !b.Allow("5.6.7.8") {
		t.Fatal("other key refused")
	}
	now = now.Add(time.Second)
	if !b.Allow("1.2.3.4") {
		t.Fatal("attempt after the delay refused")
	}
	b.Fail("1.2.3.4") // the 5th: two seconds
	now = now.Add(time.Second)
	if b.Allow("1.2.3.4") {
		t.Fatal("the delay did not double")
	}
	b.Succeed("1.2.3.4")
	if !b.Allow("1.2.3.4") {
		t.Fatal("refused after a success")
	}
}
