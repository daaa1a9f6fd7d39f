package i18n

// rightsCallbackTexts are the texts of the callback (回访) after a rights
// case closes, and of the rights imports.
var rightsCallbackTexts = map[string][2]string{
	"inbox.rights_callbacks":            {"件已结案的维权案件待回访", "closed rights cases awaiting a callback"},
	"rights.callbacks":                  {"结案回访", "Callback"},
	"rights.satisfaction":               {"满意度", "Satisfaction"},
	"rights.callback_reached":           {"已联系到当事人", "Worker reached"},
	"rights.callback_not_reached":       {"未联系到", "Not reached"},
	"rights.callback_record":            {"记录回访", "Record the callback"},
	"rights.callback_awaited":           {"本案已结案，尚未回访到当事人。", "The case is closed and its worker has not been reached by a callback yet."},
	"rights.callback_awaiting":          {"仅待回访", "Awaiting a callback only"},
	"import.kind.rights-intakes":        {"维权来电来访登记台账（12351热线）", "Rights intakes (hotline log)"},
	"import.kind.rights-cases":          {"维权案件台账", "Rights cases (case register)"},
	"rights.worker_count":               {"涉及职工人数（导入的集体争议只列首席代表）", "Workers (an imported group case names its lead representative only)"},
	"audit.action.rights.case.callback": {"回访了", "called back"},
	"audit.action.rights.case.import":   {"导入了", "imported"},
	"audit.action.rights.intake.import": {"导入了", "imported"},
	"rights.step.callback":              {"结案回访", "Called back"},
}

func init() { register(rightsCallbackTexts) }
