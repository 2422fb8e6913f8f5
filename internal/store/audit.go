package store

import (
	"context"
	"errors"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Audit implements audit.Store.
type Audit struct{ db *DB }

// NewAudit returns the audit store.
func NewAudit(db *DB) *Audit { return &Audit{db: db} }

var _ audit.Store = (*Audit)(nil)

type auditHead struct {
	ID   int
	Seq  int64
	Hash string
}

// AppendAudit links e to the chain's head under a row lock and inserts it.
func (s *Audit) AppendAudit(ctx context.Context, e *audit.Event, hash func(string, *audit.Event) string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		head, err := s.lockHead(tx)
		if err != nil {
			return err
		}
		e.Seq, e.PrevHash = head.Seq+1, head.Hash
		e.Hash = hash(e.PrevHash, e)
		if err := tx.Table("audit_events").Create(e).Error; err != nil {
			return err
		}
		return moveHead(tx, head, e.Seq, e.Hash)
	})
}

// lockHead reads the chain's head, locking its row on PostgreSQL (SQLite's writer transaction is
// already exclusive).
func (s *Audit) lockHead(tx *gorm.DB) (auditHead, error) {
	var head auditHead
	q := tx.Table("audit_head").Where("id = 1")
	if s.db.dialect == Postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return head, q.Take(&head).Error
}

// moveHead moves the head from head to (seq, hash), failing if another append moved it first.
func moveHead(tx *gorm.DB, head auditHead, seq int64, hash string) error {
	res := tx.Table("audit_head").Where("id = 1 AND seq = ?", head.Seq).Updates(map[string]any{"seq": seq, "hash": hash})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return errors.New("audit: concurrent append lost the head")
	}
	return nil
}

// auditColumns are the columns of audit_events, in the order AppendAuditBatch writes them.
var auditColumns = []string{"seq", "id", "at", "org_id", "actor_id", "action", "outcome", "target_type", "target_id", "ip",
	"request_id", "details", "prev_hash", "hash"}

// AppendAuditBatch links es to the chain's head in order under one row lock and inserts them in
// multi-row INSERTs.
func (s *Audit) AppendAuditBatch(ctx context.Context, es []*audit.Event, hash func(string, *audit.Event) string) error {
	if len(es) == 0 {
		return nil
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		head, err := s.lockHead(tx)
		if err != nil {
			return err
		}
		ins, err := newBatchInsert(tx, "audit_events", auditColumns, 100, len(es))
		if err != nil {
			return err
		}
		seq, prev := head.Seq, head.Hash
		for _, e := range es {
			seq++
			e.Seq, e.PrevHash = seq, prev
			e.Hash = hash(e.PrevHash, e)
			prev = e.Hash
			if err := ins.add(e.Seq, e.ID, e.At, e.OrgID, e.ActorID, e.Action, e.Outcome, e.TargetType, e.TargetID, e.IP,
				e.RequestID, e.Details, e.PrevHash, e.Hash); err != nil {
				_ = ins.close()
				return err
			}
		}
		if err := ins.close(); err != nil {
			return err
		}
		return moveHead(tx, head, seq, prev)
	})
}

// AuditEvents returns events after seq in order.
func (s *Audit) AuditEvents(ctx context.Context, after int64, limit int) ([]audit.Event, error) {
	var out []audit.Event
	err := s.db.read(ctx).Table("audit_events").Where("seq > ?", after).Order("seq").Limit(limit).Find(&out).Error
	return out, err
}

// AuditHead returns the chain head.
func (s *Audit) AuditHead(ctx context.Context) (int64, string, error) {
	var head auditHead
	err := s.db.read(ctx).Table("audit_head").Where("id = 1").Take(&head).Error
	return head.Seq, head.Hash, err
}

// OrgAuditEvents lists one tenant's events, newest first.
func (s *Audit) OrgAuditEvents(ctx context.Context, sc tenant.Scope, before int64, limit int) ([]audit.Event, error) {
	var out []audit.Event
	q := s.db.read(ctx).Table("audit_events").Where("org_id = ?", sc.OrgID).Order("seq DESC").Limit(limit)
	if before > 0 {
		q = q.Where("seq < ?", before)
	}
	return out, q.Find(&out).Error
}
