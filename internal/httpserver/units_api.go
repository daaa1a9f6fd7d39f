package httpserver

import (
	"net/http"

	"gonghui"
)

func (s *Server) apiUnitList(r *http.Request) (int, any, error) {
	f := unitFilter(r.URL.Query())
	units, total, err := s.store.ListUnits(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(units, total, f.Page), err
}

func (s *Server) apiUnitGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	u, err := s.store.GetUnit(r.Context(), actorFrom(r), id)
	return http.StatusOK, u, err
}

func (s *Server) apiUnitCreate(r *http.Request) (int, any, error) {
	var in gonghui.UnitInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	u, err := s.store.CreateUnit(r.Context(), actorFrom(r), in)
	return http.StatusCreated, u, err
}

func (s *Server) apiUnitPatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	cur, err := s.store.GetUnit(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermEditUnits, cur.ToInput())
	if err != nil {
		return 0, nil, err
	}
	u, err := s.store.UpdateUnit(r.Context(), a, id, in)
	return http.StatusOK, u, err
}
