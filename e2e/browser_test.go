// Package e2e drives the real gonghui server with a headless Chromium.
//
// Each test builds cmd/gonghui, starts it on a fresh SQLite database in a
// temporary directory and walks through the web UI the way a person would.
// TestBrowserFoundation logs in, creates unions, registers a unit, sees the
// field errors of bad input, and logs out. TestBrowserMemberImport uploads a
// CSV file of members with good and bad rows, follows the import to its end,
// downloads the error report and finds an imported member, masked.
// TestBrowserDashboard waits for the statistics page's charts, clicks a
// bar and a district of the map through to the next level.
// TestBrowserWorkerHomes registers a worker home, its host union picked by
// name; TestBrowserUnitPicker picks a contract's units. flows_test.go:
// a transfer accepted from the inbox, a refused form keeping the typed ID,
// a viewer offered no edit controls, the audit log read in Chinese.
// TestBrowserBatchIssueCards issues cards to members picked from a filtered
// list. TestBrowserPhone looks at the main pages at a phone's width.
//
// Chromium is looked up on PATH as chromium, chromium-browser or
// google-chrome. Without it the tests are skipped, except when CI=true, where a
// missing browser is a failure. Set GONGHUI_E2E_SHOTS to a directory to keep
// the screenshots (unit.png, import.png, dashboard.png, workerhome.png,
// audit.png, phone-*.png …).
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gonghui/uscc"
)

const (
	adminPassword = "e2e-admin-password"

	// buildTimeout bounds "go build"; a cold build compiles SQLite with cgo.
	buildTimeout = 3 * time.Minute
	// startTimeout bounds the wait for the server's "serving on" line.
	startTimeout = 20 * time.Second
	// flowTimeout bounds the whole browser session.
	flowTimeout = 60 * time.Second
	// stepTimeout bounds one step of the flow, so that a stuck step reports
	// itself instead of eating the whole budget.
	stepTimeout = 15 * time.Second
)

// chromiumNames are the executable names tried on PATH, in order.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome"}

func findChromium() string {
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// requireChromium returns the browser path, or skips the test (fails it when
// CI=true, so that CI never passes by skipping).
func requireChromium(t *testing.T) string {
	t.Helper()
	p := findChromium()
	if p == "" {
		msg := fmt.Sprintf("no Chromium found on PATH (tried %s)", strings.Join(chromiumNames, ", "))
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; CI=true requires the browser test to run")
		}
		t.Skip(msg)
	}
	return p
}

// moduleRoot is the parent of the folder that holds this file.
func moduleRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	var dir string
	if ok && filepath.IsAbs(file) {
		dir = filepath.Dir(filepath.Dir(file))
	} else {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Dir(wd)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("module root %s: %v", dir, err)
	}
	return dir
}

// buildServer compiles cmd/gonghui into dir and returns the binary's path.
func buildServer(t *testing.T, dir string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go tool not found on PATH: %v", err)
	}
	bin := filepath.Join(dir, "gonghui")
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", bin, "gonghui/cmd/gonghui")
	cmd.Dir = moduleRoot(t)
	statSources(t, cmd.Dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build gonghui/cmd/gonghui: %v\n%s", err, out)
	}
	return bin
}

// statSources looks at every source file of the module. The go command
// caches a passing test's result keyed by the files the test itself
// touched; the server's sources are read by the go build child process,
// which the cache does not see, so without this a change to the server
// could leave a stale pass in the cache.
func statSources(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		switch filepath.Ext(path) {
		case ".go", ".html", ".js", ".css", ".sql", ".json", ".csv", ".tmpl", ".mod", ".sum":
			_, err = os.Stat(path)
		}
		return err
	})
	if err != nil {
		t.Fatalf("look at the sources: %v", err)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer goroutine and a reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// servingRE matches the line the server prints once it listens.
var servingRE = regexp.MustCompile(`serving on (http://[^\s]+)`)

// urlWatcher collects the server's stdout and reports the base URL once the
// "serving on" line is complete.
type urlWatcher struct {
	syncBuffer
	once sync.Once
	url  chan string
}

func (w *urlWatcher) Write(p []byte) (int, error) {
	n, err := w.syncBuffer.Write(p)
	for _, line := range strings.SplitAfter(w.String(), "\n") {
		if !strings.HasSuffix(line, "\n") {
			break // incomplete line: wait for the rest
		}
		if m := servingRE.FindStringSubmatch(line); m != nil {
			w.once.Do(func() { w.url <- m[1] })
			break
		}
	}
	return n, err
}

// startServer runs "gonghui serve" on a fresh database and returns its base
// URL. The process is interrupted (then killed) at cleanup; its output is
// logged when the test failed.
func startServer(t *testing.T, bin, dir string) string {
	t.Helper()
	stdout := &urlWatcher{url: make(chan string, 1)}
	stderr := &syncBuffer{}
	cmd := exec.Command(bin, "serve",
		"--db", "sqlite:"+filepath.Join(dir, "e2e.db"),
		"--addr", "127.0.0.1:0",
		"--admin-password-stdin")
	cmd.Stdin = strings.NewReader(adminPassword + "\n")
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start server: %v", err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		interrupted := cmd.Process.Signal(os.Interrupt) == nil
		select {
		case <-exited:
			if interrupted && waitErr != nil {
				t.Errorf("server did not shut down cleanly on interrupt: %v", waitErr)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("server still running 10s after interrupt; killing it")
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("server stdout:\n%s", stdout.String())
			t.Logf("server stderr (JSON logs):\n%s", stderr.String())
		}
	})

	select {
	case u := <-stdout.url:
		return u
	case <-exited:
		t.Fatalf("server exited before serving: %v", waitErr)
	case <-time.After(startTimeout):
		t.Fatalf("server printed no \"serving on\" line within %s", startTimeout)
	}
	return ""
}

// validUSCC returns body followed by its check character.
func validUSCC(t *testing.T, body string) string {
	t.Helper()
	c, ok := uscc.Checksum(body)
	if !ok {
		t.Fatalf("uscc.Checksum(%q): invalid body", body)
	}
	return body + string(c)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// browser runs the steps of one test in one tab.
type browser struct {
	t       *testing.T
	ctx     context.Context
	console *syncBuffer
}

// do runs actions as one step and fails the test on error.
func (b *browser) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fail(step, err)
	}
}

// eval evaluates a JavaScript expression that yields a string.
func (b *browser) eval(step, expr string) string {
	b.t.Helper()
	return evalAs[string](b, step, expr)
}

// evalAs evaluates a JavaScript expression and decodes its JSON value into T.
func evalAs[T any](b *browser, step, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.fail(step, err)
	}
	return v
}

// waitFor polls a JavaScript predicate until it is true. The polling runs
// from Go, so it survives full page loads as well as htmx swaps.
func (b *browser) waitFor(step, predicate string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	expr := "!!(" + predicate + ")"
	var lastErr error
	for {
		ectx, ecancel := context.WithTimeout(ctx, 2*time.Second)
		ok, err := chromedp.Run(ectx, chromedp.Evaluate[bool](expr))
		ecancel()
		if err == nil && ok {
			return
		}
		if err != nil {
			lastErr = err
		}
		select {
		case <-ctx.Done():
			if lastErr == nil {
				lastErr = fmt.Errorf("still false: %s", predicate)
			}
			b.fail(step, fmt.Errorf("%w (%v)", ctx.Err(), lastErr))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// htmxProbe marks the current document and counts finished htmx swaps.
// hx-boost keeps one document for the whole session, so the mark tells that no
// full page load happened, and the count tells when htmx has finished a swap:
// htmx processes the new content (binds its boosted links and forms) before it
// fires htmx:afterSettle, and a click before that would bypass htmx.
const htmxProbe = `(() => {
	if (window.__e2eDoc !== "boosted") {
		window.__e2eDoc = "boosted";
		window.__e2eSettles = 0;
		document.addEventListener("htmx:afterSettle", () => { window.__e2eSettles++; });
	}
	return String(window.__e2eSettles);
})()`

// watchHTMX waits until htmx has processed the current (fully loaded)
// document and installs htmxProbe in it.
func (b *browser) watchHTMX() {
	b.t.Helper()
	b.waitFor("htmx ready", `document.readyState === "complete" && typeof htmx === "object" && document.body.getAttribute("hx-boost") === "true"`)
	b.eval("install the htmx probe", htmxProbe)
}

// htmxStep runs actions that make htmx swap the page, then waits until a
// swap has settled in the same document and predicate holds.
func (b *browser) htmxStep(step, predicate string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	before := b.eval(step+": read the htmx probe",
		`window.__e2eDoc === "boosted" ? String(window.__e2eSettles) : ""`)
	if before == "" {
		b.fail(step, fmt.Errorf("the htmx probe is gone: a full page load replaced the document"))
	}
	b.do(step, actions...)
	b.waitFor(step, `window.__e2eDoc === "boosted" && window.__e2eSettles > `+before+` && (`+predicate+`)`)
}

// fail reports a failed step with where the browser is and what it shows.
func (b *browser) fail(step string, err error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 3*time.Second)
	defer cancel()
	state := "(page state unavailable)"
	if s, e := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href +
		(window.__e2eDoc === "boosted" ? " (same document, htmx swaps: " + window.__e2eSettles + ")" : " (no htmx probe: fresh document)") +
		"\n" + (document.querySelector("main") || document.body || document.documentElement).innerText.slice(0, 2000)`)); e == nil {
		state = s
	}
	b.t.Fatalf("%s: %v\npage: %s\nbrowser console:\n%s", step, err, state, b.console.String())
}

// h1Is is a predicate: the page's main heading starts with text.
func h1Is(text string) string {
	return `(() => { const h = document.querySelector("main h1"); return !!h && !!h.firstChild && h.firstChild.textContent.trim() === ` + jsString(text) + `; })()`
}

// present is a predicate: selector matches an element.
func present(selector string) string {
	return `!!document.querySelector(` + jsString(selector) + `)`
}

// value is an expression: the value of the element selector matches.
func value(selector string) string {
	return `(document.querySelector(` + jsString(selector) + `) || {value: ""}).value`
}

// fieldErrorShown is a predicate: span#err-FIELD follows the named input, is
// visible and has text, and the input is marked invalid and points to it.
func fieldErrorShown(formSel, field string) string {
	return `(() => {
		const input = document.querySelector(` + jsString(formSel+` [name="`+field+`"]`) + `);
		const err = document.getElementById(` + jsString("err-"+field) + `);
		if (!input || !err) return false;
		const r = err.getBoundingClientRect();
		return input.nextElementSibling === err &&
			err.matches("span.field-error") &&
			err.textContent.trim() !== "" &&
			r.width > 0 && r.height > 0 &&
			getComputedStyle(err).visibility !== "hidden" &&
			input.getAttribute("aria-invalid") === "true" &&
			input.getAttribute("aria-describedby") === ` + jsString("err-"+field) + `;
	})()`
}

const (
	// orgForm is the selector of the new-union form.
	orgForm = `main form[action="/orgs/new"]`
	// unitForm is the selector of the unit registration form.
	unitForm = `main form[action="/units/new"]`
	// newChildLink is the "新建下级工会" link of a union page.
	newChildLink = `main a[href^="/orgs/new?parent="]`
	// orgCode is the union code beside the name in a union page's heading.
	orgCode = `(document.querySelector("main h1 small.code") || {textContent: ""}).textContent.trim()`
)

// openNewChildForm clicks "新建下级工会" on the current union page.
func (b *browser) openNewChildForm(parentPath string) {
	b.t.Helper()
	b.htmxStep("open the new-union form",
		present(orgForm+` input[name="name"]`)+` && location.pathname === "/orgs/new"`,
		chromedp.Click(chromedp.CSS(newChildLink)))
	if got := "/orgs/" + b.eval("parent of the new union", value(orgForm+` input[name="parent_id"]`)); got != parentPath {
		b.t.Errorf("new-union form has parent %s, want %s", got, parentPath)
	}
}

// submitNewOrg fills the open new-union form, submits it, waits for the new
// union's page and returns its path and code. An empty wantCode leaves the
// code field empty, so that the server assigns one; otherwise the code is
// typed in and the union must get it.
func (b *browser) submitNewOrg(name, kind, wantCode, region string) (path, code string) {
	b.t.Helper()
	fill := []chromedp.Action[chromedp.Void]{
		chromedp.Clear(chromedp.CSS(orgForm + ` input[name="name"]`)),
		chromedp.SendKeys(chromedp.CSS(orgForm+` input[name="name"]`), name),
		chromedp.SetValue(chromedp.CSS(orgForm+` select[name="kind"]`), kind),
		chromedp.Clear(chromedp.CSS(orgForm + ` input[name="code"]`)),
	}
	if wantCode != "" {
		fill = append(fill, chromedp.SendKeys(chromedp.CSS(orgForm+` input[name="code"]`), wantCode))
	}
	fill = append(fill,
		chromedp.Clear(chromedp.CSS(orgForm+` input[name="region_code"]`)),
		chromedp.SendKeys(chromedp.CSS(orgForm+` input[name="region_code"]`), region),
		chromedp.Click(chromedp.CSS(orgForm+` button[type="submit"]`)),
	)
	b.htmxStep("create the union "+name,
		h1Is(name)+` && /^\/orgs\/\d+$/.test(location.pathname)`,
		fill...)
	path = b.eval("path of "+name, `location.pathname`)
	code = b.eval("code of "+name, orgCode)
	switch {
	case code == "":
		b.fail("code of "+name, fmt.Errorf("no code beside the name"))
	case wantCode != "" && code != wantCode:
		b.fail("code of "+name, fmt.Errorf("got %q, want %q", code, wantCode))
	}
	return path, code
}

// startApp builds the server into a temporary directory, starts it there on
// a fresh database and returns its base URL.
func startApp(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	bin := buildServer(t, dir)
	base := startServer(t, bin, dir)
	t.Logf("server at %s", base)
	return base
}

// newBrowser starts a headless Chromium with one tab for the test. The
// browser is closed, and its profile removed, at cleanup; the whole session
// is bounded by flowTimeout.
func newBrowser(t *testing.T, chromePath string) *browser {
	t.Helper()
	// The profile directory is created before the browser's cleanups are
	// registered, so it is removed only after the browser has exited.
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), flowTimeout)
	t.Cleanup(cancel)
	chromeOut := &syncBuffer{}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromePath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Containers often have a tiny /dev/shm.
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.Env("TMPDIR="+profile), // its scratch directories go with the profile
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(chromeOut),
	)
	t.Cleanup(cancelAlloc) // waits for the browser process to exit
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("chromium output:\n%s", chromeOut.String())
		}
	})

	// The first Do starts Chromium and opens the tab. It binds the browser's
	// life to the context it gets, so it runs on tabCtx itself and not on a
	// step context with a shorter timeout.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	b := &browser{t: t, ctx: tabCtx, console: &syncBuffer{}}
	go func() {
		for m, err := range chromedp.Console(tabCtx) {
			if err != nil {
				return
			}
			fmt.Fprintln(b.console, m.String())
		}
	}()
	return b
}

// loginAdmin logs in as the first administrator, waits for the root union
// page (北京市总工会, code BJ) and installs the htmx probe: from there on
// every step goes through htmx in this one document.
func (b *browser) loginAdmin(base string) {
	b.t.Helper()
	// The login form is not boosted: it is a full page load.
	b.do("open the login page",
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`main form input[name="username"]`)),
	)
	b.do("log in",
		chromedp.SendKeys(chromedp.CSS(`main form input[name="username"]`), "admin"),
		chromedp.SendKeys(chromedp.CSS(`main form input[name="password"]`), adminPassword),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
	)
	b.waitFor("the to-do inbox after login",
		`location.pathname === "/" && `+present(`#inbox`)+` && `+present(`form[action="/logout"] button`))
	b.do("open my union from the inbox", chromedp.Click(chromedp.CSS(`#inbox a[href^="/orgs/"]`)))
	b.waitFor("root union page",
		h1Is("北京市总工会")+` && /^\/orgs\/\d+$/.test(location.pathname)`)
	if code := b.eval("root code", orgCode); code != "BJ" {
		b.t.Errorf("root union code = %q, want BJ", code)
	}
	b.watchHTMX()
}

// openChildOrg opens the union called name from the children table of the
// current union page, checks its code and returns its path.
func (b *browser) openChildOrg(name, wantCode string) string {
	b.t.Helper()
	step := "find " + name + " in the children table"
	path := b.eval(step,
		`(Array.from(document.querySelectorAll("main table a[href^='/orgs/']")).find(a => a.textContent.trim() === `+jsString(name)+`) || {getAttribute: () => ""}).getAttribute("href")`)
	if path == "" {
		b.fail(step, fmt.Errorf("no link"))
	}
	b.htmxStep("open "+name,
		h1Is(name)+` && location.pathname === `+jsString(path),
		chromedp.Click(chromedp.CSS(`main table a[href=`+jsString(path)+`]`)))
	if code := b.eval("code of "+name, orgCode); code != wantCode {
		b.t.Errorf("%s code = %q, want %q", name, code, wantCode)
	}
	return path
}

// saveScreenshot saves a full-page screenshot as name in GONGHUI_E2E_SHOTS,
// or in a temporary directory when that is not set, and returns its path.
func (b *browser) saveScreenshot(name string) string {
	b.t.Helper()
	sctx, scancel := context.WithTimeout(b.ctx, stepTimeout)
	shot, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	scancel()
	if err != nil {
		b.fail("screenshot "+name, err)
	}
	shotDir := os.Getenv("GONGHUI_E2E_SHOTS")
	if shotDir == "" {
		shotDir = b.t.TempDir()
	} else if err := os.MkdirAll(shotDir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	shotPath := filepath.Join(shotDir, name)
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s (%d bytes)", shotPath, len(shot))
	return shotPath
}

func TestBrowserFoundation(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)

	b.loginAdmin(base)
	districtPath := b.openChildOrg("朝阳区总工会", "BJ05")

	// An empty name is refused with an error beside the field.
	b.openNewChildForm(districtPath)
	b.htmxStep("submit the new-union form with no name (the 422 form must be swapped in)",
		fieldErrorShown(orgForm, "name"),
		chromedp.Clear(chromedp.CSS(orgForm+` input[name="name"]`)),
		chromedp.Click(chromedp.CSS(orgForm+` button[type="submit"]`)),
	)
	b.do("see the name error", chromedp.WaitVisible(chromedp.ID("err-name")))
	t.Logf("empty name refused: %s", b.eval("name error text", `document.getElementById("err-name").textContent.trim()`))

	// Fill it in properly: a street federation under 朝阳区总工会.
	const streetName = "浏览器测试街道总工会"
	streetPath, streetCode := b.submitNewOrg(streetName, "street_federation", "", "110105001")
	t.Logf("%s: %s, code %s", streetName, streetPath, streetCode)

	// A grassroots union under the street federation.
	const companyUnion = "浏览器测试公司工会"
	b.openNewChildForm(streetPath)
	grassPath, grassCode := b.submitNewOrg(companyUnion, "grassroots", "", "110105001")
	t.Logf("%s: %s, code %s", companyUnion, grassPath, grassCode)
	if got := b.eval("no new-child link on a grassroots union", `String(`+present(newChildLink)+`)`); got != "false" {
		t.Errorf("a grassroots union offers %s", newChildLink)
	}

	// Register a unit covered by the grassroots union: a bad USCC first.
	const unitName = "浏览器测试科技有限公司"
	b.htmxStep("open the unit form",
		present(unitForm+` input[name="uscc"]`)+` && location.pathname === "/units/new"`,
		chromedp.Click(chromedp.CSS(`main a[href^="/units/new?org_code="]`)))
	if got := b.eval("prefilled union code", value(unitForm+` input[name="org_code"]`)); got != grassCode {
		t.Errorf("unit form org_code = %q, want %q", got, grassCode)
	}
	b.htmxStep("submit a bad USCC (the 422 form must be swapped in)",
		fieldErrorShown(unitForm, "uscc"),
		chromedp.SendKeys(chromedp.CSS(unitForm+` input[name="uscc"]`), "123"),
		chromedp.SendKeys(chromedp.CSS(unitForm+` input[name="name"]`), unitName),
		chromedp.Click(chromedp.CSS(unitForm+` button[type="submit"]`)),
	)
	b.do("see the USCC error", chromedp.WaitVisible(chromedp.ID("err-uscc")))
	t.Logf("bad USCC refused: %s", b.eval("USCC error text", `document.getElementById("err-uscc").textContent.trim()`))
	if got := b.eval("name kept after the error", value(unitForm+` input[name="name"]`)); got != unitName {
		t.Errorf("unit name after the error = %q, want it kept as %q", got, unitName)
	}

	// Then a valid one.
	code := validUSCC(t, "91110105"+"MA00E2E01")
	b.htmxStep("register the unit with USCC "+code,
		h1Is(unitName)+` && /^\/units\/\d+$/.test(location.pathname)`,
		chromedp.Clear(chromedp.CSS(unitForm+` input[name="uscc"]`)),
		chromedp.SendKeys(chromedp.CSS(unitForm+` input[name="uscc"]`), code),
		chromedp.Click(chromedp.CSS(unitForm+` button[type="submit"]`)),
	)
	b.waitFor("the unit page shows the USCC "+code,
		`Array.from(document.querySelectorAll("main dd")).some(d => d.textContent.trim() === `+jsString(code)+`)`)
	b.waitFor("the unit page links its union "+companyUnion,
		`Array.from(document.querySelectorAll("main dd a")).some(a => a.getAttribute("href") === `+jsString(grassPath)+` && a.textContent.trim() === `+jsString(companyUnion)+`)`)

	b.saveScreenshot("unit.png")

	// Log out: the login form comes back, and the session is gone.
	b.htmxStep("log out",
		`location.pathname === "/login" && `+present(`main form input[name="password"]`)+` && !`+present(`form[action="/logout"]`),
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	b.do("open / after logout", chromedp.Navigate(base+"/"))
	b.waitFor("login form for / after logout",
		`location.pathname === "/login" && `+present(`main form input[name="password"]`))
}
