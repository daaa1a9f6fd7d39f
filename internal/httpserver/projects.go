package httpserver

import (
	"net/http"
	"net/url"
	"strconv"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// projectsModule is the evaluation of service projects (服务项目评估): the
// “十大品牌” and the others a union runs, their yearly indicators and
// ratings, and the score they make.
var projectsModule = module{
	name: "projects",
	nav:  []navEntry{{label: "nav.projects", href: "/projects", group: "nav.group.service"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /projects", s.projectList)
		r.form("GET /projects/new", gonghui.PermEditOrgs, projectForm.newForm(s))
		r.ui("POST /projects/new", projectForm.save(s))
		r.ui("GET /projects/{id}", s.projectShow)
		r.form("GET /projects/{id}/edit", gonghui.PermEditOrgs, projectForm.editForm(s))
		r.ui("POST /projects/{id}/edit", projectForm.save(s))
		r.ui("POST /projects/{id}/years", s.projectYearSet)
		r.ui("POST /projects/{id}/ratings", s.projectRate)

		r.json("GET /api/v1/service-projects", s.apiProjectList)
		r.json("POST /api/v1/service-projects", s.apiProjectCreate)
		r.json("GET /api/v1/service-projects/{id}", s.apiProjectGet)
		r.json("PATCH /api/v1/service-projects/{id}", s.apiProjectPatch)
		r.json("GET /api/v1/service-projects/{id}/years", s.apiProjectYears)
		r.json("POST /api/v1/service-projects/{id}/years", s.apiProjectYearSet)
		r.json("POST /api/v1/service-projects/{id}/ratings", s.apiProjectRate)
		r.portalJSON("POST /api/v1/portal/service-projects/{id}/ratings", s.apiPortalProjectRate)
	},
	apiTypes: map[string]any{
		"ServiceProject": gonghui.ServiceProject{}, "ServiceProjectInput": gonghui.ServiceProjectInput{}, "ProjectWeights": gonghui.ProjectWeights{},
		"ProjectIndicator": gonghui.ProjectIndicator{}, "ProjectYearInput": gonghui.ProjectYearInput{}, "ProjectRatingInput": gonghui.ProjectRatingInput{},
		"ProjectYear": gonghui.ProjectYear{},
	},
}

func projectFilter(q url.Values) gonghui.ProjectFilter {
	return gonghui.ProjectFilter{OrgID: atoi64(q.Get("org_id")), Brand: q.Get("brand") == "1", Query: q.Get("q"), Page: pageParams(q, 50)}
}

// projectForm is a project's form; its weights are three percentages.
var projectForm = recordForm[gonghui.ServiceProject, gonghui.ServiceProjectInput]{
	template: "projects/form", titleNew: "project.new", titleEdit: "project.edit", cancel: "/projects",
	get: (*store.Store).GetServiceProject, create: (*store.Store).CreateServiceProject, update: (*store.Store).UpdateServiceProject,
	shown: func(x gonghui.ServiceProject) string { return "/projects/" + itoa(x.ID) },
	blank: weightFields(gonghui.DefaultProjectWeights),
	fields: func(x gonghui.ServiceProject) url.Values {
		f := weightFields(x.Weights)
		f.Set("name", x.Name)
		f.Set("description", x.Description)
		f.Set("version", itoa(x.Version))
		f.Set("station_kind", x.StationKind)
		if x.Brand {
			f.Set("brand", "1")
		}
		return f
	},
	read: func(f url.Values, in gonghui.ServiceProjectInput, errs map[string]string, lang string) gonghui.ServiceProjectInput {
		in.Name, in.Description, in.Brand, in.Version = f.Get("name"), f.Get("description"), f.Get("brand") == "1", atoi64(f.Get("version"))
		in.StationKind = f.Get("station_kind")
		pct := func(field string) int {
			n, err := strconv.Atoi(f.Get(field))
			if err != nil {
				badField(errs, lang, "weights", "权重应为0到100的整数", "a weight is a whole number from 0 to 100")
			}
			return n
		}
		in.Weights = gonghui.ProjectWeights{Indicators: pct("weight_indicators"), Members: pct("weight_members"), Cadres: pct("weight_cadres")}
		return in
	},
	setOrg: func(in *gonghui.ServiceProjectInput, id int64) { in.OrgID = id },
}

func weightFields(w gonghui.ProjectWeights) url.Values {
	return url.Values{"weight_indicators": {strconv.Itoa(w.Indicators)}, "weight_members": {strconv.Itoa(w.Members)}, "weight_cadres": {strconv.Itoa(w.Cadres)}}
}

func (s *Server) projectList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := projectFilter(q)
	list, total, err := s.store.ListServiceProjects(r.Context(), actorFrom(r), f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "projects/list", page{Title: i18n.T(i18n.FromRequest(r), "nav.projects"), Form: q,
		Data: struct {
			listKit
			Projects []gonghui.ServiceProject
		}{newListKit(r, f.Page, total), list}})
	return nil
}

func (s *Server) projectShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderProject(w, r, nil, nil)
}

// renderProject is a project's page with its years, the form of a year's
// indicators and the rating form; form and errs are a refused form's.
func (s *Server) renderProject(w http.ResponseWriter, r *http.Request, form url.Values, errs map[string]string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actorFrom(r)
	p, err := s.store.GetServiceProject(r.Context(), a, id)
	if err != nil {
		return err
	}
	years, err := s.store.ProjectYears(r.Context(), a, id)
	if err != nil {
		return err
	}
	if form == nil {
		y := strconv.Itoa(yearOf(gonghui.Today()))
		form = url.Values{"year": {y}, "rating_year": {y}}
		if len(years) > 0 {
			form.Set("indicators", gonghui.FormatIndicatorLines(years[0].Indicators))
		}
	}
	pg := page{Title: p.Name, Form: form, Errors: errs, Data: struct {
		gonghui.ServiceProject
		Years []gonghui.ProjectYear
	}{p, years}}
	if errs != nil {
		s.renderForm(w, r, "projects/show", pg)
		return nil
	}
	s.render(w, r, http.StatusOK, "projects/show", pg)
	return nil
}

// projectYearSet records a year's indicators from their lines.
func (s *Server) projectYearSet(w http.ResponseWriter, r *http.Request) error {
	return s.projectAction(w, r, func(id int64, f url.Values, errs map[string]string, lang string) error {
		year := formYear(f, "year", errs, lang)
		inds, err := gonghui.ParseIndicatorLines(f.Get("indicators"))
		if err != nil || len(errs) > 0 {
			return err
		}
		_, err = s.store.SetProjectYear(r.Context(), actorFrom(r), id, gonghui.ProjectYearInput{Year: year, Indicators: inds})
		return err
	})
}

// projectRate records the cadre's rating of a year.
func (s *Server) projectRate(w http.ResponseWriter, r *http.Request) error {
	return s.projectAction(w, r, func(id int64, f url.Values, errs map[string]string, lang string) error {
		year := formYear(f, "rating_year", errs, lang)
		stars, _ := strconv.Atoi(f.Get("stars"))
		if len(errs) > 0 {
			return nil
		}
		_, err := s.store.RateServiceProject(r.Context(), actorFrom(r), id, gonghui.ProjectRatingInput{Year: year, Stars: stars, Comment: f.Get("comment")})
		return err
	})
}

// projectAction runs a form's write on the project's page: done, back to
// the page; refused, the page again with the reasons at their fields.
func (s *Server) projectAction(w http.ResponseWriter, r *http.Request, act func(id int64, f url.Values, errs map[string]string, lang string) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	lang := i18n.FromRequest(r)
	errs := map[string]string{}
	err = act(id, r.PostForm, errs, lang)
	if errs = listFormErrors(errs, err, lang, "form.line"); errs != nil {
		if m, ok := errs["year"]; ok && r.PostForm.Has("rating_year") {
			errs["rating_year"] = m
		}
		return s.renderProject(w, r, r.PostForm, errs)
	}
	if err != nil {
		return err
	}
	s.setFlash(w, flashDone, i18n.T(lang, "common.saved"))
	http.Redirect(w, r, "/projects/"+itoa(id), http.StatusSeeOther)
	return nil
}

func (s *Server) apiProjectList(r *http.Request) (int, any, error) {
	return apiListOf(projectFilter, func(f gonghui.ProjectFilter) gonghui.Page { return f.Page }, s.store.ListServiceProjects)(r)
}

func (s *Server) apiProjectCreate(r *http.Request) (int, any, error) {
	return apiCreateOf(s.store.CreateServiceProject)(r)
}

func (s *Server) apiProjectGet(r *http.Request) (int, any, error) {
	return apiGetOf(s.store.GetServiceProject)(r)
}

func (s *Server) apiProjectPatch(r *http.Request) (int, any, error) {
	return apiPatchOf(gonghui.PermEditOrgs, s.store.GetServiceProject, s.store.UpdateServiceProject)(r)
}

func (s *Server) apiProjectYears(r *http.Request) (int, any, error) {
	return apiGetOf(s.store.ProjectYears)(r)
}

func (s *Server) apiProjectYearSet(r *http.Request) (int, any, error) {
	return apiActOf(s.store.SetProjectYear)(r)
}

func (s *Server) apiProjectRate(r *http.Request) (int, any, error) {
	return apiActOf(s.store.RateServiceProject)(r)
}
