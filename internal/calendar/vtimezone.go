package calendar

import (
	"fmt"
	"time"
)

// observance is one STANDARD or DAYLIGHT sub-component of a VTIMEZONE.
type observance struct {
	daylight bool
	onset    time.Time // the wall-clock time of the change, in the old offset (as a UTC-less value)
	from, to int       // seconds east of UTC before and after
	name     string    // abbreviation after the change
}

// observances lists the periods of loc from 1 January of first's year to 31 December of
// end's year: one observance in force on that 1 January, then one per offset change. Go's
// time zone data (ZoneBounds) supplies the changes, including years past the last table
// entry (from the zone's POSIX rule).
func observances(loc *time.Location, first, end time.Time) []observance {
	y0 := first.In(loc).Year()
	y1 := end.In(loc).Year()
	t := time.Date(y0, time.January, 1, 0, 0, 0, 0, loc)
	stop := time.Date(y1+1, time.January, 1, 0, 0, 0, 0, loc)
	name, off := t.Zone()
	out := []observance{{daylight: t.IsDST(), onset: wall(t, off), from: off, to: off, name: name}}
	for i := 0; i < 10000; i++ {
		_, next := t.ZoneBounds()
		if next.IsZero() || !next.Before(stop) {
			break
		}
		_, before := next.Add(-time.Nanosecond).In(loc).Zone()
		nt := next.In(loc)
		name, after := nt.Zone()
		if before != after || name != out[len(out)-1].name {
			out = append(out, observance{daylight: nt.IsDST(), onset: wall(next, before), from: before, to: after, name: name})
		}
		t = nt
	}
	return out
}

// wall returns the local wall-clock reading of instant t at the given offset.
func wall(t time.Time, offset int) time.Time {
	return t.UTC().Add(time.Duration(offset) * time.Second)
}

func writeTimezone(e *encoder, z zoneRange) {
	id := z.loc.String()
	e.line("BEGIN:VTIMEZONE")
	e.line("TZID:" + id)
	e.line("X-LIC-LOCATION:" + id)
	for _, o := range observances(z.loc, z.first, z.end) {
		kind := "STANDARD"
		if o.daylight {
			kind = "DAYLIGHT"
		}
		e.line("BEGIN:" + kind)
		e.line("DTSTART:" + o.onset.Format("20060102T150405"))
		e.line("TZOFFSETFROM:" + formatUTCOffset(o.from))
		e.line("TZOFFSETTO:" + formatUTCOffset(o.to))
		if o.name != "" {
			e.line("TZNAME:" + EscapeText(o.name))
		}
		e.line("END:" + kind)
	}
	e.line("END:VTIMEZONE")
}

// formatUTCOffset renders seconds east of UTC as RFC 5545 UTC-OFFSET: "+0800", "-0430", "+001730".
func formatUTCOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign = '-'
		sec = -sec
	}
	s := fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec%3600/60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
