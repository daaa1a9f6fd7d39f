package tabular

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxUnzipLimit bounds the unpacked size of an XLSX file. A worksheet of
// 500,000 member rows is a few hundred MiB of XML; the limit is far above
// that and keeps a "zip bomb" from filling the disk. Tests lower it.
var xlsxUnzipLimit int64 = 4 << 30

// xlsxMemoryLimit is the size above which a worksheet or the shared-string
// table is unpacked to a temporary file instead of memory. Tests lower it.
var xlsxMemoryLimit int64 = 16 << 20

type xlsxReader struct {
	f        *excelize.File
	rows     *excelize.Rows
	rowNum   int // sheet row number of the row Rows is on
	date1904 bool
	err      error
	closed   bool
}

func openXLSX(path string) (Reader, error) {
	f, err := excelize.OpenFile(path, excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    xlsxUnzipLimit,
		UnzipXMLSizeLimit: min(xlsxMemoryLimit, xlsxUnzipLimit),
	})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, xlsxOpenError(err)
	}
	sheet := firstSheet(f)
	if sheet == "" {
		f.Close()
		return nil, newError(ErrCodeNoSheet, "工作簿中没有工作表", "the workbook has no worksheet")
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, xlsxOpenError(err)
	}
	r := &xlsxReader{f: f, rows: rows}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	return r, nil
}

// Date1904 reports whether the workbook counts dates in the 1904 date
// system.
func (r *xlsxReader) Date1904() bool { return r.date1904 }

// Date1904 reports whether r reads an XLSX workbook that uses the 1904 date
// system (an option of old Macintosh Excel), whose serial numbers must be
// read with ParseDate1904. It is false for CSV files and for the usual
// 1900 date system.
func Date1904(r Reader) bool {
	d, ok := r.(interface{ Date1904() bool })
	return ok && d.Date1904()
}

// firstSheet picks the first visible sheet in workbook order, or the first
// sheet when all are hidden.
func firstSheet(f *excelize.File) string {
	list := f.GetSheetList()
	for _, name := range list {
		if visible, err := f.GetSheetVisible(name); err == nil && visible {
			return name
		}
	}
	if len(list) > 0 {
		return list[0]
	}
	return ""
}

func xlsxOpenError(err error) *Error {
	if errors.Is(err, excelize.ErrWorkbookFileFormat) {
		return &Error{Code: ErrCodeXLSX,
			Zh:  "文件不是有效的 .xlsx 表格，请用 Excel 或 WPS 打开后另存为 .xlsx 或 .csv 文件",
			En:  "the file is not a valid .xlsx workbook: open it in Excel or WPS and save it as .xlsx or .csv",
			Err: err}
	}
	if isUnzipLimitError(err) {
		return &Error{Code: ErrCodeTooLarge,
			Zh:  fmt.Sprintf("表格解压后超过 %d MiB，请拆分后分批上传", xlsxUnzipLimit>>20),
			En:  fmt.Sprintf("the workbook unpacks to more than %d MiB: split it and upload the parts", xlsxUnzipLimit>>20),
			Err: err}
	}
	return &Error{Code: ErrCodeXLSX,
		Zh:  "无法读取 .xlsx 文件（文件可能已损坏或不是 Excel 表格），请用 Excel 或 WPS 打开后重新另存为 .xlsx 或 .csv 文件",
		En:  "cannot read the .xlsx file (it may be damaged or not an Excel workbook): open it in Excel or WPS and save it again as .xlsx or .csv",
		Err: err}
}

func (r *xlsxReader) Format() Format     { return FormatXLSX }
func (r *xlsxReader) Encoding() Encoding { return "" }

func (r *xlsxReader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.err = closedError()
	err1 := r.rows.Close()
	err2 := r.f.Close()
	if err2 != nil {
		return err2
	}
	return err1
}

func (r *xlsxReader) Next() (Row, error) {
	for {
		if r.err != nil {
			return Row{}, r.err
		}
		// Rows.Next steps through every row number, including the ones the
		// file leaves out; counting the steps gives the sheet row number.
		if !r.rows.Next() {
			if err := r.rows.Error(); err != nil {
				r.err = lineError(ErrCodeXLSX, r.rowNum+1, "无法读取这一行", "cannot read the row", err)
			} else {
				r.err = io.EOF
			}
			return Row{}, r.err
		}
		r.rowNum++
		cells, err := r.rows.Columns()
		if err != nil {
			r.err = lineError(ErrCodeXLSX, r.rowNum, "无法读取这一行（文件可能已损坏）", "cannot read the row (the file may be damaged)", err)
			return Row{}, r.err
		}
		cells = tidyCells(cells)
		if len(cells) == 0 {
			continue
		}
		if len(cells) > maxColumns {
			return Row{}, lineError(ErrCodeTooManyCols, r.rowNum,
				fmt.Sprintf("超过 %d 列", maxColumns),
				fmt.Sprintf("more than %d columns", maxColumns), nil)
		}
		return Row{Line: r.rowNum, Cells: cells}, nil
	}
}

// isUnzipLimitError recognises excelize's error for a file over the unpacked
// size limit, which has no error value of its own.
func isUnzipLimitError(err error) bool {
	return strings.Contains(err.Error(), "unzip size exceeds")
}
