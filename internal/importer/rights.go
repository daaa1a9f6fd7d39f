package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/store"
)

// The rights imports: the hotline log (12351热线、来访登记台账) and the case
// register (维权案件台账) as the districts keep them, one call or one case a
// line. Callers and parties are sealed and masked as the forms' are.

// lineKey names a line by its content, for a line imported again.
func lineKey(prefix string, cells []string) string {
	sum := sha256.Sum256([]byte(strings.Join(cells, "\x00")))
	return prefix + hex.EncodeToString(sum[:12])
}

// Columns of the hotline-log template.
const (
	riOrg = iota
	riReceived
	riChannel
	riKind
	riCaller
	riPhone
	riID
	riEmployer
	riUSCC
	riTopic
	riNote
)

var rightsIntakeColumns = []column{
	riOrg:      {header: "受理工会", aliases: []string{"工会", "工会代码", "org"}, field: "org_id", required: true, example: "GH000123"},
	riReceived: {header: "日期", aliases: []string{"来电日期", "受理日期", "received_on"}, field: "received_on", required: true, example: "2017-03-15"},
	riChannel:  {header: "渠道", aliases: []string{"来源", "channel"}, field: "channel", required: true, example: "12351热线", choices: choiceNames(gonghui.RightsChannels)},
	riKind:     {header: "类别", aliases: []string{"诉求类别", "kind"}, field: "kind", required: true, example: "咨询", choices: choiceNames(gonghui.RightsIntakeKinds)},
	riCaller:   {header: "来电人", aliases: []string{"姓名", "来访人", "caller_name"}, field: "caller_name", example: "张三"},
	riPhone:    {header: "联系电话", aliases: []string{"电话", "caller_phone"}, field: "caller_phone", example: "13800001234"},
	riID:       {header: "公民身份号码", aliases: []string{"身份证号", "caller_id_number"}, field: "caller_id_number", note: "可不填；填写的按会员库比对 / optional; matched to the member register"},
	riEmployer: {header: "用人单位", aliases: []string{"单位名称", "employer_name"}, field: "employer_name", example: "某建筑劳务有限公司"},
	riUSCC:     {header: "统一社会信用代码", aliases: []string{"单位信用代码", "employer_uscc"}, field: "employer_uscc", note: "填写的按单位库比对 / matched to the unit and employer registers"},
	riTopic:    {header: "诉求内容", aliases: []string{"内容", "事由", "summary"}, field: "summary", required: true, example: "咨询加班费计算"},
	riNote:     {header: "备注", aliases: []string{"处理情况", "note"}, field: "note", note: "接在诉求内容之后 / appended to the topic"},
}

// RightsIntakes imports a hotline log; a line already imported is left
// alone, and a request on the log opens no case (the case register holds
// the cases).
var RightsIntakes Job = &kind[gonghui.RightsIntakeRow]{
	name:      "rights-intakes",
	table:     "rights_intakes",
	columns:   rightsIntakeColumns,
	orgColumn: riOrg,
	note:      "求决类来电只登记，不另立案；案件请用维权案件台账导入 / a request on the log opens no case: import the cases from the case register",
	prepare:   checkedRow(parseRightsIntake, func(r *gonghui.RightsIntakeRow) *int64 { return &r.OrgID }),
	identity:  func(r gonghui.RightsIntakeRow) string { return strconv.FormatInt(r.OrgID, 10) + "\x00" + r.Key },
	duplicate: sameAs("summary", "与第%d行完全相同", "the same as line %d"),
	newWriter: writerOf[gonghui.RightsIntakeRow]((*store.Store).NewRightsIntakeWriter),
}

// parseRightsIntake reads a line without the database; the union is
// returned as its reference.
func parseRightsIntake(h headerMap, cells []string, v *gonghui.ValidationError) (gonghui.RightsIntakeRow, string) {
	r := gonghui.RightsIntakeRow{RightsIntakeInput: gonghui.RightsIntakeInput{CallerName: h.cell(cells, riCaller), CallerPhone: h.cell(cells, riPhone),
		CallerIDNumber: h.cell(cells, riID), EmployerName: h.cell(cells, riEmployer), EmployerUSCC: h.cell(cells, riUSCC), Summary: h.cell(cells, riTopic)},
		Note: h.cell(cells, riNote), Key: lineKey("intake:", cells)}
	r.Channel = choiceCell(v, "channel", gonghui.RightsChannels, h.cell(cells, riChannel))
	r.Kind = choiceCell(v, "kind", gonghui.RightsIntakeKinds, h.cell(cells, riKind))
	dateCell(v, "received_on", h.cell(cells, riReceived), &r.ReceivedOn)
	return r, h.cell(cells, riOrg)
}

// Columns of the case-register template.
const (
	rcOrg = iota
	rcNumber
	rcKind
	rcReceived
	rcAccepted
	rcParty
	rcID
	rcPhone
	rcMigrant
	rcWorkers
	rcEmployer
	rcUSCC
	rcSummary
	rcKnown
	rcJobEnded
	rcClaim
	rcClaimed
	rcOutcome
	rcClosed
	rcRecovered
	rcReason
)

var rightsCaseColumns = []column{
	rcOrg:       {header: "承办工会", aliases: []string{"工会", "工会代码", "org"}, field: "org_id", required: true, example: "GH000123"},
	rcNumber:    {header: "案件编号", aliases: []string{"编号", "number"}, field: "number", note: "台账原编号，用于识别重复导入；空则按整行内容识别 / the register's own number, which a re-import is known by; empty: the line's content"},
	rcKind:      {header: "案件类别", aliases: []string{"类别", "kind"}, field: "kind", required: true, example: "劳动争议调解", choices: choiceNames(gonghui.RightsCaseKinds)},
	rcReceived:  {header: "申请日期", aliases: []string{"收案日期", "received_on"}, field: "received_on", required: true, example: "2017-03-01"},
	rcAccepted:  {header: "受理日期", aliases: []string{"立案日期", "accepted_on"}, field: "accepted_on", example: "2017-03-02", note: "法律援助为决定援助之日；监督案件不填 / for legal aid the day aid was granted; none for supervision"},
	rcParty:     {header: "当事人", aliases: []string{"申请人", "职工姓名", "party_name"}, field: "parties", example: "王建国", note: "集体争议填写首席代表 / for a group case its lead representative"},
	rcID:        {header: "公民身份号码", aliases: []string{"身份证号", "party_id_number"}, field: "parties.0.id_number"},
	rcPhone:     {header: "联系电话", aliases: []string{"电话", "party_phone"}, field: "parties.0.phone"},
	rcMigrant:   {header: "农民工", aliases: []string{"是否农民工", "migrant"}, field: "parties.0.migrant", choices: yesNo},
	rcWorkers:   {header: "涉及职工人数", aliases: []string{"人数", "worker_count"}, field: "worker_count", note: "集体争议的职工人数；空则为所列当事人 / a group case's workers; empty: the party named"},
	rcEmployer:  {header: "用人单位", aliases: []string{"单位名称", "employer_name"}, field: "employer_name", required: true, example: "某建筑劳务有限公司"},
	rcUSCC:      {header: "统一社会信用代码", aliases: []string{"单位信用代码", "employer_uscc"}, field: "employer_uscc"},
	rcSummary:   {header: "案情摘要", aliases: []string{"案由", "summary"}, field: "summary", required: true, example: "拖欠三个月工资"},
	rcKnown:     {header: "知道权利受侵害日期", aliases: []string{"known_on"}, field: "known_on"},
	rcJobEnded:  {header: "劳动关系终止日期", aliases: []string{"离职日期", "job_ended_on"}, field: "job_ended_on"},
	rcClaim:     {header: "请求事项", aliases: []string{"请求类别", "claim_kind"}, field: "claims", choices: choiceNames(gonghui.RightsClaimKinds)},
	rcClaimed:   {header: "请求金额（元）", aliases: []string{"标的额", "claim_amount"}, field: "claims.0.amount_fen", note: yuanNote},
	rcOutcome:   {header: "结案方式", aliases: []string{"结果", "outcome"}, field: "outcome", choices: choiceNames(gonghui.RightsOutcomes), note: "空则案件仍在办理 / empty: the case is open"},
	rcClosed:    {header: "结案日期", aliases: []string{"outcome_on"}, field: "outcome_on"},
	rcRecovered: {header: "挽回经济损失（元）", aliases: []string{"挽回损失", "recovered"}, field: "recovered_fen", note: yuanNote},
	rcReason:    {header: "结案说明", aliases: []string{"不予援助理由", "outcome_reason"}, field: "outcome_reason"},
}

// RightsCases imports a case register: each line a case with the form's
// checks, accepted and closed on its days; a case already imported (by
// its number, else its line) is left alone.
var RightsCases Job = &kind[gonghui.RightsCaseRow]{
	name:      "rights-cases",
	table:     "rights_cases",
	columns:   rightsCaseColumns,
	orgColumn: rcOrg,
	note:      "集体争议只列首席代表并填写涉及职工人数 / a group case names its lead representative and gives its number of workers",
	prepare:   checkedRow(parseRightsCase, func(r *gonghui.RightsCaseRow) *int64 { return &r.OrgID }),
	identity:  func(r gonghui.RightsCaseRow) string { return strconv.FormatInt(r.OrgID, 10) + "\x00" + r.Key },
	duplicate: sameAs("number", "与第%d行是同一案件", "the same case as line %d"),
	newWriter: writerOf[gonghui.RightsCaseRow]((*store.Store).NewRightsCaseWriter),
}

func init() { register(97, RightsIntakes, RightsCases) }

// parseRightsCase reads a line without the database; the union is
// returned as its reference.
func parseRightsCase(h headerMap, cells []string, v *gonghui.ValidationError) (gonghui.RightsCaseRow, string) {
	r := gonghui.RightsCaseRow{RightsCaseInput: gonghui.RightsCaseInput{EmployerName: h.cell(cells, rcEmployer), EmployerUSCC: h.cell(cells, rcUSCC),
		Summary: h.cell(cells, rcSummary)}, Outcome: h.cell(cells, rcOutcome), OutcomeReason: h.cell(cells, rcReason)}
	r.Kind = choiceCell(v, "kind", gonghui.RightsCaseKinds, h.cell(cells, rcKind))
	r.Outcome = choiceCell(v, "outcome", gonghui.RightsOutcomes, r.Outcome)
	for _, d := range []struct {
		field string
		col   int
		dst   *gonghui.Date
	}{{"received_on", rcReceived, &r.ReceivedOn}, {"accepted_on", rcAccepted, &r.AcceptedOn}, {"known_on", rcKnown, &r.KnownOn},
		{"job_ended_on", rcJobEnded, &r.JobEndedOn}, {"outcome_on", rcClosed, &r.OutcomeOn}} {
		dateCell(v, d.field, h.cell(cells, d.col), d.dst)
	}
	r.WorkerCount = intCell(v, "worker_count", h.cell(cells, rcWorkers))
	if name := h.cell(cells, rcParty); name != "" || h.cell(cells, rcID) != "" {
		r.Parties = []gonghui.RightsPartyInput{{Name: name, IDNumber: h.cell(cells, rcID), Phone: h.cell(cells, rcPhone),
			Migrant: yesCell(v, "parties.0.migrant", h.cell(cells, rcMigrant)), Representative: r.WorkerCount >= gonghui.GroupCaseSize}}
	}
	if kind, amount := h.cell(cells, rcClaim), h.cell(cells, rcClaimed); kind != "" || amount != "" {
		cl := gonghui.RightsClaim{Kind: choiceCell(v, "claims.0.kind", gonghui.RightsClaimKinds, kind)}
		if amount != "" {
			cl.AmountFen = fixedCell(v, "claims.0.amount_fen", amount)
		}
		if kind == "" {
			v.Add("claims.0.kind", "填写请求金额的须填写请求事项", "an amount claimed needs its claim")
		}
		r.Claims = []gonghui.RightsClaim{cl}
	}
	if c := h.cell(cells, rcRecovered); c != "" {
		r.RecoveredFen = fixedCell(v, "recovered_fen", c)
	}
	r.Key = lineKey("case:", cells)
	if n := h.cell(cells, rcNumber); n != "" {
		r.Key = "case-number:" + n
	}
	return r, h.cell(cells, rcOrg)
}
