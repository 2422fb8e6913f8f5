package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Page is the shape of every list answer.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// pageParams reads ?limit= (1..200, default 50) and the opaque ?cursor=.
func pageParams(c *gin.Context) (limit int, after string, err error) {
	limit = 50
	if v := c.Query("limit"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 || n > 200 {
			return 0, "", apperr.Invalid("limit", "range", "limit must be a whole number from 1 to 200")
		}
		limit = n
	}
	if v := c.Query("cursor"); v != "" {
		raw, decErr := base64.RawURLEncoding.DecodeString(v)
		if decErr != nil || len(raw) > 512 {
			return 0, "", apperr.Invalid("cursor", "format", "cursor is not one this server gave out")
		}
		after = string(raw)
	}
	return limit, after, nil
}

// pageOf builds a page: it asks the store for limit+1 rows and uses the extra one to know whether
// there is a next page; key gives the cursor of an item.
func pageOf[T any](rows []T, limit int, key func(T) string) Page[T] {
	p := Page[T]{Items: rows}
	if len(rows) > limit {
		p.Items = rows[:limit]
		p.NextCursor = base64.RawURLEncoding.EncodeToString([]byte(key(rows[limit-1])))
	}
	if p.Items == nil {
		p.Items = []T{}
	}
	return p
}

// bindJSON decodes a JSON body into an input type; a malformed body is a 400 problem.
func bindJSON(c *gin.Context, dst any) bool {
	dec := json.NewDecoder(c.Request.Body)
	if err := dec.Decode(dst); err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			apiError(c, err)
		case errors.Is(err, io.EOF):
			problem(c, http.StatusBadRequest, "malformed", "Malformed request", "the request body is empty; send a JSON object")
		default:
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) && te.Field != "" {
				apiError(c, apperr.Invalid(te.Field, "type", "must be a %s", jsonKind(te.Type.Kind().String())))
				return false
			}
			problem(c, http.StatusBadRequest, "malformed", "Malformed request", "the request body is not valid JSON")
		}
		return false
	}
	return true
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "list"
	case "struct", "map", "ptr":
		return "object"
	}
	return "number"
}

// ownOrg answers 404 unless the :id path parameter is the caller's organization (A1): a foreign
// organization id is indistinguishable from a missing one.
func ownOrg(c *gin.Context) bool {
	if c.Param("id") != scope(c).OrgID {
		apiError(c, errNoRouteOrg)
		return false
	}
	return true
}

var errNoRouteOrg = errors.Join(apperr.ErrNotFound, errors.New("organization not found"))

var errRateLimited = apperr.ErrRateLimited

// timeNow is the clock of the rate limiters.
var timeNow = time.Now

// listPage answers a list request: it reads ?limit=&cursor=, asks fetch for limit+1 rows after the
// cursor and writes {items, next_cursor}.
func listPage[T any](c *gin.Context, fetch func(after string, limit int) ([]T, error), key func(T) string) {
	limit, after, err := pageParams(c)
	if err != nil {
		apiError(c, err)
		return
	}
	rows, err := fetch(after, limit+1)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(rows, limit, key))
}

// respond writes v as JSON with status, or the problem document for err.
// bindCall is the body of a handler that changes the object named by the path's :id: resolve
// answers first (a foreign id is 404 before a bad body is 422; nil when the service resolves it
// itself), then the body binds into the route's input type, then fn runs and its result answers
// with status.
func bindCall[In, Out any](c *gin.Context, resolve func(*gin.Context) bool, status int,
	fn func(context.Context, tenant.Scope, string, In) (Out, error)) {
	if resolve != nil && !resolve(c) {
		return
	}
	var in In
	if !bindJSON(c, &in) {
		return
	}
	out, err := fn(c.Request.Context(), scope(c), c.Param("id"), in)
	respond(c, status, out, err)
}

func respond(c *gin.Context, status int, v any, err error) {
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(status, v)
}
