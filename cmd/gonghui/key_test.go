package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonghui/internal/pii"
	"gonghui/internal/store/storetest"
)

// The key is checked, never silently replaced: once a database holds
// sealed data, a start without its key file or with another key is
// refused with what to do, and no new key is made.
func TestKeyCheckedNeverReplaced(t *testing.T) {
	t.Setenv(pii.EnvKey, "")
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "g.db")
	db, keyPath := "sqlite:"+dbPath, dbPath+".key"
	file := filepath.Join(dir, "m.csv")
	os.WriteFile(file, []byte("姓名,公民身份号码,入会日期\n张伟,"+storetest.CitizenID("110105", "19900101", 11)+",2017-03-01\n"), 0o600)
	out, errOut, err := runCLI("", "import", "members", file, "--db", db, "--org", "BJ05")
	if err != nil || !strings.Contains(out, "1 new") || !strings.Contains(errOut, "created personal-data key") {
		t.Fatalf("first import: %q %q %v", out, errOut, err)
	}
	for _, p := range []string{dbPath, keyPath} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v %v, want 0600", p, fi.Mode().Perm(), err)
		}
	}
	key, _ := os.ReadFile(keyPath)
	exp := filepath.Join(dir, "e.csv")
	if _, _, err := runCLI("", "export", "members", "--db", db, "--out", exp); err != nil {
		t.Fatalf("export with the key: %v", err)
	}

	// The key file deleted: refused, and no key is made.
	os.Remove(keyPath)
	_, _, err = runCLI("", "export", "members", "--db", db, "--out", exp)
	if err == nil || !strings.Contains(err.Error(), "does not exist") || !strings.Contains(err.Error(), "restore the key file") {
		t.Errorf("missing key: %v", err)
	}
	if _, err := os.Stat(keyPath); err == nil {
		t.Error("a new key file was made for a database with sealed data")
	}
	// Another key, in the file or the environment: refused.
	os.WriteFile(keyPath, []byte(pii.NewKey()+"\n"), 0o600)
	if _, _, err = runCLI("", "import", "members", file, "--db", db, "--org", "BJ05"); err == nil || !strings.Contains(err.Error(), "not the one this database was sealed with") {
		t.Errorf("another key file: %v", err)
	}
	os.WriteFile(keyPath, key, 0o600)
	t.Setenv(pii.EnvKey, pii.NewKey())
	if _, _, err = runCLI("", "migrate", "--db", db); err == nil || !strings.Contains(err.Error(), "not the one") {
		t.Errorf("another GONGHUI_KEY: %v", err)
	}
	// The right key again: everything works, and the same person is found.
	t.Setenv(pii.EnvKey, strings.TrimSpace(string(key)))
	if out, _, err := runCLI("", "import", "members", file, "--db", db, "--org", "BJ05"); err != nil || !strings.Contains(out, "1 unchanged") {
		t.Errorf("import with the right key: %q %v", out, err)
	}
	// A database without sealed data may still get a key.
	empty := filepath.Join(dir, "empty.db")
	t.Setenv(pii.EnvKey, "")
	if _, errOut, err := runCLI("", "export", "members", "--db", "sqlite:"+empty, "--out", exp); err != nil || !strings.Contains(errOut, "created personal-data key") {
		t.Errorf("empty database: %q %v", errOut, err)
	}
}
