package store_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// A campaign's founding, for the shared fast-path test: the employer moves
// from uncovered to covered through the campaign.
func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "campaign founding", run: func(t *testing.T, s *store.Store, f fixture) {
		street := mustOrg(t, s, gonghui.OrgInput{Name: "呼家楼街道总工会", Kind: gonghui.KindStreetFederation, ParentID: f.chaoyang.ID, RegionCode: "110105003"})
		mustImportEmployers(t, s, employerIn(30, "110105003", gonghui.LegalFormLLC, 80))
		k, err := s.CreateCampaign(ctx, sys, gonghui.CampaignInput{OrgID: street.ID, Name: "呼家楼建会攻坚", StartsOn: gonghui.NewDate(2018, 3, 1), EndsOn: gonghui.NewDate(2018, 12, 31)})
		if err != nil {
			t.Fatal(err)
		}
		targets, _, err := s.ListCampaignTargets(ctx, sys, k.ID, gonghui.Page{})
		if err != nil || len(targets) != 1 {
			t.Fatalf("targets %v %v", targets, err)
		}
		joint := mustOrg(t, s, gonghui.OrgInput{Name: "呼家楼联合工会", Kind: gonghui.KindJointGrassroots, ParentID: street.ID, FoundedOn: gonghui.NewDate(2018, 6, 1)})
		if _, err := s.FoundUnion(ctx, sys, targets[0].ID, gonghui.FoundingInput{OrgID: joint.ID}); err != nil {
			t.Fatal(err)
		}
	}})
}

// One founding per employer, however many cadres record it at once and
// whatever re-import of the register runs beside them: the shared
// concurrency test tries it. The database must hold one unit of the
// employer's USCC, the employer covered by it, and figures equal to their
// recount (a re-import racing the founding must not count the move twice).
func init() {
	lockRules = append(lockRules, lockRule{name: "one founding per employer, founded or re-imported", refused: []string{"outcome"},
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, in := e.s, employerIn(200+e.next(), "110105001", gonghui.LegalFormLLC, 60)
			mustImportEmployers(t, s, in)
			k, err := s.CreateCampaign(ctx, sys, gonghui.CampaignInput{OrgID: e.f.street.ID, Name: "并发建会" + in.USCC,
				StartsOn: gonghui.NewDate(2017, 1, 1), EndsOn: gonghui.NewDate(2017, 12, 31)})
			if err != nil {
				t.Fatal(err)
			}
			targets, _, err := s.ListCampaignTargets(ctx, sys, k.ID, gonghui.Page{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			var target int64
			for _, tg := range targets {
				if tg.EmployerName == in.Name {
					target = tg.ID
				}
			}
			return func(i int) error {
					if i%2 == 0 {
						_, err := s.FoundUnion(ctx, sys, target, gonghui.FoundingInput{OrgID: e.unions[i].ID})
						return err
					}
					row := in
					row.StaffCount = 60 + i
					w, err := s.NewEmployerWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					_, err = w.Save(ctx, row)
					return commit(w, err)
				}, func() int {
					units, n, err := s.ListUnits(ctx, sys, gonghui.UnitFilter{Query: in.USCC})
					if err != nil || n != 1 {
						return total(units, n, err)
					}
					emp, _, err := s.ListEmployers(ctx, sys, gonghui.EmployerFilter{Query: in.USCC})
					if err != nil || len(emp) != 1 || emp[0].UnitID != units[0].ID {
						t.Errorf("employer %+v, unit %d (%v)", emp, units[0].ID, err)
						return -1
					}
					on := today
					fast, err1 := s.ComputeStats(ctx, sys, e.f.chaoyang.ID, on)
					recount, err2 := s.RecountStats(ctx, sys, e.f.chaoyang.ID, on)
					for _, key := range []string{"employers_unionized", "employers_25plus_uncovered", "workers_covered", "workers_employed"} {
						if err1 != nil || err2 != nil || fast.Indicators[key] != recount.Indicators[key] {
							t.Errorf("%s: %v, recount %v (%v, %v)", key, fast.Indicators[key], recount.Indicators[key], err1, err2)
							return -1
						}
					}
					return n
				}
		}})
}

// A campaign named by lines imported at once is started once: the shared
// concurrency test tries it.
func init() {
	lockRules = append(lockRules, lockRule{name: "one campaign per union and name, imported",
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			n := e.next()
			name := "并发导入攻坚" + strconv.Itoa(n)
			codes := make([]string, contenders)
			for i := range codes {
				in := employerIn(1000+100*n+i, "110105001", gonghui.LegalFormLLC, 30)
				mustImportEmployers(t, e.s, in)
				codes[i] = in.USCC
			}
			return func(i int) error {
					w, err := e.s.NewCampaignTargetWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					_, err = w.Save(ctx, gonghui.CampaignTargetRow{OrgID: e.f.street.ID, Campaign: name, StartsOn: gonghui.NewDate(2018, 3, 1),
						EndsOn: gonghui.NewDate(2018, 12, 31), USCC: codes[i]})
					return commit(w, err)
				}, func() int {
					list, _, err := e.s.ListCampaigns(ctx, sys, gonghui.Page{Limit: 500})
					found := 0
					for _, k := range list {
						if k.Name == name {
							found++
						}
					}
					return total(list, found, err)
				}
		}})
}

func TestCampaigns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate
		big := employerIn(1, "110105001", gonghui.LegalFormLLC, 300)
		mid := employerIn(2, "110105001", gonghui.LegalFormPartnership, 40)
		tiny := employerIn(3, "110105001", gonghui.LegalFormIndividual, 3)
		far := employerIn(4, "110108001", gonghui.LegalFormLLC, 500)
		mustImportEmployers(t, s, big, mid, tiny, far)
		cadre := actor(f.chaoyang, gonghui.RoleCadre)

		if _, err := s.CreateCampaign(ctx, cadre, gonghui.CampaignInput{OrgID: f.haidian.ID, Name: "越权", StartsOn: d(2018, 1, 1), EndsOn: d(2018, 12, 31)}); fieldOf(err) != "org_id" {
			t.Errorf("a campaign outside the scope: %v", err)
		}
		if _, err := s.CreateCampaign(ctx, cadre, gonghui.CampaignInput{OrgID: f.street.ID, StartsOn: d(2018, 12, 31), EndsOn: d(2018, 1, 1),
			Filter: gonghui.CampaignFilter{StaffBand: "huge"}}); sortedFields(err) != "ends_on,filter.staff_band,name" {
			t.Errorf("invalid campaign: %v", err)
		}
		k, err := s.CreateCampaign(ctx, cadre, gonghui.CampaignInput{OrgID: f.street.ID, Name: "2018年建会攻坚", StartsOn: d(2018, 3, 1), EndsOn: d(2018, 12, 31),
			Filter: gonghui.CampaignFilter{StaffBand: "25plus"}})
		if err != nil || k.Progress[""] != 2 {
			t.Fatalf("campaign %+v %v", k, err)
		}
		targets, total, err := s.ListCampaignTargets(ctx, cadre, k.ID, gonghui.Page{})
		if err != nil || total != 2 || targets[0].EmployerName != big.Name {
			t.Fatalf("targets %+v %v", targets, err)
		}
		if _, total, err := s.ListCampaignTargets(ctx, actor(f.haidian, gonghui.RoleCadre), k.ID, gonghui.Page{}); err != nil || total != 0 {
			t.Errorf("Haidian lists %d of Chaoyang's targets: %v", total, err)
		}
		if _, err := s.GetCampaign(ctx, actor(f.haidian, gonghui.RoleCadre), k.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian reads Chaoyang's campaign: %v", err)
		}

		t.Run("assigned with a deadline", func(t *testing.T) {
			err := s.AssignTargets(ctx, cadre, gonghui.CampaignAssignment{TargetIDs: []int64{targets[0].ID}, DueOn: d(2018, 6, 30)})
			if fieldOf(err) != "user_id" {
				t.Errorf("nobody assigned: %v", err)
			}
			fed := mustOrg(t, s, gonghui.OrgInput{Name: "快递行业工会联合会", Kind: gonghui.KindIndustryFederation, ParentID: f.root.ID})
			if err := s.AssignTargets(ctx, sys, gonghui.CampaignAssignment{TargetIDs: []int64{targets[1].ID}, OrgID: fed.ID, DueOn: d(2018, 6, 30)}); err != nil {
				t.Fatal(err)
			}
			if err := s.AssignTargets(ctx, cadre, gonghui.CampaignAssignment{TargetIDs: []int64{targets[1].ID}, OrgID: f.g1.ID, DueOn: d(2018, 6, 30)}); fieldOf(err) != "org_id" {
				t.Errorf("assigned to a grassroots union: %v", err)
			}
			list, _, _ := s.ListCampaignTargets(ctx, cadre, k.ID, gonghui.Page{})
			if list[1].AssigneeOrgID != fed.ID || list[1].DueOn != d(2018, 6, 30) {
				t.Errorf("assigned %+v", list[1])
			}
		})
		t.Run("visits", func(t *testing.T) {
			tg := targets[1]
			if _, err := s.RecordVisit(ctx, cadre, tg.ID, gonghui.VisitInput{VisitedOn: d(2018, 4, 1), Outcome: gonghui.OutcomeFounded, Version: tg.Version}); fieldOf(err) != "outcome" {
				t.Errorf("founded by a visit: %v", err)
			}
			cur, _, _ := s.ListCampaignTargets(ctx, cadre, k.ID, gonghui.Page{})
			got, err := s.RecordVisit(ctx, cadre, tg.ID, gonghui.VisitInput{VisitedOn: d(2018, 4, 1), Outcome: gonghui.OutcomeRefused, Note: "负责人不在", Version: cur[1].Version})
			if err != nil || got.Outcome != gonghui.OutcomeRefused || got.Visits != 1 {
				t.Fatalf("visit %+v %v", got, err)
			}
			if _, err := s.RecordVisit(ctx, cadre, tg.ID, gonghui.VisitInput{VisitedOn: d(2018, 4, 2), Outcome: gonghui.OutcomePreparing, Version: cur[1].Version}); !errors.Is(err, gonghui.ErrConflict) {
				t.Errorf("stale visit: %v", err)
			}
		})
		t.Run("a founding moves the employer from uncovered to covered", func(t *testing.T) {
			on := d(2018, 9, 30)
			before, _ := s.ComputeStats(ctx, sys, f.chaoyang.ID, on)
			if before.Indicators["employers_25plus_uncovered"] != 2 || before.Indicators["employers_unionized"] != 0 {
				t.Fatalf("before %v", before.Indicators)
			}
			union := mustOrg(t, s, gonghui.OrgInput{Name: big.Name + "工会", Kind: gonghui.KindGrassroots, ParentID: f.street.ID, FoundedOn: d(2018, 7, 1)})
			got, err := s.FoundUnion(ctx, cadre, targets[0].ID, gonghui.FoundingInput{OrgID: union.ID})
			if err != nil || got.Outcome != gonghui.OutcomeFounded || got.UnionID != union.ID {
				t.Fatalf("founded %+v %v", got, err)
			}
			if _, err := s.FoundUnion(ctx, cadre, targets[0].ID, gonghui.FoundingInput{OrgID: union.ID}); fieldOf(err) != "outcome" {
				t.Errorf("founded twice: %v", err)
			}
			after, _ := s.ComputeStats(ctx, sys, f.chaoyang.ID, on)
			if after.Indicators["employers_25plus_uncovered"] != 1 || after.Indicators["employers_unionized"] != 1 || after.Indicators["workers_covered"] != 300 {
				t.Errorf("after %v", after.Indicators)
			}
			if early, _ := s.ComputeStats(ctx, sys, f.chaoyang.ID, d(2018, 6, 30)); early.Indicators["employers_unionized"] != 0 {
				t.Errorf("before the union's founding day: %v", early.Indicators["employers_unionized"])
			}
			recount, err := s.RecountStats(ctx, sys, f.chaoyang.ID, on)
			if err != nil || recount.Indicators["employers_25plus_uncovered"] != 1 {
				t.Errorf("recount %v %v", recount.Indicators, err)
			}
			e, _, _ := s.ListEmployers(ctx, sys, gonghui.EmployerFilter{Query: big.USCC})
			if len(e) != 1 || !e[0].Covered() {
				t.Errorf("employer %+v", e)
			}
			k, _ := s.GetCampaign(ctx, cadre, k.ID)
			if k.Progress[gonghui.OutcomeFounded] != 1 || k.Progress[gonghui.OutcomeRefused] != 1 {
				t.Errorf("progress %v", k.Progress)
			}
			byDistrict, err := s.CampaignProgressByDistrict(ctx, cadre, k.ID)
			if err != nil || len(byDistrict) != 1 || byDistrict[0].District != "110105" || byDistrict[0].Outcomes[gonghui.OutcomeFounded] != 1 {
				t.Errorf("by district %+v %v", byDistrict, err)
			}
		})
		t.Run("a founding registers the new union in the same step", func(t *testing.T) {
			tg := targets[1]
			for _, c := range []struct {
				in    gonghui.FoundingInput
				field string
			}{
				{gonghui.FoundingInput{}, "org_id"},
				{gonghui.FoundingInput{OrgID: f.g1.ID, NewUnion: "新工会"}, "new_union"},
				{gonghui.FoundingInput{OrgID: f.g1.ID, Chair: "张三"}, "new_union"},
				{gonghui.FoundingInput{NewUnion: strings.Repeat("工", 201)}, "new_union"},
			} {
				if _, err := s.FoundUnion(ctx, cadre, tg.ID, c.in); fieldOf(err) != c.field {
					t.Errorf("%+v: %v, want a reason for %s", c.in, err, c.field)
				}
			}
			if _, err := s.FoundUnion(ctx, actor(f.chaoyang, gonghui.RoleViewer), tg.ID, gonghui.FoundingInput{NewUnion: "新工会"}); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a viewer founds: %v", err)
			}
			got, err := s.FoundUnion(ctx, cadre, tg.ID, gonghui.FoundingInput{NewUnion: " 新建公司工会 ", Chair: "张三", FoundedOn: d(2018, 8, 1)})
			if err != nil || got.Outcome != gonghui.OutcomeFounded {
				t.Fatalf("founded with a new union: %+v %v", got, err)
			}
			o, err := s.GetOrg(ctx, sys, got.UnionID)
			if err != nil || o.Name != "新建公司工会" || o.Kind != gonghui.KindGrassroots || o.FoundedOn != d(2018, 8, 1) || o.Chair != "张三" {
				t.Fatalf("the new union %+v %v", o, err)
			}
			e, err := s.GetEmployer(ctx, sys, tg.EmployerID)
			if err != nil || o.ParentID != e.OrgID || !e.Covered() {
				t.Errorf("the new union's parent %d, the employer's area union %d, covered %v (%v)", o.ParentID, e.OrgID, e.Covered(), err)
			}
			on := d(2018, 9, 30)
			after, _ := s.ComputeStats(ctx, sys, f.chaoyang.ID, on)
			recount, err := s.RecountStats(ctx, sys, f.chaoyang.ID, on)
			if err != nil || after.Indicators["employers_unionized"] != 2 || recount.Indicators["employers_unionized"] != 2 {
				t.Errorf("unionized %v, recount %v (%v)", after.Indicators["employers_unionized"], recount.Indicators["employers_unionized"], err)
			}
		})
	})
}

// An industry federation works on the targets assigned to it wherever the
// employer is: it reads them with the employer's register fields and
// records visits, and reaches nothing else — not the campaign, its other
// targets, the employer's record nor the cadres' notes on it.
func TestCampaignAssignedToFederation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate
		assigned, other := employerIn(41, "110105001", gonghui.LegalFormLLC, 90), employerIn(42, "110105001", gonghui.LegalFormLLC, 80)
		mustImportEmployers(t, s, assigned, other)
		k, err := s.CreateCampaign(ctx, sys, gonghui.CampaignInput{OrgID: f.street.ID, Name: "快递网点建会", StartsOn: d(2018, 3, 1), EndsOn: d(2018, 12, 31)})
		if err != nil {
			t.Fatal(err)
		}
		targets, _, err := s.ListCampaignTargets(ctx, sys, k.ID, gonghui.Page{})
		if err != nil || len(targets) != 2 {
			t.Fatalf("targets %+v %v", targets, err)
		}
		mine, theirs := targets[0], targets[1]
		list, _, _ := s.ListEmployers(ctx, sys, gonghui.EmployerFilter{Query: assigned.USCC})
		if _, err := s.UpdateEmployerNotes(ctx, sys, list[0].ID, gonghui.EmployerNotesInput{Contact: "王经理 13800000000", Notes: "内部记录", Version: list[0].Version}); err != nil {
			t.Fatal(err)
		}
		fed := mustOrg(t, s, gonghui.OrgInput{Name: "北京市快递行业工会联合会", Kind: gonghui.KindIndustryFederation, ParentID: f.root.ID})
		if err := s.AssignTargets(ctx, sys, gonghui.CampaignAssignment{TargetIDs: []int64{mine.ID}, OrgID: fed.ID, DueOn: d(2018, 6, 30)}); err != nil {
			t.Fatal(err)
		}
		cadre := actor(fed, gonghui.RoleCadre)
		cadre.UserID = 0 // the federation's assignment, not a cadre's

		got, n, err := s.ListAssignedTargets(ctx, cadre, gonghui.Page{})
		if err != nil || n != 1 || got[0].ID != mine.ID || got[0].CampaignName != k.Name || got[0].Employer.USCC != assigned.USCC ||
			got[0].Employer.Address != assigned.Address || got[0].Employer.LegalForm != gonghui.LegalFormLLC {
			t.Fatalf("assigned %+v %d %v", got, n, err)
		}
		if b, _ := json.Marshal(got); strings.Contains(string(b), "王经理") || strings.Contains(string(b), "内部记录") {
			t.Errorf("the cadres' notes reach the assignee: %s", b)
		}
		if n, err := s.DueCampaignTargets(ctx, cadre, d(2018, 7, 1)); err != nil || n != 1 {
			t.Errorf("due %d %v", n, err)
		}
		if _, err := s.RecordVisit(ctx, cadre, mine.ID, gonghui.VisitInput{VisitedOn: d(2018, 4, 1), Outcome: gonghui.OutcomePreparing, Version: got[0].Version}); err != nil {
			t.Errorf("the federation's visit: %v", err)
		}
		for name, err := range map[string]error{
			"the campaign":              second(s.GetCampaign(ctx, cadre, k.ID)),
			"the campaign by district":  second(s.CampaignProgressByDistrict(ctx, cadre, k.ID)),
			"the employer":              second(s.GetEmployer(ctx, cadre, mine.EmployerID)),
			"another target's visit":    second(s.RecordVisit(ctx, cadre, theirs.ID, gonghui.VisitInput{VisitedOn: d(2018, 4, 1), Outcome: gonghui.OutcomeRefused, Version: theirs.Version})),
			"another target's founding": second(s.FoundUnion(ctx, cadre, theirs.ID, gonghui.FoundingInput{OrgID: f.g1.ID})),
		} {
			if !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("%s: %v, want not found", name, err)
			}
		}
		if _, n, err := s.ListCampaignTargets(ctx, cadre, k.ID, gonghui.Page{}); err != nil || n != 0 {
			t.Errorf("the campaign's targets: %d %v", n, err)
		}
		if _, n, err := s.ListEmployers(ctx, cadre, gonghui.EmployerFilter{}); err != nil || n != 0 {
			t.Errorf("the register: %d %v", n, err)
		}
		// A founding with a union outside the federation's subtree is refused.
		if _, err := s.FoundUnion(ctx, cadre, mine.ID, gonghui.FoundingInput{OrgID: f.g1.ID}); fieldOf(err) != "org_id" {
			t.Errorf("founded with Chaoyang's union: %v", err)
		}
	})
}
