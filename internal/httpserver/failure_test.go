package httpserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"gonghui/internal/auth"
)

// TestBusyAsksToRetry: a login refused because too many password checks
// wait is a 503 that says when to try again, in the reader's language.
func TestBusyAsksToRetry(t *testing.T) {
	s := &Server{}
	w := httptest.NewRecorder()
	s.apiFail(w, httptest.NewRequest(http.MethodPost, "/api/v1/portal/login", nil), fmt.Errorf("portal login: %w", auth.ErrBusy))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "2" || !strings.Contains(w.Body.String(), "请稍候几秒再试") {
		t.Errorf("%d %q %s", w.Code, w.Header().Get("Retry-After"), w.Body.String())
	}
}
