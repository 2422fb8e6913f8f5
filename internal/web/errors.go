package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/files"
)

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type     string              `json:"type"`
	Title    string              `json:"title"`
	Status   int                 `json:"status"`
	Detail   string              `json:"detail,omitempty"`
	Instance string              `json:"instance,omitempty"`
	Errors   []apperr.FieldError `json:"errors,omitempty"`
}

// errorKind is the one mapping from domain error kinds to HTTP.
type errorKind struct {
	err    error
	status int
	slug   string
	title  string
}

var errorKinds = []errorKind{
	{apperr.ErrNotFound, http.StatusNotFound, "not-found", "Not found"},
	{apperr.ErrInvalid, http.StatusUnprocessableEntity, "validation", "Invalid input"},
	{apperr.ErrConflict, http.StatusConflict, "conflict", "Conflict"},
	{apperr.ErrUnauthenticated, http.StatusUnauthorized, "unauthenticated", "Authentication required"},
	{apperr.ErrForbidden, http.StatusForbidden, "forbidden", "Forbidden"},
	{apperr.ErrRateLimited, http.StatusTooManyRequests, "rate-limited", "Too many requests"},
	{apperr.ErrTooLarge, http.StatusRequestEntityTooLarge, "too-large", "Too large"},
}

// classify returns the HTTP status, problem slug and title for err; unknown errors are 500.
func classify(err error) (int, string, string) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge, "too-large", "Too large"
	}
	// Uploads refused by content (F1, F2): too large or over quota 413, a type we do not take
	// 415, a damaged or hostile container 422.
	switch {
	case errors.Is(err, files.ErrTooLarge), errors.Is(err, files.ErrQuotaExceeded):
		return http.StatusRequestEntityTooLarge, "too-large", "Too large"
	case errors.Is(err, files.ErrUnsupportedType):
		return http.StatusUnsupportedMediaType, "unsupported-type", "Unsupported file type"
	case files.IsRejected(err):
		return http.StatusUnprocessableEntity, "rejected-file", "File refused"
	}
	for _, k := range errorKinds {
		if errors.Is(err, k.err) {
			return k.status, k.slug, k.title
		}
	}
	return http.StatusInternalServerError, "internal", "Internal server error"
}

// problemFor builds the problem document for err. A 500 never carries the error text (R4: no
// stack traces or SQL in the body); it is logged with the request id instead.
func problemFor(c *gin.Context, err error) Problem {
	status, slug, title := classify(err)
	p := Problem{Type: "/problems/" + slug, Title: title, Status: status, Instance: c.GetString(ctxRequestID)}
	if status == http.StatusInternalServerError {
		slog.ErrorContext(c.Request.Context(), "request failed", "request_id", p.Instance, "route", c.FullPath(), "err", err)
		p.Detail = "Something went wrong on our side. Quote the request id " + p.Instance + " when you report it."
		return p
	}
	p.Detail = err.Error()
	p.Errors = apperr.Fields(err)
	return p
}

// apiError answers an API request with a problem document.
func apiError(c *gin.Context, err error) {
	p := problemFor(c, err)
	if p.Status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="tracktwo"`)
	}
	writeProblem(c, p)
}

func writeProblem(c *gin.Context, p Problem) {
	c.Header("Content-Type", "application/problem+json")
	c.Header("Cache-Control", "no-store")
	c.AbortWithStatusJSON(p.Status, p)
}

// problem answers with a problem of the given status and detail.
func problem(c *gin.Context, status int, slug, title, detail string) {
	writeProblem(c, Problem{Type: "/problems/" + slug, Title: title, Status: status, Detail: detail, Instance: c.GetString(ctxRequestID)})
}
