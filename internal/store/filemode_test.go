package store_test

import (
	"database/sql"
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

// TestSQLiteMemoryBudget: every connection of a SQLite store runs under
// the process's memory budget, whichever connection the pool hands out.
func TestSQLiteMemoryBudget(t *testing.T) {
	s, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "budget.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	conns := make([]*sql.Conn, 3)
	for i := range conns {
		if conns[i], err = s.DB().Conn(ctx); err != nil {
			t.Fatal(err)
		}
		defer conns[i].Close()
		var limit int64
		if err := conns[i].QueryRowContext(ctx, "PRAGMA soft_heap_limit").Scan(&limit); err != nil {
			t.Fatal(err)
		}
		if limit != 192<<20 {
			t.Errorf("connection %d: soft_heap_limit %d, want %d", i, limit, 192<<20)
		}
	}
}

// TestRestoreIndexesGivesTheConnectionBack: the index builds after a
// first load sort on two threads with a smaller page cache, and leave the
// connection as every other one is (the pool hands it out again).
func TestRestoreIndexesGivesTheConnectionBack(t *testing.T) {
	s, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "restore.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	s.DB().SetMaxOpenConns(1) // the builds' connection is the one read below
	if deferred, err := s.DeferIndexes(ctx, "members"); err != nil || !deferred {
		t.Fatalf("defer indexes: %v %v", deferred, err)
	}
	if _, err := s.RestoreIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	var cache, threads, built int
	if err := s.DB().QueryRow(`PRAGMA cache_size`).Scan(&cache); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`PRAGMA threads`).Scan(&threads); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'memberships_tree'`).Scan(&built); err != nil {
		t.Fatal(err)
	}
	if cache != -65536 || threads != 0 || built != 1 {
		t.Errorf("after the builds: cache_size %d, threads %d, memberships_tree built %d; want -65536, 0, 1", cache, threads, built)
	}
}
