package httpserver

import (
	"net/http"
	"strconv"

	"gonghui"
	"gonghui/internal/tabular"
)

// exportCSV streams rows page by page, so an export never holds the whole
// list in memory, and audits it. fetch returns one page of rows. Only an
// error before the first row is returned: later ones end the file early
// and are logged and audited.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request, name string, header []string, fetch func(p gonghui.Page) ([][]string, error)) error {
	a := actorFrom(r)
	first, err := fetch(gonghui.Page{Limit: 500})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	cw := tabular.NewCSVWriter(w)
	cw.Write(header)
	rows, total := first, 0
	for p := (gonghui.Page{Limit: 500}); len(rows) > 0; {
		for _, row := range rows {
			cw.Write(row)
		}
		total += len(rows)
		if len(rows) < p.Limit {
			break
		}
		p.Offset += p.Limit
		if rows, err = fetch(p); err != nil {
			s.log.Error("export", "name", name, "err", err)
			break
		}
	}
	cw.Flush()
	outcome := gonghui.OutcomeSuccess
	if err != nil {
		outcome = gonghui.OutcomeFailure
	}
	s.store.Audit(r.Context(), a, "export", name, 0, a.Path, `{"rows":`+strconv.Itoa(total)+`}`, outcome)
	return nil
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
