package export

import (
	"strconv"

	"gonghui"
)

// The talent pool (人才库) lists people: its export masks their ID numbers
// and does not import back (the pool fills as finals and challenge rounds
// close).

// TalentPoolName is what the talent pool's export is audited as.
const TalentPoolName = "talent_pool"

// TalentPoolHeader is the talent pool's header.
var TalentPoolHeader = []string{"姓名", "公民身份号码", "单位", "竞赛", "类型", "工种", "年度", "名次", "入库方式", "入库日期", "主办工会"}

// TalentRow is an entry of the pool in TalentPoolHeader's columns.
func TalentRow(x gonghui.Talent) []string {
	return []string{x.Name, x.IDMasked, x.Unit, x.Competition, gonghui.ChoiceName(gonghui.CompetitionKinds, x.Kind).Zh, x.Trade,
		strconv.Itoa(x.Year), strconv.Itoa(x.Rank), gonghui.ChoiceName(gonghui.TalentReasons, x.Reason).Zh, x.EnteredOn.String(), x.OrgName}
}
