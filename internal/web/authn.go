package web

import (
	"errors"
	"html"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Cookie names of a browser session.
const (
	cookieAccess  = "tt_at"
	cookieRefresh = "tt_rt"
	cookieLang    = "tt_lang"
)

// setSession puts a token pair in HttpOnly cookies (S7).
func (s *Server) setSession(c *gin.Context, p *auth.TokenPair) {
	secure := s.cfg.SecureCookies()
	http.SetCookie(c.Writer, &http.Cookie{Name: cookieAccess, Value: p.AccessToken, Path: "/", HttpOnly: true,
		Secure: secure, SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.Auth.AccessTTL.Seconds())})
	http.SetCookie(c.Writer, &http.Cookie{Name: cookieRefresh, Value: p.RefreshToken, Path: "/", HttpOnly: true,
		Secure: secure, SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.Auth.RefreshTTL.Seconds())})
}

// clearSession removes the session cookies.
func (s *Server) clearSession(c *gin.Context) {
	for _, n := range []string{cookieAccess, cookieRefresh} {
		http.SetCookie(c.Writer, &http.Cookie{Name: n, Value: "", Path: "/", HttpOnly: true,
			Secure: s.cfg.SecureCookies(), SameSite: http.SameSiteLaxMode, MaxAge: -1})
	}
}

// bearer returns the token of an "Authorization: Bearer" header.
func bearer(c *gin.Context) string {
	h := c.GetHeader("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// enter records the verified caller in the gin and request contexts: handlers read it from there
// only (DESIGN: the tenant comes only from the verified token and the membership).
func enter(c *gin.Context, u *auth.User) {
	c.Set(ctxUser, u)
	c.Request = c.Request.WithContext(tenant.With(c.Request.Context(), u.Scope()))
}

// currentUser returns the verified caller.
func currentUser(c *gin.Context) *auth.User {
	u, _ := c.Get(ctxUser)
	user, _ := u.(*auth.User)
	return user
}

// scope returns the verified caller's tenant scope.
func scope(c *gin.Context) tenant.Scope {
	if u := currentUser(c); u != nil {
		return u.Scope()
	}
	return tenant.Scope{}
}

// apiAuth authenticates API calls by Bearer token, or by the session cookie for same-origin
// browser calls; anything else is 401.
func (s *Server) apiAuth() gin.HandlerFunc {
	return func(c *gin.Context) {
		tok := bearer(c)
		if tok == "" {
			tok, _ = c.Cookie(cookieAccess)
		}
		u, err := s.auth.Authenticate(c.Request.Context(), tok)
		if err != nil {
			apiError(c, auth.ErrInvalidToken)
			return
		}
		enter(c, u)
		c.Next()
	}
}

// uiAuth authenticates pages by the session cookie. An expired access token is renewed from the
// refresh cookie on the way (so a form posted after the access token expired is not lost);
// without a valid session, GETs go to the login page and come back afterwards.
func (s *Server) uiAuth() gin.HandlerFunc {
	return func(c *gin.Context) {
		if u := s.sessionUser(c); u != nil {
			enter(c, u)
			c.Next()
			return
		}
		if c.GetHeader("HX-Request") == "true" && c.GetHeader("HX-Target") != "" {
			// An htmx partial save after the sign-in expired: say so in the status area and leave
			// the page (and the text typed into it) alone, instead of swapping in the login page.
			c.Header("HX-Retarget", "#save-status")
			c.Header("HX-Reswap", "innerHTML")
			c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(html.EscapeString(s.i18n.T(s.lang(c), "minutes.auth_expired"))))
			c.Abort()
			return
		}
		if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
			c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
		} else {
			c.Redirect(http.StatusSeeOther, "/login")
		}
		c.Abort()
	}
}

// sessionUser returns the user of the browser session, refreshing it when needed, or nil.
func (s *Server) sessionUser(c *gin.Context) *auth.User {
	ctx := c.Request.Context()
	if tok, err := c.Cookie(cookieAccess); err == nil && tok != "" {
		if u, err := s.auth.Authenticate(ctx, tok); err == nil {
			return u
		}
	}
	rt, err := c.Cookie(cookieRefresh)
	if err != nil || rt == "" {
		return nil
	}
	u, pair, err := s.auth.Refresh(ctx, rt)
	if err != nil {
		s.clearSession(c)
		return nil
	}
	s.setSession(c, pair)
	return u
}

// optionalUser sets the caller when a valid session exists, for public pages.
func (s *Server) optionalUser() gin.HandlerFunc {
	return func(c *gin.Context) {
		if tok, err := c.Cookie(cookieAccess); err == nil && tok != "" {
			if u, err := s.auth.Authenticate(c.Request.Context(), tok); err == nil {
				enter(c, u)
			}
		}
		c.Next()
	}
}

// requireAdmin lets only organization admins through (pages and API).
func (s *Server) requireAdmin() gin.HandlerFunc {
	return func(c *gin.Context) {
		if !scope(c).CanAdmin() {
			s.fail(c, errors.Join(apperr.ErrForbidden, errors.New("only an organization admin may do this")))
			return
		}
		c.Next()
	}
}

// loginLimiter throttles attempts per client IP and per e-mail (S9).
func (s *Server) loginAllowed(c *gin.Context, email string) bool {
	ip := c.ClientIP()
	okIP := s.limiter.allow("ip:"+ip, time.Now())
	okMail := email == "" || s.limiter.allow("email:"+auth.NormalizeEmail(email), time.Now())
	return okIP && okMail
}
