// Package web embeds the HTML templates and static files of the user
// interface, so the gonghui binary carries them.
package web

import "embed"

// Templates holds templates/*.html: layout.html plus one file per page.
//
//go:embed templates/*.html
var Templates embed.FS

// Static holds the files served under /static/.
//
//go:embed static
var Static embed.FS
