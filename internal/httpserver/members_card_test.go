package httpserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestCardsFigureDrillsToCardHolders: the cards figure links to the
// members holding a card, and that list's total is the figure.
func TestCardsFigureDrillsToCardHolders(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		with := e.addMember(e.cyUnion, "持卡人", storetest.CitizenID("110105", "19900101", 51))
		e.addMember(e.cyUnion, "无卡人", storetest.CitizenID("110105", "19910101", 52))
		if _, err := e.st.ChangeCard(ctx, sys, with.ID, store.CardIssue, "GH2026000051", gonghui.NewDate(2026, 1, 5)); err != nil {
			t.Fatal(err)
		}
		c := e.login("cy-cadre")
		_, page := e.do(c, "GET", "/dashboard?org="+id(e.cyUnion.ID), "")
		link := "/members?org=" + id(e.cyUnion.ID) + "&amp;card=1"
		if !strings.Contains(page, `href="`+link+`"`) {
			t.Fatalf("the cards figure does not link to %s", link)
		}
		_, list := e.do(c, "GET", strings.ReplaceAll(link, "&amp;", "&"), "")
		if !strings.Contains(list, "持卡人") || strings.Contains(list, "无卡人") {
			t.Error("the card holders' list is wrong")
		}
		var l struct{ Total int }
		_, body := e.api(e.cyToken, "GET", "/api/v1/members?org_id="+id(e.cyUnion.ID)+"&card=true", "")
		st, err := e.st.ComputeStats(ctx, sys, e.cyUnion.ID, gonghui.DateOf(time.Now()))
		if json.Unmarshal([]byte(body), &l) != nil || err != nil || float64(l.Total) != st.Indicators["cards_issued"] || l.Total != 1 {
			t.Errorf("list total %d, figure %v (%v): %s", l.Total, st.Indicators["cards_issued"], err, body)
		}
		if code, _ := e.api(e.cyToken, "GET", "/api/v1/members?card=true", ""); code != http.StatusOK {
			t.Errorf("card filter over the scope: %d", code)
		}
	})
}
