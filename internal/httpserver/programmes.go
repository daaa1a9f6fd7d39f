package httpserver

import (
	"net/http"
	"net/url"

	"gonghui"
	"gonghui/internal/store"
)

// programmesModule is the assistance programmes (帮扶项目) and the
// applications filed under them: their API, and the approver's queue in
// the home inbox.
var programmesModule = module{
	name:  "programmes",
	inbox: applicationsInbox,
	nav: []navEntry{{label: "nav.programmes", href: "/programmes", group: "nav.group.finance"},
		{label: "nav.applications", href: "/applications", group: "nav.group.finance"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /programmes", s.programmeList)
		r.form("GET /programmes/new", gonghui.PermEditProgrammes, s.programmeNewForm)
		r.ui("POST /programmes/new", s.programmeSave)
		r.ui("GET /programmes/{id}", s.programmeShow)
		r.form("GET /programmes/{id}/edit", gonghui.PermEditProgrammes, s.programmeEditForm)
		r.ui("POST /programmes/{id}/edit", s.programmeSave)
		r.ui("GET /applications", s.applicationList)
		r.ui("GET /applications.csv", s.applicationExport)
		r.ui("GET /applications.xlsx", s.applicationExport)
		r.form("GET /applications/new", gonghui.PermApplyAssistance, s.applicationNewForm)
		r.ui("POST /applications/new", s.applicationCreate)
		r.ui("POST /applications/batch", s.applicationBatch)
		r.ui("GET /applications/{id}", s.applicationShow)
		r.ui("POST /applications/{id}/decide", s.applicationDecide)
		r.form("GET /applications/{id}/refile", gonghui.PermApplyAssistance, s.applicationRefileForm)
		r.ui("POST /applications/{id}/refile", s.applicationCreate)

		r.json("GET /api/v1/programmes", s.apiProgrammeList)
		r.json("POST /api/v1/programmes", s.apiProgrammeCreate)
		r.json("GET /api/v1/programmes/{id}", s.apiProgrammeGet)
		r.json("PATCH /api/v1/programmes/{id}", s.apiProgrammePatch)
		r.json("GET /api/v1/applications", s.apiApplicationList)
		r.json("POST /api/v1/applications", s.apiApplicationFile)
		r.json("GET /api/v1/applications/{id}", s.apiApplicationGet)
		r.json("POST /api/v1/applications/{id}/refile", s.apiApplicationRefile)
		r.json("POST /api/v1/applications/{id}/decision", s.apiApplicationDecide)
		r.json("POST /api/v1/applications/decisions", s.apiApplicationBatch)
	},
	choices: map[string][]gonghui.Choice{"period_kind": gonghui.PeriodKinds, "school_level": gonghui.SchoolLevels,
		"amount_kind": gonghui.AmountKinds, "application_state": gonghui.ApplicationStates,
		"figure": gonghui.FigureChoices()},
	apiTypes: map[string]any{
		"Programme": gonghui.Programme{}, "ProgrammeInput": gonghui.ProgrammeInput{}, "ProgrammeRules": gonghui.ProgrammeRules{},
		"Eligibility": gonghui.Eligibility{}, "AmountRule": gonghui.AmountRule{}, "Tier": gonghui.Tier{}, "Caps": gonghui.Caps{},
		"ApprovalChain": gonghui.ApprovalChain{}, "Application": gonghui.Application{}, "ApplicationInput": gonghui.ApplicationInput{},
		"ApplicationFacts": gonghui.ApplicationFacts{}, "Assessment": gonghui.Assessment{}, "ApplicationStep": gonghui.ApplicationStep{},
		"Decision": gonghui.Decision{}, "BatchDecision": batchDecision{}, "BatchDecisionResult": batchDecisionResult{},
		"BatchDecisionOutcome": batchDecisionOutcome{},
	},
}

// applicationsInbox is the approver's queue: the applications whose next
// approval is for the user's level.
func applicationsInbox(s *Server, r *http.Request, a gonghui.Actor, _ gonghui.Date) ([]inboxItem, error) {
	n, err := s.store.AwaitingApplications(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return inboxItemOf("inbox.applications", n, "/applications?awaiting=1"), nil
}

func programmeFilterOf(q url.Values, p gonghui.Page) store.ProgrammeFilter {
	return store.ProgrammeFilter{ActiveOnly: formBool(q.Get("active")), Page: p}
}

func (s *Server) apiProgrammeList(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	f := programmeFilterOf(q, pageParams(q, 50))
	ps, total, err := s.store.ListProgrammes(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(ps, total, f.Page), err
}

func (s *Server) apiProgrammeGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	p, err := s.store.GetProgramme(r.Context(), actorFrom(r), id)
	return http.StatusOK, p, err
}

func (s *Server) apiProgrammeCreate(r *http.Request) (int, any, error) {
	var in gonghui.ProgrammeInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	p, err := s.store.CreateProgramme(r.Context(), actorFrom(r), in)
	return http.StatusCreated, p, err
}

func (s *Server) apiProgrammePatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	cur, err := s.store.GetProgramme(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermEditProgrammes, cur.ToInput())
	if err != nil {
		return 0, nil, err
	}
	p, err := s.store.UpdateProgramme(r.Context(), a, id, in)
	return http.StatusOK, p, err
}

func applicationFilter(q url.Values) gonghui.ApplicationFilter {
	return gonghui.ApplicationFilter{OrgID: atoi64(q.Get("org_id")), ProgrammeID: atoi64(q.Get("programme_id")), State: q.Get("state"),
		Period: q.Get("period"), Awaiting: formBool(q.Get("awaiting")), IDs: idsParam(q), Page: pageParams(q, 50)}
}

func (s *Server) apiApplicationList(r *http.Request) (int, any, error) {
	f := applicationFilter(r.URL.Query())
	apps, total, err := s.store.ListApplications(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(apps, total, f.Page), err
}

func (s *Server) apiApplicationGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	app, err := s.store.GetApplication(r.Context(), actorFrom(r), id)
	return http.StatusOK, app, err
}

func (s *Server) apiApplicationFile(r *http.Request) (int, any, error) {
	var in gonghui.ApplicationInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	app, err := s.store.FileApplication(r.Context(), actorFrom(r), in)
	return http.StatusCreated, app, err
}

func (s *Server) apiApplicationRefile(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.ApplicationInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	app, err := s.store.RefileApplication(r.Context(), actorFrom(r), id, in)
	return http.StatusOK, app, err
}

func (s *Server) apiApplicationDecide(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var d gonghui.Decision
	if err := decodeJSON(r, &d); err != nil {
		return 0, nil, err
	}
	app, err := s.store.DecideApplication(r.Context(), actorFrom(r), id, d)
	return http.StatusOK, app, err
}

// batchDecision is one decision on a list of applications.
type batchDecision struct {
	IDs            []int64 `json:"ids"`
	Action         string  `json:"action"`
	Comment        string  `json:"comment"`
	OverrideReason string  `json:"override_reason,omitempty"`
}

// batchDecisionResult says which applications passed and why the others
// did not, each in the error shape.
type batchDecisionResult struct {
	Passed  int                    `json:"passed"`
	Refused int                    `json:"refused"`
	Items   []batchDecisionOutcome `json:"items"`
}

type batchDecisionOutcome struct {
	ID    int64     `json:"id"`
	OK    bool      `json:"ok"`
	Error *apiError `json:"error,omitempty"`
}

// maxBatch bounds a batch decision's list.
const maxBatch = 500

func (s *Server) apiApplicationBatch(r *http.Request) (int, any, error) {
	var b batchDecision
	if err := decodeJSON(r, &b); err != nil {
		return 0, nil, err
	}
	if len(b.IDs) == 0 || len(b.IDs) > maxBatch {
		return 0, nil, gonghui.Invalid("ids", "请列出1至500份申请", "list 1 to 500 applications")
	}
	d := gonghui.Decision{Action: b.Action, Comment: b.Comment, OverrideReason: b.OverrideReason}
	v := &gonghui.ValidationError{}
	if d.Validate(v); v.Err() != nil {
		return 0, nil, v.Err()
	}
	var res batchDecisionResult
	for _, o := range s.store.DecideApplications(r.Context(), actorFrom(r), b.IDs, d) {
		item := batchDecisionOutcome{ID: o.ID, OK: o.Err == nil}
		if o.Err != nil {
			f := s.failureOf(r, o.Err)
			if f.status == http.StatusInternalServerError {
				return 0, nil, o.Err
			}
			item.Error = &apiError{Message: f.message, Fields: f.fields}
			res.Refused++
		} else {
			res.Passed++
		}
		res.Items = append(res.Items, item)
	}
	return http.StatusOK, res, nil
}
