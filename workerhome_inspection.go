package gonghui

import (
	"strings"
	"unicode/utf8"
)

// StationInspectionMonths is the inspection cycle: a station not closed
// is due for inspection this many months after its last one (or after
// its opening, never inspected).
const StationInspectionMonths = 12

// InspectionDueOn is the day a station inspected last on last (zero:
// never) and opened on opened falls due.
func InspectionDueOn(opened, last Date) Date {
	from := last
	if from.IsZero() {
		from = opened
	}
	return Date{from.t.AddDate(0, StationInspectionMonths, 0)}
}

// StationInspection is one inspection of a station and what it found.
type StationInspection struct {
	ID          int64  `json:"id"`
	HomeID      int64  `json:"home_id"`
	InspectedOn Date   `json:"inspected_on"`
	Inspector   string `json:"inspector"`
	// Passed: the station serves as registered; Findings say what is
	// wrong or was noted either way.
	Passed   bool   `json:"passed"`
	Findings string `json:"findings,omitempty"`
}

// StationInspectionInput is what an inspector records.
type StationInspectionInput struct {
	InspectedOn Date   `json:"inspected_on"`
	Inspector   string `json:"inspector"`
	Passed      bool   `json:"passed"`
	Findings    string `json:"findings"`
}

// Validate checks an inspection: on a day from the station's opening to
// today, by someone named; a failed one says what it found.
func (in *StationInspectionInput) Validate(v *ValidationError, opened, today Date) {
	in.Inspector, in.Findings = strings.TrimSpace(in.Inspector), strings.TrimSpace(in.Findings)
	switch {
	case in.InspectedOn.IsZero():
		v.Add("inspected_on", "请填写检查日期", "the inspection date is required")
	case today.Before(in.InspectedOn):
		v.Add("inspected_on", "检查日期不能晚于今天", "the inspection date cannot be after today")
	case in.InspectedOn.Before(opened):
		v.Add("inspected_on", "检查日期不能早于启用日期", "the inspection date cannot be before the station opened")
	}
	textField(v, "inspector", in.Inspector, 50, "请填写检查人", "the inspector is required", "检查人不能超过50个字", "the inspector must be at most 50 characters")
	if !in.Passed && in.Findings == "" {
		v.Add("findings", "未通过的检查须写明发现的问题", "a failed inspection states its findings")
	}
	if utf8.RuneCountInString(in.Findings) > 1000 {
		v.Add("findings", "检查发现不能超过1000个字", "the findings must be at most 1000 characters")
	}
}

// InspectionDueBy is the last opening day a never-inspected station may
// have, or the last inspection day an inspected one may have, to be due on
// today.
func InspectionDueBy(today Date) Date { return Date{today.t.AddDate(0, -StationInspectionMonths, 0)} }
