package main

import (
	"context"
	"fmt"
	"io"

	"gonghui"
)

// rightsCalendar runs `gonghui rights calendar`: prints a year's holidays
// and make-up working days, after setting or removing one (the State
// Council's yearly notice, entered by the operator).
func rightsCalendar(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("rights calendar", stderr)
	year := fs.Int("year", 0, "the year to print (default the year of --set or --remove, else this year)")
	set := fs.String("set", "", "a date YYYY-MM-DD to set")
	kind := fs.String("kind", gonghui.DayHoliday, "what --set makes the day: holiday or workday (a make-up working day)")
	name := fs.String("name", "", "the festival of --set")
	remove := fs.String("remove", "", "a date YYYY-MM-DD to make an ordinary day again")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := openMigrated(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("rights")
	pick := func(s string) (gonghui.Date, error) {
		d, err := gonghui.ParseDate(s)
		if err == nil && *year == 0 {
			*year, _, _ = d.Parts()
		}
		return d, err
	}
	if *set != "" {
		d, err := pick(*set)
		if err != nil {
			return err
		}
		if _, err := st.SaveCalendarDay(ctx, a, gonghui.CalendarDay{On: d, Kind: *kind, Name: *name}); err != nil {
			return err
		}
	}
	if *remove != "" {
		d, err := pick(*remove)
		if err != nil {
			return err
		}
		if err := st.RemoveCalendarDay(ctx, a, d); err != nil {
			return err
		}
	}
	if *year == 0 {
		*year, _, _ = gonghui.Today().Parts()
	}
	days, err := st.HolidayCalendar(ctx, *year)
	if err != nil {
		return err
	}
	for _, d := range days {
		fmt.Fprintf(stdout, "%s %s %-7s %s\n", d.On, d.On.Weekday().String()[:3], d.Kind, d.Name)
	}
	fmt.Fprintf(stdout, "%d: %d days listed\n", *year, len(days))
	return nil
}
