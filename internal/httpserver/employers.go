package httpserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/importer"
	"gonghui/refdata"
)

// employersModule is the employer register (单位名录): every employer of
// an area, unionized or not, as the regulator lists it, with what cadres
// note on it.
var employersModule = module{
	name: "employers",
	nav:  []navEntry{{label: "nav.employers", href: "/employers", group: "nav.group.orgs"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /employers", s.employerList)
		r.ui("GET /employers.csv", s.employerExport)
		r.ui("GET /employers.xlsx", s.employerExport)
		r.ui("GET /employers/coverage", s.employerCoverage)
		r.ui("GET /employers/{id}", s.employerShow)
		r.form("GET /employers/{id}/edit", gonghui.PermEditUnits, s.employerEditForm)
		r.ui("POST /employers/{id}/edit", s.employerUpdate)

		r.json("GET /api/v1/employers", s.apiEmployerList)
		r.json("GET /api/v1/employers/coverage", s.apiEmployerCoverage)
		r.json("GET /api/v1/employers/{id}", s.apiEmployerGet)
		r.json("PATCH /api/v1/employers/{id}", s.apiEmployerPatch)
	},
	choices: map[string][]gonghui.Choice{"legal_form": gonghui.LegalForms, "employer_status": gonghui.EmployerStatuses,
		"employer_band": gonghui.EmployerBands, "coverage_by": gonghui.CoverageGroupings},
	apiTypes: map[string]any{"Employer": gonghui.Employer{}, "EmployerNotesInput": gonghui.EmployerNotesInput{},
		"CoverageRow": gonghui.CoverageRow{}},
}

// employerFilter is the one reading of the list's filters, for the UI,
// its export and the API.
func employerFilter(q url.Values, orgParam string) gonghui.EmployerFilter {
	on, _ := gonghui.ParseDate(q.Get("date")) // zero (today) when absent or malformed
	return gonghui.EmployerFilter{On: on, OrgID: atoi64(q.Get(orgParam)), Query: q.Get("q"), Covered: q.Get("covered"),
		LegalForm: q.Get("legal_form"), Ownership: gonghui.Ownership(q.Get("ownership")), IndustryCode: strings.TrimSpace(q.Get("industry")),
		StaffBand: q.Get("staff"), RegionCode: strings.TrimSpace(q.Get("region")), Left: q.Get("left") == "1" || q.Get("left") == "true",
		IDs: idsParam(q), Sort: q.Get("sort"), Page: pageParams(q, 50)}
}

func (s *Server) employerList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := employerFilter(q, "org")
	errs, err := s.listUnion(r, a, q, &f.OrgID, lang)
	if err != nil {
		return err
	}
	list, total, err := s.store.ListEmployers(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "employers/list", page{Title: i18n.T(lang, "nav.employers"), Form: q, Errors: errs,
		Data: struct {
			listKit
			Employers []gonghui.Employer
		}{newListKit(r, f.Page, total), list}})
	return nil
}

func (s *Server) employerShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.store.GetEmployer(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "employers/show", page{Title: e.Name, Data: e})
	return nil
}

func (s *Server) employerEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.store.GetEmployer(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	form := url.Values{"contact": {e.Contact}, "notes": {e.Notes}, "version": {itoa(e.Version)}}
	s.render(w, r, http.StatusOK, "employers/form", page{Title: e.Name, Form: form, Data: e})
	return nil
}

// employerUpdate saves the cadre's fields from the form.
func (s *Server) employerUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	in := gonghui.EmployerNotesInput{Contact: r.PostForm.Get("contact"), Notes: r.PostForm.Get("notes"), Version: atoi64(r.PostForm.Get("version"))}
	e, err := s.store.UpdateEmployerNotes(r.Context(), a, id, in)
	if errs := formErrors(err, lang); errs != nil {
		cur, gerr := s.store.GetEmployer(r.Context(), a, id)
		if gerr != nil {
			return gerr
		}
		s.renderForm(w, r, "employers/form", page{Title: cur.Name, Form: r.PostForm, Errors: errs, Data: cur})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/employers/"+itoa(e.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) apiEmployerList(r *http.Request) (int, any, error) {
	f := employerFilter(r.URL.Query(), "org_id")
	list, total, err := s.store.ListEmployers(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(list, total, f.Page), err
}

func (s *Server) apiEmployerGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	e, err := s.store.GetEmployer(r.Context(), actorFrom(r), id)
	return http.StatusOK, e, err
}

// apiEmployerPatch changes what cadres keep on an employer; the imported
// fields change only by import.
func (s *Server) apiEmployerPatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	cur, err := s.store.GetEmployer(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermEditUnits, cur.ToNotesInput())
	if err != nil {
		return 0, nil, err
	}
	e, err := s.store.UpdateEmployerNotes(r.Context(), a, id, in)
	return http.StatusOK, e, err
}

// employerExport writes the employers of the list in the register
// template's columns.
func (s *Server) employerExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	f := employerFilter(r.URL.Query(), "org")
	if err := s.unionFilter(r, a, r.URL.Query(), &f.OrgID); err != nil {
		return err
	}
	return s.exportSheet(w, r, importer.Employers, "/employers", func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		list, _, err := s.store.ListEmployers(r.Context(), a, f)
		out := sheetRows{more: len(list) == p.Limit}
		for _, e := range list {
			status := gonghui.ChoiceName(gonghui.EmployerStatuses, e.Status).Zh
			out.rows = append(out.rows, []string{e.USCC, e.Name, gonghui.ChoiceName(gonghui.LegalForms, e.LegalForm).Zh, e.Ownership.Name().Zh,
				strconv.Itoa(e.StaffCount), e.Address, e.RegionCode, e.IndustryCode, e.RegisteredOn.String(), status, e.LeftOn.String()})
		}
		return out, err
	})
}

// employerFigureLinks are the list filters behind each coverage figure; a
// rate lists the employers still without a union, what a campaign is for.
var employerFigureLinks = map[string]url.Values{
	"employers_total": {}, "workers_employed": {}, "employers_unionized": {"covered": {"yes"}}, "workers_covered": {"covered": {"yes"}},
	"coverage_rate": {"covered": {"no"}}, "workers_coverage_rate": {"covered": {"no"}},
	"employers_25plus": {"staff": {"25plus"}}, "employers_25plus_unionized": {"staff": {"25plus"}, "covered": {"yes"}},
	"employers_25plus_uncovered": {"staff": {"25plus"}, "covered": {"no"}}, "coverage_rate_25plus": {"staff": {"25plus"}, "covered": {"no"}},
	"employers_100plus": {"staff": {"100plus"}}, "employers_100plus_unionized": {"staff": {"100plus"}, "covered": {"yes"}},
	"coverage_rate_100plus": {"staff": {"100plus"}, "covered": {"no"}},
}

// employerFigureLink is the employer list a coverage figure of an org's
// subtree on a date counts ("" for other figures).
func employerFigureLink(key string, orgID int64, date string) string {
	filter, ok := employerFigureLinks[key]
	if !ok {
		return ""
	}
	q := url.Values{"org": {itoa(orgID)}, "date": {date}}
	for k, v := range filter {
		q[k] = v
	}
	return "/employers?" + q.Encode()
}

// coverageQuery reads the coverage table's subtree, day and grouping.
func coverageQuery(q url.Values, orgParam string) (int64, gonghui.Date, string) {
	on, _ := gonghui.ParseDate(q.Get("date")) // zero (today) when absent or malformed
	if on.IsZero() {
		on = gonghui.Today()
	}
	by := q.Get("by")
	if by == "" {
		by = "district"
	}
	return atoi64(q.Get(orgParam)), on, by
}

// coverageLine is a row of the coverage table with its group's name and
// the list of its employers still without a union.
type coverageLine struct {
	gonghui.CoverageRow
	Name, Uncovered string
	Uncovered25Plus int
}

// employerCoverage is the coverage table (建会率 by district, street,
// industry or ownership), each group linking to its uncovered employers.
func (s *Server) employerCoverage(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	orgID, on, by := coverageQuery(q, "org")
	errs, err := s.listUnion(r, a, q, &orgID, lang)
	if err != nil {
		return err
	}
	rows, err := s.store.CoverageBy(r.Context(), a, orgID, on, by)
	if err != nil {
		return err
	}
	lines := make([]coverageLine, len(rows))
	for i, row := range rows {
		list := url.Values{"date": {on.String()}, "covered": {"no"}}
		if orgID != 0 {
			list.Set("org", itoa(orgID))
		}
		name := row.Key
		switch by {
		case "district", "street":
			list.Set("region", row.Key)
			if rg, ok := refdata.RegionByCode(row.Key); ok {
				name = rg.Name
			}
		case "industry":
			list.Set("industry", row.Key)
			if in, ok := refdata.IndustryByCode(row.Key); ok {
				name = row.Key + " " + in.Name
			}
		case "ownership":
			list.Set("ownership", row.Key)
			name = gonghui.Ownership(row.Key).Name().In(lang)
		}
		lines[i] = coverageLine{row, name, "/employers?" + list.Encode(), row.Employers25Plus - row.Unionized25Plus}
	}
	form := url.Values{"union": {q.Get("union")}, "org": {q.Get("org")}, "date": {on.String()}, "by": {by}}
	s.render(w, r, http.StatusOK, "employers/coverage", page{Title: i18n.T(lang, "employer.coverage"), Form: form, Errors: errs, Data: lines})
	return nil
}

func (s *Server) apiEmployerCoverage(r *http.Request) (int, any, error) {
	orgID, on, by := coverageQuery(r.URL.Query(), "org_id")
	rows, err := s.store.CoverageBy(r.Context(), actorFrom(r), orgID, on, by)
	return http.StatusOK, rows, err
}
