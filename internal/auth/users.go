package auth

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// ListUsers lists the caller's organization's users.
func (s *Service) ListUsers(ctx context.Context, sc tenant.Scope, after string, limit int) ([]User, error) {
	return s.store.ListUsers(ctx, sc, after, limit)
}

// GetUser returns a user of the caller's organization.
func (s *Service) GetUser(ctx context.Context, sc tenant.Scope, id string) (*User, error) {
	return s.store.GetUser(ctx, sc, id)
}

// UserUpdate is what may change on a user. Name, language and time zone: the user or an admin;
// role and disabled: an admin only.
type UserUpdate struct {
	Name     *string      `json:"name"`
	Language *string      `json:"language"`
	Timezone *string      `json:"timezone"`
	Role     *tenant.Role `json:"role"`
	Disabled *bool        `json:"disabled"`
}

// UpdateUser applies u to the user id. Lowering a role or disabling ends that user's sessions.
func (s *Service) UpdateUser(ctx context.Context, sc tenant.Scope, id string, in UserUpdate) (*User, error) {
	u, err := s.store.GetUser(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	self := u.ID == sc.UserID
	if !self && !sc.CanAdmin() {
		return nil, fmt.Errorf("%w: only an organization admin may change another user", apperr.ErrForbidden)
	}
	var v apperr.Validator
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		v.Check(n != "" && len(n) <= 200, "name", "required", "give a name (at most 200 characters)")
		u.Name = n
	}
	if in.Language != nil {
		v.Check(*in.Language == "en" || *in.Language == "zh", "language", "enum", "must be en or zh")
		u.Language = *in.Language
	}
	if in.Timezone != nil {
		if _, err := time.LoadLocation(*in.Timezone); err != nil || *in.Timezone == "" || *in.Timezone == "Local" {
			v.Add("timezone", "zone", "not an IANA time zone such as Asia/Shanghai")
		}
		u.Timezone = *in.Timezone
	}
	endSessions := false
	if in.Role != nil && *in.Role != u.Role {
		switch {
		case !sc.CanAdmin():
			v.Add("role", "forbidden", "only an organization admin may change roles")
		case !in.Role.Valid():
			v.Add("role", "enum", "must be owner, admin, organizer or member")
		case *in.Role == tenant.RoleOwner && sc.Role != tenant.RoleOwner:
			v.Add("role", "forbidden", "only an owner may make someone an owner")
		case u.Role == tenant.RoleOwner && sc.Role != tenant.RoleOwner:
			v.Add("role", "forbidden", "only an owner may change an owner's role")
		case self:
			v.Add("role", "self", "you cannot change your own role")
		}
		endSessions = endSessions || !in.Role.AtLeast(u.Role)
		u.Role = *in.Role
	}
	if in.Disabled != nil && (*in.Disabled != (u.DisabledAt != nil)) {
		switch {
		case !sc.CanAdmin():
			v.Add("disabled", "forbidden", "only an organization admin may disable users")
		case self:
			v.Add("disabled", "self", "you cannot disable your own account")
		case u.Role == tenant.RoleOwner && sc.Role != tenant.RoleOwner:
			v.Add("disabled", "forbidden", "only an owner may disable an owner")
		}
		if *in.Disabled {
			now := s.now()
			u.DisabledAt = &now
			endSessions = true
		} else {
			u.DisabledAt = nil
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	u.UpdatedAt = s.now()
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.UpdateUser(ctx, sc, u); err != nil {
			return err
		}
		if endSessions {
			if err := s.store.BumpTokenVersion(ctx, u.ID); err != nil {
				return err
			}
			if err := s.store.RevokeUserRefreshTokens(ctx, u.ID, "", s.now()); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, audit.Entry{Action: "user.update", TargetType: "user", TargetID: u.ID,
			Details: map[string]any{"role": string(u.Role), "disabled": u.DisabledAt != nil, "sessions_ended": endSessions}})
	})
	if err != nil {
		return nil, err
	}
	return s.store.Principal(ctx, u.ID)
}

// InviteInput asks someone to join.
type InviteInput struct {
	Email string      `json:"email"`
	Role  tenant.Role `json:"role"`
}

// NewInvitation is a created invitation with its one-time link (shown once to the admin who
// sends it; only its hash is stored).
type NewInvitation struct {
	Invitation
	Token string `json:"token"`
	URL   string `json:"url"`
}

// Invite creates a single-use, expiring invitation to the caller's organization (admins only).
func (s *Service) Invite(ctx context.Context, sc tenant.Scope, in InviteInput) (*NewInvitation, error) {
	if !sc.CanAdmin() {
		return nil, fmt.Errorf("%w: only an organization admin may invite users", apperr.ErrForbidden)
	}
	email := NormalizeEmail(in.Email)
	var v apperr.Validator
	v.Check(validEmail(email), "email", "format", "give a valid e-mail address")
	v.Check(in.Role.Valid(), "role", "enum", "must be owner, admin, organizer or member")
	if in.Role == tenant.RoleOwner && sc.Role != tenant.RoleOwner {
		v.Add("role", "forbidden", "only an owner may invite an owner")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if u, err := s.store.UserForLogin(ctx, email); err == nil && u != nil {
		return nil, apperr.Invalid("email", "taken", "this person already has an account")
	}
	token := randomToken()
	now := s.now()
	inv := Invitation{ID: s.newID(), OrgID: sc.OrgID, Email: email, Role: in.Role, TokenHash: hashToken(token),
		InvitedBy: sc.UserID, ExpiresAt: now.Add(s.cfg.InvitationTTL), CreatedAt: now}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateInvitation(ctx, sc, &inv); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "invitation.create", TargetType: "invitation", TargetID: inv.ID,
			Details: map[string]any{"role": string(inv.Role)}})
	})
	if err != nil {
		return nil, err
	}
	return &NewInvitation{Invitation: inv, Token: token, URL: s.cfg.BaseURL + "/invitations/" + url.PathEscape(token)}, nil
}

// ListInvitations lists the caller's organization's invitations (admins only).
func (s *Service) ListInvitations(ctx context.Context, sc tenant.Scope, after string, limit int) ([]Invitation, error) {
	if !sc.CanAdmin() {
		return nil, fmt.Errorf("%w: only an organization admin may see invitations", apperr.ErrForbidden)
	}
	return s.store.ListInvitations(ctx, sc, after, limit)
}

// RevokeInvitation withdraws a pending invitation.
func (s *Service) RevokeInvitation(ctx context.Context, sc tenant.Scope, id string) error {
	if _, err := s.store.GetInvitation(ctx, sc, id); err != nil {
		return err
	}
	if !sc.CanAdmin() {
		return fmt.Errorf("%w: only an organization admin may revoke invitations", apperr.ErrForbidden)
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.RevokeInvitation(ctx, sc, id, s.now()); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "invitation.revoke", TargetType: "invitation", TargetID: id})
	})
}

// PendingInvitation returns the invitation a token stands for, if it can still be accepted.
func (s *Service) PendingInvitation(ctx context.Context, token string) (*Invitation, error) {
	if token == "" || len(token) > 128 {
		return nil, ErrInvitationNotFound
	}
	inv, err := s.store.InvitationByToken(ctx, hashToken(token))
	if err != nil {
		return nil, err
	}
	if inv.Status(s.now()) != "pending" {
		return nil, ErrInvitationUsed
	}
	return inv, nil
}

// AcceptInput completes an invitation.
type AcceptInput struct {
	Token    string `json:"token"`
	Name     string `json:"name"`
	Password string `json:"password"`
	Language string `json:"language"`
	Timezone string `json:"timezone"`
}

// AcceptInvitation creates the invited account. The invitation is consumed in the same
// transaction, so two concurrent acceptances create one account (R3).
func (s *Service) AcceptInvitation(ctx context.Context, in AcceptInput) (*User, error) {
	inv, err := s.PendingInvitation(ctx, in.Token)
	if err != nil {
		return nil, err
	}
	var u *User
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		u, err = s.CreateUser(ctx, NewUserInput{OrgID: inv.OrgID, Email: inv.Email, Name: in.Name, Password: in.Password,
			Role: inv.Role, Language: in.Language, Timezone: in.Timezone})
		if err != nil {
			return err
		}
		ok, err := s.store.ConsumeInvitation(ctx, inv.ID, u.ID, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return ErrInvitationUsed
		}
		return s.audit.Append(ctx, audit.Entry{Action: "invitation.accept", OrgID: inv.OrgID, ActorID: u.ID,
			TargetType: "invitation", TargetID: inv.ID})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// ResetPassword sets a user's password by e-mail and ends their sessions (command line and demo
// seed only: there is no HTTP path to it).
func (s *Service) ResetPassword(ctx context.Context, email, password string) (*User, error) {
	u, err := s.store.UserForLogin(ctx, NormalizeEmail(email))
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
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		if err := s.store.RevokeUserRefreshTokens(ctx, u.ID, "", s.now()); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "user.password_reset", OrgID: u.OrgID, TargetType: "user", TargetID: u.ID})
	})
	if err != nil {
		return nil, err
	}
	return s.store.Principal(ctx, u.ID)
}
