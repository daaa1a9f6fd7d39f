package pii

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func testKeys(t *testing.T) *Keys {
	k, err := Parse(NewKey())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpen(t *testing.T) {
	k := testKeys(t)
	for _, v := range []string{"", "11010519900307123X", "13800000000", "张三"} {
		s := k.Seal(v, []byte("persons.id\x00row 1"))
		got, err := k.Open(s, []byte("persons.id\x00row 1"))
		if err != nil || got != v {
			t.Errorf("round trip %q: %q %v", v, got, err)
		}
		if v != "" && bytes.Contains(s, []byte(v)) {
			t.Errorf("sealed value contains the plain text")
		}
	}
	if bytes.Equal(k.Seal("x", nil), k.Seal("x", nil)) {
		t.Error("sealing is deterministic: nonce reused")
	}
	other := testKeys(t)
	if _, err := other.Open(k.Seal("secret", nil), nil); err != ErrCorrupt {
		t.Errorf("open with another key: %v", err)
	}
	if _, err := k.Open([]byte{1, 2, 3}, nil); err != ErrCorrupt {
		t.Errorf("short value: %v", err)
	}
	// A value moved to another row, or sealed before bindings, does not
	// open under another binding.
	s := k.Seal("secret", []byte("row 1"))
	for _, bound := range [][]byte{[]byte("row 2"), nil} {
		if _, err := k.Open(s, bound); err != ErrCorrupt {
			t.Errorf("open bound to %q: %v", bound, err)
		}
	}
	if _, err := k.Open(k.Seal("secret", nil), []byte("row 1")); err != ErrCorrupt {
		t.Error("an unbound value opens bound")
	}
}

func TestFingerprint(t *testing.T) {
	hex := NewKey()
	k, _ := Parse(hex)
	again, _ := Parse(hex)
	if k.Fingerprint() != again.Fingerprint() || len(k.Fingerprint()) != 64 {
		t.Error("fingerprint not a stable SHA-256 hex")
	}
	if k.Fingerprint() == testKeys(t).Fingerprint() {
		t.Error("fingerprint does not depend on the key")
	}
}

func TestIndex(t *testing.T) {
	k := testKeys(t)
	a, b := k.Index("id", "x"), k.Index("id", "x")
	if !bytes.Equal(a, b) || len(a) != 32 {
		t.Error("index not deterministic")
	}
	if bytes.Equal(k.Index("id", "x"), k.Index("phone", "x")) {
		t.Error("index kinds collide")
	}
	if bytes.Equal(k.Index("id", "x"), testKeys(t).Index("id", "x")) {
		t.Error("index does not depend on the key")
	}
	if k.Index("id", "") != nil {
		t.Error("empty value indexed")
	}
}

func TestLoad(t *testing.T) {
	t.Setenv(EnvKey, "")
	dir := t.TempDir()
	path := filepath.Join(dir, "g.key")
	if _, _, err := Load(path, false); err == nil {
		t.Error("missing file without create: want error")
	}
	k1, created, err := Load(path, true)
	if err != nil || !created {
		t.Fatalf("create: %v %v", created, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", fi.Mode())
	}
	k2, created, err := Load(path, true)
	if err != nil || created {
		t.Fatalf("reload: %v %v", created, err)
	}
	if got, _ := k2.Open(k1.Seal("v", nil), nil); got != "v" {
		t.Error("reloaded key differs")
	}
	os.WriteFile(path, []byte("nothex"), 0o600)
	if _, _, err := Load(path, true); err == nil {
		t.Error("bad key file accepted")
	}
	t.Setenv(EnvKey, NewKey())
	if _, created, err := Load("", false); err != nil || created {
		t.Errorf("env key: %v", err)
	}
	t.Setenv(EnvKey, "abc")
	if _, _, err := Load("", false); err == nil {
		t.Error("bad env key accepted")
	}
}

func FuzzOpen(f *testing.F) {
	k, _ := Parse(NewKey())
	f.Add(k.Seal("seed", nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		k.Open(b, nil) // must not panic
	})
}
