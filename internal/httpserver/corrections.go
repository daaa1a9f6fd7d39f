package httpserver

import (
	"net/http"
	"net/url"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// correctionsModule is a member's own correction of their phone, address
// and education: proposed (and withdrawn) in the portal, confirmed into
// the register or rejected by a cadre of the member's union.
var correctionsModule = module{
	name:  "corrections",
	inbox: correctionsInbox,
	nav: []navEntry{
		{label: "nav.corrections", href: "/corrections", group: "nav.group.members"},
	},
	routes: func(s *Server, r *router) {
		r.portalPage("GET /portal/corrections", s.portalCorrections)
		r.portalPage("POST /portal/corrections", s.portalCorrectionPropose)
		r.portalPage("POST /portal/corrections/{id}/withdraw", s.portalCorrectionWithdraw)
		r.portalJSON("GET /api/v1/portal/corrections", s.apiPortalCorrections)
		r.portalJSON("POST /api/v1/portal/corrections", s.apiPortalCorrectionPropose)
		r.portalJSON("POST /api/v1/portal/corrections/{id}/withdraw", s.apiPortalCorrectionWithdraw)

		r.ui("GET /corrections", s.correctionList)
		r.ui("GET /corrections/{id}", s.correctionShow)
		r.ui("POST /corrections/{id}/reveal", s.correctionReveal)
		r.ui("POST /corrections/{id}/confirm", s.uiStepOf("/corrections/", stepErr(s.store.ConfirmCorrection)))
		r.ui("POST /corrections/{id}/reject", s.correctionReject)
		r.json("GET /api/v1/member-corrections", apiListOf(correctionFilter, func(f gonghui.CorrectionFilter) gonghui.Page { return f.Page }, s.store.ListCorrections))
		r.json("GET /api/v1/member-corrections/{id}", s.apiCorrectionGet)
		r.json("POST /api/v1/member-corrections/{id}/confirm", apiStepOf(s.store.ConfirmCorrection))
		r.json("POST /api/v1/member-corrections/{id}/reject", apiActOf(s.store.RejectCorrection))
	},
	apiTypes: map[string]any{
		"MemberCorrection": gonghui.MemberCorrection{}, "CorrectionInput": gonghui.CorrectionInput{},
		"CorrectionRejection": gonghui.CorrectionRejection{}, "PortalCorrections": store.PortalCorrections{},
	},
}

// correctionFilter reads a list's filter: the status (pending unless
// asked; "all" for every one) and the page.
func correctionFilter(q url.Values) gonghui.CorrectionFilter {
	f := gonghui.CorrectionFilter{Status: gonghui.CorrectionStatus(q.Get("status")), Page: pageParams(q, 50)}
	switch f.Status {
	case "":
		f.Status = gonghui.CorrectionPending
	case "all":
		f.Status = ""
	}
	return f
}

// correctionsInbox counts the corrections waiting for whoever may confirm
// them.
func correctionsInbox(s *Server, r *http.Request, a gonghui.Actor, _ gonghui.Date) ([]inboxItem, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return nil, nil
	}
	_, n, err := s.store.ListCorrections(r.Context(), a, gonghui.CorrectionFilter{Status: gonghui.CorrectionPending, Page: gonghui.Page{Limit: 1}})
	return inboxItemOf("inbox.corrections", n, "/corrections"), err
}

func (s *Server) correctionList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := correctionFilter(q)
	list, total, err := s.store.ListCorrections(r.Context(), actorFrom(r), f)
	if err != nil {
		return err
	}
	if q.Get("status") == "" {
		q.Set("status", string(gonghui.CorrectionPending))
	}
	s.render(w, r, http.StatusOK, "corrections/list", page{Title: i18n.T(i18n.FromRequest(r), "nav.corrections"), Form: q,
		Data: struct {
			Corrections []gonghui.MemberCorrection
			Pager       pager
			Statuses    []string
		}{list, newPager(r, f.Page.Normalize(), total), []string{"pending", "confirmed", "rejected", "withdrawn", "all"}}})
	return nil
}

func (s *Server) correctionShow(w http.ResponseWriter, r *http.Request) error {
	return s.correctionPage(w, r, false)
}

func (s *Server) correctionReveal(w http.ResponseWriter, r *http.Request) error {
	return s.correctionPage(w, r, true)
}

// correctionPage shows a correction beside the member's current values,
// both masked, or both in full (revealed: audited).
func (s *Server) correctionPage(w http.ResponseWriter, r *http.Request, reveal bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actorFrom(r)
	k, err := s.store.GetCorrection(r.Context(), a, id, reveal)
	if err != nil {
		return err
	}
	m, err := s.store.GetMember(r.Context(), a, k.MemberID, reveal)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "corrections/show", page{Title: k.Name, Data: struct {
		Correction gonghui.MemberCorrection
		Member     gonghui.Member
	}{k, m}})
	return nil
}

func (s *Server) correctionReject(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/corrections/", func(a gonghui.Actor, id int64, f url.Values) error {
		_, err := s.store.RejectCorrection(r.Context(), a, id, gonghui.CorrectionRejection{Reason: f.Get("reason"), Version: atoi64(f.Get("version"))})
		return err
	})
}

func (s *Server) apiCorrectionGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	k, err := s.store.GetCorrection(r.Context(), actorFrom(r), id, formBool(r.URL.Query().Get("reveal")))
	return http.StatusOK, k, err
}

// portalCorrections is the member's page: their current values, the form,
// the pending correction and the past ones.
func (s *Server) portalCorrections(w http.ResponseWriter, r *http.Request) error {
	return s.renderPortalCorrections(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderPortalCorrections(w http.ResponseWriter, r *http.Request, status int, flash string, errs map[string]string) error {
	acct, _ := memberFrom(r)
	data, err := s.store.MemberCorrections(r.Context(), acct.PersonID)
	if err != nil {
		return err
	}
	s.renderPortal(w, r, status, "corrections/portal", portalView{Title: i18n.T(i18n.FromRequest(r), "correction.title"), Flash: flash,
		Errors: errs, Form: r.PostForm, Data: data})
	return nil
}

// portalCorrectionAct runs a member's write on their corrections and shows
// the page again with its outcome.
func (s *Server) portalCorrectionAct(w http.ResponseWriter, r *http.Request, act func(a gonghui.Actor, person int64) error) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	acct, _ := memberFrom(r)
	lang := i18n.FromRequest(r)
	err := act(portalActor(r), acct.PersonID)
	if fields := fieldErrors(err, lang); fields != nil {
		return s.renderPortalCorrections(w, r, http.StatusUnprocessableEntity, joinReasons(fields), fields)
	}
	if err != nil {
		return err
	}
	r.PostForm = nil // the form starts empty again
	return s.renderPortalCorrections(w, r, http.StatusOK, i18n.T(lang, "common.done"), nil)
}

func (s *Server) portalCorrectionPropose(w http.ResponseWriter, r *http.Request) error {
	return s.portalCorrectionAct(w, r, func(a gonghui.Actor, person int64) error {
		f := r.PostForm
		_, err := s.store.ProposeCorrection(r.Context(), a, person, gonghui.CorrectionInput{Phone: f.Get("phone"), Address: f.Get("address"), Education: f.Get("education")})
		return err
	})
}

func (s *Server) portalCorrectionWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.portalCorrectionAct(w, r, func(a gonghui.Actor, person int64) error {
		_, err := s.store.WithdrawCorrection(r.Context(), a, person, id)
		return err
	})
}

func (s *Server) apiPortalCorrections(r *http.Request) (int, any, error) {
	acct, _ := memberFrom(r)
	data, err := s.store.MemberCorrections(r.Context(), acct.PersonID)
	return http.StatusOK, data, err
}

func (s *Server) apiPortalCorrectionPropose(r *http.Request) (int, any, error) {
	var in gonghui.CorrectionInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	acct, _ := memberFrom(r)
	k, err := s.store.ProposeCorrection(r.Context(), portalActor(r), acct.PersonID, in)
	return http.StatusCreated, k, err
}

func (s *Server) apiPortalCorrectionWithdraw(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	acct, _ := memberFrom(r)
	k, err := s.store.WithdrawCorrection(r.Context(), portalActor(r), acct.PersonID, id)
	return http.StatusOK, k, err
}
