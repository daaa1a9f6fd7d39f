package httpserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gonghui"
	"gonghui/internal/i18n"
)

func (s *Server) honourList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := honourFilter(q, "org")
	errs, err := s.listUnion(r, a, q, &f.OrgID, lang)
	if err != nil {
		return err
	}
	list, total, err := s.store.ListHonours(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "honours/list", page{Title: i18n.T(lang, "nav.honours"), Form: q, Errors: errs,
		Data: struct {
			listKit
			Honours []gonghui.Honour
		}{newListKit(r, f.Page, total), list}})
	return nil
}

func (s *Server) honourShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	h, err := s.store.GetHonour(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "honours/show", page{Title: gonghui.ChoiceName(gonghui.HonourKinds, h.Kind).In(i18n.FromRequest(r)),
		Data: struct {
			gonghui.Honour
			Today gonghui.Date
		}{h, gonghui.DateOf(time.Now())}})
	return nil
}

func (s *Server) honourNewForm(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{"kind": {gonghui.HonourModelWorker}, "org_code": {r.URL.Query().Get("org_code")}}
	s.render(w, r, http.StatusOK, "honours/form", page{Title: i18n.T(i18n.FromRequest(r), "honours.new"), Form: form})
	return nil
}

// recipientFromForm reads a recipient's fields; the union is typed as its
// code, resolved in the caller's scope.
func (s *Server) recipientFromForm(r *http.Request, a gonghui.Actor, f url.Values, lang string, errs map[string]string) gonghui.HonourRecipient {
	in := gonghui.HonourRecipient{TeamName: f.Get("team_name"), PersonID: atoi64(f.Get("person_id")), PersonName: f.Get("person_name"),
		IDNumber: f.Get("id_number"), Category: f.Get("category"), UnitName: f.Get("unit_name")}
	in.OrgID = s.formOrg(r, a, f, lang, errs)
	if in.OrgID == 0 && errs["org_code"] == "" {
		errs["org_code"] = gonghui.Message{Zh: "请填写工会代码", En: "enter the union's code"}.In(lang)
	}
	return in
}

// formOrg resolves the form's union code in the caller's scope (0 when
// it is empty or refused, the reason in errs).
func (s *Server) formOrg(r *http.Request, a gonghui.Actor, f url.Values, lang string, errs map[string]string) int64 {
	code := strings.TrimSpace(f.Get("org_code"))
	if code == "" {
		return 0
	}
	o, err := s.orgByCodeField(r, a, code, "org_code")
	for k, v := range fieldErrors(err, lang) {
		errs[k] = v
	}
	return o.ID
}

func (s *Server) honourCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	errs := map[string]string{}
	year, _ := strconv.Atoi(f.Get("year"))
	awarded, err := formDate(f, "awarded_on")
	for k, v := range fieldErrors(err, lang) {
		errs[k] = v
	}
	in := gonghui.HonourInput{Kind: f.Get("kind"), Level: f.Get("level"), Year: year, Recipient: s.recipientFromForm(r, a, f, lang, errs), AwardedOn: awarded}
	h, err := s.store.RegisterHonour(r.Context(), a, in)
	if errs = mergeErrors(errs, err, lang); errs != nil {
		s.renderForm(w, r, "honours/form", page{Title: i18n.T(lang, "honours.new"), Form: f, Errors: errs})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/honours/"+itoa(h.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) honourStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.HonourStatusInput{Status: f.Get("status"), Reason: f.Get("reason"), Version: atoi64(f.Get("version"))}
	in.On, _ = gonghui.ParseDate(f.Get("on")) // a bad date is refused as a missing one
	_, err = s.store.SetHonourStatus(r.Context(), actorFrom(r), id, in)
	return s.returnTo(w, r, "/honours/"+itoa(id), err)
}

func (s *Server) honourRoundList(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	p := pageParams(r.URL.Query(), 50)
	list, total, err := s.store.ListHonourRounds(r.Context(), actorFrom(r), p)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "honours/rounds", page{Title: i18n.T(lang, "nav.honour_rounds"), Form: r.URL.Query(),
		Data: struct {
			listKit
			Rounds []gonghui.HonourRound
		}{newListKit(r, p, total), list}})
	return nil
}

func (s *Server) honourRoundNewForm(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{"kind": {gonghui.HonourModelHome}, "level": {gonghui.HonourCity}, "year": {strconv.Itoa(yearOf(gonghui.DateOf(time.Now())))},
		"rules": {`{"lower_title": true, "min_membership_rate": 90, "congress": true, "disclosure": true}`}}
	s.render(w, r, http.StatusOK, "honours/round_form", page{Title: i18n.T(i18n.FromRequest(r), "honours.round_new"), Form: form})
	return nil
}

func yearOf(d gonghui.Date) int {
	y, _, _ := d.Parts()
	return y
}

func (s *Server) honourRoundCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	errs := map[string]string{}
	year, _ := strconv.Atoi(f.Get("year"))
	quota, _ := strconv.Atoi(f.Get("quota"))
	in := gonghui.HonourRoundInput{Kind: f.Get("kind"), Level: f.Get("level"), Year: year, Title: f.Get("title"), Quota: quota, Rules: []byte(f.Get("rules"))}
	if in.OrgID = s.formOrg(r, a, f, lang, errs); strings.TrimSpace(f.Get("org_code")) == "" {
		in.OrgID = a.OrgID // the actor's own union holds it
	}
	round, err := s.store.CreateHonourRound(r.Context(), a, in)
	if errs = mergeErrors(errs, err, lang); errs != nil {
		// The form has one field for the rules.
		for k, v := range errs {
			if strings.HasPrefix(k, "rules.") {
				errs["rules"] = k + ": " + v
			}
		}
		s.renderForm(w, r, "honours/round_form", page{Title: i18n.T(lang, "honours.round_new"), Form: f, Errors: errs})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/honours/rounds/"+itoa(round.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) honourRoundShow(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	round, err := s.store.GetHonourRound(r.Context(), a, id)
	if err != nil {
		return err
	}
	list, err := s.store.ListNominations(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "honours/round", page{Title: round.Title, Form: url.Values{},
		Data: struct {
			Round       gonghui.HonourRound
			Nominations []gonghui.HonourNomination
			ToUnion     bool
		}{round, list, gonghui.HonourToUnion(round.Kind)}})
	return nil
}

func (s *Server) honourNominate(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	errs := map[string]string{}
	in := gonghui.HonourNominationInput{RoundID: id, Recipient: s.recipientFromForm(r, a, r.PostForm, lang, errs)}
	if len(errs) > 0 {
		return s.returnTo(w, r, "/honours/rounds/"+itoa(id), gonghui.Invalid("org_code", errs["org_code"], errs["org_code"]))
	}
	_, err = s.store.Nominate(r.Context(), a, in)
	return s.returnTo(w, r, "/honours/rounds/"+itoa(id), err)
}

func (s *Server) honourRoundApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	_, err = s.store.ApproveHonourRound(r.Context(), actorFrom(r), id, atoi64(r.PostForm.Get("version")))
	return s.returnTo(w, r, "/honours/rounds/"+itoa(id), err)
}

func (s *Server) honourWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := s.store.WithdrawNomination(r.Context(), actorFrom(r), id)
	back := "/honours/rounds"
	if n.RoundID != 0 {
		back += "/" + itoa(n.RoundID)
	}
	return s.returnTo(w, r, back, err)
}

func (s *Server) honourEligible(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	round, err := s.store.GetHonourRound(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := pageParams(q, 50)
	list, total, err := s.store.PreEligible(r.Context(), a, id, 0, q.Get("all") != "1", p)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "honours/eligible", page{Title: round.Title, Form: q,
		Data: struct {
			listKit
			Round    gonghui.HonourRound
			Eligible []gonghui.Eligible
		}{newListKit(r, p, total), round, list}})
	return nil
}
