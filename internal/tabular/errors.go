package tabular

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error codes. They are stable and may be used by callers to pick a reaction
// (for example to show a help text for legacy .xls files).
const (
	// Opening and format detection.
	ErrCodeOpen        = "open"        // the file cannot be opened or read
	ErrCodeXLS         = "xls"         // legacy .xls / .et file, or a password-protected workbook
	ErrCodeUTF16       = "utf16"       // UTF-16 text ("Unicode text" export)
	ErrCodeODS         = "ods"         // OpenDocument spreadsheet (.ods)
	ErrCodeHTML        = "html"        // a web page or XML spreadsheet saved with a spreadsheet extension
	ErrCodeUnsupported = "unsupported" // a binary file that is neither CSV nor XLSX
	ErrCodeXLSX        = "xlsx"        // a damaged or unreadable XLSX file
	ErrCodeNoSheet     = "no_sheet"    // an XLSX workbook without a worksheet
	ErrCodeTooLarge    = "too_large"   // an XLSX file that unpacks to more than the limit
	ErrCodeLimit       = "limit"       // a file past one of the reader's bounds (shared strings, rows, cell length); the message names it

	// Reading rows.
	ErrCodeRead          = "read"            // an I/O error while reading rows
	ErrCodeCSVParse      = "csv_parse"       // a CSV syntax error
	ErrCodeRecordTooLong = "record_too_long" // one CSV record larger than the limit
	ErrCodeTooManyCols   = "too_many_columns"
	ErrCodeEncoding      = "encoding" // a row with bytes that are not valid in the detected encoding
	ErrCodeClosed        = "closed"   // Next called after Close

	// ParseDate.
	ErrCodeDateEmpty   = "date_empty"
	ErrCodeDateFormat  = "date_format"  // not one of the accepted forms
	ErrCodeDateInvalid = "date_invalid" // well-formed but not a calendar date (2017-02-30)
	ErrCodeDateSerial  = "date_serial"  // an Excel serial number outside the accepted range

	// XLSXWriter.
	ErrCodeWriterArg    = "writer_argument" // invalid argument (sheet name, column, row range, empty list)
	ErrCodeTooManyRows  = "too_many_rows"   // more rows than a worksheet holds (1,048,576)
	ErrCodeWriterClosed = "writer_closed"
	ErrCodeWrite        = "write" // the workbook could not be produced or written
)

// Error is a user-facing failure with a stable code and a message in Chinese
// and English.
type Error struct {
	Code string // one of the ErrCode constants
	Zh   string // message in Chinese
	En   string // message in English
	// Line is the row the error belongs to, as in Row.Line; 0 when the error
	// is not tied to a row. The messages already mention it.
	Line int
	// Err is the underlying cause, if any (for example an *fs.PathError);
	// errors.Is and errors.As see it through Unwrap.
	Err error
}

// Error returns both messages: "<English> (<Chinese>)".
func (e *Error) Error() string {
	return e.En + " (" + e.Zh + ")"
}

// In returns the message in lang: English for "en", Chinese otherwise.
func (e *Error) In(lang string) string {
	if lang == "en" {
		return e.En
	}
	return e.Zh
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same Code, so that
// errors.Is(err, &tabular.Error{Code: tabular.ErrCodeXLS}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && t.Code == e.Code
}

func newError(code, zh, en string) *Error {
	return &Error{Code: code, Zh: zh, En: en}
}

// lineError builds an error for one row; the line number is prefixed to both
// messages.
func lineError(code string, line int, zh, en string, cause error) *Error {
	return &Error{
		Code: code,
		Zh:   fmt.Sprintf("第 %d 行：%s", line, zh),
		En:   fmt.Sprintf("line %d: %s", line, en),
		Line: line,
		Err:  cause,
	}
}

// quoteInput shortens and cleans a user-supplied value for use inside an
// error message: control characters and invalid bytes become U+FFFD and
// anything beyond 40 characters is cut with an ellipsis.
func quoteInput(s string) string {
	const maxRunes = 40
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if n == maxRunes {
			b.WriteString("…")
			break
		}
		if r == utf8.RuneError && size == 1 || unicode.IsControl(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
