package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Accounts implements auth.Store: users, refresh tokens, invitations and signing keys.
type Accounts struct{ db *DB }

// NewAccounts returns the accounts store.
func NewAccounts(db *DB) *Accounts { return &Accounts{db: db} }

var _ auth.Store = (*Accounts)(nil)

// SigningKeys lists every key.
func (s *Accounts) SigningKeys(ctx context.Context) ([]auth.SigningKey, error) {
	var out []auth.SigningKey
	return out, s.db.read(ctx).Table("signing_keys").Order("created_at").Find(&out).Error
}

// AddSigningKey stores a key.
func (s *Accounts) AddSigningKey(ctx context.Context, k auth.SigningKey) error {
	return s.db.write(ctx).Table("signing_keys").Create(&k).Error
}

// RetireSigningKeys sets the retirement time of every unretired key but except.
func (s *Accounts) RetireSigningKeys(ctx context.Context, except string, at time.Time) error {
	return s.db.write(ctx).Table("signing_keys").
		Where("kid <> ? AND (retired_at IS NULL OR retired_at > ?)", except, at).Update("retired_at", at).Error
}

// CreateUser inserts an account.
func (s *Accounts) CreateUser(ctx context.Context, u *auth.User) error {
	err := s.db.write(ctx).Table("users").Create(u).Error
	if isUnique(err) {
		return auth.ErrEmailTaken
	}
	return err
}

// UserForLogin finds a user by e-mail.
func (s *Accounts) UserForLogin(ctx context.Context, email string) (*auth.User, error) {
	var u auth.User
	err := s.db.read(ctx).Table("users").Where("email = ?", email).Take(&u).Error
	if err != nil {
		return nil, notFound(err, auth.ErrUserNotFound)
	}
	return &u, nil
}

// principalSQL loads a user and their organization's summary in one statement; it runs on every
// authenticated request, so it is scanned by hand rather than through reflection.
const principalSQL = `SELECT u.id, u.org_id, u.email, u.name, u.password_hash, u.role, u.language, u.timezone,
 u.platform_admin, u.token_version, u.disabled_at, u.last_login_at, u.created_at, u.updated_at,
 o.name_en, o.name_zh, o.country
 FROM users u JOIN organizations o ON o.id = u.org_id WHERE u.id = ?`

// Principal loads a user by the id in a verified token, with their organization's summary.
func (s *Accounts) Principal(ctx context.Context, userID string) (*auth.User, error) {
	var u auth.User
	var role string
	var disabled, lastLogin sql.NullTime
	row := s.db.read(bounded(ctx)).Raw(principalSQL, userID).Row() // one row by primary key: nothing to cancel
	err := row.Scan(&u.ID, &u.OrgID, &u.Email, &u.Name, &u.PasswordHash, &role, &u.Language, &u.Timezone,
		&u.PlatformAdmin, &u.TokenVersion, &disabled, &lastLogin, &u.CreatedAt, &u.UpdatedAt,
		&u.Org.Name, &u.Org.NameZH, &u.Org.Country)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, auth.ErrUserNotFound
	}
	if err != nil {
		return nil, err
	}
	u.Role, u.Org.ID = tenant.Role(role), u.OrgID
	if disabled.Valid {
		t := disabled.Time.UTC()
		u.DisabledAt = &t
	}
	if lastLogin.Valid {
		t := lastLogin.Time.UTC()
		u.LastLoginAt = &t
	}
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}

// ListUsers lists the caller's organization's users by e-mail.
func (s *Accounts) ListUsers(ctx context.Context, sc tenant.Scope, after string, limit int) ([]auth.User, error) {
	var out []auth.User
	q := s.db.read(ctx).Table("users").Where("org_id = ?", sc.OrgID).Order("email").Limit(limit)
	if after != "" {
		q = q.Where("email > ?", after)
	}
	return out, q.Find(&out).Error
}

// GetUser returns a user of the caller's organization.
func (s *Accounts) GetUser(ctx context.Context, sc tenant.Scope, id string) (*auth.User, error) {
	var u auth.User
	err := s.db.read(ctx).Table("users").Where("id = ? AND org_id = ?", id, sc.OrgID).Take(&u).Error
	if err != nil {
		return nil, notFound(err, auth.ErrUserNotFound)
	}
	return &u, nil
}

// UpdateUser saves the changeable fields of a user in the caller's organization.
func (s *Accounts) UpdateUser(ctx context.Context, sc tenant.Scope, u *auth.User) error {
	res := s.db.write(ctx).Table("users").Where("id = ? AND org_id = ?", u.ID, sc.OrgID).Updates(map[string]any{
		"name": u.Name, "language": u.Language, "timezone": u.Timezone, "role": string(u.Role),
		"disabled_at": u.DisabledAt, "updated_at": u.UpdatedAt,
	})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return auth.ErrUserNotFound
	}
	return nil
}

// SetPassword stores a new hash and ends existing access tokens.
func (s *Accounts) SetPassword(ctx context.Context, userID, hash string) error {
	return s.db.write(ctx).Table("users").Where("id = ?", userID).Updates(map[string]any{
		"password_hash": hash, "token_version": gorm.Expr("token_version + 1"), "updated_at": Now(),
	}).Error
}

// BumpTokenVersion ends every access token issued to the user so far.
func (s *Accounts) BumpTokenVersion(ctx context.Context, userID string) error {
	return s.db.write(ctx).Table("users").Where("id = ?", userID).
		Update("token_version", gorm.Expr("token_version + 1")).Error
}

// TouchLogin records the time of a successful login.
func (s *Accounts) TouchLogin(ctx context.Context, userID string, at time.Time) error {
	return s.db.write(ctx).Table("users").Where("id = ?", userID).Update("last_login_at", at).Error
}

// CreateRefreshToken stores a hashed refresh token.
func (s *Accounts) CreateRefreshToken(ctx context.Context, t *auth.RefreshToken) error {
	return s.db.write(ctx).Table("refresh_tokens").Create(t).Error
}

// UseRefreshToken marks the token used with a conditional update, so of two concurrent uses
// exactly one wins.
func (s *Accounts) UseRefreshToken(ctx context.Context, hash string, at time.Time) (*auth.RefreshToken, bool, error) {
	w := s.db.write(ctx)
	var t auth.RefreshToken
	if err := w.Table("refresh_tokens").Where("token_hash = ?", hash).Take(&t).Error; err != nil {
		return nil, false, notFound(err, auth.ErrInvalidToken)
	}
	res := w.Table("refresh_tokens").Where("id = ? AND used_at IS NULL AND revoked_at IS NULL", t.ID).Update("used_at", at)
	if res.Error != nil {
		return nil, false, res.Error
	}
	return &t, res.RowsAffected == 1, nil
}

// RevokeRefreshFamily revokes every token of a family.
func (s *Accounts) RevokeRefreshFamily(ctx context.Context, familyID string, at time.Time) error {
	return s.db.write(ctx).Table("refresh_tokens").Where("family_id = ? AND revoked_at IS NULL", familyID).
		Update("revoked_at", at).Error
}

// RevokeUserRefreshTokens revokes a user's tokens, except one family (may be "").
func (s *Accounts) RevokeUserRefreshTokens(ctx context.Context, userID, exceptFamily string, at time.Time) error {
	return s.db.write(ctx).Table("refresh_tokens").
		Where("user_id = ? AND family_id <> ? AND revoked_at IS NULL", userID, exceptFamily).Update("revoked_at", at).Error
}

// CreateInvitation stores an invitation to the caller's organization.
func (s *Accounts) CreateInvitation(ctx context.Context, sc tenant.Scope, inv *auth.Invitation) error {
	inv.OrgID = sc.OrgID
	return s.db.write(ctx).Table("invitations").Create(inv).Error
}

// ListInvitations lists the caller's organization's invitations, newest first.
func (s *Accounts) ListInvitations(ctx context.Context, sc tenant.Scope, after string, limit int) ([]auth.Invitation, error) {
	var out []auth.Invitation
	q := s.db.read(ctx).Table("invitations").Where("org_id = ?", sc.OrgID).Order("id DESC").Limit(limit)
	if after != "" {
		q = q.Where("id < ?", after)
	}
	return out, q.Find(&out).Error
}

// GetInvitation returns an invitation of the caller's organization.
func (s *Accounts) GetInvitation(ctx context.Context, sc tenant.Scope, id string) (*auth.Invitation, error) {
	var inv auth.Invitation
	err := s.db.read(ctx).Table("invitations").Where("id = ? AND org_id = ?", id, sc.OrgID).Take(&inv).Error
	if err != nil {
		return nil, notFound(err, auth.ErrInvitationNotFound)
	}
	return &inv, nil
}

// RevokeInvitation revokes a pending invitation of the caller's organization.
func (s *Accounts) RevokeInvitation(ctx context.Context, sc tenant.Scope, id string, at time.Time) error {
	res := s.db.write(ctx).Table("invitations").
		Where("id = ? AND org_id = ? AND accepted_at IS NULL AND revoked_at IS NULL", id, sc.OrgID).Update("revoked_at", at)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return auth.ErrInvitationNotFound
	}
	return nil
}

// InvitationByToken finds an invitation by token hash.
func (s *Accounts) InvitationByToken(ctx context.Context, hash string) (*auth.Invitation, error) {
	var inv auth.Invitation
	err := s.db.read(ctx).Table("invitations").Where("token_hash = ?", hash).Take(&inv).Error
	if err != nil {
		return nil, notFound(err, auth.ErrInvitationNotFound)
	}
	return &inv, nil
}

// ConsumeInvitation marks a pending invitation accepted; false when it no longer was pending.
func (s *Accounts) ConsumeInvitation(ctx context.Context, id, userID string, at time.Time) (bool, error) {
	res := s.db.write(ctx).Table("invitations").
		Where("id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?", id, at).
		Updates(map[string]any{"accepted_at": at, "accepted_user_id": userID})
	return res.RowsAffected == 1, res.Error
}

// CreatePasswordReset stores a reset for a user of the caller's organization.
func (s *Accounts) CreatePasswordReset(ctx context.Context, sc tenant.Scope, r *auth.PasswordReset) error {
	r.OrgID = sc.OrgID
	return s.db.write(ctx).Table("password_resets").Create(r).Error
}

// PasswordResetByToken finds a reset by its token hash.
func (s *Accounts) PasswordResetByToken(ctx context.Context, hash string) (*auth.PasswordReset, error) {
	var r auth.PasswordReset
	err := s.db.read(ctx).Table("password_resets").Where("token_hash = ?", hash).Take(&r).Error
	if err != nil {
		return nil, notFound(err, auth.ErrResetUnusable)
	}
	return &r, nil
}

// ConsumePasswordReset marks an unused, unexpired reset used.
func (s *Accounts) ConsumePasswordReset(ctx context.Context, id string, at time.Time) (bool, error) {
	res := s.db.write(ctx).Table("password_resets").Where("id = ? AND used_at IS NULL AND expires_at > ?", id, at).
		Update("used_at", at)
	return res.RowsAffected == 1, res.Error
}
