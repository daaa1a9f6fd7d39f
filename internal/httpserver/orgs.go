package httpserver

import (
	"net/http"
	"strconv"

	"gonghui"
	"gonghui/internal/importer"
)

// orgsModule is the union tree (组织): unions, their moves, merges and
// dissolutions.
var orgsModule = module{
	name: "orgs",
	nav:  []navEntry{{label: "nav.orgs", href: "/orgs/{org}", group: "nav.group.orgs"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /orgs", s.orgSearch)
		r.ui("GET /orgs/pick", s.orgPick)
		r.form("GET /orgs/new", gonghui.PermEditOrgs, s.orgNewForm)
		r.ui("POST /orgs/new", s.orgCreate)
		r.ui("GET /orgs/{id}", s.orgShow)
		r.form("GET /orgs/{id}/edit", gonghui.PermEditOrgs, s.orgEditForm)
		r.ui("POST /orgs/{id}/edit", s.orgUpdate)
		r.ui("POST /orgs/{id}/move", s.orgMove)
		r.ui("POST /orgs/{id}/dissolve", s.orgDissolve)
		r.ui("POST /orgs/{id}/merge", s.orgMerge)
		r.ui("GET /orgs.csv", s.orgExport)
		r.ui("GET /orgs.xlsx", s.orgExport)

		r.json("GET /api/v1/orgs", s.apiOrgList)
		r.json("POST /api/v1/orgs", s.apiOrgCreate)
		r.json("GET /api/v1/orgs/{id}", s.apiOrgGet)
		r.json("PATCH /api/v1/orgs/{id}", s.apiOrgPatch)
		r.json("GET /api/v1/orgs/{id}/children", s.apiOrgChildren)
		r.json("POST /api/v1/orgs/{id}/move", s.apiOrgMove)
		r.json("POST /api/v1/orgs/{id}/dissolve", s.apiOrgDissolve)
		r.json("POST /api/v1/orgs/{id}/merge", s.apiOrgMerge)
	},
	apiTypes: map[string]any{"Org": gonghui.Org{}, "OrgInput": gonghui.OrgInput{}},
}

// orgExport writes the active unions below the caller's in the union
// template's columns. The caller's own union is left out: its parent is
// above the caller's scope, so an import could not take its row back.
func (s *Server) orgExport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	codes := s.codeBook(r)
	// The list's filters or its selection, active unions only, in tree
	// order: a parent before its children, as an import takes them.
	f := orgFilter(r.URL.Query())
	f.Status, f.Sort = gonghui.OrgActive, ""
	return s.exportSheet(w, r, importer.Orgs, "/orgs/"+itoa(a.OrgID), func(p gonghui.Page) (sheetRows, error) {
		f.Page = p
		orgs, _, err := s.store.ListOrgs(r.Context(), a, f)
		out := sheetRows{more: len(orgs) == p.Limit}
		for _, o := range orgs {
			codes.orgs[o.ID] = o.Code // path order: a parent comes before its children
			parent, cerr := codes.org(o.ParentID)
			if cerr != nil {
				return out, cerr
			}
			if parent == "" {
				continue
			}
			reported := ""
			if o.ReportedMembers != nil {
				reported = strconv.Itoa(*o.ReportedMembers)
			}
			out.rows = append(out.rows, []string{o.Code, o.Name, o.Kind.Name().Zh, parent, o.RegionCode, o.IndustryCode,
				o.USCC, o.Chair, o.FoundedOn.String(), reported, pilot(o.USCC)})
		}
		return out, err
	})
}
