package httpserver

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/report"
)

// reportRow is one figure of the report page's table.
type reportRow struct {
	Key, Name, Text, Exact, Unit string
}

// reportLink is one download of the report page.
type reportLink struct {
	Label, URL string
}

type reportView struct {
	Report report.Report
	Rows   []reportRow
	// Year, Org and Date refill the form as submitted: an empty date stays
	// empty, so that changing only the year moves the day to its 31 December.
	Year, Org, Date string
	Downloads       []reportLink
}

// reportFormats are the downloads, by the extension of their path.
var reportFormats = map[string]struct {
	ctype string
	write func(r *http.Request, w io.Writer, rep report.Report) error
}{
	"html": {"text/html; charset=utf-8", func(_ *http.Request, w io.Writer, rep report.Report) error { return report.WriteHTML(w, rep) }},
	"json": {"application/json; charset=utf-8", func(_ *http.Request, w io.Writer, rep report.Report) error { return report.WriteJSON(w, rep) }},
	"xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", func(_ *http.Request, w io.Writer, rep report.Report) error {
		return report.WriteXLSX(w, rep)
	}},
	"pdf": {"application/pdf", func(r *http.Request, w io.Writer, rep report.Report) error {
		return report.WritePDF(r.Context(), w, rep)
	}},
}

// buildReport reads ?year=&org=&date= and builds the report with the caller
// as actor. A malformed year or date is a page that does not exist (404),
// like a malformed date on the dashboard; an org outside the caller's scope
// is not found either.
func (s *Server) buildReport(r *http.Request) (report.Report, gonghui.Org, error) {
	a := actorFrom(r)
	q := r.URL.Query()
	on, err := gonghui.ParseDate(q.Get("date"))
	if err != nil {
		return report.Report{}, gonghui.Org{}, gonghui.ErrNotFound
	}
	year, _, _ := gonghui.Today().Parts()
	if !on.IsZero() {
		year, _, _ = on.Parts()
	}
	if y := strings.TrimSpace(q.Get("year")); y != "" {
		if year, err = strconv.Atoi(y); err != nil || year < 1949 || year > 9999 {
			return report.Report{}, gonghui.Org{}, gonghui.ErrNotFound
		}
	}
	org, err := s.reportOrg(r, a, strings.TrimSpace(q.Get("org")))
	if err != nil {
		return report.Report{}, gonghui.Org{}, err
	}
	rep, err := report.Build(r.Context(), s.store, a, org.ID, year, on)
	return rep, org, err
}

// reportOrg finds the org by ID or code within the caller's scope; empty
// is the caller's own org.
func (s *Server) reportOrg(r *http.Request, a gonghui.Actor, ref string) (gonghui.Org, error) {
	if ref == "" {
		return s.scopeOrg(r, a, 0)
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return s.store.GetOrg(r.Context(), a, id)
	}
	return s.store.GetOrgByCode(r.Context(), a, ref)
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.FromRequest(r)
	rep, _, err := s.buildReport(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	v := reportView{Report: rep, Year: strconv.Itoa(rep.Year), Org: rep.Org, Date: strings.TrimSpace(q.Get("date"))}
	for _, k := range rep.Keys() {
		f := rep.Figures[k]
		row := reportRow{Key: k, Text: f.Text, Exact: "—"}
		if in, ok := gonghui.IndicatorByKey(k); ok {
			row.Name, row.Unit = in.Name.In(lang), in.Unit.In(lang)
		}
		if f.Available {
			row.Exact = strconv.FormatFloat(f.Value, 'f', -1, 64)
		}
		v.Rows = append(v.Rows, row)
	}
	params := url.Values{"year": {v.Year}, "org": {v.Org}}
	if v.Date != "" {
		params.Set("date", v.Date)
	}
	formats := []string{"html", "json", "xlsx"}
	if report.FindChromium() != "" {
		formats = append(formats, "pdf") // the link only where it can work
	}
	for _, f := range formats {
		v.Downloads = append(v.Downloads, reportLink{Label: strings.ToUpper(f), URL: "/report." + f + "?" + params.Encode()})
	}
	s.render(w, r, http.StatusOK, "report/report", page{Title: i18n.T(lang, "report.title"), Form: q, Data: v})
	return nil
}

// reportDownload serves /report.{html,json,xlsx,pdf} as an attachment.
func (s *Server) reportDownload(format string) uiHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f := reportFormats[format]
		if format == "pdf" && report.FindChromium() == "" {
			s.noChromium(w)
			return nil
		}
		rep, org, err := s.buildReport(r)
		if err != nil {
			return err
		}
		// Render fully first, so a failure is an error page and not a
		// truncated file.
		var buf bytes.Buffer
		if err := f.write(r, &buf, rep); err != nil {
			if errors.Is(err, report.ErrNoChromium) {
				s.noChromium(w)
				return nil
			}
			return err
		}
		ex, err := s.store.StartExport(r.Context(), actorFrom(r), "report", org.ID, org.Path,
			map[string]any{"format": format, "org": rep.Org, "year": rep.Year, "date": rep.Date})
		if err != nil {
			return err
		}
		d := newDownload(w, f.ctype, fmt.Sprintf("report-%s-%d.%s", rep.Org, rep.Year, format))
		_, err = d.Write(buf.Bytes())
		if aerr := ex.End(len(rep.Keys()), err); err == nil {
			err = aerr
		}
		return s.finish(d, "report", err)
	}
}

// noChromium answers a PDF request on a server without a browser: 503 in
// both languages, since a download link may be followed by any tool.
func (s *Server) noChromium(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprintf(w, "%s\n%s\n", i18n.T(i18n.Zh, "report.no_chromium"), i18n.T(i18n.En, "report.no_chromium"))
}
