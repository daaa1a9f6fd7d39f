package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"gonghui"
	"gonghui/internal/store"
)

// censusStatus runs `gonghui census status`: where a union's own return
// and those of the unions directly below it stand for a census year.
func censusStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("census status", stderr)
	year := fs.Int("year", gonghui.LastClosedCensusYear(gonghui.Today()), "census year Y: 1 October Y-1 – 30 September Y")
	orgRef := fs.String("org", "", "union (code or ID) whose progress to show (default: the root)")
	lang := fs.String("lang", "zh", "state names: zh or en")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := openMigrated(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("census")
	org, err := st.RootOrg(ctx, a)
	if *orgRef != "" {
		org, err = resolveOrg(ctx, st, a, *orgRef)
	}
	if err != nil {
		return err
	}
	children, err := st.CensusChildren(ctx, a, org.ID, *year)
	if err != nil {
		return err
	}
	own, err := st.FindCensus(ctx, a, org.ID, *year)
	if err != nil && !errors.Is(err, gonghui.ErrNotFound) {
		return err
	}
	state := func(s gonghui.CensusState) string {
		if s == "" {
			return gonghui.Message{Zh: "未填报", En: "not opened"}.In(*lang)
		}
		return gonghui.ChoiceName(gonghui.CensusStates, string(s)).In(*lang)
	}
	p := gonghui.CensusPeriodOf(*year)
	fmt.Fprintf(stdout, "%s %s  %d (%s – %s)  %s\n", org.Code, org.Name, *year, p.Start, p.End, state(own.State))
	for _, ch := range children {
		flag := ""
		if ch.Pending() {
			flag = " !"
		}
		fmt.Fprintf(stdout, "  %-10s %-30s %s%s\n", ch.OrgCode, ch.OrgName, state(ch.State), flag)
	}
	pr := store.Progress(children)
	fmt.Fprintf(stdout, "children %d: approved %d, submitted %d, draft %d, not opened %d\n", pr.Children, pr.Approved, pr.Submitted, pr.Draft, pr.NotOpened)
	return nil
}
