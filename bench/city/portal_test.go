package citybench

import (
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
)

// The member portal under load: members spread over the city, each with
// a portal account (activated with a code the union issued and their ID
// number, the benchmark password set), logging in and looking at their
// pages at once.

const (
	// portalAccounts is how many members have an account the benchmarks
	// log in as.
	portalAccounts = 256
	// portalClients is the number of concurrent members (target p95 ≤
	// 100 ms for logins and the home page).
	portalClients = 64
	// benchAddr is the client address the setup's store calls give.
	benchAddr = "127.0.0.1"
)

// portalVisit is one member's visit in the mix, a request a step: log
// in, look at the home page, the card, the surveys, the home page again,
// and log out.
var portalVisit = []string{"login", "/portal/", "/portal/card", "/portal/surveys", "/portal/", "logout"}

var (
	portalOnce    sync.Once
	portalMembers []sampledMember
	portalErr     error
)

// portalAccountsOf returns the members with a portal account, setting
// the accounts up once per process.
func (c *city) portalAccountsOf(tb testing.TB) []sampledMember {
	tb.Helper()
	portalOnce.Do(func() { portalMembers, portalErr = c.setupPortal(portalAccounts) })
	if portalErr != nil {
		tb.Fatal(portalErr)
	}
	return portalMembers
}

// setupPortal gives n members sampled over the city (one membership a
// person) a portal account with the benchmark password, as a member
// does it: a code issued by their union, activation with the code and
// their ID number, then the password. A member whose account has a
// password already is taken as it is, so a second run writes nothing but
// the end of sessions an interrupted run left open.
func (c *city) setupPortal(n int) ([]sampledMember, error) {
	sample, err := c.sampleActive(2 * n)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var out []sampledMember
	for _, m := range sample {
		if len(out) == n {
			break
		}
		if seen[m.person] {
			continue
		}
		seen[m.person] = true
		if err := c.ensurePortalAccount(m); err != nil {
			return nil, fmt.Errorf("portal account of membership %d: %w", m.membership, err)
		}
		out = append(out, m)
	}
	if len(out) < n {
		return nil, fmt.Errorf("%d members with a portal account, want %d: is the city imported?", len(out), n)
	}
	return out, nil
}

// ensurePortalAccount activates the member's account and sets the
// benchmark password, unless the account has a password already; either
// way the account is left with no session.
func (c *city) ensurePortalAccount(m sampledMember) error {
	st := c.st
	var hash string
	err := st.DB().QueryRowContext(ctx, st.Rebind(`SELECT password_hash FROM member_accounts WHERE person_id = ?`), m.person).Scan(&hash)
	switch {
	case err == nil && hash != "":
		_, err := st.DB().ExecContext(ctx, st.Rebind(`DELETE FROM member_sessions WHERE account_id = (SELECT id FROM member_accounts WHERE person_id = ?)`), m.person)
		return err
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return err
	}
	codes, err := st.IssueActivationCodes(ctx, gonghui.SystemActor("bench"), store.PortalCodeRequest{MemberID: m.membership})
	if err != nil {
		return err
	}
	if len(codes) != 1 {
		return fmt.Errorf("%d activation codes issued, want 1", len(codes))
	}
	acct, token, err := st.Activate(ctx, codes[0].Code, m.idNumber, benchAddr, "")
	if err != nil {
		return err
	}
	if err := st.SetPortalPassword(ctx, acct, "", benchPassword, token, benchAddr); err != nil {
		return err
	}
	return st.PortalLogout(ctx, acct, token, benchAddr)
}

// portalLogin logs the member in through the portal's login form, by ID
// number, and returns their client holding the new session.
func (c *city) portalLogin(m sampledMember) (*client, error) {
	return c.formLogin("/portal/login", url.Values{"login": {m.idNumber}, "password": {benchPassword}}, "/portal/")
}

// portalLogout ends the client's portal session through the logout form.
func (cl *client) portalLogout() error {
	res, err := cl.http.PostForm(cl.c.srv.URL+"/portal/logout", nil)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("POST /portal/logout: status %d", res.StatusCode)
	}
	return nil
}

// logoutAll ends the sessions of the clients (nil ones are skipped), so
// that runs leave no sessions behind.
func logoutAll(tb testing.TB, clients []*client) {
	tb.Helper()
	for _, cl := range clients {
		if cl == nil {
			continue
		}
		if err := cl.portalLogout(); err != nil {
			tb.Error(err)
			return
		}
	}
}

// BenchmarkPortal: portalClients members at once on the portal over HTTP,
// each case with its p50, p95 and p99 (ms) and requests a second:
//
//   - login/1 and login/64: POST /portal/login by one client at a time
//     (what a login costs) and by portalClients at once, a new session
//     each time (an argon2id check each), with the Go heap's peak;
//   - home/1 and home/64: GET /portal/ with a live session, the members
//     taken in turn;
//   - mix: visits (portalVisit) of one request a step, the clients at
//     different steps, with the p95 of the logins and of the other
//     requests apart;
//   - paced: the mix at a member's pace, each client reading 1–3 s
//     before each request (run it with a -benchtime of 30s or more: it
//     makes some 32 requests a second).
func BenchmarkPortal(b *testing.B) {
	c := openCity(b)
	members := c.portalAccountsOf(b)
	for _, clients := range []int{1, portalClients} {
		b.Run("login/"+strconv.Itoa(clients), func(b *testing.B) {
			sessions := make([]*client, b.N)
			defer logoutAll(b, sessions)
			stop := watchHeap()
			elapsed := measure(b, clients, func(_, i int) error {
				var err error
				sessions[i], err = c.portalLogin(members[i%len(members)])
				return err
			}, 50, 95, 99)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
			b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MiB")
		})
	}

	sessions := make([]*client, len(members))
	defer logoutAll(b, sessions)
	for i, m := range members {
		var err error
		if sessions[i], err = c.portalLogin(m); err != nil {
			b.Fatal(err)
		}
	}
	for _, clients := range []int{1, portalClients} {
		b.Run("home/"+strconv.Itoa(clients), func(b *testing.B) {
			elapsed := measure(b, clients, func(_, i int) error { return sessions[i%len(sessions)].get("/portal/") }, 50, 95, 99)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
		})
	}

	visitors, err := c.portalVisitors(members)
	defer func() {
		for _, v := range visitors {
			logoutAll(b, []*client{v.client})
		}
	}()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("mix", func(b *testing.B) { c.visitRound(b, visitors, members, nil) })
	// A member's pace: each client reads its page for 1–3 s before the
	// next request, as 64 members on their phones at once would.
	b.Run("paced", func(b *testing.B) {
		readers := make([]*rand.Rand, portalClients)
		for w := range readers {
			readers[w] = rand.New(rand.NewPCG(uint64(w), 18))
		}
		c.visitRound(b, visitors, members, func(w int) time.Duration {
			return time.Second + time.Duration(readers[w].Int64N(int64(2*time.Second)))
		})
	})
}

// visitRound runs b.N requests of the visitors' visits, each worker
// waiting think(w) before each (none when think is nil), and reports the
// requests' p50, p95 and p99 (without the waits), requests a second, and
// the logins' and the other requests' p95 apart.
func (c *city) visitRound(b *testing.B, visitors []portalVisitor, members []sampledMember, think func(w int) time.Duration) {
	all, logins, pages := make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N)
	var mu sync.Mutex
	elapsed := measure(b, portalClients, func(w, _ int) error {
		if think != nil {
			time.Sleep(think(w))
		}
		v := &visitors[w]
		step := portalVisit[v.step]
		t := time.Now()
		if err := v.next(c, members, w); err != nil {
			return err
		}
		d := time.Since(t)
		mu.Lock()
		all = append(all, d)
		if step == "login" {
			logins = append(logins, d)
		} else {
			pages = append(pages, d)
		}
		mu.Unlock()
		return nil
	})
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	reportPercentiles(b, "", all, 50, 95, 99)
	reportPercentiles(b, "login-", logins, 95)
	reportPercentiles(b, "page-", pages, 95)
	b.ReportMetric(float64(len(logins)), "logins")
}

// portalVisitor is one client of the mix: where it is in its visit, the
// visits it has made and the session of the current one.
type portalVisitor struct {
	step, visits int
	client       *client
}

// portalVisitors are the mix's clients, each logged in (untimed) and in
// the middle of its first visit, a step further than the one before: the
// mix starts as it goes on, not with every client logging in at once.
// They keep their place from one run of the mix to the next.
func (c *city) portalVisitors(members []sampledMember) ([]portalVisitor, error) {
	out := make([]portalVisitor, portalClients)
	for w := range out {
		out[w].step = 1 + w%(len(portalVisit)-1)
		var err error
		if out[w].client, err = c.portalLogin(members[w%len(members)]); err != nil {
			return out, err
		}
	}
	return out, nil
}

// next makes the visitor's next request; worker w's visits are of the
// members w, w+portalClients, w+2·portalClients … in turn.
func (v *portalVisitor) next(c *city, members []sampledMember, w int) error {
	var err error
	switch step := portalVisit[v.step]; step {
	case "login":
		v.client, err = c.portalLogin(members[(w+v.visits*portalClients)%len(members)])
	case "logout":
		err = v.client.portalLogout()
		v.client = nil
		v.visits++
	default:
		err = v.client.get(step)
	}
	v.step = (v.step + 1) % len(portalVisit)
	return err
}

// TestPortalHarness checks the portal benchmarks ask right questions:
// each member logs in to their own home, the mix's pages answer, and a
// logout ends the session, so that runs leave none behind.
func TestPortalHarness(t *testing.T) {
	c := openCity(t)
	members := c.portalAccountsOf(t)
	for _, m := range members[:8] {
		want, err := c.st.GetMember(ctx, gonghui.SystemActor("bench"), m.membership, false)
		if err != nil {
			t.Fatal(err)
		}
		cl, err := c.portalLogin(m)
		if err != nil {
			t.Fatal(err)
		}
		var home strings.Builder
		if err := cl.fetch("/portal/", &home); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(home.String(), want.Name) || !strings.Contains(home.String(), want.OrgName) {
			t.Errorf("membership %d: the home page does not name the member and their union", m.membership)
		}
		for _, step := range portalVisit[1 : len(portalVisit)-1] {
			if err := cl.get(step); err != nil {
				t.Error(err)
			}
		}
		if err := cl.portalLogout(); err != nil {
			t.Fatal(err)
		}
		if err := cl.get("/portal/"); err == nil {
			t.Errorf("membership %d: the home page answers after the logout", m.membership)
		}
	}
	var open int
	if err := c.st.DB().QueryRowContext(ctx, `SELECT count(*) FROM member_sessions`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d portal accounts; %d member sessions open", len(members), open)
}
