package generate

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonghui"
	"gonghui/refdata"
)

// unitClass is a unit's size and ownership band, which the rates'
// denominators cut along.
type unitClass uint8

const (
	classE100   unitClass = iota // enterprise, 100+ staff
	classE25                     // enterprise, 25–99
	classESmall                  // enterprise, 1–24
	classI25                     // institution, 25+
	classISmall                  // institution, under 25
	classSocial                  // social organization, any size
)

type unit struct {
	name, uscc, industry, region string
	own                          gonghui.Ownership
	org                          int32
	staff, members               int32
	class                        unitClass
	group                        bool // a company of a group with a group-type congress
	contract                     bool // covered by a collective contract in force
	congress                     bool
	disclosure                   bool
	legal                        string // its legal form, as the register writes it
}

// inBase reports whether the unit is in the congress and disclosure rates'
// denominator: 25 staff or more, not a social organization.
func (u *unit) inBase() bool { return u.staff >= 25 && u.own != gonghui.OwnershipSocial }

type org struct {
	code, name, region, industry, uscc, chair string
	kind                                      gonghui.OrgKind
	parent                                    int // index in plan.orgs, or -1: parentCode is an existing union
	parentCode                                string
	district                                  int
	founded                                   day
	reported                                  int // census figure; -1 for none
	realname, staff                           int
	units                                     []int32
	group                                     bool // keeps a group-type congress
	sector                                    int  // index in sectors for an industry federation's subtree, -1 otherwise
}

type district struct {
	code, name, orgCode string
	weight              float64
	streets             []int // its street unions, indices in plan.orgs
}

// plan is the city's structure: every union and unit, decided before any
// file is written, with what each unit has (contract, congress …).
type plan struct {
	p         Preset
	seed      uint64
	orgs      []org
	units     []unit
	districts []district
	// uncovered are the employers of 25 staff or more no union covers,
	// as the register writes them: the campaign's and the outreach's.
	uncovered []unit
	// recipients and people are members of the register sampled as it is
	// written: those the assistance files pay (members before 2017) and
	// those the innovation records name.
	recipients, people memberSample
	// households are the households on file the festival visits reach.
	households []household
	subsidy    subsidyPlan
}

// Shares of the city's units by district (rough, from the districts'
// employment).
var districtWeights = map[string]float64{
	"110101": 6, "110102": 7, "110105": 22, "110106": 8, "110107": 2.5, "110108": 18, "110109": 1.2,
	"110111": 3.5, "110112": 6, "110113": 5, "110114": 6, "110115": 7, "110116": 1.5, "110117": 1.2,
	"110118": 1.5, "110119": 1,
}

// sectors are the city's industry federations (行业工会联合会): the six the
// report names and eleven more.
var sectors = []struct{ name, division string }{
	{"供热", "44"}, {"教育", "83"}, {"医疗卫生", "84"}, {"互联网", "64"}, {"快递", "60"}, {"演艺", "88"},
	{"物业管理", "70"}, {"餐饮", "62"}, {"家政服务", "80"}, {"出租汽车", "54"}, {"建筑", "47"}, {"保安服务", "72"},
	{"商业零售", "52"}, {"软件和信息服务", "65"}, {"环境卫生", "78"}, {"养老服务", "85"}, {"律师", "72"},
}

// rngFor gives each stage its own stream, so that a change in one stage
// leaves the others' draws alone.
func rngFor(seed uint64, stage uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15*stage+1))
}

// between draws a day in [lo, hi].
func between(rng *rand.Rand, lo, hi day) day { return lo + day(rng.IntN(int(hi-lo)+1)) }

func newPlan(p Preset, seed uint64) (*plan, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	pl := &plan{p: p, seed: seed}
	for _, d := range refdata.BeijingDistricts() {
		pl.districts = append(pl.districts, district{code: d.Code, name: d.Name,
			orgCode: "BJ" + strings.TrimPrefix(d.Code, "1101"), weight: districtWeights[d.Code]})
	}
	if err := pl.buildOrgs(); err != nil {
		return nil, err
	}
	if err := pl.buildUnits(); err != nil {
		return nil, err
	}
	pl.describeUnits()
	if err := pl.countMembers(); err != nil {
		return nil, err
	}
	if err := pl.selectDemocracy(); err != nil {
		return nil, err
	}
	return pl, nil
}

func (pl *plan) districtCum() []float64 {
	w := make([]float64, len(pl.districts))
	for i, d := range pl.districts {
		w[i] = d.weight
	}
	return cumulative(w)
}

// buildOrgs creates the unions below the districts: industry federations,
// street unions, regional federations, then the grassroots-type unions.
func (pl *plan) buildOrgs() error {
	p := pl.p
	rng := rngFor(pl.seed, 1)
	scale := float64(p.Units) / float64(Presets["beijing-2017"].Units)
	budget := p.Orgs - existingOrgs
	nInd := p.IndustryFederations
	nSt := min(streetCount, max(int(math.Round(streetCount*scale)), min(len(pl.districts), budget/4)))
	nReg := int(math.Round(regionalCount * scale))
	nGroup := p.GroupCongresses
	rest := budget - nInd - nSt - nReg - nGroup
	if rest < 2 {
		return errors.New("too few unions for the structure: raise the scale")
	}
	nJoint := max(1, int(math.Round(float64(rest)*jointShare)))
	nSingle := rest - nJoint
	dcum := pl.districtCum()
	today := p.Date

	for i := 0; i < nInd; i++ {
		s := sectors[i%len(sectors)]
		name := "北京市" + s.name + "行业工会联合会"
		if i >= len(sectors) {
			name = fmt.Sprintf("北京市%s行业工会联合会（%d）", s.name, i/len(sectors)+1)
		}
		pl.orgs = append(pl.orgs, org{code: fmt.Sprintf("BJHY%02d", i+1), name: name, kind: gonghui.KindIndustryFederation,
			parent: -1, parentCode: "BJ", district: -1, region: "11", industry: s.division,
			founded: between(rng, dayOf(2012, 1, 1), dayOf(2017, 6, 30)), sector: i % len(sectors)})
	}

	// Street unions: one in every district first, then the rest at random.
	byDistrict := map[string][]refdata.Region{}
	for _, s := range refdata.BeijingStreets() {
		byDistrict[s.ParentCode] = append(byDistrict[s.ParentCode], s)
	}
	var first, others []refdata.Region
	for _, d := range pl.districts {
		ss := byDistrict[d.code]
		k := rng.IntN(len(ss))
		first = append(first, ss[k])
		others = append(others, ss[:k]...)
		others = append(others, ss[k+1:]...)
	}
	rng.Shuffle(len(first), func(i, j int) { first[i], first[j] = first[j], first[i] })
	rng.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
	chosen := append(first, others...)[:nSt]
	slices.SortFunc(chosen, func(a, b refdata.Region) int { return strings.Compare(a.Code, b.Code) })
	distIndex := map[string]int{}
	for i, d := range pl.districts {
		distIndex[d.code] = i
	}
	for _, s := range chosen {
		di := distIndex[s.ParentCode]
		pl.districts[di].streets = append(pl.districts[di].streets, len(pl.orgs))
		pl.orgs = append(pl.orgs, org{code: "BJ" + s.Code[4:], name: s.Name + "总工会", kind: gonghui.KindStreetFederation,
			parent: -1, parentCode: pl.districts[di].orgCode, district: di, region: s.Code,
			founded: between(rng, dayOf(1985, 1, 1), dayOf(2005, 12, 31)), sector: -1})
	}

	// Regional federations sit in a street, in business districts and parks.
	var regional []int
	areaWords := []string{"商务楼宇", "科技园区", "商圈", "产业园区", "物流园区", "开发区"}
	for i := 0; i < nReg; i++ {
		di := pl.pickDistrictWithStreets(rng, dcum)
		if di < 0 {
			break
		}
		st := pl.orgs[pl.districts[di].streets[rng.IntN(len(pl.districts[di].streets))]]
		regional = append(regional, len(pl.orgs))
		pl.orgs = append(pl.orgs, org{code: fmt.Sprintf("%sQ%03d", pl.districts[di].orgCode, i+1),
			name: strings.TrimSuffix(st.name, "总工会") + tradeName(rng) + areaWords[rng.IntN(len(areaWords))] + "工会联合会",
			kind: gonghui.KindRegionalFederation, parent: pl.indexOf(st.code), district: di, region: st.region,
			founded: between(rng, dayOf(2008, 1, 1), dayOf(2016, 12, 31)), sector: -1})
	}

	// Grassroots-type unions: group companies' unions (directly under a
	// district), single-unit grassroots unions and joint ones.
	serial := 0
	add := func(kind gonghui.OrgKind, group bool) {
		serial++
		o := org{kind: kind, group: group, sector: -1}
		r := rng.Float64()
		di := choose(rng, dcum)
		o.district = di
		d := &pl.districts[di]
		switch {
		case group:
			o.parent, o.parentCode, o.region = -1, d.orgCode, d.code
		case nInd > 0 && r < industryOrgShare:
			f := rng.IntN(nInd)
			o.parent, o.sector = f, pl.orgs[f].sector
			o.region = d.code
			if len(d.streets) > 0 {
				o.region = pl.orgs[d.streets[rng.IntN(len(d.streets))]].region
			}
		case len(d.streets) == 0 || r < industryOrgShare+directShare:
			o.parent, o.parentCode, o.region = -1, d.orgCode, d.code
		case len(regional) > 0 && r < industryOrgShare+directShare+regionalOrgShare:
			g := regional[rng.IntN(len(regional))]
			o.parent, o.district, o.region = g, pl.orgs[g].district, pl.orgs[g].region
		default:
			s := d.streets[rng.IntN(len(d.streets))]
			o.parent, o.region = s, pl.orgs[s].region
		}
		letter := "G"
		lo := dayOf(1952, 1, 1)
		switch {
		case kind == gonghui.KindJointGrassroots:
			letter, lo = "L", dayOf(2003, 1, 1)
		case group:
			lo = dayOf(1950, 1, 1)
		}
		o.code = fmt.Sprintf("%s%s%06d", pl.districts[o.district].orgCode, letter, serial)
		o.founded = between(rng, lo, min(dayOf(2017, 6, 30), today-90))
		pl.orgs = append(pl.orgs, o)
	}
	for i := 0; i < nGroup; i++ {
		add(gonghui.KindGrassroots, true)
	}
	for i := 0; i < nSingle; i++ {
		add(gonghui.KindGrassroots, false)
	}
	for i := 0; i < nJoint; i++ {
		add(gonghui.KindJointGrassroots, false)
	}
	for i := range pl.orgs {
		pl.orgs[i].chair = personName(rng, rng.Float64() < 0.6)
		if pl.orgs[i].parent >= 0 {
			pl.orgs[i].parentCode = pl.orgs[pl.orgs[i].parent].code
		}
	}
	return nil
}

func (pl *plan) pickDistrictWithStreets(rng *rand.Rand, dcum []float64) int {
	for try := 0; try < 100; try++ {
		if di := choose(rng, dcum); len(pl.districts[di].streets) > 0 {
			return di
		}
	}
	return -1
}

func (pl *plan) indexOf(code string) int {
	for i := range pl.orgs {
		if pl.orgs[i].code == code {
			return i
		}
	}
	return -1
}

// logUniform draws a whole number in [lo, hi], small ones more often.
func logUniform(rng *rand.Rand, lo, hi int) int32 {
	v := math.Exp(math.Log(float64(lo)) + rng.Float64()*(math.Log(float64(hi)+1)-math.Log(float64(lo))))
	return int32(min(hi, max(lo, int(v))))
}

// pareto draws a whole number in [lo, hi] with a Pareto tail of index a.
func pareto(rng *rand.Rand, lo, hi int, a float64) int32 {
	v := float64(lo) / math.Pow(1-rng.Float64(), 1/a)
	return int32(min(float64(hi), v))
}

var (
	enterpriseOwners = map[unitClass][]weighted[gonghui.Ownership]{
		classE100: {{gonghui.OwnershipState, 30}, {gonghui.OwnershipCollective, 5}, {gonghui.OwnershipPrivate, 45},
			{gonghui.OwnershipForeign, 12}, {gonghui.OwnershipHKMT, 6}, {gonghui.OwnershipOther, 2}},
		classE25: {{gonghui.OwnershipState, 12}, {gonghui.OwnershipCollective, 5}, {gonghui.OwnershipPrivate, 65},
			{gonghui.OwnershipForeign, 9}, {gonghui.OwnershipHKMT, 5}, {gonghui.OwnershipOther, 4}},
		// Small firms: mostly private companies and individual businesses.
		classESmall: {{gonghui.OwnershipState, 2}, {gonghui.OwnershipCollective, 4}, {gonghui.OwnershipPrivate, 62},
			{gonghui.OwnershipForeign, 2.5}, {gonghui.OwnershipHKMT, 1.5}, {gonghui.OwnershipIndividual, 26}, {gonghui.OwnershipOther, 2}},
	}
)

type weighted[T any] struct {
	v T
	w float64
}

func pick[T any](rng *rand.Rand, list []weighted[T]) T {
	sum := 0.0
	for _, e := range list {
		sum += e.w
	}
	x := rng.Float64() * sum
	for _, e := range list {
		if x < e.w {
			return e.v
		}
		x -= e.w
	}
	return list[len(list)-1].v
}

// buildUnits creates the units in their size and ownership bands, with
// exact counts per band, and gives each to a union.
func (pl *plan) buildUnits() error {
	p := pl.p
	rng := rngFor(pl.seed, 2)
	nE := p.Enterprises() // all of them 25 staff or more
	nE100 := int(math.Round(float64(nE) * e100Share))
	nE25 := nE - nE100
	nI25 := p.CongressBase() - nE
	rest := p.Units - p.CongressBase() // the small units and the social organizations
	if nI25 < 0 || rest < 0 {
		return errors.New("units: the bands do not fit the preset at this scale")
	}
	nISmall := int(math.Round(float64(rest) * instSmallShare))
	nSocial := int(math.Round(float64(rest) * socialShare))
	nESmall := rest - nISmall - nSocial
	giants := (nE100 + giantsPer - 1) / giantsPer

	units := make([]unit, 0, p.Units)
	add := func(n int, c unitClass, staff func(i int) int32, own func() gonghui.Ownership) {
		for i := 0; i < n; i++ {
			units = append(units, unit{class: c, staff: staff(i), own: own(), org: -1})
		}
	}
	owner := func(c unitClass) func() gonghui.Ownership {
		return func() gonghui.Ownership { return pick(rng, enterpriseOwners[c]) }
	}
	fixed := func(o gonghui.Ownership) func() gonghui.Ownership { return func() gonghui.Ownership { return o } }
	add(nE100, classE100, func(i int) int32 {
		if i < giants {
			return logUniform(rng, 10_000, 150_000)
		}
		return pareto(rng, 100, 9_999, 1.3)
	}, owner(classE100))
	add(nE25, classE25, func(int) int32 { return logUniform(rng, 25, 99) }, owner(classE25))
	add(nESmall, classESmall, func(int) int32 { return logUniform(rng, 1, 24) }, owner(classESmall))
	add(nI25, classI25, func(int) int32 { return pareto(rng, 25, 8_000, 1.8) }, fixed(gonghui.OwnershipPublicInst))
	add(nISmall, classISmall, func(int) int32 { return logUniform(rng, 3, 24) }, fixed(gonghui.OwnershipPublicInst))
	add(nSocial, classSocial, func(int) int32 {
		if rng.Float64() < social25Share {
			return logUniform(rng, 25, 300)
		}
		return logUniform(rng, 1, 24)
	}, fixed(gonghui.OwnershipSocial))
	pl.units = units

	// Group companies: the largest enterprises head them; their companies
	// are state enterprises of 25 staff or more.
	var groups, singles, joints []int
	for i := range pl.orgs {
		switch {
		case pl.orgs[i].group:
			groups = append(groups, i)
		case pl.orgs[i].kind == gonghui.KindGrassroots:
			singles = append(singles, i)
		case pl.orgs[i].kind == gonghui.KindJointGrassroots:
			joints = append(joints, i)
		}
	}
	big := make([]int, nE100)
	for i := range big {
		big[i] = i
	}
	slices.SortStableFunc(big, func(a, b int) int { return int(units[b].staff - units[a].staff) })
	if len(groups) > len(big) {
		return errors.New("units: more groups than large enterprises")
	}
	var pool []int // enterprises of 25+ staff that may join a group
	for i := range nE100 + nE25 {
		pool = append(pool, i)
	}
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	for k, g := range groups {
		hq := big[k]
		pl.assign(hq, g)
		units[hq].group, units[hq].own = true, gonghui.OwnershipState
		for n := 2 + rng.IntN(19); n > 0 && len(pool) > 0; {
			u := pool[len(pool)-1]
			pool = pool[:len(pool)-1]
			if units[u].org >= 0 || slices.Contains(big[:len(groups)], u) {
				continue
			}
			pl.assign(u, g)
			units[u].group, units[u].own = true, gonghui.OwnershipState
			n--
		}
	}

	// Single-unit unions go to the larger units, with chance.
	var free []int
	for i := range units {
		if units[i].org < 0 {
			free = append(free, i)
		}
	}
	if len(free) < len(singles)+len(joints) {
		return errors.New("units: fewer units than unions")
	}
	score := make([]float64, len(units))
	for _, i := range free {
		score[i] = math.Log(float64(units[i].staff)) + rng.NormFloat64()*0.7
	}
	slices.SortStableFunc(free, func(a, b int) int { return cmp.Compare(score[b], score[a]) })
	perm := rng.Perm(len(singles))
	for k, o := range perm {
		pl.assign(free[k], singles[o])
	}
	free = free[len(singles):]
	rng.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	// Joint unions: each covers one unit at least, the rest by size.
	w := make([]float64, len(joints))
	for k := range w {
		w[k] = math.Exp(rng.NormFloat64() * 0.8)
	}
	cum := cumulative(w)
	for k, u := range free {
		j := k
		if k >= len(joints) {
			j = choose(rng, cum)
		}
		pl.assign(u, joints[j])
	}
	return nil
}

func (pl *plan) assign(u, o int) {
	pl.units[u].org = int32(o)
	pl.orgs[o].units = append(pl.orgs[o].units, int32(u))
}
