package httpserver_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// upload posts a members file through the UI and returns the import's ID,
// or 0 with the status when the upload is refused.
func (e *env) upload(c *http.Client, csv string) (int64, int) {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("kind", "members")
	fw, _ := mw.CreateFormFile("file", "members.csv")
	fw.Write([]byte(csv))
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/imports", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return 0, res.StatusCode
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/imports/"), 10, 64)
	if err != nil {
		e.t.Fatalf("upload went to %q", res.Header.Get("Location"))
	}
	return id, res.StatusCode
}

// membersCSV is a file of n new members of the Chaoyang union.
func (e *env) membersCSV(n int) string {
	var b strings.Builder
	b.WriteString("姓名,公民身份号码,入会日期,所属工会\n")
	born := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		// An ID's sequence has three digits: a day for each thousand.
		id := storetest.CitizenID("110105", born.AddDate(0, 0, i/1000).Format("20060102"), i)
		b.WriteString("会员" + strconv.Itoa(i) + "," + id + ",2017-03-01," + e.cyUnion.Code + "\n")
	}
	return b.String()
}

// spooled counts the uploads waiting in dir.
func spooled(t *testing.T, dir string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "import-*"))
	if err != nil {
		t.Fatal(err)
	}
	return len(files)
}

// TestImportTempFilesRemoved: the spooled upload is gone after an import
// that succeeds and after one that fails.
func TestImportTempFilesRemoved(t *testing.T) {
	e := newEnv(t, store.SQLite)
	tmp := e.workDir
	c := e.login("cy-cadre")
	for _, tc := range []struct {
		name, csv, status string
	}{
		{"done", e.membersCSV(3), store.ImportDone},
		{"failed", "", store.ImportFailed},
		{"missing columns", "姓名\n张三\n", store.ImportFailed},
	} {
		id, code := e.upload(c, tc.csv)
		if id == 0 {
			t.Fatalf("%s: upload answered %d", tc.name, code)
		}
		e.srvWait()
		im, err := e.st.GetImport(ctx, gonghui.SystemActor("t"), id)
		if err != nil || im.Status != tc.status {
			t.Errorf("%s: import %s (%v), want %s", tc.name, im.Status, err, tc.status)
		}
		if n := spooled(t, tmp); n != 0 {
			t.Errorf("%s: %d uploads left in the work directory", tc.name, n)
		}
	}
}

// TestShutdownInterruptsImports starts a large import and shuts the
// server down with no time to spare: the import ends interrupted (or done,
// had it been quicker) within the grace, its upload is gone, the page
// offers to upload it again, and no new import starts.
func TestShutdownInterruptsImports(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			tmp := e.workDir
			c := e.login("cy-cadre")
			const rows = 20_000
			id, code := e.upload(c, e.membersCSV(rows))
			if id == 0 {
				t.Fatalf("upload answered %d", code)
			}
			expired, cancel := context.WithCancel(ctx)
			cancel()
			start := time.Now()
			if err := e.server.Shutdown(expired); err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("shutdown took %s", took)
			}
			im, err := e.st.GetImport(ctx, gonghui.SystemActor("t"), id)
			if err != nil {
				t.Fatal(err)
			}
			switch im.Status {
			case store.ImportInterrupted:
				if im.RowsDone >= rows || !strings.Contains(im.Message, "upload the") || !strings.Contains(im.Message, "again") {
					t.Errorf("interrupted after %d rows: %q", im.RowsDone, im.Message)
				}
				if code, page := e.do(c, "GET", "/imports/"+strconv.FormatInt(id, 10), ""); code != http.StatusOK ||
					!strings.Contains(page, `data-status="interrupted"`) || !strings.Contains(page, `href="/imports?kind=members" id="import-again"`) {
					t.Errorf("import page %d: %s", code, page)
				}
				if code, body := e.api(e.cyToken, "GET", "/api/v1/imports/"+strconv.FormatInt(id, 10), ""); code != http.StatusOK || !strings.Contains(body, `"status":"interrupted"`) {
					t.Errorf("API %d: %s", code, body)
				}
			case store.ImportDone:
				t.Logf("the import finished before the shutdown")
			default:
				t.Errorf("import %s: %s", im.Status, im.Message)
			}
			if n := spooled(t, tmp); n != 0 {
				t.Errorf("%d uploads left in the work directory", n)
			}
			if id, code := e.upload(c, e.membersCSV(1)); id != 0 || code != http.StatusUnprocessableEntity {
				t.Errorf("an upload during shutdown: import %d, status %d", id, code)
			}
			if n := spooled(t, tmp); n != 0 {
				t.Errorf("%d uploads left after a refused one", n)
			}
		})
	}
}

// TestShutdownWaitsForImports: with time enough, an import in progress
// runs to its end before Shutdown returns.
func TestShutdownWaitsForImports(t *testing.T) {
	e := newEnv(t, store.SQLite)
	c := e.login("cy-cadre")
	id, code := e.upload(c, e.membersCSV(3000))
	if id == 0 {
		t.Fatalf("upload answered %d", code)
	}
	bound, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := e.server.Shutdown(bound); err != nil {
		t.Fatal(err)
	}
	im, err := e.st.GetImport(ctx, gonghui.SystemActor("t"), id)
	if err != nil || im.Status != store.ImportDone || im.Inserted != 3000 {
		t.Errorf("import %s, %d new (%v)", im.Status, im.Inserted, err)
	}
}
