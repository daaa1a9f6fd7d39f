package i18n

// unitsTexts are the texts of the employer units.
var unitsTexts = map[string][2]string{
	"unit.pick":             {"添加单位（输入名称或统一社会信用代码）", "Add a unit (type its name or USCC)"},
	"unit.picked":           {"已选单位（每行一个统一社会信用代码，也可从表格粘贴）", "Units picked (one USCC a line; a spreadsheet column can be pasted)"},
	"nav.units":             {"单位", "Units"},
	"unit.uscc":             {"统一社会信用代码", "USCC"},
	"unit.name":             {"单位名称", "Unit name"},
	"unit.org":              {"覆盖工会", "Covering union"},
	"unit.ownership":        {"经济类型", "Ownership"},
	"unit.public":           {"公有制", "Public"},
	"unit.nonpublic":        {"非公有制", "Non-public"},
	"unit.staff":            {"职工人数", "Staff"},
	"unit.region":           {"所在地区代码", "Region code"},
	"unit.industry":         {"行业代码", "Industry code"},
	"unit.warning":          {"提示", "Warning"},
	"uscc.pilot_confirmed":  {"确认为早期试点代码（校验位不符，但已核实无误）", "Confirmed as an early pilot code (fails the checksum, but verified)"},
	"unit.search_hint":      {"名称或统一社会信用代码", "Name or USCC"},
	"unit.democracy":        {"民主管理", "Democratic management"},
	"unit.industry_section": {"行业门类", "Industry section"},
	"unit.staff_band":       {"职工人数", "Staff"},
	"unit.move_to":          {"移至工会", "Move to the union"},
	"unit.batch_move":       {"批量移至该工会", "Move to this union"},
	"unit.new_congress":     {"为该单位建立职代会", "New congress for this unit"},
}

func init() { register(unitsTexts) }
