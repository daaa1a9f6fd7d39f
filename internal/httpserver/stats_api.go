package httpserver

import (
	"net/http"

	"gonghui"
)

func (s *Server) apiStats(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	on, err := dateParam(q)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	orgID, err := s.orgRef(r, a, q.Get("org"))
	if err != nil {
		return 0, nil, err
	}
	st, err := s.store.ComputeStats(r.Context(), a, orgID, on)
	return http.StatusOK, st, err
}

func (s *Server) apiIndicators(r *http.Request) (int, any, error) {
	return http.StatusOK, gonghui.Indicators, nil
}
