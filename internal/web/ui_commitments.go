package web

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/commitment"
	"github.com/tracktwo/tracktwo/internal/dialogue"
)

// Pages of commitments (issue 5): the register with filters and the per-party compliance chart,
// a commitment with its assessment timeline, and the dashboard widget.

// dueSoonDays is how far ahead the dashboard lists commitments falling due.
const dueSoonDays = 30

// commitmentsPage is the register's data.
type commitmentsPage struct {
	Rows      []commitment.Record
	RowsHTML  template.HTML
	Next      string
	Filter    commitment.Filter
	Dialogues []dialogue.Dialogue
	Sessions  []dialogue.Session
	Parties   []commitment.Party
	Summary   []commitment.PartySummary
	Chart     template.HTML
	Progress  []commitment.Progress
	CanCreate bool
}

// commitmentPage is one commitment's data.
type commitmentPage struct {
	D          *commitment.Detail
	Chart      template.HTML
	Superseded map[string]bool
	Progress   []commitment.Progress
}

// chartHTML renders the compliance chart; its text is escaped by ComplianceChartSVG, so the
// result may be embedded inline (it contains no script, link or external reference).
func chartHTML(sums []commitment.PartySummary, title, lang, prefix string) template.HTML {
	var buf bytes.Buffer
	if err := commitment.ComplianceChartSVG(&buf, sums, commitment.ChartOptions{Title: title, Lang: lang, IDPrefix: prefix}); err != nil {
		return ""
	}
	return template.HTML(buf.String()) // #nosec G203 -- generated SVG, every text XML-escaped
}

func (s *Server) commitmentsView(c *gin.Context) (*View, error) {
	ctx, sc := c.Request.Context(), scope(c)
	f, err := commitmentFilter(c)
	if err != nil {
		return nil, err
	}
	limit, after, err := pageParams(c)
	if err != nil {
		return nil, err
	}
	f.After, f.Limit = after, limit
	loc := viewerLoc(c)
	rows, err := s.commit.List(ctx, sc, f, loc)
	if err != nil {
		return nil, err
	}
	pg := pageOf(rows, limit, func(r commitment.Record) string { return r.ID })
	p := &commitmentsPage{Rows: pg.Items, Next: pg.NextCursor, Filter: f, Progress: commitment.ProgressScale, CanCreate: sc.CanOrganize()}
	if p.Dialogues, err = s.dlg.ListDialogues(ctx, sc, "", 200); err != nil {
		return nil, err
	}
	p.Parties = []commitment.Party{{ID: "US", Name: commitment.SideName("US")}, {ID: "CN", Name: commitment.SideName("CN")}}
	seen := map[string]bool{"US": true, "CN": true}
	lang := s.lang(c)
	for _, d := range p.Dialogues {
		if f.DialogueID != "" && d.ID != f.DialogueID {
			continue
		}
		full, err := s.dlg.GetDialogue(ctx, sc, d.ID)
		if err != nil {
			continue
		}
		for _, cv := range full.Conveners {
			if cv.Status == dialogue.ConvenerActive && !seen[cv.OrgID] {
				seen[cv.OrgID] = true
				name := cv.OrgName
				if lang == "zh" && cv.OrgNameZH != "" {
					name = cv.OrgNameZH
				}
				p.Parties = append(p.Parties, commitment.Party{ID: cv.OrgID, Name: name})
			}
		}
	}
	if p.Summary, err = s.commit.Summary(ctx, sc, f, p.Parties, loc); err != nil {
		return nil, err
	}
	v := s.view(c, "commitment.register_title", p)
	for i := range p.Summary {
		if p.Summary[i].Party.ID == "US" || p.Summary[i].Party.ID == "CN" {
			p.Summary[i].Party.Name = v.T("side." + p.Summary[i].Party.ID)
		}
	}
	p.Chart = chartHTML(p.Summary, v.T("commitment.chart_title"), v.Lang, "register")
	p.RowsHTML = registerRows(v, p.Rows, p.Parties)
	if p.CanCreate {
		if p.Sessions, err = s.dlg.ListSessions(ctx, sc, dialogue.SessionFilter{Limit: 200}); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (s *Server) uiCommitments(c *gin.Context) {
	v, err := s.commitmentsView(c)
	if err == nil {
		// "Track as a commitment" links from the minutes prefill the form.
		for _, k := range []string{"session_id", "action_item_id", "title_en", "title_zh", "due", "owner"} {
			v.Form[k] = c.Query(k)
		}
	}
	if err != nil {
		if apperr.Fields(err) != nil {
			v = s.view(c, "commitment.register_title", &commitmentsPage{})
			v.withErrors(err)
			s.render(c, http.StatusUnprocessableEntity, "commitments", v)
			return
		}
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "commitments", v)
}

func formCommitment(c *gin.Context) commitment.Input {
	str := func(k string) *string {
		if v, ok := c.GetPostForm(k); ok {
			return &v
		}
		return nil
	}
	in := commitment.Input{SessionID: str("session_id"), ActionItemID: str("action_item_id"), TitleEN: str("title_en"),
		TitleZH: str("title_zh"), TextEN: str("text_en"), TextZH: str("text_zh"), Owner: str("owner"), Due: str("due"),
		Verifiability: str("verifiability")}
	if ps, ok := c.GetPostFormArray("parties"); ok || c.PostForm("parties_present") == "1" {
		in.Parties = &ps
	}
	return in
}

func (s *Server) uiCreateCommitment(c *gin.Context) {
	in := formCommitment(c)
	r, err := s.commit.Create(c.Request.Context(), scope(c), in)
	if err != nil {
		v, verr := s.commitmentsView(c)
		if verr != nil {
			s.fail(c, verr)
			return
		}
		status, _, _ := classify(err)
		if status == http.StatusInternalServerError {
			s.fail(c, err)
			return
		}
		for _, k := range []string{"session_id", "title_en", "title_zh", "text_en", "text_zh", "owner", "due", "verifiability", "action_item_id"} {
			v.Form[k] = c.PostForm(k)
		}
		v.withErrors(err)
		s.render(c, status, "commitments", v)
		return
	}
	flash(c, "commitment.flash_created")
	c.Redirect(http.StatusSeeOther, "/commitments/"+r.ID)
}

func (s *Server) commitmentView(c *gin.Context) (*View, error) {
	d, err := s.commit.Get(c.Request.Context(), scope(c), c.Param("id"), viewerLoc(c))
	if err != nil {
		return nil, err
	}
	p := &commitmentPage{D: d, Superseded: map[string]bool{}, Progress: commitment.ProgressScale}
	for _, a := range d.Assessments {
		if a.Supersedes != "" {
			p.Superseded[a.Supersedes] = true
		}
	}
	v := s.view(c, "commitment.title", p)
	for i := range d.Summary {
		if id := d.Summary[i].Party.ID; id == "US" || id == "CN" {
			d.Summary[i].Party.Name = v.T("side." + id)
		}
	}
	for i := range d.Parties {
		if id := d.Parties[i].ID; id == "US" || id == "CN" {
			d.Parties[i].Name = v.T("side." + id)
		}
	}
	p.Chart = chartHTML(d.Summary, v.T("commitment.chart_title"), v.Lang, "commitment")
	f := d.Commitment
	v.Form = map[string]string{"title_en": f.TitleEN, "title_zh": f.TitleZH, "text_en": f.TextEN, "text_zh": f.TextZH,
		"owner": f.Owner, "due": f.Due, "verifiability": f.Verifiability, "assessor": currentUser(c).Name, "stage": "interim"}
	return v, nil
}

func (s *Server) uiCommitment(c *gin.Context) {
	v, err := s.commitmentView(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "commitment", v)
}

func (s *Server) commitmentFormError(c *gin.Context, err error) {
	status, _, _ := classify(err)
	if status == http.StatusNotFound || status == http.StatusInternalServerError {
		s.fail(c, err)
		return
	}
	v, verr := s.commitmentView(c)
	if verr != nil {
		s.fail(c, verr)
		return
	}
	_ = c.Request.ParseForm()
	for k := range c.Request.PostForm {
		v.Form[k] = c.PostForm(k)
	}
	v.withErrors(err)
	switch {
	case errors.Is(err, commitment.ErrWithdrawn):
		v.Errors["_form"] = v.T("commitment.error_withdrawn")
	case errors.Is(err, commitment.ErrNotWithdrawn):
		v.Errors["_form"] = v.T("commitment.error_not_withdrawn")
	}
	s.render(c, status, "commitment", v)
}

func (s *Server) uiUpdateCommitment(c *gin.Context) {
	if _, err := s.commit.Update(c.Request.Context(), scope(c), c.Param("id"), formCommitment(c)); err != nil {
		s.commitmentFormError(c, err)
		return
	}
	flash(c, "commitment.flash_updated")
	c.Redirect(http.StatusSeeOther, "/commitments/"+c.Param("id"))
}

func (s *Server) uiAssessCommitment(c *gin.Context) {
	in := commitment.AssessmentInput{Stage: c.PostForm("stage"), Progress: c.PostForm("progress"), Evidence: c.PostForm("evidence"),
		Assessor: c.PostForm("assessor"), AssessedAt: c.PostForm("assessed_at"), Supersedes: c.PostForm("supersedes"), Reason: c.PostForm("reason")}
	for _, l := range strings.Split(c.PostForm("evidence_links"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			in.EvidenceLinks = append(in.EvidenceLinks, l)
		}
	}
	for _, party := range c.PostFormArray("score_party") {
		raw := c.PostForm("score_" + party)
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			s.commitmentFormError(c, apperr.Invalid("score_"+party, "format", "choose −1, 0 or +1"))
			return
		}
		in.Compliance = append(in.Compliance, commitment.PartyScore{Party: party, Score: commitment.Score(n)})
	}
	if _, err := s.commit.Assess(c.Request.Context(), scope(c), c.Param("id"), in); err != nil {
		s.commitmentFormError(c, err)
		return
	}
	flash(c, "commitment.flash_assessed")
	c.Redirect(http.StatusSeeOther, "/commitments/"+c.Param("id"))
}

func (s *Server) uiWithdrawCommitment(c *gin.Context) {
	if _, err := s.commit.Withdraw(c.Request.Context(), scope(c), c.Param("id"), c.PostForm("withdraw_reason")); err != nil {
		s.commitmentFormError(c, withdrawField(err))
		return
	}
	flash(c, "commitment.flash_withdrawn")
	c.Redirect(http.StatusSeeOther, "/commitments/"+c.Param("id"))
}

// withdrawField names the withdrawal form's reason field ("withdraw_reason", apart from the
// recalibration's "reason") in a validation error, so the page shows it on that form.
func withdrawField(err error) error {
	fes := apperr.Fields(err)
	if fes == nil {
		return err
	}
	var v apperr.Validator
	for _, fe := range fes {
		f := fe.Field
		if f == "reason" {
			f = "withdraw_reason"
		}
		v.Add(f, fe.Code, "%s", fe.Message)
	}
	return v.Err()
}

func (s *Server) uiReinstateCommitment(c *gin.Context) {
	if _, err := s.commit.Reinstate(c.Request.Context(), scope(c), c.Param("id")); err != nil {
		s.commitmentFormError(c, err)
		return
	}
	flash(c, "commitment.flash_reinstated")
	c.Redirect(http.StatusSeeOther, "/commitments/"+c.Param("id"))
}

// dashboardData is the dashboard's data: commitments falling due soon.
type dashboardData struct {
	Due     []commitment.Record
	DueDays int
}

func (s *Server) dashboardData(c *gin.Context) *dashboardData {
	if s.commit == nil {
		return nil
	}
	rows, err := s.commit.DueWithin(c.Request.Context(), scope(c), dueSoonDays, 10, viewerLoc(c))
	if err != nil {
		s.log.WarnContext(c.Request.Context(), "dashboard: commitments due", "err", err)
		return nil
	}
	if len(rows) > 10 {
		rows = rows[:10]
	}
	return &dashboardData{Due: rows, DueDays: dueSoonDays}
}
