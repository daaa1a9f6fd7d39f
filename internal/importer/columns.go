// Package importer brings spreadsheets into gonghui — members, the union
// tree and its units, collective contracts, workers' congresses and
// affairs disclosure: CSV in any of the encodings Chinese
// Excel writes and XLSX, columns found by their Chinese header names in any
// order, every bad row reported with its line, column and reason, and the
// good rows saved — or none, by choice. Importing the same file twice
// changes nothing the second time.
package importer

import (
	"strings"

	"gonghui"
)

// column is one column of an import template.
type column struct {
	header   string   // the template's Chinese header
	aliases  []string // other headers seen in real files, and the JSON field name
	field    string   // the input's JSON field its errors name
	required bool
	example  string
	choices  []string // drop-down values for the template
	note     string   // what the column takes, for the template's instructions
}

// Notes the template's instructions give for columns of a common shape.
const (
	unitsNote = "一个或多个已登记单位的统一社会信用代码，用“；”或“、”分隔 / one or more registered units' USCCs, separated by ； or 、"
	wholeNote = "整数 / a whole number"
	textNote  = "文字 / text"
)

func choiceNames(list []gonghui.Choice) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = c.Name.Zh
	}
	return out
}

func headers(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.header
	}
	return out
}

// normHeader folds a header cell for matching: spaces and a "*" marking
// required columns are dropped.
func normHeader(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u3000', '*', '＊', '\t':
			return -1
		}
		return r
	}, s)
	return strings.ToLower(s)
}

// headerMap maps a file's header row to template columns: index[col] is
// the file column or -1. Unknown and repeated headers become warnings.
type headerMap struct {
	cols     []column
	index    []int
	names    []string // the header as the file writes it
	warnings []string
}

func mapHeader(cols []column, cells []string) headerMap {
	h := headerMap{cols: cols, index: make([]int, len(cols)), names: make([]string, len(cols))}
	lookup := map[string]int{}
	for i, c := range cols {
		h.index[i], h.names[i] = -1, c.header
		lookup[normHeader(c.header)] = i
		for _, a := range c.aliases {
			lookup[normHeader(a)] = i
		}
	}
	for fi, cell := range cells {
		if strings.TrimSpace(cell) == "" {
			continue
		}
		col, ok := lookup[normHeader(cell)]
		switch {
		case !ok:
			h.warnings = append(h.warnings, "忽略未知列“"+cell+"” / ignored unknown column \""+cell+"\"")
		case h.index[col] >= 0:
			h.warnings = append(h.warnings, "列“"+cell+"”重复，仅使用第一列 / column \""+cell+"\" appears twice: the first is used")
		default:
			h.index[col], h.names[col] = fi, cell
		}
	}
	return h
}

// cell returns the value of a template column in a row.
func (h headerMap) cell(cells []string, col int) string {
	i := h.index[col]
	if i < 0 || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// columnFor returns the file's header for an input field; an item of a
// list (team.1.person_id) is its list's column.
func (h headerMap) columnFor(field string) string {
	for i, c := range h.cols {
		if c.field == field {
			return h.names[i]
		}
	}
	if i := strings.IndexByte(field, '.'); i > 0 {
		return h.columnFor(field[:i])
	}
	return field
}
