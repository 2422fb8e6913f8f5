package calendar

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/tracktwo/tracktwo/internal/timezone"
)

var stamp = time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)

func sampleCalendar() Calendar {
	ny := timezone.MustLoad("America/New_York")
	cn := timezone.MustLoad("Asia/Shanghai")
	return Calendar{
		Name:            "US–China Cyber Norms Dialogue / 中美网络规范对话",
		Host:            "tracktwo.example.org",
		Stamp:           stamp,
		RefreshInterval: time.Hour,
		Events: []Event{
			{
				ID:           "0190a3c4-0000-7000-8000-000000000001",
				Summary:      "第十二轮中美网络空间规范二轨对话：关于关键基础设施保护、数据跨境流动与人工智能治理的闭门研讨会",
				Description:  "Agenda:\n1. Norms; opening remarks\r\n2. Q&A, closing\\end",
				Location:     "Washington, DC, USA",
				URL:          "https://tracktwo.example.org/sessions/0190a3c4-0000-7000-8000-000000000001",
				Start:        time.Date(2026, 3, 7, 9, 0, 0, 0, ny),
				End:          time.Date(2026, 3, 9, 17, 0, 0, 0, ny),
				Zone:         "America/New_York",
				Organizer:    &Organizer{Name: `Smith, "Bob"; Jr.`, Email: "bob@example.org"},
				Status:       StatusConfirmed,
				Sequence:     3,
				LastModified: time.Date(2026, 1, 20, 8, 30, 0, 0, time.UTC),
			},
			{
				ID:      "0190a3c4-0000-7000-8000-000000000002",
				Summary: "Maritime round, Beijing",
				Start:   time.Date(2026, 10, 12, 9, 0, 0, 0, cn),
				End:     time.Date(2026, 10, 12, 12, 0, 0, 0, cn),
				Zone:    "Asia/Shanghai",
				Status:  StatusCancelled,
			},
			{
				ID:      "0190a3c4-0000-7000-8000-000000000003",
				Summary: "Online follow-up",
				Start:   time.Date(2027, 1, 5, 14, 0, 0, 0, time.UTC),
				End:     time.Date(2027, 1, 5, 15, 0, 0, 0, time.UTC),
				Status:  StatusTentative,
			},
		},
	}
}

func mustMarshal(t *testing.T, c Calendar) []byte {
	t.Helper()
	out, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMarshalLinesAreCRLFAndFolded(t *testing.T) {
	out := mustMarshal(t, sampleCalendar())
	if !bytes.HasSuffix(out, []byte("END:VCALENDAR\r\n")) {
		t.Fatalf("output does not end with END:VCALENDAR CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n")
	folded := 0
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 character: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 2 {
		t.Errorf("expected the long Chinese title to be folded, found %d continuation lines", folded)
	}
}

func TestMarshalRoundTripsThroughRealParser(t *testing.T) {
	in := sampleCalendar()
	cal, err := ics.ParseCalendar(bytes.NewReader(mustMarshal(t, in)))
	if err != nil {
		t.Fatal(err)
	}
	calProp := func(p ics.Property) string {
		for _, cp := range cal.CalendarProperties {
			if cp.IANAToken == string(p) {
				return cp.Value
			}
		}
		return ""
	}
	for p, want := range map[ics.Property]string{
		ics.PropertyVersion: "2.0", ics.PropertyCalscale: "GREGORIAN", ics.PropertyMethod: "PUBLISH",
		ics.PropertyProductId: DefaultProdID, ics.PropertyXWRCalName: in.Name, ics.Property("REFRESH-INTERVAL"): "PT1H",
	} {
		if got := calProp(p); got != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	events := cal.Events()
	if len(events) != len(in.Events) {
		t.Fatalf("parsed %d events, want %d", len(events), len(in.Events))
	}
	for i, ev := range events {
		want := in.Events[i]
		get := func(p ics.ComponentProperty) string {
			if prop := ev.GetProperty(p); prop != nil {
				return prop.Value
			}
			return ""
		}
		if got := get(ics.ComponentPropertyUniqueId); got != want.ID+"@tracktwo.example.org" {
			t.Errorf("event %d UID = %q", i, got)
		}
		if got := get(ics.ComponentPropertyDtstamp); got != "20260201T120000Z" {
			t.Errorf("event %d DTSTAMP = %q", i, got)
		}
		if got := get(ics.ComponentPropertySummary); got != want.Summary {
			t.Errorf("event %d SUMMARY = %q, want %q", i, got, want.Summary)
		}
		start, err := ev.GetStartAt()
		if err != nil || !start.Equal(want.Start) {
			t.Errorf("event %d start = %v (%v), want %v", i, start, err, want.Start)
		}
		end, err := ev.GetEndAt()
		if err != nil || !end.Equal(want.End) {
			t.Errorf("event %d end = %v (%v), want %v", i, end, err, want.End)
		}
		wantTZID := want.Zone
		var gotTZID string
		if p := ev.GetProperty(ics.ComponentPropertyDtStart); p != nil && len(p.ICalParameters["TZID"]) > 0 {
			gotTZID = p.ICalParameters["TZID"][0]
		}
		if gotTZID != wantTZID {
			t.Errorf("event %d TZID = %q, want %q", i, gotTZID, wantTZID)
		}
		wantStatus := string(want.Status)
		if got := get(ics.ComponentPropertyStatus); got != wantStatus {
			t.Errorf("event %d STATUS = %q, want %q", i, got, wantStatus)
		}
	}
	first := events[0]
	if got := first.GetProperty(ics.ComponentPropertyDescription).Value; got != "Agenda:\n1. Norms; opening remarks\n2. Q&A, closing\\end" {
		t.Errorf("DESCRIPTION = %q", got)
	}
	if got := first.GetProperty(ics.ComponentPropertyLocation).Value; got != "Washington, DC, USA" {
		t.Errorf("LOCATION = %q", got)
	}
	if got := first.GetProperty(ics.ComponentPropertyUrl).Value; got != in.Events[0].URL {
		t.Errorf("URL = %q", got)
	}
	if got := first.GetProperty(ics.ComponentPropertySequence).Value; got != "3" {
		t.Errorf("SEQUENCE = %q", got)
	}
	if got := first.GetProperty(ics.ComponentPropertyLastModified).Value; got != "20260120T083000Z" {
		t.Errorf("LAST-MODIFIED = %q", got)
	}
	org := first.GetProperty(ics.ComponentPropertyOrganizer)
	if org == nil || org.Value != "mailto:bob@example.org" {
		t.Fatalf("ORGANIZER = %+v", org)
	}
	if cn := org.ICalParameters["CN"]; len(cn) != 1 || decodeRFC6868(cn[0]) != `Smith, "Bob"; Jr.` {
		t.Errorf("ORGANIZER CN = %q", cn)
	}
}

func decodeRFC6868(s string) string {
	return strings.NewReplacer("^^", "^", "^'", `"`, "^n", "\n").Replace(s)
}

func TestTitleCannotInjectProperties(t *testing.T) {
	c := sampleCalendar()
	c.Events = c.Events[:1]
	c.Events[0].Summary = "Evil\r\nATTENDEE:mailto:victim@example.org\r\nEND:VEVENT\nBEGIN:VEVENT;X=1"
	c.Events[0].Location = "Room 1;ALTREP=\"http://evil\":x"
	c.Events[0].Organizer.Name = "Eve\"\r\nATTENDEE:mailto:x@y;CN=z"
	out := mustMarshal(t, c)
	cal, err := ics.ParseCalendar(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("injection created %d events", len(events))
	}
	ev := events[0]
	if ev.GetProperty(ics.ComponentPropertyAttendee) != nil {
		t.Error("injection added an ATTENDEE property")
	}
	if got := ev.GetProperty(ics.ComponentPropertySummary).Value; got != "Evil\nATTENDEE:mailto:victim@example.org\nEND:VEVENT\nBEGIN:VEVENT;X=1" {
		t.Errorf("SUMMARY = %q", got)
	}
	loc := ev.GetProperty(ics.ComponentPropertyLocation)
	if len(loc.ICalParameters) != 0 || loc.Value != c.Events[0].Location {
		t.Errorf("LOCATION params %v value %q", loc.ICalParameters, loc.Value)
	}
	org := ev.GetProperty(ics.ComponentPropertyOrganizer)
	if len(org.ICalParameters) != 1 || org.Value != "mailto:bob@example.org" {
		t.Errorf("ORGANIZER = %+v", org)
	}
	for _, l := range strings.Split(string(out), "\r\n") {
		if strings.HasPrefix(l, "ATTENDEE") {
			t.Errorf("physical line starts a property: %q", l)
		}
	}
}

func TestVTimezoneFromGoTZData(t *testing.T) {
	out := string(mustMarshal(t, sampleCalendar()))
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	for _, want := range []string{
		// New York: the session runs Mar 2026, so 2026 is covered: EST on 1 Jan, DST from 8 Mar, EST from 1 Nov.
		"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nX-LIC-LOCATION:America/New_York\r\n" +
			"BEGIN:STANDARD\r\nDTSTART:20260101T000000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nEND:STANDARD\r\n" +
			"BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nEND:DAYLIGHT\r\n" +
			"BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nEND:STANDARD\r\n" +
			"END:VTIMEZONE\r\n",
		// Shanghai: no DST, a single observance.
		"BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nX-LIC-LOCATION:Asia/Shanghai\r\n" +
			"BEGIN:STANDARD\r\nDTSTART:20260101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD\r\n" +
			"END:VTIMEZONE\r\n",
		"DTSTART;TZID=America/New_York:20260307T090000\r\n",
		"DTEND;TZID=America/New_York:20260309T170000\r\n",
		"DTSTART:20270105T140000Z\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("output lacks\n%s", want)
		}
	}
	if strings.Count(out, "BEGIN:VTIMEZONE") != 2 {
		t.Errorf("want exactly two VTIMEZONEs (UTC needs none)")
	}
}

func TestVTimezoneSouthernHemisphereAndMultiYear(t *testing.T) {
	syd := timezone.MustLoad("Australia/Sydney")
	obs := observances(syd, time.Date(2025, 6, 1, 0, 0, 0, 0, syd), time.Date(2026, 6, 1, 0, 0, 0, 0, syd))
	// 1 Jan 2025 is summer (DST); then Apr 2025 std, Oct 2025 DST, Apr 2026 std, Oct 2026 DST.
	if len(obs) != 5 || !obs[0].daylight || obs[0].to != 11*3600 {
		t.Fatalf("observances = %+v", obs)
	}
	if got := obs[1].onset.Format("20060102T150405"); got != "20250406T030000" || obs[1].from != 11*3600 || obs[1].to != 10*3600 {
		t.Errorf("April 2025 change = %s %+v", got, obs[1])
	}
}

func TestWriteRejectsInvalidInput(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Calendar)
		want   error
		field  string
	}{
		{"rejects-missing-host", func(c *Calendar) { c.Host = "" }, ErrNoHost, ""},
		{"rejects-host-with-crlf", func(c *Calendar) { c.Host = "a\r\nX-EVIL:1" }, ErrNoHost, ""},
		{"rejects-missing-stamp", func(c *Calendar) { c.Stamp = time.Time{} }, ErrNoStamp, ""},
		{"rejects-empty-id", func(c *Calendar) { c.Events[0].ID = "" }, ErrInvalidEvent, "ID"},
		{"rejects-id-with-newline", func(c *Calendar) { c.Events[0].ID = "x\ny" }, ErrInvalidEvent, "ID"},
		{"rejects-end-before-start", func(c *Calendar) { c.Events[0].End = c.Events[0].Start }, timezone.ErrEndBeforeStart, "End"},
		{"rejects-abbreviated-zone", func(c *Calendar) { c.Events[0].Zone = "EST" }, timezone.ErrAbbreviation, "Zone"},
		{"rejects-javascript-url", func(c *Calendar) { c.Events[0].URL = "javascript:alert(1)" }, ErrInvalidEvent, "URL"},
		{"rejects-url-with-newline", func(c *Calendar) { c.Events[0].URL = "https://a.example/\r\nX:1" }, ErrInvalidEvent, "URL"},
		{"rejects-organizer-email-with-crlf", func(c *Calendar) { c.Events[0].Organizer.Email = "a@b.org\r\nX:1" }, ErrInvalidEvent, "Organizer"},
		{"rejects-unknown-status", func(c *Calendar) { c.Events[0].Status = "MAYBE" }, ErrInvalidEvent, "Status"},
		{"rejects-negative-sequence", func(c *Calendar) { c.Events[0].Sequence = -1 }, ErrInvalidEvent, "Sequence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sampleCalendar()
			tt.mutate(&c)
			var buf bytes.Buffer
			err := Write(&buf, c)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var ee *EventError
			if tt.field != "" && (!errors.As(err, &ee) || ee.Field != tt.field) {
				t.Errorf("field = %+v, want %s", ee, tt.field)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
}

func TestMarshalIsDeterministic(t *testing.T) {
	a, b := mustMarshal(t, sampleCalendar()), mustMarshal(t, sampleCalendar())
	if !bytes.Equal(a, b) {
		t.Error("two runs produced different output")
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Hour: "PT1H", 90 * time.Minute: "PT1H30M", 24 * time.Hour: "P1D", 25*time.Hour + 5*time.Second: "P1DT1H5S",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
