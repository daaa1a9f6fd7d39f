package httpserver_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gonghui"
)

func TestHonours(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		root := mustRoot(t, e.st)
		// The 422 shape: every bad field of a round at once, the rules'
		// fields named inside them.
		code, body := e.api(e.adminToken, "POST", "/api/v1/honour-rounds", `{"kind":"model_home","level":"city","year":2017,"org_id":`+id(root.ID)+
			`,"title":"","quota":0,"rules":{"min_membership_rate":120,"shares":[{"category":"head","max":10}],"quorum":1}}`)
		var refused struct {
			Error struct {
				Message string
				Fields  map[string]string
			}
		}
		if code != http.StatusUnprocessableEntity || json.Unmarshal([]byte(body), &refused) != nil || refused.Error.Fields["title"] == "" ||
			refused.Error.Fields["quota"] == "" || refused.Error.Fields["rules"] == "" {
			t.Fatalf("invalid round: %d %s", code, body)
		}
		code, body = e.api(e.adminToken, "POST", "/api/v1/honour-rounds", `{"kind":"model_home","level":"city","year":2017,"org_id":`+id(root.ID)+
			`,"title":"北京市模范职工之家","quota":2,"rules":{"min_membership_rate":90,"congress":true}}`)
		var strict gonghui.HonourRound
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &strict) != nil || strict.Rules.MinMembershipRate != 90 {
			t.Fatalf("round: %d %s", code, body)
		}
		nominee := `{"recipient":{"org_id":` + id(e.cyUnion.ID) + `}}`
		path := "/api/v1/honour-rounds/" + id(strict.ID)
		code, body = e.api(e.cyToken, "POST", path+"/nominations", nominee)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"rule.min_membership_rate"`) || !strings.Contains(body, `"rule.congress"`) {
			t.Errorf("a nominee failing the rules: %d %s", code, body)
		}
		code, body = e.api(e.cyToken, "GET", path+"/eligible?all=1", "")
		if code != http.StatusOK || !strings.Contains(body, `"org_name":"`+e.cyUnion.Name+`"`) || !strings.Contains(body, `"staff":30`) || strings.Contains(body, e.hdUnion.Name) {
			t.Errorf("pre-eligibility: %d %s", code, body)
		}
		if _, body := e.api(e.cyToken, "GET", path+"/eligible", ""); !strings.Contains(body, `"total":0`) {
			t.Errorf("passing unions: %s", body)
		}

		code, body = e.api(e.adminToken, "POST", "/api/v1/honour-rounds", `{"kind":"model_home","level":"city","year":2017,"org_id":`+id(root.ID)+`,"title":"示范评选","quota":1}`)
		var open gonghui.HonourRound
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &open) != nil {
			t.Fatalf("round: %d %s", code, body)
		}
		path = "/api/v1/honour-rounds/" + id(open.ID)
		if code, body := e.api(e.hdToken, "POST", path+"/nominations", nominee); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"org_id"`) {
			t.Errorf("Haidian nominated a Chaoyang union: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "POST", path+"/nominations", nominee); code != http.StatusCreated {
			t.Fatalf("nominate: %d %s", code, body)
		}
		if code, body := e.api(e.viewerToken, "POST", path+"/nominations", nominee); code != http.StatusForbidden {
			t.Errorf("a viewer nominated: %d %s", code, body)
		}

		// The root's inbox holds the round to approve; Chaoyang cannot.
		if _, page := e.do(e.login("root-admin"), "GET", "/", ""); !strings.Contains(page, `<a href="/honours/rounds"><span class="inbox-count">1</span> 项评选的推荐名单待审定</a>`) {
			t.Errorf("the root's inbox: %s", page)
		}
		if code, _ := e.api(e.cyToken, "POST", path+"/approve", `{"version":1}`); code != http.StatusNotFound {
			t.Errorf("approved below the holding union: %d", code)
		}
		if code, body := e.api(e.adminToken, "POST", path+"/approve", `{"version":1}`); code != http.StatusOK || !strings.Contains(body, `"state":"approved"`) {
			t.Fatalf("approve: %d %s", code, body)
		}
		code, body = e.api(e.cyToken, "GET", "/api/v1/honours?kind=model_home", "")
		var list struct {
			Items []gonghui.Honour
			Total int
		}
		if code != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil || list.Total != 1 || list.Items[0].OrgID != e.cyUnion.ID {
			t.Fatalf("titles: %d %s", code, body)
		}
		honour := "/api/v1/honours/" + id(list.Items[0].ID)
		if code, body := e.api(e.adminToken, "POST", honour+"/status", `{"status":"revoked","on":"2017-01-01","version":1}`); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `"reason"`) || !strings.Contains(body, `"on"`) {
			t.Errorf("a revocation without a reason, before the award: %d %s", code, body)
		}
		if code, _ := e.api(e.hdToken, "GET", honour, ""); code != http.StatusNotFound {
			t.Errorf("Haidian reads Chaoyang's title: %d", code)
		}

		// The pages: the list, the round, a refused registration, a
		// revocation through the form.
		c := e.login("cy-cadre")
		if code, page := e.do(c, "GET", "/honours", ""); code != http.StatusOK || !strings.Contains(page, e.cyUnion.Name) || !strings.Contains(page, "模范职工之家") {
			t.Errorf("list: %d", code)
		}
		if code, page := e.do(c, "GET", "/honours/rounds/"+id(strict.ID), ""); code != http.StatusOK || !strings.Contains(page, "北京市模范职工之家") || !strings.Contains(page, `action="/honours/rounds/`+id(strict.ID)+`/nominate"`) {
			t.Errorf("round page: %d", code)
		}
		if code, page := e.do(c, "GET", "/honours/rounds/"+id(strict.ID)+"/eligible?all=1", ""); code != http.StatusOK || !strings.Contains(page, "入会率") {
			t.Errorf("eligible page: %d", code)
		}
		form := url.Values{"kind": {"model_worker"}, "level": {"city"}, "year": {"2015"}, "org_code": {e.cyUnion.Code}, "person_name": {"张劳模"}, "id_number": {"110105"}, "awarded_on": {"2015-04-28"}}
		code, page := e.do(c, "POST", "/honours/new", form.Encode())
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-id_number"`) || !strings.Contains(page, `id="err-category"`) || !strings.Contains(page, "张劳模") {
			t.Errorf("refused registration: %d", code)
		}
		if code, body := e.do(c, "GET", "/honours.csv?kind=model_home", ""); code != http.StatusOK || !strings.Contains(body, "模范职工之家,市级,2017,"+e.cyUnion.Code) {
			t.Errorf("export: %d %s", code, body)
		}
		if code, _ := e.do(e.login("cy-viewer"), "GET", "/honours/new", ""); code != http.StatusForbidden {
			t.Errorf("a viewer's registration form: %d", code)
		}
		status := url.Values{"status": {"revoked"}, "on": {gonghui.DateOf(time.Now()).String()}, "reason": {"材料不实"}, "version": {"1"}}
		if code, _ := e.do(e.login("cy-admin"), "POST", "/honours/"+id(list.Items[0].ID)+"/status", status.Encode()); code != http.StatusSeeOther {
			t.Errorf("revoke from the form: %d", code)
		}
		if _, body := e.api(e.cyToken, "GET", honour, ""); !strings.Contains(body, `"status":"revoked"`) || !strings.Contains(body, "材料不实") {
			t.Errorf("revoked: %s", body)
		}
	})
}
