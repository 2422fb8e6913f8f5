package store

import (
	"context"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Orgs implements org.Store.
type Orgs struct{ db *DB }

// NewOrgs returns the organization store.
func NewOrgs(db *DB) *Orgs { return &Orgs{db: db} }

var _ org.Store = (*Orgs)(nil)

const orgsTable = "organizations"

// CreateOrg inserts a tenant.
func (s *Orgs) CreateOrg(ctx context.Context, o *org.Organization) error {
	err := s.db.write(ctx).Table(orgsTable).Create(o).Error
	if isUnique(err) {
		return apperr.Invalid("slug", "taken", "an organization with this slug already exists")
	}
	return err
}

// GetOrg returns the caller's own organization only.
func (s *Orgs) GetOrg(ctx context.Context, sc tenant.Scope, id string) (*org.Organization, error) {
	if id != sc.OrgID {
		return nil, org.ErrNotFound
	}
	var o org.Organization
	err := s.db.read(ctx).Table(orgsTable).Where("id = ?", sc.OrgID).Take(&o).Error
	return &o, notFound(err, org.ErrNotFound)
}

// UpdateOrg saves the caller's own organization.
func (s *Orgs) UpdateOrg(ctx context.Context, sc tenant.Scope, o *org.Organization) error {
	if o.ID != sc.OrgID {
		return org.ErrNotFound
	}
	res := s.db.write(ctx).Table(orgsTable).Where("id = ?", sc.OrgID).Updates(map[string]any{
		"name_en": o.NameEN, "name_zh": o.NameZH, "country": o.Country, "kind": o.Kind, "field": o.Field,
		"us_state": o.USState, "is_public": o.IsPublic, "hosts_confucius_institute": o.HostsConfuciusInstitute,
		"ongo_status": o.ONGOStatus, "ongo_registration_number": o.ONGORegistrationNumber,
		"ongo_office_area": o.ONGOOfficeArea, "ongo_office_scope": o.ONGOOfficeScope, "website": o.Website,
		"updated_at": o.UpdatedAt,
	})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return org.ErrNotFound
	}
	return nil
}

// OrgDirectory lists organizations with public fields only, ordered by id, after a cursor.
func (s *Orgs) OrgDirectory(ctx context.Context, after string, limit int) ([]org.Organization, error) {
	var out []org.Organization
	q := s.db.read(ctx).Table(orgsTable).Select("id, slug, name_en, name_zh, country, kind").Order("id").Limit(limit)
	if after != "" {
		q = q.Where("id > ?", after)
	}
	return out, q.Find(&out).Error
}

// AllOrgs lists every organization, ordered by id (platform operations).
func (s *Orgs) AllOrgs(ctx context.Context, after string, limit int) ([]org.Organization, error) {
	var out []org.Organization
	q := s.db.read(ctx).Table(orgsTable).Order("id").Limit(limit)
	if after != "" {
		q = q.Where("id > ?", after)
	}
	return out, q.Find(&out).Error
}

// OrgBySlug finds an organization by slug (platform operations).
func (s *Orgs) OrgBySlug(ctx context.Context, slug string) (*org.Organization, error) {
	var o org.Organization
	err := s.db.read(ctx).Table(orgsTable).Where("slug = ?", slug).Take(&o).Error
	return &o, notFound(err, org.ErrNotFound)
}
