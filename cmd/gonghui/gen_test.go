package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCLIGen(t *testing.T) {
	dir := t.TempDir()
	out, _, err := runCLI("", "gen", "--preset", "beijing-2017", "--scale", "0.001", "--seed", "3", "--out", dir)
	if err != nil || !strings.Contains(out, "members.csv\t5860 rows") {
		t.Fatalf("gen: %q %v", out, err)
	}
	for _, name := range []string{"orgs.csv", "units.csv", "members.csv", "contracts.csv", "congresses.csv", "disclosures.csv", "README.txt"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"gen", "--out", dir}, "--preset and --out are required"},
		{[]string{"gen", "--preset", "shanghai-2017", "--out", dir}, `unknown preset "shanghai-2017"`},
		{[]string{"gen", "--preset", "beijing-2017", "--scale", "0", "--out", dir}, "scale 0"},
		{[]string{"gen", "--preset", "beijing-2017", "--scale", "0.00001", "--out", dir}, "cannot be generated at this scale"},
	} {
		if _, _, err := runCLI("", tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want it to mention %q", tc.args, err, tc.want)
		}
	}
}
