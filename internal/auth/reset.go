package auth

import (
	"context"
	"fmt"
	"net/url"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// NewPasswordReset is an issued reset with its one-time link, shown once to the admin who hands it
// to the user (Tracktwo sends no e-mail); only the token's hash is stored.
type NewPasswordReset struct {
	PasswordReset
	Token string `json:"token"`
	URL   string `json:"url"`
}

// IssuePasswordReset makes a single-use reset link for a user of the caller's organization
// (admins only; the id is resolved in the caller's organization first, so a foreign id is 404).
// The link lives as long as an invitation.
func (s *Service) IssuePasswordReset(ctx context.Context, sc tenant.Scope, userID string) (*NewPasswordReset, error) {
	u, err := s.store.GetUser(ctx, sc, userID)
	if err != nil {
		return nil, err
	}
	if !sc.CanAdmin() {
		return nil, fmt.Errorf("%w: only an organization admin may reset passwords", apperr.ErrForbidden)
	}
	if u.Role == tenant.RoleOwner && sc.Role != tenant.RoleOwner {
		return nil, fmt.Errorf("%w: only an owner may reset an owner's password", apperr.ErrForbidden)
	}
	token := randomToken()
	now := s.now()
	r := PasswordReset{ID: s.newID(), OrgID: sc.OrgID, UserID: u.ID, TokenHash: hashToken(token), IssuedBy: sc.UserID,
		ExpiresAt: now.Add(s.cfg.InvitationTTL), CreatedAt: now}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreatePasswordReset(ctx, sc, &r); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "user.password_reset_issued", TargetType: "user", TargetID: u.ID})
	})
	if err != nil {
		return nil, err
	}
	return &NewPasswordReset{PasswordReset: r, Token: token, URL: s.cfg.BaseURL + "/password-reset/" + url.PathEscape(token)}, nil
}

// PendingReset returns the user a reset token stands for, if it can still be used.
func (s *Service) PendingReset(ctx context.Context, token string) (*User, error) {
	if token == "" || len(token) > 128 {
		return nil, ErrResetUnusable
	}
	r, err := s.store.PasswordResetByToken(ctx, hashToken(token))
	if err != nil || r.UsedAt != nil || !s.now().Before(r.ExpiresAt) {
		return nil, ErrResetUnusable
	}
	return s.store.Principal(ctx, r.UserID)
}

// CompletePasswordReset sets the new password through a reset link, once, and ends every session
// of the user.
func (s *Service) CompletePasswordReset(ctx context.Context, token, password string) (*User, error) {
	u, err := s.PendingReset(ctx, token)
	if err != nil {
		return nil, err
	}
	if p := PasswordProblem(password, u.Email, s.cfg.MinPasswordLength); p != "" {
		return nil, apperr.Invalid("password", "weak", "%s", p)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	r, err := s.store.PasswordResetByToken(ctx, hashToken(token))
	if err != nil {
		return nil, ErrResetUnusable
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.ConsumePasswordReset(ctx, r.ID, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return ErrResetUnusable
		}
		if err := s.store.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		if err := s.store.RevokeUserRefreshTokens(ctx, u.ID, "", s.now()); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "user.password_reset", OrgID: u.OrgID, ActorID: u.ID, TargetType: "user", TargetID: u.ID})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}
