package sqlitedriver

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

// TestDriversSmoke checks, on a small table, that each driver opens a file
// database with the intended pragmas and that the benchmark queries return
// correct results. It is fast and runs with plain `go test`.
func TestDriversSmoke(t *testing.T) {
	ds := allDrivers()
	if len(ds) == 0 {
		t.Fatal("no driver registered")
	}
	rows := genMembers(1_000)
	for _, d := range ds {
		t.Run(d.name, func(t *testing.T) {
			db := openDB(t, d, filepath.Join(t.TempDir(), "smoke.db"))
			defer db.Close()
			if _, err := loadMembers(context.Background(), db, rows); err != nil {
				t.Fatal(err)
			}

			want := rows[123]
			var (
				id, orgID   int64
				name, birth string
				sex         int
			)
			if err := db.QueryRow(lookupSQL, want.idHash).Scan(&id, &orgID, &name, &birth, &sex); err != nil {
				t.Fatalf("lookup: %v", err)
			}
			if id != want.id || orgID != want.orgID || name != want.name || birth != want.birthDate || sex != want.sex {
				t.Errorf("lookup = (%d, %d, %q, %q, %d), want (%d, %d, %q, %q, %d)",
					id, orgID, name, birth, sex, want.id, want.orgID, want.name, want.birthDate, want.sex)
			}
			var gotHash []byte
			if err := db.QueryRow(`SELECT id_hash FROM member WHERE id = ?`, want.id).Scan(&gotHash); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(gotHash, want.idHash) || len(gotHash) != 32 {
				t.Errorf("id_hash round trip: got %x, want %x", gotHash, want.idHash)
			}

			perOrg := map[int64]int64{}
			for _, m := range rows {
				perOrg[m.orgID]++
			}
			res, err := db.Query(groupBySQL)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Close()
			groups := 0
			for res.Next() {
				var org, n int64
				if err := res.Scan(&org, &n); err != nil {
					t.Fatal(err)
				}
				if perOrg[org] != n {
					t.Errorf("org %d: count %d, want %d", org, n, perOrg[org])
				}
				groups++
			}
			if err := res.Err(); err != nil {
				t.Fatal(err)
			}
			if groups != len(perOrg) {
				t.Errorf("got %d groups, want %d", groups, len(perOrg))
			}
		})
	}
}

func TestGenMembersDeterministic(t *testing.T) {
	a, b := genMembers(50), genMembers(50)
	for i := range a {
		if a[i].name != b[i].name || !bytes.Equal(a[i].idHash, b[i].idHash) || a[i].orgID != b[i].orgID {
			t.Fatalf("row %d differs between runs", i)
		}
	}
}
