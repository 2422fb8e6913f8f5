package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/files"
)

// personalData answers a data subject's request (SECURITY.md P3) for one person of the caller's
// registry: a ZIP with README.txt, person.json and the versions of the papers they authored.
// The same handler serves the API and the participant page's download link.
func (s *Server) personalData(c *gin.Context) {
	ctx := c.Request.Context()
	r, err := s.privacy.Report(ctx, scope(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", files.ContentDisposition("personal-data-"+r.Person.ID+".zip"))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-store")
	c.Status(http.StatusOK)
	if err := s.privacy.WriteZip(ctx, c.Writer, r); err != nil {
		s.log.ErrorContext(ctx, "personal data export failed", "participant", r.Person.ID, "err", err)
		c.Abort()
	}
}
