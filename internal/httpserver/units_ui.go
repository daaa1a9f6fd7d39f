package httpserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
)

// unitFilter reads the unit list's filters, shared by the UI, its export
// and the API (org_id there, org in the UI).
func unitFilter(q url.Values) gonghui.UnitFilter {
	query := q.Get("q")
	if u := q.Get("uscc"); u != "" {
		query = u
	}
	return gonghui.UnitFilter{OrgID: orgParam(q), Query: query, Ownership: gonghui.Ownership(q.Get("ownership")),
		IndustryCode: strings.TrimSpace(q.Get("industry")), StaffBand: q.Get("staff"), IDs: idsParam(q), Sort: q.Get("sort"), Page: pageParams(q, 50)}
}

type unitsView struct {
	listKit
	Units []gonghui.Unit
	Org   gonghui.Org // the union whose subtree is listed
}

func (s *Server) unitList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := unitFilter(q)
	errs, err := s.listUnion(r, a, q, &f.OrgID, lang)
	if err != nil {
		return err
	}
	units, total, err := s.store.ListUnits(r.Context(), a, f)
	if err != nil {
		return err
	}
	v := unitsView{listKit: newListKit(r, f.Page, total), Units: units}
	if v.Org, err = s.scopeOrg(r, a, f.OrgID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "units/list", page{Title: i18n.T(lang, "nav.units"), Form: q, Errors: errs, Data: v})
	return nil
}

// unitBatch runs an action on the units ticked in the list: move them to
// another covering union, each through the unit's own edit (checked and
// audited by the store).
func (s *Server) unitBatch(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if !a.Can(gonghui.PermEditUnits) {
		return gonghui.ErrForbidden
	}
	f, ids, err := batchForm(w, r)
	if err != nil {
		return err
	}
	if f.Get("action") != "move" {
		return gonghui.Invalid("action", "未知的批量操作", "unknown batch action")
	}
	to, err := s.orgByCodeField(r, a, strings.TrimSpace(f.Get("to_code")), "to_code")
	if err != nil {
		return err
	}
	units, _, err := s.store.ListUnits(r.Context(), a, gonghui.UnitFilter{IDs: ids, Page: gonghui.Page{Limit: listBatchMax}})
	if err != nil {
		return err
	}
	rows := make([]batchRow, len(units))
	byID := map[int64]gonghui.Unit{}
	for i, u := range units {
		rows[i], byID[u.ID] = batchRow{ID: u.ID, Name: u.Name, Link: "/units/" + itoa(u.ID), Org: u.OrgName}, u
	}
	return s.runBatch(w, r, batchResult{Back: "/units", BackLabel: i18n.T(lang, "nav.units")}, rows, len(ids), func(id int64) error {
		in := byID[id].ToInput()
		in.OrgID = to.ID
		_, err := s.store.UpdateUnit(r.Context(), a, id, in)
		return err
	})
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
