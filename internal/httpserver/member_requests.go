package httpserver

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// memberRequestsModule is what members ask of their union through the
// portal (会员申请): a programme's help, legal aid or mediation, with their
// documents, followed on one timeline; and the cadres' queue of them,
// where filing the application or taking down the intake takes one up.
var memberRequestsModule = module{
	name: "requests",
	nav:  []navEntry{{label: "nav.member_requests", href: "/member-requests", group: "nav.group.members"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /member-requests", s.memberRequestList)
		r.ui("GET /member-requests/{id}", s.memberRequestShow)
		r.ui("GET /member-requests/{id}/documents/{doc}", documentDownload("doc", s.store.MemberRequestDocument))
		r.ui("POST /member-requests/{id}/decline", s.memberRequestDecline)
		r.json("GET /api/v1/member-requests", apiListOf(memberRequestFilter, func(f gonghui.MemberRequestFilter) gonghui.Page { return f.Page }, s.store.ListMemberRequests))
		r.json("GET /api/v1/member-requests/{id}", apiGetOf(s.store.GetMemberRequest))
		r.json("POST /api/v1/member-requests/{id}/decline", apiActOf(s.store.DeclineMemberRequest))

		r.portalPage("GET /portal/requests", s.portalRequests)
		r.portalPage("GET /portal/requests/new", s.portalRequestForm)
		r.portalPage("POST /portal/requests/new", s.portalRequestSubmit)
		r.portalPage("GET /portal/requests/{id}", s.portalRequest)
		r.portalPage("GET /portal/requests/{id}/documents/{doc}", s.portalRequestDocument)
		r.portalPage("POST /portal/requests/{id}/withdraw", s.portalRequestWithdraw)
		r.portalJSON("GET /api/v1/portal/requests", s.apiPortalRequests)
		r.portalJSON("POST /api/v1/portal/requests", s.apiPortalRequestSubmit)
		r.portalJSON("GET /api/v1/portal/requests/{id}", s.apiPortalRequest)
		r.portalJSON("POST /api/v1/portal/requests/{id}/withdraw", s.apiPortalRequestWithdraw)
	},
	choices: map[string][]gonghui.Choice{"request_kind": gonghui.MemberRequestKinds, "request_state": gonghui.MemberRequestStates},
	apiTypes: map[string]any{
		"MemberRequest": gonghui.MemberRequest{}, "MemberRequestInput": gonghui.MemberRequestInput{}, "Document": gonghui.Document{},
		"TimelineEvent": gonghui.TimelineEvent{}, "RequestDecline": gonghui.RequestDecline{}, "PortalRequestSubmit": portalRequestSubmit{},
		"RequestUpload": requestUpload{},
	},
	inbox: func(s *Server, r *http.Request, a gonghui.Actor, _ gonghui.Date) ([]inboxItem, error) {
		n, err := s.store.WaitingMemberRequests(r.Context(), a)
		return inboxItemOf("inbox.member_requests", n, "/member-requests?state="+gonghui.RequestSubmitted), err
	},
}

func memberRequestFilter(q url.Values) gonghui.MemberRequestFilter {
	return gonghui.MemberRequestFilter{State: q.Get("state"), Kind: q.Get("kind"), Page: pageParams(q, 50)}
}

func (s *Server) memberRequestList(w http.ResponseWriter, r *http.Request) error {
	f := memberRequestFilter(r.URL.Query())
	list, total, err := s.store.ListMemberRequests(r.Context(), actorFrom(r), f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "requests/list", page{Title: i18n.T(i18n.FromRequest(r), "nav.member_requests"), Form: r.URL.Query(),
		Data: struct {
			listKit
			Requests []gonghui.MemberRequest
		}{newListKit(r, f.Page, total), list}})
	return nil
}

// memberRequestShow is a request as its union reads it (the read
// audited), with the links that take it up: the application form or the
// intake form, filled in from what the member stated.
func (s *Server) memberRequestShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	req, err := s.store.GetMemberRequest(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "requests/show", page{Title: i18n.T(i18n.FromRequest(r), "request.title") + " " + itoa(id),
		Data: struct {
			gonghui.MemberRequest
			TakeUp string
		}{req, takeUpLink(req)}})
	return nil
}

// takeUpLink is the form that takes a waiting request up ("" once it no
// longer waits); the form fills itself in from the request
// (prefillFromRequest), so nothing the member stated travels in an address.
func takeUpLink(req gonghui.MemberRequest) string {
	switch {
	case req.State != gonghui.RequestSubmitted:
		return ""
	case req.Kind == gonghui.RequestProgramme:
		return "/applications/new?request_id=" + itoa(req.ID)
	}
	return "/rights/intakes/new?request_id=" + itoa(req.ID)
}

// prefillFromRequest fills a take-up form (the application's or the
// intake's) with what the member of its request_id stated; the read is
// the request's, audited.
func (s *Server) prefillFromRequest(r *http.Request, form url.Values) error {
	req, err := s.store.RequestPrefill(r.Context(), actorFrom(r), atoi64(form.Get("request_id")))
	if err != nil {
		return err
	}
	// The union the member asked is the one filing, unless the cadre
	// typed another.
	if form.Get("org_code") == "" {
		union, err := s.store.GetOrg(r.Context(), actorFrom(r), req.OrgID)
		if err != nil {
			return err
		}
		form.Set("org_code", union.Code)
	}
	in := req.Input
	set := func(k, v string) {
		if v != "" {
			form.Set(k, v)
		}
	}
	fixed := func(fen int64) string {
		if fen <= 0 {
			return ""
		}
		return gonghui.FormatFixed(fen, 2)
	}
	if req.Kind == gonghui.RequestProgramme {
		set("programme_id", itoa(req.ProgrammeID))
		set("person_id", itoa(req.PersonID))
		set("school_level", in.SchoolLevel)
		set("beneficiary", in.Beneficiary)
		set("note", in.Statement)
		set("requested", fixed(in.RequestedFen))
		return nil
	}
	form.Set("channel", "online")
	form.Set("kind", gonghui.IntakeRequest)
	set("case_kind", gonghui.CaseKindOf(req.Kind))
	set("employer_name", in.EmployerName)
	set("summary", in.Statement)
	set("claim_kind", in.ClaimKind)
	set("claim_yuan", fixed(in.ClaimFen))
	return nil
}

func (s *Server) memberRequestDecline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	_, err = s.store.DeclineMemberRequest(r.Context(), actorFrom(r), id, gonghui.RequestDecline{Reason: r.PostForm.Get("reason"),
		Version: atoi64(r.PostForm.Get("version"))})
	return s.returnTo(w, r, "/member-requests/"+itoa(id), err)
}

// Bounds of a portal request's upload: each document as the store bounds
// it, all of them together portalUploadLimit.
const (
	portalUploadLimit = 16 << 20
	portalFormFields  = 16
)

// readRequestForm streams a portal request's multipart form: its fields
// (each at most maxFieldBytes) and its documents ("documents", each read
// into memory within the request's bound). Nothing spills to disk.
func readRequestForm(w http.ResponseWriter, r *http.Request) (url.Values, []store.RequestUpload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, portalUploadLimit)
	unreadable := gonghui.Invalid("documents", "材料合计不能超过16MB", "the documents together must be at most 16 MB")
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, gonghui.Invalid("body", "无法读取提交的表单", "the submitted form could not be read")
	}
	form := url.Values{}
	var docs []store.RequestUpload
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return form, docs, nil
		}
		if err != nil || parts > portalFormFields+gonghui.MaxRequestDocuments {
			return nil, nil, unreadable
		}
		name := part.FormName()
		switch {
		case name == "documents" && part.FileName() != "":
			b, err := io.ReadAll(part)
			if err != nil {
				return nil, nil, unreadable
			}
			docs = append(docs, store.RequestUpload{Name: part.FileName(), Data: b})
		case name != "" && part.FileName() == "":
			b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
			if err != nil || len(b) > maxFieldBytes {
				return nil, nil, unreadable
			}
			form.Add(name, string(b))
		}
		part.Close()
	}
}

// requestInputOf reads a request from the portal's form: amounts in
// yuan.
func requestInputOf(f url.Values, lang string, errs map[string]string) gonghui.MemberRequestInput {
	in := gonghui.MemberRequestInput{Kind: f.Get("kind"), ProgrammeID: atoi64(f.Get("programme_id")), Statement: f.Get("statement"),
		SchoolLevel: f.Get("school_level"), Beneficiary: f.Get("beneficiary"), EmployerName: f.Get("employer_name"), ClaimKind: f.Get("claim_kind")}
	for field, dst := range map[string]*int64{"requested": &in.RequestedFen, "claim": &in.ClaimFen} {
		if v := strings.TrimSpace(f.Get(field)); v != "" {
			n, err := gonghui.ParseFixed(strings.ReplaceAll(v, ",", ""), 2)
			if err != nil || n < 0 {
				errs[field] = gonghui.Message{Zh: "金额应为元，最多两位小数", En: "an amount in yuan, at most two decimals"}.In(lang)
			}
			*dst = n
		}
	}
	return in
}

// portalRequestView is what the portal's request form shows.
type portalRequestView struct {
	Programmes []gonghui.Programme
}

func (s *Server) renderRequestForm(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs map[string]string, flash string) error {
	acct, _ := memberFrom(r)
	progs, err := s.store.RequestProgrammes(r.Context(), acct)
	if err != nil {
		return err
	}
	s.renderPortal(w, r, status, "requests/portal_new", portalView{Title: i18n.T(i18n.FromRequest(r), "request.new"), Form: form, Errors: errs,
		Flash: flash, Data: portalRequestView{progs}})
	return nil
}

func (s *Server) portalRequestForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	kind := q.Get("kind")
	if !gonghui.IsChoiceKey(gonghui.MemberRequestKinds, kind) {
		kind = gonghui.RequestProgramme
	}
	return s.renderRequestForm(w, r, http.StatusOK, url.Values{"kind": {kind}, "programme_id": {q.Get("programme_id")}}, nil, "")
}

func (s *Server) portalRequestSubmit(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	form, docs, err := readRequestForm(w, r)
	errs := map[string]string{}
	var in gonghui.MemberRequestInput
	if err == nil {
		in = requestInputOf(form, lang, errs)
	}
	var req gonghui.MemberRequest
	if err == nil && len(errs) == 0 {
		acct, _ := memberFrom(r)
		req, err = s.store.SubmitMemberRequest(r.Context(), acct, clientAddr(r), in, docs)
	}
	if errs = mergeErrors(errs, err, lang); errs != nil {
		for k, m := range errs {
			switch {
			case k == "requested_fen":
				errs["requested"] = m
			case k == "claim_fen":
				errs["claim"] = m
			case strings.HasPrefix(k, "documents."):
				errs["documents"] = m
			}
		}
		if form == nil {
			form = url.Values{}
		}
		return s.renderRequestForm(w, r, http.StatusUnprocessableEntity, form, errs, joinReasons(errs))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/requests/"+itoa(req.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) portalRequests(w http.ResponseWriter, r *http.Request) error {
	acct, _ := memberFrom(r)
	list, err := s.store.MemberRequestsOf(r.Context(), acct)
	if err != nil {
		return err
	}
	s.renderPortal(w, r, http.StatusOK, "requests/portal_list", portalView{Title: i18n.T(i18n.FromRequest(r), "request.mine"), Data: list})
	return nil
}

func (s *Server) portalRequest(w http.ResponseWriter, r *http.Request) error {
	return s.renderPortalRequest(w, r, "")
}

func (s *Server) renderPortalRequest(w http.ResponseWriter, r *http.Request, flash string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	acct, _ := memberFrom(r)
	req, err := s.store.MemberRequestOf(r.Context(), acct, id)
	if err != nil {
		return err
	}
	s.renderPortal(w, r, http.StatusOK, "requests/portal_show", portalView{Title: i18n.T(i18n.FromRequest(r), "request.title"), Flash: flash, Data: req})
	return nil
}

func (s *Server) portalRequestDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	doc, err := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	if err != nil {
		return gonghui.ErrNotFound
	}
	acct, _ := memberFrom(r)
	d, data, err := s.store.MemberRequestDocumentOf(r.Context(), acct, id, doc)
	if err != nil {
		return err
	}
	return sendDocument(w, d.ContentType, d.Name, data)
}

func (s *Server) portalRequestWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	acct, _ := memberFrom(r)
	lang := i18n.FromRequest(r)
	_, err = s.store.WithdrawMemberRequest(r.Context(), acct, clientAddr(r), id)
	if fields := fieldErrors(err, lang); fields != nil {
		return s.renderPortalRequest(w, r, joinReasons(fields))
	}
	if err != nil {
		return err
	}
	return s.renderPortalRequest(w, r, i18n.T(lang, "request.withdrawn"))
}

// portalRequestSubmit is the API's request: what the member states and
// their documents, each base64 in JSON (the body bound is the portal
// upload's).
type portalRequestSubmit struct {
	Request   gonghui.MemberRequestInput `json:"request"`
	Documents []requestUpload            `json:"documents,omitempty"`
}

type requestUpload struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
}

func (s *Server) apiPortalRequests(r *http.Request) (int, any, error) {
	acct, _ := memberFrom(r)
	list, err := s.store.MemberRequestsOf(r.Context(), acct)
	return http.StatusOK, struct {
		Items []gonghui.MemberRequest `json:"items"`
	}{list}, err
}

func (s *Server) apiPortalRequestSubmit(r *http.Request) (int, any, error) {
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, portalUploadLimit*4/3+maxBody))
	if err != nil {
		return 0, nil, bodyError(err)
	}
	var in portalRequestSubmit
	if err := unmarshalInput(b, &in); err != nil {
		return 0, nil, err
	}
	docs := make([]store.RequestUpload, len(in.Documents))
	for i, d := range in.Documents {
		docs[i] = store.RequestUpload{Name: d.Name, Data: d.Data}
	}
	acct, _ := memberFrom(r)
	req, err := s.store.SubmitMemberRequest(r.Context(), acct, clientAddr(r), in.Request, docs)
	return http.StatusCreated, req, err
}

func (s *Server) apiPortalRequest(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	acct, _ := memberFrom(r)
	req, err := s.store.MemberRequestOf(r.Context(), acct, id)
	return http.StatusOK, req, err
}

func (s *Server) apiPortalRequestWithdraw(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	acct, _ := memberFrom(r)
	req, err := s.store.WithdrawMemberRequest(r.Context(), acct, clientAddr(r), id)
	return http.StatusOK, req, err
}
