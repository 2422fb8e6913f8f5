package minutes

import (
	"strings"
	"time"
)

// Action names a workflow step, for errors and audit entries.
type Action string

// Workflow actions.
const (
	ActionEdit      Action = "edit"
	ActionCirculate Action = "circulate"
	ActionAgree     Action = "agree"
	ActionLock      Action = "lock"
	ActionAmend     Action = "amend"
)

// Conveners are the two convening organizations of the session, one per side. Only they may
// edit, circulate, agree, lock and amend the minutes.
type Conveners struct {
	A, B string
}

func (c Conveners) check(actor string) error {
	a, b := strings.TrimSpace(c.A), strings.TrimSpace(c.B)
	if a == "" || b == "" || a == b {
		return ErrBadConveners
	}
	if actor == "" || (actor != c.A && actor != c.B) {
		return ErrNotConvener
	}
	return nil
}

// errNoDocument is returned when a workflow function gets a nil document.
var errNoDocument = &ValidationError{Errors: []FieldError{{Pointer: "", Code: "required", Detail: "document is missing"}}}

func refuse(a Action, from Status, err error) error {
	return &TransitionError{Action: a, From: from, Err: err}
}

// New returns the first draft revision of the minutes of a session (revision 1, version 1),
// with authoritative language lang.
func New(lang Language) *Document {
	return &Document{Revision: 1, Version: 1, Status: StatusDraft, AuthoritativeLanguage: lang, Items: []Item{}}
}

// Edit applies the content of edited (authoritative language and items) to cur on behalf of
// the convener actor and returns the next revision. cur and edited are not modified. Editing
// a circulated record moves it to corrections and drops any agreement given so far (the other
// side agreed a different text). An agreed record must be recirculated through an edit too;
// a locked one changes only through Amend. The result is validated.
func Edit(cur, edited *Document, actor string, c Conveners) (*Document, error) {
	if cur == nil || edited == nil {
		return nil, errNoDocument
	}
	if err := c.check(actor); err != nil {
		return nil, refuse(ActionEdit, cur.Status, err)
	}
	next := cur.Clone()
	switch cur.Status {
	case StatusDraft, StatusCorrections:
	case StatusCirculated, StatusAgreed:
		next.Status = StatusCorrections
		next.Agreements = nil
	case StatusLocked:
		return nil, refuse(ActionEdit, cur.Status, ErrLocked)
	default:
		return nil, refuse(ActionEdit, cur.Status, ErrIllegalTransition)
	}
	e := edited.Clone()
	next.AuthoritativeLanguage = e.AuthoritativeLanguage
	next.Items = e.Items
	next.Revision = cur.Revision + 1
	if err := next.Validate(); err != nil {
		return nil, err
	}
	return next, nil
}

// Circulate sends a draft or corrected record to both sides for agreement.
func Circulate(cur *Document, actor string, c Conveners) (*Document, error) {
	if cur == nil {
		return nil, errNoDocument
	}
	if err := c.check(actor); err != nil {
		return nil, refuse(ActionCirculate, cur.Status, err)
	}
	switch cur.Status {
	case StatusDraft, StatusCorrections:
	case StatusLocked:
		return nil, refuse(ActionCirculate, cur.Status, ErrLocked)
	default:
		return nil, refuse(ActionCirculate, cur.Status, ErrIllegalTransition)
	}
	next := cur.Clone()
	next.Status = StatusCirculated
	next.Agreements = nil
	return next, nil
}

// Agree records the agreement of the convener actor to the circulated text at time now. The
// second convener's agreement makes the record agreed.
func Agree(cur *Document, actor string, c Conveners, now time.Time) (*Document, error) {
	if cur == nil {
		return nil, errNoDocument
	}
	if err := c.check(actor); err != nil {
		return nil, refuse(ActionAgree, cur.Status, err)
	}
	switch cur.Status {
	case StatusCirculated:
	case StatusLocked:
		return nil, refuse(ActionAgree, cur.Status, ErrLocked)
	case StatusAgreed:
		return nil, refuse(ActionAgree, cur.Status, ErrAlreadyAgreed)
	default:
		return nil, refuse(ActionAgree, cur.Status, ErrIllegalTransition)
	}
	for _, a := range cur.Agreements {
		if a.OrgID == actor {
			return nil, refuse(ActionAgree, cur.Status, ErrAlreadyAgreed)
		}
	}
	next := cur.Clone()
	next.Agreements = append(next.Agreements, Agreement{OrgID: actor, At: now.UTC()})
	if AgreedBy(next, c.A) && AgreedBy(next, c.B) {
		next.Status = StatusAgreed
	}
	return next, nil
}

// AgreedBy reports whether org has agreed the current text of d.
func AgreedBy(d *Document, org string) bool {
	for _, a := range d.Agreements {
		if a.OrgID == org {
			return true
		}
	}
	return false
}

// Lock makes an agreed record final at time now.
func Lock(cur *Document, actor string, c Conveners, now time.Time) (*Document, error) {
	if cur == nil {
		return nil, errNoDocument
	}
	if err := c.check(actor); err != nil {
		return nil, refuse(ActionLock, cur.Status, err)
	}
	switch cur.Status {
	case StatusAgreed:
	case StatusLocked:
		return nil, refuse(ActionLock, cur.Status, ErrLocked)
	default:
		return nil, refuse(ActionLock, cur.Status, ErrIllegalTransition)
	}
	next := cur.Clone()
	next.Status = StatusLocked
	next.LockedAt = now.UTC()
	return next, nil
}

// Amend starts an amendment of a locked record: a new draft (next revision, version N+1,
// AmendmentOf N) with the same content, which must be circulated and agreed by both conveners
// again. The locked record itself stays unchanged.
func Amend(locked *Document, actor string, c Conveners) (*Document, error) {
	if locked == nil {
		return nil, errNoDocument
	}
	if err := c.check(actor); err != nil {
		return nil, refuse(ActionAmend, locked.Status, err)
	}
	if locked.Status != StatusLocked {
		return nil, refuse(ActionAmend, locked.Status, ErrIllegalTransition)
	}
	next := locked.Clone()
	next.Status = StatusDraft
	next.Agreements = nil
	next.LockedAt = time.Time{}
	next.AmendmentOf = locked.Version
	next.Version = locked.Version + 1
	next.Revision = locked.Revision + 1
	return next, nil
}
