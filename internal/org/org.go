// Package org holds organizations, Tracktwo's tenants: universities, NGOs, think tanks and
// foundations of both sides, with their standing under China's Overseas NGO Law.
package org

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// ErrNotFound is returned for a missing or foreign organization.
var ErrNotFound = fmt.Errorf("%w: organization", apperr.ErrNotFound)

// Countries an organization may be based in (ISO 3166-1 alpha-2; OTHER for the rest).
var Countries = []string{"US", "CN", "HK", "MO", "TW", "OTHER"}

// Kinds of organization.
var Kinds = []string{"ngo", "university", "think_tank", "foundation", "research_institute", "association", "other"}

// Fields distinguish natural-science/engineering exchanges from social-science/policy ones
// (RULES.md, CN-ONGO-ACADEMIC-EXEMPT).
var Fields = []string{"natural_science", "engineering", "social_science", "policy", "mixed"}

// ONGOStatuses is an organization's standing under the Overseas NGO Law: a registered
// representative office, temporary-activity filings only, none, or not applicable (mainland
// organizations).
var ONGOStatuses = []string{"registered_office", "temporary_filings", "none", "not_applicable"}

// Organization is a tenant.
type Organization struct {
	ID                      string    `json:"id"`
	Slug                    string    `json:"slug"`
	NameEN                  string    `json:"name"`
	NameZH                  string    `json:"name_zh"`
	Country                 string    `json:"country"`
	Kind                    string    `json:"kind"`
	Field                   string    `json:"field"`
	USState                 string    `json:"us_state,omitempty"`
	IsPublic                bool      `json:"is_public"`
	HostsConfuciusInstitute bool      `json:"hosts_confucius_institute"`
	ONGOStatus              string    `json:"ongo_status"`
	ONGORegistrationNumber  string    `json:"ongo_registration_number,omitempty"`
	ONGOOfficeArea          string    `json:"ongo_office_area,omitempty"`
	ONGOOfficeScope         string    `json:"ongo_office_scope,omitempty"`
	Website                 string    `json:"website,omitempty"`
	CreatedAt               time.Time `json:"created_at"`
	UpdatedAt               time.Time `json:"updated_at"`
}

// Side is the side of the dialogue the organization sits on: "CN" for mainland, Hong Kong and
// Macao organizations, "US" for the rest (first use of Tracktwo is US–China).
func (o *Organization) Side() string {
	switch o.Country {
	case "CN", "HK", "MO":
		return "CN"
	}
	return "US"
}

// Name returns the organization's name in lang, falling back to English.
func (o *Organization) Name(lang string) string {
	if lang == "zh" && o.NameZH != "" {
		return o.NameZH
	}
	return o.NameEN
}

// Overseas reports whether the Overseas NGO Law treats the organization as overseas (anything
// outside mainland China, including Hong Kong, Macao and Taiwan).
func (o *Organization) Overseas() bool { return o.Country != "CN" }

// Input is what a caller may set on an organization. Pointer fields are optional on update.
type Input struct {
	Slug                    *string `json:"slug"`
	NameEN                  *string `json:"name"`
	NameZH                  *string `json:"name_zh"`
	Country                 *string `json:"country"`
	Kind                    *string `json:"kind"`
	Field                   *string `json:"field"`
	USState                 *string `json:"us_state"`
	IsPublic                *bool   `json:"is_public"`
	HostsConfuciusInstitute *bool   `json:"hosts_confucius_institute"`
	ONGOStatus              *string `json:"ongo_status"`
	ONGORegistrationNumber  *string `json:"ongo_registration_number"`
	ONGOOfficeArea          *string `json:"ongo_office_area"`
	ONGOOfficeScope         *string `json:"ongo_office_scope"`
	Website                 *string `json:"website"`
}

// Store is what the org service needs from storage.
type Store interface {
	// CreateOrg inserts a new tenant (platform operation: no scope).
	CreateOrg(ctx context.Context, o *Organization) error
	// GetOrg returns the caller's own organization; any other id is ErrNotFound.
	GetOrg(ctx context.Context, s tenant.Scope, id string) (*Organization, error)
	// UpdateOrg saves the caller's own organization.
	UpdateOrg(ctx context.Context, s tenant.Scope, o *Organization) error
	// OrgDirectory lists organizations with minimal public fields (for pickers), paginated.
	OrgDirectory(ctx context.Context, after string, limit int) ([]Organization, error)
	// AllOrgs lists every organization (platform operation), paginated by id.
	AllOrgs(ctx context.Context, after string, limit int) ([]Organization, error)
	// OrgBySlug finds an organization for the command line (platform operation).
	OrgBySlug(ctx context.Context, slug string) (*Organization, error)
}

// Auditor records changes.
type Auditor interface {
	Record(ctx context.Context, action, targetType, targetID string, details map[string]any)
}

// Observer is told, after an organization's change has been saved, that its facts changed: the
// screening service recomputes the flags of the sessions it organizes, convenes or brings
// participants to. It reports its own failures (the change stands; the background sweep
// catches up).
type Observer interface {
	OrgChanged(ctx context.Context, orgID string)
}

// Service holds the organization rules.
type Service struct {
	store    Store
	audit    Auditor
	now      func() time.Time
	newID    func() string
	observer Observer
}

// Observe sets who is told of changes that matter to screening (nil: nobody).
func (s *Service) Observe(o Observer) { s.observer = o }

// NewService builds the service.
func NewService(st Store, a Auditor, now func() time.Time, newID func() string) *Service {
	return &Service{store: st, audit: a, now: now, newID: newID}
}

var slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)

// Create makes a new organization (platform admin or the command line).
func (s *Service) Create(ctx context.Context, in Input) (*Organization, error) {
	o := &Organization{Field: "social_science", ONGOStatus: "none"}
	if err := apply(o, in, true); err != nil {
		return nil, err
	}
	now := s.now()
	o.ID, o.CreatedAt, o.UpdatedAt = s.newID(), now, now
	if err := s.store.CreateOrg(ctx, o); err != nil {
		return nil, err
	}
	s.audit.Record(tenant.With(ctx, tenant.Scope{OrgID: o.ID}), "org.create", "organization", o.ID, map[string]any{"slug": o.Slug})
	return o, nil
}

// Get returns the caller's organization.
func (s *Service) Get(ctx context.Context, sc tenant.Scope, id string) (*Organization, error) {
	return s.store.GetOrg(ctx, sc, id)
}

// Update changes the caller's organization; only admins may.
func (s *Service) Update(ctx context.Context, sc tenant.Scope, id string, in Input) (*Organization, error) {
	o, err := s.store.GetOrg(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if !sc.CanAdmin() {
		return nil, fmt.Errorf("%w: only an organization admin may change it", apperr.ErrForbidden)
	}
	if err := apply(o, in, false); err != nil {
		return nil, err
	}
	o.UpdatedAt = s.now()
	if err := s.store.UpdateOrg(ctx, sc, o); err != nil {
		return nil, err
	}
	s.audit.Record(ctx, "org.update", "organization", o.ID, nil)
	if s.observer != nil {
		s.observer.OrgChanged(ctx, o.ID)
	}
	return o, nil
}

// ErrNotPlatformAdmin hides platform operations from everyone else (they answer 404).
var ErrNotPlatformAdmin = fmt.Errorf("%w: page", apperr.ErrNotFound)

// PlatformCreate creates an organization for a platform administrator.
func (s *Service) PlatformCreate(ctx context.Context, sc tenant.Scope, in Input) (*Organization, error) {
	if !sc.PlatformAdmin {
		return nil, ErrNotPlatformAdmin
	}
	return s.Create(ctx, in)
}

// PlatformList lists every organization with all its fields, for a platform administrator.
func (s *Service) PlatformList(ctx context.Context, sc tenant.Scope, after string, limit int) ([]Organization, error) {
	if !sc.PlatformAdmin {
		return nil, ErrNotPlatformAdmin
	}
	return s.store.AllOrgs(ctx, after, limit)
}

// Directory lists organizations for pickers (minimal fields).
func (s *Service) Directory(ctx context.Context, after string, limit int) ([]Organization, error) {
	return s.store.OrgDirectory(ctx, after, limit)
}

// BySlug finds an organization by its slug (command line).
func (s *Service) BySlug(ctx context.Context, slug string) (*Organization, error) {
	return s.store.OrgBySlug(ctx, slug)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func set(dst *string, src *string) {
	if src != nil {
		*dst = strings.TrimSpace(*src)
	}
}

// apply validates in and copies it onto o; create requires the mandatory fields.
func apply(o *Organization, in Input, create bool) error {
	set(&o.Slug, in.Slug)
	set(&o.NameEN, in.NameEN)
	set(&o.NameZH, in.NameZH)
	set(&o.Country, in.Country)
	set(&o.Kind, in.Kind)
	set(&o.Field, in.Field)
	set(&o.USState, in.USState)
	set(&o.ONGOStatus, in.ONGOStatus)
	set(&o.ONGORegistrationNumber, in.ONGORegistrationNumber)
	set(&o.ONGOOfficeArea, in.ONGOOfficeArea)
	set(&o.ONGOOfficeScope, in.ONGOOfficeScope)
	set(&o.Website, in.Website)
	if in.IsPublic != nil {
		o.IsPublic = *in.IsPublic
	}
	if in.HostsConfuciusInstitute != nil {
		o.HostsConfuciusInstitute = *in.HostsConfuciusInstitute
	}
	o.Country = strings.ToUpper(o.Country)
	o.USState = strings.ToUpper(o.USState)
	var v apperr.Validator
	if create || in.Slug != nil {
		v.Check(slugRe.MatchString(o.Slug), "slug", "format", "use 2–63 lowercase letters, digits and hyphens")
	}
	v.Check(o.NameEN != "" && utf8.RuneCountInString(o.NameEN) <= 200, "name", "required", "give the English name (at most 200 characters)")
	v.Check(utf8.RuneCountInString(o.NameZH) <= 200, "name_zh", "length", "at most 200 characters")
	v.Check(contains(Countries, o.Country), "country", "enum", "must be one of %s", strings.Join(Countries, ", "))
	v.Check(contains(Kinds, o.Kind), "kind", "enum", "must be one of %s", strings.Join(Kinds, ", "))
	v.Check(contains(Fields, o.Field), "field", "enum", "must be one of %s", strings.Join(Fields, ", "))
	v.Check(contains(ONGOStatuses, o.ONGOStatus), "ongo_status", "enum", "must be one of %s", strings.Join(ONGOStatuses, ", "))
	if o.Country == "CN" && o.ONGOStatus != "" && o.ONGOStatus != "not_applicable" && o.ONGOStatus != "none" {
		v.Add("ongo_status", "not_applicable", "a mainland organization is not an overseas NGO")
	}
	if o.ONGOStatus == "registered_office" {
		v.Check(o.ONGORegistrationNumber != "", "ongo_registration_number", "required", "a registered representative office has a registration number")
		v.Check(o.ONGOOfficeArea != "", "ongo_office_area", "required", "give the area the registration covers")
		v.Check(o.ONGOOfficeScope != "", "ongo_office_scope", "required", "give the scope of activities the registration covers")
	}
	if o.USState != "" {
		v.Check(o.Country == "US", "us_state", "country", "only US organizations have a US state")
		v.Check(len(o.USState) == 2, "us_state", "format", "use the two-letter postal code, e.g. FL")
	}
	if o.Website != "" {
		v.Check(strings.HasPrefix(o.Website, "https://") || strings.HasPrefix(o.Website, "http://"), "website", "format", "must start with https://")
	}
	return v.Err()
}
