package tabular

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

// writeTemp writes data to a new file in a test's temporary directory.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// readAll opens path and reads every row; it fails the test on any error
// other than the final io.EOF.
func readAll(t testing.TB, path string) (Reader, []Row) {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	var rows []Row
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("Next after %d rows: %v", len(rows), err)
		}
		rows = append(rows, row)
	}
	return r, rows
}

func assertRows(t testing.TB, got, want []Row) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d rows, want %d", len(got), len(want))
	}
	for i := 0; i < len(got) && i < len(want); i++ {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("row %d:\n got %d %q\nwant %d %q", i, got[i].Line, got[i].Cells, want[i].Line, want[i].Cells)
		}
	}
}

// asError asserts that err is an *Error with the given code.
func asError(t testing.TB, err error, code string) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	if e.Code != code {
		t.Fatalf("error code %q, want %q (%v)", e.Code, code, err)
	}
	if e.Zh == "" || e.En == "" {
		t.Fatalf("error %q lacks a message: %+v", code, e)
	}
	return e
}

func bufioReader(r io.Reader) *bufio.Reader { return bufio.NewReaderSize(r, 16) }

// zipWith builds a ZIP archive holding the given files (stored in name
// order).
func zipWith(t testing.TB, files map[string]string) string {
	t.Helper()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, files[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// odsFile builds the start of an OpenDocument spreadsheet: an uncompressed
// "mimetype" entry first, as the format requires.
func odsFile(t testing.TB) string {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "application/vnd.oasis.opendocument.spreadsheet")
	w, _ = zw.Create("content.xml")
	io.WriteString(w, "<office:document-content/>")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
