package httpserver

import (
	"net/http"
	"net/url"
	"strings"

	"gonghui"
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

func (s *Server) programmeShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.store.GetProgramme(r.Context(), actorFrom(r), id)
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
	return s.renderApplicationForm(w, r, http.StatusOK, form, nil)
}

func (s *Server) renderApplicationForm(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs map[string]string) error {
	ps, _, err := s.store.ListProgrammes(r.Context(), actorFrom(r), store.ProgrammeFilter{ActiveOnly: true, Page: gonghui.Page{Limit: 500}})
	if err != nil {
		return err
	}
	p := page{Title: i18n.T(i18n.FromRequest(r), "application.new"), Form: form, Errors: errs, Data: ps}
	if status == http.StatusOK {
		s.render(w, r, status, "programmes/apply", p)
	} else {
		s.renderForm(w, r, "programmes/apply", p)
	}
	return nil
}

// applicationCreate files an application from the form: the filing union
// by its code, the recipient by its record number, amounts in yuan.
func (s *Server) applicationCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.ApplicationInput{ProgrammeID: atoi64(f.Get("programme_id")), PersonID: atoi64(f.Get("person_id")),
		HouseholdFileID: atoi64(f.Get("household_file_id")), UnitID: atoi64(f.Get("unit_id")), SchoolLevel: f.Get("school_level"),
		Beneficiary: f.Get("beneficiary"), OtherFunding: formBool(f.Get("other_funding")), EventRef: f.Get("event_ref"), Form: f.Get("form"),
		Payee: gonghui.Payee{Name: f.Get("payee_name"), Bank: f.Get("payee_bank"), Account: f.Get("payee_account")}, Note: f.Get("note"),
		OverrideReason: f.Get("override_reason"), CertificateID: atoi64(f.Get("certificate_id")), ContestResultID: atoi64(f.Get("contest_result_id"))}
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
	if len(errs) == 0 {
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
		return s.renderApplicationForm(w, r, http.StatusUnprocessableEntity, f, errs)
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
