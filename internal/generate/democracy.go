package generate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"gonghui"
)

// deal is one collective contract to write.
type deal struct {
	signer string // the signing union's code
	title  string
	kind   gonghui.ContractKind
	level  gonghui.ContractLevel
	units  []int32
}

// selectDemocracy decides which units have a contract in force, a
// congress and a disclosure system, with exact counts, and which
// contracts cover them.
func (pl *plan) selectDemocracy() error {
	p := pl.p
	rng := rngFor(pl.seed, 6)
	// Only enterprises of 25 staff or more count for coverage; the smaller
	// firms' workers are reached through their joint union instead.
	var e100, e25 []int
	for i := range pl.units {
		switch pl.units[i].class {
		case classE100:
			e100 = append(e100, i)
		case classE25:
			e25 = append(e25, i)
		}
	}
	c100 := min(len(e100), int(math.Round(float64(len(e100))*p.ContractRate100)))
	if p.ContractUnits-c100 > len(e25) || c100 > p.ContractUnits {
		return errors.New("contracts: coverage does not fit the enterprises")
	}
	for _, k := range pickUniform(rng, len(e100), c100) {
		pl.units[e100[k]].contract = true
	}
	for _, k := range pickUniform(rng, len(e25), p.ContractUnits-c100) {
		pl.units[e25[k]].contract = true
	}

	// Congress and disclosure: the base units, a few of them without.
	var base, nonGroup []int
	for i := range pl.units {
		if pl.units[i].inBase() {
			base = append(base, i)
			if !pl.units[i].group {
				nonGroup = append(nonGroup, i)
			}
		}
	}
	if len(base) != p.CongressBase() {
		return fmt.Errorf("congress base: %d units, want %d", len(base), p.CongressBase())
	}
	for _, i := range base {
		pl.units[i].congress, pl.units[i].disclosure = true, true
	}
	w := make([]float64, len(nonGroup))
	for k, i := range nonGroup {
		w[k] = 1
		if pl.orgs[pl.units[i].org].kind == gonghui.KindJointGrassroots {
			w[k] = 3 // small firms in joint unions lag behind
		}
	}
	missing := len(base) - p.CongressUnits
	if missing > len(nonGroup) {
		return errors.New("congresses: too few units outside groups")
	}
	for _, k := range pickWeighted(rng, w, missing) {
		pl.units[nonGroup[k]].congress = false
	}
	w = make([]float64, len(base))
	for k, i := range base {
		u := &pl.units[i]
		switch {
		case !u.congress:
			w[k] = 20 // no congress, seldom a disclosure system
		case u.group:
			w[k] = 0.5
		case pl.orgs[u.org].kind == gonghui.KindJointGrassroots:
			w[k] = 3
		default:
			w[k] = 1
		}
	}
	for _, k := range pickWeighted(rng, w, len(base)-p.DisclosureUnits) {
		pl.units[base[k]].disclosure = false
	}
	return nil
}

// specialKinds are the special contracts enterprises sign beside their
// comprehensive one, the commonest first.
var specialKinds = []gonghui.ContractKind{gonghui.ContractWage, gonghui.ContractWomen, gonghui.ContractSafety,
	gonghui.ContractWelfareFunds, gonghui.ContractProtection, gonghui.ContractSkilledTalent, gonghui.ContractPaidLeave}

// deals lays out the contracts: enterprise comprehensive contracts for the
// largest covered units that have a union of their own, special contracts
// beside some of them, and regional or industry contracts, signed by the
// union above, for every other covered unit.
func (pl *plan) deals() ([]deal, error) {
	p := pl.p
	scale := float64(p.Contracts) / float64(Presets["beijing-2017"].Contracts)
	var own []int32 // covered units with a union of their own
	for i := range pl.units {
		if u := &pl.units[i]; u.contract && pl.orgs[u.org].kind == gonghui.KindGrassroots {
			own = append(own, int32(i))
		}
	}
	sortByStaff(pl.units, own)
	nEnt := min(len(own), int(math.Round(enterpriseDeals*scale)), p.Contracts-1)
	nSpec := min(int(math.Round(specialDeals*scale)), nEnt*len(specialKinds), p.Contracts-1-nEnt)
	nReg := p.Contracts - nEnt - nSpec
	enterprise := map[int32]bool{}
	var out []deal
	for _, u := range own[:nEnt] {
		enterprise[u] = true
		o := &pl.orgs[pl.units[u].org]
		out = append(out, deal{signer: o.code, title: pl.units[u].name + "综合集体合同", kind: gonghui.ContractComprehensive,
			level: gonghui.LevelEnterprise, units: []int32{u}})
	}
	for k := 0; k < nSpec; k++ {
		u := own[k%nEnt]
		kind := specialKinds[k/nEnt]
		o := &pl.orgs[pl.units[u].org]
		out = append(out, deal{signer: o.code, title: pl.units[u].name + gonghui.ChoiceName(gonghui.ContractKinds, string(kind)).Zh,
			kind: kind, level: gonghui.LevelEnterprise, units: []int32{u}})
	}

	// The rest go to regional and industry contracts. The signer is the
	// union above the unit's own; when there are fewer contracts than
	// such unions (small scales), the district or the city signs.
	var rest []int32
	for i := range pl.units {
		if pl.units[i].contract && !enterprise[int32(i)] {
			rest = append(rest, int32(i))
		}
	}
	if nReg > len(rest) || nReg < 1 && len(rest) > 0 {
		return nil, errors.New("contracts: the count does not fit the units to cover")
	}
	var keys []string
	var groups map[string][]int32
	for level := 2; level >= 0; level-- {
		keys, groups = nil, map[string][]int32{}
		for _, u := range rest {
			k := pl.signerAt(pl.units[u].org, level)
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], u)
		}
		if len(keys) <= nReg {
			break
		}
	}
	weights := make([]float64, len(keys))
	caps := make([]int, len(keys))
	for i, k := range keys {
		caps[i] = len(groups[k]) - 1
		weights[i] = float64(caps[i])
	}
	rng := rngFor(pl.seed, 7)
	for i, n := range apportion(nReg-len(keys), weights, caps) {
		us := groups[keys[i]]
		n++
		if (len(us)+n-1)/n > maxCellUnits {
			return nil, errors.New("contracts: a regional contract would cover too many units for one cell")
		}
		name, kind := pl.signerName(keys[i])
		base := strings.TrimSuffix(strings.TrimSuffix(name, "总工会"), "工会联合会")
		level, word := gonghui.LevelRegional, "区域性"
		if kind == gonghui.KindIndustryFederation {
			level, word = gonghui.LevelIndustry, ""
		}
		for j := 0; j < n; j++ {
			part := us[j*len(us)/n : (j+1)*len(us)/n]
			ck := gonghui.ContractComprehensive
			if rng.Float64() < 0.15 {
				ck = gonghui.ContractWage
			}
			title := fmt.Sprintf("%s%s%s（%d）", base, word, gonghui.ChoiceName(gonghui.ContractKinds, string(ck)).Zh, j+1)
			out = append(out, deal{signer: keys[i], title: title, kind: ck, level: level, units: part})
		}
	}
	return out, nil
}

// signerAt is the code of the union that signs for a unit's union at a
// level: 2 the union right above it, 1 its district or industry
// federation, 0 the city federation.
func (pl *plan) signerAt(o int32, level int) string {
	g := &pl.orgs[o]
	switch level {
	case 0:
		return "BJ"
	case 1:
		if g.sector >= 0 {
			return g.parentCode
		}
		return pl.districts[g.district].orgCode
	}
	return g.parentCode
}

// signerName is the name and kind of a union that signs contracts.
func (pl *plan) signerName(code string) (string, gonghui.OrgKind) {
	if code == "BJ" {
		return "北京市总工会", gonghui.KindCityFederation
	}
	for _, d := range pl.districts {
		if d.orgCode == code {
			return d.name + "总工会", gonghui.KindDistrictFederation
		}
	}
	i := pl.indexOf(code)
	return pl.orgs[i].name, pl.orgs[i].kind
}

// sortByStaff orders units by staff, the largest first.
func sortByStaff(units []unit, idx []int32) {
	slices.SortStableFunc(idx, func(a, b int32) int { return int(units[b].staff - units[a].staff) })
}

// writeContracts writes the contracts, all in force on the preset's date.
func (pl *plan) writeContracts(c *csvFile) error {
	ds, err := pl.deals()
	if err != nil {
		return err
	}
	rng := rngFor(pl.seed, 8)
	for _, d := range ds {
		start := between(rng, dayOf(2015, 1, 1), dayOf(2017, 8, 31))
		years := 3
		switch {
		case start >= dayOf(2016, 11, 1):
			years = 1 + rng.IntN(3)
		case start >= dayOf(2015, 11, 1):
			years = 2 + rng.IntN(2)
		}
		signed := start - day(5+rng.IntN(36))
		filed := signed + day(1+rng.IntN(gonghui.FilingDays))
		effective := filed + gonghui.ObjectionDays
		staff := 0
		var cell []byte
		for k, u := range d.units {
			if k > 0 {
				cell = append(cell, ';')
			}
			cell = append(cell, pl.units[u].uscc...)
			staff += int(pl.units[u].staff)
		}
		c.field(d.title)
		c.field(gonghui.ChoiceName(gonghui.ContractKinds, string(d.kind)).Zh)
		c.field(gonghui.ChoiceName(gonghui.ContractLevels, string(d.level)).Zh)
		c.field(d.signer)
		c.row = append(c.raw(), cell...)
		c.date(start)
		c.date(start.addYears(years) - 1)
		c.date(signed)
		c.date(filed)
		c.date(effective)
		c.int(staff)
		topics := make([]string, 0, 8)
		for _, t := range gonghui.MustTalkTopics {
			topics = append(topics, t.Name.Zh)
		}
		for _, k := range rng.Perm(len(gonghui.DefaultBargainingTopics))[:rng.IntN(4)] {
			topics = append(topics, gonghui.DefaultBargainingTopics[k])
		}
		c.field(strings.Join(topics, "、"))
		if d.kind == gonghui.ContractWage {
			wage := 5_000 + rng.IntN(11_000)
			c.field(strconv.Itoa(wage) + ".00")
			c.field(fmt.Sprintf("%d.%02d", 3+rng.IntN(6), rng.IntN(100)))
			c.int(staff)
		} else {
			c.field("")
			c.field("")
			c.field("")
		}
		c.end()
	}
	return c.err
}

// Motions a congress deliberates.
var motions = []string{"审议年度工作报告", "审议集体合同草案", "审议工资集体协商方案", "审议职工福利费使用情况",
	"审议劳动安全卫生专项集体合同", "选举职工董事、职工监事", "审议厂务公开工作报告", "审议女职工权益保护专项集体合同", "评议领导人员"}

// writeCongresses writes the congresses, one row each with its latest
// sitting when it has had one: a group-type congress for each group, a
// unit congress for a unit with its own union, a regional (or, under an
// industry federation, an industry) congress for a joint union's units.
func (pl *plan) writeCongresses(c *csvFile) error {
	rng := rngFor(pl.seed, 9)
	for oi := range pl.orgs {
		o := &pl.orgs[oi]
		var covered []int32
		for _, u := range o.units {
			if pl.units[u].congress {
				covered = append(covered, u)
			}
		}
		switch {
		case len(covered) == 0:
		case o.group:
			pl.congressRow(c, rng, o, strings.TrimSuffix(o.name, "工会")+ordinal(1+rng.IntN(9))+"届职工代表大会", gonghui.CongressGroup, covered)
		case o.kind == gonghui.KindGrassroots:
			pl.congressRow(c, rng, o, pl.units[covered[0]].name+ordinal(1+rng.IntN(12))+"届职工代表大会", gonghui.CongressUnit, covered)
		default:
			kind, word := gonghui.CongressRegional, "区域性"
			if o.sector >= 0 {
				kind, word = gonghui.CongressIndustry, "行业性"
			}
			n := (len(covered) + maxCellUnits - 1) / maxCellUnits
			for j := 0; j < n; j++ {
				name := strings.TrimSuffix(o.name, "委员会") + word + "职工代表大会"
				if n > 1 {
					name += fmt.Sprintf("（%d）", j+1)
				}
				pl.congressRow(c, rng, o, name, kind, covered[j*len(covered)/n:(j+1)*len(covered)/n])
			}
		}
	}
	return c.err
}

func (pl *plan) congressRow(c *csvFile, rng *rand.Rand, o *org, name string, kind gonghui.CongressKind, units []int32) {
	staff := 0
	var cell []byte
	for k, u := range units {
		if k > 0 {
			cell = append(cell, ';')
		}
		cell = append(cell, pl.units[u].uscc...)
		staff += int(pl.units[u].staff)
	}
	established := between(rng, max(o.founded, dayOf(1990, 1, 1)), dayOf(2017, 6, 30))
	c.field(name)
	c.field(gonghui.ChoiceName(gonghui.CongressKinds, string(kind)).Zh)
	c.field(o.code)
	c.row = append(c.raw(), cell...)
	c.date(established)
	if rng.Float64() < 0.8 {
		held := between(rng, max(established, dayOf(2016, 3, 1)), pl.p.Date-10)
		delegates := staff // a small unit holds a meeting of all its workers
		if staff >= 100 {
			delegates = min(max(staff/20, 30), 500)
		}
		attended := delegates - rng.IntN(delegates/3+1)
		var ms []string
		for _, k := range rng.Perm(len(motions))[:2+rng.IntN(3)] {
			ms = append(ms, motions[k])
		}
		c.date(held)
		c.int(delegates)
		c.int(attended)
		c.field(strings.Join(ms, "；"))
	} else {
		c.field("")
		c.field("")
		c.field("")
		c.field("")
	}
	c.end()
}

// writeDisclosures writes the affairs-disclosure systems: one in force for
// each unit that has one, and an ended one for some of those that do not.
func (pl *plan) writeDisclosures(c *csvFile) error {
	rng := rngFor(pl.seed, 10)
	for oi := range pl.orgs {
		for _, ui := range pl.orgs[oi].units {
			u := &pl.units[ui]
			switch {
			case u.disclosure:
				c.field(u.uscc)
				c.date(between(rng, max(pl.orgs[oi].founded, dayOf(2002, 1, 1)), dayOf(2017, 8, 31)))
				c.date(noDay)
				c.end()
			case u.inBase() && rng.Float64() < 0.3:
				start := between(rng, dayOf(2008, 1, 1), dayOf(2013, 12, 31))
				c.field(u.uscc)
				c.date(start)
				c.date(between(rng, dayOf(2015, 1, 1), dayOf(2017, 6, 30)))
				c.end()
			}
		}
	}
	return c.err
}
