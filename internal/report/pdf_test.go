package report_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/report"
	"gonghui/internal/store"
)

// requireChromium skips a test without a browser, except when CI=true,
// where a missing browser fails it so that CI never passes by skipping.
func requireChromium(t *testing.T) {
	t.Helper()
	if report.FindChromium() == "" {
		msg := "no Chromium found on PATH (tried " + strings.Join(report.ChromiumNames, ", ") + ")"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; CI=true requires the PDF test to run")
		}
		t.Skip(msg)
	}
}

func TestWritePDF(t *testing.T) {
	requireChromium(t)
	stats := store.Stats{Org: "BJ", Date: gonghui.NewDate(2017, time.December, 31), Indicators: map[string]float64{"orgs_total": 17, "members_total": 54321}}
	r := report.New(stats, "北京市总工会", 2017)
	if err := r.Render(nil, true); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := report.WritePDF(ctx, &buf, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || buf.Len() <= 1024 {
		t.Errorf("not a PDF: %d bytes starting %q", buf.Len(), buf.Bytes()[:min(buf.Len(), 16)])
	}
	// GONGHUI_REPORT_PDF names a file to keep the output in, to look at it.
	if keep := os.Getenv("GONGHUI_REPORT_PDF"); keep != "" {
		if err := os.WriteFile(keep, buf.Bytes(), 0o644); err != nil {
			t.Error(err)
		}
	}
}

func TestWritePDFWithoutChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	err := report.WritePDF(ctx, &bytes.Buffer{}, report.Report{})
	if !errors.Is(err, report.ErrNoChromium) || !strings.Contains(err.Error(), "chromium") {
		t.Errorf("error %v, want ErrNoChromium", err)
	}
}
