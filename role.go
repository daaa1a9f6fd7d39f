// Roles and permissions: the one file that holds the permission
// catalogue and the role table.

package gonghui

// Role is what an account may do inside its subtree.
type Role string

const (
	RoleAdmin    Role = "admin"    // 管理员: everything in the subtree, including accounts
	RoleCadre    Role = "cadre"    // 工会干部: keeps orgs, units and (later) members
	RoleReviewer Role = "reviewer" // 审核员: reads and approves
	RoleFinance  Role = "finance"  // 财务: reads; keeps the funds and posts and closes their ledger
	RoleAuditor  Role = "auditor"  // 审计: reads everything, including the audit log
	RoleViewer   Role = "viewer"   // 查看: reads
	// The roles of a partner organisation's staff (rights_partner.go):
	// no union subtree, only the rights cases with their organisation.
	RolePartner       Role = "partner"        // 合作单位办案人员: works and reveals its cases
	RolePartnerViewer Role = "partner_viewer" // 合作单位查看: reads its cases, masked
)

// Roles lists the roles in form order.
var Roles = []Role{RoleAdmin, RoleCadre, RoleReviewer, RoleFinance, RoleAuditor, RoleViewer}

// PartnerRoles lists the roles of a partner organisation's accounts.
var PartnerRoles = []Role{RolePartner, RolePartnerViewer}

// IsPartnerRole reports whether r is a partner's role.
func (r Role) IsPartnerRole() bool { return r == RolePartner || r == RolePartnerViewer }

var roleNames = map[Role]Message{
	RoleAdmin:         {"管理员", "Administrator"},
	RoleCadre:         {"工会干部", "Cadre"},
	RoleReviewer:      {"审核员", "Reviewer"},
	RoleFinance:       {"财务", "Finance"},
	RoleAuditor:       {"审计", "Auditor"},
	RoleViewer:        {"查看", "Viewer"},
	RolePartner:       {"合作单位办案人员", "Partner caseworker"},
	RolePartnerViewer: {"合作单位查看", "Partner viewer"},
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleNames[r]; return ok }

// Name is the role's display name.
func (r Role) Name() Message { return roleNames[r] }

// Permission is one thing a role may do.
type Permission string

// The permission catalogue: every permission of every module is here, so
// the role table below can be read and reviewed whole.
const (
	PermEditOrgs   Permission = "orgs.edit"
	PermEditUnits  Permission = "units.edit"
	PermManageUser Permission = "users.manage"
	PermReadAudit  Permission = "audit.read"
	// PermEditMembers keeps the member register; PermRevealMembers shows
	// personal data unmasked (audited); PermExportMembers exports members.
	PermEditMembers   Permission = "members.edit"
	PermRevealMembers Permission = "members.reveal"
	PermExportMembers Permission = "members.export"
	// PermEditDemocracy keeps contracts, congresses, disclosure, directors
	// and the rate definitions.
	PermEditDemocracy Permission = "democracy.edit"
	// PermSubmitCensus opens, fills and submits the census returns of the
	// actor's subtree; PermReviewCensus approves, returns and corrects
	// those strictly below the actor's own union.
	PermSubmitCensus Permission = "census.submit"
	PermReviewCensus Permission = "census.review"
	// PermPostLedger keeps the funds, posts and reverses their journal
	// entries and writes the bank's batch file (payees' accounts
	// unmasked, audited); PermLockLedger closes a union's books for a
	// month.
	PermPostLedger Permission = "ledger.post"
	PermLockLedger Permission = "ledger.lock"
	// PermEditHardship keeps hardship files (困难职工档案) and moves them
	// through their life; PermApproveHardship approves and reviews them,
	// only for unions strictly below the actor's own. Their incomes and
	// illnesses show unmasked with PermRevealMembers, audited.
	PermEditHardship    Permission = "hardship.edit"
	PermApproveHardship Permission = "hardship.approve"
	// PermEditRights takes intakes and keeps rights cases (维权); their
	// parties' personal data shows unmasked with PermRevealMembers, audited.
	PermEditRights Permission = "rights.edit"
	// PermActOwnCases lets a partner's staff record steps on the cases
	// with their organisation and hand them off or answer hand-offs;
	// PermRevealOwnCases shows those cases' personal data, audited.
	// Partners hold nothing else: their actor's union scope is empty.
	PermActOwnCases    Permission = "rights.partner.act"
	PermRevealOwnCases Permission = "rights.partner.reveal"
	// PermEditProgrammes keeps the assistance programmes of the actor's
	// subtree; PermApplyAssistance files applications for its members,
	// households and enterprises; PermApproveAssistance approves them
	// (final approval pays from the programme's fund); PermOverrideDuplicate
	// lets a duplicate through with a reason, audited.
	PermEditProgrammes    Permission = "programmes.edit"
	PermApplyAssistance   Permission = "assistance.apply"
	PermApproveAssistance Permission = "assistance.approve"
	PermOverrideDuplicate Permission = "assistance.override"
	// PermEditHonours keeps the honours registry and nominates into
	// rounds; PermApproveHonours opens rounds, approves their lists and
	// revokes titles, for the unions below the actor's own.
	PermEditHonours    Permission = "honours.edit"
	PermApproveHonours Permission = "honours.approve"
	// PermReviewInnovation lets an account be assigned to innovation
	// review rounds and score their entries (achievements, studios and
	// pairs are kept with PermEditHonours, rounds held with
	// PermApproveHonours).
	PermReviewInnovation Permission = "innovation.review"
)

// rolePerms is the role table: what each role may do in its subtree.
// Every role reads its subtree; the table lists what it may do beyond.
var rolePerms = map[Role][]Permission{
	RoleAdmin:         {PermEditOrgs, PermEditUnits, PermManageUser, PermReadAudit, PermEditMembers, PermRevealMembers, PermExportMembers, PermEditDemocracy, PermSubmitCensus, PermReviewCensus, PermEditHardship, PermApproveHardship, PermPostLedger, PermLockLedger, PermEditRights, PermEditProgrammes, PermApplyAssistance, PermApproveAssistance, PermOverrideDuplicate, PermEditHonours, PermApproveHonours, PermReviewInnovation},
	RoleCadre:         {PermEditOrgs, PermEditUnits, PermEditMembers, PermExportMembers, PermEditDemocracy, PermSubmitCensus, PermReviewCensus, PermEditHardship, PermApproveHardship, PermEditRights, PermApplyAssistance, PermApproveAssistance, PermEditHonours, PermApproveHonours},
	RoleReviewer:      {PermRevealMembers, PermReviewCensus, PermApproveHardship, PermApproveAssistance, PermOverrideDuplicate, PermApproveHonours, PermReviewInnovation},
	RoleFinance:       {PermPostLedger, PermLockLedger},
	RoleAuditor:       {PermReadAudit, PermRevealMembers},
	RolePartner:       {PermActOwnCases, PermRevealOwnCases},
	RolePartnerViewer: {},
}

// Can reports whether the role holds the permission.
func (r Role) Can(p Permission) bool {
	for _, q := range rolePerms[r] {
		if q == p {
			return true
		}
	}
	return false
}
