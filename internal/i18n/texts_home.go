package i18n

// homeTexts are the texts of the home page's to-do inbox.
var homeTexts = map[string][2]string{
	"inbox.title":               {"待办事项", "To do"},
	"inbox.transfers":           {"条会员转入申请待接收", "incoming member transfers to accept"},
	"inbox.census_submit":       {"份统计年报待上报", "census returns to submit"},
	"inbox.census_review":       {"份下级统计年报待审核", "census returns below to review"},
	"inbox.contracts_file":      {"份集体合同待报送备案", "collective contracts to file"},
	"inbox.contracts_objection": {"份集体合同审查期将满", "collective contracts whose review period ends"},
	"inbox.contracts_expiry":    {"份集体合同即将到期", "collective contracts expiring soon"},
	"inbox.import":              {"行导入未成功，请查看错误报告", "rows of an import were refused: see its error report"},
	"inbox.quality":             {"条会员数据质量问题", "member data-quality findings"},
	"inbox.quality_none":        {"会员数据质量检查未发现问题", "the member data-quality checks found nothing"},
	"inbox.quality_loading":     {"正在检查会员数据质量……", "checking the member data…"},
	"inbox.nothing":             {"目前没有待办事项。", "Nothing waits for you."},
	"inbox.my_union":            {"本级工会", "My union"},
}

func init() { register(homeTexts) }
