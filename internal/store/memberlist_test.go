package store_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// searchWorld is a small city to search in: two districts, a street with
// two grassroots unions, a regional federation below the street (a
// scope deeper than the street level) with a union of its own, and
// unions straight under the second district.
type searchWorld struct {
	f                              fixture
	regional, deep, hd1, hdSt, hd2 gonghui.Org
	members                        []gonghui.Member
	queries                        []string
	// The exact searches of each membership.
	phoneOf, cardOf, idNumbers map[int64]string
}

var searchNames = []string{"王伟", "王芳", "王伟", "王小明", "李娜", "李伟", "张伟", "张三丰", "赵六", "Wang Li", "欧阳娜娜", "王"}

func newSearchWorld(t *testing.T, s *store.Store) *searchWorld {
	t.Helper()
	w := &searchWorld{f: newFixture(t, s), phoneOf: map[int64]string{}, cardOf: map[int64]string{}, idNumbers: map[int64]string{}}
	f := w.f
	w.regional = mustOrg(t, s, gonghui.OrgInput{Name: "建外商务区工会联合会", Kind: gonghui.KindRegionalFederation, ParentID: f.street.ID})
	w.deep = mustOrg(t, s, gonghui.OrgInput{Name: "商务区一号楼工会", Kind: gonghui.KindGrassroots, ParentID: w.regional.ID})
	w.hd1 = mustOrg(t, s, gonghui.OrgInput{Name: "海淀示例公司工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
	w.hdSt = mustOrg(t, s, gonghui.OrgInput{Name: "中关村街道总工会", Kind: gonghui.KindStreetFederation, ParentID: f.haidian.ID})
	w.hd2 = mustOrg(t, s, gonghui.OrgInput{Name: "中关村示例公司工会", Kind: gonghui.KindGrassroots, ParentID: w.hdSt.ID})
	unions := []gonghui.Org{f.g1, f.joint, w.deep, w.hd1, w.hd2, f.street}
	n := 0
	for i, name := range searchNames {
		for j := range 2 {
			n++
			o := unions[(i+j)%len(unions)]
			in := memberIn(o, name, storetest.CitizenID("110105", "19800101", n))
			in.Phone = fmt.Sprintf("1390000%04d", n)
			if n%3 == 0 {
				in.CardNo = fmt.Sprintf("K-%04d", n)
			}
			m := mustMember(t, s, in)
			w.members = append(w.members, m)
			w.phoneOf[m.ID], w.cardOf[m.ID], w.idNumbers[m.ID] = in.Phone, strings.ToUpper(in.CardNo), in.IDNumber
		}
	}
	w.queries = []string{"", "王", "王伟", "李", "wang", "wl", "w", "zs", "oy", "Wang Li", "欧阳", "无此人"}
	return w
}

// orgs are the scopes the world is searched in.
func (w *searchWorld) orgs(t *testing.T, s *store.Store) []gonghui.Org {
	t.Helper()
	var out []gonghui.Org
	for _, o := range []gonghui.Org{w.f.root, w.f.chaoyang, w.f.street, w.f.g1, w.f.joint, w.regional, w.deep, w.f.haidian, w.hd1, w.hdSt, w.hd2} {
		cur, err := s.GetOrg(ctx, sys, o.ID) // paths change as unions move
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cur)
	}
	return out
}

// want is the plain answer of a search in a scope: the canonical columns
// (the union's path, the person's name and initials), in the list's
// order, none of the search keys.
func want(t *testing.T, s *store.Store, scope gonghui.Org, q string) []int64 {
	t.Helper()
	lo, hi := gonghui.PathRange(scope.Path)
	cond, order, args := "", "o.path, m.id", []any{lo, hi}
	switch {
	case q == "":
	case strings.IndexFunc(q, func(r rune) bool { return r >= 0x80 }) >= 0:
		cond, order = " AND p.name >= ? AND p.name < ?", "p.name, m.id"
		args = append(args, q, q+"\U0010FFFF")
	default:
		lq := strings.ToLower(q)
		cond, order = " AND p.name_initials >= ? AND p.name_initials < ?", "p.name_initials, p.name, m.id"
		args = append(args, lq, lq+"\x7f")
	}
	rows, err := s.DB().QueryContext(ctx, s.Rebind(`SELECT m.id FROM memberships m JOIN persons p ON p.id = m.person_id JOIN orgs o ON o.id = m.org_id
		WHERE m.status = 'active' AND o.path >= ? AND o.path < ?`+cond+` ORDER BY `+order), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// walk reads a whole list page by page, forward by "next", and checks
// that walking back by "prev" from the last page gives the same pages.
func walk(t *testing.T, s *store.Store, a gonghui.Actor, f gonghui.MemberFilter, limit int) ([]int64, int) {
	t.Helper()
	f.Limit = limit
	var ids []int64
	var pages [][]int64
	total := -1
	var last store.MemberPage
	for range 1000 {
		pg, err := s.MembersPage(ctx, a, f)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		if total < 0 {
			total = pg.Total
		}
		var page []int64
		for _, m := range pg.Members {
			page = append(page, m.ID)
		}
		pages, ids, last = append(pages, page), append(ids, page...), pg
		if pg.Next == "" {
			break
		}
		f.After = pg.Next
	}
	for i := len(pages) - 2; i >= 0; i-- {
		if last.Prev == "" {
			t.Fatalf("%+v: page %d has no previous page", f, i+2)
		}
		f.After, f.Before = "", last.Prev
		pg, err := s.MembersPage(ctx, a, f)
		if err != nil {
			t.Fatal(err)
		}
		var page []int64
		for _, m := range pg.Members {
			page = append(page, m.ID)
		}
		if !slices.Equal(page, pages[i]) {
			t.Fatalf("%+v: page %d backward %v, forward %v", f, i+1, page, pages[i])
		}
		last = pg
	}
	if len(pages) > 1 && last.Prev != "" {
		t.Errorf("%+v: the first page, reached backward, has a previous page", f)
	}
	return ids, total
}

// walkForward reads a whole list by "next" only, as writes go on.
func walkForward(t *testing.T, s *store.Store, a gonghui.Actor, f gonghui.MemberFilter, limit int) []int64 {
	t.Helper()
	f.Limit = limit
	var ids []int64
	for range 10000 {
		pg, err := s.MembersPage(ctx, a, f)
		if err != nil {
			t.Errorf("%+v: %v", f, err)
			return ids
		}
		for _, m := range pg.Members {
			ids = append(ids, m.ID)
		}
		if pg.Next == "" {
			break
		}
		f.After = pg.Next
	}
	return ids
}

// check compares every scope's every search with the plain answer, as the
// scope's cadre and as the city narrowing to the scope.
func (w *searchWorld) check(t *testing.T, s *store.Store, when string) {
	t.Helper()
	for _, o := range w.orgs(t, s) {
		for _, q := range w.queries {
			exp := want(t, s, o, q)
			for _, how := range []struct {
				a gonghui.Actor
				f gonghui.MemberFilter
			}{{actor(o, gonghui.RoleCadre), gonghui.MemberFilter{Query: q}}, {sys, gonghui.MemberFilter{Query: q, OrgID: o.ID}}} {
				got, total := walk(t, s, how.a, how.f, 2)
				if !slices.Equal(got, exp) {
					t.Errorf("%s: %s %q: %v, want %v", when, o.Name, q, got, exp)
				}
				if total != len(exp) && (o.Path != w.f.root.Path && o.Path != w.f.chaoyang.Path && o.Path != w.f.haidian.Path || q != "") {
					t.Errorf("%s: %s %q: total %d, want %d", when, o.Name, q, total, len(exp))
				}
			}
		}
		// Exact searches find their member in scope only.
		inScope := map[int64]bool{}
		for _, id := range want(t, s, o, "") {
			inScope[id] = true
		}
		for _, m := range w.active(t, s) {
			for _, q := range []string{w.idNumbers[m.ID], w.phoneOf[m.ID], w.cardOf[m.ID]} {
				if q == "" {
					continue
				}
				got, total, err := s.ListMembers(ctx, actor(o, gonghui.RoleViewer), gonghui.MemberFilter{Query: q})
				found := len(got) == 1 && got[0].ID == m.ID && total == 1
				if err != nil || found != inScope[m.ID] || !found && len(got) != 0 {
					t.Errorf("%s: %s, exact %q of member %d: %d found (%v), in scope %v", when, o.Name, q, m.ID, len(got), err, inScope[m.ID])
				}
			}
		}
	}
}

// active are the world's members as they now are (a transfer makes a new
// membership of the same person).
func (w *searchWorld) active(t *testing.T, s *store.Store) []gonghui.Member {
	t.Helper()
	ms, _, err := s.ListMembers(ctx, sys, gonghui.MemberFilter{Page: gonghui.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func TestMemberSearchInScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		w := newSearchWorld(t, s)
		w.check(t, s, "as saved")

		// A new name moves the member in the name indexes of every scope.
		m := w.members[0]
		in := memberIn(w.f.g1, "欧阳明", "")
		in.KeepPhone, in.Version, in.OrgID = true, m.Version, m.OrgID
		if _, err := s.UpdateMember(ctx, sys, m.ID, in); err != nil {
			t.Fatal(err)
		}
		w.check(t, s, "after a rename")

		// A transfer to the other district.
		var moved gonghui.Member
		for _, m := range w.active(t, s) {
			if m.OrgID == w.f.g1.ID {
				moved = m
				break
			}
		}
		tr, err := s.StartTransfer(ctx, actor(w.f.chaoyang, gonghui.RoleCadre), moved.ID, w.hd1.ID, "调动")
		if err != nil {
			t.Fatal(err)
		}
		tr, err = s.DecideTransfer(ctx, actor(w.f.haidian, gonghui.RoleCadre), tr.ID, gonghui.TransferAccepted, "")
		if err != nil || tr.NewMemberID == 0 {
			t.Fatalf("accept: %+v %v", tr, err)
		}
		w.idNumbers[tr.NewMemberID], w.phoneOf[tr.NewMemberID], w.cardOf[tr.NewMemberID] = w.idNumbers[moved.ID], w.phoneOf[moved.ID], w.cardOf[moved.ID]
		w.check(t, s, "after a transfer")

		// The street moves to the other district with its unions and the
		// federation below it; then the federation moves up to the
		// district (a street-level scope of its own).
		if _, err := s.MoveOrg(ctx, sys, w.f.street.ID, w.f.haidian.ID); err != nil {
			t.Fatal(err)
		}
		w.check(t, s, "after the street moved")
		if _, err := s.MoveOrg(ctx, sys, w.regional.ID, w.f.haidian.ID); err != nil {
			t.Fatal(err)
		}
		w.check(t, s, "after the federation moved")

		// A member who leaves is listed among those who left only.
		left := w.active(t, s)[0]
		if _, err := s.EndMembership(ctx, sys, left.ID, gonghui.MemberLeft, today, "退休"); err != nil {
			t.Fatal(err)
		}
		w.check(t, s, "after leaving")
		if got, _, err := s.ListMembers(ctx, sys, gonghui.MemberFilter{Status: gonghui.MemberLeft, Query: left.Name}); err != nil || len(got) != 1 || got[0].ID != left.ID {
			t.Errorf("left members named %s: %+v %v", left.Name, got, err)
		}
	})
}

// TestMemberPagesUnderInserts walks the lists by cursor while members are
// added: no member is seen twice, none of those kept before the walk is
// missed, and the rows come in the list's order.
func TestMemberPagesUnderInserts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		w := newSearchWorld(t, s)
		for qi, q := range []string{"", "王", "w"} {
			before := want(t, s, w.f.chaoyang, q)
			var wg sync.WaitGroup
			stop := make(chan struct{})
			wg.Go(func() {
				for i := range 300 {
					select {
					case <-stop:
						return
					default:
					}
					o := []gonghui.Org{w.f.g1, w.f.joint, w.deep}[i%3]
					in := memberIn(o, []string{"王一", "吴二", "李三", "万四"}[i%4], storetest.CitizenID("110105", fmt.Sprintf("1990%02d01", qi+1), i))
					if _, _, err := s.SaveMember(ctx, sys, in); err != nil {
						t.Error(err)
						return
					}
				}
			})
			got := walkForward(t, s, actor(w.f.chaoyang, gonghui.RoleCadre), gonghui.MemberFilter{Query: q}, 3)
			close(stop)
			wg.Wait()
			seen := map[int64]bool{}
			for _, id := range got {
				if seen[id] {
					t.Errorf("%q: member %d seen twice", q, id)
				}
				seen[id] = true
			}
			for _, id := range before {
				if !seen[id] {
					t.Errorf("%q: member %d, kept before the walk, missed", q, id)
				}
			}
			// The order: the plain answer now, kept to the rows seen.
			var order []int64
			for _, id := range want(t, s, w.f.chaoyang, q) {
				if seen[id] {
					order = append(order, id)
				}
			}
			if !slices.Equal(order, got) {
				t.Errorf("%q: pages %v, in order %v", q, got, order)
			}
		}
	})
}

// TestMemberCursorsRefused: page tokens that are not the list's own, and
// jumps past the first pages, are refused with the field named.
func TestMemberCursorsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		w := newSearchWorld(t, s)
		a := actor(w.f.chaoyang, gonghui.RoleCadre)
		pg, err := s.MembersPage(ctx, a, gonghui.MemberFilter{Query: "王", Page: gonghui.Page{Limit: 1}})
		if err != nil || pg.Next == "" {
			t.Fatalf("first page: %+v %v", pg, err)
		}
		cases := []struct {
			f     gonghui.MemberFilter
			field string
		}{
			{gonghui.MemberFilter{Query: "王", After: "not a token"}, "after"},
			{gonghui.MemberFilter{Query: "王", After: "e30"}, "after"},                                       // {}
			{gonghui.MemberFilter{Query: "王", Before: "eyJvIjoibmFtZSJ9"}, "before"},                        // {"o":"name"}
			{gonghui.MemberFilter{Query: "王", After: strings.Repeat("A", 5000)}, "after"},                   // too long
			{gonghui.MemberFilter{Query: "李", After: pg.Next}, "after"},                                     // another search
			{gonghui.MemberFilter{Query: "王", Sort: "-name", After: pg.Next}, "after"},                      // another order
			{gonghui.MemberFilter{Query: "王", OrgID: w.f.street.ID, After: pg.Next}, "after"},               // another scope
			{gonghui.MemberFilter{Query: "王", After: pg.Next, Before: pg.Next}, "before"},                   // both
			{gonghui.MemberFilter{Page: gonghui.Page{Offset: store.MemberJumpRows + 1, Limit: 50}}, "page"}, // past the jumps
		}
		for i, tc := range cases {
			if _, err := s.MembersPage(ctx, a, tc.f); fieldOf(err) != tc.field {
				t.Errorf("case %d: %v, want a field error on %s", i, err, tc.field)
			}
		}
		// A jump within the first pages is the page at that offset.
		all, _ := walk(t, s, a, gonghui.MemberFilter{}, 50)
		jump, err := s.MembersPage(ctx, a, gonghui.MemberFilter{Page: gonghui.Page{Offset: 4, Limit: 3}})
		if err != nil || len(jump.Members) != 3 || jump.Members[0].ID != all[4] || jump.Prev == "" {
			t.Errorf("jump: %+v %v", jump, err)
		}
	})
}
