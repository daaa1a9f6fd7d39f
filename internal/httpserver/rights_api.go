package httpserver

import (
	"net/http"

	"gonghui"
)

func (s *Server) apiRightsIntakes(r *http.Request) (int, any, error) {
	f := rightsIntakeFilter(r.URL.Query(), "org_id")
	list, total, err := s.store.ListRightsIntakes(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(list, total, f.Page), err
}

func (s *Server) apiRightsIntakeCreate(r *http.Request) (int, any, error) {
	var in gonghui.RightsIntakeInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	out, err := s.store.CreateRightsIntake(r.Context(), actorFrom(r), in)
	return http.StatusCreated, out, err
}

func (s *Server) apiRightsIntakeGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	out, err := s.store.GetRightsIntake(r.Context(), actorFrom(r), id, formBool(r.URL.Query().Get("reveal")))
	return http.StatusOK, out, err
}

func (s *Server) apiRightsCases(r *http.Request) (int, any, error) {
	f := rightsCaseFilter(r.URL.Query(), "org_id")
	list, total, err := s.store.ListRightsCases(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(list, total, f.Page), err
}

func (s *Server) apiRightsCaseCreate(r *http.Request) (int, any, error) {
	var in gonghui.RightsCaseInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	out, err := s.store.CreateRightsCase(r.Context(), actorFrom(r), in)
	return http.StatusCreated, out, err
}

func (s *Server) apiRightsCaseGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	out, err := s.store.GetRightsCase(r.Context(), actorFrom(r), id, formBool(r.URL.Query().Get("reveal")))
	return http.StatusOK, out, err
}

// apiRightsCasePatch merges the fields sent onto the case's full input (a
// reveal for editing, audited) and answers the case masked.
func (s *Server) apiRightsCasePatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	if !a.Can(gonghui.PermEditRights) {
		return 0, nil, gonghui.ErrForbidden
	}
	cur, err := s.store.RightsCaseEditInput(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermEditRights, cur)
	if err != nil {
		return 0, nil, err
	}
	out, err := s.store.UpdateRightsCase(r.Context(), a, id, in)
	return http.StatusOK, out, err
}

func (s *Server) apiRightsCaseStep(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var st gonghui.RightsStepInput
	if err := decodeJSON(r, &st); err != nil {
		return 0, nil, err
	}
	out, err := s.store.ActOnRightsCase(r.Context(), actorFrom(r), id, st)
	return http.StatusOK, out, err
}

func (s *Server) apiRightsCaseCallback(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.RightsCallbackInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	out, err := s.store.RecordRightsCallback(r.Context(), actorFrom(r), id, in)
	return http.StatusCreated, out, err
}

func (s *Server) apiRightsDocuments(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	if _, err := s.store.GetRightsCase(r.Context(), a, id, false); err != nil {
		return 0, nil, err
	}
	list, err := s.store.RightsDocuments(r.Context(), a, id)
	return http.StatusOK, list, err
}

func (s *Server) apiRightsCalendar(r *http.Request) (int, any, error) {
	days, err := s.store.HolidayCalendar(r.Context(), int(atoi64(r.URL.Query().Get("year"))))
	return http.StatusOK, days, err
}

func (s *Server) apiRightsCalendarSave(r *http.Request) (int, any, error) {
	var d gonghui.CalendarDay
	if err := decodeJSON(r, &d); err != nil {
		return 0, nil, err
	}
	d, err := s.store.SaveCalendarDay(r.Context(), actorFrom(r), d)
	return http.StatusOK, d, err
}

// rightsRuleInput is a district's own length of a clock.
type rightsRuleInput struct {
	RegionCode string `json:"region_code"`
	Kind       string `json:"kind"`
	N          int    `json:"n"`
	Unit       string `json:"unit"`
}

// apiRightsRules lists a district's clocks in force: its own lengths over
// the defaults.
func (s *Server) apiRightsRules(r *http.Request) (int, any, error) {
	own, err := s.store.ClockRules(r.Context(), r.URL.Query().Get("region_code"))
	if err != nil {
		return 0, nil, err
	}
	rules := gonghui.ClockRulesOf(own)
	out := []gonghui.ClockRule{}
	for _, c := range gonghui.RightsClockKinds {
		out = append(out, rules[c.Key])
	}
	return http.StatusOK, out, nil
}

func (s *Server) apiRightsRuleSave(r *http.Request) (int, any, error) {
	var in rightsRuleInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	rule := gonghui.ClockRule{Kind: in.Kind, N: in.N, Unit: in.Unit}
	if err := s.store.SaveClockRule(r.Context(), actorFrom(r), in.RegionCode, rule); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, rule, nil
}

func (s *Server) apiRightsWarnings(r *http.Request) (int, any, error) {
	on := gonghui.Today()
	if d := r.URL.Query().Get("date"); d != "" {
		var err error
		if on, err = gonghui.ParseDate(d); err != nil {
			return 0, nil, gonghui.Invalid("date", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
		}
	}
	list, err := s.store.RightsWarnings(r.Context(), actorFrom(r), on)
	return http.StatusOK, list, err
}
