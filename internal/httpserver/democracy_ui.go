package httpserver

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// democracyView is the democratic-management overview of a subtree.
type democracyView struct {
	Org       gonghui.Org
	Date      string
	Rates     []rateView
	Children  []gonghui.Org
	ByChild   [][]gonghui.RateResult // [child][rate]
	Reminders []store.Reminder
}

func (s *Server) democracy(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	on, err := dateParam(q)
	if err != nil {
		return gonghui.ErrNotFound
	}
	orgID := atoi64(q.Get("org"))
	v := democracyView{Date: on.String()}
	if v.Org, err = s.scopeOrg(r, a, orgID); err == nil {
		v.Rates, err = s.rates(r, v.Org.ID, on)
	}
	if err == nil {
		v.Children, _, err = s.store.ListOrgs(r.Context(), a, gonghui.OrgFilter{ParentID: v.Org.ID, Status: gonghui.OrgActive, Page: gonghui.Page{Limit: 100}})
	}
	for _, ch := range v.Children {
		if err != nil {
			break
		}
		row := make([]gonghui.RateResult, len(v.Rates))
		for i, rt := range v.Rates {
			if row[i], err = s.store.EvaluateRate(r.Context(), a, rt.Key, ch.ID, on); err != nil {
				break
			}
		}
		v.ByChild = append(v.ByChild, row)
	}
	if err == nil {
		sub := a
		sub.Path = v.Org.Path
		v.Reminders, err = s.store.Reminders(r.Context(), sub, on)
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "democracy/index", page{Title: i18n.T(i18n.FromRequest(r), "nav.democracy"), Form: q, Data: v})
	return nil
}

func (s *Server) rateUnits(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	on, err := dateParam(q)
	if err != nil {
		return gonghui.ErrNotFound
	}
	key, which := r.PathValue("key"), q.Get("which")
	if which != store.RateUnitsNumerator && which != store.RateUnitsMissing {
		which = store.RateUnitsDenominator
	}
	def, err := s.store.RateDefinition(r.Context(), key)
	if err != nil {
		return err
	}
	org, err := s.scopeOrg(r, a, atoi64(q.Get("org")))
	if err != nil {
		return err
	}
	p := pageParams(q, 50)
	units, total, err := s.store.RateUnits(r.Context(), a, key, org.ID, on, which, p)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "democracy/rate_units", page{Title: def.Name.In(i18n.FromRequest(r)), Form: q,
		Data: struct {
			Def   gonghui.RateDefinition
			Org   gonghui.Org
			Which string
			Date  string
			Units []gonghui.Unit
			Pager pager
		}{def, org, which, on.String(), units, newPager(r, p, total)}})
	return nil
}

func (s *Server) rateEditForm(w http.ResponseWriter, r *http.Request) error {
	def, err := s.store.RateDefinition(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "democracy/rate_form", page{Title: def.Name.In(i18n.FromRequest(r)),
		Form: url.Values{"definition": {indentJSON(def)}}, Data: def})
	return nil
}

func (s *Server) rateSave(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	cur, err := s.store.RateDefinition(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	def, err := gonghui.ParseRateDefinition([]byte(r.PostForm.Get("definition")))
	if err == nil && def.Key != cur.Key {
		err = gonghui.Invalid("definition", "不能修改键", "the key cannot change")
	}
	if err == nil {
		err = s.store.SaveRateDefinition(r.Context(), actorFrom(r), def)
	}
	if errs := fieldErrors(err, lang); errs != nil {
		msgs := make([]string, 0, len(errs))
		for f, m := range errs {
			msgs = append(msgs, f+": "+m)
		}
		s.renderForm(w, r, "democracy/rate_form", page{Title: cur.Name.In(lang), Form: r.PostForm,
			Errors: map[string]string{"definition": strings.Join(msgs, "；")}, Data: cur})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/democracy", http.StatusSeeOther)
	return nil
}

// contractExpiring are the spans the contract list offers for contracts
// whose term ends soon, in days.
var contractExpiring = []int{30, 60, 90, 180}

type contractsView struct {
	listKit
	Contracts []gonghui.Contract
	Expiring  []int
	Steps     []gonghui.ContractStatus
	Today     string
}

func (s *Server) contractList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := contractFilter(q)
	errs, err := s.listUnion(r, a, q, &f.OrgID, lang)
	if err != nil {
		return err
	}
	ks, total, err := s.store.ListContracts(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "democracy/contracts", page{Title: i18n.T(lang, "nav.contracts"), Form: q, Errors: errs,
		Data: contractsView{listKit: newListKit(r, f.Page, total), Contracts: ks, Expiring: contractExpiring,
			Steps: contractBatchSteps, Today: gonghui.Today().String()}})
	return nil
}

// contractBatchSteps are the steps a batch records on ticked contracts:
// filing them, and their taking effect.
var contractBatchSteps = []gonghui.ContractStatus{gonghui.ContractFiled, gonghui.ContractEffective}

// contractBatch records a step on the contracts ticked in the list, each
// through the contract's own step (checked and audited by the store).
func (s *Server) contractBatch(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.ErrForbidden
	}
	f, ids, err := batchForm(w, r)
	if err != nil {
		return err
	}
	to := gonghui.ContractStatus(f.Get("to"))
	if f.Get("action") != "step" || !slices.Contains(contractBatchSteps, to) {
		return gonghui.Invalid("action", "未知的批量操作", "unknown batch action")
	}
	on, err := formDate(f, "date")
	if err != nil {
		return err
	}
	ks, _, err := s.store.ListContracts(r.Context(), a, store.ContractFilter{IDs: ids, Page: gonghui.Page{Limit: listBatchMax}})
	if err != nil {
		return err
	}
	rows := make([]batchRow, len(ks))
	for i, k := range ks {
		rows[i] = batchRow{ID: k.ID, Name: k.Title, Link: "/contracts/" + itoa(k.ID), Org: k.OrgName}
	}
	return s.runBatch(w, r, batchResult{Back: "/contracts", BackLabel: i18n.T(lang, "nav.contracts")}, rows, len(ids), func(id int64) error {
		_, err := s.store.StepContract(r.Context(), a, id, gonghui.ContractStep{To: to, On: on, Note: f.Get("note")})
		return err
	})
}

type contractView struct {
	Contract gonghui.Contract
	Units    []gonghui.Unit
	History  []store.ContractEvent
	Next     []gonghui.ContractStatus
	Today    string
}

func (s *Server) contractShow(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	k, err := s.store.GetContract(r.Context(), a, id)
	if err != nil {
		return err
	}
	v := contractView{Contract: k, Next: gonghui.NextContractStatuses(k.Status), Today: gonghui.Today().String()}
	for _, uid := range k.UnitIDs {
		if u, err := s.store.GetUnit(r.Context(), a, uid); err == nil {
			v.Units = append(v.Units, u)
		}
	}
	if v.History, err = s.store.ContractHistory(r.Context(), a, id); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "democracy/contract", page{Title: k.Title, Form: r.URL.Query(), Data: v})
	return nil
}

func (s *Server) contractStep(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/contracts/", func(a gonghui.Actor, id int64, f url.Values) error {
		on, err := formDate(f, "on")
		if err != nil {
			return err
		}
		_, err = s.store.StepContract(r.Context(), a, id, gonghui.ContractStep{To: gonghui.ContractStatus(f.Get("to")), On: on, Note: f.Get("note")})
		return err
	})
}

// contractFormView is what the contract form shows: the contract and the
// configured topics offered as check boxes beside the four must-talk ones.
type contractFormView struct {
	gonghui.Contract
	TopicList []string
}

// renderContractForm draws the contract form, refused (see renderForm)
// when p has errors.
func (s *Server) renderContractForm(w http.ResponseWriter, r *http.Request, p page, k gonghui.Contract) error {
	topics, err := s.store.BargainingTopics(r.Context())
	if err != nil {
		return err
	}
	p.Data = contractFormView{k, topics}
	if len(p.Errors) > 0 {
		s.renderForm(w, r, "democracy/contract_form", p)
	} else {
		s.render(w, r, http.StatusOK, "democracy/contract_form", p)
	}
	return nil
}

// contractForm turns a contract into form values; topics outside the four
// and the configured list go to the free-text field.
func contractForm(k gonghui.Contract, orgCode string, usccs []string, topicList []string) url.Values {
	f := url.Values{"title": {k.Title}, "kind": {string(k.Kind)}, "level": {string(k.Level)}, "org_code": {orgCode},
		"units": {strings.Join(usccs, "\n")}, "term_start": {k.TermStart.String()}, "term_end": {k.TermEnd.String()},
		"covered_staff": {strconv.Itoa(k.CoveredStaff)}, "wage_workers": {strconv.Itoa(k.WageWorkers)}, "version": {itoa(k.Version)}}
	if k.LastYearAvgWage != 0 {
		f.Set("avg_wage", gonghui.FormatFixed(k.LastYearAvgWage, 2))
	}
	if k.AdjustmentBP != 0 {
		f.Set("adjustment", gonghui.FormatFixed(int64(k.AdjustmentBP), 2))
	}
	if k.RenewsID != 0 {
		f.Set("renews_id", itoa(k.RenewsID))
	}
	listed := map[string]bool{}
	for _, t := range topicList {
		listed[t] = true
	}
	var other []string
	for _, t := range k.Topics {
		if gonghui.IsChoiceKey(gonghui.MustTalkTopics, t) || listed[t] {
			f.Add("topic", t)
		} else {
			other = append(other, t)
		}
	}
	f.Set("other_topics", strings.Join(other, "、"))
	return f
}

// contractInputFromForm reads the contract form: units as USCCs, one per
// line; the wage in yuan and the adjustment in percent, read exactly.
func (s *Server) contractInputFromForm(r *http.Request, a gonghui.Actor, f url.Values, lang string) (gonghui.ContractInput, map[string]string) {
	in := gonghui.ContractInput{Title: f.Get("title"), Kind: gonghui.ContractKind(f.Get("kind")), Level: gonghui.ContractLevel(f.Get("level")),
		RenewsID: atoi64(f.Get("renews_id")), Version: atoi64(f.Get("version"))}
	errs := map[string]string{}
	bad := func(field, zh, en string) { errs[field] = gonghui.Message{Zh: zh, En: en}.In(lang) }
	var err error
	if in.TermStart, err = gonghui.ParseDate(f.Get("term_start")); err != nil {
		bad("term_start", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	}
	if in.TermEnd, err = gonghui.ParseDate(f.Get("term_end")); err != nil {
		bad("term_end", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	}
	ints := map[string]*int{"covered_staff": &in.CoveredStaff, "wage_workers": &in.WageWorkers}
	for field, dst := range ints {
		if v := strings.TrimSpace(f.Get(field)); v != "" {
			if *dst, err = strconv.Atoi(v); err != nil {
				bad(field, "须为整数", "must be a whole number")
			}
		}
	}
	if in.LastYearAvgWage, err = gonghui.ParseFixed(f.Get("avg_wage"), 2); err != nil {
		bad("avg_wage", "金额格式应为 6500.00", "amount must look like 6500.00")
	}
	bp, err := gonghui.ParseFixed(f.Get("adjustment"), 2)
	if err != nil {
		bad("adjustment", "幅度应为百分数，如 5.5", "the adjustment is a percentage, e.g. 5.5")
	}
	in.AdjustmentBP = int(bp)
	in.Topics = append(in.Topics, f["topic"]...)
	for _, t := range strings.FieldsFunc(f.Get("other_topics"), func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == '\n' }) {
		if t = strings.TrimSpace(t); t != "" {
			in.Topics = append(in.Topics, t)
		}
	}
	if code := strings.TrimSpace(f.Get("org_code")); code != "" {
		o, err := s.orgByCodeField(r, a, code, "org_code")
		for k, v := range fieldErrors(err, lang) {
			errs[k] = v
		}
		in.OrgID = o.ID
	}
	for _, line := range strings.Fields(f.Get("units")) {
		u, err := s.store.UnitByUSCC(r.Context(), a, line)
		if err != nil {
			bad("units", "找不到统一社会信用代码为 "+line+" 的单位", "no unit with USCC "+line+" in your scope")
			break
		}
		in.UnitIDs = append(in.UnitIDs, u.ID)
	}
	return in, errs
}

func (s *Server) contractNewForm(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{"org_code": {r.URL.Query().Get("org_code")}, "kind": {string(gonghui.ContractComprehensive)}, "level": {string(gonghui.LevelEnterprise)}}
	for _, t := range gonghui.MustTalkTopics {
		form.Add("topic", t.Key)
	}
	return s.renderContractForm(w, r, page{Title: i18n.T(i18n.FromRequest(r), "contract.new"), Form: form}, gonghui.Contract{})
}

func (s *Server) contractEditForm(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	k, err := s.store.GetContract(r.Context(), a, id)
	if err != nil {
		return err
	}
	org, err := s.store.GetOrg(r.Context(), a, k.OrgID)
	if err != nil {
		return err
	}
	var usccs []string
	for _, uid := range k.UnitIDs {
		if u, err := s.store.GetUnit(r.Context(), a, uid); err == nil {
			usccs = append(usccs, u.USCC)
		}
	}
	topics, err := s.store.BargainingTopics(r.Context())
	if err != nil {
		return err
	}
	return s.renderContractForm(w, r, page{Title: k.Title, Form: contractForm(k, org.Code, usccs, topics)}, k)
}

func (s *Server) contractCreate(w http.ResponseWriter, r *http.Request) error {
	return s.contractSave(w, r, 0)
}

func (s *Server) contractUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.contractSave(w, r, id)
}

func (s *Server) contractSave(w http.ResponseWriter, r *http.Request, id int64) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, errs := s.contractInputFromForm(r, a, r.PostForm, lang)
	var k gonghui.Contract
	var err error
	if len(errs) == 0 {
		if id == 0 {
			k, err = s.store.CreateContract(r.Context(), a, in)
		} else {
			k, err = s.store.UpdateContract(r.Context(), a, id, in)
		}
	} else {
		v := &gonghui.ValidationError{}
		in.Validate(v) // every bad field at once
		err = v.Err()
	}
	for f, m := range formErrors(err, lang) {
		switch f {
		case "org_id":
			f = "org_code"
		case "unit_ids":
			f = "units"
		case "last_year_avg_wage_fen":
			f = "avg_wage"
		case "adjustment_bp":
			f = "adjustment"
		}
		if _, ok := errs[f]; !ok {
			errs[f] = m
		}
	}
	if len(errs) > 0 {
		return s.renderContractForm(w, r, page{Title: i18n.T(lang, "contract.new"), Form: r.PostForm, Errors: errs}, gonghui.Contract{ID: id})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/contracts/"+itoa(k.ID), http.StatusSeeOther)
	return nil
}

// indentJSON shows a definition for editing.
func indentJSON(v any) string {
	return string(mustIndent(v))
}

func (s *Server) topicsForm(w http.ResponseWriter, r *http.Request) error {
	topics, err := s.store.BargainingTopics(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "democracy/topics_form", page{Title: i18n.T(i18n.FromRequest(r), "contract.topic_list"),
		Form: url.Values{"topics": {strings.Join(topics, "\n")}}})
	return nil
}

func (s *Server) topicsSave(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	_, err := s.store.SaveBargainingTopics(r.Context(), actorFrom(r), strings.Split(r.PostForm.Get("topics"), "\n"))
	if errs := fieldErrors(err, lang); errs != nil {
		s.renderForm(w, r, "democracy/topics_form", page{Title: i18n.T(lang, "contract.topic_list"), Form: r.PostForm, Errors: errs})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/democracy", http.StatusSeeOther)
	return nil
}
