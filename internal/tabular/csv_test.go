package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// memberCSV is a member list as a cadre might save it from Excel. Its
// physical lines, with the rows Excel would show:
//
//	1  header (a trailing empty column)
//	2  quoted cell with a comma
//	3  blank line                       -> row 3, skipped
//	4  quoted cell with a line break    -> row 4 (lines 4-5)
//	6  only separators                  -> row 5, skipped
//	7  ideographic and ASCII spaces, doubled quotes
//	8  bare quotes inside a cell (lax quoting)
//	9  fewer fields
//	10 more fields
var memberCSV = []string{
	"姓名,公民身份号码,入会日期,备注,",
	"张三,A0001,2017-03-01,\"北京市, 朝阳区\",",
	"",
	"李四,A0002,2017/3/1,\"第一行\r\n第二行\",",
	",,,,",
	"  王小明\u3000, A0003 ,20170301,\"说\"\"引号\"\"\",",
	"赵六,A0004,42795,他说 \"好\" 了,",
	"钱七",
	"孙八,A0006,2017年3月1日,备注,额外",
}

var memberRows = []Row{
	{1, []string{"姓名", "公民身份号码", "入会日期", "备注"}},
	{2, []string{"张三", "A0001", "2017-03-01", "北京市, 朝阳区"}},
	{4, []string{"李四", "A0002", "2017/3/1", "第一行\n第二行"}},
	{6, []string{"王小明", "A0003", "20170301", "说\"引号\""}},
	{7, []string{"赵六", "A0004", "42795", "他说 \"好\" 了"}},
	{8, []string{"钱七"}},
	{9, []string{"孙八", "A0006", "2017年3月1日", "备注", "额外"}},
}

func gb18030(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCSVEncodingsAndLineEnds(t *testing.T) {
	for _, eol := range []struct{ name, eol string }{
		{"crlf", "\r\n"}, {"lf", "\n"}, {"cr", "\r"},
	} {
		text := strings.Join(memberCSV, eol.eol) + eol.eol
		if eol.name == "cr" {
			// Old Macintosh files use CR everywhere, inside quotes too.
			text = strings.ReplaceAll(text, "\r\n", "\r")
		}
		for _, tc := range []struct {
			name string
			data []byte
			enc  Encoding
		}{
			{"utf-8", []byte(text), EncodingUTF8},
			{"utf-8-bom", append([]byte("\xEF\xBB\xBF"), text...), EncodingUTF8BOM},
			{"gb18030", gb18030(t, text), EncodingGB18030},
		} {
			t.Run(eol.name+"/"+tc.name, func(t *testing.T) {
				r, rows := readAll(t, writeTemp(t, "members.csv", tc.data))
				if r.Format() != FormatCSV {
					t.Errorf("Format = %q", r.Format())
				}
				if r.Encoding() != tc.enc {
					t.Errorf("Encoding = %q, want %q", r.Encoding(), tc.enc)
				}
				assertRows(t, rows, memberRows)
			})
		}
	}
}

func TestCSVNoFinalNewline(t *testing.T) {
	_, rows := readAll(t, writeTemp(t, "a.csv", []byte("姓名,日期\r\n张三,2017-03-01")))
	assertRows(t, rows, []Row{{1, []string{"姓名", "日期"}}, {2, []string{"张三", "2017-03-01"}}})
}

func TestCSVEmptyFile(t *testing.T) {
	for _, data := range []string{"", "\xEF\xBB\xBF", "\r\n\r\n", " , ,\n\u3000\n"} {
		r, err := Open(writeTemp(t, "empty.csv", []byte(data)))
		if err != nil {
			t.Fatalf("%q: Open: %v", data, err)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Errorf("%q: first Next = %v, want io.EOF", data, err)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Errorf("%q: second Next = %v, want io.EOF", data, err)
		}
		r.Close()
	}
}

// A file whose first 64 KiB are plain ASCII is still recognised as GB18030
// from the Chinese text further on.
func TestCSVDetectsEncodingPastASCIIPrefix(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("name,no\r\n")
	for i := 0; b.Len() < 3*detectWindow; i++ {
		fmt.Fprintf(&b, "member%06d,%06d\r\n", i, i)
	}
	asciiRows := strings.Count(b.String(), "\n")
	b.Write(gb18030(t, "张三,000001\r\n"))
	r, rows := readAll(t, writeTemp(t, "late.csv", b.Bytes()))
	if r.Encoding() != EncodingGB18030 {
		t.Fatalf("Encoding = %q, want gb18030", r.Encoding())
	}
	last := rows[len(rows)-1]
	if last.Line != asciiRows+1 || last.Cells[0] != "张三" {
		t.Fatalf("last row = %d %q, want %d 张三", last.Line, last.Cells, asciiRows+1)
	}
}

// A UTF-8 file with a GB18030 row after the detection window: that row is
// reported with its line number and reading goes on.
func TestCSVMixedEncodingRow(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("姓名,编号\n")
	n := 1
	for b.Len() < 2*detectWindow {
		n++
		fmt.Fprintf(&b, "成员%d,%06d\n", n, n)
	}
	b.Write(gb18030(t, "张三,000000\n"))
	b.WriteString("李四,999999\n")
	badLine := n + 1

	r, err := Open(writeTemp(t, "mixed.csv", b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Encoding() != EncodingUTF8 {
		t.Fatalf("Encoding = %q", r.Encoding())
	}
	var lines []int
	var bad *Error
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			bad = asError(t, err, ErrCodeEncoding)
			continue
		}
		lines = append(lines, row.Line)
	}
	if bad == nil || bad.Line != badLine {
		t.Fatalf("encoding error = %+v, want one on line %d", bad, badLine)
	}
	if !strings.Contains(bad.Zh, fmt.Sprint(badLine)) || !strings.Contains(bad.En, fmt.Sprint(badLine)) {
		t.Errorf("messages do not name the line: %v", bad)
	}
	if got := lines[len(lines)-1]; got != badLine+1 {
		t.Errorf("row after the bad one has line %d, want %d", got, badLine+1)
	}
}

func TestCSVInvalidGB18030Bytes(t *testing.T) {
	data := append(gb18030(t, "姓名\r\n张三\r\n"), "\x81\x20\r\n"...) // 0x81 needs a trail byte
	data = append(data, gb18030(t, "李四\r\n")...)
	r, err := Open(writeTemp(t, "bad.csv", data))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var codes []string
	var lines []int
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			e := asError(t, err, ErrCodeEncoding)
			codes = append(codes, e.Code)
			lines = append(lines, e.Line)
			continue
		}
		lines = append(lines, row.Line)
	}
	if fmt.Sprint(lines) != "[1 2 3 4]" || len(codes) != 1 {
		t.Fatalf("lines %v codes %v", lines, codes)
	}
}

// An unbalanced quote swallows the rest of the file; the record limit stops
// it before it fills memory.
func TestCSVRecordTooLong(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("姓名,备注\n张三,ok\n李四,\"unbalanced\n")
	line := strings.Repeat("x", 1023) + "\n"
	for b.Len() < maxRecordBytes+(1<<20) {
		b.WriteString(line)
	}
	r, err := Open(writeTemp(t, "long.csv", b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i := 0; i < 2; i++ {
		if _, err := r.Next(); err != nil {
			t.Fatalf("row %d: %v", i+1, err)
		}
	}
	_, err = r.Next()
	e := asError(t, err, ErrCodeRecordTooLong)
	if e.Line != 3 {
		t.Errorf("Line = %d, want 3", e.Line)
	}
	if _, err2 := r.Next(); err2 != err {
		t.Errorf("error is not final: %v", err2)
	}
}

func TestCSVTooManyColumns(t *testing.T) {
	data := "a,b\n" + strings.Repeat("x,", maxColumns) + "x\nc,d\n"
	r, err := Open(writeTemp(t, "wide.csv", []byte(data)))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.Next()
	_, err = r.Next()
	if e := asError(t, err, ErrCodeTooManyCols); e.Line != 2 {
		t.Errorf("Line = %d", e.Line)
	}
	if row, err := r.Next(); err != nil || row.Line != 3 {
		t.Errorf("after the wide row: %v %v", row, err)
	}
}

func TestReaderClosed(t *testing.T) {
	r, err := Open(writeTemp(t, "a.csv", []byte("a\nb\n")))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	_, err = r.Next()
	asError(t, err, ErrCodeClosed)
}

func TestOpenRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		code string
	}{
		{"xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + strings.Repeat("\x00", 504), ErrCodeXLS},
		{"utf16le", "\xFF\xFE\x59\x59\x0D\x54\r\x00\n\x00", ErrCodeUTF16},
		{"utf16be", "\xFE\xFF\x59\x59", ErrCodeUTF16},
		{"html", "\xEF\xBB\xBF\r\n<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><table><tr><td>姓名</td></tr></table></html>", ErrCodeHTML},
		{"doctype", "<!DOCTYPE html><html></html>", ErrCodeHTML},
		{"xml-spreadsheet", "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"></Workbook>", ErrCodeHTML},
		{"mht", "MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n", ErrCodeHTML},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ErrCodeUnsupported},
		{"pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", ErrCodeUnsupported},
		{"zip-not-xlsx", zipWith(t, map[string]string{"readme.txt": "hello"}), ErrCodeXLSX},
		{"ods", odsFile(t), ErrCodeODS},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Open(writeTemp(t, "upload", []byte(tc.data)))
			if err == nil {
				r.Close()
				t.Fatal("Open succeeded")
			}
			asError(t, err, tc.code)
		})
	}
}

func TestOpenMissingFile(t *testing.T) {
	_, err := Open(t.TempDir() + "/missing.csv")
	asError(t, err, ErrCodeOpen)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(err, fs.ErrNotExist) = false for %v", err)
	}
	if !errors.Is(err, &Error{Code: ErrCodeOpen}) {
		t.Errorf("errors.Is by code failed")
	}
}

func TestErrorMessages(t *testing.T) {
	e := lineError(ErrCodeCSVParse, 12, "格式错误", "malformed", nil)
	if e.Error() != "line 12: malformed (第 12 行：格式错误)" {
		t.Errorf("Error() = %q", e.Error())
	}
	if e.In("en") != "line 12: malformed" || e.In("zh") != "第 12 行：格式错误" {
		t.Errorf("In: %q %q", e.In("en"), e.In("zh"))
	}
	if got := quoteInput(strings.Repeat("长", 50)); got != strings.Repeat("长", 40)+"…" {
		t.Errorf("quoteInput long = %q", got)
	}
	if got := quoteInput("a\x00b\xffc"); got != "a\uFFFDb\uFFFDc" {
		t.Errorf("quoteInput control = %q", got)
	}
}

func TestBudgetReaderAndCRReader(t *testing.T) {
	b := &budgetReader{r: strings.NewReader("abcdef"), limit: 4}
	got, err := io.ReadAll(b)
	if string(got) != "abcd" || !errors.Is(err, errRecordTooLong) {
		t.Errorf("budget: %q %v", got, err)
	}
	for in, want := range map[string]string{
		"a\rb":         "a\nb",
		"a\r\nb":       "a\r\nb",
		"a\r":          "a\n",
		"\r\r\n\r":     "\n\r\n\n",
		"x\r\r\r\ny\r": "x\n\n\r\ny\n",
	} {
		// One byte at a time exercises the look-ahead across reads.
		for _, size := range []int{1, 2, 64} {
			cr := &crReader{br: bufioReader(strings.NewReader(in))}
			var out bytes.Buffer
			buf := make([]byte, size)
			for {
				n, err := cr.Read(buf)
				out.Write(buf[:n])
				if err != nil {
					break
				}
			}
			if out.String() != want {
				t.Errorf("crReader(%q, %d) = %q, want %q", in, size, out.String(), want)
			}
		}
	}
}
