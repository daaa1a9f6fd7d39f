package store_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// stationHours are the opening hours the random stations draw from,
// overnight and holiday rules among them.
var stationHours = []string{"周一至周五 09:00-18:00", "每天 08:00-20:00", "24小时", "周六、周日 10:00-16:00；节假日 休息",
	"每天 18:00-02:00", "Mo-Fr 08:00-12:00,13:30-17:30", ""}

func randomStation(r *rand.Rand, org gonghui.Org, n int, centre gonghui.GeoPoint, spread float64) gonghui.WorkerHomeInput {
	kinds := gonghui.WorkerHomeKinds
	var services []string
	for _, c := range gonghui.StationServices {
		if r.IntN(3) == 0 {
			services = append(services, c.Key)
		}
	}
	status := gonghui.StationOpen
	if r.IntN(8) == 0 {
		status = gonghui.StationSuspended
	}
	return gonghui.WorkerHomeInput{Name: fmt.Sprintf("驿站%05d", n), Kind: kinds[r.IntN(len(kinds))].Key, Status: status, OrgID: org.ID,
		Address: "北京市朝阳区", Services: services, OpeningHours: stationHours[r.IntN(len(stationHours))], OpenedOn: gonghui.NewDate(2018, 1, 1),
		Location: &gonghui.GeoPoint{Lat: centre.Lat + (r.Float64()-0.5)*spread, Lng: centre.Lng + (r.Float64()-0.5)*spread}}
}

var jianguomen = gonghui.GeoPoint{Lat: 39.908722, Lng: 116.447229}

// bruteNearest answers a nearest query by measuring every station of
// the kinds given (nil: every kind).
func bruteNearest(t *testing.T, s *store.Store, a gonghui.Actor, q gonghui.NearestQuery, kinds []string) []int64 {
	t.Helper()
	q.Normalize()
	var all []gonghui.WorkerHome
	for off := 0; ; off += 500 {
		page, _, err := s.ListWorkerHomes(ctx, a, gonghui.WorkerHomeFilter{Closed: true, Page: gonghui.Page{Offset: off, Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		if all = append(all, page...); len(page) < 500 {
			break
		}
	}
	days, err := s.HolidayCalendar(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	holidays := gonghui.CalendarOf(days)
	type hit struct {
		id int64
		d  float64
	}
	var hits []hit
	for _, h := range all {
		if h.Location == nil || (q.Kind != "" && h.Kind != q.Kind) || (kinds != nil && !slices.Contains(kinds, h.Kind)) || (q.Service != "" && !slices.Contains(h.Services, q.Service)) ||
			(q.OpenNow && !h.OpenAt(q.Now, holidays)) {
			continue
		}
		if d := q.At.DistanceTo(*h.Location); d <= q.Radius {
			hits = append(hits, hit{h.ID, d})
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].d < hits[j].d || hits[i].d == hits[j].d && hits[i].id < hits[j].id })
	var ids []int64
	for _, h := range hits[:min(len(hits), q.Limit)] {
		ids = append(ids, h.id)
	}
	return ids
}

// The grid search answers as a measure of every station would, on random
// points, radii, kinds, services and times.
func TestNearestStations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		r := rand.New(rand.NewPCG(7, 8))
		for n := range 160 {
			mustHome(t, s, randomStation(r, f.g1, n, jianguomen, 0.08))
		}
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀某公司工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		far := mustHome(t, s, randomStation(r, hd, 999, jianguomen, 0.001))
		for i := range 60 {
			q := gonghui.NearestQuery{At: gonghui.GeoPoint{Lat: jianguomen.Lat + (r.Float64()-0.5)*0.1, Lng: jianguomen.Lng + (r.Float64()-0.5)*0.1},
				Radius: 300 + r.Float64()*4000, Limit: 1 + r.IntN(15), OpenNow: r.IntN(2) == 0,
				Now: time.Date(2026, 9, 26+r.IntN(8), r.IntN(24), r.IntN(60), 0, 0, gonghui.Shanghai)}
			if i%3 == 0 {
				q.Kind = gonghui.WorkerHomeKinds[r.IntN(len(gonghui.WorkerHomeKinds))].Key
			}
			if i%4 == 0 {
				q.Service = gonghui.StationServices[r.IntN(len(gonghui.StationServices))].Key
			}
			got, err := s.NearestStations(ctx, sys, q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for i, h := range got {
				ids = append(ids, h.ID)
				if i > 0 && h.Distance < got[i-1].Distance || q.OpenNow && !h.OpenNow {
					t.Fatalf("query %d: %+v out of order or closed", i, h)
				}
			}
			if want := bruteNearest(t, s, sys, q, nil); !slices.Equal(ids, want) {
				t.Fatalf("query %d %+v: found %v, a full measure %v", i, q, ids, want)
			}
			// A member finds, city wide, the kinds open to anyone.
			pub, err := s.NearestPublicStations(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			ids = ids[:0]
			for _, h := range pub {
				ids = append(ids, h.ID)
			}
			if want := bruteNearest(t, s, sys, q, gonghui.PublicStationKinds); !slices.Equal(ids, want) {
				t.Fatalf("query %d %+v: a member finds %v, a full measure %v", i, q, ids, want)
			}
		}

		t.Run("scope", func(t *testing.T) {
			q := gonghui.NearestQuery{At: jianguomen, Radius: 500, Limit: 50}
			got, err := s.NearestStations(ctx, actor(f.haidian, gonghui.RoleViewer), q)
			if err != nil || len(got) != 1 || got[0].ID != far.ID {
				t.Errorf("Haidian finds %+v %v, want its own station only", got, err)
			}
		})
		t.Run("lists mask the contact phone", func(t *testing.T) {
			in := far.ToInput()
			in.Partner, in.ContactName, in.ContactPhone = "某银行建外支行", "王经理", "13812345678"
			updated, err := s.UpdateWorkerHome(ctx, sys, far.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := s.NearestStations(ctx, sys, gonghui.NearestQuery{At: *far.Location, Radius: 100})
			list, _, _ := s.ListWorkerHomes(ctx, sys, gonghui.WorkerHomeFilter{Query: far.Code})
			one, _ := s.GetWorkerHome(ctx, sys, far.ID)
			if len(got) == 0 || got[0].ContactPhone != "138****5678" || len(list) != 1 || list[0].ContactPhone != "138****5678" || one.ContactPhone != "13812345678" {
				t.Errorf("nearest %+v, list %+v, page %q", got, list, one.ContactPhone)
			}
			in = updated.ToInput()
			in.Kind = gonghui.WorkerHomeWarm
			if _, err := s.UpdateWorkerHome(ctx, sys, far.ID, in); err != nil {
				t.Fatal(err)
			}
			pub, _ := s.NearestPublicStations(ctx, gonghui.NearestQuery{At: *far.Location, Radius: 100})
			if len(pub) == 0 || pub[0].ID != far.ID || pub[0].Partner != "某银行建外支行" || pub[0].ContactName != "" || pub[0].ContactPhone != "" {
				t.Errorf("a member's nearest %+v: the host stays, its contact person does not", pub)
			}
		})
	})
}

func TestStationCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate(2018, 1, 1)
		auto := mustHome(t, s, homeInput(f.g1, "自动编码驿站", gonghui.WorkerHomeWarm, d))
		if auto.Code != fmt.Sprintf("ZJ%d", auto.ID) || auto.Status != gonghui.StationOpen || auto.LocationGCJ02 == nil {
			t.Errorf("created %+v", auto)
		}
		in := homeInput(f.g1, "指定编码驿站", gonghui.WorkerHomeWarm, d)
		in.Code = "cy-0001"
		own := mustHome(t, s, in)
		if own.Code != "CY-0001" {
			t.Errorf("code %q", own.Code)
		}
		for name, c := range map[string]struct {
			code, field string
		}{
			"taken":     {"CY-0001", "code"},
			"reserved":  {fmt.Sprintf("ZJ%d", auto.ID+100), "code"},
			"malformed": {"建外1", "code"},
		} {
			in := homeInput(f.g1, "另一驿站"+name, gonghui.WorkerHomeWarm, d)
			in.Code = c.code
			if _, err := s.CreateWorkerHome(ctx, sys, in); fieldOf(err) != c.field {
				t.Errorf("%s: %v, want an error on %s", name, err, c.field)
			}
		}
		// An edit leaving the code out keeps it; services come back in
		// checklist order, by key or by name.
		in = own.ToInput()
		in.Code, in.Services = "", []string{"图书", "water"}
		got, err := s.UpdateWorkerHome(ctx, sys, own.ID, in)
		if err != nil || got.Code != "CY-0001" || !slices.Equal(got.Services, []string{"water", "books"}) {
			t.Errorf("edit: %+v %v", got, err)
		}
		in = got.ToInput()
		in.Services = []string{"按摩"}
		if _, err := s.UpdateWorkerHome(ctx, sys, own.ID, in); fieldOf(err) != "services" {
			t.Errorf("unknown service: %v", err)
		}
		if _, err := s.UpdateWorkerHome(ctx, sys, own.ID, own.ToInput()); !errors.Is(err, gonghui.ErrConflict) {
			t.Errorf("stale edit: %v", err)
		}
	})
}

// Inspections on their cycle: a station falls due a cycle after its
// opening or its latest inspection, closed ones never; a failed
// inspection states its findings; scope holds.
func TestStationInspections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s) // 2026-11-24
		f := newFixture(t, s)
		d := gonghui.NewDate
		old := mustHome(t, s, homeInput(f.g1, "老驿站", gonghui.WorkerHomeWarm, d(2020, 1, 1)))
		fresh := mustHome(t, s, homeInput(f.g1, "新驿站", gonghui.WorkerHomeWarm, d(2026, 6, 1)))
		in := homeInput(f.g1, "关闭驿站", gonghui.WorkerHomeWarm, d(2020, 1, 1))
		in.Status = gonghui.StationClosed
		mustHome(t, s, in)
		due := func() []int64 {
			homes, _, err := s.ListWorkerHomes(ctx, sys, gonghui.WorkerHomeFilter{InspectionDue: d(2026, 11, 24), Closed: true})
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, h := range homes {
				ids = append(ids, h.ID)
			}
			return ids
		}
		if got := due(); !slices.Equal(got, []int64{old.ID}) {
			t.Errorf("due %v, want the old station only", got)
		}
		_, err := s.RecordStationInspection(ctx, sys, old.ID, gonghui.StationInspectionInput{InspectedOn: d(2026, 11, 25), Inspector: "李"})
		var v *gonghui.ValidationError
		if !errors.As(err, &v) || v.Fields["findings"].Zh == "" || v.Fields["inspected_on"].Zh == "" {
			t.Errorf("a failed inspection in the future without findings: %v", err)
		}
		if _, err := s.RecordStationInspection(ctx, actor(f.haidian, gonghui.RoleCadre), old.ID,
			gonghui.StationInspectionInput{InspectedOn: d(2026, 11, 1), Inspector: "李", Passed: true}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian inspects Chaoyang's station: %v", err)
		}
		for _, i := range []gonghui.StationInspectionInput{
			{InspectedOn: d(2026, 11, 1), Inspector: "李检查", Passed: false, Findings: "饮水机损坏"},
			{InspectedOn: d(2026, 3, 1), Inspector: "王检查", Passed: true}, // recorded late: the latest stays
		} {
			if _, err := s.RecordStationInspection(ctx, sys, old.ID, i); err != nil {
				t.Fatal(err)
			}
		}
		h, _ := s.GetWorkerHome(ctx, sys, old.ID)
		list, err := s.ListStationInspections(ctx, sys, old.ID)
		if err != nil || len(list) != 2 || list[0].Findings != "饮水机损坏" || list[0].Passed || !list[1].Passed ||
			h.LastInspectedOn != d(2026, 11, 1) || h.InspectionDue != d(2027, 11, 1) || fresh.InspectionDue != d(2027, 6, 1) {
			t.Errorf("inspections %+v %v; station last %v due %v", list, err, h.LastInspectedOn, h.InspectionDue)
		}
		if got := due(); len(got) != 0 {
			t.Errorf("due after the inspection: %v", got)
		}
	})
}

// A station's holiday hours hold on the days the administrator's holiday
// calendar (the one the rights clocks read) lists as holidays.
func TestStationHolidaysFollowTheCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		in := randomStation(rand.New(rand.NewPCG(1, 2)), f.g1, 1, jianguomen, 0)
		in.Status, in.OpeningHours = gonghui.StationOpen, "周一至周五 09:00-18:00；节假日 休息"
		mustHome(t, s, in)
		monday := time.Date(2026, 11, 30, 10, 0, 0, 0, gonghui.Shanghai)
		open := func() int {
			got, err := s.NearestStations(ctx, sys, gonghui.NearestQuery{At: jianguomen, Radius: 500, Limit: 10, OpenNow: true, Now: monday})
			if err != nil {
				t.Fatal(err)
			}
			return len(got)
		}
		if n := open(); n != 1 {
			t.Fatalf("an ordinary Monday: %d open", n)
		}
		if _, err := s.SaveCalendarDay(ctx, sys, gonghui.CalendarDay{On: gonghui.DateOf(monday), Kind: gonghui.DayHoliday, Name: "测试"}); err != nil {
			t.Fatal(err)
		}
		if n := open(); n != 0 {
			t.Errorf("the Monday made a holiday: %d open", n)
		}
	})
}
