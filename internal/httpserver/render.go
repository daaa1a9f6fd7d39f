package httpserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonghui"
	"gonghui/internal/auth"
	"gonghui/internal/i18n"
	"gonghui/internal/importer"
	"gonghui/refdata"
	"gonghui/web"
)

// page is what every template receives.
type page struct {
	Lang  string
	User  *gonghui.User
	Title string
	Flash string
	// FlashKind is flashDone for a success message, else a warning or
	// a refusal.
	FlashKind string
	Errors    map[string]string // field -> reason, in the page's language
	Form      url.Values
	Data      any
	Path      string
	// NavGroups and Crumbs are the navigation and breadcrumbs the layout
	// draws; render fills them.
	NavGroups []navGroup
	Crumbs    []crumb
}

// Can is used by templates to show only the actions the role may do.
func (p page) Can(perm string) bool {
	return p.User != nil && p.User.Role.Can(gonghui.Permission(perm))
}

// inLang is the part of a stored "中文 / English" message in lang: an
// import's messages and warnings are kept in both languages in one text.
// A text without the separator is shown as it is.
func inLang(lang, s string) string {
	zh, en, ok := strings.Cut(s, " / ")
	switch {
	case !ok:
		return s
	case lang == i18n.En:
		return en
	}
	return zh
}

// showDate is a date as a reader of the page's language reads it:
// 2017年9月30日 in Chinese, 2017-09-30 (ISO) in English; "" for none. It
// takes a gonghui.Date, a time (its Shanghai calendar day) or an ISO text
// as the templates hold them; a text that is no date is shown as it is.
// Inputs and exports keep ISO: this is for reading only.
func showDate(lang string, v any) string {
	var d gonghui.Date
	switch x := v.(type) {
	case gonghui.Date:
		d = x
	case *gonghui.Date:
		if x != nil {
			d = *x
		}
	case time.Time:
		if !x.IsZero() {
			d = gonghui.DateOf(x)
		}
	case string:
		p, err := gonghui.ParseDate(x)
		if err != nil {
			return x
		}
		d = p
	default:
		return fmt.Sprint(v)
	}
	if d.IsZero() {
		return ""
	}
	if lang == i18n.En {
		return d.String()
	}
	return d.Chinese()
}

// showDateTime is a moment as showDate writes its day, then the Shanghai
// time of day (with the seconds when asked: the audit log's order).
func showDateTime(lang string, t time.Time, seconds ...bool) string {
	if t.IsZero() {
		return ""
	}
	layout := "15:04"
	if len(seconds) > 0 && seconds[0] {
		layout = "15:04:05"
	}
	return showDate(lang, t) + " " + t.In(gonghui.Shanghai).Format(layout)
}

// CityAdmin reports whether the user administers the whole tree: what the
// federation-wide settings (rates, bargaining topics, retention) need.
func (p page) CityAdmin() bool {
	return p.User != nil && p.User.Role == gonghui.RoleAdmin && len(gonghui.PathIDs(p.User.OrgPath)) == 1
}

// Err returns the reason for field, for showing it beside the field.
func (p page) Err(field string) string { return p.Errors[field] }

// Val returns a submitted form value, to refill a form after an error.
func (p page) Val(field string) string { return p.Form.Get(field) }

// formField is what the "input" template draws: a labelled input with its
// error beside it.
type formField struct {
	P                 page
	Name, Label, Type string
	List              string // id of a datalist offering values, if any
}

// parsePages parses every module's pages with the layout and the
// partials; the templates draw the modules' code lists by name.
func parsePages(mods []module) (map[string]*template.Template, error) {
	choiceLists, err := moduleChoices(mods)
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"t":          i18n.T,
		"msg":        func(lang string, m gonghui.Message) string { return m.In(lang) },
		"kinds":      func() []gonghui.OrgKind { return gonghui.OrgKinds },
		"ownerships": func() []gonghui.Ownership { return gonghui.Ownerships },
		// rolesOf are the roles an account may have: a partner's account
		// (partnerID not 0) a partner's role, a union's account a union's.
		"rolesOf": func(partnerID int64) []gonghui.Role {
			if partnerID != 0 {
				return gonghui.PartnerRoles
			}
			return gonghui.Roles
		},
		"str":      func(v any) string { return fmt.Sprint(v) },
		"withLang": func(lang string, v any) map[string]any { return map[string]any{"Lang": lang, "V": v} },
		"fieldOf": func(p page, name, label, typ string, list ...string) formField {
			f := formField{P: p, Name: name, Label: label, Type: typ}
			if len(list) > 0 {
				f.List = list[0]
			}
			return f
		},
		"regionName":   func(code string) string { r, _ := refdata.RegionByCode(code); return r.Name },
		"industryName": func(code string) string { i, _ := refdata.IndustryByCode(code); return i.Name },
		"industries":   refdata.Industries,
		"percent":      percent,
		"date":         showDate,
		"dateTime":     showDateTime,
		"col": func(k *listKit, key, label string) sortCol {
			if k == nil {
				return sortCol{Label: label}
			}
			return k.Col(key, label)
		},
		"orgTable": func(lang string, orgs []gonghui.Org, k *listKit) map[string]any {
			return map[string]any{"Lang": lang, "Orgs": orgs, "Kit": k}
		},
		"choices": func(list string) []gonghui.Choice { return choiceLists[list] },
		"choiceName": func(lang, list, key string) string {
			if key == "" {
				return ""
			}
			return gonghui.ChoiceName(choiceLists[list], key).In(lang)
		},
		"ethnicities": func() []string { return gonghui.Ethnicities },
		"statuses": func() []gonghui.MemberStatus {
			return []gonghui.MemberStatus{gonghui.MemberActive, gonghui.MemberLeft, gonghui.MemberDeceased, gonghui.MemberTransferred}
		},
		"tstatuses": func() []string { return []string{"pending", "accepted", "rejected", "cancelled"} },
		"yuan":      func(fen int64) string { return gonghui.FormatFixed(fen, 2) },
		"minus":     func(a, b int) int { return a - b },
		"inc":       func(i int) int { return i + 1 },
		// fixed shows n hundredths (places 2) as a decimal: a mean, a share.
		"fixed": func(n any, places int) string {
			switch n := n.(type) {
			case int:
				return gonghui.FormatFixed(int64(n), places)
			case int64:
				return gonghui.FormatFixed(n, places)
			}
			return fmt.Sprint(n)
		},
		// upto is 1 … n (the points of a scale).
		"upto": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i + 1
			}
			return out
		},
		"inLang":      inLang,
		"splitLines":  func(s string) []string { return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' }) },
		"whichList":   func() []string { return []string{"denominator", "numerator", "missing"} },
		"importKinds": func() []string { return importer.Kinds() },
		"importLimit": func() int { return importer.MaxAllOrNothingRows },
		"bp":          func(bp int) string { return gonghui.FormatFixed(int64(bp), 2) + "%" },
		"points":      gonghui.FormatPoints,
		"exportLinks": newExportLinks,
		"hasValue": func(vals []string, v string) bool {
			for _, x := range vals {
				if x == v {
					return true
				}
			}
			return false
		},
		"beijingDistricts": refdata.BeijingDistricts,
		"beijingRegions": func() []refdata.Region {
			return append(refdata.BeijingDistricts(), refdata.BeijingStreets()...)
		},
	}
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(web.Templates, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	// Pages are templates/<module>/<page>.html, named "<module>/<page>".
	files, err := fs.Glob(web.Templates, "templates/*/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if strings.HasPrefix(name, "partials/") {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(web.Templates, f)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", f, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes a page with the layout.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.Lang = i18n.FromRequest(r)
	if u, ok := userFrom(r.Context()); ok {
		p.User = &u
	}
	p.Path = r.URL.RequestURI()
	groups, cur := s.navFor(p.User, r.URL.Path)
	p.NavGroups = groups
	if p.User != nil && r.URL.Path != "/" {
		p.Crumbs = crumbsFor(cur, r.URL.Path, p.Title)
	}
	if kind, text := s.takeFlash(w, r); text != "" && p.Flash == "" {
		p.Flash, p.FlashKind = text, kind
	}
	s.execute(w, status, name, "layout.html", p)
}

// renderFragment writes a page's content alone, without the layout: what
// htmx swaps into a part of a page (a picker's options).
func (s *Server) renderFragment(w http.ResponseWriter, r *http.Request, name string, p page) {
	p.Lang = i18n.FromRequest(r)
	s.execute(w, http.StatusOK, name, "content", p)
}

// execute writes the part part of the page name, whole or not at all.
func (s *Server) execute(w http.ResponseWriter, status int, name, part string, p page) {
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("missing template", "name", name)
		http.Error(w, "missing template", http.StatusInternalServerError)
		return
	}
	var buf strings.Builder
	if err := t.ExecuteTemplate(&buf, part, p); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "render error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(buf.String()))
}

// fieldErrors returns the reasons of a validation error in lang, or nil.
func fieldErrors(err error, lang string) map[string]string {
	var v *gonghui.ValidationError
	if !errors.As(err, &v) {
		return nil
	}
	out := map[string]string{}
	for f, m := range v.Fields {
		out[f] = m.In(lang)
	}
	return out
}

// failure is how an error answers a request, the same in the UI and the
// API: the one place where errors map to HTTP statuses.
type failure struct {
	status  int
	message string
	fields  map[string]string // a validation error's reasons by field
}

// setHeaders sets the headers the failure's status asks for: a 503 says
// when to try again.
func (f failure) setHeaders(w http.ResponseWriter) {
	if f.status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "2")
	}
}

// failureOf maps err: 422 for invalid input (with each field's reason), 409
// for a conflict (a stale edit), 413 for a body over its bound, 404 for
// records missing or outside the caller's scope, 403 for missing
// permissions, 503 when too many password checks wait, and 500, logged,
// for anything else.
func (s *Server) failureOf(r *http.Request, err error) failure {
	lang := i18n.FromRequest(r)
	var invalid *gonghui.ValidationError
	var conflict *gonghui.ConflictError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &invalid):
		return failure{http.StatusUnprocessableEntity, i18n.T(lang, "error.invalid"), fieldErrors(err, lang)}
	case errors.As(err, &conflict):
		return failure{status: http.StatusConflict, message: conflict.Message.In(lang)}
	case errors.Is(err, gonghui.ErrConflict):
		return failure{status: http.StatusConflict, message: i18n.T(lang, "error.conflict")}
	case errors.As(err, &tooLarge):
		return failure{status: http.StatusRequestEntityTooLarge, message: fmt.Sprintf(i18n.T(lang, "error.too_large"), tooLarge.Limit>>20)}
	case errors.Is(err, gonghui.ErrNotFound):
		return failure{status: http.StatusNotFound, message: i18n.T(lang, "error.not_found")}
	case errors.Is(err, gonghui.ErrForbidden):
		return failure{status: http.StatusForbidden, message: i18n.T(lang, "error.forbidden")}
	case errors.Is(err, auth.ErrBusy):
		return failure{status: http.StatusServiceUnavailable, message: i18n.T(lang, "error.busy")}
	}
	s.log.Error("request failed", "path", r.URL.Path, "err", err)
	return failure{status: http.StatusInternalServerError, message: i18n.T(lang, "error.internal")}
}

// uiFail renders the error page for err with the status failureOf maps it
// to; a validation error that reaches it (no form to show it on) lists its
// reasons.
func (s *Server) uiFail(w http.ResponseWriter, r *http.Request, err error) {
	f := s.failureOf(r, err)
	f.setHeaders(w)
	msg := f.message
	if len(f.fields) > 0 {
		msg += "：" + joinReasons(f.fields)
	}
	s.render(w, r, f.status, "core/error", page{Title: i18n.T(i18n.FromRequest(r), "error.title"), Data: msg})
}

// joinReasons lists a validation error's reasons in a stable order.
func joinReasons(fields map[string]string) string {
	msgs := make([]string, 0, len(fields))
	for _, m := range fields {
		msgs = append(msgs, m)
	}
	sort.Strings(msgs)
	return strings.Join(msgs, "；")
}

// formErrors is what a form shows of err beside its fields: each reason of
// a validation error at its field, and a conflict's reason under
// "version", shown above the form while what the user typed is kept. It is
// nil for any other error, which the UI wrapper answers.
func formErrors(err error, lang string) map[string]string {
	var conflict *gonghui.ConflictError
	if errors.As(err, &conflict) {
		return map[string]string{"version": conflict.Message.In(lang)}
	}
	return fieldErrors(err, lang)
}

// renderForm shows a refused form again with its errors (see formErrors):
// 409 for a conflict, which the form shows above its fields, else 422 with
// the banner that asks to correct the marked fields.
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, name string, p page) {
	if _, ok := p.Errors["version"]; ok {
		s.render(w, r, http.StatusConflict, name, p)
		return
	}
	if p.Flash == "" {
		p.Flash = i18n.T(i18n.FromRequest(r), "common.errors")
	}
	s.render(w, r, http.StatusUnprocessableEntity, name, p)
}

// maxBody bounds a UI form's or an API request's body; an import's upload
// has its own, larger bound (maxUpload).
const maxBody = 1 << 20

// parseForm reads a posted form of at most maxBody bytes. A body over the
// bound is answered 413, a malformed one as invalid input.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	err := r.ParseForm()
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooLarge):
		return tooLarge
	}
	return gonghui.Invalid("body", "无法读取提交的表单", "the submitted form could not be read")
}

// apiErrorBody is the error shape of every API error.
type apiErrorBody struct {
	Error apiError `json:"error"`
}

type apiError struct {
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// apiFail answers an error as JSON with the status failureOf maps it to;
// validation errors carry their fields.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	f := s.failureOf(r, err)
	f.setHeaders(w)
	writeJSON(w, f.status, apiErrorBody{apiError{Message: f.message, Fields: f.fields}})
}

// siteURL is the scheme and host the request came to, for addresses
// printed as QRs.
func siteURL(r *http.Request) string {
	if r.TLS == nil && r.Header.Get("X-Forwarded-Proto") != "https" {
		return "http://" + r.Host
	}
	return "https://" + r.Host
}

// pathID reads the {id} path value; a malformed id is simply not found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, gonghui.ErrNotFound
	}
	return id, nil
}

// pageParams reads ?page= (1-based) and ?limit= into a Page.
func pageParams(q url.Values, limit int) gonghui.Page {
	n, _ := strconv.Atoi(q.Get("page"))
	if l, err := strconv.Atoi(q.Get("limit")); err == nil && l > 0 {
		limit = l
	}
	if n < 1 {
		n = 1
	}
	return gonghui.Page{Offset: (n - 1) * limit, Limit: limit}.Normalize()
}

// pager is what list templates need to draw page links.
type pager struct {
	Page, Pages, Total int
	PrevURL, NextURL   string
	// Capped: the total is only known to pass Total, so no page count is
	// claimed.
	Capped bool
	// Keep are the list's other query values, which a page jump keeps.
	Keep url.Values
	Lang string
}

func newPager(r *http.Request, p gonghui.Page, total int) pager {
	cur := p.Offset/p.Limit + 1
	pg := pager{Page: cur, Total: total, Pages: (total + p.Limit - 1) / p.Limit}
	if cur > 1 {
		pg.PrevURL = pageURL(r, cur-1)
	}
	if cur < pg.Pages {
		pg.NextURL = pageURL(r, cur+1)
	}
	pg.Keep, pg.Lang = r.URL.Query(), i18n.FromRequest(r)
	pg.Keep.Del("page")
	return pg
}

// newCappedPager is the pager of a list whose count stops past limit: past
// it the pager says how far the count went and offers the next page while
// pages come full, without a page count it does not know.
func newCappedPager(r *http.Request, p gonghui.Page, total, limit, rows int) pager {
	if total <= limit {
		return newPager(r, p, total)
	}
	pg := newPager(r, p, limit)
	pg.Capped, pg.Total, pg.Pages, pg.NextURL = true, limit, 0, ""
	if rows == p.Limit {
		pg.NextURL = pageURL(r, pg.Page+1)
	}
	return pg
}

// pageURL is the request's address at page n.
func pageURL(r *http.Request, n int) string {
	q := r.URL.Query()
	q.Set("page", strconv.Itoa(n))
	return r.URL.Path + "?" + q.Encode()
}

// formAction runs an action posted from a record's page (prefix + id) and
// returns to that page.
func (s *Server) formAction(w http.ResponseWriter, r *http.Request, prefix string, do func(a gonghui.Actor, id int64, f url.Values) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	return s.returnTo(w, r, prefix+itoa(id), do(actorFrom(r), id, r.PostForm))
}

// returnTo redirects to the page back after an action; the reasons of a
// refusal (invalid input or a conflict) travel along and show there. Any
// other error is returned for the UI wrapper to answer.
func (s *Server) returnTo(w http.ResponseWriter, r *http.Request, back string, err error) error {
	lang := i18n.FromRequest(r)
	if errs := formErrors(err, lang); errs != nil {
		s.setFlash(w, flashError, joinReasons(errs))
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	s.setFlash(w, flashDone, i18n.T(lang, "common.done"))
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

func mustIndent(v any) []byte {
	b, _ := json.MarshalIndent(v, "", "  ")
	return b
}

// uiStepOf is a form's step of a record's life (open, close, select…),
// the record named by the path and its version by the form, answered on
// the record's page at base+id.
func (s *Server) uiStepOf(base string, step func(context.Context, gonghui.Actor, int64, int64) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := parseForm(w, r); err != nil {
			return err
		}
		return s.returnTo(w, r, base+itoa(id), step(r.Context(), actorFrom(r), id, atoi64(r.PostForm.Get("version"))))
	}
}

// stepErr drops a step's record, for uiStepOf.
func stepErr[T any](step func(context.Context, gonghui.Actor, int64, int64) (T, error)) func(context.Context, gonghui.Actor, int64, int64) error {
	return func(ctx context.Context, a gonghui.Actor, id, version int64) error {
		_, err := step(ctx, a, id, version)
		return err
	}
}
