package store_test

import (
	"testing"

	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestCheckWritesNothing: a check's connection refuses every statement
// that is not a read, however it is sent, before it reaches the database.
func TestCheckWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		for i, err := range s.CheckWrites(ctx) {
			if err == nil {
				t.Errorf("write %d ran in a check", i)
			}
		}
	})
}
