package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/store"
)

// Columns of the assistance-payments template: one payment a row, as the
// districts' 帮扶发放台账 keep them.
const (
	apOrg = iota
	apProgramme
	apIDNumber
	apUSCC
	apSchool
	apBeneficiary
	apOtherFunding
	apEventRef
	apClaimed
	apInsurance
	apForm
	apAmount
	apApplied
	apPaid
	apPayee
	apAccount
	apBank
	apOverride
	apNote
)

const yuanNote = "元，最多两位小数 / yuan, at most two decimals"

var paymentColumns = []column{
	apOrg:          {header: "申请工会", aliases: []string{"申请工会代码", "工会", "org"}, field: "org_id", required: true, example: "GH000123"},
	apProgramme:    {header: "项目代码", aliases: []string{"帮扶项目", "programme"}, field: "programme_id", required: true, example: gonghui.ProgGoldenAutumn},
	apIDNumber:     {header: "公民身份号码", aliases: []string{"身份证号", "受助职工身份证号", "户主身份证号", "id_number"}, field: "id_number", example: "110105198001011234", note: "受助职工，或在档困难家庭的户主 / the member, or the head of the household on file"},
	apUSCC:         {header: "受助企业统一社会信用代码", aliases: []string{"统一社会信用代码", "uscc"}, field: "unit_id", note: "慰问企业时填写 / for a programme for enterprises"},
	apSchool:       {header: "学段", aliases: []string{"school_level"}, field: "school_level", choices: choiceNames(gonghui.SchoolLevels)},
	apBeneficiary:  {header: "受助学生（患者）", aliases: []string{"学生姓名", "患者姓名", "beneficiary"}, field: "beneficiary", example: "张小明"},
	apOtherFunding: {header: "已获其他资助", aliases: []string{"other_funding"}, field: "other_funding", choices: yesNo},
	apEventRef:     {header: "费用单据号", aliases: []string{"单据号", "event_ref"}, field: "event_ref"},
	apClaimed:      {header: "费用总额（元）", aliases: []string{"claimed"}, field: "claimed_fen", note: yuanNote},
	apInsurance:    {header: "医保报销（元）", aliases: []string{"insurance_paid"}, field: "insurance_paid_fen", note: yuanNote},
	apForm:         {header: "形式", aliases: []string{"发放形式", "form"}, field: "form", choices: choiceNames(gonghui.Forms)},
	apAmount:       {header: "发放金额（元）", aliases: []string{"金额", "amount"}, field: "amount_fen", required: true, example: "4000", note: yuanNote},
	apApplied:      {header: "申请日期", aliases: []string{"applied_on"}, field: "applied_on", example: "2017-08-20", note: "空则为发放日期 / empty: the day paid"},
	apPaid:         {header: "发放日期", aliases: []string{"paid_on"}, field: "paid_on", required: true, example: "2017-09-10"},
	apPayee:        {header: "收款人", aliases: []string{"payee"}, field: "payee.name"},
	apAccount:      {header: "收款账号", aliases: []string{"银行卡号", "account"}, field: "payee.account"},
	apBank:         {header: "开户行", aliases: []string{"bank"}, field: "payee.bank"},
	apOverride:     {header: "重复申请特批理由", aliases: []string{"特批理由", "override_reason"}, field: "override_reason"},
	apNote:         {header: "备注", aliases: []string{"note"}, field: "note"},
}

// AssistancePayments imports payments made before gonghui: each row is
// filed, assessed by the programme's rules and paid on its day, as if a
// cadre had filed it and the approvers approved it.
var AssistancePayments Job = &kind[store.ImportedPayment]{
	name:      "assistance-payments",
	table:     "applications",
	columns:   paymentColumns,
	orgColumn: apOrg,
	note:      "每行按项目规则审核（会籍、困难档案、限额、预算、重复），通过后按发放日期从项目资金支付；已导入的同一笔发放不会重复支付 / each row is assessed by the programme's rules and paid from its fund on the day paid; a payment on record is not paid again",
	prepare:   preparePayment,
	identity: func(r store.ImportedPayment) string {
		in := r.Input
		return strconv.FormatInt(in.ProgrammeID, 10) + "\x00" + strings.ToUpper(r.IDNumber) + "\x00" + r.USCC + "\x00" + in.EventRef + "\x00" +
			in.AppliedOn.String() + "\x00" + in.Beneficiary
	},
	duplicate: sameAs("id_number", "与第%d行是同一受助对象的同一笔发放", "the same payment to the same recipient as line %d"),
	newWriter: func(ctx context.Context, st *store.Store, a gonghui.Actor, batchSize int) (writer[store.ImportedPayment], error) {
		w, err := st.NewPaymentWriter(ctx, a, batchSize)
		if err != nil {
			return nil, err
		}
		return paymentColumnsWriter{w}, nil
	},
}

// Columns of the donations template: money and goods raised for a
// programme (募集台账).
const (
	dnProgramme = iota
	dnDonor
	dnForm
	dnAmount
	dnPosted
	dnRef
	dnMemo
)

var donationColumns = []column{
	dnProgramme: {header: "项目代码", aliases: []string{"帮扶项目", "programme"}, field: "programme_id", required: true, example: gonghui.ProgGoldenAutumn, note: "款物记入该项目支出的资金 / raised into the fund the programme pays from"},
	dnDonor:     {header: "捐赠方", aliases: []string{"捐赠单位", "donor"}, field: "donor", required: true, example: "某某银行北京分行"},
	dnForm:      {header: "形式", aliases: []string{"form"}, field: "form", choices: choiceNames(gonghui.Forms), note: "物资按折价金额填写 / goods at their value"},
	dnAmount:    {header: "金额（元）", aliases: []string{"金额", "amount"}, field: "amount_fen", required: true, example: "50000", note: yuanNote},
	dnPosted:    {header: "募集日期", aliases: []string{"日期", "posted_on"}, field: "posted_on", required: true, example: "2017-08-01"},
	dnRef:       {header: "业务编号", aliases: []string{"编号", "reference"}, field: "idempotency_key", note: "空则按整行内容识别重复导入 / empty: a re-imported row is known by its content"},
	dnMemo:      {header: "摘要", aliases: []string{"备注", "memo"}, field: "memo"},
}

// AssistanceDonations imports what was raised for the programmes.
var AssistanceDonations Job = &kind[store.DonationInput]{
	name:      "assistance-donations",
	table:     "ledger_entries",
	columns:   donationColumns,
	orgColumn: -1,
	prepare:   prepareDonation,
	identity: func(in store.DonationInput) string {
		return strconv.FormatInt(in.ProgrammeID, 10) + "\x00" + in.IdempotencyKey
	},
	duplicate: sameAs("idempotency_key", "与第%d行是同一笔募集", "the same donation as line %d"),
	newWriter: writerOf[store.DonationInput]((*store.Store).NewDonationWriter),
}

func init() { register(85, AssistanceDonations, AssistancePayments) }

// schoolWords are how the districts' sheets name the school levels.
var schoolWords = map[string]string{
	"大学": gonghui.SchoolUniversity, "本科": gonghui.SchoolUniversity, "专科": gonghui.SchoolUniversity, "大专": gonghui.SchoolUniversity,
	"普通高中": gonghui.SchoolHigh, "普高": gonghui.SchoolHigh,
	"中专": gonghui.SchoolVocational, "职高": gonghui.SchoolVocational, "技校": gonghui.SchoolVocational, "中等职业学校": gonghui.SchoolVocational,
}

// formCell reads cash or goods, as the sheets write them (资金, 现金,
// 物资, 实物 …).
func formCell(v *gonghui.ValidationError, cell string) string {
	switch cell {
	case "现金", "资金", "款":
		return gonghui.FormCash
	case "物资", "实物", "物":
		return gonghui.FormGoods
	}
	return choiceCell(v, "form", gonghui.Forms, cell)
}

func preparePayment(ctx context.Context, e *env, cells []string) (store.ImportedPayment, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	r := store.ImportedPayment{IDNumber: h.cell(cells, apIDNumber), USCC: h.cell(cells, apUSCC), AmountFen: fixedCell(v, "amount_fen", h.cell(cells, apAmount))}
	in := &r.Input
	in.Beneficiary, in.EventRef, in.OverrideReason, in.Note = h.cell(cells, apBeneficiary), h.cell(cells, apEventRef), h.cell(cells, apOverride), h.cell(cells, apNote)
	school := h.cell(cells, apSchool)
	if key, ok := schoolWords[school]; ok {
		school = key
	}
	in.SchoolLevel = choiceCell(v, "school_level", gonghui.SchoolLevels, school)
	in.OtherFunding = yesCell(v, "other_funding", h.cell(cells, apOtherFunding))
	in.Form = formCell(v, h.cell(cells, apForm))
	if c := h.cell(cells, apClaimed); c != "" {
		in.ClaimedFen = fixedCell(v, "claimed_fen", c)
	}
	if c := h.cell(cells, apInsurance); c != "" {
		in.InsurancePaidFen = fixedCell(v, "insurance_paid_fen", c)
	}
	dateCell(v, "applied_on", h.cell(cells, apApplied), &in.AppliedOn)
	dateCell(v, "paid_on", h.cell(cells, apPaid), &r.PaidOn)
	in.Payee = gonghui.Payee{Name: h.cell(cells, apPayee), Account: h.cell(cells, apAccount), Bank: h.cell(cells, apBank)}
	var err error
	if in.OrgID, err = e.res.org(ctx, h.cell(cells, apOrg)); addFieldErrors(v, err) != nil {
		return r, err
	}
	if in.ProgrammeID, err = e.res.programme(ctx, h.cell(cells, apProgramme)); addFieldErrors(v, err) != nil {
		return r, err
	}
	if in.AppliedOn.IsZero() {
		in.AppliedOn = r.PaidOn
	}
	return r, v.Err()
}

func prepareDonation(ctx context.Context, e *env, cells []string) (store.DonationInput, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	in := store.DonationInput{Donor: strings.TrimSpace(h.cell(cells, dnDonor)), Memo: h.cell(cells, dnMemo), IdempotencyKey: h.cell(cells, dnRef),
		AmountFen: fixedCell(v, "amount_fen", h.cell(cells, dnAmount))}
	in.Form = formCell(v, h.cell(cells, dnForm))
	dateCell(v, "posted_on", h.cell(cells, dnPosted), &in.PostedOn)
	if in.Donor == "" {
		v.Add("donor", "请填写捐赠方", "give the donor")
	}
	if in.AmountFen <= 0 {
		v.Add("amount_fen", "金额应为正数", "the amount must be positive")
	}
	if in.IdempotencyKey == "" {
		sum := sha256.Sum256([]byte(strings.Join(cells, "\x00")))
		in.IdempotencyKey = "import:" + hex.EncodeToString(sum[:12])
	} else {
		in.IdempotencyKey = "import:" + in.IdempotencyKey
	}
	var err error
	if in.ProgrammeID, err = e.res.programme(ctx, h.cell(cells, dnProgramme)); addFieldErrors(v, err) != nil {
		return in, err
	}
	return in, v.Err()
}

// paymentFields are the store's fields an assessment refuses a row by, as
// the template's columns.
var paymentFields = map[string]string{
	"person_id": "id_number", "household_file_id": "id_number", "duplicate": "id_number",
	"requested_fen": "amount_fen", "budget": "amount_fen",
}

// paymentColumnsWriter names the store's errors by the template's columns.
type paymentColumnsWriter struct{ *store.PaymentWriter }

func (w paymentColumnsWriter) Save(ctx context.Context, r store.ImportedPayment) (store.UpsertResult, error) {
	res, err := w.PaymentWriter.Save(ctx, r)
	var v *gonghui.ValidationError
	if !errors.As(err, &v) {
		return res, err
	}
	out := &gonghui.ValidationError{}
	for _, f := range slices.Sorted(maps.Keys(v.Fields)) {
		col := f
		if c, ok := paymentFields[f]; ok {
			col = c
		}
		out.Add(col, v.Fields[f].Zh, v.Fields[f].En)
	}
	return res, out
}
