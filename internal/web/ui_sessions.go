package web

import (
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/timezone"
)

var weekdaysZH = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// momentText formats a moment for a page in lang, with the day shift against the session's date.
func momentText(m timezone.Moment, lang string) string {
	if lang != "zh" {
		return m.String()
	}
	t := m.Time
	out := fmt.Sprintf("%d年%d月%d日 %s %s %s", t.Year(), int(t.Month()), t.Day(), weekdaysZH[t.Weekday()], m.Clock, m.Abbrev)
	if m.DayShift != 0 {
		out += fmt.Sprintf("（%+d天）", m.DayShift)
	}
	return out
}

// sessionRow is one line of a session list.
type sessionRow struct {
	ID, Title, Dialogue, Status, When, ViewerWhen, Place string
}

// sessionTable is a session list as the session_table partial shows it: the rows, and their
// table rows written once in Go (through html/template, each cell of each row costs a reflective
// call to an escaper and each status label a message lookup; see writeSessionRow).
type sessionTable struct {
	Rows []sessionRow
	HTML template.HTML
}

func (s *Server) sessionRows(c *gin.Context, v *View, ss []dialogue.Session) sessionTable {
	vz := viewerZone(c)
	vloc := timezone.MustLoad("UTC")
	if l, err := timezone.Load(vz); err == nil {
		vloc = l
	}
	rows := make([]sessionRow, 0, len(ss))
	for i := range ss {
		se := &ss[i]
		r := sessionRow{ID: se.ID, Title: se.DisplayTitle(v.Lang), Status: se.Status, Place: se.Place()}
		r.Dialogue = se.DialogueTitle
		if v.Lang == "zh" && se.DialogueTitleZH != "" {
			r.Dialogue = se.DialogueTitleZH
		}
		if loc, err := timezone.Load(se.Timezone); err == nil {
			r.When = momentText(timezone.At(se.StartsAt, loc, loc), v.Lang)
			if se.Timezone != vz {
				r.ViewerWhen = momentText(timezone.At(se.StartsAt, vloc, loc), v.Lang)
			}
		}
		rows = append(rows, r)
	}
	var b strings.Builder
	labels := map[string]string{}
	yourTime := v.T("session.your_time")
	for i := range rows {
		r := &rows[i]
		if _, ok := labels[r.Status]; !ok {
			labels[r.Status] = v.T("status." + r.Status)
		}
		writeSessionRow(&b, r, labels[r.Status], yourTime)
	}
	return sessionTable{Rows: rows, HTML: template.HTML(b.String())} // #nosec G203 -- every value is escaped in writeSessionRow
}

// writeSessionRow writes one row of a session list, every value escaped.
func writeSessionRow(b *strings.Builder, r *sessionRow, statusLabel, yourTime string) {
	esc := html.EscapeString
	b.WriteString(`<tr><td><a href="/sessions/` + esc(url.PathEscape(r.ID)) + `">` + esc(r.Title) + "</a></td><td>" + esc(r.Dialogue) +
		"</td>\n    <td>" + esc(r.When))
	if r.ViewerWhen != "" {
		b.WriteString(`<br><span class="muted">` + esc(yourTime) + ": " + esc(r.ViewerWhen) + "</span>")
	}
	b.WriteString("</td>\n    <td>" + esc(r.Place) + `</td><td><span class="status status-` + esc(r.Status) + `">` + esc(statusLabel) +
		"</span></td></tr>\n")
}

// sessionsPage is the session list page's data.
type sessionsPage struct {
	Sessions  sessionTable
	Statuses  []string
	Dialogues []option
	Next      string
}

func (s *Server) uiSessions(c *gin.Context) {
	v := s.view(c, "session.list_title", nil)
	ctx, sc := c.Request.Context(), scope(c)
	f, err := sessionFilter(c)
	for _, k := range []string{"status", "dialogue_id", "from", "to"} {
		v.Form[k] = c.Query(k)
	}
	if err != nil {
		v.withErrors(err)
	}
	limit, after, perr := pageParams(c)
	if perr != nil {
		limit, after = 50, ""
	}
	f.Limit, f.After = limit+1, after
	var ss []dialogue.Session
	if err == nil {
		if ss, err = s.dlg.ListSessions(ctx, sc, f); err != nil {
			if !errors.Is(err, apperr.ErrInvalid) {
				s.fail(c, err)
				return
			}
			v.withErrors(err)
		}
	}
	page := pageOf(ss, limit, sessionCursor)
	ds, err := s.dlg.ListDialogues(ctx, sc, "", 200)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := sessionsPage{Sessions: s.sessionRows(c, v, page.Items), Statuses: dialogue.Statuses}
	for i := range ds {
		data.Dialogues = append(data.Dialogues, option{ds[i].ID, ds[i].DisplayTitle(v.Lang)})
	}
	if page.NextCursor != "" {
		q := c.Request.URL.Query()
		q.Set("cursor", page.NextCursor)
		data.Next = "/sessions?" + q.Encode()
	}
	v.Data = data
	s.render(c, http.StatusOK, "sessions", v)
}

// timeLine is one zone's start and end on the session page.
type timeLine struct {
	Role, Label, Zone, Start, End string
	Same                          bool
}

// sideGroup is one side's attendees on the session page.
type sideGroup struct {
	Side      string
	Attendees []dialogue.Attendee
	// Rows is the attendees' table rows, written once in Go: through html/template, 200 rows cost
	// several milliseconds of reflective calls to the escapers (see writeAttendeeRow).
	Rows     template.HTML
	Count    int
	Capacity int
}

// sessionPage is the session page's data.
type sessionPage struct {
	Access         *dialogue.Access
	Session        *dialogue.Session
	Title          string
	Times          []timeLine
	Transitions    []timezone.Transition
	Warnings       []dialogue.Warning
	Actions        []string
	Sides          []sideGroup
	History        []dialogue.Transition
	MyParticipants []option
	OwnOrgID       string
	Roles          []string
	Statuses       []string
	RSVPURL        string
	// Labels are the translated role and status labels, looked up once per page rather than once
	// per attendee row.
	RoleLabels, StatusLabels map[string]string
	SaveLabel, StatusLabel   string
	// DetailsLabel links one's own attendees to their attendance page (screening facts).
	DetailsLabel string
}

func (s *Server) sessionPage(c *gin.Context, v *View) bool {
	ctx, sc := c.Request.Context(), scope(c)
	a, err := s.dlg.SessionAccess(ctx, sc, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return false
	}
	detail, view, err := s.sessionDetail(c, a)
	if err != nil {
		s.fail(c, err)
		return false
	}
	se := a.Session
	data := sessionPage{Access: a, Session: se, Title: se.DisplayTitle(v.Lang), Warnings: detail.Warnings, Actions: detail.Actions,
		OwnOrgID: sc.OrgID, Roles: dialogue.AttendeeRoles, Statuses: dialogue.AttendeeStatuses,
		RoleLabels: map[string]string{}, StatusLabels: map[string]string{}, SaveLabel: v.T("form.save"),
		StatusLabel: v.T("session.status"), DetailsLabel: v.T("facts.attendee_edit")}
	for _, r := range dialogue.AttendeeRoles {
		data.RoleLabels[r] = v.T("attendee_role." + r)
	}
	for _, st := range dialogue.AttendeeStatuses {
		data.StatusLabels[st] = v.T("attendee_status." + st)
	}
	if view != nil && view.Session.Zone != "" {
		// Each side's row says whose it is ("US side", "Chinese side"); the session's row too when
		// it is in a side's home zone, since that side's own row is then left out as the same.
		sideOf := map[string]string{}
		for _, cv := range a.Conveners {
			if _, ok := sideOf[cv.Zone()]; !ok {
				sideOf[cv.Zone()] = v.T("side." + cv.Side())
			}
		}
		add := func(sp timezone.Span, role string) {
			label := v.T("session.zone_" + role)
			switch side := sideOf[sp.Zone]; {
			case role == "side" && side != "":
				label = side
			case role == "session" && side != "":
				label += " · " + side
			}
			data.Times = append(data.Times, timeLine{Role: role, Label: label, Zone: sp.Zone, Start: momentText(sp.Start, v.Lang),
				End: momentText(sp.End, v.Lang), Same: sp.SameAsSession})
		}
		add(view.Session, "session")
		for _, sp := range view.Sides {
			if sp.Zone != view.Session.Zone {
				add(sp, "side")
			}
		}
		add(view.Viewer, "viewer")
		data.Transitions = view.Transitions
	}
	atts, err := s.dlg.AttendeesOf(ctx, sc, a)
	if err != nil {
		s.fail(c, err)
		return false
	}
	for _, side := range []string{"US", "CN"} {
		g := sideGroup{Side: side, Capacity: se.CapacityUS}
		if side == "CN" {
			g.Capacity = se.CapacityCN
		}
		var rows strings.Builder
		for i := range atts {
			if at := &atts[i]; at.Side == side {
				g.Attendees = append(g.Attendees, *at)
				if at.Status != "declined" {
					g.Count++
				}
				data.writeAttendeeRow(&rows, at)
			}
		}
		g.Rows = template.HTML(rows.String()) // #nosec G203 -- every value is escaped in writeAttendeeRow
		data.Sides = append(data.Sides, g)
	}
	if data.History, err = s.dlg.TransitionsOf(ctx, sc, a); err != nil {
		s.fail(c, err)
		return false
	}
	if a.CanOrganize {
		ps, err := s.parts.List(ctx, sc, participant.Filter{Query: c.Query("pq"), Limit: 100, Names: true})
		if err != nil {
			s.fail(c, err)
			return false
		}
		for i := range ps {
			data.MyParticipants = append(data.MyParticipants, option{ps[i].ID, ps[i].DisplayName()})
		}
	}
	v.Title = data.Title
	v.Data = &data
	return true
}

func (s *Server) uiSession(c *gin.Context) {
	v := s.view(c, "session.title", nil)
	if s.sessionPage(c, v) {
		s.sessionFlagBadge(c, v, c.Param("id"))
		s.render(c, http.StatusOK, "session", v)
	}
}

// sessionPageError re-renders the session page with the errors of a failed form on it.
func (s *Server) sessionPageError(c *gin.Context, err error, form map[string]string) {
	if !errors.Is(err, apperr.ErrInvalid) {
		s.fail(c, err)
		return
	}
	v := s.view(c, "session.title", nil)
	for k, x := range form {
		v.Form[k] = x
	}
	v.withErrors(err)
	if s.sessionPage(c, v) {
		s.render(c, http.StatusUnprocessableEntity, "session", v)
	}
}

func (s *Server) uiTransitionSession(c *gin.Context) {
	in := dialogue.TransitionInput{To: c.PostForm("to"), Reason: c.PostForm("reason")}
	if _, err := s.dlg.Transition(c.Request.Context(), scope(c), c.Param("id"), in); err != nil {
		s.sessionPageError(c, err, map[string]string{"reason": in.Reason})
		return
	}
	flash(c, "flash.status_changed")
	c.Redirect(http.StatusSeeOther, "/sessions/"+c.Param("id"))
}

func (s *Server) uiAddAttendee(c *gin.Context) {
	role, status := c.PostForm("role"), c.PostForm("status")
	in := dialogue.AttendeeInput{ParticipantID: c.PostForm("participant_id"), Role: &role, Status: &status}
	na, err := s.dlg.AddAttendee(c.Request.Context(), scope(c), c.Param("id"), in)
	if err != nil {
		s.sessionPageError(c, err, map[string]string{"participant_id": in.ParticipantID, "role": role})
		return
	}
	v := s.view(c, "session.title", nil)
	if !s.sessionPage(c, v) {
		return
	}
	v.Data.(*sessionPage).RSVPURL = na.RSVPURL
	v.Data.(*sessionPage).Warnings = append(v.Data.(*sessionPage).Warnings, na.Warnings...)
	v.Flash = v.T("flash.attendee_added")
	s.render(c, http.StatusCreated, "session", v)
}

func (s *Server) uiUpdateAttendee(c *gin.Context) {
	role, status := c.PostForm("role"), c.PostForm("status")
	in := dialogue.AttendeeInput{Role: &role, Status: &status}
	facts := c.PostForm("facts") == "1" // the attendance page, with the screening facts' checkboxes
	if facts {
		in.Paid, in.ActsForOrganizer = checked(c, "paid"), checked(c, "acts_for_organizer")
		in.VisitingResearcher, in.BriefsUSOfficials = checked(c, "visiting_researcher"), checked(c, "briefs_us_officials")
	}
	if _, err := s.dlg.UpdateAttendee(c.Request.Context(), scope(c), c.Param("id"), c.Param("attendee_id"), in); err != nil {
		if facts {
			s.attendeePage(c, http.StatusUnprocessableEntity, err)
			return
		}
		s.sessionPageError(c, err, nil)
		return
	}
	flash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, "/sessions/"+c.Param("id"))
}

func (s *Server) uiSessionCalendar(c *gin.Context) {
	body, err := s.dlg.SessionCalendar(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	sendCalendar(c, "session.ics", body)
}

// writeAttendeeRow writes one attendee's table row of the session page, every value escaped: the
// name (a link to the registry entry for the caller's own participants), the employer, the role,
// and the status (a form to change it for the caller's own attendees when the caller organizes).
func (d *sessionPage) writeAttendeeRow(b *strings.Builder, a *dialogue.Attendee) {
	esc := html.EscapeString
	own := a.OrgID == d.OwnOrgID
	b.WriteString("<tr><td>")
	if own {
		b.WriteString(`<a href="/participants/` + esc(url.PathEscape(a.ParticipantID)) + `">` + esc(a.DisplayName()) + "</a>")
	} else {
		b.WriteString(esc(a.DisplayName()))
	}
	b.WriteString("</td><td>" + esc(a.Employer) + "</td>\n    <td>" + esc(d.RoleLabels[a.Role]) + "</td>\n    <td>")
	if own && d.Access.CanOrganize {
		id := esc(a.ID)
		b.WriteString(`
      <form method="post" action="/sessions/` + esc(url.PathEscape(d.Session.ID)) + "/attendees/" + esc(url.PathEscape(a.ID)) + `" class="inline">
        <input type="hidden" name="role" value="` + esc(a.Role) + `">
        <label class="sr-only" for="st-` + id + `">` + esc(d.StatusLabel) + `</label>
        <select id="st-` + id + `" name="status">`)
		for _, st := range d.Statuses {
			b.WriteString(`<option value="` + esc(st) + `"`)
			if st == a.Status {
				b.WriteString(" selected")
			}
			b.WriteString(">" + esc(d.StatusLabels[st]) + "</option>")
		}
		b.WriteString(`</select>
        <button type="submit">` + esc(d.SaveLabel) + `</button>
      </form>
      <a href="/sessions/` + esc(url.PathEscape(d.Session.ID)) + "/attendees/" + esc(url.PathEscape(a.ID)) + `">` + esc(d.DetailsLabel) + `</a>`)
	} else {
		b.WriteString(esc(d.StatusLabels[a.Status]))
	}
	b.WriteString("</td></tr>\n")
}
