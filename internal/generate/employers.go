package generate

import (
	"math/rand/v2"

	"gonghui"
)

// EmployerHeaders are the employer-register template's (a test holds them
// equal).
var EmployerHeaders = []string{"统一社会信用代码", "单位名称", "企业类型", "经济类型", "职工人数", "地址", "所在街道代码", "行业代码", "成立日期", "登记状态", "注销日期"}

// uncoveredShare is how many employers no union covers, for each covered
// unit: mostly individual businesses and small firms, few of 25 staff or
// more (the register of a city has far more small firms than unions).
const uncoveredShare = 0.6

// uncoveredStaff are the staff bands of the uncovered employers.
var uncoveredStaff = []weighted[[2]int32]{{[2]int32{1, 9}, 80}, {[2]int32{10, 24}, 14.7}, {[2]int32{25, 99}, 5}, {[2]int32{100, 400}, 0.3}}

// legalFormOf is a plausible legal form for an employer of an ownership.
func legalFormOf(rng *rand.Rand, own gonghui.Ownership) string {
	switch own {
	case gonghui.OwnershipState:
		return pick(rng, []weighted[string]{{gonghui.LegalFormLLC, 6}, {gonghui.LegalFormJointStock, 1}, {gonghui.LegalFormStateOwned, 3}})
	case gonghui.OwnershipCollective:
		return gonghui.LegalFormCollective
	case gonghui.OwnershipPublicInst:
		return gonghui.LegalFormInstitution
	case gonghui.OwnershipIndividual:
		return gonghui.LegalFormIndividual
	case gonghui.OwnershipSocial:
		return gonghui.LegalFormSocial
	case gonghui.OwnershipOther:
		return gonghui.LegalFormOther
	}
	return pick(rng, []weighted[string]{{gonghui.LegalFormLLC, 80}, {gonghui.LegalFormJointStock, 4}, {gonghui.LegalFormSole, 6},
		{gonghui.LegalFormPartnership, 3}, {gonghui.LegalFormBranch, 7}})
}

// writeEmployers writes the employer register: every covered unit, then
// the employers no union covers, a few of them gone from the base before
// the preset's date. It keeps each unit's legal form and the uncovered
// employers of 25 staff or more for the files after it.
func (pl *plan) writeEmployers(c *csvFile) error {
	rng := rngFor(pl.seed, 41)
	row := func(u *unit, region string, registered day, left day) {
		u.legal = legalFormOf(rng, u.own)
		c.field(u.uscc)
		c.field(u.name)
		c.field(gonghui.ChoiceName(gonghui.LegalForms, u.legal).Zh)
		c.field(u.own.Name().Zh)
		c.int(int(u.staff))
		c.field("")
		c.field(region)
		c.field(u.industry)
		c.date(registered)
		if left == 0 {
			c.field(gonghui.ChoiceName(gonghui.EmployerStatuses, gonghui.EmployerActive).Zh)
			c.field("")
		} else {
			c.field(gonghui.ChoiceName(gonghui.EmployerStatuses, gonghui.EmployerDeregistered).Zh)
			c.date(left)
		}
		c.end()
	}
	first, last := dayOf(1992, 1, 1), pl.p.Date
	for i := range pl.units {
		u := &pl.units[i]
		region := u.region
		if len(region) < 6 { // a unit of a city-wide industry union
			region = pl.districts[pl.orgs[u.org].district].code
		}
		row(u, region, between(rng, first, last), 0)
	}
	weights := make([]float64, len(pl.districts))
	for i, d := range pl.districts {
		weights[i] = d.weight
	}
	cum := cumulative(weights)
	schools := make([]int, len(pl.districts))
	n := int(float64(len(pl.units))*uncoveredShare + 0.5)
	for i := range n {
		di := choose(rng, cum)
		d := &pl.districts[di]
		region := d.code
		if len(d.streets) > 0 && rng.IntN(4) > 0 {
			region = pl.orgs[d.streets[rng.IntN(len(d.streets))]].region
		}
		band := pick(rng, uncoveredStaff)
		u := unit{own: gonghui.OwnershipPrivate, staff: band[0] + int32(rng.IntN(int(band[1]-band[0])+1)), region: region}
		switch r := rng.IntN(100); {
		case r < 45 && u.staff < 10:
			u.own = gonghui.OwnershipIndividual
		case r < 48:
			u.own = gonghui.OwnershipForeign
		}
		u.industry = pick(rng, enterpriseDivisions)
		if u.own == gonghui.OwnershipIndividual {
			u.industry = pick(rng, shopDivisions)
		}
		u.name = unitName(rng, &u, d.name, "", &schools[di], false)
		auth, kind := usccKind(&u)
		u.uscc = makeUSCC(auth, kind, d.code, len(pl.units)+len(pl.orgs)+i)
		registered, left := between(rng, first, last), day(0)
		if rng.IntN(25) == 0 && registered < last { // gone: deregistered before the date
			left = between(rng, registered+1, last)
		}
		row(&u, region, registered, left)
		if left == 0 && u.staff >= 25 {
			pl.uncovered = append(pl.uncovered, u)
		}
	}
	return c.err
}
