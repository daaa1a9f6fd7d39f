// Package demo loads a small, synthetic slice of the city into an empty
// gonghui database, so that a newcomer can click through real-looking
// unions, units and accounts. Every name and code in it is invented; USCCs
// are synthetic with valid check characters.
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

// Load adds the demo data unless it is there already, and returns how many
// records it created.
func Load(ctx context.Context, st *store.Store) (int, error) {
	a := gonghui.SystemActor("demo")
	if _, err := st.GetOrgByCode(ctx, a, marker); err == nil {
		return 0, nil
	} else if !errors.Is(err, gonghui.ErrNotFound) {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(2017, 1))
	seq := 0 // numbers the demo people
	root, err := st.RootOrg(ctx, a)
	if err != nil {
		return 0, err
	}
	n := 0
	_, err = st.CreateOrg(ctx, a, gonghui.OrgInput{Code: marker, Name: "北京市信息产业工会（示例）", Kind: gonghui.KindIndustryUnion, ParentID: root.ID, RegionCode: "11", IndustryCode: "I"})
	if err != nil {
		return n, err
	}
	n++
	byDistrict := map[string]gonghui.Org{}
	streets := refdata.BeijingStreets()
	for _, d := range districts {
		dist, err := st.GetOrgByCode(ctx, a, store.CityFederationCode+d[4:])
		if err != nil {
			return n, err
		}
		byDistrict[d] = dist
		k := 0
		for _, s := range streets {
			if s.ParentCode != d || k == 3 {
				continue
			}
			k++
			street, err := st.CreateOrg(ctx, a, gonghui.OrgInput{Name: s.Name + "总工会", Kind: gonghui.KindStreetFederation, ParentID: dist.ID, RegionCode: s.Code})
			if err != nil {
				return n, err
			}
			n++
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
				g, err := st.CreateOrg(ctx, a, gonghui.OrgInput{Name: orgName, Kind: kind, ParentID: street.ID, RegionCode: s.Code,
					USCC: syntheticUSCC(rng, "81", d)})
				if err != nil {
					return n, fmt.Errorf("%s: %w", orgName, err)
				}
				n++
				var unitIDs []int64
				added, err := addMembers(ctx, st, a, rng, &seq, g, d, 4+rng.IntN(12))
				n += added
				if err != nil {
					return n, fmt.Errorf("members of %s: %w", orgName, err)
				}
				for u := 0; u < units; u++ {
					if u > 0 || kind == gonghui.KindJointGrassroots {
						name = companyName(rng)
					}
					staff := 5 + rng.IntN(60)
					if kind == gonghui.KindGrassroots {
						staff = 80 + rng.IntN(1500)
					}
					unit, err := st.CreateUnit(ctx, a, gonghui.UnitInput{USCC: syntheticUSCC(rng, "91", d), Name: name, OrgID: g.ID,
						Ownership: ownerships[rng.IntN(len(ownerships))], StaffCount: staff, RegionCode: s.Code, IndustryCode: divisions[rng.IntN(len(divisions))]})
					if err != nil {
						return n, fmt.Errorf("unit %s: %w", name, err)
					}
					n++
					unitIDs = append(unitIDs, unit.ID)
					if kind == gonghui.KindGrassroots {
						added, err := addDemocracy(ctx, st, a, rng, g, unit)
						n += added
						if err != nil {
							return n, fmt.Errorf("democratic management of %s: %w", name, err)
						}
					}
				}
				if kind == gonghui.KindJointGrassroots && rng.IntN(10) < 8 {
					// The joint union's small firms share a regional contract.
					if err := contractInForce(ctx, st, a, gonghui.ContractInput{OrgID: g.ID, Title: s.Name + "区域性集体合同",
						Kind: gonghui.ContractComprehensive, Level: gonghui.LevelRegional, UnitIDs: unitIDs,
						TermStart: gonghui.NewDate(2016, 7, 1), TermEnd: gonghui.NewDate(2019, 6, 30),
						Topics: []string{"wage_adjustment", "working_hours", "safety_health", "insurance_welfare"}}); err != nil {
						return n, err
					}
					n++
				}
			}
		}
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
			return n, err
		}
		n++
	}
	return n, nil
}

var (
	surnames = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国春红宇晨浩然欣怡子涵梓轩思雨")
)

// addMembers registers n synthetic members in a union, most with a
// service card, and records a census figure a little above the register
// (so the real-name rate is below 100%, as in life).
func addMembers(ctx context.Context, st *store.Store, a gonghui.Actor, rng *rand.Rand, seq *int, g gonghui.Org, district string, n int) (int, error) {
	for i := 0; i < n; i++ {
		*seq++
		birth := fmt.Sprintf("%04d%02d%02d", 1962+rng.IntN(42), 1+rng.IntN(12), 1+rng.IntN(28))
		body := fmt.Sprintf("%s%s%03d", district, birth, *seq%1000)
		name := string(surnames[rng.IntN(len(surnames))]) + string(given[rng.IntN(len(given))])
		if rng.IntN(2) == 0 {
			name += string(given[rng.IntN(len(given))])
		}
		in := gonghui.MemberInput{Name: name, IDNumber: body + string(idcard.Checksum(body)), OrgID: g.ID,
			Phone:     fmt.Sprintf("13%09d", 100000000+*seq),
			Education: gonghui.Educations[rng.IntN(len(gonghui.Educations))].Key, Ethnicity: "汉族",
			Employment: gonghui.Employments[rng.IntN(len(gonghui.Employments))].Key,
			JoinedOn:   gonghui.NewDate(2005+rng.IntN(12), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))}
		if rng.IntN(10) < 7 {
			in.CardNo = fmt.Sprintf("BJ%08d", *seq)
		}
		if _, _, err := st.SaveMember(ctx, a, in); err != nil {
			return i, err
		}
	}
	reported := n + rng.IntN(4)
	_, err := st.UpdateOrg(ctx, a, g.ID, gonghui.OrgInput{Code: g.Code, Name: g.Name, Kind: g.Kind, RegionCode: g.RegionCode, USCC: g.USCC, ReportedMembers: &reported})
	return n, err
}

// addDemocracy gives most of a grassroots union's enterprises a
// comprehensive contract in force, a workers' congress and an
// affairs-disclosure system, as the 2017 figures have it (88%, 93.5%, 93.6%).
func addDemocracy(ctx context.Context, st *store.Store, a gonghui.Actor, rng *rand.Rand, g gonghui.Org, u gonghui.Unit) (int, error) {
	n := 0
	if rng.IntN(100) < 88 {
		err := contractInForce(ctx, st, a, gonghui.ContractInput{OrgID: g.ID, Title: u.Name + "综合集体合同", Kind: gonghui.ContractComprehensive,
			Level: gonghui.LevelEnterprise, UnitIDs: []int64{u.ID}, CoveredStaff: u.StaffCount,
			TermStart: gonghui.NewDate(2016, 1, 1+rng.IntN(28)), TermEnd: gonghui.NewDate(2018+rng.IntN(2), 12, 31),
			Topics: []string{"wage_adjustment", "working_hours", "safety_health", "insurance_welfare"}})
		if err != nil {
			return n, err
		}
		n++
	}
	if rng.IntN(1000) < 935 {
		if _, err := st.CreateCongress(ctx, a, gonghui.CongressInput{OrgID: g.ID, Name: u.Name + "职工代表大会", Kind: gonghui.CongressUnit,
			UnitIDs: []int64{u.ID}, EstablishedOn: gonghui.NewDate(2010+rng.IntN(6), time.Month(1+rng.IntN(12)), 1)}); err != nil {
			return n, err
		}
		n++
	}
	if rng.IntN(1000) < 936 {
		if _, err := st.EstablishDisclosure(ctx, a, u.ID, gonghui.NewDate(2012+rng.IntN(4), 3, 1)); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// contractInForce records a contract and takes it through signing, filing
// and taking effect.
func contractInForce(ctx context.Context, st *store.Store, a gonghui.Actor, in gonghui.ContractInput) error {
	k, err := st.CreateContract(ctx, a, in)
	if err != nil {
		return err
	}
	signed := in.TermStart.AddDays(-20)
	for _, step := range []gonghui.ContractStep{{To: gonghui.ContractSigned, On: signed},
		{To: gonghui.ContractFiled, On: signed.AddDays(5)}, {To: gonghui.ContractEffective, On: signed.AddDays(20)}} {
		if _, err := st.StepContract(ctx, a, k.ID, step); err != nil {
			return err
		}
	}
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
