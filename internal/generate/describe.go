package generate

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"gonghui"
	"gonghui/refdata"
)

// Divisions (GB/T 4754) of units by band, with weights.
var (
	enterpriseDivisions = []weighted[string]{
		{"52", 8}, {"51", 8}, {"65", 7}, {"64", 4}, {"72", 9}, {"70", 6}, {"47", 4}, {"48", 2}, {"50", 4}, {"62", 7},
		{"61", 2}, {"54", 3}, {"60", 2}, {"59", 2}, {"80", 3}, {"74", 4}, {"73", 3}, {"66", 1.5}, {"67", 2}, {"68", 1},
		{"39", 1.5}, {"27", 1}, {"36", 0.8}, {"34", 1}, {"14", 0.8}, {"13", 0.6}, {"44", 0.5}, {"88", 1.5}, {"87", 1},
		{"71", 2}, {"81", 2}, {"63", 0.5}, {"78", 1}, {"83", 1.5}, {"84", 0.8}, {"85", 0.5}, {"90", 0.8},
	}
	shopDivisions        = []weighted[string]{{"62", 4}, {"52", 4}, {"80", 2}, {"81", 1}}
	institutionDivisions = []weighted[string]{{"83", 35}, {"84", 20}, {"92", 25}, {"73", 5}, {"88", 4}, {"94", 5}, {"91", 2}, {"78", 4}}
	socialDivisions      = []weighted[string]{{"95", 40}, {"96", 20}, {"83", 20}, {"85", 10}, {"84", 5}, {"72", 5}}
)

// describeUnits gives every unit and union its industry, region, name and
// codes. Serial numbers make the codes unique: units first, then unions.
func (pl *plan) describeUnits() {
	rng := rngFor(pl.seed, 3)
	places := map[string]string{}
	for _, r := range refdata.BeijingStreets() {
		places[r.Code] = r.Name
	}
	for _, d := range pl.districts {
		places[d.code] = d.name
	}
	schools := make([]int, len(pl.districts))
	for i := range pl.units {
		u := &pl.units[i]
		o := &pl.orgs[u.org]
		u.region = o.region
		di := o.district
		switch {
		case o.sector >= 0:
			u.industry = sectors[o.sector].division
		case u.own == gonghui.OwnershipPublicInst:
			u.industry = pick(rng, institutionDivisions)
		case u.own == gonghui.OwnershipSocial:
			u.industry = pick(rng, socialDivisions)
		case u.own == gonghui.OwnershipIndividual:
			u.industry = pick(rng, shopDivisions)
		default:
			u.industry = pick(rng, enterpriseDivisions)
		}
		dname := pl.districts[di].name
		place := places[u.region]
		u.name = unitName(rng, u, dname, place, &schools[di], o.group && o.units[0] == int32(i))
		auth, kind := usccKind(u)
		u.uscc = makeUSCC(auth, kind, pl.districts[di].code, i)
	}
	joints := map[string]int{} // per parent: how many joint unions so far
	for i := range pl.orgs {
		o := &pl.orgs[i]
		switch o.kind {
		case gonghui.KindGrassroots:
			head := &pl.units[o.units[0]]
			o.industry = head.industry
			o.name = head.name + "工会委员会"
			if o.group {
				o.name = head.name + "工会"
			}
		case gonghui.KindJointGrassroots:
			joints[o.parentCode]++
			parent := "" // the name of the place or trade it covers
			switch {
			case o.parent >= 0:
				parent = strings.TrimSuffix(strings.TrimSuffix(pl.orgs[o.parent].name, "总工会"), "工会联合会")
			default:
				parent = places[o.region]
			}
			if o.sector >= 0 {
				o.industry = sectors[o.sector].division
				parent = "北京市" + sectors[o.sector].name + "行业" + places[o.region]
			}
			o.name = fmt.Sprintf("%s%s联合工会委员会", parent, ordinal(joints[o.parentCode]))
		}
		region := "110000"
		if o.district >= 0 {
			region = pl.districts[o.district].code
		}
		kind := byte('9')
		if o.kind.IsGrassroots() {
			kind = '1'
		}
		o.uscc = makeUSCC('8', kind, region, len(pl.units)+i)
	}
}

// usccKind is the registration authority and institution kind of a unit.
func usccKind(u *unit) (byte, byte) {
	switch u.own {
	case gonghui.OwnershipIndividual:
		return '9', '2'
	case gonghui.OwnershipPublicInst:
		if u.industry == "92" || u.industry == "91" {
			return '1', '1'
		}
		return '1', '2'
	case gonghui.OwnershipSocial:
		switch u.industry {
		case "95":
			return '5', '1'
		case "96":
			return '5', '5'
		case "72":
			return '5', '3'
		}
		return '5', '2'
	}
	return '9', '1'
}

// unitName names a unit after its kind, trade and place.
func unitName(rng *rand.Rand, u *unit, district, place string, schools *int, groupHead bool) string {
	oneOf := func(list []string) string { return list[rng.IntN(len(list))] }
	switch u.own {
	case gonghui.OwnershipIndividual:
		return district + tradeName(rng) + oneOf(shopWords)
	case gonghui.OwnershipPublicInst:
		if u.industry == "83" {
			*schools++
			w := oneOf(schoolWords)
			if w == "幼儿园" || *schools > 120 { // numbered schools stop at a plausible count
				return "北京市" + district + tradeName(rng) + w
			}
			return fmt.Sprintf("北京市%s%s%s", district, ordinal(*schools), w)
		}
		w := oneOf(orDefault(institutionWords[u.industry], "服务中心", "管理中心"))
		if (w == "街道办事处" || w == "市场监督管理所" || w == "税务所" || w == "社区卫生服务中心") && place != district {
			if w == "街道办事处" && (strings.HasSuffix(place, "镇") || strings.HasSuffix(place, "乡")) {
				w = "人民政府"
			}
			return "北京市" + district + strings.TrimSuffix(strings.TrimSuffix(place, "街道"), "地区") + w
		}
		return "北京市" + district + tradeName(rng) + w
	case gonghui.OwnershipSocial:
		w := oneOf(orDefault(socialWords[u.industry], "协会", "促进会"))
		if u.industry == "96" {
			return place + tradeName(rng) + w
		}
		return "北京市" + district + tradeName(rng) + w
	}
	trade := "综合服务"
	if ws, ok := tradeWords[u.industry]; ok {
		trade = oneOf(ws)
	}
	switch {
	case groupHead:
		return "北京" + tradeName(rng) + trade + "集团有限责任公司"
	case u.own == gonghui.OwnershipForeign:
		return tradeName(rng) + trade + "（北京）有限公司"
	}
	return "北京" + tradeName(rng) + trade + oneOf(companyForms)
}

// orDefault is list, or the defaults for a trade the list has no words for
// (a public institution under an industry federation, say).
func orDefault(list []string, defaults ...string) []string {
	if len(list) == 0 {
		return defaults
	}
	return list
}
