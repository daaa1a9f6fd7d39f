package export

import (
	"strconv"
	"time"

	"gonghui"
)

// The census-return list does not import back: a return is opened from
// the records and changes only by its steps (a figure with its reason,
// submission by the union, review by the level above), each audited on
// its own. Its export reads as the returns stand, with their figures.

// CensusName is what the census-return list's export is audited as.
const CensusName = "census_returns"

// censusHead are the columns before the figures.
var censusHead = []string{"工会代码", "工会名称", "年度", "截止日期", "状态", "上报人", "上报时间", "审核人", "审核时间", "退回原因"}

// CensusHeader is the header of the census-return list: each return's
// state and steps, then its confirmed figures in the return's order (a
// rate, in percent, from its confirmed parts).
func CensusHeader() []string {
	out := append([]string(nil), censusHead...)
	for _, it := range gonghui.CensusItems {
		name := it.Name.Zh
		if it.IsRate() {
			name += "（%）"
		}
		out = append(out, name)
	}
	return out
}

// CensusRow is a return, with its figures, in CensusHeader's columns.
func CensusRow(r gonghui.CensusReturn) []string {
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(gonghui.Shanghai).Format("2006-01-02 15:04")
	}
	row := []string{r.OrgCode, r.OrgName, strconv.Itoa(r.Year), r.AsOf.String(), gonghui.ChoiceName(gonghui.CensusStates, string(r.State)).Zh,
		r.SubmittedBy, at(r.SubmittedAt), r.ReviewedBy, at(r.ReviewedAt), r.ReturnReason}
	figures := r.Confirmed()
	for _, it := range gonghui.CensusItems {
		switch v, ok := figures[it.Key]; {
		case it.IsRate():
			row = append(row, strconv.FormatFloat(figures.Rate(it), 'f', 2, 64))
		case ok:
			row = append(row, strconv.FormatInt(v, 10))
		default:
			row = append(row, "")
		}
	}
	return row
}
