package generate

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// csvFile writes one UTF-8 CSV file a row at a time. Rows are built in a
// reused buffer: the member file has millions of them.
type csvFile struct {
	name string
	f    *os.File
	w    *bufio.Writer
	row  []byte
	rows int // data rows, the header not counted
	err  error
}

func createCSV(dir, name string, header []string) (*csvFile, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	c := &csvFile{name: name, f: f, w: bufio.NewWriterSize(f, 1<<20)}
	for _, h := range header {
		c.field(h)
	}
	c.end()
	c.rows = 0
	return c, nil
}

// field adds a text cell, quoted when it holds a comma, quote or newline.
func (c *csvFile) field(s string) {
	if len(c.row) > 0 {
		c.row = append(c.row, ',')
	}
	if !strings.ContainsAny(s, ",\"\r\n") {
		c.row = append(c.row, s...)
		return
	}
	c.row = append(c.row, '"')
	c.row = append(c.row, strings.ReplaceAll(s, `"`, `""`)...)
	c.row = append(c.row, '"')
}

// int adds a whole-number cell.
func (c *csvFile) int(n int) {
	if len(c.row) > 0 {
		c.row = append(c.row, ',')
	}
	c.row = strconv.AppendInt(c.row, int64(n), 10)
}

// date adds a date cell (noDay leaves it empty).
func (c *csvFile) date(t day) {
	if len(c.row) > 0 {
		c.row = append(c.row, ',')
	}
	if t != noDay {
		c.row = appendDate(c.row, t)
	}
}

// raw adds a cell the caller built in place (it must need no quoting);
// the caller appends its bytes to the returned slice and hands it to end.
func (c *csvFile) raw() []byte {
	if len(c.row) > 0 {
		c.row = append(c.row, ',')
	}
	return c.row
}

// end finishes the row.
func (c *csvFile) end() {
	c.row = append(c.row, '\n')
	if c.err == nil {
		_, c.err = c.w.Write(c.row)
	}
	c.row = c.row[:0]
	c.rows++
}

// close flushes the file and returns its size.
func (c *csvFile) close() (int64, error) {
	if c.err == nil {
		c.err = c.w.Flush()
	}
	if err := c.f.Close(); c.err == nil {
		c.err = err
	}
	if c.err != nil {
		return 0, c.err
	}
	fi, err := os.Stat(c.f.Name())
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}
