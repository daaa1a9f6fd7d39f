package tabular

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

const (
	// sampleRows is how many data rows XLSXWriter holds back to size the
	// columns before it starts streaming.
	sampleRows = 100
	// Column widths, in Excel's character units.
	minColumnWidth = 8
	maxColumnWidth = 60
	// helperSheet is the name of the hidden sheet that holds long drop-down
	// lists.
	helperSheet = "_lists"
	// maxInlineList is Excel's limit for a list typed into a validation rule
	// ("a,b,c"), in UTF-16 units.
	maxInlineList = 255
)

// XLSXWriter streams a single-sheet workbook: exports, import templates and
// error reports. Rows go to a temporary file once they pass a few MiB, so a
// 500,000-row workbook does not sit in memory; the workbook is assembled by
// Close. Every data cell is a text cell with the text number format, so
// identity numbers, phone numbers and codes with leading zeros stay exactly
// as written, and cells the user types into later in the written columns are
// text too. Excel's "number stored as text" warning is switched off for
// those columns.
//
// The first data rows are held back until 100 rows have been written (or
// Close is called) so that the column widths can be sized from the header
// and these rows. An XLSXWriter is not safe for concurrent use.
type XLSXWriter struct {
	f         *excelize.File
	sw        *excelize.StreamWriter
	sheet     string
	header    []string
	headStyle int
	textStyle int

	sample  [][]string // rows held back until the stream starts
	started bool
	rows    int // sheet row number of the last row written or held back
	cols    int // number of columns sized and styled when the stream started
	lists   []listValidation
	notes   *noteSheet
	closed  bool
}

// noteSheet is a small second sheet of text, written whole at Close.
type noteSheet struct {
	name string
	rows [][]string
}

type listValidation struct {
	col            int
	values         []string
	fromRow, toRow int
}

// NewXLSXWriter starts a workbook with one visible sheet (named "Sheet1"
// when sheet is empty). A non-empty header becomes row 1, in bold on a grey
// background and frozen so that it stays in view while scrolling; data rows
// then start at row 2. With an empty header, data starts at row 1.
func NewXLSXWriter(sheet string, header []string) (*XLSXWriter, error) {
	if sheet == "" {
		sheet = "Sheet1"
	}
	if sheet == helperSheet {
		return nil, writerArgError(fmt.Sprintf("工作表名称“%s”为内部保留", helperSheet), fmt.Sprintf("the sheet name %q is reserved", helperSheet), nil)
	}
	f := excelize.NewFile()
	w := &XLSXWriter{f: f, sheet: sheet, header: append([]string(nil), header...)}
	if err := w.init(); err != nil {
		f.Close()
		return nil, err
	}
	if len(header) > 0 {
		w.rows = 1
	}
	return w, nil
}

func (w *XLSXWriter) init() error {
	if w.sheet != "Sheet1" {
		if err := w.f.SetSheetName("Sheet1", w.sheet); err != nil {
			return writerArgError("工作表名称无效（不超过 31 个字符，不能含 : \\ / ? * [ ]，不能以单引号开头或结尾）",
				"invalid sheet name (at most 31 characters, none of : \\ / ? * [ ], not starting or ending with an apostrophe)", err)
		}
	}
	var err error
	if w.headStyle, err = w.f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}},
		Alignment: &excelize.Alignment{Vertical: "center"},
		NumFmt:    49, // "@", text
	}); err != nil {
		return writeError(err)
	}
	if w.textStyle, err = w.f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil {
		return writeError(err)
	}
	if w.sw, err = w.f.NewStreamWriter(w.sheet); err != nil {
		return writeError(err)
	}
	return nil
}

// WriteRow appends a row. Every cell is written as text; empty cells are
// left out. Excel cuts a cell at 32,767 characters.
func (w *XLSXWriter) WriteRow(cells []string) error {
	if w.closed {
		return writerClosedError()
	}
	if w.rows >= excelize.TotalRows {
		return newError(ErrCodeTooManyRows,
			fmt.Sprintf("超过一个工作表的最大行数 %d", excelize.TotalRows),
			fmt.Sprintf("more rows than a worksheet holds (%d)", excelize.TotalRows))
	}
	if len(cells) > maxColumns {
		return writerArgError(fmt.Sprintf("一行超过 %d 列", maxColumns), fmt.Sprintf("a row has more than %d columns", maxColumns), nil)
	}
	w.rows++
	if !w.started {
		w.sample = append(w.sample, append([]string(nil), cells...))
		if len(w.sample) < sampleRows {
			return nil
		}
		return w.start()
	}
	return w.writeRow(w.rows, cells, w.textStyle)
}

// AddListValidation adds a drop-down list to column col (0-based: 0 is
// column A) from sheet row fromRow to toRow inclusive (1-based sheet row
// numbers as Excel shows them; with a header, data rows start at 2). Empty
// values are left out. Entering anything not in the list is refused with a
// bilingual message. A short list is stored in the rule itself; a list
// longer than Excel's 255-character limit, or with commas or quotes in its
// values, goes to a hidden sheet named "_lists" that the rule refers to. It
// may be called before or after the rows are written; the rules are added
// by Close.
func (w *XLSXWriter) AddListValidation(col int, values []string, fromRow, toRow int) error {
	if w.closed {
		return writerClosedError()
	}
	if col < 0 || col >= maxColumns {
		return writerArgError(fmt.Sprintf("列号 %d 无效", col), fmt.Sprintf("invalid column %d", col), nil)
	}
	if fromRow < 1 || toRow < fromRow || toRow > excelize.TotalRows {
		return writerArgError(fmt.Sprintf("行范围 %d–%d 无效", fromRow, toRow), fmt.Sprintf("invalid row range %d–%d", fromRow, toRow), nil)
	}
	var list []string
	for _, v := range values {
		if v != "" {
			list = append(list, v)
		}
	}
	if len(list) == 0 {
		return writerArgError("下拉列表为空", "the drop-down list is empty", nil)
	}
	w.lists = append(w.lists, listValidation{col: col, values: list, fromRow: fromRow, toRow: toRow})
	return nil
}

// AddNoteSheet adds a second, visible sheet after the data sheet, such as
// a template's instructions: a few rows of text, the first in bold. A
// reader of the workbook still takes the data sheet, the first.
func (w *XLSXWriter) AddNoteSheet(name string, rows [][]string) error {
	if w.closed {
		return writerClosedError()
	}
	if name == "" || name == w.sheet || name == helperSheet || w.notes != nil {
		return writerArgError(fmt.Sprintf("说明工作表名称“%s”无效", name), fmt.Sprintf("invalid note sheet name %q", name), nil)
	}
	w.notes = &noteSheet{name: name, rows: rows}
	return nil
}

// writeNotes writes the note sheet: plain cells, so they need no stream.
func (w *XLSXWriter) writeNotes() error {
	n := w.notes
	if _, err := w.f.NewSheet(n.name); err != nil {
		return writerArgError("工作表名称无效", "invalid sheet name", err)
	}
	widths := map[int]int{}
	for i, row := range n.rows {
		cells := make([]any, len(row))
		for j, c := range row {
			cells[j] = c
			widths[j] = max(widths[j], displayWidth(c))
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := w.f.SetSheetRow(n.name, ref, &cells); err != nil {
			return writeError(err)
		}
		if i == 0 {
			end, _ := excelize.CoordinatesToCellName(max(len(row), 1), 1)
			if err := w.f.SetCellStyle(n.name, "A1", end, w.headStyle); err != nil {
				return writeError(err)
			}
		}
	}
	for j, wd := range widths {
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := w.f.SetColWidth(n.name, col, col, float64(min(max(wd+2, minColumnWidth), maxColumnWidth))); err != nil {
			return writeError(err)
		}
	}
	return nil
}

// Close finishes the workbook, writes the .xlsx file to out and releases
// the temporary files. The writer cannot be used afterwards.
func (w *XLSXWriter) Close(out io.Writer) error {
	if w.closed {
		return writerClosedError()
	}
	w.closed = true
	defer w.f.Close()
	if !w.started {
		if err := w.start(); err != nil {
			return err
		}
	}
	if err := w.addValidations(); err != nil {
		return err
	}
	if w.notes != nil {
		if err := w.writeNotes(); err != nil {
			return err
		}
	}
	if w.cols > 0 {
		ref, _ := excelize.CoordinatesToCellName(w.cols, excelize.TotalRows)
		if err := w.f.AddIgnoredErrors(w.sheet, "A1:"+ref, excelize.IgnoredErrorsNumberStoredAsText); err != nil {
			return writeError(err)
		}
	}
	// Hide the helper sheet before flushing: SetSheetVisible visits every
	// sheet, and after Flush that would parse the streamed sheet back into
	// memory.
	if w.hasHelperSheet() {
		if err := w.f.SetSheetVisible(helperSheet, false); err != nil {
			return writeError(err)
		}
	}
	if err := w.sw.Flush(); err != nil {
		return writeError(err)
	}
	if err := w.f.Write(out); err != nil {
		return writeError(err)
	}
	return nil
}

// start sizes and styles the columns, freezes the header, and writes the
// header and the rows held back so far.
func (w *XLSXWriter) start() error {
	w.started = true
	widths := make([]int, len(w.header))
	measure := func(cells []string, extra int) {
		for i, c := range cells {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c)+extra)
		}
	}
	measure(w.header, 1) // bold text is a little wider
	for _, row := range w.sample {
		measure(row, 0)
	}
	w.cols = len(widths)
	for i, wd := range widths {
		if err := w.sw.SetColWidth(i+1, i+1, float64(min(max(wd+2, minColumnWidth), maxColumnWidth))); err != nil {
			return writeError(err)
		}
	}
	if w.cols > 0 {
		if err := w.sw.SetColStyle(1, w.cols, w.textStyle); err != nil {
			return writeError(err)
		}
	}
	row := 1
	if len(w.header) > 0 {
		if err := w.sw.SetPanes(&excelize.Panes{
			Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
		}); err != nil {
			return writeError(err)
		}
		if err := w.writeRow(row, w.header, w.headStyle); err != nil {
			return err
		}
		row++
	}
	for _, cells := range w.sample {
		if err := w.writeRow(row, cells, w.textStyle); err != nil {
			return err
		}
		row++
	}
	w.sample = nil
	return nil
}

func (w *XLSXWriter) writeRow(row int, cells []string, style int) error {
	values := make([]any, len(cells))
	for i, c := range cells {
		if c != "" {
			values[i] = excelize.Cell{StyleID: style, Value: c}
		}
	}
	ref, err := excelize.CoordinatesToCellName(1, row)
	if err != nil {
		return writeError(err)
	}
	if err := w.sw.SetRow(ref, values); err != nil {
		return writeError(err)
	}
	return nil
}

// addValidations adds the collected drop-down lists to the sheet. It runs
// before the stream is flushed, which writes the rules out.
func (w *XLSXWriter) addValidations() error {
	helperCols := map[string]string{} // list key -> helper column letter
	for _, lv := range w.lists {
		colName, _ := excelize.ColumnNumberToName(lv.col + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s%d:%s%d", colName, lv.fromRow, colName, lv.toRow)
		dv.SetError(excelize.DataValidationErrorStyleStop, "输入有误 Invalid value",
			"请从下拉列表中选择。Please choose a value from the list.")
		inline := canInline(lv.values)
		if inline {
			if err := dv.SetDropList(lv.values); err != nil {
				if !errors.Is(err, excelize.ErrDataValidationFormulaLength) {
					return writeError(err)
				}
				inline = false
			}
		}
		if !inline {
			key := strings.Join(lv.values, "\x00")
			helperCol, ok := helperCols[key]
			if !ok {
				var err error
				if helperCol, err = w.writeHelperColumn(len(helperCols)+1, lv.values); err != nil {
					return err
				}
				helperCols[key] = helperCol
			}
			dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$1:$%s$%d", helperSheet, helperCol, helperCol, len(lv.values)))
		}
		if err := w.f.AddDataValidation(w.sheet, dv); err != nil {
			return writeError(err)
		}
	}
	return nil
}

// writeHelperColumn writes values down column col of the hidden helper
// sheet, creating the sheet first if needed, and returns the column letter.
func (w *XLSXWriter) writeHelperColumn(col int, values []string) (string, error) {
	if !w.hasHelperSheet() {
		if _, err := w.f.NewSheet(helperSheet); err != nil {
			return "", writeError(err)
		}
	}
	if len(values) > excelize.TotalRows {
		return "", writerArgError("下拉列表过长", "the drop-down list is too long", nil)
	}
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return "", writerArgError("下拉列表过多", "too many drop-down lists", err)
	}
	for i, v := range values {
		if err := w.f.SetCellStr(helperSheet, fmt.Sprintf("%s%d", name, i+1), v); err != nil {
			return "", writeError(err)
		}
	}
	return name, nil
}

func (w *XLSXWriter) hasHelperSheet() bool {
	idx, err := w.f.GetSheetIndex(helperSheet)
	return err == nil && idx >= 0
}

// canInline reports whether a list can be typed into the validation rule
// itself: no separators or quotes in the values, no leading "=" (which
// would make it a formula), and within Excel's length limit.
func canInline(values []string) bool {
	if strings.HasPrefix(values[0], "=") {
		return false
	}
	n := len(values) - 1 // separators
	for _, v := range values {
		if strings.ContainsAny(v, `,"`) {
			return false
		}
		for _, r := range v {
			n += utf16.RuneLen(r)
		}
	}
	return n <= maxInlineList
}

// displayWidth estimates the width of a cell in Excel's character units:
// East Asian wide characters count twice; for text with line breaks the
// longest line counts.
func displayWidth(s string) int {
	best, cur := 0, 0
	for _, r := range s {
		switch {
		case r == '\n':
			cur = 0
			continue
		case r < 0x80:
			cur++
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				cur += 2
			default:
				cur++
			}
		}
		best = max(best, cur)
	}
	return best
}

func writerArgError(zh, en string, cause error) *Error {
	return &Error{Code: ErrCodeWriterArg, Zh: zh, En: en, Err: cause}
}

func writerClosedError() *Error {
	return newError(ErrCodeWriterClosed, "表格写入器已关闭", "the workbook writer is closed")
}

func writeError(err error) *Error {
	return &Error{Code: ErrCodeWrite, Zh: "无法生成 Excel 文件", En: "cannot produce the Excel file", Err: err}
}
