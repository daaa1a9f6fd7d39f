package auth

import (
	"sync"
	"time"
)

// Limiter allows at most Max events per key within Window (a sliding
// window). It guards login attempts per client address; per-account lockout
// is kept in the database so that it holds across restarts and servers.
type Limiter struct {
	Max    int
	Window time.Duration
	now    func() time.Time

	mu     sync.Mutex
	events map[string][]time.Time
}

// NewLimiter returns a limiter of max events per window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, now: time.Now, events: map[string][]time.Time{}}
}

// Allow records an event for key and reports whether it is within the limit.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	cut := now.Add(-l.Window)
	ev := l.events[key]
	i := 0
	for i < len(ev) && ev[i].Before(cut) {
		i++
	}
	ev = ev[i:]
	if len(ev) >= l.Max {
		l.events[key] = ev
		return false
	}
	l.events[key] = append(ev, now)
	if len(l.events) > 100_000 { // keep memory bounded under a flood of addresses
		l.sweep(cut)
	}
	return true
}

func (l *Limiter) sweep(cut time.Time) {
	for k, ev := range l.events {
		if len(ev) == 0 || ev[len(ev)-1].Before(cut) {
			delete(l.events, k)
		}
	}
}
