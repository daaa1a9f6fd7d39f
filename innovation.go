package gonghui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Worker innovation (创新发展助推计划): achievements (成果) of teams of the
// register, scored in review rounds by assigned reviewers (blind where the
// round says so) and selected per year from the ranking the scores make;
// innovation studios (创新工作室); mentor–apprentice pairs (名师带徒).

// AchievementKinds are the kinds of achievement.
var AchievementKinds = []Choice{
	{"invention", Message{"发明创造", "Invention"}},
	{"tech_improvement", Message{"技术革新", "Technical improvement"}},
	{"process", Message{"工艺改进", "Process improvement"}},
	{"management", Message{"管理创新", "Management innovation"}},
	{"suggestion", Message{"合理化建议", "Rationalisation proposal"}},
	{"other", Message{"其他", "Other"}},
}

// TeamRoles are a team member's roles in an achievement.
var TeamRoles = []Choice{
	{"lead", Message{"第一完成人", "Lead"}},
	{"member", Message{"主要完成人", "Member"}},
}

// PatentKinds are the kinds of patent (专利).
var PatentKinds = []Choice{
	{"invention", Message{"发明专利", "Invention patent"}},
	{"utility", Message{"实用新型", "Utility model"}},
	{"design", Message{"外观设计", "Design patent"}},
}

// InnovationLevels are the levels of a review round and of a studio's
// recognition.
var InnovationLevels = []Choice{
	{"city", Message{"市级", "City"}},
	{"district", Message{"区级（局级、产业）", "District (bureau, industry)"}},
	{"enterprise", Message{"企业级", "Enterprise"}},
}

// The bounds of a reviewer's score.
const (
	MinScore = 0
	MaxScore = 100
)

// PersonRef names a person of the register: by id (forms, the API) or by
// ID number (imports), which the store resolves to the register.
type PersonRef struct {
	PersonID int64  `json:"person_id,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
}

func (p *PersonRef) normalize() { p.IDNumber = strings.ToUpper(strings.TrimSpace(p.IDNumber)) }

// Empty reports whether the reference names nobody.
func (p PersonRef) Empty() bool { return p.PersonID == 0 && p.IDNumber == "" }

// Key is the reference's identity within one input.
func (p PersonRef) Key() string {
	if p.PersonID != 0 {
		return "id:" + strconv.FormatInt(p.PersonID, 10)
	}
	return "no:" + p.IDNumber
}

// TeamMember is a person of an achievement's team.
type TeamMember struct {
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
	Role     string `json:"role"`
}

// TeamMemberInput names a team member of the register: by id, or by ID
// number (imports).
type TeamMemberInput struct {
	PersonID int64  `json:"person_id,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
	Role     string `json:"role"`
}

// Ref is the member's reference to the register.
func (m TeamMemberInput) Ref() PersonRef {
	return PersonRef{PersonID: m.PersonID, IDNumber: m.IDNumber}
}

// Patent is a patent of an achievement.
type Patent struct {
	Number string `json:"number"`
	Kind   string `json:"kind"`
}

// Achievement is an innovation achievement (创新成果) of a union's
// members. Team, UnitName, OrgID and OrgName are empty, and Blind set,
// when the reader reviews it in a blind round.
type Achievement struct {
	ID       int64        `json:"id"`
	Title    string       `json:"title"`
	Kind     string       `json:"kind"`
	Year     int          `json:"year"`
	OrgID    int64        `json:"org_id,omitempty"`
	OrgName  string       `json:"org_name,omitempty"`
	UnitName string       `json:"unit_name,omitempty"`
	Summary  string       `json:"summary,omitempty"`
	Team     []TeamMember `json:"team,omitempty"`
	Patents  []Patent     `json:"patents,omitempty"`
	// SelectedOn is the day the year's final selection took it; Rank its
	// place in the ranking of that round's scores (0: a selection
	// imported from the federation's list).
	SelectedOn Date  `json:"selected_on,omitzero"`
	Rank       int   `json:"rank,omitempty"`
	RoundID    int64 `json:"round_id,omitempty"`
	Blind      bool  `json:"blind,omitempty"`
	Version    int64 `json:"version"`
}

// AchievementInput records an achievement.
type AchievementInput struct {
	Title    string            `json:"title"`
	Kind     string            `json:"kind"`
	Year     int               `json:"year"`
	OrgID    int64             `json:"org_id"`
	UnitName string            `json:"unit_name"`
	Summary  string            `json:"summary"`
	Team     []TeamMemberInput `json:"team"`
	Patents  []Patent          `json:"patents"`
	// SelectedOn, set only by imports, records a selection of an earlier
	// year from the federation's published list.
	SelectedOn Date  `json:"-"`
	Version    int64 `json:"version,omitempty"`
}

// ToInput is the input that records a as it is.
func (a Achievement) ToInput() AchievementInput {
	in := AchievementInput{Title: a.Title, Kind: a.Kind, Year: a.Year, OrgID: a.OrgID, UnitName: a.UnitName, Summary: a.Summary,
		Patents: slices.Clone(a.Patents), Version: a.Version}
	for _, m := range a.Team {
		in.Team = append(in.Team, TeamMemberInput{PersonID: m.PersonID, Role: m.Role})
	}
	return in
}

// Normalize trims the input and reads code names.
func (in *AchievementInput) Normalize() {
	in.Title = strings.TrimSpace(in.Title)
	in.Kind = choiceOrSelf(AchievementKinds, in.Kind)
	in.UnitName = strings.TrimSpace(in.UnitName)
	in.Summary = strings.TrimSpace(in.Summary)
	for i := range in.Team {
		in.Team[i].IDNumber = strings.ToUpper(strings.TrimSpace(in.Team[i].IDNumber))
		in.Team[i].Role = choiceOrSelf(TeamRoles, in.Team[i].Role)
	}
	for i := range in.Patents {
		in.Patents[i].Number = strings.ToUpper(strings.TrimSpace(in.Patents[i].Number))
		in.Patents[i].Kind = choiceOrSelf(PatentKinds, in.Patents[i].Kind)
	}
}

// Validate checks the input's rules that need no data.
func (in *AchievementInput) Validate(v *ValidationError, today Date) {
	textField(v, "title", in.Title, 200, "请填写成果名称", "the title is required", "成果名称不能超过200个字", "the title must be at most 200 characters")
	if !IsChoiceKey(AchievementKinds, in.Kind) {
		v.Add("kind", "请选择成果类型", "choose the kind of achievement")
	}
	validYear(v, "year", in.Year, today)
	if in.OrgID == 0 {
		v.Add("org_id", "请选择工会", "choose the union")
	}
	if utf8.RuneCountInString(in.UnitName) > 100 {
		v.Add("unit_name", "单位名称不能超过100个字", "the unit name must be at most 100 characters")
	}
	if utf8.RuneCountInString(in.Summary) > 2000 {
		v.Add("summary", "简介不能超过2000个字", "the summary must be at most 2000 characters")
	}
	switch {
	case len(in.Team) == 0:
		v.Add("team", "请至少填写一名完成人", "name one team member at least")
	case len(in.Team) > 50:
		v.Add("team", "完成人不能超过50名", "a team has at most 50 members")
	}
	seen := map[string]bool{}
	for i, m := range in.Team {
		f := "team." + strconv.Itoa(i)
		switch ref := m.Ref(); {
		case ref.Empty():
			v.Add(f+".person_id", "请选择会员", "choose a member of the register")
		case seen[ref.Key()]:
			v.Add(f+".person_id", "完成人重复", "the member is named twice")
		}
		seen[m.Ref().Key()] = true
		if !IsChoiceKey(TeamRoles, m.Role) {
			v.Add(f+".role", "请选择分工", "choose the member's role")
		}
	}
	nums := map[string]bool{}
	for i, p := range in.Patents {
		f := "patents." + strconv.Itoa(i)
		textField(v, f+".number", p.Number, 50, "请填写专利号", "the patent number is required", "专利号不能超过50个字符", "the patent number must be at most 50 characters")
		if nums[p.Number] && p.Number != "" {
			v.Add(f+".number", "专利号重复", "the patent is given twice")
		}
		nums[p.Number] = true
		if !IsChoiceKey(PatentKinds, p.Kind) {
			v.Add(f+".kind", "请选择专利类型", "choose the kind of patent")
		}
	}
	if !in.SelectedOn.IsZero() && (yearOf(in.SelectedOn) < in.Year || (!today.IsZero() && today.Before(in.SelectedOn))) {
		v.Add("selected_on", "入选日期须在成果年度之后且不晚于今天", "the selection date is after the achievement's year began and not in the future")
	}
}

// validYear checks a year of record: from 1950 to next year.
func validYear(v *ValidationError, field string, year int, today Date) {
	if year < 1950 || (!today.IsZero() && year > yearOf(today)+1) {
		v.Add(field, "年度无效", "invalid year")
	}
}

// AchievementFilter selects achievements in a list.
type AchievementFilter struct {
	OrgID    int64
	Year     int
	Kind     string
	PersonID int64 // a member's achievements
	Selected bool  // only the selected ones
	Query    string
	Page
}

// The states of a review round.
const (
	InnovationRoundOpen     = "open"
	InnovationRoundClosed   = "closed"   // scores final, the ranking stands
	InnovationRoundSelected = "selected" // a final round whose selection is made
)

// InnovationRoundStates lists the states.
var InnovationRoundStates = []Choice{
	{InnovationRoundOpen, Message{"评审中", "Scoring"}},
	{InnovationRoundClosed, Message{"评审结束", "Closed"}},
	{InnovationRoundSelected, Message{"已评选", "Selected"}},
}

// Reviewer is a user account assigned to a round.
type Reviewer struct {
	UserID      int64  `json:"user_id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name,omitempty"`
}

// InnovationRound is a round of review (评审) held by a union for a year's
// achievements of its subtree. A final round ends in the year's selection
// (at most one per union and year) of Quota achievements.
type InnovationRound struct {
	ID        int64      `json:"id"`
	OrgID     int64      `json:"org_id"`
	OrgName   string     `json:"org_name,omitempty"`
	Year      int        `json:"year"`
	Level     string     `json:"level"`
	Title     string     `json:"title"`
	Blind     bool       `json:"blind"`
	Final     bool       `json:"final"`
	Quota     int        `json:"quota,omitempty"`
	State     string     `json:"state"`
	ClosedOn  Date       `json:"closed_on,omitzero"`
	Reviewers []Reviewer `json:"reviewers"`
	Entries   int        `json:"entries"`
	Version   int64      `json:"version"`
}

// InnovationRoundInput opens a round.
type InnovationRoundInput struct {
	OrgID       int64   `json:"org_id"`
	Year        int     `json:"year"`
	Level       string  `json:"level"`
	Title       string  `json:"title"`
	Blind       bool    `json:"blind"`
	Final       bool    `json:"final"`
	Quota       int     `json:"quota"`
	ReviewerIDs []int64 `json:"reviewer_ids"`
}

// Validate checks the input's rules that need no data.
func (in *InnovationRoundInput) Validate(v *ValidationError, today Date) {
	in.Title = strings.TrimSpace(in.Title)
	in.Level = choiceOrSelf(InnovationLevels, in.Level)
	if in.OrgID == 0 {
		v.Add("org_id", "请选择评审工会", "choose the union holding the round")
	}
	validYear(v, "year", in.Year, today)
	if !IsChoiceKey(InnovationLevels, in.Level) {
		v.Add("level", "请选择级别", "choose the level")
	}
	textField(v, "title", in.Title, 200, "请填写评审名称", "the title is required", "评审名称不能超过200个字", "the title must be at most 200 characters")
	switch {
	case in.Final && (in.Quota < 1 || in.Quota > 10000):
		v.Add("quota", "终评的入选名额须在1到10000之间", "a final round selects between 1 and 10000")
	case !in.Final && in.Quota != 0:
		v.Add("quota", "只有终评设入选名额", "only a final round has a quota")
	}
	switch {
	case len(in.ReviewerIDs) == 0:
		v.Add("reviewer_ids", "请至少指定一名评审专家", "assign one reviewer at least")
	case len(in.ReviewerIDs) > 50:
		v.Add("reviewer_ids", "评审专家不能超过50名", "a round has at most 50 reviewers")
	}
	seen := map[int64]bool{}
	for i, id := range in.ReviewerIDs {
		if seen[id] || id <= 0 {
			v.Add("reviewer_ids."+strconv.Itoa(i), "评审专家无效或重复", "the reviewer is invalid or named twice")
		}
		seen[id] = true
	}
}

// ScoreInput is a reviewer's score of an entry of a round.
type ScoreInput struct {
	AchievementID int64  `json:"achievement_id"`
	Score         int    `json:"score"`
	Comment       string `json:"comment"`
}

// Validate checks the score's bounds.
func (in *ScoreInput) Validate(v *ValidationError) {
	in.Comment = strings.TrimSpace(in.Comment)
	if in.AchievementID == 0 {
		v.Add("achievement_id", "请选择成果", "choose the achievement")
	}
	if in.Score < MinScore || in.Score > MaxScore {
		v.Add("score", fmt.Sprintf("评分须在%d到%d之间", MinScore, MaxScore), fmt.Sprintf("the score must be between %d and %d", MinScore, MaxScore))
	}
	if utf8.RuneCountInString(in.Comment) > 500 {
		v.Add("comment", "评语不能超过500个字", "the comment must be at most 500 characters")
	}
}

// Score is one reviewer's score of one entry.
type Score struct {
	AchievementID int64  `json:"achievement_id"`
	ReviewerID    int64  `json:"reviewer_id"`
	Reviewer      string `json:"reviewer,omitempty"`
	Score         int    `json:"score"`
	Comment       string `json:"comment,omitempty"`
}

// RoundEntry is an achievement in a round with its place in the ranking.
// A reviewer reads only their own score, and in a blind round the
// achievement comes without team, unit and union.
type RoundEntry struct {
	Achievement Achievement `json:"achievement"`
	Scores      []Score     `json:"scores,omitempty"`
	Scored      int         `json:"scored"`
	// Total and Mean are of the scores given; Rank is 0 before any.
	Total int     `json:"total"`
	Mean  float64 `json:"mean"`
	Rank  int     `json:"rank,omitempty"`
}

// Rank orders entries by the mean of their scores, highest first (ties by
// achievement id, for a stable order), and gives tied means one rank (1,
// 2, 2, 4). Entries without a score come last, unranked.
func Rank(entries []RoundEntry) {
	for i := range entries {
		e := &entries[i]
		e.Rank, e.Mean = 0, 0
		if e.Scored > 0 {
			e.Mean = float64(e.Total) / float64(e.Scored)
		}
	}
	// Compare means exactly: a/b against c/d as a·d against c·b.
	cmp := func(a, b RoundEntry) int {
		switch {
		case a.Scored == 0 || b.Scored == 0:
			if a.Scored == 0 && b.Scored != 0 {
				return 1
			}
			if b.Scored == 0 && a.Scored != 0 {
				return -1
			}
			return 0
		default:
			l, r := int64(a.Total)*int64(b.Scored), int64(b.Total)*int64(a.Scored)
			switch {
			case l > r:
				return -1
			case l < r:
				return 1
			}
			return 0
		}
	}
	slices.SortStableFunc(entries, func(a, b RoundEntry) int {
		if c := cmp(a, b); c != 0 {
			return c
		}
		return int(min(max(a.Achievement.ID-b.Achievement.ID, -1), 1))
	})
	for i := range entries {
		switch {
		case entries[i].Scored == 0:
		case i > 0 && cmp(entries[i-1], entries[i]) == 0:
			entries[i].Rank = entries[i-1].Rank
		default:
			entries[i].Rank = i + 1
		}
	}
}

// SelectionCut is the first quota of ranked entries (see Rank): the
// year's selection. A tie across the cut, or fewer ranked entries than
// the quota, refuses it, naming why.
func SelectionCut(ranked []RoundEntry, quota int) ([]RoundEntry, error) {
	n := 0
	for _, e := range ranked {
		if e.Rank > 0 {
			n++
		}
	}
	switch {
	case n < quota:
		return nil, Invalid("quota", fmt.Sprintf("已评分成果%d项，少于入选名额%d", n, quota), fmt.Sprintf("%d entries are scored, fewer than the quota of %d", n, quota))
	case quota < n && ranked[quota].Rank == ranked[quota-1].Rank:
		return nil, Invalid("quota", fmt.Sprintf("第%d名并列，名额%d无法划线", ranked[quota].Rank, quota),
			fmt.Sprintf("entries tie at rank %d across the quota of %d", ranked[quota].Rank, quota))
	}
	return ranked[:quota], nil
}

// The states of a studio.
const (
	StudioActive  = "active"
	StudioRevoked = "revoked"
)

// StudioKinds are the kinds of innovation studio.
var StudioKinds = []Choice{
	{"worker", Message{"职工创新工作室", "Worker innovation studio"}},
	{"craftsman", Message{"工匠创新工作室", "Craftsman innovation studio"}},
	{"model_worker", Message{"劳模创新工作室", "Model worker innovation studio"}},
}

// StudioStatuses lists the statuses of a studio.
var StudioStatuses = []Choice{
	{StudioActive, Message{"有效", "Active"}},
	{"suspended", Message{"暂停", "Suspended"}},
	{StudioRevoked, Message{"已撤销", "Revoked"}},
}

// StudioMember is a member of a studio.
type StudioMember struct {
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
}

// Studio is an innovation studio (创新工作室) hosted by a unit of a
// union, led by a person of the register, recognised at a level.
type Studio struct {
	ID           int64          `json:"id"`
	Name         string         `json:"name"`
	Kind         string         `json:"kind"`
	Level        string         `json:"level"`
	OrgID        int64          `json:"org_id"`
	OrgName      string         `json:"org_name,omitempty"`
	HostUnit     string         `json:"host_unit"`
	LeaderID     int64          `json:"leader_id"`
	LeaderName   string         `json:"leader_name,omitempty"`
	Members      []StudioMember `json:"members,omitempty"`
	FoundedOn    Date           `json:"founded_on"`
	RecognisedOn Date           `json:"recognised_on"`
	ReviewedOn   Date           `json:"reviewed_on,omitzero"`
	Status       string         `json:"status"`
	Version      int64          `json:"version"`
}

// StudioInput records a studio.
type StudioInput struct {
	Name         string      `json:"name"`
	Kind         string      `json:"kind"`
	Level        string      `json:"level"`
	OrgID        int64       `json:"org_id"`
	HostUnit     string      `json:"host_unit"`
	Leader       PersonRef   `json:"leader"`
	Members      []PersonRef `json:"members"`
	FoundedOn    Date        `json:"founded_on"`
	RecognisedOn Date        `json:"recognised_on"`
	ReviewedOn   Date        `json:"reviewed_on,omitzero"`
	Status       string      `json:"status"`
	Version      int64       `json:"version,omitempty"`
}

// ToInput is the input that records s as it is.
func (s Studio) ToInput() StudioInput {
	in := StudioInput{Name: s.Name, Kind: s.Kind, Level: s.Level, OrgID: s.OrgID, HostUnit: s.HostUnit, Leader: PersonRef{PersonID: s.LeaderID},
		FoundedOn: s.FoundedOn, RecognisedOn: s.RecognisedOn, ReviewedOn: s.ReviewedOn, Status: s.Status, Version: s.Version}
	for _, m := range s.Members {
		in.Members = append(in.Members, PersonRef{PersonID: m.PersonID})
	}
	return in
}

// Normalize trims the input and reads code names.
func (in *StudioInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.HostUnit = strings.TrimSpace(in.HostUnit)
	in.Kind = choiceOrSelf(StudioKinds, in.Kind)
	in.Level = choiceOrSelf(InnovationLevels, in.Level)
	in.Status = choiceOrSelf(StudioStatuses, in.Status)
	if in.Status == "" {
		in.Status = StudioActive
	}
	in.Leader.normalize()
	for i := range in.Members {
		in.Members[i].normalize()
	}
}

// Validate checks the input's rules that need no data.
func (in *StudioInput) Validate(v *ValidationError, today Date) {
	textField(v, "name", in.Name, 100, "请填写工作室名称", "the name is required", "名称不能超过100个字", "the name must be at most 100 characters")
	if !IsChoiceKey(StudioKinds, in.Kind) {
		v.Add("kind", "请选择工作室类型", "choose the kind of studio")
	}
	if !IsChoiceKey(InnovationLevels, in.Level) {
		v.Add("level", "请选择命名级别", "choose the level of recognition")
	}
	if !IsChoiceKey(StudioStatuses, in.Status) {
		v.Add("status", "请选择状态", "choose the status")
	}
	if in.OrgID == 0 {
		v.Add("org_id", "请选择工会", "choose the union")
	}
	textField(v, "host_unit", in.HostUnit, 100, "请填写依托单位", "the host unit is required", "依托单位不能超过100个字", "the host unit must be at most 100 characters")
	if in.Leader.Empty() {
		v.Add("leader", "请选择领办人", "choose the studio's leader")
	}
	if len(in.Members) > 200 {
		v.Add("members", "成员不能超过200名", "a studio has at most 200 members")
	}
	seen := map[string]bool{in.Leader.Key(): true}
	for i, m := range in.Members {
		if m.Empty() || seen[m.Key()] {
			v.Add("members."+strconv.Itoa(i), "成员为空、重复或为领办人", "the member is empty, named twice or the leader")
		}
		seen[m.Key()] = true
	}
	dateOrder(v, today, []datedField{{"founded_on", in.FoundedOn, true, "创建日期", "the founding date"},
		{"recognised_on", in.RecognisedOn, true, "命名日期", "the recognition date"}, {"reviewed_on", in.ReviewedOn, false, "复核日期", "the review date"}})
}

type datedField struct {
	field    string
	on       Date
	required bool
	zh, en   string
}

// dateOrder checks dates that follow each other and none in the future.
func dateOrder(v *ValidationError, today Date, ds []datedField) {
	var last Date
	for _, d := range ds {
		switch {
		case d.on.IsZero():
			if d.required {
				v.Add(d.field, "请填写"+d.zh, d.en+" is required")
			}
			continue
		case !today.IsZero() && today.Before(d.on):
			v.Add(d.field, d.zh+"不能晚于今天", d.en+" cannot be in the future")
		case !last.IsZero() && d.on.Before(last):
			v.Add(d.field, d.zh+"不能早于前一日期", d.en+" cannot be before the date before it")
		}
		last = d.on
	}
}

// StudioFilter selects studios in a list.
type StudioFilter struct {
	OrgID    int64
	Kind     string
	Level    string
	Year     int // recognised in the year
	PersonID int64
	Query    string
	Page
}

// MentorPair is a mentor–apprentice pair (名师带徒) of a union.
type MentorPair struct {
	ID             int64  `json:"id"`
	OrgID          int64  `json:"org_id"`
	OrgName        string `json:"org_name,omitempty"`
	MentorID       int64  `json:"mentor_id"`
	MentorName     string `json:"mentor_name,omitempty"`
	ApprenticeID   int64  `json:"apprentice_id"`
	ApprenticeName string `json:"apprentice_name,omitempty"`
	From           Date   `json:"from"`
	To             Date   `json:"to"`
	Goals          string `json:"goals"`
	Outcome        string `json:"outcome,omitempty"`
	Version        int64  `json:"version"`
}

// MentorPairInput records a pair.
type MentorPairInput struct {
	OrgID      int64     `json:"org_id"`
	Mentor     PersonRef `json:"mentor"`
	Apprentice PersonRef `json:"apprentice"`
	From       Date      `json:"from"`
	To         Date      `json:"to"`
	Goals      string    `json:"goals"`
	Outcome    string    `json:"outcome"`
	Version    int64     `json:"version,omitempty"`
}

// ToInput is the input that records p as it is.
func (p MentorPair) ToInput() MentorPairInput {
	return MentorPairInput{OrgID: p.OrgID, Mentor: PersonRef{PersonID: p.MentorID}, Apprentice: PersonRef{PersonID: p.ApprenticeID},
		From: p.From, To: p.To, Goals: p.Goals, Outcome: p.Outcome, Version: p.Version}
}

// Normalize trims the input.
func (in *MentorPairInput) Normalize() {
	in.Mentor.normalize()
	in.Apprentice.normalize()
	in.Goals = strings.TrimSpace(in.Goals)
	in.Outcome = strings.TrimSpace(in.Outcome)
}

// Validate checks the input's rules that need no data.
func (in *MentorPairInput) Validate(v *ValidationError, today Date) {
	if in.OrgID == 0 {
		v.Add("org_id", "请选择工会", "choose the union")
	}
	if in.Mentor.Empty() {
		v.Add("mentor", "请选择师傅", "choose the mentor")
	}
	switch {
	case in.Apprentice.Empty():
		v.Add("apprentice", "请选择徒弟", "choose the apprentice")
	case in.Apprentice.Key() == in.Mentor.Key():
		v.Add("apprentice", "徒弟不能是师傅本人", "the apprentice cannot be the mentor")
	}
	switch {
	case in.From.IsZero():
		v.Add("from", "请填写起始日期", "the start date is required")
	case !today.IsZero() && today.Before(in.From):
		v.Add("from", "起始日期不能晚于今天", "the start date cannot be in the future")
	}
	switch {
	case in.To.IsZero():
		v.Add("to", "请填写结束日期", "the end date is required")
	case !in.From.IsZero() && !in.From.Before(in.To):
		v.Add("to", "结束日期须晚于起始日期", "the end date must be after the start date")
	}
	textField(v, "goals", in.Goals, 1000, "请填写带徒目标", "the goals are required", "目标不能超过1000个字", "the goals must be at most 1000 characters")
	if utf8.RuneCountInString(in.Outcome) > 1000 {
		v.Add("outcome", "成效不能超过1000个字", "the outcome must be at most 1000 characters")
	}
}

// MentorPairFilter selects pairs in a list.
type MentorPairFilter struct {
	OrgID    int64
	Year     int // started in the year
	PersonID int64
	Page
}

// The catalogue holds the innovation figures.
var _ = RegisterIndicators(78, []Indicator{
	{Key: "innovation_achievements_selected", Name: Message{"当年评选优秀创新成果", "Innovation achievements selected in the year"}, Unit: unitCount,
		Definition: Message{"子树内工会的成果当年1月1日至当日在年度终评中入选的项数", "achievements of the subtree's unions taken by the year's final selection from 1 January to the day"}},
	{Key: "innovation_studios_city", Name: Message{"当年新命名市级创新工作室", "City-level innovation studios recognised in the year"}, Unit: unitCount,
		Definition: Message{"子树内工会当年1月1日至当日命名为市级的创新工作室（各类）", "innovation studios (every kind) of the subtree's unions recognised at the city level from 1 January to the day"}},
	{Key: "mentor_pairs", Name: Message{"当年“名师带徒”结对", "Mentor–apprentice pairs started in the year"}, Unit: unitCount,
		Definition: Message{"子树内工会当年1月1日至当日开始的师徒结对", "mentor–apprentice pairs of the subtree's unions started from 1 January to the day"}},
})
