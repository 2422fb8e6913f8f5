// Package templates embeds the html/template files: layout.html, partials/ and pages/.
package templates

import "embed"

// FS holds the templates.
//
//go:embed *.html partials/*.html pages/*.html
var FS embed.FS
