package generate

import (
	"fmt"
	"strconv"

	"gonghui"
)

// RightsIntakeHeaders are the hotline log's columns (the rights-intakes
// import); RightsCaseHeaders the case register's (rights-cases).
var (
	RightsIntakeHeaders = []string{"受理工会", "日期", "渠道", "类别", "来电人", "联系电话", "公民身份号码", "用人单位", "统一社会信用代码", "诉求内容", "备注"}
	RightsCaseHeaders   = []string{"承办工会", "案件编号", "案件类别", "申请日期", "受理日期", "当事人", "公民身份号码", "联系电话", "农民工", "涉及职工人数",
		"用人单位", "统一社会信用代码", "案情摘要", "知道权利受侵害日期", "劳动关系终止日期", "请求事项", "请求金额（元）", "结案方式", "结案日期", "挽回经济损失（元）", "结案说明"}
)

// rightsYearStart is the first day of the casework's year; every intake and
// case falls before the preset's date, so the year's figures hold them all.
var rightsYearStart = dayOf(2017, 1, 1)

// rightsDay is a day of the year up to the preset's date, less margin days.
func (pl *plan) rightsDay(n, margin int) day {
	span := int(pl.p.Date-rightsYearStart) - margin
	return rightsYearStart + day(n%max(1, span))
}

// rightsPhone is a synthetic mobile number.
func rightsPhone(n int) string { return fmt.Sprintf("139%08d", n%100_000_000) }

// yuanCell writes fen as yuan with two decimals.
func yuanCell(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

// writeRightsIntakes writes the district unions' hotline logs of the year:
// as many calls and visits as the preset says, most by the 12351 hotline,
// most of them consultations.
func (pl *plan) writeRightsIntakes(c *csvFile) error {
	rng := rngFor(pl.seed, 70)
	channels := []string{"hotline", "hotline", "hotline", "hotline", "hotline", "hotline", "walk_in", "walk_in", "walk_in", "online"}
	kinds := []string{gonghui.IntakeConsultation, gonghui.IntakeConsultation, gonghui.IntakeConsultation, gonghui.IntakeConsultation,
		gonghui.IntakeConsultation, gonghui.IntakeConsultation, gonghui.IntakeConsultation, gonghui.IntakeRequest, gonghui.IntakeRequest, gonghui.IntakeSuggestion}
	topics := []string{"咨询加班费计算", "咨询解除劳动合同经济补偿", "反映拖欠工资", "咨询工伤认定", "咨询社会保险缴纳", "建议加强劳动法律宣传"}
	for n := range pl.p.RightsIntakes {
		d := &pl.districts[rng.IntN(len(pl.districts))]
		kind := kinds[rng.IntN(len(kinds))]
		c.field(d.orgCode)
		c.date(pl.rightsDay(rng.IntN(1000), 0))
		c.field(gonghui.ChoiceName(gonghui.RightsChannels, channels[rng.IntN(len(channels))]).Zh)
		c.field(gonghui.ChoiceName(gonghui.RightsIntakeKinds, kind).Zh)
		c.field(personName(rng, rng.IntN(2) == 0))
		c.field(rightsPhone(n*7919 + 1))
		c.field("")
		if kind == gonghui.IntakeSuggestion || len(pl.units) == 0 {
			c.field("")
		} else {
			c.field(pl.units[rng.IntN(len(pl.units))].name)
		}
		c.field("")
		c.field(topics[rng.IntN(len(topics))])
		c.field("第" + strconv.Itoa(n+1) + "号")
		c.end()
	}
	return c.err
}

// writeRightsCases writes the districts' case registers of the year: the
// preset's legal-aid, mediation and supervision cases, received, accepted
// the next day and closed before the preset's date, the amounts recovered
// summing to the preset's; one case in twenty a group case.
func (pl *plan) writeRightsCases(c *csvFile) error {
	rng := rngFor(pl.seed, 71)
	p := pl.p
	type kase struct {
		kind, outcome string
	}
	var cases []kase
	for range p.LegalAidCases {
		cases = append(cases, kase{gonghui.CaseLegalAid, gonghui.OutcomeSettled})
	}
	mediationOutcomes := []string{gonghui.OutcomeSettled, gonghui.OutcomeSettled, gonghui.OutcomeSettled, gonghui.OutcomeSettled,
		gonghui.OutcomeSettled, gonghui.OutcomeSettled, gonghui.OutcomeSettled, gonghui.OutcomeArbitration, gonghui.OutcomeArbitration, gonghui.OutcomeWithdrawn}
	for n := range p.MediationCases {
		cases = append(cases, kase{gonghui.CaseMediation, mediationOutcomes[n%len(mediationOutcomes)]})
	}
	for range p.SupervisionCases {
		cases = append(cases, kase{gonghui.CaseSupervision, gonghui.OutcomeClosed})
	}
	// The settled and closed cases share the amount recovered, the first
	// taking the remainder.
	recovering := 0
	for _, k := range cases {
		if k.outcome == gonghui.OutcomeSettled || k.outcome == gonghui.OutcomeClosed {
			recovering++
		}
	}
	share, rest := p.RightsRecoveredFen/int64(max(1, recovering)), p.RightsRecoveredFen%int64(max(1, recovering))
	claims := []string{gonghui.ClaimWages, gonghui.ClaimWages, "overtime", "compensation", gonghui.ClaimWorkInjury}
	for n, k := range cases {
		d := &pl.districts[rng.IntN(len(pl.districts))]
		received := pl.rightsDay(rng.IntN(1000), 40)
		closed := received + day(10+rng.IntN(25))
		workers := 0
		if n%20 == 19 && k.kind == gonghui.CaseMediation {
			workers = gonghui.GroupCaseSize + rng.IntN(50)
		}
		var recovered int64
		if k.outcome == gonghui.OutcomeSettled || k.outcome == gonghui.OutcomeClosed {
			recovered, rest = share+rest, 0
		}
		c.field(d.orgCode)
		c.field(fmt.Sprintf("%s-2017-%05d", d.orgCode, n+1))
		c.field(gonghui.ChoiceName(gonghui.RightsCaseKinds, k.kind).Zh)
		c.date(received)
		if k.kind == gonghui.CaseSupervision {
			c.field("")
			c.field("")
			c.field("")
			c.field("")
			c.field("")
		} else {
			c.date(received + 1)
			c.field(personName(rng, rng.IntN(2) == 0))
			c.field(string(appendCitizenID(nil, d.code, dayOf(1970, 1, 1)+day(n*13%9000), 700+n%99)))
			c.field(rightsPhone(n*104729 + 3))
			c.field(map[bool]string{true: "是", false: "否"}[rng.IntN(3) == 0])
		}
		if workers > 0 {
			c.int(workers)
		} else {
			c.field("")
		}
		if len(pl.units) > 0 {
			c.field(pl.units[rng.IntN(len(pl.units))].name)
		} else {
			c.field("某用人单位")
		}
		c.field("")
		c.field(map[string]string{gonghui.CaseLegalAid: "申请法律援助追索劳动报酬", gonghui.CaseMediation: "劳动争议申请调解", gonghui.CaseSupervision: "用人单位未依法签订劳动合同"}[k.kind])
		c.date(received - 20)
		c.field("")
		if k.kind == gonghui.CaseSupervision {
			c.field("")
			c.field("")
		} else {
			c.field(gonghui.ChoiceName(gonghui.RightsClaimKinds, claims[rng.IntN(len(claims))]).Zh)
			c.field(yuanCell(max(recovered, int64(100_000+rng.IntN(5_000_000)))))
		}
		c.field(gonghui.ChoiceName(gonghui.RightsOutcomes, k.outcome).Zh)
		c.date(closed)
		c.field(yuanCell(recovered))
		c.field("")
		c.end()
	}
	return c.err
}
