package importer

import (
	"io"
	"regexp"
	"strconv"

	"gonghui"
	"gonghui/idcard"
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

// personalFields mask the cells of the template columns that hold
// personal data.
var personalFields = map[string]func(string) string{
	"id_number": idcard.Mask,
	"phone":     func(s string) string { return gonghui.MaskPhone(gonghui.NormalizePhone(s)) },
}

// longNumber is what an ID number or a phone looks like in a column the
// template does not know (a second ID column, a "备注" holding one).
var longNumber = regexp.MustCompile(`[0-9]{11,}[0-9Xx]?`)

func maskNumber(s string) string {
	if len(s) >= 15 {
		return idcard.Mask(s)
	}
	return gonghui.MaskPhone(s)
}

func (k *kind[T]) fileColumns() []column { return k.columns }

// MaskErrorCells masks the personal data of refused rows, in place, for a
// reader who may not reveal it: the cells of the columns that hold ID
// numbers and phones, and long numbers in the columns the kind does not
// know. The line, column and reason stay, which is enough to find and
// fix the row in the file.
func MaskErrorCells(im store.Import, errs []store.ImportRowError) {
	masks := map[int]func(string) string{}
	known := map[int]bool{}
	if job, ok := Jobs[im.Kind].(interface{ fileColumns() []column }); ok {
		h := mapHeader(job.fileColumns(), im.Header)
		for col, fi := range h.index {
			if fi < 0 {
				continue
			}
			known[fi] = true
			if m := personalFields[h.cols[col].field]; m != nil {
				masks[fi] = m
			}
		}
	}
	for i := range errs {
		for fi, c := range errs[i].Cells {
			switch {
			case masks[fi] != nil:
				errs[i].Cells[fi] = masks[fi](c)
			case !known[fi]:
				errs[i].Cells[fi] = longNumber.ReplaceAllStringFunc(c, maskNumber)
			}
		}
	}
}
