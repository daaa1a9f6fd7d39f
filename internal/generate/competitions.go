package generate

import "gonghui"

// The year's competitions as the 2017 report names them, held by the city
// federation, each with its trades, and their entrants: members of the
// register the sample gives, and — at the 北京大工匠 challenge, open to the
// public — outsiders. The report gives no counts: the figures the import
// yields are these records' (5 events, 1 大工匠 challenge, the entrants).

// CompetitionHeaders and EntrantHeaders are the competitions and entrants
// imports' columns.
var (
	CompetitionHeaders = []string{"主办工会", "年度", "竞赛名称", "竞赛类型", "级别", "开始日期", "结束日期", "决赛前几名计入竞赛成绩", "工种", "赛制"}
	EntrantHeaders     = []string{"主办工会", "年度", "竞赛名称", "工种", "公民身份号码", "姓名", "工作单位", "社会人员", "擂台挑战者"}
)

// cityFederationCode is the seeded city federation's code.
const cityFederationCode = "BJ"

// competitions2017 are the report's events, with their trades.
var competitions2017 = []struct {
	title, kind string
	from, to    day
	topN        string
	trades      []string
	rounds      string
}{
	{"2017年北京大工匠挑战赛", gonghui.CompetitionCraftsman, dayOf(2017, 4, 10), dayOf(2017, 9, 28), "10",
		[]string{"焊工", "数控车工", "钳工", "电工"}, "初赛 3 30 | 决赛 5 10 | 擂台挑战赛"},
	{"“当好主力军，建功副中心”主题劳动竞赛", "labour", dayOf(2017, 3, 1), dayOf(2017, 12, 31), "",
		[]string{"建筑施工", "市政工程"}, "决赛 3"},
	{"第二届京津冀职工职业技能大赛", "skill", dayOf(2017, 6, 1), dayOf(2017, 9, 15), "10",
		[]string{"焊工", "汽车维修工", "中式烹调师"}, "初赛 3 20 | 决赛 5"},
	{"中德职工焊接数控对抗赛", "skill", dayOf(2017, 8, 20), dayOf(2017, 8, 25), "",
		[]string{"焊工", "数控车工"}, "决赛 5"},
	{"京台职工厨艺比赛", "skill", dayOf(2017, 7, 10), dayOf(2017, 7, 12), "",
		[]string{"中式烹调师"}, "决赛 5"},
}

// entrantsPerTrade is how many members of the register enter each trade;
// the 大工匠 challenge's trades take as many outsiders more.
func (p Preset) entrantsPerTrade() int { return max(3, p.InnovationSelected/6) }

func (pl *plan) writeCompetitions(c *csvFile) error {
	for _, x := range competitions2017 {
		for _, t := range x.trades {
			c.field(cityFederationCode)
			c.field("2017")
			c.field(x.title)
			c.field(gonghui.ChoiceName(gonghui.CompetitionKinds, x.kind).Zh)
			c.field(gonghui.ChoiceName(gonghui.CompetitionLevels, "city").Zh)
			c.date(x.from)
			c.date(x.to)
			c.field(x.topN)
			c.field(t)
			c.field(x.rounds)
			c.end()
		}
	}
	return c.err
}

// writeEntrants enters members of the register (each once per trade: the
// sample in turn, apart from the innovation records' people where it
// allows) and the challenge's outsiders.
func (pl *plan) writeEntrants(c *csvFile) error {
	rng := rngFor(pl.seed, 63)
	n := len(pl.people.kept) / 3
	seq := 0
	entrant := func(title, trade, id, name, unit string, outsider bool) {
		c.field(cityFederationCode)
		c.field("2017")
		c.field(title)
		c.field(trade)
		c.field(id)
		c.field(name)
		c.field(unit)
		c.field(yesNoCell(outsider))
		c.field("")
		c.end()
	}
	for _, x := range competitions2017 {
		for _, t := range x.trades {
			seen := map[string]bool{}
			for range pl.p.entrantsPerTrade() {
				m := pl.people.next(&n)
				if !seen[m.id] {
					seen[m.id] = true
					entrant(x.title, t, m.id, "", pl.orgs[m.org].name, false)
				}
			}
			if x.kind != gonghui.CompetitionCraftsman {
				continue
			}
			for range pl.p.entrantsPerTrade() {
				// Outsiders born before 1965 cannot clash with the
				// register's members, drawn from later birth years.
				birth := dayOf(1950, 1, 1) + day(seq*13)
				id := string(appendCitizenID(nil, pl.districts[seq%len(pl.districts)].code, birth, 500+seq%400))
				seq++
				entrant(x.title, t, id, personName(rng, rng.IntN(2) == 0), "社会报名", true)
			}
		}
	}
	return c.err
}

// yesNoCell writes a yes-or-no column.
func yesNoCell(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// CompetitionCounts are the events the generated competitions hold once
// imported, and of them the 大工匠 challenges; each row of the entrants'
// file is an entrant.
func CompetitionCounts() (events, craftsman int) {
	for _, x := range competitions2017 {
		events++
		if x.kind == gonghui.CompetitionCraftsman {
			craftsman++
		}
	}
	return events, craftsman
}
