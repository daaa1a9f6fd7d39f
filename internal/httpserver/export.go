package httpserver

import (
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/i18n"
	"gonghui/internal/tabular"
	"gonghui/uscc"
)

// download is a response that becomes an attachment at its first byte:
// until then an error can still answer with an error page.
type download struct {
	http.ResponseWriter
	ctype, filename string
	wrote           bool
}

func newDownload(w http.ResponseWriter, ctype, filename string) *download {
	return &download{ResponseWriter: w, ctype: ctype, filename: filename}
}

func (d *download) Write(b []byte) (int, error) {
	if !d.wrote {
		d.wrote = true
		d.Header().Set("Content-Type", d.ctype)
		d.Header().Set("Content-Disposition", `attachment; filename="`+d.filename+`"`)
	}
	return d.ResponseWriter.Write(b)
}

// Content types of downloads.
const (
	csvType  = "text/csv; charset=utf-8"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// finish ends a download: an error before the first byte is the
// handler's answer; a later one has cut the file short (the export's end
// event says so) and is logged.
func (s *Server) finish(d *download, what string, err error) error {
	if err == nil || !d.wrote {
		return err
	}
	s.log.Error("download cut short", "export", what, "err", err)
	return nil
}

// sheetRows is one page of an export: its rows, in the import template's
// column order, and whether the list goes on past it (a page may drop
// records an import could not take back, so its length does not say).
type sheetRows struct {
	rows [][]string
	more bool
}

// sheetKind names an export and gives its header: an import kind
// (importer.Job), whose template's columns the export has, or a list that
// does not import back (namedSheet).
type sheetKind interface {
	Name() string
	Headers() []string
}

// namedSheet is the sheetKind of a list that does not import back.
type namedSheet struct {
	name   string
	header []string
}

func (n namedSheet) Name() string      { return n.name }
func (n namedSheet) Headers() []string { return n.header }

// exportSheet streams a list as CSV or XLSX (by the address's extension)
// in the import template's columns, so a cadre can fix the sheet and
// import it back. It reads page by page, so an export never holds the
// whole list in memory (an XLSX is assembled on disk by its writer); it
// is audited before the first byte and at its end (store.Export). A list
// that matches nothing is not sent as an empty file: the list page (back)
// says so.
func (s *Server) exportSheet(w http.ResponseWriter, r *http.Request, job sheetKind, back string, fetch func(p gonghui.Page) (sheetRows, error)) error {
	a := actorFrom(r)
	format := strings.TrimPrefix(path.Ext(r.URL.Path), ".")
	p := gonghui.Page{Limit: 500}
	page, err := fetch(p)
	if err != nil {
		return err
	}
	if len(page.rows) == 0 && !page.more {
		s.setFlash(w, flashError, i18n.T(i18n.FromRequest(r), "export.empty"))
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	d := newDownload(w, csvType, job.Name()+".csv")
	if format == export.XLSX {
		d = newDownload(w, xlsxType, job.Name()+".xlsx")
	}
	details := map[string]any{"format": format, "query": r.URL.RawQuery}
	_, err = export.Sheet(r.Context(), s.store, a, job.Name(), 0, details, job.Headers(), format, d, func(put func([]string) error) error {
		for {
			for _, row := range page.rows {
				if err := put(row); err != nil {
					return err
				}
			}
			if !page.more {
				return nil
			}
			p.Offset += p.Limit
			var err error
			if page, err = fetch(p); err != nil {
				return err
			}
		}
	})
	return s.finish(d, job.Name(), err)
}

// codeBook finds the codes an import names records by — a union's code, a
// unit's USCC — from the ids a list gives, each once per export.
type codeBook struct {
	s     *Server
	r     *http.Request
	orgs  map[int64]string
	units map[int64]string
}

func (s *Server) codeBook(r *http.Request) *codeBook {
	return &codeBook{s: s, r: r, orgs: map[int64]string{}, units: map[int64]string{}}
}

// org is the code of a union in scope ("" and no error when it is above
// the caller's scope).
func (b *codeBook) org(id int64) (string, error) {
	if c, ok := b.orgs[id]; ok {
		return c, nil
	}
	o, err := b.s.store.GetOrg(b.r.Context(), actorFrom(b.r), id)
	if errors.Is(err, gonghui.ErrNotFound) {
		err = nil
	}
	b.orgs[id] = o.Code
	return o.Code, err
}

func (b *codeBook) unit(id int64) (string, error) {
	if c, ok := b.units[id]; ok {
		return c, nil
	}
	u, err := b.s.store.GetUnit(b.r.Context(), actorFrom(b.r), id)
	b.units[id] = u.USCC
	return u.USCC, err
}

// unitList is a cell naming several units, as the templates take them.
func (b *codeBook) unitList(ids []int64) (string, error) {
	out := make([]string, len(ids))
	for i, id := range ids {
		var err error
		if out[i], err = b.unit(id); err != nil {
			return "", err
		}
	}
	return strings.Join(out, "；"), nil
}

// yes is a yes-or-no cell as the templates write it.
func yes(b bool) string {
	if b {
		return "是"
	}
	return ""
}

// exportXLSX audits and writes a finished sheet as an attachment.
func (s *Server) exportXLSX(w http.ResponseWriter, r *http.Request, what string, id int64, orgPath, filename string, details map[string]any, rows int, xw *tabular.XLSXWriter) error {
	ex, err := s.store.StartExport(r.Context(), actorFrom(r), what, id, orgPath, details)
	if err != nil {
		return err
	}
	d := newDownload(w, xlsxType, filename)
	err = xw.Close(d)
	if aerr := ex.End(rows, err); err == nil {
		err = aerr
	}
	return s.finish(d, what, err)
}

// pilot is the pilot-confirmation cell of a USCC: 是 for a kept code that
// fails its checksum, which its import must confirm again.
func pilot(code string) string {
	c, err := uscc.Parse(code)
	return yes(code != "" && err == nil && c.Warning != nil)
}

// exportLinks is what the "exportlinks" partial draws: a list's export as
// XLSX and CSV, with the list's filters.
type exportLinks struct {
	Lang, XLSX, CSV string
}

func newExportLinks(lang, base string, filter url.Values) exportLinks {
	q := url.Values{}
	for k, v := range filter {
		if k != "page" && k != "limit" && k != "offset" {
			q[k] = v
		}
	}
	qs := ""
	if len(q) > 0 {
		qs = "?" + q.Encode()
	}
	return exportLinks{Lang: lang, XLSX: base + ".xlsx" + qs, CSV: base + ".csv" + qs}
}
