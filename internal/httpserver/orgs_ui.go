package httpserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}

// orgView is the org page's data.
type orgView struct {
	Org       gonghui.Org
	Ancestors []gonghui.Org
	Children  []gonghui.Org
	Pager     pager
	Query     string
	Units     []gonghui.Unit
	UnitTotal int
	Successor *gonghui.Org
	Counts    gonghui.MemberCounts
}

func (s *Server) orgShow(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := s.store.GetOrg(r.Context(), a, id)
	if err != nil {
		return err
	}
	v := orgView{Org: o, Query: r.URL.Query().Get("q")}
	if v.Ancestors, err = s.store.Ancestors(r.Context(), a, o); err != nil {
		return err
	}
	pg := pageParams(r.URL.Query(), 50)
	var total int
	if v.Children, total, err = s.store.ListOrgs(r.Context(), a, gonghui.OrgFilter{ParentID: o.ID, Query: v.Query, Page: pg}); err != nil {
		return err
	}
	v.Pager = newPager(r, pg, total)
	if v.Units, v.UnitTotal, err = s.store.ListUnits(r.Context(), a, gonghui.UnitFilter{OrgID: o.ID, Page: gonghui.Page{Limit: 10}}); err != nil {
		return err
	}
	if v.Counts, err = s.store.MemberCounts(r.Context(), a, o.ID); err != nil {
		return err
	}
	if o.SuccessorID != 0 {
		if succ, err := s.store.GetOrg(r.Context(), a, o.SuccessorID); err == nil {
			v.Successor = &succ
		}
	}
	s.render(w, r, http.StatusOK, "orgs/show", page{Title: o.Name, Data: v})
	return nil
}

// orgFilter reads the union list's filters, shared by the UI, its export
// and the API.
func orgFilter(q url.Values) gonghui.OrgFilter {
	return gonghui.OrgFilter{ParentID: atoi64(q.Get("parent_id")), Query: q.Get("q"), Kind: gonghui.OrgKind(q.Get("kind")),
		Status: gonghui.OrgStatus(q.Get("status")), Level: int(atoi64(q.Get("level"))), IDs: idsParam(q), Sort: q.Get("sort"), Page: pageParams(q, 50)}
}

// orgLevels are the levels of the tree the union list filters by: the
// city federation, its districts and industries, and three below.
var orgLevels = []int{1, 2, 3, 4, 5}

type orgsView struct {
	listKit
	Orgs     []gonghui.Org
	Levels   []int
	Statuses []gonghui.OrgStatus
}

// Kit is the list kit for the union table partial.
func (v *orgsView) Kit() *listKit { return &v.listKit }

// orgSearch lists every org in scope matching a query.
func (s *Server) orgSearch(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := orgFilter(q)
	orgs, total, err := s.store.ListOrgs(r.Context(), actorFrom(r), f)
	if err != nil {
		return err
	}
	lang := i18n.FromRequest(r)
	s.render(w, r, http.StatusOK, "orgs/list", page{Title: i18n.T(lang, "nav.orgs"), Form: q,
		Data: &orgsView{listKit: newListKit(r, f.Page, total), Orgs: orgs, Levels: orgLevels,
			Statuses: []gonghui.OrgStatus{gonghui.OrgActive, gonghui.OrgDissolved, gonghui.OrgMerged}}})
	return nil
}

// orgPick answers a union picker: the active unions in the caller's scope
// found by what the field holds so far (ListOrgs' query: the name, the
// start of the code or USCC, the pinyin initials).
func (s *Server) orgPick(w http.ResponseWriter, r *http.Request) error {
	return s.pick(w, r, "orgs/pick", func(typed string, p gonghui.Page) (any, error) {
		orgs, _, err := s.store.ListOrgs(r.Context(), actorFrom(r), gonghui.OrgFilter{Query: typed, Status: gonghui.OrgActive, Page: p})
		return orgs, err
	})
}

// pickLimit is how many options a picker offers.
const pickLimit = 20

// pick answers a picker: the records find (within the caller's scope)
// gives for what the field (?field=NAME) holds so far, as the options of
// its list; nothing typed, nothing offered.
func (s *Server) pick(w http.ResponseWriter, r *http.Request, tmpl string, find func(typed string, p gonghui.Page) (any, error)) error {
	q := r.URL.Query()
	var found any
	if typed := strings.TrimSpace(q.Get(q.Get("field"))); typed != "" {
		var err error
		if found, err = find(typed, gonghui.Page{Limit: pickLimit}); err != nil {
			return err
		}
	}
	s.renderFragment(w, r, tmpl, page{Data: found})
	return nil
}

func orgInputFromForm(f url.Values) gonghui.OrgInput {
	founded, _ := gonghui.ParseDate(f.Get("founded_on"))
	in := gonghui.OrgInput{
		Code: f.Get("code"), Name: f.Get("name"), Kind: gonghui.OrgKind(f.Get("kind")),
		ParentID: atoi64(f.Get("parent_id")), RegionCode: f.Get("region_code"), IndustryCode: f.Get("industry_code"),
		USCC: f.Get("uscc"), USCCPilotConfirmed: f.Get("uscc_pilot_confirmed") == "on", Chair: f.Get("chair"), FoundedOn: founded, Version: atoi64(f.Get("version")),
	}
	if n, err := strconv.Atoi(strings.TrimSpace(f.Get("reported_members"))); err == nil {
		in.ReportedMembers = &n
	}
	return in
}

// orgFormErrors checks the form fields that are not plain text.
func orgFormErrors(f url.Values, lang string) map[string]string {
	errs := dateField(f, "founded_on", nil, lang)
	if v := strings.TrimSpace(f.Get("reported_members")); v != "" {
		if _, err := strconv.Atoi(v); err != nil {
			if errs == nil {
				errs = map[string]string{}
			}
			errs["reported_members"] = gonghui.Message{Zh: "年报会员数须为整数", En: "reported members must be a whole number"}.In(lang)
		}
	}
	return errs
}

// dateField checks a form date and records a field error when unreadable.
func dateField(f url.Values, field string, errs map[string]string, lang string) map[string]string {
	if _, err := gonghui.ParseDate(f.Get(field)); err != nil {
		if errs == nil {
			errs = map[string]string{}
		}
		errs[field] = gonghui.Message{Zh: "日期格式应为 YYYY-MM-DD", En: "date must be YYYY-MM-DD"}.In(lang)
	}
	return errs
}

type orgFormView struct {
	Org    gonghui.Org
	Parent gonghui.Org
	New    bool
}

func (s *Server) orgNewForm(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	parent, err := s.store.GetOrg(r.Context(), a, atoi64(r.URL.Query().Get("parent")))
	if err != nil {
		return err
	}
	form := url.Values{"parent_id": {itoa(parent.ID)}, "kind": {string(gonghui.KindGrassroots)}, "region_code": {parent.RegionCode}}
	s.render(w, r, http.StatusOK, "orgs/form", page{Title: i18n.T(i18n.FromRequest(r), "org.new_child"), Form: form,
		Data: orgFormView{Parent: parent, New: true}})
	return nil
}

func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	in := orgInputFromForm(r.PostForm)
	errs := orgFormErrors(r.PostForm, lang)
	var o gonghui.Org
	var err error
	if errs == nil {
		o, err = s.store.CreateOrg(r.Context(), a, in)
		errs = formErrors(err, lang)
	}
	if errs != nil {
		parent, _ := s.store.GetOrg(r.Context(), a, in.ParentID)
		s.renderForm(w, r, "orgs/form", page{Title: i18n.T(lang, "org.new_child"), Form: r.PostForm,
			Errors: errs, Data: orgFormView{Parent: parent, New: true}})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/orgs/"+itoa(o.ID), http.StatusSeeOther)
	return nil
}

func orgForm(o gonghui.Org) url.Values {
	return url.Values{
		"code": {o.Code}, "name": {o.Name}, "kind": {string(o.Kind)}, "parent_id": {itoa(o.ParentID)},
		"region_code": {o.RegionCode}, "industry_code": {o.IndustryCode}, "uscc": {o.USCC}, "chair": {o.Chair},
		"founded_on": {o.FoundedOn.String()}, "reported_members": {reportedString(o.ReportedMembers)}, "version": {itoa(o.Version)},
	}
}

func reportedString(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func (s *Server) orgEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := s.store.GetOrg(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "orgs/form", page{Title: o.Name, Form: orgForm(o), Data: orgFormView{Org: o}})
	return nil
}

func (s *Server) orgUpdate(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	errs := orgFormErrors(r.PostForm, lang)
	var o gonghui.Org
	if errs == nil {
		o, err = s.store.UpdateOrg(r.Context(), a, id, orgInputFromForm(r.PostForm))
		errs = formErrors(err, lang)
	}
	if errs != nil {
		cur, gerr := s.store.GetOrg(r.Context(), a, id)
		if gerr != nil {
			return gerr
		}
		s.renderForm(w, r, "orgs/form", page{Title: cur.Name, Form: r.PostForm, Errors: errs, Data: orgFormView{Org: cur}})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/orgs/"+itoa(o.ID), http.StatusSeeOther)
	return nil
}

// orgAction runs a tree action (move, merge, dissolve) from the org page.
func (s *Server) orgAction(w http.ResponseWriter, r *http.Request, do func(a gonghui.Actor, id int64, f url.Values) error) error {
	return s.formAction(w, r, "/orgs/", do)
}

// orgByCodeField resolves a target org typed as its code.
func (s *Server) orgByCodeField(r *http.Request, a gonghui.Actor, code, field string) (gonghui.Org, error) {
	o, err := s.store.GetOrgByCode(r.Context(), a, code)
	if err == gonghui.ErrNotFound {
		return o, gonghui.Invalid(field, "找不到代码为“"+code+"”的工会", "no union with code \""+code+"\" in your scope")
	}
	return o, err
}

func (s *Server) orgMove(w http.ResponseWriter, r *http.Request) error {
	return s.orgAction(w, r, func(a gonghui.Actor, id int64, f url.Values) error {
		target, err := s.orgByCodeField(r, a, f.Get("target_code"), "parent_id")
		if err != nil {
			return err
		}
		_, err = s.store.MoveOrg(r.Context(), a, id, target.ID)
		return err
	})
}

func (s *Server) orgMerge(w http.ResponseWriter, r *http.Request) error {
	return s.orgAction(w, r, func(a gonghui.Actor, id int64, f url.Values) error {
		target, err := s.orgByCodeField(r, a, f.Get("target_code"), "successor_id")
		if err != nil {
			return err
		}
		on, err := gonghui.ParseDate(f.Get("date"))
		if err != nil {
			return gonghui.Invalid("date", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
		}
		_, err = s.store.MergeOrg(r.Context(), a, id, target.ID, on)
		return err
	})
}

func (s *Server) orgDissolve(w http.ResponseWriter, r *http.Request) error {
	return s.orgAction(w, r, func(a gonghui.Actor, id int64, f url.Values) error {
		on, err := gonghui.ParseDate(f.Get("date"))
		if err != nil {
			return gonghui.Invalid("date", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
		}
		_, err = s.store.DissolveOrg(r.Context(), a, id, on)
		return err
	})
}
