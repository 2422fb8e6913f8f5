package minutes

import (
	"errors"
	"strings"
	"time"
)

// Level is the disclosure level of an export.
type Level string

// Export levels.
const (
	// LevelFull names every speaker (for the conveners' own records). Off-record statements are
	// still left out.
	LevelFull Level = "full"
	// LevelChatham applies the Chatham House Rule: chatham statements show only the speaker's
	// side; off-record statements are left out.
	LevelChatham Level = "chatham"
)

// ErrUnknownLevel is returned by ParseLevel for anything but "full" and "chatham".
var ErrUnknownLevel = errors.New("minutes: unknown export level")

// ParseLevel parses an export level name.
func ParseLevel(s string) (Level, error) {
	switch Level(s) {
	case LevelFull, LevelChatham:
		return Level(s), nil
	}
	return "", ErrUnknownLevel
}

// Sides of a dialogue, as in Speaker.Side.
const (
	SideUS = "US"
	SideCN = "CN"
)

// Speaker is what an export may know about a participant: the caller fills it from the
// participant and organization records of the session.
type Speaker struct {
	NameLatin  string
	NameNative string
	Org        string // organization name
	Side       string // SideUS or SideCN
}

// SpeakerInfo maps participant ids (Statement.SpeakerID) to speaker facts.
type SpeakerInfo map[string]Speaker

// View is a redacted, export-ready copy of a Document. Everything in it may leave the editor
// at its Level; the renderers print it as it is.
type View struct {
	Level                 Level    `json:"level"`
	Revision              int      `json:"revision"`
	Version               int      `json:"version"`
	AmendmentOf           int      `json:"amendment_of,omitempty"`
	Status                Status   `json:"status"`
	AuthoritativeLanguage Language `json:"authoritative_language"`
	// AgreedAt is when the second convener agreed (zero unless agreed or locked).
	AgreedAt time.Time  `json:"agreed_at,omitzero"`
	LockedAt time.Time  `json:"locked_at,omitzero"`
	Items    []ItemView `json:"items"`
}

// ItemView is an agenda item of a View.
type ItemView struct {
	ID                string            `json:"id"`
	TitleEN           string            `json:"title_en"`
	TitleZH           string            `json:"title_zh"`
	NotesEN           string            `json:"notes_en"`
	NotesZH           string            `json:"notes_zh"`
	KeyPoints         []Text            `json:"key_points"`
	Decisions         []Text            `json:"decisions"`
	ActionItems       []ActionItem      `json:"action_items"`
	TranslationStatus TranslationStatus `json:"translation_status"`
	Statements        []StatementView   `json:"statements"`
}

// StatementView is a statement as it may be exported.
type StatementView struct {
	// ID and SpeakerID are empty for chatham statements in a chatham view, so that nothing
	// links the statement to a person.
	ID          string      `json:"id,omitempty"`
	SpeakerID   string      `json:"speaker_id,omitempty"`
	Attribution Attribution `json:"attribution"`
	// Speaker names the speaker; nil for chatham statements in a chatham view and for
	// speakers missing from SpeakerInfo.
	Speaker *SpeakerView `json:"speaker,omitempty"`
	// Side is the speaker's side ("US" or "CN") for chatham statements in a chatham view.
	Side string `json:"side,omitempty"`
	// LabelEN and LabelZH say who spoke, ready to print: "Zhang Wei (Peking University)" or
	// "A participant from the US side" / "一位来自美方的与会者".
	LabelEN string `json:"label_en"`
	LabelZH string `json:"label_zh"`
	TextEN  string `json:"text_en"`
	TextZH  string `json:"text_zh"`
}

// SpeakerView is the speaker of a statement in a view.
type SpeakerView struct {
	NameLatin  string `json:"name_latin"`
	NameNative string `json:"name_native"`
	Org        string `json:"org"`
}

// Redact builds the View of doc at level. Off-record statements are absent at every level.
// At LevelChatham, chatham statements carry only the speaker's side (from speakers) — no
// name, organization, speaker id or statement id; attributed statements keep name and
// organization. An unknown level is treated as LevelChatham, the stricter one. doc is not
// modified and the View shares no slices with it.
func Redact(doc *Document, level Level, speakers SpeakerInfo) View {
	if level != LevelFull {
		level = LevelChatham
	}
	if doc == nil {
		return View{Level: level, Items: []ItemView{}}
	}
	v := View{
		Level: level, Revision: doc.Revision, Version: doc.Version, AmendmentOf: doc.AmendmentOf,
		Status: doc.Status, AuthoritativeLanguage: doc.AuthoritativeLanguage, LockedAt: doc.LockedAt,
		Items: make([]ItemView, 0, len(doc.Items)),
	}
	if doc.Status == StatusAgreed || doc.Status == StatusLocked {
		for _, a := range doc.Agreements {
			if a.At.After(v.AgreedAt) {
				v.AgreedAt = a.At
			}
		}
	}
	for _, it := range doc.Items {
		iv := ItemView{
			ID: it.ID, TitleEN: it.TitleEN, TitleZH: it.TitleZH, NotesEN: it.NotesEN, NotesZH: it.NotesZH,
			KeyPoints:         append([]Text{}, it.KeyPoints...),
			Decisions:         append([]Text{}, it.Decisions...),
			ActionItems:       append([]ActionItem{}, it.ActionItems...),
			TranslationStatus: it.TranslationStatus,
			Statements:        make([]StatementView, 0, len(it.Statements)),
		}
		if iv.TranslationStatus == "" {
			iv.TranslationStatus = TranslationPending
		}
		for _, s := range it.Statements {
			if sv, ok := redactStatement(s, level, speakers); ok {
				iv.Statements = append(iv.Statements, sv)
			}
		}
		v.Items = append(v.Items, iv)
	}
	return v
}

func redactStatement(s Statement, level Level, speakers SpeakerInfo) (StatementView, bool) {
	switch s.Attribution {
	case AttributionAttributed:
	case AttributionChatham:
		if level == LevelChatham {
			side := speakers[s.SpeakerID].Side
			en, zh := ChathamLabel(side)
			return StatementView{Attribution: AttributionChatham, Side: knownSide(side), LabelEN: en, LabelZH: zh, TextEN: s.TextEN, TextZH: s.TextZH}, true
		}
	default: // off the record, or anything unknown: never exported
		return StatementView{}, false
	}
	sv := StatementView{ID: s.ID, SpeakerID: s.SpeakerID, Attribution: s.Attribution, TextEN: s.TextEN, TextZH: s.TextZH}
	sp, ok := speakers[s.SpeakerID]
	if !ok {
		sv.LabelEN, sv.LabelZH = "Unidentified participant", "身份未登记的与会者"
		return sv, true
	}
	sv.Speaker = &SpeakerView{NameLatin: sp.NameLatin, NameNative: sp.NameNative, Org: sp.Org}
	sv.LabelEN, sv.LabelZH = speakerLabels(sp)
	return sv, true
}

func speakerLabels(sp Speaker) (en, zh string) {
	latin, native, org := strings.TrimSpace(sp.NameLatin), strings.TrimSpace(sp.NameNative), strings.TrimSpace(sp.Org)
	en, zh = latin, native
	if en == "" {
		en = native
	}
	if zh == "" {
		zh = latin
	}
	if en == "" {
		en, zh = "Unnamed participant", "未具名与会者"
	}
	if org != "" {
		en += " (" + org + ")"
		zh += "（" + org + "）"
	}
	return en, zh
}

func knownSide(side string) string {
	if side == SideUS || side == SideCN {
		return side
	}
	return ""
}

// ChathamLabel returns the English and Chinese wording that replaces the speaker of a
// chatham statement: "A participant from the US side" / "一位来自美方的与会者".
func ChathamLabel(side string) (en, zh string) {
	switch side {
	case SideUS:
		return "A participant from the US side", "一位来自美方的与会者"
	case SideCN:
		return "A participant from the Chinese side", "一位来自中方的与会者"
	}
	return "A participant", "一位与会者"
}
