package sms

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fakeGateway is a local SMS gateway: it checks the credentials and keeps
// what it was sent.
func fakeGateway(t *testing.T, status int) (*httptest.Server, *[]map[string]string) {
	var got []map[string]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pw, ok := r.BasicAuth()
		if !ok || user != "gonghui" || pw != "secret" {
			http.Error(w, "bad credentials", http.StatusUnauthorized)
			return
		}
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		var m map[string]string
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			http.Error(w, "bad json", http.StatusBadRequest)
			return
		}
		got = append(got, m)
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func TestHTTPSender(t *testing.T) {
	srv, got := fakeGateway(t, http.StatusOK)
	h, err := NewHTTPSender(srv.URL, "gonghui", "secret")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Send(context.Background(), "13800001111", "验证码 123456"); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 1 || (*got)[0]["phone"] != "13800001111" || (*got)[0]["text"] != "验证码 123456" {
		t.Errorf("gateway got %v", *got)
	}

	h.Password = "wrong"
	if err := h.Send(context.Background(), "13800001111", "x"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("wrong credentials: %v, want a 401 failure", err)
	}

	failing, _ := fakeGateway(t, http.StatusBadGateway)
	h, _ = NewHTTPSender(failing.URL, "gonghui", "secret")
	if err := h.Send(context.Background(), "13800001111", "x"); err == nil || !strings.Contains(err.Error(), "502") {
		t.Errorf("gateway failure: %v, want a 502 failure", err)
	}
}

func TestNewHTTPSender(t *testing.T) {
	for _, tc := range []struct {
		url, user, pw string
		ok            bool
	}{
		{"https://sms.example.cn/send", "u", "p", true},
		{"http://127.0.0.1:9/send", "u", "p", true},
		{"ftp://sms.example.cn/", "u", "p", false},
		{"sms.example.cn/send", "u", "p", false},
		{"https://sms.example.cn/send", "", "p", false},
		{"https://sms.example.cn/send", "u", "", false},
	} {
		_, err := NewHTTPSender(tc.url, tc.user, tc.pw)
		if (err == nil) != tc.ok {
			t.Errorf("NewHTTPSender(%q, %q, %q): %v, want ok %v", tc.url, tc.user, tc.pw, err, tc.ok)
		}
	}
}

func TestLogSender(t *testing.T) {
	var l LogSender
	if l.Last("13800001111") != "" {
		t.Fatal("a message before any was sent")
	}
	l.Send(context.Background(), "13800001111", "one")
	l.Send(context.Background(), "13800001111", "two")
	if got := l.Last("13800001111"); got != "two" {
		t.Errorf("last = %q, want two", got)
	}
}
