package httpserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gonghui"
)

func TestStationsNearest(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		newStation := func(name, hours string, lat, lng float64, extra string) gonghui.WorkerHome {
			code, body := e.api(e.cyToken, "POST", "/api/v1/workerhomes", fmt.Sprintf(`{"name":%q,"kind":"warm_station","org_id":%d,
				"address":"北京市朝阳区","opening_hours":%q,"location":{"lat":%f,"lng":%f},"opened_on":"2017-03-01"%s}`, name, e.cyUnion.ID, hours, lat, lng, extra))
			var h gonghui.WorkerHome
			if code != http.StatusCreated || json.Unmarshal([]byte(body), &h) != nil {
				t.Fatalf("create %s: %d %s", name, code, body)
			}
			return h
		}
		always := newStation("建外全天驿站", "24小时", 39.9087, 116.4472,
			`,"services":["water","charging"],"partner":"某银行建外支行","contact_name":"王经理","contact_phone":"13812345678"`)
		// A reader who does not keep the homes sees the contact's phone masked.
		if code, body := e.api(e.viewerToken, "GET", "/api/v1/workerhomes/"+id(always.ID), ""); code != http.StatusOK ||
			strings.Contains(body, "13812345678") || !strings.Contains(body, "138****5678") {
			t.Errorf("a viewer reads the station: %d %s", code, body)
		}
		never := newStation("建外停用驿站", "", 39.9090, 116.4475, `,"status":"suspended"`)
		newStation("远处驿站", "24小时", 40.2, 116.8, "")

		type answer struct{ Items []gonghui.NearStation }
		nearest := func(token, query string) (int, answer, string) {
			code, body := e.api(token, "GET", "/api/v1/stations/nearest?"+query, "")
			var a answer
			if code == http.StatusOK && json.Unmarshal([]byte(body), &a) != nil {
				t.Fatalf("%s: %s", query, body)
			}
			return code, a, body
		}
		ids := func(a answer) (out []int64) {
			for _, s := range a.Items {
				out = append(out, s.ID)
			}
			return out
		}
		for _, c := range []struct {
			query string
			want  []int64
		}{
			{"lat=39.9087&lng=116.4472", []int64{always.ID, never.ID}},
			{"lat=39.9087&lng=116.4472&open_now=1", []int64{always.ID}},
			{"lat=39.9087&lng=116.4472&service=charging", []int64{always.ID}},
			{"lat=39.9087&lng=116.4472&kind=union_home", nil},
			{"lat=39.9087&lng=116.4472&radius=10&limit=1", []int64{always.ID}},
		} {
			code, a, body := nearest(e.cyToken, c.query)
			if code != http.StatusOK || fmt.Sprint(ids(a)) != fmt.Sprint(c.want) {
				t.Errorf("%s: %d %s, want %v", c.query, code, body, c.want)
			}
		}
		_, a, _ := nearest(e.cyToken, "lat=39.9087&lng=116.4472&open_now=1")
		if len(a.Items) != 1 || !a.Items[0].OpenNow || a.Items[0].Distance != 0 || a.Items[0].ContactPhone != "138****5678" || a.Items[0].LocationGCJ02 == nil {
			t.Errorf("found %+v", a.Items)
		}
		// A point picked on a Chinese map (GCJ-02) finds the same station.
		g := always.Location.GCJ02()
		if _, a, body := nearest(e.cyToken, fmt.Sprintf("lat=%f&lng=%f&datum=gcj02&radius=5", g.Lat, g.Lng)); len(a.Items) != 1 || a.Items[0].ID != always.ID {
			t.Errorf("GCJ-02 point: %s", body)
		}
		for query, fields := range map[string][]string{
			"lat=abc&lng=116.4":                    {"lat"},
			"lat=116.4&lng=39.9":                   {"lat", "lng"},
			"lng=116.4":                            {"lat"},
			"lat=39.9&lng=116.4&radius=0":          {"radius"},
			"lat=39.9&lng=116.4&datum=bd09&kind=x": {"datum", "kind"},
		} {
			code, _, body := nearest(e.cyToken, query)
			for _, f := range fields {
				if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"`+f+`"`) {
					t.Errorf("%s: %d %s, want 422 naming %s", query, code, body, f)
				}
			}
		}
		if _, a, _ := nearest(e.hdToken, "lat=39.9087&lng=116.4472&radius=20000"); len(a.Items) != 0 {
			t.Errorf("Haidian finds Chaoyang's stations: %+v", a.Items)
		}

		// The pages: the search, a bad point beside its field, the map and
		// its points.
		c := e.login("cy-cadre")
		if code, page := e.do(c, "GET", "/stations/nearest", ""); code != http.StatusOK || !strings.Contains(page, `id="locate"`) || strings.Contains(page, "nearest-results") {
			t.Errorf("search form: %d", code)
		}
		if code, page := e.do(c, "GET", "/stations/nearest?lat=39.9087&lng=116.4472&open_now=1&radius=2000", ""); code != http.StatusOK ||
			!strings.Contains(page, "建外全天驿站") || strings.Contains(page, "建外停用驿站") {
			t.Errorf("search: %d", code)
		}
		if code, page := e.do(c, "GET", "/stations/nearest?lat=x&lng=116.4", ""); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-lat"`) {
			t.Errorf("bad point: %d", code)
		}
		if code, page := e.do(c, "GET", "/stations/map?kind=warm_station", ""); code != http.StatusOK || !strings.Contains(page, `id="station-map"`) ||
			!strings.Contains(page, "/static/vendor/beijing.geo.json") {
			t.Errorf("map: %d", code)
		}
		// The door sign's QR holds the address that finds the station by
		// its code.
		if code, page := e.do(c, "GET", "/workerhomes/"+id(always.ID)+"/door", ""); code != http.StatusOK ||
			!strings.Contains(page, "/portal/stations/"+always.Code) || !strings.Contains(page, "/static/vendor/qrcode.js") {
			t.Errorf("door sign: %d", code)
		}
		if code, _ := e.do(c, "GET", "/stations/code/"+strings.ToLower(always.Code), ""); code != http.StatusSeeOther {
			t.Errorf("by code: %d", code)
		}
		if code, _ := e.do(e.login("hd-cadre"), "GET", "/stations/code/"+always.Code, ""); code != http.StatusNotFound {
			t.Errorf("Haidian finds Chaoyang's station by its code: %d", code)
		}
		// Inspections: through the API, then the station's page, and the
		// inbox line of the stations due.
		path := "/api/v1/workerhomes/" + id(always.ID) + "/inspections"
		if code, body := e.api(e.cyToken, "POST", path, `{"inspected_on":"2017-04-01","inspector":"李检查","passed":false}`); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `"findings"`) {
			t.Errorf("inspection without findings: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "POST", path, `{"inspected_on":"2017-04-01","inspector":"李检查","passed":false,"findings":"饮水机损坏"}`); code != http.StatusCreated {
			t.Errorf("inspection: %d %s", code, body)
		}
		if code, body := e.api(e.hdToken, "GET", path, ""); code != http.StatusNotFound {
			t.Errorf("Haidian reads the inspections: %d %s", code, body)
		}
		if code, page := e.do(c, "GET", "/workerhomes/"+id(always.ID), ""); code != http.StatusOK || !strings.Contains(page, "饮水机损坏") ||
			!strings.Contains(page, `action="/workerhomes/`+id(always.ID)+`/inspections"`) {
			t.Errorf("station page: %d", code)
		}
		if code, page := e.do(c, "GET", "/", ""); code != http.StatusOK || !strings.Contains(page, "驿站到期待检查") || !strings.Contains(page, "/workerhomes?due=1") {
			t.Errorf("home inbox: %d", code)
		}
		if code, page := e.do(c, "GET", "/workerhomes?due=1", ""); code != http.StatusOK || !strings.Contains(page, "建外全天驿站") {
			t.Errorf("stations due: %d", code)
		}
		code, body := e.do(c, "GET", "/stations/map.json?service=charging", "")
		var points []struct {
			ID       int64
			Lat, Lng float64
		}
		if code != http.StatusOK || json.Unmarshal([]byte(body), &points) != nil || len(points) != 1 || points[0].ID != always.ID ||
			points[0].Lat != float64(int64(g.Lat*1e5+0.5))/1e5 {
			t.Errorf("map points: %d %s", code, body)
		}
	})
}
