package httpserver

import "gonghui"

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
