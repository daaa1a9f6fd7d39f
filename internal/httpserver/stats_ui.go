package httpserver

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
	"gonghui/internal/tabular"
	"gonghui/refdata"
)

// shownUnit is the unit a figure is shown in: money kept in fen is shown
// in yuan.
func shownUnit(in gonghui.Indicator) gonghui.Message {
	if in.Unit == gonghui.UnitFen {
		return gonghui.UnitYuan
	}
	return in.Unit
}

// statCard is one headline figure of the dashboard, with its value on the
// comparison date and in the compared subtree when those are asked for.
type statCard struct {
	Indicator gonghui.Indicator
	Value     string
	Unit      gonghui.Message // the unit Value is in
	Link      string          // the records behind the figure; empty when no page lists them
	Earlier   string          // value on the comparison date
	Change    string          // the change since then
	Versus    string          // value in the compared subtree
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
	Cells []string // the childIndicators' figures, formatted for the table
}

type dashboardView struct {
	Org       gonghui.Org
	Compare   string      // the comparison date, if any
	VsOrg     gonghui.Org // the compared subtree, if any
	Ancestors []gonghui.Org
	Date      string
	Cards     []statCard
	Children  []childStats
	ChildKeys []gonghui.Indicator // the indicators charted per child
	Charts    []chart             // the first is the children chart when there are children
	// Map is the children that are districts of the city, for the
	// district map; empty below the city.
	Map mapSpec
}

// childIndicators are charted per child; orgs_total is never zero, so
// every child has a bar to click even in an empty tree.
var childIndicators = []string{"members_total", "units_covered", "orgs_total"}

// maxChildren is how many unions of the next level a dashboard shows.
const maxChildren = 500

// joinedMonths is how far back the joined-by-month line reaches.
const joinedMonths = 12

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	v, err := s.dashboardData(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "stats/dashboard", page{Title: i18n.T(i18n.FromRequest(r), "nav.stats"), Form: r.URL.Query(), Data: v})
	return nil
}

// dashboardExport writes the dashboard's tables — the figures (with the
// comparisons asked for) and the next level — to XLSX.
func (s *Server) dashboardExport(w http.ResponseWriter, r *http.Request) error {
	v, err := s.dashboardData(r)
	if err != nil {
		return err
	}
	lang := i18n.FromRequest(r)
	header := []string{"key", i18n.T(lang, "stats.indicator"), v.Org.Name + " " + v.Date}
	if v.Compare != "" {
		header = append(header, v.Org.Name+" "+v.Compare, i18n.T(lang, "stats.change"))
	}
	if v.VsOrg.ID != 0 {
		header = append(header, v.VsOrg.Name+" "+v.Date)
	}
	xw, err := tabular.NewXLSXWriter(i18n.T(lang, "nav.stats"), header)
	if err != nil {
		return err
	}
	for _, c := range v.Cards {
		row := []string{c.Indicator.Key, c.Indicator.Name.In(lang), c.Value}
		if v.Compare != "" {
			row = append(row, c.Earlier, c.Change)
		}
		if v.VsOrg.ID != 0 {
			row = append(row, c.Versus)
		}
		xw.WriteRow(row)
	}
	if len(v.Children) > 0 {
		xw.WriteRow(nil)
		head := []string{"", i18n.T(lang, "stats.by_child")}
		for _, in := range gonghui.Indicators {
			head = append(head, in.Name.In(lang))
		}
		xw.WriteRow(head)
		for _, ch := range v.Children {
			row := []string{ch.Org.Code, ch.Org.Name}
			for _, in := range gonghui.Indicators {
				row = append(row, figure(in, ch.Stats.Indicators[in.Key]))
			}
			xw.WriteRow(row)
		}
	}
	return s.exportXLSX(w, r, "stats", v.Org.ID, v.Org.Path, "stats-"+v.Org.Code+"-"+v.Date+".xlsx",
		map[string]any{"format": "xlsx", "org": v.Org.Code, "date": v.Date, "compare": v.Compare, "vs": v.VsOrg.Code},
		len(v.Cards)+len(v.Children), xw)
}

// dashboardData computes the dashboard for the request's org, date and
// comparisons (?compare=DATE, ?vs=ORG).
func (s *Server) dashboardData(r *http.Request) (dashboardView, error) {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	q := r.URL.Query()
	on, err := dateParam(q)
	if err != nil {
		return dashboardView{}, gonghui.ErrNotFound
	}
	ctx := r.Context()
	v := dashboardView{Date: on.String()}
	if v.Org, err = s.scopeOrg(r, a, atoi64(q.Get("org"))); err != nil {
		return v, err
	}
	dashURL := func(id int64) string {
		return "/dashboard?" + url.Values{"org": {itoa(id)}, "date": {v.Date}}.Encode()
	}
	var st store.Stats
	var children []gonghui.Org
	var charts store.Breakdowns
	steps := []func() error{
		func() (err error) { v.Ancestors, err = s.store.Ancestors(ctx, a, v.Org); return },
		func() (err error) {
			st, charts, err = s.store.ComputeStatsAndBreakdowns(ctx, a, v.Org.ID, on, joinedMonths)
			return
		},
		func() (err error) { children, err = s.store.ChildOrgs(ctx, a, v.Org.ID, maxChildren); return },
	}
	var earlier, versus store.Stats
	if c := q.Get("compare"); c != "" {
		d, err := gonghui.ParseDate(c)
		if err != nil || d.IsZero() {
			return v, gonghui.ErrNotFound
		}
		v.Compare = d.String()
		steps = append(steps, func() (err error) { earlier, err = s.store.ComputeStats(ctx, a, v.Org.ID, d); return })
	}
	if ref := q.Get("vs"); ref != "" {
		steps = append(steps, func() (err error) {
			if v.VsOrg, err = s.store.ResolveOrgRef(ctx, a, ref); err != nil {
				return err
			}
			versus, err = s.store.ComputeStats(ctx, a, v.VsOrg.ID, on)
			return err
		})
	}
	for _, step := range steps {
		if err = step(); err != nil {
			return v, err
		}
	}
	childFigures, err := s.store.ComputeStatsEach(ctx, a, children, on)
	if err != nil {
		return v, err
	}
	v.Children = make([]childStats, len(children))
	for i, ch := range children {
		row := childStats{Org: ch, Link: dashURL(ch.ID), Stats: childFigures[i], Cells: make([]string, len(childIndicators))}
		for j, key := range childIndicators {
			row.Cells[j] = strconv.FormatFloat(row.Stats.Indicators[key], 'f', 0, 64)
		}
		v.Children[i] = row
	}
	for _, in := range gonghui.Indicators {
		c := statCard{Indicator: in, Value: figure(in, st.Indicators[in.Key]), Unit: shownUnit(in), Link: recordsLink(in, v.Org.ID, v.Date)}
		if v.Compare != "" {
			c.Earlier, c.Change = figure(in, earlier.Indicators[in.Key]), change(in, earlier.Indicators[in.Key], st.Indicators[in.Key])
		}
		if v.VsOrg.ID != 0 {
			c.Versus = figure(in, versus.Indicators[in.Key])
		}
		v.Cards = append(v.Cards, c)
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
	v.Map = districtMap(v.Children, v.Date, lang)
	none := i18n.T(lang, "stats.not_recorded")
	v.Charts = append(v.Charts,
		bucketChart("ownership", i18n.T(lang, "stats.units_by_ownership"), "pie", i18n.T(lang, "nav.units"), charts.Ownership, func(k string) string {
			return gonghui.Ownership(k).Name().In(lang)
		}),
		bucketChart("industry", i18n.T(lang, "stats.units_by_industry"), "bar", i18n.T(lang, "nav.units"), charts.Industry, func(k string) string {
			if ind, ok := refdata.IndustryByCode(k); ok {
				return k + " " + ind.Name
			}
			return none
		}),
		bucketChart("employment", i18n.T(lang, "stats.by_employment"), "pie", i18n.T(lang, "nav.members"), charts.Employment, func(k string) string {
			if k == "" {
				return none
			}
			return gonghui.ChoiceName(gonghui.Employments, k).In(lang)
		}),
		bucketChart("age", i18n.T(lang, "stats.members_by_age"), "bar", i18n.T(lang, "nav.members"), charts.AgeBands, ageLabel),
		bucketChart("joined", i18n.T(lang, "stats.members_joined"), "line", i18n.T(lang, "stats.joined"), charts.Joined, func(k string) string { return k }),
	)
	return v, nil
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

// change describes the change of a figure since the comparison date:
// counts as a signed difference with the growth rate, rates in
// percentage points.
func change(in gonghui.Indicator, before, now float64) string {
	d := now - before
	sign := "+"
	if d < 0 {
		sign = "-"
	}
	if in.Rate != "" || in.Numerator != "" {
		return sign + strconv.FormatFloat(math.Abs(math.Round(d*10)/10), 'f', -1, 64) + " pt"
	}
	out := sign + strconv.FormatFloat(math.Abs(d), 'f', -1, 64)
	if in.Unit == gonghui.UnitFen {
		out = sign + gonghui.FormatFixed(int64(math.Abs(d)), 2)
	}
	if before > 0 {
		out += " (" + sign + strconv.FormatFloat(math.Abs(math.Round(d*1000/before)/10), 'f', -1, 64) + "%)"
	}
	return out
}

// figure formats an indicator's value: rates as percentages, counts whole.
func figure(in gonghui.Indicator, v float64) string {
	if in.Rate != "" || in.Numerator != "" {
		return percent(v)
	}
	if in.Unit == gonghui.UnitFen {
		return gonghui.FormatFixed(int64(v), 2)
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
	case "members_reported": // the unions below, each with its reported figure
		return "/orgs/" + itoa(orgID)
	case "members_total", "members_realname", "realname_rate":
		return "/members" + org
	case "cards_issued": // the members holding a card, which the figure counts
		return "/members" + org + "&card=1"
	case "contracts_total", "contract_units_covered":
		// The contracts in force on the day, as the figure reads them.
		return "/contracts" + org + "&" + url.Values{"date": {date}, "status": {string(gonghui.ContractEffective)}}.Encode()
	case "congress_units":
		return "/congresses" + org
	case "congress_group_type":
		return "/congresses" + org + "&kind=" + string(gonghui.CongressGroup)
	case "disclosure_units":
		return "/disclosures" + org
	}
	return employerFigureLink(in.Key, orgID, date)
}

// mapSpec is what the district map draws: each district child's division
// code (the map's feature ids), name, dashboard link and figures, and the
// figures one may colour it by.
type mapSpec struct {
	Regions []mapRegion     `json:"regions"`
	Figures []mapFigureName `json:"figures"`
}

type mapRegion struct {
	Code   string             `json:"code"`
	Name   string             `json:"name"`
	Link   string             `json:"link"`
	Values map[string]float64 `json:"values"`
	// Drill is, for the figures of mapDrill, the district's records the
	// figure counts (its uncovered employers, its units with an employee
	// director …): a click there opens them instead of the dashboard.
	Drill map[string]string `json:"drill,omitempty"`
}

type mapFigureName struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// mapFigures are the figures the map offers, the first drawn by default.
var mapFigures = []string{"members_total", "members_realname", "units_covered", "orgs_total", "contract_rate", "congress_rate", "cards_issued", "worker_homes",
	"coverage_rate", "coverage_rate_25plus", "employers_25plus_uncovered", "workers_coverage_rate", "employee_director_rate", "employee_supervisor_rate"}

// mapDrill are the map's figures of the 2018 plan's rates, whose district
// opens the records to work on rather than the district's dashboard.
var mapDrill = map[string]bool{"coverage_rate": true, "coverage_rate_25plus": true, "employers_25plus_uncovered": true,
	"workers_coverage_rate": true, "employee_director_rate": true, "employee_supervisor_rate": true}

// districtMap picks the children that are Beijing's districts' unions,
// which carry their division code (the grassroots unions directly under a
// district carry it too, and are not districts).
func districtMap(children []childStats, date, lang string) mapSpec {
	var m mapSpec
	for _, ch := range children {
		if code := ch.Org.RegionCode; ch.Org.Kind == gonghui.KindDistrictFederation && len(code) == 6 && strings.HasPrefix(code, "1101") {
			r := mapRegion{Code: code, Name: ch.Org.Name, Link: ch.Link, Values: map[string]float64{}, Drill: map[string]string{}}
			for _, key := range mapFigures {
				r.Values[key] = ch.Stats.Indicators[key]
				if in, ok := gonghui.IndicatorByKey(key); ok && mapDrill[key] {
					r.Drill[key] = recordsLink(in, ch.Org.ID, date)
				}
			}
			m.Regions = append(m.Regions, r)
		}
	}
	if len(m.Regions) == 0 {
		return mapSpec{}
	}
	for _, key := range mapFigures {
		if in, ok := gonghui.IndicatorByKey(key); ok {
			m.Figures = append(m.Figures, mapFigureName{Key: key, Name: in.Name.In(lang)})
		}
	}
	return m
}

// JSON is the spec as the map's data attribute holds it (compact: read by
// the script, not by people).
func (m mapSpec) JSON() string { b, _ := json.Marshal(m); return string(b) }
