package httpserver

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// The member portal (会员之家): a member's own door, apart from the cadres'.
// Its pages live under /portal/ and its API under /api/v1/portal/; a
// member's session is its own cookie (PortalCookie), a cadre's session
// opens none of it and a member's opens nothing of the cadres'. Pages are
// small and script-free (a 360 px phone on a slow network).

// PortalCookie is the name of a member's session cookie.
const PortalCookie = "gonghui_member"

// portalModule is the member portal, and the cadre's page that issues the
// members' activation codes.
var portalModule = module{
	name: "portal",
	nav: []navEntry{
		{label: "nav.portal_codes", href: "/members/portal-codes", perm: gonghui.PermEditMembers, group: "nav.group.members"},
	},
	routes: func(s *Server, r *router) {
		r.form("GET /members/portal-codes", gonghui.PermEditMembers, s.portalCodesForm)
		r.ui("POST /members/portal-codes", s.portalCodesIssue)
		r.ui("GET /members/card-verify", s.cardVerify)

		r.portalOpen("GET /portal/login", s.portalLoginPage)
		r.portalOpen("POST /portal/login", s.portalLoginSubmit)
		r.portalOpen("GET /portal/activate", s.portalActivatePage)
		r.portalOpen("POST /portal/activate", s.portalActivateSubmit)
		r.portalPage("GET /portal/{$}", s.portalHome)
		r.portalPage("GET /portal/memberships/{id}", s.portalMembership)
		r.portalPage("GET /portal/card", s.portalCard)
		r.portalOpen("GET /portal/card-key", s.portalCardKey)
		r.portalPage("GET /portal/password", s.portalPasswordPage)
		r.portalPage("POST /portal/password", s.portalPasswordSubmit)
		r.portalPage("GET /portal/phone", s.portalPhonePage)
		r.portalPage("POST /portal/phone/code", s.portalPhoneCode)
		r.portalPage("POST /portal/phone/verify", s.portalPhoneVerify)
		r.portalPage("POST /portal/logout", s.portalLogout)

		r.portalAPI("POST /api/v1/portal/activate", noSession, s.apiPortalActivate)
		r.portalAPI("POST /api/v1/portal/login", noSession, s.apiPortalLogin)
		r.portalAPI("POST /api/v1/portal/password", anySession, s.apiPortalPassword)
		r.portalAPI("POST /api/v1/portal/logout", anySession, s.apiPortalLogout)
		r.portalJSON("GET /api/v1/portal/me", s.apiPortalMe)
		r.portalJSON("GET /api/v1/portal/memberships/{id}", s.apiPortalMembership)
		r.portalJSON("GET /api/v1/portal/card", s.apiPortalCard)
		r.portalJSON("POST /api/v1/portal/phone/code", s.apiPortalPhoneCode)
		r.portalJSON("POST /api/v1/portal/phone/verify", s.apiPortalPhoneVerify)
	},
	apiTypes: map[string]any{
		"PortalHome": store.PortalHome{}, "PortalAccount": gonghui.PortalAccount{},
		"PortalPhoneInput": portalPhoneInput{}, "PortalCard": portalCard{},
		"CardClaims": gonghui.CardClaims{}, "PortalActivateInput": portalActivateInput{}, "PortalLoginInput": portalLoginInput{},
		"PortalPasswordInput": portalPasswordInput{},
	},
}

// memberKey carries the member's account and session token in a portal
// request's context.
type memberKey struct{}

type portalSession struct {
	account gonghui.PortalAccount
	token   string
}

func memberFrom(r *http.Request) (gonghui.PortalAccount, string) {
	m, _ := r.Context().Value(memberKey{}).(portalSession)
	return m.account, m.token
}

// portalOpen registers a portal page that needs no session (login,
// activation).
func (rt *router) portalOpen(pattern string, h uiHandler) {
	rt.portal = append(rt.portal, pattern)
	rt.mux.Handle(pattern, rt.s.portalUI(h, false))
}

// portalPage registers a portal page or form action that needs a live
// member session; until the member has set a password, every page but the
// password's sends them there.
func (rt *router) portalPage(pattern string, h uiHandler) {
	rt.portal = append(rt.portal, pattern)
	rt.mux.Handle(pattern, rt.s.portalUI(h, true))
}

// portalJSON registers a portal API endpoint: a live member session with
// a password set, 401 otherwise. The OpenAPI document lists it.
func (rt *router) portalJSON(pattern string, h func(r *http.Request) (int, any, error)) {
	rt.portalAPI(pattern, fullSession, func(_ http.ResponseWriter, r *http.Request) (int, any, error) { return h(r) })
}

// portalNeed is the session a portal API endpoint asks for.
type portalNeed int

const (
	noSession   portalNeed = iota // activation, login: the session held, if any, is read (and rotated)
	anySession                    // the first password, logout: a live session, password or not
	fullSession                   // everything else: a live session with a password set
)

// portalAPI registers a portal API endpoint that asks for need; its
// handler may set cookies (a sign-in's session).
func (rt *router) portalAPI(pattern string, need portalNeed, h func(w http.ResponseWriter, r *http.Request) (int, any, error)) {
	rt.api = append(rt.api, apiRoute{pattern: pattern})
	rt.portal = append(rt.portal, pattern)
	rt.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		m, ok, err := rt.s.memberSession(w, r)
		if err != nil {
			rt.s.apiFail(w, r, err)
			return
		}
		if need == anySession && !ok || need == fullSession && (!ok || !m.account.HasPassword) {
			writeJSON(w, http.StatusUnauthorized, apiErrorBody{apiError{Message: i18n.T(i18n.FromRequest(r), "portal.need_login")}})
			return
		}
		if ok {
			r = r.WithContext(context.WithValue(r.Context(), memberKey{}, m))
		}
		status, body, err := h(w, r)
		if err != nil {
			rt.s.apiFail(w, r, err)
			return
		}
		writeJSON(w, status, body)
	}))
}

// memberSession reads the request's member session; a dead one's cookie
// is cleared.
func (s *Server) memberSession(w http.ResponseWriter, r *http.Request) (portalSession, bool, error) {
	c, err := r.Cookie(PortalCookie)
	if err != nil {
		return portalSession{}, false, nil
	}
	acct, err := s.store.PortalSession(r.Context(), c.Value)
	if errors.Is(err, gonghui.ErrNotFound) {
		s.clearSession(w, PortalCookie)
		return portalSession{}, false, nil
	}
	return portalSession{acct, c.Value}, err == nil, err
}

func (s *Server) portalUI(h uiHandler, needSession bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		m, ok, err := s.memberSession(w, r)
		switch {
		case err != nil:
			s.portalFail(w, r, err)
			return
		case ok:
			r = r.WithContext(context.WithValue(r.Context(), memberKey{}, m))
		case needSession && r.Method != http.MethodGet:
			http.Error(w, "session expired", http.StatusUnauthorized)
			return
		case needSession:
			http.Redirect(w, r, "/portal/login", http.StatusSeeOther)
			return
		}
		if needSession && !m.account.HasPassword && r.URL.Path != "/portal/password" && r.URL.Path != "/portal/logout" {
			http.Redirect(w, r, "/portal/password", http.StatusSeeOther)
			return
		}
		if err := h(w, r); err != nil {
			s.portalFail(w, r, err)
		}
	})
}

// portalPage is what a portal page receives.
type portalView struct {
	Lang    string
	Title   string
	Flash   string
	Errors  map[string]string
	Form    url.Values
	Account *gonghui.PortalAccount
	Data    any
}

func (v portalView) Err(field string) string { return v.Errors[field] }
func (v portalView) Val(field string) string { return v.Form.Get(field) }

// renderPortal writes a portal page in the portal's own small layout.
func (s *Server) renderPortal(w http.ResponseWriter, r *http.Request, status int, name string, v portalView) {
	v.Lang = i18n.FromRequest(r)
	if acct, _ := memberFrom(r); acct.ID != 0 {
		v.Account = &acct
	}
	if v.Title == "" {
		v.Title = i18n.T(v.Lang, "portal.title")
	}
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("missing template", "name", name)
		http.Error(w, "missing template", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer // whole or not at all
	if err := t.ExecuteTemplate(&buf, "portal", v); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "render error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// portalForm shows a refused form again with its errors (the form posted
// unless v brings its own), or answers
// another error with the portal's error page.
func (s *Server) portalForm(w http.ResponseWriter, r *http.Request, name string, v portalView, err error) error {
	lang := i18n.FromRequest(r)
	fields := fieldErrors(err, lang)
	if fields == nil {
		return err
	}
	v.Errors = fields
	if v.Form == nil {
		v.Form = r.PostForm
	}
	v.Flash = i18n.T(lang, "common.errors")
	s.renderPortal(w, r, http.StatusUnprocessableEntity, name, v)
	return nil
}

func (s *Server) portalFail(w http.ResponseWriter, r *http.Request, err error) {
	f := s.failureOf(r, err)
	f.setHeaders(w)
	msg := f.message
	if len(f.fields) > 0 {
		msg += "：" + joinReasons(f.fields)
	}
	s.renderPortal(w, r, f.status, "portal/error", portalView{Data: msg})
}

// limited answers 429 when the client address backs off from kind of
// attempt (activation, login, SMS); free tries pass.
func (s *Server) limited(w http.ResponseWriter, r *http.Request, kind, page string) bool {
	if s.limiter.Allow(kind + ":" + clientAddr(r)) {
		return false
	}
	lang := i18n.FromRequest(r)
	s.renderPortal(w, r, http.StatusTooManyRequests, page, portalView{Form: r.PostForm, Flash: i18n.T(lang, "portal.try_later")})
	return true
}

// tried records the outcome of an attempt of kind from the client address.
func (s *Server) tried(r *http.Request, kind string, ok bool) {
	if ok {
		s.limiter.Succeed(kind + ":" + clientAddr(r))
	} else {
		s.limiter.Fail(kind + ":" + clientAddr(r))
	}
}

func (s *Server) portalLoginPage(w http.ResponseWriter, r *http.Request) error {
	s.renderPortal(w, r, http.StatusOK, "portal/login", portalView{})
	return nil
}

func (s *Server) portalLoginSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if s.limited(w, r, "portal-login", "portal/login") {
		return nil
	}
	_, old := memberFrom(r)
	_, token, result, err := s.store.PortalLogin(r.Context(), r.PostForm.Get("login"), r.PostForm.Get("password"), clientAddr(r), old)
	if err != nil {
		return err
	}
	s.tried(r, "portal-login", result == store.LoginOK)
	if result != store.LoginOK {
		s.renderPortal(w, r, http.StatusUnauthorized, "portal/login", portalView{Form: r.PostForm, Flash: i18n.T(i18n.FromRequest(r), "portal.login_bad")})
		return nil
	}
	s.setSession(w, PortalCookie, token)
	http.Redirect(w, r, "/portal/", http.StatusSeeOther)
	return nil
}

func (s *Server) portalActivatePage(w http.ResponseWriter, r *http.Request) error {
	s.renderPortal(w, r, http.StatusOK, "portal/activate", portalView{Form: url.Values{"code": {r.URL.Query().Get("code")}}})
	return nil
}

func (s *Server) portalActivateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if s.limited(w, r, "portal-activate", "portal/activate") {
		return nil
	}
	_, old := memberFrom(r)
	_, token, err := s.store.Activate(r.Context(), r.PostForm.Get("code"), r.PostForm.Get("id_number"), clientAddr(r), old)
	s.tried(r, "portal-activate", err == nil)
	if err != nil {
		return s.portalForm(w, r, "portal/activate", portalView{}, err)
	}
	s.setSession(w, PortalCookie, token)
	http.Redirect(w, r, "/portal/password", http.StatusSeeOther)
	return nil
}

func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) error {
	acct, _ := memberFrom(r)
	home, err := s.store.PortalHomeOf(r.Context(), acct)
	if err != nil {
		return err
	}
	s.renderPortal(w, r, http.StatusOK, "portal/home", portalView{Data: home})
	return nil
}

func (s *Server) portalMembership(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	acct, _ := memberFrom(r)
	m, err := s.store.PortalMembership(r.Context(), acct, id)
	if err != nil {
		return err
	}
	s.renderPortal(w, r, http.StatusOK, "portal/membership", portalView{Title: m.OrgName, Data: m})
	return nil
}

func (s *Server) portalPasswordPage(w http.ResponseWriter, r *http.Request) error {
	s.renderPortal(w, r, http.StatusOK, "portal/password", portalView{})
	return nil
}

func (s *Server) portalPasswordSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	acct, token := memberFrom(r)
	f := r.PostForm
	v := &gonghui.ValidationError{}
	if f.Get("password") != f.Get("password2") {
		v.Add("password2", "两次输入的密码不一致", "the two passwords differ")
	}
	err := v.Err()
	if err == nil {
		err = s.store.SetPortalPassword(r.Context(), acct, f.Get("current_password"), f.Get("password"), token, clientAddr(r))
	}
	if err != nil {
		return s.portalForm(w, r, "portal/password", portalView{}, err)
	}
	http.Redirect(w, r, "/portal/", http.StatusSeeOther)
	return nil
}

func (s *Server) portalPhonePage(w http.ResponseWriter, r *http.Request) error {
	s.renderPortal(w, r, http.StatusOK, "portal/phone", portalView{Form: url.Values{}})
	return nil
}

func (s *Server) portalPhoneCode(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if s.limited(w, r, "portal-sms-send", "portal/phone") {
		return nil
	}
	acct, _ := memberFrom(r)
	err := s.sendPhoneCode(r, acct, r.PostForm.Get("phone"))
	if err != nil {
		return s.portalForm(w, r, "portal/phone", portalView{}, err)
	}
	s.renderPortal(w, r, http.StatusOK, "portal/phone", portalView{Form: url.Values{"phone": {r.PostForm.Get("phone")}, "sent": {"1"}},
		Flash: i18n.T(i18n.FromRequest(r), "portal.sms_sent")})
	return nil
}

// sendPhoneCode sends a code to bind phone. Each send counts against the
// client address (free ones first, then backing off), as each costs a
// text message; the store backs off per account.
func (s *Server) sendPhoneCode(r *http.Request, acct gonghui.PortalAccount, phone string) error {
	s.limiter.Fail("portal-sms-send:" + clientAddr(r))
	return s.store.SendPhoneCode(r.Context(), acct, phone, clientAddr(r), s.sms.Send)
}

func (s *Server) portalPhoneVerify(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if s.limited(w, r, "portal-sms", "portal/phone") {
		return nil
	}
	acct, _ := memberFrom(r)
	_, err := s.store.VerifyPhoneCode(r.Context(), acct, r.PostForm.Get("sms_code"), clientAddr(r))
	s.tried(r, "portal-sms", err == nil)
	if err != nil {
		r.PostForm.Set("sent", "1")
		return s.portalForm(w, r, "portal/phone", portalView{}, err)
	}
	http.Redirect(w, r, "/portal/", http.StatusSeeOther)
	return nil
}

func (s *Server) portalLogout(w http.ResponseWriter, r *http.Request) error {
	acct, token := memberFrom(r)
	if err := s.store.PortalLogout(r.Context(), acct, token, clientAddr(r)); err != nil {
		return err
	}
	s.clearSession(w, PortalCookie)
	http.Redirect(w, r, "/portal/login", http.StatusSeeOther)
	return nil
}

func (s *Server) apiPortalMe(r *http.Request) (int, any, error) {
	acct, _ := memberFrom(r)
	home, err := s.store.PortalHomeOf(r.Context(), acct)
	return http.StatusOK, home, err
}

func (s *Server) apiPortalMembership(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	acct, _ := memberFrom(r)
	m, err := s.store.PortalMembership(r.Context(), acct, id)
	return http.StatusOK, m, err
}

// portalPhoneInput is the body of the phone-binding endpoints: the phone
// to send a code to, or the code received.
type portalPhoneInput struct {
	Phone   string `json:"phone,omitempty"`
	SMSCode string `json:"sms_code,omitempty"`
}

func (s *Server) apiPortalPhoneCode(r *http.Request) (int, any, error) {
	var in portalPhoneInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if !s.limiter.Allow("portal-sms-send:" + clientAddr(r)) {
		return 0, nil, gonghui.Invalid("phone", "尝试过于频繁，请稍后再试", "too many attempts: try again a little later")
	}
	acct, _ := memberFrom(r)
	if err := s.sendPhoneCode(r, acct, in.Phone); err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, struct{}{}, nil
}

func (s *Server) apiPortalPhoneVerify(r *http.Request) (int, any, error) {
	var in portalPhoneInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if !s.limiter.Allow("portal-sms:" + clientAddr(r)) {
		return 0, nil, gonghui.Invalid("sms_code", "尝试过于频繁，请稍后再试", "too many attempts: try again a little later")
	}
	acct, _ := memberFrom(r)
	out, err := s.store.VerifyPhoneCode(r.Context(), acct, in.SMSCode, clientAddr(r))
	s.tried(r, "portal-sms", err == nil)
	return http.StatusOK, out, err
}

// portalCodesForm is the cadre's page that issues activation codes to a
// union's members (or one member, ?member=).
func (s *Server) portalCodesForm(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	s.render(w, r, http.StatusOK, "portal/codes_form", page{Title: i18n.T(lang, "portal.codes"),
		Form: url.Values{"org_code": {r.URL.Query().Get("org_code")}, "member_id": {r.URL.Query().Get("member")}}})
	return nil
}

// portalCodesIssue issues the codes and prints them once, each with its
// QR (the activation page's address with the code): only their hashes are
// kept, so the printed list is the one copy. It is an export of a list of
// members by name, audited as such.
func (s *Server) portalCodesIssue(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a := actorFrom(r)
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.ErrForbidden
	}
	f := r.PostForm
	var req store.PortalCodeRequest
	var org gonghui.Org
	var err error
	switch {
	case strings.TrimSpace(f.Get("member_id")) != "":
		if req.MemberID, err = strconv.ParseInt(strings.TrimSpace(f.Get("member_id")), 10, 64); err != nil || req.MemberID <= 0 {
			err = gonghui.Invalid("member_id", "请填写会员编号（数字）", "give the member's number")
			break
		}
		var m gonghui.Member
		if m, err = s.store.GetMember(r.Context(), a, req.MemberID, false); err == nil {
			org, err = s.store.GetOrg(r.Context(), a, m.OrgID)
		} else if errors.Is(err, gonghui.ErrNotFound) {
			err = gonghui.Invalid("member_id", "您的管辖范围内没有此会员", "no member of this number in your scope")
		}
	case strings.TrimSpace(f.Get("org_code")) != "":
		org, err = s.orgByCodeField(r, a, strings.TrimSpace(f.Get("org_code")), "org_code")
		req.OrgID = org.ID
	default:
		org, err = s.scopeOrg(r, a, 0)
		req.OrgID = org.ID
	}
	if fields := formErrors(err, i18n.FromRequest(r)); fields != nil {
		s.renderForm(w, r, "portal/codes_form", page{Title: i18n.T(i18n.FromRequest(r), "portal.codes"), Form: f, Errors: fields})
		return nil
	}
	if err != nil {
		return err
	}
	ex, err := s.store.StartExport(r.Context(), a, "portal_codes", org.ID, org.Path, map[string]any{"member_id": req.MemberID})
	if err != nil {
		return err
	}
	codes, err := s.store.IssueActivationCodes(r.Context(), a, req)
	if err == nil {
		err = s.printForm(w, r, "portal/codes", "codes", printView{Union: org, Title: i18n.T(i18n.FromRequest(r), "portal.codes"),
			Record: struct {
				Codes []store.IssuedCode
				Base  string
			}{codes, siteURL(r) + "/portal/activate?code="}})
	}
	if aerr := ex.End(len(codes), err); err == nil {
		err = aerr
	}
	return err
}

// portalCard is a member's card as shown: the signed token, the address
// its QR carries (the desk's verifying page) and what it says.
type portalCard struct {
	Token  string             `json:"token"`
	URL    string             `json:"url"`
	Claims gonghui.CardClaims `json:"claims"`
}

func (s *Server) cardOf(r *http.Request) (portalCard, error) {
	acct, _ := memberFrom(r)
	token, c, err := s.store.PortalCard(r.Context(), acct)
	return portalCard{token, siteURL(r) + "/members/card-verify?t=" + token, c}, err
}

// portalCard shows the member's card as a QR (the one portal page with a
// script: the vendored QR generator, cached).
func (s *Server) portalCard(w http.ResponseWriter, r *http.Request) error {
	card, err := s.cardOf(r)
	if err != nil {
		return err
	}
	s.renderPortal(w, r, http.StatusOK, "portal/card", portalView{Data: card})
	return nil
}

func (s *Server) apiPortalCard(r *http.Request) (int, any, error) {
	card, err := s.cardOf(r)
	return http.StatusOK, card, err
}

// portalCardKey answers the public key cards are verified with (hex), for
// a desk's offline checker (gonghui portal verify-card).
func (s *Server) portalCardKey(w http.ResponseWriter, r *http.Request) error {
	key, err := s.store.CardKey()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(hex.EncodeToString(key.Public().(ed25519.PublicKey)) + "\n"))
	return nil
}

// cardVerify is a union desk's check of a member's card QR (?t=): the
// signature and the expiry, as the offline checker does them.
func (s *Server) cardVerify(w http.ResponseWriter, r *http.Request) error {
	key, err := s.store.CardKey()
	if err != nil {
		return err
	}
	lang := i18n.FromRequest(r)
	c, verr := gonghui.VerifyCardToken(key.Public().(ed25519.PublicKey), r.URL.Query().Get("t"), time.Now())
	status, msg := http.StatusOK, ""
	if verr != nil {
		status, msg = http.StatusUnprocessableEntity, joinReasons(fieldErrors(verr, lang))
	}
	s.render(w, r, status, "portal/card_verify", page{Title: i18n.T(lang, "portal.card_verify"), Data: struct {
		Claims gonghui.CardClaims
		Valid  bool
		Reason string
	}{c, verr == nil, msg}})
	return nil
}

// The sign-in of a phone app, by API: activation, login, the password,
// logout. The session is the portal's cookie, as for the pages, under the
// same limits per client address.

// portalActivateInput is the body of POST /api/v1/portal/activate.
type portalActivateInput struct {
	Code     string `json:"code"`
	IDNumber string `json:"id_number"`
}

// portalLoginInput is the body of POST /api/v1/portal/login.
type portalLoginInput struct {
	Login    string `json:"login"` // the ID number or the bound phone
	Password string `json:"password"`
}

// portalPasswordInput is the body of POST /api/v1/portal/password; the
// current password is asked once one is set.
type portalPasswordInput struct {
	CurrentPassword string `json:"current_password,omitempty"`
	Password        string `json:"password"`
}

// tooManyTries is the API's answer to a client address backing off.
func tooManyTries(r *http.Request) (int, any, error) {
	return http.StatusTooManyRequests, apiErrorBody{apiError{Message: i18n.T(i18n.FromRequest(r), "portal.try_later")}}, nil
}

func (s *Server) apiPortalActivate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var in portalActivateInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if !s.limiter.Allow("portal-activate:" + clientAddr(r)) {
		return tooManyTries(r)
	}
	_, old := memberFrom(r)
	acct, token, err := s.store.Activate(r.Context(), in.Code, in.IDNumber, clientAddr(r), old)
	s.tried(r, "portal-activate", err == nil)
	if err != nil {
		return 0, nil, err
	}
	s.setSession(w, PortalCookie, token)
	return http.StatusOK, acct, nil
}

func (s *Server) apiPortalLogin(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var in portalLoginInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if !s.limiter.Allow("portal-login:" + clientAddr(r)) {
		return tooManyTries(r)
	}
	_, old := memberFrom(r)
	acct, token, result, err := s.store.PortalLogin(r.Context(), in.Login, in.Password, clientAddr(r), old)
	if err != nil {
		return 0, nil, err
	}
	s.tried(r, "portal-login", result == store.LoginOK)
	if result != store.LoginOK {
		return http.StatusUnauthorized, apiErrorBody{apiError{Message: i18n.T(i18n.FromRequest(r), "portal.login_bad")}}, nil
	}
	s.setSession(w, PortalCookie, token)
	return http.StatusOK, acct, nil
}

func (s *Server) apiPortalPassword(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	var in portalPasswordInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	acct, token := memberFrom(r)
	if err := s.store.SetPortalPassword(r.Context(), acct, in.CurrentPassword, in.Password, token, clientAddr(r)); err != nil {
		return 0, nil, err
	}
	acct.HasPassword = true
	return http.StatusOK, acct, nil
}

func (s *Server) apiPortalLogout(w http.ResponseWriter, r *http.Request) (int, any, error) {
	acct, token := memberFrom(r)
	if err := s.store.PortalLogout(r.Context(), acct, token, clientAddr(r)); err != nil {
		return 0, nil, err
	}
	s.clearSession(w, PortalCookie)
	return http.StatusOK, struct{}{}, nil
}
