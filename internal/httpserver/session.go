package httpserver

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "gonghui_session"

// uiHandler is a UI handler: it writes its page, or returns an error that
// the wrapper answers with the error page (see failureOf), as API handlers
// do. Errors a form shows beside its fields it handles itself.
type uiHandler func(http.ResponseWriter, *http.Request) error

// ui wraps a UI handler: it needs a live session, else it redirects to the
// login page.
func (s *Server) ui(h uiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(SessionCookie)
		if err == nil {
			u, err := s.store.Session(r.Context(), c.Value)
			if err == nil {
				w.Header().Set("Cache-Control", "no-store")
				r = r.WithContext(withUser(r.Context(), u))
				if err := h(w, r); err != nil {
					s.uiFail(w, r, err)
				}
				return
			}
			if !errors.Is(err, gonghui.ErrNotFound) {
				s.uiFail(w, r, err)
				return
			}
			s.clearSession(w, SessionCookie)
		}
		if r.Method != http.MethodGet {
			http.Error(w, "session expired", http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
	})
}

// setSession sets a session cookie: the cadres' (SessionCookie) or the
// members' (PortalCookie), each its own namespace.
func (s *Server) setSession(w http.ResponseWriter, name, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: token, Path: "/", HttpOnly: true, Secure: s.secureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(store.SessionLifetime / time.Second),
	})
}

func (s *Server) clearSession(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true, Secure: s.secureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	lang := i18n.FromRequest(r)
	s.render(w, r, http.StatusOK, "core/login", page{Title: i18n.T(lang, "login.title"), Form: url.Values{"next": {r.URL.Query().Get("next")}}})
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		s.uiFail(w, r, err)
		return
	}
	p := page{Title: i18n.T(lang, "login.title"), Form: r.PostForm, Flash: i18n.T(lang, "login.bad")}
	addr := clientAddr(r)
	if !s.limiter.Allow(addr) {
		s.render(w, r, http.StatusTooManyRequests, "core/login", p)
		return
	}
	old := ""
	if c, err := r.Cookie(SessionCookie); err == nil {
		old = c.Value
	}
	_, token, result, err := s.store.Login(r.Context(), r.PostForm.Get("username"), r.PostForm.Get("password"), addr, old)
	if err != nil {
		s.uiFail(w, r, err)
		return
	}
	if result != store.LoginOK {
		s.limiter.Fail(addr)
		s.render(w, r, http.StatusUnauthorized, "core/login", p)
		return
	}
	s.limiter.Succeed(addr)
	s.setSession(w, SessionCookie, token)
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}

// safeNext keeps redirects after login on this site: only a clean
// absolute path (one leading slash, no backslash, no control character or
// space, which browsers drop or turn into slashes: "/\t/evil.example" is
// "//evil.example" to them) is followed, as it is and once decoded.
func safeNext(next string) string {
	path, _, _ := strings.Cut(next, "?")
	decoded, err := url.PathUnescape(path)
	if err != nil || !cleanPath(next) || !cleanPath(decoded) {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}

func cleanPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	for _, r := range p {
		if r <= ' ' || r == 0x7f || r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := s.store.Logout(r.Context(), actorFrom(r), c.Value); err != nil {
			return err
		}
	}
	s.clearSession(w, SessionCookie)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

func (s *Server) switchLang(w http.ResponseWriter, r *http.Request) {
	lang := r.PathValue("lang")
	if lang != i18n.En {
		lang = i18n.Zh
	}
	http.SetCookie(w, &http.Cookie{Name: i18n.CookieName, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies})
	back := "/"
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
		back = safeNext(ref.RequestURI())
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
