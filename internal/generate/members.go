package generate

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"

	"gonghui"
	"gonghui/refdata"
)

// countMembers decides how many real-name members each unit has (in
// proportion to its staff and its union's diligence in collecting them)
// and each union's census figure, so that the sums hit the preset.
func (pl *plan) countMembers() error {
	p := pl.p
	rng := rngFor(pl.seed, 4)
	diligence := make([]float64, len(pl.orgs))
	for i := range diligence {
		diligence[i] = 0.45 + 0.55*rng.Float64()
	}
	weights := make([]float64, len(pl.units))
	caps := make([]int, len(pl.units))
	staff := 0
	for i, u := range pl.units {
		weights[i] = float64(u.staff) * diligence[u.org]
		caps[i] = int(u.staff)
		staff += int(u.staff)
	}
	if staff < p.MembersTotal {
		return errors.New("members: the units' staff cannot hold the members")
	}
	for i, n := range apportion(p.RealName, weights, caps) {
		pl.units[i].members = int32(n)
		o := &pl.orgs[pl.units[i].org]
		o.realname += n
		o.staff += int(pl.units[i].staff)
	}

	// Census figures: every grassroots-type union reports but a few; a
	// figure is the real-name count plus members not yet collected.
	var grass []int
	for i := range pl.orgs {
		pl.orgs[i].reported = -1
		if pl.orgs[i].kind.IsGrassroots() {
			grass = append(grass, i)
		}
	}
	silent := map[int]bool{}
	for _, k := range pickUniform(rng, len(grass), int(math.Round(float64(len(grass))*nonReportingShare))) {
		if !pl.orgs[grass[k]].group {
			silent[grass[k]] = true
		}
	}
	ow := make([]float64, len(grass))
	oc := make([]int, len(grass))
	room := 0
	for k, i := range grass {
		if !silent[i] {
			oc[k] = pl.orgs[i].staff - pl.orgs[i].realname
			ow[k] = float64(oc[k])
			room += oc[k]
		}
	}
	extra := p.MembersTotal - p.RealName
	if extra > room {
		return errors.New("members: the census figures do not fit the staff")
	}
	for k, n := range apportion(extra, ow, oc) {
		if i := grass[k]; !silent[i] {
			pl.orgs[i].reported = pl.orgs[i].realname + n
		}
	}
	return nil
}

// Member attributes and their weights.
var (
	ethnicities = []weighted[string]{{"汉族", 955}, {"满族", 20}, {"回族", 17}, {"蒙古族", 3}, {"朝鲜族", 1.5}, {"土家族", 1}, {"壮族", 1}, {"苗族", 0.5}, {"藏族", 0.3}, {"维吾尔族", 0.3}}
	educations  = map[bool][]weighted[string]{ // by whether the unit is an institution
		false: {{"研究生", 5}, {"大学本科", 24}, {"大学专科", 24}, {"中专/高中", 27}, {"初中", 17}, {"小学及以下", 3}},
		true:  {{"研究生", 22}, {"大学本科", 45}, {"大学专科", 18}, {"中专/高中", 11}, {"初中", 4}},
	}
	politicals  = []weighted[string]{{"中共党员", 16}, {"中共预备党员", 1}, {"共青团员", 14}, {"民主党派", 0.6}, {"群众", 68.4}}
	employments = map[bool][]weighted[string]{ // by whether the unit is in a new-forms trade (couriers, drivers)
		false: {{"劳动合同", 88}, {"劳务派遣", 6}, {"灵活就业", 3}, {"新就业形态", 3}},
		true:  {{"劳动合同", 55}, {"劳务派遣", 10}, {"灵活就业", 10}, {"新就业形态", 25}},
	}
	phonePrefixes = strings.Fields("130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 176 177 180 181 182 183 185 186 187 188 189 198 199")
	// Home provinces of members born outside Beijing.
	homeProvinces = []weighted[string]{{"13", 25}, {"41", 12}, {"37", 10}, {"23", 5}, {"14", 6}, {"15", 4}, {"21", 5}, {"22", 3},
		{"34", 5}, {"12", 3}, {"42", 4}, {"43", 3}, {"51", 4}, {"32", 2}, {"61", 2}, {"36", 2}, {"50", 2}, {"44", 1}, {"33", 1}, {"35", 1}}
)

// birthPicker hands out birth dates and sequence numbers so that every
// (birth date, sequence) pair, and so every ID number, is used once: 500
// sequences a day for each sex (odd for men, even for women).
type birthPicker struct {
	first, last day
	used        [][2]uint16
}

func newBirthPicker(first, last day) *birthPicker {
	return &birthPicker{first: first, last: last, used: make([][2]uint16, last-first+1)}
}

// next draws a birth date (the young more often than the old) and a free
// sequence for the sex.
func (b *birthPicker) next(rng *rand.Rand, male bool) (day, int) {
	x := math.Pow((rng.Float64()+rng.Float64())/2, 0.8)
	k := int(x * float64(len(b.used)))
	s := 0
	if male {
		s = 1
	}
	for n := 0; n < len(b.used); n++ {
		i := (k + n) % len(b.used)
		if c := b.used[i][s]; c < 500 {
			b.used[i][s]++
			return b.first + day(i), 2*int(c) + s
		}
	}
	panic("generate: out of ID numbers") // 7.7 million per sex: far above any preset
}

// writeMembers streams the member register, unit by unit; nothing of it
// is kept in memory.
func (pl *plan) writeMembers(c *csvFile) error {
	p := pl.p
	rng := rngFor(pl.seed, 5)
	pl.people = memberSample{rng: rngFor(pl.seed, 60), want: p.innovatorsWanted()}
	births := newBirthPicker(p.Date.addYears(-60)+1, p.Date.addYears(-18)-30)
	var counties = map[string][]string{}
	for _, r := range refdata.Counties() {
		if pr := r.Code[:2]; pr != "11" {
			counties[pr] = append(counties[pr], r.Code)
		}
	}
	lastJoin := p.Date - 1
	pl.recipients = memberSample{rng: rngFor(pl.seed, 61), want: p.GoldenChildren + p.WarmthPersons}
	earliest := dayOf(1978, 1, 1)
	left, cardsLeft, cardSerial := p.RealName, p.Cards, 0
	pl.planSubsidies()
	for oi := range pl.orgs {
		o := &pl.orgs[oi]
		for _, ui := range o.units {
			u := &pl.units[ui]
			d := &pl.districts[o.district]
			newForms := u.industry == "60" || u.industry == "54"
			institution := u.own == gonghui.OwnershipPublicInst
			for range u.members {
				male := rng.Float64() < maleShare
				birth, seq := births.next(rng, male)
				var area string
				local := rng.Float64() < 0.62
				switch {
				case local && rng.Float64() < 0.6:
					area = d.code
				case local:
					area = pl.districts[rng.IntN(len(pl.districts))].code
				default:
					cs := counties[pick(rng, homeProvinces)]
					area = cs[rng.IntN(len(cs))]
				}
				c.field(personName(rng, male))
				b := c.raw()
				idAt := len(b)
				c.row = appendCitizenID(b, area, birth, seq)
				id := c.row[idAt:] // read before the row ends
				pl.people.offer(oi, id)
				if rng.Float64() < 0.85 {
					b := append(c.raw(), phonePrefixes[rng.IntN(len(phonePrefixes))]...)
					n := rng.IntN(100_000_000)
					for q := 10_000_000; q > 0; q /= 10 {
						b = append(b, byte('0'+n/q%10))
					}
					c.row = b
				} else {
					c.field("")
				}
				if male {
					c.field("男")
				} else {
					c.field("女")
				}
				c.field(pick(rng, ethnicities))
				c.field(pick(rng, educations[institution]))
				c.field(pick(rng, politicals))
				household := "城镇"
				if !local && rng.Float64() < 0.55 || local && rng.Float64() < 0.1 {
					household = "农业"
				}
				c.field(household)
				c.field(pick(rng, employments[newForms]))
				c.field(u.uscc)
				c.field(o.code)
				lo := max(birth.addYears(18), o.founded, earliest)
				joined := min(lo+day(math.Pow(rng.Float64(), 0.7)*float64(lastJoin-lo+1)), lastJoin)
				if joined < assistanceBefore {
					pl.recipients.offer(oi, id)
				}
				c.date(joined)
				// Exactly Cards of the rows get a card: each takes one with
				// the chance of the cards left over the rows left.
				if rng.IntN(left) < cardsLeft {
					c.row = appendCardNo(c.raw(), cardSerial)
					pl.noteCardHolder(cardSerial, area, birth, seq, o, joined)
					cardSerial++
					cardsLeft--
				} else {
					c.field("")
				}
				left--
				c.end()
			}
		}
	}
	return c.err
}
