package httpserver_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// sheetText is the text of every part of an XLSX file, to search.
func sheetText(t *testing.T, body string) string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not an XLSX file: %v", err)
	}
	var b strings.Builder
	for _, f := range zr.File {
		r, _ := f.Open()
		io.Copy(&b, r)
		r.Close()
	}
	return b.String()
}

func (e *env) events(action string) []gonghui.AuditEvent {
	e.t.Helper()
	ev, _, err := e.st.ListAudit(ctx, gonghui.SystemActor("t"), gonghui.AuditFilter{Action: action})
	if err != nil {
		e.t.Fatal(err)
	}
	return ev
}

// What each role reads of a member: nobody sees the birth date beside a
// masked ID number (it is the hidden digits), only an age band; those who
// may reveal see it with the full number, audited. The same holds in the
// UI, the API, each export, the error reports, the quality page and the
// audit log.
func TestPersonalDataPerRole(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		const birth, phone = "1990-03-07", "13800001111"
		full := storetest.CitizenID("110105", "19900307", 123)
		m := e.addMember(e.cyUnion, "张伟", full)
		old := e.addMember(e.cyUnion, "老王", storetest.CitizenID("110105", "19500101", 125))
		band := gonghui.AgeBand(gonghui.NewDate(1990, 3, 7), gonghui.Today())
		// A cadre corrects the ID number: the audit keeps before and after masked.
		corrected := storetest.CitizenID("110105", "19900308", 123)
		if code, body := e.api(e.cyToken, "PATCH", "/api/v1/members/"+id(m.ID), `{"id_number":"`+corrected+`","version":`+id(m.Version)+`}`); code != http.StatusOK {
			t.Fatalf("correct the ID number: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "PATCH", "/api/v1/members/"+id(m.ID), `{"id_number":"`+full+`","version":`+id(m.Version+1)+`}`); code != http.StatusOK {
			t.Fatalf("correct it back: %d %s", code, body)
		}
		// An import's refused row, with the number in its own column and in a note.
		cy := gonghui.Actor{UserID: e.cyCadre.ID, Username: "cy-cadre", Role: gonghui.RoleCadre, OrgID: e.chaoyang.ID, Path: e.chaoyang.Path}
		im, _ := e.st.CreateImport(ctx, cy, "members", "m.csv", false, false)
		if err := e.st.AddImportErrors(ctx, im.ID, []store.ImportRowError{{Line: 2, Field: "所属工会", Zh: "x", En: "x",
			Cells: []string{"张伟", full, phone, "身份证 " + full}}}); err != nil {
			t.Fatal(err)
		}
		im.Status, im.Failed, im.FinishedAt, im.Header = store.ImportDone, 1, time.Now(), []string{"姓名", "身份证号", "手机", "备注"}
		e.st.UpdateImport(ctx, im)

		secrets := []string{full, birth, "19900307", phone, "1950-01-01", corrected, "1990-03-08"}
		leaks := func(what, body string) {
			t.Helper()
			for _, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("%s shows %s", what, s)
				}
			}
		}
		mid := id(m.ID)
		for _, role := range []struct {
			user, token      string
			export, mayAudit bool
		}{
			{"cy-viewer", e.viewerToken, false, false},
			{"cy-cadre", e.cyToken, true, false},
			{"cy-auditor", e.auditorToken, false, true},
		} {
			c := e.login(role.user)
			for _, path := range []string{"/members/" + mid, "/members?org=" + id(e.cyUnion.ID), "/members?q=" + url.QueryEscape("张"), "/members/quality", "/imports/" + id(im.ID)} {
				code, page := e.do(c, "GET", path, "")
				if code != http.StatusOK {
					t.Errorf("%s %s: %d", role.user, path, code)
				}
				leaks(role.user+" "+path, page)
			}
			if _, page := e.do(c, "GET", "/members/"+mid, ""); !strings.Contains(page, `id="age-band">`+band) {
				t.Errorf("%s: member page lacks the age band %s", role.user, band)
			}
			if _, page := e.do(c, "GET", "/members/quality", ""); !strings.Contains(page, "&gt;70") || !strings.Contains(page, old.Name) {
				t.Errorf("%s: quality page lacks the member over 70", role.user)
			}
			for _, path := range []string{"/api/v1/members", "/api/v1/members/" + mid, "/api/v1/members?q=" + full, "/api/v1/imports/" + id(im.ID) + "/errors"} {
				code, body := e.api(role.token, "GET", path, "")
				if code != http.StatusOK {
					t.Errorf("%s %s: %d", role.user, path, code)
				}
				leaks(role.user+" "+path, body)
				if strings.Contains(path, "members") && !strings.Contains(body, `"age_band":"`+band+`"`) {
					t.Errorf("%s %s lacks the age band: %s", role.user, path, body)
				}
			}
			code, body := e.do(c, "GET", "/imports/"+id(im.ID)+"/errors.xlsx", "")
			if code != http.StatusOK {
				t.Fatalf("%s error report: %d", role.user, code)
			}
			if text := sheetText(t, body); role.mayAudit {
				if !strings.Contains(text, full) || !strings.Contains(text, phone) {
					t.Errorf("%s (may reveal): error report masked", role.user)
				}
			} else {
				leaks(role.user+" error report", text)
				if !strings.Contains(text, "110105********1") || !strings.Contains(text, "138****1111") {
					t.Errorf("%s: error report lacks the masked cells: %s", role.user, text)
				}
			}
			if code, _ := e.do(c, "GET", "/members.csv?reveal=1", ""); code != http.StatusForbidden {
				t.Errorf("%s revealed export: %d", role.user, code)
			}
			for _, format := range []string{"csv", "xlsx"} {
				code, body := e.do(c, "GET", "/members."+format, "")
				if !role.export {
					if code != http.StatusForbidden {
						t.Errorf("%s export %s: %d", role.user, format, code)
					}
					continue
				}
				if format == "xlsx" {
					body = sheetText(t, body)
				}
				leaks(role.user+" export "+format, body)
				if code != http.StatusOK || !strings.Contains(body, "年龄段") || !strings.Contains(body, band) {
					t.Errorf("%s export %s: %d without the age band", role.user, format, code)
				}
			}
			code, body = e.api(role.token, "GET", "/api/v1/members/"+mid+"?reveal=true", "")
			switch {
			case !role.mayAudit && code != http.StatusForbidden:
				t.Errorf("%s reveals: %d", role.user, code)
			case role.mayAudit && (code != http.StatusOK || !strings.Contains(body, full) || !strings.Contains(body, `"birth_date":"`+birth+`"`)):
				t.Errorf("%s reveal: %d %s", role.user, code, body)
			}
		}
		// The auditor's reveal is audited; the audit log itself shows no
		// number, phone or birth date in clear.
		if ev := e.events("member.reveal"); len(ev) != 1 || ev[0].Username != "cy-auditor" {
			t.Errorf("reveal audit: %+v", ev)
		}
		_, body := e.api(e.auditorToken, "GET", "/api/v1/audit?limit=200", "")
		leaks("audit log", body)
		if !strings.Contains(body, "member.update") {
			t.Errorf("audit log lacks the ID correction: %s", body)
		}
		// Error report downloads are audited, with whether they revealed.
		if ev := e.events(store.ActionExportStart); len(ev) < 3 {
			t.Errorf("error report downloads unaudited: %+v", ev)
		}
		// An admin's revealed export has the number in full, in the import
		// template's columns (the number holds the birth date), and says so
		// in the audit.
		c := e.login("cy-admin")
		code, body := e.do(c, "GET", "/members.csv?reveal=1", "")
		if code != http.StatusOK || !strings.Contains(body, full) || !strings.Contains(body, strings.Join(importer.Members.Headers(), ",")) {
			t.Errorf("admin revealed export: %d %s", code, body)
		}
		start, end := e.events(store.ActionExportStart)[0], e.events(store.ActionExportEnd)[0]
		if start.Username != "cy-admin" || !strings.Contains(start.Summary, `"revealed":true`) || !strings.Contains(end.Summary, `"completed":true`) || !strings.Contains(end.Summary, `"rows":2`) {
			t.Errorf("revealed export audit: %+v %+v", start, end)
		}
		// A search by ID number is kept masked in the export's audit.
		e.do(c, "GET", "/members.csv?q="+full, "")
		if s := e.events(store.ActionExportStart)[0].Summary; strings.Contains(s, full) || !strings.Contains(s, "110105********") {
			t.Errorf("export audit keeps the searched number: %s", s)
		}
	})
}

// smallBuffers keeps little in flight on each accepted connection, so
// that a download outgrows it and the server is mid-export when the
// client hangs up.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(4096)
	}
	return c, err
}

// A revealed export cut off by the client: its start is audited before
// the first row arrives, and its end says it was aborted with the rows
// written so far.
func TestExportCutOffIsAudited(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		const n = 1500
		for i := range n {
			e.addMember(e.cyUnion, "会员", storetest.CitizenID("110105", "19900307", i))
		}
		srv := httptest.NewUnstartedServer(e.server.Handler())
		srv.Listener = smallBuffers{srv.Listener}
		srv.Start()
		defer srv.Close()
		jar, _ := cookiejar.New(nil)
		dialer := &net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
			return c.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		}}
		c := &http.Client{Jar: jar, Transport: &http.Transport{DialContext: dialer.DialContext},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.PostForm(srv.URL+"/login", url.Values{"username": {"cy-admin"}, "password": {password}})
		if err != nil || res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: %v", err)
		}
		res.Body.Close()
		rctx, cancel := context.WithCancel(ctx)
		defer cancel()
		req, _ := http.NewRequestWithContext(rctx, "GET", srv.URL+"/members.csv?reveal=1", nil)
		res, err = c.Do(req)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("export: %v", err)
		}
		first := make([]byte, 512)
		if _, err := io.ReadFull(res.Body, first); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(first, []byte("110105199003")) {
			t.Fatalf("first bytes are not revealed rows: %q", first)
		}
		if ev := e.events(store.ActionExportStart); len(ev) != 1 || !strings.Contains(ev[0].Summary, `"revealed":true`) {
			t.Fatalf("no start event before the first rows: %+v", ev)
		}
		if ev := e.events(store.ActionExportEnd); len(ev) != 0 {
			t.Fatalf("the export ended before the client hung up (buffers too large for the test): %+v", ev)
		}
		cancel() // the client hangs up
		res.Body.Close()
		var end []gonghui.AuditEvent
		for deadline := time.Now().Add(15 * time.Second); len(end) == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			end = e.events(store.ActionExportEnd)
		}
		if len(end) != 1 || end[0].Outcome != gonghui.OutcomeFailure || !strings.Contains(end[0].Summary, `"completed":false`) ||
			strings.Contains(end[0].Summary, `"rows":`+id(n)) || !strings.Contains(end[0].Summary, `"revealed":true`) {
			t.Fatalf("end of the cut-off export: %+v", end)
		}
		t.Logf("aborted export audited: %s", end[0].Summary)
	})
}

// Every download is audited at its start and at its end, with its rows.
func TestEveryDownloadAudited(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		e.addMember(e.cyUnion, "张伟", storetest.CitizenID("110105", "19900307", 123))
		code, body := e.api(e.cyToken, "POST", "/api/v1/census", `{"org_id":`+id(e.cyStreet.ID)+`,"year":2017}`)
		var ret gonghui.CensusReturn
		if err := json.Unmarshal([]byte(body), &ret); err != nil || code != http.StatusOK {
			t.Fatalf("open a census return: %d %s", code, body)
		}
		c := e.login("cy-admin")
		for _, tc := range []struct{ path, what string }{
			{"/members.csv", "members"},
			{"/members.xlsx?reveal=1", "members"},
			{"/orgs.csv", "orgs"},
			{"/units.csv", "units"},
			{"/dashboard.xlsx", "stats"},
			{"/census/" + id(ret.ID) + "/return.xlsx", "census_return"},
			{"/report.json?year=2017", "report"},
			{"/report.xlsx?year=2017", "report"},
		} {
			before := len(e.events(store.ActionExportEnd))
			if code, _ := e.do(c, "GET", tc.path, ""); code != http.StatusOK {
				t.Errorf("%s: %d", tc.path, code)
				continue
			}
			start, end := e.events(store.ActionExportStart), e.events(store.ActionExportEnd)
			if len(end) != before+1 || start[0].RecordType != tc.what || end[0].RecordType != tc.what ||
				!strings.Contains(end[0].Summary, `"completed":true`) || !strings.Contains(end[0].Summary, `"rows":`) || end[0].Username != "cy-admin" {
				t.Errorf("%s audit: start %+v end %+v", tc.path, start[0], end)
			}
		}
	})
}

// The city administrator sets how long error reports are kept, in the UI
// and the API; no one else may.
func TestImportRetentionSetting(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		if code, body := e.api(e.viewerToken, "GET", "/api/v1/settings/import-retention", ""); code != http.StatusOK || strings.TrimSpace(body) != `{"days":30}` {
			t.Errorf("default: %d %q", code, body)
		}
		for _, tc := range []struct {
			token, body string
			want        int
		}{
			{e.viewerToken, `{"days":7}`, http.StatusForbidden},
			{e.cyToken, `{"days":7}`, http.StatusForbidden},
			{e.adminToken, `{"days":0}`, http.StatusUnprocessableEntity},
			{e.adminToken, `{"days":7}`, http.StatusOK},
		} {
			if code, body := e.api(tc.token, "PUT", "/api/v1/settings/import-retention", tc.body); code != tc.want {
				t.Errorf("PUT %s: %d %s, want %d", tc.body, code, body, tc.want)
			}
		}
		c := e.login("root-admin")
		if code, page := e.do(c, "GET", "/settings/import-retention", ""); code != http.StatusOK || !strings.Contains(page, `value="7"`) {
			t.Errorf("form: %d", code)
		}
		if code, page := e.do(c, "POST", "/settings/import-retention", "days=abc"); code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-days"`) {
			t.Errorf("bad days: %d", code)
		}
		if code, _ := e.do(c, "POST", "/settings/import-retention", "days=90"); code != http.StatusSeeOther {
			t.Errorf("save: %d", code)
		}
		if code, _ := e.do(e.login("cy-admin"), "POST", "/settings/import-retention", "days=1"); code != http.StatusForbidden {
			t.Errorf("a district administrator sets it: %d", code)
		}
		if r, _ := e.st.ImportErrorRetention(ctx); r.Days != 90 {
			t.Errorf("kept %d days", r.Days)
		}
	})
}
