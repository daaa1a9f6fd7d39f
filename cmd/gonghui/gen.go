package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"gonghui/internal/generate"
)

// gen runs `gonghui gen`: a synthetic city written as import files.
func gen(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError) // no --db: it writes files only
	fs.SetOutput(stderr)
	preset := fs.String("preset", "", "the city and year to imitate: "+strings.Join(generate.PresetNames(), ", "))
	scale := fs.Float64("scale", 1, "size relative to the preset (0.01 = one hundredth)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed and scale give the same files")
	out := fs.String("out", "", "directory to write the files into")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *preset == "" || *out == "" {
		return errors.New("--preset and --out are required")
	}
	files, err := generate.Generate(generate.Options{Preset: *preset, Scale: *scale, Seed: *seed, Out: *out, Progress: stderr})
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(stdout, "%s\t%d rows\n", f.Name, f.Rows)
	}
	fmt.Fprintf(stdout, "wrote %d files and %s to %s\n", len(files), generate.Manifest, *out)
	return nil
}
