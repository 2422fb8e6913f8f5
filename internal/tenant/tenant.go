// Package tenant carries the caller's organization through the layers. Every store method on
// tenant-owned data takes a Scope as its first argument and puts Scope.OrgID in its WHERE clause.
package tenant

import "context"

// Role is a user's role in their organization.
type Role string

// The roles, from most to least powerful.
const (
	RoleOwner     Role = "owner"
	RoleAdmin     Role = "admin"
	RoleOrganizer Role = "organizer"
	RoleMember    Role = "member"
)

// Roles lists every role in order of decreasing power.
var Roles = []Role{RoleOwner, RoleAdmin, RoleOrganizer, RoleMember}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleOwner, RoleAdmin, RoleOrganizer, RoleMember:
		return true
	}
	return false
}

// rank orders roles; higher is more powerful.
func (r Role) rank() int {
	switch r {
	case RoleOwner:
		return 4
	case RoleAdmin:
		return 3
	case RoleOrganizer:
		return 2
	case RoleMember:
		return 1
	}
	return 0
}

// AtLeast reports whether r is as powerful as min.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() }

// Scope is the verified caller: their organization, user id and role. It is built once per
// request by the web middleware from the verified token and the membership table.
type Scope struct {
	OrgID         string
	UserID        string
	Role          Role
	PlatformAdmin bool
}

// CanAdmin reports whether the caller administers their organization.
func (s Scope) CanAdmin() bool { return s.Role.AtLeast(RoleAdmin) }

// CanOrganize reports whether the caller may organize dialogues and sessions.
func (s Scope) CanOrganize() bool { return s.Role.AtLeast(RoleOrganizer) }

type ctxKey struct{}

// With returns a context carrying s.
func With(ctx context.Context, s Scope) context.Context { return context.WithValue(ctx, ctxKey{}, s) }

// From returns the scope carried by ctx.
func From(ctx context.Context) (Scope, bool) {
	s, ok := ctx.Value(ctxKey{}).(Scope)
	return s, ok && s.OrgID != ""
}
