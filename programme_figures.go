package gonghui

// The report's assistance sentence counts programmes by the line they
// belong to (金秋助学, 温暖基金, “两节”送温暖 …), not by their codes: a
// district keeps its own programmes under codes of its own and names the
// line they count in. A programme in no line counts only in the fund
// totals (assist_paid_fen).

// The figure lines of the assistance programmes.
const (
	FigureNone         = ""
	FigureGoldenAutumn = "golden_autumn" // 金秋助学: children helped
	FigureWarmth       = "warmth"        // 温暖基金: workers helped
	FigureFestival     = "festival"      // “两节”送温暖: households and enterprises visited
	FigureMedical      = "medical"       // 在职职工医疗互助: claims paid
	FigureEmergency    = "emergency"     // 应急救助: households relieved
)

// FigureLine is one line: whom it may pay, and its indicators' keys.
type FigureLine struct {
	Choice
	// Recipients are the recipient kinds a programme of the line may pay,
	// each with the key of its count.
	Recipients map[string]string
	// Raised is the key of the amount raised for the line's programmes,
	// Paid the key of the amount they paid ("" when it has none).
	Raised, Paid string
}

// FigureLines lists the lines in form order.
var FigureLines = []FigureLine{
	{Choice{FigureGoldenAutumn, Message{"金秋助学", "Golden autumn school grants"}},
		map[string]string{RecipientPerson: "assist_golden_autumn_children"}, "assist_golden_autumn_raised_fen", "assist_golden_autumn_paid_fen"},
	{Choice{FigureWarmth, Message{"温暖基金", "Warmth fund"}},
		map[string]string{RecipientPerson: "assist_warmth_persons"}, "assist_warmth_raised_fen", "assist_warmth_paid_fen"},
	{Choice{FigureFestival, Message{"“两节”送温暖", "Festival visits"}},
		map[string]string{RecipientHousehold: "assist_festival_households", RecipientEnterprise: "assist_festival_enterprises"},
		"assist_festival_raised_fen", "assist_festival_paid_fen"},
	{Choice{FigureMedical, Message{"在职职工医疗互助", "Medical mutual aid"}},
		map[string]string{RecipientPerson: "assist_medical_persons"}, "", "assist_medical_paid_fen"},
	{Choice{FigureEmergency, Message{"应急救助", "Emergency relief"}},
		map[string]string{RecipientHousehold: "assist_emergency_households"}, "", "assist_emergency_paid_fen"},
}

// FigureChoices are the lines as a form's choices.
func FigureChoices() []Choice {
	out := make([]Choice, len(FigureLines))
	for i, l := range FigureLines {
		out[i] = l.Choice
	}
	return out
}

// FigureLineOf finds a line by its key.
func FigureLineOf(key string) (FigureLine, bool) {
	for _, l := range FigureLines {
		if l.Key == key {
			return l, true
		}
	}
	return FigureLine{}, false
}

// checkFigure checks a programme's line against whom it pays.
func (in ProgrammeInput) checkFigure(v *ValidationError) {
	if in.Figure == FigureNone {
		return
	}
	l, ok := FigureLineOf(in.Figure)
	switch {
	case !ok:
		v.Add("figure", "请选择项目计入的统计口径（或留空）", "choose the line the programme counts in (or none)")
	case l.Recipients[in.RecipientKind] == "":
		v.Add("figure", l.Name.Zh+"口径不统计此类受助对象", "the "+l.Name.En+" line does not count this kind of recipient")
	case in.Rules.Amount.Kind == AmountNone:
		v.Add("figure", "不支付的项目（登记参保）不计入帮扶口径", "a programme that pays nothing (an enrolment) counts in no line")
	}
}

// The lines' figures: what was raised and paid in the year up to the day,
// and whom it reached, at the union that filed each application (raised:
// at the union keeping the fund).
var _ = RegisterIndicators(63, []Indicator{
	{Key: "assist_golden_autumn_raised_fen", Name: Message{"当年金秋助学筹集资金", "Golden autumn grants: raised in the year"}, Unit: UnitFen,
		Definition: Message{"子树内工会的资金当年1月1日至当日为金秋助学口径项目募集的资金和物资，已冲销的不计", "money and goods raised from 1 January to the day for the golden-autumn programmes into the subtree's funds, less those reversed"}},
	{Key: "assist_golden_autumn_paid_fen", Name: Message{"当年金秋助学发放金额", "Golden autumn grants: paid in the year"}, Unit: UnitFen,
		Definition: Message{"子树内工会申报、当年获批发放的金秋助学金，已冲销或银行退回的不计", "golden-autumn grants filed by the subtree's unions and paid in the year to the day, less those reversed or returned"}},
	{Key: "assist_golden_autumn_children", Name: Message{"当年金秋助学资助职工子女", "Golden autumn grants: children helped in the year"}, Unit: unitPersons,
		Definition: Message{"当年获发金秋助学金的职工子女（每份获批申请一名学生）", "workers' children paid a grant in the year (one student per approved application)"}},
	{Key: "assist_warmth_raised_fen", Name: Message{"当年温暖基金筹集资金", "Warmth fund: raised in the year"}, Unit: UnitFen,
		Definition: Message{"子树内工会的资金当年为温暖基金口径项目募集的资金和物资，已冲销的不计", "money and goods raised in the year to the day for the warmth-fund programmes into the subtree's funds, less those reversed"}},
	{Key: "assist_warmth_paid_fen", Name: Message{"当年温暖基金帮扶金额", "Warmth fund: paid in the year"}, Unit: UnitFen,
		Definition: Message{"子树内工会申报、当年发放的温暖基金帮扶款，已冲销或银行退回的不计", "warmth-fund relief filed by the subtree's unions and paid in the year to the day, less those reversed or returned"}},
	{Key: "assist_warmth_persons", Name: Message{"当年温暖基金帮扶职工", "Warmth fund: workers helped in the year"}, Unit: unitPersons,
		Definition: Message{"当年获发温暖基金帮扶款的职工（每份获批申请一人；同一人同年的重复申请须经审批人特批）", "workers paid warmth-fund relief in the year (one per approved application; a second one for the same person and year needs an approver's override)"}},
	{Key: "assist_festival_raised_fen", Name: Message{"当年“两节”送温暖筹集款物", "Festival visits: raised in the year"}, Unit: UnitFen,
		Definition: Message{"子树内工会的资金当年为“两节”送温暖口径项目募集的资金和物资（物资折价），已冲销的不计", "money and goods (valued) raised in the year to the day for the festival-visit programmes into the subtree's funds, less those reversed"}},
	{Key: "assist_festival_paid_fen", Name: Message{"当年“两节”送温暖发放款物", "Festival visits: handed out in the year"}, Unit: UnitFen,
		Definition: Message{"子树内工会申报、当年发放的“两节”送温暖资金和物资（折价），已冲销的不计", "money and goods (valued) of festival visits filed by the subtree's unions and handed out in the year to the day, less those reversed"}},
	{Key: "assist_festival_households", Name: Message{"当年“两节”走访慰问困难职工家庭", "Festival visits: households visited in the year"}, Unit: Message{"户", "households"},
		Definition: Message{"当年获“两节”慰问的困难职工家庭（每份获批申请一户）", "households on file visited in the year (one per approved application)"}},
	{Key: "assist_festival_enterprises", Name: Message{"当年“两节”走访慰问企业", "Festival visits: enterprises visited in the year"}, Unit: unitFirms,
		Definition: Message{"当年获“两节”慰问的企业（每份获批申请一家）", "enterprises visited in the year (one per approved application)"}},
	{Key: "assist_medical_paid_fen", Name: Message{"当年医疗互助给付金额", "Medical mutual aid: paid in the year"}, Unit: UnitFen,
		Definition: Message{"子树内工会申报、当年给付的在职职工医疗互助金，已冲销或银行退回的不计", "mutual-aid benefits filed by the subtree's unions and paid in the year to the day, less those reversed or returned"}},
	{Key: "assist_medical_persons", Name: Message{"当年医疗互助受益人次", "Medical mutual aid: claims paid in the year"}, Unit: Message{"人次", "claims"},
		Definition: Message{"当年获给付的医疗互助申请（每张费用单据一次）", "mutual-aid claims paid in the year (one per bill)"}},
	{Key: "assist_emergency_paid_fen", Name: Message{"当年应急救助金额", "Emergency relief: paid in the year"}, Unit: UnitFen,
		Definition: Message{"子树内工会申报、当年发放的应急救助款，已冲销或银行退回的不计", "emergency relief filed by the subtree's unions and paid in the year to the day, less those reversed or returned"}},
	{Key: "assist_emergency_households", Name: Message{"当年应急救助家庭", "Emergency relief: households helped in the year"}, Unit: Message{"户", "households"},
		Definition: Message{"当年获发应急救助的家庭（每份获批申请一户）", "households paid emergency relief in the year (one per approved application)"}},
})
