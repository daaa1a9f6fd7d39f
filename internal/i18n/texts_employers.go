package i18n

// employersTexts are the texts of the employer register.
var employersTexts = map[string][2]string{
	"nav.employers":                {"单位名录", "Employer register"},
	"employer.name":                {"单位名称", "Name"},
	"employer.uscc":                {"统一社会信用代码", "USCC"},
	"employer.legal_form":          {"企业类型", "Legal form"},
	"employer.ownership":           {"经济类型", "Ownership"},
	"employer.staff":               {"职工人数", "Staff"},
	"employer.staff_band":          {"职工人数段", "Staff band"},
	"employer.address":             {"地址", "Address"},
	"employer.region":              {"所在街道（区）", "Street or district"},
	"employer.district":            {"所在区", "District"},
	"employer.industry":            {"行业", "Industry"},
	"employer.registered_on":       {"成立日期", "Registered on"},
	"employer.status":              {"登记状态", "Status"},
	"employer.left_on":             {"注销（吊销、迁出）日期", "Left on"},
	"employer.org":                 {"所属区域工会", "Area union"},
	"employer.covered":             {"建会情况", "Union"},
	"employer.covered_yes":         {"已建会", "Unionized"},
	"employer.covered_no":          {"未建会", "No union"},
	"employer.unit":                {"覆盖单位", "Covered unit"},
	"employer.covered_on":          {"计入已建会日期", "Counted as unionized from"},
	"employer.contact":             {"联系人", "Contact"},
	"employer.notes":               {"备注", "Notes"},
	"employer.cadre_fields":        {"工会填写（导入不覆盖）", "Kept by the union (imports leave it)"},
	"employer.search_hint":         {"名称、拼音首字母或信用代码", "Name, pinyin initials or USCC"},
	"employer.with_left":           {"含已注销", "Include those that left"},
	"import.kind.employers":        {"单位名录", "Employer register"},
	"audit.action.employer.create": {"登记了名录单位", "registered the employer"},
	"audit.action.employer.update": {"更新了名录单位", "refreshed the employer"},
	"audit.action.employer.notes":  {"修改了名录单位备注", "changed the notes on"},
	"audit.record.employer":        {"名录单位", "employer"},
}

func init() { register(employersTexts) }
