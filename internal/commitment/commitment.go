package commitment

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Progress is the completion level of a commitment on the OGP IRM scale.
type Progress string

// The IRM progress scale, in order.
const (
	ProgressNoEvidence  Progress = "no_evidence" // no evidence available to assess
	ProgressNotStarted  Progress = "not_started"
	ProgressLimited     Progress = "limited"
	ProgressSubstantial Progress = "substantial"
	ProgressComplete    Progress = "complete"
)

// ProgressScale lists the progress levels in order.
var ProgressScale = []Progress{ProgressNoEvidence, ProgressNotStarted, ProgressLimited, ProgressSubstantial, ProgressComplete}

// Valid reports whether p is on the scale.
func (p Progress) Valid() bool {
	for _, q := range ProgressScale {
		if p == q {
			return true
		}
	}
	return false
}

// Labels returns the English and Chinese names of p.
func (p Progress) Labels() (en, zh string) {
	switch p {
	case ProgressNoEvidence:
		return "No evidence available", "无可用证据"
	case ProgressNotStarted:
		return "Not started", "未开始"
	case ProgressLimited:
		return "Limited", "有限进展"
	case ProgressSubstantial:
		return "Substantial", "实质性进展"
	case ProgressComplete:
		return "Complete", "已完成"
	}
	return string(p), string(p)
}

// Score is a party's compliance with a commitment on the G20 Research Group scale.
type Score int

// Compliance scores.
const (
	NonCompliance     Score = -1 // no action, or action against the commitment
	PartialCompliance Score = 0  // partial action or work in progress
	FullCompliance    Score = 1  // full or nearly full compliance
)

// Valid reports whether s is −1, 0 or +1.
func (s Score) Valid() bool { return s >= NonCompliance && s <= FullCompliance }

// Percent converts an average compliance score in [−1, 1] to the G20 Research Group's
// percentage: (s + 1) / 2 × 100. Values outside the range are clamped.
func Percent(avg float64) float64 {
	avg = min(max(avg, -1), 1)
	return (avg + 1) / 2 * 100
}

// Stage tells whether an assessment is made during the compliance period or at its end.
type Stage string

// Assessment stages.
const (
	StageInterim Stage = "interim"
	StageFinal   Stage = "final"
)

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return s == StageInterim || s == StageFinal }

// Party is a party bound by commitments: an organization or a side of the dialogue.
type Party struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Commitment is a confidence-building measure taken on in a session.
type Commitment struct {
	ID      string `json:"id"`
	TitleEN string `json:"title_en"`
	TitleZH string `json:"title_zh"`
	// Parties are the ids of the parties bound by the commitment.
	Parties []string `json:"parties"`
	// Owner names who drives the commitment, as written.
	Owner string `json:"owner"`
	// Due is the due date (a calendar date; only year, month and day count), or zero.
	Due time.Time `json:"due,omitzero"`
	// ActionItemID links the minutes action item the commitment came from, if any.
	ActionItemID string `json:"action_item_id,omitempty"`
}

// PartyScore is one party's compliance score in an assessment.
type PartyScore struct {
	Party string `json:"party"`
	Score Score  `json:"score"`
}

// Assessment rates a commitment at one time. Assessments are never edited: a correction is
// a recalibration, a new assessment that supersedes the earlier one, so history is kept.
type Assessment struct {
	ID           string       `json:"id"`
	CommitmentID string       `json:"commitment_id"`
	Stage        Stage        `json:"stage"`
	Progress     Progress     `json:"progress"`
	Compliance   []PartyScore `json:"compliance"`
	Evidence     string       `json:"evidence"`
	Assessor     string       `json:"assessor"`
	AssessedAt   time.Time    `json:"assessed_at"`
	// Supersedes is the id of the assessment this one recalibrates, with the reason.
	Supersedes        string `json:"supersedes,omitempty"`
	RecalibrateReason string `json:"recalibrate_reason,omitempty"`
}

// Errors of the commitment package.
var (
	// ErrInvalid wraps every validation failure (see ValidationError).
	ErrInvalid = errors.New("commitment: invalid")
	// ErrRecalibration is returned when a recalibration does not fit the assessment it
	// replaces (other commitment or stage, already superseded, no reason).
	ErrRecalibration = errors.New("commitment: invalid recalibration")
)

// FieldError is one validation problem, addressed by a JSON Pointer (RFC 6901).
type FieldError struct {
	Pointer string `json:"pointer"`
	Code    string `json:"code"`
	Detail  string `json:"detail"`
}

// ValidationError lists every problem found. It unwraps to ErrInvalid.
type ValidationError struct{ Errors []FieldError }

// Error summarises the problems.
func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Errors))
	for _, fe := range e.Errors {
		parts = append(parts, fe.Pointer+": "+fe.Detail)
	}
	return "commitment: invalid: " + strings.Join(parts, "; ")
}

// Unwrap returns ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Validate checks a commitment.
func (c *Commitment) Validate() error {
	var errs []FieldError
	add := func(p, code, d string) { errs = append(errs, FieldError{p, code, d}) }
	if strings.TrimSpace(c.ID) == "" {
		add("/id", "required", "id is required")
	}
	if strings.TrimSpace(c.TitleEN) == "" && strings.TrimSpace(c.TitleZH) == "" {
		add("/title_en", "required", "title is required in English or Chinese")
	}
	if len(c.Parties) == 0 {
		add("/parties", "required", "at least one party is bound")
	}
	seen := map[string]bool{}
	for i, p := range c.Parties {
		if strings.TrimSpace(p) == "" || seen[p] {
			add(fmt.Sprintf("/parties/%d", i), "invalid", "party ids must be non-empty and distinct")
		}
		seen[p] = true
	}
	if len(errs) > 0 {
		return &ValidationError{errs}
	}
	return nil
}

// Validate checks an assessment of c: known stage and progress, a score in −1..+1 for
// parties bound by c (each at most once), evidence, assessor and date.
func (a *Assessment) Validate(c *Commitment) error {
	var errs []FieldError
	add := func(p, code, d string) { errs = append(errs, FieldError{p, code, d}) }
	if strings.TrimSpace(a.ID) == "" {
		add("/id", "required", "id is required")
	}
	if c != nil && a.CommitmentID != c.ID {
		add("/commitment_id", "mismatch", "assessment belongs to another commitment")
	}
	if !a.Stage.Valid() {
		add("/stage", "unknown_value", "stage must be interim or final")
	}
	if !a.Progress.Valid() {
		add("/progress", "unknown_value", "progress must be no_evidence, not_started, limited, substantial or complete")
	}
	bound := map[string]bool{}
	if c != nil {
		for _, p := range c.Parties {
			bound[p] = true
		}
	}
	scored := map[string]bool{}
	for i, ps := range a.Compliance {
		p := fmt.Sprintf("/compliance/%d", i)
		if !ps.Score.Valid() {
			add(p+"/score", "out_of_range", "score must be -1, 0 or +1")
		}
		if c != nil && !bound[ps.Party] {
			add(p+"/party", "unknown_value", "party is not bound by the commitment")
		}
		if scored[ps.Party] {
			add(p+"/party", "duplicate", "party scored twice")
		}
		scored[ps.Party] = true
	}
	if strings.TrimSpace(a.Evidence) == "" {
		add("/evidence", "required", "evidence is required")
	}
	if strings.TrimSpace(a.Assessor) == "" {
		add("/assessor", "required", "assessor is required")
	}
	if a.AssessedAt.IsZero() {
		add("/assessed_at", "required", "assessment date is required")
	}
	if len(errs) > 0 {
		return &ValidationError{errs}
	}
	return nil
}

// Recalibrate returns next marked as superseding prev, after checking that it rates the same
// commitment at the same stage, that prev is not already superseded in history, and that a
// reason is given. History keeps both.
func Recalibrate(history []Assessment, prev, next Assessment, reason string) (Assessment, error) {
	switch {
	case strings.TrimSpace(reason) == "":
		return Assessment{}, fmt.Errorf("%w: a reason is required", ErrRecalibration)
	case next.CommitmentID != prev.CommitmentID || next.Stage != prev.Stage:
		return Assessment{}, fmt.Errorf("%w: must rate the same commitment at the same stage", ErrRecalibration)
	case next.ID == prev.ID:
		return Assessment{}, fmt.Errorf("%w: a recalibration is a new assessment", ErrRecalibration)
	}
	for _, h := range history {
		if h.Supersedes == prev.ID {
			return Assessment{}, fmt.Errorf("%w: assessment %s was already recalibrated by %s", ErrRecalibration, prev.ID, h.ID)
		}
	}
	next.Supersedes = prev.ID
	next.RecalibrateReason = reason
	return next, nil
}

// Current returns the assessment in force for a stage: the latest (by AssessedAt, then
// position) that no other assessment in history supersedes; ok is false if there is none.
func Current(history []Assessment, stage Stage) (Assessment, bool) {
	superseded := map[string]bool{}
	for _, a := range history {
		if a.Supersedes != "" {
			superseded[a.Supersedes] = true
		}
	}
	var best Assessment
	ok := false
	for _, a := range history {
		if a.Stage != stage || superseded[a.ID] {
			continue
		}
		if !ok || !a.AssessedAt.Before(best.AssessedAt) {
			best, ok = a, true
		}
	}
	return best, ok
}

// Latest returns the final assessment in force if there is one, else the interim one.
func Latest(history []Assessment) (Assessment, bool) {
	if a, ok := Current(history, StageFinal); ok {
		return a, true
	}
	return Current(history, StageInterim)
}
