package gonghui

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// OrgKind is the kind of a union organization (工会组织类型).
type OrgKind string

const (
	KindCityFederation     OrgKind = "city_federation"     // 市总工会
	KindDistrictFederation OrgKind = "district_federation" // 区总工会
	KindIndustryUnion      OrgKind = "industry_union"      // 产业工会
	KindIndustryFederation OrgKind = "industry_federation" // 行业工会联合会
	KindStreetFederation   OrgKind = "street_federation"   // 街道乡镇总工会
	KindRegionalFederation OrgKind = "regional_federation" // 区域工会联合会
	KindGrassroots         OrgKind = "grassroots"          // 基层工会
	KindJointGrassroots    OrgKind = "joint_grassroots"    // 联合基层工会
)

// OrgKinds lists every kind in the order forms offer them.
var OrgKinds = []OrgKind{
	KindCityFederation, KindDistrictFederation, KindIndustryUnion, KindIndustryFederation,
	KindStreetFederation, KindRegionalFederation, KindGrassroots, KindJointGrassroots,
}

var orgKindNames = map[OrgKind]Message{
	KindCityFederation:     {"市总工会", "City federation"},
	KindDistrictFederation: {"区总工会", "District federation"},
	KindIndustryUnion:      {"产业工会", "Industry union"},
	KindIndustryFederation: {"行业工会联合会", "Industry federation"},
	KindStreetFederation:   {"街道乡镇总工会", "Street/township federation"},
	KindRegionalFederation: {"区域工会联合会", "Regional federation"},
	KindGrassroots:         {"基层工会", "Grassroots union"},
	KindJointGrassroots:    {"联合基层工会", "Joint grassroots union"},
}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool { _, ok := orgKindNames[k]; return ok }

// Name is the kind's display name.
func (k OrgKind) Name() Message { return orgKindNames[k] }

// IsGrassroots reports whether the kind is a grassroots union that covers
// units directly and has no union below it.
func (k OrgKind) IsGrassroots() bool { return k == KindGrassroots || k == KindJointGrassroots }

// OrgStatus is the life-cycle state of an org.
type OrgStatus string

const (
	OrgActive    OrgStatus = "active"
	OrgDissolved OrgStatus = "dissolved" // 撤销
	OrgMerged    OrgStatus = "merged"    // 合并
)

// Org is a union organization, a node of the tree that scopes everything.
type Org struct {
	ID           int64     `json:"id"`
	Code         string    `json:"code"`
	Name         string    `json:"name"`
	Kind         OrgKind   `json:"kind"`
	ParentID     int64     `json:"parent_id,omitempty"`
	Path         string    `json:"-"`
	Depth        int       `json:"depth"`
	RegionCode   string    `json:"region_code,omitempty"`
	IndustryCode string    `json:"industry_code,omitempty"`
	USCC         string    `json:"uscc,omitempty"`
	Chair        string    `json:"chair,omitempty"`
	FoundedOn    Date      `json:"founded_on,omitzero"`
	DissolvedOn  Date      `json:"dissolved_on,omitzero"`
	Status       OrgStatus `json:"status"`
	SuccessorID  int64     `json:"successor_id,omitempty"`
	// ReportedMembers is the member count the union reported in the yearly
	// census (统计年报), kept beside the real-name register.
	ReportedMembers *int `json:"reported_members,omitempty"`
	ChildCount      int  `json:"child_count"`
	UnitCount       int  `json:"unit_count"`
	// Version is raised by one on every update; an edit names the version
	// it was made from (see the input's Version).
	Version int64 `json:"version"`
}

// ToInput is the org's current values as an input, where every edit starts.
func (o Org) ToInput() OrgInput {
	return OrgInput{Code: o.Code, Name: o.Name, Kind: o.Kind, ParentID: o.ParentID, RegionCode: o.RegionCode,
		IndustryCode: o.IndustryCode, USCC: o.USCC, Chair: o.Chair, FoundedOn: o.FoundedOn, ReportedMembers: o.ReportedMembers,
		Version: o.Version}
}

// OrgPath is the materialized path of an org whose ancestors (root first)
// have the given IDs, ending with the org itself: "/1/5/23/".
func OrgPath(ids ...int64) string {
	var b strings.Builder
	b.WriteByte('/')
	for _, id := range ids {
		b.WriteString(strconv.FormatInt(id, 10))
		b.WriteByte('/')
	}
	return b.String()
}

// PathRange returns the half-open interval [lo, hi) of paths inside the
// subtree rooted at path, so that a subtree is one index range scan:
// '0' is the byte after '/', so every descendant path sorts below hi.
func PathRange(path string) (lo, hi string) {
	return path, strings.TrimSuffix(path, "/") + "0"
}

// InSubtree reports whether path lies in the subtree rooted at root.
func InSubtree(path, root string) bool { return strings.HasPrefix(path, root) }

// PathIDs returns the IDs on a path, root first.
func PathIDs(path string) []int64 {
	var ids []int64
	for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// GeneratedOrgCode is the short code given to an org created without one.
func GeneratedOrgCode(id int64) string {
	s := strconv.FormatInt(id, 10)
	if len(s) < 6 {
		s = strings.Repeat("0", 6-len(s)) + s
	}
	return "GH" + s
}

var orgCodeRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,19}$`)

// OrgInput is what a user may set when creating or editing an org.
type OrgInput struct {
	Code         string  `json:"code"`
	Name         string  `json:"name"`
	Kind         OrgKind `json:"kind"`
	ParentID     int64   `json:"parent_id"`
	RegionCode   string  `json:"region_code"`
	IndustryCode string  `json:"industry_code"`
	USCC         string  `json:"uscc"`
	// USCCPilotConfirmed accepts a new USCC that fails its checksum as one
	// of the early pilot codes; without it such a code is refused as a typo.
	USCCPilotConfirmed bool   `json:"uscc_pilot_confirmed"`
	Chair              string `json:"chair"`
	FoundedOn          Date   `json:"founded_on"`
	// ReportedMembers is the census figure; nil leaves it unset.
	ReportedMembers *int `json:"reported_members"`
	// Version is the version of the record an edit was made from: the
	// update is refused as a conflict when the record has changed since.
	// 0 (creating, and imports that hold no earlier copy) checks nothing.
	Version int64 `json:"version"`
}

// Normalize trims the input and upper-cases codes.
func (in *OrgInput) Normalize() {
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Name = strings.TrimSpace(in.Name)
	in.RegionCode = strings.TrimSpace(in.RegionCode)
	in.IndustryCode = strings.ToUpper(strings.TrimSpace(in.IndustryCode))
	in.USCC = strings.ToUpper(strings.TrimSpace(in.USCC))
	in.Chair = strings.TrimSpace(in.Chair)
}

// Validate checks the rules that need no database; parent and reference
// codes are checked by storage against the data.
func (in *OrgInput) Validate(v *ValidationError) {
	if in.Name == "" {
		v.Add("name", "请填写名称", "name is required")
	} else if utf8.RuneCountInString(in.Name) > 100 {
		v.Add("name", "名称不能超过100个字", "name must be at most 100 characters")
	}
	if !in.Kind.Valid() {
		v.Add("kind", "请选择有效的组织类型", "choose a valid kind")
	}
	if in.Code != "" && !orgCodeRe.MatchString(in.Code) {
		v.Add("code", "代码须为2–20位大写字母、数字或连字符", "code must be 2–20 upper-case letters, digits or hyphens")
	}
	if in.Kind == KindCityFederation && in.ParentID != 0 {
		v.Add("kind", "市总工会只能是根组织", "a city federation can only be the root")
	}
	if in.Kind != KindCityFederation && in.Kind.Valid() && in.ParentID == 0 {
		v.Add("parent_id", "请选择上级工会", "parent is required")
	}
	if in.ReportedMembers != nil && (*in.ReportedMembers < 0 || *in.ReportedMembers > 10_000_000) {
		v.Add("reported_members", "年报会员数须在0到10000000之间", "reported members must be between 0 and 10,000,000")
	}
	if utf8.RuneCountInString(in.Chair) > 50 {
		v.Add("chair", "主席姓名过长", "chair name is too long")
	}
}

// CheckParent applies the tree rules between a child kind and its parent.
func CheckParent(v *ValidationError, kind OrgKind, parent *Org) {
	if parent == nil {
		return
	}
	if parent.Status != OrgActive {
		v.Add("parent_id", "上级工会已撤销或合并", "the parent union is dissolved or merged")
	}
	if parent.Kind.IsGrassroots() {
		v.Add("parent_id", "基层工会下不能再建工会组织", "a grassroots union cannot have unions below it")
	}
	if kind == KindCityFederation {
		v.Add("kind", "市总工会只能是根组织", "a city federation can only be the root")
	}
}

// OrgFilter selects orgs in a list.
type OrgFilter struct {
	ParentID int64   // direct children of this org; 0 = the whole scope
	Query    string  // name or code contains
	Kind     OrgKind // optional
	Status   OrgStatus
	Level    int     // the level in the tree: 1 the city federation, 2 its districts and industries …; 0 = any
	IDs      []int64 // these unions only (a selection)
	Sort     string  // a key of the store's union sorts ("-" in front: reversed); "" = tree order
	Page
}

// The catalogue holds the union tree's figures.
var _ = RegisterIndicators(10, []Indicator{
	{Key: "orgs_total", Name: Message{"工会组织数", "Union organizations"}, Unit: unitCount,
		Definition: Message{"子树内当日存续的工会组织（含本级）：自成立日期（未填成立日期的，自在本平台登记之日）起，至撤销或合并之日前", "unions of the subtree in existence on the day, itself included: from the founding date (for want of one, from the day it was registered in gonghui) until the day before it was dissolved or merged"}},
	{Key: "industry_federations", Name: Message{"产业（行业）工会数", "Industry unions and federations"}, Unit: unitCount,
		Definition: Message{"类型为产业工会或行业工会联合会的工会组织", "unions of kind industry union or industry federation"}},
	{Key: "units_covered", Name: Message{"涵盖单位数", "Covered units"}, Unit: unitFirms,
		Definition: Message{"由子树内当日存续的工会覆盖的单位（单位随其工会存续而计）", "units covered by the subtree's unions in existence on the day (a unit counts while its union exists)"}},
})
