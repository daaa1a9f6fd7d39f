package httpserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

// TestInnovationForms walks the UI's forms of achievements, studios,
// mentor pairs and review rounds: refusals named by field and line, a
// save, an edit with its version, and another district's cadre refused.
func TestInnovationForms(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		leadID := storetest.CitizenID("110105", "19820304", 41)
		lead := e.addMember(e.cyUnion, "革新能手", leadID)
		other := e.addMember(e.cyUnion, "青年骨干", storetest.CitizenID("110105", "19950304", 42))
		far := e.addMember(e.hdUnion, "海淀职工", storetest.CitizenID("110108", "19900304", 43))
		c, hd := e.login("cy-cadre"), e.login("hd-cadre")

		if code, page := e.do(c, "GET", "/innovation/achievements", ""); code != http.StatusOK || !strings.Contains(page, `href="/innovation/achievements/new"`) {
			t.Errorf("the list offers no new achievement: %d", code)
		}
		if code, page := e.do(c, "GET", "/innovation/achievements/new", ""); code != http.StatusOK || !strings.Contains(page, `name="team"`) {
			t.Fatalf("the new form: %d %s", code, page)
		}
		form := url.Values{"title": {""}, "kind": {"tech_improvement"}, "year": {"2026"}, "org_code": {e.cyUnion.Code},
			"team": {id(lead.PersonID) + " 第一完成人\n" + id(far.PersonID) + " lead\n"}, "patents": {"ZL202620001234.5 实用新型"}}
		code, _, page := e.submit(c, "/innovation/achievements/new", form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-title"`) || !strings.Contains(page, "第2行：") {
			t.Errorf("a refused achievement: %d %s", code, page)
		}
		form.Set("title", "焊接机器人工装改进")
		form.Set("team", id(lead.PersonID)+" 第一完成人\n\n"+storetest.CitizenID("110105", "19950304", 42)+"\tmember\n")
		code, loc, page := e.submit(c, "/innovation/achievements/new", form)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/innovation/achievements/") {
			t.Fatalf("save: %d %s %s", code, loc, page)
		}
		if _, page := e.do(c, "GET", loc, ""); !strings.Contains(page, "革新能手") || !strings.Contains(page, "青年骨干") || !strings.Contains(page, "ZL202620001234.5") ||
			!strings.Contains(page, loc+"/edit") {
			t.Errorf("the saved achievement's page: %s", page)
		}
		if code, _ := e.do(hd, "GET", loc+"/edit", ""); code != http.StatusNotFound {
			t.Errorf("Haidian opens Chaoyang's achievement form: %d", code)
		}
		if code, _, _ := e.submit(hd, loc+"/edit", url.Values{"title": {"x"}, "version": {"1"}}); code != http.StatusNotFound {
			t.Errorf("Haidian edits Chaoyang's achievement: %d", code)
		}
		_, edit := e.do(c, "GET", loc+"/edit", "")
		if !strings.Contains(edit, `value="焊接机器人工装改进"`) || !strings.Contains(edit, id(other.PersonID)+" member") || strings.Contains(edit, `name="org_code"`) {
			t.Errorf("the edit form: %s", edit)
		}
		edited := url.Values{"title": {"焊接机器人工装改进"}, "kind": {"process"}, "year": {"2026"}, "summary": {"效率提升30%"},
			"team": {id(lead.PersonID) + " lead"}, "version": {"7"}}
		if code, _, page := e.submit(c, loc+"/edit", edited); code != http.StatusConflict {
			t.Errorf("a stale edit: %d %s", code, page)
		}
		edited.Set("version", "1")
		if code, _, page := e.submit(c, loc+"/edit", edited); code != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", code, page)
		}
		var x gonghui.Achievement
		e.apiInto(e.cyToken, "GET", "/api/v1"+strings.Replace(loc, "/innovation/achievements", "/innovation-achievements", 1), "", http.StatusOK, &x)
		if x.Kind != "process" || x.Summary != "效率提升30%" || len(x.Team) != 1 || x.OrgID != e.cyUnion.ID || x.Version != 2 {
			t.Errorf("after the edit: %+v", x)
		}

		// A studio led by a person typed as their ID number.
		studio := url.Values{"name": {"革新能手创新工作室"}, "kind": {"craftsman"}, "level": {"district"}, "org_code": {e.cyUnion.Code},
			"host_unit": {"朝阳示例公司"}, "leader": {leadID}, "members": {id(other.PersonID) + "\n" + id(far.PersonID)},
			"founded_on": {"2015-03-01"}, "recognised_on": {"2017/05/01"}, "status": {gonghui.StudioActive}}
		if code, _, page := e.submit(c, "/innovation/studios/new", studio); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-recognised_on"`) {
			t.Errorf("a studio with a bad date: %d %s", code, page)
		}
		studio.Set("recognised_on", "2017-05-01")
		if code, _, page := e.submit(c, "/innovation/studios/new", studio); code != http.StatusUnprocessableEntity || !strings.Contains(page, "第2行：") {
			t.Errorf("a studio with another district's member: %d %s", code, page)
		}
		studio.Set("members", id(other.PersonID))
		if code, _, page := e.submit(c, "/innovation/studios/new", studio); code != http.StatusSeeOther {
			t.Fatalf("save a studio: %d %s", code, page)
		}
		var studios struct{ Items []gonghui.Studio }
		e.apiInto(e.cyToken, "GET", "/api/v1/innovation-studios?q=革新能手", "", http.StatusOK, &studios)
		if len(studios.Items) != 1 || studios.Items[0].LeaderID != lead.PersonID {
			t.Fatalf("the saved studio: %+v", studios)
		}
		sid := id(studios.Items[0].ID)
		var saved gonghui.Studio
		if e.apiInto(e.cyToken, "GET", "/api/v1/innovation-studios/"+sid, "", http.StatusOK, &saved); len(saved.Members) != 1 || saved.Members[0].PersonID != other.PersonID {
			t.Errorf("the studio's members: %+v", saved.Members)
		}
		if _, edit := e.do(c, "GET", "/innovation/studios/"+sid+"/edit", ""); !strings.Contains(edit, `value="`+id(lead.PersonID)+`"`) {
			t.Errorf("the studio's edit form: %s", edit)
		}
		studio.Set("version", "1")
		studio.Set("reviewed_on", "2026-06-30")
		if code, _, page := e.submit(c, "/innovation/studios/"+sid+"/edit", studio); code != http.StatusSeeOther {
			t.Errorf("edit the studio: %d %s", code, page)
		}

		// A mentor pair; its apprentice must not be its mentor.
		pair := url.Values{"org_code": {e.cyUnion.Code}, "mentor": {id(lead.PersonID)}, "apprentice": {id(lead.PersonID)}, "from": {"2017-03-01"},
			"to": {"2018-02-28"}, "goals": {"掌握机器人焊接编程"}}
		if code, _, page := e.submit(c, "/innovation/pairs/new", pair); code != http.StatusUnprocessableEntity {
			t.Errorf("a pair of one person: %d %s", code, page)
		}
		pair.Set("apprentice", id(other.PersonID))
		if code, _, page := e.submit(c, "/innovation/pairs/new", pair); code != http.StatusSeeOther {
			t.Fatalf("save a pair: %d %s", code, page)
		}
		if _, page := e.do(c, "GET", "/innovation/pairs", ""); !strings.Contains(page, "/edit\">革新能手</a>") {
			t.Errorf("the pair list offers no edit: %s", page)
		}

		// A review round: its reviewers typed as account names.
		reviewer, err := e.st.CreateUser(ctx, gonghui.SystemActor("t"), gonghui.UserInput{Username: "cy-judge", OrgID: e.chaoyang.ID, Role: gonghui.RoleReviewer, Password: password})
		if err != nil {
			t.Fatal(err)
		}
		round := url.Values{"title": {"2026年朝阳区职工创新成果终评"}, "level": {"district"}, "year": {"2026"}, "org_code": {e.chaoyang.Code},
			"final": {"1"}, "quota": {"3"}, "reviewers": {"cy-judge\nnobody-here"}}
		if code, _, page := e.submit(c, "/innovation/rounds/new", round); code != http.StatusUnprocessableEntity || !strings.Contains(page, "第2行：") {
			t.Errorf("a round with an unknown reviewer: %d %s", code, page)
		}
		round.Set("reviewers", "cy-judge\nhd-cadre")
		if code, _, page := e.submit(c, "/innovation/rounds/new", round); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-reviewers"`) {
			t.Errorf("a round with another district's reviewer: %d %s", code, page)
		}
		round.Set("reviewers", "cy-judge")
		code, loc, page = e.submit(c, "/innovation/rounds/new", round)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/innovation/rounds/") {
			t.Fatalf("open a round: %d %s %s", code, loc, page)
		}
		var r gonghui.InnovationRound
		e.apiInto(e.cyToken, "GET", "/api/v1/innovation-rounds/"+strings.TrimPrefix(loc, "/innovation/rounds/"), "", http.StatusOK, &r)
		if !r.Final || r.Quota != 3 || len(r.Reviewers) != 1 || r.Reviewers[0].UserID != reviewer.ID {
			t.Errorf("the opened round: %+v", r)
		}
	})
}
