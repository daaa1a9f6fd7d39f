package httpserver

import (
	"net/http"
	"strconv"

	"gonghui"
	"gonghui/internal/i18n"
)

func (s *Server) achievementList(w http.ResponseWriter, r *http.Request) error {
	a, q, lang := actorFrom(r), r.URL.Query(), i18n.FromRequest(r)
	f := achievementFilter(q)
	list, total, err := s.store.ListAchievements(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "innovation/achievements", page{Title: i18n.T(lang, "nav.innovation_achievements"), Form: q,
		Data: struct {
			listKit
			Achievements []gonghui.Achievement
		}{newListKit(r, f.Page, total), list}})
	return nil
}

func (s *Server) achievementShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	x, err := s.store.GetAchievement(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "innovation/achievement", page{Title: x.Title, Data: x})
	return nil
}

func (s *Server) innovationRoundList(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	p := pageParams(r.URL.Query(), 50)
	list, total, err := s.store.ListInnovationRounds(r.Context(), actorFrom(r), p)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "innovation/rounds", page{Title: i18n.T(lang, "nav.innovation_rounds"), Form: r.URL.Query(),
		Data: struct {
			listKit
			Rounds []gonghui.InnovationRound
		}{newListKit(r, p, total), list}})
	return nil
}

// innovationRoundShow is a round's page: its entries ranked for its
// holder; for a reviewer of the round, its own scores and the form to
// give them while the round is open.
func (s *Server) innovationRoundShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actorFrom(r)
	round, err := s.store.GetInnovationRound(r.Context(), a, id)
	if err != nil {
		return err
	}
	entries, err := s.store.RoundEntries(r.Context(), a, id)
	if err != nil {
		return err
	}
	reviewer := false
	for _, rv := range round.Reviewers {
		reviewer = reviewer || rv.UserID == a.UserID
	}
	s.render(w, r, http.StatusOK, "innovation/round", page{Title: round.Title,
		Data: struct {
			Round    gonghui.InnovationRound
			Entries  []gonghui.RoundEntry
			Scoring  bool
			Holding  bool // the round is the user's to enter into, close and select from
			MinScore int
			MaxScore int
		}{round, entries, reviewer && round.State == gonghui.InnovationRoundOpen && a.Can(gonghui.PermReviewInnovation),
			!reviewer && a.Can(gonghui.PermApproveHonours), gonghui.MinScore, gonghui.MaxScore}})
	return nil
}

func (s *Server) innovationEnter(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	_, err = s.store.AddRoundEntry(r.Context(), actorFrom(r), id, atoi64(r.PostForm.Get("achievement_id")))
	return s.returnTo(w, r, "/innovation/rounds/"+itoa(id), err)
}

func (s *Server) innovationScore(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	score, convErr := strconv.Atoi(f.Get("score"))
	if convErr != nil {
		score = -1 // refused as out of bounds, naming the field
	}
	_, err = s.store.Score(r.Context(), actorFrom(r), id, gonghui.ScoreInput{AchievementID: atoi64(f.Get("achievement_id")), Score: score, Comment: f.Get("comment")})
	return s.returnTo(w, r, "/innovation/rounds/"+itoa(id), err)
}

func (s *Server) studioList(w http.ResponseWriter, r *http.Request) error {
	a, q, lang := actorFrom(r), r.URL.Query(), i18n.FromRequest(r)
	f := studioFilter(q)
	list, total, err := s.store.ListStudios(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "innovation/studios", page{Title: i18n.T(lang, "nav.innovation_studios"), Form: q,
		Data: struct {
			listKit
			Studios []gonghui.Studio
		}{newListKit(r, f.Page, total), list}})
	return nil
}

func (s *Server) pairList(w http.ResponseWriter, r *http.Request) error {
	a, q, lang := actorFrom(r), r.URL.Query(), i18n.FromRequest(r)
	f := pairFilter(q)
	list, total, err := s.store.ListMentorPairs(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "innovation/pairs", page{Title: i18n.T(lang, "nav.mentor_pairs"), Form: q,
		Data: struct {
			listKit
			Pairs []gonghui.MentorPair
		}{newListKit(r, f.Page, total), list}})
	return nil
}
