package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/config"
)

// TestPanicsBecomeGeneric500 covers R4: a panic answers a generic 500 with the request id, no
// stack trace, no SQL, no panic text; the log has the details.
func TestPanicsBecomeGeneric500(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{cfg: config.Default(), log: slog.New(slog.NewTextHandler(&logs, nil)), metrics: newMetrics()}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.Use(securityHeaders(), s.requestContext(), s.recoverPanics())
	e.GET("/api/v1/boom", func(c *gin.Context) { panic("SELECT secret FROM users: driver exploded at main.go:42") })
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/boom", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
	for _, leak := range []string{"SELECT", "secret", "main.go", "goroutine", "driver exploded"} {
		if strings.Contains(body, leak) {
			t.Fatalf("500 body leaks %q: %s", leak, body)
		}
	}
	if !strings.Contains(body, rec.Header().Get("X-Request-Id")) || rec.Header().Get("Content-Security-Policy") == "" {
		t.Fatalf("500 lacks request id or security headers: %s", body)
	}
	if !strings.Contains(logs.String(), "driver exploded") {
		t.Fatal("the panic was not logged")
	}
}

// TestServerTimeouts covers R4's limits on the http.Server.
func TestServerTimeouts(t *testing.T) {
	cfg := config.Default()
	srv := HTTPServer(cfg, http.NotFoundHandler(), slog.Default())
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 {
		t.Fatalf("server without timeouts or header limit: %+v", srv)
	}
}
