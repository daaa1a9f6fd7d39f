package store_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/pii"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func otherKeys(t *testing.T) *pii.Keys {
	k, err := pii.Parse(pii.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// openAgain is a second store on the same database, with keys k (nil: none).
func openAgain(t *testing.T, dsn string, k *pii.Keys) *store.Store {
	t.Helper()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if k != nil {
		s.SetKeys(k)
	}
	return s
}

func TestKeyFingerprint(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			dsn := storetest.DSN(t, engine)
			s := openAgain(t, dsn, storetest.Keys)
			if held, err := s.HoldsSealedData(ctx); err != nil || held {
				t.Fatalf("an unmigrated database holds sealed data: %v %v", held, err)
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if held, _ := s.HoldsSealedData(ctx); held {
				t.Error("an empty database holds sealed data")
			}
			if err := s.CheckKeys(ctx); err != nil {
				t.Fatalf("first key: %v", err)
			}
			if held, _ := s.HoldsSealedData(ctx); !held {
				t.Error("the kept fingerprint does not count")
			}
			if err := s.CheckKeys(ctx); err != nil {
				t.Errorf("the same key again: %v", err)
			}
			if err := openAgain(t, dsn, otherKeys(t)).CheckKeys(ctx); !errors.Is(err, store.ErrKeyMismatch) {
				t.Errorf("another key: %v", err)
			}
			var fp string
			s.DB().QueryRow(s.Rebind(`SELECT value FROM settings WHERE key = 'pii_key_fingerprint'`)).Scan(&fp)
			if fp != storetest.Keys.Fingerprint() {
				t.Errorf("kept fingerprint %q", fp)
			}
		})
	}
}

// A database sealed before fingerprints and bindings: migration 13 seals
// every value again bound to its row, with the right key only.
func TestResealMigration(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			dsn := storetest.DSN(t, engine)
			s := openAgain(t, dsn, storetest.Keys)
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			f := newFixture(t, s)
			id1, id2 := storetest.CitizenID("110105", "19900307", 11), storetest.CitizenID("110105", "19850101", 13)
			in := memberIn(f.g1, "张伟", id1)
			in.Phone = "13800001111"
			m1 := mustMember(t, s, in)
			in = memberIn(f.g1, "王芳", id2)
			in.Phone = "13900002222"
			m2 := mustMember(t, s, in)
			im, err := s.CreateImport(ctx, sys, "members", "m.csv", false, false)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.AddImportErrors(ctx, im.ID, []store.ImportRowError{{Line: 2, Field: "x", Zh: "x", En: "x", Cells: []string{"李四", id1}}}); err != nil {
				t.Fatal(err)
			}
			// Bound values do not open elsewhere: a phone moved to another
			// person's row is refused.
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := s.DB().Exec(s.Rebind(q), args...); err != nil {
					t.Fatal(err)
				}
			}
			var phone1 []byte
			s.DB().QueryRow(s.Rebind(`SELECT phone_sealed FROM persons WHERE id = ?`), m1.PersonID).Scan(&phone1)
			exec(`UPDATE persons SET phone_sealed = ? WHERE id = ?`, phone1, m2.PersonID)
			if _, err := s.GetMember(ctx, sys, m2.ID, true); !errors.Is(err, pii.ErrCorrupt) {
				t.Errorf("a phone moved to another person opens: %v", err)
			}
			// Seal as before bindings, and forget the migration.
			k := storetest.Keys
			exec(`UPDATE persons SET id_sealed = ?, phone_sealed = ? WHERE id = ?`, k.Seal(id1, nil), k.Seal("13800001111", nil), m1.PersonID)
			exec(`UPDATE persons SET id_sealed = ?, phone_sealed = ? WHERE id = ?`, k.Seal(id2, nil), k.Seal("13900002222", nil), m2.PersonID)
			cells, _ := json.Marshal([]string{"李四", id1})
			exec(`UPDATE import_errors SET row_sealed = ? WHERE import_id = ?`, k.Seal(string(cells), nil), im.ID)
			exec(`DELETE FROM schema_migrations WHERE version = 13`)
			exec(`DELETE FROM settings WHERE key = 'pii_key_fingerprint'`)

			if _, err := openAgain(t, dsn, nil).Migrate(ctx); err == nil || !strings.Contains(err.Error(), "gonghui migrate --key-file") {
				t.Errorf("re-seal without the key: %v", err)
			}
			wrong := openAgain(t, dsn, otherKeys(t))
			if err := wrong.CheckKeys(ctx); !errors.Is(err, store.ErrKeyMismatch) {
				t.Errorf("another key on unbound data: %v", err)
			}
			if _, err := wrong.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "is this the key") {
				t.Errorf("re-seal with another key: %v", err)
			}
			if n, err := s.Migrate(ctx); err != nil || n != 1 {
				t.Fatalf("re-seal: %d %v", n, err)
			}
			if err := s.CheckKeys(ctx); err != nil {
				t.Errorf("key after re-seal: %v", err)
			}
			for _, want := range []struct {
				m         gonghui.Member
				id, phone string
			}{{m1, id1, "13800001111"}, {m2, id2, "13900002222"}} {
				got, err := s.GetMember(ctx, sys, want.m.ID, true)
				if err != nil || got.IDNumber != want.id || got.Phone != want.phone {
					t.Errorf("after re-seal: %+v %v", got, err)
				}
			}
			errs, err := s.ImportErrors(ctx, sys, im.ID)
			if err != nil || len(errs) != 1 || len(errs[0].Cells) != 2 || errs[0].Cells[1] != id1 {
				t.Errorf("error cells after re-seal: %+v %v", errs, err)
			}
			var idSealed []byte
			s.DB().QueryRow(s.Rebind(`SELECT id_sealed FROM persons WHERE id = ?`), m1.PersonID).Scan(&idSealed)
			if _, err := k.Open(idSealed, nil); err == nil {
				t.Error("the re-sealed value still opens unbound")
			}
		})
	}
}

func TestImportErrorRetentionAndBounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		start := time.Date(2026, 1, 10, 9, 0, 0, 0, gonghui.Shanghai)
		now := start
		s.SetClock(func() time.Time { return now })
		f := newFixture(t, s)
		root := actor(f.root, gonghui.RoleAdmin)
		if r, err := s.ImportErrorRetention(ctx); err != nil || r.Days != store.DefaultImportErrorRetention {
			t.Errorf("default retention: %+v %v", r, err)
		}
		for _, tc := range []struct {
			a    gonghui.Actor
			days int
			want string
		}{
			{actor(f.chaoyang, gonghui.RoleAdmin), 10, "forbidden"},
			{root, 0, "days"},
			{root, 4000, "days"},
			{root, 10, ""},
		} {
			_, err := s.SaveImportErrorRetention(ctx, tc.a, store.ImportRetention{Days: tc.days})
			switch {
			case tc.want == "" && err != nil, tc.want == "forbidden" && !errors.Is(err, gonghui.ErrForbidden),
				tc.want == "days" && fieldOf(err) != "days":
				t.Errorf("retention %d by %s: %v", tc.days, tc.a.Path, err)
			}
		}
		long := strings.Repeat("长", 5000)
		cells := make([]string, 3000)
		cells[0], cells[1] = long, "110105199003071239"
		im, _ := s.CreateImport(ctx, sys, "members", "m.csv", false, false)
		if err := s.AddImportErrors(ctx, im.ID, []store.ImportRowError{{Line: 2, Field: "x", Zh: "x", En: "x", Cells: cells}}); err != nil {
			t.Fatal(err)
		}
		im.Status, im.Failed, im.FinishedAt = store.ImportDone, 1, now
		if err := s.UpdateImport(ctx, im); err != nil {
			t.Fatal(err)
		}
		errs, _ := s.ImportErrors(ctx, sys, im.ID)
		if len(errs) != 1 || len(errs[0].Cells) != store.MaxErrorCells || len([]rune(errs[0].Cells[0])) != store.MaxErrorCellRunes ||
			!strings.HasSuffix(errs[0].Cells[0], "…") || errs[0].Cells[1] != cells[1] {
			t.Errorf("stored cells not bounded: %d cells, first of %d", len(errs[0].Cells), len([]rune(errs[0].Cells[0])))
		}
		// Kept for ten days after the import ended, then swept.
		for _, tc := range []struct {
			after time.Duration
			kept  bool
		}{{9 * 24 * time.Hour, true}, {10*24*time.Hour + time.Minute, false}} {
			now = start.Add(tc.after)
			if _, err := s.PurgeImportErrors(ctx); err != nil {
				t.Fatal(err)
			}
			errs, _ := s.ImportErrors(ctx, sys, im.ID)
			expired, _ := s.ErrorsExpired(ctx, im)
			if (len(errs) == 1) != tc.kept || expired == tc.kept {
				t.Errorf("after %v: %d rows kept, expired %v", tc.after, len(errs), expired)
			}
		}
		if got, _ := s.GetImport(ctx, sys, im.ID); got.Failed != 1 {
			t.Errorf("the import's counts went with its report: %+v", got)
		}
	})
}
