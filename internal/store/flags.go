package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/screening"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

var _ screening.FlagStore = (*Screening)(nil)

const (
	flagsTable      = "flags"
	flagEventsTable = "flag_events"
)

// flagUpdateColumns are the columns a recomputation may change on an existing flag.
var flagUpdateColumns = []string{"org_id", "jurisdiction", "severity", "explanation_en", "explanation_zh", "citations",
	"needs_legal_review", "evidence", "matches", "rule_hash", "eval_error", "status", "resolved_at", "evaluated_at", "updated_at"}

// flagOrder puts the most severe flags first, then by rule id.
const flagOrder = "CASE severity WHEN 'block' THEN 0 WHEN 'high' THEN 1 WHEN 'warn' THEN 2 ELSE 3 END, rule_id, subject_key"

// ScreeningInputs reads a session with its organizers, funding, co-hosts and every attendee's
// participant record and consents. It is a platform read for the screening service, which
// checks the caller's access to the session first (or runs as the background worker).
func (s *Screening) ScreeningInputs(ctx context.Context, sessionID string) (*screening.Inputs, error) {
	db := s.db.read(ctx)
	var se dialogue.Session
	if err := db.Table("sessions").Where("id = ?", sessionID).Take(&se).Error; err != nil {
		return nil, notFound(err, dialogue.ErrSessionNotFound)
	}
	se.Funding, se.Cohosts = []dialogue.Funding{}, []dialogue.Cohost{}
	if err := db.Table("session_funding").Where("session_id = ?", sessionID).Order("position").Find(&se.Funding).Error; err != nil {
		return nil, err
	}
	if err := db.Table("session_cohosts").Where("session_id = ?", sessionID).Order("position").Find(&se.Cohosts).Error; err != nil {
		return nil, err
	}
	in := &screening.Inputs{Session: &se}
	var o org.Organization
	if err := db.Table(orgsTable).Where("id = ?", se.OrgID).Take(&o).Error; err != nil {
		return nil, err
	}
	in.Organizer = &o
	if err := db.Table(orgsTable).Where("id IN (SELECT org_id FROM dialogue_orgs WHERE dialogue_id = ? AND status = 'active')", se.DialogueID).
		Order("id").Find(&in.Conveners).Error; err != nil {
		return nil, err
	}
	// Every attendee with the participant fields the rules read, in one statement (read as JSON
	// rows, see jsonrows.go): the session page refreshes its flags on every view, and this is most
	// of that work on a large session.
	ids := []string{}
	err := readJSONRows(s.db.read(bounded(ctx)).Raw(s.db.jsonRowsSQL(screeningAttendeeSQL, screeningAttendeeNames, "q.attendee_id"), sessionID),
		func(r *jsonRow) {
			var a screening.AttendeeInput
			a.Attendee = dialogue.Attendee{ID: r.str(), SessionID: sessionID, Side: r.str(), Role: r.str(), Status: r.str(), Paid: r.boolean()}
			p := &a.Participant
			p.ID, p.OrgID, p.NameLatin, p.NameNative = r.str(), r.str(), r.str(), r.str()
			if nat := r.str(); nat != "" { // "[]" too: an empty list, as gorm's JSON serializer reads it
				if err := json.Unmarshal([]byte(nat), &p.Nationality); err != nil && r.err == nil {
					r.err = fmt.Errorf("participant %s nationality: %w", p.ID, err)
				}
			}
			p.ResidenceCountry, p.Employer, p.EmployerKind, p.EmployerUSState = r.str(), r.str(), r.str(), r.str()
			p.EmployerPublic, p.BirthDate, p.DoDFunded, p.TalentProgram = r.boolean(), r.str(), r.boolean(), r.str()
			a.Attendee.ParticipantID, a.Attendee.OrgID = p.ID, p.OrgID
			in.Attendees = append(in.Attendees, a)
			ids = append(ids, p.ID)
		})
	if err != nil {
		return nil, err
	}
	// The same statements whatever the number of attendees (an empty IN matches nothing).
	var cs []participant.Consent
	if err := db.Table("consent_records").Select("participant_id, purpose, granted, recorded_at").
		Where("participant_id IN ?", ids).Order("recorded_at, id").Find(&cs).Error; err != nil {
		return nil, err
	}
	consents := map[string][]participant.Consent{}
	for _, c := range cs {
		consents[c.ParticipantID] = append(consents[c.ParticipantID], c)
	}
	for i := range in.Attendees {
		in.Attendees[i].Consents = consents[in.Attendees[i].Participant.ID]
	}
	return in, nil
}

// screeningAttendeeSQL reads a session's attendees with the participant fields the rules read
// (participantFacts): a new fact from the registry needs its column here too.
const screeningAttendeeSQL = "SELECT a.id AS attendee_id, a.side, a.role, a.status, a.paid, p.id AS participant_id, " +
	"p.org_id AS participant_org_id, p.name_latin, p.name_native, p.nationality, p.residence_country, p.employer, " +
	"p.employer_kind, p.employer_us_state, p.employer_public, p.birth_date, p.dod_funded, p.talent_program " +
	"FROM attendees a JOIN participants p ON p.id = a.participant_id WHERE a.session_id = ?"

var screeningAttendeeNames = []string{"attendee_id", "side", "role", "status", "paid", "participant_id", "participant_org_id",
	"name_latin", "name_native", "nationality", "residence_country", "employer", "employer_kind", "employer_us_state",
	"employer_public", "birth_date", "dod_funded", "talent_program"}

// SessionIDs lists session ids after a cursor (platform operation: sweeps).
func (s *Screening) SessionIDs(ctx context.Context, after string, limit int) ([]string, error) {
	var ids []string
	err := s.db.read(ctx).Table("sessions").Where("id > ?", after).Order("id").Limit(limit).Pluck("id", &ids).Error
	return ids, err
}

// Fingerprint returns the fingerprint the session's flags were computed from.
func (s *Screening) Fingerprint(ctx context.Context, sessionID string) (string, error) {
	var fp []string
	err := s.db.read(ctx).Table("session_screening").Where("session_id = ?", sessionID).Pluck("fingerprint", &fp).Error
	if err != nil || len(fp) == 0 {
		return "", err
	}
	return fp[0], nil
}

// SessionFlagsAll returns every flag of a session (recomputation).
func (s *Screening) SessionFlagsAll(ctx context.Context, sessionID string) ([]screening.Flag, error) {
	var out []screening.Flag
	return out, s.db.read(ctx).Table(flagsTable).Where("session_id = ?", sessionID).Order("id").Find(&out).Error
}

// SaveFlags writes recomputed flags and their events and records the fingerprint.
func (s *Screening) SaveFlags(ctx context.Context, sessionID, fingerprint string, now time.Time, upserts []screening.Flag, events []screening.FlagEvent) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		if len(upserts) > 0 {
			// One statement per 200 flags: insert new ones, update the rest in place.
			if err := tx.Table(flagsTable).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}},
				DoUpdates: clause.AssignmentColumns(flagUpdateColumns)}).CreateInBatches(upserts, 200).Error; err != nil {
				return err
			}
		}
		if len(events) > 0 {
			if err := tx.Table(flagEventsTable).CreateInBatches(events, 200).Error; err != nil {
				return err
			}
		}
		return tx.Exec("INSERT INTO session_screening (session_id, fingerprint, evaluated_at) VALUES (?, ?, ?) "+
			"ON CONFLICT (session_id) DO UPDATE SET fingerprint = excluded.fingerprint, evaluated_at = excluded.evaluated_at",
			sessionID, fingerprint, now).Error
	})
}

// SessionFlags lists the session's own flags and the flags of the caller's participants in it.
// The caller's access to the session has been checked by the service.
func (s *Screening) SessionFlags(ctx context.Context, sc tenant.Scope, sessionID string) ([]screening.Flag, error) {
	var out []screening.Flag
	err := s.db.read(ctx).Table(flagsTable).Where("session_id = ? AND (participant_id IS NULL OR org_id = ?)", sessionID, sc.OrgID).
		Order(flagOrder).Find(&out).Error
	if err != nil {
		return nil, err
	}
	return out, s.subjectNames(ctx, out)
}

// ParticipantFlags lists the flags of one of the caller's participants.
func (s *Screening) ParticipantFlags(ctx context.Context, sc tenant.Scope, participantID string) ([]screening.Flag, error) {
	var out []screening.Flag
	err := s.db.read(ctx).Table(flagsTable).Where("participant_id = ? AND org_id = ?", participantID, sc.OrgID).
		Order(flagOrder).Find(&out).Error
	if err != nil {
		return nil, err
	}
	return out, s.subjectNames(ctx, out)
}

// subjectNames fills each participant flag's subject name.
func (s *Screening) subjectNames(ctx context.Context, fl []screening.Flag) error {
	var ids []string
	for _, f := range fl {
		if f.ParticipantID != nil {
			ids = append(ids, *f.ParticipantID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []struct{ ID, NameLatin, NameNative string }
	if err := s.db.read(ctx).Table("participants").Select("id, name_latin, name_native").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return err
	}
	names := map[string]string{}
	for _, r := range rows {
		n := r.NameLatin
		if r.NameNative != "" && r.NameNative != r.NameLatin {
			n = r.NameNative + " (" + r.NameLatin + ")"
		}
		names[r.ID] = n
	}
	for i := range fl {
		if fl[i].ParticipantID != nil {
			fl[i].SubjectName = names[*fl[i].ParticipantID]
		}
	}
	return nil
}

// GetFlag returns a flag the caller's organization reviews.
func (s *Screening) GetFlag(ctx context.Context, sc tenant.Scope, id string) (*screening.Flag, error) {
	var f screening.Flag
	if err := s.db.read(ctx).Table(flagsTable).Where("id = ? AND org_id = ?", id, sc.OrgID).Take(&f).Error; err != nil {
		return nil, notFound(err, screening.ErrFlagNotFound)
	}
	fl := []screening.Flag{f}
	if err := s.subjectNames(ctx, fl); err != nil {
		return nil, err
	}
	return &fl[0], nil
}

// FlagEvents lists a flag's history, oldest first.
func (s *Screening) FlagEvents(ctx context.Context, sc tenant.Scope, flagID string) ([]screening.FlagEvent, error) {
	var out []screening.FlagEvent
	return out, s.db.read(ctx).Table(flagEventsTable).Where("flag_id = ? AND org_id = ?", flagID, sc.OrgID).Order("at, id").Find(&out).Error
}

// UpdateFlagReview saves a reviewer's change.
func (s *Screening) UpdateFlagReview(ctx context.Context, sc tenant.Scope, f *screening.Flag) error {
	res := s.db.write(ctx).Table(flagsTable).Where("id = ? AND org_id = ?", f.ID, sc.OrgID).Updates(map[string]any{
		"status": f.Status, "reason": f.Reason, "reviewed_by": f.ReviewedBy, "reviewed_at": f.ReviewedAt, "updated_at": f.UpdatedAt})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return screening.ErrFlagNotFound
	}
	return nil
}

// AppendFlagEvent records one event.
func (s *Screening) AppendFlagEvent(ctx context.Context, e *screening.FlagEvent) error {
	return s.db.write(ctx).Table(flagEventsTable).Create(e).Error
}

type flagCount struct {
	GroupKey string
	Severity string
	N        int
}

// FlagCounts counts active flags per session visible to the caller (session flags and the
// caller's participants' flags). The sessions are ones the caller sees (listed by the caller).
func (s *Screening) FlagCounts(ctx context.Context, sc tenant.Scope, sessionIDs []string) (map[string]map[string]int, error) {
	out := map[string]map[string]int{}
	if len(sessionIDs) == 0 {
		return out, nil
	}
	var rows []flagCount
	err := s.db.read(ctx).Table(flagsTable).Select("session_id AS group_key, severity, COUNT(*) AS n").
		Where("session_id IN ? AND status <> ? AND (participant_id IS NULL OR org_id = ?)", sessionIDs, screening.FlagResolved, sc.OrgID).
		Group("session_id, severity").Find(&rows).Error
	return fold(out, rows), err
}

// ParticipantFlagCounts counts active flags per participant of the caller.
func (s *Screening) ParticipantFlagCounts(ctx context.Context, sc tenant.Scope, ids []string) (map[string]map[string]int, error) {
	out := map[string]map[string]int{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []flagCount
	err := s.db.read(ctx).Table(flagsTable).Select("participant_id AS group_key, severity, COUNT(*) AS n").
		Where("participant_id IN ? AND org_id = ? AND status <> ?", ids, sc.OrgID, screening.FlagResolved).
		Group("participant_id, severity").Find(&rows).Error
	return fold(out, rows), err
}

func fold(out map[string]map[string]int, rows []flagCount) map[string]map[string]int {
	for _, r := range rows {
		if out[r.GroupKey] == nil {
			out[r.GroupKey] = map[string]int{}
		}
		out[r.GroupKey][r.Severity] += r.N
	}
	return out
}
