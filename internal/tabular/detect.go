package tabular

import (
	"bytes"
	"unicode/utf8"
)

// Format is the kind of file Open found.
type Format string

// Formats.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// Encoding is the character encoding of a CSV file. XLSX files always report
// the empty Encoding.
type Encoding string

// Encodings.
const (
	EncodingUTF8    Encoding = "utf-8"
	EncodingUTF8BOM Encoding = "utf-8-bom"
	EncodingGB18030 Encoding = "gb18030"
)

// Magic numbers and markers.
var (
	zipMagic     = []byte("PK\x03\x04")
	oleMagic     = []byte("\xD0\xCF\x11\xE0")
	utf8BOM      = []byte("\xEF\xBB\xBF")
	utf16LEBOM   = []byte("\xFF\xFE")
	utf16BEBOM   = []byte("\xFE\xFF")
	odsMimeEntry = []byte("mimetypeapplication/vnd.oasis.opendocument")
)

// DetectEncoding guesses the encoding of a CSV file from a prefix of it
// (Open uses the first 64 KiB): a UTF-8 byte order mark gives
// EncodingUTF8BOM, valid UTF-8 gives EncodingUTF8, anything else
// EncodingGB18030 (which includes GBK and GB2312, the encodings Excel uses
// for "CSV (逗号分隔)" on Chinese Windows). A multi-byte UTF-8 sequence cut
// off by the end of the prefix does not count against UTF-8, so the prefix
// may end anywhere. An empty prefix is UTF-8.
func DetectEncoding(prefix []byte) Encoding {
	if bytes.HasPrefix(prefix, utf8BOM) {
		return EncodingUTF8BOM
	}
	if utf8.Valid(trimIncompleteRune(prefix)) {
		return EncodingUTF8
	}
	return EncodingGB18030
}

// trimIncompleteRune drops a UTF-8 sequence at the end of p that is a valid
// beginning of a rune but lacks its last bytes.
func trimIncompleteRune(p []byte) []byte {
	// The last rune starts at most utf8.UTFMax-1 bytes before the end.
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				return p[:i]
			}
			return p
		}
	}
	return p
}

// firstNonASCII returns the index of the first byte >= 0x80 in p, or -1.
func firstNonASCII(p []byte) int {
	for i, c := range p {
		if c >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}

// sniff rejects files that are neither CSV text nor XLSX, with an error
// that tells the user what to do. It returns nil for anything that may be
// read as CSV or XLSX; format tells which.
func sniff(prefix []byte) (Format, *Error) {
	switch {
	case bytes.HasPrefix(prefix, zipMagic):
		if len(prefix) >= 30+len(odsMimeEntry) && bytes.Equal(prefix[30:30+len(odsMimeEntry)], odsMimeEntry) {
			return "", newError(ErrCodeODS,
				"不支持 OpenDocument（.ods）表格，请用 WPS、Excel 或 LibreOffice 打开后另存为 .xlsx 或 .csv 文件",
				"OpenDocument spreadsheets (.ods) are not supported: open the file in WPS, Excel or LibreOffice and save it as .xlsx or .csv")
		}
		return FormatXLSX, nil
	case bytes.HasPrefix(prefix, oleMagic):
		return "", newError(ErrCodeXLS,
			"不支持旧版 Excel（.xls）或 WPS（.et）文件，也不支持设置了打开密码的表格：请用 Excel 或 WPS 打开，取消密码后另存为 .xlsx 或 .csv 文件再上传",
			"old Excel (.xls) and WPS (.et) files and password-protected workbooks are not supported: open the file in Excel or WPS, remove any password and save it as .xlsx or .csv before uploading")
	case bytes.HasPrefix(prefix, utf16LEBOM), bytes.HasPrefix(prefix, utf16BEBOM):
		return "", newError(ErrCodeUTF16,
			"不支持 UTF-16（“Unicode 文本”）文件，请另存为“CSV UTF-8（逗号分隔）”或 .xlsx 文件",
			"UTF-16 (\"Unicode text\") files are not supported: save the file as \"CSV UTF-8 (comma delimited)\" or .xlsx")
	}
	if looksLikeMarkup(prefix) {
		return "", newError(ErrCodeHTML,
			"这个文件其实是网页（HTML）或 XML 表格，只是扩展名像表格文件：请用 Excel 或 WPS 打开后另存为 .xlsx 或 .csv 文件",
			"this file is really a web page (HTML) or an XML spreadsheet with a spreadsheet extension: open it in Excel or WPS and save it as .xlsx or .csv")
	}
	if bytes.IndexByte(prefix, 0) >= 0 || bytes.HasPrefix(prefix, []byte("%PDF-")) {
		return "", newError(ErrCodeUnsupported,
			"无法识别的文件类型：请上传 .xlsx 或 .csv 文件",
			"unrecognised file type: upload an .xlsx or .csv file")
	}
	return FormatCSV, nil
}

// looksLikeMarkup reports whether a text file starts like HTML, an Excel
// "XML Spreadsheet 2003" or a single-file web page (MHT) — what many systems
// produce when they "export to Excel".
func looksLikeMarkup(prefix []byte) bool {
	p := bytes.TrimPrefix(prefix, utf8BOM)
	p = bytes.TrimLeft(p, " \t\r\n")
	if len(p) > 512 {
		p = p[:512]
	}
	lower := bytes.ToLower(p)
	for _, start := range []string{"<!doctype html", "<html", "<table", "<?xml", "mime-version:"} {
		if bytes.HasPrefix(lower, []byte(start)) {
			return true
		}
	}
	return false
}
