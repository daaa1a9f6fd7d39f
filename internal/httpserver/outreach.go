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
	"gonghui/uscc"
)

// outreachModule is outreach where workers gather (职工聚集区域): worker
// dialogue meetings and other events in buildings, communities and parks,
// and the members in new forms of employment by platform company.
var outreachModule = module{
	name: "outreach",
	nav:  []navEntry{{label: "nav.outreach", href: "/outreach", group: "nav.group.orgs"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /outreach", s.outreachList)
		r.ui("GET /outreach.csv", s.outreachExport)
		r.ui("GET /outreach.xlsx", s.outreachExport)
		r.form("GET /outreach/new", gonghui.PermEditUnits, s.outreachNewForm)
		r.ui("POST /outreach/new", s.outreachCreate)
		r.ui("GET /outreach/{id}", s.outreachShow)
		r.form("GET /outreach/{id}/edit", gonghui.PermEditUnits, s.outreachEditForm)
		r.ui("POST /outreach/{id}/edit", s.outreachUpdate)
		r.ui("GET /coverage/new-employment", s.newEmploymentPage)

		r.json("GET /api/v1/outreach-events", s.apiOutreachList)
		r.json("POST /api/v1/outreach-events", s.apiOutreachCreate)
		r.json("GET /api/v1/outreach-events/{id}", s.apiOutreachGet)
		r.json("PATCH /api/v1/outreach-events/{id}", s.apiOutreachPatch)
		r.json("GET /api/v1/coverage/new-employment", s.apiNewEmployment)
	},
	choices: map[string][]gonghui.Choice{"outreach_kind": gonghui.OutreachKinds, "outreach_place": gonghui.OutreachPlaceKinds},
	apiTypes: map[string]any{"OutreachEvent": gonghui.OutreachEvent{}, "OutreachEventInput": gonghui.OutreachEventInput{},
		"EmployerRef": gonghui.EmployerRef{}, "NewEmploymentRow": gonghui.NewEmploymentRow{}},
}

// outreachFilter is the one reading of the list's filters, for the UI and
// the API.
func outreachFilter(q url.Values, orgParam string) gonghui.OutreachFilter {
	from, _ := gonghui.ParseDate(q.Get("from")) // zero (open) when absent or malformed
	to, _ := gonghui.ParseDate(q.Get("to"))
	return gonghui.OutreachFilter{OrgID: atoi64(q.Get(orgParam)), Kind: q.Get("kind"), PlaceKind: q.Get("place_kind"), Query: q.Get("q"),
		From: from, To: to, RegionCode: strings.TrimSpace(q.Get("region")), IDs: idsParam(q), Sort: q.Get("sort"), Page: pageParams(q, 50)}
}

func (s *Server) outreachList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := outreachFilter(q, "org")
	errs, err := s.listUnion(r, a, q, &f.OrgID, lang)
	if err != nil {
		return err
	}
	events, total, err := s.store.ListOutreachEvents(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "outreach/list", page{Title: i18n.T(lang, "nav.outreach"), Form: q, Errors: errs,
		Data: struct {
			listKit
			Events []gonghui.OutreachEvent
		}{newListKit(r, f.Page, total), events}})
	return nil
}

// outreachExport writes the events of the list in the import template's
// columns: the file imports again unchanged.
func (s *Server) outreachExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	f := outreachFilter(r.URL.Query(), "org")
	if err := s.unionFilter(r, a, r.URL.Query(), &f.OrgID); err != nil {
		return err
	}
	codes := map[int64]string{}
	return s.exportSheet(w, r, importer.OutreachEvents, "/outreach", func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		list, _, err := s.store.ListOutreachEvents(r.Context(), a, f)
		out := sheetRows{more: len(list) == p.Limit}
		for _, e := range list {
			if _, ok := codes[e.OrgID]; !ok {
				o, err := s.store.GetOrg(r.Context(), a, e.OrgID)
				if err != nil {
					return out, err
				}
				codes[e.OrgID] = o.Code
			}
			employers := make([]string, len(e.Employers))
			for i, x := range e.Employers {
				employers[i] = x.USCC
			}
			out.rows = append(out.rows, []string{gonghui.ChoiceName(gonghui.OutreachKinds, e.Kind).Zh, codes[e.OrgID],
				gonghui.ChoiceName(gonghui.OutreachPlaceKinds, e.PlaceKind).Zh, e.PlaceName, e.Address, e.RegionCode, e.HeldOn.String(),
				strings.Join(employers, ";"), strconv.Itoa(e.WorkersReached), strconv.Itoa(e.MembersRecruited)})
		}
		return out, err
	})
}

func (s *Server) outreachShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.store.GetOutreachEvent(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "outreach/show", page{Title: e.PlaceName, Data: e})
	return nil
}

func (s *Server) outreachNewForm(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{"org_code": {r.URL.Query().Get("org_code")}, "kind": {"dialogue"}, "place_kind": {"building"}}
	s.render(w, r, http.StatusOK, "outreach/form", page{Title: i18n.T(i18n.FromRequest(r), "outreach.new"), Form: form, Data: gonghui.OutreachEvent{}})
	return nil
}

func (s *Server) outreachEditForm(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.store.GetOutreachEvent(r.Context(), a, id)
	if err != nil {
		return err
	}
	o, err := s.store.GetOrg(r.Context(), a, e.OrgID)
	if err != nil {
		return err
	}
	usccs := make([]string, len(e.Employers))
	for i, em := range e.Employers {
		usccs[i] = em.USCC
	}
	form := url.Values{"kind": {e.Kind}, "org_code": {o.Code}, "place_kind": {e.PlaceKind}, "place_name": {e.PlaceName}, "address": {e.Address},
		"region_code": {e.RegionCode}, "held_on": {e.HeldOn.String()}, "employers": {strings.Join(usccs, "\n")},
		"workers_reached": {strconv.Itoa(e.WorkersReached)}, "members_recruited": {strconv.Itoa(e.MembersRecruited)}, "version": {itoa(e.Version)}}
	s.render(w, r, http.StatusOK, "outreach/form", page{Title: e.PlaceName, Form: form, Data: e})
	return nil
}

func (s *Server) outreachCreate(w http.ResponseWriter, r *http.Request) error {
	return s.outreachSave(w, r, 0)
}

func (s *Server) outreachUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.outreachSave(w, r, id)
}

// outreachSave records (id 0) or changes an event from the form.
func (s *Server) outreachSave(w http.ResponseWriter, r *http.Request, id int64) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, errs, err := s.outreachFromForm(r, a, r.PostForm, lang)
	if err != nil {
		return err
	}
	var e gonghui.OutreachEvent
	switch {
	case len(errs) > 0: // still run the store's checks, so every bad field shows at once
		err = s.store.ValidateOutreachEvent(r.Context(), a, in)
	case id == 0:
		e, err = s.store.CreateOutreachEvent(r.Context(), a, in)
	default:
		e, err = s.store.UpdateOutreachEvent(r.Context(), a, id, in)
	}
	if errs = mergeErrors(errs, err, lang); errs != nil {
		// The form names the employers by USCC in one field.
		if m, ok := errs["employer_ids"]; ok {
			errs["employers"] = m
		}
		s.renderForm(w, r, "outreach/form", page{Title: i18n.T(lang, "outreach.new"), Form: r.PostForm, Errors: errs, Data: gonghui.OutreachEvent{ID: id}})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/outreach/"+itoa(e.ID), http.StatusSeeOther)
	return nil
}

// outreachFromForm reads the form: the union is typed as its code, the
// employers as their USCCs (one a line), both resolved in the caller's
// scope.
func (s *Server) outreachFromForm(r *http.Request, a gonghui.Actor, f url.Values, lang string) (gonghui.OutreachEventInput, map[string]string, error) {
	in := gonghui.OutreachEventInput{Kind: f.Get("kind"), PlaceKind: f.Get("place_kind"), PlaceName: f.Get("place_name"),
		Address: f.Get("address"), RegionCode: f.Get("region_code"), Version: atoi64(f.Get("version"))}
	errs := map[string]string{}
	bad := func(field, zh, en string) { errs[field] = gonghui.Message{Zh: zh, En: en}.In(lang) }
	var err error
	if in.HeldOn, err = gonghui.ParseDate(f.Get("held_on")); err != nil {
		bad("held_on", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	}
	for field, dst := range map[string]*int{"workers_reached": &in.WorkersReached, "members_recruited": &in.MembersRecruited} {
		v := strings.TrimSpace(f.Get(field))
		if v == "" {
			continue
		}
		if *dst, err = strconv.Atoi(v); err != nil {
			bad(field, "请填写整数", "enter a whole number")
		}
	}
	codes := strings.Fields(f.Get("employers"))
	for i, c := range codes {
		codes[i] = uscc.Normalize(c)
	}
	ids, unknown, err := s.store.EmployerIDsByUSCC(r.Context(), a, codes)
	if err != nil {
		return in, nil, err
	}
	in.EmployerIDs = ids
	if len(unknown) > 0 {
		list := strings.Join(unknown, ", ")
		bad("employers", "单位名录中没有这些统一社会信用代码（或不在您的管辖范围内）："+list, "no employer of your scope has these USCCs: "+list)
	}
	if code := strings.TrimSpace(f.Get("org_code")); code != "" {
		o, err := s.orgByCodeField(r, a, code, "org_code")
		for k, v := range fieldErrors(err, lang) {
			errs[k] = v
		}
		in.OrgID = o.ID
	} else {
		bad("org_code", "请填写主办工会代码", "enter the code of the organizing union")
	}
	return in, errs, nil
}

func (s *Server) apiOutreachList(r *http.Request) (int, any, error) {
	f := outreachFilter(r.URL.Query(), "org_id")
	events, total, err := s.store.ListOutreachEvents(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(events, total, f.Page), err
}

func (s *Server) apiOutreachGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	e, err := s.store.GetOutreachEvent(r.Context(), actorFrom(r), id)
	return http.StatusOK, e, err
}

func (s *Server) apiOutreachCreate(r *http.Request) (int, any, error) {
	var in gonghui.OutreachEventInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	e, err := s.store.CreateOutreachEvent(r.Context(), actorFrom(r), in)
	return http.StatusCreated, e, err
}

func (s *Server) apiOutreachPatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	cur, err := s.store.GetOutreachEvent(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermEditUnits, cur.ToInput())
	if err != nil {
		return 0, nil, err
	}
	e, err := s.store.UpdateOutreachEvent(r.Context(), a, id, in)
	return http.StatusOK, e, err
}

// newEmploymentLine is a row of the new-employment table with its
// district's name.
type newEmploymentLine struct {
	gonghui.NewEmploymentRow
	District string
}

// newEmploymentPage is the table of members in new forms of employment by
// platform company and district, for a subtree (an industry federation's,
// say) on a day.
func (s *Server) newEmploymentPage(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	orgID, on, _ := coverageQuery(q, "org")
	errs, err := s.listUnion(r, a, q, &orgID, lang)
	if err != nil {
		return err
	}
	rows, err := s.store.NewEmployment(r.Context(), a, orgID, on)
	if err != nil {
		return err
	}
	lines := make([]newEmploymentLine, len(rows))
	total := 0
	for i, row := range rows {
		lines[i] = newEmploymentLine{NewEmploymentRow: row}
		if rg, ok := refdata.RegionByCode(row.DistrictCode); ok {
			lines[i].District = rg.Name
		}
		total += row.Members
	}
	form := url.Values{"union": {q.Get("union")}, "org": {q.Get("org")}, "date": {on.String()}}
	s.render(w, r, http.StatusOK, "outreach/newemployment", page{Title: i18n.T(lang, "outreach.new_employment"), Form: form, Errors: errs,
		Data: struct {
			Lines []newEmploymentLine
			Total int
		}{lines, total}})
	return nil
}

func (s *Server) apiNewEmployment(r *http.Request) (int, any, error) {
	orgID, on, _ := coverageQuery(r.URL.Query(), "org_id")
	rows, err := s.store.NewEmployment(r.Context(), actorFrom(r), orgID, on)
	if rows == nil {
		rows = []gonghui.NewEmploymentRow{}
	}
	return http.StatusOK, rows, err
}
