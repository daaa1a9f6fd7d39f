package gonghui_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gonghui"
)

func shanghai(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, gonghui.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// 2026-09-28 is a Monday; 2026-10-01 (Thursday) a public holiday.
func TestOpenAt(t *testing.T) {
	for _, c := range []struct {
		hours, at string
		open      bool
	}{
		{"周一至周五 09:00-18:00", "2026-09-28 08:59", false},
		{"周一至周五 09:00-18:00", "2026-09-28 09:00", true},
		{"周一至周五 09:00-18:00", "2026-09-28 17:59", true},
		{"周一至周五 09:00-18:00", "2026-09-28 18:00", false},
		{"周一至周五 09:00-18:00", "2026-09-27 12:00", false}, // Sunday
		{"周一至周五9:00-18:00", "2026-09-28 12:00", true},    // no space
		{"Mo-Fr 08:00-12:00,13:30-17:30", "2026-09-28 12:30", false},
		{"Mo-Fr 08:00-12:00,13:30-17:30", "2026-09-28 13:30", true},
		// Past midnight: Saturday night runs into Sunday morning, even
		// though Sunday has no rule of its own.
		{"周六 18:00-02:00", "2026-10-03 23:59", true},
		{"周六 18:00-02:00", "2026-10-04 00:00", true},
		{"周六 18:00-02:00", "2026-10-04 01:59", true},
		{"周六 18:00-02:00", "2026-10-04 02:00", false},
		{"周六 18:00-02:00", "2026-10-03 01:00", false}, // Friday night has no span
		{"每天 22:00-06:00", "2026-09-28 05:59", true},
		{"每天 00:00-24:00", "2026-09-28 23:59", true},
		{"24小时", "2026-09-28 03:00", true},
		{"周末 全天", "2026-09-27 03:00", true},
		{"工作日 09:00-17:00；周末 10:00-12:00", "2026-09-27 11:00", true},
		{"周五至周一 10:00-20:00", "2026-09-27 11:00", true}, // wraps over the weekend
		{"周五至周一 10:00-20:00", "2026-09-29 11:00", false},
		// Holidays replace the weekly pattern only when the hours say so.
		{"周一至周五 09:00-18:00", "2026-10-01 10:00", true},
		{"周一至周五 09:00-18:00；节假日 休息", "2026-10-01 10:00", false},
		{"周一至周五 09:00-18:00；PH 10:00-14:00", "2026-10-01 13:00", true},
		{"周一至周五 09:00-18:00；PH 10:00-14:00", "2026-10-01 15:00", false},
		// Dates come before holidays and the weekly pattern.
		{"周一至周五 09:00-18:00；节假日 休息；2026-10-01 09:00-11:00", "2026-10-01 10:00", true},
		{"周一至周五 09:00-18:00；2026-09-28至2026-09-30 休息", "2026-09-29 10:00", false},
		{"周一至周五 09:00-18:00；2026-09-28至2026-09-30 休息", "2026-10-02 10:00", true},
		// A later rule replaces an earlier one for its days.
		{"每天 09:00-18:00；周三 休息", "2026-09-30 10:00", false},
		{"", "2026-09-28 10:00", false},
	} {
		h, err := gonghui.ParseOpeningHours("opening_hours", c.hours)
		if err != nil {
			t.Fatalf("%q: %v", c.hours, err)
		}
		if got := h.OpenAt(shanghai(c.at), holidays2026.IsHoliday); got != c.open {
			t.Errorf("%q at %s: open %v, want %v", c.hours, c.at, got, c.open)
		}
	}
}

// The time zone is Shanghai's, whatever the clock's.
func TestOpenAtZone(t *testing.T) {
	h, _ := gonghui.ParseOpeningHours("h", "周一 09:00-10:00")
	if !h.OpenAt(time.Date(2026, 9, 28, 1, 30, 0, 0, time.UTC), nil) { // 09:30 in Beijing
		t.Error("01:30 UTC is 09:30 in Shanghai: open")
	}
}

func TestParseOpeningHoursErrors(t *testing.T) {
	for _, s := range []string{"周八 09:00-18:00", "周一 9-18", "周一 25:00-26:00", "周一 09:00-09:00", "2026-13-01 休息",
		"2026-10-05至2026-10-01 休息", "周一至周五", "周一 09:60-10:00", "周一 24:00-02:00", "随时"} {
		_, err := gonghui.ParseOpeningHours("opening_hours", s)
		var v *gonghui.ValidationError
		if !errors.As(err, &v) || !strings.Contains(v.Fields["opening_hours"].Zh, s) {
			t.Errorf("%q: %v, want a field error naming the rule", s, err)
		}
	}
}

func FuzzParseOpeningHours(f *testing.F) {
	for _, s := range []string{"周一至周五 09:00-18:00；节假日 休息", "Mo-Fr 08:00-12:00,13:30-17:30; Sa 18:00-02:00; PH off",
		"2026-10-01至2026-10-03 休息", "24小时", "周五至周一10:00-20:00", "每天 22:00-06:00"} {
		f.Add(s)
	}
	at := shanghai("2026-10-01 00:30")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := gonghui.ParseOpeningHours("h", s)
		if err != nil {
			return
		}
		for _, day := range h.Weekly {
			for _, sp := range day {
				if sp.Open < 0 || sp.Open >= 24*60 || sp.Close < 0 || sp.Close > 24*60 || sp.Open == sp.Close {
					t.Fatalf("%q: span %v out of the day", s, sp)
				}
			}
		}
		for _, d := range h.Dates {
			if d.To.Before(d.From) {
				t.Fatalf("%q: dates %v reversed", s, d)
			}
		}
		h.OpenAt(at, holidays2026.IsHoliday)
	})
}

// holidays2026 is the part of the State Council's 2026 notice the cases
// read (the calendar itself is data, kept by the administrator).
var holidays2026 = func() gonghui.Calendar {
	c := gonghui.Calendar{}
	for _, span := range [][2]string{
		{"2026-01-01", "2026-01-03"}, {"2026-02-15", "2026-02-23"}, {"2026-04-04", "2026-04-06"}, {"2026-05-01", "2026-05-05"},
		{"2026-06-19", "2026-06-21"}, {"2026-09-25", "2026-09-27"}, {"2026-10-01", "2026-10-07"},
	} {
		from, _ := gonghui.ParseDate(span[0])
		to, _ := gonghui.ParseDate(span[1])
		for d := from; !to.Before(d); d = d.AddDays(1) {
			c[d] = gonghui.DayHoliday
		}
	}
	return c
}()
