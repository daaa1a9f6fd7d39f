package httpserver

import (
	"net/http"
	"net/url"
	"strings"

	"gonghui"
	"gonghui/internal/store"
)

// Workers' congresses, affairs disclosure and employee directors in the API.

// boolParam reads a yes/no query parameter (checkboxes send "1" or "on").
func boolParam(q url.Values, name string) bool {
	switch strings.ToLower(strings.TrimSpace(q.Get(name))) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// orgParam reads the subtree filter: org_id in the API, org in the UI.
func orgParam(q url.Values) int64 {
	if org := q.Get("org_id"); org != "" {
		return atoi64(org)
	}
	return atoi64(q.Get("org"))
}

func congressFilter(q url.Values) store.CongressFilter {
	return store.CongressFilter{OrgID: orgParam(q), Kind: gonghui.CongressKind(q.Get("kind")), UnitID: atoi64(q.Get("unit_id")),
		Active: boolParam(q, "active"), IDs: idsParam(q), Sort: q.Get("sort"), Page: pageParams(q, 50)}
}

func disclosureFilter(q url.Values) store.DisclosureFilter {
	return store.DisclosureFilter{OrgID: orgParam(q), UnitID: atoi64(q.Get("unit_id")), Active: boolParam(q, "active"), IDs: idsParam(q),
		Sort: q.Get("sort"), Page: pageParams(q, 50)}
}

func directorFilter(q url.Values) store.DirectorFilter {
	return store.DirectorFilter{OrgID: orgParam(q), UnitID: atoi64(q.Get("unit_id")), Role: gonghui.DirectorRole(q.Get("role")),
		Current: boolParam(q, "current"), Page: pageParams(q, 50)}
}

// filterUnit returns the unit a list is filtered by (zero when none). A unit
// outside the caller's scope is not found, as an org filter is: an empty
// list would hide that the filter was refused.
func (s *Server) filterUnit(r *http.Request, a gonghui.Actor, id int64) (gonghui.Unit, error) {
	if id == 0 {
		return gonghui.Unit{}, nil
	}
	return s.store.GetUnit(r.Context(), a, id)
}

// pageOf pages through a list held whole in memory, for a record's parts.
func pageOf[T any](items []T, p gonghui.Page) list[T] {
	total := len(items)
	lo, hi := min(p.Offset, total), min(p.Offset+p.Limit, total)
	return newList(items[lo:hi], total, p)
}

func (s *Server) apiCongressList(r *http.Request) (int, any, error) {
	a := actorFrom(r)
	f := congressFilter(r.URL.Query())
	if _, err := s.filterUnit(r, a, f.UnitID); err != nil {
		return 0, nil, err
	}
	gs, total, err := s.store.ListCongresses(r.Context(), a, f)
	return http.StatusOK, newList(gs, total, f.Page), err
}

func (s *Server) apiCongressGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	g, err := s.store.GetCongress(r.Context(), actorFrom(r), id)
	return http.StatusOK, g, err
}

func (s *Server) apiCongressCreate(r *http.Request) (int, any, error) {
	var in gonghui.CongressInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	g, err := s.store.CreateCongress(r.Context(), actorFrom(r), in)
	return http.StatusCreated, g, err
}

func (s *Server) apiCongressPatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	cur, err := s.store.GetCongress(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermEditDemocracy, cur.ToInput())
	if err != nil {
		return 0, nil, err
	}
	g, err := s.store.UpdateCongress(r.Context(), a, id, in)
	return http.StatusOK, g, err
}

func (s *Server) apiSittingCreate(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.SittingInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	st, err := s.store.AddSitting(r.Context(), actorFrom(r), id, in)
	return http.StatusCreated, st, err
}

func (s *Server) apiSittingList(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	sts, err := s.store.Sittings(r.Context(), actorFrom(r), id)
	return http.StatusOK, pageOf(sts, pageParams(r.URL.Query(), 100)), err
}

// congressDissolve is the body of POST /congresses/{id}/dissolve; its field
// is named as the store names it in a refusal.
type congressDissolve struct {
	DissolvedOn gonghui.Date `json:"dissolved_on"`
}

func (s *Server) apiCongressDissolve(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var b congressDissolve
	if err := decodeJSON(r, &b); err != nil {
		return 0, nil, err
	}
	g, err := s.store.DissolveCongress(r.Context(), actorFrom(r), id, b.DissolvedOn)
	return http.StatusOK, g, err
}

func (s *Server) apiDisclosureList(r *http.Request) (int, any, error) {
	a := actorFrom(r)
	f := disclosureFilter(r.URL.Query())
	if _, err := s.filterUnit(r, a, f.UnitID); err != nil {
		return 0, nil, err
	}
	ds, total, err := s.store.ListDisclosures(r.Context(), a, f)
	return http.StatusOK, newList(ds, total, f.Page), err
}

func (s *Server) apiDisclosureGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	d, err := s.store.GetDisclosure(r.Context(), actorFrom(r), id)
	return http.StatusOK, d, err
}

// disclosureInput is the body that establishes a disclosure system.
type disclosureInput struct {
	UnitID        int64        `json:"unit_id"`
	EstablishedOn gonghui.Date `json:"established_on"`
}

func (s *Server) apiDisclosureCreate(r *http.Request) (int, any, error) {
	var in disclosureInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	d, err := s.store.EstablishDisclosure(r.Context(), actorFrom(r), in.UnitID, in.EstablishedOn)
	return http.StatusCreated, d, err
}

// disclosureRecordInput is the body of a matter made public.
type disclosureRecordInput struct {
	DisclosedOn gonghui.Date `json:"disclosed_on"`
	Topic       string       `json:"topic"`
}

func (s *Server) apiDisclosureRecordCreate(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in disclosureRecordInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	rec, err := s.store.AddDisclosureRecord(r.Context(), actorFrom(r), id, in.DisclosedOn, in.Topic)
	return http.StatusCreated, rec, err
}

func (s *Server) apiDisclosureRecordList(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	recs, err := s.store.DisclosureRecords(r.Context(), actorFrom(r), id)
	return http.StatusOK, pageOf(recs, pageParams(r.URL.Query(), 100)), err
}

// disclosureEnd is the body of POST /disclosures/{id}/end.
type disclosureEnd struct {
	EndedOn gonghui.Date `json:"ended_on"`
}

func (s *Server) apiDisclosureEnd(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var b disclosureEnd
	if err := decodeJSON(r, &b); err != nil {
		return 0, nil, err
	}
	d, err := s.store.EndDisclosure(r.Context(), actorFrom(r), id, b.EndedOn)
	return http.StatusOK, d, err
}

func (s *Server) apiDirectorList(r *http.Request) (int, any, error) {
	a := actorFrom(r)
	f := directorFilter(r.URL.Query())
	if _, err := s.filterUnit(r, a, f.UnitID); err != nil {
		return 0, nil, err
	}
	ds, total, err := s.store.ListDirectors(r.Context(), a, f)
	return http.StatusOK, newList(ds, total, f.Page), err
}

func (s *Server) apiDirectorCreate(r *http.Request) (int, any, error) {
	var in gonghui.DirectorInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	d, err := s.store.AddDirector(r.Context(), actorFrom(r), in)
	return http.StatusCreated, d, err
}

// directorEnd is the body of POST /directors/{id}/end.
type directorEnd struct {
	Until gonghui.Date `json:"until"`
}

func (s *Server) apiDirectorEnd(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var b directorEnd
	if err := decodeJSON(r, &b); err != nil {
		return 0, nil, err
	}
	d, err := s.store.EndDirector(r.Context(), actorFrom(r), id, b.Until)
	return http.StatusOK, d, err
}
