// Package demo loads a small, synthetic slice of the city into an empty
// gonghui database, so that a newcomer can click through real-looking
// unions, units and accounts. Every name and code in it is invented; USCCs
// are synthetic with valid check characters. Its records are dated from
// the day it is loaded, so the first dashboard shows a working federation
// on that day: contracts in force (a few about to expire), congresses that
// sat this year, members who joined last month, the current census year's
// returns opened. The 2017 figures are gonghui gen's, not the demo's.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"gonghui"
	"gonghui/idcard"
	"gonghui/internal/store"
	"gonghui/refdata"
	"gonghui/uscc"
)

// Password is the password of every demo account.
const Password = "demo-password-2017"

// Account describes a demo login.
type Account struct {
	Username string
	Note     string
}

// Accounts are the demo logins Load creates.
var Accounts = []Account{
	{"cy-admin", "admin of 朝阳区总工会 (Chaoyang district union)"},
	{"cy-cadre", "cadre of 朝阳区总工会"},
	{"hd-cadre", "cadre of 海淀区总工会 (Haidian district union)"},
	{"city-auditor", "auditor of 北京市总工会 (whole city)"},
	{"city-viewer", "viewer of 北京市总工会"},
}

var districts = []string{"110101", "110105", "110108"} // 东城, 朝阳, 海淀

var (
	companyPrefixes = []string{"京华", "北辰", "燕山", "长安", "朝晖", "中关", "国贸", "望京", "金融街", "永定", "西山", "东方"}
	companyTrades   = []string{"科技", "物流", "餐饮", "建筑工程", "商贸", "信息技术", "物业管理", "医药", "文化传媒", "汽车服务"}
	companyForms    = []string{"有限公司", "股份有限公司", "有限责任公司"}
	divisions       = []string{"39", "54", "62", "47", "51", "65", "70", "27", "86", "81"}
	ownerships      = []gonghui.Ownership{gonghui.OwnershipPrivate, gonghui.OwnershipPrivate, gonghui.OwnershipPrivate, gonghui.OwnershipState, gonghui.OwnershipForeign, gonghui.OwnershipCollective, gonghui.OwnershipHKMT}
)

// marker is the code of the first demo org: its presence means the demo
// data is already loaded.
const marker = "DEMO-IND-1"

// Load adds the demo data unless it is there already, dated from today
// (the store's today: its clock refuses records dated later), and returns
// how many records it created.
func Load(ctx context.Context, st *store.Store, today gonghui.Date) (int, error) {
	a := gonghui.SystemActor("demo")
	if _, err := st.GetOrgByCode(ctx, a, marker); err == nil {
		return 0, nil
	} else if !errors.Is(err, gonghui.ErrNotFound) {
		return 0, err
	}
	l := &loader{st: st, a: a, rng: rand.New(rand.NewPCG(2017, 1)), today: today}
	err := l.load(ctx)
	return l.n, err
}

// loader carries what the demo's records are made with, and counts them.
type loader struct {
	st    *store.Store
	a     gonghui.Actor
	rng   *rand.Rand
	today gonghui.Date
	seq   int // numbers the demo people
	n     int
	// signedToFile: one contract is left signed, to be filed within days.
	signedToFile bool
}

// daysAgo is a day n days before today.
func (l *loader) daysAgo(n int) gonghui.Date { return l.today.AddDays(-n) }

// yearsAgo is a day about y years before today, a random day of that year
// back.
func (l *loader) yearsAgo(y int) gonghui.Date { return l.daysAgo(y*365 + l.rng.IntN(365)) }

func (l *loader) load(ctx context.Context) error {
	st, a, rng := l.st, l.a, l.rng
	root, err := st.RootOrg(ctx, a)
	if err != nil {
		return err
	}
	_, err = st.CreateOrg(ctx, a, gonghui.OrgInput{Code: marker, Name: "北京市信息产业工会（示例）", Kind: gonghui.KindIndustryUnion, ParentID: root.ID,
		RegionCode: "11", IndustryCode: "I", FoundedOn: l.yearsAgo(25)})
	if err != nil {
		return err
	}
	l.n++
	byDistrict := map[string]gonghui.Org{}
	var unions []gonghui.Org // the grassroots unions, which open their census returns
	streets := refdata.BeijingStreets()
	for _, dc := range districts {
		dist, err := st.GetOrgByCode(ctx, a, store.CityFederationCode+dc[4:])
		if err != nil {
			return err
		}
		byDistrict[dc] = dist
		k := 0
		for _, s := range streets {
			if s.ParentCode != dc || k == 3 {
				continue
			}
			k++
			street, err := st.CreateOrg(ctx, a, gonghui.OrgInput{Name: s.Name + "总工会", Kind: gonghui.KindStreetFederation, ParentID: dist.ID,
				RegionCode: s.Code, FoundedOn: l.yearsAgo(20)})
			if err != nil {
				return err
			}
			l.n++
			for g := 0; g < 4; g++ {
				kind := gonghui.KindGrassroots
				units := 1 + rng.IntN(2)
				if g == 3 {
					kind, units = gonghui.KindJointGrassroots, 5+rng.IntN(4)
				}
				name := companyName(rng)
				orgName := name + "工会委员会"
				if kind == gonghui.KindJointGrassroots {
					orgName = s.Name + "小微企业联合工会委员会"
				}
				// Founded before any of its members joined (at most 12 years back).
				g, err := st.CreateOrg(ctx, a, gonghui.OrgInput{Name: orgName, Kind: kind, ParentID: street.ID, RegionCode: s.Code,
					USCC: syntheticUSCC(rng, "81", dc), FoundedOn: l.yearsAgo(13 + rng.IntN(5))})
				if err != nil {
					return fmt.Errorf("%s: %w", orgName, err)
				}
				l.n++
				unions = append(unions, g)
				var unitIDs []int64
				if err := l.addMembers(ctx, g, dc, 4+rng.IntN(12)); err != nil {
					return fmt.Errorf("members of %s: %w", orgName, err)
				}
				for u := 0; u < units; u++ {
					if u > 0 || kind == gonghui.KindJointGrassroots {
						name = companyName(rng)
					}
					staff := 5 + rng.IntN(60)
					if kind == gonghui.KindGrassroots {
						staff = 80 + rng.IntN(1500)
					}
					unit, err := st.CreateUnit(ctx, a, gonghui.UnitInput{USCC: syntheticUSCC(rng, "91", dc), Name: name, OrgID: g.ID,
						Ownership: ownerships[rng.IntN(len(ownerships))], StaffCount: staff, RegionCode: s.Code, IndustryCode: divisions[rng.IntN(len(divisions))]})
					if err != nil {
						return fmt.Errorf("unit %s: %w", name, err)
					}
					l.n++
					unitIDs = append(unitIDs, unit.ID)
					if kind == gonghui.KindGrassroots {
						if err := l.addDemocracy(ctx, g, unit); err != nil {
							return fmt.Errorf("democratic management of %s: %w", name, err)
						}
					}
				}
				if kind == gonghui.KindJointGrassroots && rng.IntN(10) < 8 {
					// The joint union's small firms share a regional contract.
					start := l.daysAgo(100 + rng.IntN(600))
					if err := l.contractInForce(ctx, gonghui.ContractInput{OrgID: g.ID, Title: s.Name + "区域性集体合同",
						Kind: gonghui.ContractComprehensive, Level: gonghui.LevelRegional, UnitIDs: unitIDs,
						TermStart: start, TermEnd: threeYears(start),
						Topics: []string{"wage_adjustment", "working_hours", "safety_health", "insurance_welfare"}}); err != nil {
						return err
					}
				}
			}
		}
	}
	// This census year's returns, opened as drafts from the records.
	year := gonghui.CensusYearOn(l.today)
	for _, g := range unions {
		if _, err := st.OpenCensus(ctx, a, g.ID, year); err != nil {
			return fmt.Errorf("census return of %s: %w", g.Name, err)
		}
		l.n++
	}
	users := []gonghui.UserInput{
		{Username: "cy-admin", DisplayName: "朝阳管理员", OrgID: byDistrict["110105"].ID, Role: gonghui.RoleAdmin},
		{Username: "cy-cadre", DisplayName: "朝阳干部", OrgID: byDistrict["110105"].ID, Role: gonghui.RoleCadre},
		{Username: "hd-cadre", DisplayName: "海淀干部", OrgID: byDistrict["110108"].ID, Role: gonghui.RoleCadre},
		{Username: "city-auditor", DisplayName: "市总审计", OrgID: root.ID, Role: gonghui.RoleAuditor},
		{Username: "city-viewer", DisplayName: "市总查看", OrgID: root.ID, Role: gonghui.RoleViewer},
	}
	for _, u := range users {
		u.Password = Password
		if _, err := st.CreateUser(ctx, a, u); err != nil {
			return err
		}
		l.n++
	}
	return nil
}

// threeYears is the last day of a three-year term from start.
func threeYears(start gonghui.Date) gonghui.Date {
	y, m, d := start.Parts()
	return gonghui.NewDate(y+3, m, d).AddDays(-1)
}

var (
	surnames = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国春红宇晨浩然欣怡子涵梓轩思雨")
)

// addMembers registers n synthetic members in a union, most with a
// service card, and records a census figure a little above the register
// (so the real-name rate is below 100%, as in life). Members are 22 to 59
// years old and joined at 18 or later, within the last twelve years; one
// in eight joined last month.
func (l *loader) addMembers(ctx context.Context, g gonghui.Org, district string, n int) error {
	rng := l.rng
	ty, tm, _ := l.today.Parts()
	lastMonth := gonghui.NewDate(ty, tm-1, 1)
	for i := 0; i < n; i++ {
		l.seq++
		age := 22 + rng.IntN(38)
		birth := fmt.Sprintf("%04d%02d%02d", ty-age, 1+rng.IntN(12), 1+rng.IntN(28))
		body := fmt.Sprintf("%s%s%03d", district, birth, l.seq%1000)
		name := string(surnames[rng.IntN(len(surnames))]) + string(given[rng.IntN(len(given))])
		if rng.IntN(2) == 0 {
			name += string(given[rng.IntN(len(given))])
		}
		joined := l.daysAgo(60 + rng.IntN(min(12, age-19)*365))
		if rng.IntN(8) == 0 {
			joined = lastMonth.AddDays(rng.IntN(28))
		}
		in := gonghui.MemberInput{Name: name, IDNumber: body + string(idcard.Checksum(body)), OrgID: g.ID,
			Phone:     fmt.Sprintf("13%09d", 100000000+l.seq),
			Education: gonghui.Educations[rng.IntN(len(gonghui.Educations))].Key, Ethnicity: "汉族",
			Employment: gonghui.Employments[rng.IntN(len(gonghui.Employments))].Key,
			JoinedOn:   joined}
		if rng.IntN(10) < 7 {
			in.CardNo = fmt.Sprintf("BJ%08d", l.seq)
		}
		if _, _, err := l.st.SaveMember(ctx, l.a, in); err != nil {
			return err
		}
		l.n++
	}
	reported := n + rng.IntN(4)
	_, err := l.st.UpdateOrg(ctx, l.a, g.ID, gonghui.OrgInput{Code: g.Code, Name: g.Name, Kind: g.Kind, RegionCode: g.RegionCode, USCC: g.USCC,
		FoundedOn: g.FoundedOn, ReportedMembers: &reported, Version: g.Version})
	return err
}

// addDemocracy gives most of a grassroots union's enterprises a
// comprehensive contract in force (one in seven of them expiring within
// the reminders' 90 days), a workers' congress that sat last year and this
// one, and an affairs-disclosure system, as the 2017 figures have it
// (88%, 93.5%, 93.6%).
func (l *loader) addDemocracy(ctx context.Context, g gonghui.Org, u gonghui.Unit) error {
	st, a, rng := l.st, l.a, l.rng
	if rng.IntN(100) < 88 {
		start := l.daysAgo(30 + rng.IntN(900))
		if rng.IntN(7) == 0 { // ending within the reminders' 90 days
			y, m, d := l.today.AddDays(10 + rng.IntN(70)).Parts()
			start = gonghui.NewDate(y-3, m, d).AddDays(1)
		}
		if err := l.contractInForce(ctx, gonghui.ContractInput{OrgID: g.ID, Title: u.Name + "综合集体合同", Kind: gonghui.ContractComprehensive,
			Level: gonghui.LevelEnterprise, UnitIDs: []int64{u.ID}, CoveredStaff: u.StaffCount,
			TermStart: start, TermEnd: threeYears(start),
			Topics: []string{"wage_adjustment", "working_hours", "safety_health", "insurance_welfare"}}); err != nil {
			return err
		}
	}
	if !l.signedToFile {
		// A wage contract signed three days ago, still to be filed.
		l.signedToFile = true
		start := l.today.AddDays(30)
		k, err := st.CreateContract(ctx, a, gonghui.ContractInput{OrgID: g.ID, Title: u.Name + "工资专项集体合同", Kind: gonghui.ContractWage,
			Level: gonghui.LevelEnterprise, UnitIDs: []int64{u.ID}, CoveredStaff: u.StaffCount, TermStart: start, TermEnd: start.AddDays(364),
			LastYearAvgWage: 9_650_00, AdjustmentBP: 600, WageWorkers: u.StaffCount, Topics: []string{"wage_adjustment"}})
		if err != nil {
			return err
		}
		if _, err := st.StepContract(ctx, a, k.ID, gonghui.ContractStep{To: gonghui.ContractSigned, On: l.daysAgo(3)}); err != nil {
			return err
		}
		l.n++
	}
	if rng.IntN(1000) < 935 {
		g, err := st.CreateCongress(ctx, a, gonghui.CongressInput{OrgID: g.ID, Name: u.Name + "职工代表大会", Kind: gonghui.CongressUnit,
			UnitIDs: []int64{u.ID}, EstablishedOn: l.yearsAgo(2 + rng.IntN(7))})
		if err != nil {
			return err
		}
		l.n++
		y, m, d := l.today.Parts()
		sinceNewYear := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).YearDay() - 1
		for _, held := range []gonghui.Date{gonghui.NewDate(y-1, time.Month(3+rng.IntN(9)), 1+rng.IntN(28)), gonghui.NewDate(y, 1, 1+rng.IntN(sinceNewYear+1))} {
			delegates := 20 + rng.IntN(60)
			if _, err := st.AddSitting(ctx, a, g.ID, gonghui.SittingInput{HeldOn: held, Delegates: delegates, Attended: delegates - rng.IntN(5),
				Motions: []string{"审议年度工作报告", "审议职工工资调整方案"}}); err != nil {
				return err
			}
		}
	}
	if rng.IntN(1000) < 936 {
		if _, err := st.EstablishDisclosure(ctx, a, u.ID, l.yearsAgo(1+rng.IntN(6))); err != nil {
			return err
		}
		l.n++
	}
	return nil
}

// contractInForce records a contract and takes it through signing, filing
// and taking effect on its first day.
func (l *loader) contractInForce(ctx context.Context, in gonghui.ContractInput) error {
	k, err := l.st.CreateContract(ctx, l.a, in)
	if err != nil {
		return err
	}
	signed := in.TermStart.AddDays(-20)
	for _, step := range []gonghui.ContractStep{{To: gonghui.ContractSigned, On: signed},
		{To: gonghui.ContractFiled, On: signed.AddDays(5)}, {To: gonghui.ContractEffective, On: signed.AddDays(20)}} {
		if _, err := l.st.StepContract(ctx, l.a, k.ID, step); err != nil {
			return err
		}
	}
	l.n++
	return nil
}

func companyName(rng *rand.Rand) string {
	return "北京" + companyPrefixes[rng.IntN(len(companyPrefixes))] + companyTrades[rng.IntN(len(companyTrades))] + companyForms[rng.IntN(len(companyForms))]
}

// syntheticUSCC makes a code with the given authority and kind prefix, the
// district as region, a random organization code and a valid check character.
func syntheticUSCC(rng *rand.Rand, prefix, region string) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	b := []byte(prefix + region)
	for len(b) < 17 {
		b = append(b, alphabet[rng.IntN(len(alphabet))])
	}
	c, _ := uscc.Checksum(string(b))
	return string(append(b, c))
}
