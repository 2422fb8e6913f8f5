// Package calendar writes RFC 5545 iCalendar feeds of dialogue sessions: one VEVENT per session
// with a stable UID, time-zone-aware DTSTART/DTEND, a VTIMEZONE for every zone used (derived
// from Go's time zone data for the years covered), safe text escaping, CRLF line ends and
// 75-octet folding that never splits a UTF-8 character.
package calendar

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tracktwo/tracktwo/internal/timezone"
)

// DefaultProdID is used when Calendar.ProdID is empty.
const DefaultProdID = "-//Tracktwo//Tracktwo Calendar 1.0//EN"

// Status is an event's STATUS.
type Status string

// Event statuses (RFC 5545 §3.8.1.11).
const (
	StatusConfirmed Status = "CONFIRMED"
	StatusTentative Status = "TENTATIVE"
	StatusCancelled Status = "CANCELLED"
)

// Organizer is an event's ORGANIZER: a display name (CN) and an e-mail address.
type Organizer struct {
	Name  string
	Email string
}

// Event is one session in a feed.
type Event struct {
	ID           string     // the session id; the UID is ID@Host
	Summary      string     // title (any language; folded safely)
	Description  string     // may hold several lines
	Location     string     // e.g. "Beijing, China" or "Online"
	URL          string     // absolute http(s) link to the session page; optional
	Start, End   time.Time  // instants; End must be after Start
	Zone         string     // IANA zone of the session; "" or "UTC" writes UTC times
	Organizer    *Organizer // optional
	Status       Status     // "" means CONFIRMED
	Sequence     int        // revision number; increase when the time or place changes
	Created      time.Time  // optional
	LastModified time.Time  // optional
}

// Calendar is a whole feed.
type Calendar struct {
	Name            string        // X-WR-CALNAME, e.g. "US–China Cyber Norms Dialogue"
	Description     string        // X-WR-CALDESC; optional
	ProdID          string        // PRODID; DefaultProdID when empty
	Host            string        // host name used in UIDs, e.g. "tracktwo.example.org"
	Stamp           time.Time     // DTSTAMP of every event: when the feed was generated
	RefreshInterval time.Duration // suggested polling interval; 0 omits it
	Events          []Event
}

// Marshal returns the feed as iCalendar bytes (text/calendar; charset=utf-8).
func Marshal(c Calendar) ([]byte, error) {
	var buf bytes.Buffer
	if err := Write(&buf, c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write validates c and writes it to w. Nothing is written when validation fails.
func Write(w io.Writer, c Calendar) error {
	zones, err := validate(c)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	e := &encoder{w: bw}
	e.line("BEGIN:VCALENDAR")
	prodID := c.ProdID
	if prodID == "" {
		prodID = DefaultProdID
	}
	e.line("PRODID:" + EscapeText(prodID))
	e.line("VERSION:2.0")
	e.line("CALSCALE:GREGORIAN")
	e.line("METHOD:PUBLISH")
	if c.Name != "" {
		e.line("X-WR-CALNAME:" + EscapeText(c.Name))
	}
	if c.Description != "" {
		e.line("X-WR-CALDESC:" + EscapeText(c.Description))
	}
	if c.RefreshInterval > 0 {
		d := formatDuration(c.RefreshInterval)
		e.line("REFRESH-INTERVAL;VALUE=DURATION:" + d)
		e.line("X-PUBLISHED-TTL:" + d)
	}
	for _, z := range zones {
		writeTimezone(e, z)
	}
	stamp := formatUTC(c.Stamp)
	for _, ev := range c.Events {
		writeEvent(e, ev, c.Host, stamp)
	}
	e.line("END:VCALENDAR")
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

func writeEvent(e *encoder, ev Event, host, stamp string) {
	e.line("BEGIN:VEVENT")
	e.line("UID:" + EscapeText(ev.ID+"@"+host))
	e.line("DTSTAMP:" + stamp)
	e.line("DTSTART" + formatTime(ev.Start, ev.Zone))
	e.line("DTEND" + formatTime(ev.End, ev.Zone))
	e.line("SUMMARY:" + EscapeText(ev.Summary))
	if ev.Description != "" {
		e.line("DESCRIPTION:" + EscapeText(ev.Description))
	}
	if ev.Location != "" {
		e.line("LOCATION:" + EscapeText(ev.Location))
	}
	if ev.URL != "" {
		e.line("URL:" + ev.URL)
	}
	if o := ev.Organizer; o != nil {
		prefix := "ORGANIZER"
		if o.Name != "" {
			prefix += ";CN=" + QuoteParam(o.Name)
		}
		e.line(prefix + ":mailto:" + o.Email)
	}
	status := ev.Status
	if status == "" {
		status = StatusConfirmed
	}
	e.line("STATUS:" + string(status))
	e.line("SEQUENCE:" + strconv.Itoa(ev.Sequence))
	if !ev.Created.IsZero() {
		e.line("CREATED:" + formatUTC(ev.Created))
	}
	if !ev.LastModified.IsZero() {
		e.line("LAST-MODIFIED:" + formatUTC(ev.LastModified))
	}
	e.line("END:VEVENT")
}

// encoder writes folded content lines and keeps the first error.
type encoder struct {
	w   *bufio.Writer
	err error
}

func (e *encoder) line(s string) {
	if e.err == nil {
		e.err = foldLine(e.w, s)
	}
}

// zoneRange is a zone used by the feed and the instants its VTIMEZONE must cover.
type zoneRange struct {
	loc        *time.Location
	first, end time.Time
}

// validate checks the calendar and returns the zones used, sorted by name.
func validate(c Calendar) ([]zoneRange, error) {
	if !validHost(c.Host) {
		return nil, ErrNoHost
	}
	if c.Stamp.IsZero() {
		return nil, ErrNoStamp
	}
	byName := map[string]*zoneRange{}
	for i, ev := range c.Events {
		fail := func(field string, err error) error {
			return &EventError{Index: i, ID: ev.ID, Field: field, Err: err}
		}
		if ev.ID == "" || strings.ContainsFunc(ev.ID, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '@' }) {
			return nil, fail("ID", errors.New("must be non-empty, without spaces, control characters or @"))
		}
		if ev.Start.IsZero() || ev.End.IsZero() {
			return nil, fail("Start", errors.New("start and end are required"))
		}
		if !ev.End.After(ev.Start) {
			return nil, fail("End", timezone.ErrEndBeforeStart)
		}
		if ev.Start.Year() < 1900 || ev.End.Year() > 9999 {
			return nil, fail("Start", errors.New("year out of range"))
		}
		switch ev.Status {
		case "", StatusConfirmed, StatusTentative, StatusCancelled:
		default:
			return nil, fail("Status", fmt.Errorf("unknown status %q", ev.Status))
		}
		if ev.Sequence < 0 {
			return nil, fail("Sequence", errors.New("must not be negative"))
		}
		if ev.URL != "" {
			if err := checkURL(ev.URL); err != nil {
				return nil, fail("URL", err)
			}
		}
		if o := ev.Organizer; o != nil {
			if a, err := mail.ParseAddress(o.Email); err != nil || a.Address != o.Email || a.Name != "" {
				return nil, fail("Organizer", fmt.Errorf("invalid e-mail address %q", o.Email))
			}
		}
		if ev.Zone == "" || ev.Zone == timezone.UTC {
			continue
		}
		loc, err := timezone.Load(ev.Zone)
		if err != nil {
			return nil, fail("Zone", err)
		}
		zr := byName[ev.Zone]
		if zr == nil {
			zr = &zoneRange{loc: loc, first: ev.Start, end: ev.End}
			byName[ev.Zone] = zr
		}
		if ev.Start.Before(zr.first) {
			zr.first = ev.Start
		}
		if ev.End.After(zr.end) {
			zr.end = ev.End
		}
	}
	out := make([]zoneRange, 0, len(byName))
	for _, zr := range byName {
		out = append(out, *zr)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].loc.String() < out[j].loc.String() })
	return out, nil
}

// checkURL accepts absolute http and https URLs without whitespace or control characters.
func checkURL(s string) error {
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return errors.New("contains whitespace or control characters")
	}
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("must be an absolute http(s) URL")
	}
	return nil
}

// validHost accepts DNS host names (optionally with a port), as used in UIDs.
func validHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == ':') {
			return false
		}
	}
	return true
}

// formatTime renders ";TZID=zone:YYYYMMDDTHHMMSS" or ":YYYYMMDDTHHMMSSZ" for UTC.
func formatTime(t time.Time, zone string) string {
	if zone == "" || zone == timezone.UTC {
		return ":" + formatUTC(t)
	}
	loc := timezone.MustLoad(zone) // validated before writing started
	return ";TZID=" + zone + ":" + t.In(loc).Format("20060102T150405")
}

func formatUTC(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// formatDuration renders a positive duration as an RFC 5545 DURATION such as "PT1H30M".
func formatDuration(d time.Duration) string {
	secs := int64(d / time.Second)
	if secs < 1 {
		secs = 1
	}
	var b strings.Builder
	b.WriteString("P")
	if days := secs / 86400; days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		secs %= 86400
	}
	if secs > 0 {
		b.WriteString("T")
		if h := secs / 3600; h > 0 {
			fmt.Fprintf(&b, "%dH", h)
		}
		if m := secs % 3600 / 60; m > 0 {
			fmt.Fprintf(&b, "%dM", m)
		}
		if s := secs % 60; s > 0 {
			fmt.Fprintf(&b, "%dS", s)
		}
	}
	return b.String()
}
