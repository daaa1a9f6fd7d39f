package httpserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

func TestInnovation(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		reviewer := func(name string) (gonghui.User, string) {
			u, err := e.st.CreateUser(ctx, gonghui.SystemActor("t"), gonghui.UserInput{Username: name, OrgID: e.chaoyang.ID, Role: gonghui.RoleReviewer, Password: password})
			if err != nil {
				t.Fatal(err)
			}
			tok, err := e.st.CreateToken(ctx, gonghui.SystemActor("t"), u.ID, "test")
			if err != nil {
				t.Fatal(err)
			}
			return u, tok
		}
		r1, tok1 := reviewer("cy-expert1")
		m := e.addMember(e.cyUnion, "革新能手", storetest.CitizenID("110105", "19820304", 31))
		apprentice := e.addMember(e.cyUnion, "青年徒弟", storetest.CitizenID("110105", "19990304", 32))

		// The 422 shape: every bad field at once, a team member's named by its place.
		code, body := e.api(e.cyToken, "POST", "/api/v1/innovation-achievements", `{"title":"","kind":"poem","year":2026,"org_id":`+id(e.cyUnion.ID)+
			`,"team":[{"person_id":`+id(m.PersonID)+`,"role":"lead"},{"person_id":`+id(m.PersonID)+`,"role":"boss"}],"patents":[{"number":"","kind":"utility"}]}`)
		var refused struct {
			Error struct {
				Message string
				Fields  map[string]string
			}
		}
		if code != http.StatusUnprocessableEntity || json.Unmarshal([]byte(body), &refused) != nil {
			t.Fatalf("invalid achievement: %d %s", code, body)
		}
		for _, f := range []string{"title", "kind", "team.1.person_id", "team.1.role", "patents.0.number"} {
			if refused.Error.Fields[f] == "" {
				t.Errorf("no reason for %s: %s", f, body)
			}
		}
		var x gonghui.Achievement
		e.apiInto(e.cyToken, "POST", "/api/v1/innovation-achievements", `{"title":"焊接机器人工装改进","kind":"tech_improvement","year":2026,"org_id":`+id(e.cyUnion.ID)+
			`,"unit_name":"朝阳示例公司","team":[{"person_id":`+id(m.PersonID)+`,"role":"lead"}],"patents":[{"number":"ZL202620001234.5","kind":"utility"}]}`, http.StatusCreated, &x)
		if code, body := e.api(e.hdToken, "GET", "/api/v1/innovation-achievements/"+id(x.ID), ""); code != http.StatusNotFound {
			t.Errorf("Haidian reads Chaoyang's achievement: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "PATCH", "/api/v1/innovation-achievements/"+id(x.ID), `{"summary":"效率提升30%"}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"version"`) {
			t.Errorf("a patch without its version: %d %s", code, body)
		}
		e.apiInto(e.cyToken, "PATCH", "/api/v1/innovation-achievements/"+id(x.ID), `{"summary":"效率提升30%","version":1}`, http.StatusOK, &x)

		// A blind round: its reviewer reads neither team nor unit nor union.
		code, body = e.api(e.cyToken, "POST", "/api/v1/innovation-rounds", `{"org_id":`+id(e.chaoyang.ID)+`,"year":2026,"level":"district","title":"","final":true,"reviewer_ids":[`+id(e.cyCadre.ID)+`]}`)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"title"`) || !strings.Contains(body, `"quota"`) || !strings.Contains(body, `"reviewer_ids.0"`) {
			t.Errorf("invalid round: %d %s", code, body)
		}
		var round gonghui.InnovationRound
		e.apiInto(e.cyToken, "POST", "/api/v1/innovation-rounds", `{"org_id":`+id(e.chaoyang.ID)+`,"year":2026,"level":"district","title":"2026年朝阳区职工创新成果终评","blind":true,"final":true,"quota":1,"reviewer_ids":[`+id(r1.ID)+`]}`,
			http.StatusCreated, &round)
		path := "/api/v1/innovation-rounds/" + id(round.ID)
		if code, body := e.api(e.cyToken, "POST", path+"/entries", `{"achievement_id":`+id(x.ID)+`}`); code != http.StatusCreated {
			t.Fatalf("enter: %d %s", code, body)
		}
		if _, page := e.do(e.login("cy-expert1"), "GET", "/", ""); !strings.Contains(page, `<a href="/innovation/rounds"><span class="inbox-count">1</span> 项创新成果待您评分</a>`) {
			t.Errorf("the reviewer's inbox: %s", page)
		}
		for _, p := range []string{"/api/v1/innovation-achievements/" + id(x.ID), "/api/v1/innovation-achievements?q=焊接", path + "/entries"} {
			code, body := e.api(tok1, "GET", p, "")
			if code != http.StatusOK || strings.Contains(body, "革新能手") || strings.Contains(body, e.cyUnion.Name) || strings.Contains(body, "朝阳示例公司") ||
				strings.Contains(body, `"org_id"`) || strings.Contains(body, `"team"`) || !strings.Contains(body, `"blind":true`) {
				t.Errorf("the blind reviewer reads %s: %d %s", p, code, body)
			}
		}
		if _, body := e.api(tok1, "GET", "/api/v1/innovation-achievements?person_id="+id(m.PersonID), ""); !strings.Contains(body, `"total":0`) {
			t.Errorf("the blind reviewer finds the achievement by its team: %s", body)
		}
		if code, page := e.do(e.login("cy-expert1"), "GET", "/innovation/rounds/"+id(round.ID), ""); code != http.StatusOK || strings.Contains(page, "革新能手") ||
			strings.Contains(page, e.cyUnion.Name) || !strings.Contains(page, `action="/innovation/rounds/`+id(round.ID)+`/score"`) {
			t.Errorf("the reviewer's round page: %d %s", code, page)
		}
		if code, body := e.api(tok1, "POST", path+"/scores", `{"achievement_id":`+id(x.ID)+`,"score":120}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"score"`) {
			t.Errorf("a score out of bounds: %d %s", code, body)
		}
		if code, body := e.api(e.adminToken, "POST", path+"/scores", `{"achievement_id":`+id(x.ID)+`,"score":90}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"round_id"`) {
			t.Errorf("an account not assigned scored: %d %s", code, body)
		}
		if code, body := e.api(tok1, "POST", path+"/scores", `{"achievement_id":`+id(x.ID)+`,"score":88}`); code != http.StatusOK {
			t.Fatalf("score: %d %s", code, body)
		}
		if _, page := e.do(e.login("cy-cadre"), "GET", "/innovation/rounds/"+id(round.ID), ""); !strings.Contains(page, `action="/innovation/rounds/`+id(round.ID)+`/close"`) ||
			!strings.Contains(page, "88") {
			t.Errorf("the holder's round page: %s", page)
		}
		if _, page := e.do(e.login("cy-viewer"), "GET", "/innovation/rounds/"+id(round.ID), ""); strings.Contains(page, `/close"`) {
			t.Errorf("a viewer is offered to close the round")
		}
		e.apiInto(e.cyToken, "POST", path+"/close", `{"version":1}`, http.StatusOK, &round)
		e.apiInto(e.cyToken, "POST", path+"/select", `{"version":`+id(round.Version)+`}`, http.StatusOK, &round)
		if round.State != gonghui.InnovationRoundSelected {
			t.Errorf("round %+v", round)
		}
		// The holder reads all; the achievement is selected, first.
		code, body = e.api(e.cyToken, "GET", "/api/v1/innovation-achievements?selected=1&year=2026", "")
		if code != http.StatusOK || !strings.Contains(body, `"rank":1`) || !strings.Contains(body, "革新能手") {
			t.Errorf("the selection: %d %s", code, body)
		}

		// Studios and pairs; the member's page links to all three.
		code, body = e.api(e.cyToken, "POST", "/api/v1/innovation-studios", `{"name":"","kind":"craftsman","level":"city","org_id":`+id(e.cyUnion.ID)+`,"host_unit":"朝阳示例公司","leader":{},"founded_on":"2016-01-01","recognised_on":"2015-01-01"}`)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"name"`) || !strings.Contains(body, `"leader"`) || !strings.Contains(body, `"recognised_on"`) {
			t.Errorf("invalid studio: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/innovation-studios", `{"name":"革新能手工匠创新工作室","kind":"craftsman","level":"city","org_id":`+id(e.cyUnion.ID)+
			`,"host_unit":"朝阳示例公司","leader":{"person_id":`+id(m.PersonID)+`},"members":[{"id_number":"`+storetest.CitizenID("110105", "19990304", 32)+`"}],"founded_on":"2016-01-01","recognised_on":"2026-04-28"}`); code != http.StatusCreated || !strings.Contains(body, "青年徒弟") {
			t.Errorf("studio: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/mentor-pairs", `{"org_id":`+id(e.cyUnion.ID)+`,"mentor":{"person_id":`+id(m.PersonID)+`},"apprentice":{"person_id":`+id(apprentice.PersonID)+
			`},"from":"2026-03-01","to":"2028-02-29","goals":"取得高级工资格"}`); code != http.StatusCreated {
			t.Errorf("pair: %d %s", code, body)
		}
		if code, body := e.api(e.viewerToken, "POST", "/api/v1/mentor-pairs", `{}`); code != http.StatusForbidden {
			t.Errorf("a viewer recorded a pair: %d %s", code, body)
		}
		c := e.login("cy-cadre")
		for _, p := range []string{"/innovation/achievements?person_id=" + id(m.PersonID), "/innovation/studios?person_id=" + id(m.PersonID), "/innovation/pairs?person_id=" + id(m.PersonID)} {
			if code, page := e.do(c, "GET", p, ""); code != http.StatusOK || !strings.Contains(page, "革新能手") {
				t.Errorf("%s: %d", p, code)
			}
		}
		if _, page := e.do(c, "GET", "/members/"+id(m.ID), ""); !strings.Contains(page, `href="/innovation/studios?person_id=`+id(m.PersonID)+`"`) {
			t.Errorf("the member's page does not link the studios")
		}
	})
}
