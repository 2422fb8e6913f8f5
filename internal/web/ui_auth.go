package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/auth"
)

// safeNext keeps a post-login redirect on this site: a local absolute path only.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

func (s *Server) uiLoginForm(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, "/")
		return
	}
	v := s.view(c, "login.title", nil)
	v.Form["next"] = safeNext(c.Query("next"))
	s.render(c, http.StatusOK, "login", v)
}

func (s *Server) uiLogin(c *gin.Context) {
	email, pw := c.PostForm("email"), c.PostForm("password")
	v := s.view(c, "login.title", nil)
	v.Form["email"], v.Form["next"] = email, safeNext(c.PostForm("next"))
	if !s.loginAllowed(c, email) {
		v.Errors["_form"] = v.T("login.rate_limited")
		c.Header("Retry-After", "60")
		s.render(c, http.StatusTooManyRequests, "login", v)
		return
	}
	_, pair, err := s.auth.Login(c.Request.Context(), email, pw)
	if err != nil {
		status, _, _ := classify(err)
		if status == http.StatusInternalServerError {
			s.fail(c, err)
			return
		}
		v.Errors["_form"] = v.T("login.failed")
		s.render(c, http.StatusUnauthorized, "login", v)
		return
	}
	s.setSession(c, pair)
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
}

func (s *Server) uiLogout(c *gin.Context) {
	if err := s.auth.Logout(c.Request.Context(), scope(c).UserID); err != nil {
		s.fail(c, err)
		return
	}
	s.clearSession(c)
	flash(c, "flash.logged_out")
	c.Redirect(http.StatusSeeOther, "/login")
}

// uiSetLanguage switches the UI language: saved in the user's profile when signed in, in a
// cookie otherwise.
func (s *Server) uiSetLanguage(c *gin.Context) {
	lang := normLang(c.PostForm("lang"))
	if lang == "" {
		lang = "en"
	}
	if u := currentUser(c); u != nil {
		if _, err := s.auth.UpdateUser(c.Request.Context(), u.Scope(), u.ID, auth.UserUpdate{Language: &lang}); err != nil {
			s.fail(c, err)
			return
		}
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: cookieLang, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.cfg.SecureCookies(), SameSite: http.SameSiteLaxMode})
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
}

func (s *Server) uiAccount(c *gin.Context) {
	u := currentUser(c)
	v := s.view(c, "account.title", nil)
	v.Form["name"], v.Form["language"], v.Form["timezone"] = u.Name, u.Language, u.Timezone
	s.render(c, http.StatusOK, "account", v)
}

func (s *Server) uiUpdateAccount(c *gin.Context) {
	u := currentUser(c)
	name, lang, tz := c.PostForm("name"), c.PostForm("language"), strings.TrimSpace(c.PostForm("timezone"))
	_, err := s.auth.UpdateUser(c.Request.Context(), u.Scope(), u.ID, auth.UserUpdate{Name: &name, Language: &lang, Timezone: &tz})
	if err != nil {
		if !errors.Is(err, apperr.ErrInvalid) {
			s.fail(c, err)
			return
		}
		v := s.view(c, "account.title", nil)
		v.Form["name"], v.Form["language"], v.Form["timezone"] = name, lang, tz
		v.withErrors(err)
		s.render(c, http.StatusUnprocessableEntity, "account", v)
		return
	}
	flash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, "/account")
}

func (s *Server) uiChangePassword(c *gin.Context) {
	pair, err := s.auth.ChangePassword(c.Request.Context(), scope(c), c.PostForm("current_password"), c.PostForm("new_password"))
	if err != nil {
		if !errors.Is(err, apperr.ErrInvalid) {
			s.fail(c, err)
			return
		}
		u := currentUser(c)
		v := s.view(c, "account.title", nil)
		v.Form["name"], v.Form["language"], v.Form["timezone"] = u.Name, u.Language, u.Timezone
		v.withErrors(err)
		s.render(c, http.StatusUnprocessableEntity, "account", v)
		return
	}
	s.setSession(c, pair)
	flash(c, "flash.password_changed")
	c.Redirect(http.StatusSeeOther, "/account")
}

// invitationView is what the invitation page shows.
type invitationView struct {
	OrgName string
	Email   string
}

func (s *Server) uiInvitationForm(c *gin.Context) {
	inv, err := s.auth.PendingInvitation(c.Request.Context(), c.Param("token"))
	v := s.view(c, "invitation.title", nil)
	if err != nil {
		s.render(c, http.StatusNotFound, "invitation", v)
		return
	}
	v.Data = invitationView{OrgName: s.orgName(c, inv.OrgID, v.Lang), Email: inv.Email}
	s.render(c, http.StatusOK, "invitation", v)
}

func (s *Server) uiAcceptInvitation(c *gin.Context) {
	token := c.Param("token")
	if !s.limiter.allow("invite:"+c.ClientIP(), timeNow()) {
		s.fail(c, errRateLimited)
		return
	}
	in := auth.AcceptInput{Token: token, Name: c.PostForm("name"), Password: c.PostForm("password"),
		Language: c.PostForm("language"), Timezone: strings.TrimSpace(c.PostForm("timezone"))}
	u, err := s.auth.AcceptInvitation(c.Request.Context(), in)
	if err != nil {
		v := s.view(c, "invitation.title", nil)
		if !errors.Is(err, apperr.ErrInvalid) {
			s.render(c, http.StatusNotFound, "invitation", v)
			return
		}
		if inv, perr := s.auth.PendingInvitation(c.Request.Context(), token); perr == nil {
			v.Data = invitationView{OrgName: s.orgName(c, inv.OrgID, v.Lang), Email: inv.Email}
		}
		v.Form["name"], v.Form["timezone"] = in.Name, in.Timezone
		v.withErrors(err)
		s.render(c, http.StatusUnprocessableEntity, "invitation", v)
		return
	}
	_, pair, err := s.auth.Login(c.Request.Context(), u.Email, in.Password)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setSession(c, pair)
	flash(c, "flash.welcome")
	c.Redirect(http.StatusSeeOther, "/")
}

// orgName names an organization for a page shown before sign-in (the invitation page).
func (s *Server) orgName(c *gin.Context, orgID, lang string) string {
	o, err := s.orgs.Get(c.Request.Context(), scopeOf(orgID), orgID)
	if err != nil {
		return ""
	}
	return o.Name(lang)
}

// resetView is what the password reset page shows.
type resetView struct {
	Email string
}

func (s *Server) uiResetForm(c *gin.Context) {
	v := s.view(c, "reset.title", nil)
	u, err := s.auth.PendingReset(c.Request.Context(), c.Param("token"))
	if err != nil {
		s.render(c, http.StatusNotFound, "password_reset", v)
		return
	}
	v.Data = resetView{Email: u.Email}
	s.render(c, http.StatusOK, "password_reset", v)
}

func (s *Server) uiReset(c *gin.Context) {
	if !s.limiter.allow("reset:"+c.ClientIP(), timeNow()) {
		s.fail(c, errRateLimited)
		return
	}
	token := c.Param("token")
	_, err := s.auth.CompletePasswordReset(c.Request.Context(), token, c.PostForm("password"))
	if err != nil {
		v := s.view(c, "reset.title", nil)
		if !errors.Is(err, apperr.ErrInvalid) {
			s.render(c, http.StatusNotFound, "password_reset", v)
			return
		}
		if u, perr := s.auth.PendingReset(c.Request.Context(), token); perr == nil {
			v.Data = resetView{Email: u.Email}
		}
		v.withErrors(err)
		s.render(c, http.StatusUnprocessableEntity, "password_reset", v)
		return
	}
	s.clearSession(c)
	flash(c, "flash.password_reset")
	c.Redirect(http.StatusSeeOther, "/login")
}
