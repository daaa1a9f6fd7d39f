package httpserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

func TestCompetitions(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		m1 := e.addMember(e.cyUnion, "焊接能手", storetest.CitizenID("110105", "19860101", 41))
		m2 := e.addMember(e.cyUnion, "焊接新秀", storetest.CitizenID("110105", "19960101", 42))
		c := e.login("cy-cadre")

		// The form: its trades one a line, every bad field named.
		code, _, page := e.submit(c, "/competitions/new", url.Values{"title": {""}, "kind": {"craftsman"}, "level": {"city"}, "year": {"2026"},
			"org_code": {e.cyUnion.Code}, "held_from": {"2026-05-01"}, "held_to": {"2026-05-20"}, "trades": {"焊工 决赛 3"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-title"`) || !strings.Contains(page, `id="err-trades"`) {
			t.Fatalf("an invalid form: %d %s", code, page)
		}
		code, loc, _ := e.submit(c, "/competitions/new", url.Values{"title": {"2026年朝阳大工匠挑战赛"}, "kind": {"craftsman"}, "level": {"district"}, "year": {"2026"},
			"org_code": {e.cyUnion.Code}, "held_from": {"2026-05-01"}, "held_to": {"2026-05-20"}, "result_top_n": {"1"}, "trades": {"焊工：决赛 1 1 | 擂台挑战赛"}})
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/competitions/") {
			t.Fatalf("create: %d %s", code, loc)
		}
		var x gonghui.Competition
		e.apiInto(e.cyToken, "GET", "/api/v1"+loc, "", http.StatusOK, &x)
		if len(x.Trades) != 1 || len(x.Trades[0].Rounds) != 2 || x.Trades[0].Rounds[1].Stage != "challenge" {
			t.Fatalf("created %+v", x)
		}
		trade, final, challenge := x.Trades[0], x.Trades[0].Rounds[0], x.Trades[0].Rounds[1]

		// Scope: another district reads nothing of it.
		for _, p := range []string{"/api/v1/competitions/" + id(x.ID), "/api/v1/competition-trades/" + id(trade.ID) + "/entrants", "/api/v1/competition-rounds/" + id(final.ID)} {
			if code, body := e.api(e.hdToken, "GET", p, ""); code != http.StatusNotFound {
				t.Errorf("Haidian reads %s: %d %s", p, code, body)
			}
		}
		if code, _ := e.do(e.login("hd-cadre"), "GET", "/competitions/"+id(x.ID), ""); code != http.StatusNotFound {
			t.Errorf("Haidian's cadre reads the event's page: %d", code)
		}
		if code, body := e.api(e.viewerToken, "POST", "/api/v1/competition-trades/"+id(trade.ID)+"/entrants", `{"person_id":`+id(m1.PersonID)+`}`); code != http.StatusForbidden {
			t.Errorf("a viewer entered: %d %s", code, body)
		}

		// Entrants: the register's, once; an outsider, masked.
		for _, p := range []int64{m1.PersonID, m2.PersonID} {
			e.apiInto(e.cyToken, "POST", "/api/v1/competition-trades/"+id(trade.ID)+"/entrants", `{"person_id":`+id(p)+`}`, http.StatusCreated, nil)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/competition-trades/"+id(trade.ID)+"/entrants", `{"person_id":`+id(m1.PersonID)+`}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"person_id"`) {
			t.Errorf("entered twice: %d %s", code, body)
		}
		outsiderID := storetest.CitizenID("110108", "19900101", 43)
		code, _, _ = e.submit(c, "/competitions/trades/"+id(trade.ID)+"/entrants", url.Values{"competition_id": {id(x.ID)}, "outsider": {"1"}, "challenger": {"1"},
			"name": {"社会挑战者"}, "unit": {"某建设公司"}, "id_number": {outsiderID}})
		if code != http.StatusSeeOther {
			t.Fatalf("an outsider's entry: %d", code)
		}
		_, body := e.api(e.cyToken, "GET", "/api/v1/competition-trades/"+id(trade.ID)+"/entrants", "")
		if !strings.Contains(body, "社会挑战者") || strings.Contains(body, outsiderID) || !strings.Contains(body, `"total":3`) {
			t.Errorf("the entrants: %s", body)
		}

		// The final: open, scores in hundredths, close; a challenge with one bout.
		path := "/api/v1/competition-rounds/" + id(final.ID)
		e.apiInto(e.cyToken, "POST", path+"/open", `{"version":1}`, http.StatusOK, &final)
		var v struct {
			Standings []gonghui.Standing `json:"standings"`
		}
		e.apiInto(e.cyToken, "GET", path, "", http.StatusOK, &v)
		byPerson := map[int64]int64{}
		for _, st := range v.Standings {
			byPerson[st.Entrant.PersonID] = st.Entrant.ID
		}
		if code, body := e.api(e.cyToken, "POST", path+"/scores", `{"entrant_id":`+id(byPerson[m1.PersonID])+`,"scorer":1,"points":100001}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"points"`) {
			t.Errorf("a score out of bounds: %d %s", code, body)
		}
		code, _, _ = e.submit(c, "/competitions/rounds/"+id(final.ID)+"/scores", url.Values{"entrant_id": {id(byPerson[m1.PersonID])}, "scorer": {"1"}, "points": {"96.25"}})
		if code != http.StatusSeeOther {
			t.Fatalf("a score by the form: %d", code)
		}
		e.apiInto(e.cyToken, "POST", path+"/scores", `{"entrant_id":`+id(byPerson[m2.PersonID])+`,"scorer":1,"points":9100}`, http.StatusOK, nil)
		if _, page := e.do(c, "GET", "/competitions/rounds/"+id(final.ID), ""); !strings.Contains(page, "96.25") || !strings.Contains(page, `/close"`) {
			t.Errorf("the round's page: %s", page)
		}
		if _, page := e.do(e.login("cy-viewer"), "GET", "/competitions/rounds/"+id(final.ID), ""); strings.Contains(page, `/close"`) || strings.Contains(page, `/scores"`) {
			t.Errorf("a viewer is offered to score or close the round")
		}
		e.apiInto(e.cyToken, "POST", path+"/close", `{"version":`+id(final.Version)+`}`, http.StatusOK, &final)

		cpath := "/api/v1/competition-rounds/" + id(challenge.ID)
		e.apiInto(e.cyToken, "POST", cpath+"/open", `{"version":1}`, http.StatusOK, &challenge)
		e.apiInto(e.cyToken, "GET", cpath, "", http.StatusOK, &v)
		var seed, challenger int64
		for _, st := range v.Standings {
			if st.Seat == 1 {
				seed = st.Entrant.ID
			}
			if st.Entrant.Challenger {
				challenger = st.Entrant.ID
			}
		}
		var b gonghui.Bout
		e.apiInto(e.cyToken, "POST", cpath+"/bouts", `{"challenger_id":`+id(challenger)+`,"seed_id":`+id(seed)+`,"challenger_points":9700,"seed_points":9650,"held_on":"2026-05-20"}`, http.StatusCreated, &b)
		if !b.ChallengerWon || b.Seat != 1 {
			t.Errorf("the bout %+v", b)
		}
		e.apiInto(e.cyToken, "POST", cpath+"/close", `{"version":`+id(challenge.Version)+`}`, http.StatusOK, nil)

		// The pool: the finalists and the challenge winner, in the cadre's scope only.
		_, body = e.api(e.cyToken, "GET", "/api/v1/talent-pool?year=2026", "")
		if !strings.Contains(body, `"total":3`) || !strings.Contains(body, "社会挑战者") || !strings.Contains(body, `"reason":"challenge"`) {
			t.Errorf("the talent pool: %s", body)
		}
		if _, body := e.api(e.hdToken, "GET", "/api/v1/talent-pool", ""); !strings.Contains(body, `"total":0`) {
			t.Errorf("Haidian's talent pool: %s", body)
		}
		if code, _ := e.do(e.login("cy-viewer"), "GET", "/competitions/talents.csv", ""); code != http.StatusForbidden {
			t.Errorf("a viewer exported the pool: %d", code)
		}
		code, csv := e.do(c, "GET", "/competitions/talents.csv?year=2026", "")
		if code != http.StatusOK || !strings.Contains(csv, "社会挑战者") || strings.Contains(csv, outsiderID) || !strings.Contains(csv, "挑战成功") {
			t.Errorf("the pool's export: %d %s", code, csv)
		}
		if len(e.events("export.start")) == 0 {
			t.Error("the export is not audited")
		}

		// The final's winner lost the seat: the challenge round, no seat, first in the final.
		if _, body := e.api(e.cyToken, "GET", "/api/v1/persons/"+id(m1.PersonID)+"/contests", ""); !strings.Contains(body, `"stage":"challenge"`) || strings.Contains(body, `"rank"`) || !strings.Contains(body, `"final_rank":1`) {
			t.Errorf("the member's contests: %s", body)
		}
		if _, page := e.do(c, "GET", "/members/"+id(m1.ID), ""); !strings.Contains(page, `href="/competitions/people/`+id(m1.PersonID)+`"`) {
			t.Errorf("the member's page does not link the contests")
		}
		if code, page := e.do(c, "GET", "/competitions/people/"+id(m1.PersonID), ""); code != http.StatusOK || !strings.Contains(page, "2026年朝阳大工匠挑战赛") {
			t.Errorf("the person's contests page: %d", code)
		}
		for _, p := range []string{"/competitions", "/competitions/talents", "/competitions/" + id(x.ID), "/competitions/rounds/" + id(challenge.ID)} {
			if code, page := e.do(c, "GET", p, ""); code != http.StatusOK || !strings.Contains(page, "2026年朝阳大工匠挑战赛") {
				t.Errorf("%s: %d", p, code)
			}
		}
	})
}
