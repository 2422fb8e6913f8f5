package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/id"
	"github.com/tracktwo/tracktwo/internal/minutes"
)

// Pages of session minutes (issue 5): the editor (a plain form that htmx saves in place), the
// revision history with differences, the agreement page and the export menu.

// minutesPage is the data of the minutes pages.
type minutesPage struct {
	M         *minutes.Minutes
	Title     string
	Items     []editorItem
	Speakers  []minutes.SpeakerOption
	Revisions []minutes.Revision
	Diff      *minutes.RevisionDiff
	Conflict  bool
	Saved     bool
	Agreed    map[string]bool
	Actions   []string
	// LockNeedsHeld is set when the text may be locked but the session has not been marked held.
	LockNeedsHeld bool
}

// editorItem is an agenda item in the editor, with one blank row of each list to add to.
type editorItem struct {
	N          int
	Item       minutes.Item
	KeyPoints  []minutes.Text
	Decisions  []minutes.Text
	Actions    []minutes.ActionItem
	Statements []minutes.Statement
	Blank      bool
}

func editorItems(d *minutes.Document) []editorItem {
	out := make([]editorItem, 0, len(d.Items)+1)
	for i, it := range append(append([]minutes.Item(nil), d.Items...), minutes.Item{ID: "i-" + id.New()}) {
		e := editorItem{N: i, Item: it, Blank: i == len(d.Items)}
		e.KeyPoints = append(append([]minutes.Text(nil), it.KeyPoints...), minutes.Text{})
		e.Decisions = append(append([]minutes.Text(nil), it.Decisions...), minutes.Text{})
		e.Actions = append(append([]minutes.ActionItem(nil), it.ActionItems...), minutes.ActionItem{ID: "a-" + id.New()})
		e.Statements = append(append([]minutes.Statement(nil), it.Statements...), minutes.Statement{ID: "s-" + id.New(), Attribution: minutes.AttributionChatham})
		out = append(out, e)
	}
	return out
}

func (s *Server) minutesView(c *gin.Context, m *minutes.Minutes, title string) *View {
	p := &minutesPage{M: m, Title: m.Session.Title, Items: editorItems(m.Doc), Speakers: m.Speakers, Agreed: map[string]bool{}}
	if s.lang(c) == "zh" && m.Session.TitleZH != "" {
		p.Title = m.Session.TitleZH
	}
	for _, cv := range m.Session.Conveners {
		p.Agreed[cv.OrgID] = minutes.AgreedBy(m.Doc, cv.OrgID)
	}
	switch m.Doc.Status {
	case minutes.StatusDraft, minutes.StatusCorrections:
		p.Actions = []string{"circulated"}
	case minutes.StatusCirculated, minutes.StatusAgreed:
		// Agreed needs every current convener: one that joined after the others agreed may still
		// agree, and a text whose only missing agreement was a removed convener's may be locked.
		if !p.Agreed[scope(c).OrgID] {
			p.Actions = append(p.Actions, "agreed")
		}
		if minutes.AllAgreed(m.Doc, minutes.Conveners(m.Session.Conveners)) {
			p.Actions = append(p.Actions, "locked")
			st := m.Session.Status
			p.LockNeedsHeld = st != dialogue.StatusHeld && st != dialogue.StatusMinutesAgreed
		}
	case minutes.StatusLocked:
		p.Actions = []string{"draft"}
	}
	return s.view(c, title, p)
}

func (s *Server) uiMinutes(c *gin.Context) {
	m, err := s.minutes.Get(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "minutes", s.minutesView(c, m, "minutes.title"))
}

// formDocument reads the editor form into a document; blank rows are dropped.
func formDocument(c *gin.Context) (*minutes.Document, error) {
	rev, err := strconv.Atoi(c.PostForm("revision"))
	if err != nil {
		return nil, apperr.Invalid("revision", "required", "the form lacks the revision it edits; reload the page")
	}
	d := &minutes.Document{Revision: rev, Version: 1, Status: minutes.StatusDraft,
		AuthoritativeLanguage: minutes.Language(c.PostForm("authoritative_language")), Items: []minutes.Item{}}
	f := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	for i := 0; i < 1000; i++ {
		p := fmt.Sprintf("i%d.", i)
		if _, ok := c.GetPostForm(p + "id"); !ok {
			break
		}
		it := minutes.Item{ID: f(p + "id"), TitleEN: f(p + "title_en"), TitleZH: f(p + "title_zh"), NotesEN: f(p + "notes_en"),
			NotesZH: f(p + "notes_zh"), TranslationStatus: minutes.TranslationStatus(f(p + "translation_status")),
			KeyPoints: []minutes.Text{}, Decisions: []minutes.Text{}, ActionItems: []minutes.ActionItem{}, Statements: []minutes.Statement{}}
		// texts reads the bilingual lines <p><kind>0.en/.zh, <p><kind>1.…, skipping empty ones.
		texts := func(kind string) []minutes.Text {
			out := []minutes.Text{}
			for k := 0; k < 1000; k++ {
				q := fmt.Sprintf("%s%s%d.", p, kind, k)
				if _, ok := c.GetPostForm(q + "en"); !ok {
					break
				}
				if t := (minutes.Text{TextEN: f(q + "en"), TextZH: f(q + "zh")}); t.TextEN != "" || t.TextZH != "" {
					out = append(out, t)
				}
			}
			return out
		}
		it.KeyPoints, it.Decisions = texts("kp"), texts("de")
		for k := 0; k < 1000; k++ {
			q := fmt.Sprintf("%sa%d.", p, k)
			if _, ok := c.GetPostForm(q + "id"); !ok {
				break
			}
			// The commitment link is not form data: the service keeps the stored one.
			a := minutes.ActionItem{ID: f(q + "id"), TextEN: f(q + "text_en"), TextZH: f(q + "text_zh"), Owner: f(q + "owner"),
				Due: f(q + "due")}
			if a.TextEN != "" || a.TextZH != "" || a.Owner != "" || a.Due != "" {
				it.ActionItems = append(it.ActionItems, a)
			}
		}
		for k := 0; k < 1000; k++ {
			q := fmt.Sprintf("%ss%d.", p, k)
			if _, ok := c.GetPostForm(q + "id"); !ok {
				break
			}
			st := minutes.Statement{ID: f(q + "id"), SpeakerID: f(q + "speaker_id"), Attribution: minutes.Attribution(f(q + "attribution")),
				TextEN: f(q + "text_en"), TextZH: f(q + "text_zh")}
			if st.TextEN != "" || st.TextZH != "" {
				it.Statements = append(it.Statements, st)
			}
		}
		empty := it.TitleEN == "" && it.TitleZH == "" && it.NotesEN == "" && it.NotesZH == "" && len(it.KeyPoints) == 0 &&
			len(it.Decisions) == 0 && len(it.ActionItems) == 0 && len(it.Statements) == 0
		if !empty {
			d.Items = append(d.Items, it)
		}
	}
	return d, nil
}

func (s *Server) uiSaveMinutes(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	doc, err := formDocument(c)
	if err == nil {
		var m *minutes.Minutes
		if m, err = s.minutes.Save(ctx, sc, c.Param("id"), doc); err == nil {
			v := s.minutesView(c, m, "minutes.title")
			v.Data.(*minutesPage).Saved = true
			v.Flash = v.T("minutes.saved", "N", m.Doc.Revision)
			s.renderMinutes(c, http.StatusOK, v)
			return
		}
	}
	// Keep what was typed: re-render the editor with the submitted text and the problems.
	cur, gerr := s.minutes.Get(ctx, sc, c.Param("id"))
	if gerr != nil {
		s.fail(c, gerr)
		return
	}
	status, _, _ := classify(err)
	if status == http.StatusNotFound || status == http.StatusInternalServerError {
		s.fail(c, err)
		return
	}
	shown := *cur
	if doc != nil {
		d := doc.Clone()
		d.Status, d.Agreements, d.Version, d.AmendmentOf = cur.Doc.Status, cur.Doc.Agreements, cur.Doc.Version, cur.Doc.AmendmentOf
		shown.Doc = d
	}
	v := s.minutesView(c, &shown, "minutes.title")
	if errors.Is(err, apperr.ErrConflict) && doc != nil && doc.Revision != cur.Doc.Revision {
		v.Data.(*minutesPage).Conflict = true
		v.Errors["_form"] = v.T("minutes.conflict", "N", doc.Revision, "Count", cur.Doc.Revision)
	} else {
		v.withErrors(err)
	}
	s.renderMinutes(c, status, v)
}

// renderMinutes renders the editor page, or only its form for an htmx partial save.
func (s *Server) renderMinutes(c *gin.Context, status int, v *View) {
	if c.GetHeader("HX-Request") != "true" {
		s.render(c, status, "minutes", v)
		return
	}
	var buf bytes.Buffer
	if err := s.pages.set.ExecuteTemplate(&buf, "minutes_form", v); err != nil {
		s.fail(c, err)
		return
	}
	if status != http.StatusOK {
		// htmx swaps only successful answers; the form with its messages replaces the old one.
		c.Header("HX-Reswap", "outerHTML")
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

func (s *Server) uiMinutesTransition(c *gin.Context) {
	if _, err := s.minutes.Transition(c.Request.Context(), scope(c), c.Param("id"), c.PostForm("to")); err != nil {
		m, gerr := s.minutes.Get(c.Request.Context(), scope(c), c.Param("id"))
		if gerr != nil {
			s.fail(c, gerr)
			return
		}
		status, _, _ := classify(err)
		if status == http.StatusNotFound || status == http.StatusInternalServerError {
			s.fail(c, err)
			return
		}
		v := s.minutesView(c, m, "minutes.agreement_title")
		v.Errors["_form"] = err.Error()
		s.render(c, status, "minutes_agreement", v)
		return
	}
	flash(c, "minutes.flash_transition")
	c.Redirect(http.StatusSeeOther, "/sessions/"+c.Param("id")+"/minutes/agreement")
}

func (s *Server) uiMinutesAgreement(c *gin.Context) {
	m, err := s.minutes.Get(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "minutes_agreement", s.minutesView(c, m, "minutes.agreement_title"))
}

func (s *Server) uiMinutesRevisions(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	m, err := s.minutes.Get(ctx, sc, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	revs, err := s.minutes.Revisions(ctx, sc, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.minutesView(c, m, "minutes.history_title")
	v.Data.(*minutesPage).Revisions = revs
	s.render(c, http.StatusOK, "minutes_history", v)
}

func (s *Server) uiMinutesRevision(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	m, err := s.minutes.Get(ctx, sc, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	seq, err := minutes.SeqParam(c.Param("seq"))
	if err != nil {
		s.fail(c, err)
		return
	}
	from, _ := strconv.Atoi(c.Query("from"))
	d, err := s.minutes.Diff(ctx, sc, c.Param("id"), from, seq)
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.minutesView(c, m, "minutes.diff_title")
	v.Data.(*minutesPage).Diff = d
	s.render(c, http.StatusOK, "minutes_diff", v)
}

func (s *Server) uiExportMinutes(c *gin.Context) {
	ex, err := s.minutes.Export(c.Request.Context(), scope(c), c.Param("id"), c.Query("format"), c.Query("level"), c.Query("lang"))
	if err != nil {
		s.fail(c, err)
		return
	}
	serveAttachment(c, ex.FileName, ex.ContentType, ex.Body)
}
