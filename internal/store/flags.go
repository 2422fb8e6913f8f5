package store

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
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
	var atts []dialogue.Attendee
	if err := db.Table("attendees").Where("session_id = ?", sessionID).Order("id").Find(&atts).Error; err != nil {
		return nil, err
	}
	// The same statements whatever the number of attendees (an empty IN matches nothing).
	ids := make([]string, len(atts))
	for i, a := range atts {
		ids[i] = a.ParticipantID
	}
	var ps []participant.Participant
	if err := db.Table("participants").Where("id IN ?", ids).Find(&ps).Error; err != nil {
		return nil, err
	}
	byID := map[string]participant.Participant{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	var cs []participant.Consent
	if err := db.Table("consent_records").Where("participant_id IN ?", ids).Order("recorded_at, id").Find(&cs).Error; err != nil {
		return nil, err
	}
	consents := map[string][]participant.Consent{}
	for _, c := range cs {
		consents[c.ParticipantID] = append(consents[c.ParticipantID], c)
	}
	owners := []string{}
	for _, a := range atts {
		p, ok := byID[a.ParticipantID]
		if !ok {
			continue
		}
		in.Attendees = append(in.Attendees, screening.AttendeeInput{Attendee: a, Participant: p, Consents: consents[p.ID]})
		owners = append(owners, p.OrgID)
	}
	if err := db.Table(orgsTable).Where("id IN ?", owners).Order("id").Find(&in.Owners).Error; err != nil {
		return nil, err
	}
	in.SharedUSPersons = map[string]int64{}
	viewers := []string{se.OrgID}
	for _, c := range in.Conveners {
		viewers = append(viewers, c.ID)
	}
	for _, v := range viewers {
		n, err := s.sharedUSPersons(db, v, se.StartsAt)
		if err != nil {
			return nil, err
		}
		in.SharedUSPersons[v] = n
	}
	return in, nil
}

// sharedUSPersons counts the distinct US persons (US nationality or residence) registered by
// other organizations who attend sessions of the dialogues viewer convenes, starting in the year
// up to until: whose identifiers the sessions made accessible to viewer.
func (s *Screening) sharedUSPersons(db *gorm.DB, viewer string, until time.Time) (int64, error) {
	var n int64
	err := db.Table("attendees a").Joins("JOIN participants p ON p.id = a.participant_id").
		Joins("JOIN sessions s ON s.id = a.session_id").
		Where("a.org_id <> ? AND s.dialogue_id IN (SELECT dialogue_id FROM dialogue_orgs WHERE org_id = ? AND status = 'active')",
			viewer, viewer).
		Where("s.starts_at > ? AND s.starts_at <= ?", until.AddDate(-1, 0, 0), until).
		Where("(p.residence_country = 'US' OR p.nationality LIKE ?)", `%"US"%`).
		Distinct("p.id").Count(&n).Error
	return n, err
}

// SessionIDs lists session ids after a cursor (platform operation: sweeps).
func (s *Screening) SessionIDs(ctx context.Context, after string, limit int) ([]string, error) {
	var ids []string
	err := s.db.read(ctx).Table("sessions").Where("id > ?", after).Order("id").Limit(limit).Pluck("id", &ids).Error
	return ids, err
}

// SessionsOfParticipants lists the sessions the participants attend (platform operation).
// It asks in batches of 500 ids (an import may change tens of thousands of participants).
func (s *Screening) SessionsOfParticipants(ctx context.Context, participantIDs []string) ([]string, error) {
	var ids []string
	for start := 0; start < len(participantIDs); start += 500 {
		var batch []string
		err := s.db.read(ctx).Table("attendees").Where("participant_id IN ?", participantIDs[start:min(start+500, len(participantIDs))]).
			Distinct("session_id").Pluck("session_id", &batch).Error
		if err != nil {
			return nil, err
		}
		ids = append(ids, batch...)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// SessionsOfDialogue lists a dialogue's sessions (platform operation).
func (s *Screening) SessionsOfDialogue(ctx context.Context, dialogueID string) ([]string, error) {
	var ids []string
	err := s.db.read(ctx).Table("sessions").Where("dialogue_id = ?", dialogueID).Order("id").Pluck("id", &ids).Error
	return ids, err
}

// SessionsOfOrg lists the sessions an organization writes, convenes or brings attendees to
// (platform operation).
func (s *Screening) SessionsOfOrg(ctx context.Context, orgID string) ([]string, error) {
	var ids []string
	err := s.db.read(ctx).Table("sessions").Where("org_id = ? OR dialogue_id IN (SELECT dialogue_id FROM dialogue_orgs "+
		"WHERE org_id = ? AND status = 'active') OR id IN (SELECT session_id FROM attendees WHERE org_id = ?)", orgID, orgID, orgID).
		Order("id").Pluck("id", &ids).Error
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

// SaveFlags writes recomputed flags and their events and records the screening state.
func (s *Screening) SaveFlags(ctx context.Context, sessionID string, st screening.State, upserts []screening.Flag, events []screening.FlagEvent) error {
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
		return tx.Exec("INSERT INTO session_screening (session_id, fingerprint, rules_version, evaluated_at) VALUES (?, ?, ?, ?) "+
			"ON CONFLICT (session_id) DO UPDATE SET fingerprint = excluded.fingerprint, rules_version = excluded.rules_version, "+
			"evaluated_at = excluded.evaluated_at", sessionID, st.Fingerprint, st.RulesVersion, st.ScreenedAt).Error
	})
}

// CountStale counts the sessions whose flags were not computed with rulesVersion.
func (s *Screening) CountStale(ctx context.Context, rulesVersion string) (int, error) {
	var n int64
	err := s.db.read(ctx).Table("sessions").
		Where("id NOT IN (SELECT session_id FROM session_screening WHERE rules_version = ?)", rulesVersion).Count(&n).Error
	return int(n), err
}

// ScreeningState returns when and from what a session's flags were last computed.
func (s *Screening) ScreeningState(ctx context.Context, sessionID string) (screening.State, error) {
	var rows []struct {
		Fingerprint, RulesVersion string
		EvaluatedAt               time.Time
	}
	err := s.db.read(ctx).Table("session_screening").Select("fingerprint, rules_version, evaluated_at").
		Where("session_id = ?", sessionID).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return screening.State{}, err
	}
	return screening.State{Fingerprint: rows[0].Fingerprint, RulesVersion: rows[0].RulesVersion, ScreenedAt: rows[0].EvaluatedAt.UTC()}, nil
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
