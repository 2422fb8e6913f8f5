package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/screening"
)

// severityGroup is the flags of one severity on the session flags page.
type severityGroup struct {
	Severity string
	Flags    []screening.Flag
}

// sessionFlagsPage is the session flags page's data.
type sessionFlagsPage struct {
	SessionID string
	Groups    []severityGroup
	Resolved  []screening.Flag
	State     screening.SessionState
}

func (s *Server) uiSessionFlags(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	fl, err := s.screen.SessionFlags(ctx, sc, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	st, err := s.screen.SessionState(ctx, sc, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	p := sessionFlagsPage{SessionID: c.Param("id"), State: st}
	for _, sev := range []string{"block", "high", "warn", "info"} {
		g := severityGroup{Severity: sev}
		for _, f := range fl {
			if f.Severity == sev && f.Active() {
				g.Flags = append(g.Flags, f)
			}
		}
		if len(g.Flags) > 0 {
			p.Groups = append(p.Groups, g)
		}
	}
	for _, f := range fl {
		if !f.Active() {
			p.Resolved = append(p.Resolved, f)
		}
	}
	s.render(c, http.StatusOK, "flags", s.view(c, "flags.title", p))
}

// flagPage is the flag detail page's data.
type flagPage struct {
	*screening.Flag
	Statuses []string
}

func (s *Server) uiFlag(c *gin.Context) {
	f, err := s.screen.Flag(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.view(c, "flag.title", flagPage{f, screening.ReviewStatuses})
	v.Form["status"], v.Form["reason"] = f.Status, f.Reason
	s.render(c, http.StatusOK, "flag", v)
}

func (s *Server) uiReviewFlag(c *gin.Context) {
	st, reason := c.PostForm("status"), c.PostForm("reason")
	_, err := s.screen.Review(c.Request.Context(), scope(c), c.Param("id"), screening.ReviewInput{Status: &st, Reason: &reason})
	if err != nil {
		if !errors.Is(err, apperr.ErrInvalid) {
			s.fail(c, err)
			return
		}
		f, gerr := s.screen.Flag(c.Request.Context(), scope(c), c.Param("id"))
		if gerr != nil {
			s.fail(c, gerr)
			return
		}
		v := s.view(c, "flag.title", flagPage{f, screening.ReviewStatuses})
		v.Form["status"], v.Form["reason"] = st, reason
		v.withErrors(err)
		s.render(c, http.StatusUnprocessableEntity, "flag", v)
		return
	}
	flash(c, "flag.saved")
	c.Redirect(http.StatusSeeOther, "/flags/"+c.Param("id"))
}

// sessionFlagBadge puts the counts of a session's stored flags on the page.
func (s *Server) sessionFlagBadge(c *gin.Context, v *View, sessionID string) {
	counts, err := s.screen.SessionFlagCounts(c.Request.Context(), scope(c), sessionID)
	if err != nil {
		s.log.WarnContext(c.Request.Context(), "session flags", "err", err)
		return
	}
	v.FlagCounts = map[string]map[string]int{sessionID: counts}
}

// participantFlagBadges puts the active flag counts of the listed participants on the page.
func (s *Server) participantFlagBadges(c *gin.Context, v *View, ps []participant.Participant) {
	ids := make([]string, len(ps))
	for i := range ps {
		ids[i] = ps[i].ID
	}
	counts, err := s.screen.ParticipantFlagCounts(c.Request.Context(), scope(c), ids)
	if err != nil {
		s.log.WarnContext(c.Request.Context(), "participant flag counts", "err", err)
		return
	}
	v.FlagCounts = counts
}

// Badge is one severity's count on a flag badge.
type Badge struct {
	Severity string
	Count    int
}

// Badges returns the active flag counts of a subject, most severe first.
func (v *View) Badges(id string) []Badge {
	var out []Badge
	for _, sev := range []string{"block", "high", "warn", "info"} {
		if n := v.FlagCounts[id][sev]; n > 0 {
			out = append(out, Badge{sev, n})
		}
	}
	return out
}
