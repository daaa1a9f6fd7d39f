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
}

// navItem is a navigation entry as a page draws it for one user.
type navItem struct {
	Label, Href, Group string
	Current            bool
}

// router is what a module's routes function registers on: UI pages behind
// a session, API endpoints behind a token.
type router struct {
	s   *Server
	mux *http.ServeMux
	api []apiRoute
}

// ui registers a page or form action that needs a live session.
func (rt *router) ui(pattern string, h uiHandler) {
	rt.mux.Handle(pattern, rt.s.ui(h))
}

// json registers an API endpoint under /api/v1 that needs a Bearer token;
// the OpenAPI test walks every one of them.
func (rt *router) json(pattern string, h func(r *http.Request) (int, any, error)) {
	rt.api = append(rt.api, apiRoute{pattern: pattern, handler: h})
	rt.mux.Handle(pattern, rt.s.api(h))
}

// apiRoute is one API endpoint.
type apiRoute struct {
	pattern string
	handler func(r *http.Request) (int, any, error)
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

// navFor is the navigation a user sees on the page at path: the entries
// of every module their role may use, the one the path is in marked.
func (s *Server) navFor(u *gonghui.User, path string) []navItem {
	if u == nil {
		return nil
	}
	var items []navItem
	best := -1
	for _, m := range s.modules {
		for _, e := range m.nav {
			if e.perm != "" && !u.Role.Can(e.perm) {
				continue
			}
			href := strings.ReplaceAll(e.href, "{org}", itoa(u.OrgID))
			items = append(items, navItem{Label: e.label, Href: href, Group: e.group})
			if prefix := navPrefix(href); strings.HasPrefix(path, prefix) && (best < 0 || len(prefix) > len(navPrefix(items[best].Href))) {
				best = len(items) - 1
			}
		}
	}
	if best >= 0 {
		items[best].Current = true
	}
	return items
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
