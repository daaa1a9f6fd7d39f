package httpserver

import (
	"net/http"
	"strconv"
	"time"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

// homeModule is the home page: a to-do inbox of what waits for the user
// in their own subtree, each item a count and a link.
var homeModule = module{
	name: "home",
	routes: func(s *Server, r *router) {
		r.ui("GET /{$}", s.inbox)
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

func (s *Server) inbox(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), actorFrom(r)
	today := gonghui.DateOf(time.Now())
	var items []inboxItem
	add := func(label string, n int, href string) {
		if n > 0 {
			items = append(items, inboxItem{Label: label, Count: min(n, inboxCap), More: n > inboxCap, Href: href})
		}
	}

	// Transfers into the subtree wait for its decision, by whoever may
	// accept them.
	if a.Can(gonghui.PermEditMembers) {
		transfers, _, err := s.store.ListTransfers(ctx, a, gonghui.TransferPending, gonghui.Page{Limit: inboxCap + 1})
		if err != nil {
			return err
		}
		incoming := 0
		for _, t := range transfers {
			if t.Incoming {
				incoming++
			}
		}
		add("inbox.transfers", incoming, "/transfers")
	}

	// The census year whose returns are due now: the last one closed.
	year := gonghui.LastClosedCensusYear(today)
	censusHref := "/census?year=" + strconv.Itoa(year)
	if a.Can(gonghui.PermSubmitCensus) {
		_, drafts, err := s.store.ListCensus(ctx, a, store.CensusFilter{Year: year, State: gonghui.CensusDraft, Page: gonghui.Page{Limit: 1}})
		if err != nil {
			return err
		}
		add("inbox.census_submit", drafts, censusHref)
	}
	if a.Can(gonghui.PermReviewCensus) {
		submitted, _, err := s.store.ListCensus(ctx, a, store.CensusFilter{Year: year, State: gonghui.CensusSubmitted, Page: gonghui.Page{Limit: inboxCap + 1}})
		if err != nil {
			return err
		}
		below := 0 // a union reviews the returns below it, never its own
		for _, c := range submitted {
			if c.OrgID != a.OrgID {
				below++
			}
		}
		add("inbox.census_review", below, censusHref)
	}

	// Contract deadlines: to file, objection periods, expiries.
	reminders, err := s.store.Reminders(ctx, a, today)
	if err != nil {
		return err
	}
	byKind := map[string]int{}
	for _, rm := range reminders {
		byKind[rm.Kind]++
	}
	for _, k := range []string{"file", "objection", "expiry"} {
		add("inbox.contracts_"+k, byKind[k], "/democracy#reminders")
	}

	// Campaign employers assigned to the user, due within a month.
	due, err := s.store.DueCampaignTargets(ctx, a, today.AddDays(30))
	if err != nil {
		return err
	}
	add("campaign.inbox", due, "/campaigns")

	// The user's own imports of the last month that refused rows or ended
	// early.
	imports, err := s.store.ListImports(ctx, a, gonghui.Page{Limit: 50})
	if err != nil {
		return err
	}
	u, _ := userFrom(ctx)
	for _, im := range imports {
		if im.Username == u.Username && time.Since(im.StartedAt) < 30*24*time.Hour &&
			(im.Failed > 0 || im.Status == store.ImportFailed || im.Status == store.ImportInterrupted) {
			items = append(items, inboxItem{Label: "inbox.import", Count: max(im.Failed, 1), Href: "/imports/" + itoa(im.ID)})
		}
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
