package gonghui

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Employer is an entry of the employer register (单位名录): every employer
// of a district as the market regulator or the statistics bureau lists it,
// whether a union covers it or not. The imported fields are refreshed by
// each import; what cadres add (Contact, Notes) is kept apart and survives
// it. An employer belongs to the street (or, without one, the district)
// union of the area it is in.
type Employer struct {
	ID           int64     `json:"id"`
	USCC         string    `json:"uscc"`
	Name         string    `json:"name"`
	LegalForm    string    `json:"legal_form"`
	Ownership    Ownership `json:"ownership"`
	StaffCount   int       `json:"staff_count"`
	Address      string    `json:"address,omitempty"`
	RegionCode   string    `json:"region_code"`
	IndustryCode string    `json:"industry_code,omitempty"`
	RegisteredOn Date      `json:"registered_on,omitzero"`
	Status       string    `json:"status"`
	// LeftOn is the first day a closed or deregistered employer is no
	// longer in the base; it stays in the register, out of the figures.
	LeftOn Date `json:"left_on,omitzero"`
	// OrgID is the union of the employer's area (a street or district
	// union), whose subtree sees it.
	OrgID   int64  `json:"org_id"`
	OrgName string `json:"org_name,omitempty"`
	// UnitID is the covered unit of the same USCC (0: no union covers the
	// employer); CoveredOn the day it counts as unionized from.
	UnitID    int64 `json:"unit_id,omitempty"`
	CoveredOn Date  `json:"covered_on,omitzero"`
	// Contact and Notes are kept by cadres; an import never changes them.
	Contact string `json:"contact,omitempty"`
	Notes   string `json:"notes,omitempty"`
	Version int64  `json:"version"`
}

// Covered reports whether a union covers the employer.
func (e Employer) Covered() bool { return e.UnitID != 0 }

// EmployerInput is an employer as the register lists it: what an import
// sets.
type EmployerInput struct {
	USCC         string    `json:"uscc"`
	Name         string    `json:"name"`
	LegalForm    string    `json:"legal_form"`
	Ownership    Ownership `json:"ownership"`
	StaffCount   int       `json:"staff_count"`
	Address      string    `json:"address"`
	RegionCode   string    `json:"region_code"`
	IndustryCode string    `json:"industry_code"`
	RegisteredOn Date      `json:"registered_on"`
	Status       string    `json:"status"`
	LeftOn       Date      `json:"left_on"`
}

// ToInput is the employer's imported fields as an input.
func (e Employer) ToInput() EmployerInput {
	return EmployerInput{USCC: e.USCC, Name: e.Name, LegalForm: e.LegalForm, Ownership: e.Ownership, StaffCount: e.StaffCount,
		Address: e.Address, RegionCode: e.RegionCode, IndustryCode: e.IndustryCode, RegisteredOn: e.RegisteredOn,
		Status: e.Status, LeftOn: e.LeftOn}
}

// EmployerNotesInput is what a cadre keeps on an employer.
type EmployerNotesInput struct {
	Contact string `json:"contact"`
	Notes   string `json:"notes"`
	// Version is the version of the employer the edit was made from.
	Version int64 `json:"version"`
}

// ToNotesInput is the cadre's fields as an input, where an edit starts.
func (e Employer) ToNotesInput() EmployerNotesInput {
	return EmployerNotesInput{Contact: e.Contact, Notes: e.Notes, Version: e.Version}
}

// The legal forms of an employer (企业类型 as the regulator registers it).
const (
	LegalFormLLC         = "llc"         // 有限责任公司
	LegalFormJointStock  = "joint_stock" // 股份有限公司
	LegalFormSole        = "sole"        // 个人独资企业
	LegalFormPartnership = "partnership" // 合伙企业
	LegalFormIndividual  = "individual"  // 个体工商户
	LegalFormStateOwned  = "state_owned" // 全民所有制企业
	LegalFormCollective  = "collective"  // 集体所有制企业
	LegalFormCooperative = "cooperative" // 农民专业合作社
	LegalFormBranch      = "branch"      // 分支机构
	LegalFormInstitution = "institution" // 机关、事业单位
	LegalFormSocial      = "social"      // 社会组织
	LegalFormOther       = "other"       // 其他
)

// LegalForms lists the legal forms in form order.
var LegalForms = []Choice{
	{LegalFormLLC, Message{"有限责任公司", "Limited liability company"}},
	{LegalFormJointStock, Message{"股份有限公司", "Joint-stock company"}},
	{LegalFormSole, Message{"个人独资企业", "Sole proprietorship"}},
	{LegalFormPartnership, Message{"合伙企业", "Partnership"}},
	{LegalFormIndividual, Message{"个体工商户", "Individual business"}},
	{LegalFormStateOwned, Message{"全民所有制企业", "State-owned enterprise (non-company)"}},
	{LegalFormCollective, Message{"集体所有制企业", "Collective enterprise"}},
	{LegalFormCooperative, Message{"农民专业合作社", "Farmers' cooperative"}},
	{LegalFormBranch, Message{"分支机构", "Branch"}},
	{LegalFormInstitution, Message{"机关、事业单位", "Government or public institution"}},
	{LegalFormSocial, Message{"社会组织", "Social organization"}},
	{LegalFormOther, Message{"其他", "Other"}},
}

// CompanyForm reports whether a legal form is a company under the Company
// Law (公司制企业), where employee directors and supervisors are due.
func CompanyForm(legalForm string) bool {
	return legalForm == LegalFormLLC || legalForm == LegalFormJointStock
}

// The statuses of an employer in the register.
const (
	EmployerActive       = "active"       // 存续（在营、开业）
	EmployerRevoked      = "revoked"      // 吊销
	EmployerDeregistered = "deregistered" // 注销
	EmployerMovedOut     = "moved_out"    // 迁出
)

// EmployerStatuses lists the statuses; all but the first leave the base.
var EmployerStatuses = []Choice{
	{EmployerActive, Message{"存续", "Active"}},
	{EmployerRevoked, Message{"吊销", "Licence revoked"}},
	{EmployerDeregistered, Message{"注销", "Deregistered"}},
	{EmployerMovedOut, Message{"迁出", "Moved out"}},
}

// Normalize trims the input and reads the code lists' names as keys.
func (in *EmployerInput) Normalize() {
	in.USCC = strings.ToUpper(strings.TrimSpace(in.USCC))
	in.Name = strings.TrimSpace(in.Name)
	if k, ok := ChoiceKey(LegalForms, in.LegalForm); ok {
		in.LegalForm = k
	}
	if k, ok := ChoiceKey(EmployerStatuses, in.Status); ok {
		in.Status = k
	}
	if in.Status == "" {
		in.Status = EmployerActive
	}
	in.Address = strings.TrimSpace(in.Address)
	in.RegionCode = strings.TrimSpace(in.RegionCode)
	in.IndustryCode = strings.ToUpper(strings.TrimSpace(in.IndustryCode))
}

// Validate checks the rules that need no database (the USCC is checked by
// the store with package uscc). A closed employer needs the day it left;
// an active one has none.
func (in *EmployerInput) Validate(v *ValidationError, today Date) {
	textField(v, "name", in.Name, 100, "请填写单位名称", "name is required", "单位名称不能超过100个字", "name must be at most 100 characters")
	if !IsChoiceKey(LegalForms, in.LegalForm) {
		v.Add("legal_form", "请选择企业类型（有限责任公司、股份有限公司、个人独资企业、合伙企业、个体工商户…）", "choose a legal form (limited liability company, joint-stock company, sole proprietorship, partnership, individual business …)")
	}
	if !in.Ownership.Valid() {
		v.Add("ownership", "请选择经济类型", "choose an ownership type")
	}
	if in.StaffCount < 0 || in.StaffCount > 2_000_000 {
		v.Add("staff_count", "职工人数须在0到2000000之间", "staff count must be between 0 and 2,000,000")
	}
	if utf8.RuneCountInString(in.Address) > 200 {
		v.Add("address", "地址不能超过200个字", "address must be at most 200 characters")
	}
	if in.RegionCode == "" {
		v.Add("region_code", "请填写所在街道或区的行政区划代码", "the street's or district's division code is required")
	}
	if !in.RegisteredOn.IsZero() && (in.RegisteredOn.Before(NewDate(1949, 10, 1)) || today.Before(in.RegisteredOn)) {
		v.Add("registered_on", "成立日期须在1949年10月1日至今天之间", "the registration date must be between 1949-10-01 and today")
	}
	switch {
	case !IsChoiceKey(EmployerStatuses, in.Status):
		v.Add("status", "请选择登记状态（存续、吊销、注销、迁出）", "choose a status (active, revoked, deregistered, moved out)")
	case in.Status == EmployerActive && !in.LeftOn.IsZero():
		v.Add("left_on", "存续单位不应填写注销（吊销、迁出）日期", "an active employer has no date of leaving")
	case in.Status != EmployerActive && in.LeftOn.IsZero():
		v.Add("left_on", "请填写注销（吊销、迁出）日期", "the date the employer left is required")
	case !in.LeftOn.IsZero() && !in.RegisteredOn.IsZero() && !in.RegisteredOn.Before(in.LeftOn):
		v.Add("left_on", "注销日期须晚于成立日期", "the date of leaving must be after the registration date")
	}
}

// Normalize trims the cadre's fields.
func (in *EmployerNotesInput) Normalize() {
	in.Contact, in.Notes = strings.TrimSpace(in.Contact), strings.TrimSpace(in.Notes)
}

// Validate checks the cadre's fields.
func (in *EmployerNotesInput) Validate(v *ValidationError) {
	if utf8.RuneCountInString(in.Contact) > 100 {
		v.Add("contact", "联系人不能超过100个字", "contact must be at most 100 characters")
	}
	if utf8.RuneCountInString(in.Notes) > 2000 {
		v.Add("notes", "备注不能超过2000个字", "notes must be at most 2,000 characters")
	}
}

// EmployerFilter selects employers in a list.
type EmployerFilter struct {
	OrgID int64  // employers of this union's area; 0 = the whole scope
	Query string // name contains, or USCC prefix
	// Covered: "yes" keeps employers a union covers, "no" those none
	// does; "" both.
	Covered   string
	LegalForm string
	Ownership Ownership
	// IndustryCode is a GB/T 4754 section or division (a section keeps
	// its divisions); StaffBand one of StaffBands or "25plus"/"100plus".
	IndustryCode string
	StaffBand    string
	RegionCode   string // a district (keeps its streets) or a street
	Left         bool   // include employers that left the base
	// On, when set, keeps the employers in the base on that day (Left
	// aside), and Covered reads their cover on it: the list a figure of
	// that day counts.
	On   Date
	IDs  []int64
	Sort string
	Page
}

// EmployerBands are the staff bands the coverage figures single out, on
// top of StaffBands.
var EmployerBands = append([]Choice{
	{Key: "25plus", Name: Message{"25人及以上", "25 and more"}},
	{Key: "100plus", Name: Message{"100人及以上", "100 and more"}},
}, StaffBands...)

// EmployerBandRange is the staff counts of one of EmployerBands, [lo, hi)
// (hi 0: no bound).
func EmployerBandRange(band string) (lo, hi int, ok bool) {
	switch band {
	case "25plus":
		return 25, 0, true
	case "100plus":
		return 100, 0, true
	}
	return StaffBandRange(band)
}

// The catalogue holds the coverage figures (建会率), counted over the
// employer register.
var _ = RegisterIndicators(15, []Indicator{
	{Key: "employers_total", Name: Message{"名录单位数", "Employers in the register"}, Unit: unitFirms,
		Definition: Message{"子树区域内当日存续的名录单位（已建会与未建会）", "employers of the subtree's area in the base on the day, unionized or not"}},
	{Key: "employers_unionized", Name: Message{"已建会名录单位数", "Unionized employers"}, Unit: unitFirms,
		Definition: Message{"其中与工会覆盖单位统一社会信用代码一致的单位", "of which employers whose USCC is a unit a union covers"}},
	{Key: "coverage_rate", Name: Message{"建会率", "Unionization rate"}, Unit: unitPercent,
		Definition: Message{"已建会名录单位数 ÷ 名录单位数", "unionized employers ÷ employers in the register"}, Numerator: "employers_unionized", Denominator: "employers_total"},
	{Key: "employers_25plus", Name: Message{"25人以上名录单位数", "Employers of 25 and more staff"}, Unit: unitFirms,
		Definition: Message{"职工人数25人及以上的名录单位", "employers of 25 staff or more"}},
	{Key: "employers_25plus_unionized", Name: Message{"25人以上已建会单位数", "Unionized employers of 25 and more staff"}, Unit: unitFirms,
		Definition: Message{"其中已建会的单位", "of which unionized"}},
	{Key: "coverage_rate_25plus", Name: Message{"25人以上单位建会率", "Unionization rate, 25 and more staff"}, Unit: unitPercent,
		Definition: Message{"25人以上已建会单位数 ÷ 25人以上名录单位数", "unionized employers of 25+ staff ÷ employers of 25+ staff"}, Numerator: "employers_25plus_unionized", Denominator: "employers_25plus"},
	{Key: "employers_25plus_uncovered", Name: Message{"25人以上未建会单位数", "Employers of 25 and more staff without a union"}, Unit: unitFirms,
		Definition: Message{"25人以上名录单位数 − 其中已建会的单位", "employers of 25+ staff less the unionized ones"}},
	{Key: "employers_100plus", Name: Message{"百人以上名录单位数", "Employers of 100 and more staff"}, Unit: unitFirms,
		Definition: Message{"职工人数100人及以上的名录单位", "employers of 100 staff or more"}},
	{Key: "employers_100plus_unionized", Name: Message{"百人以上已建会单位数", "Unionized employers of 100 and more staff"}, Unit: unitFirms,
		Definition: Message{"其中已建会的单位", "of which unionized"}},
	{Key: "coverage_rate_100plus", Name: Message{"百人以上单位建会率", "Unionization rate, 100 and more staff"}, Unit: unitPercent,
		Definition: Message{"百人以上已建会单位数 ÷ 百人以上名录单位数", "unionized employers of 100+ staff ÷ employers of 100+ staff"}, Numerator: "employers_100plus_unionized", Denominator: "employers_100plus"},
	{Key: "workers_employed", Name: Message{"名录单位职工数", "Workers employed"}, Unit: unitPersons,
		Definition: Message{"当日存续名录单位的职工人数之和", "staff of the employers in the base on the day"}},
	{Key: "workers_covered", Name: Message{"已建会单位职工数", "Workers covered"}, Unit: unitPersons,
		Definition: Message{"其中已建会单位的职工人数之和", "of which the staff of unionized employers"}},
	{Key: "workers_coverage_rate", Name: Message{"职工覆盖率", "Workers covered, share"}, Unit: unitPercent,
		Definition: Message{"已建会单位职工数 ÷ 名录单位职工数", "workers covered ÷ workers employed"}, Numerator: "workers_covered", Denominator: "workers_employed"},
})

// CoverageRow is the coverage of one group of a subtree's employers on a
// day: by district, street, industry section or ownership.
type CoverageRow struct {
	Key                 string  `json:"key"` // the district's or street's code, the section letter, the ownership
	Employers           int     `json:"employers"`
	Unionized           int     `json:"unionized"`
	Employers25Plus     int     `json:"employers_25plus"`
	Unionized25Plus     int     `json:"unionized_25plus"`
	Employers100Plus    int     `json:"employers_100plus"`
	Unionized100Plus    int     `json:"unionized_100plus"`
	WorkersEmployed     int64   `json:"workers_employed"`
	WorkersCovered      int64   `json:"workers_covered"`
	CoverageRate        float64 `json:"coverage_rate"`
	CoverageRate25Plus  float64 `json:"coverage_rate_25plus"`
	CoverageRate100Plus float64 `json:"coverage_rate_100plus"`
}

// Rates fills the row's rates, in percent with two decimals (0 with no
// employers).
func (r *CoverageRow) Rates() {
	rate := func(n, d int) float64 {
		if d == 0 {
			return 0
		}
		return math.Round(float64(n)*10000/float64(d)) / 100
	}
	r.CoverageRate, r.CoverageRate25Plus, r.CoverageRate100Plus = rate(r.Unionized, r.Employers), rate(r.Unionized25Plus, r.Employers25Plus), rate(r.Unionized100Plus, r.Employers100Plus)
}

// CoverageGroupings are the groupings of the coverage table.
var CoverageGroupings = []Choice{
	{"district", Message{"按区", "By district"}},
	{"street", Message{"按街道", "By street"}},
	{"industry", Message{"按行业门类", "By industry section"}},
	{"ownership", Message{"按经济类型", "By ownership"}},
}
