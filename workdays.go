package gonghui

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Working days follow the State Council's yearly notice of public holidays
// and make-up working days (调休上班). The administrator keeps the notice's
// days as a calendar; a date it does not list is a working day from Monday
// to Friday and a rest day on the weekend.

// The kinds of day a holiday calendar lists.
const (
	DayHoliday = "holiday" // 法定节假日（含调休放假）
	DayWorkday = "workday" // 调休上班
)

// CalendarDayKinds is the code list of the calendar's kinds of day.
var CalendarDayKinds = []Choice{
	{DayHoliday, Message{"放假", "Holiday"}},
	{DayWorkday, Message{"调休上班", "Make-up working day"}},
}

// CalendarDay is one date of the holiday calendar.
type CalendarDay struct {
	On   Date   `json:"on"`
	Kind string `json:"kind"`
	// Name is the festival the day belongs to (春节, 国庆节 …).
	Name string `json:"name"`
}

// Validate checks a calendar day.
func (d *CalendarDay) Validate(v *ValidationError) {
	d.Name = strings.TrimSpace(d.Name)
	if d.On.IsZero() {
		v.Add("on", "请填写日期", "the date is required")
	}
	if k, ok := ChoiceKey(CalendarDayKinds, d.Kind); ok {
		d.Kind = k
	}
	if !IsChoiceKey(CalendarDayKinds, d.Kind) {
		v.Add("kind", "请选择放假或调休上班", "choose a holiday or a make-up working day")
	}
	if utf8.RuneCountInString(d.Name) > 20 {
		v.Add("name", "节日名称不能超过20个字", "the festival's name must be at most 20 characters")
	}
}

// Calendar is the holiday calendar: the kind of each listed date.
type Calendar map[Date]string

// CalendarOf builds a calendar from its days.
func CalendarOf(days []CalendarDay) Calendar {
	c := Calendar{}
	for _, d := range days {
		c[d.On] = d.Kind
	}
	return c
}

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }

// IsHoliday reports whether d is a day off of a public holiday (a
// station's holiday hours hold on it).
func (c Calendar) IsHoliday(d Date) bool { return c[d] == DayHoliday }

// IsWorkday reports whether d is a working day: a make-up working day, or
// a weekday that is no holiday.
func (c Calendar) IsWorkday(d Date) bool {
	switch c[d] {
	case DayWorkday:
		return true
	case DayHoliday:
		return false
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkdays is the nth working day after from: the day of the trigger
// is not counted (期间开始的日不计算在期间内), so a period of 3 working days
// from a Friday ends on the Wednesday after.
func (c Calendar) AddWorkdays(from Date, n int) Date {
	d := from
	for n > 0 {
		d = d.AddDays(1)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// NextWorkday is d itself when it is a working day, else the first
// working day after it: a period whose last day is a holiday ends on the
// first day after the holiday (期间届满的最后一日是法定休假日的，以休假日后
// 的第一日为期间届满的日期).
func (c Calendar) NextWorkday(d Date) Date {
	for !c.IsWorkday(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddDaysEnding is the last day of a period of n calendar days from from
// (the trigger's day not counted), moved past a closing holiday or weekend.
func (c Calendar) AddDaysEnding(from Date, n int) Date {
	return c.NextWorkday(from.AddDays(n))
}

// AddYearsEnding is the last day of a period of n years from from: the
// same day of the month n years on, the month's last day when it has none
// (29 February), moved past a closing holiday or weekend.
func (c Calendar) AddYearsEnding(from Date, n int) Date {
	y, m, d := from.Parts()
	end := NewDate(y+n, m, d)
	if _, em, _ := end.Parts(); em != m { // no such day: the month's last
		end = NewDate(y+n, m+1, 0)
	}
	return c.NextWorkday(end)
}
