// Package citybench measures gonghui on a whole loaded city: the
// dashboard's statistics and page, member lookup by ID number, the scoped
// member list under 32 concurrent clients (and its matrix: a district, a
// street and a small union's cadre, each kind of query, the first and a
// deep page), a district's CSV export, and the member portal under 64
// concurrent members (logins, the home page, a mix of visits).
//
// Nothing here builds data: the benchmarks run against a database that
// `gonghui gen` and `gonghui import` have filled, named by GONGHUI_BENCH_DB
// (sqlite:PATH or a postgres:// URL). Without it every test and benchmark
// skips, also under CI=true, so `go test ./...` never loads a city. The
// personal-data key is GONGHUI_KEY, or next to a SQLite database DB.key.
// GONGHUI_BENCH_DISTRICT picks the district (default BJ05, the largest).
//
// bench/city/run.sh generates, imports and runs everything at a scale;
// results are in docs/BENCHMARKS.md. By hand, in bench/ (its own module):
//
//	GONGHUI_BENCH_DB=sqlite:/tmp/city/city.db go test -run Harness -bench . -benchtime=2s ./city/
package citybench
