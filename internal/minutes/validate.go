package minutes

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits bounds the size of a document. DefaultLimits are used by Validate.
type Limits struct {
	MaxItems             int // agenda items per document
	MaxStatementsPerItem int
	MaxPointsPerItem     int // key points, decisions and action items, each
	MaxTitleRunes        int
	MaxNotesRunes        int
	MaxTextRunes         int // statements, key points, decisions, action items
	MaxIDRunes           int
	MaxOwnerRunes        int
	MaxAgreements        int // conveners' agreements recorded on one text
}

// DefaultLimits are generous for real minutes (a long day of talks) and keep exports bounded.
var DefaultLimits = Limits{
	MaxItems:             500,
	MaxStatementsPerItem: 300,
	MaxPointsPerItem:     100,
	MaxTitleRunes:        300,
	MaxNotesRunes:        50000,
	MaxTextRunes:         10000,
	MaxIDRunes:           64,
	MaxOwnerRunes:        200,
	MaxAgreements:        50,
}

// Validate checks d against DefaultLimits and returns a *ValidationError listing every
// problem, or nil.
func (d *Document) Validate() error { return d.ValidateWith(DefaultLimits) }

// ValidateWith checks d against l. It never panics, whatever the content.
func (d *Document) ValidateWith(l Limits) error {
	v := validator{l: l}
	if d == nil {
		v.add("", "required", "document is missing")
		return v.err()
	}
	if d.Revision < 1 {
		v.add("/revision", "out_of_range", "revision must be 1 or more")
	}
	if d.Version < 1 {
		v.add("/version", "out_of_range", "version must be 1 or more")
	}
	if d.AmendmentOf < 0 || (d.AmendmentOf > 0 && d.AmendmentOf >= d.Version) {
		v.add("/amendment_of", "out_of_range", "amendment_of must name an earlier version")
	}
	if !d.Status.Valid() {
		v.add("/status", "unknown_value", fmt.Sprintf("unknown status %q", clip(string(d.Status))))
	}
	if !d.AuthoritativeLanguage.Valid() {
		v.add("/authoritative_language", "unknown_value", `authoritative_language must be "en" or "zh"`)
	}
	if len(d.Agreements) > l.MaxAgreements {
		v.add("/agreements", "too_many", fmt.Sprintf("at most %d conveners can agree", l.MaxAgreements))
	}
	if len(d.Items) > l.MaxItems {
		v.add("/items", "too_many", fmt.Sprintf("at most %d agenda items", l.MaxItems))
		return v.err() // do not spend time on a hostile document
	}
	itemIDs := map[string]bool{}
	stmtIDs := map[string]bool{}
	actIDs := map[string]bool{}
	for i := range d.Items {
		v.item(&d.Items[i], fmt.Sprintf("/items/%d", i), itemIDs, stmtIDs, actIDs)
	}
	return v.err()
}

type validator struct {
	l    Limits
	errs []FieldError
}

func (v *validator) add(ptr, code, detail string) {
	v.errs = append(v.errs, FieldError{Pointer: ptr, Code: code, Detail: detail})
}

func (v *validator) err() error {
	if len(v.errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: v.errs}
}

func (v *validator) id(ptr, id string, seen map[string]bool) {
	switch {
	case strings.TrimSpace(id) == "":
		v.add(ptr, "required", "id is required")
	case utf8.RuneCountInString(id) > v.l.MaxIDRunes || !isIDText(id):
		v.add(ptr, "invalid_text", "id must be short printable text without spaces")
	case seen[id]:
		v.add(ptr, "duplicate", "id is used twice")
	default:
		seen[id] = true
	}
}

func (v *validator) text(ptr, s string, max int) {
	if !utf8.ValidString(s) {
		v.add(ptr, "invalid_text", "text is not valid UTF-8")
		return
	}
	if n := utf8.RuneCountInString(s); n > max {
		v.add(ptr, "too_long", fmt.Sprintf("text has %d characters, at most %d allowed", n, max))
		return
	}
	if hasBadControl(s) {
		v.add(ptr, "invalid_text", "text contains control characters")
	}
}

func (v *validator) bilingual(ptr, en, zh string, max int, required bool) {
	v.text(ptr+"_en", en, max)
	v.text(ptr+"_zh", zh, max)
	if required && strings.TrimSpace(en) == "" && strings.TrimSpace(zh) == "" {
		v.add(ptr+"_en", "required", "text is required in English or Chinese")
	}
}

func (v *validator) item(it *Item, p string, itemIDs, stmtIDs, actIDs map[string]bool) {
	l := v.l
	v.id(p+"/id", it.ID, itemIDs)
	v.bilingual(p+"/title", it.TitleEN, it.TitleZH, l.MaxTitleRunes, true)
	v.bilingual(p+"/notes", it.NotesEN, it.NotesZH, l.MaxNotesRunes, false)
	if !it.TranslationStatus.Valid() {
		v.add(p+"/translation_status", "unknown_value", "translation_status must be pending, draft or verified")
	}
	for _, list := range []struct {
		name string
		xs   []Text
	}{{"key_points", it.KeyPoints}, {"decisions", it.Decisions}} {
		if len(list.xs) > l.MaxPointsPerItem {
			v.add(p+"/"+list.name, "too_many", fmt.Sprintf("at most %d entries", l.MaxPointsPerItem))
			continue
		}
		for j, t := range list.xs {
			v.bilingual(fmt.Sprintf("%s/%s/%d/text", p, list.name, j), t.TextEN, t.TextZH, l.MaxTextRunes, true)
		}
	}
	if len(it.ActionItems) > l.MaxPointsPerItem {
		v.add(p+"/action_items", "too_many", fmt.Sprintf("at most %d entries", l.MaxPointsPerItem))
	} else {
		for j := range it.ActionItems {
			a := &it.ActionItems[j]
			ap := p + "/action_items/" + strconv.Itoa(j)
			v.id(ap+"/id", a.ID, actIDs)
			v.bilingual(ap+"/text", a.TextEN, a.TextZH, l.MaxTextRunes, true)
			v.text(ap+"/owner", a.Owner, l.MaxOwnerRunes)
			if a.Due != "" {
				if _, err := time.Parse(time.DateOnly, a.Due); err != nil {
					v.add(ap+"/due", "invalid_date", "due must be a date as YYYY-MM-DD")
				}
			}
			if a.CommitmentID != "" && (utf8.RuneCountInString(a.CommitmentID) > l.MaxIDRunes || !isIDText(a.CommitmentID)) {
				v.add(ap+"/commitment_id", "invalid_text", "commitment_id must be short printable text without spaces")
			}
		}
	}
	if len(it.Statements) > l.MaxStatementsPerItem {
		v.add(p+"/statements", "too_many", fmt.Sprintf("at most %d statements per item", l.MaxStatementsPerItem))
		return
	}
	for j := range it.Statements {
		s := &it.Statements[j]
		sp := p + "/statements/" + strconv.Itoa(j)
		v.id(sp+"/id", s.ID, stmtIDs)
		if strings.TrimSpace(s.SpeakerID) == "" {
			v.add(sp+"/speaker_id", "required", "speaker_id is required")
		} else if utf8.RuneCountInString(s.SpeakerID) > l.MaxIDRunes || !isIDText(s.SpeakerID) {
			v.add(sp+"/speaker_id", "invalid_text", "speaker_id must be short printable text without spaces")
		}
		if !s.Attribution.Valid() {
			v.add(sp+"/attribution", "unknown_value", "attribution must be attributed, chatham or off_record")
		}
		v.bilingual(sp+"/text", s.TextEN, s.TextZH, l.MaxTextRunes, true)
	}
}

// hasBadControl reports control characters other than tab, newline and carriage return, and
// Unicode non-characters; none of them can be written to XML-based exports.
func hasBadControl(s string) bool {
	for _, r := range s {
		if r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		if unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF || (r >= 0xFDD0 && r <= 0xFDEF) {
			return true
		}
	}
	return false
}

func isIDText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
