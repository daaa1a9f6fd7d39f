package citybench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"gonghui"
)

// The member-list matrix: for each scope (a district cadre, a street
// cadre, the cadre of a small grassroots union), each kind of query and
// the first or a deep page, 32 clients of that cadre ask the JSON API at
// once. A deep page is reached as a client reaches it, by following the
// list's "next" cursors (half-way through the scope's matches); a server
// without cursors is asked for that page by number.

// matrixScope is one cadre's view of the register.
type matrixScope struct {
	name string
	org  gonghui.Org
	user gonghui.User
	// samples are members of the scope the exact queries and the full
	// names are drawn from.
	samples []gonghui.Member
}

// matrixQuery is one kind of query of the member list.
type matrixQuery struct {
	name string
	// values gives the query strings of the kind in a scope; "" is the
	// unfiltered list.
	values func(sc matrixScope) []string
	// deep says whether a deep page is measured: exact queries find one
	// member.
	deep bool
}

var matrixQueries = []matrixQuery{
	{"all", func(matrixScope) []string { return []string{""} }, true},
	{"surname", func(matrixScope) []string { return surnames }, true},
	{"fullname", func(sc matrixScope) []string { return sampled(sc, func(m gonghui.Member) string { return m.Name }) }, true},
	{"initials", func(matrixScope) []string { return initials }, true},
	{"id", func(sc matrixScope) []string { return sampled(sc, func(m gonghui.Member) string { return m.IDNumber }) }, false},
	{"phone", func(sc matrixScope) []string { return sampled(sc, func(m gonghui.Member) string { return m.Phone }) }, false},
	{"card", func(sc matrixScope) []string { return sampled(sc, func(m gonghui.Member) string { return m.CardNo }) }, false},
}

// sampled is a field of the scope's sampled members, the empty ones left
// out.
func sampled(sc matrixScope, field func(gonghui.Member) string) []string {
	var out []string
	for _, m := range sc.samples {
		if v := field(m); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// matrixPageSize is the page the matrix asks for (the UI's default).
const matrixPageSize = 50

// listAnswer is the part of the API's member list the matrix reads.
type listAnswer struct {
	Items []json.RawMessage `json:"items"`
	Total int               `json:"total"`
	Next  string            `json:"next"`
}

// getList fetches one page of the JSON member list.
func (cl *client) getList(q url.Values) (listAnswer, error) {
	var a listAnswer
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cl.c.srv.URL+"/api/v1/members?"+q.Encode(), nil)
	if err != nil {
		return a, err
	}
	req.Header.Set("Authorization", "Bearer "+cl.token)
	res, err := cl.http.Do(req)
	if err != nil {
		return a, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return a, fmt.Errorf("GET members?%s: status %d", q.Encode(), res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
		return a, err
	}
	// Read to the end, so that the connection is kept for the next
	// request rather than closed (a new connection each request is a cost
	// the server's clients do not pay).
	_, err = io.Copy(io.Discard, res.Body)
	return a, err
}

// matrixScopes are the three cadres of the matrix.
func (c *city) matrixScopes() ([]matrixScope, error) {
	out := []matrixScope{{name: "district", org: c.district, user: c.cadre}}
	street, small, err := c.streetAndSmallUnion()
	if err != nil {
		return nil, err
	}
	for _, s := range []struct {
		name  string
		orgID int64
	}{{"street", street}, {"union", small}} {
		o, err := c.st.GetOrg(ctx, gonghui.SystemActor("bench"), s.orgID)
		if err != nil {
			return nil, err
		}
		u, err := ensureUser(c.st, "bench-cadre-"+o.Code, o.ID, gonghui.RoleCadre)
		if err != nil {
			return nil, err
		}
		out = append(out, matrixScope{name: s.name, org: o, user: u})
	}
	for i := range out {
		if out[i].samples, err = c.sampleMembers(out[i].org, 40); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// streetAndSmallUnion picks, in the district, the street federation with
// the most members below it and the grassroots union whose membership is
// nearest 100.
func (c *city) streetAndSmallUnion() (street, small int64, err error) {
	db := c.st.DB()
	// By the search keys each membership keeps (its district and street
	// ancestors): a read of the district's memberships, not a join of
	// every street with its subtree.
	err = db.QueryRowContext(ctx, c.st.Rebind(`SELECT m.scope2_id FROM memberships m JOIN orgs s ON s.id = m.scope2_id
		WHERE m.status = 'active' AND m.scope1_id = ? AND s.kind = 'street_federation'
		GROUP BY m.scope2_id ORDER BY count(*) DESC, m.scope2_id LIMIT 1`), c.district.ID).Scan(&street)
	if err != nil {
		return 0, 0, fmt.Errorf("the district's largest street: %w", err)
	}
	err = db.QueryRowContext(ctx, c.st.Rebind(`SELECT m.org_id FROM memberships m JOIN orgs o ON o.id = m.org_id
		WHERE m.status = 'active' AND m.scope1_id = ? AND o.kind = 'grassroots'
		GROUP BY m.org_id ORDER BY abs(count(*) - 100), m.org_id LIMIT 1`), c.district.ID).Scan(&small)
	if err != nil {
		return 0, 0, fmt.Errorf("the district's small union: %w", err)
	}
	return street, small, nil
}

// sampleMembers reads up to n active members of the org's subtree with
// their ID numbers and phones opened, spread over its memberships.
func (c *city) sampleMembers(o gonghui.Org, n int) ([]gonghui.Member, error) {
	lo, hi := gonghui.PathRange(o.Path)
	rows, err := c.st.DB().QueryContext(ctx, c.st.Rebind(`SELECT m.id FROM memberships m JOIN orgs o ON o.id = m.org_id
		WHERE o.path >= ? AND o.path < ? AND m.status = 'active' LIMIT 5000`), lo, hi)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(3, uint64(o.ID)))
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	var out []gonghui.Member
	for _, id := range ids[:min(n, len(ids))] {
		m, err := c.st.GetMember(ctx, gonghui.SystemActor("bench"), id, true)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, errors.New(o.Code + " holds no active members")
	}
	return out, nil
}

// matrixCell is one measured combination: the requests its clients make
// in turn.
type matrixCell struct {
	name     string
	requests []url.Values
}

// deepPageOf is the request of the page half-way through a query's
// matches, reached by following "next" in pages of 500; ok is false when
// the matches fill no second page.
func (cl *client) deepPageOf(q url.Values) (url.Values, bool, error) {
	walk := cloneValues(q)
	walk.Set("limit", "500")
	first, err := cl.getList(walk)
	if err != nil {
		return nil, false, err
	}
	if first.Total <= matrixPageSize {
		return nil, false, nil
	}
	deep := cloneValues(q)
	if first.Next == "" && len(first.Items) == 500 {
		// A server that pages by number only.
		deep.Set("page", strconv.Itoa(first.Total/2/matrixPageSize+1))
		return deep, true, nil
	}
	// Half the matches (those a capped total shows at least), by cursor.
	seen, next := len(first.Items), first.Next
	for seen < first.Total/2 && next != "" {
		walk.Set("after", next)
		a, err := cl.getList(walk)
		if err != nil {
			return nil, false, err
		}
		if len(a.Items) == 0 {
			break
		}
		seen, next = seen+len(a.Items), a.Next
	}
	if next == "" {
		return nil, false, nil
	}
	deep.Set("after", next)
	return deep, true, nil
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// matrixCells builds the cells of one scope.
func (c *city) matrixCells(sc matrixScope, cl *client) ([]matrixCell, error) {
	var cells []matrixCell
	for _, mq := range matrixQueries {
		first := matrixCell{name: sc.name + "/" + mq.name + "/first"}
		deep := matrixCell{name: sc.name + "/" + mq.name + "/deep"}
		for _, v := range mq.values(sc) {
			q := url.Values{"limit": {strconv.Itoa(matrixPageSize)}}
			if v != "" {
				q.Set("q", v)
			}
			first.requests = append(first.requests, q)
			if !mq.deep {
				continue
			}
			d, ok, err := cl.deepPageOf(q)
			if err != nil {
				return nil, err
			}
			if ok {
				deep.requests = append(deep.requests, d)
			}
		}
		for _, cell := range []matrixCell{first, deep} {
			if len(cell.requests) > 0 {
				cells = append(cells, cell)
			}
		}
	}
	return cells, nil
}

// BenchmarkMemberMatrix: the member list's matrix of scopes, queries and
// pages, each cell 32 clients of the scope's cadre on /api/v1/members
// (target p95 ≤ 50 ms), with the throughput in requests per second.
func BenchmarkMemberMatrix(b *testing.B) {
	c := openCity(b)
	scopes, err := c.matrixScopes()
	if err != nil {
		b.Fatal(err)
	}
	for _, sc := range scopes {
		clients := c.clients(b, sc.user, listClients, true)
		cells, err := c.matrixCells(sc, clients[0])
		if err != nil {
			b.Fatal(err)
		}
		for _, cell := range cells {
			b.Run(cell.name, func(b *testing.B) {
				// The answer is read, not parsed: the clients share the
				// server's cores, and decoding its JSON is their cost.
				elapsed := measure(b, listClients, func(w, i int) error {
					return clients[w].get("/api/v1/members?" + cell.requests[i%len(cell.requests)].Encode())
				}, 50, 95)
				b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
			})
		}
	}
}

// TestMatrixAnswers checks the matrix asks right questions: an exact
// query finds its member, in the scope of that member's cadre.
func TestMatrixAnswers(t *testing.T) {
	c := openCity(t)
	scopes, err := c.matrixScopes()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range scopes {
		cl := c.clients(t, sc.user, 1, true)[0]
		for _, mq := range matrixQueries {
			for _, v := range mq.values(sc) {
				a, err := cl.getList(url.Values{"q": {v}})
				if err != nil {
					t.Fatalf("%s %s: %v", sc.name, mq.name, err)
				}
				if len(a.Items) == 0 {
					t.Logf("%s %s %q: no match", sc.name, mq.name, v)
				}
				if !mq.deep && len(a.Items) != 1 {
					t.Errorf("%s %s: %d members found, want 1", sc.name, mq.name, len(a.Items))
				}
			}
		}
	}
}
