package export

import (
	"strconv"

	"gonghui"
)

// The public notice (公示) and a lottery's draw are lists to post and to
// keep on file; neither imports back. The notice names no ID number; the
// draw's rows carry the seed, so anyone holding the file can redo it.

// NoticeName is what a notice's export is audited as.
const NoticeName = "subsidy-notice"

// NoticeHeader is the notice's header.
var NoticeHeader = []string{"申请编号", "姓名", "申请工会", "证书（成绩）", "等级", "拟发金额（元）", "公示开始", "公示截止（次日起可发放）"}

// NoticeRow is a notice entry in NoticeHeader's columns.
func NoticeRow(e gonghui.NoticeEntry) []string {
	level := ""
	if e.Level != "" {
		level = gonghui.ChoiceName(gonghui.CertificateLevels, e.Level).Zh
	}
	return []string{strconv.FormatInt(e.ApplicationID, 10), e.SubjectName, e.OrgName, e.Credential, level,
		gonghui.FormatFixed(e.AmountFen, 2), e.From.String(), e.Ends.String()}
}

// LotteryName is what a draw's export is audited as.
const LotteryName = "subsidy-lottery"

// LotteryHeader is a draw's header.
var LotteryHeader = []string{"抽签编号", "期间", "种子", "顺序", "申请编号", "姓名", "金额（元）", "中签"}

// LotteryRows are a draw's places in LotteryHeader's columns.
func LotteryRows(l gonghui.Lottery) [][]string {
	out := make([][]string, 0, len(l.Draws))
	for _, d := range l.Draws {
		won := "否"
		if d.Won {
			won = "是"
		}
		out = append(out, []string{strconv.FormatInt(l.ID, 10), l.Period, l.Seed, strconv.Itoa(d.Seq), strconv.FormatInt(d.ApplicationID, 10),
			d.SubjectName, gonghui.FormatFixed(d.AmountFen, 2), won})
	}
	return out
}
