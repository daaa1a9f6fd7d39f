package i18n

// correctionsTexts are the texts of the members' own corrections: the
// portal's page and the cadres' list.
var correctionsTexts = map[string][2]string{
	"nav.corrections":             {"会员信息更正", "Member corrections"},
	"inbox.corrections":           {"条会员信息更正待确认", "corrections awaiting confirmation"},
	"member.address":              {"住址", "Address"},
	"correction.title":            {"更正我的信息", "Correct my details"},
	"correction.current":          {"工会登记的信息", "What your union holds"},
	"correction.propose":          {"提交更正", "Send the correction"},
	"correction.hint":             {"只填写需要更正的项目，其余留空；工会确认后生效。", "Fill in only what needs correcting and leave the rest empty; it takes effect once your union confirms it."},
	"correction.new_phone":        {"新的手机号码", "New phone"},
	"correction.new_address":      {"新的住址", "New address"},
	"correction.new_education":    {"学历", "Education"},
	"correction.unchanged":        {"不更改", "no change"},
	"correction.pending":          {"待工会确认的更正", "Awaiting your union's confirmation"},
	"correction.withdraw":         {"撤回", "Withdraw"},
	"correction.history":          {"以往的更正", "Earlier corrections"},
	"correction.proposed_on":      {"提交日期", "Sent on"},
	"correction.decided_on":       {"处理日期", "Decided on"},
	"correction.decided_by":       {"处理人", "Decided by"},
	"correction.reason":           {"原因", "Reason"},
	"correction.status":           {"状态", "Status"},
	"correction.member":           {"会员", "Member"},
	"correction.proposed":         {"申请更正为", "Proposed"},
	"correction.confirm":          {"确认并写入会员库", "Confirm into the register"},
	"correction.reject":           {"不予通过", "Reject"},
	"correction.reject_reason":    {"不通过的原因（会员可见）", "Reason (the member reads it)"},
	"correction.status.all":       {"全部", "All"},
	"correction.none":             {"—", "—"},
	"correction.status.pending":   {"待确认", "Awaiting confirmation"},
	"correction.status.confirmed": {"已确认", "Confirmed"},
	"correction.status.rejected":  {"未通过", "Rejected"},
	"correction.status.withdrawn": {"已撤回", "Withdrawn"},

	"audit.action.member.correction.propose":  {"提交了信息更正", "proposed a correction"},
	"audit.action.member.correction.withdraw": {"撤回了信息更正", "withdrew the correction"},
	"audit.action.member.correction.confirm":  {"确认了信息更正", "confirmed the correction"},
	"audit.action.member.correction.reject":   {"未通过信息更正", "rejected the correction"},
	"audit.record.member_correction":          {"会员信息更正", "member correction"},
}

func init() { register(correctionsTexts) }
