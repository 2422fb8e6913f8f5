package names

import (
	"strings"
)

// countryAliases maps country names, demonyms and codes (folded) to ISO
// 3166-1 alpha-2 codes, for the countries track-two screening meets most.
// Source: ISO 3166-1 and the country spellings used in OFAC SDN remarks
// ("nationality China", "citizen Hong Kong"). Unknown countries compare by
// their folded name.
var countryAliases = map[string]string{
	"cn": "CN", "chn": "CN", "china": "CN", "prc": "CN", "people's republic of china": "CN",
	"peoples republic of china": "CN", "chinese": "CN", "中国": "CN", "中华人民共和国": "CN",
	"mainland china": "CN", "china mainland": "CN",
	"hk": "HK", "hkg": "HK", "hong kong": "HK", "hong kong sar": "HK", "hongkong": "HK", "香港": "HK",
	"mo": "MO", "mac": "MO", "macau": "MO", "macao": "MO", "澳门": "MO", "澳門": "MO",
	"tw": "TW", "twn": "TW", "taiwan": "TW", "republic of china": "TW", "chinese taipei": "TW",
	"台湾": "TW", "台灣": "TW", "臺灣": "TW", "taiwanese": "TW",
	"us": "US", "usa": "US", "united states": "US", "united states of america": "US",
	"american": "US", "美国": "US", "美國": "US",
	"gb": "GB", "uk": "GB", "united kingdom": "GB", "great britain": "GB", "british": "GB",
	"ca": "CA", "canada": "CA", "canadian": "CA", "au": "AU", "australia": "AU",
	"sg": "SG", "singapore": "SG", "my": "MY", "malaysia": "MY", "jp": "JP", "japan": "JP",
	"kr": "KR", "south korea": "KR", "korea, south": "KR", "republic of korea": "KR",
	"kp": "KP", "north korea": "KP", "korea, north": "KP", "dprk": "KP",
	"ru": "RU", "russia": "RU", "russian federation": "RU", "ir": "IR", "iran": "IR",
	"de": "DE", "germany": "DE", "fr": "FR", "france": "FR", "in": "IN", "india": "IN",
	"kh": "KH", "cambodia": "KH", "th": "TH", "thailand": "TH", "vn": "VN", "vietnam": "VN",
	"pk": "PK", "pakistan": "PK", "af": "AF", "afghanistan": "AF", "sy": "SY", "syria": "SY",
	"cu": "CU", "cuba": "CU", "ve": "VE", "venezuela": "VE", "mx": "MX", "mexico": "MX",
}

// NormalizeCountry returns the ISO 3166-1 alpha-2 code for a country name,
// demonym or code it knows ("China", "PRC", "中国" → "CN"), and otherwise the
// folded name.
func NormalizeCountry(s string) string {
	f := strings.Join(strings.Fields(strings.ToLower(strings.TrimSpace(s))), " ")
	f = strings.Trim(f, ".")
	if c, ok := countryAliases[f]; ok {
		return c
	}
	return f
}

// legalForms are words of organisation names that say nothing about which
// organisation it is.
var legalForms = map[string]bool{
	"company": true, "limited": true, "corporation": true, "incorporated": true, "group": true,
	"llc": true, "plc": true, "gmbh": true, "sa": true, "ag": true, "holdings": true, "holding": true,
	"jsc": true, "ojsc": true, "co": true, "ltd": true, "inc": true, "corp": true,
}

// hanLegalForms are the same for organisation names in Chinese.
var hanLegalForms = []string{"股份有限公司", "有限责任公司", "有限公司", "集团", "公司"}

// orgKey is an organisation name prepared for comparison.
type orgKey struct {
	han  string
	west []string
}

func newOrgKey(s string) orgKey {
	f := foldName(s)
	var k orgKey
	var han []rune
	var west []string
	for _, t := range f.tokens {
		if t.han {
			han = append(han, []rune(t.text)...)
			continue
		}
		for _, w := range strings.Split(westernForm(t.text), "-") {
			if w != "" {
				west = append(west, w)
			}
		}
	}
	if len(han) > 0 {
		h := string(toSimplified(han))
		for _, lf := range hanLegalForms {
			h = strings.TrimSuffix(h, lf)
		}
		k.han = h
	}
	for _, w := range canonTokens(west) {
		if !legalForms[w] {
			k.west = append(k.west, w)
		}
	}
	return k
}

// sameOrg reports whether two organisation names name the same organisation:
// equal after dropping legal forms, one contained in the other (at least
// four characters or two words), or sharing at least three quarters of
// their words.
func sameOrg(a, b orgKey) bool {
	if a.han != "" && b.han != "" {
		short, long := a.han, b.han
		if len([]rune(short)) > len([]rune(long)) {
			short, long = long, short
		}
		if short == long || (len([]rune(short)) >= 4 && strings.Contains(long, short)) {
			return true
		}
	}
	if len(a.west) == 0 || len(b.west) == 0 {
		return false
	}
	set := map[string]bool{}
	for _, w := range a.west {
		set[w] = true
	}
	common := 0
	seen := map[string]bool{}
	for _, w := range b.west {
		if set[w] && !seen[w] {
			common++
			seen[w] = true
		}
	}
	union := len(set)
	for _, w := range b.west {
		if !set[w] {
			union++
			set[w] = true
		}
	}
	shorter := min(len(a.west), len(b.west))
	if common == shorter && (shorter >= 2 || strings.Join(a.west, " ") == strings.Join(b.west, " ")) {
		return true
	}
	return union > 0 && float64(common)/float64(union) >= 0.75
}
