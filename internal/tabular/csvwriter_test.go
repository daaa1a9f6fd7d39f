package tabular

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestSafeCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"张三", "张三"},
		{"=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"-2+3", "'-2+3"},
		{"-cmd", "'-cmd"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-5", "-5"}, // a figure stays a number
		{"-0.25", "-0.25"},
		{"-1e5", "'-1e5"}, // not a plain decimal
		{"42", "42"},
		{"a=b", "a=b"},
	} {
		if got := SafeCell(tc.in); got != tc.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCSVWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	must(t, w.Write([]string{"名称", "人数"}))
	must(t, w.Write([]string{"=1+1", "-3"}))
	must(t, w.Flush())
	if !bytes.HasPrefix(buf.Bytes(), utf8BOM) {
		t.Fatal("no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes()[len(utf8BOM):])).ReadAll()
	must(t, err)
	if rows[1][0] != "'=1+1" || rows[1][1] != "-3" {
		t.Errorf("rows %q", rows)
	}
}

// A cell SafeCell neutralised reads back as it was written, so an export
// imports back unchanged; a quote the writer did not add stays.
func TestCSVSafeCellsReadBack(t *testing.T) {
	values := []string{"张三", "=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "@SUM(A1:A2)",
		"-2+3", "-cmd", "-5", "-0.25", "-1e5", "'abc", "'-5", "''=1", "a=b"}
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	must(t, w.Write([]string{"值"}))
	for _, v := range values {
		must(t, w.Write([]string{v}))
	}
	must(t, w.Flush())
	_, rows := readAll(t, writeTemp(t, "safe.csv", buf.Bytes()))
	if len(rows) != len(values)+1 {
		t.Fatalf("%d rows, want %d", len(rows), len(values)+1)
	}
	for i, v := range values {
		if got := rows[i+1].Cells[0]; got != v {
			t.Errorf("row %d reads %q, want %q", i+1, got, v)
		}
	}
}
