package tabular

import (
	"testing"

	"github.com/tracktwo/tracktwo/internal/tabular/internal/cldrcountries"
)

// The generated table (countries_table.go) is what golang.org/x/text/language/display gives
// today: after an x/text upgrade, `go generate ./internal/tabular` brings it up to date.
func TestCountryTableMatchesCLDR(t *testing.T) {
	want := cldrcountries.Rows()
	if len(countryTable) != len(want) {
		t.Fatalf("countryTable has %d countries, CLDR %d: run go generate ./internal/tabular", len(countryTable), len(want))
	}
	for i, w := range want {
		got := countryTable[i]
		if got != (countryRow{w.Code, w.ISO3, w.English, w.Hans, w.Hant}) {
			t.Errorf("row %d = %+v, CLDR has %+v: run go generate ./internal/tabular", i, got, w)
		}
	}
}

// Every country of the table is found by its codes and by each of its names: no name leads to
// another code (as "Panama" led to PZ, the withdrawn Panama Canal Zone, when withdrawn codes
// were in the table).
func TestCountryFindsEveryTableName(t *testing.T) {
	for _, c := range countryTable {
		for _, s := range []string{c.code, c.iso3, c.en, c.hans, c.hant} {
			if s == "" {
				continue
			}
			if got, ok := Country(s); !ok || got != c.code {
				t.Errorf("Country(%q) = %q, %v; want %s", s, got, ok, c.code)
			}
		}
	}
}
