package citybench

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"gonghui"
	"gonghui/idcard"
	"gonghui/internal/export"
)

// listClients is the number of concurrent clients on the member list.
const listClients = 32

// scope is a subtree the dashboard is drawn for, with the account that
// looks at it.
type scope struct {
	name  string
	orgID int64
	user  gonghui.User
}

// scopes are the whole city, read by a city-level account, and the
// district, read by its cadre.
func (c *city) scopes() []scope {
	return []scope{{"city", c.root.ID, c.cityUser}, {"district", c.district.ID, c.cadre}}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func dashboardPath(orgID int64) string {
	return "/dashboard?" + url.Values{"org": {itoa(orgID)}, "date": {benchDate}}.Encode()
}

// stats computes the dashboard's figures as its page does.
func (c *city) stats(sc scope) error {
	on, err := gonghui.ParseDate(benchDate)
	if err != nil {
		return err
	}
	_, err = c.st.ComputeStats(ctx, actor(sc.user), sc.orgID, on)
	return err
}

// lookup finds one member by exact ID number, as the member list's search
// box does: through the blind index, scoped to the city account.
func (c *city) lookup(id string) error {
	ms, total, err := c.st.ListMembers(ctx, actor(c.cityUser), gonghui.MemberFilter{Query: id})
	if err != nil {
		return err
	}
	if total != 1 || len(ms) != 1 {
		return fmt.Errorf("ID %s: %d members found, want 1", idcard.Mask(id), total)
	}
	return nil
}

// Filters of the member list: common surnames (a name-prefix search) and
// pinyin initials of common names.
var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"}
	initials = []string{"wj", "lj", "zw", "wl", "lx", "zl", "ch", "yj", "wy", "lh"}
)

// listQuery is one random request of a district cadre to the member list:
// one of the first 20 pages of the district, a union's first page, or a
// search by surname or by initials.
func (c *city) listQuery(rng *rand.Rand) string {
	q := url.Values{"org": {itoa(c.district.ID)}}
	switch rng.IntN(4) {
	case 0:
		q.Set("page", strconv.Itoa(1+rng.IntN(20)))
	case 1:
		q.Set("org", itoa(c.unions[rng.IntN(len(c.unions))]))
	case 2:
		q.Set("q", surnames[rng.IntN(len(surnames))])
	case 3:
		q.Set("q", initials[rng.IntN(len(initials))])
	}
	return q.Encode()
}

// listKinds are the two faces of the member list.
var listKinds = []struct {
	name, path string
	api        bool
}{{"html", "/members?", false}, {"api", "/api/v1/members?", true}}

// exportDistrict writes the district's active members as CSV, through the
// code behind `gonghui export members`, and returns the rows written.
func (c *city) exportDistrict(out io.Writer) (int, error) {
	return export.Members(ctx, c.st, gonghui.SystemActor("bench-export"), gonghui.MemberFilter{OrgID: c.district.ID}, false, export.CSV, out)
}

// BenchmarkStats: ComputeStats for the city and for the district on the
// benchmark date (targets: city p50 ≤ 100 ms, district p50 ≤ 20 ms).
func BenchmarkStats(b *testing.B) {
	c := openCity(b)
	for _, sc := range c.scopes() {
		b.Run(sc.name, func(b *testing.B) {
			measure(b, 1, func(int, int) error { return c.stats(sc) }, 50, 95)
		})
	}
}

// BenchmarkMemberLookupByID: a search by exact ID number over 1,000
// members sampled across the city (target p50 ≤ 2 ms).
func BenchmarkMemberLookupByID(b *testing.B) {
	c := openCity(b)
	ids, err := c.sampleIDs(1000)
	if err != nil {
		b.Fatal(err)
	}
	measure(b, 1, func(_, i int) error { return c.lookup(ids[i%len(ids)]) }, 50, 95)
}

// BenchmarkMemberList32: 32 clients of a district cadre on the member
// list, the HTML page and the API (target p95 ≤ 50 ms), and the
// throughput in requests per second.
func BenchmarkMemberList32(b *testing.B) {
	c := openCity(b)
	for _, kind := range listKinds {
		clients := c.clients(b, c.cadre, listClients, kind.api)
		b.Run(kind.name, func(b *testing.B) {
			rngs := make([]*rand.Rand, listClients)
			for w := range rngs {
				rngs[w] = rand.New(rand.NewPCG(uint64(w), 7))
			}
			elapsed := measure(b, listClients, func(w, _ int) error {
				return clients[w].get(kind.path + c.listQuery(rngs[w]))
			}, 50, 95)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
		})
	}
}

// BenchmarkExportDistrict: the district's members as CSV (to io.Discard:
// the database, the scan and the encoding, not the disk), in rows per
// second, with the Go heap's peak while exporting. The process's peak RSS
// is measured on the command line by run.sh.
func BenchmarkExportDistrict(b *testing.B) {
	c := openCity(b)
	b.ReportAllocs()
	stop := watchHeap()
	rows := 0
	elapsed := measure(b, 1, func(int, int) error {
		n, err := c.exportDistrict(io.Discard)
		rows += n
		return err
	})
	b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MiB")
}

// watchHeap samples the bytes of live and unswept heap objects until the
// returned function is called, which returns the largest sample.
func watchHeap() func() uint64 {
	const name = "/memory/classes/heap/objects:bytes"
	done := make(chan struct{})
	var wg sync.WaitGroup
	var peak uint64
	wg.Go(func() {
		sample := []metrics.Sample{{Name: name}}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

// TestHarness runs each benchmarked operation once and checks its answer,
// so that a run of the benchmarks cannot report figures for failing work.
func TestHarness(t *testing.T) {
	c := openCity(t)
	for _, sc := range c.scopes() {
		if err := c.stats(sc); err != nil {
			t.Errorf("stats %s: %v", sc.name, err)
		}
		if err := c.clients(t, sc.user, 1, false)[0].get(dashboardPath(sc.orgID)); err != nil {
			t.Errorf("dashboard %s: %v", sc.name, err)
		}
	}
	members, err := c.memberIDs(c.district.Path, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.changeMember(members[0]); err != nil {
		t.Errorf("member write: %v", err)
	}
	if err := c.failLogin(&http.Client{Transport: c.http}); err != nil {
		t.Error(err)
	}
	ids, err := c.sampleIDs(20)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if err := c.lookup(id); err != nil {
			t.Error(err)
		}
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for _, kind := range listKinds {
		cl := c.clients(t, c.cadre, 1, kind.api)[0]
		for range 8 {
			if err := cl.get(kind.path + c.listQuery(rng)); err != nil {
				t.Errorf("member list %s: %v", kind.name, err)
			}
		}
	}
	n, err := c.exportDistrict(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	_, total, err := c.st.ListMembers(ctx, actor(c.cadre), gonghui.MemberFilter{OrgID: c.district.ID})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 || n != total {
		t.Errorf("export of %s: %d rows, the list counts %d", c.district.Code, n, total)
	}
	t.Logf("%s: %d unions with members, %d active members", c.district.Code, len(c.unions), total)
}
