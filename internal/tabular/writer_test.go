package tabular

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// industries is a drop-down list far longer than Excel's 255-character
// limit for a list stored in the validation rule.
var industries = strings.Fields(`
农业 林业 畜牧业 渔业 煤炭开采 石油开采 金属采矿 食品制造 饮料制造 纺织业
服装制造 皮革制品 木材加工 家具制造 造纸业 印刷业 文教用品 石油加工 化学原料 医药制造
化学纤维 橡胶制品 塑料制品 建材制造 黑色冶炼 有色冶炼 金属制品 通用设备 专用设备 汽车制造
铁路设备 电气机械 电子设备 仪器仪表 电力供应 燃气供应 水的生产 房屋建筑 土木工程 建筑安装
批发业 零售业 铁路运输 道路运输 水上运输 航空运输 邮政业 住宿业 餐饮业 电信服务
软件服务 货币金融 保险业 房地产业 租赁业 商务服务`)

func memberRow(i int) []string {
	sex := []string{"男", "女"}[i%2]
	return []string{
		fmt.Sprintf("成员%05d", i),
		fmt.Sprintf("%06d", i),              // leading zeros must survive
		fmt.Sprintf("2017-03-%02d", i%28+1), // a date as text
		sex,
		industries[i%len(industries)],
		"",                               // an empty cell in the middle
		fmt.Sprintf("=%d+1", i),          // text, never a formula
		fmt.Sprintf("1101051990%08d", i), // a long digit string stays text
	}
}

func TestXLSXWriterRoundTrip(t *testing.T) {
	if len(industries) != 56 {
		t.Fatalf("%d industries", len(industries))
	}
	header := []string{"姓名", "编号", "入会日期", "性别", "行业", "备注", "公式", "长数字"}
	w, err := NewXLSXWriter("会员名单", header)
	if err != nil {
		t.Fatal(err)
	}
	const n = 10000
	// One list before any row, one after all rows.
	must(t, w.AddListValidation(3, []string{"男", "女"}, 2, n+1))
	for i := 1; i <= n; i++ {
		must(t, w.WriteRow(memberRow(i)))
	}
	must(t, w.AddListValidation(4, industries, 2, 5000))
	var out bytes.Buffer
	must(t, w.Close(&out))
	if err := w.WriteRow([]string{"x"}); err == nil {
		t.Error("WriteRow after Close succeeded")
	}
	asError(t, w.Close(io.Discard), ErrCodeWriterClosed)

	path := writeTemp(t, "export.xlsx", out.Bytes())
	r, rows := readAll(t, path)
	if r.Format() != FormatXLSX {
		t.Fatalf("Format = %q", r.Format())
	}
	want := []Row{{1, header}}
	for i := 1; i <= n; i++ {
		want = append(want, Row{i + 1, memberRow(i)})
	}
	assertRows(t, rows, want)

	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); fmt.Sprint(got) != "[会员名单 _lists]" {
		t.Errorf("sheets = %q", got)
	}
	if visible, _ := f.GetSheetVisible("_lists"); visible {
		t.Error("helper sheet is visible")
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d", f.GetActiveSheetIndex())
	}
	dvs, err := f.GetDataValidations("会员名单")
	if err != nil {
		t.Fatal(err)
	}
	if len(dvs) != 2 {
		t.Fatalf("%d data validations", len(dvs))
	}
	byRange := map[string]*excelize.DataValidation{}
	for _, dv := range dvs {
		byRange[dv.Sqref] = dv
		if dv.Type != "list" || !dv.ShowErrorMessage {
			t.Errorf("validation %s: type %q, error shown %v", dv.Sqref, dv.Type, dv.ShowErrorMessage)
		}
	}
	if dv := byRange[fmt.Sprintf("D2:D%d", n+1)]; dv == nil || dv.Formula1 != `"男,女"` {
		t.Errorf("inline list: %+v", dv)
	}
	if dv := byRange["E2:E5000"]; dv == nil || dv.Formula1 != "'_lists'!$A$1:$A$56" {
		t.Errorf("long list: %+v", dv)
	}
	helper, err := f.GetRows("_lists")
	if err != nil {
		t.Fatal(err)
	}
	if len(helper) != 56 || helper[0][0] != industries[0] || helper[55][0] != industries[55] {
		t.Errorf("helper sheet rows: %d", len(helper))
	}

	// Cells are text with the text format; the header is bold and frozen.
	if typ, _ := f.GetCellType("会员名单", "B2"); typ != excelize.CellTypeInlineString {
		t.Errorf("B2 type = %v", typ)
	}
	if typ, _ := f.GetCellType("会员名单", "G2"); typ != excelize.CellTypeInlineString {
		t.Errorf("G2 type = %v", typ)
	}
	if formula, _ := f.GetCellFormula("会员名单", "G2"); formula != "" {
		t.Errorf("G2 has formula %q", formula)
	}
	for cell, bold := range map[string]bool{"A1": true, "B2": false} {
		id, err := f.GetCellStyle("会员名单", cell)
		must(t, err)
		st, err := f.GetStyle(id)
		must(t, err)
		if st.NumFmt != 49 || (st.Font != nil && st.Font.Bold) != bold {
			t.Errorf("%s style: numfmt %d font %+v", cell, st.NumFmt, st.Font)
		}
	}
	panes, err := f.GetPanes("会员名单")
	must(t, err)
	if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v", panes)
	}
	for col, min := range map[string]float64{"A": 10, "B": 8, "H": 18} {
		width, err := f.GetColWidth("会员名单", col)
		must(t, err)
		if width < min || width > maxColumnWidth {
			t.Errorf("column %s width %v", col, width)
		}
	}
}

func TestXLSXWriterSmall(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header []string
		rows   [][]string
		want   []Row
	}{
		{"header only", []string{"姓名", "单位"}, nil, []Row{{1, []string{"姓名", "单位"}}}},
		{"no header", nil, [][]string{{"a", "b"}, {}, {"", "c"}}, []Row{{1, []string{"a", "b"}}, {3, []string{"", "c"}}}},
		{"empty", nil, nil, nil},
		{"wide", []string{"a"}, [][]string{{"1", "2", "3"}}, []Row{{1, []string{"a"}}, {2, []string{"1", "2", "3"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := NewXLSXWriter("", tc.header)
			must(t, err)
			for _, row := range tc.rows {
				must(t, w.WriteRow(row))
			}
			var out bytes.Buffer
			must(t, w.Close(&out))
			_, rows := readAll(t, writeTemp(t, "small.xlsx", out.Bytes()))
			assertRows(t, rows, tc.want)
		})
	}
}

func TestXLSXWriterListWithCommas(t *testing.T) {
	w, err := NewXLSXWriter("表", []string{"类别"})
	must(t, err)
	must(t, w.AddListValidation(0, []string{"甲,乙", "丙"}, 2, 100))
	must(t, w.AddListValidation(0, []string{"=危险", "安全"}, 101, 200))
	must(t, w.AddListValidation(1, []string{"甲,乙", "丙"}, 2, 100)) // same list, same helper column
	var out bytes.Buffer
	must(t, w.Close(&out))
	f, err := excelize.OpenReader(&out)
	must(t, err)
	defer f.Close()
	dvs, err := f.GetDataValidations("表")
	must(t, err)
	got := map[string]string{}
	for _, dv := range dvs {
		got[dv.Sqref] = dv.Formula1
	}
	want := map[string]string{
		"A2:A100":   "'_lists'!$A$1:$A$2",
		"A101:A200": "'_lists'!$B$1:$B$2",
		"B2:B100":   "'_lists'!$A$1:$A$2",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("validations = %v, want %v", got, want)
	}
	if v, _ := f.GetCellValue("_lists", "B1"); v != "=危险" {
		t.Errorf("helper B1 = %q", v)
	}
}

func TestXLSXWriterErrors(t *testing.T) {
	for _, name := range []string{"a/b", "x[1]", "'quoted'", strings.Repeat("长", 32), "_lists"} {
		if _, err := NewXLSXWriter(name, nil); err == nil {
			t.Errorf("sheet name %q accepted", name)
		} else {
			asError(t, err, ErrCodeWriterArg)
		}
	}
	w, err := NewXLSXWriter("", []string{"a"})
	must(t, err)
	for _, tc := range []struct {
		col, from, to int
		values        []string
	}{
		{-1, 2, 3, []string{"x"}},
		{maxColumns, 2, 3, []string{"x"}},
		{0, 0, 3, []string{"x"}},
		{0, 5, 3, []string{"x"}},
		{0, 2, excelize.TotalRows + 1, []string{"x"}},
		{0, 2, 3, nil},
		{0, 2, 3, []string{"", ""}},
	} {
		asError(t, w.AddListValidation(tc.col, tc.values, tc.from, tc.to), ErrCodeWriterArg)
	}
	asError(t, w.WriteRow(make([]string, maxColumns+1)), ErrCodeWriterArg)
	// Pretend the sheet is full.
	w.rows = excelize.TotalRows
	asError(t, w.WriteRow([]string{"x"}), ErrCodeTooManyRows)
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{
		"": 0, "abc": 3, "姓名": 4, "Ａ1": 3, "第一行\n第二行长": 8, "é": 1,
	} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
