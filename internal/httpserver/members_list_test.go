package httpserver_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// listFixture puts three members of different ages, units, cards and join
// dates into the Chaoyang union, returned by name.
func (e *env) listFixture() map[string]gonghui.Member {
	e.t.Helper()
	sys := gonghui.SystemActor("t")
	out := map[string]gonghui.Member{}
	for _, in := range []gonghui.MemberInput{
		{Name: "张伟", IDNumber: storetest.CitizenID("110105", "19900307", 11), OrgID: e.cyUnion.ID, UnitID: e.cyUnit.ID, CardNo: "K-0100", JoinedOn: gonghui.NewDate(2017, 3, 1)},
		{Name: "李娜", IDNumber: storetest.CitizenID("110105", "20050101", 12), OrgID: e.cyUnion.ID, JoinedOn: gonghui.NewDate(2020, 5, 1)},
		{Name: "王芳", IDNumber: storetest.CitizenID("110105", "19600101", 13), OrgID: e.cyUnion.ID, JoinedOn: gonghui.NewDate(2010, 1, 1)},
	} {
		m, _, err := e.st.SaveMember(ctx, sys, in)
		if err != nil {
			e.t.Fatal(err)
		}
		out[in.Name] = m
	}
	return out
}

// listedNames are the member names of a list page, in its order.
var listedRow = regexp.MustCompile(`<td><a href="/members/\d+">([^<]+)</a></td>`)

func listedNames(page string) []string {
	var out []string
	for _, m := range listedRow.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestMemberListFiltersSortPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		e.listFixture()
		c := e.login("cy-cadre")
		org := "org=" + id(e.cyUnion.ID)
		for _, tc := range []struct {
			query string
			want  string // names in order, comma-separated
		}{
			{"", "张伟,李娜,王芳"},
			{"sort=name", "李娜,王芳,张伟"},
			{"sort=joined", "王芳,张伟,李娜"},
			{"sort=-joined", "李娜,张伟,王芳"},
			{"unit=" + id(e.cyUnit.ID), "张伟"},
			{"age=" + url.QueryEscape(gonghui.AgeUnder25), "李娜"},
			{"age=35-44", "张伟"},
			{"age=" + url.QueryEscape(gonghui.Age55Plus), "王芳"},
			{"age=45-54", ""},
			{"card=1", "张伟"},
			{"card=0&sort=name", "李娜,王芳"},
			{"joined_from=2015-01-01&sort=joined", "张伟,李娜"},
			{"joined_to=2017-03-01&sort=joined", "王芳,张伟"},
			{"joined_from=2011-01-01&joined_to=2018-01-01", "张伟"},
			{"status=left", ""},
			{"limit=2&sort=name", "李娜,王芳"},
			{"limit=2&sort=name&page=2", "张伟"},
		} {
			code, page := e.do(c, "GET", "/members?"+org+"&"+tc.query, "")
			if code != http.StatusOK {
				t.Errorf("%s: %d", tc.query, code)
				continue
			}
			if got := strings.Join(listedNames(page), ","); got != tc.want {
				t.Errorf("%s: listed %q, want %q", tc.query, got, tc.want)
			}
		}
		// The API reads the same filters.
		if _, body := e.api(e.cyToken, "GET", "/api/v1/members?org_id="+id(e.cyUnion.ID)+"&card=false&age=55%2B", ""); !strings.Contains(body, `"total":1`) || !strings.Contains(body, "王芳") {
			t.Errorf("API filters: %s", body)
		}
		// The total is labelled and its figures explained; a short list
		// pages honestly.
		_, page := e.do(c, "GET", "/members?"+org+"&limit=2&sort=name", "")
		if !strings.Contains(page, `data-total="3"`) || !strings.Contains(page, "实名登记的会员") || !strings.Contains(page, "1 / 2") {
			t.Error("the list's total or its pager is not told")
		}
		// A sort or band that is not offered is refused, never put into SQL.
		for _, q := range []string{"sort=" + url.QueryEscape("p.name; DROP TABLE persons"), "age=99"} {
			if code, _ := e.do(c, "GET", "/members?"+q, ""); code != http.StatusUnprocessableEntity && code != http.StatusBadRequest {
				t.Errorf("%s: %d", q, code)
			}
		}
		if code, page := e.do(c, "GET", "/members?joined_from=2017-13-01", ""); code != http.StatusOK || !strings.Contains(page, "YYYY-MM-DD") {
			t.Errorf("a bad date is not named: %d", code)
		}
		// The cadre sees the batch controls, a viewer none.
		if !strings.Contains(page, `action="/members/batch"`) || !strings.Contains(page, `name="id"`) {
			t.Error("the cadre sees no batch controls")
		}
		_, page = e.do(e.login("cy-viewer"), "GET", "/members?"+org, "")
		if strings.Contains(page, `/members/batch`) || strings.Contains(page, `type="checkbox" name="id"`) {
			t.Error("a viewer sees batch controls")
		}
	})
}

// TestMemberListCappedTotal: past the bound of a filter's count, the pager
// says so and claims no page count, yet pages on while pages come full.
func TestMemberListCappedTotal(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		w, err := e.st.NewMemberWriter(ctx, sys, 0)
		if err != nil {
			t.Fatal(err)
		}
		rows := make([]store.SealedMember, store.MemberSearchCap+1)
		for i := range rows {
			cm, err := gonghui.CheckMember(gonghui.MemberInput{Name: "会员", IDNumber: storetest.CitizenID("110105", fmt.Sprintf("19%02d0101", 60+i/500), i%500),
				OrgID: e.cyUnion.ID, JoinedOn: gonghui.NewDate(2017, 3, 1)}, gonghui.Today())
			if err != nil {
				t.Fatal(err)
			}
			rows[i] = e.st.Seal(cm)
		}
		if _, _, err := w.SaveBatch(ctx, rows); err != nil {
			t.Fatal(err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		c := e.login("cy-cadre")
		base := "/members?card=0&org=" + id(e.cyUnion.ID)
		for _, tc := range []struct {
			page int
			next bool
		}{{1, true}, {20, true}, {21, false}} {
			_, page := e.do(c, "GET", base+"&page="+strconv.Itoa(tc.page), "")
			if !strings.Contains(page, `data-capped="1000"`) || !strings.Contains(page, "1000+ 条匹配：请缩小搜索范围") || regexp.MustCompile(`<span>\d+ / \d+</span>`).MatchString(page) {
				t.Errorf("page %d: the pager does not say the count stopped at 1000", tc.page)
			}
			if got := strings.Contains(page, "page="+strconv.Itoa(tc.page+1)); got != tc.next {
				t.Errorf("page %d: next link %v, want %v", tc.page, got, tc.next)
			}
		}
	})
}

// TestMemberBatchActions: each batch action runs member by member and
// tells what happened to each, a refusal with its reason.
func TestMemberBatchActions(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		ms := e.listFixture()
		zw, ln, wf := id(ms["张伟"].ID), id(ms["李娜"].ID), id(ms["王芳"].ID)
		hd := e.addMember(e.hdUnion, "赵六", storetest.CitizenID("110108", "19880808", 14))
		c := e.login("cy-cadre")
		today := gonghui.Today().String()
		outcome := func(page, name string) string {
			m := regexp.MustCompile(`>` + name + `</a></td><td>[^<]*</td>\s*<td>([^<]*)</td>`).FindStringSubmatch(page)
			if m == nil {
				return "absent"
			}
			return m[1]
		}

		// Issue: the page numbers the members without a card from the
		// first number; the member holding one is refused, as is a
		// number already taken.
		code, page := e.do(c, "POST", "/members/batch", "action=issue&start=K-0200&id="+zw+"&id="+ln+"&id="+wf+"&id="+id(hd.ID))
		if code != http.StatusOK || !strings.Contains(page, `name="card_`+ln+`" value="K-0200"`) || !strings.Contains(page, `name="card_`+wf+`" value="K-0201"`) ||
			strings.Contains(page, `name="card_`+zw+`"`) || strings.Contains(page, "赵六") {
			t.Fatalf("issue page: %d %s", code, page)
		}
		_, page = e.do(c, "POST", "/members/batch", "action=issue_confirm&date="+today+"&id="+zw+"&id="+ln+"&id="+wf+"&card_"+ln+"=K-0200&card_"+wf+"=K-0100")
		if got := outcome(page, "李娜"); got != "已完成" {
			t.Errorf("李娜: %q", got)
		}
		for _, name := range []string{"张伟", "王芳"} {
			if got := outcome(page, name); !strings.HasPrefix(got, "未处理: ") || len(got) <= len("未处理: ") {
				t.Errorf("%s: %q, want refused with a reason", name, got)
			}
		}
		if m, _ := e.st.GetMember(ctx, gonghui.SystemActor("t"), ms["李娜"].ID, false); m.CardNo != "K-0200" {
			t.Errorf("李娜's card: %q", m.CardNo)
		}

		// Export the selection: only the selected, in scope.
		code, body := e.do(c, "POST", "/members/batch", "action=export&id="+zw+"&id="+id(hd.ID))
		if code != http.StatusOK || !strings.Contains(body, "张伟") || strings.Contains(body, "李娜") || strings.Contains(body, "赵六") {
			t.Errorf("export: %d %s", code, body)
		}

		// Transfer: done once, refused while it is pending.
		for i, want := range []string{"已完成", "未处理"} {
			_, page = e.do(c, "POST", "/members/batch", "action=transfer&to_code="+e.hdUnion.Code+"&reason=调动&id="+zw)
			if got := outcome(page, "张伟"); !strings.HasPrefix(got, want) {
				t.Errorf("transfer %d: %q, want %s", i, got, want)
			}
		}
		if code, _ := e.do(c, "POST", "/members/batch", "action=transfer&to_code=NOPE&id="+zw); code != http.StatusUnprocessableEntity {
			t.Errorf("transfer to no union: %d", code)
		}

		// Leave with one date and reason: a member who joined later is refused.
		_, page = e.do(c, "POST", "/members/batch", "action=leave&date=2015-01-01&reason=退休&id="+ln+"&id="+wf+"&id="+id(hd.ID))
		if got := outcome(page, "王芳"); got != "已完成" {
			t.Errorf("王芳 leaves: %q", got)
		}
		if got := outcome(page, "李娜"); !strings.HasPrefix(got, "未处理: ") {
			t.Errorf("李娜 leaves before joining: %q", got)
		}
		if !strings.Contains(page, `data-missing="1"`) || strings.Contains(page, "赵六") {
			t.Error("the member outside the scope is not counted as not handled")
		}

		// Nothing selected, or a viewer: refused, never a 500.
		if code, _ := e.do(c, "POST", "/members/batch", "action=leave&date="+today); code != http.StatusUnprocessableEntity {
			t.Errorf("empty batch: %d", code)
		}
		if code, _ := e.do(e.login("cy-viewer"), "POST", "/members/batch", "action=leave&date="+today+"&id="+ln); code != http.StatusForbidden {
			t.Errorf("viewer batch: %d", code)
		}
	})
}
