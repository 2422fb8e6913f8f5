package files

import (
	"path"
	"strings"
)

// Kind is the type of an accepted file, decided from its content. The zero
// value KindUnknown is never returned with a nil error. Kinds are stable
// strings fit to store in a database column.
type Kind string

// The accepted kinds.
const (
	// KindUnknown is the zero Kind: the content is not (yet) known to be acceptable.
	KindUnknown Kind = ""
	// KindPDF is a PDF document ("%PDF-" header, "%%EOF" trailer).
	KindPDF Kind = "pdf"
	// KindDOCX is an Office Open XML word-processing document (a checked ZIP container).
	KindDOCX Kind = "docx"
	// KindMarkdown is UTF-8 text that is not HTML, SVG or XML.
	KindMarkdown Kind = "markdown"
)

// Kinds lists every accepted kind, in the order they are shown to users.
var Kinds = []Kind{KindPDF, KindDOCX, KindMarkdown}

// Valid reports whether k is one of the accepted kinds.
func (k Kind) Valid() bool {
	switch k {
	case KindPDF, KindDOCX, KindMarkdown:
		return true
	}
	return false
}

// String returns the user-facing name of the kind ("PDF", "DOCX", "Markdown").
func (k Kind) String() string {
	switch k {
	case KindPDF:
		return "PDF"
	case KindDOCX:
		return "DOCX"
	case KindMarkdown:
		return "Markdown"
	}
	return "unknown"
}

// MIMEType returns the media type to send with a download of this kind.
// Markdown is served as text/markdown with an explicit UTF-8 charset.
func (k Kind) MIMEType() string {
	switch k {
	case KindPDF:
		return "application/pdf"
	case KindDOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case KindMarkdown:
		return "text/markdown; charset=utf-8"
	}
	return "application/octet-stream"
}

// Ext returns the canonical file name extension of the kind, with its dot.
func (k Kind) Ext() string {
	switch k {
	case KindPDF:
		return ".pdf"
	case KindDOCX:
		return ".docx"
	case KindMarkdown:
		return ".md"
	}
	return ""
}

// exts lists the extensions a download name may keep for a kind.
func (k Kind) exts() []string {
	switch k {
	case KindPDF:
		return []string{".pdf"}
	case KindDOCX:
		return []string{".docx"}
	case KindMarkdown:
		return []string{".md", ".markdown", ".txt"}
	}
	return nil
}

// KindFromName guesses the kind a file name claims from its extension. It is
// used only to word error messages ("the file is HTML, not a PDF") and never
// to decide a file's type.
func KindFromName(name string) Kind {
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(name, `\`, "/")))
	for _, k := range Kinds {
		for _, e := range k.exts() {
			if ext == e {
				return k
			}
		}
	}
	return KindUnknown
}
