package httpserver

import (
	"net/http"
	"net/url"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// Who sees a rights case: the partner organisations an administrator
// keeps and their staff's accounts, a case's assignment and hand-offs,
// and a partner's home — its cases and the hand-offs waiting for it.

// partnerHome is a partner's home page: the open cases with its
// organisation and the hand-offs waiting for its answer.
func (s *Server) partnerHome(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	f := rightsCaseFilter(q, "org")
	cases, total, err := s.store.ListRightsCases(r.Context(), a, f)
	if err != nil {
		return err
	}
	waiting, err := s.store.WaitingHandoffs(r.Context(), a)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rights/partner_home", page{Title: i18n.T(i18n.FromRequest(r), "nav.rights_my_cases"), Form: q,
		Data: struct {
			listKit
			Cases   []gonghui.RightsCase
			Waiting []gonghui.RightsHandoff
			Today   gonghui.Date
		}{newListKit(r, f.Page, total), cases, waiting, gonghui.Today()}})
	return nil
}

// rightsCaseForms is what a case's page offers beside the case: whom it
// may go to, the hand-off waiting for the user's answer, and which forms
// the user may use.
type rightsCaseForms struct {
	Offers    store.CaseOffers
	Waiting   *gonghui.RightsHandoff
	CanReveal bool
	CanAssign bool
	CanSend   bool
	CanNote   bool
	CanEdit   bool
	// CanCallback: a union's cadre calls a closed case back until the
	// worker is reached.
	CanCallback bool
}

// caseForms works out the forms of a case's page for the actor.
func (s *Server) caseForms(r *http.Request, a gonghui.Actor, k gonghui.RightsCase) (rightsCaseForms, error) {
	open := k.State != gonghui.CaseClosed
	held := a.IsPartner() && k.Partner != nil && k.Partner.ID == a.PartnerID
	f := rightsCaseForms{
		CanReveal:   !k.Revealed && (held && a.Can(gonghui.PermRevealOwnCases) || !a.IsPartner() && a.Can(gonghui.PermRevealMembers)),
		CanEdit:     open && a.Can(gonghui.PermEditRights),
		CanAssign:   open && a.Can(gonghui.PermEditRights),
		CanNote:     open && held && a.Can(gonghui.PermActOwnCases),
		CanCallback: !open && !a.IsPartner() && a.Can(gonghui.PermEditRights) && k.Callback() == nil,
	}
	f.CanSend = f.CanAssign || f.CanNote
	for i, h := range k.Handoffs {
		if h.State == gonghui.HandoffPending {
			f.CanAssign, f.CanSend = false, false // one hand-off at a time
			if a.IsPartner() && h.ToPartnerID == a.PartnerID && a.Can(gonghui.PermActOwnCases) && open {
				f.Waiting = &k.Handoffs[i]
			}
		}
	}
	if f.CanAssign || f.CanSend {
		var err error
		if f.Offers, err = s.store.OffersFor(r.Context(), a, k.ID); err != nil {
			return f, err
		}
	}
	return f, nil
}

// rightsAssign assigns the case from its page.
func (s *Server) rightsAssign(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/rights/", func(a gonghui.Actor, id int64, f url.Values) error {
		_, err := s.store.AssignRightsCase(r.Context(), a, id, gonghui.RightsAssignInput{PartnerID: atoi64(f.Get("partner_id")),
			UserID: atoi64(f.Get("user_id")), Note: f.Get("note"), Version: atoi64(f.Get("version"))})
		return err
	})
}

// rightsHandoff sends the case on from its page.
func (s *Server) rightsHandoff(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/rights/", func(a gonghui.Actor, id int64, f url.Values) error {
		_, err := s.store.SendRightsHandoff(r.Context(), a, id, gonghui.RightsHandoffInput{ToPartnerID: atoi64(f.Get("to_partner_id")),
			ToUserID: atoi64(f.Get("to_user_id")), Note: f.Get("note"), Version: atoi64(f.Get("version"))})
		return err
	})
}

// rightsHandoffAnswer acknowledges or declines a hand-off: the case's page
// after an acknowledgement, the home page after a decline (the case is no
// longer the partner's to read).
func (s *Server) rightsHandoffAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	an := gonghui.RightsHandoffAnswer{Accept: formBool(f.Get("accept")), Reason: f.Get("reason"), Version: atoi64(f.Get("version"))}
	h, err := s.store.AnswerRightsHandoff(r.Context(), actorFrom(r), id, an)
	back := "/"
	if err == nil && an.Accept {
		back = "/rights/" + itoa(h.CaseID)
	}
	return s.returnTo(w, r, back, err)
}

// rightsPartnersView is the partners' page: the list and the new
// partner's form.
type rightsPartnersView struct {
	Partners []gonghui.RightsPartner
}

func (s *Server) rightsPartnerList(w http.ResponseWriter, r *http.Request) error {
	return s.renderPartners(w, r, http.StatusOK, url.Values{"active": {"on"}}, nil)
}

func (s *Server) renderPartners(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs map[string]string) error {
	list, err := s.store.ListRightsPartners(r.Context(), actorFrom(r), true)
	if err != nil {
		return err
	}
	s.render(w, r, status, "rights/partners", page{Title: i18n.T(i18n.FromRequest(r), "nav.rights_partners"), Form: form, Errors: errs,
		Data: rightsPartnersView{list}})
	return nil
}

// partnerInput reads a partner's form: its union as a code.
func (s *Server) partnerInput(r *http.Request, f url.Values) (gonghui.RightsPartnerInput, map[string]string) {
	in := gonghui.RightsPartnerInput{Name: f.Get("name"), Party: f.Get("party"), Active: formBool(f.Get("active")), Version: atoi64(f.Get("version"))}
	o, err := s.orgByCodeField(r, actorFrom(r), strings.TrimSpace(f.Get("org_code")), "org_code")
	in.OrgID = o.ID
	errs := fieldErrors(err, i18n.FromRequest(r))
	if errs == nil {
		errs = map[string]string{}
	}
	return in, errs
}

func (s *Server) rightsPartnerCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	// The store checks the input even when the union's code is bad (its
	// union then missing, it saves nothing), so every bad field shows at once.
	in, errs := s.partnerInput(r, r.PostForm)
	p, err := s.store.SaveRightsPartner(r.Context(), actorFrom(r), 0, in)
	if errs = mergeErrors(errs, err, i18n.FromRequest(r)); errs != nil {
		return s.renderPartners(w, r, http.StatusUnprocessableEntity, r.PostForm, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/rights/partners/"+itoa(p.ID), http.StatusSeeOther)
	return nil
}

// rightsPartnerView is a partner's page: its form and its accounts.
type rightsPartnerView struct {
	gonghui.RightsPartner
	Users []gonghui.User
}

func (s *Server) rightsPartnerShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderPartner(w, r, http.StatusOK, nil, nil)
}

// renderPartner draws a partner's page; form nil fills its form from the
// partner.
func (s *Server) renderPartner(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs map[string]string) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.store.GetRightsPartner(r.Context(), a, id)
	if err != nil {
		return err
	}
	users, err := s.store.PartnerUsers(r.Context(), a, id)
	if err != nil {
		return err
	}
	if form == nil {
		o, err := s.store.GetOrg(r.Context(), a, p.OrgID)
		if err != nil {
			return err
		}
		form = url.Values{"org_code": {o.Code}, "name": {p.Name}, "party": {p.Party}, "version": {itoa(p.Version)}, "role": {string(gonghui.RolePartner)}}
		if p.Active {
			form.Set("active", "on")
		}
	}
	s.render(w, r, status, "rights/partner", page{Title: p.Name, Form: form, Errors: errs, Data: rightsPartnerView{p, users}})
	return nil
}

func (s *Server) rightsPartnerUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, errs := s.partnerInput(r, r.PostForm)
	_, err = s.store.SaveRightsPartner(r.Context(), actorFrom(r), id, in)
	if errs = mergeErrors(errs, err, i18n.FromRequest(r)); errs != nil {
		return s.renderPartner(w, r, http.StatusUnprocessableEntity, r.PostForm, errs)
	}
	return s.returnTo(w, r, "/rights/partners/"+itoa(id), err)
}

// rightsPartnerUserCreate opens an account for a partner's staff.
func (s *Server) rightsPartnerUserCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	_, err = s.store.CreateUser(r.Context(), actorFrom(r), gonghui.UserInput{Username: f.Get("username"), DisplayName: f.Get("display_name"),
		Role: gonghui.Role(f.Get("role")), Password: f.Get("password"), PartnerID: id})
	if errs := formErrors(err, i18n.FromRequest(r)); errs != nil {
		f.Del("password")
		return s.renderPartner(w, r, http.StatusUnprocessableEntity, f, errs)
	}
	return s.returnTo(w, r, "/rights/partners/"+itoa(id), err)
}

func (s *Server) apiRightsCaseAssign(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.RightsAssignInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	out, err := s.store.AssignRightsCase(r.Context(), actorFrom(r), id, in)
	return http.StatusOK, out, err
}

func (s *Server) apiRightsHandoffSend(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.RightsHandoffInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	out, err := s.store.SendRightsHandoff(r.Context(), actorFrom(r), id, in)
	return http.StatusCreated, out, err
}

func (s *Server) apiRightsHandoffAck(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var an gonghui.RightsHandoffAnswer
	if err := decodeJSON(r, &an); err != nil {
		return 0, nil, err
	}
	out, err := s.store.AnswerRightsHandoff(r.Context(), actorFrom(r), id, an)
	return http.StatusOK, out, err
}

func (s *Server) apiRightsHandoffsWaiting(r *http.Request) (int, any, error) {
	out, err := s.store.WaitingHandoffs(r.Context(), actorFrom(r))
	return http.StatusOK, out, err
}

func (s *Server) apiRightsPartners(r *http.Request) (int, any, error) {
	out, err := s.store.ListRightsPartners(r.Context(), actorFrom(r), formBool(r.URL.Query().Get("all")))
	return http.StatusOK, out, err
}

func (s *Server) apiRightsPartnerCreate(r *http.Request) (int, any, error) {
	var in gonghui.RightsPartnerInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	out, err := s.store.SaveRightsPartner(r.Context(), actorFrom(r), 0, in)
	return http.StatusCreated, out, err
}

func (s *Server) apiRightsPartnerPatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	cur, err := s.store.GetRightsPartner(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermManageUser, cur.ToInput())
	if err != nil {
		return 0, nil, err
	}
	out, err := s.store.SaveRightsPartner(r.Context(), a, id, in)
	return http.StatusOK, out, err
}
