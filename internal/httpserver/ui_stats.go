package httpserver

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
	"gonghui/refdata"
)

// statCard is one headline figure of the dashboard.
type statCard struct {
	Indicator gonghui.Indicator
	Value     string
	Link      string // the records behind the figure; empty when no page lists them
}

// chartSeries is one series of a chart: a value per category.
type chartSeries struct {
	Name string    `json:"name"`
	Data []float64 `json:"data"`
}

// chartSpec is what dashboard.js draws, handed over in a data attribute
// because the CSP allows no inline script.
type chartSpec struct {
	Kind       string        `json:"kind"` // bar, pie or line
	Categories []string      `json:"categories"`
	Series     []chartSeries `json:"series"`
}

// chart is a chart container on the page, with its data also drawn as a
// table for readers without JavaScript.
type chart struct {
	ID    string // the container is #chart-{ID}
	Title string
	Spec  chartSpec
	Links []string // per category: where a click on it goes
}

// JSON is the spec for the data-chart attribute.
func (c chart) JSON() string { b, _ := json.Marshal(c.Spec); return string(b) }

// LinksJSON is the data-links attribute.
func (c chart) LinksJSON() string { b, _ := json.Marshal(c.Links); return string(b) }

// childStats is one row of the "by next level" table.
type childStats struct {
	Org   gonghui.Org
	Link  string
	Stats store.Stats
}

type dashboardView struct {
	Org       gonghui.Org
	Ancestors []gonghui.Org
	Date      string
	Cards     []statCard
	Children  []childStats
	ChildKeys []gonghui.Indicator // the indicators charted per child
	Charts    []chart             // the first is the children chart when there are children
}

// childIndicators are charted per child; orgs_total is never zero, so
// every child has a bar to click even in an empty tree.
var childIndicators = []string{"members_total", "units_covered", "orgs_total"}

// joinedMonths is how far back the joined-by-month line reaches.
const joinedMonths = 12

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	q := r.URL.Query()
	on, err := dateParam(q)
	if err != nil {
		s.uiError(w, r, gonghui.ErrNotFound)
		return
	}
	ctx := r.Context()
	v := dashboardView{Date: on.String()}
	if v.Org, err = s.scopeOrg(r, a, atoi64(q.Get("org"))); err != nil {
		s.uiError(w, r, err)
		return
	}
	dashURL := func(id int64) string {
		return "/dashboard?" + url.Values{"org": {itoa(id)}, "date": {v.Date}}.Encode()
	}
	var st store.Stats
	var children []gonghui.Org
	var own, sections, employment, ages, joined []store.Bucket
	steps := []func() error{
		func() (err error) { v.Ancestors, err = s.store.Ancestors(ctx, a, v.Org); return },
		func() (err error) { st, err = s.store.ComputeStats(ctx, a, v.Org.ID, on); return },
		func() (err error) {
			children, _, err = s.store.ListOrgs(ctx, a, gonghui.OrgFilter{ParentID: v.Org.ID, Status: gonghui.OrgActive, Page: gonghui.Page{Limit: 500}})
			return
		},
		func() (err error) { own, err = s.store.UnitsByOwnership(ctx, a, v.Org.ID, on); return },
		func() (err error) { sections, err = s.store.UnitsByIndustrySection(ctx, a, v.Org.ID, on); return },
		func() (err error) { employment, err = s.store.MembersByEmployment(ctx, a, v.Org.ID, on); return },
		func() (err error) { ages, err = s.store.MembersByAgeBand(ctx, a, v.Org.ID, on); return },
		func() (err error) {
			joined, err = s.store.MembersJoinedByMonth(ctx, a, v.Org.ID, on, joinedMonths)
			return
		},
	}
	for _, step := range steps {
		if err = step(); err != nil {
			s.uiError(w, r, err)
			return
		}
	}
	for _, ch := range children {
		cs, err := s.store.ComputeStats(ctx, a, ch.ID, on)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		v.Children = append(v.Children, childStats{Org: ch, Link: dashURL(ch.ID), Stats: cs})
	}
	for _, in := range gonghui.Indicators {
		v.Cards = append(v.Cards, statCard{Indicator: in, Value: figure(in, st.Indicators[in.Key]), Link: recordsLink(in, v.Org.ID, v.Date)})
	}
	if len(v.Children) > 0 {
		c := chart{ID: "children", Title: i18n.T(lang, "stats.by_child"), Spec: chartSpec{Kind: "bar"}}
		for _, ch := range v.Children {
			c.Spec.Categories = append(c.Spec.Categories, ch.Org.Name)
			c.Links = append(c.Links, ch.Link)
		}
		for _, key := range childIndicators {
			in, _ := gonghui.IndicatorByKey(key)
			v.ChildKeys = append(v.ChildKeys, in)
			sr := chartSeries{Name: in.Name.In(lang)}
			for _, ch := range v.Children {
				sr.Data = append(sr.Data, ch.Stats.Indicators[key])
			}
			c.Spec.Series = append(c.Spec.Series, sr)
		}
		v.Charts = append(v.Charts, c)
	}
	none := i18n.T(lang, "stats.not_recorded")
	v.Charts = append(v.Charts,
		bucketChart("ownership", i18n.T(lang, "stats.units_by_ownership"), "pie", i18n.T(lang, "nav.units"), own, func(k string) string {
			return gonghui.Ownership(k).Name().In(lang)
		}),
		bucketChart("industry", i18n.T(lang, "stats.units_by_industry"), "bar", i18n.T(lang, "nav.units"), sections, func(k string) string {
			if ind, ok := refdata.IndustryByCode(k); ok {
				return k + " " + ind.Name
			}
			return none
		}),
		bucketChart("employment", i18n.T(lang, "stats.by_employment"), "pie", i18n.T(lang, "nav.members"), employment, func(k string) string {
			if k == "" {
				return none
			}
			return gonghui.ChoiceName(gonghui.Employments, k).In(lang)
		}),
		bucketChart("age", i18n.T(lang, "stats.members_by_age"), "bar", i18n.T(lang, "nav.members"), ages, ageLabel),
		bucketChart("joined", i18n.T(lang, "stats.members_joined"), "line", i18n.T(lang, "stats.joined"), joined, func(k string) string { return k }),
	)
	s.render(w, r, http.StatusOK, "dashboard", page{Title: i18n.T(lang, "nav.stats"), Form: q, Data: v})
}

// bucketChart charts a breakdown as one series.
func bucketChart(id, title, kind, series string, bs []store.Bucket, label func(string) string) chart {
	c := chart{ID: id, Title: title, Spec: chartSpec{Kind: kind, Categories: []string{}}}
	sr := chartSeries{Name: series, Data: []float64{}}
	for _, b := range bs {
		c.Spec.Categories = append(c.Spec.Categories, label(b.Key))
		sr.Data = append(sr.Data, float64(b.Count))
	}
	c.Spec.Series = []chartSeries{sr}
	return c
}

func ageLabel(band string) string {
	switch band {
	case store.AgeUnder25:
		return "<25"
	case store.Age55Plus:
		return "≥55"
	}
	return band[:2] + "–" + band[3:]
}

// figure formats an indicator's value: rates as percentages, counts whole.
func figure(in gonghui.Indicator, v float64) string {
	if in.Rate != "" || in.Numerator != "" {
		return percent(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// recordsLink is the page listing the records an indicator counts, for an
// org's subtree on a date ("" where no page lists them).
func recordsLink(in gonghui.Indicator, orgID int64, date string) string {
	org := "?org=" + itoa(orgID)
	if in.Rate != "" {
		return "/democracy/rates/" + in.Rate + "?" + url.Values{"org": {itoa(orgID)}, "date": {date}, "which": {"numerator"}}.Encode()
	}
	switch in.Key {
	case "orgs_total":
		return "/orgs/" + itoa(orgID)
	case "units_covered":
		return "/units" + org
	case "members_total", "members_reported", "members_realname", "realname_rate", "cards_issued":
		return "/members" + org
	case "contracts_total", "contract_units_covered":
		return "/contracts" + org
	case "congress_units":
		return "/congresses" + org
	case "congress_group_type":
		return "/congresses" + org + "&kind=" + string(gonghui.CongressGroup)
	case "disclosure_units":
		return "/disclosures" + org
	}
	return ""
}
