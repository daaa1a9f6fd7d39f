package gonghui

import (
	"testing"
	"time"
)

// cal2017 is the State Council's notice for 2017 (国办发明电〔2016〕17号)
// and part of 2026's, as the migration seeds them.
func testCalendar() Calendar {
	c := Calendar{}
	span := func(kind string, y int, m time.Month, from, to int) {
		for d := from; d <= to; d++ {
			c[NewDate(y, m, d)] = kind
		}
	}
	span(DayHoliday, 2017, time.January, 1, 2)
	span(DayHoliday, 2017, time.January, 27, 31)
	span(DayHoliday, 2017, time.February, 1, 2)
	span(DayHoliday, 2017, time.October, 1, 8)
	span(DayHoliday, 2026, time.January, 1, 3)
	span(DayHoliday, 2026, time.May, 1, 5)
	for _, d := range []Date{NewDate(2017, 1, 22), NewDate(2017, 2, 4), NewDate(2017, 9, 30), NewDate(2026, 1, 4), NewDate(2026, 5, 9)} {
		c[d] = DayWorkday
	}
	return c
}

func TestWorkdays(t *testing.T) {
	cal, d := testCalendar(), NewDate
	cases := []struct {
		name string
		from Date
		n    int
		unit string
		want Date
	}{
		{"3 working days from a Friday skip the weekend", d(2017, 3, 3), 3, ClockWorkdays, d(2017, 3, 8)},
		{"from a Thursday: Fri, Mon, Tue", d(2017, 3, 2), 3, ClockWorkdays, d(2017, 3, 7)},
		{"a make-up Sunday counts", d(2017, 1, 20), 3, ClockWorkdays, d(2017, 1, 24)},
		{"across the Spring Festival to its make-up Saturday", d(2017, 1, 25), 3, ClockWorkdays, d(2017, 2, 4)},
		{"from a holiday: the count starts after it", d(2017, 1, 28), 1, ClockWorkdays, d(2017, 2, 3)},
		{"5 working days across National Day", d(2017, 9, 28), 5, ClockWorkdays, d(2017, 10, 11)},
		{"15 working days across National Day", d(2017, 9, 29), 15, ClockWorkdays, d(2017, 10, 26)},
		{"2026: the make-up Sunday after New Year", d(2026, 1, 2), 1, ClockWorkdays, d(2026, 1, 4)},
		{"2026: across May Day to its make-up Saturday", d(2026, 4, 30), 3, ClockWorkdays, d(2026, 5, 8)},
		{"15 days ending on a Thursday", d(2017, 3, 1), 15, ClockDays, d(2017, 3, 16)},
		{"15 days ending on a Saturday move to Monday", d(2017, 3, 3), 15, ClockDays, d(2017, 3, 20)},
		{"15 days ending in National Day move past it", d(2017, 9, 20), 15, ClockDays, d(2017, 10, 9)},
		{"15 days ending on a make-up Saturday stay", d(2017, 9, 15), 15, ClockDays, d(2017, 9, 30)},
		{"a year from a weekday", d(2016, 3, 1), 1, ClockYears, d(2017, 3, 1)},
		{"a year from 29 February ends on 28 February", d(2016, 2, 29), 1, ClockYears, d(2017, 2, 28)},
		{"a year ending on National Day moves past it", d(2016, 10, 1), 1, ClockYears, d(2017, 10, 9)},
		{"a year ending in May Day 2026", d(2025, 5, 2), 1, ClockYears, d(2026, 5, 6)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := (ClockRule{N: c.n, Unit: c.unit}).Due(cal, c.from); got != c.want {
				t.Errorf("%d %s from %s: %s (%s), want %s", c.n, c.unit, c.from, got, got.Weekday(), c.want)
			}
		})
	}
}

func TestIsWorkday(t *testing.T) {
	cal, d := testCalendar(), NewDate
	for day, want := range map[Date]bool{
		d(2017, 1, 22): true,  // make-up Sunday
		d(2017, 1, 21): false, // Saturday
		d(2017, 1, 27): false, // Friday in the Spring Festival
		d(2017, 1, 26): true,  // Thursday before it
		d(2017, 10, 9): true,  // Monday after National Day
		d(2026, 1, 1):  false, // New Year's Thursday
		d(2026, 1, 5):  true,
	} {
		if got := cal.IsWorkday(day); got != want {
			t.Errorf("%s (%s): %v, want %v", day, day.Weekday(), got, want)
		}
	}
}

// Whatever the calendar, a count of working days lands on a working day
// after the trigger, and a period ends on or after its plain length.
func FuzzWorkdays(f *testing.F) {
	f.Add(int64(0), uint8(3), uint16(0b1010))
	f.Add(int64(3650), uint8(15), uint16(0xffff))
	f.Fuzz(func(t *testing.T, offset int64, n uint8, mask uint16) {
		from := NewDate(2017, 1, 1).AddDays(int(offset % 20000))
		cal := Calendar{}
		for i := 0; i < 16; i++ { // up to 16 days after from, holiday or make-up
			day := from.AddDays(1 + i)
			if mask&(1<<i) != 0 {
				cal[day] = DayHoliday
			} else if i%5 == 0 {
				cal[day] = DayWorkday
			}
		}
		k := int(n%30) + 1
		due := cal.AddWorkdays(from, k)
		if !from.Before(due) || !cal.IsWorkday(due) {
			t.Fatalf("%d working days from %s: %s", k, from, due)
		}
		if end := cal.AddDaysEnding(from, k); end.Before(from.AddDays(k)) || !cal.IsWorkday(end) {
			t.Fatalf("%d days from %s: %s", k, from, end)
		}
	})
}
