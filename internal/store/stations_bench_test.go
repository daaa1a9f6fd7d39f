package store_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// loadStations writes n stations straight into the table, as a city's
// import would leave them: 60% in the central districts, the rest across
// Beijing.
func loadStations(b *testing.B, s *store.Store, orgID int64, n int) {
	r := rand.New(rand.NewPCG(11, 12))
	tx, err := s.DB().Begin()
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.Prepare(s.Rebind(`INSERT INTO worker_homes (org_id, name, kind, status, services, address, opening_hours, lat_micro, lng_micro,
		geo_cell, opened_on, code, created_at, updated_at) VALUES (?, ?, ?, 'open', ?, '北京市', ?, ?, ?, ?, '2018-01-01', ?, 0, 0)`))
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		p := gonghui.GeoPoint{Lat: 39.4 + r.Float64()*1.6, Lng: 115.5 + r.Float64()*2}
		if i%5 < 3 {
			p = gonghui.GeoPoint{Lat: 39.75 + r.Float64()*0.35, Lng: 116.2 + r.Float64()*0.4}
		}
		lat, lng := p.Micro()
		var services []string
		for _, c := range gonghui.StationServices {
			if r.IntN(3) == 0 {
				services = append(services, c.Key)
			}
		}
		if _, err := stmt.Exec(orgID, fmt.Sprintf("驿站%05d", i), gonghui.WorkerHomeKinds[r.IntN(5)].Key, ","+join(services)+",",
			stationHours[r.IntN(len(stationHours))], lat, lng, p.Cell(), fmt.Sprintf("BM%05d", i)); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := s.DB().Exec("ANALYZE"); err != nil {
		b.Fatal(err)
	}
}

// cpuTime is the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ","
		}
		out += v
	}
	return out
}

// BenchmarkNearestStations: "the ten nearest stations open now within
// 2 km" among 30,000, from random points of the central districts, as a
// cadre of the city searches them (every kind) and as a member does (the
// kinds open to anyone); each reports the 95th percentile of one search
// (p95-ms).
func BenchmarkNearestStations(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(string(engine), func(b *testing.B) {
			s := storetest.Open(b, engine)
			storetest.FoundSeeded(b, s)
			root, err := s.RootOrg(ctx, sys)
			if err != nil {
				b.Fatal(err)
			}
			loadStations(b, s, root.ID, 30000)
			searches := map[string]func(gonghui.NearestQuery) ([]gonghui.NearStation, error){
				"cadre":  func(q gonghui.NearestQuery) ([]gonghui.NearStation, error) { return s.NearestStations(ctx, sys, q) },
				"member": func(q gonghui.NearestQuery) ([]gonghui.NearStation, error) { return s.NearestPublicStations(ctx, q) },
			}
			for _, who := range []string{"cadre", "member"} {
				b.Run(who, func(b *testing.B) { benchNearest(b, searches[who]) })
			}
		})
	}
}

func benchNearest(b *testing.B, search func(gonghui.NearestQuery) ([]gonghui.NearStation, error)) {
	r := rand.New(rand.NewPCG(13, 14))
	now := time.Date(2026, 9, 28, 12, 0, 0, 0, gonghui.Shanghai)
	times := make([]time.Duration, 0, b.N)
	found := 0
	cpu0 := cpuTime()
	b.ResetTimer()
	for range b.N {
		q := gonghui.NearestQuery{At: gonghui.GeoPoint{Lat: 39.8 + r.Float64()*0.25, Lng: 116.25 + r.Float64()*0.3},
			Radius: 2000, Limit: 10, OpenNow: true, Now: now}
		start := time.Now()
		got, err := search(q)
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		found += len(got)
	}
	b.StopTimer()
	// On a shared machine the wall time waits for a core; the process's
	// CPU time per search is what the search costs (PostgreSQL's own
	// work is not in it).
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(found)/float64(b.N), "stations/op")
}
