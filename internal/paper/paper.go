// Package paper holds position papers: a call for papers per session (deadline, reopening, blind
// review, review criteria), submissions with ordered authors and bilingual title and abstract,
// versions whose files live in a files.Store under server-made keys, reviewer assignments with
// conflicts of interest, reviews, decisions, publication and the reading pack.
//
// Visibility (SECURITY.md A5): a paper is visible to the users of the session's active convening
// organizations (the session's participants and co-host organizers), or to every signed-in user
// once both its authors and a convener marked it public. The store puts that rule in the WHERE
// clause of every read, so a removed co-host gets 404 on its next request, on every path.
package paper

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/files"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Errors of this package.
var (
	// ErrNotFound is a missing paper or one the caller may not see.
	ErrNotFound = fmt.Errorf("%w: paper", apperr.ErrNotFound)
	// ErrSessionNotFound is a missing session or one the caller's organization does not convene.
	ErrSessionNotFound = fmt.Errorf("%w: session", apperr.ErrNotFound)
	// ErrVersionNotFound is a missing version of a visible paper.
	ErrVersionNotFound = fmt.Errorf("%w: paper version", apperr.ErrNotFound)
	// ErrNoCall means the session has no call for papers yet.
	ErrNoCall = fmt.Errorf("%w: this session has no call for papers yet; a convener opens one first", apperr.ErrConflict)
)

// Paper statuses.
const (
	StatusSubmitted   = "submitted"
	StatusUnderReview = "under_review"
	StatusAccepted    = "accepted"
	StatusRevise      = "revise"
	StatusRejected    = "rejected"
)

// Decisions a convener may take (they become the status).
var Decisions = []string{StatusAccepted, StatusRevise, StatusRejected}

// Languages a paper may be written in.
var Languages = []string{"en", "zh", "bilingual"}

// Reviewer assignment statuses.
const (
	ReviewerAssigned = "assigned"
	ReviewerConflict = "conflict"
)

// Criterion is one review criterion of a call for papers, scored from 1 to Max.
type Criterion struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	LabelZH string `json:"label_zh"`
	Max     int    `json:"max"`
}

// DefaultCriteria are used when a convener sets none.
var DefaultCriteria = []Criterion{
	{Key: "relevance", Label: "Relevance to the session", LabelZH: "与会议议题的相关性", Max: 5},
	{Key: "originality", Label: "Originality", LabelZH: "原创性", Max: 5},
	{Key: "clarity", Label: "Clarity", LabelZH: "清晰度", Max: 5},
}

// Call is a session's call for papers.
type Call struct {
	SessionID      string      `json:"session_id" gorm:"primaryKey"`
	DialogueID     string      `json:"-"`
	OrgID          string      `json:"-"`
	Deadline       time.Time   `json:"deadline"`
	Reopened       bool        `json:"reopened"`
	Blind          bool        `json:"blind"`
	Instructions   string      `json:"instructions"`
	InstructionsZH string      `json:"instructions_zh" gorm:"column:instructions_zh"`
	Criteria       []Criterion `json:"criteria" gorm:"serializer:json"`
	UpdatedBy      string      `json:"-"`
	CreatedAt      time.Time   `json:"created_at"`
	UpdatedAt      time.Time   `json:"updated_at"`
}

// Open reports whether submissions are accepted at now.
func (c *Call) Open(now time.Time) bool { return c.Reopened || !now.After(c.Deadline) }

// CallInput sets a call for papers.
type CallInput struct {
	Deadline       *time.Time   `json:"deadline"`
	Reopened       *bool        `json:"reopened"`
	Blind          *bool        `json:"blind"`
	Instructions   *string      `json:"instructions"`
	InstructionsZH *string      `json:"instructions_zh"`
	Criteria       *[]Criterion `json:"criteria"`
}

// SessionInfo is what papers need to know about a session the caller's organization convenes.
type SessionInfo struct {
	ID             string
	DialogueID     string
	OrgID          string
	Title          string
	TitleZH        string
	Status         string
	ConvenerOrgIDs []string `gorm:"-"`
}

// DisplayTitle is the session title in lang.
func (s *SessionInfo) DisplayTitle(lang string) string {
	if lang == "zh" && s.TitleZH != "" {
		return s.TitleZH
	}
	return s.Title
}

// Author is one author of a paper, in order.
type Author struct {
	ID            string `json:"-"`
	PaperID       string `json:"-"`
	Position      int    `json:"position"`
	ParticipantID string `json:"participant_id,omitempty"`
	Name          string `json:"name"`
	NameNative    string `json:"name_native,omitempty"`
	OrgID         string `json:"org_id"`
	Email         string `json:"-"`
}

// Version is one uploaded file of a paper.
type Version struct {
	ID          string    `json:"-"`
	PaperID     string    `json:"-"`
	Number      int       `json:"version"`
	StorageKey  string    `json:"-"`
	FileName    string    `json:"file_name"`
	ContentType string    `json:"content_type"`
	Kind        string    `json:"kind"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256" gorm:"column:sha256"`
	OrgID       string    `json:"-"`
	UploadedBy  string    `json:"uploaded_by,omitempty"`
	Uploader    string    `json:"uploader,omitempty" gorm:"->"`
	Note        string    `json:"note,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Reviewer is an assignment (or a declared conflict of interest).
type Reviewer struct {
	ID             string    `json:"id"`
	PaperID        string    `json:"-"`
	UserID         string    `json:"user_id"`
	OrgID          string    `json:"org_id"`
	Status         string    `json:"status"`
	ConflictReason string    `json:"conflict_reason,omitempty"`
	AssignedBy     string    `json:"-"`
	Name           string    `json:"name" gorm:"->"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Review is one reviewer's scores and comment on one version.
type Review struct {
	ID             string         `json:"id"`
	PaperID        string         `json:"-"`
	Version        int            `json:"version"`
	ReviewerID     string         `json:"reviewer_id,omitempty"`
	OrgID          string         `json:"-"`
	Scores         map[string]int `json:"scores" gorm:"serializer:json"`
	Recommendation string         `json:"recommendation"`
	Comment        string         `json:"comment"`
	ReviewerName   string         `json:"reviewer_name,omitempty" gorm:"->"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// Event is one line of a paper's history.
type Event struct {
	ID        string    `json:"-"`
	PaperID   string    `json:"-"`
	Kind      string    `json:"kind"`
	ActorID   string    `json:"actor_id,omitempty"`
	ActorRole string    `json:"actor_role"`
	ActorName string    `json:"actor_name,omitempty" gorm:"->"`
	Detail    string    `json:"detail,omitempty"`
	At        time.Time `json:"at"`
}

// Paper is a position paper. Authors, versions, reviewers, reviews and history are filled by
// Get, already filtered for the caller (blind review).
type Paper struct {
	ID                string     `json:"id"`
	SessionID         string     `json:"session_id"`
	DialogueID        string     `json:"-"`
	OrgID             string     `json:"org_id,omitempty"`
	SubmittedBy       string     `json:"submitted_by,omitempty"`
	Title             string     `json:"title"`
	TitleZH           string     `json:"title_zh"`
	Abstract          string     `json:"abstract"`
	AbstractZH        string     `json:"abstract_zh"`
	Language          string     `json:"language"`
	Keywords          []string   `json:"keywords" gorm:"serializer:json"`
	Status            string     `json:"status"`
	DecisionNote      string     `json:"decision_note,omitempty"`
	DecidedAt         *time.Time `json:"decided_at,omitempty"`
	PublicByAuthors   bool       `json:"public_by_authors"`
	PublicByConveners bool       `json:"public_by_conveners"`
	CurrentVersion    int        `json:"current_version"`
	Late              bool       `json:"late"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`

	// Read with the paper.
	SessionTitle   string `json:"session_title" gorm:"->"`
	SessionTitleZH string `json:"session_title_zh" gorm:"->"`
	// Member is true when the caller sees the paper as a user of a convening organization (not
	// only because it is public).
	Member bool `json:"-" gorm:"->"`

	Authors   []Author   `json:"authors" gorm:"-"`
	Versions  []Version  `json:"versions" gorm:"-"`
	Reviewers []Reviewer `json:"reviewers,omitempty" gorm:"-"`
	Reviews   []Review   `json:"reviews,omitempty" gorm:"-"`
	History   []Event    `json:"history,omitempty" gorm:"-"`
	// Latest is the newest version (also in Versions).
	Latest *Version `json:"-" gorm:"-"`
	// Viewer says what the caller may do and see.
	Viewer Viewer `json:"viewer" gorm:"-"`
	// Blind is the session's blind-review setting.
	Blind bool `json:"blind" gorm:"-"`
}

// Public reports whether both the authors and a convener marked the paper public.
func (p *Paper) Public() bool { return p.PublicByAuthors && p.PublicByConveners }

// DisplayTitle is the title in lang, falling back to the other language.
func (p *Paper) DisplayTitle(lang string) string {
	if lang == "zh" && p.TitleZH != "" || p.Title == "" {
		return p.TitleZH
	}
	return p.Title
}

// DisplaySessionTitle is the session's title in lang.
func (p *Paper) DisplaySessionTitle(lang string) string {
	if lang == "zh" && p.SessionTitleZH != "" {
		return p.SessionTitleZH
	}
	return p.SessionTitle
}

// Viewer is the caller's relation to a paper.
type Viewer struct {
	// Member: a user of an active convening organization of the session.
	Member bool `json:"member"`
	// Convener: an organizer (or admin) of a convening organization.
	Convener bool `json:"convener"`
	// AuthorSide: a user of the submitting organization.
	AuthorSide bool `json:"author_side"`
	// Editor: may change the paper and upload versions (the submitter, or an organizer of the
	// submitting organization).
	Editor bool `json:"editor"`
	// Reviewer: assigned to review it.
	Reviewer bool `json:"reviewer"`
	// Conflict: declared a conflict of interest with it.
	Conflict bool `json:"conflict"`
	// HideAuthors: blind review hides the authors from this caller.
	HideAuthors bool `json:"hide_authors"`
	// HideReviewers: blind review hides the reviewers from this caller.
	HideReviewers bool `json:"hide_reviewers"`
}

// AuthorInput names an author: a participant of the session.
type AuthorInput struct {
	ParticipantID string `json:"participant_id"`
}

// Input is what a caller may set on a paper. Pointer fields are optional on update.
type Input struct {
	Title      *string   `json:"title"`
	TitleZH    *string   `json:"title_zh"`
	Abstract   *string   `json:"abstract"`
	AbstractZH *string   `json:"abstract_zh"`
	Language   *string   `json:"language"`
	Keywords   *[]string `json:"keywords"`
	// Authors are participant ids in order.
	Authors *[]string `json:"authors"`
	// Public marks the paper public on the caller's behalf (authors' side or conveners').
	Public *bool `json:"public"`
}

// ReviewInput is a reviewer's review.
type ReviewInput struct {
	Scores         map[string]int `json:"scores"`
	Recommendation string         `json:"recommendation"`
	Comment        string         `json:"comment"`
}

// DecisionInput is a convener's decision.
type DecisionInput struct {
	Decision string `json:"decision"`
	Note     string `json:"note"`
}

// AssignInput names a reviewer.
type AssignInput struct {
	UserID string `json:"user_id"`
}

// ConflictInput declares the caller's conflict of interest with a paper.
type ConflictInput struct {
	Reason string `json:"reason"`
}

// Upload is a file stored for a submission or a new version, not yet recorded.
type Upload struct {
	Object files.Object
	// Name is the sanitized uploaded name shown to those who may see the authors.
	Name string
}

// UserInfo is a user as a reviewer candidate.
type UserInfo struct {
	ID    string
	OrgID string
	Email string
	Name  string
}

// ParticipantInfo is a participant as a candidate author.
type ParticipantInfo struct {
	ID         string
	OrgID      string
	Name       string
	NameNative string
	Email      string
}

// Filter narrows a paper listing.
type Filter struct {
	SessionID string
	// Mine lists the papers submitted by the caller or on which they are an assigned reviewer.
	Mine   bool
	Status string
	After  string
	Limit  int
}

// Store is what the paper service needs from storage. Every method takes the caller's scope and
// applies it in SQL: reads see only papers visible to the caller, writes (and inserts, through a
// check in the same transaction) touch only papers of sessions the caller's organization
// actively convenes; otherwise they answer ErrNotFound.
type Store interface {
	// Session returns a session the caller's organization actively convenes (and may see).
	Session(ctx context.Context, sc tenant.Scope, id string) (*SessionInfo, error)
	// Call returns a session's call for papers (nil, nil when none, or when the caller neither
	// convenes the session nor can see a published paper of it).
	Call(ctx context.Context, sc tenant.Scope, sessionID string) (*Call, error)
	SaveCall(ctx context.Context, sc tenant.Scope, c *Call) error

	CreatePaper(ctx context.Context, sc tenant.Scope, p *Paper) error
	// GetPaper returns a paper visible to the caller.
	GetPaper(ctx context.Context, sc tenant.Scope, id string) (*Paper, error)
	// ListPapers lists visible papers by id.
	ListPapers(ctx context.Context, sc tenant.Scope, f Filter) ([]Paper, error)
	UpdatePaper(ctx context.Context, sc tenant.Scope, p *Paper) error

	SetAuthors(ctx context.Context, sc tenant.Scope, paperID string, as []Author) error
	Authors(ctx context.Context, sc tenant.Scope, paperIDs []string) ([]Author, error)
	// Participants returns the session's attendees' participant records for the given ids.
	Participants(ctx context.Context, sc tenant.Scope, sessionID string, ids []string) ([]ParticipantInfo, error)

	AddVersion(ctx context.Context, sc tenant.Scope, v *Version) error
	Versions(ctx context.Context, sc tenant.Scope, paperID string) ([]Version, error)
	// OrgUsage is the bytes of all versions uploaded by the organization.
	OrgUsage(ctx context.Context, sc tenant.Scope) (int64, error)

	// Users lists the enabled users of orgIDs (reviewer candidates), by name.
	Users(ctx context.Context, sc tenant.Scope, orgIDs []string) ([]UserInfo, error)
	// Member returns a user of one of orgIDs (nil when none).
	Member(ctx context.Context, sc tenant.Scope, userID string, orgIDs []string) (*UserInfo, error)
	Reviewers(ctx context.Context, sc tenant.Scope, paperID string) ([]Reviewer, error)
	SaveReviewer(ctx context.Context, sc tenant.Scope, r *Reviewer) error
	Reviews(ctx context.Context, sc tenant.Scope, paperID string) ([]Review, error)
	SaveReview(ctx context.Context, sc tenant.Scope, r *Review) error

	AddEvent(ctx context.Context, sc tenant.Scope, e *Event) error
	Events(ctx context.Context, sc tenant.Scope, paperID string) ([]Event, error)
}

// Transactor runs a function in one write transaction.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Auditor appends audit events inside the caller's transaction.
type Auditor interface {
	Append(ctx context.Context, e audit.Entry) error
}

// Limits are the upload limits.
type Limits struct {
	// MaxBytes caps one file.
	MaxBytes int64
	// OrgQuotaBytes caps all versions uploaded by one organization.
	OrgQuotaBytes int64
}

// Service holds the paper rules.
type Service struct {
	store  Store
	tx     Transactor
	audit  Auditor
	files  files.Store
	limits Limits
	now    func() time.Time
	newID  func() string
}

// NewService builds the service.
func NewService(st Store, tx Transactor, a Auditor, fs files.Store, lim Limits, now func() time.Time, newID func() string) *Service {
	return &Service{store: st, tx: tx, audit: a, files: fs, limits: lim, now: now, newID: newID}
}

// Limits returns the upload limits.
func (s *Service) Limits() Limits { return s.limits }

// Open returns the content of a version the caller may download.
func (s *Service) openVersion(ctx context.Context, v *Version) (io.ReadSeekCloser, error) {
	return s.files.Open(ctx, v.StorageKey)
}
