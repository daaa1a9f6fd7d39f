package httpserver

import (
	"net/http"
	"net/url"
	"strings"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

func (s *Server) programmeList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := pageParams(q, 50)
	ps, total, err := s.store.ListProgrammes(r.Context(), actorFrom(r), programmeFilterOf(q, f))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "programmes/list", page{Title: i18n.T(lang, "nav.programmes"), Form: q,
		Data: struct {
			listKit
			Programmes []gonghui.Programme
		}{newListKit(r, f, total), ps}})
	return nil
}

// programmeOf is the programme the address names, as the user may read it.
func (s *Server) programmeOf(r *http.Request) (gonghui.Programme, error) {
	id, err := pathID(r)
	if err != nil {
		return gonghui.Programme{}, err
	}
	return s.store.GetProgramme(r.Context(), actorFrom(r), id)
}

func (s *Server) programmeShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeOf(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "programmes/show", page{Title: p.Name, Data: struct {
		gonghui.Programme
		RulesJSON string
	}{p, indentJSON(p.Rules)}})
	return nil
}

func (s *Server) applicationList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := applicationFilter(q)
	apps, total, err := s.store.ListApplications(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "programmes/applications", page{Title: i18n.T(lang, "nav.applications"), Form: q,
		Data: struct {
			listKit
			Applications []gonghui.Application
		}{newListKit(r, f.Page, total), apps}})
	return nil
}

// applicationExport streams the approval list the list's filters select.
func (s *Server) applicationExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	if !a.Can(gonghui.PermExportMembers) { // names of recipients, students and patients
		return gonghui.ErrForbidden
	}
	f := applicationFilter(r.URL.Query())
	return s.exportSheet(w, r, namedSheet{export.ApplicationsName, export.ApplicationsHeader}, "/applications", func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		apps, _, err := s.store.ListApplications(r.Context(), a, f)
		out := sheetRows{more: len(apps) == p.Limit}
		for _, app := range apps {
			out.rows = append(out.rows, export.ApplicationRow(app))
		}
		return out, err
	})
}

func (s *Server) applicationShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	app, err := s.store.GetApplication(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "programmes/application", page{Title: app.ProgrammeName, Data: app})
	return nil
}

func (s *Server) applicationNewForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	form := url.Values{"programme_id": {q.Get("programme_id")}, "applied_on": {gonghui.Today().String()}}
	if id := q.Get("request_id"); id != "" {
		form.Set("request_id", id)
		if err := s.prefillFromRequest(r, form); err != nil {
			return err
		}
	}
	return s.renderApplicationForm(w, r, http.StatusOK, 0, form, nil)
}

// applicationRefileForm is a returned application's form, as filed, to
// change and file again (the payee's account kept unless retyped).
func (s *Server) applicationRefileForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	app, err := s.store.GetApplication(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	in := app.Input
	fen := func(n int64) string {
		if n == 0 {
			return ""
		}
		return gonghui.FormatFixed(n, 2)
	}
	form := url.Values{"programme_id": {itoa(app.ProgrammeID)}, "applied_on": {in.AppliedOn.String()}, "person_id": {idField(in.PersonID)},
		"household_file_id": {idField(in.HouseholdFileID)}, "unit_id": {idField(in.UnitID)}, "school_level": {in.SchoolLevel},
		"beneficiary": {in.Beneficiary}, "event_ref": {in.EventRef}, "claimed": {fen(in.ClaimedFen)}, "insurance_paid": {fen(in.InsurancePaidFen)},
		"requested": {fen(in.RequestedFen)}, "form": {in.Form}, "payee_name": {in.Payee.Name}, "payee_bank": {in.Payee.Bank}, "note": {in.Note},
		"version": {itoa(app.Version)}}
	if in.OtherFunding {
		form.Set("other_funding", "1")
	}
	if code, err := s.codeBook(r).org(in.OrgID); err == nil {
		form.Set("org_code", code)
	}
	return s.renderApplicationForm(w, r, http.StatusOK, id, form, nil)
}

// idField is a record number as a form shows it (none: empty).
func idField(id int64) string {
	if id == 0 {
		return ""
	}
	return itoa(id)
}

func (s *Server) renderApplicationForm(w http.ResponseWriter, r *http.Request, status int, refile int64, form url.Values, errs map[string]string) error {
	ps, _, err := s.store.ListProgrammes(r.Context(), actorFrom(r), store.ProgrammeFilter{ActiveOnly: refile == 0, Page: gonghui.Page{Limit: 500}})
	if err != nil {
		return err
	}
	title := "application.new"
	if refile != 0 {
		title = "application.refile"
	}
	p := page{Title: i18n.T(i18n.FromRequest(r), title), Form: form, Errors: errs, Data: struct {
		Programmes []gonghui.Programme
		Refile     int64
	}{ps, refile}}
	if status == http.StatusOK {
		s.render(w, r, status, "programmes/apply", p)
	} else {
		s.renderForm(w, r, "programmes/apply", p)
	}
	return nil
}

// applicationCreate files an application from the form (POST
// /applications/new), or files a returned one again (POST
// /applications/{id}/refile): the filing union by its code, the recipient
// by its record number, amounts in yuan.
func (s *Server) applicationCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	var refile int64
	if r.PathValue("id") != "" {
		var err error
		if refile, err = pathID(r); err != nil {
			return err
		}
	}
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.ApplicationInput{ProgrammeID: atoi64(f.Get("programme_id")), PersonID: atoi64(f.Get("person_id")),
		HouseholdFileID: atoi64(f.Get("household_file_id")), UnitID: atoi64(f.Get("unit_id")), SchoolLevel: f.Get("school_level"),
		Beneficiary: f.Get("beneficiary"), OtherFunding: formBool(f.Get("other_funding")), EventRef: f.Get("event_ref"), Form: f.Get("form"),
		Payee: gonghui.Payee{Name: f.Get("payee_name"), Bank: f.Get("payee_bank"), Account: f.Get("payee_account")}, Note: f.Get("note"),
		OverrideReason: f.Get("override_reason"), CertificateID: atoi64(f.Get("certificate_id")), ContestResultID: atoi64(f.Get("contest_result_id")),
		RequestID: atoi64(f.Get("request_id"))}
	errs := map[string]string{}
	bad := func(field, zh, en string) { errs[field] = gonghui.Message{Zh: zh, En: en}.In(lang) }
	d, err := gonghui.ParseDate(f.Get("applied_on"))
	if err != nil {
		bad("applied_on", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	}
	in.AppliedOn = d
	for field, dst := range map[string]*int64{"claimed": &in.ClaimedFen, "insurance_paid": &in.InsurancePaidFen, "requested": &in.RequestedFen} {
		if v := strings.TrimSpace(f.Get(field)); v != "" {
			n, err := gonghui.ParseFixed(v, 2)
			if err != nil {
				bad(field, "金额应为元，最多两位小数", "an amount in yuan, at most two decimals")
			}
			*dst = n
		}
	}
	if code := strings.TrimSpace(f.Get("org_code")); code != "" {
		o, err := s.orgByCodeField(r, a, code, "org_code")
		for k, v := range fieldErrors(err, lang) {
			errs[k] = v
		}
		in.OrgID = o.ID
	}
	var app gonghui.Application
	switch {
	case len(errs) > 0:
	case refile != 0:
		in.Version = atoi64(f.Get("version"))
		app, err = s.store.RefileApplication(r.Context(), a, refile, in)
	default:
		app, err = s.store.FileApplication(r.Context(), a, in)
	}
	if errs = mergeErrors(errs, err, lang); errs != nil {
		// The form reads amounts in yuan under their own names.
		for _, k := range []string{"claimed", "insurance_paid", "requested"} {
			if m, ok := errs[k+"_fen"]; ok {
				errs[k] = m
			}
		}
		f.Del("payee_account")
		return s.renderApplicationForm(w, r, http.StatusUnprocessableEntity, refile, f, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/applications/"+itoa(app.ID), http.StatusSeeOther)
	return nil
}

func decisionOf(f url.Values) gonghui.Decision {
	return gonghui.Decision{Action: f.Get("action"), Comment: f.Get("comment"), OverrideReason: f.Get("override_reason"),
		Version: atoi64(f.Get("version"))}
}

func (s *Server) applicationDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	_, err = s.store.DecideApplication(r.Context(), actorFrom(r), id, decisionOf(r.PostForm))
	return s.returnTo(w, r, "/applications/"+itoa(id), err)
}

// applicationBatch takes one decision on the applications ticked in the
// list, each on its own.
func (s *Server) applicationBatch(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	form, ids, err := batchForm(w, r)
	if err != nil {
		return s.returnTo(w, r, "/applications", err)
	}
	d := decisionOf(form)
	d.Version = 0
	v := &gonghui.ValidationError{}
	if d.Validate(v); v.Err() != nil {
		return s.returnTo(w, r, "/applications", v.Err())
	}
	apps, _, err := s.store.ListApplications(r.Context(), a, gonghui.ApplicationFilter{IDs: ids, Page: gonghui.Page{Limit: len(ids)}})
	if err != nil {
		return err
	}
	rows := make([]batchRow, len(apps))
	for i, app := range apps {
		rows[i] = batchRow{ID: app.ID, Name: app.ProgrammeName + " · " + app.SubjectName, Link: "/applications/" + itoa(app.ID), Org: app.OrgName}
	}
	return s.runBatch(w, r, batchResult{Back: "/applications", BackLabel: i18n.T(lang, "nav.applications")}, rows, len(ids), func(id int64) error {
		_, err := s.store.DecideApplication(r.Context(), a, id, d)
		return err
	})
}

// programmeFormData is what the programme form draws its fund list from.
type programmeFormData struct {
	ID    int64 // 0: a new programme
	Funds []gonghui.Fund
}

func (s *Server) renderProgrammeForm(w http.ResponseWriter, r *http.Request, id int64, form url.Values, errs map[string]string) error {
	funds, _, err := s.store.ListFunds(r.Context(), actorFrom(r), store.FundFilter{Page: gonghui.Page{Limit: 500}})
	if err != nil {
		return err
	}
	title := i18n.T(i18n.FromRequest(r), "programme.new")
	if id != 0 {
		title = i18n.T(i18n.FromRequest(r), "programme.edit")
	}
	pg := page{Title: title, Form: form, Errors: errs, Data: programmeFormData{ID: id, Funds: funds}}
	if len(errs) > 0 {
		s.renderForm(w, r, "programmes/form", pg)
		return nil
	}
	s.render(w, r, http.StatusOK, "programmes/form", pg)
	return nil
}

func (s *Server) programmeNewForm(w http.ResponseWriter, r *http.Request) error {
	rules := gonghui.ProgrammeRules{Amount: gonghui.AmountRule{Kind: gonghui.AmountRequested}, Approval: gonghui.ApprovalChain{Levels: 1}}
	form := url.Values{"org_code": {r.URL.Query().Get("org_code")}, "period_kind": {gonghui.PeriodYear}, "active": {"1"}, "rules": {indentJSON(rules)}}
	return s.renderProgrammeForm(w, r, 0, form, nil)
}

func (s *Server) programmeEditForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeOf(r)
	if err != nil {
		return err
	}
	form := url.Values{"code": {p.Code}, "name": {p.Name}, "fund_id": {itoa(p.FundID)}, "recipient_kind": {p.RecipientKind}, "form": {p.Form},
		"period_kind": {p.PeriodKind}, "figure": {p.Figure}, "rules": {indentJSON(p.Rules)}, "version": {itoa(p.Version)}}
	if p.Active {
		form.Set("active", "1")
	}
	return s.renderProgrammeForm(w, r, p.ID, form, nil)
}

// programmeSave creates (POST /programmes/new) or updates (POST
// /programmes/{id}/edit) a programme from its form: the rules as the
// API's JSON document.
func (s *Server) programmeSave(w http.ResponseWriter, r *http.Request) error {
	a, lang := actorFrom(r), i18n.FromRequest(r)
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.ProgrammeInput{Code: f.Get("code"), Name: f.Get("name"), FundID: atoi64(f.Get("fund_id")), RecipientKind: f.Get("recipient_kind"),
		Form: f.Get("form"), PeriodKind: f.Get("period_kind"), Figure: f.Get("figure"), Active: f.Get("active") == "1", Version: atoi64(f.Get("version"))}
	errs := map[string]string{}
	add := func(err error) {
		for k, m := range formErrors(err, lang) {
			switch {
			case k == "org_id":
				k = "org_code"
			case strings.HasPrefix(k, "rules."):
				k, m = "rules", strings.TrimPrefix(k, "rules.")+"："+m
			}
			if _, ok := errs[k]; !ok {
				errs[k] = m
			}
		}
	}
	rules, err := gonghui.DecodeProgrammeRules([]byte(f.Get("rules")))
	add(err)
	in.Rules = rules
	if code := strings.TrimSpace(f.Get("org_code")); code != "" && id == 0 {
		o, err := s.orgByCodeField(r, a, code, "org_code")
		add(err)
		in.OrgID = o.ID
	}
	var p gonghui.Programme
	if len(errs) == 0 {
		if id == 0 {
			p, err = s.store.CreateProgramme(r.Context(), a, in)
		} else {
			p, err = s.store.UpdateProgramme(r.Context(), a, id, in)
		}
		add(err)
	}
	if len(errs) > 0 {
		return s.renderProgrammeForm(w, r, id, f, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/programmes/"+itoa(p.ID), http.StatusSeeOther)
	return nil
}
