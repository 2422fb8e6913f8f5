package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/dialogue"
)

// option is one choice of a select field.
type option struct {
	Value, Label string
}

// dialoguesPage is the dialogue list page's data.
type dialoguesPage struct {
	Dialogues   []dialogue.Dialogue
	Invitations []dialogue.Convener
}

func (s *Server) dialoguesPage(c *gin.Context, v *View) bool {
	ctx, sc := c.Request.Context(), scope(c)
	ds, err := s.dlg.ListDialogues(ctx, sc, "", 200)
	if err != nil {
		s.fail(c, err)
		return false
	}
	invs, err := s.dlg.PendingInvitations(ctx, sc)
	if err != nil {
		s.fail(c, err)
		return false
	}
	v.Data = dialoguesPage{Dialogues: ds, Invitations: invs}
	return true
}

func (s *Server) uiDialogues(c *gin.Context) {
	v := s.view(c, "dialogue.list_title", nil)
	v.Form["chatham_house"] = "1"
	if s.dialoguesPage(c, v) {
		s.render(c, http.StatusOK, "dialogues", v)
	}
}

func (s *Server) uiCreateDialogue(c *gin.Context) {
	str := func(k string) *string { x := c.PostForm(k); return &x }
	ch := c.PostForm("chatham_house") == "1"
	in := dialogue.DialogueInput{Title: str("title"), TitleZH: str("title_zh"), Topic: str("topic"), ChathamHouse: &ch}
	d, err := s.dlg.CreateDialogue(c.Request.Context(), scope(c), in)
	if err != nil {
		if !errors.Is(err, apperr.ErrInvalid) {
			s.fail(c, err)
			return
		}
		v := s.view(c, "dialogue.list_title", nil)
		for _, k := range []string{"title", "title_zh", "topic", "chatham_house"} {
			v.Form[k] = c.PostForm(k)
		}
		v.withErrors(err)
		if s.dialoguesPage(c, v) {
			s.render(c, http.StatusUnprocessableEntity, "dialogues", v)
		}
		return
	}
	flash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, "/dialogues/"+d.ID)
}

// dialoguePage is the dialogue page's data.
type dialoguePage struct {
	Dialogue *dialogue.Dialogue
	Sessions []sessionRow
	Orgs     []option
	OwnOrgID string
}

func (s *Server) dialoguePage(c *gin.Context, v *View) bool {
	ctx, sc := c.Request.Context(), scope(c)
	d, err := s.dlg.GetDialogue(ctx, sc, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return false
	}
	ss, err := s.dlg.ListSessions(ctx, sc, dialogue.SessionFilter{DialogueID: d.ID, Limit: 200})
	if err != nil {
		s.fail(c, err)
		return false
	}
	own := ""
	for _, cv := range d.Conveners {
		if cv.OrgID == sc.OrgID {
			own = cv.Side()
		}
	}
	var orgs []option
	dir, err := s.orgs.Directory(ctx, "", 200)
	if err != nil {
		s.fail(c, err)
		return false
	}
	for i := range dir {
		if dialogue.SideOf(dir[i].Country) != own {
			orgs = append(orgs, option{dir[i].ID, dir[i].Name(v.Lang)})
		}
	}
	v.Title = d.DisplayTitle(v.Lang)
	v.Data = dialoguePage{Dialogue: d, Sessions: s.sessionRows(c, v, ss), Orgs: orgs, OwnOrgID: sc.OrgID}
	return true
}

func (s *Server) uiDialogue(c *gin.Context) {
	v := s.view(c, "dialogue.title", nil)
	if s.dialoguePage(c, v) {
		s.render(c, http.StatusOK, "dialogue", v)
	}
}

func (s *Server) uiInviteConvener(c *gin.Context) {
	_, err := s.dlg.Invite(c.Request.Context(), scope(c), c.Param("id"), dialogue.InviteInput{OrgID: c.PostForm("org_id")})
	if err != nil {
		if !errors.Is(err, apperr.ErrInvalid) {
			s.fail(c, err)
			return
		}
		v := s.view(c, "dialogue.title", nil)
		v.withErrors(err)
		if s.dialoguePage(c, v) {
			s.render(c, http.StatusUnprocessableEntity, "dialogue", v)
		}
		return
	}
	flash(c, "flash.invitation_sent")
	c.Redirect(http.StatusSeeOther, "/dialogues/"+c.Param("id"))
}

func (s *Server) uiRemoveConvener(c *gin.Context) {
	if err := s.dlg.RemoveConvener(c.Request.Context(), scope(c), c.Param("id"), c.Param("org_id")); err != nil {
		s.fail(c, err)
		return
	}
	flash(c, "flash.convener_removed")
	if c.Param("org_id") == scope(c).OrgID {
		c.Redirect(http.StatusSeeOther, "/dialogues")
		return
	}
	c.Redirect(http.StatusSeeOther, "/dialogues/"+c.Param("id"))
}

func (s *Server) uiAnswerDialogueInvitation(accept bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		inv, err := s.dlg.AnswerInvitation(c.Request.Context(), scope(c), c.Param("id"), accept)
		if err != nil {
			s.fail(c, err)
			return
		}
		if accept {
			flash(c, "flash.invitation_accepted")
			c.Redirect(http.StatusSeeOther, "/dialogues/"+inv.DialogueID)
			return
		}
		flash(c, "flash.invitation_declined")
		c.Redirect(http.StatusSeeOther, "/dialogues")
	}
}
