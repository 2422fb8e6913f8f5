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

// commitmentsIn is commitments as the caller may see them. Dialogue and session titles are
// loaded afterwards for the page of rows (joining them here lets SQLite sort the whole table).
func (s *Commitments) commitmentsIn(ctx context.Context, sc tenant.Scope) *gorm.DB {
	return s.db.read(ctx).Table("commitments").Select("commitments.*").Where(convenedDialogues, sc.OrgID)
}

// convenedDialogues is the tenant condition of the register: the commitment's dialogue is one the
// caller's organization actively convenes. A list subquery (evaluated once) rather than a
// correlated EXISTS per row keeps the 10k-commitment register and its summary fast.
const convenedDialogues = "commitments.dialogue_id IN (SELECT m.dialogue_id FROM dialogue_orgs m WHERE m.org_id = ? AND m.status = 'active')"

// loadTitles fills the dialogue and session titles of rows.
func (s *Commitments) loadTitles(ctx context.Context, rows []commitment.Record) error {
	if len(rows) == 0 {
		return nil
	}
	dids, sids := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		dids[r.DialogueID], sids[r.SessionID] = true, true
	}
	type title struct{ ID, Title string }
	load := func(table string, ids map[string]bool) (map[string]string, error) {
		list := make([]string, 0, len(ids))
		for id := range ids {
			list = append(list, id)
		}
		var ts []title
		if err := s.db.read(ctx).Table(table).Select("id, title").Where("id IN ?", list).Find(&ts).Error; err != nil {
			return nil, err
		}
		out := make(map[string]string, len(ts))
		for _, t := range ts {
			out[t.ID] = t.Title
		}
		return out, nil
	}
	dt, err := load("dialogues", dids)
	if err != nil {
		return err
	}
	st, err := load("sessions", sids)
	if err != nil {
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
		if err := tx.Table("commitments").Omit("DialogueTitle", "SessionTitle").Create(c).Error; err != nil {
			return err
		}
		return s.setParties(tx, c)
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
	var ps []commitmentPartyRow
	if err := s.db.read(ctx).Table("commitment_parties").Where("commitment_id IN ?", ids).Order("commitment_id, position").Find(&ps).Error; err != nil {
		return err
	}
	for _, p := range ps {
		r := &rows[idx[p.CommitmentID]]
		r.Parties = append(r.Parties, p.Party)
	}
	return nil
}

// GetCommitment returns a commitment of a dialogue the caller convenes.
func (s *Commitments) GetCommitment(ctx context.Context, sc tenant.Scope, id string) (*commitment.Record, error) {
	var r commitment.Record
	if err := s.commitmentsIn(ctx, sc).Where("commitments.id = ?", id).Take(&r).Error; err != nil {
		return nil, notFound(err, commitment.ErrNotFound)
	}
	rows := []commitment.Record{r}
	if err := s.loadParties(ctx, rows); err != nil {
		return nil, err
	}
	if err := s.loadTitles(ctx, rows); err != nil {
		return nil, err
	}
	return &rows[0], nil
}

// UpdateCommitment saves a commitment's fields and parties.
func (s *Commitments) UpdateCommitment(ctx context.Context, sc tenant.Scope, c *commitment.Record) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		res := tx.Table("commitments").Where("id = ?", c.ID).Where(convenesOn("commitments"), sc.OrgID).Updates(map[string]any{
			"action_item_id": c.ActionItemID, "title_en": c.TitleEN, "title_zh": c.TitleZH, "text_en": c.TextEN,
			"text_zh": c.TextZH, "owner": c.Owner, "due_date": c.Due, "verifiability": c.Verifiability, "updated_at": c.UpdatedAt})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return commitment.ErrNotFound
		}
		return s.setParties(tx, c)
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
	switch f.Status {
	case "":
	case "unassessed":
		q = q.Where("commitments.progress = ''")
	default:
		q = q.Where("commitments.progress = ?", f.Status)
	}
	if f.Overdue {
		q = q.Where("commitments.due_date <> '' AND commitments.due_date < ? AND commitments.progress <> 'complete'", f.Today)
	}
	if f.DueBy != "" {
		q = q.Where("commitments.due_date <> '' AND commitments.due_date <= ? AND commitments.progress <> 'complete'", f.DueBy)
	}
	return q
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
	var rows []commitment.Record
	if err := q.Find(&rows).Error; err != nil {
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
			Updates(map[string]any{"progress": string(cur.Progress), "stage": string(cur.Stage), "assessed_at": cur.AssessedAt, "updated_at": a.CreatedAt})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return commitment.ErrNotFound
		}
		if err := tx.Table("commitment_assessments").Create(&row).Error; err != nil {
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

// PartyTotals aggregates the scores in force per party over the filtered commitments.
func (s *Commitments) PartyTotals(ctx context.Context, sc tenant.Scope, f commitment.Filter) ([]commitment.PartyTotals, error) {
	q := s.db.read(ctx).Table("commitment_parties cp").Joins("JOIN commitments ON commitments.id = cp.commitment_id").
		Where(convenedDialogues, sc.OrgID)
	var out []commitment.PartyTotals
	err := applyFilter(q, f).
		Select(`cp.party AS party, COUNT(cp.score) AS assessed,
			SUM(CASE WHEN cp.score = 1 THEN 1 ELSE 0 END) AS "full",
			SUM(CASE WHEN cp.score = 0 THEN 1 ELSE 0 END) AS partial,
			SUM(CASE WHEN cp.score = -1 THEN 1 ELSE 0 END) AS non`).
		Group("cp.party").Order("cp.party").Scan(&out).Error
	return out, err
}
