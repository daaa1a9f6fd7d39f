// Package generate writes a synthetic city of trade unions as import
// files: unions, units, the member register, collective contracts,
// workers' congresses and affairs-disclosure systems, shaped so that once
// imported the indicator catalogue computes a preset's figures (for
// beijing-2017, the federation's 2017 work report) from the records.
//
// Output is deterministic for a preset, scale and seed, and streamed: the
// union tree and the units are planned in memory, the member rows never
// are. No figure is written anywhere in the output, only row counts.
package generate

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gonghui"
)

// Options choose what to generate.
type Options struct {
	Preset string
	Scale  float64 // 1 = the preset's size
	Seed   uint64
	Out    string // directory, created when missing
	// Progress, when set, hears about each file as it is done.
	Progress io.Writer
}

// File is one written file with its data rows (the header not counted).
type File struct {
	Name  string
	Rows  int
	Bytes int64
}

// Headers of the files, in column order. Members, contracts and congresses
// use the importer's templates; a test holds them equal.
var (
	OrgHeaders        = []string{"工会代码", "工会名称", "组织类型", "上级工会代码", "行政区划代码", "行业代码", "工会统一社会信用代码", "工会主席", "成立日期", "年报会员数", "试点代码确认"}
	UnitHeaders       = []string{"统一社会信用代码", "单位名称", "所属工会代码", "经济类型", "职工人数", "行政区划代码", "行业代码", "试点代码确认"}
	MemberHeaders     = []string{"姓名", "公民身份号码", "手机号码", "性别", "民族", "学历", "政治面貌", "户籍类型", "就业形态", "单位统一社会信用代码", "所属工会", "入会日期", "会员卡号"}
	ContractHeaders   = []string{"合同名称", "合同类型", "合同层级", "签订工会", "覆盖单位统一社会信用代码", "期限开始", "期限结束", "签订日期", "备案日期", "生效日期", "覆盖职工人数", "协商议题", "上年平均工资（元/月）", "工资调整幅度（%）", "工资覆盖职工人数"}
	CongressHeaders   = []string{"职代会名称", "职代会类型", "所属工会", "覆盖单位统一社会信用代码", "建立日期", "会议日期", "代表人数", "出席人数", "审议事项"}
	DisclosureHeaders = []string{"单位统一社会信用代码", "建立日期", "终止日期"}
)

// Manifest is the name of the file that lists the others.
const Manifest = "README.txt"

// Generate writes the files into opt.Out in import order and returns them.
func Generate(opt Options) ([]File, error) {
	base, ok := Presets[opt.Preset]
	if !ok {
		return nil, fmt.Errorf("unknown preset %q (known: %s)", opt.Preset, strings.Join(PresetNames(), ", "))
	}
	if !(opt.Scale > 0 && opt.Scale <= 40) {
		return nil, fmt.Errorf("scale %v: want a number above 0 and at most 40", opt.Scale)
	}
	p := base.Scaled(opt.Scale)
	pl, err := newPlan(p, opt.Seed)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opt.Out, 0o755); err != nil {
		return nil, err
	}
	steps := []struct {
		name   string
		header []string
		write  func(*csvFile) error
	}{
		{"orgs.csv", OrgHeaders, pl.writeOrgs},
		{"units.csv", UnitHeaders, pl.writeUnits},
		{"members.csv", MemberHeaders, pl.writeMembers},
		{"contracts.csv", ContractHeaders, pl.writeContracts},
		{"congresses.csv", CongressHeaders, pl.writeCongresses},
		{"disclosures.csv", DisclosureHeaders, pl.writeDisclosures},
		{"employers.csv", EmployerHeaders, pl.writeEmployers},
		// The register gives the units their legal forms and the
		// campaign its employers: these follow it.
		{"directors.csv", DirectorHeaders, pl.writeDirectors},
		{"campaign-targets.csv", CampaignTargetHeaders, pl.writeCampaignTargets},
		{"outreach-events.csv", OutreachHeaders, pl.writeOutreach},
		{"honours.csv", HonourHeaders, pl.writeHonours},
		{"hardship-allowances.csv", AllowanceHeaders, pl.writeAllowances},
		{"hardship.csv", HardshipHeaders, pl.writeHardship},
		{"programmes.csv", ProgrammeHeaders, pl.writeProgrammes},
		{"assistance-donations.csv", DonationHeaders, pl.writeDonations},
		{"assistance-payments.csv", PaymentHeaders, pl.writePayments},
		{"certificates.csv", CertificateHeaders, pl.writeCertificates},
		{"subsidies.csv", SubsidyHeaders, pl.writeSubsidies},
		// The innovation records name people the register sampled.
		{"innovation-achievements.csv", AchievementHeaders, pl.writeAchievements},
		{"innovation-studios.csv", StudioHeaders, pl.writeStudios},
		{"mentor-pairs.csv", MentorPairHeaders, pl.writeMentorPairs},
		{"competitions.csv", CompetitionHeaders, pl.writeCompetitions},
		{"competition-entrants.csv", EntrantHeaders, pl.writeEntrants},
		{"rights-intakes.csv", RightsIntakeHeaders, pl.writeRightsIntakes},
		{"rights-cases.csv", RightsCaseHeaders, pl.writeRightsCases},
	}
	var files []File
	for _, s := range steps {
		start := time.Now()
		c, err := createCSV(opt.Out, s.name, s.header)
		if err != nil {
			return nil, err
		}
		werr := s.write(c)
		size, cerr := c.close()
		if werr != nil {
			return nil, fmt.Errorf("%s: %w", s.name, werr)
		}
		if cerr != nil {
			return nil, fmt.Errorf("%s: %w", s.name, cerr)
		}
		files = append(files, File{Name: s.name, Rows: c.rows, Bytes: size})
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, "%-16s %10d rows %12d bytes %6.1fs\n", s.name, c.rows, size, time.Since(start).Seconds())
		}
	}
	return files, writeManifest(opt, files)
}

// writeManifest lists the files and their row counts, and nothing else
// about the data: the figures must come from importing the records.
func writeManifest(opt Options, files []File) error {
	var b strings.Builder
	fmt.Fprintf(&b, "gonghui gen --preset %s --scale %s --seed %d\n\n", opt.Preset, strconv.FormatFloat(opt.Scale, 'f', -1, 64), opt.Seed)
	b.WriteString("Synthetic data: every name, ID number and code is invented.\n")
	b.WriteString("UTF-8 CSV files with a header row, to be imported in this order\n")
	b.WriteString("(the city federation BJ and the district unions BJ01…BJ19 exist already;\n")
	b.WriteString("orgs.csv dates the districts' founding; give BJ its founding date in gonghui,\n")
	b.WriteString("or it counts only from the day it was registered):\n\n")
	for _, f := range files {
		fmt.Fprintf(&b, "%-16s %10d rows\n", f.Name, f.Rows)
	}
	return os.WriteFile(filepath.Join(opt.Out, Manifest), []byte(b.String()), 0o644)
}

func (pl *plan) writeOrgs(c *csvFile) error {
	// The district unions are registered already, with no founding date:
	// their lines give it, or they would count only from the day of the
	// import. Their other fields are the registered ones. (The city
	// federation is no import's to change: it gets its date in the UI.)
	rng := rngFor(pl.seed, 11)
	for _, d := range pl.districts {
		c.field(d.orgCode)
		c.field(d.name + "总工会")
		c.field(gonghui.KindDistrictFederation.Name().Zh)
		c.field("BJ")
		c.field(d.code)
		for range 3 { // industry, USCC, chair
			c.field("")
		}
		c.date(between(rng, dayOf(1950, 1, 1), dayOf(1985, 12, 31)))
		c.field("") // reported members
		c.field("") // pilot code confirmed: the district unions have none
		c.end()
	}
	for i := range pl.orgs {
		o := &pl.orgs[i]
		c.field(o.code)
		c.field(o.name)
		c.field(o.kind.Name().Zh)
		c.field(o.parentCode)
		c.field(o.region)
		c.field(o.industry)
		c.field(o.uscc)
		c.field(o.chair)
		c.date(o.founded)
		if o.reported >= 0 {
			c.int(o.reported)
		} else {
			c.field("")
		}
		c.field("") // every code has a valid check character: no pilot codes
		c.end()
	}
	return c.err
}

func (pl *plan) writeUnits(c *csvFile) error {
	for oi := range pl.orgs {
		for _, ui := range pl.orgs[oi].units {
			u := &pl.units[ui]
			c.field(u.uscc)
			c.field(u.name)
			c.field(pl.orgs[oi].code)
			c.field(u.own.Name().Zh)
			c.int(int(u.staff))
			c.field(u.region)
			c.field(u.industry)
			c.field("") // no pilot codes
			c.end()
		}
	}
	return c.err
}
