package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"gonghui/internal/store"
)

// TestSQLiteFileOwnerOnly: a new database file, which holds personal
// data, is readable by its owner only.
func TestSQLiteFileOwnerOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal"} {
		if info, err := os.Stat(f); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v, want mode 0600", f, info, err)
		}
	}
}
