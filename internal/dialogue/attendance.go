package dialogue

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/id"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Attendance roles and statuses.
var (
	AttendeeRoles    = []string{"convener", "delegate", "speaker", "rapporteur", "observer"}
	AttendeeStatuses = []string{"invited", "confirmed", "declined", "attended"}
)

// Attendee is a participant's place in a session. A co-host sees another organization's
// attendees only as name, native name, employer, role, status and side: the registry fields
// stay with the organization that owns the participant.
type Attendee struct {
	ID            string `json:"id"`
	SessionID     string `json:"session_id"`
	ParticipantID string `json:"participant_id"`
	OrgID         string `json:"org_id"`
	Side          string `json:"side"`
	Role          string `json:"role"`
	Status        string `json:"status"`
	Paid          bool   `json:"paid"`
	// Facts of the restriction rules about this participant in this session, set by the
	// participant's organization and shown to it alone: acting on behalf of an organizer,
	// hosted by an organizer as a visiting researcher, briefing US officials on the session.
	ActsForOrganizer   bool       `json:"acts_for_organizer"`
	VisitingResearcher bool       `json:"visiting_researcher"`
	BriefsUSOfficials  bool       `json:"briefs_us_officials" gorm:"column:briefs_us_officials"`
	InviteTokenHash    *string    `json:"-"`
	InviteExpiresAt    *time.Time `json:"-"`
	RespondedAt        *time.Time `json:"responded_at,omitempty"`
	CreatedBy          string     `json:"-"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
	// Read from the participant: the fields a session may share.
	NameLatin  string `json:"name_latin" gorm:"->"`
	NameNative string `json:"name_native" gorm:"->"`
	Employer   string `json:"employer" gorm:"->"`
}

// DisplayName is "张伟 (Zhang Wei)" when both scripts are known, else the Latin name.
func (a *Attendee) DisplayName() string {
	if a.NameNative != "" && a.NameNative != a.NameLatin {
		return a.NameNative + " (" + a.NameLatin + ")"
	}
	return a.NameLatin
}

// AttendeeInput adds a participant to a session or changes their attendance.
type AttendeeInput struct {
	ParticipantID string  `json:"participant_id"`
	Role          *string `json:"role"`
	Status        *string `json:"status"`
	Paid          *bool   `json:"paid"`
	// Facts of the restriction rules (see Attendee).
	ActsForOrganizer   *bool `json:"acts_for_organizer"`
	VisitingResearcher *bool `json:"visiting_researcher"`
	BriefsUSOfficials  *bool `json:"briefs_us_officials"`
}

// applyFacts copies the flags given in in onto at.
func (in AttendeeInput) applyFacts(at *Attendee) {
	for _, b := range []struct {
		dst *bool
		src *bool
	}{{&at.Paid, in.Paid}, {&at.ActsForOrganizer, in.ActsForOrganizer}, {&at.VisitingResearcher, in.VisitingResearcher},
		{&at.BriefsUSOfficials, in.BriefsUSOfficials}} {
		if b.src != nil {
			*b.dst = *b.src
		}
	}
}

// redactFacts clears the attendance facts of other organizations' attendees: they belong to the
// organization that brought the participant.
func redactFacts(sc tenant.Scope, atts []Attendee) []Attendee {
	for i := range atts {
		if atts[i].OrgID != sc.OrgID {
			atts[i].ActsForOrganizer, atts[i].VisitingResearcher, atts[i].BriefsUSOfficials = false, false, false
		}
	}
	return atts
}

// NewAttendee is an added attendee with the single-use link the participant answers through
// (shown once; only its hash is stored).
type NewAttendee struct {
	Attendee
	RSVPURL  string    `json:"rsvp_url,omitempty"`
	Warnings []Warning `json:"warnings"`
}

// Overlap is a participant booked into another session that overlaps this one.
type Overlap struct {
	ParticipantID string    `json:"participant_id"`
	NameLatin     string    `json:"name_latin"`
	NameNative    string    `json:"name_native"`
	SessionID     string    `json:"session_id"`
	SessionTitle  string    `json:"session_title"`
	StartsAt      time.Time `json:"starts_at"`
	EndsAt        time.Time `json:"ends_at"`
}

// RSVPView is what the answer page of an attendance invitation shows.
type RSVPView struct {
	AttendeeID    string
	SessionID     string
	OrgID         string
	Status        string
	Role          string
	NameLatin     string
	NameNative    string
	SessionTitle  string
	SessionTitleZ string
	Timezone      string
	StartsAt      time.Time
	EndsAt        time.Time
	City          string
	Country       string
	Format        string
	SessionStatus string
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

func newToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

var closedForAttendance = []string{StatusHeld, StatusMinutesAgreed, StatusDeclined, StatusCancelled}

func capacityOf(se *Session, side string) int {
	if side == "CN" {
		return se.CapacityCN
	}
	return se.CapacityUS
}

func (s *Service) checkCapacity(ctx context.Context, se *Session, side string) error {
	limit := capacityOf(se, side)
	if limit == 0 {
		return nil
	}
	n, err := s.store.CountAttendees(ctx, se.ID, side)
	if err != nil {
		return err
	}
	if n >= limit {
		return fmt.Errorf("%w: the %s side of this session is full (%d places)", apperr.ErrConflict, side, limit)
	}
	return nil
}

// AddAttendee adds one of the caller's own participants to a session the caller's organization
// convenes (A3: rights on both), within the side's capacity. An invited attendee gets a
// single-use link to answer without an account.
func (s *Service) AddAttendee(ctx context.Context, sc tenant.Scope, sessionID string, in AttendeeInput) (*NewAttendee, error) {
	out := &NewAttendee{Warnings: []Warning{}}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		a, err := s.SessionAccess(ctx, sc, sessionID)
		if err != nil {
			return err
		}
		if !a.CanOrganize {
			return canOrganize(sc)
		}
		se := a.Session
		var v apperr.Validator
		role, status := "delegate", "invited"
		if in.Role != nil {
			role = strings.TrimSpace(*in.Role)
		}
		if in.Status != nil {
			status = strings.TrimSpace(*in.Status)
		}
		v.Check(contains(AttendeeRoles, role), "role", "enum", "must be one of %s", strings.Join(AttendeeRoles, ", "))
		v.Check(contains(AttendeeStatuses, status), "status", "enum", "must be one of %s", strings.Join(AttendeeStatuses, ", "))
		if !id.Valid(in.ParticipantID) {
			v.Add("participant_id", "required", "choose a participant from your registry")
		} else if _, err := s.participants.Get(ctx, sc, in.ParticipantID); errors.Is(err, apperr.ErrNotFound) {
			v.Add("participant_id", "unknown", "there is no such participant in your registry")
		} else if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if contains(closedForAttendance, se.Status) {
			return fmt.Errorf("%w: a %s session takes no new attendees", apperr.ErrConflict, se.Status)
		}
		if status != "declined" {
			if err := s.checkCapacity(ctx, se, a.Side); err != nil {
				return err
			}
		}
		now := s.now()
		at := &Attendee{ID: s.newID(), SessionID: se.ID, ParticipantID: in.ParticipantID, OrgID: sc.OrgID, Side: a.Side,
			Role: role, Status: status, CreatedBy: sc.UserID, CreatedAt: now, UpdatedAt: now}
		in.applyFacts(at)
		if status == "invited" {
			tok := newToken()
			h, exp := hashToken(tok), se.EndsAt
			if exp.Before(now.Add(24 * time.Hour)) {
				exp = now.Add(24 * time.Hour)
			}
			at.InviteTokenHash, at.InviteExpiresAt = &h, &exp
			out.RSVPURL = strings.TrimRight(s.baseURL, "/") + "/rsvp/" + tok
		}
		if err := s.store.AddAttendee(ctx, sc, at); err != nil {
			return err
		}
		out.Attendee = *at
		overlaps, err := s.store.Overlaps(ctx, sc, se.ID, at.ParticipantID)
		if err != nil {
			return err
		}
		out.Warnings = append(out.Warnings, overlapWarnings(overlaps)...)
		return s.audit.Append(ctx, audit.Entry{Action: "session.attendee_add", TargetType: "session", TargetID: se.ID,
			Details: map[string]any{"attendee_id": at.ID, "participant_id": at.ParticipantID, "role": role, "status": status}})
	})
	if err != nil {
		return nil, err
	}
	s.sessionChanged(ctx, sessionID)
	return out, nil
}

// Attendees lists a session's attendees (reduced fields for other organizations' people).
func (s *Service) Attendees(ctx context.Context, sc tenant.Scope, sessionID string) ([]Attendee, error) {
	if _, err := s.SessionAccess(ctx, sc, sessionID); err != nil {
		return nil, err
	}
	atts, err := s.store.Attendees(ctx, sc, sessionID)
	return redactFacts(sc, atts), err
}

// OwnAttendee returns one of the caller's organization's attendees of a session the caller may
// see, with its screening facts; another organization's attendee is not found.
func (s *Service) OwnAttendee(ctx context.Context, sc tenant.Scope, sessionID, attendeeID string) (*Attendee, error) {
	if _, err := s.SessionAccess(ctx, sc, sessionID); err != nil {
		return nil, err
	}
	at, err := s.store.GetAttendee(ctx, sc, sessionID, attendeeID)
	if err != nil {
		return nil, err
	}
	if at.OrgID != sc.OrgID {
		return nil, ErrAttendeeNotFound
	}
	return at, nil
}

// UpdateAttendee changes the role, status, paid flag or screening facts of an attendee. Only the organization
// that brought the participant may.
func (s *Service) UpdateAttendee(ctx context.Context, sc tenant.Scope, sessionID, attendeeID string, in AttendeeInput) (*Attendee, error) {
	var at *Attendee
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		a, err := s.SessionAccess(ctx, sc, sessionID)
		if err != nil {
			return err
		}
		if at, err = s.store.GetAttendee(ctx, sc, sessionID, attendeeID); err != nil {
			return err
		}
		if at.OrgID != sc.OrgID {
			return fmt.Errorf("%w: only the organization that brought this participant may change their attendance", apperr.ErrForbidden)
		}
		if !a.CanOrganize {
			return canOrganize(sc)
		}
		var v apperr.Validator
		wasDeclined := at.Status == "declined"
		if in.Role != nil {
			at.Role = strings.TrimSpace(*in.Role)
			v.Check(contains(AttendeeRoles, at.Role), "role", "enum", "must be one of %s", strings.Join(AttendeeRoles, ", "))
		}
		if in.Status != nil {
			at.Status = strings.TrimSpace(*in.Status)
			v.Check(contains(AttendeeStatuses, at.Status), "status", "enum", "must be one of %s", strings.Join(AttendeeStatuses, ", "))
		}
		in.applyFacts(at)
		if err := v.Err(); err != nil {
			return err
		}
		if wasDeclined && at.Status != "declined" {
			if err := s.checkCapacity(ctx, a.Session, at.Side); err != nil {
				return err
			}
		}
		at.UpdatedAt = s.now()
		if err := s.store.UpdateAttendee(ctx, sc, at); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "session.attendee_update", TargetType: "session", TargetID: sessionID,
			Details: map[string]any{"attendee_id": at.ID, "role": at.Role, "status": at.Status}})
	})
	if err != nil {
		return nil, err
	}
	s.sessionChanged(ctx, sessionID)
	return at, nil
}

// Overlaps lists the caller's attendees of a session who are booked into other sessions at the
// same time.
func (s *Service) Overlaps(ctx context.Context, sc tenant.Scope, sessionID string) ([]Overlap, error) {
	if _, err := s.SessionAccess(ctx, sc, sessionID); err != nil {
		return nil, err
	}
	return s.store.Overlaps(ctx, sc, sessionID, "")
}

// RSVP returns the attendance invitation behind a single-use link.
func (s *Service) RSVP(ctx context.Context, token string) (*RSVPView, error) {
	if len(token) < 20 || len(token) > 100 {
		return nil, ErrRSVPNotFound
	}
	return s.store.RSVP(ctx, hashToken(token), s.now())
}

// AnswerRSVP records a participant's answer ("confirmed" or "declined") and consumes the link:
// a second answer through it is refused.
func (s *Service) AnswerRSVP(ctx context.Context, token, answer string) (*RSVPView, error) {
	if answer != "confirmed" && answer != "declined" {
		return nil, apperr.Invalid("answer", "enum", "answer confirmed or declined")
	}
	var view *RSVPView
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if view, err = s.RSVP(ctx, token); err != nil {
			return err
		}
		ok, err := s.store.AnswerRSVP(ctx, hashToken(token), answer, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return ErrRSVPNotFound
		}
		view.Status = answer
		return s.audit.Append(ctx, audit.Entry{Action: "session.rsvp", OrgID: view.OrgID, TargetType: "attendee", TargetID: view.AttendeeID,
			Details: map[string]any{"answer": answer}})
	})
	if err != nil {
		return nil, err
	}
	s.sessionChanged(ctx, view.SessionID)
	return view, nil
}

// AttendeesOf lists the attendees of a session whose access the caller has already checked (a
// page that shows several parts of one session asks for access once). The store query is
// scoped all the same.
func (s *Service) AttendeesOf(ctx context.Context, sc tenant.Scope, a *Access) ([]Attendee, error) {
	atts, err := s.store.Attendees(ctx, sc, a.Session.ID)
	return redactFacts(sc, atts), err
}
