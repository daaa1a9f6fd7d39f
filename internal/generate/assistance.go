package generate

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"

	"gonghui"
)

// The assistance files: the city federation's programme catalogue, what
// was raised for it, and what it paid in 2017 — imported in that order,
// they give the report's assistance sentence from the records.

// ProgrammeHeaders, DonationHeaders and PaymentHeaders are the programme
// catalogue's, the donations' and the payments' import columns.
var (
	ProgrammeHeaders = []string{"工会", "项目代码", "项目名称", "资金名称", "收入科目", "支出科目", "受助对象", "形式", "周期", "统计口径", "规则", "受理中"}
	DonationHeaders  = []string{"项目代码", "捐赠方", "形式", "金额（元）", "募集日期", "业务编号", "摘要"}
	PaymentHeaders   = []string{"申请工会", "项目代码", "公民身份号码", "受助企业统一社会信用代码", "学段", "受助学生（患者）", "已获其他资助", "费用单据号",
		"费用总额（元）", "医保报销（元）", "形式", "发放金额（元）", "申请日期", "发放日期", "收款人", "收款账号", "开户行", "重复申请特批理由", "备注"}
)

// AllowanceHeaders and HardshipHeaders are the allowance table's and the
// hardship files' import columns.
var (
	AllowanceHeaders = []string{"区县代码", "年度", "低保标准（元/人·月）"}
	HardshipHeaders  = []string{"建档工会", "户主姓名", "户主公民身份号码", "户主健康状况", "家庭住址", "行政区划代码", "家庭成员", "致困原因", "致困情况说明",
		"工资性收入（元/年）", "经营净收入（元/年）", "财产净收入（元/年）", "转移净收入（养老金、补贴等）（元/年）",
		"医疗支出（医保报销后自付）（元/年）", "子女教育支出（元/年）", "护理、康复支出（元/年）", "灾害、意外损失（元/年）", "其他刚性支出（元/年）",
		"申请日期", "建档日期", "档案类别"}
)

// allowances are the city's minimum living allowance (低保) in yuan a
// person a month, the same in every district: 800 in 2016, 900 in 2017.
var allowances = []struct{ year, yuan int }{{2016, 800}, {2017, 900}}

// household is a household on file the festival visits reach.
type household struct{ org, head string }

func (pl *plan) writeAllowances(c *csvFile) error {
	for _, d := range pl.districts {
		for _, a := range allowances {
			c.field(d.code)
			c.int(a.year)
			c.int(a.yuan)
			c.end()
		}
	}
	return c.err
}

// writeHardship writes the households on file the festival visits go to:
// a head each (a name and an ID number of their own), filed in the autumn
// of 2016 after the check, the visit and the public notice, deep or
// relative by their income and medical costs against the 2016 allowance.
func (pl *plan) writeHardship(c *csvFile) error {
	rng := rngFor(pl.seed, 64)
	var unions []int
	for i := range pl.orgs {
		if o := &pl.orgs[i]; o.kind == gonghui.KindGrassroots && len(o.region) == 9 && o.founded < dayOf(2016, 9, 1) {
			unions = append(unions, i)
		}
	}
	if len(unions) == 0 {
		return c.err
	}
	pl.households = make([]household, 0, pl.p.FestivalHouseholds)
	for n := range pl.p.FestivalHouseholds {
		o := &pl.orgs[unions[rng.IntN(len(unions))]]
		birth := dayOf(1960, 1, 1) + day(n*41%7300)
		head := string(appendCitizenID(nil, pl.districts[o.district].code, birth, 700+n%97))
		// Wages of 4,000 to 16,000 yuan a year less 1,200 of medical costs,
		// a person alone: deep below 800 yuan a month, relative below 1,600.
		wages := 4_000 + rng.IntN(12_000)
		for _, f := range []string{o.code, personName(rng, rng.IntN(2) == 0), head, "慢性病", "本市" + pl.districts[o.district].name + "某小区", o.region, "", "患病", ""} {
			c.field(f)
		}
		c.int(wages)
		c.field("")
		c.field("")
		c.field("")
		c.int(1_200)
		for range 4 {
			c.field("")
		}
		applied := between(rng, dayOf(2016, 10, 1), dayOf(2016, 10, 31))
		c.date(applied)
		c.date(applied + day(20+rng.IntN(20)))
		c.field("正式档案")
		c.end()
		pl.households = append(pl.households, household{org: o.code, head: head})
	}
	return c.err
}

// The city federation's two assistance funds.
const (
	aidFund    = "市总帮扶资金"
	warmthFund = "市总送温暖资金"
)

// warmthRule is the generated city's 温暖基金: relief to members in
// hardship as requested, capped. (The standard programme relieves only
// medical costs of 50,000 yuan or more out of pocket, 5,000 yuan at
// least; the 2017 report's 2,432万元 for 8,863 workers is 2,744 yuan
// each, so the fund relieved more than illness.)
var warmthRule = gonghui.ProgrammeRules{Eligibility: gonghui.Eligibility{Member: true},
	Amount: gonghui.AmountRule{Kind: gonghui.AmountRequested, MaxFen: 2_000_000}, Caps: gonghui.Caps{PersonFen: 2_000_000},
	Approval: gonghui.ApprovalChain{Levels: 2, Permission: gonghui.PermApproveAssistance}}

// assistanceBefore is the day a member the assistance files pay joined
// by: every member stays through the year.
var assistanceBefore = dayOf(2017, 1, 1)

func (pl *plan) writeProgrammes(c *csvFile) error {
	for _, in := range gonghui.StandardProgrammes(0, 0, 0) {
		fund, income, expense := aidFund, gonghui.AccountAidIncome, gonghui.AccountHardship
		switch {
		case in.Rules.Amount.Kind == gonghui.AmountNone:
			fund, income, expense = "", "", ""
		case in.Code == gonghui.ProgFestivalHome || in.Code == gonghui.ProgFestivalFirm:
			fund, income, expense = warmthFund, gonghui.AccountWarmIncome, gonghui.AccountWarmth
		}
		if in.Code == gonghui.ProgWarmth {
			in.Rules = warmthRule
		}
		rules, err := json.Marshal(in.Rules)
		if err != nil {
			return err
		}
		c.field("BJ")
		c.field(in.Code)
		c.field(in.Name)
		c.field(fund)
		c.field(income)
		c.field(expense)
		c.field(gonghui.ChoiceName(gonghui.RecipientKinds, in.RecipientKind).Zh)
		if in.Form != "" {
			c.field(gonghui.ChoiceName(gonghui.Forms, in.Form).Zh)
		} else {
			c.field("")
		}
		c.field(gonghui.ChoiceName(gonghui.PeriodKinds, in.PeriodKind).Zh)
		c.field(in.Figure)
		c.field(string(rules))
		c.field("是")
		c.end()
	}
	return c.err
}

// split cuts total into n positive parts around total/n, their sum exact.
func split(rng *rand.Rand, total int64, n int) []int64 {
	parts := make([]int64, n)
	if n == 0 {
		return parts
	}
	base := total / int64(n)
	var sum int64
	for i := range parts {
		// ±40 % around the mean, in whole yuan.
		p := base + int64(float64(base)*0.4*(2*rng.Float64()-1))
		parts[i] = max(100, p/100*100)
		sum += parts[i]
	}
	// The rest goes to the parts in turn, none below a yuan.
	for i := 0; sum != total; i = (i + 1) % n {
		d := total - sum
		if d < 0 {
			d = max(d, 100-parts[i])
		}
		parts[i] += d
		sum += d
	}
	return parts
}

func (pl *plan) writeDonations(c *csvFile) error {
	rng := rngFor(pl.seed, 62)
	p := pl.p
	donors := []string{"北京银行", "中国工商银行北京市分行", "北京市国资委系统企业", "首钢集团", "北京公交集团", "社会各界爱心人士"}
	n := 0
	raise := func(code, form string, total int64, on day) {
		rows := 1 + int(total/500_000_000) // a row per 500万元 or so
		for _, amount := range split(rng, total, rows) {
			n++
			c.field(code)
			c.field(donors[rng.IntN(len(donors))])
			c.field(form)
			c.field(gonghui.FormatFixed(amount, 2))
			c.date(on + day(rng.IntN(3)))
			c.field("JZ2017-" + strconv.Itoa(n))
			c.field("")
			c.end()
		}
	}
	// The festival's goods, two fifths, are valued in fen; the visits hand
	// out money or goods from their own account each.
	goods := p.FestivalRaisedFen / 5 * 2 / 100 * 100
	raise(gonghui.ProgFestivalHome, "资金", p.FestivalRaisedFen-goods, dayOf(2017, 1, 1))
	raise(gonghui.ProgFestivalHome, "物资", goods, dayOf(2017, 1, 1))
	raise(gonghui.ProgWarmth, "资金", p.WarmthPaidFen, dayOf(2017, 1, 1))
	raise(gonghui.ProgGoldenAutumn, "资金", p.GoldenRaisedFen, dayOf(2017, 7, 1))
	// The qualification subsidies are paid from the aid fund too.
	raise(gonghui.ProgQualification, "资金", int64(p.SubsidyYuan)*100, dayOf(2017, 1, 1))
	return c.err
}

// account is a synthetic bank card number of 19 digits.
func account(rng *rand.Rand) string {
	b := []byte("6222")
	for range 15 {
		b = append(b, byte('0'+rng.IntN(10)))
	}
	return string(b)
}

func (pl *plan) writePayments(c *csvFile) error {
	rng := rngFor(pl.seed, 63)
	p := pl.p
	pay := func(org, code, id, uscc, school, beneficiary, form string, amount int64, applied, paid day, acct string) {
		for _, f := range []string{org, code, id, uscc, school, beneficiary, "", "", "", "", form, gonghui.FormatFixed(amount, 2)} {
			c.field(f)
		}
		c.date(applied)
		c.date(paid)
		c.field("")
		c.field(acct)
		if acct != "" {
			c.field("中国工商银行")
		} else {
			c.field("")
		}
		c.field("")
		c.field("")
		c.end()
	}
	people := pl.recipients.kept
	// 金秋助学: a grant a child, by school level (not on file: 4,000 yuan
	// university, 2,000 high school).
	for i := range min(p.GoldenChildren, len(people)) {
		r := people[i]
		school, amount := "大学", int64(400_000)
		if rng.Float64() < 0.3 {
			school, amount = "高中", 200_000
		}
		applied := between(rng, dayOf(2017, 7, 20), dayOf(2017, 8, 20))
		pay(pl.orgs[r.org].code, gonghui.ProgGoldenAutumn, r.id, "", school, personName(rng, rng.IntN(2) == 0), "资金", amount, applied, applied+day(10+rng.IntN(20)), account(rng))
	}
	// 温暖基金: relief to as many other members, the year's amount in all.
	warm := people[min(p.GoldenChildren, len(people)):]
	warm = warm[:min(p.WarmthPersons, len(warm))]
	for i, amount := range split(rng, p.WarmthPaidFen, len(warm)) {
		applied := between(rng, dayOf(2017, 1, 10), dayOf(2017, 9, 1))
		pay(pl.orgs[warm[i].org].code, gonghui.ProgWarmth, warm[i].id, "", "", "", "资金", amount, applied, applied+day(5+rng.IntN(20)), account(rng))
	}
	// The festival visits to enterprises in difficulty: money or goods,
	// before the Spring Festival (28 January 2017).
	var firms []int
	for i := range pl.units {
		if pl.units[i].own != gonghui.OwnershipPublicInst {
			firms = append(firms, i)
		}
	}
	// And to the households on file: money or goods, up to 3,000 yuan.
	for _, h := range pl.households {
		form, acct := "物资", ""
		if rng.IntN(2) == 0 {
			form, acct = "资金", account(rng)
		}
		applied := between(rng, dayOf(2017, 1, 3), dayOf(2017, 1, 12))
		pay(h.org, gonghui.ProgFestivalHome, h.head, "", "", "", form, int64(5+rng.IntN(26))*10_000, applied, applied+day(2+rng.IntN(10)), acct)
	}
	visited := pickUniform(rng, len(firms), min(p.FestivalEnterprises, len(firms)))
	for _, k := range visited {
		u := &pl.units[firms[k]]
		form, acct := "物资", ""
		if rng.IntN(2) == 0 {
			form, acct = "资金", account(rng)
		}
		applied := between(rng, dayOf(2017, 1, 3), dayOf(2017, 1, 12))
		pay(pl.orgs[u.org].code, gonghui.ProgFestivalFirm, "", u.uscc, "", "", form, int64(2+rng.IntN(9))*100_000, applied, applied+day(2+rng.IntN(10)), acct)
	}
	return c.err
}
