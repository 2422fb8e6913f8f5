package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/dialogue"
)

// The session form's funding sources and co-hosts: repeated rows of fields named like the API's
// error fields ("funding[0].funder_name"), so a problem lands beside its field. The form shows the
// stored rows and one blank row to add another; a row left blank is dropped (that is how a row is
// removed), and the problems of the rows kept are mapped back to the rows as shown.

var (
	fundingRowFields = []string{"funder_name", "funder_country", "funder_kind", "amount", "currency",
		"routed_through_partner_account", "funder_ongo_status", "funder_ongo_office_area", "funder_ongo_office_scope"}
	cohostRowFields = []string{"name", "name_zh", "country", "kind", "field", "is_public", "us_state", "ongo_status",
		"ongo_office_area", "ongo_office_scope"}
)

// maxFormRows bounds the rows read from a posted form (the service allows 50 funding sources).
const maxFormRows = 60

func rowField(list string, i int, field string) string {
	return fmt.Sprintf("%s[%d].%s", list, i, field)
}

// postedRows returns the indices of the posted rows of list that are not blank.
func postedRows(c *gin.Context, list string, fields []string) (kept []int, shown int) {
	for i := 0; i < maxFormRows; i++ {
		present, blank := false, true
		for _, f := range fields {
			v, ok := c.GetPostForm(rowField(list, i, f))
			present = present || ok
			if strings.TrimSpace(v) != "" {
				blank = false
			}
		}
		if !present {
			return kept, i
		}
		if !blank {
			kept = append(kept, i)
		}
	}
	return kept, maxFormRows
}

// fundingInputOf reads the funding rows of the session form.
func fundingInputOf(c *gin.Context, v *apperr.Validator) (*[]dialogue.FundingInput, []int) {
	rows, shown := postedRows(c, "funding", fundingRowFields)
	if shown == 0 {
		return nil, nil // a form without the rows leaves the funding as it is
	}
	out := make([]dialogue.FundingInput, 0, len(rows))
	for _, i := range rows {
		get := func(f string) string { return c.PostForm(rowField("funding", i, f)) }
		var amount int64
		if raw := strings.TrimSpace(get("amount")); raw != "" {
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				v.Add(rowField("funding", i, "amount"), "number", "give a whole number (in minor units, e.g. cents)")
			}
			amount = n
		}
		out = append(out, dialogue.FundingInput{FunderName: get("funder_name"), FunderCountry: get("funder_country"),
			FunderKind: get("funder_kind"), Amount: amount, Currency: get("currency"),
			RoutedThroughPartnerAccount: get("routed_through_partner_account") == "1", FunderONGOStatus: get("funder_ongo_status"),
			FunderONGOOfficeArea: get("funder_ongo_office_area"), FunderONGOOfficeScope: get("funder_ongo_office_scope")})
	}
	return &out, rows
}

// cohostInputOf reads the co-host rows of the session form.
func cohostInputOf(c *gin.Context) (*[]dialogue.CohostInput, []int) {
	rows, shown := postedRows(c, "cohosts", cohostRowFields)
	if shown == 0 {
		return nil, nil
	}
	out := make([]dialogue.CohostInput, 0, len(rows))
	for _, i := range rows {
		get := func(f string) string { return c.PostForm(rowField("cohosts", i, f)) }
		out = append(out, dialogue.CohostInput{Name: get("name"), NameZH: get("name_zh"), Country: get("country"), Kind: get("kind"),
			Field: get("field"), IsPublic: get("is_public") == "1", USState: get("us_state"), ONGOStatus: get("ongo_status"),
			ONGOOfficeArea: get("ongo_office_area"), ONGOOfficeScope: get("ongo_office_scope")})
	}
	return &out, rows
}

// remapRows renames the problems of kept rows ("funding[1].x" of the input) to the rows as the
// form showed them ("funding[3].x").
func remapRows(err error, lists map[string][]int) error {
	fields := apperr.Fields(err)
	if len(fields) == 0 {
		return err
	}
	var v apperr.Validator
	for _, f := range fields {
		name := f.Field
		for list, rows := range lists {
			var i int
			var rest string
			if n, _ := fmt.Sscanf(name, list+"[%d]%s", &i, &rest); n == 2 && i >= 0 && i < len(rows) {
				name = rowField(list, rows[i], strings.TrimPrefix(rest, "."))
			}
		}
		v.Add(name, f.Code, "%s", f.Message)
	}
	return v.Err()
}

// rowsForm puts a session's funding sources and co-hosts in the form, and returns how many rows
// of each to show (the stored ones and a blank one).
func rowsForm(form map[string]string, se *dialogue.Session) (funding, cohosts int) {
	for i, f := range se.Funding {
		for k, v := range map[string]string{"funder_name": f.FunderName, "funder_country": f.FunderCountry, "funder_kind": f.FunderKind,
			"amount": strconv.FormatInt(f.Amount, 10), "currency": f.Currency,
			"routed_through_partner_account": checkbox(f.RoutedThroughPartnerAccount), "funder_ongo_status": f.FunderONGOStatus,
			"funder_ongo_office_area": f.FunderONGOOfficeArea, "funder_ongo_office_scope": f.FunderONGOOfficeScope} {
			form[rowField("funding", i, k)] = v
		}
	}
	for i, co := range se.Cohosts {
		for k, v := range map[string]string{"name": co.Name, "name_zh": co.NameZH, "country": co.Country, "kind": co.Kind,
			"field": co.Field, "is_public": checkbox(co.IsPublic), "us_state": co.USState, "ongo_status": co.ONGOStatus,
			"ongo_office_area": co.ONGOOfficeArea, "ongo_office_scope": co.ONGOOfficeScope} {
			form[rowField("cohosts", i, k)] = v
		}
	}
	return len(se.Funding) + 1, len(se.Cohosts) + 1
}

// postedRowsForm copies the posted rows back into a form being shown again, and returns how many
// rows of each to show (at least the posted ones, plus a blank one).
func postedRowsForm(c *gin.Context, form map[string]string) (funding, cohosts int) {
	copyRows := func(list string, fields []string) int {
		_, shown := postedRows(c, list, fields)
		for i := 0; i < shown; i++ {
			for _, f := range fields {
				form[rowField(list, i, f)] = c.PostForm(rowField(list, i, f))
			}
		}
		return shown + 1
	}
	return copyRows("funding", fundingRowFields), copyRows("cohosts", cohostRowFields)
}

// formRow is one repeated row of the session form, for the template.
type formRow struct {
	// I is the row's index in the field names; N its number shown to people.
	I, N int
	// Prefix is "funding[0]." or "cohosts[0].".
	Prefix string
}

func formRows(list string, n int) []formRow {
	out := make([]formRow, n)
	for i := range out {
		out[i] = formRow{I: i, N: i + 1, Prefix: fmt.Sprintf("%s[%d].", list, i)}
	}
	return out
}

// attendeeFactsPage is the page of one of the caller's attendees: role, status and the
// screening facts of this person in this session.
type attendeeFactsPage struct {
	SessionID string
	Attendee  *dialogue.Attendee
	Roles     []string
	Statuses  []string
}

func (s *Server) uiAttendee(c *gin.Context) { s.attendeePage(c, http.StatusOK, nil) }

// attendeePage shows the attendance page, with the posted values and problems of a failed save.
func (s *Server) attendeePage(c *gin.Context, status int, failed error) {
	if failed != nil && !errors.Is(failed, apperr.ErrInvalid) {
		s.fail(c, failed)
		return
	}
	at, err := s.dlg.OwnAttendee(c.Request.Context(), scope(c), c.Param("id"), c.Param("attendee_id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.view(c, "facts.attendee_edit", attendeeFactsPage{SessionID: c.Param("id"), Attendee: at,
		Roles: dialogue.AttendeeRoles, Statuses: dialogue.AttendeeStatuses})
	v.Title = v.T("facts.attendee_title", "Name", at.DisplayName())
	v.Form = map[string]string{"role": at.Role, "status": at.Status, "paid": checkbox(at.Paid),
		"acts_for_organizer": checkbox(at.ActsForOrganizer), "visiting_researcher": checkbox(at.VisitingResearcher),
		"briefs_us_officials": checkbox(at.BriefsUSOfficials)}
	if failed != nil {
		for k := range v.Form {
			v.Form[k] = c.PostForm(k)
		}
		v.withErrors(failed)
	}
	s.render(c, status, "attendee", v)
}
