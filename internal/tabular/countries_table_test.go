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
