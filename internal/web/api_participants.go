package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/participant"
)

// API handlers of the participant registry, consent records, import and export (issue 3).

func participantCursor(p participant.Participant) string { return p.NameLatin + "\x00" + p.ID }

func (s *Server) apiCreateParticipant(c *gin.Context) {
	var in participant.Input
	if !bindJSON(c, &in) {
		return
	}
	p, err := s.parts.Create(c.Request.Context(), scope(c), in)
	respond(c, http.StatusCreated, p, err)
}

func (s *Server) apiListParticipants(c *gin.Context) {
	limit, after, err := pageParams(c)
	if err != nil {
		apiError(c, err)
		return
	}
	rows, err := s.parts.List(c.Request.Context(), scope(c), participant.Filter{Query: c.Query("q"), After: after, Limit: limit + 1})
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(rows, limit, participantCursor))
}

func (s *Server) apiGetParticipant(c *gin.Context) {
	p, err := s.parts.Get(c.Request.Context(), scope(c), c.Param("id"))
	respond(c, http.StatusOK, p, err)
}

func (s *Server) apiUpdateParticipant(c *gin.Context) {
	var in participant.Input
	if !bindJSON(c, &in) {
		return
	}
	p, err := s.parts.Update(c.Request.Context(), scope(c), c.Param("id"), in)
	respond(c, http.StatusOK, p, err)
}

func (s *Server) apiDeleteParticipant(c *gin.Context) {
	if err := s.parts.Delete(c.Request.Context(), scope(c), c.Param("id")); err != nil {
		apiError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiListConsents(c *gin.Context) {
	rows, err := s.parts.Consents(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, Page[participant.Consent]{Items: rows})
}

func (s *Server) apiRecordConsent(c *gin.Context) {
	var in participant.ConsentInput
	if !bindJSON(c, &in) {
		return
	}
	rec, err := s.parts.RecordConsent(c.Request.Context(), scope(c), c.Param("id"), in)
	respond(c, http.StatusCreated, rec, err)
}

// apiImportParticipants takes a multipart upload (field "file"). With ?dry_run=true it only
// reports; otherwise it saves when no row has an error, and answers 422 with the report's
// problems (as field errors named by cell) when any does. With ?include_erased=true it adds the
// people erased before instead of reporting them as suppressed.
func (s *Server) apiImportParticipants(c *gin.Context) {
	dry, _ := strconv.ParseBool(c.DefaultQuery("dry_run", "false"))
	withErased, err := strconv.ParseBool(c.DefaultQuery("include_erased", "false"))
	if err != nil {
		apiError(c, apperr.Invalid("include_erased", "boolean", "include_erased is true or false"))
		return
	}
	fh, err := c.FormFile("file")
	if err != nil {
		apiError(c, apperr.Invalid("file", "required", "upload the participant list as the multipart field \"file\""))
		return
	}
	f, err := fh.Open()
	if err != nil {
		apiError(c, err)
		return
	}
	defer f.Close()
	rep, err := s.parts.Import(c.Request.Context(), scope(c), f, participant.ImportOptions{DryRun: dry, IncludeErased: withErased})
	if err != nil {
		apiError(c, err)
		return
	}
	if !dry && rep.HasErrors() {
		p := problemFor(c, rep.Err())
		c.Header("Content-Type", "application/problem+json")
		c.AbortWithStatusJSON(p.Status, struct {
			Problem
			Report *participant.ImportReport `json:"report"`
		}{p, rep})
		return
	}
	status := http.StatusOK
	if rep.Saved {
		status = http.StatusCreated
	}
	c.JSON(status, rep)
}

func (s *Server) apiExportParticipants(c *gin.Context) {
	format := c.DefaultQuery("format", "csv")
	var buf bytes.Buffer
	if err := s.parts.Export(c.Request.Context(), scope(c), format, s.lang(c), &buf); err != nil {
		apiError(c, err)
		return
	}
	sendExport(c, "participants", format, buf.Bytes())
}

// apiImportTemplate answers an empty participant list with the header row of every importable
// column (?format=csv|xlsx, ?lang=en|zh; default CSV in the caller's language).
func (s *Server) apiImportTemplate(c *gin.Context) {
	format, lang := c.DefaultQuery("format", "csv"), c.DefaultQuery("lang", s.lang(c))
	var buf bytes.Buffer
	if err := participant.ImportTemplate(&buf, format, lang); err != nil {
		apiError(c, err)
		return
	}
	sendExport(c, "participants-template-"+lang, format, buf.Bytes())
}

// sendExport answers a participant list as an attachment named name.format (name is ASCII).
func sendExport(c *gin.Context, name, format string, body []byte) {
	ct := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, ct, body)
}
