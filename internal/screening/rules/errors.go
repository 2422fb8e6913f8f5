package rules

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors classifying load failures; test with errors.Is on the
// error returned by Load or LoadFS.
var (
	// ErrNoRules means the directory holds no rule file.
	ErrNoRules = errors.New("no rule files")
	// ErrSyntax is a YAML syntax error.
	ErrSyntax = errors.New("yaml syntax error")
	// ErrUnknownKey is a key the rule format does not define.
	ErrUnknownKey = errors.New("unknown key")
	// ErrMissingField is a required key that is absent or empty.
	ErrMissingField = errors.New("missing field")
	// ErrInvalidValue is a value of the wrong type or outside its allowed
	// set (a bad severity, subject or id).
	ErrInvalidValue = errors.New("invalid value")
	// ErrDuplicateRule is a rule id defined twice.
	ErrDuplicateRule = errors.New("duplicate rule id")
	// ErrUnknownFact is a condition or placeholder that names a fact the
	// fact model does not have.
	ErrUnknownFact = errors.New("unknown fact")
	// ErrExpression is any other CEL parse or type error.
	ErrExpression = errors.New("invalid expression")
)

// LoadError is one problem found while loading rule files, located by file,
// line and column (1-based; 0 when unknown).
type LoadError struct {
	File   string
	Line   int
	Column int
	// Rule is the id of the rule concerned, if known.
	Rule string
	// Field is the key concerned, e.g. "severity" or "explanation.zh".
	Field string
	// Kind is one of the Err* sentinels.
	Kind error
	// Reason says what is wrong, in plain words.
	Reason string
	// Err is the underlying error (YAML or CEL), if any.
	Err error
}

// Error formats the problem as "file:line:col: rule ID: field: reason".
func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Rule != "" {
		fmt.Fprintf(&b, "rule %s: ", e.Rule)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "%s: ", e.Field)
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns the kind sentinel and the underlying error.
func (e *LoadError) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}
