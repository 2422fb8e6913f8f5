package store

import (
	"context"
	"slices"

	"gorm.io/gorm"
)

// Revisions (migration 00010) are counters that move in the same transaction as every change to
// a set of tables, so a reader can tell with one indexed read whether something derived from
// those tables is still current, whichever process or server made the change.
const (
	// revSessionList moves with every change to sessions, dialogues and dialogue_orgs.
	revSessionList = "session_list"
)

type movedKey struct{}

// movedRevisions collects the revisions a transaction moves; InTx moves them just before the
// commit, so the counter row is locked only for the last statement (on PostgreSQL two
// transactions cannot deadlock over it while holding other rows).
type movedRevisions struct{ names []string }

func (m *movedRevisions) apply(tx *gorm.DB) error {
	if len(m.names) == 0 {
		return nil
	}
	return tx.Exec("UPDATE revisions SET value = value + 1 WHERE name IN ?", m.names).Error
}

// changing runs fn, a change to tables that revision name covers, in a transaction (the caller's,
// or one of its own) that also moves the revision.
func (d *DB) changing(ctx context.Context, name string, fn func(ctx context.Context) error) error {
	return d.InTx(ctx, func(ctx context.Context) error {
		if err := fn(ctx); err != nil {
			return err
		}
		if m, ok := ctx.Value(movedKey{}).(*movedRevisions); ok {
			if !slices.Contains(m.names, name) {
				m.names = append(m.names, name)
			}
			return nil
		}
		// A transaction InTx did not open (none does today): move the revision right away.
		return (&movedRevisions{names: []string{name}}).apply(d.write(ctx))
	})
}

// revision reads the current value of a revision (from a reader: the value committed last).
func (d *DB) revision(ctx context.Context, name string) (int64, error) {
	var v int64
	err := d.read(bounded(ctx)).Raw("SELECT value FROM revisions WHERE name = ?", name).Row().Scan(&v)
	return v, err
}

// SessionListRevision is the revision of everything a session list shows: it moves with every
// change to a session, a dialogue or a dialogue's conveners.
func (s *Dialogues) SessionListRevision(ctx context.Context) (int64, error) {
	return s.db.revision(ctx, revSessionList)
}
