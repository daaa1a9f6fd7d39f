package httpserver

import (
	"net/http"
	"time"

	"gonghui"
	"gonghui/internal/i18n"
)

// homeModule is the home page: a to-do inbox of what waits for the user
// in their own subtree, each item a count and a link.
var homeModule = module{
	name: "home",
	routes: func(s *Server, r *router) {
		r.partnerUI("GET /{$}", s.inbox)
		r.ui("GET /inbox/quality", s.inboxQuality)
	},
}

// inboxItem is one line of the inbox: Count things that wait, Label an
// i18n key, Href where to deal with them. More: the count stopped at its
// cap.
type inboxItem struct {
	Label string
	Count int
	More  bool
	Href  string
}

// inboxCap bounds what the inbox reads of each list: it counts, it does
// not page.
const inboxCap = 500

// inboxItemOf is an inbox line when something waits, none otherwise.
func inboxItemOf(label string, n int, href string) []inboxItem {
	if n <= 0 {
		return nil
	}
	return []inboxItem{{Label: label, Count: min(n, inboxCap), More: n > inboxCap, Href: href}}
}

// inbox gathers what each module says waits for the user, in the
// modules' order.
func (s *Server) inbox(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	if a.IsPartner() {
		return s.partnerHome(w, r)
	}
	today := gonghui.DateOf(time.Now())
	var items []inboxItem
	for _, m := range s.modules {
		if m.inbox == nil {
			continue
		}
		more, err := m.inbox(s, r, a, today)
		if err != nil {
			return err
		}
		items = append(items, more...)
	}
	s.render(w, r, http.StatusOK, "home/inbox", page{Title: i18n.T(i18n.FromRequest(r), "nav.home"), Data: struct {
		Items []inboxItem
		OrgID int64
	}{items, a.OrgID}})
	return nil
}

// inboxQuality fills the inbox's data-quality line when the page has
// loaded: the checks read the whole subtree's members, which must not hold
// up the page.
func (s *Server) inboxQuality(w http.ResponseWriter, r *http.Request) error {
	checks, err := s.store.MemberQuality(r.Context(), actorFrom(r), 0, gonghui.DateOf(time.Now()))
	if err != nil {
		return err
	}
	n := 0
	for _, c := range checks {
		n += c.Count
	}
	s.renderFragment(w, r, "home/quality", page{Data: n})
	return nil
}
