package minutes

import (
	"context"
	"errors"
	"fmt"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Errors of commitment links, wrapping the application's error kinds.
var (
	// ErrActionItemNotFound: the session's minutes have no such action item (or none were saved).
	ErrActionItemNotFound = fmt.Errorf("%w: no such action item in the session's minutes", apperr.ErrNotFound)
	// ErrActionItemTaken: the action item is already tracked as another commitment.
	ErrActionItemTaken = fmt.Errorf("%w: this action item is already tracked as another commitment", apperr.ErrConflict)
)

// SourceItem is an action item of a session's minutes with the agenda item it belongs to.
type SourceItem struct {
	Item   Item
	Action ActionItem
}

// ActionItem returns an action item of the session's current minutes, or ErrActionItemNotFound
// (ErrNotFound for a session the caller may not see).
func (s *Service) ActionItem(ctx context.Context, sc tenant.Scope, sessionID, actionItemID string) (*SourceItem, error) {
	m, err := s.current(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	it, a, err := FindActionItem(m.Doc, actionItemID)
	if err != nil || !m.Saved {
		return nil, ErrActionItemNotFound
	}
	out := &SourceItem{Item: *it, Action: *a}
	out.Item.ActionItems, out.Item.Statements = nil, nil // the source needs the titles only
	return out, nil
}

// LinkCommitment records on the session's current minutes that action item actionItemID is
// tracked as commitment to, replacing the link from ("" for none; to "" removes the link). It is
// metadata (see the package's LinkCommitment): allowed on a locked record, no new revision
// number; the change is kept as a saved state (action link_commitment) and audited, in the
// caller's transaction when there is one. Errors: ErrActionItemNotFound, ErrActionItemTaken (the
// item names another commitment), ErrForbidden, ErrNotFound.
func (s *Service) LinkCommitment(ctx context.Context, sc tenant.Scope, sessionID, actionItemID, from, to string) error {
	m, err := s.current(ctx, sc, sessionID)
	if err != nil {
		return err
	}
	if !m.Session.CanEdit {
		return ErrForbidden
	}
	if !m.Saved {
		return ErrActionItemNotFound
	}
	next, err := LinkCommitment(m.Doc, actionItemID, from, to)
	switch {
	case errors.Is(err, ErrNoActionItem):
		return ErrActionItemNotFound
	case errors.Is(err, ErrActionItemLinked):
		return ErrActionItemTaken
	case err != nil:
		return err
	}
	if _, a, _ := FindActionItem(m.Doc, actionItemID); a.CommitmentID == to {
		return nil // already so
	}
	_, err = s.store1(ctx, sc, m, next, ActionLinkCommitment, "action_item_id", actionItemID, "commitment_id", to, "previous_commitment_id", from)
	return err
}
