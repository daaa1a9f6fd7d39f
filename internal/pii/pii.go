// Package pii protects personal data at rest: values are sealed with
// AES-256-GCM, and a keyed HMAC-SHA-256 "blind index" of each normalized
// value allows exact lookup and uniqueness without storing the value.
//
// The 64-byte key (32 for encryption, 32 for the index) comes from a file
// or the GONGHUI_KEY environment variable as 128 hex digits. Losing the key
// loses every sealed value: back it up apart from the database.
package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// EnvKey names the environment variable that may hold the key.
const EnvKey = "GONGHUI_KEY"

// Keys seal and index personal data.
type Keys struct {
	aead cipher.AEAD
	mac  []byte
}

// Parse reads a key written as 128 hex digits.
func Parse(s string) (*Keys, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != 64 {
		return nil, errors.New("key must be 128 hexadecimal digits (64 bytes)")
	}
	block, err := aes.NewCipher(b[:32])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Keys{aead: aead, mac: b[32:]}, nil
}

// NewKey returns a fresh random key in its hex form.
func NewKey() string {
	b := make([]byte, 64)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// Load finds the key: GONGHUI_KEY first, then the file at path. When
// neither exists and create is true, it writes a new key file (mode 0600)
// and reports created.
func Load(path string, create bool) (k *Keys, created bool, err error) {
	if env := os.Getenv(EnvKey); env != "" {
		k, err := Parse(env)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", EnvKey, err)
		}
		return k, false, nil
	}
	if path == "" {
		return nil, false, fmt.Errorf("no key: set %s or --key-file", EnvKey)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && create {
		key := NewKey()
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, false, err
		}
		if _, err := f.WriteString(key + "\n"); err != nil {
			f.Close()
			return nil, false, err
		}
		if err := f.Close(); err != nil {
			return nil, false, err
		}
		k, err := Parse(key)
		return k, true, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("key file: %w", err)
	}
	k, err = Parse(string(b))
	if err != nil {
		return nil, false, fmt.Errorf("key file %s: %w", path, err)
	}
	return k, false, nil
}

// Seal encrypts a value bound to its place: bound (the table, column and
// row or person it is stored for) is authenticated as GCM's associated
// data, so a sealed value copied into another row does not open there.
// The empty string seals to nil (nothing stored).
func (k *Keys) Seal(plain string, bound []byte) []byte {
	if plain == "" {
		return nil
	}
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(plain)+k.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return k.aead.Seal(nonce, nonce, []byte(plain), bound)
}

// Fingerprint identifies the key without revealing it: an HMAC of a fixed
// label under the index key. The database keeps it, so that a start with
// another key is refused instead of sealing new data under it.
func (k *Keys) Fingerprint() string {
	m := hmac.New(sha256.New, k.mac)
	m.Write([]byte("gonghui personal-data key fingerprint v1"))
	return hex.EncodeToString(m.Sum(nil))
}

// ErrCorrupt is returned for a sealed value that fails authentication
// (wrong key or damaged data).
var ErrCorrupt = errors.New("sealed value cannot be opened: wrong key or damaged data")

// Open decrypts a sealed value with the binding it was sealed with; nil
// opens to "". Values sealed before bindings (nil bound) open with nil.
func (k *Keys) Open(sealed, bound []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	n := k.aead.NonceSize()
	if len(sealed) < n+k.aead.Overhead() {
		return "", ErrCorrupt
	}
	plain, err := k.aead.Open(nil, sealed[:n], sealed[n:], bound)
	if err != nil {
		return "", ErrCorrupt
	}
	return string(plain), nil
}

// Index returns the blind index of a normalized value; "" indexes to nil.
// kind separates the index spaces of different fields (an ID number and a
// phone number never collide).
func (k *Keys) Index(kind, value string) []byte {
	if value == "" {
		return nil
	}
	m := hmac.New(sha256.New, k.mac)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return m.Sum(nil)
}
