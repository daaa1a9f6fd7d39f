package httpserver

import (
	"net/http"
	"strconv"

	"gonghui"
	"gonghui/internal/importer"
)

// unitsModule is the employer units (单位) the unions cover.
var unitsModule = module{
	name: "units",
	nav:  []navEntry{{label: "nav.units", href: "/units", group: "nav.group.orgs"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /units", s.unitList)
		r.ui("GET /units.csv", s.unitExport)
		r.ui("GET /units.xlsx", s.unitExport)
		r.ui("GET /units/pick", s.unitPick)
		r.ui("POST /units/batch", s.unitBatch)
		r.form("GET /units/new", gonghui.PermEditUnits, s.unitNewForm)
		r.ui("POST /units/new", s.unitCreate)
		r.ui("GET /units/{id}", s.unitShow)
		r.form("GET /units/{id}/edit", gonghui.PermEditUnits, s.unitEditForm)
		r.ui("POST /units/{id}/edit", s.unitUpdate)

		r.json("GET /api/v1/units", s.apiUnitList)
		r.json("POST /api/v1/units", s.apiUnitCreate)
		r.json("GET /api/v1/units/{id}", s.apiUnitGet)
		r.json("PATCH /api/v1/units/{id}", s.apiUnitPatch)
	},
	choices:  map[string][]gonghui.Choice{"staff_band": gonghui.StaffBands},
	apiTypes: map[string]any{"Unit": gonghui.Unit{}, "UnitInput": gonghui.UnitInput{}},
}

// unitExport writes the units of the list in the unit template's columns.
func (s *Server) unitExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	codes := s.codeBook(r)
	f := unitFilter(r.URL.Query())
	if err := s.unionFilter(r, a, r.URL.Query(), &f.OrgID); err != nil {
		return err
	}
	return s.exportSheet(w, r, importer.Units, "/units", func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		units, _, err := s.store.ListUnits(r.Context(), a, f)
		out := sheetRows{more: len(units) == p.Limit}
		for _, u := range units {
			org, cerr := codes.org(u.OrgID)
			if cerr != nil {
				return out, cerr
			}
			out.rows = append(out.rows, []string{u.USCC, u.Name, org, u.Ownership.Name().Zh, strconv.Itoa(u.StaffCount),
				u.RegionCode, u.IndustryCode, yes(u.Warning != nil)})
		}
		return out, err
	})
}
