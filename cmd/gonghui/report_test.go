package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonghui/internal/report"
	"gonghui/internal/tabular"
)

func TestCLIReport(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	out, _, err := runCLI("", "report", "--db", db, "--year", "2017", "--format", "json")
	if err != nil {
		t.Fatalf("report json: %v", err)
	}
	var r struct {
		Org     string `json:"org"`
		Year    int    `json:"year"`
		Date    string `json:"date"`
		Figures map[string]struct {
			Value float64 `json:"value"`
			Text  string  `json:"text"`
		} `json:"figures"`
		Sentences []struct {
			Text string `json:"text"`
		} `json:"sentences"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
	if r.Org != "BJ" || r.Year != 2017 || r.Date != "2017-12-31" || r.Figures["orgs_total"].Value != 0 || r.Figures["orgs_total"].Text != "0" ||
		len(r.Sentences) == 0 || !strings.HasPrefix(r.Sentences[0].Text, "截至2017年底，全市已建工会组织0个") { // registered today, with no founding date
		t.Errorf("report: %+v", r)
	}

	out, _, err = runCLI("", "report", "--db", db, "--year", "2017", "--org", "BJ05", "--date", "2017-09-30")
	if err != nil || !strings.Contains(out, "<h1>2017年工作报告数据 · 朝阳区总工会（BJ05）</h1>") || !strings.Contains(out, "截至2017年9月30日，朝阳区总工会已建工会组织0个") {
		t.Errorf("report html: %q %v", out, err)
	}

	tmpl := filepath.Join(dir, "own.tmpl")
	if err := os.WriteFile(tmpl, []byte(`{{.Year}}年共有工会{{count "orgs_total"}}个。`), 0o600); err != nil {
		t.Fatal(err)
	}
	xlsx := filepath.Join(dir, "report.xlsx")
	out, _, err = runCLI("", "report", "--db", db, "--year", "2017", "--format", "xlsx", "--template", tmpl, "--out", xlsx)
	if err != nil || !strings.Contains(out, "report written to") {
		t.Fatalf("report xlsx: %q %v", out, err)
	}
	rd, err := tabular.Open(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	rows := 0
	for {
		if _, err := rd.Next(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		rows++
	}
	if rows < 2 {
		t.Errorf("workbook has %d rows", rows)
	}
	out, _, err = runCLI("", "report", "--db", db, "--year", "2017", "--format", "json", "--template", tmpl)
	if err != nil || !strings.Contains(out, "2017年共有工会0个。") {
		t.Errorf("own template: %q %v", out, err)
	}

	pdf := filepath.Join(dir, "report.pdf")
	if report.FindChromium() == "" {
		msg := "no Chromium found on PATH: PDF case not run"
		if os.Getenv("CI") == "true" {
			t.Error(msg + "; CI=true requires it to run")
		} else {
			t.Log(msg)
		}
	} else {
		out, _, err = runCLI("", "report", "--db", db, "--year", "2017", "--org", "BJ05", "--format", "pdf", "--out", pdf)
		if err != nil || !strings.Contains(out, "report written to") {
			t.Fatalf("report pdf: %q %v", out, err)
		}
		b, err := os.ReadFile(pdf)
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || len(b) <= 1024 {
			t.Errorf("pdf: %d bytes, %v", len(b), err)
		}
	}

	bad := filepath.Join(dir, "bad.tmpl")
	if err := os.WriteFile(bad, []byte(`{{count "nope"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--format", "docx"}, "--format"},
		{[]string{"--format", "pdf"}, "--out"},
		{[]string{"--year", "twenty"}, "--year"},
		{[]string{"--year", ""}, "--year"},
		{[]string{"--date", "2017/12/31"}, "--date"},
		{[]string{"--format", "xlsx"}, "--out"},
		{[]string{"--org", "NOPE"}, "--org"},
		{[]string{"--template", filepath.Join(dir, "missing.tmpl")}, "--template"},
		{[]string{"--template", bad}, `"nope"`},
	}
	for _, tc := range tests {
		args := append([]string{"report", "--db", db, "--year", "2017"}, tc.args...)
		if _, _, err := runCLI("", args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want it to mention %q", tc.args, err, tc.want)
		}
	}
}
