package web

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
)

// access says who may call a route.
type access int

const (
	// public: anyone, pages and API alike.
	public access = iota
	// page: a signed-in browser session (cookie); otherwise redirect to the login page.
	page
	// api: a Bearer token (or the session cookie); otherwise 401 problem+json.
	api
)

// route is one line of the route table. API routes carry an OpenAPI summary and the names of
// their request and response schemas (openapi.go).
type route struct {
	method string
	path   string
	access access
	// admin limits an id-less route to organization admins. Routes with ids leave the check to
	// the service, after the id is resolved in the caller's tenant, so a foreign id is a 404 for
	// everyone and only an own object can be a 403.
	admin    bool
	summary  string
	request  string
	response string
	handler  gin.HandlerFunc
}

var errNoRoute = fmt.Errorf("%w: page", apperr.ErrNotFound)

// routeTable is the one route table of Tracktwo.
func (s *Server) routeTable() []route {
	return []route{
		// Operations.
		{method: "GET", path: "/healthz", access: public, handler: s.healthz},
		{method: "GET", path: "/readyz", access: public, handler: s.readyz},

		// API: authentication and the caller.
		{method: "GET", path: "/api/v1/openapi.json", access: public, summary: "This OpenAPI document", handler: s.openapi},
		{method: "POST", path: "/api/v1/auth/login", access: public, summary: "Log in with e-mail and password", request: "LoginRequest", response: "TokenPair", handler: s.apiLogin},
		{method: "POST", path: "/api/v1/auth/refresh", access: public, summary: "Rotate a refresh token for a new token pair", request: "RefreshRequest", response: "TokenPair", handler: s.apiRefresh},
		{method: "POST", path: "/api/v1/auth/logout", access: api, summary: "End every session of the caller", handler: s.apiLogout},
		{method: "POST", path: "/api/v1/invitations/accept", access: public, summary: "Accept an invitation and create the account", request: "AcceptInvitation", response: "User", handler: s.apiAcceptInvitation},
		{method: "GET", path: "/api/v1/me", access: api, summary: "The caller, with organization and role", response: "Me", handler: s.apiMe},
		{method: "PATCH", path: "/api/v1/me", access: api, summary: "Change the caller's name, language or time zone", request: "UserUpdate", response: "Me", handler: s.apiUpdateMe},
		{method: "POST", path: "/api/v1/me/password", access: api, summary: "Change the caller's password (ends other sessions)", request: "PasswordChange", response: "TokenPair", handler: s.apiChangePassword},

		// API: organizations, users, invitations, audit.
		{method: "GET", path: "/api/v1/directory/orgs", access: api, summary: "Organizations for pickers (minimal fields)", response: "OrgList", handler: s.apiOrgDirectory},
		{method: "GET", path: "/api/v1/orgs/:id", access: api, summary: "The caller's organization", response: "Organization", handler: s.apiGetOrg},
		{method: "PATCH", path: "/api/v1/orgs/:id", access: api, summary: "Change the caller's organization", request: "OrganizationInput", response: "Organization", handler: s.apiUpdateOrg},
		{method: "GET", path: "/api/v1/orgs/:id/users", access: api, summary: "Users of the caller's organization", response: "UserList", handler: s.apiListUsers},
		{method: "GET", path: "/api/v1/orgs/:id/users/:user_id", access: api, summary: "One user of the caller's organization", response: "User", handler: s.apiGetUser},
		{method: "PATCH", path: "/api/v1/orgs/:id/users/:user_id", access: api, summary: "Change a user's role or disable them", request: "UserUpdate", response: "User", handler: s.apiUpdateUser},
		{method: "GET", path: "/api/v1/orgs/:id/invitations", access: api, summary: "Invitations of the caller's organization", response: "InvitationList", handler: s.apiListInvitations},
		{method: "POST", path: "/api/v1/orgs/:id/invitations", access: api, summary: "Invite someone to the organization", request: "InvitationInput", response: "NewInvitation", handler: s.apiInvite},
		{method: "DELETE", path: "/api/v1/orgs/:id/invitations/:invitation_id", access: api, summary: "Revoke a pending invitation", handler: s.apiRevokeInvitation},
		{method: "GET", path: "/api/v1/audit-events", access: api, admin: true, summary: "The organization's audit log, newest first", response: "AuditList", handler: s.apiAuditEvents},

		// API: screening (watchlists, search, rules).
		{method: "GET", path: "/api/v1/watchlists", access: api, summary: "Watchlists screened against: platform-wide and the organization's own", response: "WatchlistList", handler: s.apiWatchlists},
		{method: "POST", path: "/api/v1/watchlists", access: api, summary: "Import a watchlist (multipart: format ofac|csl|csv, file...); replaces the list atomically", request: "WatchlistUpload", response: "WatchlistImport", handler: s.apiImportWatchlist},
		{method: "GET", path: "/api/v1/screening/search", access: api, summary: "Screen a name against the watchlists (?name=&birth_date=&nationality=&employer=&list=&limit=)", response: "ScreeningHitList", handler: s.apiScreeningSearch},
		{method: "GET", path: "/api/v1/rules", access: api, summary: "The loaded restriction rules with their citations", response: "RuleList", handler: s.apiRules},

		// Pages.
		{method: "GET", path: "/login", access: public, handler: s.uiLoginForm},
		{method: "POST", path: "/login", access: public, handler: s.uiLogin},
		{method: "POST", path: "/language", access: public, handler: s.uiSetLanguage},
		{method: "GET", path: "/invitations/:token", access: public, handler: s.uiInvitationForm},
		{method: "POST", path: "/invitations/:token", access: public, handler: s.uiAcceptInvitation},
		{method: "GET", path: "/", access: page, handler: s.uiDashboard},
		{method: "POST", path: "/logout", access: page, handler: s.uiLogout},
		{method: "GET", path: "/account", access: page, handler: s.uiAccount},
		{method: "POST", path: "/account", access: page, handler: s.uiUpdateAccount},
		{method: "POST", path: "/account/password", access: page, handler: s.uiChangePassword},
		{method: "GET", path: "/org", access: page, handler: s.uiOrg},
		{method: "POST", path: "/org", access: page, admin: true, handler: s.uiUpdateOrg},
		{method: "GET", path: "/org/users", access: page, admin: true, handler: s.uiUsers},
		{method: "POST", path: "/org/users/:id", access: page, handler: s.uiUpdateUser},
		{method: "POST", path: "/org/invitations", access: page, admin: true, handler: s.uiInvite},
		{method: "POST", path: "/org/invitations/:id/revoke", access: page, handler: s.uiRevokeInvitation},
		{method: "GET", path: "/org/audit", access: page, admin: true, handler: s.uiAudit},
		{method: "GET", path: "/screening", access: page, handler: s.uiScreening},
		{method: "POST", path: "/screening/watchlists", access: page, admin: true, handler: s.uiImportWatchlist},
		{method: "GET", path: "/screening/rules", access: page, handler: s.uiRules},
	}
}

// register adds the route table to the engine with each route's authentication.
func (s *Server) register(e *gin.Engine) {
	for _, r := range s.routes {
		var chain []gin.HandlerFunc
		switch r.access {
		case page:
			chain = append(chain, s.uiAuth())
		case api:
			chain = append(chain, s.apiAuth())
		case public:
			chain = append(chain, s.optionalUser())
		}
		if r.admin {
			chain = append(chain, s.requireAdmin())
		}
		chain = append(chain, r.handler)
		e.Handle(r.method, r.path, chain...)
	}
}
