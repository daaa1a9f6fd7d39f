// Package tabulartest writes hostile spreadsheets for tests: files small
// on disk that would cost a careless reader gigabytes of memory.
package tabulartest

import (
	"archive/zip"
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Hostile kinds of workbook; n sizes each.
const (
	Spaces    = "spaces"     // one cell of n MiB of spaces
	Shared    = "shared"     // n shared strings, the last one used
	WideRows  = "wide"       // n rows of 16,000 cells each
	LongCells = "long_cells" // n rows whose cells hold 40,000 characters
	Deep      = "deep"       // n elements nested in a cell
)

const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`
	rootRels     = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbook     = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	sheetHead    = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	sheetTail    = `</sheetData></worksheet>`
	sstHead      = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
)

// Header is the header row of the hostile workbooks: the member
// template's required columns, so an import reads on past it.
var Header = []string{"姓名", "公民身份号码", "所属工会", "入会日期"}

// Write writes a hostile workbook of the kind to path.
func Write(path, kind string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	z := zip.NewWriter(f)
	part := func(name string, body func(w *bufio.Writer)) {
		pw, perr := z.Create(name)
		if perr != nil {
			err = perr
			return
		}
		bw := bufio.NewWriterSize(pw, 1<<20)
		body(bw)
		if perr := bw.Flush(); perr != nil {
			err = perr
		}
	}
	part("[Content_Types].xml", func(w *bufio.Writer) { w.WriteString(contentTypes) })
	part("_rels/.rels", func(w *bufio.Writer) { w.WriteString(rootRels) })
	part("xl/workbook.xml", func(w *bufio.Writer) { w.WriteString(workbook) })
	part("xl/_rels/workbook.xml.rels", func(w *bufio.Writer) { w.WriteString(workbookRels) })
	part("xl/sharedStrings.xml", func(w *bufio.Writer) {
		w.WriteString(sstHead + `<si><t>x</t></si>`)
		if kind == Shared {
			for range n {
				w.WriteString(`<si><t>a</t></si>`)
			}
		}
		w.WriteString(`</sst>`)
	})
	part("xl/worksheets/sheet1.xml", func(w *bufio.Writer) {
		w.WriteString(sheetHead + `<row r="1">`)
		for _, h := range Header {
			fmt.Fprintf(w, `<c t="inlineStr"><is><t>%s</t></is></c>`, h)
		}
		w.WriteString(`</row>`)
		switch kind {
		case Spaces:
			w.WriteString(`<row r="2"><c t="inlineStr"><is><t>`)
			mib := strings.Repeat(" ", 1<<20)
			for range n {
				w.WriteString(mib)
			}
			w.WriteString(`x</t></is></c></row>`)
		case Shared:
			fmt.Fprintf(w, `<row r="2"><c t="s"><v>%d</v></c></row>`, n)
		case WideRows:
			for r := range n {
				fmt.Fprintf(w, `<row r="%d">`, r+2)
				for range 16000 {
					w.WriteString(`<c t="s"><v>0</v></c>`)
				}
				w.WriteString(`</row>`)
			}
		case LongCells:
			long := strings.Repeat("长", 40000)
			for r := range n {
				fmt.Fprintf(w, `<row r="%d"><c t="inlineStr"><is><t>%s</t></is></c></row>`, r+2, long)
			}
		case Deep:
			w.WriteString(`<row r="2"><c t="inlineStr"><is>` + strings.Repeat("<r>", n) + `</is></c></row>`)
		}
		w.WriteString(sheetTail)
	})
	if cerr := z.Close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// File writes a hostile workbook into the test's temporary directory.
func File(t testing.TB, kind string, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), kind+".xlsx")
	if err := Write(path, kind, n); err != nil {
		t.Fatal(err)
	}
	return path
}

// PeakHeap runs fn and returns how far the heap in use grew above where
// it stood before, sampled every few milliseconds.
func PeakHeap(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-done
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}
