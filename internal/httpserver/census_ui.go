package httpserver

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
	"gonghui/internal/tabular"
)

// censusListView is the census page: a union's children and where their
// returns stand, and the returns of its subtree.
type censusListView struct {
	Org      gonghui.Org
	Year     int
	Years    []int
	Period   gonghui.CensusPeriod
	Own      *gonghui.CensusReturn // the union's own return, if open
	Children []store.CensusChild
	Progress store.CensusProgress
	Returns  []gonghui.CensusReturn
	listKit
}

// censusFilter reads the return list's state, sort, page and selection,
// shared by the UI and the API (each reads the year and union its way).
func censusFilter(q url.Values) store.CensusFilter {
	return store.CensusFilter{State: gonghui.CensusState(q.Get("state")), IDs: idsParam(q), Sort: q.Get("sort"), Page: pageParams(q, 50)}
}

// censusBatch approves the returns ticked in the list, each through the
// return's own step (checked against its version and audited by the
// store), as the level above does when its unions have submitted.
func (s *Server) censusBatch(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if !a.Can(gonghui.PermReviewCensus) {
		return gonghui.ErrForbidden
	}
	f, ids, err := batchForm(w, r)
	if err != nil {
		return err
	}
	if f.Get("action") != string(gonghui.CensusApprove) {
		return gonghui.Invalid("action", "未知的批量操作", "unknown batch action")
	}
	year, err := censusYear(f)
	if err != nil {
		return gonghui.Invalid("year", "年度无效", "unknown year")
	}
	rs, _, err := s.store.ListCensus(r.Context(), a, store.CensusFilter{Year: year, IDs: ids, Page: gonghui.Page{Limit: listBatchMax}})
	if err != nil {
		return err
	}
	rows := make([]batchRow, len(rs))
	version := map[int64]int64{}
	for i, ret := range rs {
		rows[i], version[ret.ID] = batchRow{ID: ret.ID, Name: ret.OrgName, Link: "/census/" + itoa(ret.ID), Org: ret.OrgCode}, ret.Version
	}
	back := "/census?year=" + strconv.Itoa(year)
	return s.runBatch(w, r, batchResult{Back: back, BackLabel: i18n.T(lang, "nav.census")}, rows, len(ids), func(id int64) error {
		_, err := s.store.StepCensus(r.Context(), a, id, gonghui.CensusApprove, gonghui.CensusInput{Version: version[id]})
		return err
	})
}

func (s *Server) censusList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	year, err := censusYear(q)
	if err != nil {
		return gonghui.ErrNotFound
	}
	v := censusListView{Year: year, Period: gonghui.CensusPeriodOf(year)}
	ctx := r.Context()
	// The years that have returns, the year in progress, the last one
	// closed and the one asked for.
	have, err := s.store.CensusYears(ctx, a)
	if err != nil {
		return err
	}
	today := gonghui.Today()
	v.Years = slices.Concat(have, []int{gonghui.CensusYearOn(today), gonghui.LastClosedCensusYear(today), year})
	slices.SortFunc(v.Years, func(a, b int) int { return b - a })
	v.Years = slices.Compact(v.Years)
	f := censusFilter(q)
	f.Year = year
	var total int
	if v.Org, err = s.scopeOrg(r, a, atoi64(q.Get("org"))); err == nil {
		f.OrgID = v.Org.ID
		v.Children, err = s.store.CensusChildren(ctx, a, v.Org.ID, year)
	}
	if err == nil {
		v.Progress = store.Progress(v.Children)
		v.Returns, total, err = s.store.ListCensus(ctx, a, f)
	}
	if err == nil {
		var own gonghui.CensusReturn
		if own, err = s.store.FindCensus(ctx, a, v.Org.ID, year); err == nil {
			v.Own = &own
		} else if errors.Is(err, gonghui.ErrNotFound) {
			err = nil
		}
	}
	if err != nil {
		return err
	}
	v.listKit = newListKit(r, f.Page, total)
	s.render(w, r, http.StatusOK, "census/list", page{Title: i18n.T(i18n.FromRequest(r), "nav.census"), Form: q, Data: v})
	return nil
}

// censusOpen opens (or refreshes) a union's return from the census page.
func (s *Server) censusOpen(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.PostForm.Get("year"))
	ret, err := s.store.OpenCensus(r.Context(), actorFrom(r), atoi64(r.PostForm.Get("org_id")), year)
	if err != nil {
		return s.returnTo(w, r, "/census?"+url.Values{"org": {r.PostForm.Get("org_id")}, "year": {r.PostForm.Get("year")}}.Encode(), err)
	}
	http.Redirect(w, r, "/census/"+itoa(ret.ID), http.StatusSeeOther)
	return nil
}

// censusLineView is one line of the return page and of its export, with
// its figures formatted.
type censusLineView struct {
	Key, Name, Unit                               string
	Rate                                          bool
	Computed, Confirmed, Diff, RolledUp, RollDiff string
	Reason                                        string
}

// censusNumber formats a figure: a count, or a rate as a percentage to two
// decimals; signed adds the sign of a difference (rates in points).
func censusNumber(v float64, rate, signed bool) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	if signed {
		switch {
		case v > 0:
			s = "+" + s
		case v < 0:
			s = "-" + s
		}
		if rate {
			return s + " pt"
		}
		return s
	}
	if rate {
		return s + "%"
	}
	return s
}

func censusLines(sh store.CensusSheet, lang string) []censusLineView {
	out := make([]censusLineView, len(sh.Lines))
	for i, l := range sh.Lines {
		v := censusLineView{Key: l.Key, Name: l.Name.In(lang), Unit: l.Unit.In(lang), Rate: l.Rate, Reason: l.Reason,
			Computed: censusNumber(l.Computed, l.Rate, false), RolledUp: censusNumber(l.RolledUp, l.Rate, false),
			RollDiff: censusNumber(l.RolledUpDiff, l.Rate, true)}
		if l.Confirmed != nil {
			v.Confirmed, v.Diff = censusNumber(*l.Confirmed, l.Rate, false), censusNumber(*l.ConfirmedDiff, l.Rate, true)
		}
		out[i] = v
	}
	return out
}

// censusReturnView is the return page.
type censusReturnView struct {
	Sheet  store.CensusSheet
	Return gonghui.CensusReturn
	Lines  []censusLineView
	// CanFill: the union (or a level above it) may save and submit the
	// draft; CanReview: the actor sits above the union and may approve,
	// return or correct the submitted return.
	CanFill, CanReview bool
	Typed              []gonghui.CensusItem // the figures a correction may name
}

// censusPage renders a return's page; a refused form comes back with its
// values and each reason beside its field (a conflict's above the form).
func (s *Server) censusPage(w http.ResponseWriter, r *http.Request, form url.Values, errs map[string]string) error {
	lang := i18n.FromRequest(r)
	sh, err := s.censusSheetOf(r)
	if err != nil {
		return err
	}
	u, _ := userFrom(r.Context())
	ret := *sh.Return
	v := censusReturnView{Sheet: sh, Return: ret, Lines: censusLines(sh, lang),
		CanFill:   u.Role.Can(gonghui.PermSubmitCensus) && ret.State == gonghui.CensusDraft,
		CanReview: u.Role.Can(gonghui.PermReviewCensus) && ret.State == gonghui.CensusSubmitted && sh.Org.Path != u.OrgPath && gonghui.InSubtree(sh.Org.Path, u.OrgPath)}
	for _, it := range gonghui.CensusItems {
		if !it.IsRate() {
			v.Typed = append(v.Typed, it)
		}
	}
	if form == nil {
		form = url.Values{"version": {strconv.FormatInt(ret.Version, 10)}}
		for _, f := range ret.Figures {
			form.Set("figures."+f.Key, strconv.FormatInt(f.Confirmed, 10))
			form.Set("reasons."+f.Key, f.Reason)
		}
	}
	p := page{Title: ret.OrgName + " · " + i18n.T(lang, "nav.census") + " " + strconv.Itoa(ret.Year), Form: form, Errors: errs, Data: v}
	if len(errs) == 0 {
		s.render(w, r, http.StatusOK, "census/return", p)
		return nil
	}
	p.Flash = errs["state"]
	s.renderForm(w, r, "census/return", p)
	return nil
}

func (s *Server) censusShow(w http.ResponseWriter, r *http.Request) error {
	return s.censusPage(w, r, nil, nil)
}

// censusAction takes an action posted from the return page: the union's
// figures (figures.KEY, reasons.KEY), a correction (figure, value,
// reason) or a return's reason.
func (s *Server) censusAction(act gonghui.CensusAction) uiHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		lang := i18n.FromRequest(r)
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := parseForm(w, r); err != nil {
			return err
		}
		f := r.PostForm
		in := gonghui.CensusInput{Reason: f.Get("reason"), Version: atoi64(f.Get("version"))}
		errs := map[string]string{}
		number := func(field, v string) int64 {
			n, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(v), ",", ""), 10, 64)
			if err != nil {
				badField(errs, lang, field, "须为整数", "must be a whole number")
			}
			return n
		}
		switch act {
		case gonghui.CensusSave, gonghui.CensusSubmit:
			for _, it := range gonghui.CensusItems {
				if v, ok := f["figures."+it.Key]; ok && !it.IsRate() {
					field := gonghui.FigureField(it.Key)
					in.Figures = append(in.Figures, gonghui.CensusFigureInput{Key: it.Key, Value: number(field, v[0]), Reason: f.Get("reasons." + it.Key)})
				}
			}
		case gonghui.CensusCorrect:
			in.Figures = []gonghui.CensusFigureInput{{Key: f.Get("figure"), Value: number("value", f.Get("value")), Reason: f.Get("reason")}}
			in.Reason = ""
		}
		if len(errs) == 0 {
			_, err = s.store.StepCensus(r.Context(), actorFrom(r), id, act, in)
			if act == gonghui.CensusCorrect {
				// The correction form has one set of fields: its reasons show there.
				mergeFieldErrors(errs, err, lang, map[string]string{gonghui.FigureField(f.Get("figure")): "value", "figures": "figure"})
			} else {
				mergeFieldErrors(errs, err, lang, nil)
			}
			if len(errs) == 0 && err != nil {
				return err
			}
		}
		if len(errs) > 0 {
			return s.censusPage(w, r, f, errs)
		}
		http.Redirect(w, r, "/census/"+itoa(id), http.StatusSeeOther)
		return nil
	}
}

// censusExport writes the return's table to XLSX.
func (s *Server) censusExport(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	sh, err := s.censusSheetOf(r)
	if err != nil {
		return err
	}
	header := []string{"key", i18n.T(lang, "stats.indicator"), i18n.T(lang, "census.computed"), i18n.T(lang, "census.confirmed"),
		i18n.T(lang, "census.diff"), i18n.T(lang, "census.rolled_up"), i18n.T(lang, "census.roll_diff"), i18n.T(lang, "census.reason")}
	xw, err := tabular.NewXLSXWriter(i18n.T(lang, "nav.census"), header)
	if err != nil {
		return err
	}
	lines := censusLines(sh, lang)
	for _, l := range lines {
		if err := xw.WriteRow([]string{l.Key, l.Name, l.Computed, l.Confirmed, l.Diff, l.RolledUp, l.RollDiff, l.Reason}); err != nil {
			return err
		}
	}
	var retID int64
	if sh.Return != nil {
		retID = sh.Return.ID
	}
	return s.exportXLSX(w, r, "census_return", retID, sh.Org.Path, "census-"+sh.OrgCode+"-"+strconv.Itoa(sh.Period.Year)+".xlsx",
		map[string]any{"format": "xlsx", "org": sh.OrgCode, "year": sh.Period.Year}, len(lines), xw)
}

// censusListExport writes the returns of the list — a year, a subtree, a
// state — with their confirmed figures, one return a row. It does not
// import back: a return changes only by its audited steps.
func (s *Server) censusListExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	year, err := censusYear(q)
	if err != nil {
		return gonghui.ErrNotFound
	}
	org, err := s.scopeOrg(r, a, atoi64(q.Get("org")))
	if err != nil {
		return err
	}
	f := store.CensusFilter{Year: year, OrgID: org.ID, State: gonghui.CensusState(q.Get("state"))}
	back := "/census?org=" + itoa(org.ID) + "&year=" + strconv.Itoa(year)
	return s.exportSheet(w, r, namedSheet{export.CensusName, export.CensusHeader()}, back, func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		rs, _, err := s.store.ListCensus(r.Context(), a, f)
		out := sheetRows{more: len(rs) == p.Limit}
		for _, ret := range rs {
			if err != nil {
				break
			}
			var full gonghui.CensusReturn
			if full, err = s.store.GetCensus(r.Context(), a, ret.ID); err == nil {
				out.rows = append(out.rows, export.CensusRow(full))
			}
		}
		return out, err
	})
}
