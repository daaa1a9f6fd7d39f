package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"gonghui"
	"gonghui/internal/store"
)

// verifyMonths is how far back --verify holds the joins by month to their
// recount: ten years.
const verifyMonths = 120

// stats runs `gonghui stats`: the indicator catalogue for a subtree on a
// date, as JSON or as a table.
func stats(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("stats", stderr)
	orgRef := fs.String("org", "", "union (code or ID) whose subtree to count (default: the whole tree)")
	date := fs.String("date", "", "the day, YYYY-MM-DD (default: today, Asia/Shanghai)")
	asJSON := fs.Bool("json", false, "print JSON")
	lang := fs.String("lang", "zh", "names in the table: zh or en")
	refresh := fs.Bool("refresh", false, "first recount the statistics' aggregates from the records and rebuild every one that is missing, stale or differs (what --verify finds)")
	verify := fs.Bool("verify", false, "also count every figure with plain queries over the records and fail on any difference")
	if err := parse(fs, args); err != nil {
		return err
	}
	on, err := gonghui.ParseDate(*date)
	if err != nil {
		return errors.New("--date: want YYYY-MM-DD")
	}
	if on.IsZero() {
		on = gonghui.Today()
	}
	st, err := openMigrated(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("stats")
	var orgID int64
	if *orgRef != "" {
		o, err := resolveOrg(ctx, st, a, *orgRef)
		if err != nil {
			return err
		}
		orgID = o.ID
	}
	if *refresh {
		n, err := st.RepairStats(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "rebuilt %d aggregates\n", n)
	}
	res, err := st.ComputeStats(ctx, a, orgID, on)
	if err != nil {
		return err
	}
	if *verify {
		plain, err := st.RecountStats(ctx, a, orgID, on)
		if err != nil {
			return err
		}
		var diffs int
		for _, in := range gonghui.Indicators {
			if got, want := res.Indicators[in.Key], plain.Indicators[in.Key]; got != want {
				fmt.Fprintf(stderr, "%s: %v, recounted %v\n", in.Key, got, want)
				diffs++
			}
		}
		// The dashboard's charts, over as many months as it shows joins.
		charts, err := st.ComputeBreakdowns(ctx, a, orgID, on, verifyMonths)
		if err != nil {
			return err
		}
		plainCharts, err := st.RecountBreakdowns(ctx, a, orgID, on, verifyMonths)
		if err != nil {
			return err
		}
		for _, ch := range []struct {
			name      string
			got, want []store.Bucket
		}{{"ownership", charts.Ownership, plainCharts.Ownership}, {"industry", charts.Industry, plainCharts.Industry},
			{"employment", charts.Employment, plainCharts.Employment}, {"age bands", charts.AgeBands, plainCharts.AgeBands},
			{"joined by month", charts.Joined, plainCharts.Joined}} {
			if !slices.Equal(ch.got, ch.want) {
				fmt.Fprintf(stderr, "chart %s: %v, recounted %v\n", ch.name, ch.got, ch.want)
				diffs++
			}
		}
		if diffs > 0 {
			return fmt.Errorf("--verify: %d figures differ from a plain recount (--refresh rebuilds them)", diffs)
		}
		fmt.Fprintln(stderr, "verified: every figure equals a plain recount")
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Fprintf(stdout, "%s  %s\n", res.Org, res.Date)
	for _, in := range gonghui.Indicators {
		fmt.Fprintf(stdout, "%-24s %-28s %14s %s\n", in.Key, in.Name.In(*lang), strconv.FormatFloat(res.Indicators[in.Key], 'f', -1, 64), in.Unit.In(*lang))
	}
	return nil
}
