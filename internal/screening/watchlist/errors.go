package watchlist

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors classifying import failures; test with errors.Is.
var (
	// ErrColumnCount is a row with the wrong number of columns.
	ErrColumnCount = errors.New("wrong number of columns")
	// ErrEncoding is text that is not valid in the declared encoding.
	ErrEncoding = errors.New("invalid text encoding")
	// ErrMissingName is a row without the required primary name.
	ErrMissingName = errors.New("missing name")
	// ErrSyntax is malformed CSV (bad quoting) or JSON.
	ErrSyntax = errors.New("malformed row")
	// ErrRowTooLarge is a row larger than the importer accepts.
	ErrRowTooLarge = errors.New("row too large")
	// ErrBadValue is a value that cannot be read (e.g. a non-numeric key).
	ErrBadValue = errors.New("invalid value")
	// ErrBadColumnMap is an invalid column map.
	ErrBadColumnMap = errors.New("invalid column map")
	// ErrEmpty is a list file without any entry.
	ErrEmpty = errors.New("no entries")
)

// ParseError locates an import failure.
type ParseError struct {
	File string
	// Line is the 1-based line of the row (0 when not about a row).
	Line int
	// Column is the 1-based column number (0 when not about a column),
	// ColumnName its header or field name when known.
	Column     int
	ColumnName string
	// Kind is one of the Err* sentinels.
	Kind   error
	Reason string
	// Err is the underlying error, if any.
	Err error
}

// Error formats the failure as "file:line: column N (name): reason".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Column > 0 {
		fmt.Fprintf(&b, "column %d", e.Column)
		if e.ColumnName != "" {
			fmt.Fprintf(&b, " (%s)", e.ColumnName)
		}
		b.WriteString(": ")
	} else if e.ColumnName != "" {
		fmt.Fprintf(&b, "field %s: ", e.ColumnName)
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns the kind sentinel and the underlying error.
func (e *ParseError) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}
