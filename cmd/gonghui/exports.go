package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/importer"
	"gonghui/internal/store"
)

// errNothing answers an export that matches nothing: no file is written.
var errNothing = errors.New("没有符合条件的记录，未写出文件 / nothing matches: no file written")

// exportFlags are the flags every list export takes.
type exportFlags struct {
	db, org, format, out *string
	// key is the personal-data key file of an export that reveals (nil:
	// the export opens no sealed value).
	key *string
}

// writeExport opens the store, finds --org, and writes the list to --out
// through rows, which learns the union (0: the whole tree). A list that
// matches nothing (count says how many do) writes no file.
func writeExport(ctx context.Context, fl exportFlags, stdout, stderr io.Writer, what string,
	count func(st *store.Store, a gonghui.Actor, orgID int64) (int, error),
	rows func(st *store.Store, a gonghui.Actor, orgID int64, out io.Writer) (int, error)) error {
	if *fl.out == "" {
		return errors.New("--out is required")
	}
	if *fl.format != export.CSV && *fl.format != export.XLSX {
		return errors.New("--format must be csv or xlsx")
	}
	st, err := openStore(ctx, *fl.db, fl.key, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("export")
	var orgID int64
	if *fl.org != "" {
		o, err := resolveOrg(ctx, st, a, *fl.org)
		if err != nil {
			return err
		}
		orgID = o.ID
	}
	if n, err := count(st, a, orgID); err != nil {
		return err
	} else if n == 0 {
		return errNothing
	}
	file, err := os.Create(*fl.out)
	if err != nil {
		return err
	}
	n, err := rows(st, a, orgID, file)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d %s written to %s\n", n, what, *fl.out)
	return nil
}

// eachPage reads a list page by page until a page comes back short.
func eachPage(fetch func(p gonghui.Page) (int, error)) error {
	p := gonghui.Page{Limit: 500}
	for {
		n, err := fetch(p)
		if err != nil || n < p.Limit {
			return err
		}
		p.Offset += p.Limit
	}
}

func newExportFlags(name string, stderr io.Writer) (exportFlags, *flag.FlagSet) {
	fs, db := flags(name, stderr)
	return exportFlags{db: db,
		org:    fs.String("org", "", "union (code or ID) whose subtree to export (default: the whole tree)"),
		format: fs.String("format", "csv", "csv or xlsx"),
		out:    fs.String("out", "", "file to write (required)")}, fs
}

// exportDirectors runs `gonghui export directors`: the employee directors
// and supervisors in the director template's columns, to import back.
func exportDirectors(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl, fs := newExportFlags("export directors", stderr)
	role := fs.String("role", "", "director or supervisor (default: both)")
	current := fs.Bool("current", false, "only those in office today")
	if err := parse(fs, args); err != nil {
		return err
	}
	filter := func(orgID int64, p gonghui.Page) store.DirectorFilter {
		return store.DirectorFilter{OrgID: orgID, Role: gonghui.DirectorRole(*role), Current: *current, Page: p}
	}
	return writeExport(ctx, fl, stdout, stderr, "directors and supervisors",
		func(st *store.Store, a gonghui.Actor, orgID int64) (int, error) {
			_, n, err := st.ListDirectors(ctx, a, filter(orgID, gonghui.Page{Limit: 1}))
			return n, err
		},
		func(st *store.Store, a gonghui.Actor, orgID int64, out io.Writer) (int, error) {
			details := map[string]any{"format": *fl.format, "org_id": orgID, "role": *role, "current": *current}
			return export.Sheet(ctx, st, a, "directors", orgID, details, importer.Directors.Headers(), *fl.format, out, func(put func([]string) error) error {
				units := map[int64]string{}
				return eachPage(func(p gonghui.Page) (int, error) {
					ds, _, err := st.ListDirectors(ctx, a, filter(orgID, p))
					for _, d := range ds {
						if err != nil {
							break
						}
						uscc, ok := units[d.UnitID]
						if !ok {
							var u gonghui.Unit
							u, err = st.GetUnit(ctx, a, d.UnitID)
							uscc, units[d.UnitID] = u.USCC, u.USCC
						}
						if err == nil {
							err = put(export.DirectorRow(d, uscc))
						}
					}
					return len(ds), err
				})
			})
		})
}

// exportCensus runs `gonghui export census`: the returns of a census year
// and subtree with their figures (a report: it does not import back).
func exportCensus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl, fs := newExportFlags("export census", stderr)
	year := fs.Int("year", gonghui.LastClosedCensusYear(gonghui.Today()), "census year Y: 1 October Y-1 – 30 September Y")
	state := fs.String("state", "", "draft, submitted or approved (default: all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	filter := func(orgID int64, p gonghui.Page) store.CensusFilter {
		return store.CensusFilter{Year: *year, OrgID: orgID, State: gonghui.CensusState(*state), Page: p}
	}
	return writeExport(ctx, fl, stdout, stderr, "census returns",
		func(st *store.Store, a gonghui.Actor, orgID int64) (int, error) {
			_, n, err := st.ListCensus(ctx, a, filter(orgID, gonghui.Page{Limit: 1}))
			return n, err
		},
		func(st *store.Store, a gonghui.Actor, orgID int64, out io.Writer) (int, error) {
			details := map[string]any{"format": *fl.format, "org_id": orgID, "year": *year, "state": *state}
			return export.Sheet(ctx, st, a, export.CensusName, orgID, details, export.CensusHeader(), *fl.format, out, func(put func([]string) error) error {
				return eachPage(func(p gonghui.Page) (int, error) {
					rs, _, err := st.ListCensus(ctx, a, filter(orgID, p))
					for _, r := range rs {
						if err != nil {
							break
						}
						var full gonghui.CensusReturn
						if full, err = st.GetCensus(ctx, a, r.ID); err == nil {
							err = put(export.CensusRow(full))
						}
					}
					return len(rs), err
				})
			})
		})
}

// exportHardship runs `gonghui export hardship`: the hardship files in the
// import template's columns; with --reveal the ID numbers and figures in
// full (the export is audited as revealed), else masked.
func exportHardship(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl, fs := newExportFlags("export hardship", stderr)
	state := fs.String("state", "", "applied, checked, visited, notice, filed, lifted or closed (default: all but closed)")
	reveal := fs.Bool("reveal", false, "ID numbers, incomes, expenses and health in full, to import back")
	fl.key = keyFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	filter := func(orgID int64, p gonghui.Page) gonghui.HardshipFileFilter {
		return gonghui.HardshipFileFilter{OrgID: orgID, State: *state, Page: p}
	}
	return writeExport(ctx, fl, stdout, stderr, "hardship files",
		func(st *store.Store, a gonghui.Actor, orgID int64) (int, error) {
			_, n, err := st.ListHardshipFiles(ctx, a, filter(orgID, gonghui.Page{Limit: 1}))
			return n, err
		},
		func(st *store.Store, a gonghui.Actor, orgID int64, out io.Writer) (int, error) {
			details := map[string]any{"format": *fl.format, "org_id": orgID, "state": *state, "revealed": *reveal}
			return export.Sheet(ctx, st, a, importer.HardshipFiles.Name(), orgID, details, importer.HardshipFiles.Headers(), *fl.format, out, func(put func([]string) error) error {
				codes := map[int64]string{}
				return eachPage(func(p gonghui.Page) (int, error) {
					var files []gonghui.HardshipFile
					var err error
					if *reveal {
						files, err = st.ListHardshipFilesRevealed(ctx, a, filter(orgID, p))
					} else {
						files, _, err = st.ListHardshipFiles(ctx, a, filter(orgID, p))
					}
					for _, h := range files {
						if err != nil {
							break
						}
						code, ok := codes[h.OrgID]
						if !ok {
							var o gonghui.Org
							o, err = st.GetOrg(ctx, a, h.OrgID)
							code, codes[h.OrgID] = o.Code, o.Code
						}
						if err == nil {
							err = put(export.HardshipRow(h, code))
						}
					}
					return len(files), err
				})
			})
		})
}

// exportTalentPool runs `gonghui export talent-pool`: the finalists and
// challenge winners of the competitions held in the subtree, ID numbers
// masked (a list: it does not import back).
func exportTalentPool(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl, fs := newExportFlags("export talent-pool", stderr)
	year := fs.Int("year", 0, "the competitions' year (default: every year)")
	kind := fs.String("kind", "", "labour, skill or craftsman (default: every kind)")
	if err := parse(fs, args); err != nil {
		return err
	}
	filter := func(orgID int64, p gonghui.Page) gonghui.TalentFilter {
		return gonghui.TalentFilter{OrgID: orgID, Year: *year, Kind: *kind, Page: p}
	}
	return writeExport(ctx, fl, stdout, stderr, "talent pool entries",
		func(st *store.Store, a gonghui.Actor, orgID int64) (int, error) {
			_, n, err := st.ListTalents(ctx, a, filter(orgID, gonghui.Page{Limit: 1}))
			return n, err
		},
		func(st *store.Store, a gonghui.Actor, orgID int64, out io.Writer) (int, error) {
			details := map[string]any{"format": *fl.format, "org_id": orgID, "year": *year, "kind": *kind}
			return export.Sheet(ctx, st, a, export.TalentPoolName, orgID, details, export.TalentPoolHeader, *fl.format, out, func(put func([]string) error) error {
				return eachPage(func(p gonghui.Page) (int, error) {
					list, _, err := st.ListTalents(ctx, a, filter(orgID, p))
					for _, x := range list {
						if err == nil {
							err = put(export.TalentRow(x))
						}
					}
					return len(list), err
				})
			})
		})
}
