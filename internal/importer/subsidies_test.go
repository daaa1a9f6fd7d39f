package importer_test

import (
	"slices"
	"strconv"
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

const issuer = "北京市职业技能鉴定管理中心"

// certified is a member of the fixture's union with a service card since
// 2017-03-01.
func certified(t *testing.T, f fixture, name string, n int) string {
	t.Helper()
	id := storetest.CitizenID("110105", "19860101", n)
	if _, _, err := f.st.SaveMember(ctx, gonghui.SystemActor("t"), gonghui.MemberInput{Name: name, IDNumber: id, OrgID: f.union.ID,
		JoinedOn: gonghui.NewDate(2017, 3, 1), CardNo: "ZTJ-" + strconv.Itoa(n)}); err != nil {
		t.Fatal(err)
	}
	return id
}

func init() {
	certHeader := []string{"公民身份号码", "登记工会", "证书编号", "职业（工种）", "等级", "发证机关", "发证日期"}
	structureCases = append(structureCases, structureCase{
		name: "certificates", job: importer.Certificates, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			a, b := certified(t, f, "甲", 81), certified(t, f, "乙", 82)
			sys := gonghui.SystemActor("t")
			m, _, err := f.st.ListMembers(ctx, sys, gonghui.MemberFilter{Query: f.activeElse})
			if err != nil || len(m) != 1 {
				t.Fatalf("the Haidian member: %v %v", m, err)
			}
			if _, err := f.st.SaveCertificate(ctx, sys, 0, gonghui.CertificateInput{PersonID: m[0].PersonID, OrgID: f.hd.ID, Number: "TAKEN", Occupation: "焊工",
				Level: gonghui.LevelTechnician, Issuer: issuer, IssuedOn: gonghui.NewDate(2016, 5, 1)}); err != nil {
				t.Fatal(err)
			}
			return [][]string{certHeader,
				{a, "CY-1", "1711 0001", "电工", "技师", issuer, "2017-06-01"},
				{b, "CY-1", "1711-0002", "焊工", "senior_worker", issuer, "2017年6月1日"},
				{a, "CY-1", "17110001", "电工", "技师", issuer, "2017-06-02"}, // the same number as line 2
				{a, "CY-1", "1711-0003", "电工", "宗师", issuer, "2017-06-01"},
				{storetest.CitizenID("110105", "19700101", 9), "CY-1", "1711-0004", "电工", "技师", issuer, "2017-06-01"},
				{a, "CY-1", "1711-0005", "电工", "技师", issuer, "明天"},
				{b, "CY-1", "taken", "电工", "技师", issuer, "2017-06-01"},
				{b, "HD-1", "1711-0006", "电工", "技师", issuer, "2017-06-01"},
			}
		},
		refused:  map[int]string{4: "证书编号", 5: "等级", 6: "公民身份号码", 7: "发证日期", 8: "证书编号", 9: "登记工会"},
		inserted: 2,
		check: func(t *testing.T, f fixture) {
			list, n, err := f.st.ListCertificates(ctx, f.cadre, store.CertificateFilter{})
			if err != nil || n != 2 || list[0].Number != "1711-0002" && list[1].Number != "1711-0002" {
				t.Errorf("certificates: %d %+v %v", n, list, err)
			}
		},
	})

	subsidyHeader := []string{"项目代码", "申请工会", "公民身份号码", "发证机关", "证书编号", "申请日期", "发放日期", "收款银行", "收款账号"}
	structureCases = append(structureCases, structureCase{
		name: "subsidies", job: importer.Subsidies, enc: "utf-8",
		rows: func(t *testing.T, f fixture) [][]string {
			sys := gonghui.SystemActor("t")
			cy, err := f.st.GetOrgByCode(ctx, sys, "BJ05")
			if err != nil {
				t.Fatal(err)
			}
			fund, err := f.st.CreateFund(ctx, sys, gonghui.FundInput{OrgID: cy.ID, Name: "朝阳区助推金"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.st.Allocate(ctx, sys, store.AllocationInput{FundID: fund.ID, AmountFen: 10_000_000, PostedOn: gonghui.NewDate(2017, 1, 3), Memo: "拨付"}); err != nil {
				t.Fatal(err)
			}
			std := gonghui.StandardProgrammes(cy.ID, fund.ID, fund.ID)
			in := std[slices.IndexFunc(std, func(p gonghui.ProgrammeInput) bool { return p.Code == gonghui.ProgQualification })]
			in.Code = "CY-ZTJ"
			if _, err := f.st.CreateProgramme(ctx, sys, in); err != nil {
				t.Fatal(err)
			}
			ids := map[string]string{}
			for i, name := range []string{"甲", "乙", "丙", "丁"} {
				ids[name] = certified(t, f, name, 91+i)
				m, _, err := f.st.ListMembers(ctx, sys, gonghui.MemberFilter{Query: ids[name]})
				if err != nil || len(m) != 1 {
					t.Fatal(err)
				}
				level := []string{gonghui.LevelSeniorTechnician, gonghui.LevelTechnician, gonghui.LevelJunior, gonghui.LevelIntermediate}[i]
				if _, err := f.st.SaveCertificate(ctx, sys, 0, gonghui.CertificateInput{PersonID: m[0].PersonID, OrgID: f.union.ID, Number: "Z" + name,
					Occupation: "电工", Level: level, Issuer: issuer, IssuedOn: gonghui.NewDate(2017, 6, 1)}); err != nil {
					t.Fatal(err)
				}
			}
			row := func(prog, name, number, applied, paid string) []string {
				return []string{prog, "CY-1", ids[name], issuer, number, applied, paid, "工商银行", "6222020200112233445"}
			}
			return [][]string{subsidyHeader,
				row("CY-ZTJ", "甲", "Z甲", "2017-07-01", "2017-07-20"),
				row("cy-ztj", "乙", "Z乙", "2017-07-01", "2017年7月20日"),
				row("CY-ZTJ", "甲", "Z甲", "2017-07-02", "2017-07-21"), // the certificate of line 2
				row("JQZX", "丁", "Z无", "2017-07-01", "2017-07-20"),
				row("CY-ZTJ", "丁", "Z丁", "2017-07-01", "2017-07-03"), // on notice
				row("CY-ZTJ", "丙", "Z丙", "2017-07-01", "2017-07-20"), // a junior certificate
				row("CY-ZTJ", "丁", "Z甲", "2017-07-01", "2017-07-20"), // another's certificate
			}
		},
		refused:  map[int]string{4: "发证机关", 5: "项目代码", 6: "发放日期", 7: "发证机关", 8: "发证机关"},
		inserted: 2,
		check: func(t *testing.T, f fixture) {
			st, err := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2017, 12, 31))
			if err != nil || st.Indicators["subsidy_persons"] != 2 || st.Indicators["subsidy_paid_fen"] != 300_000 {
				t.Errorf("figures %v %v", st.Indicators, err)
			}
			if next, _ := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2018, 1, 1)); next.Indicators["subsidy_persons"] != 0 {
				t.Errorf("2018 counts %v", next.Indicators["subsidy_persons"])
			}
		},
	})
}
