package dialogue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/id"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Transition is one recorded lifecycle step of a session.
type Transition struct {
	ID         string    `json:"id"`
	SessionID  string    `json:"session_id"`
	FromStatus string    `json:"from"`
	ToStatus   string    `json:"to"`
	Reason     string    `json:"reason"`
	ActorID    string    `json:"actor_id"`
	OrgID      string    `json:"org_id"`
	At         time.Time `json:"at"`
}

// TransitionInput asks for a lifecycle step.
type TransitionInput struct {
	To     string `json:"to"`
	Reason string `json:"reason"`
}

// Access is what a caller may do with a session: the helper other areas (papers, minutes, flags)
// use instead of repeating the co-ownership rules.
type Access struct {
	Session *Session
	// Conveners are the dialogue's active conveners.
	Conveners []Convener
	// IsConvener is true when the caller's organization actively convenes the dialogue.
	IsConvener bool
	// IsProposer is true when the caller's organization wrote the session.
	IsProposer bool
	// CanOrganize is true when the caller may change the session (organizer or admin of a
	// convener).
	CanOrganize bool
	// ConvenerOrgIDs are the ids of the active conveners.
	ConvenerOrgIDs []string
	// Sides maps each active convener's organization id to its side ("US" or "CN").
	Sides map[string]string
	// Side is the caller's side.
	Side string
	// Zones are the home zones of the sides, in convener order (e.g. America/New_York,
	// Asia/Shanghai).
	Zones []string
}

// SessionAccess answers "may this caller see session X, and as whom?". A session the caller may
// not see (another tenant's, a draft of the other convener, a dialogue the caller's organization
// was removed from) is ErrSessionNotFound.
func (s *Service) SessionAccess(ctx context.Context, sc tenant.Scope, sessionID string) (*Access, error) {
	if !id.Valid(sessionID) {
		return nil, ErrSessionNotFound
	}
	se, err := s.store.GetSession(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	all, err := s.store.Conveners(ctx, sc, se.DialogueID)
	if err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return nil, ErrSessionNotFound
		}
		return nil, err
	}
	a := &Access{Session: se, Sides: map[string]string{}, IsProposer: se.OrgID == sc.OrgID}
	for _, c := range all {
		if c.Status != ConvenerActive {
			continue
		}
		a.Conveners = append(a.Conveners, c)
		a.ConvenerOrgIDs = append(a.ConvenerOrgIDs, c.OrgID)
		a.Sides[c.OrgID] = c.Side()
		if !contains(a.Zones, c.Zone()) {
			a.Zones = append(a.Zones, c.Zone())
		}
		if c.OrgID == sc.OrgID {
			a.IsConvener, a.Side = true, c.Side()
		}
	}
	if !a.IsConvener {
		return nil, ErrSessionNotFound
	}
	a.CanOrganize = sc.CanOrganize()
	return a, nil
}

// CreateSession writes a new draft session of a dialogue the caller's organization convenes.
func (s *Service) CreateSession(ctx context.Context, sc tenant.Scope, in SessionInput) (*Session, error) {
	dialogueID := ""
	if in.DialogueID != nil {
		dialogueID = strings.TrimSpace(*in.DialogueID)
	}
	if !id.Valid(dialogueID) {
		var v apperr.Validator
		v.Add("dialogue_id", "required", "choose the dialogue this session belongs to")
		if err := applySession(&Session{}, in, true); err != nil {
			for _, f := range apperr.Fields(err) {
				v.Add(f.Field, f.Code, "%s", f.Message)
			}
		}
		return nil, v.Err()
	}
	if _, err := s.store.GetDialogue(ctx, sc, dialogueID); err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return nil, apperr.Invalid("dialogue_id", "unknown", "there is no such dialogue among yours")
		}
		return nil, err
	}
	if err := canOrganize(sc); err != nil {
		return nil, err
	}
	se := &Session{Status: StatusDraft}
	if err := applySession(se, in, true); err != nil {
		return nil, err
	}
	now := s.now()
	se.ID, se.DialogueID, se.OrgID, se.CreatedBy = s.newID(), dialogueID, sc.OrgID, sc.UserID
	se.CreatedAt, se.UpdatedAt, se.StatusChangedAt = now, now, now
	s.idsFor(se)
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateSession(ctx, sc, se); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "session.create", TargetType: "session", TargetID: se.ID,
			Details: map[string]any{"dialogue_id": dialogueID}})
	})
	if err != nil {
		return nil, err
	}
	s.sessionChanged(ctx, se.ID)
	return se, nil
}

func (s *Service) idsFor(se *Session) {
	for i := range se.Funding {
		se.Funding[i].ID, se.Funding[i].SessionID = s.newID(), se.ID
	}
	for i := range se.Cohosts {
		se.Cohosts[i].ID, se.Cohosts[i].SessionID = s.newID(), se.ID
	}
}

// GetSession returns a session the caller may see.
func (s *Service) GetSession(ctx context.Context, sc tenant.Scope, id string) (*Session, error) {
	a, err := s.SessionAccess(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	return a.Session, nil
}

// ListSessions lists the sessions the caller may see, by start time.
func (s *Service) ListSessions(ctx context.Context, sc tenant.Scope, f SessionFilter) ([]Session, error) {
	var v apperr.Validator
	if f.Status != "" {
		v.Check(contains(Statuses, f.Status), "status", "enum", "must be one of %s", strings.Join(Statuses, ", "))
	}
	if f.DialogueID != "" && !id.Valid(f.DialogueID) {
		v.Add("dialogue_id", "format", "not a dialogue id")
	}
	if !f.From.IsZero() && !f.To.IsZero() {
		v.Check(f.To.After(f.From), "to", "end_before_start", "to must be after from")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.store.ListSessions(ctx, sc, f)
}

// SessionListRevision says whether session lists may have changed: while it stays the same, a list
// read earlier (for any organization and filter) is still the list that ListSessions would return.
func (s *Service) SessionListRevision(ctx context.Context) (int64, error) {
	return s.store.SessionListRevision(ctx)
}

// editable statuses: a session that is held, declined or cancelled no longer changes here.
var editable = []string{StatusDraft, StatusProposed, StatusAccepted, StatusScheduled}

// UpdateSession changes a session. Any organizer of an active convener may; the dialogue cannot
// change; a held, declined or cancelled session cannot be edited. Each change increases the
// session's sequence (calendar clients use it).
func (s *Service) UpdateSession(ctx context.Context, sc tenant.Scope, id string, in SessionInput) (*Session, error) {
	var se *Session
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		a, err := s.SessionAccess(ctx, sc, id)
		if err != nil {
			return err
		}
		if !a.CanOrganize {
			return canOrganize(sc)
		}
		se = a.Session
		if !contains(editable, se.Status) {
			return fmt.Errorf("%w: a %s session can no longer be edited", apperr.ErrConflict, se.Status)
		}
		if in.DialogueID != nil && strings.TrimSpace(*in.DialogueID) != se.DialogueID {
			return apperr.Invalid("dialogue_id", "fixed", "a session cannot move to another dialogue")
		}
		if err := applySession(se, in, false); err != nil {
			return err
		}
		se.UpdatedAt = s.now()
		se.Sequence++
		s.idsFor(se)
		ok, err := s.store.UpdateSession(ctx, sc, se)
		if err != nil {
			return err
		}
		if !ok {
			return ErrStale
		}
		return s.audit.Append(ctx, audit.Entry{Action: "session.update", TargetType: "session", TargetID: se.ID})
	})
	if err != nil {
		return nil, err
	}
	s.sessionChanged(ctx, se.ID)
	return se, nil
}

// allowed lists the legal next statuses of each status.
var allowed = map[string][]string{
	StatusDraft:     {StatusProposed, StatusCancelled},
	StatusProposed:  {StatusAccepted, StatusDeclined, StatusCancelled},
	StatusAccepted:  {StatusScheduled, StatusCancelled},
	StatusScheduled: {StatusHeld, StatusCancelled},
}

// NextStatuses lists the statuses a session in status may move to (for pages).
func NextStatuses(status string) []string { return allowed[status] }

// CanTransition reports whether the caller (with access a) may move the session to to now, and if
// not, why (an error of kind ErrInvalid or ErrForbidden).
func CanTransition(a *Access, to string, now time.Time) error {
	se := a.Session
	if to == StatusMinutesAgreed {
		return apperr.Invalid("to", "minutes_workflow", "a held session becomes minutes_agreed when its conveners lock the agreed minutes, not by a status change")
	}
	if !contains(allowed[se.Status], to) {
		next := allowed[se.Status]
		if len(next) == 0 {
			return apperr.Invalid("to", "transition", "a %s session cannot change status any more", se.Status)
		}
		return apperr.Invalid("to", "transition", "a %s session can become %s, not %q", se.Status, strings.Join(next, " or "), to)
	}
	if !a.CanOrganize {
		return fmt.Errorf("%w: only organizers and admins of a convening organization may change a session's status", apperr.ErrForbidden)
	}
	switch to {
	case StatusProposed:
		if !a.IsProposer {
			return fmt.Errorf("%w: only the organization that wrote the session may propose it", apperr.ErrForbidden)
		}
	case StatusAccepted, StatusDeclined:
		if a.IsProposer {
			return fmt.Errorf("%w: only the other convener may accept or decline a proposal", apperr.ErrForbidden)
		}
	case StatusCancelled:
		if (se.Status == StatusDraft || se.Status == StatusProposed) && !a.IsProposer {
			return fmt.Errorf("%w: only the proposing organization may withdraw a proposal; decline it instead", apperr.ErrForbidden)
		}
	case StatusHeld:
		if now.Before(se.StartsAt) {
			return apperr.Invalid("to", "not_started", "a session can be marked held only once it has started")
		}
	}
	return nil
}

// Transition moves a session through its lifecycle, checking who may make the step, and records
// who did and when (in the session's history and the audit log), atomically.
func (s *Service) Transition(ctx context.Context, sc tenant.Scope, sessionID string, in TransitionInput) (*Session, error) {
	in.To, in.Reason = strings.TrimSpace(in.To), strings.TrimSpace(in.Reason)
	var se *Session
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		a, err := s.SessionAccess(ctx, sc, sessionID)
		if err != nil {
			return err
		}
		se = a.Session
		var v apperr.Validator
		v.Check(contains(Statuses, in.To), "to", "enum", "must be one of %s", strings.Join(Statuses, ", "))
		if in.To == StatusDeclined || in.To == StatusCancelled {
			v.Check(in.Reason != "", "reason", "required", "say why the session is %s", in.To)
		}
		v.Check(utf8.RuneCountInString(in.Reason) <= 2000, "reason", "length", "at most 2000 characters")
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now()
		if err := CanTransition(a, in.To, now); err != nil {
			return err
		}
		return s.moveStatus(ctx, sc, se, in.To, in.Reason, now, nil)
	})
	if err != nil {
		return nil, err
	}
	return se, nil
}

// MinutesLocked moves a held session to minutes_agreed because its conveners have locked the
// agreed minutes (version is the locked minutes' version). It is the minutes workflow's step,
// called inside the transaction that locks the minutes, so both commit or neither does: the
// caller must be an organizer of a convener. A session already minutes_agreed (an amendment of
// agreed minutes was locked) stays so and nothing is recorded; a session in any other status
// refuses (conflict): minutes are agreed for a session that has been held. It returns the
// session's status afterwards.
func (s *Service) MinutesLocked(ctx context.Context, sc tenant.Scope, sessionID string, version int) (string, error) {
	var status string
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		a, err := s.SessionAccess(ctx, sc, sessionID)
		if err != nil {
			return err
		}
		if !a.CanOrganize {
			return canOrganize(sc)
		}
		se := a.Session
		status = se.Status
		switch se.Status {
		case StatusMinutesAgreed:
			return nil
		case StatusHeld:
		default:
			return fmt.Errorf("%w: minutes can be locked only for a session that has been held (this one is %s); mark it held first", apperr.ErrConflict, se.Status)
		}
		// No reason text: the status says it in the reader's language; the audit names the version.
		status = StatusMinutesAgreed
		return s.moveStatus(ctx, sc, se, StatusMinutesAgreed, "", s.now(), map[string]any{"via": "minutes.lock", "minutes_version": version})
	})
	return status, err
}

// moveStatus moves se from its status to to (a compare-and-set: ErrStale when another request
// moved it first) and records the step in the session's history and the audit log (with extra
// details), in the caller's transaction.
func (s *Service) moveStatus(ctx context.Context, sc tenant.Scope, se *Session, to, reason string, now time.Time, extra map[string]any) error {
	from := se.Status
	ok, err := s.store.SetSessionStatus(ctx, sc, se.ID, from, to, reason, now)
	if err != nil {
		return err
	}
	if !ok {
		return ErrStale
	}
	se.Status, se.StatusReason, se.StatusChangedAt = to, reason, now
	if err := s.store.AddTransition(ctx, &Transition{ID: s.newID(), SessionID: se.ID, FromStatus: from, ToStatus: to,
		Reason: reason, ActorID: sc.UserID, OrgID: sc.OrgID, At: now}); err != nil {
		return err
	}
	details := map[string]any{"from": from, "to": to, "reason": reason}
	for k, v := range extra {
		details[k] = v
	}
	return s.audit.Append(ctx, audit.Entry{Action: "session.transition", TargetType: "session", TargetID: se.ID, Details: details})
}

// Transitions returns a session's lifecycle history, oldest first.
func (s *Service) Transitions(ctx context.Context, sc tenant.Scope, sessionID string) ([]Transition, error) {
	if _, err := s.SessionAccess(ctx, sc, sessionID); err != nil {
		return nil, err
	}
	return s.store.Transitions(ctx, sc, sessionID)
}

// TransitionsOf is Transitions for a session whose access the caller has already checked.
func (s *Service) TransitionsOf(ctx context.Context, sc tenant.Scope, a *Access) ([]Transition, error) {
	return s.store.Transitions(ctx, sc, a.Session.ID)
}
