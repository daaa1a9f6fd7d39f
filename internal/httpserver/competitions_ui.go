package httpserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

func (s *Server) competitionList(w http.ResponseWriter, r *http.Request) error {
	a, q, lang := actorFrom(r), r.URL.Query(), i18n.FromRequest(r)
	f := competitionFilter(q)
	list, total, err := s.store.ListCompetitions(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "competitions/list", page{Title: i18n.T(lang, "nav.competitions"), Form: q,
		Data: struct {
			listKit
			Competitions []gonghui.Competition
		}{newListKit(r, f.Page, total), list}})
	return nil
}

func (s *Server) competitionNewForm(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{"kind": {"skill"}, "level": {"city"}, "trades": {"焊工：初赛 3 10 | 决赛 5"}}
	s.render(w, r, http.StatusOK, "competitions/form", page{Title: i18n.T(i18n.FromRequest(r), "competitions.new"), Form: form})
	return nil
}

func (s *Server) competitionCreate(w http.ResponseWriter, r *http.Request) error {
	a, lang := actorFrom(r), i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	errs := map[string]string{}
	year, _ := strconv.Atoi(f.Get("year"))
	top, _ := strconv.Atoi(f.Get("result_top_n"))
	in := gonghui.CompetitionInput{OrgID: s.formOrg(r, a, f, lang, errs), Kind: f.Get("kind"), Year: year, Level: f.Get("level"), Title: f.Get("title"), ResultTopN: top}
	in.HeldFrom = formDateField(f, "held_from", errs, lang)
	in.HeldTo = formDateField(f, "held_to", errs, lang)
	trades, err := gonghui.ParseTrades(f.Get("trades"))
	for k, v := range fieldErrors(err, lang) {
		errs[k] = v
	}
	in.Trades = trades
	if in.OrgID == 0 && errs["org_code"] == "" {
		errs["org_code"] = gonghui.Message{Zh: "请填写工会代码", En: "enter the union's code"}.In(lang)
	}
	x, err := s.store.CreateCompetition(r.Context(), a, in)
	if errs = mergeErrors(errs, gonghui.Rename(err, "org_id", "org_code"), lang); errs != nil {
		for k, v := range errs {
			if strings.HasPrefix(k, "trades.") {
				errs["trades"] = v // the trades are one field of the form
			}
		}
		s.renderForm(w, r, "competitions/form", page{Title: i18n.T(lang, "competitions.new"), Form: f, Errors: errs})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/competitions/"+itoa(x.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) competitionShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actorFrom(r)
	x, err := s.store.GetCompetition(r.Context(), a, id)
	if err != nil {
		return err
	}
	entrants := map[int64][]gonghui.Entrant{}
	for _, t := range x.Trades {
		if entrants[t.ID], err = s.store.Entrants(r.Context(), a, t.ID); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "competitions/show", page{Title: x.Title, Data: struct {
		Competition gonghui.Competition
		Entrants    map[int64][]gonghui.Entrant
	}{x, entrants}})
	return nil
}

func (s *Server) competitionEnter(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.EntrantInput{TradeID: id, PersonID: atoi64(f.Get("person_id")), IDNumber: f.Get("id_number"), Outsider: f.Get("outsider") == "1",
		Name: f.Get("name"), Unit: f.Get("unit"), Challenger: f.Get("challenger") == "1"}
	_, err = s.store.EnterContestant(r.Context(), actorFrom(r), in)
	return s.returnTo(w, r, "/competitions/"+itoa(atoi64(f.Get("competition_id"))), err)
}

// contestRoundShow is a round's page: its standings (ranked, or by the
// seats a challenge round holds), the forms to score and record bouts
// while it is open, and its steps.
func (s *Server) contestRoundShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.store.GetContestRound(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	scorers := make([]int, v.Round.Scorers)
	for i := range scorers {
		scorers[i] = i + 1
	}
	s.render(w, r, http.StatusOK, "competitions/round", page{Title: v.Competition.Title + " · " + v.Trade.Name,
		Data: struct {
			View    store.ContestRoundView
			Scorers []int
			Today   string
		}{v, scorers, gonghui.Today().String()}})
	return nil
}

// formPoints reads a form's score in points ("95.25") as hundredths; a
// bad one is refused by the store as out of bounds, naming the field.
func formPoints(f url.Values, field string) int {
	n, err := gonghui.ParsePoints(f.Get(field))
	if err != nil {
		return -1
	}
	return n
}

func (s *Server) contestScore(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	scorer, _ := strconv.Atoi(f.Get("scorer"))
	err = s.store.SaveContestScore(r.Context(), actorFrom(r), id, gonghui.ContestScoreInput{EntrantID: atoi64(f.Get("entrant_id")), Scorer: scorer, Points: formPoints(f, "points")})
	return s.returnTo(w, r, "/competitions/rounds/"+itoa(id), err)
}

func (s *Server) contestBout(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.BoutInput{ChallengerID: atoi64(f.Get("challenger_id")), SeedID: atoi64(f.Get("seed_id")),
		ChallengerPoints: formPoints(f, "challenger_points"), SeedPoints: formPoints(f, "seed_points")}
	in.HeldOn, _ = gonghui.ParseDate(f.Get("held_on")) // a bad date is refused as a missing one
	_, err = s.store.RecordBout(r.Context(), actorFrom(r), id, in)
	return s.returnTo(w, r, "/competitions/rounds/"+itoa(id), err)
}

func (s *Server) talentList(w http.ResponseWriter, r *http.Request) error {
	a, q, lang := actorFrom(r), r.URL.Query(), i18n.FromRequest(r)
	f := talentFilter(q)
	list, total, err := s.store.ListTalents(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "competitions/talents", page{Title: i18n.T(lang, "nav.talent_pool"), Form: q,
		Data: struct {
			listKit
			Talents []gonghui.Talent
		}{newListKit(r, f.Page, total), list}})
	return nil
}

func (s *Server) personContests(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, lang := actorFrom(r), i18n.FromRequest(r)
	list, err := s.store.PersonContests(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "competitions/person", page{Title: i18n.T(lang, "competitions.person_contests"), Data: list})
	return nil
}
