package web

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/timezone"
)

// participantsPage is the registry page's data.
type participantsPage struct {
	Participants []participant.Participant
	Query        string
	Next         string
}

func (s *Server) uiParticipants(c *gin.Context) {
	v := s.view(c, "participant.list_title", nil)
	limit, after, err := pageParams(c)
	if err != nil {
		limit, after = 50, ""
	}
	q := c.Query("q")
	v.Form["q"] = q
	rows, err := s.parts.List(c.Request.Context(), scope(c), participant.Filter{Query: q, After: after, Limit: limit + 1})
	if err != nil && !errors.Is(err, apperr.ErrInvalid) {
		s.fail(c, err)
		return
	}
	v.withErrors(err)
	page := pageOf(rows, limit, participantCursor)
	data := participantsPage{Participants: page.Items, Query: q}
	if page.NextCursor != "" {
		qs := c.Request.URL.Query()
		qs.Set("cursor", page.NextCursor)
		data.Next = "/participants?" + qs.Encode()
	}
	v.Data = data
	s.participantFlagBadges(c, v, page.Items)
	s.render(c, http.StatusOK, "participants", v)
}

// participantPage is the participant page's data (also the new-participant form).
type participantPage struct {
	Participant   *participant.Participant
	Consents      []participant.Consent
	Current       []participant.ConsentState
	EmployerKinds []string
	Purposes      []string
}

var participantFields = []string{"name_latin", "name_native", "nationality", "residence_country", "employer",
	"employer_kind", "employer_country", "employer_us_state", "position", "email", "phone", "languages", "birth_date",
	"talent_program", "notes", "employer_public", "dod_funded", "employer_listed_1286", "employer_hosts_confucius_institute",
	"directed_by_prc_principal", "paid_by_prc_principal"}

// checkbox is a form value for a checkbox: "1" when checked.
func checkbox(x bool) string {
	if x {
		return "1"
	}
	return ""
}

// checked reads a checkbox of a posted form.
func checked(c *gin.Context, name string) *bool {
	b := c.PostForm(name) == "1"
	return &b
}

func participantForm(p *participant.Participant) map[string]string {
	return map[string]string{"name_latin": p.NameLatin, "name_native": p.NameNative, "nationality": strings.Join(p.Nationality, ", "),
		"residence_country": p.ResidenceCountry, "employer": p.Employer, "employer_kind": p.EmployerKind,
		"employer_country": p.EmployerCountry, "employer_us_state": p.EmployerUSState, "position": p.Position, "email": p.Email,
		"phone": p.Phone, "languages": strings.Join(p.Languages, ", "), "birth_date": p.BirthDate, "talent_program": p.TalentProgram,
		"notes": p.Notes, "employer_public": checkbox(p.EmployerPublic), "dod_funded": checkbox(p.DoDFunded),
		"employer_listed_1286": checkbox(p.EmployerListed1286), "employer_hosts_confucius_institute": checkbox(p.EmployerHostsConfuciusInstitute),
		"directed_by_prc_principal": checkbox(p.DirectedByPRCPrincipal), "paid_by_prc_principal": checkbox(p.PaidByPRCPrincipal)}
}

func participantInputOf(c *gin.Context) participant.Input {
	str := func(k string) *string { x := c.PostForm(k); return &x }
	list := func(k string) *[]string {
		l := strings.FieldsFunc(c.PostForm(k), func(r rune) bool { return r == ',' || r == ';' || r == '，' || r == '；' })
		return &l
	}
	return participant.Input{NameLatin: str("name_latin"), NameNative: str("name_native"), Nationality: list("nationality"),
		ResidenceCountry: str("residence_country"), Employer: str("employer"), EmployerKind: str("employer_kind"),
		EmployerCountry: str("employer_country"), EmployerUSState: str("employer_us_state"), Position: str("position"),
		Email: str("email"), Phone: str("phone"), Languages: list("languages"), BirthDate: str("birth_date"),
		TalentProgram: str("talent_program"), Notes: str("notes"), EmployerPublic: checked(c, "employer_public"),
		DoDFunded: checked(c, "dod_funded"), EmployerListed1286: checked(c, "employer_listed_1286"),
		EmployerHostsConfuciusInstitute: checked(c, "employer_hosts_confucius_institute"),
		DirectedByPRCPrincipal:          checked(c, "directed_by_prc_principal"), PaidByPRCPrincipal: checked(c, "paid_by_prc_principal")}
}

func (s *Server) participantPage(c *gin.Context, v *View, p *participant.Participant) bool {
	data := &participantPage{Participant: p, EmployerKinds: participant.EmployerKinds(), Purposes: participant.ConsentPurposes}
	if p != nil {
		hist, err := s.parts.Consents(c.Request.Context(), scope(c), p.ID)
		if err != nil {
			s.fail(c, err)
			return false
		}
		data.Consents, data.Current = hist, participant.CurrentConsents(hist)
		v.Title = p.DisplayName()
	}
	v.Data = data
	return true
}

func (s *Server) uiNewParticipant(c *gin.Context) {
	v := s.view(c, "participant.new_title", nil)
	if s.participantPage(c, v, nil) {
		s.render(c, http.StatusOK, "participant", v)
	}
}

func (s *Server) participantFormError(c *gin.Context, title string, p *participant.Participant, err error) {
	if !errors.Is(err, apperr.ErrInvalid) && !errors.Is(err, apperr.ErrConflict) {
		s.fail(c, err)
		return
	}
	v := s.view(c, title, nil)
	for _, k := range participantFields {
		v.Form[k] = c.PostForm(k)
	}
	v.withErrors(err)
	status := http.StatusUnprocessableEntity
	if errors.Is(err, apperr.ErrConflict) {
		status = http.StatusConflict
	}
	if s.participantPage(c, v, p) {
		s.render(c, status, "participant", v)
	}
}

func (s *Server) uiCreateParticipant(c *gin.Context) {
	p, err := s.parts.Create(c.Request.Context(), scope(c), participantInputOf(c))
	if err != nil {
		s.participantFormError(c, "participant.new_title", nil, err)
		return
	}
	flash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, "/participants/"+p.ID)
}

func (s *Server) uiParticipant(c *gin.Context) {
	p, err := s.parts.Get(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.view(c, "participant.title", nil)
	v.Form = participantForm(p)
	if s.participantPage(c, v, p) {
		s.render(c, http.StatusOK, "participant", v)
	}
}

func (s *Server) uiUpdateParticipant(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	p, err := s.parts.Get(ctx, sc, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.parts.Update(ctx, sc, p.ID, participantInputOf(c)); err != nil {
		s.participantFormError(c, "participant.title", p, err)
		return
	}
	flash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, "/participants/"+p.ID)
}

func (s *Server) uiRecordConsent(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	granted := c.PostForm("granted") == "1"
	in := participant.ConsentInput{Purpose: c.PostForm("purpose"), Granted: &granted, TextVersion: c.PostForm("text_version"),
		Method: c.PostForm("method")}
	if _, err := s.parts.RecordConsent(ctx, sc, c.Param("id"), in); err != nil {
		if !errors.Is(err, apperr.ErrInvalid) {
			s.fail(c, err)
			return
		}
		p, gerr := s.parts.Get(ctx, sc, c.Param("id"))
		if gerr != nil {
			s.fail(c, gerr)
			return
		}
		v := s.view(c, "participant.title", nil)
		v.Form = participantForm(p)
		v.Form["text_version"], v.Form["purpose"] = in.TextVersion, in.Purpose
		v.withErrors(err)
		if s.participantPage(c, v, p) {
			s.render(c, http.StatusUnprocessableEntity, "participant", v)
		}
		return
	}
	flash(c, "flash.consent_recorded")
	c.Redirect(http.StatusSeeOther, "/participants/"+c.Param("id"))
}

func (s *Server) uiDeleteParticipant(c *gin.Context) {
	if err := s.parts.Delete(c.Request.Context(), scope(c), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	flash(c, "flash.participant_deleted")
	c.Redirect(http.StatusSeeOther, "/participants")
}

func (s *Server) uiImportForm(c *gin.Context) {
	s.render(c, http.StatusOK, "import", s.view(c, "participant.import_title", nil))
}

// importPage is the import page's report: the counts and problems, and each change to someone
// already in the registry with the changed fields named in the page's language.
type importPage struct {
	Report  *participant.ImportReport
	Updates []importPageUpdate
}

// importPageUpdate is one row of the page's table of changes.
type importPageUpdate struct {
	participant.ImportUpdate
	Labels []string
}

// uiImport checks (dry run) or imports an uploaded list and shows the report.
func (s *Server) uiImport(c *gin.Context) {
	v := s.view(c, "participant.import_title", nil)
	fh, err := c.FormFile("file")
	if err != nil {
		v.withErrors(apperr.Invalid("file", "required", "%s", v.T("participant.import_choose_file")))
		s.render(c, http.StatusUnprocessableEntity, "import", v)
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	dry := c.PostForm("mode") != "import"
	v.Form["include_erased"] = c.PostForm("include_erased")
	rep, err := s.parts.Import(c.Request.Context(), scope(c), f,
		participant.ImportOptions{DryRun: dry, IncludeErased: c.PostForm("include_erased") == "1"})
	if err != nil {
		if !errors.Is(err, apperr.ErrInvalid) {
			s.fail(c, err)
			return
		}
		v.withErrors(err)
		s.render(c, http.StatusUnprocessableEntity, "import", v)
		return
	}
	data := &importPage{Report: rep}
	for _, u := range rep.Updates {
		data.Updates = append(data.Updates, importPageUpdate{ImportUpdate: u, Labels: participant.FieldLabels(u.Fields, v.Lang)})
	}
	v.Data = data
	status := http.StatusOK
	if rep.HasErrors() {
		status = http.StatusUnprocessableEntity
	}
	s.render(c, status, "import", v)
}

func (s *Server) uiExport(c *gin.Context) {
	format := c.DefaultQuery("format", "csv")
	var buf bytes.Buffer
	if err := s.parts.Export(c.Request.Context(), scope(c), format, s.lang(c), &buf); err != nil {
		s.fail(c, err)
		return
	}
	sendExport(c, "participants", format, buf.Bytes())
}

// rsvpPage is the attendance-invitation answer page's data.
type rsvpPage struct {
	RSVP  *dialogue.RSVPView
	Times []timeLine
	Done  bool
}

func (s *Server) rsvpData(v *View, r *dialogue.RSVPView) *rsvpPage {
	data := &rsvpPage{RSVP: r}
	if view, err := timezone.NewView(r.StartsAt, r.EndsAt, r.Timezone, "", dialogue.DefaultZones["US"], dialogue.DefaultZones["CN"]); err == nil {
		data.Times = append(data.Times, timeLine{Role: "session", Zone: view.Session.Zone, Start: momentText(view.Session.Start, v.Lang),
			End: momentText(view.Session.End, v.Lang)})
		for _, sp := range view.Sides {
			data.Times = append(data.Times, timeLine{Role: "side", Zone: sp.Zone, Start: momentText(sp.Start, v.Lang),
				End: momentText(sp.End, v.Lang), Same: sp.SameAsSession})
		}
	}
	return data
}

func (s *Server) uiRSVP(c *gin.Context) {
	r, err := s.dlg.RSVP(c.Request.Context(), c.Param("token"))
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.view(c, "rsvp.title", nil)
	v.Data = s.rsvpData(v, r)
	c.Header("Referrer-Policy", "no-referrer")
	s.render(c, http.StatusOK, "rsvp", v)
}

func (s *Server) uiAnswerRSVP(c *gin.Context) {
	r, err := s.dlg.AnswerRSVP(c.Request.Context(), c.Param("token"), c.PostForm("answer"))
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.view(c, "rsvp.title", nil)
	data := s.rsvpData(v, r)
	data.Done = true
	v.Data = data
	s.render(c, http.StatusOK, "rsvp", v)
}
