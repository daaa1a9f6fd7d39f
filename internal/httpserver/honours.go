package httpserver

import (
	"net/http"
	"net/url"
	"strconv"

	"gonghui"
	"gonghui/internal/importer"
)

// honoursModule is the honours registry (荣誉): model workers and the
// “两模一优” awards, the rounds that select them, their nominations and
// pre-eligibility lists.
var honoursModule = module{
	name: "honours",
	nav: []navEntry{
		{label: "nav.honours", href: "/honours", group: "nav.group.honours"},
		{label: "nav.honour_rounds", href: "/honours/rounds", group: "nav.group.honours"},
	},
	routes: func(s *Server, r *router) {
		r.ui("GET /honours", s.honourList)
		r.ui("GET /honours.csv", s.honourExport)
		r.ui("GET /honours.xlsx", s.honourExport)
		r.form("GET /honours/new", gonghui.PermEditHonours, s.honourNewForm)
		r.ui("POST /honours/new", s.honourCreate)
		r.ui("GET /honours/{id}", s.honourShow)
		r.ui("POST /honours/{id}/status", s.honourStatus)
		r.ui("GET /honours/rounds", s.honourRoundList)
		r.form("GET /honours/rounds/new", gonghui.PermApproveHonours, s.honourRoundNewForm)
		r.ui("POST /honours/rounds/new", s.honourRoundCreate)
		r.ui("GET /honours/rounds/{id}", s.honourRoundShow)
		r.ui("POST /honours/rounds/{id}/nominate", s.honourNominate)
		r.ui("POST /honours/rounds/{id}/approve", s.honourRoundApprove)
		r.ui("GET /honours/rounds/{id}/eligible", s.honourEligible)
		r.ui("POST /honours/nominations/{id}/withdraw", s.honourWithdraw)

		r.json("GET /api/v1/honours", s.apiHonourList)
		r.json("POST /api/v1/honours", s.apiHonourCreate)
		r.json("GET /api/v1/honours/{id}", s.apiHonourGet)
		r.json("POST /api/v1/honours/{id}/status", s.apiHonourStatus)
		r.json("GET /api/v1/honour-rounds", s.apiHonourRoundList)
		r.json("POST /api/v1/honour-rounds", s.apiHonourRoundCreate)
		r.json("GET /api/v1/honour-rounds/{id}", s.apiHonourRoundGet)
		r.json("GET /api/v1/honour-rounds/{id}/nominations", s.apiNominationList)
		r.json("POST /api/v1/honour-rounds/{id}/nominations", s.apiNominate)
		r.json("POST /api/v1/honour-rounds/{id}/approve", s.apiHonourRoundApprove)
		r.json("GET /api/v1/honour-rounds/{id}/eligible", s.apiHonourEligible)
		r.json("POST /api/v1/honour-nominations/{id}/withdraw", s.apiNominationWithdraw)
	},
	choices: map[string][]gonghui.Choice{"honour_kind": gonghui.HonourKinds, "honour_level": gonghui.HonourLevels,
		"honour_category": gonghui.HonourCategories, "honour_status": gonghui.HonourStatuses},
	apiTypes: map[string]any{
		"Honour": gonghui.Honour{}, "HonourEvent": gonghui.HonourEvent{}, "HonourInput": gonghui.HonourInput{}, "HonourRecipient": gonghui.HonourRecipient{},
		"HonourStatusInput": gonghui.HonourStatusInput{}, "HonourRound": gonghui.HonourRound{}, "HonourRoundInput": gonghui.HonourRoundInput{},
		"HonourRules": gonghui.HonourRules{}, "HonourShare": gonghui.HonourShare{}, "HonourNomination": gonghui.HonourNomination{},
		"HonourNominationInput": gonghui.HonourNominationInput{}, "RuleFailure": gonghui.RuleFailure{}, "Eligible": gonghui.Eligible{},
		"NomineeFacts": gonghui.NomineeFacts{},
	},
	inbox: honoursInbox,
}

// honoursInbox counts the rounds held in the user's subtree whose list
// waits for approval.
func honoursInbox(s *Server, r *http.Request, a gonghui.Actor, _ gonghui.Date) ([]inboxItem, error) {
	if !a.Can(gonghui.PermApproveHonours) {
		return nil, nil
	}
	n, err := s.store.HonourApprovalsWaiting(r.Context(), a)
	return inboxItemOf("honours.inbox.approve", n, "/honours/rounds"), err
}

func honourFilter(q url.Values, orgParam string) gonghui.HonourFilter {
	year, _ := strconv.Atoi(q.Get("year"))
	return gonghui.HonourFilter{OrgID: atoi64(q.Get(orgParam)), Kind: q.Get("kind"), Level: q.Get("level"), Year: year, Status: q.Get("status"),
		PersonID: atoi64(q.Get("person_id")), Query: q.Get("q"), Page: pageParams(q, 50)}
}

func (s *Server) apiHonourList(r *http.Request) (int, any, error) {
	f := honourFilter(r.URL.Query(), "org_id")
	list, total, err := s.store.ListHonours(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(list, total, f.Page), err
}

func (s *Server) apiHonourGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	h, err := s.store.GetHonour(r.Context(), actorFrom(r), id)
	return http.StatusOK, h, err
}

func (s *Server) apiHonourCreate(r *http.Request) (int, any, error) {
	var in gonghui.HonourInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	h, err := s.store.RegisterHonour(r.Context(), actorFrom(r), in)
	return http.StatusCreated, h, err
}

func (s *Server) apiHonourStatus(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.HonourStatusInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	h, err := s.store.SetHonourStatus(r.Context(), actorFrom(r), id, in)
	return http.StatusOK, h, err
}

func (s *Server) apiHonourRoundList(r *http.Request) (int, any, error) {
	p := pageParams(r.URL.Query(), 50)
	list, total, err := s.store.ListHonourRounds(r.Context(), actorFrom(r), p)
	return http.StatusOK, newList(list, total, p), err
}

func (s *Server) apiHonourRoundCreate(r *http.Request) (int, any, error) {
	var in gonghui.HonourRoundInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	round, err := s.store.CreateHonourRound(r.Context(), actorFrom(r), in)
	return http.StatusCreated, round, err
}

func (s *Server) apiHonourRoundGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	round, err := s.store.GetHonourRound(r.Context(), actorFrom(r), id)
	return http.StatusOK, round, err
}

func (s *Server) apiNominationList(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	list, err := s.store.ListNominations(r.Context(), actorFrom(r), id)
	return http.StatusOK, newList(list, len(list), gonghui.Page{Limit: max(len(list), 1)}), err
}

func (s *Server) apiNominate(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.HonourNominationInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	in.RoundID = id
	n, err := s.store.Nominate(r.Context(), actorFrom(r), in)
	return http.StatusCreated, n, err
}

func (s *Server) apiHonourRoundApprove(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Version int64 `json:"version"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	round, err := s.store.ApproveHonourRound(r.Context(), actorFrom(r), id, in.Version)
	return http.StatusOK, round, err
}

func (s *Server) apiHonourEligible(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	q := r.URL.Query()
	p := pageParams(q, 50)
	list, total, err := s.store.PreEligible(r.Context(), actorFrom(r), id, atoi64(q.Get("org_id")), q.Get("all") != "1", p)
	return http.StatusOK, newList(list, total, p), err
}

func (s *Server) apiNominationWithdraw(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	n, err := s.store.WithdrawNomination(r.Context(), actorFrom(r), id)
	return http.StatusOK, n, err
}

// honourExport writes the titles of the list in the honours template's
// columns; ID numbers stay masked.
func (s *Server) honourExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	codes := s.codeBook(r)
	f := honourFilter(r.URL.Query(), "org")
	if err := s.unionFilter(r, a, r.URL.Query(), &f.OrgID); err != nil {
		return err
	}
	return s.exportSheet(w, r, importer.Honours, "/honours", func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		list, _, err := s.store.ListHonours(r.Context(), a, f)
		out := sheetRows{more: len(list) == p.Limit}
		for _, h := range list {
			org, cerr := codes.org(h.OrgID)
			if cerr != nil {
				return out, cerr
			}
			category := ""
			if h.Category != "" {
				category = gonghui.ChoiceName(gonghui.HonourCategories, h.Category).Zh
			}
			out.rows = append(out.rows, []string{gonghui.ChoiceName(gonghui.HonourKinds, h.Kind).Zh, gonghui.ChoiceName(gonghui.HonourLevels, h.Level).Zh,
				strconv.Itoa(h.Year), org, h.TeamName, h.PersonName, h.IDMasked, category, h.UnitName, h.AwardedOn.String()})
		}
		return out, err
	})
}
