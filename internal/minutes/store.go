package minutes

import (
	"context"
	"fmt"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Errors of the minutes service, wrapping the application's error kinds.
var (
	// ErrNotFound: the session (or a revision) does not exist or the caller may not see it.
	ErrNotFound = fmt.Errorf("%w: minutes", apperr.ErrNotFound)
	// ErrStale: the edit is based on a revision that is no longer the current one.
	ErrStale = fmt.Errorf("%w: the minutes were changed by someone else since you opened them; reload to see their changes, then apply yours again", apperr.ErrConflict)
	// ErrForbidden: the caller sees the minutes but may not do this.
	ErrForbidden = fmt.Errorf("%w: only organizers of a convening organization may change the minutes", apperr.ErrForbidden)
)

// Record is the current state of a session's minutes.
type Record struct {
	SessionID  string
	DialogueID string
	// Seq numbers every saved state (edits and workflow steps), from 1.
	Seq       int
	Doc       *Document
	UpdatedBy string
	UpdatedAt time.Time
}

// Revision is one saved state of the minutes: who, when, which action.
type Revision struct {
	ID          string    `json:"id"`
	SessionID   string    `json:"session_id"`
	Seq         int       `json:"seq"`
	Revision    int       `json:"revision"`
	Version     int       `json:"version"`
	Status      Status    `json:"status"`
	Action      Action    `json:"action"`
	AuthorID    string    `json:"author_id"`
	AuthorOrgID string    `json:"author_org_id"`
	AuthorName  string    `json:"author_name"`
	CreatedAt   time.Time `json:"created_at"`
	// Doc is the document as saved (loaded only where asked for).
	Doc *Document `json:"-"`
}

// Store is what the minutes service needs from storage. Every method takes the caller's scope
// and reads only minutes of dialogues the caller's organization actively convenes.
type Store interface {
	// GetMinutes returns the current minutes of a session, or ErrNotFound when none were saved.
	GetMinutes(ctx context.Context, s tenant.Scope, sessionID string) (*Record, error)
	// SaveMinutes stores rec as the next state after prevSeq (0: the first save) and appends
	// rev, atomically. A state saved meanwhile (the head is no longer prevSeq) is ErrStale.
	SaveMinutes(ctx context.Context, s tenant.Scope, rec *Record, prevSeq int, revs ...*Revision) error
	// Revisions lists the saved states of a session's minutes, oldest first, without documents.
	Revisions(ctx context.Context, s tenant.Scope, sessionID string) ([]Revision, error)
	// GetRevision returns one saved state with its document.
	GetRevision(ctx context.Context, s tenant.Scope, sessionID string, seq int) (*Revision, error)
}

// Convener is a convening organization of a session, as the minutes need it.
type Convener struct {
	OrgID  string `json:"org_id"`
	Name   string `json:"name"`
	NameZH string `json:"name_zh"`
	Side   string `json:"side"`
}

// SessionInfo is what the minutes need to know about a session and the caller's place in it.
type SessionInfo struct {
	ID         string
	DialogueID string
	Title      string
	TitleZH    string
	Status     string
	StartsAt   time.Time
	// Conveners are the active convening organizations.
	Conveners []Convener
	// CanEdit is true when the caller may change the session's records (an organizer or admin
	// of a convening organization).
	CanEdit bool
}

// SpeakerOption is a participant of the session who may be named as a speaker.
type SpeakerOption struct {
	ID         string `json:"id"`
	NameLatin  string `json:"name_latin"`
	NameNative string `json:"name_native"`
	Org        string `json:"org"`
	Side       string `json:"side"`
}

// Sessions is what the minutes need from the sessions area (issue 3): the session as the caller
// may see it (ErrNotFound otherwise, including for a removed co-convener), its speakers, and the
// session's lifecycle step that locking the minutes makes.
type Sessions interface {
	SessionInfo(ctx context.Context, s tenant.Scope, sessionID string) (*SessionInfo, error)
	Speakers(ctx context.Context, s tenant.Scope, sessionID string) ([]SpeakerOption, error)
	// MinutesLocked is called inside the transaction that locks version of the minutes: a held
	// session becomes "minutes agreed" (one already so stays); a session that has not been held
	// refuses with a conflict, and the lock is rolled back. It returns the session's status.
	MinutesLocked(ctx context.Context, s tenant.Scope, sessionID string, version int) (string, error)
}

// Tx runs a function in one database transaction.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Auditor appends audit events (inside the caller's transaction when there is one).
type Auditor interface {
	Append(ctx context.Context, e audit.Entry) error
}
