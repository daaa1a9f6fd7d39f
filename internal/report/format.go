package report

import (
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/tabular"
)

// FormatCount writes a count the way the work report does: as is below ten
// thousand, then in 万 or 亿 with at most two decimals ("5.4万", "1.26亿").
func FormatCount(n float64) string {
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return strconv.FormatFloat(n, 'f', -1, 64)
	}
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	// Units are chosen after rounding, so 99,999,999 reads "1亿", not "10000万".
	var s string
	switch {
	case round2(n) < 1e4:
		s = trim(strconv.FormatFloat(round2(n), 'f', 2, 64))
	case round2(n/1e4) < 1e4:
		s = trim(strconv.FormatFloat(round2(n/1e4), 'f', 2, 64)) + "万"
	default:
		s = trim(strconv.FormatFloat(round2(n/1e8), 'f', 2, 64)) + "亿"
	}
	if s == "0" {
		sign = ""
	}
	return sign + s
}

// FormatPercent writes a percentage with at most one decimal: "88%", "93.5%".
func FormatPercent(p float64) string {
	if math.IsNaN(p) || math.IsInf(p, 0) {
		return strconv.FormatFloat(p, 'f', -1, 64) + "%"
	}
	r := math.Round(p*10) / 10
	if r == 0 {
		r = 0 // no "-0%"
	}
	return trim(strconv.FormatFloat(r, 'f', 1, 64)) + "%"
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// trim drops trailing zeros of a decimal and a dangling point.
func trim(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// WriteHTML writes the report as a small complete HTML document: the
// sentences as paragraphs and a table of every figure.
func WriteHTML(w io.Writer, r Report) error {
	type row struct{ Key, Name, Text, Exact, Unit string }
	var rows []row
	for _, k := range r.Keys() {
		f := r.Figures[k]
		rw := row{Key: k, Text: f.Text, Exact: "—"}
		rw.Name = k // a figure the catalogue no longer names keeps its key
		if in, ok := gonghui.IndicatorByKey(k); ok {
			rw.Name, rw.Unit = in.Name.Zh, in.Unit.Zh
		}
		if f.Available {
			rw.Exact = strconv.FormatFloat(f.Value, 'f', -1, 64)
		}
		rows = append(rows, rw)
	}
	return htmlPage.Execute(w, map[string]any{"R": r, "Rows": rows})
}

var htmlPage = htmltemplate.Must(htmltemplate.New("report").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{.R.Year}}年工作报告数据 · {{.R.OrgName}}</title>
<style>
body { font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.7; }
table { border-collapse: collapse; margin-top: 1.5em; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
<h1>{{.R.Year}}年工作报告数据 · {{.R.OrgName}}（{{.R.Org}}）</h1>
<p>统计日期：{{.R.Date.Chinese}}</p>
{{range .R.Sentences}}<p>{{.Text}}</p>
{{end -}}
<table>
<thead><tr><th>指标名称</th><th>数值</th><th>精确值</th><th>单位</th></tr></thead>
<tbody>
{{range .Rows}}<tr data-indicator="{{.Key}}"><td>{{.Name}}</td><td class="num">{{.Text}}</td><td class="num">{{.Exact}}</td><td>{{.Unit}}</td></tr>
{{end -}}
</tbody>
</table>
</body>
</html>
`))

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// XLSXHeader is the header row of the workbook WriteXLSX writes.
var XLSXHeader = []string{"指标键", "指标名称", "数值", "文字", "单位"}

// WriteXLSX writes one row per figure: key, name, exact value (empty when
// unavailable), the text as the report writes it, and the unit.
func WriteXLSX(w io.Writer, r Report) error {
	xw, err := tabular.NewXLSXWriter(fmt.Sprintf("%d年工作报告数据", r.Year), XLSXHeader)
	if err != nil {
		return err
	}
	for _, k := range r.Keys() {
		f := r.Figures[k]
		var name, unit, value string
		if in, ok := gonghui.IndicatorByKey(k); ok {
			name, unit = in.Name.Zh, in.Unit.Zh
		}
		if f.Available {
			value = strconv.FormatFloat(f.Value, 'f', -1, 64)
		}
		if err := xw.WriteRow([]string{k, name, value, f.Text, unit}); err != nil {
			xw.Close(io.Discard)
			return err
		}
	}
	return xw.Close(w)
}
