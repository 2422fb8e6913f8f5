package holidays

import (
	"errors"
	"strings"
	"testing"
	"time"

	holidaydata "github.com/tracktwo/tracktwo/configs/holidays"
	"github.com/tracktwo/tracktwo/internal/timezone"
)

func loadShipped(t *testing.T) map[string]*Calendar {
	t.Helper()
	cals, err := LoadFS(holidaydata.FS)
	if err != nil {
		t.Fatal(err)
	}
	if cals["US"] == nil || cals["CN"] == nil {
		t.Fatalf("shipped calendars = %v", cals)
	}
	return cals
}

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestShippedUSHolidaysMatchOPMSchedule(t *testing.T) {
	us := loadShipped(t)["US"]
	// date → observed day off, per OPM's published schedules.
	want := map[int][][2]string{
		2025: {{"2025-01-01", ""}, {"2025-01-20", ""}, {"2025-02-17", ""}, {"2025-05-26", ""}, {"2025-06-19", ""},
			{"2025-07-04", ""}, {"2025-09-01", ""}, {"2025-10-13", ""}, {"2025-11-11", ""}, {"2025-11-27", ""}, {"2025-12-25", ""}},
		2026: {{"2026-01-01", ""}, {"2026-01-19", ""}, {"2026-02-16", ""}, {"2026-05-25", ""}, {"2026-06-19", ""},
			{"2026-07-04", "2026-07-03"}, {"2026-09-07", ""}, {"2026-10-12", ""}, {"2026-11-11", ""}, {"2026-11-26", ""}, {"2026-12-25", ""}},
		2027: {{"2027-01-01", ""}, {"2027-01-18", ""}, {"2027-02-15", ""}, {"2027-05-31", ""}, {"2027-06-19", "2027-06-18"},
			{"2027-07-04", "2027-07-05"}, {"2027-09-06", ""}, {"2027-10-11", ""}, {"2027-11-11", ""}, {"2027-11-25", ""},
			{"2027-12-25", "2027-12-24"}, {"2028-01-01", "2027-12-31"}},
	}
	for year, days := range want {
		var got [][2]string
		for _, h := range us.Holidays(year) {
			if h.Kind != KindHoliday {
				continue
			}
			obs := ""
			if !h.Observed.IsZero() {
				obs = h.Observed.Format(time.DateOnly)
			}
			got = append(got, [2]string{h.From.Format(time.DateOnly), obs})
			if h.Name.EN == "" || h.Name.ZH == "" || h.Source == "" {
				t.Errorf("%d %s lacks a name or source: %+v", year, h.ID, h)
			}
		}
		if len(got) != len(days) {
			t.Errorf("%d: got %d holidays %v, want %v", year, len(got), got, days)
			continue
		}
		for i := range days {
			if got[i] != days[i] {
				t.Errorf("%d holiday %d = %v, want %v", year, i, got[i], days[i])
			}
		}
	}
}

func TestShippedCNHolidays(t *testing.T) {
	cn := loadShipped(t)["CN"]
	hs := cn.Holidays(2026)
	if len(hs) != 7 {
		t.Fatalf("2026 has %d holidays, want 7", len(hs))
	}
	sf := hs[1]
	if sf.ID != "spring-festival" || sf.Name.ZH != "春节" || sf.From != d("2026-02-15") || sf.To != d("2026-02-23") || len(sf.Days()) != 9 {
		t.Errorf("2026 Spring Festival = %+v", sf)
	}
	ws := cn.Workdays(2025)
	if len(ws) != 5 || ws[0].Date != d("2025-01-26") || ws[0].Name.ZH != "春节调休上班" {
		t.Errorf("2025 workdays = %+v", ws)
	}
	if info := cn.Years[2027]; info.Status != StatusNotAnnounced || len(cn.Holidays(2027)) != 0 {
		t.Errorf("2027 = %+v with %d holidays; want not announced and none", info, len(cn.Holidays(2027)))
	}
}

func TestOverlaps(t *testing.T) {
	cals := loadShipped(t)
	us, cn := cals["US"], cals["CN"]
	ny, sh := timezone.MustLoad("America/New_York"), timezone.MustLoad("Asia/Shanghai")
	tests := []struct {
		name       string
		cal        *Calendar
		start, end time.Time
		loc        *time.Location
		want       []string
		workdays   []string
		missing    []int
	}{
		{"finds-spring-festival-in-beijing", cn, time.Date(2026, 2, 13, 9, 0, 0, 0, sh), time.Date(2026, 2, 16, 17, 0, 0, 0, sh), nil,
			[]string{"spring-festival"}, []string{"2026-02-14"}, nil},
		{"uses-beijing-date-for-us-evening-call", cn, time.Date(2026, 9, 30, 20, 0, 0, 0, ny), time.Date(2026, 9, 30, 22, 0, 0, 0, ny), sh,
			[]string{"national-day"}, nil, nil},
		{"finds-nothing-on-plain-week", cn, time.Date(2026, 3, 9, 9, 0, 0, 0, sh), time.Date(2026, 3, 13, 17, 0, 0, 0, sh), nil,
			nil, nil, nil},
		{"ignores-day-after-midnight-end", cn, time.Date(2026, 9, 30, 9, 0, 0, 0, sh), time.Date(2026, 10, 1, 0, 0, 0, 0, sh), nil,
			nil, nil, nil},
		{"finds-observed-independence-day", us, time.Date(2026, 7, 3, 9, 0, 0, 0, ny), time.Date(2026, 7, 3, 12, 0, 0, 0, ny), nil,
			[]string{"independence-day"}, nil, nil},
		{"finds-executive-order-closure", us, time.Date(2025, 12, 24, 9, 0, 0, 0, ny), time.Date(2025, 12, 26, 17, 0, 0, 0, ny), nil,
			[]string{"christmas-eve-closure", "christmas-day", "day-after-christmas-closure"}, nil, nil},
		{"finds-2028-new-year-observed-in-2027", us, time.Date(2027, 12, 31, 9, 0, 0, 0, ny), time.Date(2027, 12, 31, 12, 0, 0, 0, ny), nil,
			[]string{"new-years-day"}, nil, nil},
		{"reports-unannounced-2027-china", cn, time.Date(2026, 12, 30, 9, 0, 0, 0, sh), time.Date(2027, 1, 2, 17, 0, 0, 0, sh), nil,
			nil, nil, []int{2027}},
		{"rejects-empty-session", cn, time.Date(2026, 2, 16, 9, 0, 0, 0, sh), time.Date(2026, 2, 16, 9, 0, 0, 0, sh), nil,
			nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, h := range tt.cal.Overlaps(tt.start, tt.end, tt.loc) {
				got = append(got, h.ID)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("Overlaps = %v, want %v", got, tt.want)
			}
			var wd []string
			for _, w := range tt.cal.AdjustedWorkdays(tt.start, tt.end, tt.loc) {
				wd = append(wd, w.Date.Format(time.DateOnly))
			}
			if strings.Join(wd, ",") != strings.Join(tt.workdays, ",") {
				t.Errorf("AdjustedWorkdays = %v, want %v", wd, tt.workdays)
			}
			if m := tt.cal.MissingYears(tt.start, tt.end, tt.loc); len(m) != len(tt.missing) || (len(m) > 0 && m[0] != tt.missing[0]) {
				t.Errorf("MissingYears = %v, want %v", m, tt.missing)
			}
		})
	}
}

func TestParseReportsFileAndLine(t *testing.T) {
	base := "country: CN\nzone: Asia/Shanghai\nname: {en: China, zh: 中国}\nyears:\n  2026:\n    status: official\n    source: notice\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"rejects-unknown-key", base + "    holidayz: []\n", "x.yaml:8: unknown key \"holidayz\""},
		{"rejects-bad-date", base + "    holidays:\n      - {id: a, name: {en: A, zh: 甲}, date: 2026-02-30}\n", "x.yaml:9: \"date\" must be a date"},
		{"rejects-date-in-other-year", base + "    holidays:\n      - {id: a, name: {en: A, zh: 甲}, date: 2025-02-03}\n", "x.yaml:9: a starts on 2025-02-03, which is not in 2026"},
		{"rejects-missing-chinese-name", base + "    holidays:\n      - {id: a, name: {en: A}, date: 2026-02-03}\n", "x.yaml:9: missing \"zh\""},
		{"rejects-weekday-workday", base + "    holidays:\n      - {id: a, name: {en: A, zh: 甲}, date: 2026-02-03}\n    workdays:\n      - {date: 2026-02-04, for: a}\n", "x.yaml:11: workday 2026-02-04 is a Wednesday"},
		{"rejects-unknown-holiday-ref", base + "    workdays:\n      - {date: 2026-02-07, for: nope}\n", "x.yaml:9: workday refers to unknown holiday \"nope\""},
		{"rejects-reversed-range", base + "    holidays:\n      - {id: a, name: {en: A, zh: 甲}, from: 2026-02-05, to: 2026-02-03}\n", "x.yaml:9: a ends (2026-02-03) before it starts"},
		{"rejects-overlapping-holidays", base + "    holidays:\n      - {id: a, name: {en: A, zh: 甲}, from: 2026-02-01, to: 2026-02-03}\n      - {id: b, name: {en: B, zh: 乙}, date: 2026-02-03}\n", "x.yaml:10: b overlaps a"},
		{"rejects-abbreviated-zone", strings.Replace(base, "Asia/Shanghai", "CST", 1), "x.yaml:2: time zone \"CST\""},
		{"rejects-bad-status", strings.Replace(base, "official", "rumoured", 1), "x.yaml:6: status must be official"},
		{"rejects-dates-in-unannounced-year", strings.Replace(base, "official", "not_announced", 1) + "    note: n\n    holidays: []\n", "x.yaml:6: year 2026 is not_announced but lists dates"},
		{"rejects-broken-yaml", "country: [", "x.yaml:1:"},
		{"rejects-bad-rule", base + "rules:\n  - {id: r, name: {en: R, zh: 乙}, month: 13, day: 1}\n", "x.yaml:9: month must be 1-12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("configs/x.yaml", []byte(tt.yaml))
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestRuleDates(t *testing.T) {
	tests := []struct {
		name string
		r    rule
		year int
		want string
	}{
		{"computes-third-monday", rule{month: time.January, weekday: time.Monday, nth: 3}, 2026, "2026-01-19"},
		{"computes-last-monday", rule{month: time.May, weekday: time.Monday, nth: -1}, 2027, "2027-05-31"},
		{"computes-fourth-thursday", rule{month: time.November, weekday: time.Thursday, nth: 4}, 2025, "2025-11-27"},
		{"computes-first-monday-on-the-first", rule{month: time.September, weekday: time.Monday, nth: 1}, 2025, "2025-09-01"},
		{"skips-missing-fifth-weekday", rule{month: time.February, weekday: time.Monday, nth: 5}, 2026, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.r.date(tt.year)
			s := ""
			if ok {
				s = got.Format(time.DateOnly)
			}
			if s != tt.want {
				t.Errorf("date = %q, want %q", s, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"us.yaml", "cn.yaml"} {
		data, err := holidaydata.FS.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("country: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.yaml", data)
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error is not a *LoadError: %v", err)
			}
			return
		}
		for y := range c.Years {
			for _, h := range c.Holidays(y) {
				if h.To.Before(h.From) || h.Name.EN == "" || h.Name.ZH == "" {
					t.Fatalf("invalid holiday accepted: %+v", h)
				}
			}
		}
	})
}
