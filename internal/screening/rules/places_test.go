package rules

import (
	"testing"
	"unicode"
)

func TestPlace(t *testing.T) {
	tests := []struct {
		name, city, province string
		en, zh               string
	}{
		{"names-municipality-once", "Beijing", "Beijing", "Beijing", "北京"},
		{"names-each-municipality-once", "Chongqing", "Chongqing", "Chongqing", "重庆"},
		{"names-municipality-once-across-case-and-spaces", " beijing ", "BEIJING", "Beijing", "北京"},
		{"names-municipality-once-when-city-has-suffix", "Shanghai City", "Shanghai", "Shanghai", "上海"},
		{"names-municipality-once-when-typed-in-chinese", "北京市", "Beijing", "Beijing", "北京"},
		{"names-municipality-once-when-province-typed-with-shi", "Tianjin", "Tianjin Shi", "Tianjin", "天津"},
		{"reads-municipality-typed-as-city-without-province", "Shanghai", "", "Shanghai", "上海"},
		{"names-special-administrative-region-once", "Hong Kong", "Hong Kong SAR", "Hong Kong", "香港"},
		{"names-city-and-province-province-first-in-chinese", "Kunming", "Yunnan", "Kunming, Yunnan", "云南 Kunming"},
		{"joins-chinese-city-without-space", "昆明", "云南省", "昆明, Yunnan", "云南昆明"},
		{"reads-autonomous-region-long-form", "Nanning", "Guangxi Zhuang Autonomous Region", "Nanning, Guangxi", "广西 Nanning"},
		{"reads-autonomous-region-in-chinese", "Urumqi", "新疆维吾尔自治区", "Urumqi, Xinjiang", "新疆 Urumqi"},
		{"reads-traditional-characters", "Taipei", "臺灣", "Taipei, Taiwan", "台湾 Taipei"},
		{"keeps-shaanxi-apart-from-shanxi", "Xi'an", "Shaanxi Province", "Xi'an, Shaanxi", "陕西 Xi'an"},
		{"keeps-shanxi-apart-from-shaanxi", "Taiyuan", "shanxi", "Taiyuan, Shanxi", "山西 Taiyuan"},
		{"names-city-typed-equal-to-its-province-once", "Jilin", "Jilin", "Jilin", "吉林"},
		{"keeps-a-city-named-after-its-province", "Jilin City", "Jilin", "Jilin City, Jilin", "吉林 Jilin City"},
		{"keeps-other-places-as-typed", "Tampa", "Florida", "Tampa, Florida", "Tampa, Florida"},
		{"names-other-city-typed-equal-to-province-once", "Singapore", "singapore", "Singapore", "Singapore"},
		{"gives-province-alone-without-city", "", "Yunnan", "Yunnan", "云南"},
		{"gives-city-alone-without-province", "Kunming", "", "Kunming", "Kunming"},
		{"gives-nothing-without-city-or-province", " ", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			en, zh := Place(tc.city, tc.province)
			if en != tc.en || zh != tc.zh {
				t.Errorf("Place(%q, %q) = %q, %q; want %q, %q", tc.city, tc.province, en, zh, tc.en, tc.zh)
			}
		})
	}
}

// The table: the 34 provincial-level divisions, each found by its own names and aliases and by
// no other's.
func TestProvinceTable(t *testing.T) {
	if len(provinces) != 34 {
		t.Errorf("%d divisions, want 34 (31 mainland, Hong Kong, Macao, Taiwan)", len(provinces))
	}
	zh := map[string]bool{}
	for _, p := range provinces {
		if zh[p.ZH] {
			t.Errorf("%s: Chinese name %s twice", p.EN, p.ZH)
		}
		zh[p.ZH] = true
		for _, r := range p.ZH {
			if !unicode.Is(unicode.Han, r) {
				t.Errorf("%s: Chinese name %q", p.EN, p.ZH)
			}
		}
		for _, n := range append([]string{p.EN, p.ZH, p.EN + " Province", p.ZH + "省"}, p.aliases...) {
			if got, ok := LookupProvince(n); !ok || got.EN != p.EN {
				t.Errorf("LookupProvince(%q) = %q, %v; want %s", n, got.EN, ok, p.EN)
			}
		}
	}
	for _, n := range []string{"", "Florida", "Kunming", "Province", "省"} {
		if p, ok := LookupProvince(n); ok {
			t.Errorf("LookupProvince(%q) = %s, want none", n, p.EN)
		}
	}
}
