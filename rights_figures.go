package gonghui

// The figures of rights protection: each counts what happened from 1
// January of the day's year to the day (intakes received, cases accepted
// and closed, letters sent), at the union that took or handles it.
var _ = RegisterIndicators(66, []Indicator{
	{Key: "rights_intakes", Name: Message{"职工来电来访", "Intakes"}, Unit: unitCount,
		Definition: Message{"子树内工会当年1月1日至当日登记的来电来访（各渠道）", "calls, visits and referrals taken by the subtree's unions from 1 January to the day, every channel"}},
	{Key: "rights_consultations", Name: Message{"其中法律咨询", "of which consultations"}, Unit: unitCount,
		Definition: Message{"其中类别为咨询的", "of which consultations"}},
	{Key: "rights_hotline_calls", Name: Message{"其中12351热线", "of which 12351 hotline calls"}, Unit: unitCount,
		Definition: Message{"其中经12351热线的", "of which by the 12351 hotline"}},
	{Key: "rights_accepted_legal_aid", Name: Message{"受理法律援助案件", "Legal-aid cases accepted"}, Unit: unitCount,
		Definition: Message{"子树内工会当年给予法律援助（受理）的案件", "legal-aid cases of the subtree's unions granted (accepted) in the year to the day"}},
	{Key: "rights_accepted_mediation", Name: Message{"受理劳动争议调解案件", "Mediation cases accepted"}, Unit: unitCount,
		Definition: Message{"子树内工会当年受理的劳动争议调解案件", "mediation cases of the subtree's unions accepted in the year to the day"}},
	{Key: "rights_accepted_supervision", Name: Message{"立案劳动法律监督案件", "Supervision cases opened"}, Unit: unitCount,
		Definition: Message{"子树内工会当年立案的劳动法律监督案件（监督无受理决定，以收到之日计）", "supervision cases of the subtree's unions received in the year to the day (a supervision case has no acceptance)"}},
	{Key: "rights_closed_legal_aid", Name: Message{"办结法律援助案件", "Legal-aid cases closed"}, Unit: unitCount,
		Definition: Message{"子树内工会当年结案的法律援助案件（含不予援助）", "legal-aid cases of the subtree's unions closed in the year to the day, aid refused included"}},
	{Key: "rights_closed_mediation", Name: Message{"办结劳动争议调解案件", "Mediation cases closed"}, Unit: unitCount,
		Definition: Message{"子树内工会当年结案的劳动争议调解案件（含不予受理）", "mediation cases of the subtree's unions closed in the year to the day, refusals included"}},
	{Key: "rights_closed_supervision", Name: Message{"办结劳动法律监督案件", "Supervision cases closed"}, Unit: unitCount,
		Definition: Message{"子树内工会当年结案的劳动法律监督案件", "supervision cases of the subtree's unions closed in the year to the day"}},
	{Key: "rights_mediation_settled", Name: Message{"调解成功", "Mediations settled"}, Unit: unitCount,
		Definition: Message{"当年以调解成功（和解）结案的劳动争议调解案件", "mediation cases closed as settled in the year to the day"}},
	{Key: "rights_mediation_arbitration", Name: Message{"调解不成转仲裁", "Mediations referred to arbitration"}, Unit: unitCount,
		Definition: Message{"当年以转劳动仲裁结案的劳动争议调解案件", "mediation cases closed as referred to arbitration in the year to the day"}},
	{Key: "rights_recovered_fen", Name: Message{"为职工挽回经济损失", "Amounts recovered for workers"}, Unit: UnitFen,
		Definition: Message{"子树内工会当年结案的案件挽回的经济损失之和", "the amounts recovered by the cases of the subtree's unions closed in the year to the day"}},
	{Key: "rights_workers", Name: Message{"案件涉及职工", "Workers in cases"}, Unit: unitPersons,
		Definition: Message{"子树内工会当年收到的案件的职工当事人人数（集体争议计全部职工）", "the worker parties of the cases of the subtree's unions received in the year to the day (every worker of a group case)"}},
	{Key: "rights_letters_prompt", Name: Message{"发出劳动法律监督提示函", "Prompt letters sent"}, Unit: unitCount,
		Definition: Message{"子树内工会当年发出的劳动法律监督提示函", "prompt letters sent by the subtree's unions in the year to the day"}},
	{Key: "rights_letters_opinion", Name: Message{"发出劳动法律监督意见书", "Letters of opinion sent"}, Unit: unitCount,
		Definition: Message{"子树内工会当年发出的劳动法律监督意见书", "letters of opinion sent by the subtree's unions in the year to the day"}},
	{Key: "rights_letters_suggestion", Name: Message{"发出劳动法律监督建议书", "Letters of suggestion sent"}, Unit: unitCount,
		Definition: Message{"子树内工会当年发出的劳动法律监督建议书", "letters of suggestion sent by the subtree's unions in the year to the day"}},
})

// The on-time rate of each statutory clock: of the clocks that ended in
// the year to the day — met, or ended with their case, or run out unmet
// (then late from the day after their last) — those met by their last day.
var _ = RegisterIndicators(67, clockIndicators())

func clockIndicators() []Indicator {
	var out []Indicator
	for _, k := range RightsClockKinds {
		ended, met := "rights_clocks_"+k.Key, "rights_clocks_"+k.Key+"_on_time"
		out = append(out,
			Indicator{Key: ended, Name: Message{k.Name.Zh + "：当年届满或办结", k.Name.En + ": ended in the year"}, Unit: unitCount,
				Definition: Message{"子树内工会的案件当年办结（履行）或届满未办的该项期限", "the clocks of this kind of the subtree's unions' cases met, ended with their case or run out in the year to the day"}},
			Indicator{Key: met, Name: Message{k.Name.Zh + "：按期办结", k.Name.En + ": met in time"}, Unit: unitCount,
				Definition: Message{"其中在期限最后一日前（含当日）办结的", "of which met by their last day"}},
			Indicator{Key: "rights_on_time_" + k.Key, Name: Message{k.Name.Zh + "按期率", k.Name.En + ": on-time rate"}, Unit: unitPercent,
				Definition: Message{"按期办结数 ÷ 当年届满或办结数", "met in time ÷ ended in the year"}, Numerator: met, Denominator: ended})
	}
	return out
}

// The callbacks' satisfaction: of the cases called back in the year to the
// day (the callback that reached the worker), those satisfied or fairly
// satisfied.
var _ = RegisterIndicators(68, []Indicator{
	{Key: "rights_callbacks", Name: Message{"结案回访", "Cases called back"}, Unit: unitCount,
		Definition: Message{"子树内工会的案件当年1月1日至当日回访并联系到当事人的（每案一次）", "the cases of the subtree's unions whose worker was reached by a callback from 1 January to the day (once a case)"}},
	{Key: "rights_callbacks_satisfied", Name: Message{"其中满意、基本满意", "of which satisfied or fairly satisfied"}, Unit: unitCount,
		Definition: Message{"其中当事人表示满意或基本满意的", "of which the worker was satisfied or fairly satisfied"}},
	{Key: "rights_satisfaction_rate", Name: Message{"回访满意率", "Callback satisfaction rate"}, Unit: unitPercent,
		Definition: Message{"满意、基本满意的回访 ÷ 回访", "callbacks satisfied or fairly satisfied ÷ callbacks"},
		Numerator:  "rights_callbacks_satisfied", Denominator: "rights_callbacks"},
})
