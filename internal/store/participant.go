package store

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Participants implements participant.Store: every statement is scoped to the caller's
// organization.
type Participants struct{ db *DB }

// NewParticipants returns the participant store.
func NewParticipants(db *DB) *Participants { return &Participants{db: db} }

var _ participant.Store = (*Participants)(nil)

// jsonList renders a list column (stored as a JSON array in text).
func jsonList(l []string) string {
	if l == nil {
		l = []string{}
	}
	b, _ := json.Marshal(l)
	return string(b)
}

// CreateParticipant inserts a participant into the caller's registry.
func (s *Participants) CreateParticipant(ctx context.Context, sc tenant.Scope, p *participant.Participant) error {
	if p.OrgID != sc.OrgID {
		return participant.ErrNotFound
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		if err := tx.Table("participants").Create(p).Error; err != nil {
			return err
		}
		return writeTerms(tx, []*participant.Participant{p})
	})
	if isUnique(err) {
		return participant.ErrDuplicate
	}
	return err
}

// GetParticipant returns a participant of the caller's registry.
func (s *Participants) GetParticipant(ctx context.Context, sc tenant.Scope, id string) (*participant.Participant, error) {
	var p participant.Participant
	err := s.db.read(ctx).Table("participants").Where("id = ? AND org_id = ?", id, sc.OrgID).Take(&p).Error
	if err != nil {
		return nil, notFound(err, participant.ErrNotFound)
	}
	return &p, nil
}

// UpdateParticipant saves a participant of the caller's registry (and its search terms).
func (s *Participants) UpdateParticipant(ctx context.Context, sc tenant.Scope, p *participant.Participant) error {
	return s.db.InTx(ctx, func(ctx context.Context) error { return s.updateParticipant(ctx, sc, p) })
}

func (s *Participants) updateParticipant(ctx context.Context, sc tenant.Scope, p *participant.Participant) error {
	old, err := storedSearchFields(s.db.write(ctx), sc.OrgID, p.ID)
	if err != nil {
		return err
	}
	res := s.db.write(ctx).Exec(participantUpdate, participantUpdateArgs(p, sc.OrgID)...)
	if isUnique(res.Error) {
		return participant.ErrDuplicate
	}
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return participant.ErrNotFound
	}
	if p.OrgID != sc.OrgID {
		return participant.ErrNotFound
	}
	if err := deleteTerms(s.db.write(ctx), old); err != nil {
		return err
	}
	return writeTerms(s.db.write(ctx), []*participant.Participant{p})
}

// DeleteParticipant removes a participant and its search terms; consent records and attendance
// go with them (ON DELETE CASCADE).
func (s *Participants) DeleteParticipant(ctx context.Context, sc tenant.Scope, id string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		old, err := storedSearchFields(tx, sc.OrgID, id)
		if err != nil {
			return err
		}
		if err := deleteTerms(tx, old); err != nil {
			return err
		}
		// Papers keep their author lines (a paper's history stays whole) but lose the person's
		// name and e-mail copied at submission (SECURITY.md P3); the link becomes NULL below.
		err = tx.Exec("UPDATE paper_authors SET name = ?, name_native = '', email = '' WHERE participant_id = ? AND "+ownPerson("paper_authors.participant_id"),
			participant.ErasedAuthorName, id, sc.OrgID).Error
		if err != nil {
			return err
		}
		res := tx.Exec("DELETE FROM participants WHERE id = ? AND org_id = ?", id, sc.OrgID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return participant.ErrNotFound
		}
		return nil
	})
}

// ParticipantSessions lists the sessions one of the caller's participants attends.
func (s *Participants) ParticipantSessions(ctx context.Context, sc tenant.Scope, participantID string) ([]string, error) {
	var ids []string
	err := s.db.read(ctx).Table("attendees").Where("participant_id = ? AND org_id = ?", participantID, sc.OrgID).
		Order("session_id").Pluck("session_id", &ids).Error
	return ids, err
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(s))
}

// ListParticipants lists the caller's registry by (name_latin, id) after the cursor, optionally
// filtered by a search text.
func (s *Participants) ListParticipants(ctx context.Context, sc tenant.Scope, f participant.Filter) ([]participant.Participant, error) {
	out := []participant.Participant{}
	// A page (at most 200 rows, by index): not worth a goroutine per row (see bounded).
	q := s.db.read(bounded(ctx)).Table("participants").Where("org_id = ?", sc.OrgID).Order("name_latin, id").Limit(f.Limit)
	if f.Names {
		q = q.Select("id, name_latin, name_native")
	}
	if f.Query != "" {
		var err error
		if q, _, err = s.searchParticipants(ctx, q, sc.OrgID, f.Query); err != nil {
			return nil, err
		}
		like := "%" + likeEscape(f.Query) + "%"
		q = q.Where(`(LOWER(name_latin) LIKE ? ESCAPE '\' OR name_native LIKE ? ESCAPE '\' OR LOWER(employer) LIKE ? ESCAPE '\' OR LOWER(email) LIKE ? ESCAPE '\')`,
			like, like, like, like)
	}
	if f.After != "" {
		name, id, _ := strings.Cut(f.After, "\x00")
		q = q.Where("(name_latin > ? OR (name_latin = ? AND id > ?))", name, name, id)
	}
	return out, q.Find(&out).Error
}

// AllParticipants calls fn for every participant of the caller's registry, by name.
func (s *Participants) AllParticipants(ctx context.Context, sc tenant.Scope, fn func(p *participant.Participant) error) error {
	after, afterID := "", ""
	for {
		var batch []participant.Participant
		q := s.db.read(ctx).Table("participants").Where("org_id = ?", sc.OrgID).Order("name_latin, id").Limit(1000)
		if afterID != "" {
			q = q.Where("(name_latin > ? OR (name_latin = ? AND id > ?))", after, after, afterID)
		}
		if err := q.Find(&batch).Error; err != nil {
			return err
		}
		for i := range batch {
			if err := fn(&batch[i]); err != nil {
				return err
			}
		}
		if len(batch) < 1000 {
			return nil
		}
		after, afterID = batch[len(batch)-1].NameLatin, batch[len(batch)-1].ID
	}
}

// ParticipantKeys maps those of keys that are natural keys in the caller's registry to
// participant ids, looking them up by the (org_id, natural_key) index in batches.
func (s *Participants) ParticipantKeys(ctx context.Context, sc tenant.Scope, keys []string) (map[string]string, error) {
	out := map[string]string{}
	const batch = 500
	for start := 0; start < len(keys); start += batch {
		part := keys[start:min(start+batch, len(keys))]
		rows, err := s.db.read(bounded(ctx)).Table("participants").Select("natural_key, id").
			Where("org_id = ? AND natural_key IN ?", sc.OrgID, part).Rows()
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k, id string
			if err := rows.Scan(&k, &id); err != nil {
				rows.Close()
				return nil, err
			}
			out[k] = id
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// participantColumns are the columns of participants, in the order insertParticipants writes them.
var participantColumns = []string{"id", "org_id", "natural_key", "name_latin", "name_native", "nationality", "residence_country",
	"employer", "employer_kind", "employer_us_state", "employer_public", "position", "email", "phone", "languages", "birth_date",
	"dod_funded", "talent_program", "notes", "created_at", "updated_at"}

// insertParticipants writes new participants in multi-row INSERTs (imports).
func insertParticipants(tx *gorm.DB, ps []*participant.Participant) error {
	ins, err := newBatchInsert(tx, "participants", participantColumns, 100, len(ps))
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := ins.add(p.ID, p.OrgID, p.NaturalKey, p.NameLatin, p.NameNative, jsonList(p.Nationality), p.ResidenceCountry,
			p.Employer, p.EmployerKind, p.EmployerUSState, p.EmployerPublic, p.Position, p.Email, p.Phone, jsonList(p.Languages),
			p.BirthDate, p.DoDFunded, p.TalentProgram, p.Notes, p.CreatedAt, p.UpdatedAt); err != nil {
			_ = ins.close()
			return err
		}
	}
	return ins.close()
}

// SaveImported inserts the new participants in batches and writes the changed ones (with their
// search terms), all in one transaction.
func (s *Participants) SaveImported(ctx context.Context, sc tenant.Scope, create, update []*participant.Participant) error {
	for _, p := range append(slices.Clip(create), update...) {
		if p.OrgID != sc.OrgID {
			return participant.ErrNotFound
		}
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		if len(create) > 0 {
			if err := insertParticipants(tx, create); err != nil {
				if isUnique(err) {
					return participant.ErrDuplicate
				}
				return err
			}
			if err := writeTerms(tx, create); err != nil {
				return err
			}
		}
		err := s.updateImported(ctx, sc, update)
		if isUnique(err) {
			return participant.ErrDuplicate
		}
		return err
	})
}

// participantUpdate writes every field an update of a participant may change (the edit form,
// PATCH and an import's update), with participantUpdateArgs.
const participantUpdate = "UPDATE participants SET natural_key = ?, name_latin = ?, name_native = ?, nationality = ?, " +
	"residence_country = ?, employer = ?, employer_kind = ?, employer_us_state = ?, employer_public = ?, position = ?, " +
	"email = ?, phone = ?, languages = ?, birth_date = ?, dod_funded = ?, talent_program = ?, notes = ?, employer_country = ?, " +
	"employer_listed_1286 = ?, employer_hosts_confucius_institute = ?, directed_by_prc_principal = ?, " +
	"paid_by_prc_principal = ?, updated_at = ? WHERE id = ? AND org_id = ?"

// participantUpdateArgs are participantUpdate's arguments for p in the caller's organization.
func participantUpdateArgs(p *participant.Participant, orgID string) []any {
	return []any{p.NaturalKey, p.NameLatin, p.NameNative, jsonList(p.Nationality), p.ResidenceCountry, p.Employer,
		p.EmployerKind, p.EmployerUSState, p.EmployerPublic, p.Position, p.Email, p.Phone, jsonList(p.Languages), p.BirthDate,
		p.DoDFunded, p.TalentProgram, p.Notes, p.EmployerCountry, p.EmployerListed1286, p.EmployerHostsConfuciusInstitute,
		p.DirectedByPRCPrincipal, p.PaidByPRCPrincipal, p.UpdatedAt, p.ID, orgID}
}

// updateImported writes an import's changed participants: one UPDATE each (prepared once), and
// the changes of their search terms.
func (s *Participants) updateImported(ctx context.Context, sc tenant.Scope, ps []*participant.Participant) error {
	if len(ps) == 0 {
		return nil
	}
	tx := s.db.write(ctx)
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	old := make(map[string]*participant.Participant, len(ps))
	for start := 0; start < len(ids); start += 500 {
		var batch []*participant.Participant
		err := tx.Table("participants").Select("id, org_id, name_latin, name_native, employer, email").
			Where("org_id = ? AND id IN ?", sc.OrgID, ids[start:min(start+500, len(ids))]).Find(&batch).Error
		if err != nil {
			return err
		}
		for _, p := range batch {
			old[p.ID] = p
		}
	}
	upd, err := newRowExec(tx, participantUpdate, len(ps))
	if err != nil {
		return err
	}
	defer upd.close()
	for _, p := range ps {
		if _, ok := old[p.ID]; !ok {
			return participant.ErrNotFound
		}
		n, err := upd.exec(participantUpdateArgs(p, sc.OrgID)...)
		if err != nil {
			return err
		}
		if n != 1 {
			return participant.ErrNotFound
		}
	}
	return rewriteTerms(tx, old, ps)
}

// ParticipantsByID returns those of ids that are participants of the caller's registry.
func (s *Participants) ParticipantsByID(ctx context.Context, sc tenant.Scope, ids []string) ([]participant.Participant, error) {
	var out []participant.Participant
	for start := 0; start < len(ids); start += 500 {
		var batch []participant.Participant
		err := s.db.read(bounded(ctx)).Table("participants").Where("org_id = ? AND id IN ?", sc.OrgID, ids[start:min(start+500, len(ids))]).
			Find(&batch).Error
		if err != nil {
			return nil, err
		}
		out = append(out, batch...)
	}
	return out, nil
}

// ParticipantsNamed returns the id, names, employer and e-mail of the participants of the
// caller's registry whose Latin name is one of names, exactly as written.
func (s *Participants) ParticipantsNamed(ctx context.Context, sc tenant.Scope, names []string) ([]participant.Participant, error) {
	var out []participant.Participant
	for start := 0; start < len(names); start += 500 {
		var batch []participant.Participant
		err := s.db.read(bounded(ctx)).Table("participants").Select("id, name_latin, name_native, employer, email").
			Where("org_id = ? AND name_latin IN ?", sc.OrgID, names[start:min(start+500, len(names))]).Order("name_latin, id").
			Find(&batch).Error
		if err != nil {
			return nil, err
		}
		out = append(out, batch...)
	}
	return out, nil
}

// AddConsent appends a consent record for a participant of the caller's registry.
func (s *Participants) AddConsent(ctx context.Context, sc tenant.Scope, c *participant.Consent) error {
	if c.OrgID != sc.OrgID {
		return participant.ErrNotFound
	}
	return s.db.write(ctx).Table("consent_records").Create(c).Error
}

// Consents lists a participant's consent history, oldest first.
func (s *Participants) Consents(ctx context.Context, sc tenant.Scope, participantID string) ([]participant.Consent, error) {
	out := []participant.Consent{}
	err := s.db.read(ctx).Table("consent_records").Where("participant_id = ? AND org_id = ?", participantID, sc.OrgID).
		Order("recorded_at, id").Find(&out).Error
	return out, err
}
