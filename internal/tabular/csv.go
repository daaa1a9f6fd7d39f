package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// maxRecordBytes bounds one CSV record (after decoding to UTF-8).
const maxRecordBytes = 8 << 20

// errRecordTooLong is returned by budgetReader when a record outgrows
// maxRecordBytes.
var errRecordTooLong = errors.New("tabular: CSV record too long")

type csvReader struct {
	f      *os.File
	enc    Encoding
	cr     *csv.Reader
	budget *budgetReader

	line    int // logical line (Row.Line) of the last record read
	lastEnd int // physical line on which the last record ended
	err     error
	closed  bool
}

func newCSVReader(f *os.File, enc Encoding) (*csvReader, error) {
	skip := int64(0)
	if enc == EncodingUTF8BOM {
		skip = int64(len(utf8BOM))
	}
	if _, err := f.Seek(skip, io.SeekStart); err != nil {
		return nil, err
	}
	var src io.Reader = f
	if enc == EncodingGB18030 {
		src = transform.NewReader(f, simplifiedchinese.GB18030.NewDecoder())
	}
	budget := &budgetReader{r: &crReader{br: bufio.NewReaderSize(src, 64<<10)}, limit: maxRecordBytes}
	cr := csv.NewReader(budget)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	return &csvReader{f: f, enc: enc, cr: cr, budget: budget}, nil
}

func (r *csvReader) Format() Format     { return FormatCSV }
func (r *csvReader) Encoding() Encoding { return r.enc }

func (r *csvReader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.err = closedError()
	return r.f.Close()
}

func closedError() *Error {
	return newError(ErrCodeClosed, "读取器已关闭", "the reader is closed")
}

func (r *csvReader) Next() (Row, error) {
	for {
		if r.err != nil {
			return Row{}, r.err
		}
		r.budget.limit = r.cr.InputOffset() + maxRecordBytes
		rec, err := r.cr.Read()
		if err != nil {
			r.err = r.readError(err)
			return Row{}, r.err
		}
		start, _ := r.cr.FieldPos(0)
		lastLine, _ := r.cr.FieldPos(len(rec) - 1)
		end := lastLine + strings.Count(rec[len(rec)-1], "\n")
		r.line += start - r.lastEnd
		r.lastEnd = end

		cells := tidyCells(rec)
		if len(cells) == 0 {
			continue
		}
		for i, c := range cells {
			cells[i] = unquoteSafeCell(c)
		}
		if err := checkCells(r.line, cells); err != nil {
			return Row{}, err
		}
		if err := r.checkEncoding(cells); err != nil {
			return Row{}, err
		}
		return Row{Line: r.line, Cells: cells}, nil
	}
}

// checkEncoding reports text that did not decode cleanly: invalid UTF-8 in
// a UTF-8 file, or replacement characters produced by the GB18030 decoder.
// Both mean that the file mixes encodings or is damaged; importing such
// text would store garbled names.
func (r *csvReader) checkEncoding(cells []string) error {
	bad := false
	for _, c := range cells {
		if r.enc == EncodingGB18030 {
			bad = strings.ContainsRune(c, utf8.RuneError)
		} else {
			bad = !utf8.ValidString(c)
		}
		if bad {
			break
		}
	}
	if !bad {
		return nil
	}
	zhEnc, enEnc := "UTF-8", "UTF-8"
	if r.enc == EncodingGB18030 {
		zhEnc, enEnc = "GBK/GB18030", "GBK/GB18030"
	}
	return lineError(ErrCodeEncoding, r.line,
		fmt.Sprintf("含有不是 %s 编码的字符（文件可能混用了多种编码或已损坏），请用 Excel 或 WPS 打开后另存为“CSV UTF-8（逗号分隔）”或 .xlsx 文件", zhEnc),
		fmt.Sprintf("contains bytes that are not valid %s (the file may mix encodings or be damaged): open it in Excel or WPS and save it as \"CSV UTF-8 (comma delimited)\" or .xlsx", enEnc),
		nil)
}

// readError turns an error of csv.Reader into the final error of Next.
func (r *csvReader) readError(err error) error {
	if err == io.EOF {
		return io.EOF
	}
	if errors.Is(err, errRecordTooLong) {
		return lineError(ErrCodeRecordTooLong, r.line+1,
			fmt.Sprintf("这一行超过 %d MiB，文件中可能有不成对的引号", maxRecordBytes>>20),
			fmt.Sprintf("the row is longer than %d MiB; the file may contain an unbalanced quote", maxRecordBytes>>20),
			err)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line := r.line + pe.StartLine - r.lastEnd
		return lineError(ErrCodeCSVParse, line,
			fmt.Sprintf("CSV 格式错误（%v）", pe.Err),
			fmt.Sprintf("malformed CSV (%v)", pe.Err),
			err)
	}
	return lineError(ErrCodeRead, r.line+1, "读取文件出错", "error reading the file", err)
}

// budgetReader fails with errRecordTooLong once more than limit bytes in
// total have been read through it. The CSV reader raises the limit before
// every record.
type budgetReader struct {
	r     io.Reader
	n     int64 // bytes delivered so far
	limit int64
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.n >= b.limit {
		return 0, errRecordTooLong
	}
	if rest := b.limit - b.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	return n, err
}

// crReader turns every carriage return that is not followed by a line feed
// into a line feed, so that files with old Macintosh line ends (CR only)
// split into rows. CRLF is left alone for encoding/csv to handle.
type crReader struct {
	br *bufio.Reader
}

func (c *crReader) Read(p []byte) (int, error) {
	n, err := c.br.Read(p)
	q := p[:n]
	for off := 0; ; {
		j := bytes.IndexByte(q[off:], '\r')
		if j < 0 {
			break
		}
		i := off + j
		if i+1 < n {
			if q[i+1] != '\n' {
				q[i] = '\n'
			}
		} else if next, perr := c.br.Peek(1); perr != nil || next[0] != '\n' {
			q[i] = '\n'
		}
		off = i + 1
	}
	return n, err
}
