package minutes

import "time"

// Language is a language code of minutes text: "en" or "zh".
type Language string

// Languages of minutes text.
const (
	LangEN Language = "en"
	LangZH Language = "zh"
)

// Valid reports whether l is a known language.
func (l Language) Valid() bool { return l == LangEN || l == LangZH }

// Status is the agreement state of a minutes document.
type Status string

// Agreement workflow states.
const (
	// StatusDraft is being written by the conveners and not yet shown to the other side.
	StatusDraft Status = "draft"
	// StatusCirculated has been sent to both sides for review and agreement.
	StatusCirculated Status = "circulated"
	// StatusCorrections is being corrected after circulation; it must be circulated again.
	StatusCorrections Status = "corrections"
	// StatusAgreed has been agreed by every convener (of both sides) and awaits locking.
	StatusAgreed Status = "agreed"
	// StatusLocked is the final record; it changes only through an amendment.
	StatusLocked Status = "locked"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusCirculated, StatusCorrections, StatusAgreed, StatusLocked:
		return true
	}
	return false
}

// Attribution is how a statement may be attributed outside the editor.
type Attribution string

// Attribution levels of a statement.
const (
	// AttributionAttributed statements carry the speaker's name and organization.
	AttributionAttributed Attribution = "attributed"
	// AttributionChatham statements fall under the Chatham House Rule: in a chatham export
	// they show only the speaker's side, never name, affiliation or any identifier.
	AttributionChatham Attribution = "chatham"
	// AttributionOffRecord statements never leave the editor: no export contains them.
	AttributionOffRecord Attribution = "off_record"
)

// Valid reports whether a is a known attribution level.
func (a Attribution) Valid() bool {
	return a == AttributionAttributed || a == AttributionChatham || a == AttributionOffRecord
}

// TranslationStatus tells how far the parallel text of an item has been translated.
type TranslationStatus string

// Translation states of an agenda item.
const (
	// TranslationPending: the other language is missing or incomplete.
	TranslationPending TranslationStatus = "pending"
	// TranslationDraft: a translation exists (possibly machine-made) but is not checked.
	TranslationDraft TranslationStatus = "draft"
	// TranslationVerified: both sides checked the translation against the original.
	TranslationVerified TranslationStatus = "verified"
)

// Valid reports whether t is a known translation status; the empty value means pending.
func (t TranslationStatus) Valid() bool {
	switch t {
	case "", TranslationPending, TranslationDraft, TranslationVerified:
		return true
	}
	return false
}

// Document is one revision of the minutes of a session. Its JSON field names are a contract
// shared with the API and the JSON export.
type Document struct {
	// Revision counts saved edits, starting at 1; it keeps counting through amendments.
	Revision int `json:"revision"`
	// Version is the number of the agreed record this revision chain produces (1 for the
	// original minutes, N+1 for an amendment of version N).
	Version int `json:"version"`
	// AmendmentOf is the locked version this chain amends, or 0 for the original minutes.
	AmendmentOf int `json:"amendment_of,omitempty"`
	// Status is the agreement state.
	Status Status `json:"status"`
	// AuthoritativeLanguage is the language that prevails if the two texts differ.
	AuthoritativeLanguage Language `json:"authoritative_language"`
	// Agreements records which convener organizations agreed the current text, and when.
	Agreements []Agreement `json:"agreements,omitempty"`
	// LockedAt is when the record was locked (zero until then).
	LockedAt time.Time `json:"locked_at,omitzero"`
	// Items are the agenda items in order.
	Items []Item `json:"items"`
}

// Agreement is one convener organization's agreement to the current text.
type Agreement struct {
	OrgID string    `json:"org_id"`
	At    time.Time `json:"at"`
}

// Item is one agenda item of the minutes.
type Item struct {
	ID                string            `json:"id"`
	TitleEN           string            `json:"title_en"`
	TitleZH           string            `json:"title_zh"`
	NotesEN           string            `json:"notes_en"`
	NotesZH           string            `json:"notes_zh"`
	KeyPoints         []Text            `json:"key_points"`
	Decisions         []Text            `json:"decisions"`
	ActionItems       []ActionItem      `json:"action_items"`
	TranslationStatus TranslationStatus `json:"translation_status"`
	Statements        []Statement       `json:"statements"`
}

// Text is a bilingual text (a key point or a decision).
type Text struct {
	TextEN string `json:"text_en"`
	TextZH string `json:"text_zh"`
}

// ActionItem is a task agreed in the meeting, possibly tracked as a commitment.
type ActionItem struct {
	ID     string `json:"id"`
	TextEN string `json:"text_en"`
	TextZH string `json:"text_zh"`
	// Owner names who carries it out (an organization, a side or a role), as written.
	Owner string `json:"owner"`
	// Due is the due date as YYYY-MM-DD, or empty.
	Due string `json:"due,omitempty"`
	// CommitmentID links the commitment created from this action item, if any.
	CommitmentID string `json:"commitment_id,omitempty"`
}

// Statement is something a participant said, with its attribution level.
type Statement struct {
	ID string `json:"id"`
	// SpeakerID is the participant id of the speaker.
	SpeakerID   string      `json:"speaker_id"`
	Attribution Attribution `json:"attribution"`
	TextEN      string      `json:"text_en"`
	TextZH      string      `json:"text_zh"`
}

// Clone returns a deep copy of d, so workflow functions never alias the caller's slices.
func (d *Document) Clone() *Document {
	if d == nil {
		return nil
	}
	c := *d
	c.Agreements = append([]Agreement(nil), d.Agreements...)
	if d.Items != nil {
		c.Items = make([]Item, len(d.Items))
		for i, it := range d.Items {
			it.KeyPoints = append([]Text(nil), it.KeyPoints...)
			it.Decisions = append([]Text(nil), it.Decisions...)
			it.ActionItems = append([]ActionItem(nil), it.ActionItems...)
			it.Statements = append([]Statement(nil), it.Statements...)
			c.Items[i] = it
		}
	}
	return &c
}
