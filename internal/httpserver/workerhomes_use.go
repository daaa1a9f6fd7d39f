package httpserver

import "net/http"

// A station in use, as its keepers see it: members' check-ins, ratings and
// reports, and the resolution of a report.

func (s *Server) stationReportResolve(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	rep, err := s.store.ResolveStationReport(r.Context(), actorFrom(r), id, r.PostForm.Get("resolution"))
	back := "/workerhomes"
	if rep.HomeID != 0 {
		back = "/workerhomes/" + itoa(rep.HomeID)
	} else if home := atoi64(r.PostForm.Get("home_id")); home != 0 {
		back = "/workerhomes/" + itoa(home)
	}
	return s.returnTo(w, r, back, err)
}

func (s *Server) apiStationUse(r *http.Request) (int, any, error) {
	return apiGetOf(s.store.StationUseOf)(r)
}

func (s *Server) apiStationReports(r *http.Request) (int, any, error) {
	return apiGetOf(s.store.StationReports)(r)
}

func (s *Server) apiStationReportResolve(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Resolution string `json:"resolution"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	rep, err := s.store.ResolveStationReport(r.Context(), actorFrom(r), id, in.Resolution)
	return http.StatusOK, rep, err
}
