package httpserver

import (
	"net/http"

	"gonghui"
)

func (s *Server) apiOrgList(r *http.Request) (int, any, error) {
	f := orgFilter(r.URL.Query())
	orgs, total, err := s.store.ListOrgs(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(orgs, total, f.Page), err
}

func (s *Server) apiOrgChildren(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	if _, err := s.store.GetOrg(r.Context(), a, id); err != nil {
		return 0, nil, err
	}
	f := gonghui.OrgFilter{ParentID: id, Page: pageParams(r.URL.Query(), 50)}
	orgs, total, err := s.store.ListOrgs(r.Context(), a, f)
	return http.StatusOK, newList(orgs, total, f.Page), err
}

func (s *Server) apiOrgGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	o, err := s.store.GetOrg(r.Context(), actorFrom(r), id)
	return http.StatusOK, o, err
}

func (s *Server) apiOrgCreate(r *http.Request) (int, any, error) {
	var in gonghui.OrgInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	o, err := s.store.CreateOrg(r.Context(), actorFrom(r), in)
	return http.StatusCreated, o, err
}

func (s *Server) apiOrgPatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	cur, err := s.store.GetOrg(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermEditOrgs, cur.ToInput())
	if err != nil {
		return 0, nil, err
	}
	if in.ParentID != cur.ParentID {
		return 0, nil, gonghui.Invalid("parent_id", "请使用移动操作更改上级工会", "use POST /api/v1/orgs/{id}/move to change the parent")
	}
	o, err := s.store.UpdateOrg(r.Context(), a, id, in)
	return http.StatusOK, o, err
}

// treeAction is the body of move, merge and dissolve.
type treeAction struct {
	ParentID    int64        `json:"parent_id"`
	SuccessorID int64        `json:"successor_id"`
	Date        gonghui.Date `json:"date"`
}

func (s *Server) apiOrgTree(r *http.Request, do func(a gonghui.Actor, id int64, t treeAction) (gonghui.Org, error)) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var t treeAction
	if err := decodeJSON(r, &t); err != nil {
		return 0, nil, err
	}
	o, err := do(actorFrom(r), id, t)
	return http.StatusOK, o, err
}

func (s *Server) apiOrgMove(r *http.Request) (int, any, error) {
	return s.apiOrgTree(r, func(a gonghui.Actor, id int64, t treeAction) (gonghui.Org, error) {
		return s.store.MoveOrg(r.Context(), a, id, t.ParentID)
	})
}

func (s *Server) apiOrgDissolve(r *http.Request) (int, any, error) {
	return s.apiOrgTree(r, func(a gonghui.Actor, id int64, t treeAction) (gonghui.Org, error) {
		return s.store.DissolveOrg(r.Context(), a, id, t.Date)
	})
}

func (s *Server) apiOrgMerge(r *http.Request) (int, any, error) {
	return s.apiOrgTree(r, func(a gonghui.Actor, id int64, t treeAction) (gonghui.Org, error) {
		return s.store.MergeOrg(r.Context(), a, id, t.SuccessorID, t.Date)
	})
}
