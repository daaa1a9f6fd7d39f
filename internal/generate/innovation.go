package generate

import (
	"strconv"

	"gonghui"
)

// The innovation imports' columns.
var (
	AchievementHeaders = []string{"成果名称", "成果类型", "年度", "工会", "完成单位", "完成人公民身份号码", "专利号", "专利类型", "入选日期"}
	StudioHeaders      = []string{"工作室名称", "工作室类型", "命名级别", "工会", "依托单位", "领办人公民身份号码", "成员公民身份号码", "创建日期", "命名日期", "复核日期", "状态"}
	MentorPairHeaders  = []string{"工会", "师傅公民身份号码", "徒弟公民身份号码", "起始日期", "结束日期", "带徒目标", "成效"}
)

// innovationDay is the day the city federation published its 2017
// selection and named its studios, before the preset's date.
var innovationDay = dayOf(2017, 4, 27)

// innovatorsWanted is how many people the innovation records draw on: up
// to three per achievement (the selected and as many others), three per
// studio (city and district), two per pair.
func (p Preset) innovatorsWanted() int {
	return 6*p.InnovationSelected + 6*p.CityStudios + 2*p.MentorPairs
}

// next hands out the sampled people in turn (again from the first when
// the register is smaller than the records need).
func (s *memberSample) next(n *int) sampledMember {
	in := s.kept[*n%len(s.kept)]
	*n++
	return in
}

// writeAchievements writes the year's achievements: the selected ones of
// the published list (入选日期) and as many not selected, each by a team of
// one to three members of the register, kept by its lead's union.
func (pl *plan) writeAchievements(c *csvFile) error {
	rng := rngFor(pl.seed, 61)
	n := 0
	for i := range 2 * pl.p.InnovationSelected {
		lead := pl.people.next(&n)
		team := lead.id
		for range rng.IntN(3) {
			if m := pl.people.next(&n); m.id != lead.id {
				team += "；" + m.id
			}
		}
		kind := gonghui.AchievementKinds[rng.IntN(4)]
		c.field("2017年度创新成果第" + strconv.Itoa(i+1) + "号：" + kind.Name.Zh)
		c.field(kind.Name.Zh)
		c.field("2017")
		c.field(pl.orgs[lead.org].code)
		c.field("")
		c.field(team)
		if kind.Key == "invention" {
			c.field("ZL2017" + strconv.Itoa(10000000+i))
			c.field(gonghui.ChoiceName(gonghui.PatentKinds, "invention").Zh)
		} else {
			c.field("")
			c.field("")
		}
		if i < pl.p.InnovationSelected {
			c.date(innovationDay)
		} else {
			c.field("")
		}
		c.end()
	}
	return c.err
}

// writeStudios writes the city-level studios named in 2017 and as many
// district-level ones named the year before, each led by a member of the
// register with two more.
func (pl *plan) writeStudios(c *csvFile) error {
	n := len(pl.people.kept) / 2 // apart from the achievements' teams where the register allows
	for i := range 2 * pl.p.CityStudios {
		lead := pl.people.next(&n)
		var members string
		for range 2 {
			if m := pl.people.next(&n); m.id != lead.id {
				if members != "" {
					members += "；"
				}
				members += m.id
			}
		}
		kind, level, named := "craftsman", "city", innovationDay
		if i >= pl.p.CityStudios {
			kind, level, named = "worker", "district", dayOf(2016, 9, 1)
		}
		c.field("第" + strconv.Itoa(i+1) + "号" + gonghui.ChoiceName(gonghui.StudioKinds, kind).Zh)
		c.field(gonghui.ChoiceName(gonghui.StudioKinds, kind).Zh)
		c.field(gonghui.ChoiceName(gonghui.InnovationLevels, level).Zh)
		c.field(pl.orgs[lead.org].code)
		c.field(pl.orgs[lead.org].name)
		c.field(lead.id)
		c.field(members)
		c.date(dayOf(2014, 3, 1))
		c.date(named)
		c.field("")
		c.field("")
		c.end()
	}
	return c.err
}

// writeMentorPairs writes the pairs started in 2017, each for two years.
func (pl *plan) writeMentorPairs(c *csvFile) error {
	rng := rngFor(pl.seed, 62)
	n := 0
	for range pl.p.MentorPairs {
		mentor, apprentice := pl.people.next(&n), pl.people.next(&n)
		if mentor.id == apprentice.id { // a register of one member
			continue
		}
		from := dayOf(2017, 3, 1) + day(rng.IntN(120))
		c.field(pl.orgs[mentor.org].code)
		c.field(mentor.id)
		c.field(apprentice.id)
		c.date(from)
		c.date(from + 730)
		c.field("两年内取得高一级职业资格")
		c.field("")
		c.end()
	}
	return c.err
}
