package commitment

import (
	"context"
	"errors"
	"fmt"
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

// Service holds the rules of commitments and their assessments.
type Service struct {
	store    Store
	sessions Sessions
	items    ActionItems
	tx       Tx
	audit    Auditor
	clock    Clock
	newID    func() string
}

// NewService builds the commitment service.
func NewService(st Store, sessions Sessions, items ActionItems, tx Tx, a Auditor, clock Clock, newID func() string) *Service {
	return &Service{store: st, sessions: sessions, items: items, tx: tx, audit: a, clock: clock, newID: newID}
}

// Detail is a commitment with its assessment timeline and its parties' summary.
type Detail struct {
	Commitment  *Record        `json:"commitment"`
	Assessments []Stored       `json:"assessments"`
	Parties     []Party        `json:"parties"`
	Summary     []PartySummary `json:"summary"`
	CanEdit     bool           `json:"can_edit"`
	// Source is the minutes action item the commitment came from, if it names one.
	Source *SourceItem `json:"source_action_item,omitempty"`
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
		if err := s.relink(ctx, sc, r, ""); err != nil {
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
	r, parties, canEdit, err := s.load(ctx, sc, id)
	if err != nil {
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
	var src *SourceItem
	if r.ActionItemID != "" {
		if src, err = s.source(ctx, sc, r); err != nil {
			return nil, err
		}
	}
	bound := PartiesOf(parties, r.Parties)
	sum := Summarize(bound, []Commitment{r.Pure()}, map[string][]Assessment{r.ID: pure}, "")
	if hist == nil {
		hist = []Stored{}
	}
	return &Detail{Commitment: r, Assessments: hist, Parties: bound, Summary: sum, CanEdit: canEdit, Source: src}, nil
}

// load returns a commitment the caller may see, its dialogue's parties, and whether the caller
// may change it.
func (s *Service) load(ctx context.Context, sc tenant.Scope, id string) (*Record, []Party, bool, error) {
	r, err := s.store.GetCommitment(ctx, sc, id)
	if err != nil {
		return nil, nil, false, err
	}
	parties, canEdit, err := s.sessions.DialogueParties(ctx, sc, r.DialogueID)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, nil, false, ErrNotFound
	}
	return r, parties, canEdit, err
}

// editable is load for a change: ErrForbidden when the caller may only read.
func (s *Service) editable(ctx context.Context, sc tenant.Scope, id string) (*Record, []Party, error) {
	r, parties, canEdit, err := s.load(ctx, sc, id)
	if err == nil && !canEdit {
		err = ErrForbidden
	}
	return r, parties, err
}

// inForce is editable for a change of the commitment itself (edit, assessment): ErrWithdrawn
// when it is withdrawn.
func (s *Service) inForce(ctx context.Context, sc tenant.Scope, id string) (*Record, []Party, error) {
	r, parties, err := s.editable(ctx, sc, id)
	if err == nil && r.WithdrawnAt != nil {
		err = ErrWithdrawn
	}
	return r, parties, err
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

// Update changes a commitment in force (a withdrawn one: ErrWithdrawn).
func (s *Service) Update(ctx context.Context, sc tenant.Scope, id string, in Input) (*Record, error) {
	r, parties, err := s.inForce(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if in.SessionID != nil && strings.TrimSpace(*in.SessionID) != r.SessionID {
		return nil, apperr.Invalid("session_id", "immutable", "the source session of a commitment cannot change")
	}
	oldItem := r.ActionItemID
	if err := apply(r, in, parties); err != nil {
		return nil, err
	}
	r.UpdatedAt = s.clock.Now().UTC().Truncate(time.Microsecond)
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.UpdateCommitment(ctx, sc, r); err != nil {
			return err
		}
		if err := s.relink(ctx, sc, r, oldItem); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "commitment.update", TargetType: "commitment", TargetID: r.ID})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
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

// relink writes the commitment's source action item back into its session's minutes (the item
// names the commitment), moving the link from the item it named before (oldItem) if that changed.
// It runs in the caller's transaction, so the commitment and the minutes change together.
func (s *Service) relink(ctx context.Context, sc tenant.Scope, r *Record, oldItem string) error {
	if r.ActionItemID == oldItem {
		return nil
	}
	if oldItem != "" {
		// The old item may be gone from the minutes, or name another commitment by now: nothing to undo.
		err := s.items.LinkActionItem(ctx, sc, r.SessionID, oldItem, r.ID, "")
		if err != nil && !errors.Is(err, ErrActionItemNotFound) && !errors.Is(err, ErrActionItemTaken) {
			return err
		}
	}
	if r.ActionItemID == "" {
		return nil
	}
	switch err := s.items.LinkActionItem(ctx, sc, r.SessionID, r.ActionItemID, "", r.ID); {
	case errors.Is(err, ErrActionItemNotFound):
		return apperr.Invalid("action_item_id", "unknown_value", "the session's minutes have no action item %q", r.ActionItemID)
	case errors.Is(err, ErrActionItemTaken):
		return apperr.Invalid("action_item_id", "already_linked", "this action item is already tracked as another commitment")
	default:
		return err
	}
}

// source is the commitment's source action item as the caller may see it; an item no longer in
// the minutes (or in minutes the caller may not see) is marked missing.
func (s *Service) source(ctx context.Context, sc tenant.Scope, r *Record) (*SourceItem, error) {
	src, err := s.items.SourceItem(ctx, sc, r.SessionID, r.ActionItemID)
	if errors.Is(err, ErrActionItemNotFound) || errors.Is(err, apperr.ErrNotFound) {
		return &SourceItem{ID: r.ActionItemID, Missing: true}, nil
	}
	if err != nil {
		return nil, err
	}
	src.Linked = src.CommitmentID == r.ID
	return src, nil
}
