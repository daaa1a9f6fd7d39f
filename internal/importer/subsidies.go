package importer

import (
	"context"
	"strings"

	"gonghui"
	"gonghui/internal/store"
)

// Columns of the certificates template.
const (
	ceID = iota
	ceOrg
	ceNumber
	ceOccupation
	ceLevel
	ceIssuer
	ceIssued
)

var certificateColumns = []column{
	ceID:         {header: "公民身份号码", aliases: []string{"身份证号", "身份证号码", "id_number"}, field: "id_number", required: true, note: "持证人须在会员名册中 / the holder is a person of the register"},
	ceOrg:        {header: "登记工会", aliases: []string{"工会", "工会代码", "org"}, field: "org_id", required: true, example: "GH000123"},
	ceNumber:     {header: "证书编号", aliases: []string{"编号", "number"}, field: "number", required: true, example: "1711000000300123"},
	ceOccupation: {header: "职业（工种）", aliases: []string{"职业", "工种", "occupation"}, field: "occupation", required: true, example: "电工"},
	ceLevel:      {header: "等级", aliases: []string{"证书等级", "职业资格等级", "level"}, field: "level", required: true, example: "技师", choices: choiceNames(gonghui.CertificateLevels)},
	ceIssuer:     {header: "发证机关", aliases: []string{"发证机构", "issuer"}, field: "issuer", required: true, example: "北京市职业技能鉴定管理中心"},
	ceIssued:     {header: "发证日期", aliases: []string{"取证日期", "issued_on"}, field: "issued_on", required: true, example: "2017-06-01"},
}

// Certificates imports the register's qualification certificates; one
// on record as the row gives it is left alone.
var Certificates Job = &kind[store.CertificateRow]{
	name:      "certificates",
	table:     "certificates",
	columns:   certificateColumns,
	orgColumn: ceOrg,
	prepare: func(ctx context.Context, e *env, cells []string) (store.CertificateRow, error) {
		v := &gonghui.ValidationError{}
		row := store.CertificateRow{IDNumber: e.h.cell(cells, ceID), CertificateInput: gonghui.CertificateInput{Number: e.h.cell(cells, ceNumber),
			Occupation: e.h.cell(cells, ceOccupation), Issuer: e.h.cell(cells, ceIssuer)}}
		row.Level = choiceCell(v, "level", gonghui.CertificateLevels, e.h.cell(cells, ceLevel))
		dateCell(v, "issued_on", e.h.cell(cells, ceIssued), &row.IssuedOn)
		var err error
		if row.OrgID, err = e.res.org(ctx, e.h.cell(cells, ceOrg)); addFieldErrors(v, err) != nil {
			return row, err
		}
		row.Normalize()
		return row, v.Err()
	},
	identity:  func(r store.CertificateRow) string { return r.Issuer + "\x00" + r.Number },
	duplicate: sameAs("number", "与第%d行是同一发证机关的同一编号", "the same issuing body and number as line %d"),
	newWriter: writerOf[store.CertificateRow]((*store.Store).NewCertificateWriter),
}

// Columns of the paid subsidies template.
const (
	suProgramme = iota
	suOrg
	suID
	suIssuer
	suNumber
	suApplied
	suPaid
	suBank
	suAccount
)

var subsidyColumns = []column{
	suProgramme: {header: "项目代码", aliases: []string{"项目", "programme_code"}, field: "programme_code", required: true, example: gonghui.ProgQualification},
	suOrg:       {header: "申请工会", aliases: []string{"工会", "工会代码", "org"}, field: "org_id", required: true, example: "GH000123"},
	suID:        {header: "公民身份号码", aliases: []string{"身份证号", "身份证号码", "id_number"}, field: "id_number", required: true},
	suIssuer:    {header: "发证机关", aliases: []string{"发证机构", "issuer"}, field: "certificate_id", required: true, example: "北京市职业技能鉴定管理中心"},
	suNumber:    {header: "证书编号", aliases: []string{"编号", "number"}, field: "certificate_id", required: true, example: "1711000000300123"},
	suApplied:   {header: "申请日期", aliases: []string{"applied_on"}, field: "applied_on", required: true, example: "2017-05-10"},
	suPaid:      {header: "发放日期", aliases: []string{"paid_on"}, field: "paid_on", required: true, example: "2017-06-20"},
	suBank:      {header: "收款银行", aliases: []string{"开户行", "payee.bank"}, field: "payee.bank", example: "工商银行"},
	suAccount:   {header: "收款账号", aliases: []string{"银行卡号", "payee.account"}, field: "payee.account", required: true, example: "6222020200112233445"},
}

// Subsidies imports qualification subsidies paid before gonghui kept
// them: each is checked by the programme's rules, approved in one
// recorded step and paid on its day; one whose certificate is paid
// already is left alone.
var Subsidies Job = &kind[store.SubsidyRow]{
	name:      "subsidies",
	table:     "applications",
	columns:   subsidyColumns,
	orgColumn: suOrg,
	note:      "须先开设助推金项目（gonghui programmes seed）并为其资金拨款 / open the subsidy programme (gonghui programmes seed) and fund it first",
	prepare: func(ctx context.Context, e *env, cells []string) (store.SubsidyRow, error) {
		v := &gonghui.ValidationError{}
		// The certificate is named as the certificates import keeps it.
		cert := gonghui.CertificateInput{Issuer: e.h.cell(cells, suIssuer), Number: e.h.cell(cells, suNumber)}
		cert.Normalize()
		row := store.SubsidyRow{ProgrammeCode: strings.ToUpper(e.h.cell(cells, suProgramme)), IDNumber: e.h.cell(cells, suID), Issuer: cert.Issuer, Number: cert.Number}
		row.Payee = gonghui.Payee{Bank: e.h.cell(cells, suBank), Account: e.h.cell(cells, suAccount)}
		dateCell(v, "applied_on", e.h.cell(cells, suApplied), &row.AppliedOn)
		dateCell(v, "paid_on", e.h.cell(cells, suPaid), &row.PaidOn)
		var err error
		if row.OrgID, err = e.res.org(ctx, e.h.cell(cells, suOrg)); addFieldErrors(v, err) != nil {
			return row, err
		}
		row.Normalize()
		return row, v.Err()
	},
	identity:  func(r store.SubsidyRow) string { return r.Issuer + "\x00" + r.Number },
	duplicate: sameAs("certificate_id", "与第%d行是同一证书", "the same certificate as line %d"),
	newWriter: writerOf[store.SubsidyRow]((*store.Store).NewSubsidyWriter),
}

func init() { register(95, Certificates, Subsidies) }
