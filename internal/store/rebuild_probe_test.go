package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"gonghui/internal/store"
)

// TestRebuildWriterWaits measures, on a loaded city named by
// GONGHUI_PROBE_DB (a copy: it sets the aggregates aside), how long other
// writers wait while the statistics are rebuilt: a write to stat_deltas
// (what a writer of the statistics waits on, on either engine) every
// 20 ms, its longest wait, for a rebuild of the contracts' families, of
// every family with the rows right, and of every family from no rows.
func TestRebuildWriterWaits(t *testing.T) {
	db := os.Getenv("GONGHUI_PROBE_DB")
	if db == "" {
		t.Skip("GONGHUI_PROBE_DB names no city")
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct{ name, setAside string }{
		{"contracts families", `INSERT INTO stat_stale_families SELECT org_id, 'contracts' FROM stat_aggregates UNION ALL SELECT org_id, 'coverage' FROM stat_aggregates`},
		{"every family", `UPDATE stat_aggregates SET stale = 1`},
		{"every family, no rows", `DELETE FROM stat_deltas; UPDATE stat_aggregates SET stale = 1`},
	} {
		if _, err := s.DB().Exec(c.setAside); err != nil {
			t.Fatal(err)
		}
		stop, done := make(chan struct{}), make(chan struct{})
		var longest time.Duration
		var probes, failed int
		go func() {
			defer close(done)
			for {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				t0 := time.Now()
				tx, err := s.DB().BeginTx(context.Background(), nil)
				if err == nil {
					if _, err = tx.Exec(`UPDATE stat_deltas SET delta = delta WHERE org_id = -1`); err == nil {
						err = tx.Commit()
					} else {
						tx.Rollback()
					}
				}
				if err != nil {
					failed++
				}
				longest = max(longest, time.Since(t0))
				probes++
			}
		}()
		t0 := time.Now()
		n, err := s.RefreshStats(context.Background())
		took := time.Since(t0)
		close(stop)
		<-done
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: rebuilt %d aggregates in %v; %d writes meanwhile (%d failed), the longest waited %v", c.name, n, took.Round(time.Millisecond), probes, failed, longest.Round(time.Millisecond))
	}
}
