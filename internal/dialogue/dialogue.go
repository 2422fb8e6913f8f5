// Package dialogue holds track-two dialogues and their sessions: a dialogue is convened jointly
// by organizations of both sides (co-convener invitations that the other organization accepts or
// declines; removal takes effect on the next request), a session moves through its lifecycle
// (draft → proposed → accepted by the other convener → scheduled → held → minutes agreed, the last
// step set by locking the minutes; declined or cancelled with a reason), and participants of each convening organization attend sessions with a role
// and a status. Access is by co-ownership: a session is visible to the active conveners of its
// dialogue (a draft only to the organization that wrote it); SessionAccess is the one helper
// other areas (papers, minutes, flags) use to ask "may this caller see session X, and as whom?".
package dialogue

import (
	"context"
	"fmt"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/holidays"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Errors of this package.
var (
	// ErrNotFound is a missing dialogue, or one the caller's organization does not convene.
	ErrNotFound = fmt.Errorf("%w: dialogue", apperr.ErrNotFound)
	// ErrSessionNotFound is a missing session, or one the caller may not see.
	ErrSessionNotFound = fmt.Errorf("%w: session", apperr.ErrNotFound)
	// ErrInvitationNotFound is a missing co-convener invitation, or one addressed to another
	// organization.
	ErrInvitationNotFound = fmt.Errorf("%w: invitation", apperr.ErrNotFound)
	// ErrAttendeeNotFound is a missing attendee.
	ErrAttendeeNotFound = fmt.Errorf("%w: attendee", apperr.ErrNotFound)
	// ErrFeedNotFound is a missing, foreign or revoked calendar feed.
	ErrFeedNotFound = fmt.Errorf("%w: calendar feed", apperr.ErrNotFound)
	// ErrRSVPNotFound is an unknown, used or expired attendance invitation link.
	ErrRSVPNotFound = fmt.Errorf("%w: this invitation link is unknown, has been used or has expired", apperr.ErrNotFound)
	// ErrStale is a change that lost a race with another one.
	ErrStale = fmt.Errorf("%w: the session changed meanwhile; reload and try again", apperr.ErrConflict)
)

// Convener roles and statuses (table dialogue_orgs).
const (
	RoleConvener   = "convener"
	RoleCoConvener = "co_convener"

	ConvenerInvited  = "invited"
	ConvenerActive   = "active"
	ConvenerDeclined = "declined"
	ConvenerRemoved  = "removed"
)

// DefaultZones are the home zones of each side when a convener has not set one.
var DefaultZones = map[string]string{"US": "America/New_York", "CN": "Asia/Shanghai"}

// Dialogue is a standing track-two programme.
type Dialogue struct {
	ID           string     `json:"id"`
	OrgID        string     `json:"org_id"`
	Title        string     `json:"title"`
	TitleZH      string     `json:"title_zh"`
	Topic        string     `json:"topic"`
	Description  string     `json:"description"`
	Languages    []string   `json:"languages" gorm:"serializer:json"`
	ChathamHouse bool       `json:"chatham_house"`
	CreatedBy    string     `json:"created_by"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	Conveners    []Convener `json:"conveners" gorm:"-"`
}

// DisplayTitle is the title in lang, falling back to English.
func (d *Dialogue) DisplayTitle(lang string) string {
	if lang == "zh" && d.TitleZH != "" {
		return d.TitleZH
	}
	return d.Title
}

// Convener is one organization's place in a dialogue (and, while invited, the invitation).
type Convener struct {
	ID             string     `json:"id"`
	DialogueID     string     `json:"dialogue_id"`
	OrgID          string     `json:"org_id"`
	Role           string     `json:"role"`
	Status         string     `json:"status"`
	HomeZone       string     `json:"home_zone"`
	InvitedBy      string     `json:"-"`
	InvitedByOrgID string     `json:"invited_by_org_id,omitempty"`
	RespondedBy    string     `json:"-"`
	RespondedAt    *time.Time `json:"responded_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	// Read from the organization (never written through this type).
	OrgName    string `json:"org_name" gorm:"->"`
	OrgNameZH  string `json:"org_name_zh" gorm:"->"`
	OrgCountry string `json:"org_country" gorm:"->"`
	// Read from the inviting organization and the dialogue, for invitation lists.
	InviterName     string `json:"inviter_name,omitempty" gorm:"->"`
	InviterNameZH   string `json:"inviter_name_zh,omitempty" gorm:"->"`
	DialogueTitle   string `json:"dialogue_title,omitempty" gorm:"->"`
	DialogueTitleZH string `json:"dialogue_title_zh,omitempty" gorm:"->"`
}

// Side is the side of the dialogue the organization sits on ("US" or "CN").
func (c *Convener) Side() string { return SideOf(c.OrgCountry) }

// Zone is the convener's home zone, or its side's default.
func (c *Convener) Zone() string {
	if c.HomeZone != "" {
		return c.HomeZone
	}
	return DefaultZones[c.Side()]
}

// Name is the organization's name in lang.
func (c *Convener) Name(lang string) string {
	if lang == "zh" && c.OrgNameZH != "" {
		return c.OrgNameZH
	}
	return c.OrgName
}

// SideOf maps an organization's country to its side: "CN" for mainland, Hong Kong and Macao,
// "US" for the rest (as org.Organization.Side).
func SideOf(country string) string {
	switch country {
	case "CN", "HK", "MO":
		return "CN"
	}
	return "US"
}

// DialogueInput is what a caller may set on a dialogue.
type DialogueInput struct {
	Title        *string   `json:"title"`
	TitleZH      *string   `json:"title_zh"`
	Topic        *string   `json:"topic"`
	Description  *string   `json:"description"`
	Languages    *[]string `json:"languages"`
	ChathamHouse *bool     `json:"chatham_house"`
	HomeZone     *string   `json:"home_zone"`
}

// InviteInput names the organization invited as co-convener.
type InviteInput struct {
	OrgID string `json:"org_id"`
}

// OrgInfo is what the service needs to know about an organization.
type OrgInfo struct {
	ID      string
	Country string
}

// Orgs looks organizations up (the directory; no tenant data).
type Orgs interface {
	OrgInfo(ctx context.Context, id string) (*OrgInfo, error)
}

// Participants is the participant registry as attendance needs it: the caller's own people only.
type Participants interface {
	Get(ctx context.Context, sc tenant.Scope, id string) (*participant.Participant, error)
}

// Transactor runs a function in one write transaction.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Auditor appends audit events inside the caller's transaction.
type Auditor interface {
	Append(ctx context.Context, e audit.Entry) error
}

// Service holds the rules of dialogues, sessions, attendance and feeds.
type Service struct {
	store        Store
	tx           Transactor
	audit        Auditor
	orgs         Orgs
	participants Participants
	holidays     map[string]*holidays.Calendar
	now          func() time.Time
	newID        func() string
	baseURL      string
	observer     Observer
}

// Observer is told, after a change has committed, which sessions' restriction-screening inputs
// changed (the session itself, its attendees, or the conveners of its dialogue): the screening
// service recomputes their flags. It reports its own failures (the change stands; the
// background sweep catches up).
type Observer interface {
	SessionsChanged(ctx context.Context, sessionIDs []string)
	DialogueChanged(ctx context.Context, dialogueID string)
}

// Observe sets who is told of changes that matter to screening (nil: nobody).
func (s *Service) Observe(o Observer) { s.observer = o }

func (s *Service) sessionChanged(ctx context.Context, sessionID string) {
	if s.observer != nil {
		s.observer.SessionsChanged(ctx, []string{sessionID})
	}
}

func (s *Service) dialogueChanged(ctx context.Context, dialogueID string) {
	if s.observer != nil {
		s.observer.DialogueChanged(ctx, dialogueID)
	}
}

// Config holds the service's settings.
type Config struct {
	// BaseURL builds attendance-invitation and feed links (never the Host header; S11).
	BaseURL string
}

// NewService builds the service.
func NewService(cfg Config, st Store, tx Transactor, a Auditor, orgs Orgs, ps Participants, hc map[string]*holidays.Calendar,
	now func() time.Time, newID func() string) *Service {
	return &Service{store: st, tx: tx, audit: a, orgs: orgs, participants: ps, holidays: hc, now: now, newID: newID,
		baseURL: cfg.BaseURL}
}
