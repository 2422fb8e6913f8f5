// Package auth holds users, their passwords and roles, invitations, and the tokens that carry a
// verified identity: short-lived EdDSA access JWTs from a server-side keyring, and rotating,
// hashed refresh tokens with reuse detection (SECURITY.md S1–S10).
package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Errors of this package.
var (
	// ErrBadCredentials is the one answer to a wrong e-mail or password (S10: no account oracle).
	ErrBadCredentials = fmt.Errorf("%w: e-mail or password is wrong", apperr.ErrUnauthenticated)
	// ErrInvalidToken is the one answer to every bad, expired, revoked or reused token.
	ErrInvalidToken = fmt.Errorf("%w: invalid or expired token", apperr.ErrUnauthenticated)
	// ErrUserNotFound is a missing or foreign user.
	ErrUserNotFound = fmt.Errorf("%w: user", apperr.ErrNotFound)
	// ErrInvitationNotFound is a missing or foreign invitation.
	ErrInvitationNotFound = fmt.Errorf("%w: invitation", apperr.ErrNotFound)
	// ErrInvitationUsed is an invitation already accepted, revoked or expired.
	ErrInvitationUsed = fmt.Errorf("%w: this invitation has been used, revoked or has expired", apperr.ErrConflict)
	// ErrResetUnusable is a password reset link already used or expired.
	ErrResetUnusable = fmt.Errorf("%w: this password reset link has been used or has expired", apperr.ErrNotFound)
	// ErrEmailTaken is an e-mail that already has an account.
	ErrEmailTaken = fmt.Errorf("%w: an account with this e-mail already exists", apperr.ErrConflict)
)

// User is an account in one organization.
type User struct {
	ID            string      `json:"id"`
	OrgID         string      `json:"org_id"`
	Email         string      `json:"email"`
	Name          string      `json:"name"`
	PasswordHash  string      `json:"-"`
	Role          tenant.Role `json:"role"`
	Language      string      `json:"language"`
	Timezone      string      `json:"timezone"`
	PlatformAdmin bool        `json:"platform_admin,omitempty"`
	TokenVersion  int64       `json:"-"`
	DisabledAt    *time.Time  `json:"disabled_at,omitempty"`
	LastLoginAt   *time.Time  `json:"last_login_at,omitempty"`
	CreatedAt     time.Time   `json:"created_at"`
	UpdatedAt     time.Time   `json:"updated_at"`
	// Org summarises the user's organization; Principal fills it (one query per request).
	Org OrgSummary `json:"-" gorm:"-"`
}

// OrgSummary is what a request needs of the caller's organization.
type OrgSummary struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	NameZH  string `json:"name_zh"`
	Country string `json:"country"`
}

// OrgName returns the organization's name in lang.
func (u *User) OrgName(lang string) string {
	if lang == "zh" && u.Org.NameZH != "" {
		return u.Org.NameZH
	}
	return u.Org.Name
}

// Scope returns the tenant scope of a verified user.
func (u *User) Scope() tenant.Scope {
	return tenant.Scope{OrgID: u.OrgID, UserID: u.ID, Role: u.Role, PlatformAdmin: u.PlatformAdmin}
}

// RefreshToken is a stored (hashed) refresh token; tokens of one login form a family.
type RefreshToken struct {
	ID        string
	UserID    string
	FamilyID  string
	TokenHash string
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
	CreatedAt time.Time
}

// Invitation asks someone to join an organization with a role; its token is single-use.
type Invitation struct {
	ID             string      `json:"id"`
	OrgID          string      `json:"org_id"`
	Email          string      `json:"email"`
	Role           tenant.Role `json:"role"`
	TokenHash      string      `json:"-"`
	InvitedBy      string      `json:"invited_by"`
	ExpiresAt      time.Time   `json:"expires_at"`
	AcceptedAt     *time.Time  `json:"accepted_at,omitempty"`
	AcceptedUserID string      `json:"accepted_user_id,omitempty"`
	RevokedAt      *time.Time  `json:"revoked_at,omitempty"`
	CreatedAt      time.Time   `json:"created_at"`
}

// Status describes an invitation's state at now.
func (i *Invitation) Status(now time.Time) string {
	switch {
	case i.AcceptedAt != nil:
		return "accepted"
	case i.RevokedAt != nil:
		return "revoked"
	case !now.Before(i.ExpiresAt):
		return "expired"
	}
	return "pending"
}

// PasswordReset lets one user choose a new password once, before it expires.
type PasswordReset struct {
	ID        string     `json:"id"`
	OrgID     string     `json:"org_id"`
	UserID    string     `json:"user_id"`
	TokenHash string     `json:"-"`
	IssuedBy  string     `json:"issued_by"`
	ExpiresAt time.Time  `json:"expires_at"`
	UsedAt    *time.Time `json:"used_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// Store is what the auth service needs from storage.
type Store interface {
	KeyStore
	CreateUser(ctx context.Context, u *User) error
	// UserForLogin finds an enabled or disabled user by e-mail (before authentication).
	UserForLogin(ctx context.Context, email string) (*User, error)
	// Principal loads the user named by a verified token's subject.
	Principal(ctx context.Context, userID string) (*User, error)
	ListUsers(ctx context.Context, s tenant.Scope, after string, limit int) ([]User, error)
	GetUser(ctx context.Context, s tenant.Scope, id string) (*User, error)
	// UpdateUser saves profile, role and disabled state of a user in the caller's organization.
	UpdateUser(ctx context.Context, s tenant.Scope, u *User) error
	// SetPassword stores a new hash and bumps the token version (ending other sessions).
	SetPassword(ctx context.Context, userID, hash string) error
	// BumpTokenVersion invalidates every access token issued so far to the user.
	BumpTokenVersion(ctx context.Context, userID string) error
	TouchLogin(ctx context.Context, userID string, at time.Time) error

	CreateRefreshToken(ctx context.Context, t *RefreshToken) error
	// UseRefreshToken marks the token with this hash used, atomically: it returns the token and
	// whether this call was the one that used it (false: already used or revoked: reuse).
	UseRefreshToken(ctx context.Context, hash string, at time.Time) (*RefreshToken, bool, error)
	RevokeRefreshFamily(ctx context.Context, familyID string, at time.Time) error
	RevokeUserRefreshTokens(ctx context.Context, userID, exceptFamily string, at time.Time) error

	CreateInvitation(ctx context.Context, s tenant.Scope, inv *Invitation) error
	ListInvitations(ctx context.Context, s tenant.Scope, after string, limit int) ([]Invitation, error)
	GetInvitation(ctx context.Context, s tenant.Scope, id string) (*Invitation, error)
	RevokeInvitation(ctx context.Context, s tenant.Scope, id string, at time.Time) error
	// InvitationByToken finds an invitation by its token hash (the token is the credential).
	InvitationByToken(ctx context.Context, hash string) (*Invitation, error)
	// ConsumeInvitation marks it accepted if still pending at at; false when someone else did.
	ConsumeInvitation(ctx context.Context, id, userID string, at time.Time) (bool, error)

	CreatePasswordReset(ctx context.Context, s tenant.Scope, r *PasswordReset) error
	// PasswordResetByToken finds a reset by its token hash (the token is the credential).
	PasswordResetByToken(ctx context.Context, hash string) (*PasswordReset, error)
	// ConsumePasswordReset marks it used if unused and unexpired at at; false otherwise.
	ConsumePasswordReset(ctx context.Context, id string, at time.Time) (bool, error)
}

// Transactor runs a function in one write transaction.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Auditor is the audit log as the auth service uses it.
type Auditor interface {
	Append(ctx context.Context, e audit.Entry) error
	Record(ctx context.Context, action, targetType, targetID string, details map[string]any)
	Fail(ctx context.Context, action string, e audit.Entry)
}
