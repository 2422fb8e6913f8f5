package export

import (
	"errors"
	"fmt"
	"io"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/minutes"
)

// Exporter adapts Render to the minutes service's Exporter interface: format and language
// come as strings from the request; unknown ones are validation errors.
type Exporter struct{}

// Export renders v to w and returns the media type and the file extension (with its dot).
func (Exporter) Export(w io.Writer, format, lang string, v minutes.View, titleEN, titleZH string) (string, string, error) {
	f, err := ParseFormat(format)
	if err != nil {
		return "", "", apperr.Invalid("format", "unknown_value", "format must be pdf, docx, md, html or json")
	}
	l, err := ParseLang(lang)
	if err != nil {
		return "", "", apperr.Invalid("lang", "unknown_value", "lang must be en, zh or both")
	}
	if err := Render(w, f, v, Options{Lang: l, TitleEN: titleEN, TitleZH: titleZH}); err != nil {
		if errors.Is(err, ErrUnknownFormat) || errors.Is(err, ErrUnknownLang) {
			return "", "", fmt.Errorf("%w: %v", apperr.ErrInvalid, err)
		}
		return "", "", err
	}
	return f.ContentType(), f.Extension(), nil
}
