package dialogue

import (
	"context"
	"time"

	"github.com/tracktwo/tracktwo/internal/tenant"
)

// SessionFilter narrows a session listing.
type SessionFilter struct {
	DialogueID string
	Status     string
	// From and To bound the start time (From inclusive, To exclusive); zero means open.
	From, To time.Time
	// After is the cursor: "<starts_at RFC3339Nano>|<id>" of the last row seen.
	After string
	Limit int
	// Full loads every column (calendar feeds); otherwise only the columns a list shows are
	// loaded (see SessionSummaryColumns) and the other fields are empty.
	Full bool
}

// Store is what the dialogue service needs from storage. Every method on tenant data takes the
// caller's scope and joins through dialogue_orgs with status 'active', so a removed co-convener
// loses access on its next request.
type Store interface {
	CreateDialogue(ctx context.Context, s tenant.Scope, d *Dialogue, c *Convener) error
	// GetDialogue returns a dialogue the caller's organization actively convenes.
	GetDialogue(ctx context.Context, s tenant.Scope, id string) (*Dialogue, error)
	ListDialogues(ctx context.Context, s tenant.Scope, after string, limit int) ([]Dialogue, error)
	UpdateDialogue(ctx context.Context, s tenant.Scope, d *Dialogue) error
	// Conveners lists every organization row of a dialogue the caller actively convenes
	// (active, invited, declined, removed), with organization names and countries.
	Conveners(ctx context.Context, s tenant.Scope, dialogueID string) ([]Convener, error)
	// SetHomeZone sets the caller's organization's home zone in a dialogue.
	SetHomeZone(ctx context.Context, s tenant.Scope, dialogueID, zone string, at time.Time) error
	// UpsertInvitation creates the invitation row, or re-opens a declined or removed one.
	UpsertInvitation(ctx context.Context, s tenant.Scope, c *Convener) error
	// Invitation returns an invitation addressed to the caller's organization.
	Invitation(ctx context.Context, s tenant.Scope, id string) (*Convener, error)
	// PendingInvitations lists invitations addressed to the caller's organization.
	PendingInvitations(ctx context.Context, s tenant.Scope) ([]Convener, error)
	// SetConvenerStatus moves a dialogue_orgs row from one of from to to, atomically; false when
	// the row was not in one of from (someone else changed it first).
	SetConvenerStatus(ctx context.Context, id string, from []string, to, by string, at time.Time) (bool, error)

	CreateSession(ctx context.Context, s tenant.Scope, se *Session) error
	// GetSession returns a session the caller may see, with funding and co-hosts.
	GetSession(ctx context.Context, s tenant.Scope, id string) (*Session, error)
	ListSessions(ctx context.Context, s tenant.Scope, f SessionFilter) ([]Session, error)
	// SessionListRevision is a counter that moves, in the same transaction, with every change to
	// anything a session list shows or uses to decide who sees it (sessions, dialogues, conveners).
	SessionListRevision(ctx context.Context) (int64, error)
	// UpdateSession saves the session's fields, funding and co-hosts if its sequence is still
	// se.Sequence-1 (optimistic lock); false when it changed meanwhile.
	UpdateSession(ctx context.Context, s tenant.Scope, se *Session) (bool, error)
	// SetSessionStatus moves a session from status from to to, atomically; false when it was not
	// in from.
	SetSessionStatus(ctx context.Context, s tenant.Scope, id, from, to, reason string, at time.Time) (bool, error)
	AddTransition(ctx context.Context, t *Transition) error
	Transitions(ctx context.Context, s tenant.Scope, sessionID string) ([]Transition, error)

	AddAttendee(ctx context.Context, s tenant.Scope, a *Attendee) error
	// Attendees lists a visible session's attendees with the participant fields a co-host may see.
	Attendees(ctx context.Context, s tenant.Scope, sessionID string) ([]Attendee, error)
	GetAttendee(ctx context.Context, s tenant.Scope, sessionID, id string) (*Attendee, error)
	UpdateAttendee(ctx context.Context, s tenant.Scope, a *Attendee) error
	// CountAttendees counts a session's attendees of one side that have not declined.
	CountAttendees(ctx context.Context, sessionID, side string) (int, error)
	// Overlaps lists, for the session's attendees (or one participant), their other sessions that
	// overlap it in time and are not cancelled or declined.
	Overlaps(ctx context.Context, s tenant.Scope, sessionID, participantID string) ([]Overlap, error)
	// RSVP finds an open attendance invitation by its token hash (the token is the credential).
	RSVP(ctx context.Context, hash string, at time.Time) (*RSVPView, error)
	// AnswerRSVP records the answer and consumes the token, atomically; false when already used.
	AnswerRSVP(ctx context.Context, hash, status string, at time.Time) (bool, error)

	CreateFeed(ctx context.Context, s tenant.Scope, f *Feed) error
	ListFeeds(ctx context.Context, s tenant.Scope) ([]Feed, error)
	RevokeFeed(ctx context.Context, s tenant.Scope, id string, at time.Time) error
	// FeedByToken finds an unrevoked feed by token hash.
	FeedByToken(ctx context.Context, hash string) (*Feed, error)
}
