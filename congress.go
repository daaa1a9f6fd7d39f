package gonghui

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// CongressKind is the form of a workers' congress (职工代表大会): one
// unit's own, or one shared by several units of a group, a region or an
// industry.
type CongressKind string

const (
	CongressUnit     CongressKind = "unit"     // 单位职代会
	CongressGroup    CongressKind = "group"    // 集团型（联合）职代会
	CongressRegional CongressKind = "regional" // 区域性职代会
	CongressIndustry CongressKind = "industry" // 行业性职代会
)

// CongressKinds lists the kinds in form order.
var CongressKinds = []Choice{
	{string(CongressUnit), Message{"单位职代会", "Unit congress"}},
	{string(CongressGroup), Message{"集团型（联合）职代会", "Group (joint) congress"}},
	{string(CongressRegional), Message{"区域性职代会", "Regional congress"}},
	{string(CongressIndustry), Message{"行业性职代会", "Industry congress"}},
}

// Limits of what a cadre enters for democratic management.
const (
	MaxMotions       = 100 // motions recorded for one sitting
	maxCongressName  = 100
	maxMotionRunes   = 200
	maxTopicRunes    = 200
	maxDirectorRunes = 50
)

// Congress is a workers' congress (职代会) and the units it covers.
type Congress struct {
	ID            int64        `json:"id"`
	OrgID         int64        `json:"org_id"` // the union that keeps it
	OrgName       string       `json:"org_name,omitempty"`
	Name          string       `json:"name"`
	Kind          CongressKind `json:"kind"`
	EstablishedOn Date         `json:"established_on"`
	DissolvedOn   Date         `json:"dissolved_on,omitzero"`
	UnitIDs       []int64      `json:"unit_ids"`
	Sittings      int          `json:"sittings"` // how many sittings are recorded
	// Version is raised by one on every update; an edit names the version
	// it was made from (see the input's Version).
	Version int64 `json:"version"`
}

// ToInput is the congress's current values as an input, where every edit
// starts.
func (g Congress) ToInput() CongressInput {
	return CongressInput{OrgID: g.OrgID, Name: g.Name, Kind: g.Kind, EstablishedOn: g.EstablishedOn, UnitIDs: g.UnitIDs, Version: g.Version}
}

// Active reports whether the congress is not dissolved.
func (c Congress) Active() bool { return c.DissolvedOn.IsZero() }

// CongressInput is what a cadre enters for a congress.
type CongressInput struct {
	OrgID         int64        `json:"org_id"`
	Name          string       `json:"name"`
	Kind          CongressKind `json:"kind"`
	EstablishedOn Date         `json:"established_on"`
	UnitIDs       []int64      `json:"unit_ids"`
	// Version is the version of the record an edit was made from (see
	// OrgInput.Version).
	Version int64 `json:"version"`
}

// Validate checks the rules that need no database; the union and the
// covered units are checked by storage against the data.
func (in *CongressInput) Validate(v *ValidationError) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		v.Add("name", "请填写职代会名称", "name is required")
	} else if utf8.RuneCountInString(in.Name) > maxCongressName {
		v.Add("name", "职代会名称不能超过100个字", "name must be at most 100 characters")
	}
	if in.OrgID == 0 {
		v.Add("org_id", "请选择建立职代会的工会", "choose the union that keeps the congress")
	}
	if !IsChoiceKey(CongressKinds, string(in.Kind)) {
		v.Add("kind", "请选择职代会类型", "choose a congress kind")
	}
	if in.EstablishedOn.IsZero() {
		v.Add("established_on", "请填写建立日期", "the date of establishment is required")
	}
	switch {
	case len(in.UnitIDs) == 0:
		v.Add("unit_ids", "请选择职代会覆盖的单位", "choose the units the congress covers")
	case in.Kind == CongressUnit && len(in.UnitIDs) != 1:
		v.Add("unit_ids", "单位职代会只覆盖一个单位", "a unit congress covers exactly one unit")
	}
	seen := make(map[int64]bool, len(in.UnitIDs))
	for _, id := range in.UnitIDs {
		if id <= 0 {
			v.Add("unit_ids", "覆盖单位无效", "a covered unit is invalid")
			break
		}
		if seen[id] {
			v.Add("unit_ids", "覆盖单位重复", "a unit is listed twice")
			break
		}
		seen[id] = true
	}
}

// Sitting is one session (会议) of a workers' congress.
type Sitting struct {
	ID        int64    `json:"id"`
	HeldOn    Date     `json:"held_on"`
	Delegates int      `json:"delegates"` // delegates elected
	Attended  int      `json:"attended"`  // delegates present
	Motions   []string `json:"motions"`   // motions and matters deliberated
}

// Quorate reports whether at least two thirds of the delegates attended,
// the share a congress needs to sit (《企业民主管理规定》).
func (s Sitting) Quorate() bool { return s.Delegates > 0 && 3*s.Attended >= 2*s.Delegates }

// SittingInput is what a cadre enters for a sitting.
type SittingInput struct {
	HeldOn    Date     `json:"held_on"`
	Delegates int      `json:"delegates"`
	Attended  int      `json:"attended"`
	Motions   []string `json:"motions"`
}

// Validate checks a sitting (a record of what happened, so never in the
// future); it trims the motions.
func (in *SittingInput) Validate(v *ValidationError, today Date) {
	switch {
	case in.HeldOn.IsZero():
		v.Add("held_on", "请填写会议日期", "the date of the sitting is required")
	case today.Before(in.HeldOn):
		v.Add("held_on", "会议日期不能晚于今天", "the sitting cannot be in the future")
	}
	if in.Delegates < 1 || in.Delegates > 100_000 {
		v.Add("delegates", "职工代表人数须在1到100000之间", "delegates must be between 1 and 100,000")
	}
	if in.Attended < 0 || in.Attended > in.Delegates {
		v.Add("attended", "出席人数须在0到代表人数之间", "attendance must lie between 0 and the number of delegates")
	}
	if len(in.Motions) > MaxMotions {
		v.Add("motions", "每次会议最多记录100项议题", "at most 100 motions per sitting")
	}
	// A fresh slice, so that trimming never writes into the caller's.
	motions := make([]string, len(in.Motions))
	for i, m := range in.Motions {
		m = strings.TrimSpace(m)
		motions[i] = m
		if m == "" {
			v.Add("motions", "议题不能为空", "a motion cannot be empty")
			break
		}
		if utf8.RuneCountInString(m) > maxMotionRunes {
			v.Add("motions", "每项议题不能超过200个字", "each motion must be at most 200 characters")
			break
		}
	}
	in.Motions = motions
}

// Disclosure is a unit's affairs-disclosure system (厂务公开制度) from its
// establishment to its end.
type Disclosure struct {
	ID            int64  `json:"id"`
	UnitID        int64  `json:"unit_id"`
	UnitName      string `json:"unit_name,omitempty"`
	EstablishedOn Date   `json:"established_on"`
	EndedOn       Date   `json:"ended_on,omitzero"`
	Records       int    `json:"records"` // how many disclosures are recorded
}

// Active reports whether the disclosure system has not ended.
func (d Disclosure) Active() bool { return d.EndedOn.IsZero() }

// CheckDisclosureStart validates the date a disclosure system was
// established: required, and not in the future.
func CheckDisclosureStart(v *ValidationError, on, today Date) {
	switch {
	case on.IsZero():
		v.Add("established_on", "请填写建立日期", "the date of establishment is required")
	case today.Before(on):
		v.Add("established_on", "建立日期不能晚于今天", "the date of establishment cannot be in the future")
	}
}

// CheckDisclosureEnd validates the date a disclosure system ended: not in
// the future, nor before its establishment or the last matter it made
// public (last; zero when none).
func CheckDisclosureEnd(v *ValidationError, established, on, last, today Date) {
	switch {
	case today.Before(on):
		v.Add("ended_on", "终止日期不能晚于今天", "the end cannot be in the future")
	case on.Before(established):
		v.Add("ended_on", "终止日期不能早于建立日期", "the end cannot precede the establishment")
	case on.Before(last):
		v.Add("ended_on", "终止日期不能早于最后一次公开（"+last.String()+"）", "the end cannot precede the last disclosure ("+last.String()+")")
	}
}

// DisclosureRecord is one matter made public under a disclosure system.
type DisclosureRecord struct {
	ID          int64  `json:"id"`
	DisclosedOn Date   `json:"disclosed_on"`
	Topic       string `json:"topic"`
}

// CheckDisclosureRecord validates a matter made public on a date; it
// returns the trimmed topic.
func CheckDisclosureRecord(on Date, topic string, today Date) (string, error) {
	v := &ValidationError{}
	switch {
	case on.IsZero():
		v.Add("disclosed_on", "请填写公开日期", "the date of disclosure is required")
	case today.Before(on):
		v.Add("disclosed_on", "公开日期不能晚于今天", "the disclosure cannot be in the future")
	}
	topic = strings.TrimSpace(topic)
	if topic == "" {
		v.Add("topic", "请填写公开事项", "the topic is required")
	} else if utf8.RuneCountInString(topic) > maxTopicRunes {
		v.Add("topic", "公开事项不能超过200个字", "the topic must be at most 200 characters")
	}
	return topic, v.Err()
}

// SmallFirm reports whether a unit counts as a small firm (中小微企业) for
// the regional and industry congresses that reach them: an enterprise of
// fewer than SmallFirmStaff staff. The register carries no size class of
// the statistics bureau, so the staff count stands for it.
func SmallFirm(o Ownership, staff int) bool {
	return staff < SmallFirmStaff && !slices.Contains(nonEnterprise, o)
}

// SmallFirmStaff is the staff count from which a firm is no longer small.
const SmallFirmStaff = 100

// AreaCongress reports whether a congress is a regional or industry one,
// shared by the small firms of an area or a trade.
func AreaCongress(k CongressKind) bool { return k == CongressRegional || k == CongressIndustry }

// DirectorRole is the seat an employee representative holds on a board.
type DirectorRole string

const (
	EmployeeDirector   DirectorRole = "director"   // 职工董事
	EmployeeSupervisor DirectorRole = "supervisor" // 职工监事
)

// DirectorRoles lists the roles in form order.
var DirectorRoles = []Choice{
	{string(EmployeeDirector), Message{"职工董事", "Employee director"}},
	{string(EmployeeSupervisor), Message{"职工监事", "Employee supervisor"}},
}

// Director is an employee director or supervisor of a unit. Until is the
// last day in office; zero while in office with no end set.
type Director struct {
	ID       int64        `json:"id"`
	UnitID   int64        `json:"unit_id"`
	UnitName string       `json:"unit_name,omitempty"`
	Role     DirectorRole `json:"role"`
	Name     string       `json:"name"`
	Since    Date         `json:"since"`
	Until    Date         `json:"until,omitzero"`
}

// InOffice reports whether the director holds the seat on day.
func (d Director) InOffice(day Date) bool {
	return !day.Before(d.Since) && (d.Until.IsZero() || !d.Until.Before(day))
}

// DirectorInput is what a cadre enters for a director or supervisor.
type DirectorInput struct {
	UnitID int64        `json:"unit_id"`
	Role   DirectorRole `json:"role"`
	Name   string       `json:"name"`
	Since  Date         `json:"since"`
	Until  Date         `json:"until"`
}

// Validate checks the rules that need no database.
func (in *DirectorInput) Validate(v *ValidationError) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		v.Add("name", "请填写姓名", "name is required")
	} else if utf8.RuneCountInString(in.Name) > maxDirectorRunes {
		v.Add("name", "姓名不能超过50个字", "name must be at most 50 characters")
	}
	if in.UnitID == 0 {
		v.Add("unit_id", "请选择单位", "choose the unit")
	}
	if !IsChoiceKey(DirectorRoles, string(in.Role)) {
		v.Add("role", "请选择职工董事或职工监事", "choose employee director or supervisor")
	}
	if in.Since.IsZero() {
		v.Add("since", "请填写任职日期", "the start of office is required")
	} else if !in.Until.IsZero() && !in.Since.Before(in.Until) {
		v.Add("until", "离任日期须晚于任职日期", "the end of office must come after its start")
	}
}

// The catalogue holds the workers' congresses' and affairs disclosure's figures.
var _ = RegisterIndicators(40, []Indicator{
	{Key: "congress_units", Name: Message{"建立职代会的单位数", "Units with a workers' congress"}, Unit: unitFirms,
		Definition: Message{"子树内单位中当日有职代会（含集团型、区域性、行业性）覆盖的", "units of the subtree covered by a workers' congress on the day, group, regional and industry ones included"}},
	{Key: "congress_rate", Name: Message{"职代会建制率", "Workers' congress rate"}, Unit: unitPercent, Rate: "congress_rate",
		Definition: Message{"按建制率口径 congress_rate 计算；分母只计当日存续工会覆盖的单位", "by the rate definition congress_rate; the denominator counts units only while their union exists"}},
	{Key: "congress_group_type", Name: Message{"集团型职代会数", "Group-type congresses"}, Unit: unitCount,
		Definition: Message{"当日存续的集团型（联合）职代会", "group-type congresses in existence on the day"}},
	{Key: "congress_area_small_units", Name: Message{"区域、行业职代会覆盖的中小微企业数", "Small firms covered by a regional or industry congress"}, Unit: unitFirms,
		Definition: Message{"子树内职工不足100人的企业单位中当日有区域性或行业性职代会覆盖的", "enterprise units of the subtree with fewer than 100 staff covered by a regional or industry workers' congress on the day"}},
	{Key: "employee_director_rate", Name: Message{"职工董事建制率", "Employee director rate"}, Unit: unitPercent, Rate: "employee_director_rate",
		Definition: Message{"按建制率口径 employee_director_rate 计算：公司制企业（有限责任公司、股份有限公司）中当日有在任职工董事的", "by the rate definition employee_director_rate: company-form enterprises (limited liability and joint-stock) with an employee director in office on the day"}},
	{Key: "employee_supervisor_rate", Name: Message{"职工监事建制率", "Employee supervisor rate"}, Unit: unitPercent, Rate: "employee_supervisor_rate",
		Definition: Message{"按建制率口径 employee_supervisor_rate 计算：公司制企业（有限责任公司、股份有限公司）中当日有在任职工监事的", "by the rate definition employee_supervisor_rate: company-form enterprises (limited liability and joint-stock) with an employee supervisor in office on the day"}},
	{Key: "disclosure_units", Name: Message{"实行厂务公开的单位数", "Units with affairs disclosure"}, Unit: unitFirms,
		Definition: Message{"子树内单位中当日实行厂务公开制度的", "units of the subtree with an affairs-disclosure system on the day"}},
	{Key: "disclosure_rate", Name: Message{"厂务公开建制率", "Affairs-disclosure rate"}, Unit: unitPercent, Rate: "disclosure_rate",
		Definition: Message{"按建制率口径 disclosure_rate 计算；分母只计当日存续工会覆盖的单位", "by the rate definition disclosure_rate; the denominator counts units only while their union exists"}},
})
