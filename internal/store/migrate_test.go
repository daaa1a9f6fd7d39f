package store_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// checksums reads schema_migrations: version → name and recorded checksum
// ("" when none).
func checksums(t *testing.T, s *store.Store) map[int][2]string {
	t.Helper()
	rows, err := s.DB().QueryContext(ctx, `SELECT version, name, COALESCE(checksum, '') FROM schema_migrations`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int][2]string{}
	for rows.Next() {
		var v int
		var name, sum string
		if err := rows.Scan(&v, &name, &sum); err != nil {
			t.Fatal(err)
		}
		out[v] = [2]string{name, sum}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// wantRecorded checks that every applied migration has a checksum, and
// that a file's is the SHA-256 of the file in the repository.
func wantRecorded(t *testing.T, s *store.Store) {
	t.Helper()
	got := checksums(t, s)
	if len(got) == 0 {
		t.Fatal("no migrations recorded")
	}
	for v, r := range got {
		name, sum := r[0], r[1]
		if len(sum) != 64 {
			t.Errorf("migration %d (%s): checksum %q", v, name, sum)
			continue
		}
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		b, err := os.ReadFile(filepath.Join("migrations", name))
		if err != nil {
			t.Fatal(err)
		}
		if h := sha256.Sum256(b); sum != hex.EncodeToString(h[:]) {
			t.Errorf("migration %s: recorded %s, file has %x", name, sum, h)
		}
	}
}

func TestMigrationChecksums(t *testing.T) {
	tests := []struct {
		name string
		// alter runs on a migrated database before Migrate runs again.
		alter   string
		wantErr string
	}{
		{name: "fresh database records them"},
		{name: "edited migration refuses to start",
			alter:   `UPDATE schema_migrations SET checksum = '0000' WHERE version = 4`,
			wantErr: "migration 0004_democracy.sql was changed after it was applied"},
		{name: "edited Go step refuses to start",
			alter:   `UPDATE schema_migrations SET checksum = '0000' WHERE version = 2`,
			wantErr: "migration 2 (reference data and the city's district unions) was changed after it was applied"},
		{name: "rows from before checksums get theirs",
			alter: `UPDATE schema_migrations SET checksum = NULL`},
		{name: "table from before checksums is upgraded",
			alter: `ALTER TABLE schema_migrations DROP COLUMN checksum`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				if tt.alter != "" {
					if _, err := s.DB().ExecContext(ctx, tt.alter); err != nil {
						t.Fatal(err)
					}
				}
				n, err := s.Migrate(ctx)
				if tt.wantErr != "" {
					if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
						t.Fatalf("Migrate = %d, %v; want an error containing %q", n, err, tt.wantErr)
					}
					return
				}
				if err != nil || n != 0 {
					t.Fatalf("Migrate = %d, %v; want 0, nil", n, err)
				}
				wantRecorded(t, s)
			})
		})
	}
}
