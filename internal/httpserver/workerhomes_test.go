package httpserver_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
)

func TestWorkerHomes(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		// The API: create, read, change one field, a stale edit, scope.
		code, body := e.api(e.cyToken, "POST", "/api/v1/workerhomes", `{"name":"建外暖心驿站","kind":"warm_station","org_id":`+id(e.cyUnion.ID)+
			`,"address":"北京市朝阳区建国门外大街1号","region_code":"110105","opening_hours":"全天","location":{"lat":39.908722,"lng":116.447229},"opened_on":"2017-03-01"}`)
		var h gonghui.WorkerHome
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &h) != nil || h.Version != 1 || h.Location == nil || h.OrgName != e.cyUnion.Name {
			t.Fatalf("create: %d %s", code, body)
		}
		path := "/api/v1/workerhomes/" + id(h.ID)
		code, body = e.api(e.cyToken, "PATCH", path, `{"opening_hours":"7:00-21:00","version":1}`)
		var got gonghui.WorkerHome
		if code != http.StatusOK || json.Unmarshal([]byte(body), &got) != nil || got.OpeningHours != "7:00-21:00" || got.Version != 2 ||
			got.Location == nil || got.Kind != gonghui.WorkerHomeWarm || got.Address != h.Address {
			t.Errorf("patch: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "PATCH", path, `{"opening_hours":"周末 10:00-16:00","version":1}`); code != http.StatusConflict {
			t.Errorf("stale patch: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/workerhomes", `{"name":"","kind":"palace","org_id":`+id(e.cyUnion.ID)+`,"location":{"lat":116,"lng":39}}`); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `"kind"`) || !strings.Contains(body, `"location.lat"`) || !strings.Contains(body, `"opened_on"`) {
			t.Errorf("invalid create: %d %s", code, body)
		}
		for _, tc := range []struct{ method, path, body string }{
			{"GET", path, ""},
			{"PATCH", path, `{"name":"x","version":2}`},
		} {
			if code, _ := e.api(e.hdToken, tc.method, tc.path, tc.body); code != http.StatusNotFound {
				t.Errorf("Haidian %s %s: %d, want 404", tc.method, tc.path, code)
			}
		}
		if _, body := e.api(e.hdToken, "GET", "/api/v1/workerhomes", ""); strings.Contains(body, "建外") {
			t.Errorf("Haidian's list leaks: %s", body)
		}
		if code, _ := e.api(e.viewerToken, "PATCH", path, `{"name":"x","version":2}`); code != http.StatusForbidden {
			t.Errorf("viewer patch: %d", code)
		}

		// The figures count it from its opening day.
		for date, want := range map[string]float64{"2017-02-28": 0, "2017-03-01": 1} {
			_, body := e.api(e.cyToken, "GET", "/api/v1/stats?org="+e.cyUnion.Code+"&date="+date, "")
			var st struct{ Indicators map[string]float64 }
			if json.Unmarshal([]byte(body), &st) != nil || st.Indicators["worker_homes"] != want || st.Indicators["warm_stations"] != want {
				t.Errorf("stats on %s: %s", date, body)
			}
		}

		// The UI: the navigation entry, the list, a form with its errors,
		// an edit.
		c := e.login("cy-cadre")
		code, page := e.do(c, "GET", "/workerhomes", "")
		if code != http.StatusOK || !strings.Contains(page, "建外暖心驿站") || !strings.Contains(page, `<a href="/workerhomes" aria-current="page">职工之家</a>`) {
			t.Errorf("list: %d", code)
		}
		form := url.Values{"name": {"示例公司职工之家"}, "kind": {"union_home"}, "org_code": {e.cyUnion.Code}, "address": {"朝阳区某路2号"},
			"lat": {"39.9"}, "lng": {""}, "opened_on": {"2016/05/01"}}
		code, page = e.do(c, "POST", "/workerhomes/new", form.Encode())
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-lng"`) || !strings.Contains(page, `id="err-opened_on"`) || !strings.Contains(page, "示例公司职工之家") {
			t.Errorf("refused form: %d", code)
		}
		form.Set("lng", "116.4")
		form.Set("opened_on", "2016-05-01")
		if code, _ := e.do(c, "POST", "/workerhomes/new", form.Encode()); code != http.StatusSeeOther {
			t.Errorf("create from the form: %d", code)
		}
		edit := url.Values{"name": {"建外暖心驿站"}, "kind": {"warm_station"}, "org_code": {e.cyUnion.Code}, "address": {h.Address},
			"opened_on": {"2017-03-01"}, "version": {"1"}}
		code, page = e.do(c, "POST", "/workerhomes/"+id(h.ID)+"/edit", edit.Encode())
		if code != http.StatusConflict || !strings.Contains(page, "此记录已被他人修改") {
			t.Errorf("stale UI edit: %d", code)
		}
		if code, _ := e.do(e.login("hd-cadre"), "GET", "/workerhomes/"+id(h.ID), ""); code != http.StatusNotFound {
			t.Errorf("Haidian sees Chaoyang's home: %d", code)
		}
	})
}
