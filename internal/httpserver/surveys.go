package httpserver

import (
	"net/http"
	"net/url"

	"gonghui"
	"gonghui/internal/export"
)

// surveysModule is the needs survey (职工需求调查): questionnaires a union
// sends to its subtree's members, paper questionnaires entered by cadres,
// and the results per question and per union below.
var surveysModule = module{
	name: "surveys",
	nav:  []navEntry{{label: "nav.surveys", href: "/surveys", group: "nav.group.service"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /surveys", s.surveyList)
		r.form("GET /surveys/new", gonghui.PermEditOrgs, surveyForm.newForm(s))
		r.ui("POST /surveys/new", surveyForm.save(s))
		r.ui("GET /surveys/{id}", s.surveyShow)
		r.form("GET /surveys/{id}/edit", gonghui.PermEditOrgs, surveyForm.editForm(s))
		r.ui("POST /surveys/{id}/edit", surveyForm.save(s))
		r.ui("POST /surveys/{id}/open", s.uiStepOf("/surveys/", stepErr(s.store.OpenSurvey)))
		r.ui("POST /surveys/{id}/close", s.uiStepOf("/surveys/", stepErr(s.store.CloseSurvey)))
		r.form("GET /surveys/{id}/responses/new", gonghui.PermEditMembers, s.surveyRespondForm)
		r.ui("POST /surveys/{id}/responses/new", s.surveyRespond)
		r.ui("GET /surveys/{id}/results", s.surveyResults)
		r.ui("GET /surveys/{id}/results.csv", s.surveyResultsExport)
		r.ui("GET /surveys/{id}/results.xlsx", s.surveyResultsExport)

		r.json("GET /api/v1/surveys", s.apiSurveyList)
		r.json("POST /api/v1/surveys", s.apiSurveyCreate)
		r.json("GET /api/v1/surveys/{id}", s.apiSurveyGet)
		r.json("PATCH /api/v1/surveys/{id}", s.apiSurveyPatch)
		r.json("POST /api/v1/surveys/{id}/open", apiStepOf(s.store.OpenSurvey))
		r.json("POST /api/v1/surveys/{id}/close", apiStepOf(s.store.CloseSurvey))
		r.json("POST /api/v1/surveys/{id}/responses", s.apiSurveyRespond)
		r.json("GET /api/v1/surveys/{id}/results", s.apiSurveyResults)

		r.portalPage("GET /portal/surveys", s.portalSurveys)
		r.portalPage("GET /portal/surveys/{id}", s.portalSurvey)
		r.portalPage("POST /portal/surveys/{id}", s.portalSurveyAnswer)
		r.portalJSON("GET /api/v1/portal/surveys", s.apiPortalSurveys)
		r.portalJSON("POST /api/v1/portal/surveys/{id}/responses", s.apiPortalSurveyAnswer)
	},
	choices: map[string][]gonghui.Choice{"question_kind": gonghui.QuestionKinds, "survey_state": gonghui.SurveyStates},
	apiTypes: map[string]any{
		"Survey": gonghui.Survey{}, "SurveyInput": gonghui.SurveyInput{}, "SurveyQuestion": gonghui.SurveyQuestion{},
		"SurveyAnswer": gonghui.SurveyAnswer{}, "SurveyResponseInput": gonghui.SurveyResponseInput{}, "SurveyResults": gonghui.SurveyResults{},
		"QuestionResult": gonghui.QuestionResult{}, "SurveyGroup": gonghui.SurveyGroup{},
	},
}

func surveyFilter(q url.Values) gonghui.SurveyFilter {
	return gonghui.SurveyFilter{State: q.Get("state"), Query: q.Get("q"), Page: pageParams(q, 50)}
}

func (s *Server) apiSurveyList(r *http.Request) (int, any, error) {
	return apiListOf(surveyFilter, func(f gonghui.SurveyFilter) gonghui.Page { return f.Page }, s.store.ListSurveys)(r)
}

func (s *Server) apiSurveyCreate(r *http.Request) (int, any, error) {
	return apiCreateOf(s.store.CreateSurvey)(r)
}

func (s *Server) apiSurveyGet(r *http.Request) (int, any, error) {
	return apiGetOf(s.store.GetSurvey)(r)
}

func (s *Server) apiSurveyPatch(r *http.Request) (int, any, error) {
	return apiPatchOf(gonghui.PermEditOrgs, s.store.GetSurvey, s.store.UpdateSurvey)(r)
}

// apiSurveyRespond enters a paper questionnaire for the member it names.
func (s *Server) apiSurveyRespond(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.SurveyResponseInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if err := s.store.RecordSurveyResponse(r.Context(), actorFrom(r), id, in); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, map[string]string{"status": "recorded"}, nil
}

func (s *Server) apiSurveyResults(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	res, err := s.store.SurveyResults(r.Context(), actorFrom(r), id, atoi64(r.URL.Query().Get("org_id")))
	return http.StatusOK, res, err
}

// surveyResultsExport is the results as a sheet: a row per option or
// point of each question, then the text answers shown.
func (s *Server) surveyResultsExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	orgID := atoi64(r.URL.Query().Get("org_id"))
	return s.exportSheet(w, r, namedSheet{export.SurveyResultsName, export.SurveyResultsHeader}, "/surveys/"+itoa(id)+"/results", func(p gonghui.Page) (sheetRows, error) {
		if p.Offset > 0 {
			return sheetRows{}, nil
		}
		res, err := s.store.SurveyResults(r.Context(), actorFrom(r), id, orgID)
		return sheetRows{rows: export.SurveyResultRows(res)}, err
	})
}
