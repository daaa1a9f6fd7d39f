package auth

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword(context.Background(), "correct horse battery")
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
		ok, err := VerifyPassword(context.Background(), h, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
	h2, _ := HashPassword(context.Background(), "correct horse battery")
	if h2 == h {
		t.Error("two hashes of one password are equal: salt not random")
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2id$v=19$m=x$a$b", "$bcrypt$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=8,t=1,p=0$AAAA$AAAA"} {
		if _, err := VerifyPassword(context.Background(), h, "x"); err == nil {
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
		VerifyPassword(context.Background(), hash, pw) // must not panic
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

// TestGate: no more than the gate's turns run at once, at most its
// waiting bound waits (beyond it ErrBusy comes at once), and a waiter whose
// context ends leaves the queue.
func TestGate(t *testing.T) {
	g := newGate(2, 2) // 2 at once, 4 waiting
	release := make(chan struct{})
	var running, peak atomic.Int64
	results := make(chan error, 6)
	hold := func() {
		if n := running.Add(1); n > peak.Load() {
			peak.Store(n)
		}
		<-release
		running.Add(-1)
	}
	settle := func(cond func() bool) {
		for !cond() {
			time.Sleep(time.Millisecond)
		}
	}
	for range 2 {
		go func() { results <- g.run(context.Background(), hold) }()
	}
	settle(func() bool { return running.Load() == 2 })
	ctx, cancel := context.WithCancel(context.Background())
	left := make(chan error)
	go func() { left <- g.run(ctx, func() { t.Error("ran after its context ended") }) }()
	for range 3 {
		go func() { results <- g.run(context.Background(), hold) }()
	}
	settle(func() bool { return g.waiting.Load() == 4 })
	if err := g.run(context.Background(), hold); !errors.Is(err, ErrBusy) {
		t.Errorf("a fifth waiter: %v, want ErrBusy", err)
	}
	cancel()
	if err := <-left; !errors.Is(err, context.Canceled) {
		t.Errorf("a waiter whose context ended: %v", err)
	}
	if g.waiting.Load() != 3 {
		t.Errorf("%d waiting after one left, want 3", g.waiting.Load())
	}
	close(release)
	for range 5 {
		if err := <-results; err != nil {
			t.Errorf("a holder: %v", err)
		}
	}
	if peak.Load() != 2 {
		t.Errorf("peak %d at once, want 2", peak.Load())
	}
}
