package commitment

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Verifiabilities says how far a commitment can be checked from outside.
var Verifiabilities = []string{"high", "medium", "low"}

// Input is what a caller may set on a commitment. Pointer fields are optional on update; the
// source session (and so the dialogue) is fixed at creation.
type Input struct {
	SessionID     *string   `json:"session_id"`
	ActionItemID  *string   `json:"action_item_id"`
	TitleEN       *string   `json:"title_en"`
	TitleZH       *string   `json:"title_zh"`
	TextEN        *string   `json:"text_en"`
	TextZH        *string   `json:"text_zh"`
	Parties       *[]string `json:"parties"`
	Owner         *string   `json:"owner"`
	Due           *string   `json:"due"`
	Verifiability *string   `json:"verifiability"`
}

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

// Service holds the rules of commitments and their assessments.
type Service struct {
	store    Store
	sessions Sessions
	tx       Tx
	audit    Auditor
	clock    Clock
	newID    func() string
}

// NewService builds the commitment service.
func NewService(st Store, sessions Sessions, tx Tx, a Auditor, clock Clock, newID func() string) *Service {
	return &Service{store: st, sessions: sessions, tx: tx, audit: a, clock: clock, newID: newID}
}

// Detail is a commitment with its assessment timeline and its parties' summary.
type Detail struct {
	Commitment  *Record        `json:"commitment"`
	Assessments []Stored       `json:"assessments"`
	Parties     []Party        `json:"parties"`
	Summary     []PartySummary `json:"summary"`
	CanEdit     bool           `json:"can_edit"`
}

func (s *Service) today(loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return s.clock.Now().In(loc).Format(time.DateOnly)
}

func (s *Service) mark(r *Record, loc *time.Location) {
	if r.Due == "" || r.Progress == ProgressComplete {
		return
	}
	c := r.Pure()
	var hist []Assessment
	if r.Progress != "" {
		hist = []Assessment{{Stage: StageFinal, Progress: r.Progress}}
	}
	r.DaysOverdue = DaysOverdue(&c, hist, s.clock, loc)
	r.Overdue = r.DaysOverdue > 0
}

// Create records a commitment taken on in a session the caller's organization convenes.
func (s *Service) Create(ctx context.Context, sc tenant.Scope, in Input) (*Record, error) {
	var sid string
	if in.SessionID != nil {
		sid = strings.TrimSpace(*in.SessionID)
	}
	if sid == "" {
		return nil, apperr.Invalid("session_id", "required", "give the session the commitment was made in")
	}
	se, err := s.sessions.CommitmentSession(ctx, sc, sid)
	if err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return nil, apperr.Invalid("session_id", "unknown_value", "no such session")
		}
		return nil, err
	}
	if !se.CanEdit {
		return nil, ErrForbidden
	}
	now := s.clock.Now().UTC().Truncate(time.Microsecond)
	r := &Record{ID: s.newID(), OrgID: sc.OrgID, DialogueID: se.DialogueID, SessionID: se.ID, Verifiability: "medium",
		CreatedBy: sc.UserID, CreatedAt: now, UpdatedAt: now}
	if err := apply(r, in, se.Parties); err != nil {
		return nil, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateCommitment(ctx, sc, r); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "commitment.create", TargetType: "commitment", TargetID: r.ID,
			Details: map[string]any{"session_id": r.SessionID, "parties": r.Parties}})
	})
	if err != nil {
		return nil, err
	}
	r.SessionTitle = se.Title
	return r, nil
}

// Get returns a commitment with its timeline and summary.
func (s *Service) Get(ctx context.Context, sc tenant.Scope, id string, loc *time.Location) (*Detail, error) {
	r, err := s.store.GetCommitment(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	parties, canEdit, err := s.sessions.DialogueParties(ctx, sc, r.DialogueID)
	if err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	hist, err := s.store.Assessments(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	s.mark(r, loc)
	pure := make([]Assessment, len(hist))
	for i := range hist {
		pure[i] = hist[i].Assessment
	}
	bound := PartiesOf(parties, r.Parties)
	sum := Summarize(bound, []Commitment{r.Pure()}, map[string][]Assessment{r.ID: pure}, "")
	if hist == nil {
		hist = []Stored{}
	}
	return &Detail{Commitment: r, Assessments: hist, Parties: bound, Summary: sum, CanEdit: canEdit}, nil
}

// PartiesOf returns the named parties among all for the given ids, in the order of ids; an id
// without a name is named by itself.
func PartiesOf(all []Party, ids []string) []Party {
	names := map[string]string{}
	for _, p := range all {
		names[p.ID] = p.Name
	}
	out := make([]Party, 0, len(ids))
	for _, id := range ids {
		n := names[id]
		if n == "" {
			n = id
		}
		out = append(out, Party{ID: id, Name: n})
	}
	return out
}

// Update changes a commitment.
func (s *Service) Update(ctx context.Context, sc tenant.Scope, id string, in Input) (*Record, error) {
	r, err := s.store.GetCommitment(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	parties, canEdit, err := s.sessions.DialogueParties(ctx, sc, r.DialogueID)
	if err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	if !canEdit {
		return nil, ErrForbidden
	}
	if in.SessionID != nil && strings.TrimSpace(*in.SessionID) != r.SessionID {
		return nil, apperr.Invalid("session_id", "immutable", "the source session of a commitment cannot change")
	}
	if err := apply(r, in, parties); err != nil {
		return nil, err
	}
	r.UpdatedAt = s.clock.Now().UTC().Truncate(time.Microsecond)
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.UpdateCommitment(ctx, sc, r); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "commitment.update", TargetType: "commitment", TargetID: r.ID})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Assess appends an assessment (or a recalibration of an earlier one) and updates the state in
// force.
func (s *Service) Assess(ctx context.Context, sc tenant.Scope, id string, in AssessmentInput) (*Stored, error) {
	r, err := s.store.GetCommitment(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	_, canEdit, err := s.sessions.DialogueParties(ctx, sc, r.DialogueID)
	if err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	if !canEdit {
		return nil, ErrForbidden
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

// List returns a page of the register, marked overdue for the viewer's zone.
func (s *Service) List(ctx context.Context, sc tenant.Scope, f Filter, loc *time.Location) ([]Record, error) {
	if err := s.normalize(&f, loc); err != nil {
		return nil, err
	}
	rows, err := s.store.ListCommitments(ctx, sc, f)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		s.mark(&rows[i], loc)
	}
	return rows, nil
}

func (s *Service) normalize(f *Filter, loc *time.Location) error {
	f.Today = s.today(loc)
	var v apperr.Validator
	if f.Status != "" && f.Status != "unassessed" && !Progress(f.Status).Valid() {
		v.Add("status", "unknown_value", "status must be a progress level or unassessed")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return v.Err()
}

// Summary is the register's per-party compliance over the filtered commitments.
func (s *Service) Summary(ctx context.Context, sc tenant.Scope, f Filter, names []Party, loc *time.Location) ([]PartySummary, error) {
	if err := s.normalize(&f, loc); err != nil {
		return nil, err
	}
	f.Party = "" // the summary shows every party of the filtered commitments
	tot, err := s.store.PartyTotals(ctx, sc, f)
	if err != nil {
		return nil, err
	}
	nm := map[string]string{}
	for _, p := range names {
		nm[p.ID] = p.Name
	}
	out := make([]PartySummary, 0, len(tot))
	for _, t := range tot {
		n := nm[t.Party]
		if n == "" {
			n = SideName(t.Party)
		}
		ps := PartySummary{Party: Party{ID: t.Party, Name: n}, Assessed: t.Assessed, Full: t.Full, Partial: t.Partial, Non: t.Non, Progress: map[Progress]int{}}
		if t.Assessed > 0 {
			ps.Average = float64(t.Full-t.Non) / float64(t.Assessed)
		}
		ps.Percent = Percent(ps.Average)
		out = append(out, ps)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Party.Name < out[j].Party.Name })
	return out, nil
}

// DueWithin lists commitments not complete that are due within days (overdue ones included).
func (s *Service) DueWithin(ctx context.Context, sc tenant.Scope, days, limit int, loc *time.Location) ([]Record, error) {
	if loc == nil {
		loc = time.UTC
	}
	f := Filter{DueBy: s.clock.Now().In(loc).AddDate(0, 0, days).Format(time.DateOnly), Limit: limit}
	return s.List(ctx, sc, f, loc)
}

// SideName names a side party ("US" → "US side"); other ids are returned as they are.
func SideName(id string) string {
	switch id {
	case "US":
		return "US side"
	case "CN":
		return "Chinese side"
	}
	return id
}

func trimSet(dst *string, src *string) {
	if src != nil {
		*dst = strings.TrimSpace(*src)
	}
}

// apply validates in and copies it onto r; parties must be among the dialogue's parties.
func apply(r *Record, in Input, parties []Party) error {
	trimSet(&r.ActionItemID, in.ActionItemID)
	trimSet(&r.TitleEN, in.TitleEN)
	trimSet(&r.TitleZH, in.TitleZH)
	trimSet(&r.TextEN, in.TextEN)
	trimSet(&r.TextZH, in.TextZH)
	trimSet(&r.Owner, in.Owner)
	trimSet(&r.Due, in.Due)
	trimSet(&r.Verifiability, in.Verifiability)
	if in.Parties != nil {
		r.Parties = nil
		for _, p := range *in.Parties {
			if p = strings.TrimSpace(p); p != "" {
				r.Parties = append(r.Parties, p)
			}
		}
	}
	var v apperr.Validator
	pure := r.Pure()
	if err := pure.Validate(); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			for _, fe := range ve.Errors {
				if fe.Pointer != "/id" {
					v.Add(strings.TrimPrefix(fe.Pointer, "/"), fe.Code, "%s", fe.Detail)
				}
			}
		}
	}
	known := map[string]bool{}
	for _, p := range parties {
		known[p.ID] = true
	}
	for i, p := range r.Parties {
		if !known[p] {
			v.Add(fmt.Sprintf("parties/%d", i), "unknown_value", "a party must be a side (US, CN) or a convening organization of the dialogue")
		}
	}
	if r.Due != "" {
		if _, err := time.Parse(time.DateOnly, r.Due); err != nil {
			v.Add("due", "invalid_date", "use YYYY-MM-DD")
		}
	}
	ok := false
	for _, x := range Verifiabilities {
		ok = ok || x == r.Verifiability
	}
	v.Check(ok, "verifiability", "unknown_value", "verifiability must be high, medium or low")
	for f, val := range map[string]string{"title_en": r.TitleEN, "title_zh": r.TitleZH, "owner": r.Owner, "action_item_id": r.ActionItemID} {
		v.Check(utf8.RuneCountInString(val) <= 300, f, "too_long", "at most 300 characters")
	}
	for f, val := range map[string]string{"text_en": r.TextEN, "text_zh": r.TextZH} {
		v.Check(utf8.RuneCountInString(val) <= 10000, f, "too_long", "at most 10 000 characters")
	}
	return v.Err()
}

// convertErr maps the pure validation errors onto the application's.
func convertErr(err error) error {
	var ve *ValidationError
	if errors.As(err, &ve) {
		var v apperr.Validator
		for _, fe := range ve.Errors {
			v.Add(strings.TrimPrefix(fe.Pointer, "/"), fe.Code, "%s", fe.Detail)
		}
		return v.Err()
	}
	return err
}
