// Package participant keeps each organization's registry of the people it brings to dialogues:
// names in Latin and native script, nationalities, residence, employer and its kind, position,
// contact details, the facts the restriction rules need (RULES.md), and an append-only history of
// consent records (SECURITY.md P1). A participant belongs to the organization that brought them;
// no other organization ever reads the registry (co-hosts see attendees through the dialogue
// package, reduced to name, affiliation, role and side).
package participant

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Errors of this package.
var (
	// ErrNotFound is a missing or foreign participant.
	ErrNotFound = fmt.Errorf("%w: participant", apperr.ErrNotFound)
	// ErrDuplicate is a participant with the same e-mail (or, without one, the same names and
	// employer) already in the registry.
	ErrDuplicate = fmt.Errorf("%w: a participant with the same e-mail (or name and employer) is already in the registry", apperr.ErrConflict)
)

// Participant is one person in an organization's registry.
type Participant struct {
	ID               string   `json:"id"`
	OrgID            string   `json:"org_id"`
	NaturalKey       string   `json:"-"`
	NameLatin        string   `json:"name_latin"`
	NameNative       string   `json:"name_native"`
	Nationality      []string `json:"nationality" gorm:"serializer:json"` // ISO 3166 alpha-2 codes
	ResidenceCountry string   `json:"residence_country"`
	Employer         string   `json:"employer"`
	EmployerKind     string   `json:"employer_kind"`
	// EmployerCountry is the employer's country (ISO 3166 alpha-2); US when a US state is given.
	EmployerCountry string `json:"employer_country"`
	EmployerUSState string `json:"employer_us_state" gorm:"column:employer_us_state"`
	EmployerPublic  bool   `json:"employer_public"`
	// EmployerListed1286 records that the employer is on the DoD Section 1286 list of foreign
	// institutions of concern; EmployerHostsConfuciusInstitute that it hosts a Confucius Institute.
	EmployerListed1286              bool     `json:"employer_listed_1286" gorm:"column:employer_listed_1286"`
	EmployerHostsConfuciusInstitute bool     `json:"employer_hosts_confucius_institute"`
	Position                        string   `json:"position"`
	Email                           string   `json:"email"`
	Phone                           string   `json:"phone"`
	Languages                       []string `json:"languages" gorm:"serializer:json"` // BCP 47 tags
	BirthDate                       string   `json:"birth_date,omitempty"`
	DoDFunded                       bool     `json:"dod_funded" gorm:"column:dod_funded"`
	TalentProgram                   string   `json:"talent_program"`
	// DirectedByPRCPrincipal and PaidByPRCPrincipal record that the person acts at the direction
	// of, or is paid by, a PRC government or party principal (FARA).
	DirectedByPRCPrincipal bool      `json:"directed_by_prc_principal" gorm:"column:directed_by_prc_principal"`
	PaidByPRCPrincipal     bool      `json:"paid_by_prc_principal" gorm:"column:paid_by_prc_principal"`
	Notes                  string    `json:"notes"`
	CreatedAt              time.Time `json:"created_at"`
	UpdatedAt              time.Time `json:"updated_at"`
}

// DisplayName is "张伟 (Zhang Wei)" when both scripts are known, else the Latin name.
func (p *Participant) DisplayName() string {
	if p.NameNative != "" && p.NameNative != p.NameLatin {
		return p.NameNative + " (" + p.NameLatin + ")"
	}
	return p.NameLatin
}

// Input is what a caller may set on a participant. Pointer fields are optional on update; the
// owning organization comes from the caller's scope, never from the input.
type Input struct {
	NameLatin        *string   `json:"name_latin"`
	NameNative       *string   `json:"name_native"`
	Nationality      *[]string `json:"nationality"`
	ResidenceCountry *string   `json:"residence_country"`
	Employer         *string   `json:"employer"`
	EmployerKind     *string   `json:"employer_kind"`
	EmployerCountry  *string   `json:"employer_country"`
	EmployerUSState  *string   `json:"employer_us_state"`
	EmployerPublic   *bool     `json:"employer_public"`
	// Facts of the restriction rules (see Participant).
	EmployerListed1286              *bool     `json:"employer_listed_1286"`
	EmployerHostsConfuciusInstitute *bool     `json:"employer_hosts_confucius_institute"`
	DirectedByPRCPrincipal          *bool     `json:"directed_by_prc_principal"`
	PaidByPRCPrincipal              *bool     `json:"paid_by_prc_principal"`
	Position                        *string   `json:"position"`
	Email                           *string   `json:"email"`
	Phone                           *string   `json:"phone"`
	Languages                       *[]string `json:"languages"`
	BirthDate                       *string   `json:"birth_date"`
	DoDFunded                       *bool     `json:"dod_funded"`
	TalentProgram                   *string   `json:"talent_program"`
	Notes                           *string   `json:"notes"`
}

// Filter narrows a registry listing.
type Filter struct {
	// Query matches the Latin or native name, employer or e-mail: every word of it starts a word
	// of one of those (each Chinese character is a word), and the whole text is a case-insensitive
	// substring of one of them.
	Query string
	// After is the cursor: the sort key of the last row seen.
	After string
	Limit int
	// Names loads only ID, NameLatin and NameNative (a picker's options); the other fields are empty.
	Names bool
}

// Consent purposes (SECURITY.md P1; RULES.md PIPL-CROSS-BORDER).
var ConsentPurposes = []string{"processing", "sharing", "cross_border_transfer"}

// Consent is one consent record; the history is append-only (a withdrawal is a new record with
// Granted false).
type Consent struct {
	ID            string    `json:"id"`
	OrgID         string    `json:"-"`
	ParticipantID string    `json:"participant_id"`
	Purpose       string    `json:"purpose"`
	Granted       bool      `json:"granted"`
	TextVersion   string    `json:"text_version"`
	Method        string    `json:"method"`
	RecordedBy    string    `json:"recorded_by"`
	RecordedAt    time.Time `json:"recorded_at"`
}

// ConsentInput records consent given or withdrawn.
type ConsentInput struct {
	Purpose     string `json:"purpose"`
	Granted     *bool  `json:"granted"`
	TextVersion string `json:"text_version"`
	Method      string `json:"method"`
}

// ConsentState is the current state of one purpose: the latest record.
type ConsentState struct {
	Purpose string
	Latest  *Consent
}

// Store is what the participant service needs from storage. Every method is scoped to the
// caller's organization.
type Store interface {
	CreateParticipant(ctx context.Context, s tenant.Scope, p *Participant) error
	GetParticipant(ctx context.Context, s tenant.Scope, id string) (*Participant, error)
	UpdateParticipant(ctx context.Context, s tenant.Scope, p *Participant) error
	DeleteParticipant(ctx context.Context, s tenant.Scope, id string) error
	// ListParticipants lists the registry ordered by (name_latin, id); Filter.After is the cursor.
	ListParticipants(ctx context.Context, s tenant.Scope, f Filter) ([]Participant, error)
	// AllParticipants streams the whole registry in name order (exports).
	AllParticipants(ctx context.Context, s tenant.Scope, fn func(p *Participant) error) error
	// ParticipantKeys maps those of keys that are natural keys in the registry to participant ids
	// (imports: the cost follows the file, not the registry).
	ParticipantKeys(ctx context.Context, s tenant.Scope, keys []string) (map[string]string, error)
	// ParticipantsByID returns those of ids that are in the registry (imports).
	ParticipantsByID(ctx context.Context, s tenant.Scope, ids []string) ([]Participant, error)
	// ParticipantsNamed returns the id, names, employer and e-mail of the participants whose
	// Latin name is one of names, exactly as written (an import's "same name" warnings).
	ParticipantsNamed(ctx context.Context, s tenant.Scope, names []string) ([]Participant, error)
	// SaveImported inserts the new participants and updates the existing ones (every field and
	// the search terms, as UpdateParticipant does) in one transaction.
	SaveImported(ctx context.Context, s tenant.Scope, create, update []*Participant) error
	AddConsent(ctx context.Context, s tenant.Scope, c *Consent) error
	Consents(ctx context.Context, s tenant.Scope, participantID string) ([]Consent, error)
	// ParticipantSessions lists the sessions one of the caller's participants attends.
	ParticipantSessions(ctx context.Context, s tenant.Scope, participantID string) ([]string, error)
	// ErasureSecret returns the installation's secret that keys the digests of erased people
	// (never logged or exported). Without create it returns nil when there is none yet; with
	// create it generates and stores one first (in its own write, outside any transaction of
	// the caller, so that no rolled-back secret is ever used).
	ErasureSecret(ctx context.Context, create bool) ([]byte, error)
	// AddErasedKeys puts key digests on the caller's suppression list (erased at at; a digest
	// already there takes the new date).
	AddErasedKeys(ctx context.Context, s tenant.Scope, digests []string, at time.Time) error
	// ErasedKeys maps those of digests that are on the caller's suppression list to the time
	// the person was erased.
	ErasedKeys(ctx context.Context, s tenant.Scope, digests []string) (map[string]time.Time, error)
	// RemoveErasedKeys takes digests off the caller's suppression list and says how many were on it.
	RemoveErasedKeys(ctx context.Context, s tenant.Scope, digests []string) (int, error)
}

// Observer is told, after a change has committed, whose restriction-screening inputs changed:
// the screening service recomputes the flags of the sessions concerned. It reports its own
// failures (the change stands; the background sweep catches up).
type Observer interface {
	ParticipantsChanged(ctx context.Context, participantIDs []string)
	SessionsChanged(ctx context.Context, sessionIDs []string)
}

// Transactor runs a function in one write transaction.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Auditor appends audit events inside the caller's transaction.
type Auditor interface {
	Append(ctx context.Context, e audit.Entry) error
	// AppendMany appends several events in order (an import's updates).
	AppendMany(ctx context.Context, es []audit.Entry) error
}

// Service holds the registry rules.
type Service struct {
	secretMu sync.Mutex
	secret   []byte // the erasure secret, once read
	store    Store
	tx       Transactor
	audit    Auditor
	now      func() time.Time
	newID    func() string
	observer Observer
}

// Observe sets who is told of changes that matter to screening (nil: nobody).
func (s *Service) Observe(o Observer) { s.observer = o }

func (s *Service) participantsChanged(ctx context.Context, ids ...string) {
	if s.observer != nil {
		s.observer.ParticipantsChanged(ctx, ids)
	}
}

// NewService builds the service.
func NewService(st Store, tx Transactor, a Auditor, now func() time.Time, newID func() string) *Service {
	return &Service{store: st, tx: tx, audit: a, now: now, newID: newID}
}

func canEdit(sc tenant.Scope) error {
	if !sc.CanOrganize() {
		return fmt.Errorf("%w: only organizers and admins may change the participant registry", apperr.ErrForbidden)
	}
	return nil
}

// Create adds a participant to the caller's registry.
func (s *Service) Create(ctx context.Context, sc tenant.Scope, in Input) (*Participant, error) {
	if err := canEdit(sc); err != nil {
		return nil, err
	}
	p := &Participant{}
	if err := apply(p, in, true, s.now()); err != nil {
		return nil, err
	}
	now := s.now()
	p.ID, p.OrgID, p.CreatedAt, p.UpdatedAt = s.newID(), sc.OrgID, now, now
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateParticipant(ctx, sc, p); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "participant.create", TargetType: "participant", TargetID: p.ID})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Get returns a participant of the caller's registry.
func (s *Service) Get(ctx context.Context, sc tenant.Scope, id string) (*Participant, error) {
	return s.store.GetParticipant(ctx, sc, id)
}

// List lists the caller's registry.
func (s *Service) List(ctx context.Context, sc tenant.Scope, f Filter) ([]Participant, error) {
	f.Query = strings.TrimSpace(f.Query)
	if len([]rune(f.Query)) > 100 {
		return nil, apperr.Invalid("q", "length", "search for at most 100 characters")
	}
	return s.store.ListParticipants(ctx, sc, f)
}

// Update changes a participant of the caller's registry.
func (s *Service) Update(ctx context.Context, sc tenant.Scope, id string, in Input) (*Participant, error) {
	var p *Participant
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if p, err = s.store.GetParticipant(ctx, sc, id); err != nil {
			return err
		}
		if err := canEdit(sc); err != nil {
			return err
		}
		if err := apply(p, in, false, s.now()); err != nil {
			return err
		}
		p.UpdatedAt = s.now()
		if err := s.store.UpdateParticipant(ctx, sc, p); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "participant.update", TargetType: "participant", TargetID: p.ID})
	})
	if err != nil {
		return nil, err
	}
	s.participantsChanged(ctx, p.ID)
	return p, nil
}

// ErasedAuthorName replaces an erased person's name on the papers that named them as an author.
const ErasedAuthorName = "Former participant / 已删除的参会人员"

// Delete erases a person from the registry: the record, consent history, attendance, search
// terms and screening flags go; papers keep an anonymous author line; minutes keep statements
// whose speaker no longer resolves to anyone (shown without a name at every level). The digests
// of the person's natural keys go on the organization's suppression list in the same
// transaction, so that an import does not silently add them again (see Import); the audit event
// counts them.
func (s *Service) Delete(ctx context.Context, sc tenant.Scope, id string) error {
	if err := canEdit(sc); err != nil {
		if _, gerr := s.store.GetParticipant(ctx, sc, id); gerr != nil {
			return gerr // a foreign id is not found, whoever asks
		}
		return err
	}
	secret, err := s.erasureSecret(ctx, true)
	if err != nil {
		return err
	}
	var sessions []string
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		p, err := s.store.GetParticipant(ctx, sc, id)
		if err != nil {
			return err
		}
		if sessions, err = s.store.ParticipantSessions(ctx, sc, id); err != nil {
			return err
		}
		if err := s.store.DeleteParticipant(ctx, sc, id); err != nil {
			return err
		}
		digests := keyDigests(secret, erasureKeys(p))
		if err := s.store.AddErasedKeys(ctx, sc, digests, s.now()); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "participant.delete", TargetType: "participant", TargetID: id,
			Details: map[string]any{"suppressed_keys": len(digests)}})
	})
	if err == nil && s.observer != nil {
		s.observer.SessionsChanged(ctx, sessions) // the others' facts name whom they meet
	}
	return err
}

// erasureSecret returns the installation's erasure secret (nil when there is none and create is
// false). A secret read without create is kept for the next calls.
func (s *Service) erasureSecret(ctx context.Context, create bool) ([]byte, error) {
	s.secretMu.Lock()
	defer s.secretMu.Unlock()
	if s.secret != nil {
		return s.secret, nil
	}
	secret, err := s.store.ErasureSecret(ctx, create)
	if err != nil {
		return nil, err
	}
	if len(secret) > 0 && !create {
		s.secret = secret // committed: a created one is read back on the next call
	}
	return secret, nil
}

// erasureKeys are the natural keys a person is known by to an import: the key of the record
// (the e-mail, else names and employer) and, when there is an e-mail, the names-and-employer key
// that a row without the e-mail would have.
func erasureKeys(p *Participant) []string {
	keys := []string{NaturalKey(p)}
	if p.Email != "" {
		keys = append(keys, nameKey(p))
	}
	out := keys[:0]
	for _, k := range keys {
		if k != "" && !contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// keyDigests returns the hex HMAC-SHA256 of each key under the erasure secret: what the
// suppression list holds instead of names and e-mails.
func keyDigests(secret []byte, keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(k))
		out = append(out, hex.EncodeToString(m.Sum(nil)))
	}
	return out
}

// Consents returns a participant's consent history, oldest first.
func (s *Service) Consents(ctx context.Context, sc tenant.Scope, participantID string) ([]Consent, error) {
	if _, err := s.store.GetParticipant(ctx, sc, participantID); err != nil {
		return nil, err
	}
	return s.store.Consents(ctx, sc, participantID)
}

// CurrentConsents returns the latest record of each purpose (nil Latest: never asked).
func CurrentConsents(history []Consent) []ConsentState {
	out := make([]ConsentState, len(ConsentPurposes))
	for i, p := range ConsentPurposes {
		out[i].Purpose = p
		for j := range history {
			if history[j].Purpose == p {
				out[i].Latest = &history[j]
			}
		}
	}
	return out
}

// RecordConsent appends a consent record (given or withdrawn) to the history.
func (s *Service) RecordConsent(ctx context.Context, sc tenant.Scope, participantID string, in ConsentInput) (*Consent, error) {
	var v apperr.Validator
	v.Check(contains(ConsentPurposes, in.Purpose), "purpose", "enum", "must be one of %s", strings.Join(ConsentPurposes, ", "))
	v.Check(in.Granted != nil, "granted", "required", "say whether consent is given (true) or withdrawn (false)")
	v.Check(len(in.TextVersion) <= 100, "text_version", "length", "at most 100 characters")
	v.Check(len(in.Method) <= 100, "method", "length", "at most 100 characters")
	if in.Granted != nil && *in.Granted {
		v.Check(strings.TrimSpace(in.TextVersion) != "", "text_version", "required", "give the version of the consent text the person agreed to")
	}
	c := &Consent{}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.store.GetParticipant(ctx, sc, participantID); err != nil {
			return err
		}
		if err := canEdit(sc); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		*c = Consent{ID: s.newID(), OrgID: sc.OrgID, ParticipantID: participantID, Purpose: in.Purpose,
			Granted: *in.Granted, TextVersion: strings.TrimSpace(in.TextVersion), Method: strings.TrimSpace(in.Method),
			RecordedBy: sc.UserID, RecordedAt: s.now()}
		if err := s.store.AddConsent(ctx, sc, c); err != nil {
			return err
		}
		action := "participant.consent_given"
		if !c.Granted {
			action = "participant.consent_withdrawn"
		}
		return s.audit.Append(ctx, audit.Entry{Action: action, TargetType: "participant", TargetID: participantID,
			Details: map[string]any{"purpose": c.Purpose, "text_version": c.TextVersion}})
	})
	if err != nil {
		return nil, err
	}
	s.participantsChanged(ctx, participantID)
	return c, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
