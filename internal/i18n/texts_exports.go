package i18n

// exportTexts are the words of the director and census-return exports and
// the director import.
var exportTexts = map[string][2]string{
	"audit.action.director.update": {"修改了任期：", "changed the term of"},
	"audit.record.directors":       {"职工董事、职工监事名单", "the list of directors and supervisors"},
	"audit.record.census_returns":  {"统计年报清单", "the list of census returns"},
	"import.kind.directors":        {"职工董事、职工监事", "Employee directors and supervisors"},
}

func init() { register(exportTexts) }
