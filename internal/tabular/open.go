package tabular

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// detectWindow is how many bytes Open reads to recognise the file type and
// the encoding of a CSV file.
const detectWindow = 64 << 10

// maxColumns is the widest row accepted: the column count of an Excel
// worksheet (A … XFD).
const maxColumns = 16384

// maxCellRunes is the longest cell accepted: what an Excel cell holds.
// maxCellBytes is as many characters of UTF-8 at most.
const (
	maxCellRunes = 32767
	maxCellBytes = maxCellRunes * utf8.UTFMax
)

func tooManyColumns() *Error {
	return newError(ErrCodeTooManyCols, fmt.Sprintf("超过 %d 列", maxColumns), fmt.Sprintf("more than %d columns", maxColumns))
}

func cellTooLong() *Error {
	return limitError(fmt.Sprintf("有一格超过 %d 个字符", maxCellRunes), fmt.Sprintf("a cell is longer than %d characters", maxCellRunes))
}

// checkCells refuses a row past the bounds of a worksheet row: more
// columns than Excel has, or a cell longer than an Excel cell holds.
func checkCells(line int, cells []string) error {
	bad := (*Error)(nil)
	if len(cells) > maxColumns {
		bad = tooManyColumns()
	}
	for _, c := range cells {
		if bad == nil && len(c) > maxCellRunes && utf8.RuneCountInString(c) > maxCellRunes {
			bad = cellTooLong()
		}
	}
	if bad == nil {
		return nil
	}
	return lineError(bad.Code, line, bad.Zh, bad.En, nil)
}

// Row is one non-blank row of a file.
type Row struct {
	// Line is the row number as the user sees it: the sheet row number in
	// an XLSX file; in a CSV file the record number, counting the header as
	// 1 and blank lines as rows (which is what Excel shows when it opens the
	// file; a quoted cell with line breaks is still one row).
	Line int
	// Cells holds the cell texts, trimmed of surrounding white space
	// (ASCII white space, U+3000 ideographic space, no-break spaces and
	// other Unicode spaces, and the invisible U+200B and U+FEFF). Empty cells
	// at the end of the row are dropped, so len(Cells) varies from row to
	// row and is never 0.
	Cells []string
}

// Reader streams the rows of a CSV or XLSX file. It is not safe for
// concurrent use.
type Reader interface {
	// Next returns the next non-blank row, or io.EOF after the last one.
	// Other errors are *Error values. An error whose Line is set concerns
	// that row only (for example bytes that are not valid in the detected
	// encoding) and Next may be called again to continue with the following
	// rows; any other error is final and every later call returns it again.
	Next() (Row, error)
	// Format is the format Open detected.
	Format() Format
	// Encoding is the detected encoding of a CSV file, "" for XLSX.
	Encoding() Encoding
	// Close releases the file and any temporary files. It may be called
	// more than once.
	Close() error
}

// Open opens a member spreadsheet for streaming. It recognises the format
// from the content, not from the file name: a ZIP archive ("PK\x03\x04") is
// read as XLSX, anything else as CSV text. It rejects with a clear *Error
// the files users are likely to pick by mistake: legacy .xls/.et files and
// password-protected workbooks (OLE compound files), .ods files, UTF-16
// text, HTML or XML "Excel" exports, and other binary files.
//
// XLSX: the first visible worksheet in workbook order is read (the first
// worksheet if all are hidden) with excelize's raw cell values, so numbers
// arrive as the file stores them: a date is its serial number ("42795"; see
// ParseDate) and a long number typed into a General cell arrives in the
// form the writing program stored, for example "1.10105199001011E+17" from
// Excel. A workbook in the 1904 date system (see Date1904) needs
// ParseDate1904 for its serials. Formulas give their cached result (empty
// when the writing program did not calculate them). Large worksheets and
// shared-string tables are unpacked to temporary files, which Close removes.
//
// CSV: the encoding is detected with DetectEncoding on a 64 KiB window that
// starts at the first non-ASCII byte of the file (so a file whose first
// rows are plain ASCII is still recognised from its Chinese text further
// on); GB18030 is decoded on the fly. Quotes are lax (a stray quote is kept
// as text, like Excel does), rows may have any number of fields, and CRLF,
// LF and old Macintosh CR line ends are all accepted. A single record may
// not exceed 8 MiB, which keeps memory bounded even when an unbalanced quote
// swallows the rest of the file.
//
// An empty file (0 bytes) opens as an empty CSV file: the first Next
// returns io.EOF.
func Open(path string) (Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(err)
	}
	prefix := make([]byte, detectWindow)
	n, err := io.ReadFull(f, prefix)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		f.Close()
		return nil, openError(err)
	}
	prefix = prefix[:n]
	format, serr := sniff(prefix)
	if serr != nil {
		f.Close()
		return nil, serr
	}
	if format == FormatXLSX {
		f.Close()
		return openXLSX(path)
	}
	enc, err := detectFileEncoding(f, prefix)
	if err != nil {
		f.Close()
		return nil, openError(err)
	}
	r, err := newCSVReader(f, enc)
	if err != nil {
		f.Close()
		return nil, openError(err)
	}
	return r, nil
}

// detectFileEncoding picks the encoding of a CSV file whose first bytes are
// prefix. It looks at the 64 KiB from the first non-ASCII byte on, scanning
// past prefix when prefix is plain ASCII.
func detectFileEncoding(f *os.File, prefix []byte) (Encoding, error) {
	if enc := DetectEncoding(prefix); enc == EncodingUTF8BOM {
		return enc, nil
	}
	offset := int64(-1)
	if i := firstNonASCII(prefix); i >= 0 {
		offset = int64(i)
	} else if len(prefix) == detectWindow {
		// Plain ASCII so far: scan on for the first non-ASCII byte.
		buf := make([]byte, detectWindow)
		pos := int64(len(prefix))
		for offset < 0 {
			n, err := f.ReadAt(buf, pos)
			if i := firstNonASCII(buf[:n]); i >= 0 {
				offset = pos + int64(i)
				break
			}
			pos += int64(n)
			if err == io.EOF {
				break
			}
			if err != nil {
				return "", err
			}
		}
	}
	if offset < 0 {
		return EncodingUTF8, nil // all ASCII
	}
	window := make([]byte, detectWindow)
	n, err := f.ReadAt(window, offset)
	if err != nil && err != io.EOF {
		return "", err
	}
	if DetectEncoding(window[:n]) == EncodingGB18030 {
		return EncodingGB18030, nil
	}
	return EncodingUTF8, nil
}

func openError(err error) *Error {
	if errors.Is(err, os.ErrNotExist) {
		return &Error{Code: ErrCodeOpen, Zh: "找不到文件", En: "file not found", Err: err}
	}
	return &Error{Code: ErrCodeOpen, Zh: "无法读取文件", En: "cannot read the file", Err: err}
}

// isTrimSpace reports whether r is removed from the ends of a cell.
func isTrimSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF'
}

// trimCell removes surrounding white space from a cell.
func trimCell(s string) string {
	if s == "" {
		return s
	}
	// Fast path: nothing to trim at either end.
	if first, last := s[0], s[len(s)-1]; first > ' ' && first < 0x80 && last > ' ' && last < 0x80 {
		return s
	}
	return strings.TrimFunc(s, isTrimSpace)
}

// tidyCells trims every cell in place and drops empty cells at the end. It
// returns nil for a blank row.
func tidyCells(cells []string) []string {
	last := -1
	for i, c := range cells {
		c = trimCell(c)
		cells[i] = c
		if c != "" {
			last = i
		}
	}
	return cells[: last+1 : last+1]
}
