package store

import (
	"context"
	"encoding/json"
	"errors"

	"gorm.io/gorm"

	"github.com/tracktwo/tracktwo/internal/paper"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Papers implements paper.Store.
type Papers struct{ db *DB }

// NewPapers returns the paper store.
func NewPapers(db *DB) *Papers { return &Papers{db: db} }

var _ paper.Store = (*Papers)(nil)

// paperMember is the clause "the caller's organization actively convenes the paper's dialogue
// and may see its session" for papers aliased p: args (org, org).
const paperMember = "(EXISTS (SELECT 1 FROM dialogue_orgs m WHERE m.dialogue_id = p.dialogue_id AND m.org_id = ? AND m.status = 'active')" +
	" AND EXISTS (SELECT 1 FROM sessions ps WHERE ps.id = p.session_id AND (ps.status <> 'draft' OR ps.org_id = ?)))"

// paperVisible adds published papers (both the authors and a convener marked them public).
const paperVisible = "(" + paperMember + " OR (p.public_by_authors AND p.public_by_conveners))"

// Session returns a session the caller's organization actively convenes and may see.
func (s *Papers) Session(ctx context.Context, sc tenant.Scope, id string) (*paper.SessionInfo, error) {
	var se paper.SessionInfo
	err := s.db.read(ctx).Table("sessions s").Select("s.id, s.dialogue_id, s.org_id, s.title, s.title_zh, s.status").
		Where("s.id = ?", id).
		Where("EXISTS (SELECT 1 FROM dialogue_orgs m WHERE m.dialogue_id = s.dialogue_id AND m.org_id = ? AND m.status = 'active') AND (s.status <> 'draft' OR s.org_id = ?)", sc.OrgID, sc.OrgID).
		Take(&se).Error
	if err != nil {
		return nil, notFound(err, paper.ErrSessionNotFound)
	}
	err = s.db.read(ctx).Table("dialogue_orgs").Where("dialogue_id = ? AND status = 'active'", se.DialogueID).
		Order("created_at, id").Pluck("org_id", &se.ConvenerOrgIDs).Error
	return &se, err
}

// sessionMemberOf is the clause "the caller's organization actively convenes the session whose id
// is in col, and may see it": args (org, org).
func sessionMemberOf(col string) string {
	return "EXISTS (SELECT 1 FROM sessions ss JOIN dialogue_orgs sm ON sm.dialogue_id = ss.dialogue_id AND sm.org_id = ? AND sm.status = 'active'" +
		" WHERE ss.id = " + col + " AND (ss.status <> 'draft' OR ss.org_id = ?))"
}

// paperMemberOf is the clause "the paper whose id is in col belongs to a session the caller's
// organization convenes" (the right to change it): args (org, org).
func paperMemberOf(col string) string {
	return "EXISTS (SELECT 1 FROM papers p WHERE p.id = " + col + " AND " + paperMember + ")"
}

// paperVisibleOf is the clause "the paper whose id is in col is visible to the caller": args (org, org).
func paperVisibleOf(col string) string {
	return "EXISTS (SELECT 1 FROM papers p WHERE p.id = " + col + " AND " + paperVisible + ")"
}

// sharesDialogue is the clause "the organization in col actively convenes a dialogue with the
// caller's organization": args (org).
func sharesDialogue(col string) string {
	return col + " IN (SELECT m2.org_id FROM dialogue_orgs m1 JOIN dialogue_orgs m2 ON m2.dialogue_id = m1.dialogue_id AND m2.status = 'active'" +
		" WHERE m1.org_id = ? AND m1.status = 'active')"
}

// guard answers paper.ErrNotFound unless the clause holds, inside the caller's transaction. It
// scopes inserts, which cannot carry a WHERE of their own.
func (s *Papers) guard(ctx context.Context, clause string, args ...any) error {
	var ok bool
	err := s.db.write(ctx).Raw("SELECT "+clause, args...).Row().Scan(&ok)
	if err != nil {
		return err
	}
	if !ok {
		return paper.ErrNotFound
	}
	return nil
}

// Call returns a session's call for papers, or nil. The caller sees it when its organization
// convenes the session or the session has a published paper.
func (s *Papers) Call(ctx context.Context, sc tenant.Scope, sessionID string) (*paper.Call, error) {
	var c paper.Call
	err := s.db.read(ctx).Table("paper_calls").Where("session_id = ?", sessionID).
		Where("("+sessionMemberOf("paper_calls.session_id")+
			" OR EXISTS (SELECT 1 FROM papers pp WHERE pp.session_id = paper_calls.session_id AND pp.public_by_authors AND pp.public_by_conveners))",
			sc.OrgID, sc.OrgID).
		Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &c, err
}

// SaveCall inserts or updates a call for papers of a session the caller convenes.
func (s *Papers) SaveCall(ctx context.Context, sc tenant.Scope, c *paper.Call) error {
	if err := s.guard(ctx, sessionMemberOf("?"), sc.OrgID, c.SessionID, sc.OrgID); err != nil {
		return err
	}
	return s.db.write(ctx).Table("paper_calls").Save(c).Error
}

// CreatePaper inserts a paper into a session the caller convenes.
func (s *Papers) CreatePaper(ctx context.Context, sc tenant.Scope, p *paper.Paper) error {
	if err := s.guard(ctx, sessionMemberOf("?"), sc.OrgID, p.SessionID, sc.OrgID); err != nil {
		return err
	}
	return s.db.write(ctx).Table("papers").Create(p).Error
}

type paperRow struct {
	paper.Paper `gorm:"embedded"`
	CallBlind   bool
	IsReviewer  bool
}

func (s *Papers) papers(ctx context.Context, sc tenant.Scope) *gorm.DB {
	return s.db.read(ctx).Table("papers p").
		Select("p.*, se.title AS session_title, se.title_zh AS session_title_zh, "+
			"CASE WHEN "+paperMember+" THEN 1 ELSE 0 END AS member, "+
			"COALESCE(c.blind, FALSE) AS call_blind, "+
			"CASE WHEN EXISTS (SELECT 1 FROM paper_reviewers r WHERE r.paper_id = p.id AND r.user_id = ? AND r.status = 'assigned') THEN 1 ELSE 0 END AS is_reviewer",
			sc.OrgID, sc.OrgID, sc.UserID).
		Joins("JOIN sessions se ON se.id = p.session_id").
		Joins("LEFT JOIN paper_calls c ON c.session_id = p.session_id").
		Where(paperVisible, sc.OrgID, sc.OrgID)
}

func (r *paperRow) out() paper.Paper {
	p := r.Paper
	p.Blind = r.CallBlind
	p.Viewer.Member = p.Member
	p.Viewer.Reviewer = r.IsReviewer
	if p.Keywords == nil {
		p.Keywords = []string{}
	}
	return p
}

// GetPaper returns a paper visible to the caller.
func (s *Papers) GetPaper(ctx context.Context, sc tenant.Scope, id string) (*paper.Paper, error) {
	var r paperRow
	if err := s.papers(ctx, sc).Where("p.id = ?", id).Take(&r).Error; err != nil {
		return nil, notFound(err, paper.ErrNotFound)
	}
	p := r.out()
	return &p, nil
}

// ListPapers lists visible papers by id after the cursor.
func (s *Papers) ListPapers(ctx context.Context, sc tenant.Scope, f paper.Filter) ([]paper.Paper, error) {
	q := s.papers(ctx, sc).Order("p.id").Limit(f.Limit)
	if f.SessionID != "" {
		q = q.Where("p.session_id = ?", f.SessionID)
	}
	if f.Mine {
		q = q.Where("(p.submitted_by = ? OR EXISTS (SELECT 1 FROM paper_reviewers r2 WHERE r2.paper_id = p.id AND r2.user_id = ? AND r2.status = 'assigned'))", sc.UserID, sc.UserID)
	}
	if f.Status != "" {
		q = q.Where("p.status = ?", f.Status)
	}
	if f.After != "" {
		q = q.Where("p.id > ?", f.After)
	}
	var rows []paperRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]paper.Paper, 0, len(rows))
	for i := range rows {
		out = append(out, rows[i].out())
	}
	return out, nil
}

// UpdatePaper saves the changeable fields of a paper of a session the caller convenes.
func (s *Papers) UpdatePaper(ctx context.Context, sc tenant.Scope, p *paper.Paper) error {
	res := s.db.write(ctx).Table("papers").Where("id = ?", p.ID).Where(paperMemberOf("?"), p.ID, sc.OrgID, sc.OrgID).Updates(map[string]any{
		"title": p.Title, "title_zh": p.TitleZH, "abstract": p.Abstract, "abstract_zh": p.AbstractZH, "language": p.Language,
		"keywords": jsonText(p.Keywords), "status": p.Status, "decision_note": p.DecisionNote, "decided_at": p.DecidedAt,
		"public_by_authors": p.PublicByAuthors, "public_by_conveners": p.PublicByConveners,
		"current_version": p.CurrentVersion, "updated_at": p.UpdatedAt,
	})
	if res.Error == nil && res.RowsAffected == 0 {
		return paper.ErrNotFound
	}
	return res.Error
}

// SetAuthors replaces a paper's authors.
func (s *Papers) SetAuthors(ctx context.Context, sc tenant.Scope, paperID string, as []paper.Author) error {
	if err := s.guard(ctx, paperMemberOf("?"), paperID, sc.OrgID, sc.OrgID); err != nil {
		return err
	}
	tx := s.db.write(ctx)
	if err := tx.Table("paper_authors").Where("paper_id = ?", paperID).Delete(nil).Error; err != nil {
		return err
	}
	if len(as) == 0 {
		return nil
	}
	return tx.Table("paper_authors").Create(&as).Error
}

// Authors lists the authors of the papers, in order.
func (s *Papers) Authors(ctx context.Context, sc tenant.Scope, paperIDs []string) ([]paper.Author, error) {
	var out []paper.Author
	err := s.db.read(ctx).Table("paper_authors").Where("paper_id IN ?", paperIDs).
		Where(paperVisibleOf("paper_authors.paper_id"), sc.OrgID, sc.OrgID).Order("paper_id, position").Find(&out).Error
	return out, err
}

// Participants returns the attendees among ids of a session the caller convenes.
func (s *Papers) Participants(ctx context.Context, sc tenant.Scope, sessionID string, ids []string) ([]paper.ParticipantInfo, error) {
	var out []paper.ParticipantInfo
	err := s.db.read(ctx).Table("participants p").
		Select("p.id, p.org_id, p.name_latin AS name, p.name_native, p.email").
		Joins("JOIN attendees a ON a.participant_id = p.id AND a.session_id = ?", sessionID).
		Where("p.id IN ?", ids).Where(sessionMemberOf("a.session_id"), sc.OrgID, sc.OrgID).Find(&out).Error
	return out, err
}

// AddVersion inserts a version of a paper of a session the caller convenes.
func (s *Papers) AddVersion(ctx context.Context, sc tenant.Scope, v *paper.Version) error {
	if err := s.guard(ctx, paperMemberOf("?"), v.PaperID, sc.OrgID, sc.OrgID); err != nil {
		return err
	}
	return s.db.write(ctx).Table("paper_versions").Create(v).Error
}

// Versions lists a paper's versions, oldest first, with the uploader's name.
func (s *Papers) Versions(ctx context.Context, sc tenant.Scope, paperID string) ([]paper.Version, error) {
	var out []paper.Version
	err := s.db.read(ctx).Table("paper_versions v").Select("v.*, u.name AS uploader").
		Joins("LEFT JOIN users u ON u.id = v.uploaded_by").
		Where("v.paper_id = ?", paperID).Where(paperVisibleOf("v.paper_id"), sc.OrgID, sc.OrgID).Order("v.number").Find(&out).Error
	return out, err
}

// OrgUsage sums the bytes the caller's organization uploaded.
func (s *Papers) OrgUsage(ctx context.Context, sc tenant.Scope) (int64, error) {
	var n int64
	err := s.db.read(ctx).Table("paper_versions").Where("org_id = ?", sc.OrgID).Select("COALESCE(SUM(size), 0)").Row().Scan(&n)
	return n, err
}

// Users lists the enabled users of orgIDs by name, among the organizations that convene a
// dialogue with the caller's.
func (s *Papers) Users(ctx context.Context, sc tenant.Scope, orgIDs []string) ([]paper.UserInfo, error) {
	var out []paper.UserInfo
	if len(orgIDs) == 0 {
		return out, nil
	}
	err := s.db.read(ctx).Table("users").Select("id, org_id, email, name").
		Where("org_id IN ? AND disabled_at IS NULL", orgIDs).Where(sharesDialogue("users.org_id"), sc.OrgID).Order("name, id").Limit(1000).Find(&out).Error
	return out, err
}

// Member returns an enabled user of one of orgIDs, among the organizations that convene a
// dialogue with the caller's, or nil.
func (s *Papers) Member(ctx context.Context, sc tenant.Scope, userID string, orgIDs []string) (*paper.UserInfo, error) {
	if userID == "" || len(orgIDs) == 0 {
		return nil, nil
	}
	var u paper.UserInfo
	err := s.db.read(ctx).Table("users").Select("id, org_id, email, name").
		Where("id = ? AND org_id IN ? AND disabled_at IS NULL", userID, orgIDs).Where(sharesDialogue("users.org_id"), sc.OrgID).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &u, err
}

// Reviewers lists a paper's assignments and declared conflicts.
func (s *Papers) Reviewers(ctx context.Context, sc tenant.Scope, paperID string) ([]paper.Reviewer, error) {
	var out []paper.Reviewer
	err := s.db.read(ctx).Table("paper_reviewers r").Select("r.*, u.name AS name").
		Joins("LEFT JOIN users u ON u.id = r.user_id").
		Where("r.paper_id = ?", paperID).Where(paperVisibleOf("r.paper_id"), sc.OrgID, sc.OrgID).Order("r.created_at, r.id").Find(&out).Error
	return out, err
}

// SaveReviewer inserts or updates an assignment on a paper of a session the caller convenes.
func (s *Papers) SaveReviewer(ctx context.Context, sc tenant.Scope, r *paper.Reviewer) error {
	if err := s.guard(ctx, paperMemberOf("?"), r.PaperID, sc.OrgID, sc.OrgID); err != nil {
		return err
	}
	return s.db.write(ctx).Table("paper_reviewers").Save(r).Error
}

// Reviews lists a paper's reviews with the reviewers' names.
func (s *Papers) Reviews(ctx context.Context, sc tenant.Scope, paperID string) ([]paper.Review, error) {
	var out []paper.Review
	err := s.db.read(ctx).Table("paper_reviews r").Select("r.*, u.name AS reviewer_name").
		Joins("LEFT JOIN users u ON u.id = r.reviewer_id").
		Where("r.paper_id = ?", paperID).Where(paperVisibleOf("r.paper_id"), sc.OrgID, sc.OrgID).Order("r.version, r.created_at, r.id").Find(&out).Error
	return out, err
}

// SaveReview inserts or updates a review of a paper of a session the caller convenes.
func (s *Papers) SaveReview(ctx context.Context, sc tenant.Scope, r *paper.Review) error {
	if err := s.guard(ctx, paperMemberOf("?"), r.PaperID, sc.OrgID, sc.OrgID); err != nil {
		return err
	}
	return s.db.write(ctx).Table("paper_reviews").Save(r).Error
}

// AddEvent appends to the history of a paper of a session the caller convenes.
func (s *Papers) AddEvent(ctx context.Context, sc tenant.Scope, e *paper.Event) error {
	if err := s.guard(ctx, paperMemberOf("?"), e.PaperID, sc.OrgID, sc.OrgID); err != nil {
		return err
	}
	return s.db.write(ctx).Table("paper_events").Create(e).Error
}

// Events lists a paper's history, oldest first.
func (s *Papers) Events(ctx context.Context, sc tenant.Scope, paperID string) ([]paper.Event, error) {
	var out []paper.Event
	err := s.db.read(ctx).Table("paper_events e").Select("e.*, u.name AS actor_name").
		Joins("LEFT JOIN users u ON u.id = e.actor_id").
		Where("e.paper_id = ?", paperID).Where(paperVisibleOf("e.paper_id"), sc.OrgID, sc.OrgID).Order("e.at, e.id").Find(&out).Error
	return out, err
}

// jsonText encodes a list for a JSON text column.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "[]"
	}
	return string(b)
}
