package httpserver

import (
	"net/http"
	"strconv"

	"gonghui"
	"gonghui/internal/tabular"
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

// exportCSV streams rows page by page, so an export never holds the whole
// list in memory. It is audited before the first byte and at its end
// (store.Export). fetch returns one page of rows.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request, name string, header []string, fetch func(p gonghui.Page) ([][]string, error)) error {
	a := actorFrom(r)
	first, err := fetch(gonghui.Page{Limit: 500})
	if err != nil {
		return err
	}
	ex, err := s.store.StartExport(r.Context(), a, name, 0, a.Path, map[string]any{"format": "csv"})
	if err != nil {
		return err
	}
	d := newDownload(w, csvType, name+".csv")
	total := 0
	cw := tabular.NewCSVWriter(d) // a BOM first, so Excel reads UTF-8; cells made safe to open
	err = cw.Write(header)
	for p, rows := (gonghui.Page{Limit: 500}), first; err == nil && len(rows) > 0; {
		for _, row := range rows {
			if err = cw.Write(row); err != nil {
				break
			}
		}
		if err != nil {
			break
		}
		total += len(rows)
		if len(rows) < p.Limit {
			break
		}
		p.Offset += p.Limit
		rows, err = fetch(p)
	}
	if ferr := cw.Flush(); err == nil {
		err = ferr
	}
	if aerr := ex.End(total, err); err == nil {
		err = aerr
	}
	return s.finish(d, name, err)
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

func (s *Server) orgExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	header := []string{"代码 code", "名称 name", "类型 kind", "上级ID parent_id", "行政区划 region_code", "行业 industry_code", "统一社会信用代码 uscc", "状态 status"}
	return s.exportCSV(w, r, "orgs", header, func(p gonghui.Page) ([][]string, error) {
		orgs, _, err := s.store.ListOrgs(r.Context(), a, gonghui.OrgFilter{Page: p})
		out := make([][]string, len(orgs))
		for i, o := range orgs {
			out[i] = []string{o.Code, o.Name, string(o.Kind), itoa(o.ParentID), o.RegionCode, o.IndustryCode, o.USCC, string(o.Status)}
		}
		return out, err
	})
}

func (s *Server) unitExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	header := []string{"统一社会信用代码 uscc", "单位名称 name", "覆盖工会 org", "经济类型 ownership", "职工人数 staff_count", "行政区划 region_code", "行业 industry_code"}
	orgID := atoi64(r.URL.Query().Get("org"))
	return s.exportCSV(w, r, "units", header, func(p gonghui.Page) ([][]string, error) {
		units, _, err := s.store.ListUnits(r.Context(), a, gonghui.UnitFilter{OrgID: orgID, Page: p})
		out := make([][]string, len(units))
		for i, u := range units {
			out[i] = []string{u.USCC, u.Name, u.OrgName, string(u.Ownership), strconv.Itoa(u.StaffCount), u.RegionCode, u.IndustryCode}
		}
		return out, err
	})
}
