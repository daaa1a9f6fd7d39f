package importer

import (
	"context"
	"errors"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/uscc"
)

// Columns of the campaign template: one line per employer of a campaign.
const (
	ktCampaign = iota
	ktOrg
	ktStarts
	ktEnds
	ktUSCC
	ktUser
	ktAssigneeOrg
	ktDue
	ktVisited
	ktOutcome
	ktNote
	ktUnion
	ktNewUnion
)

var campaignTargetColumns = []column{
	ktCampaign: {header: "攻坚行动名称", aliases: []string{"攻坚行动", "行动名称", "campaign"}, field: "campaign", required: true, example: "2018年建会攻坚行动"},
	ktOrg:      {header: "组织工会", aliases: []string{"组织工会代码", "发起工会", "org"}, field: "org_id", required: true, example: "BJ05"},
	ktStarts:   {header: "开始日期", aliases: []string{"starts_on"}, field: "starts_on", required: true, example: "2018-03-01"},
	ktEnds:     {header: "截止日期", aliases: []string{"结束日期", "ends_on"}, field: "ends_on", required: true, example: "2018-12-31"},
	ktUSCC:     {header: "统一社会信用代码", aliases: []string{"信用代码", "单位统一社会信用代码", "uscc"}, field: "uscc", required: true, example: exampleUSCC},
	ktUser:     {header: "负责干部用户名", aliases: []string{"负责干部", "负责人用户名", "assignee_user"}, field: "user_id", example: "cy-cadre"},
	ktAssigneeOrg: {header: "负责产业（行业）工会代码", aliases: []string{"负责工会代码", "负责工会", "assignee_org"}, field: "assignee_org_id",
		note: "分配给产业工会或行业工会联合会时填写 / when assigned to an industry union or federation"},
	ktDue:     {header: "完成期限", aliases: []string{"期限", "due_on"}, field: "due_on", example: "2018-06-30"},
	ktVisited: {header: "走访日期", aliases: []string{"建会日期", "visited_on"}, field: "visited_on", example: "2018-04-10", note: "最近一次走访之日；已建会为建会之日 / the latest visit; for a founding, its day"},
	ktOutcome: {header: "走访结果", aliases: []string{"结果", "outcome"}, field: "outcome", example: "筹建中", choices: choiceNames(gonghui.CampaignOutcomes)},
	ktNote:    {header: "走访记录", aliases: []string{"备注", "note"}, field: "note"},
	ktUnion: {header: "建会工会", aliases: []string{"建会工会代码", "覆盖工会", "union"}, field: "union_id",
		note: "已建会时填写覆盖该单位的工会代码（如所加入的联合工会） / for a founding, the code of the union covering the employer (a joint union it joined)"},
	ktNewUnion: {header: "新建工会名称", aliases: []string{"新建基层工会", "new_union"}, field: "new_union",
		note: "或：已建会时新建的基层工会名称，成立日期为走访日期，建于单位所在区域的工会之下 / or: for a founding, the new grassroots union's name, founded on the visit's day under the employer's area union"},
}

// CampaignTargets imports campaigns' employers (建会攻坚), their
// assignments and their latest visits; importing it again changes nothing.
var CampaignTargets Job = &kind[gonghui.CampaignTargetRow]{
	name:      "campaign-targets",
	table:     "campaign_targets",
	columns:   campaignTargetColumns,
	orgColumn: ktOrg,
	note:      "攻坚行动按组织工会和名称识别，首次出现时按本行日期创建；单位须为组织工会区域内未建会的名录单位 / a campaign is known by its union and name, started with its first line's dates; its employers are uncovered ones of the register in the union's area",
	prepare:   prepareCampaignTarget,
	identity: func(r gonghui.CampaignTargetRow) string {
		return r.Campaign + "\x00" + r.USCC
	},
	duplicate: sameAs("uscc", "与第%d行是同一攻坚行动的同一单位", "same campaign and employer as line %d"),
	newWriter: writerOf[gonghui.CampaignTargetRow]((*store.Store).NewCampaignTargetWriter),
}

func init() { register(37, CampaignTargets) }

func prepareCampaignTarget(ctx context.Context, e *env, cells []string) (gonghui.CampaignTargetRow, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	r := gonghui.CampaignTargetRow{Campaign: h.cell(cells, ktCampaign), USCC: uscc.Normalize(h.cell(cells, ktUSCC)),
		AssigneeUser: h.cell(cells, ktUser), Note: h.cell(cells, ktNote), NewUnion: h.cell(cells, ktNewUnion)}
	dateCell(v, "starts_on", h.cell(cells, ktStarts), &r.StartsOn)
	dateCell(v, "ends_on", h.cell(cells, ktEnds), &r.EndsOn)
	dateCell(v, "due_on", h.cell(cells, ktDue), &r.DueOn)
	dateCell(v, "visited_on", h.cell(cells, ktVisited), &r.VisitedOn)
	r.Outcome = choiceCell(v, "outcome", gonghui.CampaignOutcomes, h.cell(cells, ktOutcome))
	var err error
	if r.OrgID, err = e.res.org(ctx, h.cell(cells, ktOrg)); addFieldErrors(v, err) != nil {
		return r, err
	}
	if code := h.cell(cells, ktUnion); code != "" {
		id, err := e.res.org(ctx, code)
		if err := addFieldErrors(v, gonghui.Rename(err, "org_id", "union_id")); err != nil {
			return r, err
		}
		r.UnionID = id
	}
	// An industry federation works across districts: it is found
	// anywhere, and the store checks it is one.
	if code := h.cell(cells, ktAssigneeOrg); code != "" {
		o, err := e.st.GetOrgByCode(ctx, gonghui.SystemActor("import"), code)
		switch {
		case errors.Is(err, gonghui.ErrNotFound):
			v.Add("assignee_org_id", "找不到工会“"+code+"”", "no union \""+code+"\"")
		case err != nil:
			return r, err
		}
		r.AssigneeOrgID = o.ID
	}
	r.Validate(v, e.today)
	return r, v.Err()
}
