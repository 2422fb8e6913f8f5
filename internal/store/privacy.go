package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/tracktwo/tracktwo/internal/minutes"
	"github.com/tracktwo/tracktwo/internal/paper"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/privacy"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Privacy implements privacy.Store: what is held about one person of the caller's registry.
// Every query joins the participant row with org_id = the caller's organization.
type Privacy struct {
	db    *DB
	parts *Participants
}

// NewPrivacy returns the privacy store.
func NewPrivacy(db *DB) *Privacy { return &Privacy{db: db, parts: NewParticipants(db)} }

var _ privacy.Store = (*Privacy)(nil)

// ownPerson is the clause "the participant in col is in the caller's registry": args (org).
func ownPerson(col string) string {
	return "EXISTS (SELECT 1 FROM participants op WHERE op.id = " + col + " AND op.org_id = ?)"
}

// Person returns the registry record.
func (s *Privacy) Person(ctx context.Context, sc tenant.Scope, id string) (*participant.Participant, error) {
	return s.parts.GetParticipant(ctx, sc, id)
}

// Consents returns the consent history.
func (s *Privacy) Consents(ctx context.Context, sc tenant.Scope, id string) ([]participant.Consent, error) {
	return s.parts.Consents(ctx, sc, id)
}

// Attendances lists the sessions the person was added to, by start.
func (s *Privacy) Attendances(ctx context.Context, sc tenant.Scope, id string) ([]privacy.Attendance, error) {
	out := []privacy.Attendance{}
	err := s.db.read(ctx).Table("attendees a").
		Select("a.session_id, se.title AS session_title, se.starts_at, se.timezone, a.role, a.status").
		Joins("JOIN sessions se ON se.id = a.session_id").
		Where("a.participant_id = ?", id).Where(ownPerson("a.participant_id"), sc.OrgID).
		Order("se.starts_at, a.session_id").Find(&out).Error
	return out, err
}

// AuthoredPapers lists the papers visible to the caller that name the person as an author,
// with every version.
func (s *Privacy) AuthoredPapers(ctx context.Context, sc tenant.Scope, id string) ([]privacy.AuthoredPaper, error) {
	var rows []struct {
		PaperID, Title, SessionID, SessionTitle, NameAsListed string
		Position                                              int
	}
	err := s.db.read(ctx).Table("paper_authors pa").
		Select("p.id AS paper_id, p.title, p.session_id, se.title AS session_title, pa.position, pa.name AS name_as_listed").
		Joins("JOIN papers p ON p.id = pa.paper_id").
		Joins("JOIN sessions se ON se.id = p.session_id").
		Where("pa.participant_id = ?", id).Where(ownPerson("pa.participant_id"), sc.OrgID).
		Where(paperVisible, sc.OrgID, sc.OrgID).
		Order("p.id").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.PaperID)
	}
	// Every version of those papers in one statement (an empty IN matches nothing).
	var vs []paper.Version
	if err := s.db.read(ctx).Table("paper_versions").Where("paper_id IN ?", ids).Order("paper_id, number").Find(&vs).Error; err != nil {
		return nil, err
	}
	byPaper := map[string][]paper.Version{}
	for _, v := range vs {
		byPaper[v.PaperID] = append(byPaper[v.PaperID], v)
	}
	out := make([]privacy.AuthoredPaper, 0, len(rows))
	for _, r := range rows {
		versions := byPaper[r.PaperID]
		if versions == nil {
			versions = []paper.Version{}
		}
		out = append(out, privacy.AuthoredPaper{PaperID: r.PaperID, Title: r.Title, SessionID: r.SessionID, SessionTitle: r.SessionTitle,
			Position: r.Position, NameAsListed: r.NameAsListed, Versions: versions})
	}
	return out, nil
}

// Minutes returns the current minutes of the sessions the person attended, in dialogues the
// caller's organization convenes.
func (s *Privacy) Minutes(ctx context.Context, sc tenant.Scope, id string) ([]privacy.SessionMinutes, error) {
	var rows []struct {
		SessionID, SessionTitle, Document string
	}
	err := s.db.read(ctx).Table("minutes").
		Select("minutes.session_id, se.title AS session_title, minutes.document").
		Joins("JOIN sessions se ON se.id = minutes.session_id").
		Joins("JOIN attendees a ON a.session_id = minutes.session_id AND a.participant_id = ?", id).
		Where(ownPerson("a.participant_id"), sc.OrgID).Where(convenesOn("minutes"), sc.OrgID).
		Order("se.starts_at, minutes.session_id").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]privacy.SessionMinutes, 0, len(rows))
	for _, r := range rows {
		var d minutes.Document
		if err := json.Unmarshal([]byte(r.Document), &d); err != nil {
			return nil, err
		}
		out = append(out, privacy.SessionMinutes{SessionID: r.SessionID, SessionTitle: r.SessionTitle, Document: &d})
	}
	return out, nil
}

// Flags lists the screening flags about the person.
func (s *Privacy) Flags(ctx context.Context, sc tenant.Scope, id string) ([]privacy.Flag, error) {
	var rows []struct {
		SessionID, SessionTitle, RuleID, Severity, Status, ExplanationEN, ExplanationZH string
		RaisedAt                                                                        time.Time
		ResolvedAt                                                                      *time.Time
	}
	err := s.db.read(ctx).Table("flags f").
		Select("f.session_id, se.title AS session_title, f.rule_id, f.severity, f.status, f.explanation_en, f.explanation_zh, f.raised_at, f.resolved_at").
		Joins("JOIN sessions se ON se.id = f.session_id").
		Where("f.participant_id = ?", id).Where(ownPerson("f.participant_id"), sc.OrgID).
		Order("f.raised_at, f.id").Find(&rows).Error
	out := make([]privacy.Flag, 0, len(rows))
	for _, r := range rows {
		out = append(out, privacy.Flag{SessionID: r.SessionID, SessionTitle: r.SessionTitle, RuleID: r.RuleID, Severity: r.Severity,
			Status: r.Status, ExplanationEN: r.ExplanationEN, ExplanationZH: r.ExplanationZH, RaisedAt: r.RaisedAt, ResolvedAt: r.ResolvedAt})
	}
	return out, err
}
