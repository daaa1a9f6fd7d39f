package httpserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

func (s *Server) userList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pg := pageParams(q, 50)
	users, total, err := s.store.ListUsers(r.Context(), actorFrom(r), q.Get("q"), pg)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "users/list", page{Title: i18n.T(i18n.FromRequest(r), "nav.users"), Form: q,
		Data: struct {
			Users []gonghui.User
			Pager pager
			Now   time.Time
		}{users, newPager(r, pg, total), time.Now()}})
	return nil
}

func (s *Server) userNewForm(w http.ResponseWriter, r *http.Request) error {
	if !actorFrom(r).Can(gonghui.PermManageUser) {
		return gonghui.ErrForbidden
	}
	s.render(w, r, http.StatusOK, "users/form", page{Title: i18n.T(i18n.FromRequest(r), "nav.users"),
		Form: url.Values{"role": {string(gonghui.RoleCadre)}}, Data: gonghui.User{}})
	return nil
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	return s.userSave(w, r, 0)
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.userSave(w, r, id)
}

func (s *Server) userSave(w http.ResponseWriter, r *http.Request, id int64) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.UserInput{Username: f.Get("username"), DisplayName: f.Get("display_name"), Role: gonghui.Role(f.Get("role")), Password: f.Get("password")}
	errs := map[string]string{}
	if code := strings.TrimSpace(f.Get("org_code")); code != "" {
		o, err := s.orgByCodeField(r, a, code, "org_code")
		for k, v := range fieldErrors(err, lang) {
			errs[k] = v
		}
		in.OrgID = o.ID
	}
	var err error
	if id == 0 {
		_, err = s.store.CreateUser(r.Context(), a, in)
	} else {
		_, err = s.store.UpdateUser(r.Context(), a, id, in, f.Get("disabled") == "on")
	}
	if errs = mergeErrors(errs, err, lang); errs != nil {
		f.Del("password")
		// The edit form lists the account's tokens: it takes the same view
		// as userEditForm.
		view := userFormView{User: gonghui.User{ID: id}}
		if id != 0 {
			if view.User, err = s.store.GetUser(r.Context(), a, id); err != nil { // a partner's account keeps its partner's roles
				return err
			}
			if view.Tokens, err = s.store.ListTokens(r.Context(), a, id); err != nil {
				return err
			}
		}
		s.renderForm(w, r, "users/form", page{Title: i18n.T(lang, "nav.users"), Form: f, Errors: errs, Data: view})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

// userFormView is an account with its API tokens, for the edit page.
type userFormView struct {
	gonghui.User
	Tokens []store.APIToken
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/users/", func(a gonghui.Actor, id int64, f url.Values) error {
		tid, err := strconv.ParseInt(r.PathValue("token"), 10, 64)
		if err != nil {
			return gonghui.ErrNotFound
		}
		if _, err := s.store.GetUser(r.Context(), a, id); err != nil {
			return err
		}
		return s.store.RevokeToken(r.Context(), a, tid)
	})
}

func (s *Server) userEditForm(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.store.GetUser(r.Context(), a, id)
	if err != nil {
		return err
	}
	o, err := s.store.GetOrg(r.Context(), a, u.OrgID)
	if err != nil {
		return err
	}
	form := url.Values{"username": {u.Username}, "display_name": {u.DisplayName}, "org_code": {o.Code}, "role": {string(u.Role)}}
	if u.Disabled {
		form.Set("disabled", "on")
	}
	tokens, err := s.store.ListTokens(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "users/form", page{Title: u.Username, Form: form, Data: userFormView{u, tokens}})
	return nil
}

// auditFilter reads the audit filters shared by the UI and the API.
func auditFilter(q url.Values) gonghui.AuditFilter {
	f := gonghui.AuditFilter{Username: q.Get("user"), Action: q.Get("action"), RecordType: q.Get("record_type"), RecordID: atoi64(q.Get("record_id"))}
	if d, err := gonghui.ParseDate(q.Get("since")); err == nil && !d.IsZero() {
		f.Since, _ = time.ParseInLocation(time.DateOnly, d.String(), gonghui.Shanghai)
	}
	if d, err := gonghui.ParseDate(q.Get("until")); err == nil && !d.IsZero() {
		t, _ := time.ParseInLocation(time.DateOnly, d.String(), gonghui.Shanghai)
		f.Until = t.AddDate(0, 0, 1)
	}
	return f
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := auditFilter(q)
	f.Page = pageParams(q, 50)
	events, total, err := s.store.ListAudit(r.Context(), actorFrom(r), f)
	if err != nil {
		return err
	}
	actions, err := s.store.AuditActions(r.Context())
	if err != nil {
		return err
	}
	lang := i18n.FromRequest(r)
	words := make([]auditWords, len(events))
	for i, e := range events {
		words[i] = describeAudit(lang, e)
	}
	type choice struct{ Key, Name string }
	named := make([]choice, len(actions))
	for i, act := range actions {
		named[i] = choice{act, actionWords(lang, act)}
		if strings.HasPrefix(act, "import.") {
			named[i].Name += i18n.T(lang, "import.kind."+strings.TrimPrefix(act, "import."))
		}
	}
	s.render(w, r, http.StatusOK, "audit/list", page{Title: i18n.T(lang, "nav.audit"), Form: q,
		Data: struct {
			Events  []auditWords
			Actions []choice
			Pager   pager
		}{words, named, newPager(r, f.Page, total)}})
	return nil
}
