package importer

import (
	"io"
	"strconv"

	"gonghui/internal/store"
	"gonghui/internal/tabular"
)

// exampleID is a synthetic citizen ID number with a valid check character
// (area 110105, born 1990-03-07); it belongs to no one.
const exampleID = "110105199003071239"

// templateRows is how far down the template's drop-downs reach.
const templateRows = 10000

// WriteTemplate writes the member import template: the header, one example
// row and drop-down lists for the coded columns.
func WriteTemplate(out io.Writer) error {
	w, err := tabular.NewXLSXWriter("会员导入", Headers())
	if err != nil {
		return err
	}
	example := make([]string, numColumns)
	for i, c := range columns {
		example[i] = c.example
	}
	example[colID] = exampleID
	example[colOrg] = "GH000123"
	if err := w.WriteRow(example); err != nil {
		return err
	}
	for i, c := range columns {
		if len(c.choices) > 0 {
			if err := w.AddListValidation(i, c.choices, 2, templateRows); err != nil {
				return err
			}
		}
	}
	return w.Close(out)
}

// WriteErrorReport writes the refused rows of an import: the file's own
// columns as read, then the line, the column and the reason in both
// languages, one line per bad column — fix them and import the file again.
func WriteErrorReport(out io.Writer, im store.Import, errs []store.ImportRowError) error {
	header := append(append([]string{}, im.Header...), "行号 line", "错误列 column", "错误原因", "reason")
	w, err := tabular.NewXLSXWriter("错误报告", header)
	if err != nil {
		return err
	}
	for _, e := range errs {
		row := make([]string, len(im.Header), len(header))
		copy(row, e.Cells)
		row = append(row, strconv.Itoa(e.Line), e.Field, e.Zh, e.En)
		if err := w.WriteRow(row); err != nil {
			return err
		}
	}
	return w.Close(out)
}
