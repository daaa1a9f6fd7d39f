package generate_test

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/generate"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// importScale keeps the round trip within seconds on SQLite and half a
// minute on PostgreSQL; the city still has one industry federation and
// one group-type congress (Preset.Scaled).
const importScale = 0.005

// importOrder is the order the manifest gives: each file names records of
// the ones before it.
var importOrder = []string{"orgs", "units", "members", "contracts", "congresses", "disclosures", "employers", "directors", "campaign-targets", "outreach-events", "honours",
	"hardship-allowances", "hardship", "programmes", "assistance-donations", "assistance-payments", "certificates", "subsidies", "innovation-achievements", "innovation-studios", "mentor-pairs",
	"competitions", "competition-entrants", "rights-intakes", "rights-cases"}

// The generated city, imported file by file with the real importer as
// `gonghui import` does, gives the preset's figures, and the maintained
// aggregates agree with a plain recount.
func TestImportedCityMatchesPreset(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a whole small city")
	}
	dir := t.TempDir()
	files, err := generate.Generate(generate.Options{Preset: "beijing-2017", Scale: importScale, Seed: 1, Out: dir})
	if err != nil {
		t.Fatal(err)
	}
	entrants := 0
	for _, f := range files {
		if f.Name == "competition-entrants.csv" {
			entrants = f.Rows
		}
	}
	events, craftsman := generate.CompetitionCounts()
	p := generate.Presets["beijing-2017"].Scaled(importScale)
	on := gonghui.NewDate(2017, 9, 30)
	if p.Date.String() != on.String() {
		t.Fatalf("preset date %s, test date %s", p.Date, on)
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := gonghui.SystemActor("import")
		start := time.Now()
		for _, kind := range importOrder {
			importFile(t, s, a, kind, filepath.Join(dir, kind+".csv"))
		}
		t.Logf("imported in %v", time.Since(start).Round(time.Millisecond))
		// The city federation is dated by hand, as the manifest says: no
		// import changes it.
		city, err := s.RootOrg(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		in := city.ToInput()
		in.FoundedOn = gonghui.NewDate(1950, 1, 1)
		if _, err := s.UpdateOrg(ctx, a, city.ID, in); err != nil {
			t.Fatal(err)
		}
		// The first member load built the member tables' secondary indexes
		// after its rows: they are all there again.
		indexes := `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('persons_name_birth', 'memberships_org', 'cards_person')`
		if s.Engine() == store.Postgres {
			indexes = `SELECT count(*) FROM pg_indexes WHERE indexname IN ('persons_name_birth', 'memberships_org', 'cards_person')`
		}
		var n int
		if err := s.DB().QueryRow(indexes).Scan(&n); err != nil || n != 3 {
			t.Errorf("%d of 3 deferred indexes after the load (%v)", n, err)
		}

		got, err := s.ComputeStats(ctx, a, 0, on)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int{
			"orgs_total": p.Orgs, "industry_federations": p.IndustryFederations, "units_covered": p.Units,
			"members_total": p.MembersTotal, "members_realname": p.RealName, "cards_issued": p.Cards,
			"contracts_total": p.Contracts, "contract_units_covered": p.ContractUnits,
			"congress_units": p.CongressUnits, "congress_group_type": p.GroupCongresses, "disclosure_units": p.DisclosureUnits,
			"employers_unionized": p.Units, // every covered unit is in the register
			"honours_model_homes": p.ModelHomes, "honours_model_small_homes": p.ModelSmallHomes,
			"honours_excellent_workers":       p.ExcellentWorkers,
			"assist_golden_autumn_raised_fen": int(p.GoldenRaisedFen), "assist_golden_autumn_children": p.GoldenChildren,
			"assist_warmth_persons": p.WarmthPersons, "assist_warmth_paid_fen": int(p.WarmthPaidFen),
			"assist_festival_raised_fen": int(p.FestivalRaisedFen), "assist_festival_enterprises": p.FestivalEnterprises,
			"assist_festival_households": p.FestivalHouseholds, "hardship_households": p.FestivalHouseholds,
			"innovation_achievements_selected": p.InnovationSelected, "innovation_studios_city": p.CityStudios, "mentor_pairs": p.MentorPairs,
			"subsidy_persons": p.Subsidies, "subsidy_paid_fen": p.SubsidyYuan * 100,
			"competitions_held": events, "competitions_craftsman": craftsman, "competition_entrants": entrants,
			"rights_intakes": p.RightsIntakes, "rights_accepted_legal_aid": p.LegalAidCases, "rights_accepted_mediation": p.MediationCases,
			"rights_accepted_supervision": p.SupervisionCases, "rights_recovered_fen": int(p.RightsRecoveredFen),
			"rights_closed_legal_aid": p.LegalAidCases, "rights_closed_mediation": p.MediationCases, "rights_closed_supervision": p.SupervisionCases,
		}
		for k, want := range counts {
			if want == 0 {
				t.Errorf("%s: none at scale %v, nothing to check", k, importScale)
			}
			if got.Indicators[k] != float64(want) {
				t.Errorf("%s = %v, want %d", k, got.Indicators[k], want)
			}
		}
		// The rates' parts are exact by construction but for the 100+
		// band, whose size the generator chooses; the rates then hold to
		// the rounding of the scaled counts.
		parts := map[string][2]int{ // numerator, denominator
			"contract_rate":   {p.ContractUnits, p.Enterprises()},
			"congress_rate":   {p.CongressUnits, p.CongressBase()},
			"disclosure_rate": {p.DisclosureUnits, p.CongressBase()},
		}
		for k, want := range parts {
			if r := got.Rates[k]; r.Numerator != want[0] || r.Denominator != want[1] {
				t.Errorf("%s = %d/%d, want %d/%d", k, r.Numerator, r.Denominator, want[0], want[1])
			}
		}
		// Company-form enterprises have employee directors and
		// supervisors; the campaign (2018) has its employers, some
		// visited, a few founded, which the 2017 figures above ignore;
		// the outreach reached employers in 2017.
		for _, k := range []string{"employee_director_rate", "employee_supervisor_rate", "outreach_events", "outreach_employers_reached"} {
			if got.Indicators[k] <= 0 {
				t.Errorf("%s = %v, want some", k, got.Indicators[k])
			}
		}
		campaigns, _, err := s.ListCampaigns(ctx, a, gonghui.Page{})
		if err != nil || len(campaigns) != 1 {
			t.Fatalf("campaigns %v %v", campaigns, err)
		}
		k, err := s.GetCampaign(ctx, a, campaigns[0].ID)
		if err != nil || k.Progress[""] == 0 || k.Progress[gonghui.OutcomePreparing] == 0 || k.Progress[gonghui.OutcomeRefused] == 0 {
			t.Errorf("campaign progress %v %v", k.Progress, err)
		}
		later, err := s.ComputeStats(ctx, a, 0, gonghui.NewDate(2018, 12, 31))
		if err != nil || later.Indicators["employers_unionized"] != float64(p.Units+k.Progress[gonghui.OutcomeFounded]) {
			t.Errorf("unionized at the end of 2018: %v, want %d + %d founded (%v)", later.Indicators["employers_unionized"], p.Units, k.Progress[gonghui.OutcomeFounded], err)
		}
		// The register adds the employers no union covers, mostly small.
		if r := got.Indicators["coverage_rate_25plus"]; got.Indicators["employers_total"] <= float64(p.Units) || r < 80 || r >= 100 {
			t.Errorf("register: %v employers, %v%% of those of 25 staff or more unionized", got.Indicators["employers_total"], r)
		}
		tol := 0.05 + 100/math.Sqrt(float64(p.Units))
		for k, want := range map[string]float64{"contract_rate": p.ContractRate * 100, "contract_rate_100plus": p.ContractRate100 * 100,
			"congress_rate": p.CongressRate * 100, "disclosure_rate": 93.6} {
			if math.Abs(got.Indicators[k]-want) > tol {
				t.Errorf("%s = %.2f, want %.1f ± %.2f", k, got.Indicators[k], want, tol)
			}
		}

		district, err := s.GetOrgByCode(ctx, a, "BJ05")
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{0, district.ID} {
			fast := got
			if id != 0 {
				if fast, err = s.ComputeStats(ctx, a, id, on); err != nil {
					t.Fatal(err)
				}
			}
			plain, err := s.RecountStats(ctx, a, id, on)
			if err != nil {
				t.Fatal(err)
			}
			if fast.Indicators["units_covered"] == 0 {
				t.Errorf("%s: no units", fast.Org)
			}
			for _, in := range gonghui.Indicators {
				if fast.Indicators[in.Key] != plain.Indicators[in.Key] {
					t.Errorf("%s %s: computed %v, recounted %v", fast.Org, in.Key, fast.Indicators[in.Key], plain.Indicators[in.Key])
				}
			}
		}
	})
}

// importFile runs one import to the end and fails the test, with the first
// refused rows, unless every row was taken.
func importFile(t *testing.T, s *store.Store, a gonghui.Actor, kind, path string) {
	t.Helper()
	ctx := context.Background()
	job := importer.Jobs[kind]
	if job == nil {
		t.Fatalf("no importer for %s", kind)
	}
	im, err := s.CreateImport(ctx, a, kind, filepath.Base(path), false, false)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	im, err = importer.Run(ctx, s, a, job, path, im, importer.Options{})
	if err != nil {
		t.Fatalf("%s: %v", kind, err)
	}
	t.Logf("%-12s %7d rows in %v", kind, im.RowsDone, time.Since(start).Round(time.Millisecond))
	if im.Status == store.ImportFailed {
		t.Fatalf("%s: import failed: %s", kind, im.Message)
	}
	if len(im.Warnings) > 0 {
		t.Errorf("%s: warnings %q", kind, im.Warnings)
	}
	if im.Failed == 0 {
		return
	}
	errs, err := s.ImportErrors(ctx, a, im.ID)
	if err != nil {
		t.Fatalf("%s: %d rows refused; reading them: %v", kind, im.Failed, err)
	}
	var b strings.Builder
	for i, e := range errs {
		if i == 10 {
			fmt.Fprintf(&b, "\n… %d more", len(errs)-i)
			break
		}
		fmt.Fprintf(&b, "\nline %d, %s: %s (%s)", e.Line, e.Field, e.Zh, e.En)
	}
	t.Fatalf("%s: %d of %d rows refused:%s", kind, im.Failed, im.RowsDone, b.String())
}
