// Package sqlitedriver compares the two SQLite drivers gonghui can use with
// database/sql: github.com/mattn/go-sqlite3 (cgo, driver name "sqlite3") and
// modernc.org/sqlite (pure Go, driver name "sqlite").
//
// The package contains only benchmarks and a quick smoke test; it has no
// runtime code. Plain `go test` runs the smoke test only. Run the benchmarks
// in bench/ (its own module) with:
//
//	go test -run '^$' -bench BulkInsert -benchtime=1x -count=3 ./sqlite-driver/
//	go test -run '^$' -bench 'Lookup|GroupBy' -count=3 ./sqlite-driver/
//
// The mattn driver is only included when cgo is enabled (build tag cgo), so
// the package also compiles and runs with CGO_ENABLED=0.
//
// Results and the recommendation are in docs/sqlite-driver.md.
package sqlitedriver
