package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/timezone"
)

// The session form: create and edit a session (its funding and co-host rows are in
// ui_session_facts.go).

// sessionFormPage is the session form's data.
type sessionFormPage struct {
	Session          *dialogue.Session
	Dialogues        []option
	Formats          []string
	PartnerUnitKinds []string
	InstitutionKinds []string
	Fields           []string
	ONGOStatuses     []string
	// FundingRows and CohostRows are the repeated rows of funding sources and co-hosts.
	FundingRows, CohostRows []formRow
}

// sessionFormFields are the form fields of the session form (all strings).
var sessionFormFields = []string{"dialogue_id", "title", "title_zh", "description", "description_zh", "agenda", "format",
	"city", "province", "country", "venue", "online_url", "timezone", "starts_at", "ends_at", "partner_name",
	"partner_name_zh", "partner_unit_kind", "partner_kind", "partner_field", "partner_country", "filing_number", "filing_date", "filing_period_start",
	"filing_period_end", "filing_area", "topic_tags", "is_partnership_agreement", "capacity_us", "capacity_cn"}

// localInput formats an instant for a datetime-local field in zone.
func localInput(t time.Time, zone string) string {
	if loc, err := timezone.Load(zone); err == nil {
		t = t.In(loc)
	}
	return t.Format("2006-01-02T15:04")
}

func sessionForm(se *dialogue.Session) map[string]string {
	b := ""
	if se.IsPartnershipAgreement {
		b = "1"
	}
	return map[string]string{"dialogue_id": se.DialogueID, "title": se.Title, "title_zh": se.TitleZH,
		"description": se.Description, "description_zh": se.DescriptionZH, "agenda": se.Agenda, "format": se.Format,
		"city": se.City, "province": se.Province, "country": se.Country, "venue": se.Venue, "online_url": se.OnlineURL,
		"timezone": se.Timezone, "starts_at": localInput(se.StartsAt, se.Timezone), "ends_at": localInput(se.EndsAt, se.Timezone),
		"partner_name": se.PartnerName, "partner_name_zh": se.PartnerNameZH, "partner_unit_kind": se.PartnerUnitKind,
		"partner_kind": se.PartnerKind, "partner_field": se.PartnerField, "partner_country": se.PartnerCountry,
		"filing_number": se.FilingNumber, "filing_date": se.FilingDate, "filing_period_start": se.FilingPeriodStart,
		"filing_period_end": se.FilingPeriodEnd, "filing_area": se.FilingArea, "topic_tags": strings.Join(se.TopicTags, ", "),
		"is_partnership_agreement": b, "capacity_us": strconv.Itoa(se.CapacityUS), "capacity_cn": strconv.Itoa(se.CapacityCN)}
}

// sessionInputOf reads the session form, with the form rows kept for each repeated list.
func sessionInputOf(c *gin.Context, create bool) (dialogue.SessionInput, map[string][]int, error) {
	str := func(k string) *string { x := c.PostForm(k); return &x }
	var v apperr.Validator
	num := func(k string) *int {
		raw := strings.TrimSpace(c.PostForm(k))
		if raw == "" {
			n := 0
			return &n
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			v.Add(k, "number", "give a whole number")
			return nil
		}
		return &n
	}
	tags := strings.FieldsFunc(c.PostForm("topic_tags"), func(r rune) bool { return r == ',' || r == ';' || r == '，' })
	pa := c.PostForm("is_partnership_agreement") == "1"
	in := dialogue.SessionInput{Title: str("title"), TitleZH: str("title_zh"), Description: str("description"),
		DescriptionZH: str("description_zh"), Agenda: str("agenda"), Format: str("format"), City: str("city"),
		Province: str("province"), Country: str("country"), Venue: str("venue"), OnlineURL: str("online_url"),
		Timezone: str("timezone"), StartsAt: str("starts_at"), EndsAt: str("ends_at"), PartnerName: str("partner_name"),
		PartnerNameZH: str("partner_name_zh"), PartnerUnitKind: str("partner_unit_kind"), FilingNumber: str("filing_number"),
		FilingDate: str("filing_date"), FilingPeriodStart: str("filing_period_start"), FilingPeriodEnd: str("filing_period_end"),
		FilingArea: str("filing_area"), TopicTags: &tags, IsPartnershipAgreement: &pa, CapacityUS: num("capacity_us"),
		CapacityCN: num("capacity_cn"), PartnerKind: str("partner_kind"), PartnerField: str("partner_field"),
		PartnerCountry: str("partner_country")}
	var rows map[string][]int
	in.Funding, rows = fundingRows(c, &v)
	in.Cohosts, rows["cohosts"] = cohostInputOf(c)
	if create {
		in.DialogueID = str("dialogue_id")
	}
	return in, rows, v.Err()
}

// fundingRows reads the funding rows and starts the map of kept rows per list.
func fundingRows(c *gin.Context, v *apperr.Validator) (*[]dialogue.FundingInput, map[string][]int) {
	in, rows := fundingInputOf(c, v)
	return in, map[string][]int{"funding": rows}
}

func (s *Server) sessionFormData(c *gin.Context, v *View, se *dialogue.Session, funding, cohosts int) bool {
	ds, err := s.dlg.ListDialogues(c.Request.Context(), scope(c), "", 200)
	if err != nil {
		s.fail(c, err)
		return false
	}
	data := sessionFormPage{Session: se, Formats: dialogue.Formats, PartnerUnitKinds: dialogue.PartnerUnitKinds,
		InstitutionKinds: dialogue.InstitutionKinds, Fields: org.Fields, ONGOStatuses: org.ONGOStatuses,
		FundingRows: formRows("funding", funding), CohostRows: formRows("cohosts", cohosts)}
	for i := range ds {
		data.Dialogues = append(data.Dialogues, option{ds[i].ID, ds[i].DisplayTitle(v.Lang)})
	}
	v.Data = data
	return true
}

func (s *Server) uiNewSession(c *gin.Context) {
	v := s.view(c, "session.new_title", nil)
	zone := viewerZone(c)
	start := time.Now().AddDate(0, 1, 0).Truncate(time.Hour)
	v.Form = map[string]string{"dialogue_id": c.Query("dialogue_id"), "format": "in_person", "timezone": zone,
		"starts_at": localInput(start, zone), "ends_at": localInput(start.Add(3*time.Hour), zone)}
	if s.sessionFormData(c, v, nil, 1, 1) {
		s.render(c, http.StatusOK, "session_form", v)
	}
}

func (s *Server) sessionFormError(c *gin.Context, title string, se *dialogue.Session, rows map[string][]int, err error) {
	if !errors.Is(err, apperr.ErrInvalid) {
		s.fail(c, err)
		return
	}
	v := s.view(c, title, nil)
	for _, k := range sessionFormFields {
		v.Form[k] = c.PostForm(k)
	}
	if se != nil {
		v.Form["dialogue_id"] = se.DialogueID
	}
	funding, cohosts := postedRowsForm(c, v.Form)
	v.withErrors(remapRows(err, rows))
	if s.sessionFormData(c, v, se, funding, cohosts) {
		s.render(c, http.StatusUnprocessableEntity, "session_form", v)
	}
}

func (s *Server) uiCreateSession(c *gin.Context) {
	in, rows, err := sessionInputOf(c, true)
	if err != nil {
		s.sessionFormError(c, "session.new_title", nil, rows, err)
		return
	}
	ctx, sc := c.Request.Context(), scope(c)
	se, err := s.dlg.CreateSession(ctx, sc, in)
	if err != nil {
		s.sessionFormError(c, "session.new_title", nil, rows, err)
		return
	}
	if c.PostForm("then") == "propose" {
		if _, err := s.dlg.Transition(ctx, sc, se.ID, dialogue.TransitionInput{To: dialogue.StatusProposed}); err != nil {
			s.fail(c, err)
			return
		}
		flash(c, "flash.session_proposed")
	} else {
		flash(c, "flash.saved")
	}
	c.Redirect(http.StatusSeeOther, "/sessions/"+se.ID)
}

func (s *Server) uiEditSession(c *gin.Context) {
	se, err := s.dlg.GetSession(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.view(c, "session.edit_title", nil)
	v.Form = sessionForm(se)
	funding, cohosts := rowsForm(v.Form, se)
	if s.sessionFormData(c, v, se, funding, cohosts) {
		s.render(c, http.StatusOK, "session_form", v)
	}
}

func (s *Server) uiUpdateSession(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	se, err := s.dlg.GetSession(ctx, sc, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	in, rows, err := sessionInputOf(c, false)
	if err == nil {
		_, err = s.dlg.UpdateSession(ctx, sc, se.ID, in)
	}
	if err != nil {
		s.sessionFormError(c, "session.edit_title", se, rows, err)
		return
	}
	flash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, "/sessions/"+se.ID)
}
