// Package id makes the identifiers Tracktwo stores: UUIDv7 strings, time-ordered and not guessable.
package id

import "github.com/google/uuid"

// New returns a new UUIDv7 in its canonical text form.
func New() string {
	u, err := uuid.NewV7()
	if err != nil {
		// NewV7 fails only when the system random source fails; fall back to v4 (also unguessable).
		return uuid.NewString()
	}
	return u.String()
}

// Valid reports whether s is a canonical UUID string. Handlers use it to answer 404 early for ids
// that cannot exist, without a database round trip.
func Valid(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}
