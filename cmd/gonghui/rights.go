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

// rightsCallback runs `gonghui rights callback`: records a callback (回访)
// on a closed case, or lists the closed cases awaiting one.
func rightsCallback(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("rights callback", stderr)
	id := fs.Int64("case", 0, "the case called back (its id)")
	on := fs.String("on", "", "the day of the call YYYY-MM-DD (default today)")
	notReached := fs.Bool("not-reached", false, "the worker was not reached (the attempt is kept; call again)")
	satisfaction := fs.String("satisfaction", "", "the worker's answer: satisfied, fairly_satisfied or dissatisfied")
	note := fs.String("note", "", "what was said")
	awaiting := fs.Bool("awaiting", false, "list the closed cases awaiting a callback instead")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *awaiting == (*id != 0) {
		return fmt.Errorf("give --case N or --awaiting")
	}
	st, err := openMigrated(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("rights")
	if *awaiting {
		list, total, err := st.ListRightsCases(ctx, a, gonghui.RightsCaseFilter{AwaitingCallback: true, Page: gonghui.Page{Limit: 500}})
		if err != nil {
			return err
		}
		for _, k := range list {
			fmt.Fprintf(stdout, "%d %s %s %s %s %s\n", k.ID, k.Number, k.OutcomeOn, k.Outcome, k.OrgName, k.EmployerName)
		}
		fmt.Fprintf(stdout, "%d cases awaiting a callback\n", total)
		return nil
	}
	in := gonghui.RightsCallbackInput{Reached: !*notReached, Satisfaction: *satisfaction, Note: *note}
	if *on != "" {
		if in.On, err = gonghui.ParseDate(*on); err != nil {
			return err
		}
	}
	k, err := st.RecordRightsCallback(ctx, a, *id, in)
	if err != nil {
		return err
	}
	last := k.Callbacks[len(k.Callbacks)-1]
	reached := "not reached"
	if last.Reached {
		reached = "reached, " + last.Satisfaction
	}
	fmt.Fprintf(stdout, "%s: callback on %s, %s (%d attempts)\n", k.Number, last.On, reached, len(k.Callbacks))
	return nil
}
