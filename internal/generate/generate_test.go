package generate

import (
	"crypto/sha256"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonghui/internal/importer"
)

func generate(t testing.TB, scale float64, seed uint64) (string, []File) {
	t.Helper()
	dir := t.TempDir()
	files, err := Generate(Options{Preset: "beijing-2017", Scale: scale, Seed: seed, Out: dir})
	if err != nil {
		t.Fatal(err)
	}
	return dir, files
}

func hashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		io.Copy(h, f)
		f.Close()
		out[e.Name()] = fmt.Sprintf("%x", h.Sum(nil))
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a, files := generate(t, 0.001, 7)
	b, _ := generate(t, 0.001, 7)
	ha, hb := hashes(t, a), hashes(t, b)
	if len(ha) != 26 || fmt.Sprint(ha) != fmt.Sprint(hb) {
		t.Fatalf("two runs with one seed differ:\n%v\n%v", ha, hb)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	if want := []string{"orgs.csv", "units.csv", "members.csv", "contracts.csv", "congresses.csv", "disclosures.csv", "employers.csv",
		"directors.csv", "campaign-targets.csv", "outreach-events.csv", "honours.csv", "hardship-allowances.csv", "hardship.csv", "programmes.csv", "assistance-donations.csv",
		"assistance-payments.csv", "certificates.csv", "subsidies.csv", "innovation-achievements.csv", "innovation-studios.csv",
		"mentor-pairs.csv", "competitions.csv", "competition-entrants.csv", "rights-intakes.csv", "rights-cases.csv"}; !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
	c, _ := generate(t, 0.001, 8)
	if hc := hashes(t, c); hc["members.csv"] == ha["members.csv"] || hc["units.csv"] == ha["units.csv"] {
		t.Error("another seed gave the same files")
	}
}

// The member, contract and congress files carry the importer's template
// headers, so that they import as they are.
func TestHeadersMatchImporter(t *testing.T) {
	for kind, want := range map[string][]string{"members": MemberHeaders, "contracts": ContractHeaders, "congresses": CongressHeaders, "employers": EmployerHeaders,
		"directors": DirectorHeaders, "campaign-targets": CampaignTargetHeaders, "outreach-events": OutreachHeaders,
		"honours": HonourHeaders, "certificates": CertificateHeaders, "subsidies": SubsidyHeaders,
		"competitions": CompetitionHeaders, "competition-entrants": EntrantHeaders,
		"rights-intakes": RightsIntakeHeaders, "rights-cases": RightsCaseHeaders} {
		job := importer.Jobs[kind]
		if job == nil {
			t.Fatalf("no importer for %s", kind)
		}
		if got := job.Headers(); !slices.Equal(got, want) {
			t.Errorf("%s: importer template %q, generator %q", kind, got, want)
		}
	}
	// Importers that arrive later must take these headers too.
	for _, kind := range []string{"orgs", "units", "disclosures"} {
		if job := importer.Jobs[kind]; job != nil {
			want := map[string][]string{"orgs": OrgHeaders, "units": UnitHeaders, "disclosures": DisclosureHeaders}[kind]
			if got := job.Headers(); !slices.Equal(got, want) {
				t.Errorf("%s: importer template %q, generator %q", kind, got, want)
			}
		}
	}
}

// At a small scale every record passes the importers' checks, every code
// is valid and unique, and the figures recomputed from the files follow
// the preset scaled down.
func TestCalibration(t *testing.T) {
	for _, scale := range []float64{0.001, 0.01} {
		t.Run(fmt.Sprint(scale), func(t *testing.T) {
			dir, files := generate(t, scale, 1)
			p := Presets["beijing-2017"].Scaled(scale)
			fig := checkFiles(t, dir, p.Date)
			counts := map[string]int{
				"orgs_total": p.Orgs, "units_covered": p.Units, "members_total": p.MembersTotal, "members_realname": p.RealName,
				"cards_issued": p.Cards, "contracts_total": p.Contracts, "contract_units_covered": p.ContractUnits,
				"congress_units": p.CongressUnits, "congress_group_type": p.GroupCongresses, "disclosure_units": p.DisclosureUnits,
				"industry_federations": p.IndustryFederations, "contract_rate_denominator": p.Enterprises(),
				"congress_rate_denominator": p.CongressBase(), "disclosure_rate_denominator": p.CongressBase(),
			}
			for k, want := range counts {
				if fig[k] != float64(want) {
					t.Errorf("%s = %v, want %d", k, fig[k], want)
				}
			}
			// Rates hold to rounding; at small scales a unit more or less
			// moves them by a fraction of a percent.
			tol := 0.05 + 100/math.Sqrt(float64(p.Units))
			for k, want := range map[string]float64{"contract_rate": 88, "contract_rate_100plus": 98, "congress_rate": 93.5, "disclosure_rate": 93.6} {
				if math.Abs(fig[k]-want) > tol {
					t.Errorf("%s = %.2f, want %.1f ± %.2f", k, fig[k], want, tol)
				}
			}
			manifest, err := os.ReadFile(filepath.Join(dir, Manifest))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				if !strings.Contains(string(manifest), fmt.Sprintf("%-16s %10d rows", f.Name, f.Rows)) {
					t.Errorf("manifest misses %s with %d rows:\n%s", f.Name, f.Rows, manifest)
				}
			}
			if rows := files[2].Rows; rows != p.RealName {
				t.Errorf("members.csv: %d rows, want %d", rows, p.RealName)
			}
		})
	}
}

// TestFullScale checks an existing full-scale output (slow: set
// GONGHUI_GEN_DIR to the directory `gonghui gen --scale 1` wrote).
func TestFullScale(t *testing.T) {
	dir := os.Getenv("GONGHUI_GEN_DIR")
	if dir == "" {
		t.Skip("GONGHUI_GEN_DIR not set")
	}
	p := Presets["beijing-2017"]
	fig := checkFiles(t, dir, p.Date)
	keys := make([]string, 0, len(fig))
	for k := range fig {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		t.Logf("%-28s %12.2f", k, fig[k])
	}
}

func TestApportion(t *testing.T) {
	got := apportion(10, []float64{1, 1, 1}, nil)
	if got[0]+got[1]+got[2] != 10 || got[0] != 4 {
		t.Errorf("apportion(10, 1:1:1) = %v", got)
	}
	got = apportion(10, []float64{100, 1, 1}, []int{2, 10, 10})
	if !slices.Equal(got, []int{2, 4, 4}) {
		t.Errorf("apportion with caps = %v", got)
	}
	got = apportion(3, []float64{0, 0, 5}, []int{5, 5, 1})
	if got[0]+got[1]+got[2] != 3 || got[2] != 1 {
		t.Errorf("apportion past the weighted = %v", got)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		generate(b, 0.01, 1)
	}
}
