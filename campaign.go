package gonghui

import (
	"strings"
	"unicode/utf8"
)

// Campaign is a unionization drive (建会攻坚) of a union: the employers of
// its area still without a union, picked by a filter, each assigned to a
// cadre or an industry federation, visited until a union is founded or
// the employer refuses.
type Campaign struct {
	ID       int64  `json:"id"`
	OrgID    int64  `json:"org_id"` // the union running it
	OrgName  string `json:"org_name,omitempty"`
	Name     string `json:"name"`
	StartsOn Date   `json:"starts_on"`
	EndsOn   Date   `json:"ends_on"`
	// Filter is how its employers were picked (uncovered ones only).
	Filter CampaignFilter `json:"filter"`
	// Progress counts its employers by outcome ("" = not yet visited).
	Progress map[string]int `json:"progress"`
	Version  int64          `json:"version"`
}

// CampaignFilter picks a campaign's employers among the uncovered ones of
// the running union's area.
type CampaignFilter struct {
	StaffBand    string    `json:"staff_band,omitempty"`
	LegalForm    string    `json:"legal_form,omitempty"`
	Ownership    Ownership `json:"ownership,omitempty"`
	IndustryCode string    `json:"industry_code,omitempty"`
	RegionCode   string    `json:"region_code,omitempty"`
}

// CampaignInput starts a campaign.
type CampaignInput struct {
	OrgID    int64          `json:"org_id"`
	Name     string         `json:"name"`
	StartsOn Date           `json:"starts_on"`
	EndsOn   Date           `json:"ends_on"`
	Filter   CampaignFilter `json:"filter"`
}

// CampaignTarget is one employer of a campaign: who works on it, by when,
// and where it stands.
type CampaignTarget struct {
	ID           int64  `json:"id"`
	CampaignID   int64  `json:"campaign_id"`
	EmployerID   int64  `json:"employer_id"`
	EmployerName string `json:"employer_name"`
	RegionCode   string `json:"region_code"`
	StaffCount   int    `json:"staff_count"`
	// AssigneeUserID is the cadre, AssigneeOrgID the industry federation,
	// it is assigned to (0: not yet).
	AssigneeUserID int64  `json:"assignee_user_id,omitempty"`
	AssigneeName   string `json:"assignee_name,omitempty"`
	AssigneeOrgID  int64  `json:"assignee_org_id,omitempty"`
	DueOn          Date   `json:"due_on,omitzero"`
	Outcome        string `json:"outcome,omitempty"` // one of CampaignOutcomes; "" before the first visit
	OutcomeOn      Date   `json:"outcome_on,omitzero"`
	UnionID        int64  `json:"union_id,omitempty"` // the union that covers it once founded
	Visits         int    `json:"visits"`
	Version        int64  `json:"version"`
}

// AssignedTarget is a target as its assignee sees it: the target, its
// campaign's name and its employer's public register fields (not what
// cadres keep on the employer).
type AssignedTarget struct {
	CampaignTarget
	CampaignName string        `json:"campaign_name"`
	Employer     EmployerInput `json:"employer"`
}

// The outcomes of a visit.
const (
	OutcomeRefused   = "refused"   // 拒绝建会
	OutcomePreparing = "preparing" // 筹建中
	OutcomeFounded   = "founded"   // 已建会
)

// CampaignOutcomes lists the outcomes; founded is recorded by founding.
var CampaignOutcomes = []Choice{
	{OutcomeRefused, Message{"拒绝建会", "Refused"}},
	{OutcomePreparing, Message{"筹建中", "In preparation"}},
	{OutcomeFounded, Message{"已建会", "Union founded"}},
}

// CampaignAssignment gives targets to a cadre or an industry federation.
type CampaignAssignment struct {
	TargetIDs []int64 `json:"target_ids"`
	UserID    int64   `json:"user_id"`
	OrgID     int64   `json:"org_id"`
	DueOn     Date    `json:"due_on"`
}

// VisitInput records a visit to a target employer.
type VisitInput struct {
	VisitedOn Date   `json:"visited_on"`
	Outcome   string `json:"outcome"` // refused or preparing
	Note      string `json:"note"`
	Version   int64  `json:"version"` // the target's
}

// Normalize trims the input.
func (in *CampaignInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Filter.IndustryCode = strings.ToUpper(strings.TrimSpace(in.Filter.IndustryCode))
	in.Filter.RegionCode = strings.TrimSpace(in.Filter.RegionCode)
}

// Validate checks the rules that need no database.
func (in *CampaignInput) Validate(v *ValidationError) {
	textField(v, "name", in.Name, 100, "请填写攻坚行动名称", "name is required", "名称不能超过100个字", "name must be at most 100 characters")
	if in.OrgID == 0 {
		v.Add("org_id", "请选择组织攻坚的工会", "choose the union running the campaign")
	}
	switch {
	case in.StartsOn.IsZero():
		v.Add("starts_on", "请填写开始日期", "the start date is required")
	case in.EndsOn.IsZero():
		v.Add("ends_on", "请填写截止日期", "the end date is required")
	case in.EndsOn.Before(in.StartsOn):
		v.Add("ends_on", "截止日期不能早于开始日期", "the end date must not be before the start")
	}
	if b := in.Filter.StaffBand; b != "" {
		if _, _, ok := EmployerBandRange(b); !ok {
			v.Add("filter.staff_band", "职工人数段无效", "unknown staff band")
		}
	}
	if f := in.Filter.LegalForm; f != "" && !IsChoiceKey(LegalForms, f) {
		v.Add("filter.legal_form", "企业类型无效", "unknown legal form")
	}
	if o := in.Filter.Ownership; o != "" && !o.Valid() {
		v.Add("filter.ownership", "经济类型无效", "unknown ownership type")
	}
}

// Validate checks a visit; today bounds its date.
func (in *VisitInput) Validate(v *ValidationError, today Date) {
	in.Note = strings.TrimSpace(in.Note)
	if in.VisitedOn.IsZero() || today.Before(in.VisitedOn) {
		v.Add("visited_on", "请填写走访日期（不晚于今天）", "the visit's date is required, today at the latest")
	}
	if in.Outcome != OutcomeRefused && in.Outcome != OutcomePreparing {
		v.Add("outcome", "走访结果应为拒绝建会或筹建中（建会请用“建会”操作）", "the outcome is refused or in preparation (a founding is recorded by founding)")
	}
	if utf8.RuneCountInString(in.Note) > 1000 {
		v.Add("note", "记录不能超过1000个字", "the note must be at most 1,000 characters")
	}
}

// FoundingInput is the union that covers a target employer once founded:
// one that exists (a joint union the employer joins, or one registered for
// it), or a new grassroots union registered in the same step under the
// employer's area union.
type FoundingInput struct {
	OrgID     int64  `json:"org_id,omitempty"`
	NewUnion  string `json:"new_union,omitempty"` // the new union's name
	Chair     string `json:"chair,omitempty"`
	FoundedOn Date   `json:"founded_on,omitzero"` // the new union's founding day; today when unset
}

// Normalize trims the names.
func (in *FoundingInput) Normalize() {
	in.NewUnion = strings.TrimSpace(in.NewUnion)
	in.Chair = strings.TrimSpace(in.Chair)
}

// Validate asks for exactly one of an existing union and a new one.
func (in FoundingInput) Validate(v *ValidationError) {
	switch {
	case in.OrgID == 0 && in.NewUnion == "":
		v.Add("org_id", "请填写覆盖该单位的工会，或新建工会的名称", "name the union that covers the employer, or a new union")
	case in.OrgID != 0 && in.NewUnion != "":
		v.Add("new_union", "已选现有工会时不能同时新建工会", "name an existing union or a new one, not both")
	case in.NewUnion == "" && (in.Chair != "" || !in.FoundedOn.IsZero()):
		v.Add("new_union", "主席和成立日期只用于新建工会", "a chair and a founding day go with a new union only")
	}
}

// CampaignTargetRow is one line of a campaign's spreadsheet: the campaign
// (by its union and name, started with the line's dates when new), one of
// its employers (by USCC), whom it is assigned to, and the latest visit —
// a founding names the existing union that covers the employer (a joint
// union it joins, or one registered for it) or the new grassroots union
// registered with it, founded on the visit's day. An import of the rows
// again changes nothing.
type CampaignTargetRow struct {
	OrgID         int64  `json:"org_id"`
	Campaign      string `json:"campaign"`
	StartsOn      Date   `json:"starts_on"`
	EndsOn        Date   `json:"ends_on"`
	USCC          string `json:"uscc"`
	AssigneeUser  string `json:"assignee_user,omitempty"` // a cadre's username
	AssigneeOrgID int64  `json:"assignee_org_id,omitempty"`
	DueOn         Date   `json:"due_on,omitzero"`
	VisitedOn     Date   `json:"visited_on,omitzero"`
	Outcome       string `json:"outcome,omitempty"`
	Note          string `json:"note,omitempty"`
	UnionID       int64  `json:"union_id,omitempty"`  // the founding's existing union
	NewUnion      string `json:"new_union,omitempty"` // or the new one's name
}

// Validate checks the rules that need no database; today bounds the
// visit's date.
func (r *CampaignTargetRow) Validate(v *ValidationError, today Date) {
	r.Campaign, r.AssigneeUser, r.NewUnion = strings.TrimSpace(r.Campaign), strings.TrimSpace(r.AssigneeUser), strings.TrimSpace(r.NewUnion)
	k := CampaignInput{OrgID: r.OrgID, Name: r.Campaign, StartsOn: r.StartsOn, EndsOn: r.EndsOn}
	k.Validate(v)
	Rename(v, "name", "campaign")
	if r.USCC == "" {
		v.Add("uscc", "请填写攻坚单位的统一社会信用代码", "the employer's USCC is required")
	}
	if r.AssigneeUser != "" && r.AssigneeOrgID != 0 {
		v.Add("assignee_org_id", "负责干部与负责工会只填一项", "assign to a cadre or an industry federation, not both")
	}
	if (r.AssigneeUser != "" || r.AssigneeOrgID != 0) != !r.DueOn.IsZero() {
		v.Add("due_on", "分配负责人时须填写完成期限（且只在分配时填写）", "a deadline goes with an assignment, and an assignment needs one")
	}
	switch r.Outcome {
	case "":
		if !r.VisitedOn.IsZero() || r.Note != "" || r.UnionID != 0 || r.NewUnion != "" {
			v.Add("outcome", "填写走访日期、记录或建会工会时须填写走访结果", "a visit's date, note or union needs its outcome")
		}
		return
	case OutcomeFounded:
		f := FoundingInput{OrgID: r.UnionID, NewUnion: r.NewUnion}
		f.Validate(v)
		Rename(v, "org_id", "union_id")
		if r.NewUnion != "" { // the new union's name, as its registration checks it
			org := &ValidationError{}
			(&OrgInput{Name: r.NewUnion, Kind: KindGrassroots}).Validate(org)
			if m, ok := org.Fields["name"]; ok {
				v.Add("new_union", m.Zh, m.En)
			}
		}
		if r.VisitedOn.IsZero() || today.Before(r.VisitedOn) {
			v.Add("visited_on", "请填写建会日期（不晚于今天）", "the founding's date is required, today at the latest")
		}
		return
	}
	if r.UnionID != 0 || r.NewUnion != "" {
		v.Add("union_id", "建会工会只在已建会时填写", "a union goes with a founding only")
	}
	visit := VisitInput{VisitedOn: r.VisitedOn, Outcome: r.Outcome, Note: r.Note}
	visit.Validate(v, today)
	r.Note = visit.Note
}
