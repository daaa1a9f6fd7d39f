package httpserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// rightsModule is rights protection (维权): the intakes of every channel,
// the cases a request opens (legal aid, mediation, supervision) with their
// computed clocks, and the holiday calendar the clocks count working days
// by.
var rightsModule = module{
	name: "rights",
	nav: []navEntry{
		{label: "nav.rights_cases", href: "/rights", group: "nav.group.rights"},
		{label: "nav.rights_intakes", href: "/rights/intakes", group: "nav.group.rights"},
		{label: "nav.rights_warnings", href: "/rights/warnings", group: "nav.group.rights"},
		{label: "nav.rights_calendar", href: "/rights/calendar", group: "nav.group.rights"},
		{label: "nav.rights_partners", href: "/rights/partners", perm: gonghui.PermManageUser, group: "nav.group.rights"},
		{label: "nav.rights_my_cases", href: "/", group: "nav.group.rights", partner: true},
	},
	routes: func(s *Server, r *router) {
		r.ui("GET /rights", s.rightsList)
		r.ui("GET /rights/intakes", s.rightsIntakeList)
		r.form("GET /rights/intakes/new", gonghui.PermEditRights, s.rightsIntakeForm)
		r.ui("POST /rights/intakes/new", s.rightsIntakeCreate)
		r.ui("GET /rights/intakes/{id}", s.rightsIntakeShow)
		r.ui("GET /rights/warnings", s.rightsWarnings)
		r.ui("GET /rights/calendar", s.rightsCalendarPage)
		r.ui("POST /rights/calendar", s.rightsCalendarSave)
		r.ui("POST /rights/calendar/remove", s.rightsCalendarRemove)
		// A partner's staff reach their cases' pages (the store reads them
		// only the cases with their organisation) and nothing else here.
		r.partnerUI("GET /rights/{id}", s.rightsShow)
		r.partnerUI("POST /rights/{id}/reveal", s.rightsReveal)
		r.partnerUI("POST /rights/{id}/steps", s.rightsStep)
		r.ui("POST /rights/{id}/callbacks", s.rightsCallback)
		r.ui("POST /rights/{id}/documents", s.documentUpload(gonghui.PermEditRights, "/rights/", s.store.AddRightsDocument))
		r.partnerUI("GET /rights/{id}/documents/{did}", documentDownload("did", s.store.RightsDocumentData))
		r.ui("POST /rights/{id}/assign", s.rightsAssign)
		r.partnerUI("POST /rights/{id}/handoffs", s.rightsHandoff)
		r.partnerUI("POST /rights/handoffs/{id}/ack", s.rightsHandoffAnswer)
		r.ui("GET /rights/partners", s.rightsPartnerList)
		r.ui("POST /rights/partners", s.rightsPartnerCreate)
		r.ui("GET /rights/partners/{id}", s.rightsPartnerShow)
		r.ui("POST /rights/partners/{id}/edit", s.rightsPartnerUpdate)
		r.ui("POST /rights/partners/{id}/users", s.rightsPartnerUserCreate)

		r.json("GET /api/v1/rights-intakes", s.apiRightsIntakes)
		r.json("POST /api/v1/rights-intakes", s.apiRightsIntakeCreate)
		r.json("GET /api/v1/rights-intakes/{id}", s.apiRightsIntakeGet)
		r.partnerJSON("GET /api/v1/rights-cases", s.apiRightsCases)
		r.json("POST /api/v1/rights-cases", s.apiRightsCaseCreate)
		r.partnerJSON("GET /api/v1/rights-cases/{id}", s.apiRightsCaseGet)
		r.json("PATCH /api/v1/rights-cases/{id}", s.apiRightsCasePatch)
		r.partnerJSON("POST /api/v1/rights-cases/{id}/steps", s.apiRightsCaseStep)
		r.json("POST /api/v1/rights-cases/{id}/callbacks", s.apiRightsCaseCallback)
		r.partnerJSON("GET /api/v1/rights-cases/{id}/documents", s.apiRightsDocuments)
		r.json("POST /api/v1/rights-cases/{id}/assign", s.apiRightsCaseAssign)
		r.partnerJSON("POST /api/v1/rights-cases/{id}/handoffs", s.apiRightsHandoffSend)
		r.partnerJSON("POST /api/v1/rights-cases/handoffs/{id}/ack", s.apiRightsHandoffAck)
		r.partnerJSON("GET /api/v1/rights-handoffs", s.apiRightsHandoffsWaiting)
		r.json("GET /api/v1/rights-partners", s.apiRightsPartners)
		r.json("POST /api/v1/rights-partners", s.apiRightsPartnerCreate)
		r.json("PATCH /api/v1/rights-partners/{id}", s.apiRightsPartnerPatch)
		r.json("GET /api/v1/rights-warnings", s.apiRightsWarnings)
		r.json("GET /api/v1/rights-calendar", s.apiRightsCalendar)
		r.json("PUT /api/v1/rights-calendar", s.apiRightsCalendarSave)
		r.json("GET /api/v1/rights-rules", s.apiRightsRules)
		r.json("PUT /api/v1/rights-rules", s.apiRightsRuleSave)
	},
	choices: map[string][]gonghui.Choice{
		"rights_channel": gonghui.RightsChannels, "rights_intake_kind": gonghui.RightsIntakeKinds, "rights_case_kind": gonghui.RightsCaseKinds,
		"rights_claim": gonghui.RightsClaimKinds, "rights_outcome": gonghui.RightsOutcomes, "rights_letter": gonghui.RightsLetterKinds,
		"rights_action": gonghui.RightsActions, "rights_clock": gonghui.RightsClockKinds, "rights_clock_unit": gonghui.RightsClockUnits,
		"rights_satisfaction": gonghui.RightsSatisfactions, "calendar_day": gonghui.CalendarDayKinds, "rights_party": gonghui.RightsParties, "rights_handoff_state": gonghui.RightsHandoffStates,
	},
	apiTypes: map[string]any{
		"RightsIntake": gonghui.RightsIntake{}, "RightsIntakeInput": gonghui.RightsIntakeInput{},
		"RightsCase": gonghui.RightsCase{}, "RightsCaseInput": gonghui.RightsCaseInput{},
		"RightsParty": gonghui.RightsParty{}, "RightsPartyInput": gonghui.RightsPartyInput{}, "RightsClaim": gonghui.RightsClaim{},
		"RightsLetter": gonghui.RightsLetter{}, "RightsStep": gonghui.RightsStep{}, "RightsStepInput": gonghui.RightsStepInput{},
		"RightsDeadline": gonghui.RightsDeadline{}, "LegalAidTest": gonghui.LegalAidTest{}, "EligibilityCriterion": gonghui.EligibilityCriterion{},
		"CaseDocument": store.CaseDocument{}, "CalendarDay": gonghui.CalendarDay{}, "ClockRule": gonghui.ClockRule{},
		"ClockRuleInput": rightsRuleInput{}, "RightsWarning": gonghui.RightsWarning{},
		"RightsPartner": gonghui.RightsPartner{}, "RightsPartnerInput": gonghui.RightsPartnerInput{}, "RightsHandoff": gonghui.RightsHandoff{},
		"RightsCasePartner": gonghui.RightsCasePartner{}, "RightsAssignInput": gonghui.RightsAssignInput{},
		"RightsHandoffInput": gonghui.RightsHandoffInput{}, "RightsHandoffAnswer": gonghui.RightsHandoffAnswer{},
		"RightsCallback": gonghui.RightsCallback{}, "RightsCallbackInput": gonghui.RightsCallbackInput{},
	},
	inbox: rightsInbox,
}

// rightsSoonDays is how far ahead the inbox looks for clocks running out.
const rightsSoonDays = 3

// rightsInbox counts the open cases with a clock overdue, those with one
// running out within rightsSoonDays, the group-dispute warnings and, for
// a union's cadre, the closed cases awaiting a callback.
func rightsInbox(s *Server, r *http.Request, a gonghui.Actor, today gonghui.Date) ([]inboxItem, error) {
	overdue, soon, err := s.store.RightsDue(r.Context(), a, rightsSoonDays)
	if err != nil {
		return nil, err
	}
	warnings, err := s.store.RightsWarnings(r.Context(), a, today)
	if err != nil {
		return nil, err
	}
	items := append(inboxItemOf("inbox.rights_overdue", overdue, "/rights?overdue=1"), inboxItemOf("inbox.rights_due", soon, "/rights")...)
	items = append(items, inboxItemOf("inbox.rights_warnings", len(warnings), "/rights/warnings")...)
	if a.IsPartner() || !a.Can(gonghui.PermEditRights) {
		return items, nil
	}
	_, awaiting, err := s.store.ListRightsCases(r.Context(), a, gonghui.RightsCaseFilter{AwaitingCallback: true, Page: gonghui.Page{Limit: 1}})
	if err != nil {
		return nil, err
	}
	return append(items, inboxItemOf("inbox.rights_callbacks", awaiting, "/rights?callback=1")...), nil
}

// rightsWarnings lists the group-dispute warnings of the user's scope.
func (s *Server) rightsWarnings(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.RightsWarnings(r.Context(), actorFrom(r), gonghui.Today())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rights/warnings", page{Title: i18n.T(i18n.FromRequest(r), "nav.rights_warnings"), Data: list})
	return nil
}

func rightsCaseFilter(q url.Values, orgParam string) gonghui.RightsCaseFilter {
	return gonghui.RightsCaseFilter{OrgID: atoi64(q.Get(orgParam)), Kind: q.Get("kind"), State: q.Get("state"), Query: q.Get("q"),
		Overdue: formBool(q.Get("overdue")), AwaitingCallback: formBool(q.Get("callback")), Sort: q.Get("sort"), Page: pageParams(q, 50)}
}

func rightsIntakeFilter(q url.Values, orgParam string) gonghui.RightsIntakeFilter {
	return gonghui.RightsIntakeFilter{OrgID: atoi64(q.Get(orgParam)), Kind: q.Get("kind"), Channel: q.Get("channel"), Query: q.Get("q"),
		Sort: q.Get("sort"), Page: pageParams(q, 50)}
}

func (s *Server) rightsList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := rightsCaseFilter(q, "org")
	errs, err := s.listUnion(r, a, q, &f.OrgID, lang)
	if err != nil {
		return err
	}
	cases, total, err := s.store.ListRightsCases(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rights/list", page{Title: i18n.T(lang, "nav.rights_cases"), Form: q, Errors: errs,
		Data: struct {
			listKit
			Cases []gonghui.RightsCase
			Today gonghui.Date
		}{newListKit(r, f.Page, total), cases, gonghui.Today()}})
	return nil
}

func (s *Server) rightsIntakeList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := rightsIntakeFilter(q, "org")
	errs, err := s.listUnion(r, a, q, &f.OrgID, lang)
	if err != nil {
		return err
	}
	intakes, total, err := s.store.ListRightsIntakes(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rights/intakes", page{Title: i18n.T(lang, "nav.rights_intakes"), Form: q, Errors: errs,
		Data: struct {
			listKit
			Intakes []gonghui.RightsIntake
		}{newListKit(r, f.Page, total), intakes}})
	return nil
}

func (s *Server) rightsIntakeForm(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{"received_on": {gonghui.Today().String()}, "channel": {"hotline"}, "kind": {gonghui.IntakeConsultation}}
	if id := r.URL.Query().Get("request_id"); id != "" {
		form.Set("request_id", id)
		if err := s.prefillFromRequest(r, form); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "rights/intake_form", page{Title: i18n.T(i18n.FromRequest(r), "rights.new_intake"), Form: form})
	return nil
}

// rightsIntakeCreate takes down an intake from the form: the union typed
// as its code, dates as YYYY-MM-DD, the claim in yuan.
func (s *Server) rightsIntakeCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.RightsIntakeInput{Channel: f.Get("channel"), Kind: f.Get("kind"), CallerName: f.Get("caller_name"), CallerIDNumber: f.Get("caller_id_number"),
		CallerPhone: f.Get("caller_phone"), CallerMigrant: formBool(f.Get("caller_migrant")), EmployerName: f.Get("employer_name"),
		EmployerUSCC: f.Get("employer_uscc"), Summary: f.Get("summary"), CaseKind: f.Get("case_kind"), RequestID: atoi64(f.Get("request_id"))}
	errs := map[string]string{}
	for _, d := range []struct {
		name string
		dst  *gonghui.Date
	}{{"received_on", &in.ReceivedOn}, {"known_on", &in.KnownOn}, {"job_ended_on", &in.JobEndedOn}} {
		var err error
		if *d.dst, err = gonghui.ParseDate(f.Get(d.name)); err != nil {
			errs[d.name] = gonghui.Message{Zh: "日期格式应为 YYYY-MM-DD", En: "date must be YYYY-MM-DD"}.In(lang)
		}
	}
	if kind := f.Get("claim_kind"); kind != "" || f.Get("claim_yuan") != "" {
		n, err := gonghui.ParseFixed(strings.ReplaceAll(strings.TrimSpace(f.Get("claim_yuan")), ",", ""), 2)
		if err != nil {
			errs["claim_yuan"] = gonghui.Message{Zh: "金额应为元，最多两位小数", En: "the amount is in yuan, with at most two decimals"}.In(lang)
		}
		in.Claims = []gonghui.RightsClaim{{Kind: kind, AmountFen: n}}
	}
	o, err := s.orgByCodeField(r, a, strings.TrimSpace(f.Get("org_code")), "org_code")
	for k, v := range fieldErrors(err, lang) {
		errs[k] = v
	}
	in.OrgID = o.ID
	var intake gonghui.RightsIntake
	if len(errs) == 0 {
		intake, err = s.store.CreateRightsIntake(r.Context(), a, in)
	} else { // still run the store's checks, so every bad field shows at once
		err = s.store.ValidateRightsIntake(r.Context(), a, in)
	}
	if errs = mergeErrors(errs, err, lang); errs != nil {
		for from, to := range map[string]string{"org_id": "org_code", "claims": "claim_kind", "claims.0.kind": "claim_kind", "claims.0.amount_fen": "claim_yuan"} {
			if m, ok := errs[from]; ok {
				errs[to] = m
			}
		}
		s.renderForm(w, r, "rights/intake_form", page{Title: i18n.T(lang, "rights.new_intake"), Form: f, Errors: errs})
		return nil
	}
	if err != nil {
		return err
	}
	if intake.CaseID != 0 {
		http.Redirect(w, r, "/rights/"+itoa(intake.CaseID), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/rights/intakes/"+itoa(intake.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) rightsIntakeShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, err := s.store.GetRightsIntake(r.Context(), actorFrom(r), id, false)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rights/intake", page{Title: i18n.T(i18n.FromRequest(r), "rights.intake"), Data: in})
	return nil
}

// rightsView is what a case's page shows.
type rightsView struct {
	gonghui.RightsCase
	Documents []store.CaseDocument
	Today     gonghui.Date
	Forms     rightsCaseForms
}

func (s *Server) rightsShow(w http.ResponseWriter, r *http.Request) error {
	return s.rightsPage(w, r, false)
}

func (s *Server) rightsReveal(w http.ResponseWriter, r *http.Request) error {
	return s.rightsPage(w, r, true)
}

func (s *Server) rightsPage(w http.ResponseWriter, r *http.Request, reveal bool) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	k, err := s.store.GetRightsCase(r.Context(), a, id, reveal)
	if err != nil {
		return err
	}
	v := rightsView{RightsCase: k, Today: gonghui.Today()}
	if v.Documents, err = s.store.RightsDocuments(r.Context(), a, id); err != nil {
		return err
	}
	if v.Forms, err = s.caseForms(r, a, k); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rights/show", page{Title: k.Number, Form: r.URL.Query(), Data: v})
	return nil
}

// rightsStep takes a step from the case's page.
func (s *Server) rightsStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	st := gonghui.RightsStepInput{Action: f.Get("action"), Note: f.Get("note"), LetterKind: f.Get("letter_kind"), LetterID: atoi64(f.Get("letter_id")),
		Outcome: f.Get("outcome"), Version: atoi64(f.Get("version"))}
	if y := strings.TrimSpace(f.Get("recovered_yuan")); y != "" {
		if st.RecoveredFen, err = gonghui.ParseFixed(strings.ReplaceAll(y, ",", ""), 2); err != nil {
			return s.returnTo(w, r, "/rights/"+itoa(id), gonghui.Invalid("recovered_yuan", "金额应为元，最多两位小数", "the amount is in yuan, with at most two decimals"))
		}
	}
	if st.On, err = gonghui.ParseDate(f.Get("on")); err != nil {
		err = gonghui.Invalid("on", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	} else {
		_, err = s.store.ActOnRightsCase(r.Context(), actorFrom(r), id, st)
	}
	return s.returnTo(w, r, "/rights/"+itoa(id), err)
}

// rightsCallback records a callback attempt from the case's page.
func (s *Server) rightsCallback(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/rights/", func(a gonghui.Actor, id int64, f url.Values) error {
		on, err := gonghui.ParseDate(f.Get("on"))
		if err != nil {
			return gonghui.Invalid("on", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
		}
		_, err = s.store.RecordRightsCallback(r.Context(), a, id, gonghui.RightsCallbackInput{On: on, Reached: formBool(f.Get("reached")),
			Satisfaction: f.Get("satisfaction"), Note: f.Get("note")})
		return err
	})
}

// rightsCalendarView is the holiday calendar's page: a year's days.
type rightsCalendarView struct {
	Year int
	Days []gonghui.CalendarDay
}

func (s *Server) rightsCalendarPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCalendar(w, r, http.StatusOK, r.URL.Query(), nil)
}

func (s *Server) renderCalendar(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs map[string]string) error {
	year := int(atoi64(form.Get("year")))
	if year < 2000 || year > 2100 {
		year, _, _ = gonghui.Today().Parts()
	}
	days, err := s.store.HolidayCalendar(r.Context(), year)
	if err != nil {
		return err
	}
	s.render(w, r, status, "rights/calendar", page{Title: i18n.T(i18n.FromRequest(r), "nav.rights_calendar"), Form: form, Errors: errs,
		Data: rightsCalendarView{Year: year, Days: days}})
	return nil
}

func (s *Server) rightsCalendarSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	d := gonghui.CalendarDay{Kind: f.Get("kind"), Name: f.Get("name")}
	var err error
	if d.On, err = gonghui.ParseDate(f.Get("on")); err != nil {
		err = gonghui.Invalid("on", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	} else {
		_, err = s.store.SaveCalendarDay(r.Context(), actorFrom(r), d)
	}
	if errs := formErrors(err, i18n.FromRequest(r)); errs != nil {
		return s.renderCalendar(w, r, http.StatusUnprocessableEntity, f, errs)
	}
	return s.returnTo(w, r, "/rights/calendar?year="+f.Get("on")[:min(4, len(f.Get("on")))], err)
}

func (s *Server) rightsCalendarRemove(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	on, err := gonghui.ParseDate(r.PostForm.Get("on"))
	if err != nil || on.IsZero() {
		return gonghui.ErrNotFound
	}
	y, _, _ := on.Parts()
	return s.returnTo(w, r, "/rights/calendar?year="+strconv.Itoa(y), s.store.RemoveCalendarDay(r.Context(), actorFrom(r), on))
}
