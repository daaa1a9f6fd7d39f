package httpserver

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"gonghui"
	"gonghui/internal/i18n"
)

// What a member does in the portal with the service network: the station
// whose door they scanned (check in, say what is wrong, rate it), the
// surveys sent to them, the service projects of their union to rate. Each
// write is the member's own, audited as the member.

// portalActor is the audit's actor of the member of a portal request.
func portalActor(r *http.Request) gonghui.Actor {
	acct, _ := memberFrom(r)
	return gonghui.Actor{Username: "member:" + itoa(acct.ID), Path: gonghui.MemberScope, ClientAddr: clientAddr(r)}
}

// portalStation is the station a door's QR names, for a member.
func (s *Server) portalStation(w http.ResponseWriter, r *http.Request) error {
	return s.renderPortalStation(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderPortalStation(w http.ResponseWriter, r *http.Request, status int, flash string, errs map[string]string) error {
	h, err := s.store.StationByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	holidays, err := s.store.HolidayCalendar(r.Context(), yearOf(gonghui.Today()))
	if err != nil {
		return err
	}
	photos, err := s.store.PublicStationPhotos(r.Context(), h.ID)
	if err != nil {
		return err
	}
	s.renderPortal(w, r, status, "workerhomes/portal_station", portalView{Title: h.Name, Flash: flash, Errors: errs, Form: r.PostForm,
		Data: struct {
			gonghui.WorkerHome
			OpenNow bool
			Photos  []gonghui.Document
		}{h, h.OpenAt(time.Now(), gonghui.CalendarOf(holidays)), photos}})
	return nil
}

// portalStationAct runs a member's write on the station and shows the
// station again with its outcome.
func (s *Server) portalStationAct(act func(r *http.Request, person int64, code string, f url.Values) error) uiHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := parseForm(w, r); err != nil {
			return err
		}
		acct, _ := memberFrom(r)
		lang := i18n.FromRequest(r)
		err := act(r, acct.PersonID, r.PathValue("code"), r.PostForm)
		if fields := fieldErrors(err, lang); fields != nil {
			return s.renderPortalStation(w, r, http.StatusUnprocessableEntity, joinReasons(fields), fields)
		}
		if err != nil {
			return err
		}
		return s.renderPortalStation(w, r, http.StatusOK, i18n.T(lang, "portal.station_done"), nil)
	}
}

func (s *Server) portalCheckIn(r *http.Request, person int64, code string, _ url.Values) error {
	_, err := s.store.CheckIn(r.Context(), portalActor(r), person, code)
	return err
}

func (s *Server) portalReportStation(r *http.Request, person int64, code string, f url.Values) error {
	_, err := s.store.ReportStation(r.Context(), portalActor(r), person, code, gonghui.StationReportInput{Kind: f.Get("kind"), Note: f.Get("note")})
	return err
}

func (s *Server) portalRateStation(r *http.Request, person int64, code string, f url.Values) error {
	stars, _ := strconv.Atoi(f.Get("stars"))
	_, err := s.store.RateStation(r.Context(), portalActor(r), person, code, gonghui.StationRatingInput{Stars: stars, Comment: f.Get("comment")})
	return err
}

// portalSurveys lists the surveys waiting for the member's answers.
func (s *Server) portalSurveys(w http.ResponseWriter, r *http.Request) error {
	acct, _ := memberFrom(r)
	list, err := s.store.SurveysFor(r.Context(), acct.PersonID)
	if err != nil {
		return err
	}
	s.renderPortal(w, r, http.StatusOK, "surveys/portal_list", portalView{Title: i18n.T(i18n.FromRequest(r), "portal.surveys"), Data: list})
	return nil
}

func (s *Server) portalSurvey(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	acct, _ := memberFrom(r)
	sv, err := s.store.SurveyForMember(r.Context(), acct.PersonID, id)
	if err != nil {
		return err
	}
	s.renderPortal(w, r, http.StatusOK, "surveys/portal_answer", portalView{Title: sv.Title, Data: sv})
	return nil
}

// portalSurveyAnswer records the member's own answers.
func (s *Server) portalSurveyAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	acct, _ := memberFrom(r)
	sv, err := s.store.SurveyForMember(r.Context(), acct.PersonID, id)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	lang := i18n.FromRequest(r)
	errs := map[string]string{}
	in := gonghui.SurveyResponseInput{Answers: surveyAnswersOf(sv, r.PostForm, errs, lang)}
	if len(errs) == 0 {
		err = s.store.AnswerSurvey(r.Context(), portalActor(r), acct.PersonID, id, in)
	}
	for k, m := range questionErrors(err, lang) {
		if _, ok := errs[k]; !ok {
			errs[k] = m
		}
	}
	if len(errs) > 0 {
		s.renderPortal(w, r, http.StatusUnprocessableEntity, "surveys/portal_answer", portalView{Title: sv.Title, Data: sv, Errors: errs, Form: r.PostForm,
			Flash: joinReasons(errs)})
		return nil
	}
	if err != nil {
		return err
	}
	left, err := s.store.SurveysFor(r.Context(), acct.PersonID)
	if err != nil {
		return err
	}
	s.renderPortal(w, r, http.StatusOK, "surveys/portal_list", portalView{Title: i18n.T(lang, "portal.surveys"), Flash: i18n.T(lang, "portal.survey_thanks"), Data: left})
	return nil
}

// apiPortalProjectRate records the member's rating of a service project's
// year (the project one of their union's or above).
func (s *Server) apiPortalProjectRate(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.ProjectRatingInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	acct, _ := memberFrom(r)
	y, err := s.store.RateServiceProjectAsMember(r.Context(), portalActor(r), acct.PersonID, id, in)
	return http.StatusOK, y, err
}

// apiPortalSurveys lists the surveys waiting for the member's answers.
func (s *Server) apiPortalSurveys(r *http.Request) (int, any, error) {
	acct, _ := memberFrom(r)
	list, err := s.store.SurveysFor(r.Context(), acct.PersonID)
	return http.StatusOK, list, err
}

// apiPortalSurveyAnswer records the member's own answers.
func (s *Server) apiPortalSurveyAnswer(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.SurveyResponseInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	acct, _ := memberFrom(r)
	if err := s.store.AnswerSurvey(r.Context(), portalActor(r), acct.PersonID, id, gonghui.SurveyResponseInput{Answers: in.Answers}); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, map[string]string{"status": "recorded"}, nil
}

// apiPortalCheckIn checks the member in at the station a code names.
func (s *Server) apiPortalCheckIn(r *http.Request) (int, any, error) {
	acct, _ := memberFrom(r)
	use, err := s.store.CheckIn(r.Context(), portalActor(r), acct.PersonID, r.PathValue("code"))
	return http.StatusOK, use, err
}

// publicKindChoices are the kinds a member's nearest search offers, in
// form order.
var publicKindChoices = slices.DeleteFunc(slices.Clone(gonghui.WorkerHomeKinds), func(c gonghui.Choice) bool {
	return !slices.Contains(gonghui.PublicStationKinds, c.Key)
})

// portalNearestQuery reads a member's nearest search: the cadres' query,
// its kinds those any member may walk into.
func portalNearestQuery(q url.Values) (gonghui.NearestQuery, error) {
	nq, err := nearestQuery(q)
	if err == nil && nq.Kind != "" && !slices.Contains(gonghui.PublicStationKinds, nq.Kind) {
		err = gonghui.Invalid("kind", "会员只能查找公共区域职工之家和驿站", "members find the public-area homes and the stations")
	}
	return nq, err
}

// portalNearest is the member's nearest search: the form (the phone's
// position filled in by locate.js, or a typed one) until a point is
// given, then the stations found, each linking to its door page.
func (s *Server) portalNearest(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	form := r.URL.Query()
	v := portalView{Title: i18n.T(lang, "station.nearest"), Form: form}
	type result struct {
		Kinds    []gonghui.Choice
		Searched bool
		Found    []gonghui.NearStation
	}
	kinds := publicKindChoices
	if !form.Has("lat") && !form.Has("lng") {
		v.Form = url.Values{"open_now": {"1"}, "radius": {"2000"}}
		v.Data = result{Kinds: kinds}
		s.renderPortal(w, r, http.StatusOK, "workerhomes/portal_nearest", v)
		return nil
	}
	q, err := portalNearestQuery(form)
	var found []gonghui.NearStation
	if err == nil {
		found, err = s.store.NearestPublicStations(r.Context(), q)
	}
	v.Data = result{Kinds: kinds, Searched: err == nil, Found: found}
	if err != nil {
		return s.portalForm(w, r, "workerhomes/portal_nearest", v, err)
	}
	s.renderPortal(w, r, http.StatusOK, "workerhomes/portal_nearest", v)
	return nil
}

// apiPortalNearest is the member's nearest search by API.
func (s *Server) apiPortalNearest(r *http.Request) (int, any, error) {
	q, err := portalNearestQuery(r.URL.Query())
	if err != nil {
		return 0, nil, err
	}
	found, err := s.store.NearestPublicStations(r.Context(), q)
	if found == nil {
		found = []gonghui.NearStation{}
	}
	return http.StatusOK, struct {
		Items []gonghui.NearStation `json:"items"`
	}{found}, err
}
