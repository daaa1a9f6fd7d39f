package generate

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"

	"gonghui"
)

// The year's qualification subsidies (助推金): certificates of card
// holders of the register and the subsidies paid on them, as the
// standard programme's tiers pay, so that once imported the year counts
// the preset's persons and amount.

// CertificateHeaders and SubsidyHeaders are the certificates and paid
// subsidies imports' columns.
var (
	CertificateHeaders = []string{"公民身份号码", "登记工会", "证书编号", "职业（工种）", "等级", "发证机关", "发证日期"}
	SubsidyHeaders     = []string{"项目代码", "申请工会", "公民身份号码", "发证机关", "证书编号", "申请日期", "发放日期", "收款银行", "收款账号"}
)

const certificateIssuer = "北京市职业技能鉴定管理中心"

var occupations = []string{"电工", "焊工", "钳工", "车工", "数控车工", "汽车维修工", "电梯安装维修工", "中式烹调师", "育婴员", "美发师", "物流服务师", "电子商务师"}

// subsidyPlan is who the year's subsidies go to: card serials drawn
// before the register is written, and the holders found as it is.
type subsidyPlan struct {
	picks   map[int]bool
	holders []subsidyHolder
	records []subsidyRecord
}

type subsidyHolder struct {
	id, org string
	joined  day
}

// subsidySpare draws more card holders than paid: those who joined too
// late in the year for a certificate, notice and payment are passed over.
const subsidySpare = 1.05

// lastCertificate is the last day a paid certificate may be issued: its
// application, notice (5 days) and payment follow before the preset's
// day.
func (pl *plan) lastCertificate() day { return pl.p.Date - 20 }

// planSubsidies draws the card serials the subsidies may go to.
func (pl *plan) planSubsidies() {
	rng := rngFor(pl.seed, 60)
	want := min(pl.p.Cards, int(float64(pl.p.Subsidies)*subsidySpare)+20)
	pl.subsidy.picks = make(map[int]bool, want)
	for len(pl.subsidy.picks) < want {
		pl.subsidy.picks[rng.IntN(pl.p.Cards)] = true
	}
}

// noteCardHolder keeps a member given card serial when the subsidies may
// go to them.
func (pl *plan) noteCardHolder(serial int, area string, birth day, seq int, o *org, joined day) {
	if pl.subsidy.picks[serial] && joined <= pl.lastCertificate() {
		pl.subsidy.holders = append(pl.subsidy.holders, subsidyHolder{id: string(appendCitizenID(nil, area, birth, seq)), org: o.code, joined: joined})
	}
}

// subsidyTiers are the standard programme's levels and amounts (yuan),
// from the highest.
func subsidyTiers() ([]string, []int) {
	for _, p := range gonghui.StandardProgrammes(0, 0, 0) {
		if p.Code == gonghui.ProgQualification {
			var levels []string
			var yuan []int
			for _, t := range p.Rules.Amount.Tiers {
				levels, yuan = append(levels, t.Level), append(yuan, int(t.AmountFen/100))
			}
			return levels, yuan
		}
	}
	panic("generate: no standard qualification subsidy")
}

// subsidyMix is how many of n subsidies each tier pays so that they sum
// to yuan: the first mix found near a tenth at the top and three tenths
// at the third tier. ok is false when none does.
func subsidyMix(n, yuan int, amounts []int) ([]int, bool) {
	if len(amounts) != 4 {
		return nil, false
	}
	spiral := func(centre, limit int, try func(int) bool) bool {
		for d := 0; d <= limit; d++ {
			for _, x := range []int{centre + d, centre - d} {
				if x >= 0 && x <= limit && try(x) {
					return true
				}
			}
		}
		return false
	}
	var mix []int
	found := spiral(n*3/10, n, func(c int) bool {
		return spiral(n/10, n-c, func(a int) bool {
			m, r := n-a-c, yuan-amounts[0]*a-amounts[2]*c
			// b + d = m and amounts[1]·b + amounts[3]·d = r.
			num := r - amounts[3]*m
			den := amounts[1] - amounts[3]
			if num < 0 || num%den != 0 || num/den > m {
				return false
			}
			b := num / den
			mix = []int{a, b, c, m - b}
			return true
		})
	})
	return mix, found
}

// reachableYuan is the amount nearest to yuan, in whole hundreds, that n
// subsidies of the standard tiers can sum to.
func reachableYuan(n, yuan int) int {
	if n == 0 {
		return 0
	}
	_, amounts := subsidyTiers()
	for d := 0; d <= 2000*n; d += 100 {
		for _, y := range []int{yuan + d, yuan - d} {
			if _, ok := subsidyMix(n, y, amounts); ok {
				return y
			}
		}
	}
	return yuan
}

func (pl *plan) subsidyLevels(rng *rand.Rand) ([]string, error) {
	levels, amounts := subsidyTiers()
	mix, ok := subsidyMix(pl.p.Subsidies, pl.p.SubsidyYuan, amounts)
	if !ok {
		return nil, errors.New("subsidies: no mix of the tiers pays the preset's amount")
	}
	var out []string
	for i, k := range mix {
		for range k {
			out = append(out, levels[i])
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out, nil
}

// subsidyRecord is one certificate and its subsidy's days.
type subsidyRecord struct {
	holder                subsidyHolder
	number, level, occ    string
	issued, applied, paid day
}

// subsidyRecords are the year's subsidies, made once for both files.
func (pl *plan) subsidyRecords() ([]subsidyRecord, error) {
	if pl.subsidy.records != nil || pl.p.Subsidies == 0 {
		return pl.subsidy.records, nil
	}
	if len(pl.subsidy.holders) < pl.p.Subsidies {
		return nil, errors.New("subsidies: too few card holders joined early enough in the year")
	}
	rng := rngFor(pl.seed, 61)
	levels, err := pl.subsidyLevels(rng)
	if err != nil {
		return nil, err
	}
	y, _, _ := pl.p.Date.ymd()
	jan1 := dayOf(y, 1, 1)
	holders := slices.Clone(pl.subsidy.holders)
	rng.Shuffle(len(holders), func(i, j int) { holders[i], holders[j] = holders[j], holders[i] })
	for i, level := range levels {
		h := holders[i]
		issued := between(rng, max(h.joined, jan1), pl.lastCertificate())
		applied := issued + day(rng.IntN(6))
		paid := applied + 5 + day(rng.IntN(10))
		pl.subsidy.records = append(pl.subsidy.records, subsidyRecord{holder: h, number: "ZJ" + strconv.Itoa(y) + strconv.Itoa(100_000+i),
			level: gonghui.ChoiceName(gonghui.CertificateLevels, level).Zh, occ: occupations[rng.IntN(len(occupations))],
			issued: issued, applied: applied, paid: paid})
	}
	return pl.subsidy.records, nil
}

func (pl *plan) writeCertificates(c *csvFile) error {
	rs, err := pl.subsidyRecords()
	for _, r := range rs {
		c.field(r.holder.id)
		c.field(r.holder.org)
		c.field(r.number)
		c.field(r.occ)
		c.field(r.level)
		c.field(certificateIssuer)
		c.date(r.issued)
		c.end()
	}
	return errors.Join(err, c.err)
}

func (pl *plan) writeSubsidies(c *csvFile) error {
	rs, err := pl.subsidyRecords()
	for i, r := range rs {
		c.field(gonghui.ProgQualification)
		c.field(r.holder.org)
		c.field(r.holder.id)
		c.field(certificateIssuer)
		c.field(r.number)
		c.date(r.applied)
		c.date(r.paid)
		c.field("工商银行")
		c.field("622202" + strconv.Itoa(1_000_000_000_000+i))
		c.end()
	}
	return errors.Join(err, c.err)
}
