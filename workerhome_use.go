package gonghui

import (
	"strings"
	"unicode/utf8"
)

// A station in use: members check in by scanning the QR on its door, say
// when something is wrong (到点未开门, a service missing), and rate it once a
// year. A check-in marks the station verified open; a report not yet
// resolved flags it for the union that keeps it.

// StationVerifiedDays is how long a check-in keeps a station verified open.
const StationVerifiedDays = 30

// The kinds of report on a station.
const (
	ReportClosed  = "closed"
	ReportService = "service"
	ReportOther   = "other"
)

// StationReportKinds lists what a member may report.
var StationReportKinds = []Choice{
	{ReportClosed, Message{"开放时间内未开门", "Closed during its hours"}},
	{ReportService, Message{"服务项目缺失或损坏", "A service missing or broken"}},
	{ReportOther, Message{"其他问题", "Something else"}},
}

// StationReportInput is a member's report.
type StationReportInput struct {
	Kind string `json:"kind"`
	Note string `json:"note"`
}

// Validate checks a report: a kind, and a note when it is "other".
func (in *StationReportInput) Validate(v *ValidationError) {
	in.Kind, in.Note = choiceOrSelf(StationReportKinds, strings.TrimSpace(in.Kind)), strings.TrimSpace(in.Note)
	if !IsChoiceKey(StationReportKinds, in.Kind) {
		v.Add("kind", "请选择问题类型", "choose what is wrong")
	}
	if in.Kind == ReportOther && in.Note == "" {
		v.Add("note", "请说明问题", "say what is wrong")
	}
	if utf8.RuneCountInString(in.Note) > 500 {
		v.Add("note", "说明不能超过500个字", "the note must be at most 500 characters")
	}
}

// StationReport is a report with its resolution.
type StationReport struct {
	ID         int64  `json:"id"`
	HomeID     int64  `json:"home_id"`
	Kind       string `json:"kind"`
	Note       string `json:"note,omitempty"`
	ReportedOn Date   `json:"reported_on"`
	ResolvedOn Date   `json:"resolved_on,omitzero"`
	Resolution string `json:"resolution,omitempty"`
}

// StationRatingInput is a member's rating of a station for the year.
type StationRatingInput struct {
	Stars   int    `json:"stars"`
	Comment string `json:"comment"`
}

// Validate checks a rating.
func (in *StationRatingInput) Validate(v *ValidationError) {
	in.Comment = strings.TrimSpace(in.Comment)
	if in.Stars < 1 || in.Stars > 5 {
		v.Add("stars", "请评1到5星", "rate from 1 to 5 stars")
	}
	if utf8.RuneCountInString(in.Comment) > 500 {
		v.Add("comment", "评语不能超过500个字", "the comment must be at most 500 characters")
	}
}

// StationUse is what members' use tells of a station on a day.
type StationUse struct {
	LastCheckIn Date `json:"last_check_in,omitzero"`
	CheckIns    int  `json:"check_ins"` // in the StationVerifiedDays to the day
	OpenReports int  `json:"open_reports"`
	// VerifiedOpen: a check-in within StationVerifiedDays, and no report
	// of its being closed since that is not resolved.
	VerifiedOpen bool `json:"verified_open"`
	Flagged      bool `json:"flagged"` // a report waits for its resolution
	Ratings      int  `json:"ratings"` // in the day's year
	RatingMean   int  `json:"rating_mean_cents,omitempty"`
}
