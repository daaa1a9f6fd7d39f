package store_test

import (
	"errors"
	"fmt"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func homeInput(org gonghui.Org, name, kind string, opened gonghui.Date) gonghui.WorkerHomeInput {
	return gonghui.WorkerHomeInput{Name: name, Kind: kind, OrgID: org.ID, Address: "北京市朝阳区建国门外大街1号",
		RegionCode: "110105", OpeningHours: "周一至周五 9:00-18:00", OpenedOn: opened,
		Location: &gonghui.GeoPoint{Lat: 39.908722, Lng: 116.447229}}
}

func mustHome(t *testing.T, s *store.Store, in gonghui.WorkerHomeInput) gonghui.WorkerHome {
	t.Helper()
	h, err := s.CreateWorkerHome(ctx, sys, in)
	if err != nil {
		t.Fatalf("create worker home %s: %v", in.Name, err)
	}
	return h
}

// The worker homes' writes for the shared fast-path test: opened, moved
// to another union, closed, a warm station.
func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "worker homes", run: func(t *testing.T, s *store.Store, f fixture) {
		d := gonghui.NewDate
		// Unions of their own: the earlier writes moved, merged and
		// dissolved the fixture's.
		cy := mustOrg(t, s, gonghui.OrgInput{Name: "朝阳某公司工会", Kind: gonghui.KindGrassroots, ParentID: f.chaoyang.ID})
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀某公司工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		home := mustHome(t, s, homeInput(cy, "示例公司职工之家", gonghui.WorkerHomeUnion, d(2016, 5, 1)))
		warm := mustHome(t, s, homeInput(cy, "建外暖心驿站", gonghui.WorkerHomeWarm, d(2017, 3, 1)))
		mustHome(t, s, homeInput(f.haidian, "中关村心灵驿站", gonghui.WorkerHomeWellbeing, d(2019, 1, 1)))
		in := warm.ToInput()
		in.OrgID, in.ClosedOn = hd.ID, d(2020, 1, 1)
		if _, err := s.UpdateWorkerHome(ctx, sys, warm.ID, in); err != nil {
			t.Fatal(err)
		}
		in = home.ToInput()
		in.Kind = gonghui.WorkerHomeWarm
		if _, err := s.UpdateWorkerHome(ctx, sys, home.ID, in); err != nil {
			t.Fatal(err)
		}
	}})
}

// A host union names a place once, whether a cadre registers it or an
// import brings it: the shared concurrency test tries it.
func init() {
	lockRules = append(lockRules, lockRule{name: "one worker home per name and union, registered or imported", refused: []string{"name"},
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, name := e.s, fmt.Sprintf("并发职工之家%d", e.next())
			return func(i int) error {
					in := homeInput(e.f.g1, name, gonghui.WorkerHomeUnion, gonghui.NewDate(2016, 5, 1))
					in.OpeningHours = fmt.Sprintf("周一至周五 09:%02d-18:00", i)
					if i%2 == 0 {
						_, err := s.CreateWorkerHome(ctx, sys, in)
						return err
					}
					w, err := s.NewWorkerHomeWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					_, err = w.Save(ctx, in)
					return commit(w, err)
				}, func() int {
					return total(s.ListWorkerHomes(ctx, sys, gonghui.WorkerHomeFilter{Query: name}))
				}
		}})
}

func TestWorkerHomes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate
		h := mustHome(t, s, homeInput(f.g1, "示例公司职工之家", gonghui.WorkerHomeUnion, d(2016, 5, 1)))
		if h.Version != 1 || h.Location == nil || h.Location.Lat != 39.908722 || h.OrgName != f.g1.Name {
			t.Fatalf("created %+v", h)
		}

		t.Run("validation names each field", func(t *testing.T) {
			bad := gonghui.WorkerHomeInput{Kind: "palace", OrgID: f.g1.ID, RegionCode: "999999", OpenedOn: d(2016, 5, 1), ClosedOn: d(2016, 4, 1),
				Location: &gonghui.GeoPoint{Lat: 116.4, Lng: 39.9}}
			_, err := s.CreateWorkerHome(ctx, sys, bad)
			var v *gonghui.ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("err %v", err)
			}
			for _, field := range []string{"name", "kind", "address", "region_code", "closed_on", "location.lat", "location.lng"} {
				if _, ok := v.Fields[field]; !ok {
					t.Errorf("no error for %s: %v", field, v.Fields)
				}
			}
		})
		t.Run("a union names a place once", func(t *testing.T) {
			_, err := s.CreateWorkerHome(ctx, sys, homeInput(f.g1, h.Name, gonghui.WorkerHomeSmall, d(2018, 1, 1)))
			var v *gonghui.ValidationError
			if !errors.As(err, &v) || v.Fields["name"].Zh == "" {
				t.Errorf("duplicate name: %v", err)
			}
			if _, err := s.CreateWorkerHome(ctx, sys, homeInput(f.joint, h.Name, gonghui.WorkerHomeSmall, d(2018, 1, 1))); err != nil {
				t.Errorf("same name at another union: %v", err)
			}
		})
		t.Run("scope", func(t *testing.T) {
			hd := actor(f.haidian, gonghui.RoleCadre)
			if _, err := s.GetWorkerHome(ctx, hd, h.ID); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("outside the scope: %v", err)
			}
			if _, err := s.CreateWorkerHome(ctx, hd, homeInput(f.g1, "越权", gonghui.WorkerHomeSmall, d(2018, 1, 1))); err == nil {
				t.Error("created a home at a union outside the scope")
			}
			if _, err := s.UpdateWorkerHome(ctx, hd, h.ID, h.ToInput()); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("updated outside the scope: %v", err)
			}
			if _, err := s.CreateWorkerHome(ctx, actor(f.g1, gonghui.RoleViewer), homeInput(f.g1, "查看", gonghui.WorkerHomeSmall, d(2018, 1, 1))); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a viewer created a home: %v", err)
			}
			homes, total, err := s.ListWorkerHomes(ctx, actor(f.chaoyang, gonghui.RoleViewer), gonghui.WorkerHomeFilter{})
			if err != nil || total != 2 || len(homes) != 2 {
				t.Errorf("Chaoyang lists %d (%d) homes: %v", len(homes), total, err)
			}
			if _, total, _ := s.ListWorkerHomes(ctx, hd, gonghui.WorkerHomeFilter{}); total != 0 {
				t.Errorf("Haidian lists %d homes", total)
			}
		})
		t.Run("a stale edit is a conflict and changes nothing", func(t *testing.T) {
			in := h.ToInput()
			in.OpeningHours = "全天"
			cur, err := s.UpdateWorkerHome(ctx, sys, h.ID, in)
			if err != nil || cur.Version != h.Version+1 || cur.OpeningHours != "全天" {
				t.Fatalf("update: %+v %v", cur, err)
			}
			in.OpeningHours = "周末 10:00-16:00" // still at h.Version
			if _, err := s.UpdateWorkerHome(ctx, sys, h.ID, in); !errors.Is(err, gonghui.ErrConflict) {
				t.Errorf("stale edit: %v", err)
			}
			if again, _ := s.GetWorkerHome(ctx, sys, h.ID); again.OpeningHours != "全天" || again.Version != cur.Version {
				t.Errorf("after the stale edit: %+v", again)
			}
		})
		t.Run("closed homes leave the list and the figures", func(t *testing.T) {
			cur, _ := s.GetWorkerHome(ctx, sys, h.ID)
			in := cur.ToInput()
			in.ClosedOn = d(2020, 1, 1)
			if _, err := s.UpdateWorkerHome(ctx, sys, h.ID, in); err != nil {
				t.Fatal(err)
			}
			if _, total, _ := s.ListWorkerHomes(ctx, sys, gonghui.WorkerHomeFilter{OrgID: f.g1.ID}); total != 0 {
				t.Errorf("closed home listed: %d", total)
			}
			if _, total, _ := s.ListWorkerHomes(ctx, sys, gonghui.WorkerHomeFilter{OrgID: f.g1.ID, Closed: true}); total != 1 {
				t.Errorf("closed home not listed with closed: %d", total)
			}
			for on, want := range map[gonghui.Date]float64{d(2016, 4, 30): 0, d(2016, 5, 1): 1, d(2019, 12, 31): 1, d(2020, 1, 1): 0} {
				st, err := s.ComputeStats(ctx, sys, f.g1.ID, on)
				if err != nil || st.Indicators["worker_homes"] != want {
					t.Errorf("on %s: %v worker homes (%v), want %v", on, st.Indicators["worker_homes"], err, want)
				}
			}
		})
		t.Run("audited", func(t *testing.T) {
			events, _, err := s.ListAudit(ctx, sys, gonghui.AuditFilter{RecordType: "worker_home"})
			if err != nil || len(events) < 3 {
				t.Errorf("%d audit events: %v", len(events), err)
			}
		})
	})
}
