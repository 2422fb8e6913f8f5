package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tracktwo/tracktwo/internal/screening"
	"github.com/tracktwo/tracktwo/internal/screening/watchlist"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Screening implements screening.Store.
type Screening struct{ db *DB }

// NewScreening returns the screening store.
func NewScreening(db *DB) *Screening { return &Screening{db: db} }

var _ screening.Store = (*Screening)(nil)

const (
	watchlistsTable       = "watchlists"
	watchlistImportsTable = "watchlist_imports"
	watchlistEntriesTable = "watchlist_entries"
)

type watchlistEntryRow struct {
	ImportID string
	Seq      int
	EntryID  string
	Kind     string
	Name     string
	Source   string
	Data     string
}

// EnsureWatchlist returns the list of the scope, creating it when absent.
func (s *Screening) EnsureWatchlist(ctx context.Context, orgID, listID, title, format string, now time.Time, newID func() string) (*screening.Watchlist, error) {
	var w screening.Watchlist
	err := s.db.read(ctx).Table(watchlistsTable).Where("scope_key = ? AND list_id = ?", orgID, listID).Take(&w).Error
	if err == nil {
		return &w, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, err
	}
	w = screening.Watchlist{ID: newID(), ScopeKey: orgID, ListID: listID, Title: title, Format: format, CreatedAt: now, UpdatedAt: now}
	if orgID != "" {
		w.OrgID = &orgID
	}
	err = s.db.write(ctx).Table(watchlistsTable).Create(&w).Error
	if isUnique(err) { // created meanwhile by another instance
		err = s.db.write(ctx).Table(watchlistsTable).Where("scope_key = ? AND list_id = ?", orgID, listID).Take(&w).Error
	}
	if err != nil {
		return nil, err
	}
	return &w, nil
}

// CreateImport records a staging import.
func (s *Screening) CreateImport(ctx context.Context, im *screening.Import) error {
	return s.db.write(ctx).Table(watchlistImportsTable).Create(im).Error
}

// StageEntries inserts a batch of staged entries in one transaction.
func (s *Screening) StageEntries(ctx context.Context, importID string, entries []screening.StoredEntry) error {
	rows := make([]watchlistEntryRow, len(entries))
	for i, e := range entries {
		data, err := json.Marshal(e.Entry)
		if err != nil {
			return err
		}
		rows[i] = watchlistEntryRow{ImportID: importID, Seq: e.Seq, EntryID: e.Entry.EntryID, Kind: e.Entry.Kind,
			Name: e.Entry.Name, Source: e.Entry.Source, Data: string(data)}
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		return s.db.write(ctx).Table(watchlistEntriesTable).CreateInBatches(rows, 100).Error
	})
}

// ActivateImport swaps a staged import in as the list's current one.
func (s *Screening) ActivateImport(ctx context.Context, w *screening.Watchlist, im *screening.Import, now time.Time) error {
	tx := s.db.write(ctx)
	var cur screening.Watchlist
	if err := tx.Table(watchlistsTable).Where("id = ?", w.ID).Take(&cur).Error; err != nil {
		return notFound(err, screening.ErrWatchlistNotFound)
	}
	if cur.CurrentImportID != nil {
		if err := tx.Exec("DELETE FROM watchlist_entries WHERE import_id = ?", *cur.CurrentImportID).Error; err != nil {
			return err
		}
		if err := tx.Table(watchlistImportsTable).Where("id = ?", *cur.CurrentImportID).
			Update("status", screening.ImportReplaced).Error; err != nil {
			return err
		}
	}
	if err := tx.Table(watchlistImportsTable).Where("id = ?", im.ID).Updates(map[string]any{
		"status": screening.ImportActive, "entries": im.Entries, "aliases": im.Aliases, "finished_at": now,
	}).Error; err != nil {
		return err
	}
	id := im.ID
	cur.CurrentImportID, cur.EntryCount, cur.Version, cur.ImportedAt, cur.UpdatedAt = &id, im.Entries, cur.Version+1, &now, now
	if err := tx.Table(watchlistsTable).Where("id = ?", w.ID).Updates(map[string]any{
		"current_import_id": id, "entry_count": im.Entries, "version": cur.Version, "imported_at": now, "updated_at": now,
	}).Error; err != nil {
		return err
	}
	im.Status, im.FinishedAt = screening.ImportActive, &now
	*w = cur
	return nil
}

// FailImport marks an import failed and drops its staged entries.
func (s *Screening) FailImport(ctx context.Context, importID, reason string, now time.Time) error {
	if len(reason) > 2000 {
		reason = reason[:2000]
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		if err := tx.Exec("DELETE FROM watchlist_entries WHERE import_id = ?", importID).Error; err != nil {
			return err
		}
		return tx.Table(watchlistImportsTable).Where("id = ? AND status = ?", importID, screening.ImportStaging).
			Updates(map[string]any{"status": screening.ImportFailed, "error": reason, "finished_at": now}).Error
	})
}

// VisibleWatchlists lists platform-wide lists and the caller's organization's lists.
func (s *Screening) VisibleWatchlists(ctx context.Context, sc tenant.Scope) ([]screening.Watchlist, error) {
	var out []screening.Watchlist
	err := s.db.read(ctx).Table(watchlistsTable).Where("scope_key = '' OR scope_key = ?", sc.OrgID).
		Order("scope_key, list_id").Find(&out).Error
	return out, err
}

// AllWatchlists lists every list (platform operation: building the index).
func (s *Screening) AllWatchlists(ctx context.Context) ([]screening.Watchlist, error) {
	var out []screening.Watchlist
	return out, s.db.read(ctx).Table(watchlistsTable).Order("id").Find(&out).Error
}

// EachEntry streams an import's entries in order, in pages (constant memory).
func (s *Screening) EachEntry(ctx context.Context, importID string, fn func(*watchlist.Entry) error) error {
	last := 0
	for {
		var rows []watchlistEntryRow
		if err := s.db.read(ctx).Table(watchlistEntriesTable).Where("import_id = ? AND seq > ?", importID, last).
			Order("seq").Limit(2000).Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			var e watchlist.Entry
			if err := json.Unmarshal([]byte(r.Data), &e); err != nil {
				return fmt.Errorf("watchlist entry %s/%d: %w", importID, r.Seq, err)
			}
			if err := fn(&e); err != nil {
				return err
			}
			last = r.Seq
		}
		if len(rows) < 2000 {
			return nil
		}
	}
}

// Imports lists a visible list's imports, newest first.
func (s *Screening) Imports(ctx context.Context, sc tenant.Scope, watchlistID string, limit int) ([]screening.Import, error) {
	var n int64
	if err := s.db.read(ctx).Table(watchlistsTable).Where("id = ? AND (scope_key = '' OR scope_key = ?)", watchlistID, sc.OrgID).
		Count(&n).Error; err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, screening.ErrWatchlistNotFound
	}
	var out []screening.Import
	return out, s.db.read(ctx).Table(watchlistImportsTable).Where("watchlist_id = ?", watchlistID).
		Order("started_at DESC, id DESC").Limit(limit).Find(&out).Error
}
