// Package importbench measures the member import end to end: a 100,000-row
// CSV read, validated, sealed and saved by importer.Run into a fresh store,
// on SQLite and on PostgreSQL, and the re-import of the same file.
//
// The package contains only a benchmark and a quick smoke test; it has no
// runtime code. Plain `go test` runs the smoke test only (200 rows on
// SQLite). Run the benchmark in bench/ (its own module) with:
//
//	go test -run '^$' -bench ImportMembers100k -benchtime=1x -count=3 ./import/
//
// The postgres half needs GONGHUI_TEST_POSTGRES (see storetest) and is
// skipped without it. Results are in docs/BENCHMARKS.md.
package importbench
