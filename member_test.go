package gonghui_test

import (
	"strings"
	"testing"

	"gonghui"
	"gonghui/idcard"
)

// synthID builds a synthetic ID number with a valid check character.
func synthID(body17 string) string { return body17 + string(idcard.Checksum(body17)) }

func TestCheckMember(t *testing.T) {
	today := gonghui.NewDate(2026, 11, 24)
	male := synthID("11010519900307123")   // sequence 123: odd = male
	female := synthID("11010519920211222") // 222: even = female
	base := func() gonghui.MemberInput {
		return gonghui.MemberInput{Name: " 张伟 ", IDNumber: male, OrgID: 1, JoinedOn: gonghui.NewDate(2017, 3, 1)}
	}
	tests := []struct {
		name  string
		edit  func(*gonghui.MemberInput)
		field string
	}{
		{"ok", func(*gonghui.MemberInput) {}, ""},
		{"full-width and lower x", func(in *gonghui.MemberInput) {
			in.IDNumber = strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r - '0' + '０'
				}
				return r
			}, male)
		}, ""},
		{"sex agrees", func(in *gonghui.MemberInput) { in.Sex = "男" }, ""},
		{"sex disagrees", func(in *gonghui.MemberInput) { in.IDNumber, in.Sex = female, "男" }, "sex"},
		{"sex unknown", func(in *gonghui.MemberInput) { in.Sex = "x" }, "sex"},
		{"no name", func(in *gonghui.MemberInput) { in.Name = "  " }, "name"},
		{"excel", func(in *gonghui.MemberInput) { in.IDNumber = "1.10105E+17" }, "id_number"},
		{"checksum", func(in *gonghui.MemberInput) { in.IDNumber = male[:17] + "X" }, "id_number"},
		{"phone", func(in *gonghui.MemberInput) { in.Phone = "1234567" }, "phone"},
		{"phone ok +86", func(in *gonghui.MemberInput) { in.Phone = "+86 138 0000 0000" }, ""},
		{"landline", func(in *gonghui.MemberInput) { in.Phone = "010-65001234" }, ""},
		{"education by name", func(in *gonghui.MemberInput) { in.Education = "大学本科" }, ""},
		{"education unknown", func(in *gonghui.MemberInput) { in.Education = "博士后" }, "education"},
		{"ethnicity short", func(in *gonghui.MemberInput) { in.Ethnicity = "满" }, ""},
		{"ethnicity unknown", func(in *gonghui.MemberInput) { in.Ethnicity = "火星族" }, "ethnicity"},
		{"no org", func(in *gonghui.MemberInput) { in.OrgID = 0 }, "org_id"},
		{"no date", func(in *gonghui.MemberInput) { in.JoinedOn = gonghui.Date{} }, "joined_on"},
		{"future", func(in *gonghui.MemberInput) { in.JoinedOn = gonghui.NewDate(2027, 1, 1) }, "joined_on"},
		{"before birth", func(in *gonghui.MemberInput) { in.JoinedOn = gonghui.NewDate(1980, 1, 1) }, "joined_on"},
		{"card", func(in *gonghui.MemberInput) { in.CardNo = "ab" }, "card_no"},
	}
	for _, tc := range tests {
		in := base()
		tc.edit(&in)
		c, err := gonghui.CheckMember(in, today)
		var got string
		if v, ok := err.(*gonghui.ValidationError); ok {
			for f := range v.Fields {
				got = f
			}
		}
		if got != tc.field {
			t.Errorf("%s: field %q (%v), want %q", tc.name, got, err, tc.field)
		}
		if err == nil && (c.Name != "张伟" || c.IDNumber != male || c.BirthDate().String() != "1990-03-07" || c.SexKey() != "male") {
			t.Errorf("%s: checked %+v", tc.name, c)
		}
	}
	if got := gonghui.MaskPhone("13812345678"); got != "138****5678" {
		t.Errorf("MaskPhone = %q", got)
	}
}

func FuzzCheckMember(f *testing.F) {
	f.Add("张伟", synthID("11010519900307123"), "13800000000", "男", "汉族", "大学本科", "K-0001")
	f.Add("", "1.10105E+17", "x", "?", "x", "x", "")
	f.Fuzz(func(t *testing.T, name, id, phone, sex, eth, edu, card string) {
		in := gonghui.MemberInput{Name: name, IDNumber: id, Phone: phone, Sex: sex, Ethnicity: eth, Education: edu, CardNo: card,
			OrgID: 1, JoinedOn: gonghui.NewDate(2017, 3, 1)}
		c, err := gonghui.CheckMember(in, gonghui.NewDate(2026, 11, 24))
		if err != nil {
			v, ok := err.(*gonghui.ValidationError)
			if !ok {
				t.Fatalf("error of type %T", err)
			}
			for field, m := range v.Fields {
				if m.Zh == "" || m.En == "" {
					t.Errorf("%s: empty message", field)
				}
			}
			return
		}
		// What passes is normalized: a checked member checks again unchanged.
		again, err := gonghui.CheckMember(c.MemberInput, gonghui.NewDate(2026, 11, 24))
		if err != nil || again.IDNumber != c.IDNumber || again.Name != c.Name || again.Phone != c.Phone {
			t.Errorf("not stable: %+v -> %+v (%v)", c.MemberInput, again.MemberInput, err)
		}
	})
}

func TestCardStateOn(t *testing.T) {
	d := gonghui.NewDate
	card := gonghui.Card{No: "GH1", IssuedOn: d(2017, 3, 1), Status: "active"}
	tests := []struct {
		name      string
		k         gonghui.Card
		left, day gonghui.Date
		want      string
	}{
		{"held and valid", card, gonghui.Date{}, d(2018, 1, 1), "active"},
		{"before its issue date", card, gonghui.Date{}, d(2017, 2, 28), "pending"},
		{"the holder left", card, d(2019, 5, 1), d(2019, 5, 1), "lapsed"},
		{"before the holder left", card, d(2019, 5, 1), d(2019, 4, 30), "active"},
		{"replaced stays replaced", gonghui.Card{Status: "replaced", IssuedOn: d(2017, 3, 1)}, gonghui.Date{}, d(2018, 1, 1), "replaced"},
		{"cancelled", gonghui.Card{Status: "cancelled", IssuedOn: d(2017, 3, 1)}, gonghui.Date{}, d(2018, 1, 1), "cancelled"},
	}
	for _, tt := range tests {
		if got := gonghui.CardStateOn(tt.k, tt.left, tt.day); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
