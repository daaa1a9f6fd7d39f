package httpserver

import (
	"net/http"
	"net/url"
	"strconv"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/store"
)

// competitionsModule is competitions (劳动竞赛, 技能大赛, 北京大工匠挑战赛):
// events with trades and rounds, entrants, scores and rankings, challenge
// bouts, and the talent pool of finalists and challenge winners.
var competitionsModule = module{
	name: "competitions",
	nav: []navEntry{
		{label: "nav.competitions", href: "/competitions", group: "nav.group.honours"},
		{label: "nav.talent_pool", href: "/competitions/talents", group: "nav.group.honours"},
	},
	routes: func(s *Server, r *router) {
		r.ui("GET /competitions", s.competitionList)
		r.ui("GET /competitions/new", s.competitionNewForm)
		r.ui("POST /competitions/new", s.competitionCreate)
		r.ui("GET /competitions/{id}", s.competitionShow)
		r.form("GET /competitions/edit/{id}", gonghui.PermEditHonours, s.competitionEditForm)
		r.ui("POST /competitions/edit/{id}", s.competitionUpdate)
		r.ui("POST /competitions/entrants/{id}/withdraw", s.competitionWithdraw)
		r.ui("POST /competitions/trades/{id}/entrants", s.competitionEnter)
		r.ui("GET /competitions/rounds/{id}", s.contestRoundShow)
		r.ui("POST /competitions/rounds/{id}/open", s.uiStepOf("/competitions/rounds/", stepErr(s.store.OpenContestRound)))
		r.ui("POST /competitions/rounds/{id}/close", s.uiStepOf("/competitions/rounds/", stepErr(s.store.CloseContestRound)))
		r.ui("POST /competitions/rounds/{id}/scores", s.contestScore)
		r.ui("POST /competitions/rounds/{id}/bouts", s.contestBout)
		r.ui("GET /competitions/talents", s.talentList)
		r.ui("GET /competitions/talents.csv", s.talentExport)
		r.ui("GET /competitions/talents.xlsx", s.talentExport)
		r.ui("GET /competitions/people/{id}", s.personContests)

		r.json("GET /api/v1/competitions", s.apiCompetitionList)
		r.json("POST /api/v1/competitions", s.apiCompetitionCreate)
		r.json("GET /api/v1/competitions/{id}", s.apiCompetitionGet)
		r.json("PATCH /api/v1/competitions/{id}", s.apiCompetitionPatch)
		r.json("POST /api/v1/competition-entrants/{id}/withdraw", s.apiEntrantWithdraw)
		r.json("GET /api/v1/competition-trades/{id}/entrants", s.apiEntrantList)
		r.json("POST /api/v1/competition-trades/{id}/entrants", s.apiEntrantCreate)
		r.json("GET /api/v1/competition-rounds/{id}", s.apiContestRoundGet)
		r.json("POST /api/v1/competition-rounds/{id}/open", apiStepOf(s.store.OpenContestRound))
		r.json("POST /api/v1/competition-rounds/{id}/close", apiStepOf(s.store.CloseContestRound))
		r.json("POST /api/v1/competition-rounds/{id}/scores", s.apiContestScore)
		r.json("POST /api/v1/competition-rounds/{id}/bouts", s.apiContestBout)
		r.json("GET /api/v1/talent-pool", s.apiTalentList)
		r.json("GET /api/v1/persons/{id}/contests", s.apiPersonContests)
	},
	choices: map[string][]gonghui.Choice{"competition_kind": gonghui.CompetitionKinds, "competition_level": gonghui.CompetitionLevels,
		"round_stage": gonghui.RoundStages, "contest_round_state": gonghui.ContestRoundStates, "talent_reason": gonghui.TalentReasons},
	apiTypes: map[string]any{
		"Competition": gonghui.Competition{}, "CompetitionInput": gonghui.CompetitionInput{}, "CompetitionEdit": gonghui.CompetitionEdit{}, "TradeInput": gonghui.TradeInput{}, "RoundPlan": gonghui.RoundPlan{},
		"Trade": gonghui.Trade{}, "ContestRound": gonghui.ContestRound{}, "Entrant": gonghui.Entrant{}, "EntrantInput": gonghui.EntrantInput{},
		"ContestScoreInput": gonghui.ContestScoreInput{}, "Standing": gonghui.Standing{}, "BoutInput": gonghui.BoutInput{}, "Bout": gonghui.Bout{},
		"ContestRoundView": contestRoundJSON{}, "Talent": gonghui.Talent{}, "ContestEntry": gonghui.ContestEntry{},
	},
	inbox: competitionsInbox,
}

// competitionsInbox counts the open rounds waiting for scores, for whoever
// keeps the events.
func competitionsInbox(s *Server, r *http.Request, a gonghui.Actor, _ gonghui.Date) ([]inboxItem, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return nil, nil
	}
	n, err := s.store.RoundsAwaitingScores(r.Context(), a)
	return inboxItemOf("competitions.inbox.scores", n, "/competitions"), err
}

func competitionFilter(q url.Values) gonghui.CompetitionFilter {
	year, _ := strconv.Atoi(q.Get("year"))
	return gonghui.CompetitionFilter{OrgID: atoi64(q.Get("org_id")), Year: year, Kind: q.Get("kind"), Query: q.Get("q"), Page: pageParams(q, 50)}
}

func talentFilter(q url.Values) gonghui.TalentFilter {
	year, _ := strconv.Atoi(q.Get("year"))
	return gonghui.TalentFilter{OrgID: atoi64(q.Get("org_id")), Year: year, Kind: q.Get("kind"), Trade: q.Get("trade"), Reason: q.Get("reason"),
		PersonID: atoi64(q.Get("person_id")), Query: q.Get("q"), Page: pageParams(q, 50)}
}

// contestRoundJSON is a round as the API answers it.
type contestRoundJSON struct {
	Competition gonghui.Competition  `json:"competition"`
	Trade       string               `json:"trade"`
	Round       gonghui.ContestRound `json:"round"`
	Standings   []gonghui.Standing   `json:"standings"`
	Bouts       []gonghui.Bout       `json:"bouts"`
}

func roundJSON(v store.ContestRoundView) contestRoundJSON {
	v.Competition.Trades = nil
	return contestRoundJSON{Competition: v.Competition, Trade: v.Trade.Name, Round: v.Round, Standings: v.Standings, Bouts: v.Bouts}
}

func (s *Server) apiCompetitionList(r *http.Request) (int, any, error) {
	return apiListOf(competitionFilter, func(f gonghui.CompetitionFilter) gonghui.Page { return f.Page }, s.store.ListCompetitions)(r)
}

func (s *Server) apiCompetitionCreate(r *http.Request) (int, any, error) {
	return apiCreateOf(s.store.CreateCompetition)(r)
}

func (s *Server) apiCompetitionGet(r *http.Request) (int, any, error) {
	return apiGetOf(s.store.GetCompetition)(r)
}

func (s *Server) apiEntrantList(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	list, err := s.store.Entrants(r.Context(), actorFrom(r), id)
	return http.StatusOK, newList(list, len(list), gonghui.Page{Limit: max(len(list), 1)}), err
}

func (s *Server) apiEntrantCreate(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.EntrantInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	in.TradeID = id
	e, err := s.store.EnterContestant(r.Context(), actorFrom(r), in)
	return http.StatusCreated, e, err
}

func (s *Server) apiContestRoundGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	v, err := s.store.GetContestRound(r.Context(), actorFrom(r), id)
	return http.StatusOK, roundJSON(v), err
}

func (s *Server) apiContestScore(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.ContestScoreInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if err := s.store.SaveContestScore(r.Context(), actorFrom(r), id, in); err != nil {
		return 0, nil, err
	}
	return s.apiContestRoundGet(r)
}

func (s *Server) apiContestBout(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.BoutInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	b, err := s.store.RecordBout(r.Context(), actorFrom(r), id, in)
	return http.StatusCreated, b, err
}

func (s *Server) apiTalentList(r *http.Request) (int, any, error) {
	return apiListOf(talentFilter, func(f gonghui.TalentFilter) gonghui.Page { return f.Page }, s.store.ListTalents)(r)
}

func (s *Server) apiPersonContests(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	list, err := s.store.PersonContests(r.Context(), actorFrom(r), id)
	return http.StatusOK, newList(list, len(list), gonghui.Page{Limit: max(len(list), 1)}), err
}

// talentExport streams the talent pool the list's filters select: a list
// of people, for those who may export members.
func (s *Server) talentExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	if !a.Can(gonghui.PermExportMembers) {
		return gonghui.ErrForbidden
	}
	f := talentFilter(r.URL.Query())
	return s.exportSheet(w, r, namedSheet{export.TalentPoolName, export.TalentPoolHeader}, "/competitions/talents", func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		list, _, err := s.store.ListTalents(r.Context(), a, f)
		out := sheetRows{more: len(list) == p.Limit}
		for _, x := range list {
			out.rows = append(out.rows, export.TalentRow(x))
		}
		return out, err
	})
}
