package web

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// API handlers of session minutes (issue 5): the document, its revisions, the agreement
// workflow and exports. Thin: parse, call the minutes service, answer.

// isMinutesSave reports whether the request saves a minutes document, whose body may be larger
// than other requests' (minutes.MaxDocumentBytes).
func isMinutesSave(c *gin.Context) bool {
	p := c.Request.URL.Path
	return (c.Request.Method == http.MethodPut || c.Request.Method == http.MethodPost) && strings.HasSuffix(p, "/minutes")
}

func (s *Server) apiGetMinutes(c *gin.Context) {
	m, err := s.minutes.Get(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		apiError(c, err)
		return
	}
	c.Header("ETag", strconv.Quote("r"+strconv.Itoa(m.Doc.Revision)))
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, m.Doc)
}

func (s *Server) apiPutMinutes(c *gin.Context) {
	raw, err := io.ReadAll(c.Request.Body)
	if err != nil {
		apiError(c, err)
		return
	}
	m, err := s.minutes.SaveJSON(c.Request.Context(), scope(c), c.Param("id"), raw)
	if err != nil {
		apiError(c, err)
		return
	}
	c.Header("ETag", strconv.Quote("r"+strconv.Itoa(m.Doc.Revision)))
	c.JSON(http.StatusOK, m.Doc)
}

type minutesTransitionInput struct {
	To string `json:"to"`
}

func (s *Server) apiMinutesTransition(c *gin.Context) {
	var in minutesTransitionInput
	if !bindJSON(c, &in) {
		return
	}
	m, err := s.minutes.Transition(c.Request.Context(), scope(c), c.Param("id"), in.To)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, m.Doc)
}

func (s *Server) apiMinutesRevisions(c *gin.Context) {
	revs, err := s.minutes.Revisions(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		apiError(c, err)
		return
	}
	if revs == nil {
		revs = []minutes.Revision{}
	}
	c.JSON(http.StatusOK, Page[minutes.Revision]{Items: revs})
}

func (s *Server) apiExportMinutes(c *gin.Context) {
	ex, err := s.minutes.Export(c.Request.Context(), scope(c), c.Param("id"), c.Query("format"), c.Query("level"), c.Query("lang"))
	if err != nil {
		s.fail(c, err)
		return
	}
	serveAttachment(c, ex.FileName, ex.ContentType, ex.Body)
}

// serveAttachment answers with a download (F4): attachment with an RFC 6266 file name, nosniff,
// a sandboxing CSP and no caching.
func serveAttachment(c *gin.Context, name, contentType string, body []byte) {
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Content-Security-Policy", "sandbox; default-src 'none'")
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, contentType, body)
}

func init() {
	stmt := object(obj{"id": str(), "speaker_id": str(), "attribution": enum("attributed", "chatham", "off_record"),
		"text_en": str(), "text_zh": str()}, "speaker_id", "attribution")
	text := object(obj{"text_en": str(), "text_zh": str()})
	action := object(obj{"id": str(), "text_en": str(), "text_zh": str(), "owner": str(), "due": strf("date"),
		"commitment_id": obj{"type": "string", "readOnly": true, "description": "set by the commitments area when a commitment is created from this item; ignored on PUT"}})
	registerSchemas(obj{
		"MinutesDocument": object(obj{
			"revision": integer(), "version": integer(), "amendment_of": integer(),
			"status":                 enum("draft", "circulated", "corrections", "agreed", "locked"),
			"authoritative_language": enum("en", "zh"),
			"agreements":             arrayOf(object(obj{"org_id": str(), "at": strf("date-time")})),
			"locked_at":              strf("date-time"),
			"items": arrayOf(object(obj{"id": str(), "title_en": str(), "title_zh": str(), "notes_en": str(), "notes_zh": str(),
				"key_points": arrayOf(text), "decisions": arrayOf(text), "action_items": arrayOf(action),
				"translation_status": enum("pending", "draft", "verified"), "statements": arrayOf(stmt)}, "id")),
		}, "revision", "status", "authoritative_language", "items"),
		"MinutesTransition": object(obj{"to": enum("circulated", "agreed", "locked", "draft")}, "to"),
		"MinutesRevision": object(obj{"id": str(), "seq": integer(), "revision": integer(), "version": integer(),
			"status": str(), "action": enum("edit", "circulate", "agree", "lock", "amend", "link_commitment"), "author_id": str(),
			"author_org_id": str(), "author_name": str(), "created_at": strf("date-time")}),
		"MinutesRevisionList": listOf("MinutesRevision"),
	})
}
