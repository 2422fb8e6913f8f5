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
	// ActionLinkCommitment records which commitment an action item became (metadata, no new
	// revision; see LinkCommitment).
	ActionLinkCommitment Action = "link_commitment"
)

// Conveners are the organizations that convene the session's dialogue now: its creator and every
// co-convener that accepted and has not been removed since (removal takes effect on the next
// request, so a removed organization is simply absent). Only they may edit, circulate, agree,
// lock and amend the minutes, and the minutes are agreed only when every one of them has agreed
// the current text. There must be at least two distinct organizations, from both sides.
type Conveners []Convener

func (c Conveners) check(actor string) error {
	ids, sides := map[string]bool{}, map[string]bool{}
	for _, x := range c {
		id := strings.TrimSpace(x.OrgID)
		if id == "" || ids[id] || strings.TrimSpace(x.Side) == "" {
			return ErrBadConveners
		}
		ids[id], sides[x.Side] = true, true
	}
	if len(ids) < 2 || len(sides) < 2 {
		return ErrBadConveners
	}
	if actor == "" || !ids[actor] {
		return ErrNotConvener
	}
	return nil
}

// AllAgreed reports whether every convener in c has agreed the current text of d. Agreements of
// organizations that no longer convene do not count, and do not stand in for anyone.
func AllAgreed(d *Document, c Conveners) bool {
	if d == nil || len(c) == 0 {
		return false
	}
	for _, x := range c {
		if !AgreedBy(d, x.OrgID) {
			return false
		}
	}
	return true
}

// Pending lists the conveners in c that have not yet agreed the current text of d.
func Pending(d *Document, c Conveners) Conveners {
	var out Conveners
	for _, x := range c {
		if d == nil || !AgreedBy(d, x.OrgID) {
			out = append(out, x)
		}
	}
	return out
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
// the convener actor and returns the next revision. cur and edited are not modified. Commitment
// links of action items are kept from cur (see LinkCommitment); edited's are ignored. Editing
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
	keepLinks(cur, next)
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
// record becomes agreed when every current convener has agreed it. An agreed record may still
// take the agreement of an organization that became a convener after the others agreed.
func Agree(cur *Document, actor string, c Conveners, now time.Time) (*Document, error) {
	if cur == nil {
		return nil, errNoDocument
	}
	if err := c.check(actor); err != nil {
		return nil, refuse(ActionAgree, cur.Status, err)
	}
	switch cur.Status {
	case StatusCirculated, StatusAgreed:
	case StatusLocked:
		return nil, refuse(ActionAgree, cur.Status, ErrLocked)
	default:
		return nil, refuse(ActionAgree, cur.Status, ErrIllegalTransition)
	}
	if AgreedBy(cur, actor) {
		return nil, refuse(ActionAgree, cur.Status, ErrAlreadyAgreed)
	}
	next := cur.Clone()
	next.Agreements = append(next.Agreements, Agreement{OrgID: actor, At: now.UTC()})
	if AllAgreed(next, c) {
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

// Lock makes the record final at time now. Every current convener must have agreed the text: a
// record agreed before another organization joined as convener waits for its agreement, and a
// circulated record whose only missing agreement was that of a convener removed since may be
// locked (removed conveners no longer count).
func Lock(cur *Document, actor string, c Conveners, now time.Time) (*Document, error) {
	if cur == nil {
		return nil, errNoDocument
	}
	if err := c.check(actor); err != nil {
		return nil, refuse(ActionLock, cur.Status, err)
	}
	switch cur.Status {
	case StatusAgreed, StatusCirculated:
		if !AllAgreed(cur, c) {
			return nil, refuse(ActionLock, cur.Status, ErrNotAgreedByAll)
		}
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
// AmendmentOf N) with the same content, which must be circulated and agreed by every convener
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
