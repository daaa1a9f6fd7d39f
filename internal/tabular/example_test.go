package tabular_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gonghui/internal/tabular"
)

func ExampleParseDate() {
	for _, s := range []string{"2017-3-1", "2017年3月1日", "20170301", "42795", "2017-02-30"} {
		y, m, d, err := tabular.ParseDate(s)
		if err != nil {
			var e *tabular.Error
			errors.As(err, &e)
			fmt.Println(e.Code, "|", e.Zh, "|", e.En)
			continue
		}
		fmt.Printf("%04d-%02d-%02d\n", y, m, d)
	}
	// Output:
	// 2017-03-01
	// 2017-03-01
	// 2017-03-01
	// 2017-03-01
	// date_invalid | 日期“2017-02-30”不存在，请检查月份和日 | date "2017-02-30" does not exist: check the month and day
}

func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "members.csv")
	os.WriteFile(path, []byte("\xEF\xBB\xBF姓名,入会日期\r\n张三,2017-03-01\r\n\r\n李四,\"2017/3/1\"\r\n"), 0o600)

	r, err := tabular.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	fmt.Println(r.Format(), r.Encoding())
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(row.Line, row.Cells)
	}
	// Output:
	// csv utf-8-bom
	// 1 [姓名 入会日期]
	// 2 [张三 2017-03-01]
	// 4 [李四 2017/3/1]
}

func ExampleXLSXWriter() {
	w, err := tabular.NewXLSXWriter("会员", []string{"姓名", "性别", "编号"})
	if err != nil {
		fmt.Println(err)
		return
	}
	w.AddListValidation(1, []string{"男", "女"}, 2, 1000) // column B, rows 2-1000
	w.WriteRow([]string{"张三", "男", "000123"})

	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "members.xlsx")
	f, _ := os.Create(path)
	if err := w.Close(f); err != nil {
		fmt.Println(err)
		return
	}
	f.Close()

	r, _ := tabular.Open(path)
	defer r.Close()
	for {
		row, err := r.Next()
		if err != nil {
			break
		}
		fmt.Println(row.Line, row.Cells)
	}
	// Output:
	// 1 [姓名 性别 编号]
	// 2 [张三 男 000123]
}
