package names

import (
	"errors"
	"fmt"
)

// ErrBirthDate is the sentinel for a birth date that cannot be read.
var ErrBirthDate = errors.New("names: unrecognised birth date")

// ErrEntry is the sentinel for a list entry the Index cannot hold.
var ErrEntry = errors.New("names: invalid list entry")

// DateError reports a birth date that cannot be read. It unwraps to
// ErrBirthDate.
type DateError struct {
	Input  string // the text as given (truncated to 64 bytes)
	Reason string
}

// Error implements error.
func (e *DateError) Error() string {
	return fmt.Sprintf("names: birth date %q: %s", e.Input, e.Reason)
}

// Unwrap returns ErrBirthDate.
func (e *DateError) Unwrap() error { return ErrBirthDate }

// EntryError reports a list entry the Index rejected. It unwraps to ErrEntry.
type EntryError struct {
	ID     string
	Reason string
}

// Error implements error.
func (e *EntryError) Error() string {
	return fmt.Sprintf("names: entry %q: %s", e.ID, e.Reason)
}

// Unwrap returns ErrEntry.
func (e *EntryError) Unwrap() error { return ErrEntry }
