package store

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"github.com/tracktwo/tracktwo/internal/commitment"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Commitments implements commitment.Store.
type Commitments struct{ db *DB }

// NewCommitments returns the commitment store.
func NewCommitments(db *DB) *Commitments { return &Commitments{db: db} }

var _ commitment.Store = (*Commitments)(nil)

type commitmentPartyRow struct {
	CommitmentID string
	Party        string
	Position     int
	Score        *int
}

type assessmentRow struct {
	ID                string
	CommitmentID      string
	OrgID             string
	Stage             string
	Progress          string
	Compliance        string
	Evidence          string
	EvidenceLinks     string
	Assessor          string
	AssessedAt        time.Time
	Supersedes        string
	RecalibrateReason string
	RecordedBy        string
	CreatedAt         time.Time
}

// commitmentsIn is commitments as the caller may see them, with the columns scanCommitments reads.
// Dialogue and session titles are loaded afterwards for the page of rows (joining them here lets
// SQLite sort the whole table).
func (s *Commitments) commitmentsIn(ctx context.Context, sc tenant.Scope) *gorm.DB {
	return s.db.read(ctx).Table("commitments").Select(commitmentColumns).Where(convenedDialogues, sc.OrgID)
}

// convenedDialogues is the tenant condition of the register: the commitment's dialogue is one the
// caller's organization actively convenes. A list subquery (evaluated once) rather than a
// correlated EXISTS per row keeps the 10k-commitment register and its summary fast.
const convenedDialogues = "commitments.dialogue_id IN (SELECT m.dialogue_id FROM dialogue_orgs m WHERE m.org_id = ? AND m.status = 'active')"

// commitmentColumns are the columns scanCommitments reads, in its order.
const commitmentColumns = "commitments.id, commitments.org_id, commitments.dialogue_id, commitments.session_id, " +
	"commitments.action_item_id, commitments.title_en, commitments.title_zh, commitments.text_en, commitments.text_zh, " +
	"commitments.owner, commitments.due_date, commitments.verifiability, commitments.progress, commitments.stage, " +
	"commitments.assessed_at, commitments.created_by, commitments.created_at, commitments.updated_at, " +
	"commitments.withdrawn_at, commitments.withdrawn_by, commitments.withdrawn_reason"

// scanCommitments scans rows of commitmentColumns by hand: gorm's reflective scan cost more than
// the query itself on a 50-row page of the register (profile in docs/benchmarks/exports.md).
func scanCommitments(q *gorm.DB) ([]commitment.Record, error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []commitment.Record{}
	for rows.Next() {
		out = append(out, commitment.Record{})
		r := &out[len(out)-1]
		if err := rows.Scan(&r.ID, &r.OrgID, &r.DialogueID, &r.SessionID, &r.ActionItemID, &r.TitleEN, &r.TitleZH, &r.TextEN,
			&r.TextZH, &r.Owner, &r.Due, &r.Verifiability, &r.Progress, &r.Stage, &r.AssessedAt, &r.CreatedBy, &r.CreatedAt,
			&r.UpdatedAt, &r.WithdrawnAt, &r.WithdrawnBy, &r.WithdrawnReason); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// loadTitles fills the dialogue and session titles of rows (one statement for both).
func (s *Commitments) loadTitles(ctx context.Context, rows []commitment.Record) error {
	if len(rows) == 0 {
		return nil
	}
	dset, sset := map[string]bool{}, map[string]bool{}
	var dids, sids []string
	for _, r := range rows {
		if !dset[r.DialogueID] {
			dset[r.DialogueID] = true
			dids = append(dids, r.DialogueID)
		}
		if !sset[r.SessionID] {
			sset[r.SessionID] = true
			sids = append(sids, r.SessionID)
		}
	}
	res, err := s.db.read(ctx).Raw("SELECT 'd', id, title FROM dialogues WHERE id IN ? UNION ALL SELECT 's', id, title FROM sessions WHERE id IN ?",
		dids, sids).Rows()
	if err != nil {
		return err
	}
	defer res.Close()
	dt, st := map[string]string{}, map[string]string{}
	for res.Next() {
		var kind, id, title string
		if err := res.Scan(&kind, &id, &title); err != nil {
			return err
		}
		if kind == "d" {
			dt[id] = title
		} else {
			st[id] = title
		}
	}
	if err := res.Err(); err != nil {
		return err
	}
	for i := range rows {
		rows[i].DialogueTitle, rows[i].SessionTitle = dt[rows[i].DialogueID], st[rows[i].SessionID]
	}
	return nil
}

// CreateCommitment inserts a commitment and its parties.
func (s *Commitments) CreateCommitment(ctx context.Context, sc tenant.Scope, c *commitment.Record) error {
	c.OrgID = sc.OrgID
	return s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		return withTotals(tx, c.ID, func() error {
			if err := tx.Table("commitments").Omit("DialogueTitle", "SessionTitle").Create(c).Error; err != nil {
				return err
			}
			return s.setParties(tx, c)
		})
	})
}

func (s *Commitments) setParties(tx *gorm.DB, c *commitment.Record) error {
	var old []commitmentPartyRow
	if err := tx.Table("commitment_parties").Where("commitment_id = ?", c.ID).Find(&old).Error; err != nil {
		return err
	}
	scores := map[string]*int{}
	for _, o := range old {
		scores[o.Party] = o.Score
	}
	if err := tx.Table("commitment_parties").Where("commitment_id = ?", c.ID).Delete(&commitmentPartyRow{}).Error; err != nil {
		return err
	}
	for i, p := range c.Parties {
		if err := tx.Table("commitment_parties").Create(&commitmentPartyRow{CommitmentID: c.ID, Party: p, Position: i, Score: scores[p]}).Error; err != nil {
			return err
		}
	}
	return nil
}

func (s *Commitments) loadParties(ctx context.Context, rows []commitment.Record) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]string, len(rows))
	idx := map[string]int{}
	for i := range rows {
		ids[i] = rows[i].ID
		idx[rows[i].ID] = i
		rows[i].Parties = []string{}
	}
	res, err := s.db.read(ctx).Raw("SELECT commitment_id, party FROM commitment_parties WHERE commitment_id IN ? ORDER BY commitment_id, position", ids).Rows()
	if err != nil {
		return err
	}
	defer res.Close()
	for res.Next() {
		var cid, party string
		if err := res.Scan(&cid, &party); err != nil {
			return err
		}
		r := &rows[idx[cid]]
		r.Parties = append(r.Parties, party)
	}
	return res.Err()
}

// GetCommitment returns a commitment of a dialogue the caller convenes.
func (s *Commitments) GetCommitment(ctx context.Context, sc tenant.Scope, id string) (*commitment.Record, error) {
	rows, err := scanCommitments(s.commitmentsIn(ctx, sc).Where("commitments.id = ?", id).Limit(1))
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, commitment.ErrNotFound
	}
	if err := s.loadParties(ctx, rows); err != nil {
		return nil, err
	}
	if err := s.loadTitles(ctx, rows); err != nil {
		return nil, err
	}
	if r := &rows[0]; r.WithdrawnBy != "" {
		var names []string
		if err := s.db.read(ctx).Raw("SELECT name FROM users WHERE id = ?", r.WithdrawnBy).Scan(&names).Error; err != nil {
			return nil, err
		}
		if len(names) == 1 {
			r.WithdrawnByName = names[0]
		}
	}
	return &rows[0], nil
}

// UpdateCommitment saves a commitment's fields and parties.
func (s *Commitments) UpdateCommitment(ctx context.Context, sc tenant.Scope, c *commitment.Record) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		res := tx.Table("commitments").Where("id = ?", c.ID).Where(convenesOn("commitments"), sc.OrgID).
			Where("commitments.withdrawn_at IS NULL").Updates(map[string]any{
			"action_item_id": c.ActionItemID, "title_en": c.TitleEN, "title_zh": c.TitleZH, "text_en": c.TextEN,
			"text_zh": c.TextZH, "owner": c.Owner, "due_date": c.Due, "verifiability": c.Verifiability, "updated_at": c.UpdatedAt})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return s.notInForce(tx, sc, c.ID)
		}
		return withTotals(tx, c.ID, func() error { return s.setParties(tx, c) })
	})
}

// notInForce explains why a write to a commitment in force touched no row: ErrWithdrawn when the
// caller sees it withdrawn (withdrawn meanwhile), else ErrNotFound.
func (s *Commitments) notInForce(tx *gorm.DB, sc tenant.Scope, id string) error {
	var n int64
	err := tx.Table("commitments").Where("id = ? AND withdrawn_at IS NOT NULL", id).Where(convenesOn("commitments"), sc.OrgID).Count(&n).Error
	switch {
	case err != nil:
		return err
	case n > 0:
		return commitment.ErrWithdrawn
	}
	return commitment.ErrNotFound
}

// SetWithdrawal withdraws a commitment in force (w non-nil) or reinstates a withdrawn one, through
// withTotals: the per-party totals count only commitments in force (totalsOf), so the write
// subtracts the commitment's contribution or adds it back, in the same transaction.
func (s *Commitments) SetWithdrawal(ctx context.Context, sc tenant.Scope, id string, w *commitment.Withdrawal) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		return withTotals(tx, id, func() error {
			q := tx.Table("commitments").Where("id = ?", id).Where(convenesOn("commitments"), sc.OrgID)
			var res *gorm.DB
			if w != nil {
				res = q.Where("withdrawn_at IS NULL").Updates(map[string]any{"withdrawn_at": w.At, "withdrawn_by": w.By,
					"withdrawn_reason": w.Reason, "updated_at": w.At})
			} else {
				res = q.Where("withdrawn_at IS NOT NULL").Updates(map[string]any{"withdrawn_at": nil, "withdrawn_by": "",
					"withdrawn_reason": ""})
			}
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 1 {
				return nil
			}
			if w == nil {
				return commitment.ErrNotWithdrawn
			}
			return s.notInForce(tx, sc, id)
		})
	})
}

func (s *Commitments) filtered(ctx context.Context, sc tenant.Scope, f commitment.Filter) *gorm.DB {
	return applyFilter(s.commitmentsIn(ctx, sc), f)
}

// applyFilter adds the register's filters to a query over commitments.
func applyFilter(q *gorm.DB, f commitment.Filter) *gorm.DB {
	if f.DialogueID != "" {
		q = q.Where("commitments.dialogue_id = ?", f.DialogueID)
	}
	if f.Party != "" {
		q = q.Where("EXISTS (SELECT 1 FROM commitment_parties cpf WHERE cpf.commitment_id = commitments.id AND cpf.party = ?)", f.Party)
	}
	if f.Withdrawn {
		q = q.Where("commitments.withdrawn_at IS NOT NULL")
	} else {
		q = q.Where("commitments.withdrawn_at IS NULL")
	}
	q = whereProgress(q, "commitments.progress", f.Status)
	if f.Overdue {
		q = q.Where("commitments.due_date <> '' AND commitments.due_date < ? AND commitments.progress <> 'complete'", f.Today)
	}
	if f.DueBy != "" {
		q = q.Where("commitments.due_date <> '' AND commitments.due_date <= ? AND commitments.progress <> 'complete'", f.DueBy)
	}
	return q
}

// whereProgress adds the register's status filter (a progress level, or "unassessed") on column.
func whereProgress(q *gorm.DB, column, status string) *gorm.DB {
	switch status {
	case "":
		return q
	case "unassessed":
		return q.Where(column + " = ''")
	}
	return q.Where(column+" = ?", status)
}

// ListCommitments lists the register by id after the cursor (due-date order for DueBy).
func (s *Commitments) ListCommitments(ctx context.Context, sc tenant.Scope, f commitment.Filter) ([]commitment.Record, error) {
	ctx = bounded(ctx) // a page (and its titles and parties): not worth a goroutine per row
	q := s.filtered(ctx, sc, f).Limit(f.Limit + 1)
	if f.DueBy != "" {
		q = q.Order("commitments.due_date, commitments.id")
	} else {
		q = q.Order("commitments.id")
	}
	if f.After != "" {
		q = q.Where("commitments.id > ?", f.After)
	}
	rows, err := scanCommitments(q)
	if err != nil {
		return nil, err
	}
	if err := s.loadTitles(ctx, rows); err != nil {
		return nil, err
	}
	return rows, s.loadParties(ctx, rows)
}

// AddAssessment appends an assessment and sets the state in force.
func (s *Commitments) AddAssessment(ctx context.Context, sc tenant.Scope, a *commitment.Stored, cur *commitment.Assessment) error {
	comp, err := json.Marshal(a.Compliance)
	if err != nil {
		return err
	}
	links, err := json.Marshal(a.EvidenceLinks)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		row := assessmentRow{ID: a.ID, CommitmentID: a.CommitmentID, OrgID: sc.OrgID, Stage: string(a.Stage), Progress: string(a.Progress),
			Compliance: string(comp), Evidence: a.Evidence, EvidenceLinks: string(links), Assessor: a.Assessor, AssessedAt: a.AssessedAt,
			Supersedes: a.Supersedes, RecalibrateReason: a.RecalibrateReason, RecordedBy: a.RecordedBy, CreatedAt: a.CreatedAt}
		res := tx.Table("commitments").Where("id = ?", a.CommitmentID).Where(convenesOn("commitments"), sc.OrgID).
			Where("commitments.withdrawn_at IS NULL").Updates(map[string]any{"updated_at": a.CreatedAt})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return s.notInForce(tx, sc, a.CommitmentID)
		}
		if err := tx.Table("commitment_assessments").Create(&row).Error; err != nil {
			return err
		}
		return withTotals(tx, a.CommitmentID, func() error {
			if err := tx.Table("commitments").Where("id = ?", a.CommitmentID).
				Updates(map[string]any{"progress": string(cur.Progress), "stage": string(cur.Stage), "assessed_at": cur.AssessedAt}).Error; err != nil {
				return err
			}
			if err := tx.Table("commitment_parties").Where("commitment_id = ?", a.CommitmentID).Update("score", nil).Error; err != nil {
				return err
			}
			for _, ps := range cur.Compliance {
				if err := tx.Table("commitment_parties").Where("commitment_id = ? AND party = ?", a.CommitmentID, ps.Party).
					Update("score", int(ps.Score)).Error; err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// Assessments lists a commitment's assessments, oldest first.
func (s *Commitments) Assessments(ctx context.Context, sc tenant.Scope, commitmentID string) ([]commitment.Stored, error) {
	var rows []assessmentRow
	err := s.db.read(ctx).Table("commitment_assessments ca").Select("ca.*").
		Joins("JOIN commitments ON commitments.id = ca.commitment_id").
		Where("ca.commitment_id = ?", commitmentID).Where(convenesOn("commitments"), sc.OrgID).
		Order("ca.assessed_at, ca.id").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]commitment.Stored, len(rows))
	for i, r := range rows {
		st := commitment.Stored{Assessment: commitment.Assessment{ID: r.ID, CommitmentID: r.CommitmentID, Stage: commitment.Stage(r.Stage),
			Progress: commitment.Progress(r.Progress), Evidence: r.Evidence, Assessor: r.Assessor, AssessedAt: r.AssessedAt.UTC(),
			Supersedes: r.Supersedes, RecalibrateReason: r.RecalibrateReason}, RecordedBy: r.RecordedBy, CreatedAt: r.CreatedAt}
		if err := json.Unmarshal([]byte(r.Compliance), &st.Compliance); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(r.EvidenceLinks), &st.EvidenceLinks); err != nil {
			return nil, err
		}
		out[i] = st
	}
	return out, nil
}
