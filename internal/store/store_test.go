package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestMain(m *testing.M) {
	storetest.Main(m)
}

var ctx = context.Background()

var sys = gonghui.SystemActor("test")

// fixture is a small tree: root > two districts > a street > grassroots unions.
type fixture struct {
	root, chaoyang, haidian, street, g1, joint gonghui.Org
}

func mustOrg(t *testing.T, s *store.Store, in gonghui.OrgInput) gonghui.Org {
	t.Helper()
	if in.FoundedOn.IsZero() {
		in.FoundedOn = storetest.Founded
	}
	o, err := s.CreateOrg(ctx, sys, in)
	if err != nil {
		t.Fatalf("create org %q: %v", in.Name, err)
	}
	return o
}

func newFixture(t *testing.T, s *store.Store) fixture {
	t.Helper()
	var f fixture
	var err error
	storetest.FoundSeeded(t, s)
	if f.root, err = s.RootOrg(ctx, sys); err != nil {
		t.Fatal(err)
	}
	if f.chaoyang, err = s.GetOrgByCode(ctx, sys, "BJ05"); err != nil {
		t.Fatal(err)
	}
	if f.haidian, err = s.GetOrgByCode(ctx, sys, "BJ08"); err != nil {
		t.Fatal(err)
	}
	f.street = mustOrg(t, s, gonghui.OrgInput{Name: "建外街道总工会", Kind: gonghui.KindStreetFederation, ParentID: f.chaoyang.ID, RegionCode: "110105001"})
	f.g1 = mustOrg(t, s, gonghui.OrgInput{Name: "示例科技有限公司工会", Kind: gonghui.KindGrassroots, ParentID: f.street.ID})
	f.joint = mustOrg(t, s, gonghui.OrgInput{Name: "建外小微企业联合工会", Kind: gonghui.KindJointGrassroots, ParentID: f.street.ID})
	return f
}

func mustUnit(t *testing.T, s *store.Store, orgID int64, n int) gonghui.Unit {
	t.Helper()
	u, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", n), Name: "示例单位" + string(rune('A'+n%26)),
		OrgID: orgID, Ownership: gonghui.OwnershipPrivate, StaffCount: 10 * n})
	if err != nil {
		t.Fatalf("create unit %d: %v", n, err)
	}
	return u
}

func actor(o gonghui.Org, role gonghui.Role) gonghui.Actor {
	return gonghui.Actor{UserID: 999, Username: "tester", Role: role, OrgID: o.ID, Path: o.Path, ClientAddr: "127.0.0.1"}
}

func fieldOf(err error) string {
	var v *gonghui.ValidationError
	if !errors.As(err, &v) {
		return ""
	}
	var fs []string
	for f := range v.Fields {
		fs = append(fs, f)
	}
	return strings.Join(fs, ",")
}

func TestMigrateLoadsReferenceAndDistricts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		n, err := s.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second migrate applied %d, %v; want 0", n, err)
		}
		root, err := s.RootOrg(ctx, sys)
		if err != nil || root.Name != "北京市总工会" || root.Kind != gonghui.KindCityFederation || root.Code != "BJ" {
			t.Fatalf("root = %+v, %v", root, err)
		}
		kids, total, err := s.ListOrgs(ctx, sys, gonghui.OrgFilter{ParentID: root.ID})
		if err != nil || total != 16 || len(kids) != 16 {
			t.Fatalf("districts: %d (%d), %v", total, len(kids), err)
		}
		cy, err := s.GetOrgByCode(ctx, sys, "bj05")
		if err != nil || cy.Name != "朝阳区总工会" || cy.RegionCode != "110105" || cy.Depth != 1 {
			t.Fatalf("chaoyang = %+v, %v", cy, err)
		}
		// Reference codes are usable: a street code and an industry division.
		if _, err := s.CreateOrg(ctx, sys, gonghui.OrgInput{Name: "x", Kind: gonghui.KindStreetFederation, ParentID: cy.ID, RegionCode: "110105001", IndustryCode: "13"}); err != nil {
			t.Fatalf("reference codes refused: %v", err)
		}
	})
}

// TestChildOrgs: a union's active children in code order, up to the limit,
// in the actor's subtree only.
func TestChildOrgs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		districts, err := s.ChildOrgs(ctx, sys, f.root.ID, 3)
		if err != nil || len(districts) != 3 || districts[0].Code != "BJ01" || districts[2].Code != "BJ05" {
			t.Fatalf("the first three districts: %+v, %v", districts, err)
		}
		kids, err := s.ChildOrgs(ctx, actor(f.chaoyang, gonghui.RoleViewer), f.street.ID, 500)
		if err != nil || len(kids) != 2 || kids[0].Code > kids[1].Code || kids[0].ParentID != f.street.ID {
			t.Fatalf("the street's unions: %+v, %v", kids, err)
		}
		if kids, err := s.ChildOrgs(ctx, actor(f.haidian, gonghui.RoleViewer), f.chaoyang.ID, 500); err != nil || len(kids) != 0 {
			t.Errorf("haidian lists chaoyang's children: %+v, %v", kids, err)
		}
	})
}

func TestCreateOrgValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		tests := []struct {
			name  string
			in    gonghui.OrgInput
			field string
		}{
			{"no name", gonghui.OrgInput{Kind: gonghui.KindGrassroots, ParentID: f.street.ID}, "name"},
			{"bad kind", gonghui.OrgInput{Name: "x", Kind: "club", ParentID: f.street.ID}, "kind"},
			{"no parent", gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots}, "parent_id"},
			{"missing parent", gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots, ParentID: 99999}, "parent_id"},
			{"under grassroots", gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots, ParentID: f.g1.ID}, "parent_id"},
			{"second root", gonghui.OrgInput{Name: "x", Kind: gonghui.KindCityFederation, ParentID: f.root.ID}, "kind"},
			{"unknown region", gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots, ParentID: f.street.ID, RegionCode: "999999"}, "region_code"},
			{"unknown industry", gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots, ParentID: f.street.ID, IndustryCode: "Z9"}, "industry_code"},
			{"bad code", gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots, ParentID: f.street.ID, Code: "a b"}, "code"},
			{"taken code", gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots, ParentID: f.street.ID, Code: "BJ05"}, "code"},
			{"bad uscc", gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots, ParentID: f.street.ID, USCC: "123"}, "uscc"},
			{"company uscc", gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots, ParentID: f.street.ID, USCC: storetest.USCC("91", "110105", 1)}, "uscc"},
		}
		for _, tc := range tests {
			_, err := s.CreateOrg(ctx, sys, tc.in)
			if got := fieldOf(err); got != tc.field {
				t.Errorf("%s: error fields %q (%v), want %q", tc.name, got, err, tc.field)
			}
		}
		// A failed create leaves no org and no audit event behind.
		found, _, _ := s.ListOrgs(ctx, sys, gonghui.OrgFilter{Query: "x", Page: gonghui.Page{Limit: 500}})
		for _, o := range found { // "x" also finds 西城区 by its initials
			if o.Name == "x" {
				t.Errorf("a failed create left org %d", o.ID)
			}
		}
		ev, _, _ := s.ListAudit(ctx, sys, gonghui.AuditFilter{Action: "org.create"})
		if len(ev) != 3 { // the fixture's three
			t.Errorf("audit has %d org.create events, want 3", len(ev))
		}
	})
}

func TestOrgCodesAndSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		if f.g1.Code != gonghui.GeneratedOrgCode(f.g1.ID) || !strings.HasPrefix(f.g1.Code, "GH") {
			t.Errorf("generated code %q", f.g1.Code)
		}
		if f.g1.Path != f.street.Path+itoa(f.g1.ID)+"/" || f.g1.Depth != 3 {
			t.Errorf("path %q depth %d (street %q)", f.g1.Path, f.g1.Depth, f.street.Path)
		}
		o := mustOrg(t, s, gonghui.OrgInput{Name: "自定义代码工会", Code: "cy-001", Kind: gonghui.KindGrassroots, ParentID: f.street.ID,
			USCC: storetest.USCC("81", "110105", 7), FoundedOn: gonghui.NewDate(2017, 3, 1)})
		if o.Code != "CY-001" || o.FoundedOn.String() != "2017-03-01" || !strings.HasPrefix(o.USCC, "81110105") {
			t.Errorf("org %+v", o)
		}
		got, total, err := s.ListOrgs(ctx, sys, gonghui.OrgFilter{Query: "联合"})
		if err != nil || total != 1 || got[0].ID != f.joint.ID {
			t.Errorf("search by name: %v %d %v", got, total, err)
		}
		got, total, _ = s.ListOrgs(ctx, sys, gonghui.OrgFilter{Query: "cy-001"})
		if total != 1 || got[0].ID != o.ID {
			t.Errorf("search by code: %v", got)
		}
		street, _ := s.GetOrg(ctx, sys, f.street.ID)
		if street.ChildCount != 3 {
			t.Errorf("street child count %d", street.ChildCount)
		}
		// Paging.
		page1, total, _ := s.ListOrgs(ctx, sys, gonghui.OrgFilter{Page: gonghui.Page{Limit: 5}})
		page2, _, _ := s.ListOrgs(ctx, sys, gonghui.OrgFilter{Page: gonghui.Page{Offset: 5, Limit: 5}})
		if total != 21 || len(page1) != 5 || len(page2) != 5 || page1[4].ID == page2[0].ID {
			t.Errorf("paging: total %d, %d + %d", total, len(page1), len(page2))
		}
	})
}

func itoa(n int64) string { return gonghui.OrgPath(n)[1 : len(gonghui.OrgPath(n))-1] }

func TestScopeHidesOtherSubtrees(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		unit := mustUnit(t, s, f.g1.ID, 1)
		hd := actor(f.haidian, gonghui.RoleAdmin)
		cy := actor(f.chaoyang, gonghui.RoleCadre)
		// Reading outside the subtree is "not found".
		if _, err := s.GetOrg(ctx, hd, f.g1.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian reads chaoyang org: %v", err)
		}
		if _, err := s.GetOrg(ctx, hd, f.root.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian reads root: %v", err)
		}
		if _, err := s.GetUnit(ctx, hd, unit.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian reads chaoyang unit: %v", err)
		}
		// Changing outside the subtree is "not found" too.
		if _, err := s.UpdateOrg(ctx, hd, f.g1.ID, gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian updates chaoyang org: %v", err)
		}
		if _, err := s.UpdateUnit(ctx, hd, unit.ID, gonghui.UnitInput{USCC: unit.USCC, Name: "x", OrgID: f.haidian.ID, Ownership: gonghui.OwnershipPrivate}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian updates chaoyang unit: %v", err)
		}
		if _, err := s.MoveOrg(ctx, hd, f.g1.ID, f.haidian.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian moves chaoyang org: %v", err)
		}
		if _, err := s.MergeOrg(ctx, hd, f.g1.ID, f.haidian.ID, gonghui.Date{}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian merges chaoyang org: %v", err)
		}
		if _, err := s.DissolveOrg(ctx, hd, f.g1.ID, gonghui.Date{}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian dissolves chaoyang org: %v", err)
		}
		// Creating into another subtree, or pointing a unit at one, is refused.
		if _, err := s.CreateOrg(ctx, hd, gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots, ParentID: f.street.ID}); fieldOf(err) != "parent_id" {
			t.Errorf("haidian creates under chaoyang: %v", err)
		}
		if _, err := s.CreateUnit(ctx, hd, gonghui.UnitInput{USCC: storetest.USCC("91", "110108", 2), Name: "x", OrgID: f.g1.ID, Ownership: gonghui.OwnershipPrivate}); fieldOf(err) != "org_id" {
			t.Errorf("haidian creates unit under chaoyang: %v", err)
		}
		// Lists hold only the subtree.
		orgs, total, _ := s.ListOrgs(ctx, cy, gonghui.OrgFilter{})
		if total != 4 {
			t.Errorf("chaoyang sees %d orgs, want 4", total)
		}
		for _, o := range orgs {
			if !gonghui.InSubtree(o.Path, f.chaoyang.Path) {
				t.Errorf("chaoyang sees %s", o.Name)
			}
		}
		if _, total, _ := s.ListUnits(ctx, hd, gonghui.UnitFilter{}); total != 0 {
			t.Errorf("haidian sees %d units", total)
		}
		if _, total, _ := s.ListUnits(ctx, cy, gonghui.UnitFilter{}); total != 1 {
			t.Errorf("chaoyang sees %d units", total)
		}
		if _, _, err := s.ListUnits(ctx, hd, gonghui.UnitFilter{OrgID: f.g1.ID}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian lists units of a chaoyang org: %v", err)
		}
		// The top of one's own scope cannot be moved or dissolved.
		if _, err := s.DissolveOrg(ctx, cy, f.chaoyang.ID, gonghui.Date{}); fieldOf(err) != "status" {
			t.Errorf("dissolve own scope root: %v", err)
		}
		// Roles without the permission are refused.
		viewer := actor(f.chaoyang, gonghui.RoleViewer)
		if _, err := s.CreateOrg(ctx, viewer, gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots, ParentID: f.street.ID}); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("viewer creates: %v", err)
		}
		if _, _, err := s.ListAudit(ctx, cy, gonghui.AuditFilter{}); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("cadre reads audit: %v", err)
		}
	})
}

func TestMoveSubtree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		mustUnit(t, s, f.g1.ID, 1)
		cy := actor(f.chaoyang, gonghui.RoleCadre)
		if _, err := s.MoveOrg(ctx, sys, f.street.ID, f.g1.ID); fieldOf(err) != "parent_id" {
			t.Errorf("move under own descendant: %v", err)
		}
		if _, err := s.MoveOrg(ctx, sys, f.street.ID, f.street.ID); fieldOf(err) != "parent_id" {
			t.Errorf("move under itself: %v", err)
		}
		if _, err := s.MoveOrg(ctx, cy, f.street.ID, f.haidian.ID); fieldOf(err) != "parent_id" {
			t.Errorf("move out of own scope: %v", err)
		}
		moved, err := s.MoveOrg(ctx, sys, f.street.ID, f.haidian.ID)
		if err != nil {
			t.Fatal(err)
		}
		if moved.ParentID != f.haidian.ID || moved.Path != f.haidian.Path+itoa(f.street.ID)+"/" || moved.Depth != 2 {
			t.Errorf("moved street %+v", moved)
		}
		g1, _ := s.GetOrg(ctx, sys, f.g1.ID)
		if g1.Path != moved.Path+itoa(g1.ID)+"/" || g1.Depth != 3 {
			t.Errorf("descendant path %q depth %d", g1.Path, g1.Depth)
		}
		// Scope follows the move: Chaoyang no longer sees the unit, Haidian does.
		if _, total, _ := s.ListUnits(ctx, cy, gonghui.UnitFilter{}); total != 0 {
			t.Errorf("chaoyang still sees %d units", total)
		}
		if _, total, _ := s.ListUnits(ctx, actor(f.haidian, gonghui.RoleViewer), gonghui.UnitFilter{}); total != 1 {
			t.Errorf("haidian sees %d units", total)
		}
		if _, err := s.GetOrg(ctx, cy, f.g1.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("chaoyang still reads moved org: %v", err)
		}
		// Every path is its parent's path plus its own id.
		orgs, _, _ := s.ListOrgs(ctx, sys, gonghui.OrgFilter{Page: gonghui.Page{Limit: 500}})
		byID := map[int64]gonghui.Org{}
		for _, o := range orgs {
			byID[o.ID] = o
		}
		for _, o := range orgs {
			if o.ParentID == 0 {
				continue
			}
			p := byID[o.ParentID]
			if o.Path != p.Path+itoa(o.ID)+"/" || o.Depth != p.Depth+1 {
				t.Errorf("inconsistent %s: path %q depth %d, parent %q depth %d", o.Name, o.Path, o.Depth, p.Path, p.Depth)
			}
		}
	})
}

func TestMergeAndDissolve(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		u1 := mustUnit(t, s, f.joint.ID, 1)
		u2 := mustUnit(t, s, f.joint.ID, 2)
		if _, err := s.DissolveOrg(ctx, sys, f.joint.ID, gonghui.Date{}); fieldOf(err) != "status" {
			t.Errorf("dissolve with units: %v", err)
		}
		if _, err := s.DissolveOrg(ctx, sys, f.street.ID, gonghui.Date{}); fieldOf(err) != "status" {
			t.Errorf("dissolve with children: %v", err)
		}
		if _, err := s.MergeOrg(ctx, sys, f.street.ID, f.g1.ID, gonghui.Date{}); fieldOf(err) != "successor_id" {
			t.Errorf("merge into own child: %v", err)
		}
		on := gonghui.NewDate(2017, 9, 30)
		merged, err := s.MergeOrg(ctx, sys, f.joint.ID, f.g1.ID, on)
		if err != nil {
			t.Fatal(err)
		}
		if merged.Status != gonghui.OrgMerged || merged.SuccessorID != f.g1.ID || merged.DissolvedOn != on || merged.UnitCount != 0 {
			t.Errorf("merged %+v", merged)
		}
		for _, u := range []gonghui.Unit{u1, u2} {
			got, _ := s.GetUnit(ctx, sys, u.ID)
			if got.OrgID != f.g1.ID {
				t.Errorf("unit %d covered by %d, want successor %d", u.ID, got.OrgID, f.g1.ID)
			}
		}
		if _, err := s.MergeOrg(ctx, sys, f.joint.ID, f.g1.ID, on); fieldOf(err) != "successor_id" {
			t.Errorf("merge twice: %v", err)
		}
		if _, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 9), Name: "x", OrgID: f.joint.ID, Ownership: gonghui.OwnershipState}); fieldOf(err) != "org_id" {
			t.Errorf("unit under merged org: %v", err)
		}
		// A street with child unions merges into another street: the children move.
		street2 := mustOrg(t, s, gonghui.OrgInput{Name: "呼家楼街道总工会", Kind: gonghui.KindStreetFederation, ParentID: f.chaoyang.ID})
		if _, err := s.MergeOrg(ctx, sys, f.street.ID, street2.ID, on); err != nil {
			t.Fatal(err)
		}
		g1, _ := s.GetOrg(ctx, sys, f.g1.ID)
		if g1.ParentID != street2.ID || !gonghui.InSubtree(g1.Path, street2.Path) {
			t.Errorf("child after merge: parent %d path %q", g1.ParentID, g1.Path)
		}
		// An empty org dissolves.
		empty := mustOrg(t, s, gonghui.OrgInput{Name: "待撤销工会", Kind: gonghui.KindGrassroots, ParentID: street2.ID})
		d, err := s.DissolveOrg(ctx, sys, empty.ID, on)
		if err != nil || d.Status != gonghui.OrgDissolved || d.DissolvedOn != on {
			t.Errorf("dissolve: %+v %v", d, err)
		}
		if _, err := s.CreateOrg(ctx, sys, gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots, ParentID: f.street.ID}); fieldOf(err) != "parent_id" {
			t.Errorf("create under merged parent: %v", err)
		}
	})
}

func TestUnits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		code := storetest.USCC("91", "110105", 42)
		u, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: " " + strings.ToLower(code) + " ", Name: "  朝阳示例物流有限公司 ", OrgID: f.joint.ID,
			Ownership: gonghui.OwnershipState, StaffCount: 120, RegionCode: "110105001", IndustryCode: "54"})
		if err != nil {
			t.Fatal(err)
		}
		if u.USCC != code || u.Name != "朝阳示例物流有限公司" || !u.Public || u.OrgName != f.joint.Name || u.Warning != nil {
			t.Errorf("unit %+v", u)
		}
		for n := 1; n <= 5; n++ {
			mustUnit(t, s, f.joint.ID, n)
		}
		tests := []struct {
			name  string
			in    gonghui.UnitInput
			field string
		}{
			{"duplicate uscc", gonghui.UnitInput{USCC: code, Name: "x", OrgID: f.g1.ID, Ownership: gonghui.OwnershipPrivate}, "uscc"},
			{"bad checksum char", gonghui.UnitInput{USCC: "91110105MA01ABCDIO", Name: "x", OrgID: f.g1.ID, Ownership: gonghui.OwnershipPrivate}, "uscc"},
			{"short uscc", gonghui.UnitInput{USCC: "9111", Name: "x", OrgID: f.g1.ID, Ownership: gonghui.OwnershipPrivate}, "uscc"},
			{"no name", gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 50), OrgID: f.g1.ID, Ownership: gonghui.OwnershipPrivate}, "name"},
			{"no org", gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 51), Name: "x", Ownership: gonghui.OwnershipPrivate}, "org_id"},
			{"bad ownership", gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 52), Name: "x", OrgID: f.g1.ID, Ownership: "mine"}, "ownership"},
			{"negative staff", gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 53), Name: "x", OrgID: f.g1.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: -1}, "staff_count"},
			{"bad industry", gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 54), Name: "x", OrgID: f.g1.ID, Ownership: gonghui.OwnershipPrivate, IndustryCode: "99"}, "industry_code"},
		}
		for _, tc := range tests {
			if _, err := s.CreateUnit(ctx, sys, tc.in); fieldOf(err) != tc.field {
				t.Errorf("%s: fields %q (%v), want %q", tc.name, fieldOf(err), err, tc.field)
			}
		}
		// A code failing only the checksum is refused as a typo, unless
		// confirmed as an early pilot code: then it is kept with a warning,
		// and an edit that keeps it needs no new confirmation.
		good := storetest.USCC("91", "110105", 77)
		pilot := good[:17] + string("0123456789ABCDEFGHJKLMNPQRTUWXY"[(strings.IndexByte("0123456789ABCDEFGHJKLMNPQRTUWXY", good[17])+1)%31])
		pin := gonghui.UnitInput{USCC: pilot, Name: "早期试点单位", OrgID: f.g1.ID, Ownership: gonghui.OwnershipPrivate}
		if _, err := s.CreateUnit(ctx, sys, pin); fieldOf(err) != "uscc" {
			t.Errorf("unconfirmed pilot code: %v, want a uscc error", err)
		}
		pin.USCCPilotConfirmed = true
		pu, err := s.CreateUnit(ctx, sys, pin)
		if err != nil || pu.Warning == nil || pu.Warning.Zh == "" || pu.Warning.En == "" {
			t.Errorf("pilot code: %+v %v", pu, err)
		}
		edit := pu.ToInput()
		edit.StaffCount = 5
		if _, err := s.UpdateUnit(ctx, sys, pu.ID, edit); err != nil {
			t.Errorf("edit keeping the pilot code: %v", err)
		}
		// Search by name and by USCC prefix; the joint union covers many units.
		got, total, _ := s.ListUnits(ctx, sys, gonghui.UnitFilter{Query: "物流"})
		if total != 1 || got[0].ID != u.ID {
			t.Errorf("search by name: %d", total)
		}
		if _, total, _ = s.ListUnits(ctx, sys, gonghui.UnitFilter{Query: code[:16]}); total != 1 {
			t.Errorf("search by USCC prefix: %d", total)
		}
		if _, total, _ = s.ListUnits(ctx, sys, gonghui.UnitFilter{OrgID: f.joint.ID}); total != 6 {
			t.Errorf("joint union covers %d units, want 6", total)
		}
		if _, total, _ = s.ListUnits(ctx, sys, gonghui.UnitFilter{OrgID: f.street.ID}); total != 7 {
			t.Errorf("street subtree covers %d units, want 7", total)
		}
		// Update hands the unit to another union and records the change.
		up, err := s.UpdateUnit(ctx, sys, u.ID, gonghui.UnitInput{USCC: code, Name: u.Name, OrgID: f.g1.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 99})
		if err != nil || up.OrgID != f.g1.ID || up.Public || up.StaffCount != 99 {
			t.Errorf("update: %+v %v", up, err)
		}
		ev, _, _ := s.ListAudit(ctx, sys, gonghui.AuditFilter{Action: "unit.update", RecordID: u.ID})
		if len(ev) != 1 || !strings.Contains(ev[0].Summary, `"staff_count":[120,99]`) {
			t.Errorf("audit of update: %+v", ev)
		}
	})
}

func TestAccountsSessionsTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, gonghui.Shanghai)
		s.SetClock(func() time.Time { return now })
		admin := actor(f.chaoyang, gonghui.RoleAdmin)
		if _, err := s.CreateUser(ctx, admin, gonghui.UserInput{Username: "x", OrgID: f.g1.ID, Role: gonghui.RoleCadre, Password: "short"}); fieldOf(err) == "" {
			t.Errorf("weak input accepted: %v", err)
		}
		if _, err := s.CreateUser(ctx, admin, gonghui.UserInput{Username: "hd-user", OrgID: f.haidian.ID, Role: gonghui.RoleCadre, Password: "long enough pw"}); fieldOf(err) != "org_id" {
			t.Errorf("account outside scope: %v", err)
		}
		u, err := s.CreateUser(ctx, admin, gonghui.UserInput{Username: "Cadre.One", DisplayName: "干部一", OrgID: f.street.ID, Role: gonghui.RoleCadre, Password: "long enough pw"})
		if err != nil || u.Username != "cadre.one" || u.OrgPath != f.street.Path {
			t.Fatalf("create user: %+v %v", u, err)
		}
		if _, err := s.CreateUser(ctx, admin, gonghui.UserInput{Username: "cadre.one", OrgID: f.street.ID, Role: gonghui.RoleCadre, Password: "long enough pw"}); fieldOf(err) != "username" {
			t.Errorf("duplicate username: %v", err)
		}
		if _, _, err := s.ListUsers(ctx, actor(f.chaoyang, gonghui.RoleCadre), "", gonghui.Page{}); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("cadre lists users: %v", err)
		}
		if _, total, _ := s.ListUsers(ctx, actor(f.haidian, gonghui.RoleAdmin), "", gonghui.Page{}); total != 0 {
			t.Errorf("haidian admin sees %d chaoyang users", total)
		}

		// Login, session, rotation, logout.
		_, tok, res, err := s.Login(ctx, "CADRE.ONE", "long enough pw", "10.0.0.1", "")
		if err != nil || res != store.LoginOK || !strings.HasPrefix(tok, "ghs_") {
			t.Fatalf("login: %v %v", res, err)
		}
		su, err := s.Session(ctx, tok)
		if err != nil || su.ID != u.ID {
			t.Fatalf("session: %+v %v", su, err)
		}
		_, tok2, _, _ := s.Login(ctx, "cadre.one", "long enough pw", "10.0.0.1", tok)
		if _, err := s.Session(ctx, tok); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("old session survives a new login: %v", err)
		}
		now = now.Add(store.IdleTimeout - time.Minute)
		if _, err := s.Session(ctx, tok2); err != nil {
			t.Errorf("session before idle timeout: %v", err)
		}
		now = now.Add(store.IdleTimeout + time.Second)
		if _, err := s.Session(ctx, tok2); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("idle session still valid: %v", err)
		}
		_, tok3, _, _ := s.Login(ctx, "cadre.one", "long enough pw", "10.0.0.1", "")
		if err := s.Logout(ctx, store.ActorFor(su, "10.0.0.1"), tok3); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, tok3); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("session after logout: %v", err)
		}

		// Backoff after repeated failures, even with the right password;
		// the same result as a wrong password, then a short wait lets the
		// right password in.
		for i := 0; i < store.FreeFailedLogins+3; i++ {
			if _, _, res, err := s.Login(ctx, "cadre.one", "wrong password", "10.0.0.2", ""); err != nil || res != store.LoginBadCredentials {
				t.Fatalf("failure %d: %v %v", i+1, res, err)
			}
		}
		if _, _, res, _ := s.Login(ctx, "cadre.one", "long enough pw", "10.0.0.2", ""); res != store.LoginBadCredentials {
			t.Errorf("backing-off account logged in: %v", res)
		}
		now = now.Add(store.BackoffMax + time.Second)
		if _, _, res, _ := s.Login(ctx, "cadre.one", "long enough pw", "10.0.0.2", ""); res != store.LoginOK {
			t.Errorf("login after the backoff: %v", res)
		}
		if _, _, res, _ := s.Login(ctx, "nobody", "whatever pw", "10.0.0.3", ""); res != store.LoginBadCredentials {
			t.Errorf("unknown user: %v", res)
		}
		fails, _, _ := s.ListAudit(ctx, sys, gonghui.AuditFilter{Action: "login", Page: gonghui.Page{Limit: 100}})
		var failures int
		for _, e := range fails {
			if e.Outcome == gonghui.OutcomeFailure {
				failures++
				if e.ClientAddr == "" {
					t.Errorf("failed login without client address: %+v", e)
				}
			}
		}
		if failures != store.FreeFailedLogins+5 {
			t.Errorf("failed logins audited: %d, want %d", failures, store.FreeFailedLogins+5)
		}

		// Disabling ends sessions and blocks login; a password change too.
		_, tok4, _, _ := s.Login(ctx, "cadre.one", "long enough pw", "10.0.0.1", "")
		if _, err := s.UpdateUser(ctx, admin, u.ID, gonghui.UserInput{DisplayName: "干部一", OrgID: f.street.ID, Role: gonghui.RoleCadre}, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, tok4); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("disabled user's session: %v", err)
		}
		if _, _, res, _ := s.Login(ctx, "cadre.one", "long enough pw", "10.0.0.1", ""); res == store.LoginOK {
			t.Error("disabled user logged in")
		}

		// API tokens: stored hashed, resolve to the user, stop with the account.
		if _, err := s.UpdateUser(ctx, admin, u.ID, gonghui.UserInput{DisplayName: "干部一", OrgID: f.street.ID, Role: gonghui.RoleCadre, Password: "a new password"}, false); err != nil {
			t.Fatal(err)
		}
		api, err := s.CreateToken(ctx, sys, u.ID, "etl")
		if err != nil || !strings.HasPrefix(api, "gha_") {
			t.Fatalf("token: %q %v", api, err)
		}
		tu, err := s.TokenUser(ctx, api)
		if err != nil || tu.ID != u.ID {
			t.Errorf("token user %+v %v", tu, err)
		}
		if _, err := s.TokenUser(ctx, api+"x"); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("wrong token: %v", err)
		}
		var stored int
		s.DB().QueryRow(`SELECT count(*) FROM api_tokens WHERE token_hash = '` + api + `'`).Scan(&stored)
		if stored != 0 {
			t.Error("token stored in the clear")
		}
		if _, _, res, _ := s.Login(ctx, "cadre.one", "a new password", "10.0.0.1", ""); res != store.LoginOK {
			t.Errorf("login with new password: %v", res)
		}
	})
}

func TestAuditScopeAndFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		mustUnit(t, s, f.g1.ID, 1)
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀示例工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		cyAuditor := actor(f.chaoyang, gonghui.RoleAuditor)
		ev, total, err := s.ListAudit(ctx, cyAuditor, gonghui.AuditFilter{})
		if err != nil || total != 5 { // chaoyang's founding date, street, g1, joint, unit
			t.Fatalf("chaoyang auditor sees %d events, %v", total, err)
		}
		for _, e := range ev {
			if e.RecordID == hd.ID {
				t.Errorf("chaoyang auditor sees haidian event %+v", e)
			}
			if e.Username != sys.Username || e.ClientAddr != "cli" || e.Outcome != gonghui.OutcomeSuccess || e.At.IsZero() {
				t.Errorf("event fields %+v", e)
			}
		}
		ev, _, _ = s.ListAudit(ctx, sys, gonghui.AuditFilter{RecordType: "unit"})
		if len(ev) != 1 || !strings.Contains(ev[0].Summary, `"uscc"`) {
			t.Errorf("unit events %+v", ev)
		}
		if _, total, _ := s.ListAudit(ctx, sys, gonghui.AuditFilter{Since: time.Now().Add(time.Hour)}); total != 0 {
			t.Errorf("future filter: %d", total)
		}
		actions, _ := s.AuditActions(ctx)
		if strings.Join(actions, ",") != "org.create,org.update,unit.create" { // the fixture dates the seeded unions
			t.Errorf("actions %v", actions)
		}
	})
}

func TestBackupSQLite(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	newFixture(t, s)
	out := t.TempDir() + "/copy.db"
	if err := s.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, out); err == nil {
		t.Error("backup overwrote an existing file")
	}
	c, err := store.Open(ctx, "sqlite:"+out)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, total, err := c.ListOrgs(ctx, sys, gonghui.OrgFilter{}); err != nil || total != 20 {
		t.Errorf("backup holds %d orgs, %v", total, err)
	}
}

func TestParseDSN(t *testing.T) {
	tests := []struct {
		in     string
		engine store.Engine
		ok     bool
	}{
		{"sqlite:gonghui.db", store.SQLite, true},
		{"sqlite:/tmp/x.db", store.SQLite, true},
		{"data.db", store.SQLite, true},
		{"postgres://u@h/db", store.Postgres, true},
		{"postgresql://u@h/db", store.Postgres, true},
		{"sqlite:", "", false},
		{"mysql://x", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		e, _, err := store.ParseDSN(tc.in)
		if (err == nil) != tc.ok || e != tc.engine {
			t.Errorf("ParseDSN(%q) = %q, %v", tc.in, e, err)
		}
	}
}

func FuzzParseDSN(f *testing.F) {
	f.Add("sqlite:gonghui.db")
	f.Add("postgres://u@h/db")
	f.Add("x.db")
	f.Fuzz(func(t *testing.T, dsn string) {
		e, target, err := store.ParseDSN(dsn)
		if err != nil {
			return
		}
		if (e != store.SQLite && e != store.Postgres) || target == "" {
			t.Errorf("ParseDSN(%q) = %q, %q", dsn, e, target)
		}
	})
}

func TestRevokeToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		u, err := s.CreateUser(ctx, sys, gonghui.UserInput{Username: "etl", OrgID: f.g1.ID, Role: gonghui.RoleViewer, Password: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := s.CreateToken(ctx, sys, u.ID, "nightly")
		list, err := s.ListTokens(ctx, sys, u.ID)
		if err != nil || len(list) != 1 || list[0].Name != "nightly" || list[0].Revoked {
			t.Fatalf("tokens %+v %v", list, err)
		}
		if err := s.RevokeToken(ctx, actor(f.haidian, gonghui.RoleAdmin), list[0].ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian revokes: %v", err)
		}
		if _, err := s.ListTokens(ctx, actor(f.haidian, gonghui.RoleAdmin), u.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian lists: %v", err)
		}
		if err := s.RevokeToken(ctx, actor(f.chaoyang, gonghui.RoleAdmin), list[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, tok); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("revoked token still works: %v", err)
		}
		if err := s.RevokeToken(ctx, sys, list[0].ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("revoke twice: %v", err)
		}
		if ev, _, _ := s.ListAudit(ctx, sys, gonghui.AuditFilter{Action: "token.revoke"}); len(ev) != 1 {
			t.Errorf("audit %+v", ev)
		}
	})
}
