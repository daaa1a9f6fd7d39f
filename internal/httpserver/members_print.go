package httpserver

import (
	"bytes"
	"cmp"
	"errors"
	"net/http"
	"time"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/report"
)

// The forms a union still signs on paper: the membership application
// (入会申请书), the transfer letter (会员组织关系介绍信) and the card issue
// list (会员服务卡发放清单). Each is a page of its own, printable from the
// browser, and a PDF (?format=pdf) printed by the same Chromium path as the
// work report.

// printView is what a printed form receives.
type printView struct {
	Lang   string
	Union  gonghui.Org
	Today  gonghui.Date
	Title  string
	PDF    bool   // the page is being printed to PDF: no toolbar
	PDFURL string // the same page as a PDF
	Record any
}

// printForm answers a printed form: the page, or its PDF.
func (s *Server) printForm(w http.ResponseWriter, r *http.Request, name, filename string, v printView) error {
	lang := i18n.FromRequest(r)
	v.Lang, v.Today = lang, gonghui.DateOf(time.Now())
	t, ok := s.pages[name]
	if !ok {
		return errors.New("missing template " + name)
	}
	q := r.URL.Query()
	v.PDF = q.Get("format") == "pdf"
	q.Set("format", "pdf")
	v.PDFURL = r.URL.Path + "?" + q.Encode()
	var page bytes.Buffer
	if err := t.ExecuteTemplate(&page, "content", v); err != nil {
		return err
	}
	if !v.PDF {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page.Bytes())
		return nil
	}
	var pdf bytes.Buffer
	if err := report.PrintPDF(r.Context(), &pdf, page.Bytes()); err != nil {
		if errors.Is(err, report.ErrNoChromium) {
			http.Error(w, i18n.T(lang, "print.no_chromium"), http.StatusServiceUnavailable)
			return nil
		}
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`.pdf"`)
	w.Write(pdf.Bytes())
	return nil
}

// memberApplication prints a blank membership application of the user's
// union (or ?org=, a union in scope), to be filled in by hand.
func (s *Server) memberApplication(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	org, err := s.scopeOrg(r, a, atoi64(r.URL.Query().Get("org")))
	if err != nil {
		return err
	}
	return s.printForm(w, r, "members/print_application", "application", printView{Union: org, Title: i18n.T(i18n.FromRequest(r), "print.application")})
}

// transferLetter prints the letter that goes with a member to the union
// they transfer to; the sending and the receiving side may print it.
func (s *Server) transferLetter(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actorFrom(r)
	t, err := s.store.GetTransfer(r.Context(), a, id)
	if err != nil {
		return err
	}
	if t.Status != gonghui.TransferPending && t.Status != gonghui.TransferAccepted {
		return gonghui.Invalid("status", "只有待接收或已接收的转接可以打印介绍信", "only a pending or accepted transfer has a letter")
	}
	from, err := s.store.GetOrg(r.Context(), gonghui.SystemActor("print"), t.FromOrgID)
	if err != nil {
		return err
	}
	return s.printForm(w, r, "members/print_letter", "transfer-"+itoa(t.ID), printView{Union: from, Title: i18n.T(i18n.FromRequest(r), "print.letter"), Record: t})
}

// cardIssueList prints the cards issued in a period (?since=&until=,
// default this month) to members of a union's subtree, with a column for
// each holder's signature.
func (s *Server) cardIssueList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	org, err := s.scopeOrg(r, a, atoi64(q.Get("org")))
	if err != nil {
		return err
	}
	today := gonghui.DateOf(time.Now())
	y, m, _ := today.Parts()
	since, until := gonghui.NewDate(y, m, 1), today
	v := &gonghui.ValidationError{}
	for field, dst := range map[string]*gonghui.Date{"since": &since, "until": &until} {
		if raw := q.Get(field); raw != "" {
			d, err := gonghui.ParseDate(raw)
			if err != nil {
				v.Add(field, "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
			}
			*dst = d
		}
	}
	if until.Before(since) {
		v.Add("until", "截止日期不能早于起始日期", "the end must not be before the start")
	}
	if err := v.Err(); err != nil {
		return err
	}
	cards, more, err := s.store.ListIssuedCards(r.Context(), a, org.ID, since, until)
	if err != nil {
		return err
	}
	// A list of members by name: a download like any other export.
	ex, err := s.store.StartExport(r.Context(), a, "card_issue_list", org.ID, org.Path,
		map[string]any{"since": since.String(), "until": until.String(), "format": cmp.Or(r.URL.Query().Get("format"), "html")})
	if err != nil {
		return err
	}
	err = s.printForm(w, r, "members/print_cards", "cards", printView{Union: org, Title: i18n.T(i18n.FromRequest(r), "print.cards"),
		Record: struct {
			Since, Until gonghui.Date
			Cards        any
			More         bool
		}{since, until, cards, more}})
	if aerr := ex.End(len(cards), err); err == nil {
		err = aerr
	}
	return err
}
