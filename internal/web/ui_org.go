package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// scopeOf is a read-only scope for one organization, used where the organization is named by a
// verified credential other than a login (an invitation token).
func scopeOf(orgID string) tenant.Scope { return tenant.Scope{OrgID: orgID, Role: tenant.RoleMember} }

func (s *Server) uiDashboard(c *gin.Context) {
	s.render(c, http.StatusOK, "dashboard", s.view(c, "dashboard.title", s.dashboardData(c)))
}

// orgPage is the organization page's data: the organization and the choices of its form.
type orgPage struct {
	*org.Organization
	Countries, Kinds, Fields, ONGOStatuses []string
}

func orgForm(o *org.Organization) map[string]string {
	b := func(x bool) string {
		if x {
			return "1"
		}
		return ""
	}
	return map[string]string{"name": o.NameEN, "name_zh": o.NameZH, "country": o.Country, "kind": o.Kind,
		"field": o.Field, "ongo_status": o.ONGOStatus, "ongo_registration_number": o.ONGORegistrationNumber,
		"ongo_office_area": o.ONGOOfficeArea, "ongo_office_scope": o.ONGOOfficeScope, "us_state": o.USState,
		"is_public": b(o.IsPublic), "hosts_confucius_institute": b(o.HostsConfuciusInstitute)}
}

func (s *Server) uiOrg(c *gin.Context) {
	sc := scope(c)
	o, err := s.orgs.Get(c.Request.Context(), sc, sc.OrgID)
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.view(c, "org.title", orgPage{o, org.Countries, org.Kinds, org.Fields, org.ONGOStatuses})
	v.Form = orgForm(o)
	s.render(c, http.StatusOK, "org", v)
}

func (s *Server) uiUpdateOrg(c *gin.Context) {
	sc := scope(c)
	str := func(k string) *string { v := c.PostForm(k); return &v }
	isPublic, ci := c.PostForm("is_public") == "1", c.PostForm("hosts_confucius_institute") == "1"
	in := org.Input{NameEN: str("name"), NameZH: str("name_zh"), Country: str("country"), Kind: str("kind"),
		Field: str("field"), ONGOStatus: str("ongo_status"), ONGORegistrationNumber: str("ongo_registration_number"),
		ONGOOfficeArea: str("ongo_office_area"), ONGOOfficeScope: str("ongo_office_scope"), USState: str("us_state"),
		IsPublic: &isPublic, HostsConfuciusInstitute: &ci}
	_, err := s.orgs.Update(c.Request.Context(), sc, sc.OrgID, in)
	if err != nil {
		if !errors.Is(err, apperr.ErrInvalid) {
			s.fail(c, err)
			return
		}
		o, gerr := s.orgs.Get(c.Request.Context(), sc, sc.OrgID)
		if gerr != nil {
			s.fail(c, gerr)
			return
		}
		v := s.view(c, "org.title", orgPage{o, org.Countries, org.Kinds, org.Fields, org.ONGOStatuses})
		v.Form = map[string]string{}
		for k := range orgForm(o) {
			v.Form[k] = c.PostForm(k)
		}
		v.withErrors(err)
		s.render(c, http.StatusUnprocessableEntity, "org", v)
		return
	}
	flash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, "/org")
}

// usersPage is the user management page's data.
type usersPage struct {
	Users         []auth.User
	Invitations   []auth.Invitation
	Roles         []tenant.Role
	NewInvitation *auth.NewInvitation
	NewReset      *auth.NewPasswordReset
	Now           time.Time
}

func (s *Server) usersPage(c *gin.Context, v *View, inv *auth.NewInvitation) bool {
	sc := scope(c)
	users, err := s.auth.ListUsers(c.Request.Context(), sc, "", 200)
	if err != nil {
		s.fail(c, err)
		return false
	}
	invs, err := s.auth.ListInvitations(c.Request.Context(), sc, "", 50)
	if err != nil {
		s.fail(c, err)
		return false
	}
	v.Data = usersPage{Users: users, Invitations: invs, Roles: tenant.Roles, NewInvitation: inv, Now: time.Now()}
	return true
}

func (s *Server) uiUsers(c *gin.Context) {
	v := s.view(c, "users.title", nil)
	if s.usersPage(c, v, nil) {
		s.render(c, http.StatusOK, "users", v)
	}
}

func (s *Server) uiUpdateUser(c *gin.Context) {
	var up auth.UserUpdate
	switch c.PostForm("action") {
	case "role":
		r := tenant.Role(c.PostForm("role"))
		up.Role = &r
	case "disable", "enable":
		d := c.PostForm("action") == "disable"
		up.Disabled = &d
	default:
		s.fail(c, apperr.Invalid("action", "enum", "unknown action"))
		return
	}
	if _, err := s.auth.UpdateUser(c.Request.Context(), scope(c), c.Param("id"), up); err != nil {
		if !errors.Is(err, apperr.ErrInvalid) {
			s.fail(c, err)
			return
		}
		v := s.view(c, "users.title", nil)
		v.withErrors(err)
		if s.usersPage(c, v, nil) {
			s.render(c, http.StatusUnprocessableEntity, "users", v)
		}
		return
	}
	flash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, "/org/users")
}

func (s *Server) uiInvite(c *gin.Context) {
	v := s.view(c, "users.title", nil)
	if !s.limiter.allow("invitations:"+scope(c).UserID, timeNow()) {
		s.fail(c, errRateLimited)
		return
	}
	inv, err := s.auth.Invite(c.Request.Context(), scope(c), auth.InviteInput{Email: c.PostForm("email"), Role: tenant.Role(c.PostForm("role"))})
	status := http.StatusCreated
	if err != nil {
		if !errors.Is(err, apperr.ErrInvalid) {
			s.fail(c, err)
			return
		}
		v.Form["email"] = c.PostForm("email")
		v.withErrors(err)
		status = http.StatusUnprocessableEntity
	}
	if s.usersPage(c, v, inv) {
		s.render(c, status, "users", v)
	}
}

func (s *Server) uiIssueReset(c *gin.Context) {
	r, err := s.auth.IssuePasswordReset(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.view(c, "users.title", nil)
	if s.usersPage(c, v, nil) {
		page := v.Data.(usersPage)
		page.NewReset = r
		v.Data = page
		s.render(c, http.StatusCreated, "users", v)
	}
}

func (s *Server) uiRevokeInvitation(c *gin.Context) {
	if err := s.auth.RevokeInvitation(c.Request.Context(), scope(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	flash(c, "flash.invitation_revoked")
	c.Redirect(http.StatusSeeOther, "/org/users")
}

func (s *Server) uiAudit(c *gin.Context) {
	evs, err := s.audit.ForOrg(c.Request.Context(), scope(c), 0, 200)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "audit", s.view(c, "audit.title", evs))
}
