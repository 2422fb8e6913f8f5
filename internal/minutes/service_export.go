package minutes

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Export is a rendered export of the minutes.
type Export struct {
	FileName    string
	ContentType string
	Body        []byte
}

// Export renders the minutes of a session at a level ("full" for the conveners' organizers,
// "chatham" for everyone who may see the session) in a format and language, and records an
// audit event. Off-the-record statements are never exported.
func (s *Service) Export(ctx context.Context, sc tenant.Scope, sessionID, format, level, lang string) (*Export, error) {
	m, err := s.Get(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	if level == "" {
		level = string(LevelChatham)
	}
	lv, err := ParseLevel(level)
	if err != nil {
		return nil, apperr.Invalid("level", "unknown_value", "level must be full or chatham")
	}
	if lv == LevelFull && !m.Session.CanEdit {
		return nil, fmt.Errorf("%w: the full record is for the conveners' organizers; export the chatham readout", apperr.ErrForbidden)
	}
	if format == "" {
		format = "pdf"
	}
	if lang == "" {
		lang = "both"
	}
	info := make(SpeakerInfo, len(m.Speakers))
	for _, sp := range m.Speakers {
		info[sp.ID] = Speaker{NameLatin: sp.NameLatin, NameNative: sp.NameNative, Org: sp.Org, Side: sp.Side}
	}
	view := Redact(m.Doc, lv, info)
	var buf bytes.Buffer
	ct, ext, err := s.exporter.Export(&buf, format, lang, view, m.Session.Title, m.Session.TitleZH)
	if err != nil {
		return nil, err
	}
	err = s.audit.Append(ctx, audit.Entry{Action: "minutes.export", TargetType: "session", TargetID: sessionID,
		Details: map[string]any{"format": format, "level": string(lv), "lang": lang, "revision": m.Doc.Revision, "version": m.Doc.Version}})
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("minutes-%s-v%d-r%d-%s-%s%s", safeName(m.Session.Title), m.Doc.Version, m.Doc.Revision, lv, lang, ext)
	return &Export{FileName: name, ContentType: ct, Body: buf.Bytes()}, nil
}

// safeName keeps ASCII letters and digits of a title for a file name.
func safeName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "session"
	}
	return out
}
