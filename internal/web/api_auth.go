package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/org"
)

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (s *Server) apiLogin(c *gin.Context) {
	var in loginRequest
	if !bindJSON(c, &in) {
		return
	}
	if !s.loginAllowed(c, in.Email) {
		c.Header("Retry-After", "60")
		apiError(c, apperr.ErrRateLimited)
		return
	}
	_, pair, err := s.auth.Login(c.Request.Context(), in.Email, in.Password)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, pair)
}

type refreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

func (s *Server) apiRefresh(c *gin.Context) {
	var in refreshRequest
	if !bindJSON(c, &in) {
		return
	}
	if !s.limiter.allow("refresh:"+c.ClientIP(), timeNow()) {
		apiError(c, apperr.ErrRateLimited)
		return
	}
	_, pair, err := s.auth.Refresh(c.Request.Context(), in.RefreshToken)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, pair)
}

func (s *Server) apiLogout(c *gin.Context) {
	if err := s.auth.Logout(c.Request.Context(), scope(c).UserID); err != nil {
		apiError(c, err)
		return
	}
	s.clearSession(c)
	c.Status(http.StatusNoContent)
}

// meView is GET /api/v1/me.
type meView struct {
	*auth.User
	Org  orgRef `json:"org"`
	Role string `json:"role"`
}

// orgRef is an organization as lists and pickers show it.
type orgRef auth.OrgSummary

func refOf(o *org.Organization) orgRef {
	return orgRef{ID: o.ID, Name: o.NameEN, NameZH: o.NameZH, Country: o.Country}
}

func (s *Server) me(c *gin.Context, u *auth.User) {
	c.JSON(http.StatusOK, meView{User: u, Org: orgRef(u.Org), Role: string(u.Role)})
}

func (s *Server) apiMe(c *gin.Context) { s.me(c, currentUser(c)) }

// meUpdate is what a user may change on themselves (no role, no organization: A6).
type meUpdate struct {
	Name     *string `json:"name"`
	Language *string `json:"language"`
	Timezone *string `json:"timezone"`
}

func (s *Server) apiUpdateMe(c *gin.Context) {
	var in meUpdate
	if !bindJSON(c, &in) {
		return
	}
	sc := scope(c)
	u, err := s.auth.UpdateUser(c.Request.Context(), sc, sc.UserID, auth.UserUpdate{Name: in.Name, Language: in.Language, Timezone: in.Timezone})
	if err != nil {
		apiError(c, err)
		return
	}
	s.me(c, u)
}

type passwordChange struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

func (s *Server) apiChangePassword(c *gin.Context) {
	var in passwordChange
	if !bindJSON(c, &in) {
		return
	}
	pair, err := s.auth.ChangePassword(c.Request.Context(), scope(c), in.CurrentPassword, in.NewPassword)
	if err != nil {
		apiError(c, err)
		return
	}
	if _, err := c.Cookie(cookieAccess); err == nil {
		s.setSession(c, pair)
	}
	c.JSON(http.StatusOK, pair)
}

func (s *Server) apiAcceptInvitation(c *gin.Context) {
	var in auth.AcceptInput
	if !bindJSON(c, &in) {
		return
	}
	if !s.limiter.allow("invite:"+c.ClientIP(), timeNow()) {
		apiError(c, apperr.ErrRateLimited)
		return
	}
	u, err := s.auth.AcceptInvitation(c.Request.Context(), in)
	respond(c, http.StatusCreated, u, err)
}
