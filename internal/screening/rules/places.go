package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Province is one provincial-level division of China (the People's Republic's 31 mainland
// divisions, and Hong Kong, Macao and Taiwan) as explanations name it.
type Province struct {
	// EN is the English name as the session form is usually filled in ("Yunnan", "Inner
	// Mongolia"); ZH the Chinese short name ("云南", "内蒙古").
	EN, ZH string
	// CityLevel is true for the municipalities (Beijing, Tianjin, Shanghai, Chongqing) and the
	// special administrative regions (Hong Kong, Macao): a city of the same name is the division.
	CityLevel bool
	// aliases are further spellings, folded by placeKey (pinyin variants, older romanisations,
	// traditional characters).
	aliases []string
}

// provinces is the table of provincial-level divisions. The session form's province is free text
// ("Province or state"): LookupProvince accepts the English names, the usual variants and
// suffixes ("Beijing Shi", "Yunnan Province", "Guangxi Zhuang Autonomous Region", "Hong Kong
// SAR") and the Chinese names in simplified or traditional characters, with or without 省, 市,
// 自治区 or 特别行政区.
var provinces = []Province{
	{EN: "Beijing", ZH: "北京", CityLevel: true, aliases: []string{"Peking"}},
	{EN: "Tianjin", ZH: "天津", CityLevel: true, aliases: []string{"Tientsin"}},
	{EN: "Shanghai", ZH: "上海", CityLevel: true},
	{EN: "Chongqing", ZH: "重庆", CityLevel: true, aliases: []string{"Chungking", "重慶"}},
	{EN: "Hebei", ZH: "河北"},
	{EN: "Shanxi", ZH: "山西"},
	{EN: "Inner Mongolia", ZH: "内蒙古", aliases: []string{"Nei Mongol", "Nei Menggu", "Neimenggu", "內蒙古"}},
	{EN: "Liaoning", ZH: "辽宁", aliases: []string{"遼寧"}},
	{EN: "Jilin", ZH: "吉林"},
	{EN: "Heilongjiang", ZH: "黑龙江", aliases: []string{"黑龍江"}},
	{EN: "Jiangsu", ZH: "江苏", aliases: []string{"江蘇"}},
	{EN: "Zhejiang", ZH: "浙江"},
	{EN: "Anhui", ZH: "安徽"},
	{EN: "Fujian", ZH: "福建"},
	{EN: "Jiangxi", ZH: "江西"},
	{EN: "Shandong", ZH: "山东", aliases: []string{"山東"}},
	{EN: "Henan", ZH: "河南"},
	{EN: "Hubei", ZH: "湖北"},
	{EN: "Hunan", ZH: "湖南"},
	{EN: "Guangdong", ZH: "广东", aliases: []string{"廣東"}},
	{EN: "Guangxi", ZH: "广西", aliases: []string{"Guangxi Zhuang", "廣西"}},
	{EN: "Hainan", ZH: "海南"},
	{EN: "Sichuan", ZH: "四川"},
	{EN: "Guizhou", ZH: "贵州", aliases: []string{"貴州"}},
	{EN: "Yunnan", ZH: "云南", aliases: []string{"雲南"}},
	{EN: "Tibet", ZH: "西藏", aliases: []string{"Xizang"}},
	{EN: "Shaanxi", ZH: "陕西", aliases: []string{"陝西"}},
	{EN: "Gansu", ZH: "甘肃", aliases: []string{"甘肅"}},
	{EN: "Qinghai", ZH: "青海"},
	{EN: "Ningxia", ZH: "宁夏", aliases: []string{"Ningxia Hui", "寧夏"}},
	{EN: "Xinjiang", ZH: "新疆", aliases: []string{"Xinjiang Uygur", "Xinjiang Uyghur", "Xinjiang Uighur"}},
	{EN: "Hong Kong", ZH: "香港", CityLevel: true, aliases: []string{"Hongkong"}},
	{EN: "Macao", ZH: "澳门", CityLevel: true, aliases: []string{"Macau", "澳門"}},
	{EN: "Taiwan", ZH: "台湾", aliases: []string{"臺灣", "台灣"}},
}

// placeSuffixes are the generic words of division and city names, removed (once, longest first)
// by placeKey: "Beijing Shi", "北京市", "Xinjiang Uygur Autonomous Region", "香港特别行政区".
var placeSuffixes = []string{
	"specialadministrativeregion", "autonomousregion", "municipality", "province", "zizhiqu", "sheng", "city", "sar", "shi",
	"维吾尔自治区", "維吾爾自治區", "壮族自治区", "壯族自治區", "回族自治区", "回族自治區",
	"特别行政区", "特別行政區", "自治区", "自治區", "省", "市",
}

var provinceByKey = func() map[string]*Province {
	m := map[string]*Province{}
	for i := range provinces {
		p := &provinces[i]
		for _, n := range append([]string{p.EN, p.ZH}, p.aliases...) {
			m[placeKey(n)] = p
		}
	}
	return m
}()

// placeKey folds a place name for lookup: lower case, without spaces, hyphens, apostrophes and
// dots, without one generic suffix ("Province", "Shi", "省", "自治区").
func placeKey(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), strings.ContainsRune("-'’.·", r):
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	for _, suf := range placeSuffixes {
		if rest, ok := strings.CutSuffix(s, suf); ok && rest != "" {
			return rest
		}
	}
	return s
}

// LookupProvince finds a provincial-level division of China by any of its usual spellings.
func LookupProvince(name string) (Province, bool) {
	if p := provinceByKey[placeKey(name)]; p != nil {
		return *p, true
	}
	return Province{}, false
}

// Place describes where a session takes place, in English and in Chinese, from the city and the
// province as entered: the city first in English ("Kunming, Yunnan"), the province first in
// Chinese ("云南 Kunming", "云南昆明"), never one repeated in the other. A city equal to its
// province (the same text, or the same municipality or special administrative region in another
// spelling: "Beijing" in "北京市") is named once ("Beijing", "北京"); a municipality typed as the
// city with the province left blank is read as the province. A province of the table is written by its English name
// in English and its Chinese name in Chinese; any other province (a US state) and the city as
// entered. The Chinese text is the English one when the province has no Chinese name. Both are
// empty when city and province are.
func Place(city, province string) (en, zh string) {
	city, province = strings.TrimSpace(city), strings.TrimSpace(province)
	prov, known := LookupProvince(province)
	switch {
	case province == "":
		if p, ok := LookupProvince(city); ok && p.CityLevel {
			province, prov, known, city = city, p, true, ""
		}
	case city != "" && sameText(city, province) && known:
		city = ""
	case city != "" && sameText(city, province):
		province = ""
	case city != "" && known && prov.CityLevel:
		if p, ok := LookupProvince(city); ok && p.EN == prov.EN {
			city = ""
		}
	}
	provEN, provZH := province, province
	if known {
		provEN, provZH = prov.EN, prov.ZH
	}
	en = joinPlace(city, provEN, ", ")
	if !hasHan(provZH) {
		return en, en
	}
	sep := " "
	if r, _ := utf8.DecodeRuneInString(city); unicode.Is(unicode.Han, r) {
		sep = ""
	}
	return en, joinPlace(provZH, city, sep)
}

// sameText reports whether two names are the same text but for case and spacing. (Not placeKey:
// Jilin City is a city of Jilin province.)
func sameText(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

func joinPlace(a, b, sep string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + sep + b
}

// hasHan reports whether s has a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
