package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/commitment"
	"github.com/tracktwo/tracktwo/internal/timezone"
)

// API handlers of commitments and their assessments (issue 5). Thin: parse, call the
// commitment service, answer.

// viewerLoc is the caller's time zone (for "overdue" and "due within"), UTC when unknown.
func viewerLoc(c *gin.Context) *time.Location {
	if u := currentUser(c); u != nil && u.Timezone != "" {
		if loc, err := timezone.Load(u.Timezone); err == nil { // cached: LoadLocation reads the zone file each time
			return loc
		}
	}
	return time.UTC
}

// commitmentFilter reads the register's filters from the query string.
func commitmentFilter(c *gin.Context) (commitment.Filter, error) {
	f := commitment.Filter{DialogueID: c.Query("dialogue_id"), Party: c.Query("party"), Status: c.Query("status")}
	switch c.Query("overdue") {
	case "", "false", "0":
	case "true", "1", "on":
		f.Overdue = true
	default:
		return f, apperr.Invalid("overdue", "format", "overdue must be true or false")
	}
	return f, nil
}

func (s *Server) apiCreateCommitment(c *gin.Context) {
	var in commitment.Input
	if !bindJSON(c, &in) {
		return
	}
	r, err := s.commit.Create(c.Request.Context(), scope(c), in)
	respond(c, http.StatusCreated, r, err)
}

func (s *Server) apiListCommitments(c *gin.Context) {
	limit, after, err := pageParams(c)
	if err != nil {
		apiError(c, err)
		return
	}
	f, err := commitmentFilter(c)
	if err != nil {
		apiError(c, err)
		return
	}
	f.After, f.Limit = after, limit
	rows, err := s.commit.List(c.Request.Context(), scope(c), f, viewerLoc(c))
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(rows, limit, func(r commitment.Record) string { return r.ID }))
}

func (s *Server) apiGetCommitment(c *gin.Context) {
	d, err := s.commit.Get(c.Request.Context(), scope(c), c.Param("id"), viewerLoc(c))
	respond(c, http.StatusOK, d, err)
}

func (s *Server) apiUpdateCommitment(c *gin.Context) {
	var in commitment.Input
	if !bindJSON(c, &in) {
		return
	}
	r, err := s.commit.Update(c.Request.Context(), scope(c), c.Param("id"), in)
	respond(c, http.StatusOK, r, err)
}

func (s *Server) apiAssessCommitment(c *gin.Context) {
	var in commitment.AssessmentInput
	if !bindJSON(c, &in) {
		return
	}
	a, err := s.commit.Assess(c.Request.Context(), scope(c), c.Param("id"), in)
	respond(c, http.StatusCreated, a, err)
}

// WithdrawalInput is the body of a withdrawal.
type WithdrawalInput struct {
	Reason string `json:"reason"`
}

func (s *Server) apiWithdrawCommitment(c *gin.Context) {
	var in WithdrawalInput
	if !bindJSON(c, &in) {
		return
	}
	r, err := s.commit.Withdraw(c.Request.Context(), scope(c), c.Param("id"), in.Reason)
	respond(c, http.StatusOK, r, err)
}

func (s *Server) apiReinstateCommitment(c *gin.Context) {
	r, err := s.commit.Reinstate(c.Request.Context(), scope(c), c.Param("id"))
	respond(c, http.StatusOK, r, err)
}

func init() {
	progress := enum("no_evidence", "not_started", "limited", "substantial", "complete")
	score := object(obj{"party": str(), "score": obj{"type": "integer", "enum": []int{-1, 0, 1}}}, "party", "score")
	registerSchemas(obj{
		"CommitmentInput": object(obj{"session_id": str(), "action_item_id": str(), "title_en": str(), "title_zh": str(),
			"text_en": str(), "text_zh": str(), "parties": arrayOf(str()), "owner": str(), "due": strf("date"),
			"verifiability": enum("high", "medium", "low")}),
		"Commitment": object(obj{"id": str(), "org_id": str(), "dialogue_id": str(), "session_id": str(), "action_item_id": str(),
			"title_en": str(), "title_zh": str(), "text_en": str(), "text_zh": str(), "parties": arrayOf(str()), "owner": str(),
			"due": strf("date"), "verifiability": str(), "progress": str(), "stage": enum("interim", "final"),
			"assessed_at": strf("date-time"), "dialogue_title": str(), "session_title": str(), "overdue": boolean(),
			"days_overdue": integer(), "created_at": strf("date-time"), "updated_at": strf("date-time"),
			"withdrawn_at": strf("date-time"), "withdrawn_by": str(), "withdrawn_by_name": str(), "withdrawn_reason": str()}),
		"WithdrawalInput": object(obj{"reason": obj{"type": "string", "minLength": 1, "maxLength": commitment.MaxWithdrawReason}}, "reason"),
		"CommitmentList":  listOf("Commitment"),
		"AssessmentInput": object(obj{"stage": enum("interim", "final"), "progress": progress, "compliance": arrayOf(score),
			"evidence": str(), "evidence_links": arrayOf(strf("uri")), "assessor": str(), "assessed_at": str(),
			"supersedes": str(), "reason": str()}, "progress", "evidence", "assessor"),
		"Assessment": object(obj{"id": str(), "commitment_id": str(), "stage": str(), "progress": progress,
			"compliance": arrayOf(score), "evidence": str(), "evidence_links": arrayOf(str()), "assessor": str(),
			"assessed_at": strf("date-time"), "supersedes": str(), "recalibrate_reason": str(), "created_at": strf("date-time")}),
		"PartySummary": object(obj{"party": object(obj{"id": str(), "name": str()}), "assessed": integer(), "full": integer(),
			"partial": integer(), "non": integer(), "average": obj{"type": "number"}, "percent": obj{"type": "number"}}),
		"CommitmentDetail": object(obj{"commitment": ref("Commitment"), "assessments": arrayOf(ref("Assessment")),
			"parties": arrayOf(object(obj{"id": str(), "name": str()})), "summary": arrayOf(ref("PartySummary")), "can_edit": boolean(),
			"source_action_item": object(obj{"id": str(), "item_title_en": str(), "item_title_zh": str(), "text_en": str(),
				"text_zh": str(), "commitment_id": str(), "linked": boolean(), "missing": boolean()})}),
	})
}
