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
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, o)
}

func (s *Server) apiUpdateOrg(c *gin.Context) {
	if !ownOrg(c) {
		return
	}
	var in org.Input
	if !bindJSON(c, &in) {
		return
	}
	in.Slug = nil // the slug names the tenant in operations; it is fixed
	o, err := s.orgs.Update(c.Request.Context(), scope(c), c.Param("id"), in)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, o)
}

func (s *Server) apiOrgDirectory(c *gin.Context) {
	limit, after, err := pageParams(c)
	if err != nil {
		apiError(c, err)
		return
	}
	rows, err := s.orgs.Directory(c.Request.Context(), after, limit+1)
	if err != nil {
		apiError(c, err)
		return
	}
	refs := make([]orgRef, len(rows))
	for i := range rows {
		refs[i] = refOf(&rows[i])
	}
	c.JSON(http.StatusOK, pageOf(refs, limit, func(o orgRef) string { return o.ID }))
}

func (s *Server) apiListUsers(c *gin.Context) {
	if !ownOrg(c) {
		return
	}
	limit, after, err := pageParams(c)
	if err != nil {
		apiError(c, err)
		return
	}
	rows, err := s.auth.ListUsers(c.Request.Context(), scope(c), after, limit+1)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(rows, limit, func(u auth.User) string { return u.Email }))
}

func (s *Server) apiGetUser(c *gin.Context) {
	if !ownOrg(c) {
		return
	}
	u, err := s.auth.GetUser(c.Request.Context(), scope(c), c.Param("user_id"))
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

func (s *Server) apiUpdateUser(c *gin.Context) {
	if !ownOrg(c) {
		return
	}
	var in auth.UserUpdate
	if !bindJSON(c, &in) {
		return
	}
	u, err := s.auth.UpdateUser(c.Request.Context(), scope(c), c.Param("user_id"), in)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

func (s *Server) apiListInvitations(c *gin.Context) {
	if !ownOrg(c) {
		return
	}
	limit, after, err := pageParams(c)
	if err != nil {
		apiError(c, err)
		return
	}
	rows, err := s.auth.ListInvitations(c.Request.Context(), scope(c), after, limit+1)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(rows, limit, func(i auth.Invitation) string { return i.ID }))
}

func (s *Server) apiInvite(c *gin.Context) {
	if !ownOrg(c) {
		return
	}
	var in auth.InviteInput
	if !bindJSON(c, &in) {
		return
	}
	if !s.limiter.allow("invitations:"+scope(c).UserID, timeNow()) {
		apiError(c, errRateLimited)
		return
	}
	inv, err := s.auth.Invite(c.Request.Context(), scope(c), in)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusCreated, inv)
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
	limit, after, err := pageParams(c)
	if err != nil {
		apiError(c, err)
		return
	}
	before, _ := strconv.ParseInt(after, 10, 64) // the cursor is the last sequence number seen
	evs, err := s.audit.ForOrg(c.Request.Context(), scope(c), before, limit+1)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(evs, limit, func(e audit.Event) string { return strconv.FormatInt(e.Seq, 10) }))
}

func (s *Server) apiPlatformOrgs(c *gin.Context) {
	limit, after, err := pageParams(c)
	if err != nil {
		apiError(c, err)
		return
	}
	rows, err := s.orgs.PlatformList(c.Request.Context(), scope(c), after, limit+1)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(rows, limit, func(o org.Organization) string { return o.ID }))
}

func (s *Server) apiPlatformCreateOrg(c *gin.Context) {
	var in org.Input
	if !bindJSON(c, &in) {
		return
	}
	o, err := s.orgs.PlatformCreate(c.Request.Context(), scope(c), in)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusCreated, o)
}
