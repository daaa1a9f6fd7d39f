package httpserver

import (
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// memberFilter reads the list filters shared by the UI, exports and the
// API; a date that does not parse filters nothing (memberFilterErrors
// tells the UI's user).
func memberFilter(q url.Values) gonghui.MemberFilter {
	org := q.Get("org")
	if org == "" {
		org = q.Get("org_id")
	}
	card := q.Get("card")
	f := gonghui.MemberFilter{OrgID: atoi64(org), Query: q.Get("q"), Status: gonghui.MemberStatus(q.Get("status")),
		WithCard: card == "1" || card == "true", NoCard: card == "0" || card == "false",
		UnitID: atoi64(q.Get("unit")), AgeBand: q.Get("age"), Sort: q.Get("sort"), After: q.Get("after"), Before: q.Get("before"),
		Page: pageParams(q, 50)}
	f.JoinedFrom, _ = gonghui.ParseDate(q.Get("joined_from"))
	f.JoinedTo, _ = gonghui.ParseDate(q.Get("joined_to"))
	return f
}

// memberFilterErrors names the list's filters that cannot be read.
func memberFilterErrors(q url.Values, lang string) map[string]string {
	errs := map[string]string{}
	for _, field := range []string{"joined_from", "joined_to"} {
		if _, err := formDate(q, field); q.Get(field) != "" && err != nil {
			errs[field] = gonghui.Message{Zh: "日期格式应为 YYYY-MM-DD", En: "date must be YYYY-MM-DD"}.In(lang)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

type membersView struct {
	listKit
	Members []gonghui.Member
	Counts  gonghui.MemberCounts
	Org     gonghui.Org
	// Units are the units of the union the list is about, for the unit
	// filter (none when it covers more than a select can list).
	Units    []gonghui.Unit
	AgeBands []string
	Today    string
}

// memberUnitChoices bounds the unit filter's select: a union with more
// units is narrowed by the search box instead.
const memberUnitChoices = 200

func (s *Server) memberList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	f := memberFilter(q)
	pg, err := s.store.MembersPage(r.Context(), a, f)
	if err != nil {
		return err
	}
	v := membersView{listKit: listKitOf(r, f.Page, memberPager(r, f.Page, pg)),
		Members: pg.Members, AgeBands: gonghui.AgeBands, Today: gonghui.Today().String()}
	if v.Counts, err = s.store.MemberCounts(r.Context(), a, f.OrgID); err != nil {
		return err
	}
	if v.Org, err = s.scopeOrg(r, a, f.OrgID); err != nil {
		return err
	}
	units, n, err := s.store.ListUnits(r.Context(), a, gonghui.UnitFilter{OrgID: f.OrgID, Page: gonghui.Page{Limit: memberUnitChoices}})
	if err != nil {
		return err
	}
	if n <= memberUnitChoices {
		v.Units = units
	}
	lang := i18n.FromRequest(r)
	s.render(w, r, http.StatusOK, "members/list", page{Title: i18n.T(lang, "nav.members"), Form: q, Errors: memberFilterErrors(q, lang), Data: v})
	return nil
}

// memberPager is the member list's pager: its neighbours are reached by
// their cursors, the page number is where the pages walked so far lead
// (a jump by number reaches the first pages only, store.MemberJumpRows).
func memberPager(r *http.Request, p gonghui.Page, pg store.MemberPage) pager {
	out := newCappedPager(r, p, pg.Total, store.MemberSearchCap, len(pg.Members))
	at := func(cursor, token string, n int) string {
		q := r.URL.Query()
		q.Del("after")
		q.Del("before")
		q.Set(cursor, token)
		q.Set("page", strconv.Itoa(max(n, 1)))
		return r.URL.Path + "?" + q.Encode()
	}
	out.PrevURL, out.NextURL = "", ""
	if pg.Prev != "" {
		out.PrevURL = at("before", pg.Prev, out.Page-1)
	}
	if pg.Next != "" {
		out.NextURL = at("after", pg.Next, out.Page+1)
	}
	out.Keep.Del("after")
	out.Keep.Del("before")
	return out
}

// scopeOrg returns the org a page is about: the given one, or the top of
// the actor's scope.
func (s *Server) scopeOrg(r *http.Request, a gonghui.Actor, orgID int64) (gonghui.Org, error) {
	if orgID == 0 {
		orgID = a.OrgID
	}
	return s.store.GetOrg(r.Context(), a, orgID)
}

type memberView struct {
	Member  gonghui.Member
	History []gonghui.Member
	Cards   []gonghui.Card
	Pending *gonghui.Transfer
	Today   string
}

func (s *Server) memberShow(w http.ResponseWriter, r *http.Request) error {
	return s.memberPage(w, r, false)
}

func (s *Server) memberReveal(w http.ResponseWriter, r *http.Request) error {
	return s.memberPage(w, r, true)
}

func (s *Server) memberPage(w http.ResponseWriter, r *http.Request, reveal bool) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.store.GetMember(r.Context(), a, id, reveal)
	if err != nil {
		return err
	}
	v := memberView{Member: m, Today: gonghui.Today().String()}
	if v.History, err = s.store.MemberHistory(r.Context(), a, id); err != nil {
		return err
	}
	if v.Cards, err = s.store.Cards(r.Context(), a, id); err != nil {
		return err
	}
	pending, _, err := s.store.ListTransfers(r.Context(), a, gonghui.TransferPending, gonghui.Page{Limit: 500})
	if err != nil {
		return err
	}
	for i := range pending {
		if pending[i].MemberID == id {
			v.Pending = &pending[i]
		}
	}
	s.render(w, r, http.StatusOK, "members/show", page{Title: m.Name, Form: r.URL.Query(), Data: v})
	return nil
}

// memberInputFromForm reads the member form; the union and unit are typed
// as their codes and resolved in the caller's scope.
func (s *Server) memberInputFromForm(r *http.Request, a gonghui.Actor, f url.Values, lang string) (gonghui.MemberInput, map[string]string) {
	in := gonghui.MemberInput{
		Name: f.Get("name"), IDNumber: f.Get("id_number"), Phone: f.Get("phone"), Address: f.Get("address"), Sex: f.Get("sex"), Ethnicity: f.Get("ethnicity"),
		Education: f.Get("education"), Political: f.Get("political"), Household: f.Get("household"), Employment: f.Get("employment"),
		CardNo: f.Get("card_no"), KeepPhone: strings.Contains(f.Get("phone"), "*"), KeepAddress: strings.Contains(f.Get("address"), "*"),
		Version: atoi64(f.Get("version")),
	}
	errs := map[string]string{}
	if d, err := gonghui.ParseDate(f.Get("joined_on")); err != nil {
		errs["joined_on"] = gonghui.Message{Zh: "日期格式应为 YYYY-MM-DD", En: "date must be YYYY-MM-DD"}.In(lang)
	} else {
		in.JoinedOn = d
	}
	if code := strings.TrimSpace(f.Get("org_code")); code != "" {
		o, err := s.orgByCodeField(r, a, code, "org_code")
		for k, v := range fieldErrors(err, lang) {
			errs[k] = v
		}
		in.OrgID = o.ID
	}
	if code := strings.TrimSpace(f.Get("unit_uscc")); code != "" {
		u, err := s.store.UnitByUSCC(r.Context(), a, code)
		if err != nil {
			errs["unit_uscc"] = gonghui.Message{Zh: "找不到该统一社会信用代码的单位", En: "no unit with this USCC in your scope"}.In(lang)
		}
		in.UnitID = u.ID
	}
	return in, errs
}

// memberFieldErrors merges storage errors into form errors, showing each
// at the form's field (the union and unit are typed as codes).
func memberFieldErrors(errs map[string]string, err error, lang string) map[string]string {
	for k, v := range formErrors(err, lang) {
		switch k {
		case "org_id":
			k = "org_code"
		case "unit_id":
			k = "unit_uscc"
		}
		if _, ok := errs[k]; !ok {
			errs[k] = v
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func (s *Server) memberNewForm(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{"org_code": {r.URL.Query().Get("org_code")}, "joined_on": {gonghui.Today().String()}}
	s.render(w, r, http.StatusOK, "members/form", page{Title: i18n.T(i18n.FromRequest(r), "member.new"), Form: form, Data: gonghui.Member{}})
	return nil
}

func (s *Server) memberCreate(w http.ResponseWriter, r *http.Request) error {
	return s.memberSave(w, r, 0)
}

func (s *Server) memberUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.memberSave(w, r, id)
}

func (s *Server) memberSave(w http.ResponseWriter, r *http.Request, id int64) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, errs := s.memberInputFromForm(r, a, r.PostForm, lang)
	var m gonghui.Member
	var err error
	if len(errs) == 0 {
		if id == 0 {
			m, _, err = s.store.SaveMember(r.Context(), a, in)
		} else {
			m, err = s.store.UpdateMember(r.Context(), a, id, in)
		}
	} else {
		_, err = gonghui.CheckMember(in, gonghui.Today()) // every bad field at once
	}
	if errs = memberFieldErrors(errs, err, lang); errs != nil {
		// What the user just typed comes back to them (the page is not
		// stored: no-store), so they correct one digit instead of typing
		// eighteen again; a stored number is never shown this way.
		s.renderForm(w, r, "members/form", page{Title: i18n.T(lang, "member.new"), Form: r.PostForm, Errors: errs, Data: gonghui.Member{ID: id}})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/members/"+itoa(m.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) memberEditForm(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	// The ID number is shown in full only to those who may reveal it; left
	// empty, the stored number is kept.
	m, err := s.store.GetMember(r.Context(), a, id, a.Can(gonghui.PermRevealMembers))
	if err != nil {
		return err
	}
	o, err := s.store.GetOrg(r.Context(), a, m.OrgID)
	if err != nil {
		return err
	}
	form := url.Values{"name": {m.Name}, "phone": {m.Phone}, "address": {m.Address}, "ethnicity": {m.Ethnicity}, "education": {m.Education},
		"political": {m.Political}, "household": {m.Household}, "employment": {m.Employment}, "org_code": {o.Code},
		"joined_on": {m.JoinedOn.String()}, "card_no": {m.CardNo}, "version": {itoa(m.Version)}}
	if m.Revealed {
		form.Set("id_number", m.IDNumber)
	}
	if m.UnitID != 0 {
		if u, err := s.store.GetUnit(r.Context(), a, m.UnitID); err == nil {
			form.Set("unit_uscc", u.USCC)
		}
	}
	s.render(w, r, http.StatusOK, "members/form", page{Title: m.Name, Form: form, Data: m})
	return nil
}

// memberAction runs a form action from a member's page.
func (s *Server) memberAction(w http.ResponseWriter, r *http.Request, do func(a gonghui.Actor, id int64, f url.Values) error) error {
	return s.formAction(w, r, "/members/", do)
}

func formDate(f url.Values, field string) (gonghui.Date, error) {
	d, err := gonghui.ParseDate(f.Get(field))
	if err != nil {
		return d, gonghui.Invalid(field, "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	}
	return d, nil
}

func (s *Server) memberEnd(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, func(a gonghui.Actor, id int64, f url.Values) error {
		on, err := formDate(f, "date")
		if err != nil {
			return err
		}
		_, err = s.store.EndMembership(r.Context(), a, id, gonghui.MemberStatus(f.Get("status")), on, f.Get("reason"))
		return err
	})
}

func (s *Server) memberCard(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, func(a gonghui.Actor, id int64, f url.Values) error {
		on, err := formDate(f, "date")
		if err != nil {
			return err
		}
		_, err = s.store.ChangeCard(r.Context(), a, id, store.CardAction(f.Get("action")), f.Get("card_no"), on)
		return err
	})
}

func (s *Server) memberTransfer(w http.ResponseWriter, r *http.Request) error {
	return s.memberAction(w, r, func(a gonghui.Actor, id int64, f url.Values) error {
		// The receiving union may be outside the sender's scope: it is
		// looked up in the whole tree by its code, and only its name shown.
		to, err := s.store.GetOrgByCode(r.Context(), gonghui.SystemActor("transfer"), f.Get("to_code"))
		if err != nil {
			return gonghui.Invalid("to_org_id", "找不到该代码的工会", "no union with this code")
		}
		_, err = s.store.StartTransfer(r.Context(), a, id, to.ID, f.Get("reason"))
		return err
	})
}

func (s *Server) transferList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pg := pageParams(q, 50)
	transfers, total, err := s.store.ListTransfers(r.Context(), actorFrom(r), gonghui.TransferStatus(q.Get("status")), pg)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "members/transfers", page{Title: i18n.T(i18n.FromRequest(r), "nav.transfers"), Form: q,
		Data: struct {
			Transfers []gonghui.Transfer
			Pager     pager
		}{transfers, newPager(r, pg, total)}})
	return nil
}

func (s *Server) transferDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	_, err = s.store.DecideTransfer(r.Context(), actorFrom(r), id, gonghui.TransferStatus(r.PostForm.Get("decision")), r.PostForm.Get("note"))
	return s.returnTo(w, r, "/transfers", err)
}

func (s *Server) memberQuality(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	orgID := atoi64(r.URL.Query().Get("org"))
	checks, err := s.store.MemberQuality(r.Context(), a, orgID, gonghui.Today())
	if err != nil {
		return err
	}
	pilots, err := s.store.PilotCodes(r.Context(), a, orgID)
	if err != nil {
		return err
	}
	checks = append(checks, pilots...)
	org, err := s.scopeOrg(r, a, orgID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "members/quality", page{Title: i18n.T(i18n.FromRequest(r), "member.quality"),
		Data: struct {
			Org    gonghui.Org
			Checks []gonghui.QualityCheck
		}{org, checks}})
	return nil
}

func (s *Server) memberExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	format := strings.TrimPrefix(path.Ext(r.URL.Path), ".")
	q := r.URL.Query()
	f := memberFilter(q)
	reveal := q.Get("reveal") == "1"
	if !a.Can(gonghui.PermExportMembers) || reveal && !a.Can(gonghui.PermRevealMembers) {
		return gonghui.ErrForbidden
	}
	if f.OrgID != 0 {
		if _, err := s.store.GetOrg(r.Context(), a, f.OrgID); err != nil {
			return err
		}
	}
	ctype := csvType
	if format == export.XLSX {
		ctype = xlsxType
	}
	d := newDownload(w, ctype, "members."+format)
	_, err := export.Members(r.Context(), s.store, a, f, reveal, format, d)
	return s.finish(d, "members", err)
}

func percent(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "%" }

// memberBatch runs an action on the members selected in the list, one at
// a time through the store's own transactions (each audited there), and
// shows what happened to each: done, or refused with the reason.
func (s *Server) memberBatch(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.ErrForbidden
	}
	f, ids, err := batchForm(w, r)
	if err != nil {
		return err
	}
	sel := gonghui.MemberFilter{IDs: ids, Page: gonghui.Page{Limit: listBatchMax}}
	action := f.Get("action")
	if action == "export" {
		if !a.Can(gonghui.PermExportMembers) {
			return gonghui.ErrForbidden
		}
		d := newDownload(w, csvType, "members.csv")
		_, err := export.Members(r.Context(), s.store, a, sel, false, export.CSV, d)
		return s.finish(d, "members", err)
	}
	members, _, err := s.store.ListMembers(r.Context(), a, sel) // in scope only
	if err != nil {
		return err
	}
	var do func(id int64) error
	switch action {
	case "issue":
		return s.renderBatchIssue(w, r, members, f.Get("start"))
	case "issue_confirm":
		on, err := formDate(f, "date")
		if err != nil {
			return err
		}
		do = func(id int64) error {
			_, err := s.store.ChangeCard(r.Context(), a, id, store.CardIssue, f.Get("card_"+itoa(id)), on)
			return err
		}
	case "leave":
		on, err := formDate(f, "date")
		if err != nil {
			return err
		}
		do = func(id int64) error {
			_, err := s.store.EndMembership(r.Context(), a, id, gonghui.MemberLeft, on, f.Get("reason"))
			return err
		}
	case "transfer":
		// As for one member: the receiving union is found in the whole
		// tree by its code.
		to, err := s.store.GetOrgByCode(r.Context(), gonghui.SystemActor("transfer"), f.Get("to_code"))
		if err != nil {
			return gonghui.Invalid("to_code", "找不到该代码的工会", "no union with this code")
		}
		do = func(id int64) error {
			_, err := s.store.StartTransfer(r.Context(), a, id, to.ID, f.Get("reason"))
			return err
		}
	default:
		return gonghui.Invalid("action", "未知的批量操作", "unknown batch action")
	}
	rows := make([]batchRow, len(members))
	for i, m := range members {
		rows[i] = batchRow{ID: m.ID, Name: m.Name, Link: "/members/" + itoa(m.ID), Org: m.OrgName}
	}
	return s.runBatch(w, r, batchResult{Back: "/members", BackLabel: i18n.T(lang, "nav.members")}, rows, len(ids), do)
}

// renderBatchIssue lists the selected members with a card number each,
// counted on from the first number typed (its trailing digits); those who
// hold a card already are shown as such.
func (s *Server) renderBatchIssue(w http.ResponseWriter, r *http.Request, members []gonghui.Member, start string) error {
	lang := i18n.FromRequest(r)
	form := url.Values{"date": {gonghui.Today().String()}}
	prefix, digits := splitCardNo(strings.TrimSpace(start))
	n, _ := strconv.Atoi(digits)
	for _, m := range members {
		if m.CardNo != "" || start == "" {
			continue
		}
		num := strconv.Itoa(n)
		if len(num) < len(digits) {
			num = strings.Repeat("0", len(digits)-len(num)) + num
		}
		form.Set("card_"+itoa(m.ID), prefix+num)
		n++
	}
	s.render(w, r, http.StatusOK, "members/batch_issue", page{Title: i18n.T(lang, "member.batch_issue"), Form: form, Data: members})
	return nil
}

// splitCardNo splits a card number into its prefix and trailing digits.
func splitCardNo(s string) (prefix, digits string) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	return s[:i], s[i:]
}
