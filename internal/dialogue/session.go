package dialogue

import (
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/screening/rules"
	"github.com/tracktwo/tracktwo/internal/tabular"
	"github.com/tracktwo/tracktwo/internal/timezone"
)

// Session statuses.
const (
	StatusDraft     = "draft"
	StatusProposed  = "proposed"
	StatusAccepted  = "accepted"
	StatusScheduled = "scheduled"
	StatusHeld      = "held"
	// StatusMinutesAgreed follows held when the conveners lock the session's agreed minutes; it is
	// set only by the minutes workflow (MinutesLocked), never chosen as a manual transition.
	StatusMinutesAgreed = "minutes_agreed"
	StatusDeclined      = "declined"
	StatusCancelled     = "cancelled"
)

// Statuses lists every session status in lifecycle order.
var Statuses = []string{StatusDraft, StatusProposed, StatusAccepted, StatusScheduled, StatusHeld, StatusMinutesAgreed,
	StatusDeclined, StatusCancelled}

// Formats of a session.
var Formats = []string{"in_person", "online", "hybrid"}

// PartnerUnitKinds are the legal forms of a Chinese partner unit (Overseas NGO Law Art. 16).
var PartnerUnitKinds = []string{"state_organ", "peoples_organization", "public_institution", "social_organization", "company", "individual"}

// InstitutionKinds are the kinds of a session's Chinese partner, co-hosts and funders: the rules'
// organization vocabulary (school, hospital and government among them, which tenants are not).
var InstitutionKinds = rules.OrgKinds

// MaxDuration bounds a session's length.
const MaxDuration = 31 * 24 * time.Hour

// Session is one meeting of a dialogue. Times are stored in UTC with the session's IANA zone.
type Session struct {
	ID              string    `json:"id"`
	DialogueID      string    `json:"dialogue_id"`
	OrgID           string    `json:"org_id"`
	Title           string    `json:"title"`
	TitleZH         string    `json:"title_zh"`
	Description     string    `json:"description"`
	DescriptionZH   string    `json:"description_zh"`
	Agenda          string    `json:"agenda"`
	Format          string    `json:"format"`
	City            string    `json:"city"`
	Province        string    `json:"province"`
	Country         string    `json:"country"`
	InMainland      bool      `json:"in_mainland"`
	Venue           string    `json:"venue"`
	OnlineURL       string    `json:"online_url"`
	Timezone        string    `json:"timezone"`
	StartsAt        time.Time `json:"starts_at"`
	EndsAt          time.Time `json:"ends_at"`
	Status          string    `json:"status"`
	StatusReason    string    `json:"status_reason"`
	StatusChangedAt time.Time `json:"status_changed_at"`
	PartnerName     string    `json:"partner_name"`
	PartnerNameZH   string    `json:"partner_name_zh"`
	PartnerUnitKind string    `json:"partner_unit_kind"`
	PartnerKind     string    `json:"partner_kind"`
	PartnerField    string    `json:"partner_field"`
	// PartnerCountry is the partner's country; empty means mainland China (the Chinese partner
	// unit of an activity in the mainland).
	PartnerCountry         string    `json:"partner_country"`
	FilingNumber           string    `json:"filing_number"`
	FilingDate             string    `json:"filing_date"`
	FilingPeriodStart      string    `json:"filing_period_start"`
	FilingPeriodEnd        string    `json:"filing_period_end"`
	FilingArea             string    `json:"filing_area"`
	TopicTags              []string  `json:"topic_tags" gorm:"serializer:json"`
	IsPartnershipAgreement bool      `json:"is_partnership_agreement"`
	CapacityUS             int       `json:"capacity_us" gorm:"column:capacity_us"`
	CapacityCN             int       `json:"capacity_cn" gorm:"column:capacity_cn"`
	Sequence               int       `json:"sequence"`
	CreatedBy              string    `json:"created_by"`
	CreatedAt              time.Time `json:"created_at"`
	UpdatedAt              time.Time `json:"updated_at"`
	Funding                []Funding `json:"funding" gorm:"-"`
	Cohosts                []Cohost  `json:"cohosts" gorm:"-"`
	// Read from the dialogue in listings.
	DialogueTitle   string `json:"dialogue_title,omitempty" gorm:"->"`
	DialogueTitleZH string `json:"dialogue_title_zh,omitempty" gorm:"->"`
	// Read from the user who wrote the session (the calendar ORGANIZER).
	CreatorName  string `json:"-" gorm:"->"`
	CreatorEmail string `json:"-" gorm:"->"`
}

// DisplayTitle is the title in lang, falling back to English.
func (s *Session) DisplayTitle(lang string) string {
	if lang == "zh" && s.TitleZH != "" {
		return s.TitleZH
	}
	return s.Title
}

// Place describes where the session is held: "Beijing, CN", "Online", "Washington, US + online".
func (s *Session) Place() string {
	p := strings.TrimSpace(strings.Trim(s.City+", "+s.Country, ", "))
	switch s.Format {
	case "online":
		return "Online"
	case "hybrid":
		return p + " + online"
	}
	return p
}

// Funding is one source of money for a session.
type Funding struct {
	ID                          string `json:"id"`
	SessionID                   string `json:"-"`
	Position                    int    `json:"-"`
	FunderName                  string `json:"funder_name"`
	FunderCountry               string `json:"funder_country"`
	FunderKind                  string `json:"funder_kind"`
	Amount                      int64  `json:"amount"`
	Currency                    string `json:"currency"`
	RoutedThroughPartnerAccount bool   `json:"routed_through_partner_account"`
	// The funder's standing under the Overseas NGO Law (org.ONGOStatuses) with the area and
	// scope of a registered office: a funder whose office covers the session is registered.
	FunderONGOStatus      string `json:"funder_ongo_status"`
	FunderONGOOfficeArea  string `json:"funder_ongo_office_area"`
	FunderONGOOfficeScope string `json:"funder_ongo_office_scope"`
}

// Cohost is an organization co-hosting a session besides the dialogue's conveners, with the
// facts the restriction rules read about an organizer.
type Cohost struct {
	ID        string `json:"id"`
	SessionID string `json:"-"`
	Position  int    `json:"-"`
	Name      string `json:"name"`
	NameZH    string `json:"name_zh"`
	Country   string `json:"country"`
	// Kind is one of InstitutionKinds, Field one of org.Fields.
	Kind     string `json:"kind"`
	Field    string `json:"field"`
	IsPublic bool   `json:"is_public"`
	USState  string `json:"us_state"`
	// ONGOStatus is one of org.ONGOStatuses, with the registered office's area and scope.
	ONGOStatus      string `json:"ongo_status"`
	ONGOOfficeArea  string `json:"ongo_office_area"`
	ONGOOfficeScope string `json:"ongo_office_scope"`
}

// FundingInput is one funding source in a session input.
type FundingInput struct {
	FunderName                  string `json:"funder_name"`
	FunderCountry               string `json:"funder_country"`
	FunderKind                  string `json:"funder_kind"`
	Amount                      int64  `json:"amount"`
	Currency                    string `json:"currency"`
	RoutedThroughPartnerAccount bool   `json:"routed_through_partner_account"`
	FunderONGOStatus            string `json:"funder_ongo_status"`
	FunderONGOOfficeArea        string `json:"funder_ongo_office_area"`
	FunderONGOOfficeScope       string `json:"funder_ongo_office_scope"`
}

// CohostInput is one co-host in a session input.
type CohostInput struct {
	Name            string `json:"name"`
	NameZH          string `json:"name_zh"`
	Country         string `json:"country"`
	Kind            string `json:"kind"`
	Field           string `json:"field"`
	IsPublic        bool   `json:"is_public"`
	USState         string `json:"us_state"`
	ONGOStatus      string `json:"ongo_status"`
	ONGOOfficeArea  string `json:"ongo_office_area"`
	ONGOOfficeScope string `json:"ongo_office_scope"`
}

// SessionInput is what a caller may set on a session. Times are RFC 3339 instants
// ("2026-03-10T14:00:00Z") or local wall-clock times without an offset ("2026-03-10T09:00"),
// read in the session's zone (refused when they fall in a daylight-saving gap). Pointer fields
// are optional on update; a list replaces the whole list.
type SessionInput struct {
	DialogueID             *string         `json:"dialogue_id"`
	Title                  *string         `json:"title"`
	TitleZH                *string         `json:"title_zh"`
	Description            *string         `json:"description"`
	DescriptionZH          *string         `json:"description_zh"`
	Agenda                 *string         `json:"agenda"`
	Format                 *string         `json:"format"`
	City                   *string         `json:"city"`
	Province               *string         `json:"province"`
	Country                *string         `json:"country"`
	Venue                  *string         `json:"venue"`
	OnlineURL              *string         `json:"online_url"`
	Timezone               *string         `json:"timezone"`
	StartsAt               *string         `json:"starts_at"`
	EndsAt                 *string         `json:"ends_at"`
	PartnerName            *string         `json:"partner_name"`
	PartnerNameZH          *string         `json:"partner_name_zh"`
	PartnerUnitKind        *string         `json:"partner_unit_kind"`
	PartnerKind            *string         `json:"partner_kind"`
	PartnerField           *string         `json:"partner_field"`
	PartnerCountry         *string         `json:"partner_country"`
	FilingNumber           *string         `json:"filing_number"`
	FilingDate             *string         `json:"filing_date"`
	FilingPeriodStart      *string         `json:"filing_period_start"`
	FilingPeriodEnd        *string         `json:"filing_period_end"`
	FilingArea             *string         `json:"filing_area"`
	TopicTags              *[]string       `json:"topic_tags"`
	IsPartnershipAgreement *bool           `json:"is_partnership_agreement"`
	CapacityUS             *int            `json:"capacity_us"`
	CapacityCN             *int            `json:"capacity_cn"`
	Funding                *[]FundingInput `json:"funding"`
	Cohosts                *[]CohostInput  `json:"cohosts"`
}

var (
	tagRe      = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)
	dateRe     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)
)

func validDate(s string) bool {
	if !dateRe.MatchString(s) {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// parseTime reads an RFC 3339 instant or a local wall-clock time in zone.
func parseTime(v *apperr.Validator, field, text, zone string) (time.Time, bool) {
	text = strings.TrimSpace(text)
	if text == "" {
		v.Add(field, "required", "give a date and time")
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, text); err == nil {
		return t.UTC(), true
	}
	if zone == "" || v.Has("timezone") {
		v.Add(field, "format", "give an RFC 3339 time such as 2026-03-10T14:00:00Z, or a local time with a valid time zone")
		return time.Time{}, false
	}
	p, err := timezone.ParseLocal(text, zone)
	if err != nil {
		if errors.Is(err, timezone.ErrNonexistentTime) {
			v.Add(field, "nonexistent_time", "%s does not exist in %s: clocks spring forward over it", text, zone)
		} else {
			v.Add(field, "format", "give a date and time such as 2026-03-10T09:00")
		}
		return time.Time{}, false
	}
	return p.UTC, true
}

// applySession validates in and copies it onto se. Every problem is reported at once.
func applySession(se *Session, in SessionInput, create bool) error {
	var v apperr.Validator
	trim := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	trim(&se.Title, in.Title)
	trim(&se.TitleZH, in.TitleZH)
	trim(&se.Description, in.Description)
	trim(&se.DescriptionZH, in.DescriptionZH)
	trim(&se.Agenda, in.Agenda)
	trim(&se.Format, in.Format)
	trim(&se.City, in.City)
	trim(&se.Province, in.Province)
	trim(&se.Venue, in.Venue)
	trim(&se.OnlineURL, in.OnlineURL)
	trim(&se.PartnerName, in.PartnerName)
	trim(&se.PartnerNameZH, in.PartnerNameZH)
	trim(&se.PartnerUnitKind, in.PartnerUnitKind)
	trim(&se.PartnerKind, in.PartnerKind)
	trim(&se.PartnerField, in.PartnerField)
	trim(&se.FilingNumber, in.FilingNumber)
	trim(&se.FilingDate, in.FilingDate)
	trim(&se.FilingPeriodStart, in.FilingPeriodStart)
	trim(&se.FilingPeriodEnd, in.FilingPeriodEnd)
	trim(&se.FilingArea, in.FilingArea)
	if in.IsPartnershipAgreement != nil {
		se.IsPartnershipAgreement = *in.IsPartnershipAgreement
	}
	if in.CapacityUS != nil {
		se.CapacityUS = *in.CapacityUS
	}
	if in.CapacityCN != nil {
		se.CapacityCN = *in.CapacityCN
	}
	if in.PartnerCountry != nil {
		se.PartnerCountry = tabular.CountryField(&v, "partner_country", *in.PartnerCountry)
	}
	if in.Country != nil {
		se.Country = tabular.CountryField(&v, "country", *in.Country)
	}
	se.InMainland = se.Country == "CN" && se.Format != "online"

	if create || in.Title != nil {
		v.Check(se.Title != "", "title", "required", "give the session a title")
	}
	v.Check(utf8.RuneCountInString(se.Title) <= 200, "title", "length", "at most 200 characters")
	v.Check(utf8.RuneCountInString(se.TitleZH) <= 200, "title_zh", "length", "at most 200 characters")
	v.Check(utf8.RuneCountInString(se.Description) <= 10000, "description", "length", "at most 10000 characters")
	v.Check(utf8.RuneCountInString(se.DescriptionZH) <= 10000, "description_zh", "length", "at most 10000 characters")
	v.Check(utf8.RuneCountInString(se.Agenda) <= 20000, "agenda", "length", "at most 20000 characters")
	v.Check(contains(Formats, se.Format), "format", "enum", "must be one of %s", strings.Join(Formats, ", "))
	if se.Format != "online" && !v.Has("format") {
		v.Check(se.City != "", "city", "required", "give the city where the session is held")
		v.Check(se.Country != "" || v.Has("country"), "country", "required", "give the country where the session is held")
	}
	v.Check(utf8.RuneCountInString(se.City) <= 100, "city", "length", "at most 100 characters")
	if se.OnlineURL != "" {
		v.Check(strings.HasPrefix(se.OnlineURL, "https://") && len(se.OnlineURL) <= 500, "online_url", "format", "must be an https:// link")
	}

	// Time: the zone first, then the times read in it.
	if in.Timezone != nil {
		se.Timezone = strings.TrimSpace(*in.Timezone)
	}
	if err := timezone.Validate(se.Timezone); err != nil {
		v.Add("timezone", "timezone", "%s", err.Error())
	}
	start, end := se.StartsAt, se.EndsAt
	okStart, okEnd := !start.IsZero(), !end.IsZero()
	if in.StartsAt != nil || create {
		s := ""
		if in.StartsAt != nil {
			s = *in.StartsAt
		}
		start, okStart = parseTime(&v, "starts_at", s, se.Timezone)
	}
	if in.EndsAt != nil || create {
		s := ""
		if in.EndsAt != nil {
			s = *in.EndsAt
		}
		end, okEnd = parseTime(&v, "ends_at", s, se.Timezone)
	}
	if okStart && okEnd {
		v.Check(end.After(start), "ends_at", "end_before_start", "the session must end after it starts")
		v.Check(end.Sub(start) <= MaxDuration, "ends_at", "too_long", "a session lasts at most 31 days")
		v.Check(start.Year() >= 2000 && start.Year() <= 2100, "starts_at", "range", "give a year between 2000 and 2100")
	}
	se.StartsAt, se.EndsAt = start.UTC(), end.UTC()

	// Facts for the Overseas NGO Law rules.
	checkEnum(&v, "partner_unit_kind", se.PartnerUnitKind, PartnerUnitKinds)
	checkEnum(&v, "partner_kind", se.PartnerKind, InstitutionKinds)
	checkEnum(&v, "partner_field", se.PartnerField, org.Fields)
	for _, f := range []struct {
		name  string
		value string
	}{{"filing_date", se.FilingDate}, {"filing_period_start", se.FilingPeriodStart}, {"filing_period_end", se.FilingPeriodEnd}} {
		if f.value != "" {
			v.Check(validDate(f.value), f.name, "date", "give a date as YYYY-MM-DD")
		}
	}
	if validDate(se.FilingPeriodStart) && validDate(se.FilingPeriodEnd) {
		v.Check(se.FilingPeriodEnd >= se.FilingPeriodStart, "filing_period_end", "end_before_start", "the filed period must end after it starts")
	}
	if in.TopicTags != nil {
		tags := []string{}
		for _, t := range *in.TopicTags {
			t = strings.ToLower(strings.TrimSpace(t))
			if t == "" {
				continue
			}
			if !tagRe.MatchString(t) {
				v.Add("topic_tags", "format", "tags use lowercase letters, digits, - and _ (at most 40): %q", t)
				continue
			}
			if !contains(tags, t) {
				tags = append(tags, t)
			}
		}
		v.Check(len(tags) <= 20, "topic_tags", "length", "at most 20 tags")
		se.TopicTags = tags
	}
	if se.TopicTags == nil {
		se.TopicTags = []string{}
	}
	v.Check(se.CapacityUS >= 0 && se.CapacityUS <= 10000, "capacity_us", "range", "give a number from 0 (no limit) to 10000")
	v.Check(se.CapacityCN >= 0 && se.CapacityCN <= 10000, "capacity_cn", "range", "give a number from 0 (no limit) to 10000")
	applyFundingAndCohosts(&v, se, in)
	return v.Err()
}

func fieldAt(list string, i int, field string) string {
	return list + "[" + itoa(i) + "]." + field
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for i > 0 {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
	}
	return string(b)
}
