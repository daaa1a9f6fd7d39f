package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"gonghui"
	"gonghui/internal/report"
)

// reportCmd runs `gonghui report`: the work report's figures for a year, as
// an HTML page, JSON, a workbook or a PDF (printed by Chromium).
func reportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("report", stderr)
	year := fs.String("year", "", "the report's year, e.g. 2017 (required)")
	orgRef := fs.String("org", "", "union (code or ID) whose subtree to report (default: the whole tree)")
	date := fs.String("date", "", "the day figures are counted on, YYYY-MM-DD (default: the year's 31 December)")
	format := fs.String("format", "html", "html, json, xlsx or pdf (pdf needs Chromium)")
	tmplFile := fs.String("template", "", "template file replacing the embedded one (text/template; see internal/report/templates)")
	out := fs.String("out", "", "file to write (default: standard output; required for xlsx and pdf)")
	if err := parse(fs, args); err != nil {
		return err
	}
	y, err := strconv.Atoi(*year)
	if err != nil || y < 1949 || y > 9999 {
		return errors.New("--year: want a year such as 2017")
	}
	on, err := gonghui.ParseDate(*date)
	if err != nil {
		return errors.New("--date: want YYYY-MM-DD")
	}
	var write func(io.Writer, report.Report) error
	switch *format {
	case "html":
		write = report.WriteHTML
	case "json":
		write = report.WriteJSON
	case "xlsx":
		write = report.WriteXLSX
		if *out == "" {
			return errors.New("--out is required with --format xlsx")
		}
	case "pdf":
		write = func(w io.Writer, r report.Report) error { return report.WritePDF(ctx, w, r) }
		if *out == "" {
			return errors.New("--out is required with --format pdf")
		}
		// Fail before opening the database when the browser is missing.
		if report.FindChromium() == "" {
			return report.ErrNoChromium
		}
	default:
		return fmt.Errorf("--format %q: want html, json, xlsx or pdf", *format)
	}
	var tmpl *report.Template
	if *tmplFile != "" {
		text, err := os.ReadFile(*tmplFile)
		if err != nil {
			return fmt.Errorf("--template: %w", err)
		}
		if tmpl, err = report.ParseTemplate(*tmplFile, string(text)); err != nil {
			return fmt.Errorf("--template: %w", err)
		}
	}
	st, err := openMigrated(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("report")
	var orgID int64
	if *orgRef != "" {
		o, err := resolveOrg(ctx, st, a, *orgRef)
		if err != nil {
			return err
		}
		orgID = o.ID
	}
	if on.IsZero() {
		on = gonghui.NewDate(y, time.December, 31)
	}
	r, err := report.BuildWith(ctx, st, a, orgID, y, on, tmpl)
	if err != nil {
		return err // a template's errors name its file
	}
	if *out == "" {
		return write(stdout, r)
	}
	// Render fully before touching the file, so a failure leaves no half file.
	var buf bytes.Buffer
	if err := write(&buf, r); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "report written to %s\n", *out)
	return nil
}
