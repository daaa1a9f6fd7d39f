package httpserver

import (
	"net/http"
	"net/url"
	"strconv"

	"gonghui"
	"gonghui/internal/store"
)

// censusYear reads ?year= (default: the latest census year whose period
// has ended).
func censusYear(q url.Values) (int, error) {
	y := q.Get("year")
	if y == "" {
		return gonghui.LastClosedCensusYear(gonghui.Today()), nil
	}
	n, err := strconv.Atoi(y)
	if err != nil {
		return 0, gonghui.Invalid("year", "年度应为四位数字", "year must be four digits")
	}
	return n, nil
}

// orgRef resolves ?org= — a code, a USCC or an ID — in the actor's scope;
// empty is 0, the actor's own union.
func (s *Server) orgRef(r *http.Request, a gonghui.Actor, ref string) (int64, error) {
	if ref == "" {
		return 0, nil
	}
	o, err := s.store.ResolveOrgRef(r.Context(), a, ref)
	if err == nil {
		return o.ID, nil
	}
	if id := atoi64(ref); id != 0 {
		return id, nil
	}
	return 0, err
}

// censusOpen is the body that opens a return.
type censusOpen struct {
	OrgID int64 `json:"org_id"`
	Year  int   `json:"year"`
}

func (s *Server) apiCensusList(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	a := actorFrom(r)
	f := censusFilter(q)
	var err error
	if f.Year, err = censusYear(q); err != nil {
		return 0, nil, err
	}
	if f.OrgID, err = s.orgRef(r, a, q.Get("org")); err != nil {
		return 0, nil, err
	}
	rs, total, err := s.store.ListCensus(r.Context(), a, f)
	return http.StatusOK, newList(rs, total, f.Page), err
}

func (s *Server) apiCensusOpen(r *http.Request) (int, any, error) {
	var in censusOpen
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	if in.OrgID == 0 {
		in.OrgID = a.OrgID
	}
	ret, err := s.store.OpenCensus(r.Context(), a, in.OrgID, in.Year)
	return http.StatusOK, ret, err
}

func (s *Server) apiCensusSheet(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	a := actorFrom(r)
	year, err := censusYear(q)
	if err != nil {
		return 0, nil, err
	}
	orgID, err := s.orgRef(r, a, q.Get("org"))
	if err != nil {
		return 0, nil, err
	}
	if orgID == 0 {
		orgID = a.OrgID
	}
	sh, err := s.store.CensusSheet(r.Context(), a, orgID, year)
	return http.StatusOK, sh, err
}

func (s *Server) apiCensusGet(r *http.Request) (int, any, error) {
	sh, err := s.censusSheetOf(r)
	return http.StatusOK, sh, err
}

// censusSheetOf builds the sheet of the return named by the {id} path value.
func (s *Server) censusSheetOf(r *http.Request) (store.CensusSheet, error) {
	id, err := pathID(r)
	if err != nil {
		return store.CensusSheet{}, err
	}
	a := actorFrom(r)
	ret, err := s.store.GetCensus(r.Context(), a, id)
	if err != nil {
		return store.CensusSheet{}, err
	}
	return s.store.CensusSheet(r.Context(), a, ret.OrgID, ret.Year)
}

// apiCensusStep takes one action on the return named by {id}.
func (s *Server) apiCensusStep(act gonghui.CensusAction) func(r *http.Request) (int, any, error) {
	return func(r *http.Request) (int, any, error) {
		id, err := pathID(r)
		if err != nil {
			return 0, nil, err
		}
		var in gonghui.CensusInput
		switch {
		case act == gonghui.CensusSave: // the PATCH: an edit, from a version
			if in, _, err = decodePatch(r, gonghui.PermSubmitCensus, in); err != nil {
				return 0, nil, err
			}
		case r.ContentLength != 0: // approving needs no body
			if err := decodeJSON(r, &in); err != nil {
				return 0, nil, err
			}
		}
		ret, err := s.store.StepCensus(r.Context(), actorFrom(r), id, act, in)
		return http.StatusOK, ret, err
	}
}
