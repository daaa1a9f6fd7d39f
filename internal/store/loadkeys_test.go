package store

import (
	"context"
	"os"
	"slices"
	"testing"
)

// TestKeySet holds the set to the first line of each key, in memory and
// once moved to its scratch file (during a batch, and before one).
func TestKeySet(t *testing.T) {
	key := func(b byte) [16]byte { return [16]byte{b, 1, 2, 3} }
	batches := []struct {
		keys  [][16]byte
		lines []int
		want  []int
	}{
		{[][16]byte{key(1), key(2), key(1)}, []int{2, 3, 4}, []int{0, 0, 2}},
		{[][16]byte{key(3), key(2), key(3), key(4)}, []int{5, 6, 7, 9}, []int{0, 3, 5, 0}},
		{nil, nil, []int{}},
		{[][16]byte{key(4), key(5), key(1), key(5)}, []int{10, 11, 12, 13}, []int{9, 0, 2, 11}},
	}
	for _, tc := range []struct {
		name       string
		memoryKeys int
		spilled    bool
	}{
		{"in memory", 100, false},
		{"moved during the second batch", 3, true},
		{"moved before the first batch", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			was := MemoryKeys
			MemoryKeys = tc.memoryKeys
			defer func() { MemoryKeys = was }()
			k := NewKeySet()
			defer k.Close()
			for i, b := range batches {
				got, err := k.Add(context.Background(), b.keys, b.lines)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, b.want) {
					t.Errorf("batch %d: first lines %v, want %v", i, got, b.want)
				}
			}
			if (k.db != nil) != tc.spilled {
				t.Errorf("scratch file in use: %t, want %t", k.db != nil, tc.spilled)
			}
			dir := k.dir
			if err := k.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(dir); tc.spilled && !os.IsNotExist(err) {
				t.Errorf("scratch directory %s left behind (%v)", dir, err)
			}
		})
	}
}
