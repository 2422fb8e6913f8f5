package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/timezone"
)

// API handlers of dialogues, co-convener invitations, sessions, their lifecycle, attendance and
// calendars (issue 3). Thin: parse, call the dialogue service, answer.

func (s *Server) apiCreateDialogue(c *gin.Context) {
	var in dialogue.DialogueInput
	if !bindJSON(c, &in) {
		return
	}
	d, err := s.dlg.CreateDialogue(c.Request.Context(), scope(c), in)
	respond(c, http.StatusCreated, d, err)
}

func (s *Server) apiListDialogues(c *gin.Context) {
	limit, after, err := pageParams(c)
	if err != nil {
		apiError(c, err)
		return
	}
	rows, err := s.dlg.ListDialogues(c.Request.Context(), scope(c), after, limit+1)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(rows, limit, func(d dialogue.Dialogue) string { return d.ID }))
}

func (s *Server) apiGetDialogue(c *gin.Context) {
	d, err := s.dlg.GetDialogue(c.Request.Context(), scope(c), c.Param("id"))
	respond(c, http.StatusOK, d, err)
}

func (s *Server) apiUpdateDialogue(c *gin.Context) {
	var in dialogue.DialogueInput
	if !bindJSON(c, &in) {
		return
	}
	d, err := s.dlg.UpdateDialogue(c.Request.Context(), scope(c), c.Param("id"), in)
	respond(c, http.StatusOK, d, err)
}

func (s *Server) apiInviteConvener(c *gin.Context) {
	var in dialogue.InviteInput
	if !bindJSON(c, &in) {
		return
	}
	inv, err := s.dlg.Invite(c.Request.Context(), scope(c), c.Param("id"), in)
	respond(c, http.StatusCreated, inv, err)
}

func (s *Server) apiRemoveConvener(c *gin.Context) {
	if err := s.dlg.RemoveConvener(c.Request.Context(), scope(c), c.Param("id"), c.Param("org_id")); err != nil {
		apiError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiDialogueInvitations(c *gin.Context) {
	rows, err := s.dlg.PendingInvitations(c.Request.Context(), scope(c))
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, Page[dialogue.Convener]{Items: rows})
}

func (s *Server) apiAnswerDialogueInvitation(accept bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		inv, err := s.dlg.AnswerInvitation(c.Request.Context(), scope(c), c.Param("id"), accept)
		if err != nil {
			apiError(c, err)
			return
		}
		c.JSON(http.StatusOK, inv)
	}
}

// zoneTimeJSON is a session's start and end in one zone.
type zoneTimeJSON struct {
	Role     string `json:"role"`
	Zone     string `json:"zone"`
	Start    string `json:"start"`
	End      string `json:"end"`
	Abbrev   string `json:"abbrev"`
	Offset   string `json:"offset"`
	DayShift int    `json:"day_shift"`
}

// sessionJSON is a session as the API shows it alone: with its local times in the session's,
// the viewer's and both sides' zones, its warnings and the transitions the caller may make.
type sessionJSON struct {
	*dialogue.Session
	LocalTimes []zoneTimeJSON      `json:"local_times"`
	Warnings   []dialogue.Warning  `json:"warnings"`
	Actions    []string            `json:"actions"`
	Conveners  []dialogue.Convener `json:"conveners"`
}

func spanJSON(sp timezone.Span) zoneTimeJSON {
	return zoneTimeJSON{Role: string(sp.Role), Zone: sp.Zone, Start: sp.Start.Time.Format(time.RFC3339),
		End: sp.End.Time.Format(time.RFC3339), Abbrev: sp.Start.Abbrev, Offset: sp.Start.Offset, DayShift: sp.Start.DayShift}
}

// viewerZone is the caller's own zone, or UTC.
func viewerZone(c *gin.Context) string {
	if u := currentUser(c); u != nil && timezone.Validate(u.Timezone) == nil {
		return u.Timezone
	}
	return "UTC"
}

func (s *Server) sessionDetail(c *gin.Context, a *dialogue.Access) (*sessionJSON, *timezone.View, error) {
	se := a.Session
	out := &sessionJSON{Session: se, LocalTimes: []zoneTimeJSON{}, Actions: []string{}, Conveners: a.Conveners}
	view, err := timezone.NewView(se.StartsAt, se.EndsAt, se.Timezone, viewerZone(c), a.Zones...)
	if err == nil {
		out.LocalTimes = append(out.LocalTimes, spanJSON(view.Session), spanJSON(view.Viewer))
		for _, sp := range view.Sides {
			out.LocalTimes = append(out.LocalTimes, spanJSON(sp))
		}
	}
	if out.Warnings, err = s.dlg.SessionWarnings(c.Request.Context(), scope(c), se); err != nil {
		return nil, nil, err
	}
	now := time.Now()
	for _, to := range dialogue.NextStatuses(se.Status) {
		if dialogue.CanTransition(a, to, now) == nil {
			out.Actions = append(out.Actions, to)
		}
	}
	return out, &view, nil
}

func (s *Server) apiCreateSession(c *gin.Context) {
	var in dialogue.SessionInput
	if !bindJSON(c, &in) {
		return
	}
	se, err := s.dlg.CreateSession(c.Request.Context(), scope(c), in)
	if err != nil {
		apiError(c, err)
		return
	}
	s.answerSession(c, http.StatusCreated, se.ID)
}

func (s *Server) answerSession(c *gin.Context, status int, id string) {
	a, err := s.dlg.SessionAccess(c.Request.Context(), scope(c), id)
	if err != nil {
		apiError(c, err)
		return
	}
	out, _, err := s.sessionDetail(c, a)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(status, out)
}

// sessionFilter reads the list filters: dialogue_id, status, from, to (RFC 3339 or YYYY-MM-DD).
func sessionFilter(c *gin.Context) (dialogue.SessionFilter, error) {
	f := dialogue.SessionFilter{DialogueID: c.Query("dialogue_id"), Status: c.Query("status")}
	var v apperr.Validator
	parse := func(name string) time.Time {
		raw := strings.TrimSpace(c.Query(name))
		if raw == "" {
			return time.Time{}
		}
		if t, err := time.Parse(time.RFC3339, raw); err == nil {
			return t
		}
		if t, err := time.Parse("2006-01-02", raw); err == nil {
			return t
		}
		v.Add(name, "format", "give a date (YYYY-MM-DD) or an RFC 3339 time")
		return time.Time{}
	}
	f.From, f.To = parse("from"), parse("to")
	return f, v.Err()
}

// sessionSummaryJSON is a session as a list shows it (GET one session for every field). The list
// handler writes it with appendSessionPage; this type documents the shape and checks it in tests.
type sessionSummaryJSON struct {
	ID              string    `json:"id"`
	DialogueID      string    `json:"dialogue_id"`
	DialogueTitle   string    `json:"dialogue_title"`
	DialogueTitleZH string    `json:"dialogue_title_zh"`
	OrgID           string    `json:"org_id"`
	Title           string    `json:"title"`
	TitleZH         string    `json:"title_zh"`
	Format          string    `json:"format"`
	City            string    `json:"city"`
	Province        string    `json:"province"`
	Country         string    `json:"country"`
	InMainland      bool      `json:"in_mainland"`
	Timezone        string    `json:"timezone"`
	StartsAt        time.Time `json:"starts_at"`
	EndsAt          time.Time `json:"ends_at"`
	Status          string    `json:"status"`
	Sequence        int       `json:"sequence"`
	CapacityUS      int       `json:"capacity_us"`
	CapacityCN      int       `json:"capacity_cn"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// summaryOf converts a listed session to its list form.
func summaryOf(se *dialogue.Session) sessionSummaryJSON {
	return sessionSummaryJSON{ID: se.ID, DialogueID: se.DialogueID, DialogueTitle: se.DialogueTitle,
		DialogueTitleZH: se.DialogueTitleZH, OrgID: se.OrgID, Title: se.Title, TitleZH: se.TitleZH, Format: se.Format,
		City: se.City, Province: se.Province, Country: se.Country, InMainland: se.InMainland, Timezone: se.Timezone,
		StartsAt: se.StartsAt, EndsAt: se.EndsAt, Status: se.Status, Sequence: se.Sequence, CapacityUS: se.CapacityUS,
		CapacityCN: se.CapacityCN, UpdatedAt: se.UpdatedAt}
}

func sessionCursor(se dialogue.Session) string {
	return se.StartsAt.UTC().Format(time.RFC3339Nano) + "|" + se.ID
}

func (s *Server) apiListSessions(c *gin.Context) {
	limit, after, err := pageParams(c)
	if err != nil {
		apiError(c, err)
		return
	}
	f, err := sessionFilter(c)
	if err != nil {
		apiError(c, err)
		return
	}
	f.After, f.Limit = after, limit+1
	// The revision is read before the list: a change committed in between makes a page newer than
	// its revision (the next request misses), never older.
	ctx, sc := c.Request.Context(), scope(c)
	rev, err := s.dlg.SessionListRevision(ctx)
	if err != nil {
		apiError(c, err)
		return
	}
	key := sc.OrgID + "?" + c.Request.URL.RawQuery
	if body, ok := s.lists.get("sessions", key, rev); ok {
		writeJSONBytes(c, http.StatusOK, body)
		return
	}
	rows, err := s.dlg.ListSessions(ctx, sc, f)
	if err != nil {
		apiError(c, err)
		return
	}
	body := appendSessionPage(make([]byte, 0, 512*len(rows)), pageOf(rows, limit, sessionCursor))
	s.lists.put(key, rev, body)
	writeJSONBytes(c, http.StatusOK, body)
}

// appendSessionPage writes a page of sessions as Page[sessionSummaryJSON] would encode (by hand:
// see jsonw.go; TestSessionPageJSONMatchesEncodingJSON compares the two).
func appendSessionPage(b []byte, page Page[dialogue.Session]) []byte {
	o := jsonObject{b: b}
	o.obj()
	o.key("items")
	o.b = append(o.b, '[')
	for i := range page.Items {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		se := &page.Items[i]
		o.obj()
		o.str("id", se.ID)
		o.str("dialogue_id", se.DialogueID)
		o.str("dialogue_title", se.DialogueTitle)
		o.str("dialogue_title_zh", se.DialogueTitleZH)
		o.str("org_id", se.OrgID)
		o.str("title", se.Title)
		o.str("title_zh", se.TitleZH)
		o.str("format", se.Format)
		o.str("city", se.City)
		o.str("province", se.Province)
		o.str("country", se.Country)
		o.boolean("in_mainland", se.InMainland)
		o.str("timezone", se.Timezone)
		o.time("starts_at", se.StartsAt)
		o.time("ends_at", se.EndsAt)
		o.str("status", se.Status)
		o.integer("sequence", se.Sequence)
		o.integer("capacity_us", se.CapacityUS)
		o.integer("capacity_cn", se.CapacityCN)
		o.time("updated_at", se.UpdatedAt)
		o.end()
	}
	o.b = append(o.b, ']')
	if page.NextCursor != "" {
		o.str("next_cursor", page.NextCursor)
	}
	o.end()
	return o.b
}

func (s *Server) apiGetSession(c *gin.Context) {
	s.answerSession(c, http.StatusOK, c.Param("id"))
}

func (s *Server) apiUpdateSession(c *gin.Context) {
	var in dialogue.SessionInput
	if !bindJSON(c, &in) {
		return
	}
	se, err := s.dlg.UpdateSession(c.Request.Context(), scope(c), c.Param("id"), in)
	if err != nil {
		apiError(c, err)
		return
	}
	s.answerSession(c, http.StatusOK, se.ID)
}

func (s *Server) apiTransitionSession(c *gin.Context) {
	var in dialogue.TransitionInput
	if !bindJSON(c, &in) {
		return
	}
	se, err := s.dlg.Transition(c.Request.Context(), scope(c), c.Param("id"), in)
	if err != nil {
		apiError(c, err)
		return
	}
	s.answerSession(c, http.StatusOK, se.ID)
}

func (s *Server) apiSessionTransitions(c *gin.Context) {
	rows, err := s.dlg.Transitions(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, Page[dialogue.Transition]{Items: rows})
}

func (s *Server) apiAddAttendee(c *gin.Context) {
	var in dialogue.AttendeeInput
	if !bindJSON(c, &in) {
		return
	}
	a, err := s.dlg.AddAttendee(c.Request.Context(), scope(c), c.Param("id"), in)
	respond(c, http.StatusCreated, a, err)
}

func (s *Server) apiListAttendees(c *gin.Context) {
	rows, err := s.dlg.Attendees(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, Page[dialogue.Attendee]{Items: rows})
}

func (s *Server) apiUpdateAttendee(c *gin.Context) {
	var in dialogue.AttendeeInput
	if !bindJSON(c, &in) {
		return
	}
	a, err := s.dlg.UpdateAttendee(c.Request.Context(), scope(c), c.Param("id"), c.Param("attendee_id"), in)
	respond(c, http.StatusOK, a, err)
}

// sendCalendar answers an iCalendar body as a download (A5, F4: attachment, nosniff, no-store).
func sendCalendar(c *gin.Context, name string, body []byte) {
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", body)
}

func (s *Server) apiSessionCalendar(c *gin.Context) {
	body, err := s.dlg.SessionCalendar(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		apiError(c, err)
		return
	}
	sendCalendar(c, "session.ics", body)
}

func (s *Server) apiCreateFeed(c *gin.Context) {
	var in dialogue.FeedInput
	if !bindJSON(c, &in) {
		return
	}
	f, err := s.dlg.CreateFeed(c.Request.Context(), scope(c), in)
	respond(c, http.StatusCreated, f, err)
}

func (s *Server) apiListFeeds(c *gin.Context) {
	rows, err := s.dlg.ListFeeds(c.Request.Context(), scope(c))
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, Page[dialogue.Feed]{Items: rows})
}

func (s *Server) apiRevokeFeed(c *gin.Context) {
	if err := s.dlg.RevokeFeed(c.Request.Context(), scope(c), c.Param("id")); err != nil {
		apiError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// feed answers a calendar subscription URL (/feeds/<token>.ics): the token is the credential,
// and its owner is re-checked on every fetch.
func (s *Server) feed(c *gin.Context) {
	body, err := s.dlg.FeedCalendar(c.Request.Context(), s.feedUsr, c.Param("token"))
	if err != nil {
		apiError(c, err)
		return
	}
	sendCalendar(c, "tracktwo.ics", body)
}
