package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumNames are the executable names looked up on PATH for PDF output,
// in order.
var ChromiumNames = []string{"chromium", "chromium-browser", "google-chrome"}

// ErrNoChromium is returned by WritePDF when no browser is installed.
var ErrNoChromium = fmt.Errorf("PDF output needs Chromium, found none on PATH (tried %s); on Debian install the package chromium",
	strings.Join(ChromiumNames, ", "))

// FindChromium returns the path of the first browser found on PATH, or "".
func FindChromium() string {
	for _, name := range ChromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// pdfTimeout bounds one print, so that a stuck browser cannot hold a
// request or a command forever.
const pdfTimeout = 60 * time.Second

// pdfSlots limits the browsers printing at once: each is a few hundred MB.
var pdfSlots = make(chan struct{}, 2)

// WritePDF writes the report as an A4 PDF: the page WriteHTML writes,
// printed by PrintPDF.
func WritePDF(ctx context.Context, w io.Writer, r Report) error {
	if FindChromium() == "" {
		return ErrNoChromium
	}
	var page bytes.Buffer
	if err := WriteHTML(&page, r); err != nil {
		return err
	}
	return PrintPDF(ctx, w, page.Bytes())
}

// PrintPDF prints a self-contained HTML page (its styles inline, nothing
// it loads from the server) as an A4 PDF, by a headless Chromium started
// for the purpose: the report and the forms a union signs on paper. Chinese
// text needs a CJK font installed where Chromium runs.
func PrintPDF(ctx context.Context, w io.Writer, page []byte) error {
	chrome := FindChromium()
	if chrome == "" {
		return ErrNoChromium
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	select {
	case pdfSlots <- struct{}{}:
		defer func() { <-pdfSlots }()
	case <-ctx.Done():
		return ctx.Err()
	}

	// The page goes through a file rather than a data: URL, which has a
	// length limit; the profile lives beside it and both go at the end.
	dir, err := os.MkdirTemp("", "gonghui-pdf-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	htmlPath := filepath.Join(dir, "page.html")
	if err := os.WriteFile(htmlPath, page, 0o600); err != nil {
		return err
	}
	var chromeOut lockedBuffer
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chrome),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // containers and root lack the sandbox's namespaces
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // containers often have a tiny /dev/shm
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		// The browser gets none of the server's environment (GONGHUI_KEY
		// among it), and its scratch files stay in dir, removed below.
		chromedp.NoInheritEnv,
		chromedp.Env("PATH="+os.Getenv("PATH"), "HOME="+dir, "TMPDIR="+dir),
		chromedp.CombinedOutput(&chromeOut),
	)
	defer cancelAlloc() // waits for the browser to exit, before the directory goes
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()

	fileURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(htmlPath)}).String()
	// The first Do starts the browser and binds its life to tabCtx.
	if err := chromedp.Do(tabCtx, chromedp.Navigate(fileURL)); err != nil {
		return chromeErr("load the page", err, chromeOut.String())
	}
	pdf, err := chromedp.Run(tabCtx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFMargins(0.6, 0.6, 0.7, 0.6),
		chromedp.PDFPrintBackground(),
		chromedp.PDFHeaderTemplate(`<span></span>`),
		chromedp.PDFFooterTemplate(`<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`),
	))
	if err != nil {
		return chromeErr("print to PDF", err, chromeOut.String())
	}
	_, err = w.Write(pdf)
	return err
}

// chromeErr adds the end of the browser's output, which usually says why
// it failed to start.
func chromeErr(step string, err error, out string) error {
	out = strings.TrimSpace(out)
	if len(out) > 500 {
		out = "…" + out[len(out)-500:]
	}
	if out == "" {
		return fmt.Errorf("chromium: %s: %w", step, err)
	}
	return fmt.Errorf("chromium: %s: %w (browser output: %s)", step, err, out)
}

// lockedBuffer collects the browser's output, which a goroutine of the
// allocator writes while an error may be reading it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
