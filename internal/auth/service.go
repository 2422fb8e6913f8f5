package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/mail"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Config tunes the service.
type Config struct {
	Issuer            string
	Audience          string
	AccessTTL         time.Duration
	RefreshTTL        time.Duration
	InvitationTTL     time.Duration
	MinPasswordLength int
	// BaseURL builds links sent to people (S11: never the request's Host header).
	BaseURL string
}

// Service holds the authentication and account rules.
type Service struct {
	cfg   Config
	store Store
	tx    Transactor
	keys  *Keyring
	audit Auditor
	now   func() time.Time
	newID func() string
}

// NewService builds the service.
func NewService(cfg Config, st Store, tx Transactor, keys *Keyring, a Auditor, now func() time.Time, newID func() string) *Service {
	return &Service{cfg: cfg, store: st, tx: tx, keys: keys, audit: a, now: now, newID: newID}
}

// Keyring returns the signing keyring (for rotation from the command line).
func (s *Service) Keyring() *Keyring { return s.keys }

// TokenPair is what a login or refresh returns.
type TokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

// NormalizeEmail lower-cases and trims an address.
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// hashToken hashes an opaque token for storage.
func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// randomToken returns 256 random bits, URL-safe.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Login checks the password and starts a new token family.
func (s *Service) Login(ctx context.Context, email, password string) (*User, *TokenPair, error) {
	email = NormalizeEmail(email)
	u, err := s.store.UserForLogin(ctx, email)
	if err != nil && !errors.Is(err, ErrUserNotFound) {
		return nil, nil, err
	}
	if len(password) > MaxPasswordLength {
		password = password[:MaxPasswordLength]
	}
	if u == nil {
		_, _ = VerifyPassword(dummyHash(), password) // same work as a real check (S10)
		s.audit.Fail(ctx, "auth.login", audit.Entry{Details: map[string]any{"reason": "unknown e-mail"}})
		return nil, nil, ErrBadCredentials
	}
	ok, err := VerifyPassword(u.PasswordHash, password)
	if err != nil {
		return nil, nil, err
	}
	if !ok || u.DisabledAt != nil {
		reason := "wrong password"
		if ok {
			reason = "account disabled"
		}
		s.audit.Fail(ctx, "auth.login", audit.Entry{OrgID: u.OrgID, ActorID: u.ID, Details: map[string]any{"reason": reason}})
		return nil, nil, ErrBadCredentials
	}
	var pair *TokenPair
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if pair, err = s.issue(ctx, u, s.newID(), s.now().Add(s.cfg.RefreshTTL)); err != nil {
			return err
		}
		if err := s.store.TouchLogin(ctx, u.ID, s.now()); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "auth.login", OrgID: u.OrgID, ActorID: u.ID})
	})
	if err != nil {
		return nil, nil, err
	}
	return u, pair, nil
}

// issue makes an access token and a refresh token in family, expiring at the family's absolute
// end.
func (s *Service) issue(ctx context.Context, u *User, family string, familyEnd time.Time) (*TokenPair, error) {
	now := s.now()
	access, err := s.keys.sign(AccessClaims{
		OrgID:   u.OrgID,
		Version: u.TokenVersion,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    s.cfg.Issuer,
			Subject:   u.ID,
			Audience:  jwt.ClaimStrings{s.cfg.Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(s.cfg.AccessTTL)),
			ID:        s.newID(),
		},
	})
	if err != nil {
		return nil, err
	}
	refresh := randomToken()
	rt := &RefreshToken{ID: s.newID(), UserID: u.ID, FamilyID: family, TokenHash: hashToken(refresh),
		ExpiresAt: familyEnd, CreatedAt: now}
	if err := s.store.CreateRefreshToken(ctx, rt); err != nil {
		return nil, err
	}
	return &TokenPair{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer", ExpiresIn: int(s.cfg.AccessTTL.Seconds())}, nil
}

// Refresh rotates a refresh token: the old one is used up and a new pair is returned. Presenting
// a used token again is reuse: the whole family is revoked and the event audited (S5).
func (s *Service) Refresh(ctx context.Context, refresh string) (*User, *TokenPair, error) {
	if refresh == "" || len(refresh) > 128 {
		return nil, nil, ErrInvalidToken
	}
	now := s.now()
	var u *User
	var pair *TokenPair
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		rt, first, err := s.store.UseRefreshToken(ctx, hashToken(refresh), now)
		if err != nil {
			return err
		}
		if !first {
			if err := s.store.RevokeRefreshFamily(ctx, rt.FamilyID, now); err != nil {
				return err
			}
			u0, _ := s.store.Principal(ctx, rt.UserID)
			e := audit.Entry{Action: "auth.refresh_reuse", Outcome: "denied", ActorID: rt.UserID, TargetType: "token_family", TargetID: rt.FamilyID}
			if u0 != nil {
				e.OrgID = u0.OrgID
			}
			return s.audit.Append(ctx, e)
		}
		if !now.Before(rt.ExpiresAt) {
			return ErrInvalidToken
		}
		if u, err = s.store.Principal(ctx, rt.UserID); err != nil {
			return err
		}
		if u.DisabledAt != nil {
			return ErrInvalidToken
		}
		pair, err = s.issue(ctx, u, rt.FamilyID, rt.ExpiresAt)
		return err
	})
	if errors.Is(err, ErrUserNotFound) {
		return nil, nil, ErrInvalidToken
	}
	if err != nil {
		return nil, nil, err
	}
	if pair == nil { // reuse: the family is revoked and the event recorded
		return nil, nil, ErrInvalidToken
	}
	return u, pair, nil
}

// Authenticate verifies an access token and loads the caller: the token must be valid and the
// user enabled, in the token's organization, with a token version no older than the user's
// current one (S6: logout, password change, role removal or disable end other sessions at once).
func (s *Service) Authenticate(ctx context.Context, raw string) (*User, error) {
	if raw == "" || len(raw) > 4096 {
		return nil, ErrInvalidToken
	}
	claims, err := s.keys.verify(ctx, raw, s.cfg.Issuer, s.cfg.Audience)
	if err != nil {
		return nil, ErrInvalidToken
	}
	u, err := s.store.Principal(ctx, claims.Subject)
	if err != nil {
		if errors.Is(err, ErrUserNotFound) {
			return nil, ErrInvalidToken
		}
		return nil, err
	}
	if u.DisabledAt != nil || u.OrgID != claims.OrgID || claims.Version != u.TokenVersion {
		return nil, ErrInvalidToken
	}
	return u, nil
}

// Logout ends every session of the user: refresh tokens revoked, access tokens invalidated.
func (s *Service) Logout(ctx context.Context, userID string) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.RevokeUserRefreshTokens(ctx, userID, "", s.now()); err != nil {
			return err
		}
		if err := s.store.BumpTokenVersion(ctx, userID); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "auth.logout", ActorID: userID})
	})
}

// ChangePassword checks the current password, stores the new one, ends every other session and
// returns a fresh token pair for this one.
func (s *Service) ChangePassword(ctx context.Context, sc tenant.Scope, current, next string) (*TokenPair, error) {
	u, err := s.store.GetUser(ctx, sc, sc.UserID)
	if err != nil {
		return nil, err
	}
	ok, err := VerifyPassword(u.PasswordHash, current)
	if err != nil {
		return nil, err
	}
	if !ok {
		s.audit.Fail(ctx, "auth.password_change", audit.Entry{Details: map[string]any{"reason": "wrong current password"}})
		return nil, apperr.Invalid("current_password", "wrong", "the current password is wrong")
	}
	if p := PasswordProblem(next, u.Email, s.cfg.MinPasswordLength); p != "" {
		return nil, apperr.Invalid("new_password", "weak", "%s", p)
	}
	hash, err := HashPassword(next)
	if err != nil {
		return nil, err
	}
	var pair *TokenPair
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		if err := s.store.RevokeUserRefreshTokens(ctx, u.ID, "", s.now()); err != nil {
			return err
		}
		fresh, err := s.store.Principal(ctx, u.ID)
		if err != nil {
			return err
		}
		if pair, err = s.issue(ctx, fresh, s.newID(), s.now().Add(s.cfg.RefreshTTL)); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "auth.password_change", TargetType: "user", TargetID: u.ID})
	})
	return pair, err
}

// validEmail checks an address for accounts and invitations.
func validEmail(e string) bool {
	if len(e) > 254 || strings.ContainsAny(e, "\r\n<> ") {
		return false
	}
	a, err := mail.ParseAddress(e)
	return err == nil && a.Address == e && strings.Contains(e[strings.LastIndex(e, "@"):], ".")
}

// NewUserInput describes an account to create.
type NewUserInput struct {
	OrgID         string
	Email         string
	Name          string
	Password      string
	Role          tenant.Role
	Language      string
	Timezone      string
	PlatformAdmin bool
}

// CreateUser makes an account (command line, demo, invitation acceptance).
func (s *Service) CreateUser(ctx context.Context, in NewUserInput) (*User, error) {
	in.Email = NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	var v apperr.Validator
	v.Check(validEmail(in.Email), "email", "format", "give a valid e-mail address")
	v.Check(in.Name != "" && len(in.Name) <= 200, "name", "required", "give a name (at most 200 characters)")
	v.Check(in.Role.Valid(), "role", "enum", "must be owner, admin, organizer or member")
	if in.Language == "" {
		in.Language = "en"
	}
	if in.Timezone == "" {
		in.Timezone = "UTC"
	}
	v.Check(in.Language == "en" || in.Language == "zh", "language", "enum", "must be en or zh")
	if _, err := time.LoadLocation(in.Timezone); err != nil || in.Timezone == "Local" {
		v.Add("timezone", "zone", "not an IANA time zone such as America/New_York")
	}
	if p := PasswordProblem(in.Password, in.Email, s.cfg.MinPasswordLength); p != "" {
		v.Add("password", "weak", "%s", p)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	now := s.now()
	u := &User{ID: s.newID(), OrgID: in.OrgID, Email: in.Email, Name: in.Name, PasswordHash: hash, Role: in.Role,
		Language: in.Language, Timezone: in.Timezone, PlatformAdmin: in.PlatformAdmin, TokenVersion: 1,
		CreatedAt: now, UpdatedAt: now}
	if err := s.store.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	if err := s.audit.Append(ctx, audit.Entry{Action: "user.create", OrgID: u.OrgID, TargetType: "user", TargetID: u.ID,
		Details: map[string]any{"role": string(u.Role)}}); err != nil {
		return nil, err
	}
	return u, nil
}
