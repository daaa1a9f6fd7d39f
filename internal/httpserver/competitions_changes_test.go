package httpserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

// TestCompetitionChanges edits an event on its form and by the API, and
// withdraws an entrant from the event's page; another district's cadre
// does neither.
func TestCompetitionChanges(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		m := e.addMember(e.cyUnion, "焊接能手", storetest.CitizenID("110105", "19860101", 51))
		c, hd := e.login("cy-cadre"), e.login("hd-cadre")
		code, loc, _ := e.submit(c, "/competitions/new", url.Values{"title": {"2026年朝阳焊工大赛"}, "kind": {"skill"}, "level": {"district"}, "year": {"2026"},
			"org_code": {e.cyUnion.Code}, "held_from": {"2026-05-01"}, "held_to": {"2026-05-20"}, "trades": {"焊工：决赛 1"}})
		if code != http.StatusSeeOther {
			t.Fatalf("create: %d", code)
		}
		var x gonghui.Competition
		e.apiInto(e.cyToken, "GET", "/api/v1"+loc, "", http.StatusOK, &x)
		edit := "/competitions/edit/" + id(x.ID)
		if _, page := e.do(c, "GET", loc, ""); !strings.Contains(page, `href="`+edit+`"`) {
			t.Errorf("the event's page offers no edit: %s", page)
		}
		if code, _ := e.do(hd, "GET", edit, ""); code != http.StatusNotFound {
			t.Errorf("Haidian opens the edit: %d", code)
		}
		form := url.Values{"title": {"2026年朝阳区焊工技能大赛"}, "level": {"district"}, "held_from": {"2026-05-01"}, "held_to": {"2026-04-01"}, "result_top_n": {"3"}, "version": {"1"}}
		if code, _, page := e.submit(c, edit, form); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-held_to"`) {
			t.Errorf("an edit ending before it begins: %d %s", code, page)
		}
		form.Set("held_to", "2026-05-21")
		if code, _, page := e.submit(c, edit, form); code != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", code, page)
		}
		if code, _, _ := e.submit(c, edit, form); code != http.StatusConflict {
			t.Errorf("a stale edit: %d", code)
		}
		e.apiInto(e.cyToken, "PATCH", "/api/v1/competitions/"+id(x.ID), `{"result_top_n":5,"version":2}`, http.StatusOK, &x)
		if x.Title != "2026年朝阳区焊工技能大赛" || x.ResultTopN != 5 || x.Version != 3 {
			t.Errorf("after the edits: %+v", x)
		}

		// A withdrawal, with its reason; none for another district.
		var en gonghui.Entrant
		e.apiInto(e.cyToken, "POST", "/api/v1/competition-trades/"+id(x.Trades[0].ID)+"/entrants", `{"person_id":`+id(m.PersonID)+`}`, http.StatusCreated, &en)
		withdraw := "/competitions/entrants/" + id(en.ID) + "/withdraw"
		if _, page := e.do(c, "GET", loc, ""); !strings.Contains(page, withdraw) {
			t.Errorf("the page offers no withdrawal: %s", page)
		}
		if code, _, _ := e.submit(hd, withdraw, url.Values{"reason": {"伤病"}}); code != http.StatusNotFound {
			t.Errorf("Haidian withdraws the entrant: %d", code)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/competition-entrants/"+id(en.ID)+"/withdraw", `{"reason":""}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"reason"`) {
			t.Errorf("a withdrawal without its reason: %d %s", code, body)
		}
		if code, _, _ := e.submit(c, withdraw, url.Values{"reason": {"伤病退赛"}}); code != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", code)
		}
		if code, body := e.api(e.cyToken, "GET", "/api/v1/competition-trades/"+id(x.Trades[0].ID)+"/entrants", ""); code != http.StatusOK || strings.Contains(body, "焊接能手") {
			t.Errorf("the entrants after the withdrawal: %d %s", code, body)
		}

		// Entered again and the final opened: a round waits for its scores.
		e.apiInto(e.cyToken, "POST", "/api/v1/competition-trades/"+id(x.Trades[0].ID)+"/entrants", `{"person_id":`+id(m.PersonID)+`}`, http.StatusCreated, &en)
		final := x.Trades[0].Rounds[0]
		if code, body := e.api(e.cyToken, "POST", "/api/v1/competition-rounds/"+id(final.ID)+"/open", `{"version":`+id(final.Version)+`}`); code != http.StatusOK {
			t.Fatalf("open the final: %d %s", code, body)
		}
		if _, page := e.do(c, "GET", "/", ""); !strings.Contains(page, `<a href="/competitions"><span class="inbox-count">1</span> 轮比赛待录入成绩</a>`) {
			t.Errorf("the inbox: %s", page)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/competition-rounds/"+id(final.ID)+"/scores", `{"entrant_id":`+id(en.ID)+`,"scorer":1,"points":9000}`); code >= 300 {
			t.Fatalf("score: %d %s", code, body)
		}
		if _, page := e.do(c, "GET", "/", ""); strings.Contains(page, "轮比赛待录入成绩") {
			t.Errorf("the inbox after the scores: %s", page)
		}
	})
}
