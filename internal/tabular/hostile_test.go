package tabular_test

import (
	"errors"
	"io"
	"testing"

	"gonghui/internal/tabular"
	"gonghui/internal/tabular/tabulartest"
)

// TestHostileWorkbooks reads workbooks built to exhaust memory (the old
// reader took 18 GiB for 2 GiB of spaces in one cell, 3.2 GiB for 30
// million shared strings) and checks that each is refused with an error
// naming the bound while the heap stays small.
func TestHostileWorkbooks(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads hundreds of MiB of XML")
	}
	cases := []struct {
		kind string
		n    int
		code string // the error Next or Open gives
		rows int    // rows read before it (header included)
	}{
		{tabulartest.Spaces, 512, tabular.ErrCodeLimit, 1},
		{tabulartest.Shared, 4_000_001, tabular.ErrCodeLimit, 0},
		{tabulartest.LongCells, 300, tabular.ErrCodeLimit, 1}, // each row refused alone
		{tabulartest.Deep, 100_000, tabular.ErrCodeXLSX, 1},
		{tabulartest.WideRows, 60, "", 61}, // wide but within Excel's columns: read, in bounded memory
	}
	for _, tc := range cases {
		t.Run(tc.kind, func(t *testing.T) {
			path := tabulartest.File(t, tc.kind, tc.n)
			var final error
			rows, refused := 0, 0
			peak := tabulartest.PeakHeap(func() {
				r, err := tabular.Open(path)
				if err != nil {
					final = err
					return
				}
				defer r.Close()
				for {
					_, err := r.Next()
					var te *tabular.Error
					switch {
					case errors.Is(err, io.EOF):
						return
					case errors.As(err, &te) && te.Line > 0:
						refused++
						if te.Code != tc.code {
							t.Errorf("row error %v, want code %q", err, tc.code)
						}
						continue
					case err != nil:
						final = err
						return
					}
					rows++
				}
			})
			if tc.kind == tabulartest.LongCells {
				if refused != tc.n || final != nil {
					t.Errorf("%d rows refused, final %v: want %d refused", refused, final, tc.n)
				}
			} else {
				var te *tabular.Error
				if tc.code == "" && final != nil || tc.code != "" && (!errors.As(final, &te) || te.Code != tc.code || te.Line != 0) {
					t.Errorf("final error %v, want code %q", final, tc.code)
				}
			}
			if rows != tc.rows {
				t.Errorf("%d rows read, want %d", rows, tc.rows)
			}
			if limit := uint64(160 << 20); peak > limit {
				t.Errorf("heap grew by %d MiB, want at most %d MiB", peak>>20, limit>>20)
			}
			t.Logf("%s: heap grew by %d MiB; %v", tc.kind, peak>>20, final)
		})
	}
}
