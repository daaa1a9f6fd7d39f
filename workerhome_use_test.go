package gonghui

import (
	"strings"
	"testing"
)

func TestStationUseInputs(t *testing.T) {
	for _, tc := range []struct {
		in     StationReportInput
		fields []string
	}{
		{StationReportInput{Kind: ReportClosed}, nil},
		{StationReportInput{Kind: "服务项目缺失或损坏", Note: "热水器坏了"}, nil},
		{StationReportInput{Kind: ReportOther, Note: "  "}, []string{"note"}},
		{StationReportInput{Kind: "noise"}, []string{"kind"}},
		{StationReportInput{Kind: ReportService, Note: strings.Repeat("长", 501)}, []string{"note"}},
	} {
		v := &ValidationError{}
		in := tc.in
		in.Validate(v)
		if len(v.Fields) != len(tc.fields) {
			t.Errorf("%+v: %v, want %v", tc.in, v.Fields, tc.fields)
		}
	}
	for stars, ok := range map[int]bool{0: false, 1: true, 5: true, 6: false} {
		v := &ValidationError{}
		in := StationRatingInput{Stars: stars}
		if in.Validate(v); (v.Err() == nil) != ok {
			t.Errorf("%d stars: %v", stars, v.Err())
		}
	}
}

// FuzzStationReportInput: any report is refused or kept well formed.
func FuzzStationReportInput(f *testing.F) {
	f.Add("closed", "")
	f.Add("其他问题", " 门口堆满杂物 ")
	f.Fuzz(func(t *testing.T, kind, note string) {
		in := StationReportInput{Kind: kind, Note: note}
		v := &ValidationError{}
		in.Validate(v)
		if v.Err() == nil && (!IsChoiceKey(StationReportKinds, in.Kind) || in.Kind == ReportOther && in.Note == "" || in.Note != strings.TrimSpace(in.Note)) {
			t.Fatalf("kept %+v", in)
		}
	})
}
