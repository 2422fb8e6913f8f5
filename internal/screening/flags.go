package screening

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/screening/rules"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// ErrFlagNotFound is returned for a missing or foreign flag.
var ErrFlagNotFound = fmt.Errorf("%w: flag", apperr.ErrNotFound)

// Flag review statuses. Resolved is set by recomputation only, when the cause disappears.
const (
	FlagOpen         = "open"
	FlagAcknowledged = "acknowledged"
	FlagMitigated    = "mitigated"
	FlagDismissed    = "dismissed"
	FlagResolved     = "resolved"
)

// ReviewStatuses are the statuses a reviewer may set.
var ReviewStatuses = []string{FlagOpen, FlagAcknowledged, FlagMitigated, FlagDismissed}

// Flag is the result of a restriction rule for a session or for one participant in a session:
// advice for the organizer, never legal clearance.
type Flag struct {
	ID               string           `json:"id"`
	OrgID            string           `json:"-"`
	SessionID        string           `json:"session_id"`
	ParticipantID    *string          `json:"participant_id,omitempty"`
	SubjectKey       string           `json:"-"`
	RuleID           string           `json:"rule_id"`
	Jurisdiction     string           `json:"jurisdiction"`
	Severity         string           `json:"severity"`
	ExplanationEN    string           `json:"explanation_en"`
	ExplanationZH    string           `json:"explanation_zh"`
	Citations        []rules.Citation `json:"citations" gorm:"serializer:json"`
	NeedsLegalReview bool             `json:"needs_legal_review"`
	Evidence         []rules.Evidence `json:"evidence" gorm:"serializer:json"`
	Matches          []FlagMatch      `json:"matches" gorm:"serializer:json"`
	RuleHash         string           `json:"rule_hash"`
	EvalError        string           `json:"eval_error,omitempty"`
	Status           string           `json:"status"`
	Reason           string           `json:"reason,omitempty"`
	ReviewedBy       string           `json:"reviewed_by,omitempty"`
	ReviewedAt       *time.Time       `json:"reviewed_at,omitempty"`
	ResolvedAt       *time.Time       `json:"resolved_at,omitempty"`
	RaisedAt         time.Time        `json:"raised_at"`
	EvaluatedAt      time.Time        `json:"evaluated_at"`
	UpdatedAt        time.Time        `json:"updated_at"`
	SubjectName      string           `json:"subject_name,omitempty" gorm:"-"`
	History          []FlagEvent      `json:"history,omitempty" gorm:"-"`
}

// Explanation returns the explanation in lang ("zh" or English).
func (f *Flag) Explanation(lang string) string {
	if lang == "zh" && f.ExplanationZH != "" {
		return f.ExplanationZH
	}
	return f.ExplanationEN
}

// Active reports whether the flag's cause is present.
func (f *Flag) Active() bool { return f.Status != FlagResolved }

// FlagMatch is a watchlist entry that a flag's participant or employer matched.
type FlagMatch struct {
	Subject       string   `json:"subject"` // person | employer
	Query         string   `json:"query"`
	ListID        string   `json:"list_id"`
	ListTitle     string   `json:"list_title"`
	EntryID       string   `json:"entry_id"`
	EntryName     string   `json:"entry_name"`
	MatchedName   string   `json:"matched_name"`
	Source        string   `json:"source,omitempty"`
	Programs      []string `json:"programs,omitempty"`
	BirthDates    []string `json:"birth_dates,omitempty"`
	Level         string   `json:"level"` // possible | corroborated
	Corroboration []string `json:"corroboration,omitempty"`
	Score         float64  `json:"score"`
	Explanation   []string `json:"explanation"`
}

// FlagEvent is one change of a flag's status or severity.
type FlagEvent struct {
	ID         string    `json:"id"`
	FlagID     string    `json:"-"`
	OrgID      string    `json:"-"`
	At         time.Time `json:"at"`
	ActorID    string    `json:"actor_id,omitempty"`
	FromStatus string    `json:"from_status,omitempty"`
	ToStatus   string    `json:"to_status"`
	Severity   string    `json:"severity,omitempty"`
	Reason     string    `json:"reason,omitempty"`
}

// Inputs are everything a session's screening reads: the session, its organizers, and each
// attendee with the participant record and consents (a platform read done by the screening
// service only).
type Inputs struct {
	Session   *dialogue.Session
	Organizer *org.Organization
	Conveners []org.Organization
	Attendees []AttendeeInput
	// Owners are the organizations that registered the attendees (they store their data).
	Owners []org.Organization
	// SharedUSPersons counts, per organizer or convener of the session, the distinct US persons
	// (US nationality or residence) registered by other organizations who attend sessions of the
	// dialogues it convenes in the 12 months up to this session's start: whose identifiers became
	// accessible to it (the bulk-data rule's sharing context).
	SharedUSPersons map[string]int64
}

// AttendeeInput is one attendee of a session with what the rules read about them.
type AttendeeInput struct {
	Attendee    dialogue.Attendee
	Participant participant.Participant
	Consents    []participant.Consent
}

// FlagStore is what flags need from storage.
type FlagStore interface {
	// ScreeningInputs reads a session's inputs (platform read: the caller has checked access).
	ScreeningInputs(ctx context.Context, sessionID string) (*Inputs, error)
	// SessionIDs lists sessions after a cursor, for sweeps (platform operation).
	SessionIDs(ctx context.Context, after string, limit int) ([]string, error)
	// SessionsOfParticipants lists the sessions the participants attend (platform operation).
	SessionsOfParticipants(ctx context.Context, participantIDs []string) ([]string, error)
	// SessionsOfDialogue lists a dialogue's sessions (platform operation).
	SessionsOfDialogue(ctx context.Context, dialogueID string) ([]string, error)
	// SessionsOfOrg lists the sessions an organization writes, convenes (through their
	// dialogue) or brings attendees to (platform operation).
	SessionsOfOrg(ctx context.Context, orgID string) ([]string, error)
	// Fingerprint returns the fingerprint a session's flags were computed from ("" if never).
	Fingerprint(ctx context.Context, sessionID string) (string, error)
	// SessionFlagsAll returns every flag of a session (platform read, for recomputation).
	SessionFlagsAll(ctx context.Context, sessionID string) ([]Flag, error)
	// SaveFlags inserts or updates flags and appends events, and records the fingerprint and the
	// rule set version they were computed from; run it in a transaction.
	SaveFlags(ctx context.Context, sessionID string, st State, upserts []Flag, events []FlagEvent) error
	// CountStale counts the sessions whose flags were not computed with the rule set version
	// (platform operation).
	CountStale(ctx context.Context, rulesVersion string) (int, error)
	// ScreeningState returns when a session's flags were last computed, and from what (zero
	// State if never).
	ScreeningState(ctx context.Context, sessionID string) (State, error)
	// SessionFlags lists a session's flags the caller may see: the session's own flags and the
	// flags of the caller's organization's participants.
	SessionFlags(ctx context.Context, sc tenant.Scope, sessionID string) ([]Flag, error)
	// ParticipantFlags lists the caller's participant's flags across sessions.
	ParticipantFlags(ctx context.Context, sc tenant.Scope, participantID string) ([]Flag, error)
	// GetFlag returns a flag the caller's organization reviews; any other id is ErrFlagNotFound.
	GetFlag(ctx context.Context, sc tenant.Scope, id string) (*Flag, error)
	// FlagEvents lists a flag's history, oldest first.
	FlagEvents(ctx context.Context, sc tenant.Scope, flagID string) ([]FlagEvent, error)
	// UpdateFlagReview saves a reviewer's change.
	UpdateFlagReview(ctx context.Context, sc tenant.Scope, f *Flag) error
	// AppendFlagEvent records one event.
	AppendFlagEvent(ctx context.Context, e *FlagEvent) error
	// FlagCounts returns, per session, the number of active flags visible to sc by severity.
	FlagCounts(ctx context.Context, sc tenant.Scope, sessionIDs []string) (map[string]map[string]int, error)
	// ParticipantFlagCounts returns, per participant of sc, the number of active flags by severity.
	ParticipantFlagCounts(ctx context.Context, sc tenant.Scope, participantIDs []string) (map[string]map[string]int, error)
}

// State records when a session's flags were last computed and from what.
type State struct {
	// Fingerprint is a hash of the facts, list matches, rule set and day they came from.
	Fingerprint string `json:"-"`
	// RulesVersion is the version of the rule set (rules.RuleSet.Version).
	RulesVersion string `json:"rules_version,omitempty"`
	// ScreenedAt is when the flags were last computed; zero if never.
	ScreenedAt time.Time `json:"screened_at"`
}

// SessionGate checks that the caller may see a session (the dialogue service's access rule).
type SessionGate interface {
	CanSeeSession(ctx context.Context, sc tenant.Scope, sessionID string) error
}

// ParticipantGate checks that a participant belongs to the caller's registry.
type ParticipantGate interface {
	CanSeeParticipant(ctx context.Context, sc tenant.Scope, participantID string) error
}

// ReviewInput is a reviewer's change of a flag.
type ReviewInput struct {
	Status *string `json:"status"`
	Reason *string `json:"reason"`
}

// Review changes a flag's review status. Dismissing needs a written reason. Only organizers of
// the organization that reviews the flag may; the change and its history entry are audited.
func (s *Service) Review(ctx context.Context, sc tenant.Scope, id string, in ReviewInput) (*Flag, error) {
	f, err := s.flags.GetFlag(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if !sc.CanOrganize() {
		return nil, fmt.Errorf("%w: only organizers review flags", apperr.ErrForbidden)
	}
	var v apperr.Validator
	status := f.Status
	if in.Status != nil {
		status = strings.TrimSpace(*in.Status)
	}
	reason := ""
	if in.Reason != nil {
		reason = strings.TrimSpace(*in.Reason)
	}
	v.Check(contains(ReviewStatuses, status), "status", "enum", "must be one of %s", strings.Join(ReviewStatuses, ", "))
	if f.Status == FlagResolved {
		v.Add("status", "resolved", "the cause of this flag is gone; a resolved flag is not reviewed")
	}
	if status == FlagDismissed {
		v.Check(reason != "", "reason", "required", "give the reason for dismissing the flag")
	}
	v.Check(utf8.RuneCountInString(reason) <= 4000, "reason", "length", "at most 4000 characters")
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	from := f.Status
	f.Status, f.Reason, f.ReviewedBy, f.ReviewedAt, f.UpdatedAt = status, reason, sc.UserID, &now, now
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.flags.UpdateFlagReview(ctx, sc, f); err != nil {
			return err
		}
		if err := s.flags.AppendFlagEvent(ctx, &FlagEvent{ID: s.newID(), FlagID: f.ID, OrgID: f.OrgID, At: now, ActorID: sc.UserID,
			FromStatus: from, ToStatus: status, Severity: f.Severity, Reason: reason}); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "flag.review", TargetType: "flag", TargetID: f.ID,
			Details: map[string]any{"rule_id": f.RuleID, "from": from, "to": status, "session_id": f.SessionID}})
	})
	if err != nil {
		return nil, err
	}
	f.History, _ = s.flags.FlagEvents(ctx, sc, f.ID)
	return f, nil
}

// SessionFlags returns the stored flags of a session visible to the caller, most severe first.
// Reading changes nothing: flags are recomputed when their inputs change and by the background
// sweep (SessionState tells when they last were).
func (s *Service) SessionFlags(ctx context.Context, sc tenant.Scope, sessionID string) ([]Flag, error) {
	if err := s.sessions.CanSeeSession(ctx, sc, sessionID); err != nil {
		return nil, err
	}
	return s.flags.SessionFlags(ctx, sc, sessionID)
}

// SessionState tells when a session the caller may see was last screened, and with which rule
// set (Current: the one in force).
func (s *Service) SessionState(ctx context.Context, sc tenant.Scope, sessionID string) (SessionState, error) {
	if err := s.sessions.CanSeeSession(ctx, sc, sessionID); err != nil {
		return SessionState{}, err
	}
	st, err := s.flags.ScreeningState(ctx, sessionID)
	return SessionState{State: st, Current: st.RulesVersion != "" && st.RulesVersion == s.ruleSet().Version()}, err
}

// SessionState is State for readers: Current is false when the flags were computed with another
// rule set than the one in force (the background sweep is recomputing them).
type SessionState struct {
	State
	Current bool `json:"rules_current"`
}

// ParticipantFlags returns the stored flags of one of the caller's participants across sessions.
func (s *Service) ParticipantFlags(ctx context.Context, sc tenant.Scope, participantID string) ([]Flag, error) {
	if err := s.participants.CanSeeParticipant(ctx, sc, participantID); err != nil {
		return nil, err
	}
	return s.flags.ParticipantFlags(ctx, sc, participantID)
}

// Flag returns one flag the caller's organization reviews, with its history.
func (s *Service) Flag(ctx context.Context, sc tenant.Scope, id string) (*Flag, error) {
	f, err := s.flags.GetFlag(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	f.History, err = s.flags.FlagEvents(ctx, sc, id)
	return f, err
}

// FlagCounts returns active-flag counts by severity for sessions the caller sees (for badges).
func (s *Service) FlagCounts(ctx context.Context, sc tenant.Scope, sessionIDs []string) (map[string]map[string]int, error) {
	return s.flags.FlagCounts(ctx, sc, sessionIDs)
}

// SessionFlagCounts returns a session's stored active flags visible to the caller by severity
// (the session page's badge; the same statements whatever the size).
func (s *Service) SessionFlagCounts(ctx context.Context, sc tenant.Scope, sessionID string) (map[string]int, error) {
	if err := s.sessions.CanSeeSession(ctx, sc, sessionID); err != nil {
		return nil, err
	}
	c, err := s.flags.FlagCounts(ctx, sc, []string{sessionID})
	if err != nil {
		return nil, err
	}
	if c[sessionID] == nil {
		return map[string]int{}, nil
	}
	return c[sessionID], nil
}

// ParticipantFlagCounts returns active-flag counts by severity for the caller's participants.
func (s *Service) ParticipantFlagCounts(ctx context.Context, sc tenant.Scope, ids []string) (map[string]map[string]int, error) {
	return s.flags.ParticipantFlagCounts(ctx, sc, ids)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
