package demo_test

import (
	"context"
	"testing"

	"gonghui"
	"gonghui/internal/demo"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestLoadOnceOnEveryEngine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		n, err := demo.Load(ctx, s)
		if err != nil || n < 100 {
			t.Fatalf("Load: %d records, %v", n, err)
		}
		if again, err := demo.Load(ctx, s); err != nil || again != 0 {
			t.Errorf("second Load: %d, %v; want 0", again, err)
		}
		sys := gonghui.SystemActor("t")
		if _, total, _ := s.ListOrgs(ctx, sys, gonghui.OrgFilter{Kind: gonghui.KindJointGrassroots}); total != 9 {
			t.Errorf("joint grassroots unions: %d, want 9", total)
		}
		for _, a := range demo.Accounts {
			if _, _, res, err := s.Login(ctx, a.Username, demo.Password, "test", ""); err != nil || res != store.LoginOK {
				t.Errorf("demo account %s: %v %v", a.Username, res, err)
			}
		}
	})
}

func TestMain(m *testing.M) { storetest.Main(m) }
