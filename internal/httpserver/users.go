package httpserver

import (
	"net/http"

	"gonghui"
)

// usersModule is the accounts of a subtree and their API tokens.
var usersModule = module{
	name: "users",
	nav:  []navEntry{{label: "nav.users", href: "/users", perm: gonghui.PermManageUser, group: "nav.group.system"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /users", s.userList)
		r.ui("GET /users/new", s.userNewForm)
		r.ui("POST /users/new", s.userCreate)
		r.ui("GET /users/{id}/edit", s.userEditForm)
		r.ui("POST /users/{id}/edit", s.userUpdate)
		r.ui("POST /users/{id}/tokens/{token}/revoke", s.tokenRevoke)

		r.partnerJSON("GET /api/v1/me", s.apiMe)
	},
	apiTypes: map[string]any{"User": gonghui.User{}},
}

func (s *Server) apiMe(r *http.Request) (int, any, error) {
	u, _ := userFrom(r.Context())
	return http.StatusOK, u, nil
}
