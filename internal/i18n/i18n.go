// Package i18n holds the user interface's texts in Chinese (the default)
// and English, and picks the language of a request.
package i18n

import (
	"net/http"
	"strings"
)

// Lang codes.
const (
	Zh = "zh"
	En = "en"
)

// CookieName holds the language a user chose with the switch.
const CookieName = "gonghui_lang"

// FromRequest picks the language: the switch's cookie first, then the
// Accept-Language header; Chinese when neither says English.
func FromRequest(r *http.Request) string {
	if c, err := r.Cookie(CookieName); err == nil && (c.Value == En || c.Value == Zh) {
		return c.Value
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return Zh
		case strings.HasPrefix(tag, "en"):
			return En
		}
	}
	return Zh
}

// T returns the text for key in lang; an unknown key shows as itself so a
// missing text is visible rather than blank.
func T(lang, key string) string {
	m, ok := texts[key]
	if !ok {
		return key
	}
	if lang == En {
		return m[1]
	}
	return m[0]
}

// Has reports whether key has a text (tests check templates against it).
func Has(key string) bool { _, ok := texts[key]; return ok }

// texts holds every module's texts, registered by the module's own file.
var texts = map[string][2]string{}

// register adds a module's texts; a key registered twice is a
// programming error, caught when the binary starts.
func register(m map[string][2]string) {
	for k, v := range m {
		if _, dup := texts[k]; dup {
			panic("i18n: text " + k + " registered twice")
		}
		texts[k] = v
	}
}
