// Package demo seeds the demonstration data of `tracktwo demo`: a US NGO and a Chinese university
// with users of known e-mails, and (as later areas add them) the dialogues, sessions,
// participants, papers, commitments, minutes and flags between them. Seeding is idempotent: a
// second run changes nothing but the demo users' passwords.
package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Demo account e-mails (the README and the browser tests rely on them).
const (
	USAdmin     = "us-admin@tracktwo.example"
	USOrganizer = "us-organizer@tracktwo.example"
	CNAdmin     = "cn-admin@tracktwo.example"
	CNOrganizer = "cn-organizer@tracktwo.example"
)

// Result tells what the seed did.
type Result struct {
	USOrg, CNOrg *org.Organization
	Users        map[string]*auth.User
	Created      bool
}

// GeneratePassword returns a random 20-character password.
func GeneratePassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}

func ptr[T any](v T) *T { return &v }

// Seed creates the demo organizations and users if absent, and sets every demo user's password
// to password.
func Seed(ctx context.Context, a *app.App, password string) (*Result, error) {
	res := &Result{Users: map[string]*auth.User{}}
	var err error
	if res.USOrg, err = ensureOrg(ctx, a, org.Input{
		Slug: ptr("atlantic-pacific"), NameEN: ptr("Atlantic-Pacific Dialogue Center"), NameZH: ptr("大西洋-太平洋对话中心"),
		Country: ptr("US"), Kind: ptr("ngo"), Field: ptr("policy"), USState: ptr("DC"),
		ONGOStatus: ptr("temporary_filings"), Website: ptr("https://atlantic-pacific.example"),
	}, &res.Created); err != nil {
		return nil, err
	}
	if res.CNOrg, err = ensureOrg(ctx, a, org.Input{
		Slug: ptr("jinghua-university"), NameEN: ptr("Jinghua University, Institute of International Studies"),
		NameZH: ptr("京华大学国际问题研究院"), Country: ptr("CN"), Kind: ptr("university"), Field: ptr("social_science"),
		IsPublic: ptr(true), ONGOStatus: ptr("not_applicable"), Website: ptr("https://jinghua.example"),
	}, &res.Created); err != nil {
		return nil, err
	}
	people := []struct {
		email, name, lang, tz string
		org                   *org.Organization
		role                  tenant.Role
	}{
		{USAdmin, "Margaret Ellis", "en", "America/New_York", res.USOrg, tenant.RoleOwner},
		{USOrganizer, "Daniel Brooks", "en", "America/New_York", res.USOrg, tenant.RoleOrganizer},
		{CNAdmin, "李静 Li Jing", "zh", "Asia/Shanghai", res.CNOrg, tenant.RoleOwner},
		{CNOrganizer, "王磊 Wang Lei", "zh", "Asia/Shanghai", res.CNOrg, tenant.RoleOrganizer},
	}
	for _, p := range people {
		u, err := a.Auth.CreateUser(ctx, auth.NewUserInput{OrgID: p.org.ID, Email: p.email, Name: p.name,
			Password: password, Role: p.role, Language: p.lang, Timezone: p.tz})
		if errors.Is(err, auth.ErrEmailTaken) {
			if u, err = a.Auth.ResetPassword(ctx, p.email, password); err != nil {
				return nil, fmt.Errorf("demo user %s: %w", p.email, err)
			}
		} else if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", p.email, err)
		} else {
			res.Created = true
		}
		res.Users[p.email] = u
	}
	for _, ext := range extensions {
		if err := ext(ctx, a, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// extensions are the seeds of later areas (dialogues, papers, minutes, screening), run in order
// after the organizations and users exist. Each must be idempotent.
var extensions []func(ctx context.Context, a *app.App, r *Result) error

func ensureOrg(ctx context.Context, a *app.App, in org.Input, created *bool) (*org.Organization, error) {
	if o, err := a.Orgs.BySlug(ctx, *in.Slug); err == nil {
		return o, nil
	} else if !errors.Is(err, apperr.ErrNotFound) {
		return nil, err
	}
	*created = true
	return a.Orgs.Create(ctx, in)
}
