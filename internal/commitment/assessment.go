package commitment

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Assessments of a commitment: appended, never edited; a recalibration supersedes an earlier
// one and both stay in the timeline.

// AssessmentInput is a new assessment. Supersedes (with Reason) recalibrates an earlier one.
type AssessmentInput struct {
	Stage         string       `json:"stage"`
	Progress      string       `json:"progress"`
	Compliance    []PartyScore `json:"compliance"`
	Evidence      string       `json:"evidence"`
	EvidenceLinks []string     `json:"evidence_links"`
	Assessor      string       `json:"assessor"`
	// AssessedAt is a date (YYYY-MM-DD) or an RFC 3339 time; empty means now.
	AssessedAt string `json:"assessed_at"`
	Supersedes string `json:"supersedes"`
	Reason     string `json:"reason"`
}

// Assess appends an assessment (or a recalibration of an earlier one) and updates the state in
// force. A withdrawn commitment cannot be assessed (ErrWithdrawn).
func (s *Service) Assess(ctx context.Context, sc tenant.Scope, id string, in AssessmentInput) (*Stored, error) {
	r, _, err := s.inForce(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now().UTC().Truncate(time.Microsecond)
	a := Assessment{ID: s.newID(), CommitmentID: r.ID, Stage: Stage(strings.TrimSpace(in.Stage)),
		Progress: Progress(strings.TrimSpace(in.Progress)), Compliance: in.Compliance,
		Evidence: strings.TrimSpace(in.Evidence), Assessor: strings.TrimSpace(in.Assessor)}
	if a.Stage == "" {
		a.Stage = StageInterim
	}
	if a.Compliance == nil {
		a.Compliance = []PartyScore{}
	}
	var v apperr.Validator
	switch at := strings.TrimSpace(in.AssessedAt); {
	case at == "":
		a.AssessedAt = now
	default:
		if t, err := time.Parse(time.DateOnly, at); err == nil {
			a.AssessedAt = t.UTC()
		} else if t, err := time.Parse(time.RFC3339, at); err == nil {
			a.AssessedAt = t.UTC().Truncate(time.Microsecond)
		} else {
			v.Add("assessed_at", "invalid_date", "use YYYY-MM-DD or an RFC 3339 time")
		}
		if !a.AssessedAt.IsZero() && a.AssessedAt.After(now.Add(24*time.Hour)) {
			v.Add("assessed_at", "out_of_range", "an assessment cannot be dated in the future")
		}
	}
	links := make([]string, 0, len(in.EvidenceLinks))
	for i, l := range in.EvidenceLinks {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		u, err := url.Parse(l)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(l) > 2000 {
			v.Add(fmt.Sprintf("evidence_links/%d", i), "format", "links must be http(s) URLs")
			continue
		}
		links = append(links, l)
	}
	if len(links) > 20 {
		v.Add("evidence_links", "too_many", "at most 20 links")
	}
	v.Check(utf8.RuneCountInString(a.Evidence) <= 10000, "evidence", "too_long", "at most 10 000 characters")
	v.Check(utf8.RuneCountInString(a.Assessor) <= 200, "assessor", "too_long", "at most 200 characters")
	pure := r.Pure()
	if err := a.Validate(&pure); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			for _, fe := range ve.Errors {
				if !v.Has(strings.TrimPrefix(fe.Pointer, "/")) {
					v.Add(strings.TrimPrefix(fe.Pointer, "/"), fe.Code, "%s", fe.Detail)
				}
			}
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	hist, err := s.store.Assessments(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	all := make([]Assessment, len(hist))
	for i := range hist {
		all[i] = hist[i].Assessment
	}
	if sup := strings.TrimSpace(in.Supersedes); sup != "" {
		var prev *Assessment
		for i := range all {
			if all[i].ID == sup {
				prev = &all[i]
			}
		}
		if prev == nil {
			return nil, apperr.Invalid("supersedes", "unknown_value", "no such assessment of this commitment")
		}
		if a, err = Recalibrate(all, *prev, a, in.Reason); err != nil {
			return nil, apperr.Invalid("supersedes", "recalibration", "%v", err)
		}
	}
	all = append(all, a)
	cur, _ := Latest(all)
	st := &Stored{Assessment: a, EvidenceLinks: links, RecordedBy: sc.UserID, CreatedAt: now}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.AddAssessment(ctx, sc, st, &cur); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "commitment.assess", TargetType: "commitment", TargetID: r.ID,
			Details: map[string]any{"assessment_id": a.ID, "stage": string(a.Stage), "progress": string(a.Progress), "supersedes": a.Supersedes}})
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}
