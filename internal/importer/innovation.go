package importer

import (
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/store"
)

// The innovation imports: achievements, studios and mentor–apprentice
// pairs as the federation lists them. People are named by their citizen
// ID numbers, each a member of the register in the importer's scope.

// listCell splits a cell of several values (ID numbers, patents).
func listCell(cell string) []string {
	return strings.FieldsFunc(cell, func(r rune) bool { return strings.ContainsRune(";；,，、 \n", r) })
}

// Columns of the achievements template.
const (
	acTitle = iota
	acKind
	acYear
	acOrg
	acUnit
	acTeam
	acPatents
	acPatentKind
	acSelected
)

var achievementColumns = []column{
	acTitle:      {header: "成果名称", aliases: []string{"名称", "title"}, field: "title", required: true, example: "焊接机器人工装改进"},
	acKind:       {header: "成果类型", aliases: []string{"类型", "kind"}, field: "kind", required: true, example: "技术革新", choices: choiceNames(gonghui.AchievementKinds)},
	acYear:       {header: "年度", aliases: []string{"申报年度", "year"}, field: "year", required: true, example: "2017"},
	acOrg:        {header: "工会", aliases: []string{"工会代码", "申报工会", "org"}, field: "org_id", required: true, example: "GH000123"},
	acUnit:       {header: "完成单位", aliases: []string{"单位", "unit_name"}, field: "unit_name", example: "示例制造有限公司"},
	acTeam:       {header: "完成人公民身份号码", aliases: []string{"完成人身份证号", "完成人", "team"}, field: "team", required: true, note: "多人以分号分隔，第一位为第一完成人 / several separated by semicolons, the lead first"},
	acPatents:    {header: "专利号", aliases: []string{"专利", "patents"}, field: "patents", note: "多项以分号分隔 / several separated by semicolons"},
	acPatentKind: {header: "专利类型", aliases: []string{"patent_kind"}, field: "patent_kind", choices: choiceNames(gonghui.PatentKinds)},
	acSelected:   {header: "入选日期", aliases: []string{"评选日期", "selected_on"}, field: "selected_on", note: "已公布的评选结果 / a selection already published"},
}

// Achievements imports achievements; one on record (its union, year and
// title) is left alone. A row's 入选日期 records a published selection.
var Achievements Job = &kind[gonghui.AchievementInput]{
	name:      "innovation-achievements",
	table:     "innovation_achievements",
	columns:   achievementColumns,
	orgColumn: acOrg,
	prepare:   checkedRow(parseAchievement, func(in *gonghui.AchievementInput) *int64 { return &in.OrgID }),
	identity: func(in gonghui.AchievementInput) string {
		return strconv.FormatInt(in.OrgID, 10) + "\x00" + strconv.Itoa(in.Year) + "\x00" + in.Title
	},
	duplicate: sameAs("title", "与第%d行是同一工会同一年度的同名成果", "the same achievement of the same union and year as line %d"),
	newWriter: writerOf[gonghui.AchievementInput]((*store.Store).NewAchievementWriter),
}

func parseAchievement(h headerMap, cells []string, v *gonghui.ValidationError) (gonghui.AchievementInput, string) {
	in := gonghui.AchievementInput{Title: h.cell(cells, acTitle), Year: intCell(v, "year", h.cell(cells, acYear)), UnitName: h.cell(cells, acUnit)}
	in.Kind = choiceCell(v, "kind", gonghui.AchievementKinds, h.cell(cells, acKind))
	for i, id := range listCell(h.cell(cells, acTeam)) {
		role := "member"
		if i == 0 {
			role = "lead"
		}
		in.Team = append(in.Team, gonghui.TeamMemberInput{IDNumber: id, Role: role})
	}
	numbers := listCell(h.cell(cells, acPatents))
	pk := choiceCell(v, "patent_kind", gonghui.PatentKinds, h.cell(cells, acPatentKind))
	if len(numbers) > 0 && pk == "" {
		// The column's own reason, not each patent's.
		if v.Fields["patent_kind"].Zh == "" {
			v.Add("patent_kind", "请填写专利类型", "the kind of patent is required")
		}
		numbers = nil
	}
	for _, n := range numbers {
		in.Patents = append(in.Patents, gonghui.Patent{Number: n, Kind: pk})
	}
	dateCell(v, "selected_on", h.cell(cells, acSelected), &in.SelectedOn)
	return in, h.cell(cells, acOrg)
}

// Columns of the studios template.
const (
	stName = iota
	stKind
	stLevel
	stOrg
	stHost
	stLeader
	stMembers
	stFounded
	stRecognised
	stReviewed
	stStatus
)

var studioColumns = []column{
	stName:       {header: "工作室名称", aliases: []string{"名称", "name"}, field: "name", required: true, example: "张三工匠创新工作室"},
	stKind:       {header: "工作室类型", aliases: []string{"类型", "kind"}, field: "kind", required: true, example: "工匠创新工作室", choices: choiceNames(gonghui.StudioKinds)},
	stLevel:      {header: "命名级别", aliases: []string{"级别", "level"}, field: "level", required: true, example: "市级", choices: choiceNames(gonghui.InnovationLevels)},
	stOrg:        {header: "工会", aliases: []string{"工会代码", "org"}, field: "org_id", required: true, example: "GH000123"},
	stHost:       {header: "依托单位", aliases: []string{"单位", "host_unit"}, field: "host_unit", required: true, example: "示例制造有限公司"},
	stLeader:     {header: "领办人公民身份号码", aliases: []string{"领办人身份证号", "领办人", "leader"}, field: "leader", required: true},
	stMembers:    {header: "成员公民身份号码", aliases: []string{"成员身份证号", "成员", "members"}, field: "members", note: "多人以分号分隔 / several separated by semicolons"},
	stFounded:    {header: "创建日期", aliases: []string{"成立日期", "founded_on"}, field: "founded_on", required: true, example: "2015-03-01"},
	stRecognised: {header: "命名日期", aliases: []string{"认定日期", "recognised_on"}, field: "recognised_on", required: true, example: "2017-04-27"},
	stReviewed:   {header: "复核日期", aliases: []string{"reviewed_on"}, field: "reviewed_on"},
	stStatus:     {header: "状态", aliases: []string{"status"}, field: "status", example: "有效", choices: choiceNames(gonghui.StudioStatuses)},
}

// Studios imports innovation studios; one on record (its union and name)
// is left alone.
var Studios Job = &kind[gonghui.StudioInput]{
	name:      "innovation-studios",
	table:     "innovation_studios",
	columns:   studioColumns,
	orgColumn: stOrg,
	prepare:   checkedRow(parseStudio, func(in *gonghui.StudioInput) *int64 { return &in.OrgID }),
	identity:  func(in gonghui.StudioInput) string { return strconv.FormatInt(in.OrgID, 10) + "\x00" + in.Name },
	duplicate: sameAs("name", "与第%d行是同一工会的同名工作室", "the same studio of the same union as line %d"),
	newWriter: writerOf[gonghui.StudioInput]((*store.Store).NewStudioWriter),
}

func parseStudio(h headerMap, cells []string, v *gonghui.ValidationError) (gonghui.StudioInput, string) {
	in := gonghui.StudioInput{Name: h.cell(cells, stName), HostUnit: h.cell(cells, stHost), Leader: gonghui.PersonRef{IDNumber: h.cell(cells, stLeader)}}
	in.Kind = choiceCell(v, "kind", gonghui.StudioKinds, h.cell(cells, stKind))
	in.Level = choiceCell(v, "level", gonghui.InnovationLevels, h.cell(cells, stLevel))
	in.Status = choiceCell(v, "status", gonghui.StudioStatuses, h.cell(cells, stStatus))
	for _, id := range listCell(h.cell(cells, stMembers)) {
		in.Members = append(in.Members, gonghui.PersonRef{IDNumber: id})
	}
	dateCell(v, "founded_on", h.cell(cells, stFounded), &in.FoundedOn)
	dateCell(v, "recognised_on", h.cell(cells, stRecognised), &in.RecognisedOn)
	dateCell(v, "reviewed_on", h.cell(cells, stReviewed), &in.ReviewedOn)
	return in, h.cell(cells, stOrg)
}

// Columns of the mentor pairs template.
const (
	mpOrg = iota
	mpMentor
	mpApprentice
	mpFrom
	mpTo
	mpGoals
	mpOutcome
)

var pairColumns = []column{
	mpOrg:        {header: "工会", aliases: []string{"工会代码", "org"}, field: "org_id", required: true, example: "GH000123"},
	mpMentor:     {header: "师傅公民身份号码", aliases: []string{"师傅身份证号", "师傅", "mentor"}, field: "mentor", required: true},
	mpApprentice: {header: "徒弟公民身份号码", aliases: []string{"徒弟身份证号", "徒弟", "apprentice"}, field: "apprentice", required: true},
	mpFrom:       {header: "起始日期", aliases: []string{"结对日期", "from"}, field: "from", required: true, example: "2017-03-01"},
	mpTo:         {header: "结束日期", aliases: []string{"期满日期", "to"}, field: "to", required: true, example: "2019-02-28"},
	mpGoals:      {header: "带徒目标", aliases: []string{"目标", "goals"}, field: "goals", required: true, example: "徒弟两年内取得高级工资格"},
	mpOutcome:    {header: "成效", aliases: []string{"带徒成效", "outcome"}, field: "outcome"},
}

// MentorPairs imports mentor–apprentice pairs; one on record (its mentor,
// apprentice and start) is left alone.
var MentorPairs Job = &kind[gonghui.MentorPairInput]{
	name:      "mentor-pairs",
	table:     "mentor_pairs",
	columns:   pairColumns,
	orgColumn: mpOrg,
	prepare:   checkedRow(parsePair, func(in *gonghui.MentorPairInput) *int64 { return &in.OrgID }),
	identity: func(in gonghui.MentorPairInput) string {
		return in.Mentor.IDNumber + "\x00" + in.Apprentice.IDNumber + "\x00" + in.From.String()
	},
	duplicate: sameAs("apprentice", "与第%d行是同一对师徒同日结对", "the same pair from the same day as line %d"),
	newWriter: writerOf[gonghui.MentorPairInput]((*store.Store).NewMentorPairWriter),
}

func parsePair(h headerMap, cells []string, v *gonghui.ValidationError) (gonghui.MentorPairInput, string) {
	in := gonghui.MentorPairInput{Mentor: gonghui.PersonRef{IDNumber: h.cell(cells, mpMentor)}, Apprentice: gonghui.PersonRef{IDNumber: h.cell(cells, mpApprentice)},
		Goals: h.cell(cells, mpGoals), Outcome: h.cell(cells, mpOutcome)}
	dateCell(v, "from", h.cell(cells, mpFrom), &in.From)
	dateCell(v, "to", h.cell(cells, mpTo), &in.To)
	return in, h.cell(cells, mpOrg)
}

func init() { register(92, Achievements, Studios, MentorPairs) }
