package httpserver_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonghui/internal/httpserver"
	"gonghui/internal/store"
)

// TestUploadsLeaveNoCopies uploads a file larger than what net/http keeps
// in memory (32 MiB): refused to a viewer before its body is read, taken
// from a cadre into the work directory beside the database; nothing is
// left in $TMPDIR nor in the work directory once the import ends, and a
// leftover of a killed process is swept when a server starts.
func TestUploadsLeaveNoCopies(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	e := newEnv(t, store.SQLite) // for its users and tokens
	work := httpserver.WorkDir(e.st)
	if filepath.Dir(work) != filepath.Dir(e.st.Path) {
		t.Fatalf("work directory %s is not beside the database %s", work, e.st.Path)
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(work, "import-killed.csv")
	os.WriteFile(stale, []byte("x"), 0o600)
	srv, err := httpserver.New(e.st, httpserver.Options{InsecureCookies: true, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("leftover work file not swept at start: %v", err)
	}
	if info, err := os.Stat(work); err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("work directory %v %v", info, err)
	}

	// 40 MiB of a file whose header lacks the required columns: the import
	// fails at once.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", "members")
	fw, _ := mw.CreateFormFile("file", "big.csv")
	fw.Write([]byte("备注\n"))
	line := []byte(strings.Repeat("备", 1000) + "\n")
	for body.Len() < 40<<20 {
		fw.Write(line)
	}
	mw.Close()
	upload := func(token string) int {
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/imports", bytes.NewReader(body.Bytes()))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	empty := func(dir, when string) {
		t.Helper()
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s: %s holds %v", when, dir, entries)
		}
	}
	if code := upload(e.viewerToken); code != http.StatusForbidden {
		t.Errorf("viewer upload: %d, want 403", code)
	}
	empty(tmp, "after a refused upload")
	empty(work, "after a refused upload")
	if code := upload(e.cyToken); code != http.StatusAccepted {
		t.Errorf("cadre upload: %d, want 202", code)
	}
	srv.Wait()
	empty(tmp, "after the import")
	empty(work, "after the import")
}
