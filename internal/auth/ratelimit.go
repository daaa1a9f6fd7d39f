package auth

import (
	"sync"
	"time"
)

// BackoffDelay is how long a key (an account, a client address) waits
// after its failures-th failure in a row: nothing for the first free
// ones, then base, doubling with each failure up to max. Unlike a lockout
// it never shuts a key out for long, so guessing stays slow without
// letting anyone lock the administrator out.
func BackoffDelay(failures, free int, base, max time.Duration) time.Duration {
	if failures <= free {
		return 0
	}
	d := base
	for i := free + 1; i < failures && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// Backoff keeps, in memory, the failures of each key and refuses a key
// until its delay (BackoffDelay) since its last failure has passed. It
// guards logins per client address; the per-account backoff is kept in
// the database so that it holds across restarts and servers.
type Backoff struct {
	Free      int
	Base, Max time.Duration
	now       func() time.Time

	mu   sync.Mutex
	keys map[string]backoffState
}

type backoffState struct {
	failures int
	until    time.Time
}

// NewBackoff returns a backoff that lets free failures pass, then waits
// base, doubling up to max.
func NewBackoff(free int, base, max time.Duration) *Backoff {
	return &Backoff{Free: free, Base: base, Max: max, now: time.Now, keys: map[string]backoffState{}}
}

// Allow reports whether key may try now.
func (b *Backoff) Allow(key string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.now().Before(b.keys[key].until)
}

// Fail records a failure of key.
func (b *Backoff) Fail(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	st := b.keys[key]
	if now.Sub(st.until) > 2*b.Max { // quiet long enough: start afresh
		st.failures = 0
	}
	st.failures++
	st.until = now.Add(BackoffDelay(st.failures, b.Free, b.Base, b.Max))
	b.keys[key] = st
	if len(b.keys) > 100_000 { // keep memory bounded under a flood of addresses
		for k, s := range b.keys {
			if now.Sub(s.until) > 2*b.Max {
				delete(b.keys, k)
			}
		}
	}
}

// Succeed forgets the failures of key.
func (b *Backoff) Succeed(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.keys, key)
}
