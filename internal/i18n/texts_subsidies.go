package i18n

// subsidiesTexts are the texts of the qualification subsidy: certificates,
// contest results, the lottery and the public notice.
var subsidiesTexts = map[string][2]string{
	"audit.action.certificate.create":    {"登记了", "recorded"},
	"audit.action.certificate.update":    {"修改了", "changed"},
	"audit.action.contest_result.create": {"登记了", "recorded"},
	"audit.action.lottery.run":           {"摇号确定了", "drew"},
	"audit.record.certificate":           {"职业资格证书", "certificate"},
	"audit.record.contest_result":        {"竞赛成绩", "contest result"},
	"audit.record.lottery":               {"助推金摇号", "subsidy lottery"},
}

func init() { register(subsidiesTexts) }
