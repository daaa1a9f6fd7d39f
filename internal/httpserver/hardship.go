package httpserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/i18n"
	"gonghui/internal/importer"
	"gonghui/internal/store"
)

// hardshipModule is the hardship-file register (困难职工档案): one file per
// household, its life from application to lifting out, and the allowance
// table its levels are computed from.
var hardshipModule = module{
	name:  "hardship",
	inbox: hardshipInbox,
	nav: []navEntry{
		{label: "nav.hardship", href: "/hardship", group: "nav.group.assistance"},
		{label: "nav.hardship_allowances", href: "/hardship/allowances", group: "nav.group.assistance"},
	},
	routes: func(s *Server, r *router) {
		r.ui("GET /hardship", s.hardshipList)
		r.ui("GET /hardship.csv", s.hardshipExport)
		r.ui("GET /hardship.xlsx", s.hardshipExport)
		r.form("GET /hardship/new", gonghui.PermEditHardship, s.hardshipNewForm)
		r.ui("POST /hardship/new", s.hardshipCreate)
		r.ui("GET /hardship/allowances", s.hardshipAllowancePage)
		r.ui("POST /hardship/allowances", s.hardshipAllowanceSave)
		r.ui("POST /hardship/notice-days", s.hardshipNoticeDaysSave)
		r.ui("GET /hardship/{id}", s.hardshipShow)
		r.ui("POST /hardship/{id}/reveal", s.hardshipReveal)
		r.form("GET /hardship/{id}/edit", gonghui.PermEditHardship, s.hardshipEditForm)
		r.ui("POST /hardship/{id}/edit", s.hardshipUpdate)
		r.ui("POST /hardship/{id}/move", s.hardshipMove)
		r.ui("POST /hardship/{id}/visits", s.hardshipVisit)
		r.ui("POST /hardship/{id}/attachments", s.documentUpload(gonghui.PermEditHardship, "/hardship/", s.store.AddHardshipAttachment))
		r.ui("GET /hardship/{id}/attachments/{aid}", documentDownload("aid", s.store.HardshipAttachmentData))

		r.json("GET /api/v1/hardship-files", s.apiHardshipList)
		r.json("POST /api/v1/hardship-files", s.apiHardshipCreate)
		r.json("GET /api/v1/hardship-files/{id}", s.apiHardshipGet)
		r.json("PATCH /api/v1/hardship-files/{id}", s.apiHardshipPatch)
		r.json("POST /api/v1/hardship-files/{id}/transitions", s.apiHardshipMove)
		r.json("GET /api/v1/hardship-files/{id}/record", s.apiHardshipRecord)
		r.json("POST /api/v1/hardship-files/{id}/visits", s.apiHardshipVisit)
		r.json("GET /api/v1/hardship-files/{id}/attachments", s.apiHardshipAttachments)
		r.json("GET /api/v1/hardship-allowances", s.apiHardshipAllowances)
		r.json("PUT /api/v1/hardship-allowances", s.apiHardshipAllowanceSave)
	},
	choices: map[string][]gonghui.Choice{
		"hardship_level": gonghui.HardshipLevels, "hardship_state": gonghui.HardshipStates, "hardship_action": gonghui.HardshipActions,
		"hardship_income": gonghui.HardshipIncomeKinds, "hardship_expense": gonghui.HardshipExpenseKinds,
		"hardship_cause": gonghui.HardshipCauses, "hardship_relation": gonghui.HardshipRelations,
		"hardship_filing": gonghui.HardshipFilingKinds, "hardship_visit": gonghui.HardshipVisitKinds,
		"hardship_due": gonghui.HardshipDueKinds,
	},
	apiTypes: map[string]any{
		"HardshipFile": gonghui.HardshipFile{}, "HardshipFileInput": gonghui.HardshipFileInput{},
		"HardshipPerson": gonghui.HardshipPerson{}, "HardshipPersonInput": gonghui.HardshipPersonInput{},
		"HardshipAmount": gonghui.HardshipAmount{}, "HardshipTransition": gonghui.HardshipTransition{},
		"HardshipRecord": store.HardshipRecord{}, "HardshipEvent": gonghui.HardshipEvent{},
		"HardshipApproval": gonghui.HardshipApprovalRecord{}, "HardshipMeans": gonghui.HardshipMeans{},
		"HardshipVisit": gonghui.HardshipVisit{}, "HardshipAttachment": store.HardshipAttachment{},
		"HardshipAllowance": gonghui.HardshipAllowance{},
	},
}

// hardshipMemberRows is how many member rows the form offers (the API
// takes up to the domain's bound).
const hardshipMemberRows = 8

func hardshipFilter(q url.Values, orgParam string) gonghui.HardshipFileFilter {
	return gonghui.HardshipFileFilter{OrgID: atoi64(q.Get(orgParam)), State: q.Get("state"), Level: q.Get("level"), Query: q.Get("q"),
		Due: q.Get("due"), IDs: idsParam(q), Sort: q.Get("sort"), Page: pageParams(q, 50)}
}

func (s *Server) hardshipList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := hardshipFilter(q, "org")
	errs, err := s.listUnion(r, a, q, &f.OrgID, lang)
	if err != nil {
		return err
	}
	files, total, err := s.store.ListHardshipFiles(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "hardship/list", page{Title: i18n.T(lang, "nav.hardship"), Form: q, Errors: errs,
		Data: struct {
			listKit
			Files []gonghui.HardshipFile
		}{newListKit(r, f.Page, total), files}})
	return nil
}

// hardshipView is what a file's page shows.
type hardshipView struct {
	gonghui.HardshipFile
	store.HardshipRecord
	Attachments []store.HardshipAttachment
	// Actions are the moves the file's state allows.
	Actions []gonghui.Choice
	Today   string
}

func (s *Server) hardshipShow(w http.ResponseWriter, r *http.Request) error {
	return s.hardshipPage(w, r, false)
}

func (s *Server) hardshipReveal(w http.ResponseWriter, r *http.Request) error {
	return s.hardshipPage(w, r, true)
}

func (s *Server) hardshipPage(w http.ResponseWriter, r *http.Request, reveal bool) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, rec, err := s.store.HardshipRecordOf(r.Context(), a, id, reveal)
	if err != nil {
		return err
	}
	v := hardshipView{HardshipFile: f, HardshipRecord: rec, Today: gonghui.Today().String()}
	if v.Attachments, err = s.store.HardshipAttachments(r.Context(), a, id); err != nil {
		return err
	}
	for _, c := range gonghui.HardshipActions {
		if _, ok := gonghui.HardshipNext(f.State, c.Key); ok {
			v.Actions = append(v.Actions, c)
		}
	}
	s.render(w, r, http.StatusOK, "hardship/show", page{Title: f.Head.Name, Form: r.URL.Query(), Data: v})
	return nil
}

func (s *Server) hardshipNewForm(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{"org_code": {r.URL.Query().Get("org_code")}}
	s.render(w, r, http.StatusOK, "hardship/form", page{Title: i18n.T(i18n.FromRequest(r), "hardship.new"), Form: form, Data: hardshipFormData(0)})
	return nil
}

// hardshipForm is what the form template needs beyond the values.
type hardshipForm struct {
	ID   int64
	Rows []int // the member rows
}

func hardshipFormData(id int64) hardshipForm {
	rows := make([]int, hardshipMemberRows)
	for i := range rows {
		rows[i] = i
	}
	return hardshipForm{ID: id, Rows: rows}
}

func (s *Server) hardshipEditForm(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, err := s.store.HardshipEditInput(r.Context(), a, id)
	if err != nil {
		return err
	}
	o, err := s.store.GetOrg(r.Context(), a, in.OrgID)
	if err != nil {
		return err
	}
	form := url.Values{"org_code": {o.Code}, "region_code": {in.RegionCode}, "address": {in.Address}, "cause_note": {in.CauseNote},
		"head.name": {in.Head.Name}, "head.id_number": {in.Head.IDNumber}, "head.health": {in.Head.Health}, "version": {itoa(in.Version)}, "causes": in.Causes}
	for i, m := range in.Members {
		p := "members." + strconv.Itoa(i) + "."
		form.Set(p+"name", m.Name)
		form.Set(p+"id_number", m.IDNumber)
		form.Set(p+"relation", m.Relation)
		form.Set(p+"health", m.Health)
	}
	for _, list := range []struct {
		prefix  string
		amounts []gonghui.HardshipAmount
	}{{"income.", in.Incomes}, {"expense.", in.Expenses}} {
		for _, am := range list.amounts {
			form.Set(list.prefix+am.Kind, gonghui.FormatFixed(am.Fen(), 2))
		}
	}
	rows := max(hardshipMemberRows, len(in.Members))
	data := hardshipFormData(id)
	for i := len(data.Rows); i < rows; i++ {
		data.Rows = append(data.Rows, i)
	}
	s.render(w, r, http.StatusOK, "hardship/form", page{Title: in.Head.Name, Form: form, Data: data})
	return nil
}

func (s *Server) hardshipCreate(w http.ResponseWriter, r *http.Request) error {
	return s.hardshipSave(w, r, 0)
}

func (s *Server) hardshipUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.hardshipSave(w, r, id)
}

// hardshipSave creates (id 0) or updates a file from the form.
func (s *Server) hardshipSave(w http.ResponseWriter, r *http.Request, id int64) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, rename, errs := s.hardshipFromForm(r, a, r.PostForm, lang)
	var f gonghui.HardshipFile
	var err error
	switch {
	case len(errs) > 0: // still run the store's checks, so every bad field shows at once
		err = s.store.ValidateHardshipFile(r.Context(), a, in)
	case id == 0:
		f, err = s.store.CreateHardshipFile(r.Context(), a, in)
	default:
		f, err = s.store.UpdateHardshipFile(r.Context(), a, id, in)
	}
	if errs = mergeErrors(errs, err, lang); errs != nil {
		for from, to := range rename {
			if m, ok := errs[from]; ok {
				errs[to] = m
			}
		}
		data := hardshipFormData(id)
		for i := len(data.Rows); i < len(in.Members); i++ {
			data.Rows = append(data.Rows, i)
		}
		s.renderForm(w, r, "hardship/form", page{Title: i18n.T(lang, "hardship.new"), Form: r.PostForm, Errors: errs, Data: data})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/hardship/"+itoa(f.ID), http.StatusSeeOther)
	return nil
}

// hardshipFromForm reads the form: the filing union typed as its code,
// member rows left blank skipped, amounts in yuan by kind. rename maps
// the store's field names (by position) to the form's (by kind and row).
func (s *Server) hardshipFromForm(r *http.Request, a gonghui.Actor, f url.Values, lang string) (gonghui.HardshipFileInput, map[string]string, map[string]string) {
	in := gonghui.HardshipFileInput{RegionCode: f.Get("region_code"), Address: f.Get("address"), CauseNote: f.Get("cause_note"),
		Head:    gonghui.HardshipPersonInput{Name: f.Get("head.name"), IDNumber: f.Get("head.id_number"), Health: f.Get("head.health")},
		Members: []gonghui.HardshipPersonInput{}, Causes: f["causes"], Version: atoi64(f.Get("version"))}
	errs, rename := map[string]string{}, map[string]string{}
	for i := 0; i < 100; i++ {
		p := "members." + strconv.Itoa(i) + "."
		if _, ok := f[p+"name"]; !ok {
			break
		}
		m := gonghui.HardshipPersonInput{Name: f.Get(p + "name"), IDNumber: f.Get(p + "id_number"), Relation: f.Get(p + "relation"), Health: f.Get(p + "health")}
		if strings.TrimSpace(m.Name+m.IDNumber+m.Relation+m.Health) == "" {
			continue
		}
		q := "members." + strconv.Itoa(len(in.Members)) + "."
		for _, field := range []string{"name", "id_number", "relation", "health"} {
			rename[q+field] = p + field
		}
		in.Members = append(in.Members, m)
	}
	for _, list := range []struct {
		prefix, field string
		kinds         []gonghui.Choice
		dst           *[]gonghui.HardshipAmount
	}{{"income.", "incomes.", gonghui.HardshipIncomeKinds, &in.Incomes}, {"expense.", "expenses.", gonghui.HardshipExpenseKinds, &in.Expenses}} {
		for _, k := range list.kinds {
			v := strings.TrimSpace(f.Get(list.prefix + k.Key))
			if v == "" {
				continue
			}
			n, err := gonghui.ParseFixed(strings.ReplaceAll(v, ",", ""), 2)
			if err != nil {
				errs[list.prefix+k.Key] = gonghui.Message{Zh: "金额应为元，最多两位小数", En: "the amount is in yuan, with at most two decimals"}.In(lang)
				continue
			}
			rename[list.field+strconv.Itoa(len(*list.dst))+".amount_fen"] = list.prefix + k.Key
			*list.dst = append(*list.dst, gonghui.HardshipAmount{Kind: k.Key, AmountFen: &n})
		}
	}
	if code := strings.TrimSpace(f.Get("org_code")); code != "" {
		o, err := s.orgByCodeField(r, a, code, "org_code")
		for k, v := range fieldErrors(err, lang) {
			errs[k] = v
		}
		in.OrgID = o.ID
	} else {
		errs["org_code"] = gonghui.Message{Zh: "请填写建档工会代码", En: "enter the code of the union that files it"}.In(lang)
	}
	return in, rename, errs
}

// hardshipMove applies an action from the file's page.
func (s *Server) hardshipMove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	t := gonghui.HardshipTransition{Action: f.Get("action"), Note: f.Get("note"), FilingKind: f.Get("filing_kind"), Visitors: f.Get("visitors"),
		Version: atoi64(f.Get("version"))}
	if t.On, err = gonghui.ParseDate(f.Get("on")); err != nil {
		err = gonghui.Invalid("on", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	} else {
		_, err = s.store.MoveHardshipFile(r.Context(), actorFrom(r), id, t)
	}
	return s.returnTo(w, r, "/hardship/"+itoa(id), err)
}

// hardshipVisit records a visit from the file's page.
func (s *Server) hardshipVisit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	v := gonghui.HardshipVisit{Kind: f.Get("kind"), Visitors: f.Get("visitors"), Note: f.Get("note")}
	if v.VisitedOn, err = gonghui.ParseDate(f.Get("visited_on")); err != nil {
		err = gonghui.Invalid("visited_on", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	} else {
		err = s.store.AddHardshipVisit(r.Context(), actorFrom(r), id, v)
	}
	return s.returnTo(w, r, "/hardship/"+itoa(id), err)
}

// hardshipAllowanceView is the allowance page's data.
type hardshipAllowanceView struct {
	Allowances []gonghui.HardshipAllowance
	NoticeDays int
}

func (s *Server) hardshipAllowancePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAllowances(w, r, http.StatusOK, r.URL.Query(), nil)
}

func (s *Server) renderAllowances(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs map[string]string) error {
	var v hardshipAllowanceView
	var err error
	if v.Allowances, err = s.store.HardshipAllowances(r.Context()); err != nil {
		return err
	}
	if v.NoticeDays, err = s.store.HardshipNoticeDays(r.Context()); err != nil {
		return err
	}
	s.render(w, r, status, "hardship/allowances", page{Title: i18n.T(i18n.FromRequest(r), "nav.hardship_allowances"), Form: form, Errors: errs, Data: v})
	return nil
}

func (s *Server) hardshipAllowanceSave(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	al := gonghui.HardshipAllowance{RegionCode: f.Get("region_code"), Year: int(atoi64(f.Get("year")))}
	n, err := gonghui.ParseFixed(strings.TrimSpace(f.Get("monthly")), 2)
	if err != nil {
		err = gonghui.Invalid("monthly", "低保标准应为元，最多两位小数", "the allowance is in yuan, with at most two decimals")
	} else {
		al.MonthlyFen = n
		_, err = s.store.SaveHardshipAllowance(r.Context(), actorFrom(r), al)
	}
	if errs := formErrors(err, lang); errs != nil {
		if m, ok := errs["monthly_fen"]; ok {
			errs["monthly"] = m
		}
		return s.renderAllowances(w, r, http.StatusUnprocessableEntity, f, errs)
	}
	return s.returnTo(w, r, "/hardship/allowances", err)
}

func (s *Server) hardshipNoticeDaysSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	err := s.store.SaveHardshipNoticeDays(r.Context(), actorFrom(r), int(atoi64(r.PostForm.Get("notice_days"))))
	return s.returnTo(w, r, "/hardship/allowances", err)
}

// hardshipExport writes the files of the list in the hardship template's
// columns. Unmasked (reveal=1, with the reveal permission) it can be
// imported back; masked it is a list. Either is audited before its first
// byte, with its query.
func (s *Server) hardshipExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	codes := s.codeBook(r)
	q := r.URL.Query()
	f := hardshipFilter(q, "org")
	if err := s.unionFilter(r, a, q, &f.OrgID); err != nil {
		return err
	}
	reveal := formBool(q.Get("reveal"))
	return s.exportSheet(w, r, importer.HardshipFiles, "/hardship", func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		var files []gonghui.HardshipFile
		var err error
		if reveal {
			files, err = s.store.ListHardshipFilesRevealed(r.Context(), a, f)
		} else {
			files, _, err = s.store.ListHardshipFiles(r.Context(), a, f)
		}
		out := sheetRows{more: len(files) == p.Limit}
		for _, h := range files {
			org, cerr := codes.org(h.OrgID)
			if cerr != nil {
				return out, cerr
			}
			out.rows = append(out.rows, export.HardshipRow(h, org))
		}
		return out, err
	})
}

// hardshipInbox counts the files that wait for the user: decisions and
// yearly reviews for whoever approves, the filing union's next steps for
// whoever keeps the files.
func hardshipInbox(s *Server, r *http.Request, a gonghui.Actor, today gonghui.Date) ([]inboxItem, error) {
	var items []inboxItem
	for _, due := range gonghui.HardshipDueKinds {
		perm := gonghui.PermApproveHardship
		if due.Key == gonghui.HardshipDueProgress {
			perm = gonghui.PermEditHardship
		}
		if !a.Can(perm) {
			continue
		}
		_, n, err := s.store.ListHardshipFiles(r.Context(), a, gonghui.HardshipFileFilter{Due: due.Key, On: today, Page: gonghui.Page{Limit: 1}})
		if err != nil {
			return nil, err
		}
		items = append(items, inboxItemOf("hardship.due."+due.Key, n, "/hardship?due="+due.Key)...)
	}
	return items, nil
}
