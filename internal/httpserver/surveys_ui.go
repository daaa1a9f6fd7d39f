package httpserver

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// surveyForm is a survey's draft: its questions typed in the text form
// gonghui.ParseQuestionnaire reads.
var surveyForm = recordForm[gonghui.Survey, gonghui.SurveyInput]{
	template: "surveys/form", titleNew: "survey.new", titleEdit: "survey.edit", cancel: "/surveys", lineText: "survey.question_no",
	get: (*store.Store).GetSurvey, create: (*store.Store).CreateSurvey, update: (*store.Store).UpdateSurvey,
	shown: func(x gonghui.Survey) string { return "/surveys/" + itoa(x.ID) },
	blank: url.Values{"questions": {"[单选] 您最希望工会提供的服务 *\n- 法律咨询\n- 技能培训\n- 心理疏导\n[量表5] 您对本单位工会服务的满意度 *\n[文字] 其他意见和建议\n"}},
	fields: func(x gonghui.Survey) url.Values {
		f := url.Values{"title": {x.Title}, "intro": {x.Intro}, "opens_on": {x.OpensOn.String()}, "closes_on": {x.ClosesOn.String()},
			"questions": {gonghui.FormatQuestionnaire(x.Questions)}, "version": {itoa(x.Version)}}
		if x.Anonymous {
			f.Set("anonymous", "1")
		}
		return f
	},
	read: func(f url.Values, in gonghui.SurveyInput, errs map[string]string, lang string) gonghui.SurveyInput {
		in.Title, in.Intro, in.Anonymous = f.Get("title"), f.Get("intro"), f.Get("anonymous") == "1"
		in.OpensOn = formDateField(f, "opens_on", errs, lang)
		in.ClosesOn = formDateField(f, "closes_on", errs, lang)
		in.Version = atoi64(f.Get("version"))
		qs, err := gonghui.ParseQuestionnaire(f.Get("questions"))
		for k, m := range fieldErrors(err, lang) {
			errs[k] = m
		}
		in.Questions = qs
		return in
	},
	setOrg: func(in *gonghui.SurveyInput, id int64) { in.OrgID = id },
}

func (s *Server) surveyList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := surveyFilter(q)
	list, total, err := s.store.ListSurveys(r.Context(), actorFrom(r), f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "surveys/list", page{Title: i18n.T(i18n.FromRequest(r), "nav.surveys"), Form: q,
		Data: struct {
			listKit
			Surveys []gonghui.Survey
		}{newListKit(r, f.Page, total), list}})
	return nil
}

// surveyView is a survey with what the reader may do with it today.
type surveyView struct {
	gonghui.Survey
	Accepting bool
}

func (s *Server) surveyShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sv, err := s.store.GetSurvey(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "surveys/show", page{Title: sv.Title, Data: surveyView{sv, sv.Accepting(gonghui.Today())}})
	return nil
}

func (s *Server) surveyRespondForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sv, err := s.store.GetSurvey(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	s.renderRespond(w, r, sv, url.Values{}, nil)
	return nil
}

func (s *Server) renderRespond(w http.ResponseWriter, r *http.Request, sv gonghui.Survey, form url.Values, errs map[string]string) {
	p := page{Title: sv.Title + " · " + i18n.T(i18n.FromRequest(r), "survey.enter_paper"), Form: form, Errors: errs, Data: sv}
	if errs != nil {
		s.renderForm(w, r, "surveys/respond", p)
		return
	}
	s.render(w, r, http.StatusOK, "surveys/respond", p)
}

// surveyAnswersOf reads a questionnaire's answers from a form: the field
// of question i is "q<i>" (a choice's option numbers, a scale's point, a
// text).
func surveyAnswersOf(sv gonghui.Survey, f url.Values, errs map[string]string, lang string) []gonghui.SurveyAnswer {
	var out []gonghui.SurveyAnswer
	for i, q := range sv.Questions {
		field := "q" + strconv.Itoa(i)
		a := gonghui.SurveyAnswer{Question: i}
		switch q.Kind {
		case gonghui.QuestionText:
			a.Text = f.Get(field)
		case gonghui.QuestionScale:
			if v := strings.TrimSpace(f.Get(field)); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil {
					badField(errs, lang, field, "请选择分数", "choose a point")
				}
				a.Scale = n
			}
		default:
			for _, v := range f[field] {
				n, err := strconv.Atoi(v)
				if err != nil {
					badField(errs, lang, field, "选项无效", "unknown option")
					continue
				}
				a.Options = append(a.Options, n)
			}
		}
		out = append(out, a)
	}
	return out
}

// surveyRespond enters a member's paper questionnaire; the refusals of a
// question are shown at it.
func (s *Server) surveyRespond(w http.ResponseWriter, r *http.Request) error {
	a, lang := actorFrom(r), i18n.FromRequest(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sv, err := s.store.GetSurvey(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	errs := map[string]string{}
	in := gonghui.SurveyResponseInput{Respondent: personRefOf(f.Get("respondent")), Answers: surveyAnswersOf(sv, f, errs, lang)}
	if len(errs) == 0 {
		err = s.store.RecordSurveyResponse(r.Context(), a, id, in)
	}
	for k, m := range questionErrors(err, lang) {
		if _, ok := errs[k]; !ok {
			errs[k] = m
		}
	}
	if len(errs) > 0 {
		s.renderRespond(w, r, sv, f, errs)
		return nil
	}
	if err != nil {
		return err
	}
	s.setFlash(w, flashDone, fmt.Sprintf(i18n.T(lang, "survey.recorded"), sv.Responses+1))
	http.Redirect(w, r, "/surveys/"+itoa(id)+"/responses/new", http.StatusSeeOther)
	return nil
}

// questionErrors are a response's refusals by the form field of their
// question ("questions.2.scale" is shown at "q2").
func questionErrors(err error, lang string) map[string]string {
	out := map[string]string{}
	for k, m := range formErrors(err, lang) {
		if rest, ok := strings.CutPrefix(k, "questions."); ok {
			k = "q" + strings.SplitN(rest, ".", 2)[0]
		}
		out[k] = m
	}
	return out
}

func (s *Server) surveyResults(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	res, err := s.store.SurveyResults(r.Context(), actorFrom(r), id, atoi64(q.Get("org_id")))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "surveys/results", page{Title: res.Survey.Title + " · " + i18n.T(i18n.FromRequest(r), "survey.results"), Form: q, Data: res})
	return nil
}
