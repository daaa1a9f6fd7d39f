package httpserver

import (
	"net/http"

	"gonghui"
)

// membersModule is the member register (会员实名制): members, cards,
// leaving, transfers between unions, data quality and exports.
var membersModule = module{
	name:  "members",
	inbox: transfersInbox,
	nav: []navEntry{
		{label: "nav.members", href: "/members", group: "nav.group.members"},
		{label: "nav.transfers", href: "/transfers", group: "nav.group.members"},
	},
	routes: func(s *Server, r *router) {
		r.ui("GET /members", s.memberList)
		r.form("GET /members/new", gonghui.PermEditMembers, s.memberNewForm)
		r.ui("POST /members/new", s.memberCreate)
		r.ui("POST /members/batch", s.memberBatch)
		r.ui("GET /members/quality", s.memberQuality)
		r.ui("GET /members/application", s.memberApplication)
		r.ui("GET /members/cards", s.cardIssueList)
		r.ui("GET /transfers/{id}/letter", s.transferLetter)
		r.ui("GET /members.csv", s.memberExport)
		r.ui("GET /members.xlsx", s.memberExport)
		r.ui("GET /members/{id}", s.memberShow)
		r.ui("POST /members/{id}/reveal", s.memberReveal)
		r.form("GET /members/{id}/edit", gonghui.PermEditMembers, s.memberEditForm)
		r.ui("POST /members/{id}/edit", s.memberUpdate)
		r.ui("POST /members/{id}/end", s.memberEnd)
		r.ui("POST /members/{id}/card", s.memberCard)
		r.ui("POST /members/{id}/transfer", s.memberTransfer)
		r.ui("GET /transfers", s.transferList)
		r.ui("POST /transfers/{id}/decide", s.transferDecide)

		r.json("GET /api/v1/members", s.apiMemberList)
		r.json("POST /api/v1/members", s.apiMemberCreate)
		r.json("GET /api/v1/members/{id}", s.apiMemberGet)
		r.json("PATCH /api/v1/members/{id}", s.apiMemberPatch)
		r.json("POST /api/v1/members/{id}/transfer", s.apiMemberTransfer)
		r.json("GET /api/v1/transfers", s.apiTransferList)
		r.json("POST /api/v1/transfers/{id}/decide", s.apiTransferDecide)
	},
	choices: map[string][]gonghui.Choice{
		"education": gonghui.Educations, "political": gonghui.PoliticalStatuses,
		"household": gonghui.Households, "employment": gonghui.Employments,
	},
	apiTypes: map[string]any{
		"Member": gonghui.Member{}, "MemberInput": gonghui.MemberInput{},
		"Transfer": gonghui.Transfer{},
	},
}

// transfersInbox counts the transfers into the subtree that wait for the
// decision of whoever may accept them.
func transfersInbox(s *Server, r *http.Request, a gonghui.Actor, _ gonghui.Date) ([]inboxItem, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return nil, nil
	}
	transfers, _, err := s.store.ListTransfers(r.Context(), a, gonghui.TransferPending, gonghui.Page{Limit: inboxCap + 1})
	if err != nil {
		return nil, err
	}
	incoming := 0
	for _, t := range transfers {
		if t.Incoming {
			incoming++
		}
	}
	return inboxItemOf("inbox.transfers", incoming, "/transfers"), nil
}
