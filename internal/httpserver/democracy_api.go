package httpserver

import (
	"net/http"
	"net/url"

	"gonghui"
	"gonghui/internal/store"
)

func contractFilter(q url.Values) store.ContractFilter {
	org := q.Get("org_id")
	if org == "" {
		org = q.Get("org")
	}
	on, _ := gonghui.ParseDate(q.Get("date")) // zero (today) when absent or malformed
	return store.ContractFilter{OrgID: atoi64(org), Status: gonghui.ContractStatus(q.Get("status")), On: on, Kind: gonghui.ContractKind(q.Get("kind")),
		Query: q.Get("q"), UnitID: atoi64(q.Get("unit_id")), ExpiringDays: daysParam(q, "expiring"), IDs: idsParam(q), Sort: q.Get("sort"),
		Page: pageParams(q, 50)}
}

func (s *Server) apiContractList(r *http.Request) (int, any, error) {
	f := contractFilter(r.URL.Query())
	ks, total, err := s.store.ListContracts(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(ks, total, f.Page), err
}

func (s *Server) apiContractGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	k, err := s.store.GetContract(r.Context(), actorFrom(r), id)
	return http.StatusOK, k, err
}

func (s *Server) apiContractCreate(r *http.Request) (int, any, error) {
	var in gonghui.ContractInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	k, err := s.store.CreateContract(r.Context(), actorFrom(r), in)
	return http.StatusCreated, k, err
}

func (s *Server) apiContractPatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	cur, err := s.store.GetContract(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermEditDemocracy, cur.ToInput())
	if err != nil {
		return 0, nil, err
	}
	k, err := s.store.UpdateContract(r.Context(), a, id, in)
	return http.StatusOK, k, err
}

func (s *Server) apiContractStep(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var st gonghui.ContractStep
	if err := decodeJSON(r, &st); err != nil {
		return 0, nil, err
	}
	k, err := s.store.StepContract(r.Context(), actorFrom(r), id, st)
	return http.StatusOK, k, err
}

// dateParam reads ?date= (default today).
func dateParam(q url.Values) (gonghui.Date, error) {
	d, err := gonghui.ParseDate(q.Get("date"))
	if err != nil {
		return d, gonghui.Invalid("date", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	}
	if d.IsZero() {
		d = gonghui.Today()
	}
	return d, nil
}

// rateView is a rate with its definition, for the API and the UI.
type rateView struct {
	gonghui.RateResult
	Definition gonghui.RateDefinition `json:"definition"`
}

// rates evaluates every rate definition for a subtree on a date.
func (s *Server) rates(r *http.Request, orgID int64, on gonghui.Date) ([]rateView, error) {
	a := actorFrom(r)
	defs, err := s.store.RateDefinitions(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]rateView, len(defs))
	for i, d := range defs {
		res, err := s.store.EvaluateRate(r.Context(), a, d.Key, orgID, on)
		if err != nil {
			return nil, err
		}
		out[i] = rateView{res, d}
	}
	return out, nil
}

func (s *Server) apiRates(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	on, err := dateParam(q)
	if err != nil {
		return 0, nil, err
	}
	rs, err := s.rates(r, atoi64(q.Get("org_id")), on)
	return http.StatusOK, rs, err
}

func (s *Server) apiRateUnits(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	on, err := dateParam(q)
	if err != nil {
		return 0, nil, err
	}
	which := q.Get("which")
	if which == "" {
		which = store.RateUnitsDenominator
	}
	if which != store.RateUnitsDenominator && which != store.RateUnitsNumerator && which != store.RateUnitsMissing {
		return 0, nil, gonghui.Invalid("which", "应为 denominator、numerator 或 missing", "must be denominator, numerator or missing")
	}
	p := pageParams(q, 50)
	units, total, err := s.store.RateUnits(r.Context(), actorFrom(r), r.PathValue("key"), atoi64(q.Get("org_id")), on, which, p)
	return http.StatusOK, newList(units, total, p), err
}

func (s *Server) apiReminders(r *http.Request) (int, any, error) {
	on, err := dateParam(r.URL.Query())
	if err != nil {
		return 0, nil, err
	}
	rs, err := s.store.Reminders(r.Context(), actorFrom(r), on)
	return http.StatusOK, rs, err
}

// bargainingTopics is the topic list as the API shows and takes it.
type bargainingTopics struct {
	MustTalk []string `json:"must_talk"`
	Topics   []string `json:"topics"`
}

func (s *Server) apiTopics(r *http.Request) (int, any, error) {
	topics, err := s.store.BargainingTopics(r.Context())
	must := make([]string, len(gonghui.MustTalkTopics))
	for i, t := range gonghui.MustTalkTopics {
		must[i] = t.Key
	}
	return http.StatusOK, bargainingTopics{MustTalk: must, Topics: topics}, err
}

func (s *Server) apiTopicsPut(r *http.Request) (int, any, error) {
	var body bargainingTopics
	if err := decodeJSON(r, &body); err != nil {
		return 0, nil, err
	}
	if _, err := s.store.SaveBargainingTopics(r.Context(), actorFrom(r), body.Topics); err != nil {
		return 0, nil, err
	}
	return s.apiTopics(r)
}
