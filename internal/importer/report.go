package importer

import (
	"io"
	"strconv"

	"gonghui/internal/store"
	"gonghui/internal/tabular"
)

// templateRows is how far down the template's drop-downs reach.
const templateRows = 10000

// WriteTemplate writes the kind's import template: the header, one example
// row and drop-down lists for the coded columns.
func (k *kind[T]) WriteTemplate(out io.Writer) error {
	w, err := tabular.NewXLSXWriter(k.name, headers(k.columns))
	if err != nil {
		return err
	}
	example := make([]string, len(k.columns))
	for i, c := range k.columns {
		example[i] = c.example
	}
	if err := w.WriteRow(example); err != nil {
		return err
	}
	for i, c := range k.columns {
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
