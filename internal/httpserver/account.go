package httpserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// accountModule is every user's own account: their password, their
// sessions and their API tokens, whatever their role.
var accountModule = module{
	name: "account",
	routes: func(s *Server, r *router) {
		r.partnerUI("GET /account", s.accountPage)
		r.partnerUI("POST /account/password", s.accountPassword)
		r.partnerUI("POST /account/sessions/end", s.accountEndSessions)
		r.partnerUI("POST /account/tokens/{token}/revoke", s.accountRevokeToken)
	},
}

type accountView struct {
	User     gonghui.User
	Sessions []store.SessionInfo
	Tokens   []store.APIToken
	Done     string // i18n key of what the last action did
}

// sessionToken is the token of the request's session cookie.
func sessionToken(r *http.Request) string {
	if c, err := r.Cookie(SessionCookie); err == nil {
		return c.Value
	}
	return ""
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, p page) error {
	a := actorFrom(r)
	u, _ := userFrom(r.Context())
	v := accountView{User: u, Done: r.URL.Query().Get("done")}
	if !strings.HasPrefix(v.Done, "account.") || !i18n.Has(v.Done) {
		v.Done = "" // one of this page's own texts, never text from the address
	}
	var err error
	if v.Sessions, err = s.store.OwnSessions(r.Context(), a, sessionToken(r)); err != nil {
		return err
	}
	if v.Tokens, err = s.store.ListTokens(r.Context(), a, u.ID); err != nil {
		return err
	}
	p.Title, p.Data = i18n.T(i18n.FromRequest(r), "account.title"), v
	if p.Flash == "" && v.Done != "" {
		p.Flash = i18n.T(i18n.FromRequest(r), v.Done)
	}
	s.render(w, r, status, "account/show", p)
	return nil
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, page{})
}

func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	lang := i18n.FromRequest(r)
	errs := map[string]string{}
	if f.Get("password") != f.Get("password_again") {
		errs["password_again"] = gonghui.Message{Zh: "两次输入的新密码不一致", En: "the two new passwords differ"}.In(lang)
	}
	var err error
	if len(errs) == 0 {
		err = s.store.ChangeOwnPassword(r.Context(), actorFrom(r), f.Get("current_password"), f.Get("password"), sessionToken(r))
	}
	if errs = mergeErrors(errs, err, lang); errs != nil {
		// Passwords are never sent back into the form.
		return s.renderAccount(w, r, http.StatusUnprocessableEntity, page{Errors: errs, Form: url.Values{}, Flash: i18n.T(lang, "common.errors")})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=account.password_changed", http.StatusSeeOther)
	return nil
}

func (s *Server) accountEndSessions(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.store.EndOtherSessions(r.Context(), actorFrom(r), sessionToken(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=account.sessions_ended", http.StatusSeeOther)
	return nil
}

func (s *Server) accountRevokeToken(w http.ResponseWriter, r *http.Request) error {
	tid, err := strconv.ParseInt(r.PathValue("token"), 10, 64)
	if err != nil {
		return gonghui.ErrNotFound
	}
	a := actorFrom(r)
	// Only the user's own tokens, whatever their role: an administrator
	// revokes other people's on the accounts page.
	tokens, err := s.store.ListTokens(r.Context(), a, a.UserID)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		if t.ID == tid {
			if err := s.store.RevokeToken(r.Context(), a, tid); err != nil {
				return err
			}
			http.Redirect(w, r, "/account?done=account.token_revoked", http.StatusSeeOther)
			return nil
		}
	}
	return gonghui.ErrNotFound
}
