package timezone

import (
	"errors"
	"testing"
	"time"
)

const (
	washington = "America/New_York"
	beijing    = "Asia/Shanghai"
)

func TestNewViewFormatsBothSides(t *testing.T) {
	start := time.Date(2026, 3, 11, 1, 0, 0, 0, time.UTC) // Tue 10 Mar 2026 21:00 EDT
	v, err := NewView(start, start.Add(2*time.Hour), washington, beijing, washington, beijing)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.StartLine(), "Tue 10 Mar 2026 21:00 EDT · Wed 11 Mar 2026 09:00 CST (+1 day)"; got != want {
		t.Errorf("StartLine = %q, want %q", got, want)
	}
	if got, want := v.EndLine(), "Tue 10 Mar 2026 23:00 EDT · Wed 11 Mar 2026 11:00 CST (+1 day)"; got != want {
		t.Errorf("EndLine = %q, want %q", got, want)
	}
	vs := v.Viewer.Start
	if vs.Zone != beijing || vs.ISODate != "2026-03-11" || vs.Clock != "09:00" || vs.Abbrev != "CST" ||
		vs.Offset != "UTC+08:00" || vs.OffsetSeconds != 8*3600 || vs.DST || vs.DayShift != 1 {
		t.Errorf("viewer start = %+v", vs)
	}
	if v.Viewer.SameAsSession {
		t.Error("Beijing viewer marked same as Washington session")
	}
	if !v.Sides[0].SameAsSession || v.Sides[1].SameAsSession {
		t.Errorf("sides SameAsSession = %v, %v; want true, false", v.Sides[0].SameAsSession, v.Sides[1].SameAsSession)
	}
	if s := v.Session.Start; s.Offset != "UTC-04:00" || !s.DST || s.DayShift != 0 || s.DayShiftLabel() != "" {
		t.Errorf("session start = %+v", s)
	}
	if len(v.Transitions) != 0 {
		t.Errorf("unexpected transitions %v", v.Transitions)
	}
}

func TestNewViewAcrossUSDaylightSavingChange(t *testing.T) {
	ny, cn := MustLoad(washington), MustLoad(beijing)
	// A 3-day session in Washington, Sat 7 Mar 2026 09:00 EST to Mon 9 Mar 2026 17:00 EDT 2026; US clocks
	// spring forward on Sun 8 Mar at 02:00, China has no DST.
	start := time.Date(2026, 3, 7, 9, 0, 0, 0, ny)
	end := time.Date(2026, 3, 9, 17, 0, 0, 0, ny)
	v, err := NewView(start, end, washington, "", washington, beijing)
	if err != nil {
		t.Fatal(err)
	}
	if got := OffsetBetween(start, ny, cn); got != 13*time.Hour {
		t.Errorf("offset at start = %v, want 13h", got)
	}
	if got := OffsetBetween(end, ny, cn); got != 12*time.Hour {
		t.Errorf("offset at end = %v, want 12h", got)
	}
	if v.Duration != 55*time.Hour { // 56 wall-clock hours minus the skipped hour
		t.Errorf("duration = %v, want 55h", v.Duration)
	}
	if got, want := v.StartLine(), "Sat 7 Mar 2026 09:00 EST · Sat 7 Mar 2026 22:00 CST"; got != want {
		t.Errorf("StartLine = %q, want %q", got, want)
	}
	if got, want := v.EndLine(), "Mon 9 Mar 2026 17:00 EDT · Tue 10 Mar 2026 05:00 CST (+1 day)"; got != want {
		t.Errorf("EndLine = %q, want %q", got, want)
	}
	if len(v.Transitions) != 1 {
		t.Fatalf("transitions = %v, want exactly the US one", v.Transitions)
	}
	tr := v.Transitions[0]
	if tr.Zone != washington || tr.At.ISODate != "2026-03-08" || tr.At.Clock != "03:00" ||
		tr.OffsetBefore != -5*3600 || tr.OffsetAfter != -4*3600 || tr.AbbrevBefore != "EST" || tr.AbbrevAfter != "EDT" {
		t.Errorf("transition = %+v", tr)
	}
	if got, want := tr.String(), "America/New_York: Sun 8 Mar 2026 03:00 EDT (UTC-05:00 → UTC-04:00)"; got != want {
		t.Errorf("transition String = %q, want %q", got, want)
	}
}

func TestNewViewDayShiftBackwards(t *testing.T) {
	// 08:00 in Beijing is the previous evening in Washington.
	start := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	v, err := NewView(start, start.Add(time.Hour), beijing, washington)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Viewer.Start.String(); got != "Tue 30 Jun 2026 20:00 EDT (-1 day)" {
		t.Errorf("viewer start = %q", got)
	}
}

func TestNewViewErrors(t *testing.T) {
	start := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name                  string
		end                   time.Time
		session, viewer, side string
		want                  error
	}{
		{"rejects-end-before-start", start.Add(-time.Hour), beijing, "", beijing, ErrEndBeforeStart},
		{"rejects-zero-length", start, beijing, "", beijing, ErrEndBeforeStart},
		{"rejects-bad-session-zone", start.Add(time.Hour), "CST", "", beijing, ErrAbbreviation},
		{"rejects-bad-viewer-zone", start.Add(time.Hour), beijing, "Local", beijing, ErrLocalZone},
		{"rejects-bad-side-zone", start.Add(time.Hour), beijing, "", "Nowhere/City", ErrUnknownZone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewView(start, tt.end, tt.session, tt.viewer, tt.side)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDayShiftLabel(t *testing.T) {
	for shift, want := range map[int]string{0: "", 1: "+1 day", -1: "-1 day", 2: "+2 days", -2: "-2 days"} {
		if got := (Moment{DayShift: shift}).DayShiftLabel(); got != want {
			t.Errorf("DayShift %d label = %q, want %q", shift, got, want)
		}
	}
}

func TestFormatOffsetHandlesFractionalZones(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := At(at, MustLoad("Asia/Kathmandu"), nil).Offset; got != "UTC+05:45" {
		t.Errorf("Kathmandu offset = %q", got)
	}
	if got := At(at, MustLoad("America/St_Johns"), nil).Offset; got != "UTC-03:30" {
		t.Errorf("St Johns offset = %q", got)
	}
}
