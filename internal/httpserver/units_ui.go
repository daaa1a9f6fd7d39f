package httpserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
)

func (s *Server) unitList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pg := pageParams(q, 50)
	units, total, err := s.store.ListUnits(r.Context(), actorFrom(r), gonghui.UnitFilter{OrgID: atoi64(q.Get("org")), Query: q.Get("q"), Page: pg})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "units/list", page{Title: i18n.T(i18n.FromRequest(r), "nav.units"), Form: q,
		Data: struct {
			Units []gonghui.Unit
			Pager pager
		}{units, newPager(r, pg, total)}})
	return nil
}

func (s *Server) unitShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.store.GetUnit(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "units/show", page{Title: u.Name, Data: u})
	return nil
}

// unitInputFromForm reads the unit form; the covering union is typed as its
// code, resolved in the caller's scope.
func (s *Server) unitInputFromForm(r *http.Request, a gonghui.Actor, f url.Values, lang string) (gonghui.UnitInput, map[string]string) {
	in := gonghui.UnitInput{
		USCC: f.Get("uscc"), USCCPilotConfirmed: f.Get("uscc_pilot_confirmed") == "on", Name: f.Get("name"), Ownership: gonghui.Ownership(f.Get("ownership")),
		RegionCode: f.Get("region_code"), IndustryCode: f.Get("industry_code"), Version: atoi64(f.Get("version")),
	}
	errs := map[string]string{}
	if staff := strings.TrimSpace(f.Get("staff_count")); staff != "" {
		n, err := strconv.Atoi(staff)
		if err != nil {
			errs["staff_count"] = gonghui.Message{Zh: "职工人数须为整数", En: "staff count must be a whole number"}.In(lang)
		}
		in.StaffCount = n
	}
	if code := strings.TrimSpace(f.Get("org_code")); code != "" {
		o, err := s.orgByCodeField(r, a, code, "org_code")
		if err != nil {
			for k, v := range fieldErrors(err, lang) {
				errs[k] = v
			}
		}
		in.OrgID = o.ID
	} else {
		errs["org_code"] = gonghui.Message{Zh: "请填写覆盖该单位的工会代码", En: "enter the code of the covering union"}.In(lang)
	}
	return in, errs
}

// mergeErrors adds storage field errors to form errors; org_id errors show
// at the org_code field the form has.
func mergeErrors(errs map[string]string, err error, lang string) map[string]string {
	for k, v := range formErrors(err, lang) {
		if k == "org_id" {
			k = "org_code"
		}
		if _, ok := errs[k]; !ok {
			errs[k] = v
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func (s *Server) unitNewForm(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{"org_code": {r.URL.Query().Get("org_code")}, "ownership": {string(gonghui.OwnershipPrivate)}}
	s.render(w, r, http.StatusOK, "units/form", page{Title: i18n.T(i18n.FromRequest(r), "org.new_unit"), Form: form, Data: gonghui.Unit{}})
	return nil
}

func (s *Server) unitCreate(w http.ResponseWriter, r *http.Request) error {
	return s.unitSave(w, r, 0)
}

func (s *Server) unitUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.unitSave(w, r, id)
}

// unitSave creates (id 0) or updates a unit from the form.
func (s *Server) unitSave(w http.ResponseWriter, r *http.Request, id int64) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, errs := s.unitInputFromForm(r, a, r.PostForm, lang)
	var u gonghui.Unit
	var err error
	if len(errs) == 0 {
		if id == 0 {
			u, err = s.store.CreateUnit(r.Context(), a, in)
		} else {
			u, err = s.store.UpdateUnit(r.Context(), a, id, in)
		}
	} else {
		// Still run the store's checks so every bad field shows at once.
		err = s.store.ValidateUnit(r.Context(), a, in)
	}
	if errs = mergeErrors(errs, err, lang); errs != nil {
		title := i18n.T(lang, "org.new_unit")
		s.renderForm(w, r, "units/form", page{Title: title, Form: r.PostForm, Errors: errs, Data: gonghui.Unit{ID: id}})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/units/"+itoa(u.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) unitEditForm(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.store.GetUnit(r.Context(), a, id)
	if err != nil {
		return err
	}
	o, err := s.store.GetOrg(r.Context(), a, u.OrgID)
	if err != nil {
		return err
	}
	form := url.Values{"uscc": {u.USCC}, "name": {u.Name}, "org_code": {o.Code}, "ownership": {string(u.Ownership)},
		"staff_count": {strconv.Itoa(u.StaffCount)}, "region_code": {u.RegionCode}, "industry_code": {u.IndustryCode}, "version": {itoa(u.Version)}}
	if u.Warning != nil {
		form.Set("uscc_pilot_confirmed", "on")
	}
	s.render(w, r, http.StatusOK, "units/form", page{Title: u.Name, Form: form, Data: u})
	return nil
}

// unitPick answers a unit picker: the units in the caller's scope whose
// name contains, or whose USCC starts with, what the field (?field=NAME)
// holds so far.
func (s *Server) unitPick(w http.ResponseWriter, r *http.Request) error {
	return s.pick(w, r, "units/pick", func(typed string, p gonghui.Page) (any, error) {
		units, _, err := s.store.ListUnits(r.Context(), actorFrom(r), gonghui.UnitFilter{Query: typed, Page: p})
		return units, err
	})
}
