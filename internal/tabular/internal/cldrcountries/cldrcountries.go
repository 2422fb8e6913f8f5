// Package cldrcountries lists the ISO 3166-1 countries with their CLDR names, from
// golang.org/x/text/language/display. Only the generator of package tabular's country table
// (internal/countrygen) and the test that checks that table import it: display's CLDR tables
// stay out of the tracktwo binary.
package cldrcountries

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// reservedCodes are CLDR regions that are not ISO 3166-1 countries (exceptionally reserved
// codes such as UK, which package tabular maps to GB through an alias).
const reservedCodes = "AC CP DG EA EU EZ FX IC SU TA UK UN"

// Row is one country: its ISO 3166-1 alpha-2 and alpha-3 codes and its names in English,
// Simplified Chinese and Traditional Chinese ("" where CLDR has none).
type Row struct {
	Code, ISO3, English, Hans, Hant string
}

// Rows returns every country, ordered by alpha-2 code. Withdrawn codes are left out: those
// CLDR replaces by a current one (TP → TL, PZ → PA, HV → BF…) carry their successor's name,
// which must find the current code, and the others (AN, CS, FQ, NT, PC, YU) have no name.
func Rows() []Row {
	en := display.English.Regions()
	hans := display.Regions(language.SimplifiedChinese)
	hant := display.Regions(language.TraditionalChinese)
	var rows []Row
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.String() != code || r.Canonicalize() != r || strings.Contains(reservedCodes, code) {
				continue
			}
			row := Row{Code: code, ISO3: r.ISO3(), English: en.Name(r), Hans: hans.Name(r), Hant: hant.Name(r)}
			if row.English == "" {
				continue
			}
			rows = append(rows, row)
		}
	}
	return rows
}
