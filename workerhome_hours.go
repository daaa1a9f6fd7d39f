package gonghui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// OpeningHours is a station's structured opening hours: a weekly pattern,
// what holds on public holidays, and exceptions by date (a later rule
// for the same day replaces an earlier one). A day with no rule is closed.
//
// It is written as rules separated by ";" (or "；", a new line), each a
// selector and its spans:
//
//	周一至周五 09:00-18:00；周六、周日 10:00-16:00；节假日 休息；2026-10-01至2026-10-03 休息
//	Mo-Fr 08:00-12:00,13:30-17:30; Sa 18:00-02:00; PH off
//
// Selectors are weekdays (周一…周日, 星期一…, Mo…Su, ranges with 至, - or
// ~, lists with 、 or ,), 每天, 工作日 (Mon–Fri), 周末, 节假日 (PH) and dates
// or date ranges; a rule without a selector holds every day. Spans are
// HH:MM-HH:MM (a span ending at or before it starts runs past midnight),
// 24小时 or 全天, or 休息 / off for closed.
type OpeningHours struct {
	Weekly [7][]TimeSpan // by time.Weekday; nil = closed
	// Holiday, when set, holds on public holidays instead of the weekly
	// pattern (an empty, non-nil slice: closed on holidays).
	Holiday []TimeSpan
	Dates   []DateHours // exceptions, later ones first to match
}

// TimeSpan is a span of a day in minutes from midnight; Close ≤ Open runs
// past midnight into the next day.
type TimeSpan struct{ Open, Close int }

// DateHours are the spans of the dates From to To inclusive.
type DateHours struct {
	From, To Date
	Spans    []TimeSpan
}

var hoursWeekdays = map[string]time.Weekday{
	"周一": time.Monday, "周二": time.Tuesday, "周三": time.Wednesday, "周四": time.Thursday, "周五": time.Friday, "周六": time.Saturday, "周日": time.Sunday, "周天": time.Sunday,
	"星期一": time.Monday, "星期二": time.Tuesday, "星期三": time.Wednesday, "星期四": time.Thursday, "星期五": time.Friday, "星期六": time.Saturday, "星期日": time.Sunday, "星期天": time.Sunday,
	"mo": time.Monday, "tu": time.Tuesday, "we": time.Wednesday, "th": time.Thursday, "fr": time.Friday, "sa": time.Saturday, "su": time.Sunday,
}

var hoursDayGroups = map[string][]time.Weekday{
	"每天": allWeekdays, "每日": allWeekdays, "全周": allWeekdays, "daily": allWeekdays,
	"工作日": {time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
	"周末":  {time.Saturday, time.Sunday}, "weekend": {time.Saturday, time.Sunday},
}

var allWeekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

var (
	hoursClosedWords  = []string{"休息", "闭馆", "不开放", "关闭", "closed", "off"}
	hoursAllDay       = []string{"24小时", "全天", "24/7"}
	hoursHolidayWords = map[string]bool{"节假日": true, "法定节假日": true, "节日": true, "ph": true, "holidays": true}
)

// errHours is the one message of every malformed rule: it names the rule
// and shows the form.
func errHours(field, rule, why string) error {
	return Invalid(field, fmt.Sprintf("开放时间“%s”无法识别（%s），应写作如“周一至周五 09:00-18:00；节假日 休息”", rule, why),
		fmt.Sprintf("opening hours %q not understood (%s); write them as \"Mo-Fr 09:00-18:00; PH off\"", rule, why))
}

// ParseOpeningHours reads opening hours ("" is no hours: never open);
// the error is a field error of field.
func ParseOpeningHours(field, s string) (OpeningHours, error) {
	var h OpeningHours
	rules := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '\n' || r == '\r' })
	for _, rule := range rules {
		rule = strings.TrimSpace(rule)
		if rule == "" {
			continue
		}
		sel, spansText := splitHoursRule(rule)
		spans, why := parseSpans(spansText)
		if why != "" {
			return OpeningHours{}, errHours(field, rule, why)
		}
		if why := h.apply(sel, spans); why != "" {
			return OpeningHours{}, errHours(field, rule, why)
		}
	}
	return h, nil
}

// splitHoursRule cuts a rule at its first span: a time, a closed word or
// 24小时, with or without a space before it.
func splitHoursRule(rule string) (sel, spans string) {
	for i := range rule {
		rest := rule[i:]
		isTime := len(rest) >= 4 && isDigit(rest[0]) && (rest[1] == ':' || (isDigit(rest[1]) && rest[2] == ':'))
		if isTime || slices.ContainsFunc(hoursAllDay, func(w string) bool { return strings.HasPrefix(rest, w) }) || slices.ContainsFunc(hoursClosedWords, func(w string) bool {
			return len(rest) >= len(w) && strings.EqualFold(rest[:len(w)], w)
		}) {
			// A date's digits (2026-10-01) never reach a colon.
			if i == 0 || !isDigit(rule[i-1]) {
				return strings.TrimSpace(rule[:i]), strings.TrimSpace(rest)
			}
		}
	}
	return rule, ""
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// spanDashes are the ways a span's two times are joined.
var spanDashes = strings.NewReplacer("—", "-", "–", "-", "~", "-", "至", "-")

func parseSpans(s string) ([]TimeSpan, string) {
	lower := strings.ToLower(strings.TrimSpace(s))
	switch {
	case lower == "":
		return nil, "缺少时段 / no time span"
	case slices.Contains(hoursClosedWords, lower):
		return []TimeSpan{}, ""
	case slices.Contains(hoursAllDay, lower):
		return []TimeSpan{{0, 24 * 60}}, ""
	}
	var out []TimeSpan
	for _, part := range strings.FieldsFunc(lower, func(r rune) bool { return r == ',' || r == '，' || r == '、' || unicode.IsSpace(r) }) {
		part = strings.ReplaceAll(part, "：", ":")
		a, b, ok := strings.Cut(spanDashes.Replace(part), "-")
		if !ok {
			return nil, "时段应为 HH:MM-HH:MM / a span is HH:MM-HH:MM"
		}
		open, ok1 := parseClock(a)
		closing, ok2 := parseClock(b)
		if !ok1 || !ok2 || open == 24*60 {
			return nil, "时刻应在 00:00 到 24:00 之间 / times run from 00:00 to 24:00"
		}
		if open == closing {
			return nil, "时段的起止相同 / a span starts where it ends"
		}
		out = append(out, TimeSpan{open, closing})
	}
	return out, ""
}

func parseClock(s string) (int, bool) {
	hh, mm, ok := strings.Cut(s, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || len(hh) > 2 || len(mm) != 2 || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, false
	}
	return h*60 + m, true
}

// apply sets the spans on the days a selector names.
func (h *OpeningHours) apply(sel string, spans []TimeSpan) string {
	if sel == "" {
		sel = "每天"
	}
	for _, item := range strings.FieldsFunc(sel, func(r rune) bool { return r == ',' || r == '，' || r == '、' || unicode.IsSpace(r) }) {
		lower := strings.ToLower(item)
		if hoursHolidayWords[lower] {
			h.Holiday = spans
			continue
		}
		if days, ok := hoursDayGroups[lower]; ok {
			for _, d := range days {
				h.Weekly[d] = spans
			}
			continue
		}
		// A date or a range of dates.
		if len(item) >= 10 && unicode.IsDigit(rune(item[0])) {
			from, to, ok := cutRange(item, 10)
			f, err1 := ParseDate(from)
			t, err2 := ParseDate(to)
			if !ok || err1 != nil || err2 != nil || t.Before(f) {
				return "日期应为 YYYY-MM-DD 或 YYYY-MM-DD至YYYY-MM-DD / a date is YYYY-MM-DD or a range of two"
			}
			h.Dates = append([]DateHours{{From: f, To: t, Spans: spans}}, h.Dates...)
			continue
		}
		from, to, ok := cutRange(lower, 0)
		a, okA := hoursWeekdays[from]
		b, okB := hoursWeekdays[to]
		if !ok || !okA || !okB {
			return "无法识别的日子“" + item + "” / unknown day " + strconv.Quote(item)
		}
		// Weekdays run Monday to Sunday, so 周五至周一 wraps.
		for d := a; ; d = (d + 1) % 7 {
			h.Weekly[d] = spans
			if d == b {
				break
			}
		}
	}
	return ""
}

// cutRange splits "a至b", "a-b" or "a~b" (at or after byte at, so a
// date's own dashes stay); a single item is its own range.
func cutRange(s string, at int) (string, string, bool) {
	if at > len(s) {
		return s, s, false
	}
	for _, sep := range []string{"至", "~", "到", "-"} {
		if i := strings.Index(s[at:], sep); i >= 0 {
			return strings.TrimSpace(s[:at+i]), strings.TrimSpace(s[at+i+len(sep):]), true
		}
	}
	return s, s, true
}

// spansOn are the spans that hold on a date.
func (h OpeningHours) spansOn(d Date, holiday func(Date) bool) []TimeSpan {
	for _, e := range h.Dates {
		if !d.Before(e.From) && !e.To.Before(d) {
			return e.Spans
		}
	}
	if h.Holiday != nil && holiday != nil && holiday(d) {
		return h.Holiday
	}
	return h.Weekly[d.t.Weekday()]
}

// OpenAt reports whether the hours have the place open at t (in
// Shanghai), holiday telling the public holidays: a span running past
// midnight holds into the next morning, whatever that day's own rule.
func (h OpeningHours) OpenAt(t time.Time, holiday func(Date) bool) bool {
	local := t.In(Shanghai)
	d := DateOf(local)
	m := local.Hour()*60 + local.Minute()
	for _, s := range h.spansOn(d, holiday) {
		if m >= s.Open && (m < s.Close || s.Close <= s.Open) {
			return true
		}
	}
	for _, s := range h.spansOn(d.AddDays(-1), holiday) {
		if s.Close <= s.Open && m < s.Close {
			return true
		}
	}
	return false
}
