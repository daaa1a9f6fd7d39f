package gonghui

import (
	"slices"
	"strings"
)

// OutreachEvent is an event a union holds where workers gather (职工聚集
// 区域): a worker dialogue meeting (职工沟通会), a unionization drive
// (集中建会活动) or an advice stall (宣传咨询) in an office building, a
// community, a park or a market, with the employers and workers it reached.
type OutreachEvent struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"`
	OrgID   int64  `json:"org_id"` // the organizing union
	OrgName string `json:"org_name,omitempty"`
	// PlaceKind, PlaceName and Address say where it was held; RegionCode
	// is the street (or district) of the place.
	PlaceKind  string `json:"place_kind"`
	PlaceName  string `json:"place_name"`
	Address    string `json:"address"`
	RegionCode string `json:"region_code"`
	HeldOn     Date   `json:"held_on"`
	// Employers are the register's employers it reached (those the
	// caller may see).
	Employers        []EmployerRef `json:"employers"`
	WorkersReached   int           `json:"workers_reached"`
	MembersRecruited int           `json:"members_recruited"`
	Version          int64         `json:"version"`
}

// EmployerRef names an employer of the register.
type EmployerRef struct {
	ID   int64  `json:"id"`
	USCC string `json:"uscc"`
	Name string `json:"name"`
}

// OutreachEventInput is what a cadre records of an event.
type OutreachEventInput struct {
	Kind             string  `json:"kind"`
	OrgID            int64   `json:"org_id"`
	PlaceKind        string  `json:"place_kind"`
	PlaceName        string  `json:"place_name"`
	Address          string  `json:"address"`
	RegionCode       string  `json:"region_code"`
	HeldOn           Date    `json:"held_on"`
	EmployerIDs      []int64 `json:"employer_ids"`
	WorkersReached   int     `json:"workers_reached"`
	MembersRecruited int     `json:"members_recruited"`
	// Version is the version of the event an edit was made from (see
	// OrgInput.Version).
	Version int64 `json:"version"`
}

// ToInput is the event as its form holds it.
func (e OutreachEvent) ToInput() OutreachEventInput {
	ids := make([]int64, len(e.Employers))
	for i, r := range e.Employers {
		ids[i] = r.ID
	}
	return OutreachEventInput{Kind: e.Kind, OrgID: e.OrgID, PlaceKind: e.PlaceKind, PlaceName: e.PlaceName, Address: e.Address,
		RegionCode: e.RegionCode, HeldOn: e.HeldOn, EmployerIDs: ids, WorkersReached: e.WorkersReached,
		MembersRecruited: e.MembersRecruited, Version: e.Version}
}

// OutreachKinds are the kinds of event.
var OutreachKinds = []Choice{
	{"dialogue", Message{"职工沟通会", "Worker dialogue meeting"}},
	{"founding_drive", Message{"集中建会活动", "Unionization drive"}},
	{"advice", Message{"宣传咨询", "Information and advice"}},
	{"recruitment", Message{"集中入会活动", "Membership drive"}},
	{"other", Message{"其他", "Other"}},
}

// OutreachPlaceKinds are the places where workers gather.
var OutreachPlaceKinds = []Choice{
	{"building", Message{"楼宇", "Office building"}},
	{"community", Message{"社区", "Community"}},
	{"park", Message{"园区", "Industrial park"}},
	{"market", Message{"商圈市场", "Market"}},
	{"other", Message{"其他", "Other"}},
}

// MaxOutreachEmployers bounds the employers one event names.
const MaxOutreachEmployers = 500

// Normalize trims the input, takes a kind's name for its key and drops
// repeated employers.
func (in *OutreachEventInput) Normalize() {
	in.Kind = strings.TrimSpace(in.Kind)
	if k, ok := ChoiceKey(OutreachKinds, in.Kind); ok {
		in.Kind = k
	}
	in.PlaceKind = strings.TrimSpace(in.PlaceKind)
	if k, ok := ChoiceKey(OutreachPlaceKinds, in.PlaceKind); ok {
		in.PlaceKind = k
	}
	in.PlaceName = strings.TrimSpace(in.PlaceName)
	in.Address = strings.TrimSpace(in.Address)
	in.RegionCode = strings.TrimSpace(in.RegionCode)
	slices.Sort(in.EmployerIDs)
	in.EmployerIDs = slices.Compact(in.EmployerIDs)
}

// Validate checks the rules that need no database; an event is recorded
// once held, so it is not later than today.
func (in *OutreachEventInput) Validate(v *ValidationError, today Date) {
	if !IsChoiceKey(OutreachKinds, in.Kind) {
		v.Add("kind", "请选择活动类型", "choose the kind of event")
	}
	if in.OrgID == 0 {
		v.Add("org_id", "请选择主办工会", "choose the organizing union")
	}
	if !IsChoiceKey(OutreachPlaceKinds, in.PlaceKind) {
		v.Add("place_kind", "请选择场所类型", "choose the kind of place")
	}
	textField(v, "place_name", in.PlaceName, 100, "请填写场所名称", "the place's name is required", "场所名称不能超过100个字", "the place's name must be at most 100 characters")
	textField(v, "address", in.Address, 200, "请填写地址", "address is required", "地址不能超过200个字", "address must be at most 200 characters")
	if in.RegionCode == "" {
		v.Add("region_code", "请填写所在街道的行政区划代码", "the street's division code is required")
	}
	switch {
	case in.HeldOn.IsZero():
		v.Add("held_on", "请填写活动日期", "the date is required")
	case !today.IsZero() && today.Before(in.HeldOn):
		v.Add("held_on", "活动日期不能晚于今天（活动举办后登记）", "the date must not be after today (an event is recorded once held)")
	case in.HeldOn.Before(NewDate(1949, 10, 1)):
		v.Add("held_on", "活动日期过早", "the date is too early")
	}
	switch {
	case in.WorkersReached < 0 || in.WorkersReached > 1000000:
		v.Add("workers_reached", "覆盖职工人数须在0到1000000之间", "workers reached must be between 0 and 1,000,000")
	case in.MembersRecruited < 0:
		v.Add("members_recruited", "发展会员人数不能为负数", "members recruited must not be negative")
	case in.MembersRecruited > in.WorkersReached:
		v.Add("members_recruited", "发展会员人数不能多于覆盖职工人数", "members recruited must not exceed the workers reached")
	}
	if len(in.EmployerIDs) > MaxOutreachEmployers {
		v.Add("employer_ids", "一次活动最多登记500家单位", "an event names at most 500 employers")
	}
}

// OutreachFilter selects events in a list.
type OutreachFilter struct {
	OrgID     int64  // events of this union's subtree; 0 = the whole scope
	Kind      string // "" = every kind
	PlaceKind string // "" = every place
	Query     string // place name or address contains
	// From and To bound the date held (zero: open).
	From, To Date
	// RegionCode keeps the events of this district or street.
	RegionCode string
	IDs        []int64 // these events only (a selection)
	Sort       string  // a key of the store's outreach sorts ("-": reversed); "" = latest first
	Page
}

// NewEmploymentRow counts the members in new forms of employment (新就业
// 形态: couriers, riders, ride-hailing drivers …) of one platform company
// (their unit) in one district on a day.
type NewEmploymentRow struct {
	UnitID       int64  `json:"unit_id"` // 0: members without a unit
	UnitName     string `json:"unit_name"`
	DistrictCode string `json:"district_code"` // the unit's district ("" unknown)
	Members      int    `json:"members"`
}

// EmploymentNewForms is the employment code of new forms of employment.
const EmploymentNewForms = "new_forms"

// The catalogue holds the outreach events' figures: an event counts on
// the day it was held, so a figure on a day is the events held up to it.
var _ = RegisterIndicators(17, []Indicator{
	{Key: "outreach_events", Name: Message{"职工聚集区域活动次数", "Outreach events held"}, Unit: unitCount,
		Definition: Message{"子树内工会截至当日举办的职工沟通会等活动（累计）", "worker dialogue meetings and other outreach events the subtree's unions held up to the day (cumulative)"}},
	{Key: "outreach_workers_reached", Name: Message{"活动覆盖职工人次", "Workers reached by outreach"}, Unit: unitPersons,
		Definition: Message{"这些活动覆盖的职工人数之和（人次）", "the workers these events reached, summed over the events"}},
	{Key: "outreach_employers_reached", Name: Message{"活动覆盖单位次数", "Employers reached by outreach"}, Unit: unitFirms,
		Definition: Message{"这些活动登记的名录单位之和（一家单位每次活动计一次）", "the register's employers these events named, once per event"}},
})
