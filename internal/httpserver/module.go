package httpserver

import (
	"fmt"
	"net/http"
	"strings"

	"gonghui"
)

// A module is one area of gonghui (members, democratic management, the
// census …) as the HTTP layer sees it. It owns its handlers, its
// templates (web/templates/<name>/), its OpenAPI fragment
// (openapi/<name>.json) and its navigation entries, and registers them
// here; the server lists modules, never their routes.
type module struct {
	// name is the folder of the module's templates and the file name of
	// its OpenAPI fragment.
	name string
	// nav are the module's entries in the navigation, in order.
	nav []navEntry
	// routes registers the module's UI and API routes.
	routes func(s *Server, r *router)
	// choices are the code lists the module's templates draw with
	// {{choices "name"}} and {{choiceName}}.
	choices map[string][]gonghui.Choice
	// apiTypes name the Go type behind each schema of the module's OpenAPI
	// fragment, so a test can hold the document's fields to the JSON the
	// handlers really read and write.
	apiTypes map[string]any
	// completeDoc, when set, fills in what the module's OpenAPI fragment
	// can only know at run time (the import kinds other modules register).
	completeDoc func(doc map[string]any)
	// inbox, when set, counts what waits for the user in the module on
	// the home page's inbox (inboxCap bounds what it reads).
	inbox func(s *Server, r *http.Request, a gonghui.Actor, today gonghui.Date) ([]inboxItem, error)
}

// navEntry is one link in the navigation. Href may hold {org}, the
// user's own union.
type navEntry struct {
	label string // i18n key
	href  string
	// perm, when set, is the permission a user needs to see the entry.
	perm gonghui.Permission
	// group is the module group the entry sits under (an i18n key).
	group string
	// partner marks an entry of a partner's account: a partner's
	// navigation has these alone, a union account's none of them.
	partner bool
}

// navItem is a navigation entry as a page draws it for one user.
type navItem struct {
	Label, Href, Group string
	Current            bool
}

// navGroup is a module group of the navigation with its entries.
type navGroup struct {
	Label string
	Items []navItem
}

// crumb is one step of a page's breadcrumbs: a link to a navigation
// entry (Label an i18n key), or the page itself (Text).
type crumb struct {
	Label, Href, Text string
}

// router is what a module's routes function registers on: UI pages behind
// a session, API endpoints behind a token.
type router struct {
	s   *Server
	mux *http.ServeMux
	api []apiRoute
	// patterns are every route registered, for the tests that walk them.
	patterns []string
	// portal are the member portal's routes (portal.go), which answer a
	// member's session, never a cadre's: the tests walk them apart.
	portal []string
}

// ui registers a page or form action that needs a live session of a
// union's account: a partner's account is answered 403 (see partnerUI).
func (rt *router) ui(pattern string, h uiHandler) {
	rt.partnerUI(pattern, func(w http.ResponseWriter, r *http.Request) error {
		if actorFrom(r).IsPartner() {
			return gonghui.ErrForbidden
		}
		return h(w, r)
	})
}

// partnerUI registers a page or form action that a partner organisation's
// staff may use too: their own account, their home and their cases' pages.
// Every other route answers them 403 before its handler runs, and what a
// handler reads for them is scoped to nothing but their cases.
func (rt *router) partnerUI(pattern string, h uiHandler) {
	rt.patterns = append(rt.patterns, pattern)
	rt.mux.Handle(pattern, rt.s.ui(h))
}

// form registers the page of a form that writes with perm: a role without
// it is answered 403 before the form is drawn, so that it never fills in a
// form it cannot save.
func (rt *router) form(pattern string, perm gonghui.Permission, h uiHandler) {
	rt.ui(pattern, func(w http.ResponseWriter, r *http.Request) error {
		if !actorFrom(r).Can(perm) {
			return gonghui.ErrForbidden
		}
		return h(w, r)
	})
}

// json registers an API endpoint under /api/v1 that needs a Bearer token;
// the OpenAPI test walks every one of them.
func (rt *router) json(pattern string, h func(r *http.Request) (int, any, error)) {
	rt.partnerJSON(pattern, func(r *http.Request) (int, any, error) {
		if actorFrom(r).IsPartner() {
			return 0, nil, gonghui.ErrForbidden
		}
		return h(r)
	})
}

// partnerJSON registers an API endpoint that a partner's token may use
// too (as partnerUI).
func (rt *router) partnerJSON(pattern string, h func(r *http.Request) (int, any, error)) {
	rt.api = append(rt.api, apiRoute{pattern: pattern})
	rt.patterns = append(rt.patterns, pattern)
	rt.mux.Handle(pattern, rt.s.api(h))
}

// apiRoute is one API endpoint, as the OpenAPI document lists it.
type apiRoute struct {
	pattern string
}

// register runs every module's routes on mux and returns the API routes
// they registered.
func (s *Server) register(mux *http.ServeMux) []apiRoute {
	rt := &router{s: s, mux: mux}
	for _, m := range s.modules {
		m.routes(s, rt)
	}
	return rt.api
}

// navFor is the navigation a user sees on the page at path, grouped by
// module group in the modules' order: the entries of every module their
// role may use, the one the path is in marked. It returns the marked
// entry too (nil when the path is in none).
func (s *Server) navFor(u *gonghui.User, path string) ([]navGroup, *navItem) {
	if u == nil {
		return nil, nil
	}
	var groups []navGroup
	at := map[string]int{}
	var best *navItem
	for _, m := range s.modules {
		for _, e := range m.nav {
			if e.perm != "" && !u.Role.Can(e.perm) || e.partner != (u.PartnerID != 0) {
				continue
			}
			g, ok := at[e.group]
			if !ok {
				g = len(groups)
				at[e.group] = g
				groups = append(groups, navGroup{Label: e.group})
			}
			href := strings.ReplaceAll(e.href, "{org}", itoa(u.OrgID))
			groups[g].Items = append(groups[g].Items, navItem{Label: e.label, Href: href, Group: e.group})
		}
	}
	// The entry whose link shares the longest prefix with the path.
	bestLen := 0
	for gi := range groups {
		for ii := range groups[gi].Items {
			it := &groups[gi].Items[ii]
			if prefix := navPrefix(it.Href); strings.HasPrefix(path, prefix) && len(prefix) > bestLen {
				best, bestLen = it, len(prefix)
			}
		}
	}
	if best != nil {
		best.Current = true
	}
	return groups, best
}

// crumbsFor are the breadcrumbs of a page titled title at path under the
// navigation entry cur: the entry, then the page unless it is the entry's
// own.
func crumbsFor(cur *navItem, path, title string) []crumb {
	if cur == nil {
		if title == "" {
			return nil
		}
		return []crumb{{Text: title}}
	}
	if path == cur.Href {
		return []crumb{{Text: title}}
	}
	return []crumb{{Label: cur.Label, Href: cur.Href}, {Text: title}}
}

// navPrefix is the part of an entry's link that pages under it share:
// /orgs/5 marks every /orgs page, /members every /members page.
func navPrefix(href string) string {
	if i := strings.Index(href[1:], "/"); i >= 0 {
		return href[:i+1]
	}
	return href
}

// moduleChoices merges the modules' code lists; two modules naming the
// same list is an error.
func moduleChoices(mods []module) (map[string][]gonghui.Choice, error) {
	out := map[string][]gonghui.Choice{}
	for _, m := range mods {
		for k, v := range m.choices {
			if _, dup := out[k]; dup {
				return nil, fmt.Errorf("code list %s registered twice", k)
			}
			out[k] = v
		}
	}
	return out, nil
}
