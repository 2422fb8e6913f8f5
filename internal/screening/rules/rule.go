package rules

import (
	"strings"

	"cel.dev/cel-go/cel"
)

// Text is a message in English and Simplified Chinese.
type Text struct {
	EN string `json:"en"`
	ZH string `json:"zh"`
}

// Citation is a legal source of a rule.
type Citation struct {
	Title   string `json:"title"`
	Article string `json:"article"`
	URL     string `json:"url,omitempty"`
}

// SeverityCase raises or lowers a rule's severity when its condition holds.
// Cases are tried in order; the first whose When is true wins, otherwise
// the rule's default severity applies.
type SeverityCase struct {
	When     string `json:"when"`
	Severity string `json:"severity"`
}

// Binding is a named helper expression ("let") of a rule, usable by later
// bindings, the condition, severity cases and placeholders.
type Binding struct {
	Name string `json:"name"`
	Expr string `json:"expr"`
}

// Rule is one loaded restriction rule, as written in its file.
type Rule struct {
	ID               string         `json:"id"`
	Jurisdiction     string         `json:"jurisdiction"`
	Subject          string         `json:"subject"`
	Severity         string         `json:"severity"`
	SeverityWhen     []SeverityCase `json:"severity_when,omitempty"`
	Let              []Binding      `json:"let,omitempty"`
	Condition        string         `json:"condition"`
	Explanation      Text           `json:"explanation"`
	Citations        []Citation     `json:"citations"`
	NeedsLegalReview bool           `json:"needs_legal_review"`
	// File and Line locate the rule's definition.
	File string `json:"file"`
	Line int    `json:"line"`
	// Hash is a checksum of the rule's definition: it changes exactly when
	// the rule's text does, so flags raised by it can be recomputed.
	Hash string `json:"hash"`
}

// compiledRule is a Rule with its CEL programs.
type compiledRule struct {
	Rule
	lets      []compiledLet
	condition cel.Program
	cases     []compiledCase
	en, zh    []segment
	evidence  []evidencePath
	// reads are the fact paths the rule reads anywhere, placeholders included.
	reads []string
}

// readsSharing reports whether the rule reads the sharing context (viewer or sharing).
func (r *compiledRule) readsSharing() bool {
	for _, p := range r.reads {
		if p == varViewer || p == varSharing || strings.HasPrefix(p, varViewer+".") || strings.HasPrefix(p, varSharing+".") {
			return true
		}
	}
	return false
}

type compiledLet struct {
	name string
	prg  cel.Program
}

type compiledCase struct {
	severity string
	prg      cel.Program
}

// segment is a literal piece of an explanation, or a placeholder program.
type segment struct {
	literal string
	expr    string
	prg     cel.Program
}

// evidencePath is a fact path a rule references, with the program reading
// its value.
type evidencePath struct {
	path string
	prg  cel.Program
}
