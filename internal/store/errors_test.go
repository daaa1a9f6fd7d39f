package store_test

import (
	"errors"
	"fmt"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestUniqueViolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		db := s.DB()
		if _, err := db.ExecContext(ctx, `CREATE TABLE uv_probe (k BIGINT PRIMARY KEY, u TEXT UNIQUE, n TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, s.Rebind(`INSERT INTO uv_probe (k, u, n) VALUES (?, ?, ?)`), 1, "a", "x"); err != nil {
			t.Fatal(err)
		}
		insert := func(k int, u string, n any) error {
			_, err := db.ExecContext(ctx, s.Rebind(`INSERT INTO uv_probe (k, u, n) VALUES (?, ?, ?)`), k, u, n)
			return err
		}
		tests := []struct {
			name string
			err  error
			want bool
		}{
			{"primary key", insert(1, "b", "x"), true},
			{"unique column", insert(2, "a", "x"), true},
			{"wrapped", fmt.Errorf("create org: %w", insert(3, "a", "x")), true},
			{"not null", insert(4, "d", nil), false},
			{"no such table", func() error { _, err := db.ExecContext(ctx, `INSERT INTO uv_missing VALUES (1)`); return err }(), false},
			{"nil", nil, false},
			{"same text, no driver code", errors.New("UNIQUE constraint failed: SQLSTATE 23505"), false},
		}
		for _, tt := range tests {
			if tt.name != "nil" && tt.name != "same text, no driver code" && tt.err == nil {
				t.Fatalf("%s: the statement did not fail", tt.name)
			}
			if got := store.IsUniqueViolation(tt.err); got != tt.want {
				t.Errorf("%s: IsUniqueViolation(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
			}
		}
	})
}

// TestStaleEdit edits each kind of editable record from its current version
// (accepted, the version goes up by one) and again from the version before
// (refused as a conflict, nothing changed).
func TestStaleEdit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		unit := mustUnit(t, s, f.g1.ID, 1)
		member, _, err := s.SaveMember(ctx, sys, memberIn(f.g1, "张伟", storetest.CitizenID("110105", "19900307", 101)))
		if err != nil {
			t.Fatal(err)
		}
		contract, err := s.CreateContract(ctx, sys, contractIn(f.g1, unit.ID))
		if err != nil {
			t.Fatal(err)
		}
		congress, err := s.CreateCongress(ctx, sys, congressIn(f.g1, gonghui.CongressUnit, unit.ID))
		if err != nil {
			t.Fatal(err)
		}
		// Each case edits the name-like field of the record at a version and
		// reads back the record's version and that field.
		type result struct {
			version int64
			name    string
		}
		tests := []struct {
			name  string
			start int64
			edit  func(version int64, name string) (result, error)
			get   func() (result, error)
		}{
			{"org", f.g1.Version, func(v int64, name string) (result, error) {
				in := f.g1.ToInput()
				in.Name, in.Version = name, v
				o, err := s.UpdateOrg(ctx, sys, f.g1.ID, in)
				return result{o.Version, o.Name}, err
			}, func() (result, error) { o, err := s.GetOrg(ctx, sys, f.g1.ID); return result{o.Version, o.Name}, err }},
			{"unit", unit.Version, func(v int64, name string) (result, error) {
				in := unit.ToInput()
				in.Name, in.Version = name, v
				u, err := s.UpdateUnit(ctx, sys, unit.ID, in)
				return result{u.Version, u.Name}, err
			}, func() (result, error) { u, err := s.GetUnit(ctx, sys, unit.ID); return result{u.Version, u.Name}, err }},
			{"member", member.Version, func(v int64, name string) (result, error) {
				in := member.ToInput()
				in.Name, in.Version = name, v
				m, err := s.UpdateMember(ctx, sys, member.ID, in)
				return result{m.Version, m.Name}, err
			}, func() (result, error) {
				m, err := s.GetMember(ctx, sys, member.ID, false)
				return result{m.Version, m.Name}, err
			}},
			{"contract", contract.Version, func(v int64, name string) (result, error) {
				in := contract.ToInput()
				in.Title, in.Version = name, v
				k, err := s.UpdateContract(ctx, sys, contract.ID, in)
				return result{k.Version, k.Title}, err
			}, func() (result, error) {
				k, err := s.GetContract(ctx, sys, contract.ID)
				return result{k.Version, k.Title}, err
			}},
			{"congress", congress.Version, func(v int64, name string) (result, error) {
				in := congress.ToInput()
				in.Name, in.Version = name, v
				g, err := s.UpdateCongress(ctx, sys, congress.ID, in)
				return result{g.Version, g.Name}, err
			}, func() (result, error) {
				g, err := s.GetCongress(ctx, sys, congress.ID)
				return result{g.Version, g.Name}, err
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if tt.start < 1 {
					t.Fatalf("a new record has version %d, want at least 1", tt.start)
				}
				got, err := tt.edit(tt.start, "第一次修改")
				if err != nil || got != (result{tt.start + 1, "第一次修改"}) {
					t.Fatalf("edit from the current version = %+v, %v; want version %d", got, err, tt.start+1)
				}
				_, err = tt.edit(tt.start, "过时的修改")
				var ce *gonghui.ConflictError
				if !errors.Is(err, gonghui.ErrConflict) || !errors.As(err, &ce) || ce.Message.Zh == "" {
					t.Fatalf("edit from a stale version: err = %v, want a conflict", err)
				}
				if now, err := tt.get(); err != nil || now != (result{tt.start + 1, "第一次修改"}) {
					t.Errorf("after the stale edit the record is %+v, %v; want it unchanged", now, err)
				}
			})
		}
	})
}
