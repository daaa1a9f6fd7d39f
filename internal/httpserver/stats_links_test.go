package httpserver_test

import (
	"html"
	"net/http"
	"regexp"
	"testing"

	"gonghui"
	"gonghui/internal/store"
)

// The dashboard's contracts figure links to the contracts in force on the
// same day, and that list holds as many as the figure says: on a day the
// contract is in force, and today, when its term has long ended though
// no one stepped it to expired.
func TestDashboardContractsAgreeWithTheirList(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("test")
		in := gonghui.ContractInput{OrgID: e.cyUnion.ID, Title: "2017年综合集体合同", Kind: gonghui.ContractComprehensive,
			Level: gonghui.LevelEnterprise, TermStart: gonghui.NewDate(2017, 1, 1), TermEnd: gonghui.NewDate(2019, 12, 31), CoveredStaff: 30,
			UnitIDs: []int64{e.cyUnit.ID}, Topics: []string{"wage_adjustment", "working_hours", "safety_health", "insurance_welfare"}}
		w, err := e.st.NewContractWriter(ctx, sys, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Save(ctx, store.ImportedContract{ContractInput: in, SignedOn: gonghui.NewDate(2016, 12, 1),
			FiledOn: gonghui.NewDate(2016, 12, 5), EffectiveOn: gonghui.NewDate(2016, 12, 20)}); err != nil {
			w.Rollback()
			t.Fatal(err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		c := e.login("cy-cadre")
		card := regexp.MustCompile(`data-indicator="contracts_total"[^>]*>\s*<a href="([^"]*)"><span class="figure-name">[^<]*</span>\s*<span class="figure-value">([^<]*)</span>`)
		total := regexp.MustCompile(`<small[^>]*>\([^ ]+ (\d+)\)</small>`)
		for date, want := range map[string]string{"2017-09-30": "1", gonghui.Today().String(): "0"} {
			_, page := e.do(c, "GET", "/dashboard?date="+date, "")
			m := card.FindStringSubmatch(page)
			if m == nil || m[2] != want {
				t.Fatalf("%s: contracts figure %q, want %s", date, m, want)
			}
			link := html.UnescapeString(m[1])
			code, list := e.do(c, "GET", link, "")
			n := total.FindStringSubmatch(list)
			if code != http.StatusOK || n == nil || n[1] != want {
				t.Errorf("%s: %s lists %v (%d), the figure says %s", date, link, n, code, want)
			}
		}
	})
}
