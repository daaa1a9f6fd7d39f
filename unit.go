package gonghui

import (
	"strings"
	"unicode/utf8"
)

// Ownership is a unit's ownership type (经济类型).
type Ownership string

const (
	OwnershipState      Ownership = "state"       // 国有
	OwnershipCollective Ownership = "collective"  // 集体
	OwnershipPrivate    Ownership = "private"     // 私营
	OwnershipForeign    Ownership = "foreign"     // 外商投资
	OwnershipHKMT       Ownership = "hkmt"        // 港澳台投资
	OwnershipIndividual Ownership = "individual"  // 个体
	OwnershipPublicInst Ownership = "institution" // 机关事业单位
	OwnershipSocial     Ownership = "social"      // 社会组织
	OwnershipOther      Ownership = "other"       // 其他
)

// Ownerships lists the ownership types in form order.
var Ownerships = []Ownership{
	OwnershipState, OwnershipCollective, OwnershipPublicInst, OwnershipPrivate, OwnershipForeign,
	OwnershipHKMT, OwnershipIndividual, OwnershipSocial, OwnershipOther,
}

var ownershipNames = map[Ownership]Message{
	OwnershipState:      {"国有", "State-owned"},
	OwnershipCollective: {"集体", "Collective"},
	OwnershipPublicInst: {"机关事业单位", "Government/public institution"},
	OwnershipPrivate:    {"私营", "Private"},
	OwnershipForeign:    {"外商投资", "Foreign-invested"},
	OwnershipHKMT:       {"港澳台投资", "HK/Macau/Taiwan-invested"},
	OwnershipIndividual: {"个体", "Individual business"},
	OwnershipSocial:     {"社会组织", "Social organization"},
	OwnershipOther:      {"其他", "Other"},
}

// Valid reports whether o is a known ownership type.
func (o Ownership) Valid() bool { _, ok := ownershipNames[o]; return ok }

// Name is the display name of the ownership type.
func (o Ownership) Name() Message { return ownershipNames[o] }

// Public reports whether the ownership counts as public (公有制) in the
// federation's statistics; everything else is non-public (非公有制).
func (o Ownership) Public() bool {
	return o == OwnershipState || o == OwnershipCollective || o == OwnershipPublicInst
}

// Unit is an employer (单位) covered by a union.
type Unit struct {
	ID           int64     `json:"id"`
	USCC         string    `json:"uscc"`
	Name         string    `json:"name"`
	OrgID        int64     `json:"org_id"`
	OrgName      string    `json:"org_name,omitempty"`
	Ownership    Ownership `json:"ownership"`
	Public       bool      `json:"public"`
	StaffCount   int       `json:"staff_count"`
	RegionCode   string    `json:"region_code,omitempty"`
	IndustryCode string    `json:"industry_code,omitempty"`
	// LegalForm is one of LegalForms, taken from the employer register
	// when the unit is found in it ("" until then).
	LegalForm string `json:"legal_form,omitempty"`
	// Warning is set when the USCC was accepted with a warning (an early
	// pilot code that fails the checksum).
	Warning *Message `json:"warning,omitempty"`
	// Version is raised by one on every update; an edit names the version
	// it was made from (see the input's Version).
	Version int64 `json:"version"`
}

// ToInput is the unit's current values as an input, where every edit starts.
func (u Unit) ToInput() UnitInput {
	return UnitInput{USCC: u.USCC, Name: u.Name, OrgID: u.OrgID, Ownership: u.Ownership, StaffCount: u.StaffCount,
		RegionCode: u.RegionCode, IndustryCode: u.IndustryCode, USCCPilotConfirmed: u.Warning != nil, Version: u.Version}
}

// UnitInput is what a user may set on a unit.
type UnitInput struct {
	USCC         string    `json:"uscc"`
	Name         string    `json:"name"`
	OrgID        int64     `json:"org_id"`
	Ownership    Ownership `json:"ownership"`
	StaffCount   int       `json:"staff_count"`
	RegionCode   string    `json:"region_code"`
	IndustryCode string    `json:"industry_code"`
	// USCCPilotConfirmed accepts a USCC that fails its checksum as one of
	// the early pilot codes; without it such a code is refused as a typo.
	USCCPilotConfirmed bool `json:"uscc_pilot_confirmed"`
	// Version is the version of the record an edit was made from (see
	// OrgInput.Version).
	Version int64 `json:"version"`
}

// Normalize trims the input.
func (in *UnitInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.RegionCode = strings.TrimSpace(in.RegionCode)
	in.IndustryCode = strings.ToUpper(strings.TrimSpace(in.IndustryCode))
}

// Validate checks the rules that need no database (the USCC itself is
// checked by the caller with package uscc, which also normalizes it).
func (in *UnitInput) Validate(v *ValidationError) {
	if in.Name == "" {
		v.Add("name", "请填写单位名称", "name is required")
	} else if utf8.RuneCountInString(in.Name) > 100 {
		v.Add("name", "单位名称不能超过100个字", "name must be at most 100 characters")
	}
	if in.OrgID == 0 {
		v.Add("org_id", "请选择覆盖该单位的工会", "choose the union that covers the unit")
	}
	if !in.Ownership.Valid() {
		v.Add("ownership", "请选择经济类型", "choose an ownership type")
	}
	if in.StaffCount < 0 || in.StaffCount > 2_000_000 {
		v.Add("staff_count", "职工人数须在0到2000000之间", "staff count must be between 0 and 2,000,000")
	}
}

// UnitFilter selects units in a list.
type UnitFilter struct {
	OrgID int64  // units covered by this org's subtree; 0 = the whole scope
	Query string // name contains, or USCC prefix
	// Ownership, IndustryCode (a GB/T 4754 section letter or division, and
	// the divisions of a section) and StaffBand (one of StaffBands) narrow
	// the list; "" = any.
	Ownership    Ownership
	IndustryCode string
	StaffBand    string
	IDs          []int64 // these units only (a selection)
	Sort         string  // a key of the store's unit sorts ("-": reversed); "" = registration order
	Page
}

// StaffBands are the bands of a unit's staff count a list filters by; 100
// and more is the band the contract rates single out.
var StaffBands = []Choice{
	{Key: "lt25", Name: Message{"25人以下", "under 25"}},
	{Key: "25to99", Name: Message{"25–99人", "25–99"}},
	{Key: "100to999", Name: Message{"100–999人", "100–999"}},
	{Key: "1000plus", Name: Message{"1000人及以上", "1,000 and more"}},
}

// StaffBandRange is the staff counts of a band, [lo, hi) (hi 0: no bound).
func StaffBandRange(band string) (lo, hi int, ok bool) {
	switch band {
	case "lt25":
		return 0, 25, true
	case "25to99":
		return 25, 100, true
	case "100to999":
		return 100, 1000, true
	case "1000plus":
		return 1000, 0, true
	}
	return 0, 0, false
}
