package generate

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Preset holds the figures a generated city must produce once imported,
// computed by the indicator catalogue on Date. The generator writes none
// of them into its output: they come out of the records.
type Preset struct {
	Name string
	Date day
	// Orgs counts every union alive on Date, the city federation and the
	// district unions that the migration creates included.
	Orgs  int
	Units int
	// MembersTotal is the census total (会员总数); RealName the records of
	// the register; Cards the service cards.
	MembersTotal, RealName, Cards int
	// Contracts in force, and the distinct units they cover.
	Contracts, ContractUnits int
	// ContractRate and ContractRate100 are the coverage rates over the
	// enterprises of 25 staff or more and of 100 or more (DefaultRates).
	ContractRate, ContractRate100 float64
	CongressUnits                 int
	CongressRate                  float64 // its denominator is the disclosure rate's too
	GroupCongresses               int
	DisclosureUnits               int
	IndustryFederations           int
	// The year's “两模一优” awards of the city federation.
	ModelHomes, ModelSmallHomes, ExcellentWorkers int
	// The year's assistance: 金秋助学 raised and the children it helped;
	// the 温暖基金's workers and what it paid; the festival visits' money
	// and goods raised and the enterprises visited.
	GoldenRaisedFen     int64
	GoldenChildren      int
	WarmthPersons       int
	WarmthPaidFen       int64
	FestivalRaisedFen   int64
	FestivalEnterprises int
	FestivalHouseholds  int
	// The year's innovation: achievements selected, city-level studios
	// named, mentor–apprentice pairs started.
	InnovationSelected, CityStudios, MentorPairs int
	// The year's qualification subsidies: the workers paid and the
	// amount (yuan, in whole hundreds: what the tiers can sum to).
	Subsidies, SubsidyYuan int
	// The year's rights casework to the preset's date (no figure of the
	// report: plausible sizes): intakes, cases received by kind and the
	// amounts recovered.
	RightsIntakes                                   int
	LegalAidCases, MediationCases, SupervisionCases int
	RightsRecoveredFen                              int64
}

// Presets are the cities the generator knows.
var Presets = map[string]Preset{
	// The federation's work report for 2017, "2017年主要工作".
	"beijing-2017": {
		Name: "beijing-2017", Date: dayOf(2017, 9, 30),
		Orgs: 54_000, Units: 337_000,
		MembersTotal: 7_175_000, RealName: 5_860_000, Cards: 4_835_000,
		Contracts: 13_000, ContractUnits: 63_000, ContractRate: 0.88, ContractRate100: 0.98,
		CongressUnits: 87_400, CongressRate: 0.935, GroupCongresses: 69,
		DisclosureUnits: 87_500, IndustryFederations: 17,
		ModelHomes: 90, ModelSmallHomes: 89, ExcellentWorkers: 268,
		GoldenRaisedFen: 960_600_000, GoldenChildren: 2_368, WarmthPersons: 8_863, WarmthPaidFen: 2_432_000_000,
		FestivalRaisedFen: 12_600_000_000, FestivalEnterprises: 4_822, FestivalHouseholds: 13_617,
		InnovationSelected: 60, CityStudios: 30, MentorPairs: 100,
		Subsidies: 5129, SubsidyYuan: 5_820_000,
		RightsIntakes: 42_000, LegalAidCases: 2_400, MediationCases: 6_800, SupervisionCases: 520, RightsRecoveredFen: 32_000_000_000,
	},
}

// PresetNames lists the presets in order.
func PresetNames() []string {
	var out []string
	for k := range Presets {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Scaled returns the preset with every count multiplied by s and rounded;
// rates stay as they are. A small city keeps one industry federation and
// one group-type congress, so that it still has every kind of record.
func (p Preset) Scaled(s float64) Preset {
	r := func(n int) int { return int(math.Round(float64(n) * s)) }
	atLeastOne := func(n int) int { return min(n, max(1, r(n))) }
	q := p
	q.Orgs, q.Units = r(p.Orgs), r(p.Units)
	q.MembersTotal, q.RealName, q.Cards = r(p.MembersTotal), r(p.RealName), r(p.Cards)
	q.Contracts, q.ContractUnits = r(p.Contracts), r(p.ContractUnits)
	q.CongressUnits, q.GroupCongresses = r(p.CongressUnits), atLeastOne(p.GroupCongresses)
	q.DisclosureUnits, q.IndustryFederations = r(p.DisclosureUnits), atLeastOne(p.IndustryFederations)
	q.ModelHomes, q.ModelSmallHomes, q.ExcellentWorkers = atLeastOne(p.ModelHomes), atLeastOne(p.ModelSmallHomes), atLeastOne(p.ExcellentWorkers)
	fen := func(n int64) int64 { return max(100, int64(math.Round(float64(n)*s/100))*100) } // whole yuan, at least one
	q.GoldenRaisedFen, q.WarmthPaidFen, q.FestivalRaisedFen = fen(p.GoldenRaisedFen), fen(p.WarmthPaidFen), fen(p.FestivalRaisedFen)
	q.GoldenChildren, q.WarmthPersons, q.FestivalEnterprises = atLeastOne(p.GoldenChildren), atLeastOne(p.WarmthPersons), atLeastOne(p.FestivalEnterprises)
	q.FestivalHouseholds = atLeastOne(p.FestivalHouseholds)
	q.InnovationSelected, q.CityStudios, q.MentorPairs = atLeastOne(p.InnovationSelected), atLeastOne(p.CityStudios), atLeastOne(p.MentorPairs)
	q.RightsIntakes, q.LegalAidCases, q.MediationCases = atLeastOne(p.RightsIntakes), atLeastOne(p.LegalAidCases), atLeastOne(p.MediationCases)
	q.SupervisionCases, q.RightsRecoveredFen = atLeastOne(p.SupervisionCases), fen(p.RightsRecoveredFen)
	q.Subsidies, q.SubsidyYuan = atLeastOne(p.Subsidies), reachableYuan(atLeastOne(p.Subsidies), int(math.Round(float64(p.SubsidyYuan)*s/100))*100)
	return q
}

// Enterprises is the contract rate's denominator the preset implies: the
// units of enterprise ownership with 25 staff or more.
func (p Preset) Enterprises() int { return int(math.Round(float64(p.ContractUnits) / p.ContractRate)) }

// CongressBase is the congress and disclosure rates' denominator: units
// of 25 staff or more that are not social organizations.
func (p Preset) CongressBase() int { return int(math.Round(float64(p.CongressUnits) / p.CongressRate)) }

// Shares that shape the city but are no figure of the report.
const (
	existingOrgs      = 17    // the city federation and 16 district unions
	streetCount       = 349   // streets and townships in refdata at scale 1
	regionalCount     = 45    // regional federations at scale 1
	jointShare        = 0.15  // of the grassroots-type unions
	e100Share         = 0.2   // enterprises of 100+ staff, of those of 25+
	instSmallShare    = 0.06  // institutions, of the units outside the congress base (all under 25 staff)
	socialShare       = 0.05  // social organizations, of the units outside the congress base
	social25Share     = 0.05  // social organizations of 25+ staff
	giantsPer         = 400   // one enterprise of 10,000+ staff per this many of 100+
	industryOrgShare  = 0.07  // grassroots-type unions under an industry federation
	directShare       = 0.12  // … directly under a district union
	regionalOrgShare  = 0.05  // … under a regional federation
	nonReportingShare = 0.08  // grassroots-type unions with no census figure
	enterpriseDeals   = 7_000 // enterprise comprehensive contracts at scale 1
	specialDeals      = 2_500 // enterprise special contracts at scale 1
	maxCellUnits      = 1_000 // USCCs in one cell: 19 characters each, under Excel's 32,767
	maleShare         = 0.55
)

func (p Preset) check() error {
	var bad []string
	if p.Orgs <= existingOrgs+1 {
		bad = append(bad, "too few unions")
	}
	if p.RealName > p.MembersTotal || p.Cards > p.RealName {
		bad = append(bad, "members: cards ≤ real-name ≤ total")
	}
	if p.ContractUnits > p.Enterprises() || p.Enterprises() > p.Units {
		bad = append(bad, "contract coverage")
	}
	if p.CongressUnits > p.CongressBase() || p.DisclosureUnits > p.CongressBase() {
		bad = append(bad, "congress and disclosure coverage")
	}
	if len(bad) > 0 {
		return fmt.Errorf("preset %s cannot be generated at this scale (%s)", p.Name, strings.Join(bad, "; "))
	}
	return nil
}
