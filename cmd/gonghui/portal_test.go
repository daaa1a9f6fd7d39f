package main

import (
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/pii"
	"gonghui/internal/sms"
	"gonghui/internal/store/storetest"
)

func TestCLIPortalCodes(t *testing.T) {
	t.Setenv(pii.EnvKey, "")
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	members := filepath.Join(dir, "m.csv")
	os.WriteFile(members, []byte("姓名,公民身份号码,入会日期\n张伟,"+storetest.CitizenID("110105", "19900101", 11)+",2017-03-01\n李娜,"+
		storetest.CitizenID("110105", "19910101", 12)+",2017-03-01\n"), 0o600)
	if _, _, err := runCLI("", "import", "members", members, "--db", db, "--org", "BJ05"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "codes.csv")
	if _, _, err := runCLI("", "portal", "codes", "--db", db, "--out", out); err == nil || !strings.Contains(err.Error(), "--org or --member") {
		t.Errorf("neither --org nor --member: %v", err)
	}
	stdout, _, err := runCLI("", "portal", "codes", "--db", db, "--org", "BJ05", "--out", out, "--base", "https://gonghui.example.cn/")
	if err != nil || !strings.Contains(stdout, "2 activation codes") {
		t.Fatalf("codes: %q %v", stdout, err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the list's mode: %v %v, want 0600", fi.Mode().Perm(), err)
	}
	f, _ := os.Open(out)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %v %v", rows, err)
	}
	for _, r := range rows[1:] {
		if _, err := gonghui.ParseActivationCode(r[6]); err != nil || r[8] != "https://gonghui.example.cn/portal/activate?code="+r[6] {
			t.Errorf("row %v", r)
		}
	}
	// The file exists: nothing is overwritten, and no code is issued.
	if _, _, err := runCLI("", "portal", "codes", "--db", db, "--org", "BJ05", "--out", out); err == nil {
		t.Error("an existing list was overwritten")
	}
	// The card key, and the offline check of a card signed with it.
	keyOut, _, err := runCLI("", "portal", "card-key", "--db", db)
	if err != nil || len(strings.TrimSpace(keyOut)) != 64 {
		t.Fatalf("card key: %q %v", keyOut, err)
	}
	st, err := openForMembers(t.Context(), db, "", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := st.CardKey()
	st.Close()
	token := gonghui.SignCardToken(key, gonghui.CardClaims{MembershipID: 1, Name: "张伟", OrgName: "朝阳区总工会", ExpiresAt: time.Now().Add(time.Minute).Unix()})
	pub := strings.TrimSpace(keyOut)
	for _, arg := range []string{token, "https://gonghui.example.cn/members/card-verify?t=" + token} {
		if out, _, err := runCLI("", "portal", "verify-card", arg, "--public-key", pub); err != nil || !strings.Contains(out, "张伟, 朝阳区总工会") {
			t.Errorf("verify %q: %q %v", arg, out, err)
		}
	}
	if _, _, err := runCLI("", "portal", "verify-card", token+"x", "--public-key", pub); err == nil {
		t.Error("a forged card verified")
	}
	expired := gonghui.SignCardToken(key, gonghui.CardClaims{MembershipID: 1, ExpiresAt: time.Now().Add(-time.Minute).Unix()})
	if _, _, err := runCLI("", "portal", "verify-card", expired, "--public-key", pub); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("an expired card: %v", err)
	}

	// Everyone has a live code but no account: a second run issues again.
	stdout, _, err = runCLI("", "portal", "codes", "--db", db, "--org", "BJ05", "--out", filepath.Join(dir, "again.csv"))
	if err != nil || !strings.Contains(stdout, "2 activation codes") {
		t.Errorf("again: %q %v", stdout, err)
	}
}

func TestSMSSenderFlag(t *testing.T) {
	if s, err := smsSender(""); s != nil || err != nil {
		t.Errorf("no gateway: %v %v, want the server's log sender", s, err)
	}
	t.Setenv("GONGHUI_SMS_USER", "")
	if _, err := smsSender("https://sms.example.cn/send"); err == nil {
		t.Error("a gateway without credentials was accepted")
	}
	var got string
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, _ := r.BasicAuth(); u == "gonghui" && p == "s3cret" {
			got = "ok"
		}
	}))
	defer gw.Close()
	t.Setenv("GONGHUI_SMS_USER", "gonghui")
	t.Setenv("GONGHUI_SMS_PASSWORD", "s3cret")
	s, err := smsSender(gw.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*sms.HTTPSender); !ok {
		t.Fatalf("sender %T", s)
	}
	if err := s.Send(t.Context(), "13800138000", "x"); err != nil || got != "ok" {
		t.Errorf("send through the gateway: %v %q", err, got)
	}
}
