// Package timezone validates IANA time-zone names, converts user-entered local times to UTC
// (refusing times that do not exist and flagging ambiguous ones around daylight-saving changes),
// and builds structured values for showing a session's time in several zones at once.
package timezone

import (
	"strings"
	"sync"
	"time"
	"unicode"
)

// UTC is the only zone name without an "Area/Location" form that Validate accepts.
const UTC = "UTC"

// suggestions maps abbreviations, legacy single-word aliases and common city names (upper-cased)
// to the IANA name users most likely meant. For ambiguous abbreviations the suggestion lists both.
var suggestions = map[string]string{
	"EST": "America/New_York", "EDT": "America/New_York", "ET": "America/New_York",
	"EST5EDT": "America/New_York", "US/EASTERN": "America/New_York",
	"CST": "America/Chicago or Asia/Shanghai", "CDT": "America/Chicago", "CT": "America/Chicago",
	"CST6CDT": "America/Chicago", "MST": "America/Denver or America/Phoenix", "MDT": "America/Denver",
	"MST7MDT": "America/Denver", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
	"PT": "America/Los_Angeles", "PST8PDT": "America/Los_Angeles", "HST": "Pacific/Honolulu",
	"AKST": "America/Anchorage", "BJT": "Asia/Shanghai", "PRC": "Asia/Shanghai",
	"CHINA": "Asia/Shanghai", "BEIJING": "Asia/Shanghai", "SHANGHAI": "Asia/Shanghai",
	"HKT": "Asia/Hong_Kong", "HONGKONG": "Asia/Hong_Kong", "HONG KONG": "Asia/Hong_Kong",
	"ROC": "Asia/Taipei", "TAIPEI": "Asia/Taipei", "JST": "Asia/Tokyo", "JAPAN": "Asia/Tokyo",
	"KST": "Asia/Seoul", "ROK": "Asia/Seoul", "SINGAPORE": "Asia/Singapore", "SGT": "Asia/Singapore",
	"GMT": "UTC or Europe/London", "BST": "Europe/London", "GB": "Europe/London",
	"CET": "Europe/Berlin or Europe/Paris", "CEST": "Europe/Berlin or Europe/Paris",
	"EET": "Europe/Athens", "WET": "Europe/Lisbon", "MET": "Europe/Berlin", "IST": "Asia/Kolkata or Europe/Dublin",
	"WASHINGTON": "America/New_York", "NEW YORK": "America/New_York", "GENEVA": "Europe/Zurich",
	"Z": "UTC", "ZULU": "UTC", "UCT": "UTC", "UNIVERSAL": "UTC", "GREENWICH": "UTC", "ETC/UTC": "UTC",
}

// Validate checks that name is an IANA zone name this product accepts: "UTC" or an
// "Area/Location" name known to the time zone database (e.g. "America/New_York",
// "Asia/Shanghai"). It refuses "", "Local", abbreviations such as "EST" or "CST" and legacy
// single-word aliases such as "PRC", with a *ZoneError that says why and suggests a name.
func Validate(name string) error {
	_, err := Load(name)
	return err
}

// Load validates name as Validate does and returns its location.
func Load(name string) (*time.Location, error) {
	trimmed := strings.TrimSpace(name)
	switch {
	case trimmed == "":
		return nil, &ZoneError{Name: name, Err: ErrEmptyZone}
	case strings.EqualFold(trimmed, "Local"):
		return nil, &ZoneError{Name: name, Err: ErrLocalZone}
	case trimmed == UTC:
		return time.UTC, nil
	}
	if trimmed != name || len(name) > 64 || !validChars(name) {
		return nil, &ZoneError{Name: name, Err: ErrUnknownZone}
	}
	upper := strings.ToUpper(name)
	if !strings.Contains(name, "/") {
		if looksLikeAbbreviation(name) {
			return nil, &ZoneError{Name: name, Suggestion: suggestions[upper], Err: ErrAbbreviation}
		}
		return nil, &ZoneError{Name: name, Suggestion: suggestions[upper], Err: ErrUnknownZone}
	}
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, &ZoneError{Name: name, Suggestion: suggestions[upper], Err: ErrUnknownZone}
	}
	locations.Store(name, loc)
	return loc, nil
}

// locations caches the zones loaded so far: time.LoadLocation reads and parses the zone file on
// every call, and a page of sessions loads the same few zones many times. Only names the time
// zone database knows are stored, so the cache is bounded by its size.
var locations sync.Map

// MustLoad is Load for zone names fixed in code (tests, defaults); it panics on a bad name and
// must never be given outside input.
func MustLoad(name string) *time.Location {
	loc, err := Load(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// validChars reports whether s uses only the characters that occur in IANA zone names.
func validChars(s string) bool {
	for _, r := range s {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("/_+-", r))) {
			return false
		}
	}
	return !strings.Contains(s, "..") && !strings.HasPrefix(s, "/")
}

// looksLikeAbbreviation reports whether a slash-less name is an abbreviation ("EST", "CST6CDT")
// rather than a word such as "Japan".
func looksLikeAbbreviation(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			letters++
		case unicode.IsDigit(r):
		default:
			return false
		}
	}
	return letters >= 1 && letters <= 8
}
