// Package auth holds the credential primitives: argon2id password hashes,
// random tokens stored only as hashes, and a login rate limiter.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters (OWASP's recommended minimum:
// 19 MiB, 2 passes, 1 lane).
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultParams is used for new hashes.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// ErrBusy is returned when too many password checks already wait for a
// turn: the caller answers "try again shortly" at once rather than queue.
var ErrBusy = errors.New("too many password checks waiting")

// hashTurns bounds the argon2id computations running at once. Each takes
// its 19 MiB and a core for some 40 ms: more at once than there are cores
// only adds memory and lengthens every one of them, and one core is left
// to the pages (on two cores, one hash at a time). The checks waiting
// for a turn are bounded too (about four seconds of hashing), so a flood
// of logins costs a fixed amount of memory and gets ErrBusy beyond it.
var hashTurns = newGate(max(1, runtime.GOMAXPROCS(0)-1), 100)

// gate lets n holders in at once and at most n×waitPer wait.
type gate struct {
	turns   chan struct{}
	waiting atomic.Int64
	maxWait int64
}

func newGate(n, waitPer int) *gate {
	return &gate{turns: make(chan struct{}, n), maxWait: int64(n * waitPer)}
}

// run runs f in a turn, once one is free; it gives up when ctx ends or
// too many already wait.
func (g *gate) run(ctx context.Context, f func()) error {
	if g.waiting.Add(1) > g.maxWait {
		g.waiting.Add(-1)
		return ErrBusy
	}
	select {
	case g.turns <- struct{}{}:
		g.waiting.Add(-1)
	case <-ctx.Done():
		g.waiting.Add(-1)
		return ctx.Err()
	}
	defer func() { <-g.turns }()
	f()
	return nil
}

// idKey is argon2id's key, computed in a turn of hashTurns.
func idKey(ctx context.Context, pw string, salt []byte, p Params, n uint32) ([]byte, error) {
	var key []byte
	err := hashTurns.run(ctx, func() { key = argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, n) })
	return key, err
}

// HashPassword returns a PHC-format argon2id hash of pw.
func HashPassword(ctx context.Context, pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	p := DefaultParams
	key, err := idKey(ctx, pw, salt, p, 32)
	if err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// ErrMalformedHash is returned for a stored hash gonghui cannot read.
var ErrMalformedHash = errors.New("malformed password hash")

// VerifyPassword reports whether pw matches the PHC-format hash.
func VerifyPassword(ctx context.Context, hash, pw string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrMalformedHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, ErrMalformedHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || p.Threads == 0 || p.Time == 0 || p.Time > 16 || p.Memory > 1<<20 {
		return false, ErrMalformedHash
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, ErrMalformedHash
	}
	got, err := idKey(ctx, pw, salt, p, uint32(len(want)))
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// NewToken returns a random token of 32 bytes, URL-safe, with a prefix that
// tells what it is (e.g. "ghs_" for sessions, "gha_" for API tokens).
func NewToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// TokenHash is what storage keeps of a token: its SHA-256.
func TokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// RandomPassword returns a readable one-time password.
func RandomPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
