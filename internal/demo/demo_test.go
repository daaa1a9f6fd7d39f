package demo_test

import (
	"context"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/demo"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestLoadOnceOnEveryEngine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		n, err := demo.Load(ctx, s, gonghui.Today())
		if err != nil || n < 100 {
			t.Fatalf("Load: %d records, %v", n, err)
		}
		if again, err := demo.Load(ctx, s, gonghui.Today()); err != nil || again != 0 {
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

// TestDemoAliveOnItsDay loads the demo on days of different seasons
// (early January, when "this year" is days old; a leap day; late
// September, the census year's last day) and holds the city's figures on
// that day to a working federation, equal to the recount; the reminders
// name only contracts in force that end within 90 days or wait to be
// filed, none overdue.
func TestDemoAliveOnItsDay(t *testing.T) {
	for _, day := range []gonghui.Date{gonghui.NewDate(2031, 1, 3), gonghui.NewDate(2028, 2, 29), gonghui.NewDate(2026, 9, 30)} {
		t.Run(day.String(), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				ctx := context.Background()
				y, m, d := day.Parts()
				s.SetClock(func() time.Time { return time.Date(y, m, d, 9, 0, 0, 0, gonghui.Shanghai) })
				if _, err := demo.Load(ctx, s, day); err != nil {
					t.Fatal(err)
				}
				sys := gonghui.SystemActor("t")
				got, err := s.ComputeStats(ctx, sys, 0, day)
				if err != nil {
					t.Fatal(err)
				}
				plain, err := s.RecountStats(ctx, sys, 0, day)
				if err != nil {
					t.Fatal(err)
				}
				for _, k := range []string{"members_realname", "cards_issued", "contracts_total", "contract_units_covered", "congress_units", "disclosure_units",
					"units_covered", "contract_rate", "congress_rate", "disclosure_rate"} {
					if got.Indicators[k] <= 0 || got.Indicators[k] != plain.Indicators[k] {
						t.Errorf("%s on %s: %v (recount %v), want > 0", k, day, got.Indicators[k], plain.Indicators[k])
					}
				}
				root, _ := s.RootOrg(ctx, sys)
				charts, err := s.ComputeBreakdowns(ctx, sys, root.ID, day, 2)
				if joined := charts.Joined; err != nil || len(joined) != 2 || joined[0].Count == 0 {
					t.Errorf("members joined last month and this: %+v %v", charts.Joined, err)
				}
				reminders, err := s.Reminders(ctx, sys, day)
				if err != nil {
					t.Fatal(err)
				}
				kinds := map[string]int{}
				for _, r := range reminders {
					kinds[r.Kind]++
					if r.Overdue || r.Due.Before(day) || day.AddDays(gonghui.ExpiryWarningDays).Before(r.Due) {
						t.Errorf("reminder %s %q due %s (overdue %v)", r.Kind, r.Title, r.Due, r.Overdue)
					}
				}
				if kinds["expiry"] == 0 || kinds["file"] != 1 || len(kinds) != 2 {
					t.Errorf("reminders by kind: %v", kinds)
				}
				returns, total, err := s.ListCensus(ctx, sys, store.CensusFilter{Year: gonghui.CensusYearOn(day)})
				if err != nil || total == 0 || returns[0].State != gonghui.CensusDraft {
					t.Errorf("census returns of %d: %d (%v)", gonghui.CensusYearOn(day), total, err)
				}
			})
		})
	}
}

func TestMain(m *testing.M) { storetest.Main(m) }
