package calendar

import (
	"errors"
	"fmt"
)

// Sentinel errors returned (wrapped) by Write and Marshal. Test with errors.Is.
var (
	// ErrNoHost means Calendar.Host is empty or not a host name; UIDs need it.
	ErrNoHost = errors.New("calendar host is required for event UIDs")
	// ErrNoStamp means Calendar.Stamp (the DTSTAMP of every event) is zero.
	ErrNoStamp = errors.New("calendar stamp time is required")
	// ErrInvalidEvent means an event failed validation; see EventError for which and why.
	ErrInvalidEvent = errors.New("invalid event")
)

// EventError reports which event (by index and id) and which field failed validation.
type EventError struct {
	Index int    // position in Calendar.Events
	ID    string // Event.ID
	Field string // e.g. "End", "Zone", "URL"
	Err   error  // the underlying reason
}

// Error implements error.
func (e *EventError) Error() string {
	return fmt.Sprintf("event %d (%q): %s: %v", e.Index, e.ID, e.Field, e.Err)
}

// Unwrap returns both ErrInvalidEvent and the underlying reason, so errors.Is matches either.
func (e *EventError) Unwrap() []error { return []error{ErrInvalidEvent, e.Err} }
