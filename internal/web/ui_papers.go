package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/files"
	"github.com/tracktwo/tracktwo/internal/paper"
)

// sessionPapersPage is the data of a session's papers page (call for papers, submission form,
// the list, and for conveners the review overview).
type sessionPapersPage struct {
	Session   *paper.SessionInfo
	Title     string
	Call      *paper.Call
	Open      bool
	Convener  bool
	Papers    []paperRow
	Attendees []option
	Languages []string
	MaxSize   string
	Deadline  string
}

// paperRow is one line of a paper list.
type paperRow struct {
	ID, Title, Session, SessionID, Status, Authors string
	Version, Reviews                               int
	Average                                        string
	Late, Blind, Public, Reviewer                  bool
}

func (s *Server) paperRows(c *gin.Context, v *View, ps []paper.Paper, overview bool) []paperRow {
	rows := make([]paperRow, 0, len(ps))
	for i := range ps {
		p := &ps[i]
		var names []string
		for _, a := range p.Authors {
			names = append(names, a.Name)
		}
		r := paperRow{ID: p.ID, Title: p.DisplayTitle(v.Lang), Session: p.DisplaySessionTitle(v.Lang), SessionID: p.SessionID,
			Status: p.Status, Authors: strings.Join(names, ", "), Version: p.CurrentVersion, Late: p.Late, Blind: p.Blind,
			Public: p.Public(), Reviewer: p.Viewer.Reviewer}
		if p.Viewer.HideAuthors {
			r.Authors = v.T("paper.authors_hidden")
		}
		if overview {
			if full, err := s.papers.Get(c.Request.Context(), scope(c), p.ID); err == nil {
				r.Reviews = len(full.Reviews)
				total, n := 0, 0
				for _, rv := range full.Reviews {
					for _, sc := range rv.Scores {
						total += sc
						n++
					}
				}
				if n > 0 {
					r.Average = strconv.FormatFloat(float64(total)/float64(n), 'f', 1, 64)
				}
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// sessionPapersData loads a session's papers page; false when it failed (answered).
func (s *Server) sessionPapersData(c *gin.Context, v *View) bool {
	ctx, sc := c.Request.Context(), scope(c)
	se, call, err := s.papers.Session(ctx, sc, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return false
	}
	ps, err := s.papers.List(ctx, sc, paper.Filter{SessionID: se.ID, Limit: 201})
	if err != nil {
		s.fail(c, err)
		return false
	}
	d := &sessionPapersPage{Session: se, Title: se.DisplayTitle(v.Lang), Call: call, Convener: sc.CanOrganize(),
		Languages: paper.Languages, MaxSize: files.FormatSize(s.papers.Limits().MaxBytes)}
	d.Open = call != nil && call.Open(time.Now())
	if call != nil {
		d.Deadline = call.Deadline.UTC().Format("2006-01-02 15:04") + " UTC"
	}
	d.Papers = s.paperRows(c, v, ps, d.Convener)
	if as, err := s.dlg.Attendees(ctx, sc, se.ID); err == nil {
		for i := range as {
			d.Attendees = append(d.Attendees, option{as[i].ParticipantID, as[i].DisplayName()})
		}
	}
	v.Data = d
	v.Title = v.T("paper.session_title") + " · " + d.Title
	return true
}

func (s *Server) uiSessionPapers(c *gin.Context) {
	v := s.view(c, "paper.session_title", nil)
	if !s.sessionPapersData(c, v) {
		return
	}
	if d := v.Data.(*sessionPapersPage); d.Call != nil {
		v.Form["deadline"] = d.Call.Deadline.UTC().Format("2006-01-02T15:04")
		v.Form["instructions"], v.Form["instructions_zh"] = d.Call.Instructions, d.Call.InstructionsZH
		v.Form["reopened"], v.Form["blind"] = boolField(d.Call.Reopened), boolField(d.Call.Blind)
	}
	s.render(c, http.StatusOK, "papers_session", v)
}

func boolField(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// formError re-renders a page with the error: field errors beside their fields, anything else
// (a refused file, a closed call) at the top, with the error's status.
func (s *Server) formError(c *gin.Context, err error, page string, load func(v *View) bool, form map[string]string) {
	status, _, _ := classify(err)
	if status == http.StatusNotFound || status == http.StatusInternalServerError || status == http.StatusUnauthorized {
		s.fail(c, err)
		return
	}
	v := s.view(c, "paper.title", nil)
	if !load(v) {
		return
	}
	for k, val := range form {
		v.Form[k] = val
	}
	v.withErrors(err)
	s.render(c, status, page, v)
}

func (s *Server) uiSubmitPaper(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	load := func(v *View) bool { return s.sessionPapersData(c, v) }
	if _, _, err := s.papers.CanSubmit(ctx, sc, c.Param("id")); err != nil {
		s.formError(c, err, "papers_session", load, nil)
		return
	}
	f, err := s.readUpload(c)
	if err != nil {
		s.formError(c, err, "papers_session", load, nil)
		return
	}
	form := map[string]string{}
	for _, k := range []string{"title", "title_zh", "abstract", "abstract_zh", "language", "keywords"} {
		form[k] = f.get(k)
	}
	p, err := s.papers.Submit(ctx, sc, c.Param("id"), f.input(), f.up)
	if err != nil {
		s.formError(c, err, "papers_session", load, form)
		return
	}
	flash(c, "paper.flash_submitted")
	c.Redirect(http.StatusSeeOther, "/papers/"+p.ID)
}

func (s *Server) uiSetCall(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	load := func(v *View) bool { return s.sessionPapersData(c, v) }
	if _, _, err := s.papers.Session(ctx, sc, c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	in := paper.CallInput{}
	form := map[string]string{"deadline": c.PostForm("deadline"), "instructions": c.PostForm("instructions"),
		"instructions_zh": c.PostForm("instructions_zh"), "reopened": c.PostForm("reopened"), "blind": c.PostForm("blind")}
	if d := strings.TrimSpace(form["deadline"]); d != "" {
		t, err := time.Parse("2006-01-02T15:04", d)
		if err != nil {
			s.formError(c, apperr.Invalid("deadline", "format", "use the date and time, e.g. 2030-03-01T23:59 (UTC)"), "papers_session", load, form)
			return
		}
		in.Deadline = &t
	}
	reopened, blind := form["reopened"] == "1", form["blind"] == "1"
	in.Reopened, in.Blind = &reopened, &blind
	in.Instructions, in.InstructionsZH = ptrOf(form["instructions"]), ptrOf(form["instructions_zh"])
	if _, err := s.papers.SetCall(ctx, sc, c.Param("id"), in); err != nil {
		s.formError(c, err, "papers_session", load, form)
		return
	}
	flash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, "/sessions/"+c.Param("id")+"/papers")
}

func ptrOf(s string) *string { return &s }

// paperPage is the data of a paper's page.
type paperPage struct {
	Paper      *paper.Paper
	Title      string
	Criteria   []paper.Criterion
	Candidates []option
	Attendees  []option
	Languages  []string
	Decisions  []string
	Scores     []int
	MaxSize    string
}

func (s *Server) paperData(c *gin.Context, v *View) bool {
	ctx, sc := c.Request.Context(), scope(c)
	p, err := s.papers.Get(ctx, sc, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return false
	}
	d := &paperPage{Paper: p, Title: p.DisplayTitle(v.Lang), Languages: paper.Languages, Decisions: paper.Decisions,
		Criteria: paper.DefaultCriteria, MaxSize: files.FormatSize(s.papers.Limits().MaxBytes)}
	if p.Viewer.Member {
		if _, call, err := s.papers.Session(ctx, sc, p.SessionID); err == nil && call != nil && len(call.Criteria) > 0 {
			d.Criteria = call.Criteria
		}
	}
	max := 0
	for _, cr := range d.Criteria {
		if cr.Max > max {
			max = cr.Max
		}
	}
	for i := 1; i <= max; i++ {
		d.Scores = append(d.Scores, i)
	}
	if us, err := s.papers.ReviewerCandidates(ctx, sc, p); err == nil {
		for _, u := range us {
			d.Candidates = append(d.Candidates, option{u.ID, u.Name})
		}
	}
	if p.Viewer.Editor {
		if as, err := s.dlg.Attendees(ctx, sc, p.SessionID); err == nil {
			for i := range as {
				d.Attendees = append(d.Attendees, option{as[i].ParticipantID, as[i].DisplayName()})
			}
		}
	}
	v.Data, v.Title = d, d.Title
	return true
}

func paperForm(p *paper.Paper) map[string]string {
	return map[string]string{"title": p.Title, "title_zh": p.TitleZH, "abstract": p.Abstract, "abstract_zh": p.AbstractZH,
		"language": p.Language, "keywords": strings.Join(p.Keywords, ", ")}
}

func (s *Server) uiPaper(c *gin.Context) {
	v := s.view(c, "paper.title", nil)
	if !s.paperData(c, v) {
		return
	}
	v.Form = paperForm(v.Data.(*paperPage).Paper)
	c.Header("Cache-Control", "no-store")
	s.render(c, http.StatusOK, "paper", v)
}

// paperPost resolves the paper (404 before anything else), runs do, and answers.
func (s *Server) paperPost(c *gin.Context, do func() error, form map[string]string) {
	if _, err := s.papers.Get(c.Request.Context(), scope(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	if err := do(); err != nil {
		s.formError(c, err, "paper", func(v *View) bool { return s.paperData(c, v) }, form)
		return
	}
	flash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, "/papers/"+c.Param("id"))
}

func (s *Server) uiUpdatePaper(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	p, err := s.papers.Get(ctx, sc, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	var in paper.Input
	form := map[string]string{}
	if c.PostForm("action") == "publish" {
		pub := c.PostForm("public") == "1"
		in.Public = &pub
	} else {
		for _, k := range []string{"title", "title_zh", "abstract", "abstract_zh", "language", "keywords"} {
			form[k] = c.PostForm(k)
		}
		in.Title, in.TitleZH = ptrOf(form["title"]), ptrOf(form["title_zh"])
		in.Abstract, in.AbstractZH, in.Language = ptrOf(form["abstract"]), ptrOf(form["abstract_zh"]), ptrOf(form["language"])
		kw := []string{form["keywords"]}
		in.Keywords = &kw
		if as := c.PostFormArray("authors"); len(as) > 0 {
			in.Authors = &as
		}
	}
	_ = p
	s.paperPost(c, func() error { _, err := s.papers.Update(ctx, sc, c.Param("id"), in); return err }, form)
}

func (s *Server) uiAddVersion(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	load := func(v *View) bool { return s.paperData(c, v) }
	if _, err := s.papers.CanAddVersion(ctx, sc, c.Param("id")); err != nil {
		s.formError(c, err, "paper", load, nil)
		return
	}
	f, err := s.readUpload(c)
	if err != nil {
		s.formError(c, err, "paper", load, nil)
		return
	}
	if _, err := s.papers.AddVersion(ctx, sc, c.Param("id"), f.get("note"), f.up); err != nil {
		s.formError(c, err, "paper", load, map[string]string{"note": f.get("note")})
		return
	}
	flash(c, "paper.flash_version")
	c.Redirect(http.StatusSeeOther, "/papers/"+c.Param("id"))
}

func (s *Server) uiAssignReviewer(c *gin.Context) {
	in := paper.AssignInput{UserID: c.PostForm("user_id")}
	s.paperPost(c, func() error {
		_, err := s.papers.AssignReviewer(c.Request.Context(), scope(c), c.Param("id"), in)
		return err
	}, map[string]string{"user_id": in.UserID})
}

func (s *Server) uiDeclareConflict(c *gin.Context) {
	in := paper.ConflictInput{Reason: c.PostForm("reason")}
	s.paperPost(c, func() error {
		_, err := s.papers.DeclareConflict(c.Request.Context(), scope(c), c.Param("id"), in)
		return err
	}, map[string]string{"reason": in.Reason})
}

func (s *Server) uiSubmitReview(c *gin.Context) {
	in := paper.ReviewInput{Scores: map[string]int{}, Recommendation: c.PostForm("recommendation"), Comment: c.PostForm("comment")}
	form := map[string]string{"recommendation": in.Recommendation, "comment": in.Comment}
	_ = c.Request.ParseForm()
	for k, vals := range c.Request.PostForm {
		if key, ok := strings.CutPrefix(k, "score_"); ok && len(vals) > 0 {
			form[k] = vals[0]
			if n, err := strconv.Atoi(vals[0]); err == nil {
				in.Scores[key] = n
			} else {
				in.Scores[key] = 0
			}
		}
	}
	s.paperPost(c, func() error {
		_, err := s.papers.SubmitReview(c.Request.Context(), scope(c), c.Param("id"), in)
		return err
	}, form)
}

func (s *Server) uiDecide(c *gin.Context) {
	in := paper.DecisionInput{Decision: c.PostForm("decision"), Note: c.PostForm("decision_note")}
	s.paperPost(c, func() error {
		_, err := s.papers.Decide(c.Request.Context(), scope(c), c.Param("id"), in)
		return err
	}, map[string]string{"decision": in.Decision, "decision_note": in.Note})
}

// myPapersPage lists the caller's papers and review assignments.
type myPapersPage struct {
	Papers  []paperRow
	Reviews []paperRow
}

func (s *Server) uiMyPapers(c *gin.Context) {
	v := s.view(c, "paper.mine_title", nil)
	ps, err := s.papers.List(c.Request.Context(), scope(c), paper.Filter{Mine: true, Limit: 201})
	if err != nil && !errors.Is(err, apperr.ErrNotFound) {
		s.fail(c, err)
		return
	}
	d := &myPapersPage{}
	for _, r := range s.paperRows(c, v, ps, false) {
		if r.Reviewer {
			d.Reviews = append(d.Reviews, r)
		} else {
			d.Papers = append(d.Papers, r)
		}
	}
	v.Data = d
	s.render(c, http.StatusOK, "papers_mine", v)
}
