package httpserver_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
)

// TestAllOrNothingLimitSaid: the import form and the API document tell the
// all-or-nothing row limit, and a file over it is refused before any row,
// saying to split it or import without all-or-nothing.
func TestAllOrNothingLimitSaid(t *testing.T) {
	e := newEnv(t, store.SQLite)
	n := importer.MaxAllOrNothingRows
	if _, body := e.do(e.login("cy-admin"), "GET", "/imports", ""); !strings.Contains(body, "最多"+strconv.Itoa(n)+"行") {
		t.Errorf("the import form does not give the limit %d", n)
	}
	grouped := strconv.Itoa(n/1000) + "," + strconv.Itoa(n%1000 + 1000)[1:] // 10,000
	if _, body := e.do(http.DefaultClient, "GET", "/api/v1/openapi.json", ""); !strings.Contains(body, "than the limit ("+grouped+")") {
		t.Errorf("the API document does not give the limit %s", grouped)
	}
	e.apiUpload("members.csv", []byte(e.membersCSV(n+1)), "kind", "members", "all_or_nothing", "1")
	e.server.Wait()
	ims, _ := e.st.ListImports(ctx, gonghui.SystemActor("t"), gonghui.Page{Limit: 1})
	if len(ims) != 1 || ims[0].Status != store.ImportFailed || ims[0].RowsDone != 0 || !strings.Contains(ims[0].Message, "请拆分文件") || !strings.Contains(ims[0].Message, "split the file") {
		t.Errorf("a file over the limit: %+v", ims)
	}
}
