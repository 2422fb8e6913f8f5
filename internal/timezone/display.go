package timezone

import (
	"fmt"
	"strings"
	"time"
)

// Role says why a zone is shown for a session.
type Role string

// Roles of the spans in a View.
const (
	RoleSession Role = "session" // the zone the session is held in
	RoleViewer  Role = "viewer"  // the zone of the person looking at the page
	RoleSide    Role = "side"    // the home zone of one side of the dialogue
)

// Moment is one instant as seen in one zone, ready for a template.
type Moment struct {
	Zone          string    // IANA name, e.g. "Asia/Shanghai"
	Time          time.Time // the instant, in Zone
	Weekday       string    // "Tue"
	Date          string    // "Tue 10 Mar 2026"
	ISODate       string    // "2026-03-10"
	Clock         string    // "21:00" (24-hour)
	Abbrev        string    // "EDT", "CST"; a numeric form such as "+03" where the zone has none
	Offset        string    // "UTC-04:00"
	OffsetSeconds int       // -14400
	DST           bool      // daylight-saving time is in effect
	DayShift      int       // this local date minus the session's local date, in days
}

// DayShiftLabel returns "" when the date is the session's, else "+1 day", "-1 day", "+2 days"….
func (m Moment) DayShiftLabel() string {
	switch m.DayShift {
	case 0:
		return ""
	case 1, -1:
		return fmt.Sprintf("%+d day", m.DayShift)
	default:
		return fmt.Sprintf("%+d days", m.DayShift)
	}
}

// String formats the moment as "Wed 11 Mar 2026 09:00 CST (+1 day)".
func (m Moment) String() string {
	s := m.Date + " " + m.Clock + " " + m.Abbrev
	if l := m.DayShiftLabel(); l != "" {
		s += " (" + l + ")"
	}
	return s
}

// Span is a session's start and end as seen in one zone.
type Span struct {
	Role  Role
	Zone  string
	Start Moment // DayShift relative to the session's local start date
	End   Moment // DayShift relative to the session's local end date
	// SameAsSession is true when this zone shows the same local times and abbreviations as the
	// session's zone throughout (e.g. the viewer is in the session's zone).
	SameAsSession bool
}

// Transition is a change of UTC offset (a daylight-saving change) in one zone during a session.
type Transition struct {
	Zone         string
	At           Moment // the first instant of the new offset, in Zone
	OffsetBefore int    // seconds east of UTC before the change
	OffsetAfter  int    // seconds east of UTC after the change
	AbbrevBefore string
	AbbrevAfter  string
}

// String formats the transition as "America/New_York: Sun 8 Mar 03:00 EDT (UTC-05:00 → UTC-04:00)".
func (t Transition) String() string {
	return fmt.Sprintf("%s: %s %s %s (%s → %s)", t.Zone, t.At.Date, t.At.Clock, t.At.Abbrev,
		formatOffset(t.OffsetBefore), formatOffset(t.OffsetAfter))
}

// View holds everything a page needs to show a session's time: in the session's zone, in the
// viewer's zone and in each side's home zone, plus the daylight-saving changes that fall within
// the session (so a multi-day session can warn that the time difference changes).
type View struct {
	Session     Span
	Viewer      Span
	Sides       []Span
	Duration    time.Duration
	Transitions []Transition
}

// NewView builds a View for a session from start to end (any zone; typically UTC from the
// store). sessionZone is required; an empty viewerZone means the session's zone; sideZones are
// the dialogue's home zones (e.g. "America/New_York", "Asia/Shanghai"), duplicates dropped.
func NewView(start, end time.Time, sessionZone, viewerZone string, sideZones ...string) (View, error) {
	if !end.After(start) {
		return View{}, ErrEndBeforeStart
	}
	sessLoc, err := Load(sessionZone)
	if err != nil {
		return View{}, err
	}
	if viewerZone == "" {
		viewerZone = sessionZone
	}
	viewLoc, err := Load(viewerZone)
	if err != nil {
		return View{}, err
	}
	v := View{Duration: end.Sub(start)}
	v.Session = newSpan(RoleSession, start, end, sessLoc, sessLoc)
	v.Viewer = newSpan(RoleViewer, start, end, viewLoc, sessLoc)
	zones := []*time.Location{sessLoc}
	seen := map[string]bool{sessLoc.String(): true}
	if !seen[viewLoc.String()] {
		seen[viewLoc.String()] = true
		zones = append(zones, viewLoc)
	}
	sideSeen := map[string]bool{}
	for _, z := range sideZones {
		loc, err := Load(z)
		if err != nil {
			return View{}, err
		}
		if sideSeen[loc.String()] {
			continue
		}
		sideSeen[loc.String()] = true
		v.Sides = append(v.Sides, newSpan(RoleSide, start, end, loc, sessLoc))
		if !seen[loc.String()] {
			seen[loc.String()] = true
			zones = append(zones, loc)
		}
	}
	for _, loc := range zones {
		v.Transitions = append(v.Transitions, Transitions(start, end, loc)...)
	}
	return v, nil
}

// StartLine formats the session's start in the session's zone followed by each side's zone
// that differs from it, e.g. "Tue 10 Mar 21:00 EDT · Wed 11 Mar 09:00 CST (+1 day)".
func (v View) StartLine() string { return v.line(func(s Span) Moment { return s.Start }) }

// EndLine is StartLine for the session's end.
func (v View) EndLine() string { return v.line(func(s Span) Moment { return s.End }) }

func (v View) line(pick func(Span) Moment) string {
	parts := []string{pick(v.Session).String()}
	for _, s := range v.Sides {
		if !s.SameAsSession {
			parts = append(parts, pick(s).String())
		}
	}
	return strings.Join(parts, " · ")
}

// OffsetBetween returns how far local clocks in to are ahead of those in from at instant at
// (e.g. Asia/Shanghai is 13h ahead of America/New_York in winter and 12h in summer).
func OffsetBetween(at time.Time, from, to *time.Location) time.Duration {
	_, fo := at.In(from).Zone()
	_, tOff := at.In(to).Zone()
	return time.Duration(tOff-fo) * time.Second
}

// At returns instant t as a Moment in loc, with DayShift relative to ref's local date in refLoc.
func At(t time.Time, loc *time.Location, refLoc *time.Location) Moment {
	lt := t.In(loc)
	abbr, off := lt.Zone()
	m := Moment{
		Zone:          loc.String(),
		Time:          lt,
		Weekday:       lt.Format("Mon"),
		Date:          lt.Format("Mon 2 Jan 2006"),
		ISODate:       lt.Format(time.DateOnly),
		Clock:         lt.Format("15:04"),
		Abbrev:        abbr,
		Offset:        formatOffset(off),
		OffsetSeconds: off,
		DST:           lt.IsDST(),
	}
	if refLoc != nil {
		m.DayShift = dayNumber(lt) - dayNumber(t.In(refLoc))
	}
	return m
}

// Transitions lists the UTC-offset changes in loc in the half-open interval (start, end].
func Transitions(start, end time.Time, loc *time.Location) []Transition {
	var out []Transition
	t := start.In(loc)
	for i := 0; i < 1000; i++ { // bound: no zone changes offset more than a few times a year
		_, next := t.ZoneBounds()
		if next.IsZero() || next.After(end) {
			break
		}
		before := next.Add(-time.Nanosecond).In(loc)
		ab, ob := before.Zone()
		aa, oa := next.In(loc).Zone()
		if ob != oa || ab != aa {
			out = append(out, Transition{
				Zone: loc.String(), At: At(next, loc, nil),
				OffsetBefore: ob, OffsetAfter: oa, AbbrevBefore: ab, AbbrevAfter: aa,
			})
		}
		t = next.In(loc)
	}
	return out
}

func newSpan(role Role, start, end time.Time, loc, sessLoc *time.Location) Span {
	return Span{
		Role:          role,
		Zone:          loc.String(),
		Start:         At(start, loc, sessLoc),
		End:           At(end, loc, sessLoc),
		SameAsSession: sameClock(start, end, loc, sessLoc),
	}
}

// sameClock reports whether two zones show identical offsets and abbreviations over the span.
func sameClock(start, end time.Time, a, b *time.Location) bool {
	if a.String() == b.String() {
		return true
	}
	eq := func(t time.Time) bool {
		an, ao := t.In(a).Zone()
		bn, bo := t.In(b).Zone()
		return an == bn && ao == bo
	}
	if !eq(start) || !eq(end) {
		return false
	}
	return len(Transitions(start, end, a)) == 0 && len(Transitions(start, end, b)) == 0
}

// dayNumber counts civil days since the Unix epoch for t's local date.
func dayNumber(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// formatOffset renders seconds east of UTC as "UTC+08:00" / "UTC-04:00" / "UTC+05:45".
func formatOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign = '-'
		sec = -sec
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, sec/3600, sec%3600/60)
}
