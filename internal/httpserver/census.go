package httpserver

import (
	"net/http"
	"strconv"

	"gonghui"
	"gonghui/internal/store"
)

// censusModule is the yearly census (统计年报): returns, their review and
// roll-up.
var censusModule = module{
	name:  "census",
	inbox: censusInbox,
	nav:   []navEntry{{label: "nav.census", href: "/census", group: "nav.group.stats"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /census", s.censusList)
		r.ui("GET /census.csv", s.censusListExport)
		r.ui("GET /census.xlsx", s.censusListExport)
		r.ui("POST /census/open", s.censusOpen)
		r.ui("POST /census/batch", s.censusBatch)
		r.ui("GET /census/{id}", s.censusShow)
		r.ui("GET /census/{id}/return.xlsx", s.censusExport)
		for _, act := range []gonghui.CensusAction{gonghui.CensusSave, gonghui.CensusSubmit, gonghui.CensusApprove, gonghui.CensusSendBack, gonghui.CensusCorrect} {
			r.ui("POST /census/{id}/"+string(act), s.censusAction(act))
		}

		r.json("GET /api/v1/census", s.apiCensusList)
		r.json("POST /api/v1/census", s.apiCensusOpen)
		r.json("GET /api/v1/census/sheet", s.apiCensusSheet)
		r.json("GET /api/v1/census/{id}", s.apiCensusGet)
		r.json("PATCH /api/v1/census/{id}", s.apiCensusStep(gonghui.CensusSave))
		r.json("POST /api/v1/census/{id}/submit", s.apiCensusStep(gonghui.CensusSubmit))
		r.json("POST /api/v1/census/{id}/approve", s.apiCensusStep(gonghui.CensusApprove))
		r.json("POST /api/v1/census/{id}/return", s.apiCensusStep(gonghui.CensusSendBack))
		r.json("POST /api/v1/census/{id}/correct", s.apiCensusStep(gonghui.CensusCorrect))
	},
	choices: map[string][]gonghui.Choice{"census_state": gonghui.CensusStates},
	apiTypes: map[string]any{
		"CensusReturn": gonghui.CensusReturn{}, "CensusFigure": gonghui.CensusFigure{}, "CensusInput": gonghui.CensusInput{},
		"CensusFigureInput": gonghui.CensusFigureInput{}, "CensusOpen": censusOpen{}, "CensusPeriod": gonghui.CensusPeriod{},
		"CensusSheet": store.CensusSheet{}, "CensusLine": store.CensusLine{}, "CensusChild": store.CensusChild{},
		"CensusProgress": store.CensusProgress{}, "CensusEvent": store.CensusEvent{},
	},
}

// censusInbox counts the returns of the census year due now (the last one
// closed): the user's drafts to submit and the submitted returns below
// the user's union to review.
func censusInbox(s *Server, r *http.Request, a gonghui.Actor, today gonghui.Date) ([]inboxItem, error) {
	ctx := r.Context()
	year := gonghui.LastClosedCensusYear(today)
	href := "/census?year=" + strconv.Itoa(year)
	var items []inboxItem
	if a.Can(gonghui.PermSubmitCensus) {
		_, drafts, err := s.store.ListCensus(ctx, a, store.CensusFilter{Year: year, State: gonghui.CensusDraft, Page: gonghui.Page{Limit: 1}})
		if err != nil {
			return nil, err
		}
		items = append(items, inboxItemOf("inbox.census_submit", drafts, href)...)
	}
	if a.Can(gonghui.PermReviewCensus) {
		submitted, _, err := s.store.ListCensus(ctx, a, store.CensusFilter{Year: year, State: gonghui.CensusSubmitted, Page: gonghui.Page{Limit: inboxCap + 1}})
		if err != nil {
			return nil, err
		}
		below := 0 // a union reviews the returns below it, never its own
		for _, c := range submitted {
			if c.OrgID != a.OrgID {
				below++
			}
		}
		items = append(items, inboxItemOf("inbox.census_review", below, href)...)
	}
	return items, nil
}
