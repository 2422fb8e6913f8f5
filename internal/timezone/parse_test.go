package timezone

import (
	"errors"
	"testing"
	"time"
)

func TestParseLocal(t *testing.T) {
	utc := func(s string) time.Time {
		tt, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return tt
	}
	tests := []struct {
		name, input, zone string
		want              time.Time
		ambiguous         bool
		later             time.Time
		err               error
	}{
		{"parses-beijing-morning", "2026-03-10T09:00", beijing, utc("2026-03-10T01:00:00Z"), false, time.Time{}, nil},
		{"parses-washington-winter", "2026-03-07T09:00", washington, utc("2026-03-07T14:00:00Z"), false, time.Time{}, nil},
		{"parses-washington-summer", "2026-03-10T09:00", washington, utc("2026-03-10T13:00:00Z"), false, time.Time{}, nil},
		{"parses-seconds-and-space", "2026-03-10 09:00:30", beijing, utc("2026-03-10T01:00:30Z"), false, time.Time{}, nil},
		{"parses-just-after-gap", "2026-03-08T03:00", washington, utc("2026-03-08T07:00:00Z"), false, time.Time{}, nil},
		{"refuses-spring-forward-gap", "2026-03-08T02:30", washington, time.Time{}, false, time.Time{}, ErrNonexistentTime},
		{"refuses-gap-start", "2026-03-08T02:00", washington, time.Time{}, false, time.Time{}, ErrNonexistentTime},
		{"flags-fall-back-ambiguity", "2026-11-01T01:30", washington, utc("2026-11-01T05:30:00Z"), true, utc("2026-11-01T06:30:00Z"), nil},
		{"refuses-garbage", "tomorrow", beijing, time.Time{}, false, time.Time{}, ErrBadInput},
		{"refuses-offset-suffix", "2026-03-10T09:00Z", beijing, time.Time{}, false, time.Time{}, ErrBadInput},
		{"refuses-invalid-day", "2026-02-30T09:00", beijing, time.Time{}, false, time.Time{}, ErrBadInput},
		{"refuses-bad-zone", "2026-03-10T09:00", "EST", time.Time{}, false, time.Time{}, ErrAbbreviation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLocal(tt.input, tt.zone)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !got.UTC.Equal(tt.want) || got.UTC.Location() != time.UTC {
				t.Errorf("UTC = %v, want %v", got.UTC, tt.want)
			}
			if got.Ambiguous != tt.ambiguous || !got.Later.Equal(tt.later) {
				t.Errorf("ambiguous = %v later %v, want %v %v", got.Ambiguous, got.Later, tt.ambiguous, tt.later)
			}
		})
	}
}

func TestParseLocalHalfHourDSTZone(t *testing.T) {
	// Lord Howe Island moves clocks by 30 minutes: 02:00→02:30 on 4 Oct 2026.
	if _, err := ParseLocal("2026-10-04T02:15", "Australia/Lord_Howe"); !errors.Is(err, ErrNonexistentTime) {
		t.Errorf("err = %v, want ErrNonexistentTime", err)
	}
}

func FuzzParseLocal(f *testing.F) {
	for _, s := range []string{"2026-03-10T09:00", "2026-03-08T02:30", "2026-11-01 01:30:00", "", "9999-12-31T23:59"} {
		f.Add(s, washington)
	}
	f.Add("2026-10-04T02:15", "Australia/Lord_Howe")
	f.Fuzz(func(t *testing.T, input, zone string) {
		p, err := ParseLocal(input, zone)
		if err != nil {
			return
		}
		loc := MustLoad(zone)
		wall := p.UTC.In(loc).Format("2006-01-02T15:04:05")
		if p.Ambiguous && (!p.Later.After(p.UTC) || p.Later.In(loc).Format("2006-01-02T15:04:05") != wall) {
			t.Fatalf("ambiguous instants disagree: %v %v", p.UTC, p.Later)
		}
		// Re-parsing the wall clock must give the same instant back.
		again, err := ParseLocalIn(wall, loc)
		if err != nil || !again.UTC.Equal(p.UTC) {
			t.Fatalf("round trip of %q: %v %v", wall, again, err)
		}
	})
}
