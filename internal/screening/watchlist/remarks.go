package watchlist

import (
	"regexp"
	"strconv"
	"strings"
)

var months = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

var (
	yearPattern = regexp.MustCompile(`\b(1[5-9]\d\d|20\d\d)\b`)
	// "18 Sep 1972", "Sep 1972", "18 September 1972"
	dmyPattern = regexp.MustCompile(`^(?:(\d{1,2}) )?([A-Za-z]{3,9})\.? (\d{4})$`)
	// "1972-09-18", "1972-09"
	isoPattern = regexp.MustCompile(`^(\d{4})-(\d{2})(?:-(\d{2}))?$`)
	// "18/09/1972" (day first, as OFAC writes when it does)
	slashPattern = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
)

// ParseBirthDate reads a birth date as lists write it: "18 Sep 1972",
// "Sep 1972", "1972", "circa 1960", "1964 to 1966", "01 Jan 1973 to 31 Dec
// 1973", "1972-09-18". Unparsed parts stay 0; Text is always kept.
func ParseBirthDate(text string) BirthDate {
	text = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), "."))
	bd := BirthDate{Text: text}
	s := text
	if rest, ok := cutPrefixFold(s, "circa "); ok {
		bd.Circa, s = true, strings.TrimSpace(rest)
	}
	if from, to, ok := strings.Cut(s, " to "); ok {
		s = strings.TrimSpace(from)
		if ys := yearPattern.FindAllString(to, -1); len(ys) > 0 {
			bd.YearTo, _ = strconv.Atoi(ys[len(ys)-1])
		}
	}
	switch {
	case dmyPattern.MatchString(s):
		m := dmyPattern.FindStringSubmatch(s)
		mon, ok := months[strings.ToLower(m[2][:3])]
		if !ok {
			break
		}
		bd.Year, _ = strconv.Atoi(m[3])
		bd.Month = mon
		if m[1] != "" {
			bd.Day, _ = strconv.Atoi(m[1])
		}
	case isoPattern.MatchString(s):
		m := isoPattern.FindStringSubmatch(s)
		bd.Year, _ = strconv.Atoi(m[1])
		bd.Month, _ = strconv.Atoi(m[2])
		if m[3] != "" {
			bd.Day, _ = strconv.Atoi(m[3])
		}
	case slashPattern.MatchString(s):
		m := slashPattern.FindStringSubmatch(s)
		bd.Day, _ = strconv.Atoi(m[1])
		bd.Month, _ = strconv.Atoi(m[2])
		bd.Year, _ = strconv.Atoi(m[3])
	default:
		if y := yearPattern.FindString(s); y != "" {
			bd.Year, _ = strconv.Atoi(y)
		}
	}
	if bd.Month < 1 || bd.Month > 12 || bd.Day < 0 || bd.Day > 31 {
		bd.Month, bd.Day = 0, 0
	}
	if bd.YearTo == bd.Year {
		bd.YearTo = 0
	}
	return bd
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// parseOFACRemarks reads the "; "-separated items of an OFAC remarks field
// that describe the person: DOB, POB, nationality, citizen and a.k.a.
// (weak aliases), with their "alt." variants. Other items stay in Remarks
// only.
func parseOFACRemarks(remarks string, e *Entry) {
	for _, item := range strings.Split(remarks, ";") {
		item = strings.TrimSpace(item)
		item, _ = cutPrefixFold(item, "alt. ")
		item = strings.TrimSpace(item)
		switch {
		case hasPrefixFold(item, "DOB "):
			e.BirthDates = append(e.BirthDates, ParseBirthDate(item[4:]))
		case hasPrefixFold(item, "POB "):
			e.PlacesOfBirth = appendUnique(e.PlacesOfBirth, trimItem(item[4:]))
		case hasPrefixFold(item, "nationality "):
			e.Nationalities = appendUnique(e.Nationalities, trimItem(item[len("nationality "):]))
		case hasPrefixFold(item, "citizen "):
			e.Citizenships = appendUnique(e.Citizenships, trimItem(item[len("citizen "):]))
		case hasPrefixFold(item, "a.k.a. "), hasPrefixFold(item, "f.k.a. "), hasPrefixFold(item, "n.k.a. "):
			typ := strings.ToLower(item[:1]) + "ka"
			name := trimItem(item[7:])
			name = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(name, "'"), "'"))
			if name != "" && !hasAlias(e, name) {
				e.Aliases = append(e.Aliases, Alias{Type: typ, Name: name, Weak: true})
			}
		}
	}
}

func hasPrefixFold(s, prefix string) bool {
	_, ok := cutPrefixFold(s, prefix)
	return ok
}

func trimItem(s string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))
}

func appendUnique(list []string, v string) []string {
	if v == "" {
		return list
	}
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return list
		}
	}
	return append(list, v)
}

func hasAlias(e *Entry, name string) bool {
	if strings.EqualFold(e.Name, name) {
		return true
	}
	for _, a := range e.Aliases {
		if strings.EqualFold(a.Name, name) {
			return true
		}
	}
	return false
}
