package importer

import (
	"io"
	"regexp"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/idcard"
	"gonghui/internal/store"
	"gonghui/internal/tabular"
)

// templateRows is how far down the template's drop-downs reach.
const templateRows = 10000

// WriteTemplate writes the kind's import template: the header, one example
// row, drop-down lists for the coded columns and for the union column (the
// unions given, as UnionChoice writes them), and a second sheet that
// explains each column.
func (k *kind[T]) WriteTemplate(out io.Writer, unions []string) error {
	w, err := tabular.NewXLSXWriter(k.name, headers(k.columns))
	if err != nil {
		return err
	}
	example := make([]string, len(k.columns))
	for i, c := range k.columns {
		example[i] = c.example
	}
	if k.orgColumn >= 0 && len(unions) > 0 {
		example[k.orgColumn] = unions[0]
	}
	if err := w.WriteRow(example); err != nil {
		return err
	}
	for i, c := range k.columns {
		list := c.choices
		if i == k.orgColumn && len(unions) > 0 {
			list = unions
		}
		if len(list) > 0 {
			if err := w.AddListValidation(i, list, 2, templateRows); err != nil {
				return err
			}
		}
	}
	if err := w.AddNoteSheet("填写说明", k.instructions(len(unions) > 0)); err != nil {
		return err
	}
	return w.Close(out)
}

// instructions are the rows of the template's second sheet: each column,
// whether it is required, and what it takes.
func (k *kind[T]) instructions(unionList bool) [][]string {
	rows := [][]string{{"列 column", "必填 required", "说明 / 可填的值 what it takes", "示例 example"}}
	for i, c := range k.columns {
		req := "否 no"
		if c.required {
			req = "是 yes"
		}
		what := c.note
		switch {
		case i == k.orgColumn && unionList:
			what = "从下拉列表选择您管辖的工会，或填写工会代码、统一社会信用代码 / pick one of your unions, or write its code or USCC"
		case i == k.orgColumn:
			what = "工会代码或统一社会信用代码 / the union's code or USCC"
		case len(c.choices) > 0:
			what = "可选：" + strings.Join(c.choices, "、")
		case what == "" && (strings.HasSuffix(c.field, "_on") || strings.HasPrefix(c.field, "term_")):
			what = "日期，如 2017-03-01 / a date, such as 2017-03-01"
		case what == "" && c.example != "" && strings.Trim(c.example, "0123456789") == "":
			what = wholeNote
		case what == "":
			what = textNote
		}
		rows = append(rows, []string{c.header, req, what, c.example})
	}
	rows = append(rows, []string{}, []string{"从本系统导出的表格与本模板列相同，修改后可直接导入；未改动的行导入后为“未变化”。 / A sheet exported from gonghui has these columns: fix it and import it back; rows left as they were come out unchanged."})
	if k.note != "" {
		rows = append(rows, []string{k.note})
	}
	return rows
}

// UnionChoice is a union as the template's drop-down offers it: its code,
// then its name; an import reads the code.
func UnionChoice(code, name string) string { return code + " " + name }

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
	"id_number":           idcard.Mask,
	"phone":               maskPhone,
	"caller_id_number":    idcard.Mask,
	"caller_phone":        maskPhone,
	"parties.0.id_number": idcard.Mask,
	"parties.0.phone":     maskPhone,
}

func maskPhone(s string) string { return gonghui.MaskPhone(gonghui.NormalizePhone(s)) }

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
