package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"gonghui"
	"gonghui/internal/store"
)

// programmesCmd runs `gonghui programmes seed|list`: seed opens the
// standard programmes at a union, paid from two of its funds; list
// prints the programmes serving a union.
func programmesCmd(ctx context.Context, verb string, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("programmes "+verb, stderr)
	org := fs.String("org", "", "union (code or ID)")
	aid := fs.Int64("aid-fund", 0, "the hardship-aid fund's ID (金秋助学, 温暖基金, mutual aid, emergency relief, the qualification subsidy)")
	warmth := fs.Int64("warmth-fund", 0, "the warmth fund's ID (the festival visits)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *org == "" {
		return errors.New("--org is required")
	}
	st, err := openStore(ctx, *db, nil, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("programmes")
	o, err := resolveOrg(ctx, st, a, *org)
	if err != nil {
		return err
	}
	switch verb {
	case "seed":
		if *aid == 0 || *warmth == 0 {
			return errors.New("--aid-fund and --warmth-fund are required")
		}
		ps, err := st.SeedStandardProgrammes(ctx, a, o.ID, *aid, *warmth)
		for _, p := range ps {
			fmt.Fprintf(stdout, "%d\t%s\t%s\n", p.ID, p.Code, p.Name)
		}
		if err == nil {
			fmt.Fprintf(stdout, "%d programmes opened at %s\n", len(ps), o.Name)
		}
		return err
	default:
		a.Path = o.Path
		return eachPage(func(p gonghui.Page) (int, error) {
			ps, _, err := st.ListProgrammes(ctx, a, store.ProgrammeFilter{Page: p})
			for _, p := range ps {
				fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\n", p.ID, p.Code, p.Name, p.OrgName, p.FundName)
			}
			return len(ps), err
		})
	}
}
