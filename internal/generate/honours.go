package generate

import (
	"strconv"

	"gonghui"
)

// HonourHeaders are the honours import's columns (the “两模一优” awards).
var HonourHeaders = []string{"荣誉类型", "级别", "年度", "工会", "车间（班组）", "姓名", "公民身份号码", "类别", "工作单位", "授予日期"}

// honoursAwarded is the day the city federation made its 2017 awards,
// before the preset's date so that the year's figures count them.
var honoursAwarded = dayOf(2017, 4, 27)

// writeHonours writes the city's “两模一优” awards of the year: model
// worker homes to grassroots unions, model small homes to a workshop of
// one, excellent union workers (a name and an ID number, in the register
// or not) kept by theirs — as many of each as the preset says.
func (pl *plan) writeHonours(c *csvFile) error {
	rng := rngFor(pl.seed, 54)
	var unions []int
	for i := range pl.orgs {
		if o := &pl.orgs[i]; o.kind == gonghui.KindGrassroots && o.founded <= honoursAwarded {
			unions = append(unions, i)
		}
	}
	p := pl.p
	year := strconv.Itoa(2017)
	award := func(kind string, union int, team, name, id, category string) {
		c.field(gonghui.ChoiceName(gonghui.HonourKinds, kind).Zh)
		c.field(gonghui.ChoiceName(gonghui.HonourLevels, gonghui.HonourCity).Zh)
		c.field(year)
		c.field(pl.orgs[union].code)
		c.field(team)
		c.field(name)
		c.field(id)
		c.field(category)
		c.field("")
		c.date(honoursAwarded)
		c.end()
	}
	// Each union gets at most one award of a kind (one title per recipient).
	for _, k := range pickUniform(rng, len(unions), min(p.ModelHomes, len(unions))) {
		award(gonghui.HonourModelHome, unions[k], "", "", "", "")
	}
	for n, k := range pickUniform(rng, len(unions), min(p.ModelSmallHomes, len(unions))) {
		award(gonghui.HonourModelSmallHome, unions[k], "第"+strconv.Itoa(1+n%9)+"车间", "", "", "")
	}
	other := gonghui.ChoiceName(gonghui.HonourCategories, "other").Zh
	for n := range p.ExcellentWorkers {
		union := unions[rng.IntN(len(unions))]
		// A birth date of its own per worker keeps the ID numbers apart.
		birth := dayOf(1965, 1, 1) + day(n*37)
		id := string(appendCitizenID(nil, pl.districts[pl.orgs[union].district].code, birth, 900+n%99))
		award(gonghui.HonourExcellentWorker, union, "", personName(rng, rng.IntN(2) == 0), id, other)
	}
	return c.err
}
