package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// syncBuffer is a buffer a running server writes to while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeRestartAfterCrash leaves an import "running" as a server that
// died would, starts serve, and stops it as SIGTERM would: the import is
// marked interrupted at the start, and serve ends cleanly in the bound.
func TestServeRestartAfterCrash(t *testing.T) {
	ctx := context.Background()
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			db := storetest.DSN(t, engine)
			st, err := store.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			sys := gonghui.SystemActor("t")
			im, err := st.CreateImport(ctx, sys, "members", "members.csv", false, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.DB().Exec(`UPDATE imports SET owner = 'a-server-that-died:1'`); err != nil {
				t.Fatal(err)
			}
			st.Close()

			key := filepath.Join(t.TempDir(), "key")
			if err := os.WriteFile(key, []byte(strings.Repeat("7e", 64)+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			sctx, stop := context.WithCancel(ctx)
			defer stop()
			var out, errOut syncBuffer
			done := make(chan error, 1)
			go func() {
				done <- run(sctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--shutdown-timeout", "2s", "--key-file", key}, strings.NewReader(""), &out, &errOut)
			}()
			for deadline := time.Now().Add(20 * time.Second); !strings.Contains(out.String(), "serving on"); time.Sleep(20 * time.Millisecond) {
				select {
				case err := <-done:
					t.Fatalf("serve: %v (%s)", err, errOut.String())
				default:
				}
				if time.Now().After(deadline) {
					t.Fatalf("serve did not start: %s %s", out.String(), errOut.String())
				}
			}
			stop()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("serve: %v (%s)", err, errOut.String())
				}
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not stop")
			}
			if !strings.Contains(errOut.String(), "marked interrupted") {
				t.Errorf("serve's log: %s", errOut.String())
			}

			st, err = store.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			im, err = st.GetImport(ctx, sys, im.ID)
			if err != nil || im.Status != store.ImportInterrupted || !strings.Contains(im.Message, "upload the same file again") {
				t.Errorf("after the restart: %s %q (%v)", im.Status, im.Message, err)
			}
		})
	}
}
