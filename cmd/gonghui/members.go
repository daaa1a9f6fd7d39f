package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/importer"
	"gonghui/internal/store"
)

// importGoMemory is the import's soft limit on the Go runtime's memory,
// unless GOMEMLIMIT sets another: the statistics' rebuild after a city's
// load holds some 130 MB live, and the collector would otherwise let the
// heap grow to twice that before it runs. Beside SQLite's own budget
// (store.sqliteMemoryBudget, 192 MiB) it keeps a load of any size near
// 512 MiB (docs/BENCHMARKS.md).
const importGoMemory = 256 << 20

// profileCPU starts a CPU profile written to path; stop ends it. A
// load's time is spent in SQL, sealing and the statistics' rebuild: the
// profile tells which, at the size that matters.
func profileCPU(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// openForMembers opens a migrated store with the personal-data key.
func openForMembers(ctx context.Context, db, keyFile string, stderr io.Writer) (*store.Store, error) {
	return openStore(ctx, db, &keyFile, stderr)
}

// importFile runs `gonghui import KIND FILE`.
func importFile(ctx context.Context, job importer.Job, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("import "+job.Name(), stderr)
	keyFile := keyFlag(fs)
	orgRef := fs.String("org", "", "union (code or ID) for rows that name none")
	dryRun := fs.Bool("dry-run", false, "check every row, save nothing")
	allOrNothing := fs.Bool("all-or-nothing", false, fmt.Sprintf("save no row when any row is refused, else every row at once (files of at most %d rows)", importer.MaxAllOrNothingRows))
	errorsOut := fs.String("errors", "", "write the refused rows with their reasons to this .xlsx file")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the import to this file (go tool pprof)")
	// The file may come before or after the flags.
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if file == "" {
		return errors.New("name the file to import: gonghui import " + job.Name() + " FILE")
	}
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if *errorsOut != "" && !strings.HasSuffix(strings.ToLower(*errorsOut), ".xlsx") {
		return errors.New("--errors: the error report is an .xlsx file")
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(importGoMemory)
	}
	limitMallocArenas()
	if *cpuProfile != "" {
		stop, err := profileCPU(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	st, err := openForMembers(ctx, *db, *keyFile, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("import")
	opt := importer.Options{DryRun: *dryRun, AllOrNothing: *allOrNothing}
	if *orgRef != "" {
		o, err := resolveOrg(ctx, st, a, *orgRef)
		if err != nil {
			return err
		}
		opt.DefaultOrg = o.ID
	}
	bar := newProgressBar(stderr)
	opt.Progress = func(im store.Import) { bar.show(im.Progress, im.RowsDone) }
	im, err := st.CreateImport(ctx, a, job.Name(), filepath.Base(file), *dryRun, *allOrNothing)
	if err != nil {
		return err
	}
	im, err = importer.Run(ctx, st, a, job, file, im, opt)
	bar.done()
	if err != nil {
		return err
	}
	for _, w := range im.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	if im.Status == store.ImportFailed || im.Status == store.ImportInterrupted {
		return errors.New(im.Message)
	}
	fmt.Fprintf(stdout, "import %d of %s (%s %s): %d rows, %d new, %d updated, %d unchanged, %d refused\n",
		im.ID, im.Filename, im.Format, im.Encoding, im.RowsDone, im.Inserted, im.Updated, im.Unchanged, im.Failed)
	// What other writers waited for at most while the import ran.
	fmt.Fprintf(stdout, "longest write transaction: %.2f s\n", im.LongestWrite.Seconds())
	if im.Message != "" {
		fmt.Fprintln(stdout, im.Message)
	}
	if im.Failed == 0 {
		return nil
	}
	rowErrs, err := st.ImportErrors(ctx, a, im.ID)
	if err != nil {
		return err
	}
	for i, e := range rowErrs {
		if i == 20 {
			fmt.Fprintf(stdout, "… %d more\n", len(rowErrs)-20)
			break
		}
		fmt.Fprintf(stdout, "line %d, %s: %s (%s)\n", e.Line, e.Field, e.Zh, e.En)
	}
	if *errorsOut != "" {
		f, err := os.Create(*errorsOut)
		if err != nil {
			return err
		}
		if err := importer.WriteErrorReport(f, im, rowErrs); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "error report written to %s\n", *errorsOut)
	}
	return fmt.Errorf("%d rows refused", im.Failed)
}

// writeTemplate runs `gonghui template KIND`.
func writeTemplate(job importer.Job, args []string, stdout, stderr io.Writer) error {
	fs, _ := flags("template "+job.Name(), stderr)
	out := fs.String("out", job.Name()+"-template.xlsx", "file to write")
	if err := parse(fs, args); err != nil {
		return err
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := job.WriteTemplate(f, nil); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s import template written to %s\n", job.Name(), *out)
	return nil
}

func exportMembers(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("export members", stderr)
	keyFile := keyFlag(fs)
	orgRef := fs.String("org", "", "union (code or ID) whose subtree to export (default: the whole tree)")
	format := fs.String("format", "csv", "csv or xlsx")
	out := fs.String("out", "", "file to write (required)")
	reveal := fs.Bool("reveal", false, "write ID numbers and phones in full (audited)")
	status := fs.String("status", "active", "active, left, deceased or transferred")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out is required")
	}
	if *format != export.CSV && *format != export.XLSX {
		return errors.New("--format must be csv or xlsx")
	}
	st, err := openForMembers(ctx, *db, *keyFile, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("export")
	f := gonghui.MemberFilter{Status: gonghui.MemberStatus(*status)}
	if *orgRef != "" {
		o, err := resolveOrg(ctx, st, a, *orgRef)
		if err != nil {
			return err
		}
		f.OrgID = o.ID
	}
	file, err := os.Create(*out)
	if err != nil {
		return err
	}
	n, err := export.Members(ctx, st, a, f, *reveal, *format, file)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d members written to %s\n", n, *out)
	return nil
}

// progressBar draws import progress on a terminal, and nothing elsewhere.
type progressBar struct {
	w     io.Writer
	tty   bool
	drawn bool
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	tty := false
	if ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progressBar{w: w, tty: tty}
}

func (p *progressBar) show(percent, rows int) {
	if !p.tty {
		return
	}
	const width = 30
	filled := percent * width / 100
	fmt.Fprintf(p.w, "\r[%s%s] %3d%% %d rows", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), percent, rows)
	p.drawn = true
}

func (p *progressBar) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
