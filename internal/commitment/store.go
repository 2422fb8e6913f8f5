package commitment

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Errors of the commitment service, wrapping the application's error kinds.
var (
	// ErrNotFound: a missing commitment, or one of a dialogue the caller's organization does not
	// (or no longer) convene.
	ErrNotFound = fmt.Errorf("%w: commitment", apperr.ErrNotFound)
	// ErrForbidden: the caller sees the commitment but may not change or assess it.
	ErrForbidden = fmt.Errorf("%w: only organizers of a convening organization may change or assess commitments", apperr.ErrForbidden)
	// ErrWithdrawn: the commitment is withdrawn, so it cannot be changed, assessed or withdrawn
	// again until it is reinstated.
	ErrWithdrawn = fmt.Errorf("%w: the commitment is withdrawn; reinstate it first", apperr.ErrConflict)
	// ErrNotWithdrawn: reinstating a commitment that is not withdrawn.
	ErrNotWithdrawn = fmt.Errorf("%w: the commitment is not withdrawn", apperr.ErrConflict)
)

// Record is a stored commitment: the pure Commitment plus where it came from and its state.
type Record struct {
	ID            string   `json:"id"`
	OrgID         string   `json:"org_id"`
	DialogueID    string   `json:"dialogue_id"`
	SessionID     string   `json:"session_id"`
	ActionItemID  string   `json:"action_item_id,omitempty"`
	TitleEN       string   `json:"title_en"`
	TitleZH       string   `json:"title_zh"`
	TextEN        string   `json:"text_en"`
	TextZH        string   `json:"text_zh"`
	Parties       []string `json:"parties" gorm:"-"`
	Owner         string   `json:"owner"`
	Due           string   `json:"due,omitempty" gorm:"column:due_date"`
	Verifiability string   `json:"verifiability"`
	// Progress and Stage are those of the assessment in force ("" when unassessed).
	Progress   Progress   `json:"progress"`
	Stage      Stage      `json:"stage,omitempty"`
	AssessedAt *time.Time `json:"assessed_at,omitempty"`
	CreatedBy  string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	// WithdrawnAt is when the commitment was withdrawn (nil: in force), by whom (a user id, with
	// the name read from the users) and why. A withdrawn commitment keeps its assessments but
	// leaves the register and the per-party totals.
	WithdrawnAt     *time.Time `json:"withdrawn_at,omitempty"`
	WithdrawnBy     string     `json:"withdrawn_by,omitempty"`
	WithdrawnByName string     `json:"withdrawn_by_name,omitempty" gorm:"-"`
	WithdrawnReason string     `json:"withdrawn_reason,omitempty"`
	// Read from the dialogue and session.
	DialogueTitle string `json:"dialogue_title,omitempty" gorm:"->"`
	SessionTitle  string `json:"session_title,omitempty" gorm:"->"`
	// Overdue and DaysOverdue are computed for the viewer's date.
	Overdue     bool `json:"overdue" gorm:"-"`
	DaysOverdue int  `json:"days_overdue,omitempty" gorm:"-"`
}

// Pure returns the pure commitment the scales and summaries work on.
func (r *Record) Pure() Commitment {
	c := Commitment{ID: r.ID, TitleEN: r.TitleEN, TitleZH: r.TitleZH, Parties: r.Parties, Owner: r.Owner, ActionItemID: r.ActionItemID}
	if t, err := time.Parse(time.DateOnly, r.Due); err == nil {
		c.Due = t
	}
	return c
}

// Filter narrows the register.
type Filter struct {
	DialogueID string
	Party      string
	// Status is a progress level, "unassessed", or "withdrawn" (which sets Withdrawn).
	Status string
	// Withdrawn lists withdrawn commitments only (status "withdrawn"); otherwise they are left out.
	Withdrawn bool
	// Overdue keeps commitments due before Today that are not complete.
	Overdue bool
	// Today is the viewer's date (YYYY-MM-DD) for Overdue and DueWithin.
	Today string
	// DueBy keeps commitments due on or before this date (YYYY-MM-DD) that are not complete.
	DueBy string
	// After is the cursor (the last id seen); Limit caps the rows.
	After string
	Limit int
}

// Stored is an assessment as stored: the pure Assessment plus evidence links and who recorded it.
type Stored struct {
	Assessment
	EvidenceLinks []string  `json:"evidence_links"`
	RecordedBy    string    `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
}

// Withdrawal is who withdrew a commitment, when and why.
type Withdrawal struct {
	At     time.Time
	By     string
	Reason string
}

// PartyTotals is the per-party aggregate the register's summary is built from.
type PartyTotals struct {
	Party    string
	Assessed int
	Full     int
	Partial  int
	Non      int
}

// Store is what the commitment service needs from storage. Every method takes the caller's
// scope and sees only commitments of dialogues the caller's organization actively convenes.
type Store interface {
	CreateCommitment(ctx context.Context, s tenant.Scope, c *Record) error
	GetCommitment(ctx context.Context, s tenant.Scope, id string) (*Record, error)
	UpdateCommitment(ctx context.Context, s tenant.Scope, c *Record) error
	// ListCommitments lists commitments by id (time-ordered), after f.After, at most f.Limit.
	ListCommitments(ctx context.Context, s tenant.Scope, f Filter) ([]Record, error)
	// AddAssessment appends a and sets the commitment's state in force (progress, stage and
	// each party's score) from current, atomically.
	AddAssessment(ctx context.Context, s tenant.Scope, a *Stored, current *Assessment) error
	// SetWithdrawal withdraws a commitment in force (w non-nil) or reinstates a withdrawn one (w
	// nil), taking it out of the per-party totals or back into them in the same transaction.
	// Errors: ErrWithdrawn (already withdrawn), ErrNotWithdrawn, ErrNotFound.
	SetWithdrawal(ctx context.Context, s tenant.Scope, id string, w *Withdrawal) error
	// Assessments lists a commitment's assessments, oldest first.
	Assessments(ctx context.Context, s tenant.Scope, commitmentID string) ([]Stored, error)
	// PartyTotals aggregates the scores in force per party over the filtered commitments.
	PartyTotals(ctx context.Context, s tenant.Scope, f Filter) ([]PartyTotals, error)
}

// SessionRef is what commitments need to know about a session and the caller's place in it.
type SessionRef struct {
	ID         string
	DialogueID string
	Title      string
	// Parties are the dialogue's possible parties: the two sides and the active conveners.
	Parties []Party
	CanEdit bool
}

// Sessions is what commitments need from the sessions area: a session the caller may see
// (ErrNotFound otherwise) and a dialogue's parties.
type Sessions interface {
	CommitmentSession(ctx context.Context, s tenant.Scope, sessionID string) (*SessionRef, error)
	DialogueParties(ctx context.Context, s tenant.Scope, dialogueID string) ([]Party, bool, error)
}

// SourceItem is the minutes action item a commitment came from, as its page shows it.
type SourceItem struct {
	ID          string `json:"id"`
	ItemTitleEN string `json:"item_title_en"`
	ItemTitleZH string `json:"item_title_zh"`
	TextEN      string `json:"text_en"`
	TextZH      string `json:"text_zh"`
	// CommitmentID is the commitment the minutes name on the item ("" for none); Linked is true
	// when that is the commitment asking.
	CommitmentID string `json:"commitment_id,omitempty"`
	Linked       bool   `json:"linked"`
	// Missing is true when the session's minutes (as the caller may see them) no longer hold it.
	Missing bool `json:"missing"`
}

// Errors an ActionItems implementation returns.
var (
	// ErrActionItemNotFound: the session's minutes have no such action item.
	ErrActionItemNotFound = errors.New("commitment: no such action item in the session's minutes")
	// ErrActionItemTaken: the action item is already tracked as another commitment.
	ErrActionItemTaken = errors.New("commitment: action item already tracked as another commitment")
)

// ActionItems is what commitments need from the minutes: the action item a commitment came from,
// and the link written back into the minutes (the item names its commitment).
type ActionItems interface {
	// SourceItem returns an action item of a session's current minutes with its agenda item's
	// titles, or ErrActionItemNotFound (an error wrapping apperr.ErrNotFound when the caller may
	// not see the session).
	SourceItem(ctx context.Context, s tenant.Scope, sessionID, actionItemID string) (*SourceItem, error)
	// LinkActionItem records in the session's minutes that the action item is tracked as
	// commitment to, replacing the link from ("" for none; to "" removes it), in the caller's
	// transaction. Errors: ErrActionItemNotFound, ErrActionItemTaken.
	LinkActionItem(ctx context.Context, s tenant.Scope, sessionID, actionItemID, from, to string) error
}

// Tx runs a function in one database transaction.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Auditor appends audit events (inside the caller's transaction when there is one).
type Auditor interface {
	Append(ctx context.Context, e audit.Entry) error
}
