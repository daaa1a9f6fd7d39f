package httpserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/report"
	"gonghui/internal/tabular"
)

func TestReportPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		today := gonghui.Today()
		year, _, _ := today.Parts()
		q := url.Values{"year": {strconv.Itoa(year)}, "date": {today.String()}}.Encode()
		stats, err := e.st.ComputeStats(ctx, gonghui.SystemActor("test"), e.chaoyang.ID, today)
		if err != nil {
			t.Fatal(err)
		}
		orgs := report.FormatCount(stats.Indicators["orgs_total"])

		// A cadre's report is of their own district by default.
		c := e.login("cy-cadre")
		code, page := e.do(c, "GET", "/report?"+q, "")
		if code != http.StatusOK {
			t.Fatalf("report page: %d", code)
		}
		for _, want := range []string{
			e.chaoyang.Name + "已建工会组织" + orgs + "个",
			`<tr data-indicator="orgs_total">`,
			`name="org" value="BJ05"`,
			`href="/report.json?date=` + today.String() + `&amp;org=BJ05&amp;year=` + strconv.Itoa(year) + `"`,
			`href="/report.xlsx?`,
			`<a href="/report" aria-current="page">`, // the navigation marks the module
		} {
			if !strings.Contains(page, want) {
				t.Errorf("report page lacks %s", want)
			}
		}

		code, body := e.do(c, "GET", "/report.json?org=BJ05&"+q, "")
		var r report.Report
		if code != http.StatusOK || json.Unmarshal([]byte(body), &r) != nil || r.Org != "BJ05" || r.Year != year ||
			r.Figures["orgs_total"].Value != stats.Indicators["orgs_total"] {
			t.Errorf("report.json: %d %.200s", code, body)
		}

		res := get(t, c, e.srv.URL+"/report.xlsx?org="+id(e.chaoyang.ID)+"&"+q)
		if res.code != http.StatusOK || !strings.HasPrefix(res.disposition, "attachment;") || !strings.HasSuffix(res.disposition, `.xlsx"`) {
			t.Errorf("report.xlsx: %d %q", res.code, res.disposition)
		} else {
			f := t.TempDir() + "/r.xlsx"
			os.WriteFile(f, res.body, 0o600)
			rd, err := tabular.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			if row, err := rd.Next(); err != nil || len(row.Cells) == 0 || row.Cells[0] != report.XLSXHeader[0] {
				t.Errorf("workbook's first row: %v %v", row, err)
			}
			rd.Close()
		}

		res = get(t, c, e.srv.URL+"/report.html?"+q)
		if res.code != http.StatusOK || !strings.Contains(string(res.body), e.chaoyang.Name+"已建工会组织"+orgs+"个") {
			t.Errorf("report.html: %d", res.code)
		}

		if report.FindChromium() != "" {
			res = get(t, c, e.srv.URL+"/report.pdf?"+q)
			if res.code != http.StatusOK || !bytes.HasPrefix(res.body, []byte("%PDF-")) || len(res.body) <= 1024 {
				t.Errorf("report.pdf: %d, %d bytes", res.code, len(res.body))
			}
		} else if os.Getenv("CI") == "true" {
			t.Error("no Chromium found on PATH; CI=true requires the PDF download to be tested")
		}

		// Another district's union, a malformed year or date: not found.
		hd := e.login("hd-cadre")
		for _, path := range []string{"/report?org=BJ05", "/report.json?org=BJ05", "/report?org=" + id(e.chaoyang.ID),
			"/report?year=twenty", "/report?year=1800", "/report.json?year=99999", "/report?date=2017-13-01"} {
			if code, _ := e.do(hd, "GET", path, ""); code != http.StatusNotFound {
				t.Errorf("haidian %s: %d, want 404", path, code)
			}
		}
		if code, page := e.do(hd, "GET", "/report?year=2017", ""); code != http.StatusOK || !strings.Contains(page, e.haidian.Name) {
			t.Errorf("haidian's own report: %d", code)
		}
		// Without a session the downloads are not served.
		if code, _ := e.do(e.client(), "GET", "/report.json", ""); code == http.StatusOK {
			t.Error("report.json served without a session")
		}
	})
}

func TestReportPDFWithoutChromium(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		t.Setenv("PATH", t.TempDir())
		c := e.login("cy-cadre")
		code, body := e.do(c, "GET", "/report.pdf?year=2017", "")
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "Chromium") || !strings.Contains(body, "chromium") || !strings.Contains(body, "需要") {
			t.Errorf("pdf without chromium: %d %q", code, body)
		}
		if _, page := e.do(c, "GET", "/report?year=2017", ""); strings.Contains(page, "/report.pdf") {
			t.Error("the page offers a PDF the server cannot make")
		}
	})
}

type download struct {
	code        int
	disposition string
	body        []byte
}

func get(t *testing.T, c *http.Client, u string) download {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(res.Body)
	return download{res.StatusCode, res.Header.Get("Content-Disposition"), buf.Bytes()}
}
