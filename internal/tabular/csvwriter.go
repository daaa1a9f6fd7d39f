package tabular

import (
	"encoding/csv"
	"io"
	"regexp"
)

// CSVWriter writes a CSV file for people to open in Excel or WPS: UTF-8
// with a byte order mark (so Excel reads it as UTF-8), every cell made safe
// to open (see SafeCell).
type CSVWriter struct {
	w   *csv.Writer
	row []string
}

// NewCSVWriter starts a CSV file on out, writing the byte order mark.
func NewCSVWriter(out io.Writer) *CSVWriter {
	out.Write(utf8BOM) // an error shows again on the first Flush
	return &CSVWriter{w: csv.NewWriter(out)}
}

// Write writes one row, each cell through SafeCell.
func (c *CSVWriter) Write(cells []string) error {
	c.row = c.row[:0]
	for _, cell := range cells {
		c.row = append(c.row, SafeCell(cell))
	}
	return c.w.Write(c.row)
}

// Flush writes what is buffered and returns the first error met.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// plainNumber is a decimal number as the exports write figures: Excel
// reads it as a number, never as a formula.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// SafeCell neutralises a cell that a spreadsheet would run as a formula
// (CSV injection, as OWASP describes it): one beginning with =, +, -, @,
// a tab or a carriage return gets a leading single quote, so Excel and WPS
// show it as text. A plain negative number (-5, -0.5) is left alone: it
// cannot be a formula, and a figure must stay a number to be summed.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return "'" + s
	case '-':
		if !plainNumber.MatchString(s) {
			return "'" + s
		}
	}
	return s
}

// unquoteSafeCell undoes SafeCell when a CSV file is read: a cell that is
// exactly what SafeCell makes of another value is read as that value, so
// an exported sheet imports back unchanged. Any other leading quote stays.
func unquoteSafeCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && SafeCell(s[1:]) == s {
		return s[1:]
	}
	return s
}
