package tabular

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchRead reads every row of path once per iteration and reports rows/s.
func benchRead(b *testing.B, path string, wantRows int) {
	b.Helper()
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		r, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		r.Close()
		if n != wantRows {
			b.Fatalf("read %d rows, want %d", n, wantRows)
		}
	}
	b.ReportMetric(float64(wantRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// writeBenchCSV writes a header and n member rows, encoded by enc.
func writeBenchCSV(b *testing.B, n int, gbk bool) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "members.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	line := func(cells []string) {
		s := strings.Join(cells, ",") + "\r\n"
		if gbk {
			w.Write(gb18030(b, s))
		} else {
			w.WriteString(s)
		}
	}
	line([]string{"姓名", "编号", "入会日期", "性别", "行业", "备注", "公式", "长数字"})
	for i := 1; i <= n; i++ {
		line(memberRow(i))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path
}

// BenchmarkReadCSV reads a 100,000-row UTF-8 CSV file.
func BenchmarkReadCSV(b *testing.B) {
	const n = 100000
	benchRead(b, writeBenchCSV(b, n, false), n+1)
}

// BenchmarkReadCSVGB18030 reads the same file encoded in GB18030.
func BenchmarkReadCSVGB18030(b *testing.B) {
	const n = 100000
	benchRead(b, writeBenchCSV(b, n, true), n+1)
}

// BenchmarkReadXLSX reads a 20,000-row workbook made by XLSXWriter.
func BenchmarkReadXLSX(b *testing.B) {
	const n = 20000
	path := filepath.Join(b.TempDir(), "members.xlsx")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w, err := NewXLSXWriter("会员", []string{"姓名", "编号", "入会日期", "性别", "行业", "备注", "公式", "长数字"})
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		if err := w.WriteRow(memberRow(i)); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(f); err != nil {
		b.Fatal(err)
	}
	f.Close()
	benchRead(b, path, n+1)
}

// BenchmarkXLSXWriter writes a 20,000-row workbook.
func BenchmarkXLSXWriter(b *testing.B) {
	const n = 20000
	b.ReportAllocs()
	for b.Loop() {
		w, err := NewXLSXWriter("会员", []string{"姓名", "编号", "入会日期", "性别", "行业", "备注", "公式", "长数字"})
		if err != nil {
			b.Fatal(err)
		}
		for i := 1; i <= n; i++ {
			if err := w.WriteRow(memberRow(i)); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
