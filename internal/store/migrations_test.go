package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every migration file is pinned by a checksum file beside it
// (migrations/NAME.sha256, as `sha256sum NAME` writes it), so that editing
// one that has landed fails here rather than at a customer's next start,
// and shows in review as a change to a landed file. A new migration adds
// its own checksum file; a checksum file never changes: put the change in
// a new migration instead. The Go steps are pinned here, by version.
var pinnedGoSteps = map[int]string{
	2:  "522a5760a67bc5e79e3dae9f847728bb134baeffb43c703c1132809adb3e2984", // seedReference
	13: "df63a54f5eceac51c4c126d78377870e5a1e5bd36b019f31f2da9ac0c587c3cb", // resealPersonalData
	39: "e6b3ad7daa8506503fe36560e61a0579c7cf106602de978d481fa58ab41ea7c4", // sealHardshipPlaintext
	66: "b757cd66f888cac02a1c377db76370716e52f334a61e2e95edca4b4bfe7e0533", // clusterStatDeltas
}

func TestLandedMigrationsUnchanged(t *testing.T) {
	ms, err := (&Store{engine: SQLite}).migrations()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range ms {
		seen[m.name] = true
		var want string
		if m.run != nil {
			var ok bool
			if want, ok = pinnedGoSteps[m.version]; !ok {
				t.Errorf("Go migration step %d (%s) is not pinned in pinnedGoSteps", m.version, m.name)
			}
		} else {
			b, err := os.ReadFile(filepath.Join("migrations", m.name+".sha256"))
			if err != nil {
				t.Errorf("migration %s is not pinned: run `sha256sum %s > %s.sha256` in internal/store/migrations", m.name, m.name, m.name)
				continue
			}
			want, _, _ = strings.Cut(string(b), " ")
		}
		if m.checksum != want {
			t.Errorf("migration %s was changed after it landed: checksum %s, pinned %s; restore it and make the change in a new migration", m.name, m.checksum, want)
		}
	}
	sums, _ := filepath.Glob(filepath.Join("migrations", "*.sha256"))
	for _, s := range sums {
		if name := strings.TrimSuffix(filepath.Base(s), ".sha256"); !seen[name] {
			t.Errorf("pinned migration %s is gone: a landed migration is never removed", name)
		}
	}
	if len(sums) < 9 {
		t.Errorf("only %d checksum files", len(sums))
	}
}
