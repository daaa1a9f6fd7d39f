package httpserver

import (
	"net/http"

	"gonghui"
	"gonghui/internal/store"
)

// memberList is the member list's answer: the list envelope and the
// cursors of the next and the previous page.
type memberList struct {
	list[gonghui.Member]
	Next string `json:"next,omitempty"`
	Prev string `json:"prev,omitempty"`
}

func (s *Server) apiMemberList(r *http.Request) (int, any, error) {
	f := memberFilter(r.URL.Query())
	pg, err := s.store.MembersPage(r.Context(), actorFrom(r), f)
	return http.StatusOK, memberList{newList(pg.Members, pg.Total, f.Page), pg.Next, pg.Prev}, err
}

func (s *Server) apiMemberGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	m, err := s.store.GetMember(r.Context(), actorFrom(r), id, formBool(r.URL.Query().Get("reveal")))
	return http.StatusOK, m, err
}

func (s *Server) apiMemberCreate(r *http.Request) (int, any, error) {
	var in gonghui.MemberInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	m, res, err := s.store.SaveMember(r.Context(), actorFrom(r), in)
	status := http.StatusCreated
	if res != store.Inserted {
		status = http.StatusOK // the same person's membership, updated or unchanged
	}
	return status, m, err
}

func (s *Server) apiMemberPatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	cur, err := s.store.GetMember(r.Context(), a, id, false)
	if err != nil {
		return 0, nil, err
	}
	in, sent, err := decodePatch(r, gonghui.PermEditMembers, cur.ToInput())
	if err != nil {
		return 0, nil, err
	}
	if in.OrgID != cur.OrgID {
		return 0, nil, gonghui.Invalid("org_id", "请使用转接更改会员所属工会", "use POST /api/v1/members/{id}/transfer to change the member's union")
	}
	// The phone and the address are kept as stored unless the body names
	// them (even empty, to clear them): the stored ones are sealed and were
	// never in the input.
	_, sentPhone := sent["phone"]
	_, sentAddress := sent["address"]
	in.KeepPhone, in.KeepAddress = !sentPhone, !sentAddress
	m, err := s.store.UpdateMember(r.Context(), a, id, in)
	return http.StatusOK, m, err
}

func (s *Server) apiMemberTransfer(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var body struct {
		ToOrgID int64  `json:"to_org_id"`
		Reason  string `json:"reason"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return 0, nil, err
	}
	t, err := s.store.StartTransfer(r.Context(), actorFrom(r), id, body.ToOrgID, body.Reason)
	return http.StatusCreated, t, err
}

func (s *Server) apiTransferList(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	p := pageParams(q, 50)
	ts, total, err := s.store.ListTransfers(r.Context(), actorFrom(r), gonghui.TransferStatus(q.Get("status")), p)
	return http.StatusOK, newList(ts, total, p), err
}

func (s *Server) apiTransferDecide(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var body struct {
		Decision gonghui.TransferStatus `json:"decision"`
		Note     string                 `json:"note"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return 0, nil, err
	}
	t, err := s.store.DecideTransfer(r.Context(), actorFrom(r), id, body.Decision, body.Note)
	return http.StatusOK, t, err
}

func (s *Server) apiImportCreate(r *http.Request) (int, any, error) {
	a := actorFrom(r)
	req, err := s.readImportUpload(r, a)
	if err != nil {
		return 0, nil, err
	}
	im, err := s.startImport(r.Context(), a, req)
	return http.StatusAccepted, im, err
}

func (s *Server) apiImportGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	im, err := s.getImport(r.Context(), actorFrom(r), id)
	return http.StatusOK, im, err
}

// importErrorJSON is one refused row as the API shows it (without the
// row's cells, which hold personal data; the XLSX report has them).
type importErrorJSON struct {
	Line  int    `json:"line"`
	Field string `json:"column"`
	Zh    string `json:"zh"`
	En    string `json:"en"`
}

func (s *Server) apiImportErrors(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	_, errs, err := s.importReport(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	// The reasons name lines, columns, cards and unions: read like the
	// report itself, so audited the same way.
	ex, err := s.store.StartExport(r.Context(), a, "import_errors", id, a.Path, map[string]any{"format": "json", "revealed": false})
	if err != nil {
		return 0, nil, err
	}
	out := make([]importErrorJSON, len(errs))
	for i, e := range errs {
		out[i] = importErrorJSON{e.Line, e.Field, e.Zh, e.En}
	}
	return http.StatusOK, out, ex.End(len(out), nil)
}
