package tabular

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// saveWorkbook writes f to a temporary .xlsx file.
func saveWorkbook(t testing.TB, f *excelize.File) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestXLSXExcelizeWorkbook reads a workbook made with excelize's ordinary
// API: shared strings, numbers, a date with a date format, blank rows.
func TestXLSXExcelizeWorkbook(t *testing.T) {
	f := excelize.NewFile()
	const s = "Sheet1"
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yyyy, shown as 2017/3/1 in Chinese Excel
	must(t, err)
	must(t, f.SetSheetRow(s, "A1", &[]any{"姓名", "编号", "人数", "比例", "大数", "入会日期", "日期时间"}))
	must(t, f.SetSheetRow(s, "A2", &[]any{" 张三\u3000", "000123", 42, 3.25, float64(110105199001011000), time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2017, 3, 1, 12, 0, 0, 0, time.UTC)}))
	// A number typed into a cell that has a date format.
	must(t, f.SetCellValue(s, "A5", "李四"))
	must(t, f.SetCellValue(s, "F5", 42795))
	must(t, f.SetCellStyle(s, "F5", "F5", dateStyle))
	// A row with only white space counts as blank.
	must(t, f.SetCellValue(s, "B6", "   "))
	// Cells with gaps; the empty cells in between stay.
	must(t, f.SetCellValue(s, "A7", "王五"))
	must(t, f.SetCellValue(s, "D7", 0.1))
	// A formula without a cached value (excelize does not calculate): its
	// raw value is empty, so the trailing cell is dropped.
	must(t, f.SetCellFormula(s, "C9", "SUM(1,2)"))
	must(t, f.SetCellValue(s, "A9", "赵六"))
	// A styled but empty row far down, as WPS writes them.
	must(t, f.SetCellStyle(s, "A20", "G20", dateStyle))

	r, rows := readAll(t, saveWorkbook(t, f))
	if r.Format() != FormatXLSX || r.Encoding() != "" {
		t.Errorf("Format %q Encoding %q", r.Format(), r.Encoding())
	}
	assertRows(t, rows, []Row{
		{1, []string{"姓名", "编号", "人数", "比例", "大数", "入会日期", "日期时间"}},
		// excelize writes float64 values with strconv 'f' -1: the big
		// number comes back in full, not in Excel's E+17 form (see
		// TestXLSXExcelStyleWorkbook for that). Dates are serials.
		{2, []string{"张三", "000123", "42", "3.25", "110105199001011000", "42795", "42795.5"}},
		{5, []string{"李四", "", "", "", "", "42795"}},
		{7, []string{"王五", "", "", "0.1"}},
		{9, []string{"赵六"}},
	})
	for _, cell := range []string{"42795", "42795.5"} {
		if y, m, d, err := ParseDate(cell); err != nil || y != 2017 || m != 3 || d != 1 {
			t.Errorf("ParseDate(%q) = %d %d %d %v", cell, y, m, d, err)
		}
	}
}

// TestXLSXExcelStyleWorkbook reads a workbook written by hand the way Excel
// writes it: a long number in a General cell is stored as
// 1.10105199001011E+17, a date is a serial with a date style, rows and
// cells may lack their r attributes.
func TestXLSXExcelStyleWorkbook(t *testing.T) {
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		// The first sheet in workbook order is hidden; the reader takes the
		// visible one after it.
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="旧数据" sheetId="2" state="hidden" r:id="rId2"/><sheet name="会员" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/styles.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
		"xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6"><si><t>姓名</t></si><si><t>公民身份号码</t></si><si><t>入会日期</t></si><si><t xml:space="preserve"> 张三 </t></si><si><r><t>李</t></r><r><rPr><b/></rPr><t>四</t></r></si><si><t>旧</t></si></sst>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>1.10105199001011E+17</v></c><c r="C2" s="1"><v>42795</v></c></row>` +
			`<row r="4"><c r="A4" t="s"><v>4</v></c><c r="B4" t="inlineStr"><is><t>T0001</t></is></c><c r="C4" s="1"><v>36526.999988425923</v></c></row>` +
			`<row><c t="str"><v>王五</v></c><c/><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="d"><v>2017-03-01T00:00:00Z</v></c></row>` +
			`</sheetData></worksheet>`,
		"xl/worksheets/sheet2.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>5</v></c></row></sheetData></worksheet>`,
	}
	_, rows := readAll(t, writeTemp(t, "excel.xlsx", []byte(zipWith(t, files))))
	assertRows(t, rows, []Row{
		{1, []string{"姓名", "公民身份号码", "入会日期"}},
		{2, []string{"张三", "1.10105199001011E+17", "42795"}},
		{4, []string{"李四", "T0001", "36526.999988425923"}},
		{5, []string{"王五", "", "1", "#N/A", "2017-03-01T00:00:00Z"}},
	})
	// An ISO date cell (t="d", written by some programs) arrives as its text.
	if y, m, d, err := ParseDate("2017-03-01T00:00:00Z"); err != nil || y != 2017 || m != 3 || d != 1 {
		t.Errorf("ParseDate of an ISO date cell = %d %d %d %v", y, m, d, err)
	}
	if y, m, d, err := ParseDate("36526.999988425923"); err != nil || y != 2000 || m != 1 || d != 1 {
		t.Errorf("ParseDate of a serial with time = %d %d %d %v", y, m, d, err)
	}
}

// TestXLSXStreamedWorkbook checks the sheet row numbers and raw values on a
// workbook written by excelize's stream writer, as other systems' exports
// are.
func TestXLSXStreamedWorkbook(t *testing.T) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	must(t, err)
	must(t, sw.SetRow("A1", []any{"姓名", "数值"}))
	must(t, sw.SetRow("A3", []any{"张三", 1234567890123.0}))
	must(t, sw.SetRow("A1000", []any{"李四", -0.5}))
	must(t, sw.Flush())
	_, rows := readAll(t, saveWorkbook(t, f))
	assertRows(t, rows, []Row{
		{1, []string{"姓名", "数值"}},
		{3, []string{"张三", "1234567890123"}},
		{1000, []string{"李四", "-0.5"}},
	})
}

func TestXLSXEmptyWorkbook(t *testing.T) {
	r, err := Open(saveWorkbook(t, excelize.NewFile()))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i := 0; i < 2; i++ {
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("Next = %v, want io.EOF", err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = r.Next()
	asError(t, err, ErrCodeClosed)
}

// TestXLSXStreamsParts reads a workbook with gaps and shared strings and
// checks that reading it leaves no temporary file: the parts are streamed
// from the archive, never unpacked to disk.
func TestXLSXStreamsParts(t *testing.T) {
	f := excelize.NewFile()
	var want []Row
	for i := 1; i <= 600; i++ {
		if i%7 == 0 {
			continue // leave gaps
		}
		cells := []string{fmt.Sprintf("成员%04d", i), fmt.Sprintf("%06d", i)}
		must(t, f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i), &[]any{cells[0], cells[1], i}))
		want = append(want, Row{i, append(cells, fmt.Sprint(i))})
	}
	path := saveWorkbook(t, f)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	r, rows := readAll(t, path)
	assertRows(t, rows, want)
	must(t, r.Close())
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestXLSXDate1904(t *testing.T) {
	f := excelize.NewFile()
	yes := true
	must(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
	must(t, f.SetCellValue("Sheet1", "A1", 41333))
	r, rows := readAll(t, saveWorkbook(t, f))
	if !Date1904(r) {
		t.Fatal("Date1904 = false")
	}
	y, m, d, err := ParseDate1904(rows[0].Cells[0])
	if err != nil || y != 2017 || m != 3 || d != 1 {
		t.Errorf("ParseDate1904(%q) = %d-%d-%d %v", rows[0].Cells[0], y, m, d, err)
	}

	r, _ = readAll(t, saveWorkbook(t, excelize.NewFile()))
	if Date1904(r) {
		t.Error("Date1904 = true for a 1900 workbook")
	}
	r, _ = readAll(t, writeTemp(t, "a.csv", []byte("a\n")))
	if Date1904(r) {
		t.Error("Date1904 = true for CSV")
	}
}

func TestXLSXUnpackLimit(t *testing.T) {
	f := excelize.NewFile()
	must(t, f.SetCellValue("Sheet1", "A1", "姓名"))
	path := saveWorkbook(t, f)
	old := xlsxUnzipLimit
	xlsxUnzipLimit = 2048
	t.Cleanup(func() { xlsxUnzipLimit = old })
	_, err := Open(path)
	asError(t, err, ErrCodeTooLarge)
}
