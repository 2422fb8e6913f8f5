package minutes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Exporter renders a View in a format ("pdf", "docx", "md", "html", "json") and language
// ("en", "zh", "both"); internal/minutes/export implements it.
type Exporter interface {
	Export(w io.Writer, format, lang string, v View, titleEN, titleZH string) (contentType, ext string, err error)
}

// Service holds the rules of session minutes: who may read, edit and move them through the
// agreement workflow, revision history, and exports at the full and Chatham levels.
type Service struct {
	store    Store
	sessions Sessions
	tx       Tx
	audit    Auditor
	exporter Exporter
	now      func() time.Time
	newID    func() string
}

// NewService builds the minutes service.
func NewService(st Store, sessions Sessions, tx Tx, a Auditor, ex Exporter, now func() time.Time, newID func() string) *Service {
	return &Service{store: st, sessions: sessions, tx: tx, audit: a, exporter: ex, now: now, newID: newID}
}

// Minutes is the current minutes of a session with what the pages need around them.
type Minutes struct {
	Session  *SessionInfo
	Doc      *Document
	Seq      int
	Saved    bool
	Speakers []SpeakerOption
}

// AgreedBy reports whether the convener org agreed the current text.
func (m *Minutes) AgreedBy(org string) bool { return AgreedBy(m.Doc, org) }

func (s *Service) access(ctx context.Context, sc tenant.Scope, sessionID string) (*SessionInfo, error) {
	si, err := s.sessions.SessionInfo(ctx, sc, sessionID)
	if err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	return si, nil
}

// conveners are the session's current conveners (the active convening organizations).
func conveners(si *SessionInfo) Conveners { return Conveners(si.Conveners) }

// defaultLanguage is the authoritative language of new minutes: the first convener's side.
func defaultLanguage(si *SessionInfo) Language {
	if len(si.Conveners) > 0 && si.Conveners[0].Side == "CN" {
		return LangZH
	}
	return LangEN
}

// Get returns the current minutes of a session the caller may see; minutes never saved are an
// empty draft (revision 1).
func (s *Service) Get(ctx context.Context, sc tenant.Scope, sessionID string) (*Minutes, error) {
	m, err := s.current(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	if m.Speakers, err = s.sessions.Speakers(ctx, sc, sessionID); err != nil {
		return nil, err
	}
	return m, nil
}

// current is Get without the speakers.
func (s *Service) current(ctx context.Context, sc tenant.Scope, sessionID string) (*Minutes, error) {
	si, err := s.access(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	m := &Minutes{Session: si}
	rec, err := s.store.GetMinutes(ctx, sc, sessionID)
	switch {
	case errors.Is(err, ErrNotFound):
		m.Doc = New(defaultLanguage(si))
	case err != nil:
		return nil, err
	default:
		m.Doc, m.Seq, m.Saved = rec.Doc, rec.Seq, true
	}
	return m, nil
}

// Save stores edited as the next revision of the minutes. edited.Revision must be the current
// revision (the one the editor started from); otherwise ErrStale, and nothing is overwritten.
// Workflow fields of edited (status, agreements, version) are ignored.
func (s *Service) Save(ctx context.Context, sc tenant.Scope, sessionID string, edited *Document) (*Minutes, error) {
	m, err := s.Get(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	if !m.Session.CanEdit {
		return nil, ErrForbidden
	}
	if edited == nil {
		return nil, convertErr(errNoDocument)
	}
	if edited.Revision != m.Doc.Revision {
		return nil, fmt.Errorf("%w (you edited revision %d; the current one is %d)", ErrStale, edited.Revision, m.Doc.Revision)
	}
	if err := checkSpeakers(edited, m.Speakers); err != nil {
		return nil, err
	}
	next, err := Edit(m.Doc, edited, sc.OrgID, conveners(m.Session))
	if err != nil {
		return nil, convertErr(err)
	}
	return s.store1(ctx, sc, m, next, ActionEdit)
}

// SaveJSON resolves the session in the caller's scope first (a foreign id is not found, whatever
// the body), then parses the client's document strictly and saves it (see Save).
func (s *Service) SaveJSON(ctx context.Context, sc tenant.Scope, sessionID string, body []byte) (*Minutes, error) {
	if _, err := s.access(ctx, sc, sessionID); err != nil {
		return nil, err
	}
	doc, err := ParseBody(body)
	if err != nil {
		return nil, err
	}
	return s.Save(ctx, sc, sessionID, doc)
}

// checkSpeakers refuses statements whose speaker is not a participant of the session.
func checkSpeakers(d *Document, speakers []SpeakerOption) error {
	known := make(map[string]bool, len(speakers))
	for _, sp := range speakers {
		known[sp.ID] = true
	}
	var v apperr.Validator
	for i, it := range d.Items {
		for j, st := range it.Statements {
			if st.SpeakerID != "" && !known[st.SpeakerID] {
				v.Add(fmt.Sprintf("/items/%d/statements/%d/speaker_id", i, j), "unknown_value", "the speaker is not a participant of this session")
			}
		}
	}
	return v.Err()
}

// store1 saves next as the state after m (with the empty first draft when nothing was saved);
// extra (key, value, …) adds details to the audit entry.
func (s *Service) store1(ctx context.Context, sc tenant.Scope, m *Minutes, next *Document, action Action, extra ...any) (*Minutes, error) {
	now := s.now().UTC()
	rec := &Record{SessionID: m.Session.ID, DialogueID: m.Session.DialogueID, Seq: m.Seq + 1, Doc: next, UpdatedBy: sc.UserID, UpdatedAt: now}
	var revs []*Revision
	if !m.Saved {
		revs = append(revs, s.revision(sc, m.Session.ID, 1, m.Doc, ActionEdit, now))
		rec.Seq = 2
	}
	revs = append(revs, s.revision(sc, m.Session.ID, rec.Seq, next, action, now))
	session := *m.Session
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SaveMinutes(ctx, sc, rec, m.Seq, revs...); err != nil {
			return err
		}
		details := map[string]any{"revision": next.Revision, "version": next.Version, "status": string(next.Status), "seq": rec.Seq}
		for i := 0; i+1 < len(extra); i += 2 {
			details[fmt.Sprint(extra[i])] = extra[i+1]
		}
		if err := s.audit.Append(ctx, audit.Entry{Action: "minutes." + string(action), TargetType: "session", TargetID: m.Session.ID,
			Details: details}); err != nil {
			return err
		}
		if action != ActionLock {
			return nil
		}
		st, err := s.sessions.MinutesLocked(ctx, sc, m.Session.ID, next.Version)
		session.Status = st
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Minutes{Session: &session, Doc: next, Seq: rec.Seq, Saved: true, Speakers: m.Speakers}, nil
}

func (s *Service) revision(sc tenant.Scope, sessionID string, seq int, d *Document, a Action, now time.Time) *Revision {
	return &Revision{ID: s.newID(), SessionID: sessionID, Seq: seq, Revision: d.Revision, Version: d.Version, Status: d.Status,
		Action: a, AuthorID: sc.UserID, AuthorOrgID: sc.OrgID, CreatedAt: now, Doc: d}
}

// Transition moves the minutes through the agreement workflow: to "circulated" (circulate),
// "agreed" (the caller's organization agrees), "locked" (lock an agreed record) or "draft"
// (start an amendment of a locked record).
func (s *Service) Transition(ctx context.Context, sc tenant.Scope, sessionID, to string) (*Minutes, error) {
	m, err := s.Get(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	if !m.Session.CanEdit {
		return nil, ErrForbidden
	}
	c := conveners(m.Session)
	var next *Document
	var action Action
	switch strings.TrimSpace(to) {
	case "circulated", "circulate":
		action = ActionCirculate
		next, err = Circulate(m.Doc, sc.OrgID, c)
	case "agreed", "agree":
		action = ActionAgree
		next, err = Agree(m.Doc, sc.OrgID, c, s.now())
	case "locked", "lock":
		action = ActionLock
		next, err = Lock(m.Doc, sc.OrgID, c, s.now())
	case "draft", "amend", "amended":
		action = ActionAmend
		next, err = Amend(m.Doc, sc.OrgID, c)
	default:
		return nil, apperr.Invalid("to", "unknown_value", "to must be circulated, agreed, locked or draft (amendment)")
	}
	if err != nil {
		return nil, convertErr(err)
	}
	return s.store1(ctx, sc, m, next, action)
}

// Revisions lists the saved states of the minutes, oldest first.
func (s *Service) Revisions(ctx context.Context, sc tenant.Scope, sessionID string) ([]Revision, error) {
	if _, err := s.access(ctx, sc, sessionID); err != nil {
		return nil, err
	}
	return s.store.Revisions(ctx, sc, sessionID)
}

// RevisionDiff is the difference between two saved states.
type RevisionDiff struct {
	From, To *Revision
	Changes  []Change
}

// Diff compares saved state to with its predecessor (or with from when from > 0).
func (s *Service) Diff(ctx context.Context, sc tenant.Scope, sessionID string, from, to int) (*RevisionDiff, error) {
	if _, err := s.access(ctx, sc, sessionID); err != nil {
		return nil, err
	}
	if from <= 0 {
		from = to - 1
	}
	b, err := s.store.GetRevision(ctx, sc, sessionID, to)
	if err != nil {
		return nil, err
	}
	d := &RevisionDiff{To: b}
	old := &Document{Items: []Item{}}
	if from >= 1 {
		a, err := s.store.GetRevision(ctx, sc, sessionID, from)
		if err != nil {
			return nil, err
		}
		d.From, old = a, a.Doc
	}
	d.Changes = Diff(old, b.Doc)
	return d, nil
}

// convertErr maps the pure package's errors onto the application's error kinds: validation
// problems keep their JSON Pointers as field names; a non-convener is not found (do not reveal);
// illegal, locked and already-agreed steps are conflicts.
func convertErr(err error) error {
	var ve *ValidationError
	if errors.As(err, &ve) {
		var v apperr.Validator
		for _, fe := range ve.Errors {
			v.Add(fe.Pointer, fe.Code, "%s", fe.Detail)
		}
		return v.Err()
	}
	var te *TransitionError
	if errors.As(err, &te) {
		switch {
		case errors.Is(err, ErrNotConvener):
			return ErrNotFound
		case errors.Is(err, ErrBadConveners):
			return fmt.Errorf("%w: minutes need convening organizations of both sides in the dialogue", apperr.ErrConflict)
		case errors.Is(err, ErrNotAgreedByAll):
			return fmt.Errorf("%w: every convening organization must agree the text before it is locked", apperr.ErrConflict)
		}
		return fmt.Errorf("%w: %s", apperr.ErrConflict, te.Error())
	}
	if errors.Is(err, ErrTooLarge) {
		return fmt.Errorf("%w: %v", apperr.ErrTooLarge, err)
	}
	if errors.Is(err, ErrSyntax) {
		return apperr.Invalid("", "syntax", "%v", err)
	}
	return err
}

// ParseBody decodes a client's minutes document (strictly: unknown fields and trailing data
// refused) and validates it; errors are the application's kinds.
func ParseBody(data []byte) (*Document, error) {
	d, err := Parse(data)
	if err != nil {
		return nil, convertErr(err)
	}
	return d, nil
}

// SeqParam parses a revision sequence number from a path.
func SeqParam(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, ErrNotFound
	}
	return n, nil
}
