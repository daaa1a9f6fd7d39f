package sqlitedriver

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkBulkInsert loads benchRows members into a fresh file database in
// one transaction with a prepared statement, then builds two indexes. One op
// is the whole load; run it with -benchtime=1x.
func BenchmarkBulkInsert(b *testing.B) {
	rows := benchMembers()
	for _, d := range allDrivers() {
		b.Run(d.name, func(b *testing.B) {
			var insertTotal, indexTotal time.Duration
			for i := range b.N {
				b.StopTimer()
				path := filepath.Join(b.TempDir(), "members.db")
				db := openDB(b, d, path)
				db.SetMaxOpenConns(1)
				b.StartTimer()

				lt, err := loadMembers(context.Background(), db, rows)
				if err != nil {
					b.Fatalf("%s: iteration %d: %v", d.name, i, err)
				}

				b.StopTimer()
				insertTotal += lt.insert
				indexTotal += lt.index
				if err := db.Close(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			n := float64(b.N)
			total := insertTotal + indexTotal
			b.ReportMetric(n*benchRows/total.Seconds(), "rows/s")
			b.ReportMetric(n*benchRows/insertTotal.Seconds(), "insert-rows/s")
			b.ReportMetric(float64(insertTotal.Milliseconds())/n, "insert-ms/op")
			b.ReportMetric(float64(indexTotal.Milliseconds())/n, "index-ms/op")
		})
	}
}

// lookupKeys returns the id_hash values of all members in a fixed random
// order, so that consecutive lookups hit unrelated index pages.
func lookupKeys() [][]byte {
	rows := benchMembers()
	keys := make([][]byte, len(rows))
	for i := range rows {
		keys[i] = rows[i].idHash
	}
	r := rand.New(rand.NewPCG(7, 11))
	r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	return keys
}

// BenchmarkPointLookup fetches one member by its indexed id_hash per op,
// through a prepared statement on a single connection.
func BenchmarkPointLookup(b *testing.B) {
	keys := lookupKeys()
	for _, d := range allDrivers() {
		b.Run(d.name, func(b *testing.B) {
			db := openDB(b, d, populatedDB(b, d))
			defer db.Close()
			db.SetMaxOpenConns(1)
			stmt, err := db.Prepare(lookupSQL)
			if err != nil {
				b.Fatal(err)
			}
			defer stmt.Close()
			var (
				id, orgID   int64
				name, birth string
				sex         int
			)
			b.ResetTimer()
			for i := range b.N {
				err := stmt.QueryRow(keys[i%len(keys)]).Scan(&id, &orgID, &name, &birth, &sex)
				if err != nil {
					b.Fatalf("lookup %d: %v", i, err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkPointLookupParallel is BenchmarkPointLookup from GOMAXPROCS
// goroutines sharing a connection pool, as concurrent web requests would.
func BenchmarkPointLookupParallel(b *testing.B) {
	keys := lookupKeys()
	for _, d := range allDrivers() {
		b.Run(d.name, func(b *testing.B) {
			db := openDB(b, d, populatedDB(b, d))
			defer db.Close()
			stmt, err := db.Prepare(lookupSQL)
			if err != nil {
				b.Fatal(err)
			}
			defer stmt.Close()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				var (
					id, orgID   int64
					name, birth string
					sex         int
				)
				i := rand.IntN(len(keys))
				for pb.Next() {
					i++
					err := stmt.QueryRow(keys[i%len(keys)]).Scan(&id, &orgID, &name, &birth, &sex)
					if err != nil {
						b.Errorf("lookup: %v", err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkGroupBy runs the per-organisation member count over the whole
// table once per op; rows/s counts the table rows aggregated.
func BenchmarkGroupBy(b *testing.B) {
	for _, d := range allDrivers() {
		b.Run(d.name, func(b *testing.B) {
			db := openDB(b, d, populatedDB(b, d))
			defer db.Close()
			db.SetMaxOpenConns(1)
			b.ResetTimer()
			for range b.N {
				rows, err := db.Query(groupBySQL)
				if err != nil {
					b.Fatal(err)
				}
				var orgID, count, total int64
				for rows.Next() {
					if err := rows.Scan(&orgID, &count); err != nil {
						b.Fatal(err)
					}
					total += count
				}
				if err := rows.Err(); err != nil {
					b.Fatal(err)
				}
				rows.Close()
				if total != benchRows {
					b.Fatalf("counted %d rows, want %d", total, benchRows)
				}
			}
			b.ReportMetric(float64(b.N)*benchRows/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
