package export

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// Format is an export file format.
type Format string

// Export formats.
const (
	FormatPDF      Format = "pdf"
	FormatDOCX     Format = "docx"
	FormatMarkdown Format = "md"
	FormatHTML     Format = "html"
	FormatJSON     Format = "json"
)

// Formats lists every supported format.
var Formats = []Format{FormatPDF, FormatDOCX, FormatMarkdown, FormatHTML, FormatJSON}

// Lang selects the language(s) of an export.
type Lang string

// Export languages.
const (
	LangEN   Lang = "en"
	LangZH   Lang = "zh"
	LangBoth Lang = "both" // side by side: a two-column table, parallel blocks in Markdown
)

// Errors of the export package.
var (
	// ErrUnknownFormat is returned for a Format not in Formats.
	ErrUnknownFormat = errors.New("export: unknown format")
	// ErrUnknownLang is returned for a Lang other than en, zh and both.
	ErrUnknownLang = errors.New("export: unknown language")
	// ErrRender wraps failures inside a renderer (font, PDF or ZIP writer, template).
	ErrRender = errors.New("export: rendering failed")
)

// Options control an export.
type Options struct {
	// Lang is en, zh or both. Required.
	Lang Lang
	// TitleEN and TitleZH name the session (for example the dialogue and the date); when both
	// are empty the title is "Minutes" / "会议纪要".
	TitleEN, TitleZH string
	// Generated, when not zero, is printed as the export time (UTC). Leave it zero for
	// byte-identical repeated exports.
	Generated time.Time
}

// ParseFormat parses a format name ("pdf", "docx", "md", "html", "json"; "markdown" too).
func ParseFormat(s string) (Format, error) {
	if s == "markdown" {
		return FormatMarkdown, nil
	}
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownFormat, s)
}

// ParseLang parses a language selection ("en", "zh", "both").
func ParseLang(s string) (Lang, error) {
	switch Lang(s) {
	case LangEN, LangZH, LangBoth:
		return Lang(s), nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownLang, s)
}

// ContentType is the media type to serve a format with.
func (f Format) ContentType() string {
	switch f {
	case FormatPDF:
		return "application/pdf"
	case FormatDOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case FormatMarkdown:
		return "text/markdown; charset=utf-8"
	case FormatHTML:
		return "text/html; charset=utf-8"
	case FormatJSON:
		return "application/json"
	}
	return "application/octet-stream"
}

// Extension is the file name extension of a format, with its dot.
func (f Format) Extension() string {
	if f == FormatMarkdown {
		return ".md"
	}
	return "." + string(f)
}

// Render writes v in format f to w.
func Render(w io.Writer, f Format, v minutes.View, o Options) error {
	if _, err := ParseLang(string(o.Lang)); err != nil {
		return err
	}
	switch f {
	case FormatPDF:
		return PDF(w, v, o)
	case FormatDOCX:
		return DOCX(w, v, o)
	case FormatMarkdown:
		return Markdown(w, v, o)
	case FormatHTML:
		return HTML(w, v, o)
	case FormatJSON:
		return JSON(w, v, o)
	}
	return fmt.Errorf("%w: %q", ErrUnknownFormat, f)
}
