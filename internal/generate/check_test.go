package generate

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonghui"
	"gonghui/idcard"
	"gonghui/refdata"
	"gonghui/uscc"
)

// The checks below read the generated files back as an importer would and
// recompute the figures the way internal/store/stats.go does, so that the
// calibration is tested on the files themselves.

// readCSV calls row for each data row of a file, after checking its header.
func readCSV(t testing.TB, dir, name string, header []string, row func(line int, get func(string) string)) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(head, ",") != strings.Join(header, ",") {
		t.Fatalf("%s: header %q, want %q", name, head, header)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	var rec []string
	get := func(h string) string { return rec[col[h]] }
	for line := 2; ; line++ {
		rec, err = r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s:%d: %v", name, line, err)
		}
		row(line, get)
	}
}

type checkedOrg struct {
	parent   string
	kind     gonghui.OrgKind
	reported int // -1 none
	realname int
}

// figures are the indicators recomputed from the files.
type figures map[string]float64

// checkFiles validates every row as the importers and domain types would,
// checks uniqueness and the tree, and returns the figures on date.
func checkFiles(t testing.TB, dir string, at day) figures {
	t.Helper()
	on := at.String()
	today := gonghui.Today()
	fail := func(file string, line int, format string, args ...any) {
		t.Helper()
		t.Errorf("%s:%d: %s", file, line, fmt.Sprintf(format, args...))
	}
	kinds := map[string]gonghui.OrgKind{}
	for _, k := range gonghui.OrgKinds {
		kinds[k.Name().Zh] = k
	}
	orgs := map[string]*checkedOrg{"BJ": {kind: gonghui.KindCityFederation, reported: -1}}
	for _, d := range refdata.BeijingDistricts() {
		orgs["BJ"+strings.TrimPrefix(d.Code, "1101")] = &checkedOrg{parent: "BJ", kind: gonghui.KindDistrictFederation, reported: -1}
	}
	codes := map[string]string{} // every USCC written, to its owner
	useUSCC := func(file string, line int, code, owner string, union bool) {
		c, err := uscc.ParseStrict(code)
		switch {
		case err != nil:
			fail(file, line, "USCC %s: %v", code, err)
		case union != uscc.IsTradeUnion(c):
			fail(file, line, "USCC %s: trade-union authority is %v", code, !union)
		case codes[code] != "":
			fail(file, line, "USCC %s written twice", code)
		}
		codes[code] = owner
	}
	refs := func(file string, line int, region, industry string) {
		if _, ok := refdata.RegionByCode(region); region != "" && !ok {
			fail(file, line, "unknown region %s", region)
		}
		if _, ok := refdata.IndustryByCode(industry); industry != "" && !ok {
			fail(file, line, "unknown industry %s", industry)
		}
	}
	fig := figures{}
	dated := map[string]bool{} // the registered unions whose founding date a line gives
	readCSV(t, dir, "orgs.csv", OrgHeaders, func(line int, get func(string) string) {
		code := get("工会代码")
		if o := orgs[code]; o != nil && !dated[code] && o.kind.Name().Zh == get("组织类型") && o.parent == get("上级工会代码") {
			dated[code] = true
			if f := get("成立日期"); f == "" || f > on {
				fail("orgs.csv", line, "founded %q", f)
			}
			fig["orgs_total"]++
			return
		}
		in := gonghui.OrgInput{Code: code, Name: get("工会名称"), Kind: kinds[get("组织类型")], ParentID: 1,
			RegionCode: get("行政区划代码"), IndustryCode: get("行业代码"), USCC: get("工会统一社会信用代码"), Chair: get("工会主席")}
		o := &checkedOrg{parent: get("上级工会代码"), kind: in.Kind, reported: -1}
		if s := get("年报会员数"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				fail("orgs.csv", line, "年报会员数 %q", s)
			}
			o.reported = n
			in.ReportedMembers = &n
		}
		v := &gonghui.ValidationError{}
		in.Normalize()
		in.Validate(v)
		parent := orgs[o.parent]
		switch {
		case parent == nil:
			fail("orgs.csv", line, "parent %s not on an earlier line", o.parent)
		default:
			gonghui.CheckParent(v, in.Kind, &gonghui.Org{Kind: parent.kind, Status: gonghui.OrgActive})
		}
		if err := v.Err(); err != nil {
			fail("orgs.csv", line, "%v", err)
		}
		if orgs[code] != nil {
			fail("orgs.csv", line, "code %s twice", code)
		}
		if f := get("成立日期"); f == "" || f > on {
			fail("orgs.csv", line, "founded %q", f)
		}
		useUSCC("orgs.csv", line, in.USCC, code, true)
		refs("orgs.csv", line, in.RegionCode, in.IndustryCode)
		orgs[code] = o
		fig["orgs_total"]++
		if o.kind == gonghui.KindIndustryUnion || o.kind == gonghui.KindIndustryFederation {
			fig["industry_federations"]++
		}
		if o.reported >= 0 {
			fig["members_reported"] += float64(o.reported)
		}
	})
	if len(dated) != existingOrgs-1 {
		t.Errorf("orgs.csv dates %d of the %d registered districts", len(dated), existingOrgs-1)
	}
	fig["orgs_total"]++ // the city federation, dated in gonghui
	under := func(code, ancestor string) bool {
		for ; code != ""; code = orgs[code].parent {
			if code == ancestor {
				return true
			}
		}
		return false
	}

	type checkedUnit struct {
		org   string
		own   gonghui.Ownership
		staff int
	}
	owners := map[string]gonghui.Ownership{}
	for _, o := range gonghui.Ownerships {
		owners[o.Name().Zh] = o
	}
	units := map[string]*checkedUnit{}
	readCSV(t, dir, "units.csv", UnitHeaders, func(line int, get func(string) string) {
		staff, err := strconv.Atoi(get("职工人数"))
		in := gonghui.UnitInput{USCC: get("统一社会信用代码"), Name: get("单位名称"), OrgID: 1, Ownership: owners[get("经济类型")],
			StaffCount: staff, RegionCode: get("行政区划代码"), IndustryCode: get("行业代码")}
		v := &gonghui.ValidationError{}
		in.Normalize()
		in.Validate(v)
		if verr := v.Err(); verr != nil || err != nil || staff < 1 {
			fail("units.csv", line, "%v %v (staff %d)", verr, err, staff)
		}
		o := orgs[get("所属工会代码")]
		if o == nil || !o.kind.IsGrassroots() {
			fail("units.csv", line, "union %s missing or not grassroots", get("所属工会代码"))
		}
		useUSCC("units.csv", line, in.USCC, in.Name, false)
		refs("units.csv", line, in.RegionCode, in.IndustryCode)
		units[in.USCC] = &checkedUnit{org: get("所属工会代码"), own: in.Ownership, staff: staff}
	})
	fig["units_covered"] = float64(len(units))

	ids := make(map[string]bool, 1<<16)
	cards := make(map[string]bool, 1<<16)
	readCSV(t, dir, "members.csv", MemberHeaders, func(line int, get func(string) string) {
		in := gonghui.MemberInput{Name: get("姓名"), IDNumber: get("公民身份号码"), Phone: get("手机号码"), Sex: get("性别"),
			Ethnicity: get("民族"), Education: get("学历"), Political: get("政治面貌"), Household: get("户籍类型"),
			Employment: get("就业形态"), OrgID: 1, CardNo: get("会员卡号")}
		var err error
		if in.JoinedOn, err = gonghui.ParseDate(get("入会日期")); err != nil {
			fail("members.csv", line, "%v", err)
		}
		if _, err := gonghui.CheckMember(in, today); err != nil {
			fail("members.csv", line, "%v", err)
		}
		id, _ := idcard.Parse(in.IDNumber)
		if age := id.AgeAt(idcard.Date{Year: 2017, Month: 9, Day: 30}); age < 18 || age > 60 {
			fail("members.csv", line, "age %d", age)
		}
		if ids[in.IDNumber] {
			fail("members.csv", line, "ID number %s twice", in.IDNumber)
		}
		ids[in.IDNumber] = true
		u, o := units[get("单位统一社会信用代码")], orgs[get("所属工会")]
		if u == nil || o == nil || u.org != get("所属工会") {
			fail("members.csv", line, "unit %s or union %s unknown or apart", get("单位统一社会信用代码"), get("所属工会"))
			return
		}
		if get("入会日期") <= on {
			fig["members_realname"]++
			o.realname++
			if in.CardNo != "" {
				fig["cards_issued"]++
			}
		}
		if in.CardNo != "" {
			if cards[in.CardNo] {
				fail("members.csv", line, "card %s twice", in.CardNo)
			}
			cards[in.CardNo] = true
		}
	})
	fig["members_total"] = fig["members_reported"]
	for _, o := range orgs {
		if o.reported < 0 {
			fig["members_total"] += float64(o.realname)
		}
	}

	// usccs resolves a cell of covered units, each under the keeping union.
	usccs := func(file string, line int, cell, keeper string) []string {
		list := strings.Split(cell, ";")
		if len(cell) > 32767 {
			fail(file, line, "cell of %d characters", len(cell))
		}
		seen := map[string]bool{}
		for _, c := range list {
			u := units[c]
			switch {
			case u == nil:
				fail(file, line, "unit %s unknown", c)
			case !under(u.org, keeper):
				fail(file, line, "unit %s outside %s", c, keeper)
			case seen[c]:
				fail(file, line, "unit %s twice", c)
			}
			seen[c] = true
		}
		return list
	}
	choice := func(list []gonghui.Choice, s string) string { k, _ := gonghui.ChoiceKey(list, s); return k }
	date := func(s string) gonghui.Date { d, _ := gonghui.ParseDate(s); return d }

	contractUnits := map[string]bool{}
	comprehensive := map[string]bool{}
	identities := map[string]bool{}
	readCSV(t, dir, "contracts.csv", ContractHeaders, func(line int, get func(string) string) {
		in := gonghui.ContractInput{Title: get("合同名称"), Kind: gonghui.ContractKind(choice(gonghui.ContractKinds, get("合同类型"))),
			Level: gonghui.ContractLevel(choice(gonghui.ContractLevels, get("合同层级"))), OrgID: 1,
			TermStart: date(get("期限开始")), TermEnd: date(get("期限结束"))}
		in.CoveredStaff, _ = strconv.Atoi(get("覆盖职工人数"))
		for _, t := range strings.Split(get("协商议题"), "、") {
			if k, ok := gonghui.ChoiceKey(gonghui.MustTalkTopics, t); ok {
				t = k
			}
			in.Topics = append(in.Topics, t)
		}
		list := usccs("contracts.csv", line, get("覆盖单位统一社会信用代码"), get("签订工会"))
		for range list {
			in.UnitIDs = append(in.UnitIDs, int64(len(in.UnitIDs)+1))
		}
		v := &gonghui.ValidationError{}
		in.Validate(v)
		if err := v.Err(); err != nil {
			fail("contracts.csv", line, "%v", err)
		}
		if err := gonghui.CheckContractDates(date(get("签订日期")), date(get("备案日期")), date(get("生效日期")), in.TermStart, in.TermEnd, today); err != nil {
			fail("contracts.csv", line, "%v", err)
		}
		id := get("签订工会") + "|" + in.Title + "|" + get("期限开始")
		if identities[id] {
			fail("contracts.csv", line, "same union, title and start as an earlier contract")
		}
		identities[id] = true
		if in.Kind == gonghui.ContractComprehensive {
			for _, c := range list {
				if comprehensive[c] {
					fail("contracts.csv", line, "unit %s in two comprehensive contracts", c)
				}
				comprehensive[c] = true
			}
		}
		if e := get("生效日期"); e != "" && e <= on && get("期限结束") >= on {
			fig["contracts_total"]++
			for _, c := range list {
				contractUnits[c] = true
			}
		}
	})
	fig["contract_units_covered"] = float64(len(contractUnits))

	congressUnits := map[string]bool{}
	unitCongress := map[string]bool{}
	names := map[string]bool{}
	readCSV(t, dir, "congresses.csv", CongressHeaders, func(line int, get func(string) string) {
		in := gonghui.CongressInput{Name: get("职代会名称"), Kind: gonghui.CongressKind(choice(gonghui.CongressKinds, get("职代会类型"))),
			OrgID: 1, EstablishedOn: date(get("建立日期"))}
		list := usccs("congresses.csv", line, get("覆盖单位统一社会信用代码"), get("所属工会"))
		for range list {
			in.UnitIDs = append(in.UnitIDs, int64(len(in.UnitIDs)+1))
		}
		v := &gonghui.ValidationError{}
		in.Validate(v)
		if held := get("会议日期"); held != "" {
			s := gonghui.SittingInput{HeldOn: date(held)}
			s.Delegates, _ = strconv.Atoi(get("代表人数"))
			s.Attended, _ = strconv.Atoi(get("出席人数"))
			s.Motions = strings.Split(get("审议事项"), "；")
			s.Validate(v, today)
			if held < get("建立日期") {
				fail("congresses.csv", line, "sitting before establishment")
			}
		}
		if err := v.Err(); err != nil {
			fail("congresses.csv", line, "%v", err)
		}
		if key := get("所属工会") + "|" + in.Name; names[key] {
			fail("congresses.csv", line, "same union and name as an earlier congress")
		} else {
			names[key] = true
		}
		if in.Kind == gonghui.CongressUnit {
			if unitCongress[list[0]] {
				fail("congresses.csv", line, "a second unit congress")
			}
			unitCongress[list[0]] = true
		}
		if get("建立日期") <= on {
			if in.Kind == gonghui.CongressGroup {
				fig["congress_group_type"]++
			}
			for _, c := range list {
				congressUnits[c] = true
			}
		}
	})
	fig["congress_units"] = float64(len(congressUnits))

	disclosed := map[string]bool{}
	readCSV(t, dir, "disclosures.csv", DisclosureHeaders, func(line int, get func(string) string) {
		c, start, end := get("单位统一社会信用代码"), get("建立日期"), get("终止日期")
		switch {
		case units[c] == nil:
			fail("disclosures.csv", line, "unit %s unknown", c)
		case start == "" || start > today.String() || end != "" && end <= start:
			fail("disclosures.csv", line, "dates %s–%s", start, end)
		case disclosed[c]:
			fail("disclosures.csv", line, "unit %s twice", c)
		}
		disclosed[c] = false
		if start <= on && (end == "" || end > on) {
			disclosed[c] = true
			fig["disclosure_units"]++
		}
	})

	// Rates, by the shipped definitions.
	for _, r := range gonghui.DefaultRates {
		var num, den float64
		for code, u := range units {
			f := r.Denominator
			if u.staff < f.MinStaff || f.MaxStaff > 0 && u.staff > f.MaxStaff || containsOwner(f.OwnershipNot, u.own) ||
				len(f.OwnershipIn) > 0 && !containsOwner(f.OwnershipIn, u.own) {
				continue
			}
			den++
			switch r.Numerator {
			case "contract":
				if contractUnits[code] {
					num++
				}
			case "congress":
				if congressUnits[code] {
					num++
				}
			case "disclosure":
				if disclosed[code] {
					num++
				}
			}
		}
		fig[r.Key] = num * 100 / den
		fig[r.Key+"_denominator"] = den
	}
	return fig
}

func containsOwner(list []gonghui.Ownership, o gonghui.Ownership) bool {
	for _, x := range list {
		if x == o {
			return true
		}
	}
	return false
}
