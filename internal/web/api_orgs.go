package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/org"
)

func (s *Server) apiGetOrg(c *gin.Context) {
	if !ownOrg(c) {
		return
	}
	o, err := s.orgs.Get(c.Request.Context(), scope(c), c.Param("id"))
	respond(c, http.StatusOK, o, err)
}

func (s *Server) apiUpdateOrg(c *gin.Context) {
	var in org.Input
	if !ownOrg(c) || !bindJSON(c, &in) {
		return
	}
	in.Slug = nil // the slug names the tenant in operations; it is fixed
	o, err := s.orgs.Update(c.Request.Context(), scope(c), c.Param("id"), in)
	respond(c, http.StatusOK, o, err)
}

func (s *Server) apiOrgDirectory(c *gin.Context) {
	listPage(c, func(after string, limit int) ([]orgRef, error) {
		rows, err := s.orgs.Directory(c.Request.Context(), after, limit)
		refs := make([]orgRef, len(rows))
		for i := range rows {
			refs[i] = refOf(&rows[i])
		}
		return refs, err
	}, func(o orgRef) string { return o.ID })
}

func (s *Server) apiListUsers(c *gin.Context) {
	if !ownOrg(c) {
		return
	}
	listPage(c, func(after string, limit int) ([]auth.User, error) {
		return s.auth.ListUsers(c.Request.Context(), scope(c), after, limit)
	}, func(u auth.User) string { return u.Email })
}

func (s *Server) apiGetUser(c *gin.Context) {
	if !ownOrg(c) {
		return
	}
	u, err := s.auth.GetUser(c.Request.Context(), scope(c), c.Param("user_id"))
	respond(c, http.StatusOK, u, err)
}

func (s *Server) apiUpdateUser(c *gin.Context) {
	var in auth.UserUpdate
	if !ownOrg(c) || !bindJSON(c, &in) {
		return
	}
	u, err := s.auth.UpdateUser(c.Request.Context(), scope(c), c.Param("user_id"), in)
	respond(c, http.StatusOK, u, err)
}

func (s *Server) apiListInvitations(c *gin.Context) {
	if !ownOrg(c) {
		return
	}
	listPage(c, func(after string, limit int) ([]auth.Invitation, error) {
		return s.auth.ListInvitations(c.Request.Context(), scope(c), after, limit)
	}, func(i auth.Invitation) string { return i.ID })
}

func (s *Server) apiInvite(c *gin.Context) {
	var in auth.InviteInput
	if !ownOrg(c) || !bindJSON(c, &in) {
		return
	}
	if !s.limiter.allow("invitations:"+scope(c).UserID, timeNow()) {
		apiError(c, errRateLimited)
		return
	}
	inv, err := s.auth.Invite(c.Request.Context(), scope(c), in)
	respond(c, http.StatusCreated, inv, err)
}

func (s *Server) apiRevokeInvitation(c *gin.Context) {
	if !ownOrg(c) {
		return
	}
	if err := s.auth.RevokeInvitation(c.Request.Context(), scope(c), c.Param("invitation_id")); err != nil {
		apiError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiAuditEvents(c *gin.Context) {
	// The cursor is the last sequence number seen; events come newest first.
	listPage(c, func(after string, limit int) ([]audit.Event, error) {
		before, _ := strconv.ParseInt(after, 10, 64)
		return s.audit.ForOrg(c.Request.Context(), scope(c), before, limit)
	}, func(e audit.Event) string { return strconv.FormatInt(e.Seq, 10) })
}

func (s *Server) apiPlatformOrgs(c *gin.Context) {
	listPage(c, func(after string, limit int) ([]org.Organization, error) {
		return s.orgs.PlatformList(c.Request.Context(), scope(c), after, limit)
	}, func(o org.Organization) string { return o.ID })
}

func (s *Server) apiPlatformCreateOrg(c *gin.Context) {
	var in org.Input
	if !bindJSON(c, &in) {
		return
	}
	o, err := s.orgs.PlatformCreate(c.Request.Context(), scope(c), in)
	respond(c, http.StatusCreated, o, err)
}

func (s *Server) apiPasswordReset(c *gin.Context) {
	if !ownOrg(c) {
		return
	}
	r, err := s.auth.IssuePasswordReset(c.Request.Context(), scope(c), c.Param("user_id"))
	respond(c, http.StatusCreated, r, err)
}
