package gonghui_test

import (
	"encoding/json"
	"strings"
	"testing"

	"gonghui"
)

func TestPathRange(t *testing.T) {
	lo, hi := gonghui.PathRange("/1/5/")
	inside := []string{"/1/5/", "/1/5/23/", "/1/5/999/1/"}
	outside := []string{"/1/", "/1/50/", "/1/6/", "/1/4/9/", "/2/5/"}
	for _, p := range inside {
		if !(p >= lo && p < hi) || !gonghui.InSubtree(p, "/1/5/") {
			t.Errorf("%s should be inside /1/5/", p)
		}
	}
	for _, p := range outside {
		if (p >= lo && p < hi) || gonghui.InSubtree(p, "/1/5/") {
			t.Errorf("%s should be outside /1/5/", p)
		}
	}
	if got := gonghui.PathIDs("/1/5/23/"); len(got) != 3 || got[2] != 23 {
		t.Errorf("PathIDs = %v", got)
	}
	if gonghui.OrgPath(1, 5) != "/1/5/" || gonghui.GeneratedOrgCode(42) != "GH000042" || gonghui.GeneratedOrgCode(12345678) != "GH12345678" {
		t.Error("OrgPath or GeneratedOrgCode")
	}
}

func TestDate(t *testing.T) {
	d, err := gonghui.ParseDate(" 2017-03-01 ")
	if err != nil || d.String() != "2017-03-01" || d != gonghui.NewDate(2017, 3, 1) {
		t.Fatalf("ParseDate: %v %v", d, err)
	}
	for _, bad := range []string{"2017/3/1", "2017-02-30", "17-03-01", "x"} {
		if _, err := gonghui.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q): want error", bad)
		}
	}
	if z, err := gonghui.ParseDate(""); err != nil || !z.IsZero() || z.String() != "" {
		t.Error("empty date")
	}
	var s struct {
		D gonghui.Date `json:"d,omitzero"`
	}
	if b, _ := json.Marshal(s); string(b) != "{}" {
		t.Errorf("zero date marshals as %s", b)
	}
	if err := json.Unmarshal([]byte(`{"d":"2017-10-01"}`), &s); err != nil || s.D.String() != "2017-10-01" {
		t.Errorf("unmarshal: %v %v", s.D, err)
	}
	var scanned gonghui.Date
	if err := scanned.Scan("2017-09-30"); err != nil || scanned.String() != "2017-09-30" {
		t.Error("Scan string")
	}
	if v, _ := (gonghui.Date{}).Value(); v != nil {
		t.Error("zero date should store NULL")
	}
}

func FuzzParseDate(f *testing.F) {
	f.Add("2017-03-01")
	f.Add("")
	f.Add("2017-13-01")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := gonghui.ParseDate(s)
		if err != nil || d.IsZero() {
			return
		}
		again, err := gonghui.ParseDate(d.String())
		if err != nil || again != d {
			t.Errorf("round trip %q -> %q -> %v", s, d, err)
		}
	})
}

func TestOrgInputValidate(t *testing.T) {
	tests := []struct {
		name string
		in   gonghui.OrgInput
		want string
	}{
		{"ok", gonghui.OrgInput{Name: "工会", Kind: gonghui.KindGrassroots, ParentID: 1}, ""},
		{"root ok", gonghui.OrgInput{Name: "市总", Kind: gonghui.KindCityFederation}, ""},
		{"empty name", gonghui.OrgInput{Name: "  ", Kind: gonghui.KindGrassroots, ParentID: 1}, "name"},
		{"long name", gonghui.OrgInput{Name: strings.Repeat("工", 101), Kind: gonghui.KindGrassroots, ParentID: 1}, "name"},
		{"kind", gonghui.OrgInput{Name: "x", Kind: "x", ParentID: 1}, "kind"},
		{"code", gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots, ParentID: 1, Code: "工会"}, "code"},
		{"parent", gonghui.OrgInput{Name: "x", Kind: gonghui.KindGrassroots}, "parent_id"},
	}
	for _, tc := range tests {
		v := &gonghui.ValidationError{}
		tc.in.Normalize()
		tc.in.Validate(v)
		got := ""
		for f := range v.Fields {
			got = f
		}
		if got != tc.want || len(v.Fields) > 1 {
			t.Errorf("%s: fields %v, want %q", tc.name, v.Fields, tc.want)
		}
	}
}

func FuzzOrgInputValidate(f *testing.F) {
	f.Add("工会", "grassroots", "gh-1", int64(3))
	f.Fuzz(func(t *testing.T, name, kind, code string, parent int64) {
		in := gonghui.OrgInput{Name: name, Kind: gonghui.OrgKind(kind), Code: code, ParentID: parent}
		in.Normalize()
		v := &gonghui.ValidationError{}
		in.Validate(v)
		for f, m := range v.Fields {
			if m.Zh == "" || m.En == "" {
				t.Errorf("field %s has an empty message", f)
			}
		}
		if v.Err() == nil && strings.TrimSpace(in.Name) == "" {
			t.Error("empty name accepted")
		}
	})
}

func TestRolesAndOwnership(t *testing.T) {
	if !gonghui.RoleAdmin.Can(gonghui.PermManageUser) || gonghui.RoleCadre.Can(gonghui.PermManageUser) ||
		!gonghui.RoleAuditor.Can(gonghui.PermReadAudit) || gonghui.RoleViewer.Can(gonghui.PermEditOrgs) {
		t.Error("role permissions")
	}
	for _, o := range gonghui.Ownerships {
		if o.Name().Zh == "" || o.Name().En == "" {
			t.Errorf("ownership %s lacks a name", o)
		}
	}
	if !gonghui.OwnershipState.Public() || gonghui.OwnershipPrivate.Public() {
		t.Error("public ownership")
	}
	for _, k := range gonghui.OrgKinds {
		if !k.Valid() || k.Name().Zh == "" {
			t.Errorf("kind %s", k)
		}
	}
}

func TestUserInputValidate(t *testing.T) {
	in := gonghui.UserInput{Username: " Li.Ming ", OrgID: 1, Role: gonghui.RoleCadre, Password: "0123456789"}
	v := &gonghui.ValidationError{}
	in.Validate(v, true)
	if v.Err() != nil || in.Username != "li.ming" {
		t.Errorf("valid input refused: %v %q", v.Err(), in.Username)
	}
	bad := gonghui.UserInput{Username: "李明", Role: "boss", Password: "short"}
	v = &gonghui.ValidationError{}
	bad.Validate(v, true)
	for _, f := range []string{"username", "org_id", "role", "password"} {
		if _, ok := v.Fields[f]; !ok {
			t.Errorf("no error for %s", f)
		}
	}
}
