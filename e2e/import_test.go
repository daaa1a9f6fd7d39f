package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"gonghui/idcard"
	"gonghui/internal/httpserver"
	"gonghui/internal/tabular"
)

// validID returns a synthetic citizen ID number: body (17 digits) followed
// by its check character.
func validID(t *testing.T, body string) string {
	t.Helper()
	c := idcard.Checksum(body)
	if c == 0 {
		t.Fatalf("idcard.Checksum(%q): invalid body", body)
	}
	return body + string(c)
}

// writeFile writes content to name in a new temporary directory and returns
// the file's path.
func writeFile(t *testing.T, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// download fetches href (relative to the current page) with the browser's
// session, outside the browser, and returns the response's content type and
// body. The session cookie is set on the request by hand: it may be marked
// Secure, and Go's cookie jar would not send it over plain HTTP.
func (b *browser) download(step, href string) (contentType string, body []byte) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	page, err := url.Parse(b.eval(step+": page URL", `location.href`))
	if err != nil {
		b.fail(step, err)
	}
	target, err := page.Parse(href)
	if err != nil {
		b.fail(step, err)
	}
	origin := target.Scheme + "://" + target.Host
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{origin + "/"}})
	if err != nil {
		b.fail(step+": read the browser's cookies", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	if err != nil {
		b.fail(step, err)
	}
	found := false
	for _, c := range res.Cookies {
		if c.Name == httpserver.SessionCookie {
			req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
			found = true
		}
	}
	if !found {
		b.fail(step, fmt.Errorf("the browser has no %s cookie for %s", httpserver.SessionCookie, origin))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.fail(step, err)
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	if err != nil {
		b.fail(step, err)
	}
	if resp.StatusCode != http.StatusOK {
		b.fail(step, fmt.Errorf("GET %s: %s\n%.500s", target, resp.Status, body))
	}
	return resp.Header.Get("Content-Type"), body
}

// readSheet reads all rows of a CSV or XLSX file with the importer's reader.
func readSheet(t *testing.T, path string) []tabular.Row {
	t.Helper()
	r, err := tabular.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer r.Close()
	var rows []tabular.Row
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		rows = append(rows, row)
	}
}

// cellAt returns cells[i], or "" when the row is shorter (trailing empty
// cells are dropped).
func cellAt(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}

func TestBrowserMemberImport(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)

	b.loginAdmin(base)
	districtPath := b.openChildOrg("朝阳区总工会", "BJ05")

	// The grassroots union the file imports into, with a code of our own.
	const unionName, unionCode = "导入测试工会", "IMP-1"
	b.openNewChildForm(districtPath)
	unionPath, _ := b.submitNewOrg(unionName, "grassroots", unionCode, "110105")
	t.Logf("%s: %s, code %s", unionName, unionPath, unionCode)

	// The file: two good members, an ID number Excel has turned into a
	// number (line 4) and a row with no name (line 5). All numbers are
	// synthetic.
	first := struct{ name, id string }{"导入测试甲", validID(t, "110105"+"19900101"+"011")}
	second := struct{ name, id string }{"导入测试乙", validID(t, "110105"+"19920315"+"022")}
	csv := strings.Join([]string{
		"姓名,公民身份号码,入会日期,所属工会",
		first.name + "," + first.id + ",2020-01-01," + unionCode,
		second.name + "," + second.id + ",2021-06-15," + unionCode,
		"导入测试丙,1.10105E+17,2020-01-01," + unionCode,
		"," + validID(t, "110105"+"19850607"+"033") + ",2020-01-01," + unionCode,
	}, "\r\n") + "\r\n"
	csvPath := writeFile(t, "members.csv", []byte(csv))

	// Members → Import (members is the default kind).
	b.htmxStep("open the member list",
		`location.pathname === "/members" && `+present(`main form.search input[name="q"]`),
		chromedp.Click(chromedp.CSS(`nav.side a[href="/members"]`)))
	const importForm = `main form[action="/imports"]`
	b.htmxStep("open the import form",
		h1Is("Import")+` && location.pathname === "/imports" && `+present(importForm+` input[type="file"][name="file"]`)+
			` && document.querySelector(`+jsString(importForm+` select[name="kind"]`)+`).value === "members"`,
		chromedp.Click(chromedp.CSS(`main a[href="/imports"]`)))

	// The upload is a plain multipart POST (the form is not boosted): the
	// browser loads the import's page.
	b.do("attach "+filepath.Base(csvPath),
		chromedp.SetUploadFiles(chromedp.CSS(importForm+` input[type="file"][name="file"]`), []string{csvPath}))
	if got := b.eval("attached file name", `(document.querySelector(`+jsString(importForm+` input[name="file"]`)+`).files[0] || {name: ""}).name`); got != "members.csv" {
		b.fail("attach the file", fmt.Errorf("file input holds %q", got))
	}
	b.do("start the import", chromedp.Click(chromedp.CSS(importForm+` button[type="submit"]`)))
	b.waitFor("the import's page",
		`/^\/imports\/\d+$/.test(location.pathname) && document.readyState === "complete" && `+present(`#import-status #import-state`))
	importPath := b.eval("path of the import", `location.pathname`)
	t.Logf("import page: %s", importPath)
	b.watchHTMX()

	// The status section reloads itself every second until the import ends.
	b.waitFor("the import ends",
		`["done", "failed"].includes((document.querySelector("#import-state") || {dataset: {}}).dataset.status)`)
	if st := b.eval("import status", `document.querySelector("#import-state").dataset.status`); st != "done" {
		b.fail("import status", fmt.Errorf("status %q, want done", st))
	}
	if polling := b.eval("polling stopped", `String(`+present(`#import-status[hx-trigger]`)+`)`); polling != "false" {
		t.Errorf("the finished import's status section still polls")
	}
	text := func(id string) string {
		return b.eval("text of #"+id, `(document.getElementById(`+jsString(id)+`) || {textContent: ""}).textContent.trim()`)
	}
	if got := text("count-inserted"); got != "2" {
		t.Errorf("inserted = %q, want 2", got)
	}
	if got := text("count-failed"); got != "2" {
		t.Errorf("failed = %q, want 2", got)
	}

	// The refused rows: line, column, reason.
	errRows := evalAs[[][]string](b, "read the errors table",
		`Array.from(document.querySelectorAll("#import-errors tbody tr")).map(tr => Array.from(tr.cells).map(td => td.textContent.trim()))`)
	t.Logf("errors table: %q", errRows)
	hasError := func(line, column, reason string) bool {
		return slices.ContainsFunc(errRows, func(r []string) bool {
			return len(r) == 3 && r[0] == line && r[1] == column && strings.Contains(r[2], reason)
		})
	}
	if !hasError("4", "公民身份号码", "Excel") {
		t.Errorf("errors table has no line 4, column 公民身份号码, reason mentioning Excel")
	}
	if !hasError("5", "姓名", "") {
		t.Errorf("errors table has no line 5, column 姓名")
	}
	if len(errRows) != 2 {
		t.Errorf("errors table has %d rows, want 2", len(errRows))
	}
	b.saveScreenshot("import.png")

	// The error report: the file's columns, then line, column and reasons.
	href := b.eval("error report link", `(document.querySelector("a#error-report") || {getAttribute: () => ""}).getAttribute("href")`)
	if want := importPath + "/errors.xlsx"; href != want {
		b.fail("error report link", fmt.Errorf("href %q, want %q", href, want))
	}
	ctype, report := b.download("download the error report", href)
	if !strings.Contains(ctype, "spreadsheetml") {
		t.Errorf("error report content type %q, want an XLSX type", ctype)
	}
	rows := readSheet(t, writeFile(t, "errors.xlsx", report))
	if len(rows) == 0 {
		t.Fatal("the error report is empty")
	}
	header := rows[0].Cells
	tail := []string{"行号 line", "错误列 column", "错误原因", "reason"}
	if len(header) < len(tail) || !slices.Equal(header[len(header)-len(tail):], tail) {
		t.Fatalf("error report header %q, want it to end with %q", header, tail)
	}
	lineCol := len(header) - len(tail)
	var lines []string
	for _, r := range rows[1:] {
		lines = append(lines, cellAt(r.Cells, lineCol))
	}
	if !slices.Equal(lines, []string{"4", "5"}) {
		t.Errorf("error report lines %q, want [4 5]\nrows: %v", lines, rows)
	}
	for _, r := range rows[1:] {
		want := map[string]string{"4": "公民身份号码", "5": "姓名"}[cellAt(r.Cells, lineCol)]
		if got := cellAt(r.Cells, lineCol+1); got != want {
			t.Errorf("error report line %s: column %q, want %q", cellAt(r.Cells, lineCol), got, want)
		}
	}

	// An imported member is found by name, in the union, with the ID masked.
	b.htmxStep("back to the member list",
		`location.pathname === "/members" && `+present(`main form.search input[name="q"]`),
		chromedp.Click(chromedp.CSS(`#import-status a[href="/members"]`)))
	b.htmxStep("search for "+first.name,
		`location.pathname === "/members" && new URLSearchParams(location.search).get("q") === `+jsString(first.name)+` && `+present(`main table tbody tr`),
		chromedp.SendKeys(chromedp.CSS(`main form.search input[name="q"]`), first.name),
		chromedp.Click(chromedp.CSS(`main form.search button[type="submit"]`)))
	found := evalAs[[][]string](b, "read the member list",
		`Array.from(document.querySelectorAll("main table tbody tr")).map(tr => Array.from(tr.querySelectorAll("td:not(.select)")).map(td => td.textContent.trim()))`)
	t.Logf("members found: %q", found)
	masked := idcard.Mask(first.id)
	if !strings.HasPrefix(masked, "110105********") {
		t.Fatalf("idcard.Mask(%q) = %q", first.id, masked)
	}
	if len(found) != 1 || len(found[0]) < 4 || found[0][0] != first.name || found[0][1] != masked || found[0][3] != unionName {
		t.Errorf("search for %s: rows %q, want one row with %s, %s and %s", first.name, found, first.name, masked, unionName)
	}
	html := b.eval("page source", `document.documentElement.outerHTML`)
	if strings.Contains(html, first.id) {
		t.Errorf("the member list shows the full ID number %s", first.id)
	}
	if !strings.Contains(html, "110105********") {
		t.Errorf("the member list shows no masked ID number")
	}
}
