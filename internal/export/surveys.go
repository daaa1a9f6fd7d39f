package export

import (
	"strconv"

	"gonghui"
)

// A survey's results as a sheet: counts per option or point of the scale,
// then the text answers shown; it does not import back.

// SurveyResultsName is what a results export is audited as.
const SurveyResultsName = "survey-results"

// SurveyResultsHeader is the results sheet's header.
var SurveyResultsHeader = []string{"题号", "题目", "题型", "选项或分值", "人数", "占比（%）", "均分", "文字回答"}

// SurveyResultRows are the results in SurveyResultsHeader's columns (none
// when too few answered an anonymous survey).
func SurveyResultRows(res gonghui.SurveyResults) [][]string {
	if res.Hidden {
		return nil
	}
	var out [][]string
	for i, q := range res.Survey.Questions {
		r := res.Questions[i]
		no, kind := strconv.Itoa(i+1), gonghui.ChoiceName(gonghui.QuestionKinds, q.Kind).Zh
		mean := ""
		if q.Kind == gonghui.QuestionScale && r.Answered > 0 {
			mean = gonghui.FormatFixed(int64(r.MeanCents), 2)
		}
		for j, n := range r.Counts {
			option := strconv.Itoa(j + 1)
			if j < len(q.Options) {
				option = q.Options[j]
			}
			out = append(out, []string{no, q.Text, kind, option, strconv.Itoa(n), gonghui.FormatFixed(int64(r.Share(n)), 2), mean, ""})
		}
		if q.Kind == gonghui.QuestionText {
			out = append(out, []string{no, q.Text, kind, "", strconv.Itoa(r.Answered), "", "", ""})
			for _, t := range r.Texts {
				out = append(out, []string{no, q.Text, kind, "", "", "", "", t})
			}
		}
	}
	return out
}
