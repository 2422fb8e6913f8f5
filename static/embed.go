// Package static embeds the CSS, the vendored htmx and the other static files served at /static/.
package static

import "embed"

// FS holds the static files.
//
//go:embed *.css *.js *.svg
var FS embed.FS
