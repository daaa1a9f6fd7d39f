package i18n

// orgsTexts are the texts of the union tree.
var orgsTexts = map[string][2]string{
	"org.merge_confirm":    {"合并后该工会的下级组织、单位和会员将并入目标工会，确定吗？", "Merging moves this union's unions, units and members to the target. Go on?"},
	"nav.orgs":             {"组织", "Unions"},
	"org.code":             {"代码", "Code"},
	"org.name":             {"名称", "Name"},
	"org.kind":             {"类型", "Kind"},
	"org.parent":           {"上级工会", "Parent"},
	"org.region":           {"行政区划代码", "Region code"},
	"org.industry":         {"行业代码", "Industry code"},
	"org.uscc":             {"统一社会信用代码", "USCC"},
	"org.chair":            {"工会主席", "Chair"},
	"org.level":            {"层级", "Level"},
	"org.founded":          {"成立日期", "Founded on"},
	"org.status":           {"状态", "Status"},
	"org.children":         {"下级工会", "Unions below"},
	"org.units":            {"覆盖单位", "Covered units"},
	"org.direct_units":     {"直属单位", "Direct units"},
	"org.new_child":        {"新建下级工会", "New union below"},
	"org.new_unit":         {"登记单位", "Register unit"},
	"org.move":             {"移动到", "Move under"},
	"org.move_submit":      {"移动", "Move"},
	"org.dissolve":         {"撤销", "Dissolve"},
	"org.merge":            {"合并到", "Merge into"},
	"org.merge_submit":     {"合并", "Merge"},
	"org.target_code":      {"目标工会代码", "Target union code"},
	"org.status.active":    {"正常", "Active"},
	"org.status.dissolved": {"已撤销", "Dissolved"},
	"org.status.merged":    {"已合并", "Merged"},
	"org.reported_members": {"年报会员数", "Reported members (census)"},
	"org.successor":        {"合并至", "Merged into"},
	"org.dissolve_confirm": {"确定撤销该工会？", "Dissolve this union?"},
}

func init() { register(orgsTexts) }
