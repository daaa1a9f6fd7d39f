package httpserver

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
)

// The stations' search and map: the nearest open stations to a point
// (typed, or the browser's position) and the city's districts with the
// stations plotted. Both are routes of the worker-home module.

// parseCoordinate reads a coordinate in decimal degrees between lo and hi
// (a comma or a full-width dot typed for the point is accepted).
func parseCoordinate(s string, lo, hi float64) (float64, bool) {
	s = strings.NewReplacer("，", "", "。", ".", "°", "").Replace(strings.TrimSpace(s))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < lo || v > hi || len(s) > 20 {
		return 0, false
	}
	return v, true
}

// nearestQuery is the one reader of a nearest search's parameters (the
// page and the API): lat and lng (WGS-84, or GCJ-02 with datum=gcj02, as
// a Chinese map gives them), radius in metres, open_now, kind, service,
// limit.
func nearestQuery(q url.Values) (gonghui.NearestQuery, error) {
	v := &gonghui.ValidationError{}
	lat, okLat := parseCoordinate(q.Get("lat"), 3, 54)
	lng, okLng := parseCoordinate(q.Get("lng"), 73, 136)
	if !okLat {
		v.Add("lat", "纬度须为3到54之间的小数度数", "the latitude must be decimal degrees between 3 and 54")
	}
	if !okLng {
		v.Add("lng", "经度须为73到136之间的小数度数", "the longitude must be decimal degrees between 73 and 136")
	}
	nq := gonghui.NearestQuery{At: gonghui.GeoPoint{Lat: lat, Lng: lng}, OpenNow: q.Get("open_now") == "1" || q.Get("open_now") == "true",
		Kind: q.Get("kind"), Service: q.Get("service")}
	switch q.Get("datum") {
	case "", "wgs84":
	case "gcj02":
		nq.At = gonghui.WGS84FromGCJ02(nq.At)
	default:
		v.Add("datum", "坐标系须为 wgs84 或 gcj02", "the datum is wgs84 or gcj02")
	}
	if r := q.Get("radius"); r != "" {
		n, err := strconv.Atoi(r)
		if err != nil || n < 1 || n > 20000 {
			v.Add("radius", "搜索半径须为1到20000米", "the radius is 1 to 20000 metres")
		}
		nq.Radius = float64(n)
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 50 {
			v.Add("limit", "数量须为1到50", "the limit is 1 to 50")
		}
		nq.Limit = n
	}
	if nq.Kind != "" && !gonghui.IsChoiceKey(gonghui.WorkerHomeKinds, nq.Kind) {
		v.Add("kind", "未知的阵地类型", "unknown kind")
	}
	if nq.Service != "" && !gonghui.IsChoiceKey(gonghui.StationServices, nq.Service) {
		v.Add("service", "未知的服务项目", "unknown service")
	}
	nq.Normalize()
	return nq, v.Err()
}

func (s *Server) apiStationsNearest(r *http.Request) (int, any, error) {
	q, err := nearestQuery(r.URL.Query())
	if err != nil {
		return 0, nil, err
	}
	found, err := s.store.NearestStations(r.Context(), actorFrom(r), q)
	if found == nil {
		found = []gonghui.NearStation{}
	}
	return http.StatusOK, struct {
		Items []gonghui.NearStation `json:"items"`
	}{found}, err
}

// stationsNearest is the search page: the form alone until a point is
// given; a bad one shows beside its field.
func (s *Server) stationsNearest(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	form := r.URL.Query()
	if !form.Has("lat") && !form.Has("lng") {
		form = url.Values{"open_now": {"1"}, "radius": {"2000"}}
		s.render(w, r, http.StatusOK, "workerhomes/nearest", page{Title: i18n.T(lang, "station.nearest"), Form: form})
		return nil
	}
	q, err := nearestQuery(form)
	var found []gonghui.NearStation
	if err == nil {
		found, err = s.store.NearestStations(r.Context(), actorFrom(r), q)
	}
	errs := fieldErrors(err, lang)
	if err != nil && errs == nil {
		return err
	}
	status := http.StatusOK
	if errs != nil {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "workerhomes/nearest", page{Title: i18n.T(lang, "station.nearest"), Form: form, Errors: errs,
		Data: struct {
			Searched bool
			Found    []gonghui.NearStation
		}{errs == nil, found}})
	return nil
}

func (s *Server) stationsMap(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	s.render(w, r, http.StatusOK, "workerhomes/map", page{Title: i18n.T(lang, "station.map"), Form: r.URL.Query()})
	return nil
}

// stationPoint is a station as the map plots it: GCJ-02, as the map's
// outlines are drawn.
type stationPoint struct {
	ID   int64   `json:"id"`
	Name string  `json:"name"`
	Kind string  `json:"kind"`
	Lng  float64 `json:"lng"`
	Lat  float64 `json:"lat"`
}

// stationsMapPoints are the located stations open (by status) of the
// caller's scope, filtered by kind and service, for the map page.
func (s *Server) stationsMapPoints(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	f := gonghui.WorkerHomeFilter{Kind: q.Get("kind"), Service: q.Get("service"), Status: gonghui.StationOpen, Located: true}
	points := []stationPoint{}
	for off := 0; ; off += 500 {
		f.Page = gonghui.Page{Offset: off, Limit: 500}
		homes, _, err := s.store.ListWorkerHomes(r.Context(), a, f)
		if err != nil {
			return err
		}
		for _, h := range homes {
			g := h.Location.GCJ02()
			points = append(points, stationPoint{h.ID, h.Name, h.Kind, math.Round(g.Lng*1e5) / 1e5, math.Round(g.Lat*1e5) / 1e5})
		}
		if len(homes) < 500 || len(points) >= maxMapPoints {
			break
		}
	}
	writeJSON(w, http.StatusOK, points)
	return nil
}

// maxMapPoints bounds what one map draws (the city's 30,000 stations at
// about 60 bytes each).
const maxMapPoints = 40000

// stationDoorSign is the sign printed for a station's door: its name,
// code, hours and services, and a QR of the address that finds the
// station by its code.
func (s *Server) stationDoorSign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	h, err := s.store.GetWorkerHome(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	target := siteURL(r) + "/portal/stations/" + url.PathEscape(h.Code) // a member scans it to check in
	s.render(w, r, http.StatusOK, "workerhomes/door", page{Title: h.Name, Data: struct {
		Home   gonghui.WorkerHome
		Target string
	}{h, target}})
	return nil
}

// stationByCode finds a station by the code on its door.
func (s *Server) stationByCode(w http.ResponseWriter, r *http.Request) error {
	code := strings.ToUpper(strings.TrimSpace(r.PathValue("code")))
	homes, _, err := s.store.ListWorkerHomes(r.Context(), actorFrom(r), gonghui.WorkerHomeFilter{Query: code, Closed: true})
	if err != nil {
		return err
	}
	for _, h := range homes {
		if h.Code == code {
			http.Redirect(w, r, "/workerhomes/"+strconv.FormatInt(h.ID, 10), http.StatusSeeOther)
			return nil
		}
	}
	return gonghui.ErrNotFound
}

// stationsInbox counts the stations due for inspection, and those a
// member's report flags, for whoever keeps them.
func stationsInbox(s *Server, r *http.Request, a gonghui.Actor, today gonghui.Date) ([]inboxItem, error) {
	if !a.Can(gonghui.PermEditOrgs) {
		return nil, nil
	}
	homes, _, err := s.store.ListWorkerHomes(r.Context(), a, gonghui.WorkerHomeFilter{InspectionDue: today, Page: gonghui.Page{Limit: inboxCap + 1}})
	if err != nil {
		return nil, err
	}
	flagged, err := s.store.FlaggedStations(r.Context(), a)
	return append(inboxItemOf("inbox.station_inspections", len(homes), "/workerhomes?due=1"),
		inboxItemOf("inbox.stations_flagged", flagged, "/workerhomes?flagged=1")...), err
}

// stationInspect records an inspection from the station's page.
func (s *Server) stationInspect(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	on, derr := gonghui.ParseDate(f.Get("inspected_on"))
	in := gonghui.StationInspectionInput{InspectedOn: on, Inspector: f.Get("inspector"), Passed: f.Get("passed") == "1", Findings: f.Get("findings")}
	if derr != nil {
		err = gonghui.Invalid("inspected_on", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	} else {
		_, err = s.store.RecordStationInspection(r.Context(), actorFrom(r), id, in)
	}
	return s.returnTo(w, r, "/workerhomes/"+strconv.FormatInt(id, 10), err)
}

func (s *Server) apiStationInspections(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	list, err := s.store.ListStationInspections(r.Context(), actorFrom(r), id)
	return http.StatusOK, struct {
		Items []gonghui.StationInspection `json:"items"`
	}{list}, err
}

func (s *Server) apiStationInspect(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.StationInspectionInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	out, err := s.store.RecordStationInspection(r.Context(), actorFrom(r), id, in)
	return http.StatusCreated, out, err
}
