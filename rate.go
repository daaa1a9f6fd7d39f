package gonghui

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
)

// RateDefinition defines an establishment rate (建制率) as data: a
// denominator — the covered units a rule selects — and a numerator — those
// of them that have the thing measured on the day. Administrators can
// change the rules without a new release.
type RateDefinition struct {
	Key         string   `json:"key"`
	Name        Message  `json:"name"`
	Denominator UnitRule `json:"denominator"`
	// Numerator is what a unit must have: "contract" (any collective
	// contract in force), "comprehensive_contract", "congress",
	// "disclosure", or an employee director or supervisor in office
	// ("employee_director", "employee_supervisor").
	Numerator string `json:"numerator"`
}

// UnitRule selects covered units by their register fields.
type UnitRule struct {
	MinStaff     int         `json:"min_staff,omitempty"`
	MaxStaff     int         `json:"max_staff,omitempty"` // 0 = no upper bound
	OwnershipIn  []Ownership `json:"ownership_in,omitempty"`
	OwnershipNot []Ownership `json:"ownership_not,omitempty"`
	Public       *bool       `json:"public,omitempty"`
	// LegalFormIn selects units by the legal form the employer register
	// gives them (LegalForms); a unit the register does not know has none.
	LegalFormIn []string `json:"legal_form_in,omitempty"`
}

// Holds reports whether a unit with these register fields is selected by
// the rule; it is the same test the rate's unit lists make in SQL.
func (f UnitRule) Holds(o Ownership, public bool, staff int, legalForm string) bool {
	if staff < f.MinStaff || (f.MaxStaff > 0 && staff > f.MaxStaff) {
		return false
	}
	if len(f.LegalFormIn) > 0 && !slices.Contains(f.LegalFormIn, legalForm) {
		return false
	}
	if len(f.OwnershipIn) > 0 && !slices.Contains(f.OwnershipIn, o) {
		return false
	}
	if slices.Contains(f.OwnershipNot, o) {
		return false
	}
	return f.Public == nil || *f.Public == public
}

// RateNumerators are the things a rate can count.
var RateNumerators = []Choice{
	{"contract", Message{"有生效的集体合同", "a collective contract in force"}},
	{"comprehensive_contract", Message{"有生效的综合集体合同", "a comprehensive collective contract in force"}},
	{"congress", Message{"建立职代会", "a workers' congress"}},
	{"disclosure", Message{"建立厂务公开制度", "an affairs-disclosure system"}},
	{"employee_director", Message{"有在任职工董事", "an employee director in office"}},
	{"employee_supervisor", Message{"有在任职工监事", "an employee supervisor in office"}},
}

// DirectorNumerators are the numerators that count a seat of the
// directors register, by the seat.
var DirectorNumerators = map[string]DirectorRole{"employee_director": EmployeeDirector, "employee_supervisor": EmployeeSupervisor}

var rateKeyRe = regexp.MustCompile(`^[a-z][a-z0-9_]{1,40}$`)

// Validate checks a definition.
func (d *RateDefinition) Validate(v *ValidationError) {
	if !rateKeyRe.MatchString(d.Key) {
		v.Add("key", "键须为小写字母、数字或下划线", "key must be lower-case letters, digits or underscores")
	}
	if d.Name.Zh == "" || d.Name.En == "" {
		v.Add("name", "请填写中英文名称", "both names are required")
	}
	if !IsChoiceKey(RateNumerators, d.Numerator) {
		v.Add("numerator", "分子须为 contract、comprehensive_contract、congress、disclosure、employee_director 或 employee_supervisor",
			"numerator must be contract, comprehensive_contract, congress, disclosure, employee_director or employee_supervisor")
	}
	f := d.Denominator
	if f.MinStaff < 0 || f.MaxStaff < 0 || (f.MaxStaff > 0 && f.MaxStaff < f.MinStaff) {
		v.Add("denominator", "职工人数范围无效", "the staff range is invalid")
	}
	for _, o := range append(append([]Ownership{}, f.OwnershipIn...), f.OwnershipNot...) {
		if !o.Valid() {
			v.Add("denominator", fmt.Sprintf("未知的经济类型：%s", o), fmt.Sprintf("unknown ownership: %s", o))
		}
	}
	for _, lf := range f.LegalFormIn {
		if !IsChoiceKey(LegalForms, lf) {
			v.Add("denominator", fmt.Sprintf("未知的企业类型：%s", lf), fmt.Sprintf("unknown legal form: %s", lf))
		}
	}
}

// ParseRateDefinition reads and validates a definition written as JSON.
func ParseRateDefinition(b []byte) (RateDefinition, error) {
	var d RateDefinition
	if err := json.Unmarshal(b, &d); err != nil {
		return d, Invalid("definition", "不是有效的JSON："+err.Error(), "not valid JSON: "+err.Error())
	}
	v := &ValidationError{}
	d.Validate(v)
	return d, v.Err()
}

// Enterprises are the ownership types counted as enterprises (企业): all
// but government bodies, public institutions and social organizations.
var nonEnterprise = []Ownership{OwnershipPublicInst, OwnershipSocial}

// companyForms are the legal forms CompanyForm holds, for a denominator.
var companyForms = func() []string {
	var out []string
	for _, c := range LegalForms {
		if CompanyForm(c.Key) {
			out = append(out, c.Key)
		}
	}
	return out
}()

// DefaultRates are the federation's rate definitions as shipped. The
// denominators follow the rule that enterprises and institutions of 25
// staff or more hold a workers' congress and sign a collective contract
// (the smallest firms are reached through their joint union instead);
// change them in the UI when the rules change.
var DefaultRates = []RateDefinition{
	{Key: "contract_rate", Name: Message{"集体合同覆盖率", "Collective contract coverage"},
		Denominator: UnitRule{MinStaff: 25, OwnershipNot: nonEnterprise}, Numerator: "contract"},
	{Key: "contract_rate_100plus", Name: Message{"百人以上企业集体合同覆盖率", "Contract coverage, enterprises of 100+ staff"},
		Denominator: UnitRule{MinStaff: 100, OwnershipNot: nonEnterprise}, Numerator: "contract"},
	{Key: "congress_rate", Name: Message{"职代会建制率", "Workers' congress establishment rate"},
		Denominator: UnitRule{MinStaff: 25, OwnershipNot: []Ownership{OwnershipSocial}}, Numerator: "congress"},
	{Key: "disclosure_rate", Name: Message{"厂务公开建制率", "Affairs-disclosure establishment rate"},
		Denominator: UnitRule{MinStaff: 25, OwnershipNot: []Ownership{OwnershipSocial}}, Numerator: "disclosure"},
	// The Company Law provides employee directors and supervisors for
	// companies only (有限责任公司, 股份有限公司), whatever their size.
	{Key: "employee_director_rate", Name: Message{"职工董事建制率", "Employee director establishment rate"},
		Denominator: UnitRule{LegalFormIn: companyForms}, Numerator: "employee_director"},
	{Key: "employee_supervisor_rate", Name: Message{"职工监事建制率", "Employee supervisor establishment rate"},
		Denominator: UnitRule{LegalFormIn: companyForms}, Numerator: "employee_supervisor"},
}

// RateResult is a rate evaluated for a subtree on a date, with its parts.
type RateResult struct {
	Key         string  `json:"key"`
	Name        Message `json:"name"`
	Numerator   int     `json:"numerator"`
	Denominator int     `json:"denominator"`
	Date        Date    `json:"date"`
	OrgID       int64   `json:"org_id"`
}

// Percent is the rate in percent (0 when the denominator is empty).
func (r RateResult) Percent() float64 {
	if r.Denominator == 0 {
		return 0
	}
	return float64(r.Numerator) * 100 / float64(r.Denominator)
}

// MarshalJSON adds the percentage, to two decimals, to the JSON form.
func (r RateResult) MarshalJSON() ([]byte, error) {
	type plain RateResult
	return json.Marshal(struct {
		plain
		Percent float64 `json:"percent"`
	}{plain(r), math.Round(r.Percent()*100) / 100})
}
