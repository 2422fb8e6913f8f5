package holidays

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"
)

func (p *parser) year(year int, n *yaml.Node, country string) (YearInfo, []Holiday, []Workday) {
	f := p.fields(n, fmt.Sprintf("year %d", year), "status", "source", "note", "holidays", "workdays")
	info := YearInfo{Year: year, Status: Status(p.str(f, n, "status", true)), Note: p.str(f, n, "note", false)}
	switch info.Status {
	case StatusOfficial, StatusComputed:
		info.Source = p.str(f, n, "source", true)
	case StatusNotAnnounced:
		info.Source = p.str(f, n, "source", false)
		if f["holidays"] != nil || f["workdays"] != nil {
			p.errf(n, "year %d is not_announced but lists dates", year)
			return info, nil, nil
		}
		if info.Note == "" {
			p.errf(n, "year %d is not_announced: add a note saying what is missing", year)
		}
	case "":
	default:
		p.errf(f["status"], "status must be official, computed or not_announced, not %q", info.Status)
	}
	var hs []Holiday
	ids := map[string]*Holiday{}
	if hn := f["holidays"]; hn != nil {
		if hn.Kind != yaml.SequenceNode {
			p.errf(hn, `"holidays" must be a list`)
		} else {
			for _, item := range hn.Content {
				h, ok := p.holiday(item, year, country, info.Source)
				if !ok {
					continue
				}
				if ids[h.ID] != nil {
					p.errf(item, "holiday id %q listed twice in %d", h.ID, year)
					continue
				}
				for _, other := range hs {
					if !h.From.After(other.To) && !other.From.After(h.To) {
						p.errf(item, "%s overlaps %s", h.ID, other.ID)
					}
				}
				hs = append(hs, h)
				ids[h.ID] = &hs[len(hs)-1]
			}
		}
	}
	var ws []Workday
	if wn := f["workdays"]; wn != nil {
		if wn.Kind != yaml.SequenceNode {
			p.errf(wn, `"workdays" must be a list`)
		} else {
			seen := map[time.Time]bool{}
			for _, item := range wn.Content {
				wf := p.fields(item, "workday", "date", "for", "note")
				w := Workday{Country: country, Source: info.Source, Note: p.str(wf, item, "note", false)}
				w.Date = p.date(wf, item, "date", true)
				w.For = p.str(wf, item, "for", true)
				if w.Date.IsZero() {
					continue
				}
				switch {
				case w.Date.Year() != year:
					p.errf(item, "workday %s is not in %d", w.Date.Format(time.DateOnly), year)
				case w.Date.Weekday() != time.Saturday && w.Date.Weekday() != time.Sunday:
					p.errf(item, "workday %s is a %s: adjusted working days are weekend days", w.Date.Format(time.DateOnly), w.Date.Weekday())
				case seen[w.Date]:
					p.errf(item, "workday %s listed twice", w.Date.Format(time.DateOnly))
				}
				seen[w.Date] = true
				h := ids[w.For]
				if w.For != "" && h == nil {
					p.errf(wf["for"], "workday refers to unknown holiday %q", w.For)
					continue
				}
				if h != nil {
					if !w.Date.Before(h.From) && !w.Date.After(h.To) {
						p.errf(item, "workday %s falls inside %s", w.Date.Format(time.DateOnly), h.ID)
					}
					w.Name = Name{EN: "Working day (" + h.Name.EN + ")", ZH: h.Name.ZH + "调休上班"}
				}
				ws = append(ws, w)
			}
		}
	}
	return info, hs, ws
}

// maxHolidayDays bounds one holiday's day-off period (China's longest is nine days).
const maxHolidayDays = 14

func (p *parser) holiday(n *yaml.Node, year int, country, yearSource string) (Holiday, bool) {
	f := p.fields(n, "holiday", "id", "name", "date", "from", "to", "observed", "kind", "scope", "note", "source")
	before := len(p.errs)
	h := Holiday{Country: country, Year: year, Kind: KindHoliday}
	h.ID = p.str(f, n, "id", true)
	if h.ID != "" && !idRe.MatchString(h.ID) {
		p.errf(f["id"], "id must be lower-case words joined by hyphens, not %q", h.ID)
	}
	h.Name = p.name(f, n)
	if k := p.str(f, n, "kind", false); k != "" {
		h.Kind = Kind(k)
		if h.Kind != KindHoliday && h.Kind != KindClosure {
			p.errf(f["kind"], "kind must be holiday or closure, not %q", k)
		}
	}
	h.Scope, h.Note = p.str(f, n, "scope", false), p.str(f, n, "note", false)
	h.Source = p.str(f, n, "source", false)
	if h.Source == "" {
		h.Source = yearSource
	}
	switch {
	case f["date"] != nil && (f["from"] != nil || f["to"] != nil):
		p.errf(n, `give either "date" or "from" and "to", not both`)
	case f["date"] != nil:
		h.From = p.date(f, n, "date", true)
		h.To = h.From
	default:
		h.From = p.date(f, n, "from", true)
		h.To = p.date(f, n, "to", true)
	}
	h.Observed = p.date(f, n, "observed", false)
	if len(p.errs) > before {
		return h, false
	}
	switch {
	case h.From.Year() != year:
		p.errf(n, "%s starts on %s, which is not in %d", h.ID, h.From.Format(time.DateOnly), year)
	case h.To.Before(h.From):
		p.errf(n, "%s ends (%s) before it starts (%s)", h.ID, h.To.Format(time.DateOnly), h.From.Format(time.DateOnly))
	case h.To.Sub(h.From) >= maxHolidayDays*24*time.Hour:
		p.errf(n, "%s lasts more than %d days: check the dates", h.ID, maxHolidayDays)
	case !h.Observed.IsZero() && absDays(h.Observed.Sub(h.From)) > 3:
		p.errf(n, "%s is observed more than 3 days from its date", h.ID)
	}
	return h, len(p.errs) == before
}

func absDays(d time.Duration) int {
	if d < 0 {
		d = -d
	}
	return int(d / (24 * time.Hour))
}
