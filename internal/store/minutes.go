package store

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"github.com/tracktwo/tracktwo/internal/minutes"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Minutes implements minutes.Store.
type Minutes struct{ db *DB }

// NewMinutes returns the minutes store.
func NewMinutes(db *DB) *Minutes { return &Minutes{db: db} }

var _ minutes.Store = (*Minutes)(nil)

// convenesOn is the tenant condition of a table with a dialogue_id column: the caller's
// organization actively convenes the dialogue (a removed co-convener loses access at once).
func convenesOn(table string) string { return convenes(table + ".dialogue_id") }

type minutesRow struct {
	SessionID  string
	DialogueID string
	Seq        int
	Revision   int
	Version    int
	Status     string
	Document   string
	UpdatedBy  string
	UpdatedAt  time.Time
}

type minutesRevisionRow struct {
	ID          string
	SessionID   string
	Seq         int
	Revision    int
	Version     int
	Status      string
	Action      string
	Document    string
	AuthorID    string
	AuthorOrgID string
	CreatedAt   time.Time
	AuthorName  string `gorm:"->"`
}

// GetMinutes returns the current minutes of a session of a dialogue the caller convenes.
func (s *Minutes) GetMinutes(ctx context.Context, sc tenant.Scope, sessionID string) (*minutes.Record, error) {
	var row minutesRow
	err := s.db.read(ctx).Table("minutes").Where("session_id = ?", sessionID).
		Where(convenesOn("minutes"), sc.OrgID).Take(&row).Error
	if err != nil {
		return nil, notFound(err, minutes.ErrNotFound)
	}
	var d minutes.Document
	if err := json.Unmarshal([]byte(row.Document), &d); err != nil {
		return nil, err
	}
	return &minutes.Record{SessionID: row.SessionID, DialogueID: row.DialogueID, Seq: row.Seq, Doc: &d,
		UpdatedBy: row.UpdatedBy, UpdatedAt: row.UpdatedAt}, nil
}

// SaveMinutes writes the next state: an insert for the first save, else an update guarded by
// the previous seq (optimistic lock), plus the revision rows, in one transaction.
func (s *Minutes) SaveMinutes(ctx context.Context, sc tenant.Scope, rec *minutes.Record, prevSeq int, revs ...*minutes.Revision) error {
	doc, err := json.Marshal(rec.Doc)
	if err != nil {
		return err
	}
	row := minutesRow{SessionID: rec.SessionID, DialogueID: rec.DialogueID, Seq: rec.Seq, Revision: rec.Doc.Revision,
		Version: rec.Doc.Version, Status: string(rec.Doc.Status), Document: string(doc), UpdatedBy: rec.UpdatedBy, UpdatedAt: rec.UpdatedAt}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		if prevSeq == 0 {
			if err := tx.Table("minutes").Create(&row).Error; err != nil {
				if isUnique(err) {
					return minutes.ErrStale
				}
				return err
			}
		} else {
			res := tx.Table("minutes").Where("session_id = ? AND seq = ?", rec.SessionID, prevSeq).
				Where(convenesOn("minutes"), sc.OrgID).Updates(map[string]any{
				"seq": row.Seq, "revision": row.Revision, "version": row.Version, "status": row.Status,
				"document": row.Document, "updated_by": row.UpdatedBy, "updated_at": row.UpdatedAt})
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected != 1 {
				return minutes.ErrStale
			}
		}
		for _, r := range revs {
			d, err := json.Marshal(r.Doc)
			if err != nil {
				return err
			}
			rr := minutesRevisionRow{ID: r.ID, SessionID: r.SessionID, Seq: r.Seq, Revision: r.Revision, Version: r.Version,
				Status: string(r.Status), Action: string(r.Action), Document: string(d), AuthorID: r.AuthorID,
				AuthorOrgID: r.AuthorOrgID, CreatedAt: r.CreatedAt}
			if err := tx.Table("minutes_revisions").Create(&rr).Error; err != nil {
				if isUnique(err) {
					return minutes.ErrStale
				}
				return err
			}
		}
		return nil
	})
}

func (r *minutesRevisionRow) revision() minutes.Revision {
	return minutes.Revision{ID: r.ID, SessionID: r.SessionID, Seq: r.Seq, Revision: r.Revision, Version: r.Version,
		Status: minutes.Status(r.Status), Action: minutes.Action(r.Action), AuthorID: r.AuthorID, AuthorOrgID: r.AuthorOrgID,
		CreatedAt: r.CreatedAt}
}

// revisionsOf scopes minutes_revisions through the minutes row of the same session.
func (s *Minutes) revisionsOf(ctx context.Context, sc tenant.Scope, sessionID string) *gorm.DB {
	return s.db.read(ctx).Table("minutes_revisions mr").
		Joins("JOIN minutes ON minutes.session_id = mr.session_id").
		Where("mr.session_id = ?", sessionID).Where(convenesOn("minutes"), sc.OrgID)
}

// Revisions lists saved states, oldest first, with the author's name.
func (s *Minutes) Revisions(ctx context.Context, sc tenant.Scope, sessionID string) ([]minutes.Revision, error) {
	var rows []minutesRevisionRow
	err := s.revisionsOf(ctx, sc, sessionID).
		Select("mr.id, mr.session_id, mr.seq, mr.revision, mr.version, mr.status, mr.action, mr.author_id, mr.author_org_id, mr.created_at, COALESCE(u.name, '') AS author_name").
		Joins("LEFT JOIN users u ON u.id = mr.author_id").Order("mr.seq").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]minutes.Revision, len(rows))
	for i := range rows {
		out[i] = rows[i].revision()
		out[i].AuthorName = rows[i].AuthorName
	}
	return out, nil
}

// GetRevision returns one saved state with its document.
func (s *Minutes) GetRevision(ctx context.Context, sc tenant.Scope, sessionID string, seq int) (*minutes.Revision, error) {
	var row minutesRevisionRow
	err := s.revisionsOf(ctx, sc, sessionID).Select("mr.*").Where("mr.seq = ?", seq).Take(&row).Error
	if err != nil {
		return nil, notFound(err, minutes.ErrNotFound)
	}
	r := row.revision()
	var d minutes.Document
	if err := json.Unmarshal([]byte(row.Document), &d); err != nil {
		return nil, err
	}
	r.Doc = &d
	return &r, nil
}
