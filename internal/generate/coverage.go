package generate

import (
	"fmt"
	"strings"

	"gonghui"
)

// The 2018 plan's coverage work, on the generated city: employee
// directors and supervisors in company-form enterprises, one city-wide
// unionization campaign over the uncovered employers of 25 staff or more,
// and worker dialogue meetings where workers gather. Each file uses the
// importer's template (a test holds the headers equal).
var (
	DirectorHeaders       = []string{"单位统一社会信用代码", "职务", "姓名", "任职日期", "离任日期"}
	CampaignTargetHeaders = []string{"攻坚行动名称", "组织工会", "开始日期", "截止日期", "统一社会信用代码", "负责干部用户名", "负责产业（行业）工会代码",
		"完成期限", "走访日期", "走访结果", "走访记录", "建会工会", "新建工会名称"}
	OutreachHeaders = []string{"活动类型", "组织工会", "场所类型", "场所名称", "地址", "所在街道代码", "活动日期", "覆盖单位统一社会信用代码", "覆盖职工人数", "新入会人数"}
)

// Shares of the company-form enterprises with a workers' congress that
// have an employee director, and an employee supervisor, in office (the
// plan asks to raise them; the report gives no figure).
const (
	directorShare   = 0.35
	supervisorShare = 0.6
)

// writeDirectors writes one term of office per seat, begun before the
// preset's date and still running.
func (pl *plan) writeDirectors(c *csvFile) error {
	rng := rngFor(pl.seed, 51)
	first := dayOf(2012, 1, 1)
	for i := range pl.units {
		u := &pl.units[i]
		if !u.congress || !gonghui.CompanyForm(u.legal) {
			continue
		}
		for _, seat := range []struct {
			role  gonghui.DirectorRole
			share float64
		}{{gonghui.EmployeeDirector, directorShare}, {gonghui.EmployeeSupervisor, supervisorShare}} {
			if rng.Float64() >= seat.share {
				continue
			}
			c.field(u.uscc)
			c.field(gonghui.ChoiceName(gonghui.DirectorRoles, string(seat.role)).Zh)
			c.field(personName(rng, rng.IntN(2) == 0))
			c.date(between(rng, first, pl.p.Date))
			c.field("")
			c.end()
		}
	}
	return c.err
}

// The campaign: the city federation's, in 2018, over every uncovered
// employer of 25 staff or more; some assigned to the industry federations,
// half visited, a few founded with a new union of their own.
const (
	campaignName      = "2018年非公企业建会攻坚行动"
	campaignStarts    = "2018-03-01"
	campaignEnds      = "2018-12-31"
	campaignAssigned  = 0.3  // given to an industry federation
	campaignVisited   = 0.5  // visited by the end of September
	campaignFounded   = 0.04 // of those visited, founded
	campaignRefused   = 0.35 // of the others visited, refused
	campaignFederDue  = "2018-06-30"
	campaignVisitNote = "已宣讲《工会法》，单位表示"
)

func (pl *plan) writeCampaignTargets(c *csvFile) error {
	rng := rngFor(pl.seed, 52)
	var federations []string
	for _, o := range pl.orgs {
		if o.kind == gonghui.KindIndustryFederation {
			federations = append(federations, o.code)
		}
	}
	first, last := dayOf(2018, 3, 1), dayOf(2018, 9, 30)
	for i := range pl.uncovered {
		u := &pl.uncovered[i]
		for _, f := range []string{campaignName, "BJ", campaignStarts, campaignEnds, u.uscc, ""} {
			c.field(f)
		}
		if len(federations) > 0 && rng.Float64() < campaignAssigned {
			c.field(federations[rng.IntN(len(federations))])
			c.field(campaignFederDue)
		} else {
			c.field("")
			c.field("")
		}
		switch r := rng.Float64(); {
		case r >= campaignVisited:
			for range 5 {
				c.field("")
			}
		case r < campaignVisited*campaignFounded:
			c.date(between(rng, first, last))
			c.field(gonghui.ChoiceName(gonghui.CampaignOutcomes, gonghui.OutcomeFounded).Zh)
			c.field("")
			c.field("")
			c.field(u.name + "工会")
		default:
			outcome, said := gonghui.OutcomePreparing, "同意筹建"
			if rng.Float64() < campaignRefused {
				outcome, said = gonghui.OutcomeRefused, "暂不建会"
			}
			c.date(between(rng, first, last))
			c.field(gonghui.ChoiceName(gonghui.CampaignOutcomes, outcome).Zh)
			c.field(campaignVisitNote + said)
			c.field("")
			c.field("")
		}
		c.end()
	}
	return c.err
}

// outreachPlaces are where the dialogue meetings go (the report takes them
// into communities and office buildings).
var outreachPlaces = []weighted[[2]string]{{[2]string{"building", "大厦"}, 5}, {[2]string{"community", "社区"}, 3}, {[2]string{"park", "产业园"}, 2}}

// writeOutreach writes, for two street unions in three, a worker dialogue
// meeting or a membership drive in 2017, reaching a few of the street's uncovered
// employers.
func (pl *plan) writeOutreach(c *csvFile) error {
	rng := rngFor(pl.seed, 53)
	byStreet := map[string][]string{}
	for _, u := range pl.uncovered {
		byStreet[u.region] = append(byStreet[u.region], u.uscc)
	}
	first := dayOf(2017, 3, 1)
	for _, d := range pl.districts {
		for _, si := range d.streets {
			if rng.IntN(3) == 0 {
				continue
			}
			o := &pl.orgs[si]
			place := pick(rng, outreachPlaces)
			kind := "dialogue"
			if rng.IntN(4) == 0 {
				kind = "recruitment"
			}
			var reached []string
			if codes := byStreet[o.region]; len(codes) > 0 {
				for _, k := range pickUniform(rng, len(codes), min(len(codes), 1+rng.IntN(3))) {
					reached = append(reached, codes[k])
				}
			}
			workers := 30 + rng.IntN(270)
			c.field(gonghui.ChoiceName(gonghui.OutreachKinds, kind).Zh)
			c.field(o.code)
			c.field(gonghui.ChoiceName(gonghui.OutreachPlaceKinds, place[0]).Zh)
			c.field(tradeName(rng) + place[1])
			c.field(fmt.Sprintf("北京市%s%s%d号", d.name, strings.TrimSuffix(o.name, "总工会"), 1+rng.IntN(200)))
			c.field(o.region)
			c.date(between(rng, first, pl.p.Date))
			c.field(strings.Join(reached, ";"))
			c.int(workers)
			c.int(workers / 10)
			c.end()
		}
	}
	return c.err
}
