package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/store"
)

// ledgerCmd runs `gonghui ledger funds|journal|trial-balance|bank-batch|return|lock`.
func ledgerCmd(ctx context.Context, verb string, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("ledger "+verb, stderr)
	keyFile := keyFlag(fs)
	org := fs.String("org", "", "union (code or ID)")
	fund := fs.Int64("fund", 0, "fund ID")
	period := fs.String("period", "", "month, YYYY-MM")
	format := fs.String("format", export.XLSX, "csv or xlsx")
	out := fs.String("out", "", "file to write")
	var file string
	if verb == "return" && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, *db, keyFile, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("ledger")
	sheet := func(write func(out io.Writer) (int, error)) error {
		if *out == "" || *fund == 0 || !gonghui.ValidPeriod(*period) {
			return errors.New("--fund, --period YYYY-MM and --out are required")
		}
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		n, err := write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d rows written to %s\n", n, *out)
		return nil
	}
	switch verb {
	case "funds":
		var orgID int64
		if *org != "" {
			o, err := resolveOrg(ctx, st, a, *org)
			if err != nil {
				return err
			}
			orgID = o.ID
		}
		return eachPage(func(p gonghui.Page) (int, error) {
			funds, _, err := st.ListFunds(ctx, a, store.FundFilter{OrgID: orgID, Page: p})
			for _, f := range funds {
				fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\n", f.ID, f.OrgName, f.Name, f.ExpenseAccount, gonghui.FormatFixed(f.BalanceFen, 2))
			}
			return len(funds), err
		})
	case "journal":
		return sheet(func(w io.Writer) (int, error) {
			return export.Journal(ctx, st, a, store.EntryFilter{FundID: *fund, Period: *period}, *format, w)
		})
	case "trial-balance":
		return sheet(func(w io.Writer) (int, error) { return export.TrialBalance(ctx, st, a, *fund, *period, *format, w) })
	case "bank-batch":
		return sheet(func(w io.Writer) (int, error) { return export.BankBatch(ctx, st, a, *fund, *period, *format, w) })
	case "return":
		if file == "" {
			return errors.New("name the bank's return file: gonghui ledger return FILE")
		}
		rows, err := export.ReadBankReturn(ctx, st, a, *fund, file)
		if err != nil {
			return err
		}
		failed := 0
		for _, r := range rows {
			if r.Err != nil {
				failed++
				fmt.Fprintf(stderr, "row %d: %v\n", r.Line, r.Err)
				continue
			}
			fmt.Fprintf(stdout, "row %d: payment %d reversed by entry %d\n", r.Line, r.EntryID, r.Entry.ID)
		}
		if failed > 0 {
			return fmt.Errorf("%d of %d rows refused", failed, len(rows))
		}
		return nil
	case "lock":
		if *org == "" || !gonghui.ValidPeriod(*period) {
			return errors.New("--org and --period YYYY-MM are required")
		}
		o, err := resolveOrg(ctx, st, a, *org)
		if err != nil {
			return err
		}
		if err := st.LockPeriod(ctx, a, o.ID, *period); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s closed for %s\n", *period, o.Name)
		return nil
	}
	return fmt.Errorf("unknown command %q", "ledger "+verb)
}
