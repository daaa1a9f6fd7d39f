package citybench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/httpserver"
	"gonghui/internal/pii"
	"gonghui/internal/store"
)

// Environment variables that point the benchmarks at a loaded city.
const (
	envDB       = "GONGHUI_BENCH_DB"
	envDistrict = "GONGHUI_BENCH_DISTRICT"
)

// benchDate is the day the 2017 figures are counted on.
const benchDate = "2017-09-30"

// benchPassword is the password of the accounts the benchmarks create.
const benchPassword = "bench-password-2017"

var ctx = context.Background()

// city is the loaded database with a server over it, opened once per
// process and shared by every benchmark.
type city struct {
	st       *store.Store
	keys     *pii.Keys
	srv      *httptest.Server
	http     *http.Transport
	root     gonghui.Org
	district gonghui.Org
	// unions are the district's unions that hold members: the targets of
	// the list's per-union filter.
	unions []int64
	// cityUser reads the whole tree; cadre is a district cadre.
	cityUser, cadre gonghui.User
}

var (
	cityOnce sync.Once
	theCity  *city
	cityErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if theCity != nil {
		theCity.srv.Close()
		theCity.st.Close()
	}
	os.Exit(code)
}

// openCity returns the shared city, or skips when none is configured:
// these benchmarks run only when asked for, never in CI.
func openCity(tb testing.TB) *city {
	tb.Helper()
	dsn := os.Getenv(envDB)
	if dsn == "" {
		tb.Skipf("%s not set: the city benchmarks need a loaded database (see bench/city/run.sh)", envDB)
	}
	cityOnce.Do(func() { theCity, cityErr = loadCity(dsn) })
	if cityErr != nil {
		tb.Fatal(cityErr)
	}
	return theCity
}

func loadCity(dsn string) (*city, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	c := &city{st: st}
	if err := c.setup(); err != nil {
		st.Close()
		return nil, err
	}
	return c, nil
}

func (c *city) setup() error {
	st := c.st
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	// The key as the command line finds it: GONGHUI_KEY, else DB.key
	// beside a SQLite database; never a new one.
	keyFile := ""
	if st.Engine() == store.SQLite {
		keyFile = st.Path + ".key"
	}
	k, _, err := pii.Load(keyFile, false)
	if err != nil {
		return fmt.Errorf("personal-data key: %w", err)
	}
	st.SetKeys(k)
	c.keys = k
	sys := gonghui.SystemActor("bench")
	if c.root, err = st.RootOrg(ctx, sys); err != nil {
		return err
	}
	code := os.Getenv(envDistrict)
	if code == "" {
		code = "BJ05"
	}
	if c.district, err = st.GetOrgByCode(ctx, sys, code); err != nil {
		return fmt.Errorf("district %s: %w", code, err)
	}
	if c.unions, err = c.unionsWithMembers(); err != nil {
		return err
	}
	if len(c.unions) == 0 {
		return fmt.Errorf("district %s holds no members: is the city imported?", code)
	}
	if c.cityUser, err = ensureUser(st, "bench-city-viewer", c.root.ID, gonghui.RoleViewer); err != nil {
		return err
	}
	if c.cadre, err = ensureUser(st, "bench-cadre-"+code, c.district.ID, gonghui.RoleCadre); err != nil {
		return err
	}
	srv, err := httpserver.New(st, httpserver.Options{InsecureCookies: true, LoginLimit: 1 << 20,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	c.srv = httptest.NewServer(srv.Handler())
	// Enough idle connections for every concurrent client: the default
	// two per host would make the load generator reconnect all the time.
	c.http = &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}
	return nil
}

// unionsWithMembers lists the unions in the district's subtree that have
// at least one membership.
func (c *city) unionsWithMembers() ([]int64, error) {
	rows, err := c.st.DB().QueryContext(ctx, c.st.Rebind(`SELECT o.id FROM orgs o
		WHERE o.path LIKE ? AND EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = o.id AND m.status = 'active')
		ORDER BY o.id`), c.district.Path+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ensureUser returns the benchmark account, creating it on the first run.
func ensureUser(st *store.Store, username string, orgID int64, role gonghui.Role) (gonghui.User, error) {
	sys := gonghui.SystemActor("bench")
	u, err := st.GetUserByName(ctx, sys, username)
	if errors.Is(err, gonghui.ErrNotFound) {
		return st.CreateUser(ctx, sys, gonghui.UserInput{Username: username, DisplayName: username, OrgID: orgID, Role: role, Password: benchPassword})
	}
	return u, err
}

// actor is what the store sees for a request by u.
func actor(u gonghui.User) gonghui.Actor { return store.ActorFor(u, "127.0.0.1") }

// client is one HTTP client of the load: a session (UI pages) or an API
// token.
type client struct {
	c     *city
	http  *http.Client
	token string
}

// session logs u in through the login form, as a browser does.
func (c *city) session(u gonghui.User) (*client, error) {
	return c.formLogin("/login", url.Values{"username": {u.Username}, "password": {benchPassword}}, "")
}

// formLogin posts a login form to path and returns the client holding
// the session cookie it set: the answer must be a redirect (to next,
// when given).
func (c *city) formLogin(path string, form url.Values, next string) (*client, error) {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Transport: c.http, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.PostForm(c.srv.URL+path, form)
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || next != "" && res.Header.Get("Location") != next {
		return nil, fmt.Errorf("POST %s: status %d, to %q", path, res.StatusCode, res.Header.Get("Location"))
	}
	return &client{c: c, http: hc}, nil
}

// apiClient holds a fresh API token of u.
func (c *city) apiClient(u gonghui.User) (*client, error) {
	tok, err := c.st.CreateToken(ctx, gonghui.SystemActor("bench"), u.ID, "bench")
	if err != nil {
		return nil, err
	}
	return &client{c: c, http: &http.Client{Transport: c.http}, token: tok}, nil
}

// get fetches path and reads the whole answer, which must be 200 OK.
func (cl *client) get(path string) error { return cl.fetch(path, io.Discard) }

// fetch gets path and copies the answer, which must be 200 OK, to into.
func (cl *client) fetch(path string, into io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cl.c.srv.URL+path, nil)
	if err != nil {
		return err
	}
	if cl.token != "" {
		req.Header.Set("Authorization", "Bearer "+cl.token)
	}
	res, err := cl.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(into, res.Body); err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", path, res.StatusCode)
	}
	return nil
}

// clients returns n logged-in clients of u (n API clients when api).
func (c *city) clients(tb testing.TB, u gonghui.User, n int, api bool) []*client {
	tb.Helper()
	out := make([]*client, n)
	for i := range out {
		var err error
		if api {
			out[i], err = c.apiClient(u)
		} else {
			out[i], err = c.session(u)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// sampleIDs returns up to n ID numbers of active members, chosen at random
// by membership and opened with the key, as a reveal would.
func (c *city) sampleIDs(n int) ([]string, error) {
	sample, err := c.sampleActive(n)
	out := make([]string, len(sample))
	for i, m := range sample {
		out[i] = m.idNumber
	}
	return out, err
}

// sampledMember is an active membership with its person and the
// person's ID number.
type sampledMember struct {
	membership, person int64
	idNumber           string
}

// sampleActive returns up to n active memberships chosen at random (the
// same ones on every run over the same database), each person's ID number
// opened with the key.
func (c *city) sampleActive(n int) ([]sampledMember, error) {
	db := c.st.DB()
	var maxID int64
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM memberships`).Scan(&maxID); err != nil {
		return nil, err
	}
	q := c.st.Rebind(`SELECT p.id, p.id_sealed, p.id_index FROM memberships m JOIN persons p ON p.id = m.person_id WHERE m.id = ? AND m.status = 'active'`)
	rng := rand.New(rand.NewPCG(1, 2))
	var out []sampledMember
	for tries := 0; len(out) < n && tries < 4*n && maxID > 0; tries++ {
		m := sampledMember{membership: 1 + rng.Int64N(maxID)}
		var sealed, index []byte
		err := db.QueryRowContext(ctx, q, m.membership).Scan(&m.person, &sealed, &index)
		if err != nil {
			continue // a gap in the IDs, or a member who left
		}
		if m.idNumber, err = c.keys.Open(sealed, store.PersonIDBinding(index)); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, errors.New("no active member found")
	}
	return out, nil
}

// measure runs b.N operations on the given number of concurrent workers,
// timing each, reports the latency percentiles (ms) and returns the wall
// time of the whole run. Operation i runs exactly once, on worker w.
func measure(b *testing.B, workers int, op func(w, i int) error, percentiles ...float64) time.Duration {
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var failure atomic.Pointer[error]
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for w := range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= b.N || failure.Load() != nil {
					return
				}
				t := time.Now()
				if err := op(w, i); err != nil {
					failure.CompareAndSwap(nil, &err)
					return
				}
				lat[i] = time.Since(t)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err := failure.Load(); err != nil {
		b.Fatal(*err)
	}
	reportPercentiles(b, "", lat, percentiles...)
	return elapsed
}

// reportPercentiles sorts the latencies and reports the percentiles
// (ms), each named prefix+"pP-ms".
func reportPercentiles(b *testing.B, prefix string, lat []time.Duration, percentiles ...float64) {
	slices.Sort(lat)
	for _, p := range percentiles {
		b.ReportMetric(ms(percentile(lat, p)), prefix+"p"+strconv.FormatFloat(p, 'f', -1, 64)+"-ms")
	}
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
