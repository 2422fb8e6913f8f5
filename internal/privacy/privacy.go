// Package privacy answers a data subject's request (SECURITY.md P3): everything an organization
// holds about one person of its registry, as JSON with the files they authored, and what erasure
// removes. The organization that keeps the person in its registry is the controller: only its
// organizers see or export the report.
package privacy

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/id"
	"github.com/tracktwo/tracktwo/internal/minutes"
	"github.com/tracktwo/tracktwo/internal/paper"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Attendance is one session the person was added to.
type Attendance struct {
	SessionID    string    `json:"session_id"`
	SessionTitle string    `json:"session_title"`
	StartsAt     time.Time `json:"starts_at"`
	Timezone     string    `json:"timezone"`
	Role         string    `json:"role"`
	Status       string    `json:"status"`
}

// AuthoredPaper is a paper that names the person as an author, with its versions.
type AuthoredPaper struct {
	PaperID      string          `json:"paper_id"`
	Title        string          `json:"title"`
	SessionID    string          `json:"session_id"`
	SessionTitle string          `json:"session_title"`
	Position     int             `json:"author_position"`
	NameAsListed string          `json:"name_as_listed"`
	Versions     []paper.Version `json:"versions"`
}

// SessionMinutes is the current minutes of a session the person attended, as stored.
type SessionMinutes struct {
	SessionID    string
	SessionTitle string
	Document     *minutes.Document
}

// Statement is something the minutes record the person as saying.
type Statement struct {
	SessionID     string              `json:"session_id"`
	SessionTitle  string              `json:"session_title"`
	MinutesStatus string              `json:"minutes_status"`
	ItemTitle     string              `json:"agenda_item"`
	Attribution   minutes.Attribution `json:"attribution"`
	TextEN        string              `json:"text_en,omitempty"`
	TextZH        string              `json:"text_zh,omitempty"`
	Note          string              `json:"note,omitempty"`
}

// Flag is a screening flag about the person.
type Flag struct {
	SessionID     string     `json:"session_id"`
	SessionTitle  string     `json:"session_title"`
	RuleID        string     `json:"rule_id"`
	Severity      string     `json:"severity"`
	Status        string     `json:"status"`
	ExplanationEN string     `json:"explanation_en"`
	ExplanationZH string     `json:"explanation_zh"`
	RaisedAt      time.Time  `json:"raised_at"`
	ResolvedAt    *time.Time `json:"resolved_at,omitempty"`
}

// Report is everything held about one person.
type Report struct {
	GeneratedAt time.Time                `json:"generated_at"`
	Person      *participant.Participant `json:"person"`
	Consents    []participant.Consent    `json:"consents"`
	Attendances []Attendance             `json:"attendances"`
	Papers      []AuthoredPaper          `json:"papers"`
	Statements  []Statement              `json:"statements"`
	Flags       []Flag                   `json:"flags"`
}

// Store reads what is held about a person of the caller's registry; every method answers
// participant.ErrNotFound (or nothing) for a person of another organization.
type Store interface {
	Person(ctx context.Context, sc tenant.Scope, participantID string) (*participant.Participant, error)
	Consents(ctx context.Context, sc tenant.Scope, participantID string) ([]participant.Consent, error)
	Attendances(ctx context.Context, sc tenant.Scope, participantID string) ([]Attendance, error)
	AuthoredPapers(ctx context.Context, sc tenant.Scope, participantID string) ([]AuthoredPaper, error)
	Minutes(ctx context.Context, sc tenant.Scope, participantID string) ([]SessionMinutes, error)
	Flags(ctx context.Context, sc tenant.Scope, participantID string) ([]Flag, error)
}

// Files opens stored paper versions by their storage key.
type Files interface {
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
}

// Auditor appends audit events.
type Auditor interface {
	Append(ctx context.Context, e audit.Entry) error
}

// Service builds subject-access reports.
type Service struct {
	store Store
	files Files
	audit Auditor
	now   func() time.Time
}

// NewService returns the service.
func NewService(st Store, files Files, al Auditor) *Service {
	return &Service{store: st, files: files, audit: al, now: func() time.Time { return time.Now().UTC() }}
}

// Report gathers everything held about one person of the caller's registry (organizers only)
// and records the access in the audit log.
func (s *Service) Report(ctx context.Context, sc tenant.Scope, participantID string) (*Report, error) {
	if !id.Valid(participantID) {
		return nil, participant.ErrNotFound
	}
	p, err := s.store.Person(ctx, sc, participantID)
	if err != nil {
		return nil, err
	}
	if !sc.CanOrganize() {
		return nil, fmt.Errorf("%w: only organizers and administrators may export a person's data", apperr.ErrForbidden)
	}
	r := &Report{GeneratedAt: s.now(), Person: p}
	if r.Consents, err = s.store.Consents(ctx, sc, participantID); err != nil {
		return nil, err
	}
	if r.Attendances, err = s.store.Attendances(ctx, sc, participantID); err != nil {
		return nil, err
	}
	if r.Papers, err = s.store.AuthoredPapers(ctx, sc, participantID); err != nil {
		return nil, err
	}
	ms, err := s.store.Minutes(ctx, sc, participantID)
	if err != nil {
		return nil, err
	}
	r.Statements = statementsBy(participantID, ms)
	if r.Flags, err = s.store.Flags(ctx, sc, participantID); err != nil {
		return nil, err
	}
	err = s.audit.Append(ctx, audit.Entry{Action: "participant.personal_data_export", TargetType: "participant", TargetID: participantID,
		Details: map[string]any{"sessions": len(r.Attendances), "papers": len(r.Papers), "statements": len(r.Statements), "flags": len(r.Flags)}})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// statementsBy picks the person's statements from the minutes. Off-the-record statements never
// leave the editor (issue 5), so the report says that one exists, not what it says.
func statementsBy(participantID string, ms []SessionMinutes) []Statement {
	out := []Statement{}
	for _, m := range ms {
		if m.Document == nil {
			continue
		}
		for _, it := range m.Document.Items {
			title := it.TitleEN
			if title == "" {
				title = it.TitleZH
			}
			for _, st := range it.Statements {
				if st.SpeakerID != participantID {
					continue
				}
				s := Statement{SessionID: m.SessionID, SessionTitle: m.SessionTitle, MinutesStatus: string(m.Document.Status),
					ItemTitle: title, Attribution: st.Attribution, TextEN: st.TextEN, TextZH: st.TextZH}
				if st.Attribution == minutes.AttributionOffRecord {
					s.TextEN, s.TextZH = "", ""
					s.Note = "off the record: the text never leaves the minutes editor / 不公开记录：内容不离开纪要编辑器"
				}
				out = append(out, s)
			}
		}
	}
	return out
}
