package httpserver

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
)

// A flash is the message an action leaves for the page it redirects to
// (what was done, or why it was refused). It travels in a short-lived
// cookie signed with a key of this process, never in the address: a link
// cannot put text of its choosing into a page.

const flashCookie = "gonghui_flash"

// Kinds of flash.
const (
	flashDone  = "done"
	flashError = "error"
)

func (s *Server) flashMAC(payload string) string {
	m := hmac.New(sha256.New, s.flashKey)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// setFlash leaves a message of kind for the next page.
func (s *Server) setFlash(w http.ResponseWriter, kind, text string) {
	payload := base64.RawURLEncoding.EncodeToString([]byte(kind + "\x00" + text))
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: payload + "." + s.flashMAC(payload), Path: "/", MaxAge: 120,
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteLaxMode})
}

// takeFlash reads the message left for this page, if any, and clears it.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) (kind, text string) {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return "", ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteLaxMode})
	payload, mac, ok := strings.Cut(c.Value, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.flashMAC(payload))) {
		return "", ""
	}
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return "", ""
	}
	kind, text, _ = strings.Cut(string(b), "\x00")
	return kind, text
}
