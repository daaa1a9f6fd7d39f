package store_test

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestInterruptOrphanImports leaves imports "running" under several
// owners, as a crash would, and holds the server start's sweep to marking
// those whose process is gone and sparing a live one.
func TestInterruptOrphanImports(t *testing.T) {
	host, _ := os.Hostname()
	here := func(pid int) string { return host + ":" + strconv.Itoa(pid) }
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("no true(1) to find a dead process ID:", err)
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		for _, tc := range []struct {
			name, owner, status string
			dryRun              bool // saved nothing (all-or-nothing may have, in its second pass)
			want                string
		}{
			{"before owners were recorded", "", store.ImportRunning, false, store.ImportInterrupted},
			{"this process, restarted with the same ID", here(os.Getpid()), store.ImportRunning, false, store.ImportInterrupted},
			{"a process gone", here(gone.Process.Pid), store.ImportRunning, true, store.ImportInterrupted},
			{"another host", "elsewhere:1", store.ImportRunning, false, store.ImportInterrupted},
			{"a live command-line import", here(os.Getppid()), store.ImportRunning, false, store.ImportRunning},
			{"a finished import", "", store.ImportDone, false, store.ImportDone},
		} {
			im, err := s.CreateImport(ctx, sys, "members", tc.name+".csv", tc.dryRun, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.DB().Exec(`UPDATE imports SET owner = '` + tc.owner + `', status = '` + tc.status + `' WHERE id = ` + strconv.FormatInt(im.ID, 10)); err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.InterruptOrphanImports(ctx)
		if err != nil || n != 4 {
			t.Fatalf("marked %d (%v), want 4", n, err)
		}
		ims, err := s.ListImports(ctx, sys, gonghui.Page{Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range ims {
			name := strings.TrimSuffix(im.Filename, ".csv")
			switch {
			case name == "a live command-line import" || name == "a finished import":
				if im.Status == store.ImportInterrupted {
					t.Errorf("%s: marked interrupted", name)
				}
			case im.Status != store.ImportInterrupted || im.FinishedAt.IsZero():
				t.Errorf("%s: %s, finished %v", name, im.Status, im.FinishedAt)
			case im.DryRun != strings.Contains(im.Message, "saved nothing") || !strings.Contains(im.Message, "upload"):
				t.Errorf("%s: message %q", name, im.Message)
			}
		}
		if n, err := s.InterruptOrphanImports(ctx); err != nil || n != 0 {
			t.Errorf("a second sweep marked %d (%v)", n, err)
		}
	})
}
