// Package apperr defines the kinds of failure every domain package reports. Domain errors wrap one
// of these sentinels; the web layer maps them to HTTP statuses in one place (web/errors.go).
package apperr

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// The error kinds. Domain packages wrap them: fmt.Errorf("%w: session", apperr.ErrNotFound).
var (
	// ErrNotFound: the object does not exist or belongs to another tenant (indistinguishable).
	ErrNotFound = errors.New("not found")
	// ErrInvalid: the input breaks a rule; usually carried by a *ValidationError.
	ErrInvalid = errors.New("invalid input")
	// ErrConflict: the request conflicts with the current state (stale revision, duplicate).
	ErrConflict = errors.New("conflict")
	// ErrUnauthenticated: no valid credentials.
	ErrUnauthenticated = errors.New("authentication required")
	// ErrForbidden: the caller may see the object but not do this to it.
	ErrForbidden = errors.New("forbidden")
	// ErrRateLimited: too many attempts; try again later.
	ErrRateLimited = errors.New("too many requests")
	// ErrTooLarge: the request or file exceeds a size limit or quota.
	ErrTooLarge = errors.New("too large")
)

// FieldError is one problem with one input field.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ValidationError collects field problems. It unwraps to ErrInvalid.
type ValidationError struct {
	Fields []FieldError
}

// Error lists the problems in field order.
func (v *ValidationError) Error() string {
	parts := make([]string, 0, len(v.Fields))
	for _, f := range v.Fields {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (v *ValidationError) Unwrap() error { return ErrInvalid }

// Validator accumulates field errors; Err returns nil when there are none.
type Validator struct{ fields []FieldError }

// Add records a problem with a field.
func (v *Validator) Add(field, code, format string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Check records a problem when ok is false.
func (v *Validator) Check(ok bool, field, code, format string, args ...any) {
	if !ok {
		v.Add(field, code, format, args...)
	}
}

// Has reports whether a problem was recorded for field.
func (v *Validator) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns the collected problems as a *ValidationError, or nil.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	fs := append([]FieldError(nil), v.fields...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Field < fs[j].Field })
	return &ValidationError{Fields: fs}
}

// Invalid returns a ValidationError for a single field.
func Invalid(field, code, format string, args ...any) error {
	var v Validator
	v.Add(field, code, format, args...)
	return v.Err()
}

// Fields returns the field errors carried by err, if any.
func Fields(err error) []FieldError {
	var v *ValidationError
	if errors.As(err, &v) {
		return v.Fields
	}
	return nil
}
