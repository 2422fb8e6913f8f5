package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/minutes"

	"github.com/tracktwo/tracktwo/internal/audit"
)

// Context keys set by the middleware.
const (
	ctxRequestID = "request_id"
	ctxUser      = "user"
	ctxLang      = "lang"
)

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// requestContext gives every request an id, puts audit metadata in its context and logs it.
// Only the route template is logged, never the raw path or query (they may carry tokens).
func (s *Server) requestContext() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		rid := newRequestID()
		c.Set(ctxRequestID, rid)
		c.Header("X-Request-Id", rid)
		ctx := audit.WithMeta(c.Request.Context(), audit.Meta{IP: c.ClientIP(), RequestID: rid})
		c.Request = c.Request.WithContext(ctx)
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		status := c.Writer.Status()
		dur := time.Since(start)
		s.metrics.observe(c.Request.Method, route, status, dur)
		lvl := slog.LevelInfo
		if status >= 500 {
			lvl = slog.LevelError
		}
		if route == "/healthz" || route == "/metrics" {
			lvl = slog.LevelDebug
		}
		s.log.LogAttrs(ctx, lvl, "request", slog.String("request_id", rid), slog.String("method", c.Request.Method),
			slog.String("route", route), slog.Int("status", status), slog.Duration("duration", dur),
			slog.String("ip", c.ClientIP()))
	}
}

// recoverPanics turns a panic into a generic 500 without a stack trace in the body (R4).
func (s *Server) recoverPanics() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.log.ErrorContext(c.Request.Context(), "panic", "request_id", c.GetString(ctxRequestID), "panic", fmt.Sprint(r))
				if c.Writer.Written() {
					c.Abort()
					return
				}
				s.fail(c, fmt.Errorf("panic: %v", r))
			}
		}()
		c.Next()
	}
}

// contentSecurityPolicy allows only our own scripts and styles (no inline script).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers of I2 on every response, errors and downloads included.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if !strings.HasPrefix(c.Request.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		c.Next()
	}
}

// crossOrigin rejects cross-origin state-changing requests from browsers (S8), with Go's
// http.CrossOriginProtection (Sec-Fetch-Site and Origin checks). Requests without those headers
// (API clients, curl) pass; they carry no ambient credentials unless they send a cookie on purpose.
func (s *Server) crossOrigin() gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	return func(c *gin.Context) {
		if err := cop.Check(c.Request); err != nil {
			s.audit.Fail(c.Request.Context(), "http.cross_origin", audit.Entry{Details: map[string]any{"route": c.FullPath()}})
			if isAPI(c) {
				problem(c, http.StatusForbidden, "cross-origin", "Cross-origin request refused",
					"state-changing requests must come from this site")
				return
			}
			c.AbortWithStatus(http.StatusForbidden)
			return
		}
		c.Next()
	}
}

// limitBody caps request bodies before anything reads them (F1): the JSON/form limit, or for
// multipart uploads the upload limit plus room for the other fields.
func (s *Server) limitBody() gin.HandlerFunc {
	return func(c *gin.Context) {
		limit := s.cfg.HTTP.MaxBodyBytes
		if isUpload(c) {
			limit = s.cfg.Limits.UploadMaxBytes + 1<<20
		}
		if isMinutesSave(c) {
			limit = max(limit, minutes.MaxDocumentBytes)
		}
		if c.Request.ContentLength > limit {
			if isAPI(c) {
				problem(c, http.StatusRequestEntityTooLarge, "too-large", "Too large",
					"the request body exceeds "+strconv.FormatInt(limit, 10)+" bytes")
				return
			}
			c.AbortWithStatus(http.StatusRequestEntityTooLarge)
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		c.Next()
	}
}

// isUpload reports whether the request is a multipart upload.
func isUpload(c *gin.Context) bool {
	return strings.HasPrefix(c.ContentType(), "multipart/form-data")
}

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }
