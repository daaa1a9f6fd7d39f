package httpserver

import (
	"net/http"
	"net/url"
	"strconv"

	"gonghui"
)

// innovationModule is worker innovation (创新发展助推计划): achievements
// and their review rounds, scored by assigned reviewers and selected per
// year; innovation studios; mentor–apprentice pairs.
var innovationModule = module{
	name: "innovation",
	nav: []navEntry{
		{label: "nav.innovation_achievements", href: "/innovation/achievements", group: "nav.group.honours"},
		{label: "nav.innovation_rounds", href: "/innovation/rounds", group: "nav.group.honours"},
		{label: "nav.innovation_studios", href: "/innovation/studios", group: "nav.group.honours"},
		{label: "nav.mentor_pairs", href: "/innovation/pairs", group: "nav.group.honours"},
	},
	routes: func(s *Server, r *router) {
		r.ui("GET /innovation/achievements", s.achievementList)
		r.ui("GET /innovation/achievements/new", achievementForm.newForm(s))
		r.ui("POST /innovation/achievements/new", achievementForm.save(s))
		r.ui("GET /innovation/achievements/{id}", s.achievementShow)
		r.ui("GET /innovation/achievements/{id}/edit", achievementForm.editForm(s))
		r.ui("POST /innovation/achievements/{id}/edit", achievementForm.save(s))
		r.ui("GET /innovation/rounds", s.innovationRoundList)
		r.ui("GET /innovation/rounds/new", s.innovationRoundNewForm)
		r.ui("POST /innovation/rounds/new", s.innovationRoundCreate)
		r.ui("GET /innovation/rounds/{id}", s.innovationRoundShow)
		r.ui("POST /innovation/rounds/{id}/score", s.innovationScore)
		r.ui("POST /innovation/rounds/{id}/enter", s.innovationEnter)
		r.ui("POST /innovation/rounds/{id}/close", s.uiStepOf("/innovation/rounds/", stepErr(s.store.CloseInnovationRound)))
		r.ui("POST /innovation/rounds/{id}/select", s.uiStepOf("/innovation/rounds/", stepErr(s.store.SelectAchievements)))
		r.ui("GET /innovation/studios", s.studioList)
		r.ui("GET /innovation/studios/new", studioForm.newForm(s))
		r.ui("POST /innovation/studios/new", studioForm.save(s))
		r.ui("GET /innovation/studios/{id}/edit", studioForm.editForm(s))
		r.ui("POST /innovation/studios/{id}/edit", studioForm.save(s))
		r.ui("GET /innovation/pairs", s.pairList)
		r.ui("GET /innovation/pairs/new", mentorPairForm.newForm(s))
		r.ui("POST /innovation/pairs/new", mentorPairForm.save(s))
		r.ui("GET /innovation/pairs/{id}/edit", mentorPairForm.editForm(s))
		r.ui("POST /innovation/pairs/{id}/edit", mentorPairForm.save(s))

		r.json("GET /api/v1/innovation-achievements", s.apiAchievementList)
		r.json("POST /api/v1/innovation-achievements", s.apiAchievementCreate)
		r.json("GET /api/v1/innovation-achievements/{id}", s.apiAchievementGet)
		r.json("PATCH /api/v1/innovation-achievements/{id}", s.apiAchievementPatch)
		r.json("GET /api/v1/innovation-rounds", s.apiInnovationRoundList)
		r.json("POST /api/v1/innovation-rounds", s.apiInnovationRoundCreate)
		r.json("GET /api/v1/innovation-rounds/{id}", s.apiInnovationRoundGet)
		r.json("GET /api/v1/innovation-rounds/{id}/entries", s.apiRoundEntries)
		r.json("POST /api/v1/innovation-rounds/{id}/entries", s.apiRoundEntryAdd)
		r.json("POST /api/v1/innovation-rounds/{id}/scores", s.apiScore)
		r.json("POST /api/v1/innovation-rounds/{id}/close", apiStepOf(s.store.CloseInnovationRound))
		r.json("POST /api/v1/innovation-rounds/{id}/select", apiStepOf(s.store.SelectAchievements))
		r.json("GET /api/v1/innovation-studios", s.apiStudioList)
		r.json("POST /api/v1/innovation-studios", s.apiStudioCreate)
		r.json("GET /api/v1/innovation-studios/{id}", s.apiStudioGet)
		r.json("PATCH /api/v1/innovation-studios/{id}", s.apiStudioPatch)
		r.json("GET /api/v1/mentor-pairs", s.apiPairList)
		r.json("POST /api/v1/mentor-pairs", s.apiPairCreate)
		r.json("GET /api/v1/mentor-pairs/{id}", s.apiPairGet)
		r.json("PATCH /api/v1/mentor-pairs/{id}", s.apiPairPatch)
	},
	choices: map[string][]gonghui.Choice{"achievement_kind": gonghui.AchievementKinds, "team_role": gonghui.TeamRoles, "patent_kind": gonghui.PatentKinds,
		"innovation_level": gonghui.InnovationLevels, "innovation_round_state": gonghui.InnovationRoundStates, "studio_kind": gonghui.StudioKinds,
		"studio_status": gonghui.StudioStatuses},
	apiTypes: map[string]any{
		"Achievement": gonghui.Achievement{}, "AchievementInput": gonghui.AchievementInput{}, "TeamMember": gonghui.TeamMember{},
		"TeamMemberInput": gonghui.TeamMemberInput{}, "Patent": gonghui.Patent{}, "PersonRef": gonghui.PersonRef{},
		"InnovationRound": gonghui.InnovationRound{}, "InnovationRoundInput": gonghui.InnovationRoundInput{}, "Reviewer": gonghui.Reviewer{},
		"RoundEntry": gonghui.RoundEntry{}, "Score": gonghui.Score{}, "ScoreInput": gonghui.ScoreInput{},
		"Studio": gonghui.Studio{}, "StudioInput": gonghui.StudioInput{}, "StudioMember": gonghui.StudioMember{},
		"MentorPair": gonghui.MentorPair{}, "MentorPairInput": gonghui.MentorPairInput{},
	},
	inbox: innovationInbox,
}

// innovationInbox counts the entries of the rounds assigning the user
// that wait for its score.
func innovationInbox(s *Server, r *http.Request, a gonghui.Actor, _ gonghui.Date) ([]inboxItem, error) {
	if !a.Can(gonghui.PermReviewInnovation) {
		return nil, nil
	}
	n, err := s.store.ScoresWaiting(r.Context(), a)
	return inboxItemOf("innovation.inbox.scores", n, "/innovation/rounds"), err
}

func achievementFilter(q url.Values) gonghui.AchievementFilter {
	year, _ := strconv.Atoi(q.Get("year"))
	return gonghui.AchievementFilter{OrgID: atoi64(q.Get("org_id")), Year: year, Kind: q.Get("kind"), PersonID: atoi64(q.Get("person_id")),
		Selected: q.Get("selected") == "1", Query: q.Get("q"), Page: pageParams(q, 50)}
}

func studioFilter(q url.Values) gonghui.StudioFilter {
	year, _ := strconv.Atoi(q.Get("year"))
	return gonghui.StudioFilter{OrgID: atoi64(q.Get("org_id")), Kind: q.Get("kind"), Level: q.Get("level"), Year: year,
		PersonID: atoi64(q.Get("person_id")), Query: q.Get("q"), Page: pageParams(q, 50)}
}

func pairFilter(q url.Values) gonghui.MentorPairFilter {
	year, _ := strconv.Atoi(q.Get("year"))
	return gonghui.MentorPairFilter{OrgID: atoi64(q.Get("org_id")), Year: year, PersonID: atoi64(q.Get("person_id")), Page: pageParams(q, 50)}
}

func (s *Server) apiAchievementList(r *http.Request) (int, any, error) {
	return apiListOf(achievementFilter, func(f gonghui.AchievementFilter) gonghui.Page { return f.Page }, s.store.ListAchievements)(r)
}

func (s *Server) apiAchievementCreate(r *http.Request) (int, any, error) {
	return apiCreateOf(s.store.CreateAchievement)(r)
}

func (s *Server) apiAchievementGet(r *http.Request) (int, any, error) {
	return apiGetOf(s.store.GetAchievement)(r)
}

func (s *Server) apiAchievementPatch(r *http.Request) (int, any, error) {
	return apiPatchOf(gonghui.PermEditHonours, s.store.GetAchievement, s.store.UpdateAchievement)(r)
}

func (s *Server) apiStudioList(r *http.Request) (int, any, error) {
	return apiListOf(studioFilter, func(f gonghui.StudioFilter) gonghui.Page { return f.Page }, s.store.ListStudios)(r)
}

func (s *Server) apiStudioCreate(r *http.Request) (int, any, error) {
	return apiCreateOf(s.store.CreateStudio)(r)
}

func (s *Server) apiStudioGet(r *http.Request) (int, any, error) {
	return apiGetOf(s.store.GetStudio)(r)
}

func (s *Server) apiStudioPatch(r *http.Request) (int, any, error) {
	return apiPatchOf(gonghui.PermEditHonours, s.store.GetStudio, s.store.UpdateStudio)(r)
}

func (s *Server) apiPairList(r *http.Request) (int, any, error) {
	return apiListOf(pairFilter, func(f gonghui.MentorPairFilter) gonghui.Page { return f.Page }, s.store.ListMentorPairs)(r)
}

func (s *Server) apiPairCreate(r *http.Request) (int, any, error) {
	return apiCreateOf(s.store.CreateMentorPair)(r)
}

func (s *Server) apiPairGet(r *http.Request) (int, any, error) {
	return apiGetOf(s.store.GetMentorPair)(r)
}

func (s *Server) apiPairPatch(r *http.Request) (int, any, error) {
	return apiPatchOf(gonghui.PermEditHonours, s.store.GetMentorPair, s.store.UpdateMentorPair)(r)
}

func (s *Server) apiInnovationRoundList(r *http.Request) (int, any, error) {
	p := pageParams(r.URL.Query(), 50)
	list, total, err := s.store.ListInnovationRounds(r.Context(), actorFrom(r), p)
	return http.StatusOK, newList(list, total, p), err
}

func (s *Server) apiInnovationRoundCreate(r *http.Request) (int, any, error) {
	return apiCreateOf(s.store.CreateInnovationRound)(r)
}

func (s *Server) apiInnovationRoundGet(r *http.Request) (int, any, error) {
	return apiGetOf(s.store.GetInnovationRound)(r)
}

func (s *Server) apiRoundEntries(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	list, err := s.store.RoundEntries(r.Context(), actorFrom(r), id)
	return http.StatusOK, newList(list, len(list), gonghui.Page{Limit: max(len(list), 1)}), err
}

func (s *Server) apiRoundEntryAdd(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		AchievementID int64 `json:"achievement_id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	e, err := s.store.AddRoundEntry(r.Context(), actorFrom(r), id, in.AchievementID)
	return http.StatusCreated, e, err
}

func (s *Server) apiScore(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.ScoreInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	sc, err := s.store.Score(r.Context(), actorFrom(r), id, in)
	return http.StatusOK, sc, err
}
