package names

import (
	"errors"
	"testing"
)

func TestParseBirthDate(t *testing.T) {
	tests := []struct {
		name, in string
		want     BirthDate
	}{
		{"reads-ofac-full-date", "18 Sep 1972", BirthDate{Year: 1972, YearTo: 1972, Month: 9, Day: 18}},
		{"reads-month-year", "Sep 1972", BirthDate{Year: 1972, YearTo: 1972, Month: 9}},
		{"reads-year", "1972", BirthDate{Year: 1972, YearTo: 1972}},
		{"reads-circa", "circa 1960", BirthDate{Year: 1960, YearTo: 1960, Approx: true}},
		{"reads-range", "1960 to 1962", BirthDate{Year: 1960, YearTo: 1962}},
		{"reads-dash-range", "1962-1960", BirthDate{Year: 1960, YearTo: 1962}},
		{"reads-iso", "1972-09-18", BirthDate{Year: 1972, YearTo: 1972, Month: 9, Day: 18}},
		{"reads-day-first-slashes", "18/09/1972", BirthDate{Year: 1972, YearTo: 1972, Month: 9, Day: 18}},
		{"reads-month-first-when-day-over-12", "09/18/1972", BirthDate{Year: 1972, YearTo: 1972, Month: 9, Day: 18}},
		{"reads-us-long-form", "September 18, 1972", BirthDate{Year: 1972, YearTo: 1972, Month: 9, Day: 18}},
		{"reads-chinese-date", "1972年9月18日", BirthDate{Year: 1972, YearTo: 1972, Month: 9, Day: 18}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseBirthDate(tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("ParseBirthDate(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseBirthDateRejects(t *testing.T) {
	for _, in := range []string{"", "unknown", "18 Sep", "1972 1973 1974", "31/31/1972", "Sep Oct 1972", "1960 to 1962 Sep", "1700", "12345"} {
		_, err := ParseBirthDate(in)
		var de *DateError
		if !errors.Is(err, ErrBirthDate) || !errors.As(err, &de) {
			t.Errorf("ParseBirthDate(%q) err = %v, want a DateError", in, err)
		}
	}
}

func TestCompareDates(t *testing.T) {
	p := func(s string) BirthDate {
		d, err := ParseBirthDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name, a, b string
		want       dateAgreement
	}{
		{"same-day-full", "18 Sep 1972", "1972-09-18", dateFull},
		{"year-agrees", "1972", "18 Sep 1972", dateYear},
		{"circa-within-two-years", "circa 1960", "1962", dateYear},
		{"range-covers-year", "1960 to 1962", "1961", dateYear},
		{"one-year-apart-neutral", "1972", "1973", dateNeutral},
		{"same-year-other-day-neutral", "18 Sep 1972", "19 Sep 1972", dateNeutral},
		{"years-apart-contradict", "1972", "1980", dateContradicts},
		{"circa-far-contradicts", "circa 1960", "1970", dateContradicts},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := compareDates(p(tc.a), p(tc.b)); got != tc.want {
				t.Fatalf("compareDates(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
			}
			if got := compareDates(p(tc.b), p(tc.a)); got != tc.want {
				t.Fatalf("compareDates(%q, %q) = %d, want %d (reversed)", tc.b, tc.a, got, tc.want)
			}
		})
	}
}

func TestNormalizeCountry(t *testing.T) {
	for in, want := range map[string]string{"China": "CN", "PRC": "CN", "中国": "CN", "Hong Kong": "HK", "  taiwan ": "TW", "Narnia": "narnia"} {
		if got := NormalizeCountry(in); got != want {
			t.Errorf("NormalizeCountry(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSameOrg(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"LIMMT ECONOMIC AND TRADE COMPANY, LTD.", "Limmt Economic & Trade Co Ltd", true},
		{"华为技术有限公司", "華為技術", true},
		{"Tsinghua University", "Peking University", false},
		{"China Aerospace Science and Technology Corporation", "China Aerospace Science and Industry Corporation", false},
	}
	for _, tc := range tests {
		if got := sameOrg(newOrgKey(tc.a), newOrgKey(tc.b)); got != tc.want {
			t.Errorf("sameOrg(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
