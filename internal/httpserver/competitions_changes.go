package httpserver

import (
	"net/http"
	"net/url"
	"strconv"

	"gonghui"
	"gonghui/internal/i18n"
)

// An event edited after it is recorded, and an entrant withdrawn.

func (s *Server) competitionEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	x, err := s.store.GetCompetition(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	form := url.Values{"title": {x.Title}, "level": {x.Level}, "held_from": {x.HeldFrom.String()}, "held_to": {x.HeldTo.String()},
		"result_top_n": {strconv.Itoa(x.ResultTopN)}, "version": {itoa(x.Version)}}
	s.render(w, r, http.StatusOK, "competitions/edit", page{Title: x.Title, Form: form, Data: x})
	return nil
}

func (s *Server) competitionUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, lang := actorFrom(r), i18n.FromRequest(r)
	x, err := s.store.GetCompetition(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	errs := map[string]string{}
	topN, _ := strconv.Atoi(f.Get("result_top_n"))
	ed := gonghui.CompetitionEdit{Title: f.Get("title"), Level: f.Get("level"), HeldFrom: formDateField(f, "held_from", errs, lang),
		HeldTo: formDateField(f, "held_to", errs, lang), ResultTopN: topN, Version: atoi64(f.Get("version"))}
	if len(errs) == 0 {
		_, err = s.store.UpdateCompetition(r.Context(), a, id, ed)
	}
	if errs = listFormErrors(errs, err, lang, "form.line"); errs != nil {
		s.renderForm(w, r, "competitions/edit", page{Title: x.Title, Form: f, Errors: errs, Data: x})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/competitions/"+itoa(id), http.StatusSeeOther)
	return nil
}

// competitionWithdraw takes an entrant out of their trade, back to the
// event's page.
func (s *Server) competitionWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	event, err := s.store.EntrantCompetition(r.Context(), actorFrom(r), id)
	if err != nil {
		return err
	}
	err = s.store.WithdrawEntrant(r.Context(), actorFrom(r), id, r.PostForm.Get("reason"))
	return s.returnTo(w, r, "/competitions/"+itoa(event), err)
}

func (s *Server) apiCompetitionPatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	x, err := s.store.GetCompetition(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	cur := gonghui.CompetitionEdit{Title: x.Title, Level: x.Level, HeldFrom: x.HeldFrom, HeldTo: x.HeldTo, ResultTopN: x.ResultTopN, Version: x.Version}
	ed, _, err := decodePatch(r, gonghui.PermEditHonours, cur)
	if err != nil {
		return 0, nil, err
	}
	out, err := s.store.UpdateCompetition(r.Context(), a, id, ed)
	return http.StatusOK, out, err
}

func (s *Server) apiEntrantWithdraw(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if err := s.store.WithdrawEntrant(r.Context(), actorFrom(r), id, in.Reason); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]string{"status": "withdrawn"}, nil
}
