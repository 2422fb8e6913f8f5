package holidays

import (
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Observance policies for computed holidays.
const (
	observedNone    = "none"
	observedFederal = "federal" // US: Saturday → Friday before, Sunday → Monday after
)

// rule is a fixed-rule holiday: a fixed date (month, day) or the nth weekday of a month
// (nth -1 = last), in force from since to until (inclusive; 0 = unbounded).
type rule struct {
	id           string
	name         Name
	month        time.Month
	day          int
	weekday      time.Weekday
	nth          int
	observed     string
	since, until int
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

func (p *parser) rules(n *yaml.Node) []rule {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errf(n, `"rules" must be a list`)
		return nil
	}
	var out []rule
	ids := map[string]bool{}
	for _, item := range n.Content {
		f := p.fields(item, "rule", "id", "name", "month", "day", "weekday", "nth", "observed", "since", "until")
		before := len(p.errs)
		r := rule{id: p.str(f, item, "id", true), name: p.name(f, item), observed: p.str(f, item, "observed", false)}
		if r.id != "" && !idRe.MatchString(r.id) {
			p.errf(f["id"], "id must be lower-case words joined by hyphens, not %q", r.id)
		}
		if ids[r.id] {
			p.errf(item, "rule id %q listed twice", r.id)
		}
		ids[r.id] = true
		month, _ := p.integer(f, item, "month", true)
		if month < 1 || month > 12 {
			p.errf(item, "month must be 1-12")
		}
		r.month = time.Month(month)
		day, hasDay := p.integer(f, item, "day", false)
		wd := strings.ToLower(p.str(f, item, "weekday", false))
		nth, hasNth := p.integer(f, item, "nth", false)
		switch {
		case hasDay && (wd != "" || hasNth):
			p.errf(item, `give either "day" or "weekday" and "nth", not both`)
		case hasDay:
			if day < 1 || month >= 1 && month <= 12 && day > daysIn(time.Month(month), 2024) {
				p.errf(f["day"], "day %d does not exist in month %d", day, month)
			}
			r.day = day
		default:
			w, ok := weekdays[wd]
			if !ok {
				p.errf(item, `give "day", or "weekday" (monday…sunday) with "nth"`)
			}
			if !hasNth || nth == 0 || nth < -1 || nth > 5 {
				p.errf(item, `"nth" must be 1-5, or -1 for the last`)
			}
			r.weekday, r.nth = w, nth
		}
		switch r.observed {
		case "", observedNone, observedFederal:
		default:
			p.errf(f["observed"], "observed must be none or federal, not %q", r.observed)
		}
		r.since, _ = p.integer(f, item, "since", false)
		r.until, _ = p.integer(f, item, "until", false)
		if len(p.errs) == before {
			out = append(out, r)
		}
	}
	return out
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// computeRules returns the rule holidays of year, plus next year's fixed-date holidays whose
// observed day falls in year (New Year's Day on a Saturday is observed on 31 December).
func computeRules(rules []rule, year int, country, source string) []Holiday {
	var out []Holiday
	for _, r := range rules {
		for _, y := range []int{year, year + 1} {
			if (r.since != 0 && y < r.since) || (r.until != 0 && y > r.until) {
				continue
			}
			date, ok := r.date(y)
			if !ok {
				continue
			}
			h := Holiday{ID: r.id, Country: country, Year: year, Name: r.name, Kind: KindHoliday, From: date, To: date, Source: source}
			if r.observed == observedFederal {
				switch date.Weekday() {
				case time.Saturday:
					h.Observed = date.AddDate(0, 0, -1)
				case time.Sunday:
					h.Observed = date.AddDate(0, 0, 1)
				}
			}
			if y == year || h.DayOff().Year() == year {
				out = append(out, h)
			}
		}
	}
	return out
}

// date returns the rule's date in year.
func (r rule) date(year int) (time.Time, bool) {
	if r.day != 0 {
		if r.day > daysIn(r.month, year) {
			return time.Time{}, false
		}
		return time.Date(year, r.month, r.day, 0, 0, 0, 0, time.UTC), true
	}
	if r.nth == -1 {
		last := time.Date(year, r.month+1, 0, 0, 0, 0, 0, time.UTC)
		return last.AddDate(0, 0, -((int(last.Weekday()) - int(r.weekday) + 7) % 7)), true
	}
	first := time.Date(year, r.month, 1, 0, 0, 0, 0, time.UTC)
	d := first.AddDate(0, 0, (int(r.weekday)-int(first.Weekday())+7)%7+7*(r.nth-1))
	if d.Month() != r.month {
		return time.Time{}, false
	}
	return d, true
}
