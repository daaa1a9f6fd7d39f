package httpserver

import (
	"net/http"

	"gonghui"
)

func (s *Server) apiHardshipList(r *http.Request) (int, any, error) {
	f := hardshipFilter(r.URL.Query(), "org_id")
	files, total, err := s.store.ListHardshipFiles(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(files, total, f.Page), err
}

func (s *Server) apiHardshipGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	f, err := s.store.GetHardshipFile(r.Context(), actorFrom(r), id, formBool(r.URL.Query().Get("reveal")))
	return http.StatusOK, f, err
}

func (s *Server) apiHardshipCreate(r *http.Request) (int, any, error) {
	var in gonghui.HardshipFileInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	f, err := s.store.CreateHardshipFile(r.Context(), actorFrom(r), in)
	return http.StatusCreated, f, err
}

// apiHardshipPatch merges the fields sent onto the file's full input (a
// reveal for editing, audited) and answers the file masked.
func (s *Server) apiHardshipPatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	if !a.Can(gonghui.PermEditHardship) {
		return 0, nil, gonghui.ErrForbidden
	}
	cur, err := s.store.HardshipEditInput(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermEditHardship, cur)
	if err != nil {
		return 0, nil, err
	}
	f, err := s.store.UpdateHardshipFile(r.Context(), a, id, in)
	return http.StatusOK, f, err
}

func (s *Server) apiHardshipMove(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var t gonghui.HardshipTransition
	if err := decodeJSON(r, &t); err != nil {
		return 0, nil, err
	}
	f, err := s.store.MoveHardshipFile(r.Context(), actorFrom(r), id, t)
	return http.StatusOK, f, err
}

func (s *Server) apiHardshipRecord(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	_, rec, err := s.store.HardshipRecordOf(r.Context(), actorFrom(r), id, formBool(r.URL.Query().Get("reveal")))
	return http.StatusOK, rec, err
}

func (s *Server) apiHardshipVisit(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var v gonghui.HardshipVisit
	if err := decodeJSON(r, &v); err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	if err := s.store.AddHardshipVisit(r.Context(), a, id, v); err != nil {
		return 0, nil, err
	}
	_, rec, err := s.store.HardshipRecordOf(r.Context(), a, id, false)
	return http.StatusCreated, rec, err
}

func (s *Server) apiHardshipAttachments(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	list, err := s.store.HardshipAttachments(r.Context(), actorFrom(r), id)
	return http.StatusOK, list, err
}

func (s *Server) apiHardshipAllowances(r *http.Request) (int, any, error) {
	list, err := s.store.HardshipAllowances(r.Context())
	return http.StatusOK, list, err
}

func (s *Server) apiHardshipAllowanceSave(r *http.Request) (int, any, error) {
	var al gonghui.HardshipAllowance
	if err := decodeJSON(r, &al); err != nil {
		return 0, nil, err
	}
	al, err := s.store.SaveHardshipAllowance(r.Context(), actorFrom(r), al)
	return http.StatusOK, al, err
}
