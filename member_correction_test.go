package gonghui

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCheckCorrection(t *testing.T) {
	cur := CorrectionInput{Phone: "13800138000", Address: "北京市朝阳区建国门外大街1号", Education: "college"}
	for _, tc := range []struct {
		name  string
		in    CorrectionInput
		want  CorrectionInput
		field string
	}{
		{"a new mobile", CorrectionInput{Phone: "+86 139 0013 9000"}, CorrectionInput{Phone: "13900139000"}, ""},
		{"a landline", CorrectionInput{Phone: "010-65001234"}, CorrectionInput{Phone: "010-65001234"}, ""},
		{"an address trimmed", CorrectionInput{Address: "  北京市海淀区中关村大街2号 "}, CorrectionInput{Address: "北京市海淀区中关村大街2号"}, ""},
		{"education by its Chinese name", CorrectionInput{Education: "大学本科"}, CorrectionInput{Education: "bachelor"}, ""},
		{"the unchanged fields dropped", CorrectionInput{Phone: "13800138000", Education: "bachelor"}, CorrectionInput{Education: "bachelor"}, ""},
		{"nothing", CorrectionInput{}, CorrectionInput{}, "correction"},
		{"nothing changed", CorrectionInput{Phone: "138 0013 8000", Address: cur.Address, Education: "大学专科"}, CorrectionInput{}, "correction"},
		{"a short phone", CorrectionInput{Phone: "1380013"}, CorrectionInput{}, "phone"},
		{"letters", CorrectionInput{Phone: "1380013800a"}, CorrectionInput{}, "phone"},
		{"one character", CorrectionInput{Address: "北"}, CorrectionInput{}, "address"},
		{"too long", CorrectionInput{Address: strings.Repeat("路", 201)}, CorrectionInput{}, "address"},
		{"the longest", CorrectionInput{Address: strings.Repeat("路", 200)}, CorrectionInput{Address: strings.Repeat("路", 200)}, ""},
		{"a line break", CorrectionInput{Address: "北京市\n朝阳区"}, CorrectionInput{}, "address"},
		{"invalid UTF-8", CorrectionInput{Address: "北京\xff市"}, CorrectionInput{}, "address"},
		{"an unknown education", CorrectionInput{Education: "doctorate"}, CorrectionInput{}, "education"},
	} {
		got, err := CheckCorrection(tc.in, cur)
		if field := fieldOf(err); field != tc.field {
			t.Errorf("%s: error %v, want field %q", tc.name, err, tc.field)
			continue
		}
		if tc.field == "" && got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestCorrectionRejection(t *testing.T) {
	for _, tc := range []struct {
		reason, field string
	}{{"请提供学历证书", ""}, {"  ", "reason"}, {strings.Repeat("因", 501), "reason"}} {
		in := CorrectionRejection{Reason: tc.reason}
		if f := fieldOf(in.Check()); f != tc.field {
			t.Errorf("%q: %q, want %q", tc.reason, f, tc.field)
		}
	}
}

func TestMaskAddress(t *testing.T) {
	for in, want := range map[string]string{"": "", "北京": "北****", "北京市朝阳区建国门外大街1号": "北京市朝阳区****"} {
		if got := MaskAddress(in); got != want {
			t.Errorf("MaskAddress(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzCheckCorrection holds the validator to its rules on any input: an
// accepted correction changes something, its phone passes the register's
// rule and its address is trimmed, 2..200 characters without control
// characters; a refusal names a field.
func FuzzCheckCorrection(f *testing.F) {
	f.Add("13900139000", "北京市朝阳区建国门外大街1号", "bachelor")
	f.Add("", " \t", "大学本科")
	f.Add("+86１３９００１３９０００", "北\x00京", "none")
	cur := CorrectionInput{Phone: "13800138000", Address: "北京市朝阳区", Education: "college"}
	f.Fuzz(func(t *testing.T, phone, address, education string) {
		got, err := CheckCorrection(CorrectionInput{Phone: phone, Address: address, Education: education}, cur)
		if err != nil {
			v, ok := err.(*ValidationError)
			if !ok || len(v.Fields) == 0 {
				t.Fatalf("a refusal that names no field: %v", err)
			}
			return
		}
		if got == (CorrectionInput{}) || got.Phone == cur.Phone || got.Address == cur.Address || got.Education == cur.Education && got.Education != "" {
			t.Fatalf("accepted without a change: %+v", got)
		}
		if got.Phone != "" {
			if _, err := CheckMember(MemberInput{Name: "测试", Phone: got.Phone}, Today()); err != nil {
				if v := err.(*ValidationError); v.Fields["phone"] != (Message{}) {
					t.Fatalf("phone %q accepted here, refused by the register", got.Phone)
				}
			}
		}
		if a := got.Address; a != "" {
			n := utf8.RuneCountInString(a)
			if a != strings.TrimSpace(a) || n < MinAddress || n > MaxAddress || strings.IndexFunc(a, unicode.IsControl) >= 0 || !utf8.ValidString(a) {
				t.Fatalf("address %q accepted", a)
			}
		}
		if got.Education != "" {
			if _, ok := ChoiceKey(Educations, got.Education); !ok {
				t.Fatalf("education %q accepted", got.Education)
			}
		}
	})
}
