// Package web embeds the HTML templates and static files of the user
// interface, so the gonghui binary carries them.
package web

import "embed"

// Templates holds the pages: templates/layout.html, the partials every
// page may use (templates/partials/), and a folder of pages per module
// (templates/members/list.html …).
//
//go:embed templates
var Templates embed.FS

// Static holds the files served under /static/.
//
//go:embed static
var Static embed.FS
