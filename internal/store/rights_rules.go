package store

import (
	"context"

	"gonghui"
)

// The rules rights cases' clocks are computed from: the holiday calendar
// and each jurisdiction's lengths of the clocks, kept by the federation's
// administrator.

// HolidayCalendar lists the calendar's days of a year (0: every year).
func (s *Store) HolidayCalendar(ctx context.Context, year int) ([]gonghui.CalendarDay, error) {
	days, err := s.conn().calendarDays(ctx, year)
	return days, opErr(err, "holiday calendar")
}

func (c conn) calendarDays(ctx context.Context, year int) ([]gonghui.CalendarDay, error) {
	where, args := "", []any(nil)
	if year != 0 {
		where, args = " WHERE on_date >= ? AND on_date < ?", []any{gonghui.NewDate(year, 1, 1), gonghui.NewDate(year+1, 1, 1)}
	}
	out := []gonghui.CalendarDay{}
	var d gonghui.CalendarDay
	err := c.eachRow(ctx, `SELECT on_date, kind, name FROM rights_calendar`+where+` ORDER BY on_date`, args,
		[]any{&d.On, &d.Kind, &d.Name}, func() { out = append(out, d) })
	return out, err
}

// calendarBetween is the part of the holiday calendar from one day to
// another, both included.
func (c conn) calendarBetween(ctx context.Context, from, to gonghui.Date) (gonghui.Calendar, error) {
	cal := gonghui.Calendar{}
	var d gonghui.CalendarDay
	err := c.eachRow(ctx, `SELECT on_date, kind FROM rights_calendar WHERE on_date >= ? AND on_date <= ?`, []any{from, to},
		[]any{&d.On, &d.Kind}, func() { cal[d.On] = d.Kind })
	return cal, err
}

func (c conn) calendar(ctx context.Context) (gonghui.Calendar, error) {
	days, err := c.calendarDays(ctx, 0)
	return gonghui.CalendarOf(days), err
}

// SaveCalendarDay sets a day of the holiday calendar (a holiday or a
// make-up working day); RemoveCalendarDay makes it an ordinary day again.
// Every case's clocks follow at once: they are computed, never stored.
func (s *Store) SaveCalendarDay(ctx context.Context, a gonghui.Actor, d gonghui.CalendarDay) (gonghui.CalendarDay, error) {
	root, err := s.requireRootAdmin(ctx, a)
	if err != nil {
		return d, opErr(err, "save calendar day")
	}
	v := &gonghui.ValidationError{}
	d.Validate(v)
	if err := v.Err(); err != nil {
		return d, err
	}
	err = s.inTx(ctx, func(c conn) error {
		var before []gonghui.CalendarDay
		var b gonghui.CalendarDay
		if err := c.eachRow(ctx, `SELECT on_date, kind, name FROM rights_calendar WHERE on_date = ?`, []any{d.On},
			[]any{&b.On, &b.Kind, &b.Name}, func() { before = append(before, b) }); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM rights_calendar WHERE on_date = ?`, d.On); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO rights_calendar (on_date, kind, name, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)`,
			d.On, d.Kind, d.Name, a.Username, s.nowUnix()); err != nil {
			return err
		}
		if err := c.setAsideRights(ctx); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "rights.calendar.save", recordType: "rights_calendar", orgPath: root.Path, summary: changeSummary(before, d)})
	})
	if err == nil { // the clocks' figures follow the calendar
		_, err = s.RefreshStats(ctx)
	}
	return d, opErr(err, "save calendar day %s", d.On)
}

// RemoveCalendarDay takes a day off the calendar.
func (s *Store) RemoveCalendarDay(ctx context.Context, a gonghui.Actor, on gonghui.Date) error {
	root, err := s.requireRootAdmin(ctx, a)
	if err != nil {
		return opErr(err, "remove calendar day")
	}
	err = s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM rights_calendar WHERE on_date = ?`, on)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = gonghui.ErrNotFound
			}
			return err
		}
		if err := c.setAsideRights(ctx); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "rights.calendar.remove", recordType: "rights_calendar", orgPath: root.Path,
			summary: mustJSON(map[string]any{"on": on})})
	})
	if err == nil {
		_, err = s.RefreshStats(ctx)
	}
	return opErr(err, "remove calendar day %s", on)
}

// ClockRules are a district's own lengths of the clocks (the defaults
// apply where it has none).
func (s *Store) ClockRules(ctx context.Context, region string) ([]gonghui.ClockRule, error) {
	out := []gonghui.ClockRule{}
	var r gonghui.ClockRule
	err := s.conn().eachRow(ctx, `SELECT kind, n, unit FROM rights_clock_rules WHERE region_code = ? ORDER BY kind`, []any{region},
		[]any{&r.Kind, &r.N, &r.Unit}, func() { out = append(out, r) })
	return out, opErr(err, "clock rules of %s", region)
}

// SaveClockRule sets a district's own length of a clock.
func (s *Store) SaveClockRule(ctx context.Context, a gonghui.Actor, region string, r gonghui.ClockRule) error {
	root, err := s.requireRootAdmin(ctx, a)
	if err != nil {
		return opErr(err, "save clock rule")
	}
	v := &gonghui.ValidationError{}
	r.Validate(v)
	if len(region) != 6 {
		v.Add("region_code", "请填写6位区县代码", "enter the 6-digit district code")
	}
	err = s.inTx(ctx, func(c conn) error {
		if err := c.checkRefs(ctx, v, region, "", nil); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM rights_clock_rules WHERE region_code = ? AND kind = ?`, region, r.Kind); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO rights_clock_rules (region_code, kind, n, unit, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			region, r.Kind, r.N, r.Unit, a.Username, s.nowUnix()); err != nil {
			return err
		}
		if err := c.setAsideRights(ctx); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "rights.rule.save", recordType: "rights_clock_rule", orgPath: root.Path,
			summary: mustJSON(map[string]any{"region_code": region, "rule": r})})
	})
	if err == nil {
		_, err = s.RefreshStats(ctx)
	}
	return opErr(err, "save clock rule")
}

// clockRules are the rules by district, read once per request.
type clockRules struct {
	c     conn
	cal   gonghui.Calendar
	rules map[string]gonghui.ClockRules
}

func (c conn) newClockRules(ctx context.Context) (*clockRules, error) {
	cal, err := c.calendar(ctx)
	if err != nil {
		return nil, err
	}
	return &clockRules{c: c, cal: cal, rules: map[string]gonghui.ClockRules{}}, nil
}

func (cr *clockRules) of(ctx context.Context, region string) (gonghui.ClockRules, error) {
	district := districtOf(region)
	if rs, ok := cr.rules[district]; ok {
		return rs, nil
	}
	var own []gonghui.ClockRule
	if district != "" {
		var r gonghui.ClockRule
		if err := cr.c.eachRow(ctx, `SELECT kind, n, unit FROM rights_clock_rules WHERE region_code = ?`, []any{district},
			[]any{&r.Kind, &r.N, &r.Unit}, func() { own = append(own, r) }); err != nil {
			return nil, err
		}
	}
	rs := gonghui.ClockRulesOf(own)
	cr.rules[district] = rs
	return rs, nil
}
