package httpserver

import (
	"net/http"
	"net/url"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/importer"
	"gonghui/internal/store"
)

// campaignsModule is the unionization campaigns (建会攻坚) over the
// employer register's uncovered employers.
var campaignsModule = module{
	name:  "campaigns",
	inbox: campaignsInbox,
	nav:   []navEntry{{label: "nav.campaigns", href: "/campaigns", group: "nav.group.orgs"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /campaigns", s.campaignList)
		r.form("GET /campaigns/new", gonghui.PermEditUnits, s.campaignNewForm)
		r.ui("POST /campaigns/new", s.campaignCreate)
		r.ui("GET /campaigns/assigned", s.campaignAssigned)
		r.ui("GET /campaigns/{id}", s.campaignShow)
		r.ui("GET /campaigns/{id}/targets.csv", s.campaignExport)
		r.ui("GET /campaigns/{id}/targets.xlsx", s.campaignExport)
		r.ui("POST /campaigns/{id}/assign", s.campaignAssign)
		r.ui("POST /campaigns/{id}/targets/{target}/visit", s.campaignVisit)
		r.ui("POST /campaigns/{id}/targets/{target}/found", s.campaignFound)

		r.json("GET /api/v1/campaigns", s.apiCampaignList)
		r.json("POST /api/v1/campaigns", s.apiCampaignCreate)
		r.json("GET /api/v1/campaigns/{id}", s.apiCampaignGet)
		r.json("GET /api/v1/campaigns/{id}/targets", s.apiCampaignTargets)
		r.json("GET /api/v1/campaigns/{id}/districts", s.apiCampaignDistricts)
		r.json("POST /api/v1/campaigns/{id}/assign", s.apiCampaignAssign)
		r.json("GET /api/v1/campaign-targets", s.apiAssignedTargets)
		r.json("POST /api/v1/campaign-targets/{id}/visits", s.apiCampaignVisit)
		r.json("POST /api/v1/campaign-targets/{id}/found", s.apiCampaignFound)
	},
	choices: map[string][]gonghui.Choice{"campaign_outcome": gonghui.CampaignOutcomes},
	apiTypes: map[string]any{"Campaign": gonghui.Campaign{}, "CampaignInput": gonghui.CampaignInput{}, "CampaignFilter": gonghui.CampaignFilter{},
		"CampaignTarget": gonghui.CampaignTarget{}, "CampaignAssignment": gonghui.CampaignAssignment{}, "VisitInput": gonghui.VisitInput{},
		"CampaignDistrictProgress": store.CampaignDistrictProgress{}, "FoundingInput": gonghui.FoundingInput{},
		"AssignedTarget": gonghui.AssignedTarget{}},
}

func (s *Server) campaignList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := pageParams(q, 50)
	list, total, err := s.store.ListCampaigns(r.Context(), actorFrom(r), p)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "campaigns/list", page{Title: i18n.T(i18n.FromRequest(r), "nav.campaigns"), Form: q,
		Data: struct {
			listKit
			Campaigns []gonghui.Campaign
		}{newListKit(r, p, total), list}})
	return nil
}

func (s *Server) campaignNewForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "campaigns/form", page{Title: i18n.T(i18n.FromRequest(r), "campaign.new"), Form: url.Values{"staff_band": {"25plus"}}})
	return nil
}

func (s *Server) campaignCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.CampaignInput{Name: f.Get("name"), Filter: gonghui.CampaignFilter{StaffBand: f.Get("staff_band"), LegalForm: f.Get("legal_form"),
		Ownership: gonghui.Ownership(f.Get("ownership")), IndustryCode: f.Get("industry"), RegionCode: f.Get("region")}}
	errs := map[string]string{}
	for field, dst := range map[string]*gonghui.Date{"starts_on": &in.StartsOn, "ends_on": &in.EndsOn} {
		d, err := gonghui.ParseDate(f.Get(field))
		if err != nil {
			errs[field] = gonghui.Message{Zh: "日期格式应为 YYYY-MM-DD", En: "date must be YYYY-MM-DD"}.In(lang)
		}
		*dst = d
	}
	if code := strings.TrimSpace(f.Get("org_code")); code != "" {
		o, err := s.orgByCodeField(r, a, code, "org_code")
		for k, v := range fieldErrors(err, lang) {
			errs[k] = v
		}
		in.OrgID = o.ID
	}
	var k gonghui.Campaign
	var err error
	if len(errs) == 0 {
		k, err = s.store.CreateCampaign(r.Context(), a, in)
	}
	if errs = mergeErrors(errs, err, lang); len(errs) > 0 {
		for _, field := range []string{"staff_band", "legal_form", "ownership"} {
			if m, ok := errs["filter."+field]; ok {
				errs[field] = m
			}
		}
		s.renderForm(w, r, "campaigns/form", page{Title: i18n.T(lang, "campaign.new"), Form: f, Errors: errs})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/campaigns/"+itoa(k.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) campaignShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actorFrom(r)
	k, err := s.store.GetCampaign(r.Context(), a, id)
	if err != nil {
		return err
	}
	districts, err := s.store.CampaignProgressByDistrict(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := pageParams(r.URL.Query(), 50)
	targets, total, err := s.store.ListCampaignTargets(r.Context(), a, id, p)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "campaigns/show", page{Title: k.Name, Data: struct {
		listKit
		Campaign  gonghui.Campaign
		Districts []store.CampaignDistrictProgress
		Targets   []gonghui.CampaignTarget
		Today     string
	}{newListKit(r, p, total), k, districts, targets, gonghui.Today().String()}})
	return nil
}

// campaignExport writes a campaign's employers in the campaign sheet's
// columns (its latest visit each): the file imports again unchanged.
func (s *Server) campaignExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actorFrom(r)
	if _, err := s.store.GetCampaign(r.Context(), a, id); err != nil {
		return err
	}
	return s.exportSheet(w, r, importer.CampaignTargets, "/campaigns/"+itoa(id), func(p gonghui.Page) (sheetRows, error) {
		lines, err := s.store.ListCampaignLines(r.Context(), a, id, p)
		out := sheetRows{more: len(lines) == p.Limit}
		for _, l := range lines {
			outcome := ""
			if l.Outcome != "" {
				outcome = gonghui.ChoiceName(gonghui.CampaignOutcomes, l.Outcome).Zh
			}
			out.rows = append(out.rows, []string{l.Campaign, l.OrgCode, l.StartsOn.String(), l.EndsOn.String(), l.USCC, l.AssigneeUser, l.AssigneeOrg,
				l.DueOn.String(), l.VisitedOn.String(), outcome, l.Note, l.UnionCode, ""})
		}
		return out, err
	})
}

// campaignAssigned lists the targets assigned to the user or the user's
// union, where an industry federation's cadres record their visits.
func (s *Server) campaignAssigned(w http.ResponseWriter, r *http.Request) error {
	p := pageParams(r.URL.Query(), 50)
	list, total, err := s.store.ListAssignedTargets(r.Context(), actorFrom(r), p)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "campaigns/assigned", page{Title: i18n.T(i18n.FromRequest(r), "campaign.assigned"), Data: struct {
		listKit
		Targets []gonghui.AssignedTarget
		Today   string
	}{newListKit(r, p, total), list, gonghui.Today().String()}})
	return nil
}

// campaignBack is where a target's form answers: the list of the user's
// assigned targets when sent from it, else the campaign.
func campaignBack(r *http.Request, id int64) string {
	if r.PostForm.Get("from") == "assigned" {
		return "/campaigns/assigned"
	}
	return "/campaigns/" + itoa(id)
}

// campaignAssign gives the ticked targets to a cadre (by username) or an
// industry federation (by code).
func (s *Server) campaignAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actorFrom(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	back := "/campaigns/" + itoa(id)
	in := gonghui.CampaignAssignment{TargetIDs: idsParam(f)}
	in.DueOn, _ = gonghui.ParseDate(f.Get("due_on"))
	if name := strings.TrimSpace(f.Get("username")); name != "" {
		u, err := s.store.GetUserByName(r.Context(), gonghui.SystemActor("assign"), name)
		if err != nil {
			return s.returnTo(w, r, back, gonghui.Invalid("user_id", "该干部不存在或不在您的管辖范围内", "no such cadre in your scope"))
		}
		in.UserID = u.ID
	}
	if code := strings.TrimSpace(f.Get("org_code")); code != "" {
		o, err := s.store.GetOrgByCode(r.Context(), gonghui.SystemActor("assign"), code)
		if err != nil {
			return s.returnTo(w, r, back, gonghui.Invalid("org_id", "请选择一个产业工会或行业工会联合会", "choose an industry union or federation"))
		}
		in.OrgID = o.ID
	}
	return s.returnTo(w, r, back, s.store.AssignTargets(r.Context(), a, in))
}

func (s *Server) campaignVisit(w http.ResponseWriter, r *http.Request) error {
	id, target, err := campaignTargetPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.VisitInput{Outcome: f.Get("outcome"), Note: f.Get("note"), Version: atoi64(f.Get("version"))}
	in.VisitedOn, _ = gonghui.ParseDate(f.Get("visited_on"))
	_, err = s.store.RecordVisit(r.Context(), actorFrom(r), target, in)
	return s.returnTo(w, r, campaignBack(r, id), err)
}

func (s *Server) campaignFound(w http.ResponseWriter, r *http.Request) error {
	id, target, err := campaignTargetPath(r)
	if err != nil {
		return err
	}
	a := actorFrom(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	back := campaignBack(r, id)
	f := gonghui.FoundingInput{NewUnion: r.PostForm.Get("new_union"), Chair: r.PostForm.Get("chair")}
	if code := strings.TrimSpace(r.PostForm.Get("org_code")); code != "" {
		o, err := s.orgByCodeField(r, a, code, "org_id")
		if err != nil {
			return s.returnTo(w, r, back, err)
		}
		f.OrgID = o.ID
	}
	if day := strings.TrimSpace(r.PostForm.Get("founded_on")); day != "" {
		if f.FoundedOn, err = gonghui.ParseDate(day); err != nil {
			return s.returnTo(w, r, back, gonghui.Invalid("founded_on", "日期格式应为 2017-05-01", "a date reads 2017-05-01"))
		}
	}
	_, err = s.store.FoundUnion(r.Context(), a, target, f)
	return s.returnTo(w, r, back, err)
}

// campaignTargetPath reads a campaign's and a target's IDs from the path.
func campaignTargetPath(r *http.Request) (int64, int64, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, 0, err
	}
	target := atoi64(r.PathValue("target"))
	if target == 0 {
		return 0, 0, gonghui.ErrNotFound
	}
	return id, target, nil
}

func (s *Server) apiCampaignList(r *http.Request) (int, any, error) {
	p := pageParams(r.URL.Query(), 50)
	list, total, err := s.store.ListCampaigns(r.Context(), actorFrom(r), p)
	return http.StatusOK, newList(list, total, p), err
}

func (s *Server) apiCampaignCreate(r *http.Request) (int, any, error) {
	var in gonghui.CampaignInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	k, err := s.store.CreateCampaign(r.Context(), actorFrom(r), in)
	return http.StatusCreated, k, err
}

func (s *Server) apiCampaignGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	k, err := s.store.GetCampaign(r.Context(), actorFrom(r), id)
	return http.StatusOK, k, err
}

func (s *Server) apiCampaignTargets(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	if _, err := s.store.GetCampaign(r.Context(), a, id); err != nil {
		return 0, nil, err
	}
	p := pageParams(r.URL.Query(), 50)
	list, total, err := s.store.ListCampaignTargets(r.Context(), a, id, p)
	return http.StatusOK, newList(list, total, p), err
}

func (s *Server) apiAssignedTargets(r *http.Request) (int, any, error) {
	p := pageParams(r.URL.Query(), 50)
	list, total, err := s.store.ListAssignedTargets(r.Context(), actorFrom(r), p)
	return http.StatusOK, newList(list, total, p), err
}

func (s *Server) apiCampaignDistricts(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	out, err := s.store.CampaignProgressByDistrict(r.Context(), actorFrom(r), id)
	return http.StatusOK, out, err
}

func (s *Server) apiCampaignAssign(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.CampaignAssignment
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	if err := s.store.AssignTargets(r.Context(), a, in); err != nil {
		return 0, nil, err
	}
	k, err := s.store.GetCampaign(r.Context(), a, id)
	return http.StatusOK, k, err
}

func (s *Server) apiCampaignVisit(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.VisitInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	t, err := s.store.RecordVisit(r.Context(), actorFrom(r), id, in)
	return http.StatusCreated, t, err
}

func (s *Server) apiCampaignFound(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in gonghui.FoundingInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	t, err := s.store.FoundUnion(r.Context(), actorFrom(r), id, in)
	return http.StatusOK, t, err
}

// campaignsInbox counts the campaign employers assigned to the user or
// the user's union that are due within a month.
func campaignsInbox(s *Server, r *http.Request, a gonghui.Actor, today gonghui.Date) ([]inboxItem, error) {
	due, err := s.store.DueCampaignTargets(r.Context(), a, today.AddDays(30))
	if err != nil {
		return nil, err
	}
	return inboxItemOf("campaign.inbox", due, "/campaigns/assigned"), nil
}
