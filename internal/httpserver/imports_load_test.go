package httpserver_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
	"gonghui/internal/tabular/tabulartest"
)

// apiUpload posts a file to the imports API as the Chaoyang cadre, with
// form fields (name, value …), and returns the status.
func (e *env) apiUpload(name string, data []byte, fields ...string) int {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	code, out := e.do(http.DefaultClient, "POST", "/api/v1/imports", body.String(), "Authorization", "Bearer "+e.cyToken, "Content-Type", mw.FormDataContentType())
	if code != http.StatusAccepted {
		e.t.Errorf("upload %s: %d %s", name, code, out)
	}
	return code
}

// beside runs writes (a login, a unit created, a session touched) and
// health checks over and over until the server's imports end, and reports
// every one that failed and the longest a write took.
func (e *env) beside(t *testing.T) (failures []string, longest time.Duration) {
	done := make(chan struct{})
	go func() { e.server.Wait(); close(done) }()
	c := e.login("cy-admin")
	for ; ; e.units++ {
		select {
		case <-done:
			return failures, longest
		default:
		}
		start := time.Now()
		if code, _ := e.do(e.client(), "POST", "/login", url.Values{"username": {"cy-cadre"}, "password": {password}}.Encode()); code != http.StatusSeeOther {
			failures = append(failures, fmt.Sprintf("login: %d", code))
		}
		unit := fmt.Sprintf(`{"uscc":%q,"name":"并发单位%d","org_id":%d,"ownership":"private"}`, storetest.USCC("91", "110105", 5000+e.units), e.units, e.cyUnion.ID)
		if code, out := e.api(e.adminToken, "POST", "/api/v1/units", unit); code != http.StatusCreated {
			failures = append(failures, fmt.Sprintf("unit: %d %s", code, out))
		}
		// Age every session so that the next page touches it.
		if _, err := e.st.DB().Exec(`UPDATE sessions SET last_seen_at = last_seen_at - 60`); err != nil {
			failures = append(failures, "age sessions: "+err.Error())
		}
		if code, _ := e.do(c, "GET", "/imports", ""); code != http.StatusOK {
			failures = append(failures, fmt.Sprintf("page with a session touch: %d", code))
		}
		longest = max(longest, time.Since(start))
		if code, _ := e.do(http.DefaultClient, "GET", "/healthz", ""); code != http.StatusOK {
			failures = append(failures, fmt.Sprintf("healthz: %d", code))
		}
	}
}

// TestWritesBesideImports runs logins, unit creations and session touches
// beside large imports of members — a dry run, all-or-nothing at its row
// limit (its dry run, then for real), a normal one — on both engines: none
// fails. A check reads only and takes no write lock; all-or-nothing holds
// it for one short transaction; a normal import for a batch at a time (the
// dry run used to hold it from the first row to the last).
func TestWritesBesideImports(t *testing.T) {
	if testing.Short() {
		t.Skip("imports thousands of rows")
	}
	const rows = 20_000
	eachEngine(t, func(t *testing.T, e *env) {
		file := []byte(e.membersCSV(rows))
		limit := []byte(e.membersCSV(importer.MaxAllOrNothingRows))
		for _, tc := range []struct {
			name   string
			file   []byte
			n      int
			fields []string
		}{
			{"dry run", file, rows, []string{"dry_run", "1"}},
			{"all-or-nothing dry run", limit, importer.MaxAllOrNothingRows, []string{"dry_run", "1", "all_or_nothing", "1"}},
			{"all-or-nothing", limit, importer.MaxAllOrNothingRows, []string{"all_or_nothing", "1"}},
			{"normal", file, rows, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e.apiUpload("members.csv", tc.file, append([]string{"kind", "members"}, tc.fields...)...)
				failures, longest := e.beside(t)
				for _, f := range failures {
					t.Error(f)
				}
				ims, _ := e.st.ListImports(ctx, gonghui.SystemActor("t"), gonghui.Page{Limit: 1})
				if len(ims) != 1 || ims[0].Status != store.ImportDone || ims[0].RowsDone != tc.n {
					t.Fatalf("import %+v", ims)
				}
				// Well under the busy timeout (10 s): no transaction holds the lock long.
				if longest > 5*time.Second {
					t.Errorf("%s: a write beside the import took %v", tc.name, longest)
				}
				t.Logf("%s: longest write beside the import %v", tc.name, longest)
			})
		}
		ims, _ := e.st.ListImports(ctx, gonghui.SystemActor("t"), gonghui.Page{Limit: 1})
		if n := importer.MaxAllOrNothingRows; ims[0].Inserted != rows-n || ims[0].Unchanged != n { // the all-or-nothing import saved its rows
			t.Errorf("normal import after all-or-nothing: %+v", ims[0])
		}
	})
}

// TestHostileUploads uploads workbooks built to exhaust memory: each
// import fails or refuses its rows cleanly, the server's heap stays small
// and /healthz answers throughout.
func TestHostileUploads(t *testing.T) {
	if testing.Short() {
		t.Skip("writes hundreds of MiB of XML")
	}
	e := newEnv(t, store.SQLite)
	for _, tc := range []struct {
		kind   string
		n      int
		failed bool // the import fails (else its rows are refused)
	}{
		{tabulartest.Spaces, 512, true},
		{tabulartest.Shared, 4_000_001, true},
		{tabulartest.WideRows, 200, false},
		{tabulartest.LongCells, 300, false},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			path := tabulartest.File(t, tc.kind, tc.n)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var unhealthy []int
			var mu sync.Mutex
			peak := tabulartest.PeakHeap(func() {
				e.apiUpload(tc.kind+".xlsx", data)
				done := make(chan struct{})
				go func() { e.server.Wait(); close(done) }()
				for {
					select {
					case <-done:
						return
					case <-time.After(20 * time.Millisecond):
					}
					if code, _ := e.do(http.DefaultClient, "GET", "/healthz", ""); code != http.StatusOK {
						mu.Lock()
						unhealthy = append(unhealthy, code)
						mu.Unlock()
					}
				}
			})
			if len(unhealthy) > 0 {
				t.Errorf("/healthz answered %v during the import", unhealthy)
			}
			ims, _ := e.st.ListImports(ctx, gonghui.SystemActor("t"), gonghui.Page{Limit: 1})
			im := ims[0]
			if tc.failed && (im.Status != store.ImportFailed || !strings.Contains(im.Message, "限制")) ||
				!tc.failed && (im.Status != store.ImportDone || im.Failed != tc.n || im.Inserted != 0) {
				t.Errorf("import %s %q: %d rows, %d refused", im.Status, im.Message, im.RowsDone, im.Failed)
			}
			if limit := uint64(200 << 20); peak > limit {
				t.Errorf("heap grew by %d MiB, want at most %d MiB", peak>>20, limit>>20)
			}
			t.Logf("%s (%d bytes): heap grew by %d MiB; %s", tc.kind, len(data), peak>>20, im.Message)
		})
	}
}
