package timezone

import (
	"errors"
	"fmt"
)

// Sentinel errors returned (wrapped) by this package. Test with errors.Is.
var (
	// ErrEmptyZone means no zone name was given.
	ErrEmptyZone = errors.New("time zone is required")
	// ErrLocalZone means the name "Local" was given; it names the server's zone, not the user's.
	ErrLocalZone = errors.New(`"Local" is not allowed: give an IANA zone name such as America/New_York`)
	// ErrAbbreviation means the name is a zone abbreviation or legacy alias (EST, CST, PRC…).
	ErrAbbreviation = errors.New("time-zone abbreviations are ambiguous: give an IANA zone name")
	// ErrUnknownZone means the name is not in the IANA time zone database.
	ErrUnknownZone = errors.New("unknown time zone")
	// ErrBadInput means a local date-time could not be parsed.
	ErrBadInput = errors.New("invalid date-time")
	// ErrNonexistentTime means the local time falls in a daylight-saving gap (clocks spring forward).
	ErrNonexistentTime = errors.New("local time does not exist (clocks spring forward)")
	// ErrEndBeforeStart means a session ends before (or when) it starts.
	ErrEndBeforeStart = errors.New("end is not after start")
)

// ZoneError reports a rejected zone name together with the reason and, where one is known, a
// suggestion of the IANA name the user probably meant.
type ZoneError struct {
	Name       string // the name as given
	Suggestion string // e.g. "America/New_York"; empty when none is known
	Err        error  // one of the sentinel errors above
}

// Error implements error.
func (e *ZoneError) Error() string {
	msg := fmt.Sprintf("time zone %q: %v", e.Name, e.Err)
	if e.Suggestion != "" {
		msg += " (did you mean " + e.Suggestion + "?)"
	}
	return msg
}

// Unwrap returns the sentinel error.
func (e *ZoneError) Unwrap() error { return e.Err }

// InputError reports a local date-time that was refused.
type InputError struct {
	Input string // the text as given
	Zone  string // the zone it was interpreted in
	Err   error  // ErrBadInput or ErrNonexistentTime
}

// Error implements error.
func (e *InputError) Error() string {
	return fmt.Sprintf("%q in %s: %v", e.Input, e.Zone, e.Err)
}

// Unwrap returns the sentinel error.
func (e *InputError) Unwrap() error { return e.Err }
