package tabular

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/tracktwo/tracktwo/internal/apperr"
)

// countryAliases are common names that CLDR's display names do not cover, folded as by
// foldName. Hong Kong, Macao and Taiwan keep their own ISO 3166 codes (HK, MO, TW), as the
// screening rules treat them separately from mainland China (CN).
var countryAliases = map[string]string{
	"usa": "US", "us": "US", "unitedstatesofamerica": "US", "america": "US", "美利坚合众国": "US", "美國": "US",
	"uk": "GB", "greatbritain": "GB", "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "英國": "GB",
	"prc": "CN", "peoplesrepublicofchina": "CN", "mainlandchina": "CN", "chinamainland": "CN",
	"中华人民共和国": "CN", "中國": "CN", "中国大陆": "CN", "中國大陸": "CN", "大陆": "CN",
	"hongkong": "HK", "hongkongsar": "HK", "香港": "HK", "中国香港": "HK",
	"macao": "MO", "macau": "MO", "macaosar": "MO", "澳门": "MO", "澳門": "MO", "中国澳门": "MO",
	"taiwan": "TW", "republicofchina": "TW", "chinesetaipei": "TW", "台湾": "TW", "臺灣": "TW", "台灣": "TW", "中国台湾": "TW",
	"southkorea": "KR", "korea": "KR", "republicofkorea": "KR", "韩国": "KR", "韓國": "KR",
	"northkorea": "KP", "dprk": "KP", "朝鲜": "KP", "russia": "RU", "russianfederation": "RU", "俄罗斯": "RU",
	"vietnam": "VN", "越南": "VN", "iran": "IR", "伊朗": "IR", "czechrepublic": "CZ", "turkey": "TR", "türkiye": "TR",
}

//go:generate go run ./internal/countrygen

// countryRow is one ISO 3166-1 country of countryTable (countries_table.go, generated from CLDR
// by internal/countrygen): alpha-2 and alpha-3 codes, and its names in English, Simplified and
// Traditional Chinese.
type countryRow struct {
	code, iso3, en, hans, hant string
}

var (
	countryOnce  sync.Once
	countryNames map[string]string // folded name or code → alpha-2
)

func buildCountryIndex() {
	countryNames = make(map[string]string, 5*len(countryTable)+len(countryAliases))
	for _, c := range countryTable {
		countryNames[strings.ToLower(c.code)] = c.code
		if c.iso3 != "" {
			countryNames[strings.ToLower(c.iso3)] = c.code
		}
		for _, name := range []string{c.en, c.hans, c.hant} {
			if name != "" {
				countryNames[foldName(name)] = c.code
			}
		}
	}
	for k, v := range countryAliases {
		countryNames[foldName(k)] = v
	}
}

// Country returns the ISO 3166-1 alpha-2 code for s: an alpha-2 or alpha-3 code in any case
// ("us", "CHN"), an English or Chinese name ("United States", "美国", "中國"), or a common
// alias ("USA", "UK", "PRC", "Hong Kong"). ok is false when s names no country.
func Country(s string) (code string, ok bool) {
	countryOnce.Do(buildCountryIndex)
	code, ok = countryNames[foldName(s)]
	return code, ok
}

// foldName normalises a name for lookup: NFKC, lower case, letters and digits only, diacritics
// removed ("Côte d’Ivoire" → "cotedivoire").
func foldName(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return norm.NFC.String(b.String())
}

// CountryField reads an optional country of a request or form: blank stays "", a country Country
// knows becomes its ISO 3166-1 alpha-2 code, and anything else is reported on field.
func CountryField(v *apperr.Validator, field, s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return ""
	}
	code, ok := Country(s)
	v.Check(ok, field, "country", "give a country as an ISO 3166 code, e.g. CN or US")
	return code
}
