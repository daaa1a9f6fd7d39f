package citybench

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gonghui"
)

// Samples of the dashboard's views at the least, whatever -benchtime: a
// cold view can take longer than the whole benchtime.
const (
	minColdViews = 5
	minWarmViews = 20
)

// The load beside the dashboard in BenchmarkDashboardUnderLoad: member
// writes and failed logins per second, the viewers, and how long each
// half (idle, loaded) runs.
const (
	loadWrites    = 10
	loadLogins    = 5
	loadViewers   = 4
	loadWindow    = 5 * time.Second
	sampleMembers = 5000
)

// memberIDs returns up to n active memberships under a path, spread over
// its members.
func (c *city) memberIDs(path string, n int) ([]int64, error) {
	rows, err := c.st.DB().QueryContext(ctx, c.st.Rebind(`SELECT m.id FROM memberships m JOIN orgs o ON o.id = m.org_id
		WHERE o.path LIKE ? AND m.status = 'active' ORDER BY m.id`), path+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		all = append(all, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("no active member under %s", path)
	}
	step := max(1, len(all)/n)
	var out []int64
	for i := 0; i < len(all) && len(out) < n; i += step {
		out = append(out, all[i])
	}
	return out, nil
}

// changeMember makes one change a cadre makes: the member's form of
// employment becomes another, which every figure and chart may see.
func (c *city) changeMember(id int64) error {
	sys := gonghui.SystemActor("bench")
	m, err := c.st.GetMember(ctx, sys, id, false)
	if err != nil {
		return err
	}
	in := m.ToInput()
	in.Employment = gonghui.Employments[0].Key
	if m.Employment == in.Employment {
		in.Employment = gonghui.Employments[1].Key
	}
	_, err = c.st.UpdateMember(ctx, sys, id, in)
	return err
}

// failLogin tries a login that fails, as a mistyped password does.
func (c *city) failLogin(hc *http.Client) error {
	res, err := hc.PostForm(c.srv.URL+"/login", url.Values{"username": {"bench-nobody"}, "password": {"wrong-password"}})
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		return fmt.Errorf("failed login: status %d", res.StatusCode)
	}
	return nil
}

// views times n views; before each, prepare (untimed) runs when given.
// It reports the p50 and p95 (ms) and the number of views.
func views(b *testing.B, n int, prepare func(i int) error, view func() error) {
	lat := make([]time.Duration, 0, n)
	b.ResetTimer()
	for i := range n {
		if prepare != nil {
			b.StopTimer()
			if err := prepare(i); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		t := time.Now()
		if err := view(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	b.StopTimer()
	reportPercentiles(b, "", lat, 50, 95)
	b.ReportMetric(float64(len(lat)), "views")
}

// BenchmarkDashboardPage: the whole /dashboard page over HTTP (figures,
// charts, the next level, the template) for the city and the district,
// cold — the first view after a member of the district changed (targets:
// p50 ≤ 200 ms city, ≤ 50 ms district) — and warm, the same page again.
// Each reports its number of views: at least minColdViews and
// minWarmViews, however long they take.
func BenchmarkDashboardPage(b *testing.B) {
	c := openCity(b)
	ids, err := c.memberIDs(c.district.Path, sampleMembers)
	if err != nil {
		b.Fatal(err)
	}
	for _, sc := range c.scopes() {
		cl := c.clients(b, sc.user, 1, false)[0]
		path := dashboardPath(sc.orgID)
		view := func() error { return cl.get(path) }
		b.Run(sc.name+"/cold", func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, uint64(b.N)))
			views(b, max(b.N, minColdViews), func(int) error { return c.changeMember(ids[rng.IntN(len(ids))]) }, view)
		})
		b.Run(sc.name+"/warm", func(b *testing.B) {
			if err := view(); err != nil {
				b.Fatal(err)
			}
			views(b, max(b.N, minWarmViews), nil, view)
		})
	}
}

// BenchmarkDashboardUnderLoad: loadViewers clients on the dashboard for
// loadWindow idle, then for loadWindow with loadWrites member writes and
// loadLogins failed logins a second across the city going on; it reports
// both throughputs and the loaded one as a share of the idle one (target
// ≥ 80 %), with the writes and logins achieved.
func BenchmarkDashboardUnderLoad(b *testing.B) {
	c := openCity(b)
	ids, err := c.memberIDs(c.root.Path, sampleMembers)
	if err != nil {
		b.Fatal(err)
	}
	for _, sc := range c.scopes() {
		b.Run(sc.name, func(b *testing.B) {
			cls := c.clients(b, sc.user, loadViewers, false)
			path := dashboardPath(sc.orgID)
			if err := cls[0].get(path); err != nil { // the page as a viewer finds it
				b.Fatal(err)
			}
			b.ResetTimer()
			idle, _, _ := c.dashboardRate(b, cls, path, nil)
			rng := rand.New(rand.NewPCG(5, 5))
			loaded, writes, logins := c.dashboardRate(b, cls, path, func() error { return c.changeMember(ids[rng.IntN(len(ids))]) })
			b.StopTimer()
			b.ReportMetric(idle, "idle-req/s")
			b.ReportMetric(loaded, "loaded-req/s")
			if idle > 0 {
				b.ReportMetric(100*loaded/idle, "%-of-idle")
			}
			b.ReportMetric(writes, "writes/s")
			b.ReportMetric(logins, "failed-logins/s")
		})
	}
}

// dashboardRate runs the viewers on path for loadWindow, with write (when
// given) loadWrites times a second and loadLogins failed logins a second
// beside them, and returns the views, writes and failed logins a second.
func (c *city) dashboardRate(b *testing.B, cls []*client, path string, write func() error) (float64, float64, float64) {
	var failure atomic.Pointer[error]
	fail := func(err error) { failure.CompareAndSwap(nil, &err) }
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writes, logins, views atomic.Int64
	if write != nil {
		hc := &http.Client{Transport: c.http}
		wg.Go(func() { writes.Store(background(stop, fail, loadWrites, write)) })
		wg.Go(func() { logins.Store(background(stop, fail, loadLogins, func() error { return c.failLogin(hc) })) })
	}
	start := time.Now()
	deadline := start.Add(loadWindow)
	var viewers sync.WaitGroup
	for _, cl := range cls {
		viewers.Go(func() {
			for time.Now().Before(deadline) && failure.Load() == nil {
				if err := cl.get(path); err != nil {
					fail(err)
					return
				}
				if time.Now().Before(deadline) {
					views.Add(1)
				}
			}
		})
	}
	viewers.Wait()
	close(stop)
	ran := time.Since(start).Seconds() // the load ran until the last view ended
	wg.Wait()
	if err := failure.Load(); err != nil {
		b.Fatal(*err)
	}
	return float64(views.Load()) / loadWindow.Seconds(), float64(writes.Load()) / ran, float64(logins.Load()) / ran
}

// background runs op perSecond times a second, one at a time (a slow one
// delays the next), until stop, and returns how many ran.
func background(stop <-chan struct{}, fail func(error), perSecond int, op func() error) int64 {
	tick := time.NewTicker(time.Second / time.Duration(perSecond))
	defer tick.Stop()
	var n int64
	for {
		select {
		case <-stop:
			return n
		case <-tick.C:
		}
		if err := op(); err != nil {
			fail(err)
			return n
		}
		n++
	}
}
