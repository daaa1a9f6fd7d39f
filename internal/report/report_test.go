package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/report"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
	"gonghui/internal/tabular"
)

var ctx = context.Background()

var sys = gonghui.SystemActor("test")

func TestFormatCount(t *testing.T) {
	tests := []struct {
		n    float64
		want string
	}{
		{0, "0"}, {69, "69"}, {5129, "5129"}, {9999, "9999"}, {12.5, "12.5"},
		{10000, "1万"}, {13000, "1.3万"}, {54000, "5.4万"}, {87400, "8.74万"}, {87500, "8.75万"},
		{337000, "33.7万"}, {5860000, "586万"}, {4835000, "483.5万"}, {7175000, "717.5万"}, {7175001, "717.5万"},
		{12345, "1.23万"}, {99999999, "1亿"}, {126000000, "1.26亿"}, {1e12, "10000亿"},
		{-54000, "-5.4万"}, {-0.001, "0"},
	}
	for _, tc := range tests {
		if got := report.FormatCount(tc.n); got != tc.want {
			t.Errorf("FormatCount(%v) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	tests := []struct {
		p    float64
		want string
	}{
		{88, "88%"}, {98, "98%"}, {93.5, "93.5%"}, {93.6, "93.6%"}, {93.55, "93.6%"}, {87.96, "88%"},
		{0, "0%"}, {100, "100%"}, {33.33, "33.3%"}, {-0.01, "0%"},
	}
	for _, tc := range tests {
		if got := report.FormatPercent(tc.p); got != tc.want {
			t.Errorf("FormatPercent(%v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func FuzzFormat(f *testing.F) {
	for _, n := range []float64{0, 69, 5129, 54000, 7175000, 126000000, 93.5, 1e300, math.MaxFloat64, math.NaN(), math.Inf(1), -1} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n float64) {
		c, p := report.FormatCount(n), report.FormatPercent(n)
		if n >= 0 && !math.IsInf(n, 0) && (c == "" || p == "" || strings.Contains(c, "Inf") || strings.Contains(c, "NaN")) {
			t.Errorf("FormatCount(%v) = %q, FormatPercent = %q", n, c, p)
		}
	})
}

// city builds a small tree below the seeded federation: a street in
// Chaoyang with a grassroots union that reported 7,175,000 members in the
// census, a joint union with one real-name member holding a card, an
// industry union, two units and a regional contract covering both.
func city(t *testing.T) *store.Store {
	t.Helper()
	s := storetest.Open(t, store.SQLite)
	root, err := s.RootOrg(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	cy, err := s.GetOrgByCode(ctx, sys, "BJ05")
	if err != nil {
		t.Fatal(err)
	}
	storetest.FoundSeeded(t, s)
	org := func(in gonghui.OrgInput) gonghui.Org {
		in.FoundedOn = storetest.Founded
		o, err := s.CreateOrg(ctx, sys, in)
		if err != nil {
			t.Fatalf("org %s: %v", in.Name, err)
		}
		return o
	}
	reported := 7175000
	street := org(gonghui.OrgInput{Name: "建外街道总工会", Kind: gonghui.KindStreetFederation, ParentID: cy.ID, RegionCode: "110105001"})
	g1 := org(gonghui.OrgInput{Name: "示例科技有限公司工会", Kind: gonghui.KindGrassroots, ParentID: street.ID, ReportedMembers: &reported})
	joint := org(gonghui.OrgInput{Name: "建外小微企业联合工会", Kind: gonghui.KindJointGrassroots, ParentID: street.ID})
	org(gonghui.OrgInput{Name: "北京市建设工会", Kind: gonghui.KindIndustryUnion, ParentID: root.ID})
	big, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 1), Name: "甲公司", OrgID: g1.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 200})
	if err != nil {
		t.Fatal(err)
	}
	small, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 2), Name: "乙公司", OrgID: joint.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SaveMember(ctx, sys, gonghui.MemberInput{Name: "甲", IDNumber: storetest.CitizenID("110105", "19900101", 11), OrgID: joint.ID,
		JoinedOn: gonghui.NewDate(2016, 1, 1), CardNo: "K-0001"}); err != nil {
		t.Fatal(err)
	}
	k, err := s.CreateContract(ctx, sys, gonghui.ContractInput{OrgID: street.ID, Title: "2017年区域性集体合同", Kind: gonghui.ContractComprehensive,
		Level: gonghui.LevelRegional, TermStart: gonghui.NewDate(2017, 1, 1), TermEnd: gonghui.NewDate(2019, 12, 31), CoveredStaff: 210,
		UnitIDs: []int64{big.ID, small.ID}, Topics: []string{"wage_adjustment", "working_hours", "safety_health", "insurance_welfare"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		to gonghui.ContractStatus
		on gonghui.Date
	}{{gonghui.ContractSigned, gonghui.NewDate(2016, 12, 20)}, {gonghui.ContractFiled, gonghui.NewDate(2016, 12, 28)}, {gonghui.ContractEffective, gonghui.NewDate(2017, 1, 12)}} {
		if _, err := s.StepContract(ctx, sys, k.ID, gonghui.ContractStep{To: st.to, On: st.on}); err != nil {
			t.Fatalf("step %s: %v", st.to, err)
		}
	}
	return s
}

// paySubsidy pays the member of the city a technician's qualification
// subsidy on 2017-10-20.
func paySubsidy(t *testing.T, s *store.Store) {
	t.Helper()
	s.SetClock(func() time.Time { return time.Date(2017, 10, 20, 10, 0, 0, 0, gonghui.Shanghai) })
	defer s.SetClock(time.Now)
	root, err := s.RootOrg(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	ms, _, err := s.ListMembers(ctx, sys, gonghui.MemberFilter{Query: "K-0001"})
	if err != nil || len(ms) != 1 {
		t.Fatalf("the member: %v %v", ms, err)
	}
	m := ms[0]
	fund, err := s.CreateFund(ctx, sys, gonghui.FundInput{OrgID: root.ID, Name: "职工发展资金"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Allocate(ctx, sys, store.AllocationInput{FundID: fund.ID, AmountFen: 10_000_000, PostedOn: gonghui.NewDate(2017, 1, 3), Memo: "拨付"}); err != nil {
		t.Fatal(err)
	}
	std := gonghui.StandardProgrammes(root.ID, fund.ID, fund.ID)
	in := std[slices.IndexFunc(std, func(p gonghui.ProgrammeInput) bool { return p.Code == gonghui.ProgQualification })]
	in.Rules.Approval.Levels, in.Rules.NoticeDays = 1, 0
	p, err := s.CreateProgramme(ctx, sys, in)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.SaveCertificate(ctx, sys, 0, gonghui.CertificateInput{PersonID: m.PersonID, OrgID: m.OrgID, Number: "R1", Occupation: "电工",
		Level: gonghui.LevelTechnician, Issuer: "北京市职业技能鉴定管理中心", IssuedOn: gonghui.NewDate(2017, 6, 1)})
	if err != nil {
		t.Fatal(err)
	}
	app, err := s.FileApplication(ctx, sys, gonghui.ApplicationInput{ProgrammeID: p.ID, OrgID: m.OrgID, AppliedOn: gonghui.NewDate(2017, 9, 1),
		PersonID: m.PersonID, CertificateID: c.ID, Payee: gonghui.Payee{Account: "6222020200112233445"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DecideApplication(ctx, sys, app.ID, gonghui.Decision{Action: gonghui.AppActApprove}); err != nil {
		t.Fatal(err)
	}
}

func year(d gonghui.Date) int {
	y, _, _ := d.Parts()
	return y
}

func sentence(r report.Report, prefix string) (report.Sentence, bool) {
	for _, s := range r.Sentences {
		if strings.HasPrefix(s.Text, prefix) {
			return s, true
		}
	}
	return report.Sentence{}, false
}

func TestBuild(t *testing.T) {
	s := city(t)
	cy, _ := s.GetOrgByCode(ctx, sys, "BJ05")
	// The year's “两模一优”: awards of 2017 count, a revoked one and one of
	// 2016 do not.
	for i, h := range []struct {
		kind, team, person string
		on                 gonghui.Date
		revoked            bool
	}{
		{gonghui.HonourModelHome, "", "", gonghui.NewDate(2017, 4, 28), false},
		{gonghui.HonourModelHome, "", "", gonghui.NewDate(2016, 4, 28), false},
		{gonghui.HonourModelSmallHome, "一车间", "", gonghui.NewDate(2017, 4, 28), false},
		{gonghui.HonourModelSmallHome, "二车间", "", gonghui.NewDate(2017, 4, 28), true},
		{gonghui.HonourExcellentWorker, "", "李明", gonghui.NewDate(2017, 4, 28), false},
	} {
		in := gonghui.HonourInput{Kind: h.kind, Level: gonghui.HonourCity, Year: year(h.on), AwardedOn: h.on,
			Recipient: gonghui.HonourRecipient{OrgID: cy.ID, TeamName: h.team}}
		if h.person != "" {
			in.Recipient.PersonName, in.Recipient.IDNumber, in.Recipient.Category = h.person, storetest.CitizenID("110105", "19800101", 70+i), "cadre"
		}
		got, err := s.RegisterHonour(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		if h.revoked {
			if _, err := s.SetHonourStatus(ctx, sys, got.ID, gonghui.HonourStatusInput{Status: gonghui.HonourRevoked, On: gonghui.NewDate(2017, 6, 1), Reason: "撤销", Version: got.Version}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A hotline consultation and a walk-in request whose mediation settles.
	var mediation int64
	for _, in := range []gonghui.RightsIntakeInput{
		{OrgID: cy.ID, Channel: "hotline", Kind: gonghui.IntakeConsultation, ReceivedOn: gonghui.NewDate(2017, 3, 1), Summary: "咨询加班费"},
		{OrgID: cy.ID, Channel: "walk_in", Kind: gonghui.IntakeRequest, ReceivedOn: gonghui.NewDate(2017, 6, 1), CallerName: "赵建国", EmployerName: "某餐饮公司",
			Summary: "拖欠工资", CaseKind: gonghui.CaseMediation, Claims: []gonghui.RightsClaim{{Kind: gonghui.ClaimWages, AmountFen: 300_000}}},
	} {
		got, err := s.CreateRightsIntake(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		mediation = max(mediation, got.CaseID)
	}
	k, err := s.GetRightsCase(ctx, sys, mediation, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []gonghui.RightsStepInput{{Action: gonghui.RightsActAccept, On: gonghui.NewDate(2017, 6, 2)},
		{Action: gonghui.RightsActClose, On: gonghui.NewDate(2017, 6, 20), Outcome: gonghui.OutcomeSettled, RecoveredFen: 300_000}} {
		st.Version = k.Version
		if k, err = s.ActOnRightsCase(ctx, sys, mediation, st); err != nil {
			t.Fatal(err)
		}
	}
	// Its worker, called back, is satisfied.
	if _, err := s.RecordRightsCallback(ctx, sys, mediation, gonghui.RightsCallbackInput{On: gonghui.NewDate(2017, 6, 26), Reached: true,
		Satisfaction: gonghui.SatisfactionSatisfied}); err != nil {
		t.Fatal(err)
	}
	paySubsidy(t, s)
	r, err := report.Build(ctx, s, sys, 0, 2017, gonghui.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Org != "BJ" || r.OrgName != "北京市总工会" || r.Year != 2017 || r.Date != gonghui.NewDate(2017, 12, 31) {
		t.Errorf("report head: %q %q %d %v", r.Org, r.OrgName, r.Year, r.Date)
	}
	if len(r.Figures) != len(gonghui.Indicators) {
		t.Errorf("%d figures, want %d", len(r.Figures), len(gonghui.Indicators))
	}
	if f := r.Figures["members_total"]; f.Value != 7175001 || f.Text != "717.5万" || !f.Available {
		t.Errorf("members_total: %+v", f)
	}
	want := []struct {
		text string
		keys []string
	}{
		{"截至2017年底，全市已建工会组织21个，涵盖单位2家，会员总数717.5万人。", []string{"orgs_total", "units_covered", "members_total"}},
		{"全市已建产业（行业）工会和行业工会联合会1个。", []string{"industry_federations"}},
		{"截至2017年底，全市签订集体合同1份，覆盖企业2家。集体合同建制率达100%，百人以上已建工会组织企业建制率达100%。",
			[]string{"contracts_total", "contract_units_covered", "contract_rate", "contract_rate_100plus"}},
		{"截至2017年底，共有0家单位建立了职代会制度，建制率0%，0家集团型企业建立了集团型职代会制度；0家单位建立了厂务公开制度，建制率0%。",
			[]string{"congress_units", "congress_rate", "congress_group_type", "disclosure_units", "disclosure_rate"}},
		{"采集会员信息1条，办理工会会员互助服务卡1张。", []string{"members_realname", "cards_issued"}},
		{"2017年，“金秋助学”活动筹集助学款0元，资助困难职工和困难农民工子女0名。全市温暖基金全年帮扶救助职工0人，使用资金0元。“两节”期间全市工会系统筹集送温暖款物0元，慰问困难企业0家、困难职工家庭0户。",
			[]string{"assist_golden_autumn_raised_fen", "assist_golden_autumn_children", "assist_warmth_persons", "assist_warmth_paid_fen",
				"assist_festival_raised_fen", "assist_festival_enterprises", "assist_festival_households"}},
		{"2017年，全市“两模一优”评选表彰模范职工之家1个、模范职工小家1个、优秀工会工作者1名。",
			[]string{"honours_model_homes", "honours_model_small_homes", "honours_excellent_workers"}},
		{"2017年，全市工会接待职工来电来访2件次，其中12351热线1件次、法律咨询1件次；受理劳动争议调解案件1件，调解成功1件；受理法律援助案件0件；案件涉及职工1人，为职工挽回经济损失3000元；结案回访1件，回访满意率100%。",
			[]string{"rights_intakes", "rights_hotline_calls", "rights_consultations", "rights_accepted_mediation", "rights_mediation_settled",
				"rights_accepted_legal_aid", "rights_letters_opinion", "rights_letters_suggestion", "rights_workers", "rights_recovered_fen",
				"rights_callbacks", "rights_satisfaction_rate"}},
		{"2017年，全市“在职职工职业发展助推计划”为取得中高级职业资格1名职工发放助推金1000元。", []string{"subsidy_persons", "subsidy_paid_fen"}},
	}
	for _, w := range want {
		i := slices.IndexFunc(r.Sentences, func(s report.Sentence) bool { return s.Text == w.text })
		if i < 0 {
			t.Errorf("no sentence %q in\n%v", w.text, r.Sentences)
			continue
		}
		if !slices.Equal(r.Sentences[i].Keys, w.keys) {
			t.Errorf("%q quotes %v, want %v", w.text, r.Sentences[i].Keys, w.keys)
		}
	}
	// Every module of the report is built: no sentence says one is missing.
	for _, s := range r.Sentences {
		if strings.HasSuffix(s.Text, "：该模块尚未建立，暂无数据。") {
			t.Errorf("a module is said to be missing: %q", s.Text)
		}
	}

	// A district's subtree on another day is worded with its name and date.
	viewer := gonghui.Actor{UserID: 999, Username: "tester", Role: gonghui.RoleViewer, OrgID: cy.ID, Path: cy.Path}
	d, err := report.Build(ctx, s, viewer, 0, 2017, gonghui.NewDate(2017, 9, 30))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sentence(d, "截至2017年9月30日，"+cy.Name+"已建工会组织4个，涵盖单位2家，会员总数717.5万人。"); !ok || d.Org != "BJ05" {
		t.Errorf("Chaoyang: %v", d.Sentences)
	}
	if _, err := report.Build(ctx, s, viewer, 1, 2017, gonghui.Date{}); err == nil {
		t.Error("a district read the city's figures")
	}
	if _, err := report.Build(ctx, s, sys, 0, 0, gonghui.Date{}); err == nil {
		t.Error("year 0 accepted")
	}
}

func TestTemplates(t *testing.T) {
	if !strings.HasPrefix(report.DefaultTemplate(), "{{- /*") {
		t.Error("the default template does not start with its explanatory comment")
	}
	s := city(t)
	own, err := report.ParseTemplate("own.tmpl", "{{.Year}}年{{.OrgName}}：{{text \"contract_rate\"}}，{{raw \"members_total\"}}人。\n\n{{if has \"orgs_total\"}}有组织{{end}}\n")
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.BuildWith(ctx, s, sys, 0, 2017, gonghui.Date{}, own)
	if err != nil {
		t.Fatal(err)
	}
	want := []report.Sentence{{Text: "2017年北京市总工会：100%，7175001人。", Keys: []string{"contract_rate", "members_total"}}, {Text: "有组织"}}
	if !reflect.DeepEqual(r.Sentences, want) {
		t.Errorf("sentences %+v", r.Sentences)
	}
	typo, err := report.ParseTemplate("typo.tmpl", `{{count "orgs_totl"}}`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := report.BuildWith(ctx, s, sys, 0, 2017, gonghui.Date{}, typo); err == nil || !strings.Contains(err.Error(), "orgs_totl") {
		t.Errorf("typo: %v", err)
	}
	if _, err := report.ParseTemplate("bad.tmpl", `{{count "orgs_total"`); err == nil {
		t.Error("unclosed action parsed")
	}

	// A figure the statistics lack reads 暂无数据 wherever it is quoted.
	r = report.New(store.Stats{Org: "BJ", Date: gonghui.NewDate(2017, 12, 31), Indicators: map[string]float64{"orgs_total": 54000}}, "北京市总工会", 2017)
	if err := r.Render(nil, true); err != nil {
		t.Fatal(err)
	}
	if f := r.Figures["congress_rate"]; f.Available || f.Text != report.Unavailable {
		t.Errorf("congress_rate: %+v", f)
	}
	if s, ok := sentence(r, "截至2017年底，全市已建工会组织5.4万个，涵盖单位暂无数据家"); !ok {
		t.Errorf("sentences: %v (%v)", r.Sentences, s)
	}

	// Amounts kept in fen are written in yuan, by the figure and by yuan.
	r = report.New(store.Stats{Org: "BJ", Date: gonghui.NewDate(2017, 12, 31), Indicators: map[string]float64{
		"assist_golden_autumn_raised_fen": 960_600_000, "assist_festival_raised_fen": 12_600_000_000}}, "北京市总工会", 2017)
	if err := r.Render(nil, true); err != nil {
		t.Fatal(err)
	}
	if f := r.Figures["assist_golden_autumn_raised_fen"]; f.Text != "960.6万" {
		t.Errorf("960,600,000 fen reads %q", f.Text)
	}
	if _, ok := sentence(r, "2017年，“金秋助学”活动筹集助学款960.6万元"); !ok {
		t.Errorf("sentences: %v", r.Sentences)
	}
	if s, _ := sentence(r, "2017年，“金秋助学”"); !strings.Contains(s.Text, "筹集送温暖款物1.26亿元") {
		t.Errorf("festival raised: %q", s.Text)
	}
}

func TestWriters(t *testing.T) {
	s := city(t)
	r, err := report.Build(ctx, s, sys, 0, 2017, gonghui.Date{})
	if err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var back report.Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, r) {
		t.Errorf("JSON round trip:\n%+v\n%+v", back, r)
	}
	var raw struct {
		Org     string                     `json:"org"`
		Year    int                        `json:"year"`
		Date    string                     `json:"date"`
		Figures map[string]json.RawMessage `json:"figures"`
	}
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil || raw.Org != "BJ" || raw.Year != 2017 || raw.Date != "2017-12-31" ||
		string(raw.Figures["contract_rate"]) == "" || !strings.Contains(string(raw.Figures["members_total"]), `"text": "717.5万"`) {
		t.Errorf("JSON shape: %+v %v", raw, err)
	}

	buf.Reset()
	if err := report.WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"<!DOCTYPE html>", "<h1>2017年工作报告数据 · 北京市总工会（BJ）</h1>", "<p>截至2017年底，全市已建工会组织21个",
		"<tr data-indicator=\"members_total\"><td>会员总数</td><td class=\"num\">717.5万</td><td class=\"num\">7175001</td>", "“金秋助学”活动筹集助学款", "</html>"} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, in := range gonghui.Indicators {
		// Every figure has its row, named in words: no key shows.
		if !strings.Contains(page, `<tr data-indicator="`+in.Key+`"><td>`+in.Name.Zh+"</td>") || strings.Contains(page, "<td>"+in.Key+"</td>") {
			t.Errorf("HTML table lacks %s by its name", in.Key)
		}
	}

	buf.Reset()
	if err := report.WriteXLSX(&buf, r); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	rd, err := tabular.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var rows [][]string
	for {
		row, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row.Cells)
	}
	if len(rows) != 1+len(gonghui.Indicators) || !slices.Equal(rows[0], report.XLSXHeader) {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	for i, in := range gonghui.Indicators {
		if rows[i+1][0] != in.Key {
			t.Errorf("row %d: %v, want %s", i+2, rows[i+1], in.Key)
		}
	}
	if got := rows[1+slices.IndexFunc(gonghui.Indicators, func(in gonghui.Indicator) bool { return in.Key == "members_total" })]; !slices.Equal(got, []string{"members_total", "会员总数", "7175001", "717.5万", "人"}) {
		t.Errorf("members_total row: %v", got)
	}
}

// The year's innovation: a selection of 2017 counts, one of 2016 does
// not; city-level studios named in the year; pairs started in it.
func TestInnovationSentence(t *testing.T) {
	s := city(t)
	cy, _ := s.GetOrgByCode(ctx, sys, "BJ05")
	var people []int64
	for i, name := range []string{"师傅", "徒弟"} {
		m, _, err := s.SaveMember(ctx, sys, gonghui.MemberInput{Name: name, IDNumber: storetest.CitizenID("110105", "19800101", 80+i), OrgID: cy.ID, JoinedOn: gonghui.NewDate(2016, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, m.PersonID)
	}
	w, err := s.NewAchievementWriter(ctx, sys, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, on := range []gonghui.Date{gonghui.NewDate(2017, 4, 27), gonghui.NewDate(2017, 5, 1), gonghui.NewDate(2016, 4, 27)} {
		in := gonghui.AchievementInput{Title: "成果" + strconv.Itoa(i), Kind: "invention", Year: year(on), OrgID: cy.ID, SelectedOn: on,
			Team: []gonghui.TeamMemberInput{{PersonID: people[0], Role: "lead"}}}
		if _, err := w.Save(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	for i, level := range []string{"city", "district"} {
		if _, err := s.CreateStudio(ctx, sys, gonghui.StudioInput{Name: "工作室" + strconv.Itoa(i), Kind: "craftsman", Level: level, OrgID: cy.ID, HostUnit: "甲公司",
			Leader: gonghui.PersonRef{PersonID: people[0]}, FoundedOn: gonghui.NewDate(2015, 1, 1), RecognisedOn: gonghui.NewDate(2017, 4, 27)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateMentorPair(ctx, sys, gonghui.MentorPairInput{OrgID: cy.ID, Mentor: gonghui.PersonRef{PersonID: people[0]}, Apprentice: gonghui.PersonRef{PersonID: people[1]},
		From: gonghui.NewDate(2017, 3, 1), To: gonghui.NewDate(2019, 2, 28), Goals: "取得技师资格"}); err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(ctx, s, sys, 0, 2017, gonghui.Date{})
	if err != nil {
		t.Fatal(err)
	}
	want := "2017年，全市“在职职工创新发展助推计划”评选出2项优秀成果，新评选出1家市级创新工作室及1对“名师带徒”。"
	if got, ok := sentence(r, "2017年，全市“在职职工创新发展"); !ok || got.Text != want ||
		!slices.Equal(got.Keys, []string{"innovation_achievements_selected", "innovation_studios_city", "mentor_pairs"}) {
		t.Errorf("the innovation sentence: %+v, want %q", got, want)
	}
}

// The year's competitions: events begun in 2017 and their entrants, one
// of 2016 left out; bouts and the talent pool said only when there are.
func TestCompetitionSentence(t *testing.T) {
	s := city(t)
	cy, _ := s.GetOrgByCode(ctx, sys, "BJ05")
	final := []gonghui.RoundPlan{{Stage: "final", Scorers: 1}}
	var trades []int64
	for i, on := range []gonghui.Date{gonghui.NewDate(2017, 4, 10), gonghui.NewDate(2017, 6, 1), gonghui.NewDate(2016, 6, 1)} {
		kind := "skill"
		if i == 0 {
			kind = gonghui.CompetitionCraftsman
		}
		x, err := s.CreateCompetition(ctx, sys, gonghui.CompetitionInput{OrgID: cy.ID, Kind: kind, Year: year(on), Level: "district", Title: "竞赛" + strconv.Itoa(i),
			HeldFrom: on, HeldTo: on.AddDays(10), Trades: []gonghui.TradeInput{{Name: "焊工", Rounds: final}}})
		if err != nil {
			t.Fatal(err)
		}
		trades = append(trades, x.Trades[0].ID)
	}
	for i, tr := range trades {
		if _, err := s.EnterContestant(ctx, sys, gonghui.EntrantInput{TradeID: tr, Outsider: true, Name: "选手", IDNumber: storetest.CitizenID("110105", "19800101", 90+i)}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := report.Build(ctx, s, sys, 0, 2017, gonghui.Date{})
	if err != nil {
		t.Fatal(err)
	}
	want := "2017年，全市广泛开展劳动和技能竞赛2项，其中举办北京大工匠挑战赛1项，参赛职工2人次。"
	if got, ok := sentence(r, "2017年，全市广泛开展劳动和技能竞赛"); !ok || got.Text != want ||
		!slices.Equal(got.Keys, []string{"competitions_held", "competitions_craftsman", "competition_entrants", "competition_bouts", "talent_pool"}) {
		t.Errorf("the competitions sentence: %+v, want %q", got, want)
	}
}
