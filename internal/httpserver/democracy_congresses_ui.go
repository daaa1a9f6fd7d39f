package httpserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
)

// Workers' congresses (职代会), affairs disclosure (厂务公开) and employee
// directors and supervisors in the UI.

// canEditDemocracy answers 403 for roles that may not record democratic
// management, before any input is read: otherwise a viewer's bad form would
// come back as field errors, as if it could be saved once corrected.
func (s *Server) canEditDemocracy(r *http.Request) error {
	if actorFrom(r).Can(gonghui.PermEditDemocracy) {
		return nil
	}
	return gonghui.ErrForbidden
}

// badField sets a form error in lang.
func badField(errs map[string]string, lang, field, zh, en string) {
	errs[field] = gonghui.Message{Zh: zh, En: en}.In(lang)
}

// mergeFieldErrors adds storage field errors to the form's, under the form
// field each storage field is entered as; a form error on a field wins.
func mergeFieldErrors(errs map[string]string, err error, lang string, rename map[string]string) {
	for f, m := range formErrors(err, lang) {
		if to, ok := rename[f]; ok {
			f = to
		}
		if _, ok := errs[f]; !ok {
			errs[f] = m
		}
	}
}

// formDateField reads a date field of a form, recording a bad one.
func formDateField(f url.Values, field string, errs map[string]string, lang string) gonghui.Date {
	d, err := gonghui.ParseDate(f.Get(field))
	if err != nil {
		badField(errs, lang, field, "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	}
	return d
}

// unitByUSCCField resolves a unit typed as its USCC in the caller's scope.
func (s *Server) unitByUSCCField(r *http.Request, a gonghui.Actor, code, field string, errs map[string]string, lang string) int64 {
	code = strings.TrimSpace(code)
	if code == "" {
		return 0
	}
	u, err := s.store.UnitByUSCC(r.Context(), a, code)
	if err != nil {
		badField(errs, lang, field, "找不到统一社会信用代码为 "+code+" 的单位", "no unit with USCC "+code+" in your scope")
		return 0
	}
	return u.ID
}

// lines splits a textarea into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// listForm is what a list page's add form starts with: only the filtered
// unit's USCC, so that the filters of the query never prefill the form's
// fields of the same name.
func listForm(unit gonghui.Unit) url.Values {
	f := url.Values{}
	if unit.ID != 0 {
		f.Set("unit_uscc", unit.USCC)
	}
	return f
}

type congressListView struct {
	listKit
	Congresses []gonghui.Congress
	Filter     url.Values
	Unit       gonghui.Unit // the unit filtered by, if any
}

func (s *Server) congressList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := congressFilter(q)
	errs, err := s.listUnion(r, a, q, &f.OrgID, lang)
	if err != nil {
		return err
	}
	unit, err := s.filterUnit(r, a, f.UnitID)
	if err != nil {
		return err
	}
	gs, total, err := s.store.ListCongresses(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "democracy/congresses", page{Title: i18n.T(lang, "nav.congresses"), Form: q, Errors: errs,
		Data: congressListView{newListKit(r, f.Page, total), gs, q, unit}})
	return nil
}

type congressView struct {
	Congress gonghui.Congress
	Units    []gonghui.Unit
	Sittings []gonghui.Sitting
	Today    string
}

func (s *Server) congressShow(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	g, err := s.store.GetCongress(r.Context(), a, id)
	if err != nil {
		return err
	}
	v := congressView{Congress: g, Today: gonghui.Today().String()}
	for _, uid := range g.UnitIDs {
		if u, err := s.store.GetUnit(r.Context(), a, uid); err == nil {
			v.Units = append(v.Units, u)
		}
	}
	if v.Sittings, err = s.store.Sittings(r.Context(), a, id); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "democracy/congress", page{Title: g.Name, Form: r.URL.Query(), Data: v})
	return nil
}

// congressForm turns a congress into form values.
func congressForm(g gonghui.Congress, orgCode string, usccs []string) url.Values {
	return url.Values{"name": {g.Name}, "kind": {string(g.Kind)}, "org_code": {orgCode},
		"units": {strings.Join(usccs, "\n")}, "established_on": {g.EstablishedOn.String()}, "version": {itoa(g.Version)}}
}

// congressInputFromForm reads the congress form: the keeping union as its
// code, the covered units as USCCs, one per line.
func (s *Server) congressInputFromForm(r *http.Request, a gonghui.Actor, f url.Values, lang string) (gonghui.CongressInput, map[string]string) {
	in := gonghui.CongressInput{Name: f.Get("name"), Kind: gonghui.CongressKind(f.Get("kind")), Version: atoi64(f.Get("version"))}
	errs := map[string]string{}
	in.EstablishedOn = formDateField(f, "established_on", errs, lang)
	if code := strings.TrimSpace(f.Get("org_code")); code != "" {
		o, err := s.orgByCodeField(r, a, code, "org_code")
		mergeFieldErrors(errs, err, lang, nil)
		in.OrgID = o.ID
	}
	for _, code := range lines(f.Get("units")) {
		id := s.unitByUSCCField(r, a, code, "units", errs, lang)
		if id == 0 {
			break
		}
		in.UnitIDs = append(in.UnitIDs, id)
	}
	return in, errs
}

func (s *Server) congressNewForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.canEditDemocracy(r); err != nil {
		return err
	}
	a := actorFrom(r)
	q := r.URL.Query()
	form := url.Values{"org_code": {q.Get("org_code")}, "kind": {string(gonghui.CongressUnit)}}
	// Opened from a unit's page: that unit, kept by its own union.
	u, err := s.filterUnit(r, a, atoi64(q.Get("unit_id")))
	if err != nil {
		return err
	}
	if u.ID != 0 {
		form.Set("units", u.USCC)
		if o, err := s.store.GetOrg(r.Context(), a, u.OrgID); err == nil && form.Get("org_code") == "" {
			form.Set("org_code", o.Code)
		}
	}
	s.render(w, r, http.StatusOK, "democracy/congress_form", page{Title: i18n.T(i18n.FromRequest(r), "congress.new"), Form: form, Data: gonghui.Congress{}})
	return nil
}

func (s *Server) congressEditForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.canEditDemocracy(r); err != nil {
		return err
	}
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	g, err := s.store.GetCongress(r.Context(), a, id)
	if err != nil {
		return err
	}
	org, err := s.store.GetOrg(r.Context(), a, g.OrgID)
	if err != nil {
		return err
	}
	var usccs []string
	for _, uid := range g.UnitIDs {
		if u, err := s.store.GetUnit(r.Context(), a, uid); err == nil {
			usccs = append(usccs, u.USCC)
		}
	}
	s.render(w, r, http.StatusOK, "democracy/congress_form", page{Title: g.Name, Form: congressForm(g, org.Code, usccs), Data: g})
	return nil
}

func (s *Server) congressCreate(w http.ResponseWriter, r *http.Request) error {
	return s.congressSave(w, r, 0)
}

func (s *Server) congressUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.congressSave(w, r, id)
}

func (s *Server) congressSave(w http.ResponseWriter, r *http.Request, id int64) error {
	if err := s.canEditDemocracy(r); err != nil {
		return err
	}
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, errs := s.congressInputFromForm(r, a, r.PostForm, lang)
	var g gonghui.Congress
	var err error
	if len(errs) == 0 {
		if id == 0 {
			g, err = s.store.CreateCongress(r.Context(), a, in)
		} else {
			g, err = s.store.UpdateCongress(r.Context(), a, id, in)
		}
	} else {
		v := &gonghui.ValidationError{}
		in.Validate(v) // every bad field at once
		err = v.Err()
	}
	mergeFieldErrors(errs, err, lang, map[string]string{"org_id": "org_code", "unit_ids": "units"})
	if len(errs) > 0 {
		title := i18n.T(lang, "congress.new")
		if id != 0 {
			// An edit keeps the record's name in the heading, even when the
			// form's name is the bad field.
			cur, err := s.store.GetCongress(r.Context(), a, id)
			if err != nil {
				return err
			}
			title = cur.Name
		}
		s.renderForm(w, r, "democracy/congress_form", page{Title: title, Form: r.PostForm, Errors: errs,
			Data: gonghui.Congress{ID: id, Name: title}})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/congresses/"+itoa(g.ID), http.StatusSeeOther)
	return nil
}

// sittingInputFromForm reads the sitting form; motions one per line. Bad
// numbers and dates are reported with every other bad field.
func sittingInputFromForm(f url.Values) (gonghui.SittingInput, error) {
	v := &gonghui.ValidationError{}
	in := gonghui.SittingInput{Motions: lines(f.Get("motions"))}
	var err error
	if in.HeldOn, err = gonghui.ParseDate(f.Get("held_on")); err != nil {
		v.Add("held_on", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	}
	ints := []struct {
		field string
		dst   *int
	}{{"delegates", &in.Delegates}, {"attended", &in.Attended}}
	for _, n := range ints {
		if *n.dst, err = strconv.Atoi(strings.TrimSpace(f.Get(n.field))); err != nil {
			v.Add(n.field, "须为整数", "must be a whole number")
		}
	}
	if len(v.Fields) > 0 {
		in.Validate(v, gonghui.Today())
	}
	return in, v.Err()
}

func (s *Server) congressSitting(w http.ResponseWriter, r *http.Request) error {
	if err := s.canEditDemocracy(r); err != nil {
		return err
	}
	return s.formAction(w, r, "/congresses/", func(a gonghui.Actor, id int64, f url.Values) error {
		// Outside the scope stays not found, before any reason is shown.
		if _, err := s.store.GetCongress(r.Context(), a, id); err != nil {
			return err
		}
		in, err := sittingInputFromForm(f)
		if err != nil {
			return err
		}
		_, err = s.store.AddSitting(r.Context(), a, id, in)
		return err
	})
}

func (s *Server) congressDissolve(w http.ResponseWriter, r *http.Request) error {
	if err := s.canEditDemocracy(r); err != nil {
		return err
	}
	return s.formAction(w, r, "/congresses/", func(a gonghui.Actor, id int64, f url.Values) error {
		if _, err := s.store.GetCongress(r.Context(), a, id); err != nil {
			return err
		}
		on, err := formDate(f, "dissolved_on")
		if err != nil {
			return err
		}
		_, err = s.store.DissolveCongress(r.Context(), a, id, on)
		return err
	})
}

type disclosureListView struct {
	listKit
	Disclosures []gonghui.Disclosure
	Filter      url.Values
	Unit        gonghui.Unit
}

func (s *Server) disclosureList(w http.ResponseWriter, r *http.Request) error {
	return s.disclosureListPage(w, r, http.StatusOK, nil, nil)
}

// disclosureListPage draws the list with its establish form, which shows
// its field errors when errs is set.
func (s *Server) disclosureListPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs map[string]string) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	q := r.URL.Query()
	f := disclosureFilter(q)
	unit, err := s.filterUnit(r, a, f.UnitID)
	if err != nil {
		return err
	}
	ds, total, err := s.store.ListDisclosures(r.Context(), a, f)
	if err != nil {
		return err
	}
	p := page{Title: i18n.T(lang, "nav.disclosures"), Form: listForm(unit), Errors: errs,
		Data: disclosureListView{newListKit(r, f.Page, total), ds, q, unit}}
	if errs != nil {
		p.Form, p.Flash = form, i18n.T(lang, "common.errors")
	}
	s.render(w, r, status, "democracy/disclosures", p)
	return nil
}

func (s *Server) disclosureCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.canEditDemocracy(r); err != nil {
		return err
	}
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	errs := map[string]string{}
	on := formDateField(f, "established_on", errs, lang)
	unitID := s.unitByUSCCField(r, a, f.Get("unit_uscc"), "unit_uscc", errs, lang)
	var d gonghui.Disclosure
	var err error
	if len(errs) == 0 {
		d, err = s.store.EstablishDisclosure(r.Context(), a, unitID, on)
		mergeFieldErrors(errs, err, lang, map[string]string{"unit_id": "unit_uscc"})
	} else if unitID == 0 && errs["unit_uscc"] == "" {
		badField(errs, lang, "unit_uscc", "请选择单位", "choose the unit")
	}
	if len(errs) > 0 {
		return s.disclosureListPage(w, r, http.StatusUnprocessableEntity, f, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/disclosures/"+itoa(d.ID), http.StatusSeeOther)
	return nil
}

type disclosureView struct {
	Disclosure gonghui.Disclosure
	Records    []gonghui.DisclosureRecord
	Today      string
}

func (s *Server) disclosureShow(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.store.GetDisclosure(r.Context(), a, id)
	if err != nil {
		return err
	}
	v := disclosureView{Disclosure: d, Today: gonghui.Today().String()}
	if v.Records, err = s.store.DisclosureRecords(r.Context(), a, id); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "democracy/disclosure", page{Title: d.UnitName, Form: r.URL.Query(), Data: v})
	return nil
}

func (s *Server) disclosureRecord(w http.ResponseWriter, r *http.Request) error {
	if err := s.canEditDemocracy(r); err != nil {
		return err
	}
	return s.formAction(w, r, "/disclosures/", func(a gonghui.Actor, id int64, f url.Values) error {
		if _, err := s.store.GetDisclosure(r.Context(), a, id); err != nil {
			return err
		}
		on, err := formDate(f, "disclosed_on")
		if err != nil {
			return err
		}
		_, err = s.store.AddDisclosureRecord(r.Context(), a, id, on, f.Get("topic"))
		return err
	})
}

func (s *Server) disclosureEnd(w http.ResponseWriter, r *http.Request) error {
	if err := s.canEditDemocracy(r); err != nil {
		return err
	}
	return s.formAction(w, r, "/disclosures/", func(a gonghui.Actor, id int64, f url.Values) error {
		if _, err := s.store.GetDisclosure(r.Context(), a, id); err != nil {
			return err
		}
		on, err := formDate(f, "ended_on")
		if err != nil {
			return err
		}
		_, err = s.store.EndDisclosure(r.Context(), a, id, on)
		return err
	})
}

// directorRow is a director with whether the seat is held today, which
// decides whether the list offers to end it.
type directorRow struct {
	gonghui.Director
	Current bool
}

type directorListView struct {
	Directors []directorRow
	Filter    url.Values
	Unit      gonghui.Unit
	Today     string
	Pager     pager
}

func (s *Server) directorList(w http.ResponseWriter, r *http.Request) error {
	return s.directorListPage(w, r, http.StatusOK, nil, nil)
}

// directorListPage draws the list with its add form, which shows its field
// errors when errs is set.
func (s *Server) directorListPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs map[string]string) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	q := r.URL.Query()
	f := directorFilter(q)
	unit, err := s.filterUnit(r, a, f.UnitID)
	if err != nil {
		return err
	}
	ds, total, err := s.store.ListDirectors(r.Context(), a, f)
	if err != nil {
		return err
	}
	today := gonghui.Today()
	rows := make([]directorRow, len(ds))
	for i, d := range ds {
		rows[i] = directorRow{d, d.InOffice(today)}
	}
	p := page{Title: i18n.T(lang, "nav.directors"), Form: listForm(unit), Errors: errs,
		Data: directorListView{rows, q, unit, today.String(), newPager(r, f.Page, total)}}
	if errs != nil {
		p.Form, p.Flash = form, i18n.T(lang, "common.errors")
	}
	s.render(w, r, status, "democracy/directors", p)
	return nil
}

func (s *Server) directorCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.canEditDemocracy(r); err != nil {
		return err
	}
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	errs := map[string]string{}
	in := gonghui.DirectorInput{Role: gonghui.DirectorRole(f.Get("role")), Name: f.Get("name"),
		Since: formDateField(f, "since", errs, lang), Until: formDateField(f, "until", errs, lang)}
	in.UnitID = s.unitByUSCCField(r, a, f.Get("unit_uscc"), "unit_uscc", errs, lang)
	var err error
	if len(errs) == 0 {
		_, err = s.store.AddDirector(r.Context(), a, in)
	} else {
		v := &gonghui.ValidationError{}
		in.Validate(v) // every bad field at once
		err = v.Err()
	}
	mergeFieldErrors(errs, err, lang, map[string]string{"unit_id": "unit_uscc"})
	if len(errs) > 0 {
		return s.directorListPage(w, r, http.StatusUnprocessableEntity, f, errs)
	}
	if err != nil {
		return err
	}
	back := "/directors"
	if in.UnitID != 0 {
		back += "?unit_id=" + itoa(in.UnitID)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// directorEndAction ends a term from the list; a refusal comes back there.
func (s *Server) directorEndAction(w http.ResponseWriter, r *http.Request) error {
	if err := s.canEditDemocracy(r); err != nil {
		return err
	}
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.store.GetDirector(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	on, err := formDate(r.PostForm, "until")
	if err == nil {
		_, err = s.store.EndDirector(r.Context(), a, id, on)
	}
	if err != nil {
		// returnTo appends the reasons as the query, so the way back has none.
		return s.returnTo(w, r, "/directors", err)
	}
	http.Redirect(w, r, "/directors?unit_id="+itoa(d.UnitID), http.StatusSeeOther)
	return nil
}
