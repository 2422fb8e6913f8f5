// Package watchlist imports sanctions and screening lists (OFAC SDN legacy
// CSV, the US Consolidated Screening List, and any CSV or JSON Lines file
// described by a column map) into a common Entry, streaming: entries are
// handed to a callback one at a time and memory does not grow with the
// list. A malformed row aborts the import with an error naming the file,
// line and column, so the caller replaces a list only when the whole file
// parsed. docs/watchlists.md describes the formats and column maps.
package watchlist

// Entry kinds.
const (
	KindIndividual = "individual"
	KindEntity     = "entity"
	KindVessel     = "vessel"
	KindAircraft   = "aircraft"
)

// Alias types.
const (
	AliasAKA = "aka" // also known as
	AliasFKA = "fka" // formerly known as
	AliasNKA = "nka" // now known as
)

// Entry is one listed person, entity, vessel or aircraft.
type Entry struct {
	// ListID is the id of the list the entry comes from ("ofac-sdn", "csl").
	ListID string `json:"list_id"`
	// EntryID is the entry's id in its list (OFAC ent_num); stable across
	// re-imports of the same list.
	EntryID string `json:"entry_id"`
	// Source is the sub-list of a consolidated list, e.g. "SDN", "EL",
	// "MEU", "UVL" in the Consolidated Screening List; empty otherwise.
	Source string `json:"source,omitempty"`
	// Kind is one of the Kind* values.
	Kind string `json:"kind"`
	// Name is the primary name as written ("SURNAME, Given" for OFAC
	// individuals).
	Name     string   `json:"name"`
	Aliases  []Alias  `json:"aliases,omitempty"`
	Programs []string `json:"programs,omitempty"`
	Title    string   `json:"title,omitempty"`
	// BirthDates are all birth dates given, including "alt." ones.
	BirthDates    []BirthDate `json:"birth_dates,omitempty"`
	PlacesOfBirth []string    `json:"places_of_birth,omitempty"`
	Nationalities []string    `json:"nationalities,omitempty"`
	Citizenships  []string    `json:"citizenships,omitempty"`
	Addresses     []Address   `json:"addresses,omitempty"`
	Remarks       string      `json:"remarks,omitempty"`
}

// Alias is another name of an entry.
type Alias struct {
	// Type is one of the Alias* values.
	Type string `json:"type"`
	Name string `json:"name"`
	// Weak is true for a low-quality alias (OFAC's "weak a.k.a.", given in
	// the remarks rather than the alias file): a match on it alone is weak
	// evidence.
	Weak    bool   `json:"weak,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

// BirthDate is a date of birth as written, with what could be parsed.
type BirthDate struct {
	// Text is the date as written in the list ("18 Sep 1972", "circa 1960",
	// "1964 to 1966").
	Text string `json:"text"`
	// Year, Month and Day are 0 when not given or not parsed.
	Year  int `json:"year,omitempty"`
	Month int `json:"month,omitempty"`
	Day   int `json:"day,omitempty"`
	// YearTo is the last year of a range ("1964 to 1966"), else 0.
	YearTo int `json:"year_to,omitempty"`
	// Circa is true for an approximate date.
	Circa bool `json:"circa,omitempty"`
}

// Address is one address of an entry.
type Address struct {
	// Street is the street part as written (may be empty).
	Street string `json:"street,omitempty"`
	// City holds city, state/province and postal code as written.
	City string `json:"city,omitempty"`
	// Country is the country as written (a name for OFAC, an ISO code in
	// the Consolidated Screening List).
	Country string `json:"country,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}
