package dialogue

import (
	"context"
	"fmt"
	"sort"

	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Warning is advice about a session that does not stop it: a public holiday of either side, a
// participant booked elsewhere at the same time. Code is stable (for translation and tests).
type Warning struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageZH string `json:"message_zh"`
}

// Countries whose public holidays are checked: both sides of the dialogue.
var holidayCountries = []string{"US", "CN"}

// HolidayWarnings lists the public holidays of either side that the session touches, each in its
// own country's zone, and the years whose holidays are not known yet.
func (s *Service) HolidayWarnings(se *Session) []Warning {
	out := []Warning{}
	for _, country := range holidayCountries {
		cal := s.holidays[country]
		if cal == nil {
			continue
		}
		for _, h := range cal.Overlaps(se.StartsAt, se.EndsAt, nil) {
			out = append(out, Warning{Code: "holiday",
				Message:   fmt.Sprintf("%s public holiday: %s (%s)", country, h.Name.EN, h.DayOff().Format("Mon 2 Jan 2006")),
				MessageZH: fmt.Sprintf("%s公共假日：%s（%s）", countryZH(country), h.Name.ZH, h.DayOff().Format("2006年1月2日"))})
		}
		for _, y := range cal.MissingYears(se.StartsAt, se.EndsAt, nil) {
			out = append(out, Warning{Code: "holidays_unknown",
				Message:   fmt.Sprintf("%s public holidays for %d are not known yet", country, y),
				MessageZH: fmt.Sprintf("%s %d年的公共假日尚未公布", countryZH(country), y)})
		}
	}
	return out
}

func countryZH(c string) string {
	if c == "CN" {
		return "中国"
	}
	return "美国"
}

func overlapWarnings(os []Overlap) []Warning {
	out := []Warning{}
	for _, o := range os {
		out = append(out, Warning{Code: "double_booked",
			Message: fmt.Sprintf("%s is also booked into “%s” (%s – %s UTC)", o.NameLatin, o.SessionTitle,
				o.StartsAt.UTC().Format("2 Jan 15:04"), o.EndsAt.UTC().Format("2 Jan 15:04")),
			MessageZH: fmt.Sprintf("%s 同时参加“%s”（UTC %s – %s）", nameOr(o.NameNative, o.NameLatin), o.SessionTitle,
				o.StartsAt.UTC().Format("1月2日 15:04"), o.EndsAt.UTC().Format("1月2日 15:04"))})
	}
	return out
}

func nameOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// SessionWarnings lists every warning about a session the caller may see: holidays of either
// side, and the caller's attendees booked into overlapping sessions.
func (s *Service) SessionWarnings(ctx context.Context, sc tenant.Scope, se *Session) ([]Warning, error) {
	out := s.HolidayWarnings(se)
	os, err := s.store.Overlaps(ctx, sc, se.ID, "")
	if err != nil {
		return nil, err
	}
	sort.SliceStable(os, func(i, j int) bool { return os[i].NameLatin < os[j].NameLatin })
	return append(out, overlapWarnings(os)...), nil
}
