package tabular

import (
	"archive/zip"
	"bufio"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
)

// The XLSX reader reads the parts of the workbook itself, streaming them
// with encoding/xml through bounded readers, so that no file — however its
// parts are packed — holds more than the limits below in memory. Tests
// lower the variables.
var (
	// xlsxUnzipLimit bounds the unpacked size of the workbook, declared
	// or actual. A worksheet of 500,000 member rows is a few hundred MiB
	// of XML; the limit is far above that.
	xlsxUnzipLimit int64 = 4 << 30
	// xlsxTokenLimit bounds one XML token (a text, a tag with its
	// attributes, the white space between two tags): a cell holds at most
	// 32,767 characters, a few times that as escaped UTF-8.
	xlsxTokenLimit = 1 << 20
	// xlsxSharedStrings and xlsxSharedBytes bound the shared-string table:
	// a full worksheet of 1,048,576 rows with four distinct texts a row
	// stays under them.
	xlsxSharedStrings = 4_000_000
	xlsxSharedBytes   = 128 << 20
)

const (
	// xlsxMaxParts bounds the entries of the ZIP archive: a workbook has
	// a few dozen; each costs memory when the directory is read.
	xlsxMaxParts = 10_000
	// xlsxMetaLimit bounds the small parts read whole (the workbook and
	// its relationships).
	xlsxMetaLimit = 16 << 20
	// xlsxMaxRows is the height of a worksheet.
	xlsxMaxRows = 1 << 20
	// xlsxMaxDepth bounds element nesting (a cell's rich text is four
	// levels below the worksheet).
	xlsxMaxDepth = 64
)

type xlsxReader struct {
	zf       *zip.ReadCloser
	part     io.ReadCloser // the worksheet
	dec      *xml.Decoder
	depth    int
	shared   *sharedStrings
	lastRow  int // sheet row number of the last row read
	date1904 bool
	err      error
	closed   bool
}

func openXLSX(filePath string) (Reader, error) {
	if err := checkZipDirectory(filePath); err != nil {
		return nil, err
	}
	zf, err := zip.OpenReader(filePath)
	if err != nil {
		return nil, xlsxDamaged(err)
	}
	r, err := startXLSX(zf)
	if err != nil {
		zf.Close()
		return nil, err
	}
	return r, nil
}

func startXLSX(zf *zip.ReadCloser) (*xlsxReader, error) {
	var unpacked uint64
	parts := map[string]*zip.File{}
	for _, f := range zf.File {
		unpacked += f.UncompressedSize64
		parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	if unpacked > uint64(xlsxUnzipLimit) {
		return nil, tooLarge(nil)
	}
	workbook := "xl/workbook.xml"
	if rels, err := readRels(parts, "_rels/.rels", ""); err != nil {
		return nil, err
	} else if t := rels.target("/officeDocument"); t != "" {
		workbook = t
	}
	sheets, date1904, err := readWorkbook(parts, workbook)
	if err != nil {
		return nil, err
	}
	rels, err := readRels(parts, path.Join(path.Dir(workbook), "_rels", path.Base(workbook)+".rels"), path.Dir(workbook))
	if err != nil {
		return nil, err
	}
	r := &xlsxReader{zf: zf, date1904: date1904}
	if t := rels.target("/sharedStrings"); t != "" && parts[t] != nil {
		if r.shared, err = readSharedStrings(parts[t]); err != nil {
			return nil, err
		}
	}
	if len(sheets) == 0 {
		return nil, newError(ErrCodeNoSheet, "工作簿中没有工作表", "the workbook has no worksheet")
	}
	sheet := rels.byID[sheets[0].rid] // the first visible sheet, else the first
	for _, s := range sheets {
		if s.visible {
			sheet = rels.byID[s.rid]
			break
		}
	}
	if sheet == "" {
		return nil, newError(ErrCodeNoSheet, "工作簿中没有工作表", "the workbook has no worksheet")
	}
	if parts[sheet] == nil {
		return nil, xlsxDamaged(fmt.Errorf("worksheet %s missing", sheet))
	}
	if r.part, r.dec, err = openPart(parts[sheet], xlsxUnzipLimit); err != nil {
		return nil, err
	}
	return r, nil
}

// checkZipDirectory refuses an archive whose directory lists more entries
// than a workbook has, before archive/zip reads them all into memory.
func checkZipDirectory(filePath string) error {
	f, err := os.Open(filePath)
	if err != nil {
		return openError(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return openError(err)
	}
	// The end-of-directory record is in the last 22 bytes plus a comment
	// of up to 64 KiB.
	n := min(st.Size(), 22+65535)
	tail := make([]byte, n)
	if _, err := f.ReadAt(tail, st.Size()-n); err != nil {
		return openError(err)
	}
	for i := len(tail) - 22; i >= 0; i-- {
		if binary.LittleEndian.Uint32(tail[i:]) == 0x06054b50 {
			// 0xFFFF says the count is in a ZIP64 record: no workbook has
			// that many entries.
			if entries := binary.LittleEndian.Uint16(tail[i+10:]); entries > xlsxMaxParts {
				return tooLarge(nil)
			}
			return nil
		}
	}
	return xlsxDamaged(errors.New("no ZIP directory"))
}

// limitedPart reads a part, failing once it yields more than its limit.
type limitedPart struct {
	r    io.ReadCloser
	left int64
}

var errPartTooLarge = errors.New("tabular: part unpacks beyond the limit")

func (p *limitedPart) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, errPartTooLarge
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	n, err := p.r.Read(b)
	p.left -= int64(n)
	return n, err
}

func (p *limitedPart) Close() error { return p.r.Close() }

// tokenGuard fails once a run of bytes without '<' or '>' outgrows
// xlsxTokenLimit: encoding/xml keeps a whole token in memory.
type tokenGuard struct {
	r   io.Reader
	run int
}

var errTokenTooLong = errors.New("tabular: XML token too long")

func (g *tokenGuard) Read(b []byte) (int, error) {
	n, err := g.r.Read(b)
	for _, c := range b[:n] {
		if c == '<' || c == '>' {
			g.run = 0
		} else if g.run++; g.run > xlsxTokenLimit {
			return 0, errTokenTooLong
		}
	}
	return n, err
}

func openPart(f *zip.File, limit int64) (io.ReadCloser, *xml.Decoder, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, nil, xlsxDamaged(err)
	}
	lp := &limitedPart{r: rc, left: limit}
	dec := xml.NewDecoder(bufio.NewReaderSize(&tokenGuard{r: lp}, 64<<10))
	dec.Strict = false // as Excel is lenient about entities
	return lp, dec, nil
}

// readWhole walks a small part's elements with fn.
func readWhole(parts map[string]*zip.File, name string, fn func(xml.StartElement)) error {
	f := parts[name]
	if f == nil {
		return nil
	}
	rc, dec, err := openPart(f, xlsxMetaLimit)
	if err != nil {
		return err
	}
	defer rc.Close()
	depth := 0
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return xmlError(err, 0)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > xlsxMaxDepth {
				return xlsxDamaged(errors.New("elements nested too deep"))
			}
			fn(t)
		case xml.EndElement:
			depth--
		}
	}
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

type relations struct {
	byID   map[string]string
	byType map[string]string
}

// target is the part of the first relation whose type ends in suffix.
func (r relations) target(suffix string) string {
	for typ, t := range r.byType {
		if strings.HasSuffix(typ, suffix) {
			return t
		}
	}
	return ""
}

// readRels reads a relationships part; targets are resolved against dir.
func readRels(parts map[string]*zip.File, name, dir string) (relations, error) {
	r := relations{byID: map[string]string{}, byType: map[string]string{}}
	err := readWhole(parts, name, func(e xml.StartElement) {
		if e.Name.Local != "Relationship" || attr(e, "TargetMode") == "External" {
			return
		}
		t := attr(e, "Target")
		if strings.HasPrefix(t, "/") {
			t = t[1:]
		} else {
			t = path.Join(dir, t)
		}
		r.byID[attr(e, "Id")] = t
		if typ := attr(e, "Type"); r.byType[typ] == "" {
			r.byType[typ] = t
		}
	})
	return r, err
}

type sheetRef struct {
	rid     string
	visible bool
}

func readWorkbook(parts map[string]*zip.File, name string) ([]sheetRef, bool, error) {
	if parts[name] == nil {
		return nil, false, xlsxNotWorkbook(errors.New("no workbook part"))
	}
	var sheets []sheetRef
	date1904 := false
	err := readWhole(parts, name, func(e xml.StartElement) {
		switch e.Name.Local {
		case "sheet":
			state := attr(e, "state")
			sheets = append(sheets, sheetRef{rid: attr(e, "id"), visible: state != "hidden" && state != "veryHidden"})
		case "workbookPr":
			v := attr(e, "date1904")
			date1904 = v == "1" || v == "true"
		}
	})
	return sheets, date1904, err
}

// sharedStrings keeps the table in one buffer: a Go string per entry
// would cost 16 bytes more each.
type sharedStrings struct {
	text []byte
	ends []uint32
}

func (s *sharedStrings) get(i int) (string, bool) {
	if s == nil || i < 0 || i >= len(s.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return string(s.text[start:s.ends[i]]), true
}

func readSharedStrings(f *zip.File) (*sharedStrings, error) {
	rc, dec, err := openPart(f, xlsxUnzipLimit)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	s := &sharedStrings{}
	depth, inText, inPhonetic := 0, false, false
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return s, nil
		}
		if err != nil {
			return nil, xmlError(err, 0)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > xlsxMaxDepth {
				return nil, xlsxDamaged(errors.New("elements nested too deep"))
			}
			switch t.Name.Local {
			case "si":
				if len(s.ends) == xlsxSharedStrings {
					return nil, limitError(fmt.Sprintf("共享字符串超过 %d 条", xlsxSharedStrings),
						fmt.Sprintf("more than %d shared strings", xlsxSharedStrings))
				}
			case "t":
				inText = !inPhonetic
			case "rPh": // a phonetic guide, not part of the text
				inPhonetic = true
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "si":
				s.ends = append(s.ends, uint32(len(s.text)))
			case "t":
				inText = false
			case "rPh":
				inPhonetic = false
			}
		case xml.CharData:
			if inText {
				if len(s.text)+len(t) > xlsxSharedBytes {
					return nil, limitError(fmt.Sprintf("共享字符串合计超过 %d MiB", xlsxSharedBytes>>20),
						fmt.Sprintf("the shared strings exceed %d MiB in all", xlsxSharedBytes>>20))
				}
				s.text = append(s.text, t...)
			}
		}
	}
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

func xlsxNotWorkbook(err error) *Error {
	return &Error{Code: ErrCodeXLSX,
		Zh:  "文件不是有效的 .xlsx 表格，请用 Excel 或 WPS 打开后另存为 .xlsx 或 .csv 文件",
		En:  "the file is not a valid .xlsx workbook: open it in Excel or WPS and save it as .xlsx or .csv",
		Err: err}
}

func xlsxDamaged(err error) *Error {
	return &Error{Code: ErrCodeXLSX,
		Zh:  "无法读取 .xlsx 文件（文件可能已损坏或不是 Excel 表格），请用 Excel 或 WPS 打开后重新另存为 .xlsx 或 .csv 文件",
		En:  "cannot read the .xlsx file (it may be damaged or not an Excel workbook): open it in Excel or WPS and save it again as .xlsx or .csv",
		Err: err}
}

func tooLarge(err error) *Error {
	return &Error{Code: ErrCodeTooLarge,
		Zh:  fmt.Sprintf("表格解压后超过 %d MiB，请拆分后分批上传", xlsxUnzipLimit>>20),
		En:  fmt.Sprintf("the workbook unpacks to more than %d MiB: split it and upload the parts", xlsxUnzipLimit>>20),
		Err: err}
}

// limitError refuses a workbook past one of the reader's bounds, naming it.
func limitError(zh, en string) *Error {
	return &Error{Code: ErrCodeLimit, Zh: "表格超出读取限制：" + zh + "，请拆分或清理后再上传", En: "the workbook is past a limit: " + en + "; split or clean it and upload it again"}
}

// xmlError maps a failure while streaming a part; line is the sheet row
// being read (0: none), named in the message. The error is final, so its
// Line stays 0.
func xmlError(err error, line int) error {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, errPartTooLarge):
		return tooLarge(err)
	case errors.Is(err, errTokenTooLong):
		e = limitError(fmt.Sprintf("有一段文字超过 %d KiB", xlsxTokenLimit>>10), fmt.Sprintf("a text longer than %d KiB", xlsxTokenLimit>>10))
	default:
		e = xlsxDamaged(err)
	}
	if line > 0 {
		at := lineError(e.Code, line, e.Zh, e.En, err)
		e.Zh, e.En = at.Zh, at.En
	}
	e.Err = err
	return e
}

func (r *xlsxReader) Format() Format     { return FormatXLSX }
func (r *xlsxReader) Encoding() Encoding { return "" }

func (r *xlsxReader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.err = closedError()
	r.shared = nil
	err1 := r.part.Close()
	if err2 := r.zf.Close(); err2 != nil {
		return err2
	}
	return err1
}

func (r *xlsxReader) Next() (Row, error) {
	for {
		if r.err != nil {
			return Row{}, r.err
		}
		line, cells, refused, err := r.nextRow()
		if err != nil {
			r.err = err
			return Row{}, err
		}
		if refused != nil {
			return Row{}, refused
		}
		cells = tidyCells(cells)
		if len(cells) == 0 {
			continue
		}
		if err := checkCells(line, cells); err != nil {
			return Row{}, err
		}
		return Row{Line: line, Cells: cells}, nil
	}
}

// nextRow reads the worksheet up to the end of the next <row>. A row past
// a bound comes back refused, its cells skipped; err is final.
func (r *xlsxReader) nextRow() (line int, cells []string, refused, err error) {
	var (
		inRow, inV, inT, phon bool
		col                   int    // column of the cell being read
		typ                   string // its t attribute
		value                 strings.Builder
		cellBytes, rowBytes   int
	)
	refuse := func(e *Error) {
		if refused == nil {
			refused = lineError(e.Code, line, e.Zh, e.En, nil)
		}
	}
	for {
		tok, err := r.dec.RawToken()
		if err == io.EOF {
			if inRow {
				return 0, nil, nil, xlsxDamaged(io.ErrUnexpectedEOF)
			}
			return 0, nil, nil, io.EOF
		}
		if err != nil {
			return 0, nil, nil, xmlError(err, r.lastRow+1)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if r.depth++; r.depth > xlsxMaxDepth {
				return 0, nil, nil, xlsxDamaged(errors.New("elements nested too deep"))
			}
			switch t.Name.Local {
			case "row":
				inRow, line = true, r.lastRow+1
				if n, err := strconv.Atoi(attr(t, "r")); err == nil && n > r.lastRow {
					line = n
				}
				if line > xlsxMaxRows {
					e := limitError(fmt.Sprintf("超过 %d 行", xlsxMaxRows), fmt.Sprintf("more than %d rows", xlsxMaxRows))
					return 0, nil, nil, e
				}
				cells, col = nil, -1
			case "c":
				next := col + 1
				if c, ok := columnOf(attr(t, "r")); ok && c >= next {
					next = c
				}
				if next >= maxColumns {
					refuse(tooManyColumns())
				}
				col, typ, cellBytes = next, attr(t, "t"), 0
				value.Reset()
			case "v":
				inV = true
			case "t":
				inT = !phon
			case "rPh": // a phonetic guide, not part of the text
				phon = true
			}
		case xml.EndElement:
			r.depth--
			switch t.Name.Local {
			case "row":
				r.lastRow = line
				return line, cells, refused, nil
			case "c":
				if !inRow || refused != nil {
					continue
				}
				text := value.String()
				if typ == "s" {
					i, err := strconv.Atoi(strings.TrimSpace(text))
					if text, _ = r.shared.get(i); err != nil {
						text = ""
					}
				}
				if rowBytes += len(text); rowBytes > maxRecordBytes {
					refuse(limitError(fmt.Sprintf("这一行超过 %d MiB", maxRecordBytes>>20), fmt.Sprintf("the row is longer than %d MiB", maxRecordBytes>>20)))
					cells = nil
					continue
				}
				for len(cells) < col {
					cells = append(cells, "")
				}
				cells = append(cells, text)
			case "v":
				inV = false
			case "t":
				inT = false
			case "rPh":
				phon = false
			}
		case xml.CharData:
			// A cell's value is its <v>, or the text runs of an inline
			// string.
			if !inRow || refused != nil || !(inV || inT) {
				continue
			}
			if cellBytes += len(t); cellBytes > maxCellBytes {
				refuse(cellTooLong())
				continue
			}
			value.Write(t)
		}
	}
}

// columnOf reads the column of a cell reference ("AB12" → 27).
func columnOf(ref string) (int, bool) {
	col := 0
	i := 0
	for ; i < len(ref) && i < 4; i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	return col - 1, i > 0
}
