package names

import (
	"strconv"
	"strings"
	"unicode"
)

// BirthDate is a date of birth as watchlists write it: a full date, a month
// and year, a year, a range of years, or an approximate year.
type BirthDate struct {
	Year   int  `json:"year"`
	YearTo int  `json:"year_to"` // last year of a range; equals Year otherwise
	Month  int  `json:"month,omitempty"`
	Day    int  `json:"day,omitempty"`
	Approx bool `json:"approx,omitempty"` // "circa", "approximately", "about"
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var approxWords = map[string]bool{"circa": true, "ca": true, "c": true, "approx": true, "approximately": true, "about": true, "abt": true, "around": true}

// ParseBirthDate reads a birth date as lists and forms write it: "18 Sep
// 1972", "Sep 1972", "1972", "circa 1960", "1960 to 1962", "1960-1962",
// "1972-09-18", "18/09/1972" (day first unless only month first is possible),
// "September 18, 1972", "1972年9月18日". Errors unwrap to
// ErrBirthDate.
func ParseBirthDate(s string) (BirthDate, error) {
	in := s
	if len(in) > 64 {
		in = in[:64]
	}
	if len(s) > 128 {
		return BirthDate{}, &DateError{Input: in, Reason: "too long"}
	}
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	isoLike := false
	for i, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'z':
			if b.Len() > 0 {
				last := b.String()[b.Len()-1]
				if (last >= '0' && last <= '9') != (r >= '0' && r <= '9') {
					flush()
				}
			}
			b.WriteRune(r)
		case r == '-' && i == 4 && len(words) == 0:
			isoLike = true
			flush()
		default:
			if unicode.IsDigit(r) {
				return BirthDate{}, &DateError{Input: in, Reason: "non-ASCII digits"}
			}
			flush()
		}
	}
	flush()
	var d BirthDate
	var years, small []int
	for _, w := range words {
		if m, ok := monthNames[w]; ok {
			if d.Month != 0 {
				return BirthDate{}, &DateError{Input: in, Reason: "two month names"}
			}
			d.Month = m
			continue
		}
		if approxWords[w] {
			d.Approx = true
			continue
		}
		if w == "to" || w == "and" || w == "or" || w == "between" || w == "st" || w == "nd" || w == "rd" || w == "th" || w == "dob" || w == "born" || w == "b" {
			continue
		}
		n, err := strconv.Atoi(w)
		if err != nil || len(w) > 4 {
			return BirthDate{}, &DateError{Input: in, Reason: "unexpected " + strconv.Quote(w)}
		}
		if len(w) == 4 {
			years = append(years, n)
		} else {
			small = append(small, n)
		}
	}
	switch len(years) {
	case 1:
		d.Year, d.YearTo = years[0], years[0]
	case 2:
		d.Year, d.YearTo = min(years[0], years[1]), max(years[0], years[1])
	default:
		return BirthDate{}, &DateError{Input: in, Reason: "no single year or range of years"}
	}
	if d.Year < 1800 || d.YearTo > 2200 {
		return BirthDate{}, &DateError{Input: in, Reason: "year out of range"}
	}
	if d.Year != d.YearTo && (len(small) > 0 || d.Month != 0) {
		return BirthDate{}, &DateError{Input: in, Reason: "a range of years with a day or month"}
	}
	switch {
	case d.Month != 0 && len(small) == 1:
		d.Day = small[0]
	case d.Month != 0 && len(small) == 0:
	case d.Month == 0 && len(small) == 2:
		a, c := small[0], small[1]
		yearFirst := isoLike || (len(words) > 0 && len(words[0]) == 4)
		switch {
		case yearFirst:
			d.Month, d.Day = a, c
		case a > 12:
			d.Day, d.Month = a, c
		case c > 12:
			d.Month, d.Day = a, c
		default:
			d.Day, d.Month = a, c // day first, as in most of the world's lists
		}
	case len(small) == 0:
	default:
		return BirthDate{}, &DateError{Input: in, Reason: "cannot tell day from month"}
	}
	if d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 31 || (d.Day != 0 && d.Month == 0) {
		return BirthDate{}, &DateError{Input: in, Reason: "impossible day or month"}
	}
	return d, nil
}

// dateAgreement is how two birth dates relate.
type dateAgreement int

const (
	dateContradicts dateAgreement = iota // years too far apart
	dateNeutral                          // off by one year, or same year and another day
	dateYear
	dateFull
)

func compareDates(a, b BirthDate) dateAgreement {
	tol := 0
	if a.Approx || b.Approx {
		tol = 2
	}
	lo, hi := a.Year-tol, a.YearTo+tol
	if b.YearTo >= lo && b.Year <= hi {
		if a.Year == a.YearTo && b.Year == b.YearTo && a.Year == b.Year && a.Month != 0 && a.Month == b.Month && a.Day != 0 && a.Day == b.Day {
			return dateFull
		}
		if a.Month != 0 && b.Month != 0 && a.Year == b.Year && (a.Month != b.Month || (a.Day != 0 && b.Day != 0 && a.Day != b.Day)) {
			return dateNeutral // same year, different day: a typo or a different person
		}
		return dateYear
	}
	gap := b.Year - hi
	if a.Year-tol-b.YearTo > gap {
		gap = a.Year - tol - b.YearTo
	}
	if gap > 1 {
		return dateContradicts
	}
	return dateNeutral
}
