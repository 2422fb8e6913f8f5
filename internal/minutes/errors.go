package minutes

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors of the minutes package. Callers test them with errors.Is; the web layer maps
// them to HTTP statuses in one place.
var (
	// ErrInvalid wraps every validation failure (see ValidationError).
	ErrInvalid = errors.New("minutes: invalid document")
	// ErrIllegalTransition is returned when an action is not allowed in the current status.
	ErrIllegalTransition = errors.New("minutes: illegal transition")
	// ErrNotConvener is returned when the acting organization is not a current convener.
	ErrNotConvener = errors.New("minutes: actor is not a convener")
	// ErrLocked is returned when a locked record would be changed other than by amendment.
	ErrLocked = errors.New("minutes: record is locked")
	// ErrAlreadyAgreed is returned when a convener agrees the same text twice.
	ErrAlreadyAgreed = errors.New("minutes: already agreed by this convener")
	// ErrBadConveners is returned when the conveners are fewer than two organizations, name one
	// organization twice, or do not cover both sides.
	ErrBadConveners = errors.New("minutes: conveners must be at least two distinct organizations of both sides")
	// ErrNotAgreedByAll is returned when a record would be locked before every current convener
	// agreed it.
	ErrNotAgreedByAll = errors.New("minutes: not yet agreed by every convener")
	// ErrTooLarge is returned by Parse when the input exceeds MaxDocumentBytes.
	ErrTooLarge = errors.New("minutes: document too large")
)

// FieldError is one validation problem, addressed by a JSON Pointer (RFC 6901) into the
// document, suitable for the `errors` member of an RFC 9457 problem+json response.
type FieldError struct {
	// Pointer locates the field, e.g. "/items/2/statements/0/attribution".
	Pointer string `json:"pointer"`
	// Code is a stable machine-readable reason: required, unknown_value, too_long,
	// too_many, duplicate, invalid_text, invalid_date, out_of_range.
	Code string `json:"code"`
	// Detail is a human-readable English explanation.
	Detail string `json:"detail"`
}

// ValidationError lists every problem found in a document. It unwraps to ErrInvalid.
type ValidationError struct {
	Errors []FieldError
}

// Error summarises the problems.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "minutes: invalid document (%d problems)", len(e.Errors))
	for i, fe := range e.Errors {
		if i == 3 {
			b.WriteString("; …")
			break
		}
		fmt.Fprintf(&b, "; %s: %s", fe.Pointer, fe.Detail)
	}
	return b.String()
}

// Unwrap returns ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// TransitionError describes a refused workflow action. It unwraps to one of the sentinel
// errors (ErrIllegalTransition, ErrNotConvener, ErrLocked, ErrAlreadyAgreed, ErrBadConveners,
// ErrNotAgreedByAll).
type TransitionError struct {
	Action Action
	From   Status
	Err    error
}

// Error describes the refused action.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("%v: cannot %s minutes in status %q", e.Err, e.Action, e.From)
}

// Unwrap returns the sentinel cause.
func (e *TransitionError) Unwrap() error { return e.Err }
