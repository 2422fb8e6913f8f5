// Package holidays loads public-holiday calendars (US federal holidays with their observed
// dates, PRC public holidays with the State Council's day-off periods and adjusted working
// days) from YAML files and tells which holidays a session overlaps in a country's local time.
package holidays

import (
	"sort"
	"time"
)

// Kind distinguishes statutory holidays from one-off government closures.
type Kind string

// Kinds of Holiday.
const (
	KindHoliday Kind = "holiday" // a public holiday (statutory, with its announced day-off period)
	KindClosure Kind = "closure" // a one-off closure (executive order, Inauguration Day)
)

// Status says how complete a calendar's data for a year is.
type Status string

// Year statuses.
const (
	StatusOfficial     Status = "official"      // dates taken from the official notice
	StatusComputed     Status = "computed"      // dates computed from statutory rules
	StatusNotAnnounced Status = "not_announced" // no dates: the official notice is not known
)

// Name is a name in English and Chinese.
type Name struct {
	EN string `yaml:"en"`
	ZH string `yaml:"zh"`
}

// Holiday is one holiday or closure. Dates are civil dates, held as midnight UTC.
type Holiday struct {
	ID      string
	Country string // ISO 3166 alpha-2, e.g. "US", "CN"
	Year    int    // the calendar year whose data lists it
	Name    Name
	Kind    Kind
	// From and To bound the holiday (inclusive): the legal date for a one-day US holiday, the
	// announced day-off period for a Chinese one.
	From, To time.Time
	// Observed is the day off when it differs from the legal date (US: a Saturday holiday is
	// observed on Friday, a Sunday one on Monday); zero otherwise.
	Observed time.Time
	Scope    string // who it applies to, when not everyone (e.g. Washington, DC area only)
	Note     string
	Source   string // citation
}

// Days returns the civil dates the holiday affects: From through To, plus Observed.
func (h Holiday) Days() []time.Time {
	var out []time.Time
	for d := h.From; !d.After(h.To); d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	if !h.Observed.IsZero() && (h.Observed.Before(h.From) || h.Observed.After(h.To)) {
		out = append(out, h.Observed)
		sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	}
	return out
}

// DayOff returns the first day people have off: Observed when set, else From.
func (h Holiday) DayOff() time.Time {
	if !h.Observed.IsZero() {
		return h.Observed
	}
	return h.From
}

// Workday is an adjusted working day: a weekend day on which people work to make up for a
// longer holiday (China's 调休上班).
type Workday struct {
	Date    time.Time // civil date, midnight UTC
	Country string
	For     string // id of the holiday it belongs to
	Name    Name   // e.g. "Working day (Spring Festival)"
	Note    string
	Source  string
}

// YearInfo describes a calendar's data for one year.
type YearInfo struct {
	Year   int
	Status Status
	Source string
	Note   string
}

// Calendar is one country's holidays.
type Calendar struct {
	Country  string         // ISO 3166 alpha-2
	Zone     string         // default IANA zone for Overlaps (e.g. "Asia/Shanghai")
	Location *time.Location // Zone, loaded
	Name     Name
	Years    map[int]YearInfo
	holidays []Holiday // sorted by first day
	workdays []Workday // sorted by date
}

// Holidays returns the holidays listed for year (including a next-year holiday observed in it).
func (c *Calendar) Holidays(year int) []Holiday {
	var out []Holiday
	for _, h := range c.holidays {
		if h.Year == year {
			out = append(out, h)
		}
	}
	return out
}

// Workdays returns the adjusted working days of year.
func (c *Calendar) Workdays(year int) []Workday {
	var out []Workday
	for _, w := range c.workdays {
		if w.Date.Year() == year {
			out = append(out, w)
		}
	}
	return out
}

// Overlaps returns the holidays (and closures) that fall on any local date touched by the
// session [start, end) in loc — the holiday country's zone; nil means c.Location. A session
// ending exactly at midnight does not touch the next day.
func (c *Calendar) Overlaps(start, end time.Time, loc *time.Location) []Holiday {
	first, last, ok := c.localDates(start, end, loc)
	if !ok {
		return nil
	}
	var out []Holiday
	for _, h := range c.holidays {
		for _, d := range h.Days() {
			if !d.Before(first) && !d.After(last) {
				out = append(out, h)
				break
			}
		}
	}
	return out
}

// AdjustedWorkdays returns the adjusted working days that fall within the session, in loc
// (nil means c.Location): weekend days on which offices are open.
func (c *Calendar) AdjustedWorkdays(start, end time.Time, loc *time.Location) []Workday {
	first, last, ok := c.localDates(start, end, loc)
	if !ok {
		return nil
	}
	var out []Workday
	for _, w := range c.workdays {
		if !w.Date.Before(first) && !w.Date.After(last) {
			out = append(out, w)
		}
	}
	return out
}

// MissingYears returns the years touched by the session (in loc; nil means c.Location) for
// which the calendar has no dates: years it does not list and years whose official notice is
// not yet known. A page should say "holidays for 2027 not yet known" rather than "none".
func (c *Calendar) MissingYears(start, end time.Time, loc *time.Location) []int {
	first, last, ok := c.localDates(start, end, loc)
	if !ok {
		return nil
	}
	var out []int
	for y := first.Year(); y <= last.Year(); y++ {
		if info, ok := c.Years[y]; !ok || info.Status == StatusNotAnnounced {
			out = append(out, y)
		}
	}
	return out
}

// localDates returns the first and last civil dates (midnight UTC) touched by [start, end).
func (c *Calendar) localDates(start, end time.Time, loc *time.Location) (first, last time.Time, ok bool) {
	if !end.After(start) {
		return time.Time{}, time.Time{}, false
	}
	if loc == nil {
		loc = c.Location
	}
	return civil(start.In(loc)), civil(end.Add(-time.Nanosecond).In(loc)), true
}

// civil returns t's local date as midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
