package minutes

import "errors"

// Errors of commitment links.
var (
	// ErrNoActionItem is returned when the minutes have no action item with the given id.
	ErrNoActionItem = errors.New("minutes: no such action item")
	// ErrActionItemLinked is returned when an action item is already tracked as another
	// commitment.
	ErrActionItemLinked = errors.New("minutes: action item already tracked as another commitment")
)

// Commitment links are metadata of the record, not its text: which commitment an action item
// became is set by the commitments area, on the current record whatever its status (a locked
// record too), without a new revision number, and no editor sets or clears it (Edit keeps the
// links of cur). The agreed text, its revision and version are unchanged, so nobody's open editor
// goes stale and nothing needs agreeing again. The service keeps each link change as a saved
// state of the history (action link_commitment), audited.

// FindActionItem returns the agenda item and the action item with id actionItemID, or
// ErrNoActionItem.
func FindActionItem(d *Document, actionItemID string) (*Item, *ActionItem, error) {
	if d != nil && actionItemID != "" {
		for i := range d.Items {
			for j := range d.Items[i].ActionItems {
				if d.Items[i].ActionItems[j].ID == actionItemID {
					return &d.Items[i], &d.Items[i].ActionItems[j], nil
				}
			}
		}
	}
	return nil, nil, ErrNoActionItem
}

// LinkCommitment returns a copy of cur in which action item actionItemID is tracked as commitment
// to ("" removes the link), provided its link is from now ("" for none): otherwise
// ErrActionItemLinked. Linking an item to the commitment it already names is allowed (no change).
// cur is not modified; revision, version, status and agreements stay as they are.
func LinkCommitment(cur *Document, actionItemID, from, to string) (*Document, error) {
	if cur == nil {
		return nil, errNoDocument
	}
	if _, a, err := FindActionItem(cur, actionItemID); err != nil {
		return nil, err
	} else if a.CommitmentID != from && a.CommitmentID != to {
		return nil, ErrActionItemLinked
	}
	next := cur.Clone()
	_, a, _ := FindActionItem(next, actionItemID)
	a.CommitmentID = to
	return next, nil
}

// keepLinks sets the commitment links of next's action items to those of the same ids in cur
// (clearing any a client sent), so an edit never changes which commitment an item became.
func keepLinks(cur, next *Document) {
	links := map[string]string{}
	for _, it := range cur.Items {
		for _, a := range it.ActionItems {
			if a.CommitmentID != "" {
				links[a.ID] = a.CommitmentID
			}
		}
	}
	for i := range next.Items {
		for j := range next.Items[i].ActionItems {
			a := &next.Items[i].ActionItems[j]
			a.CommitmentID = links[a.ID]
		}
	}
}
