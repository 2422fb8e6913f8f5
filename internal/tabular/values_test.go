package tabular

import (
	"testing"
	"time"

	"github.com/tracktwo/tracktwo/internal/screening/rules"
)

func TestCountry(t *testing.T) {
	tests := []struct{ in, want string }{
		{"US", "US"}, {"us", "US"}, {"USA", "US"}, {"United States", "US"}, {"United States of America", "US"}, {"美国", "US"}, {"美國", "US"},
		{"CN", "CN"}, {"CHN", "CN"}, {"China", "CN"}, {"中国", "CN"}, {"PRC", "CN"}, {"中华人民共和国", "CN"},
		{"Hong Kong", "HK"}, {"香港", "HK"}, {"Macau", "MO"}, {"Taiwan", "TW"}, {"台灣", "TW"},
		{"UK", "GB"}, {"United Kingdom", "GB"}, {"英国", "GB"}, {"Côte d’Ivoire", "CI"}, {"cote d'ivoire", "CI"},
		{"Germany", "DE"}, {"德国", "DE"}, {"South Korea", "KR"}, {"Ｕｓ", "US"},
		{"Atlantis", ""}, {"EU", ""}, {"ZZ", ""}, {"", ""}, {"840", ""},
	}
	for _, tt := range tests {
		got, ok := Country(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Country(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestParseEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"li.na@example.cn", "li.na@example.cn"},
		{"Li.Na@Example.CN", "Li.Na@example.cn"},
		{" jo+tag@mail.example.org ", "jo+tag@mail.example.org"},
		{"Jo <jo@example.org>", ""},
		{"jo@localhost", ""},
		{"jo@[127.0.0.1]", ""},
		{"jo@example.org.", ""},
		{"jo@@example.org", ""},
		{"jo example@example.org", ""},
		{"jo@example.org\r\nBcc: x@y.z", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := ParseEmail(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParseEmail(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestParseEmployerKind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"government", "government_organ"}, {"Government", "government_organ"}, {"政府机关", "government_organ"}, {"国家机关", "government_organ"}, {"Government organ", "government_organ"}, {"军队", "military"},
		{"SOE", "state_enterprise"}, {"State-owned enterprise", "state_enterprise"}, {"国有企业", "state_enterprise"},
		{"public_university", "public_university"}, {"Public University", "public_university"}, {"私立大学", "private_university"},
		{"think tank", "research_institute"}, {"NGO", "ngo"}, {"非政府组织", "ngo"}, {"company", "company"}, {"其他", "other"},
		{"casino", ""}, {"", ""},
	}
	for _, tt := range tests {
		got, ok := ParseEmployerKind(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParseEmployerKind(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestParseLanguage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"en", "en"}, {"EN", "en"}, {"zh-Hans", "zh-Hans"}, {"English", "en"}, {"中文", "zh"}, {"普通话", "zh"}, {"Cantonese", "yue"},
		{"Klingonese", ""}, {"xx", ""}, {"", ""},
	}
	for _, tt := range tests {
		got, ok := ParseLanguage(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParseLanguage(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestParseBirthDate(t *testing.T) {
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	tests := []struct{ in, want string }{
		{"1970-03-05", "1970-03-05"}, {"1970/3/5", "1970-03-05"}, {"1970.03.05", "1970-03-05"}, {"1970", "1970"},
		{"1899", ""}, {"2027", ""}, {"2026-12-01", ""}, {"1970-02-30", ""}, {"05/03/1970", ""}, {"abcd", ""},
	}
	for _, tt := range tests {
		got, ok := parseBirthDate(tt.in, now)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("parseBirthDate(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestNaturalKey(t *testing.T) {
	tests := []struct {
		name string
		a, b map[Column]string
		same bool
	}{
		{"matches-email-ignoring-case", map[Column]string{ColEmail: "Li.Na@Example.cn", ColNameLatin: "Li Na"},
			map[Column]string{ColEmail: "li.na@example.CN", ColNameLatin: "LI Na (Prof.)"}, true},
		{"matches-names-ignoring-case-accents-spacing", map[Column]string{ColNameLatin: "José  Núñez", ColEmployer: "U. of Chicago"},
			map[Column]string{ColNameLatin: "jose nunez", ColEmployer: "U of Chicago"}, true},
		{"matches-full-width-native-name", map[Column]string{ColNameNative: "张伟", ColEmployer: "ＰＫＵ"},
			map[Column]string{ColNameNative: "张伟", ColEmployer: "pku"}, true},
		{"separates-same-name-other-employer", map[Column]string{ColNameLatin: "Zhang Wei", ColEmployer: "PKU"},
			map[Column]string{ColNameLatin: "Zhang Wei", ColEmployer: "Fudan"}, false},
		{"separates-email-from-name-key", map[Column]string{ColNameLatin: "Zhang Wei", ColEmail: "zw@example.cn"},
			map[Column]string{ColNameLatin: "Zhang Wei"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka, kb := NaturalKey(tt.a), NaturalKey(tt.b)
			if (ka == kb) != tt.same || ka == "" || kb == "" {
				t.Errorf("keys %q and %q, want same=%v", ka, kb, tt.same)
			}
		})
	}
	if k := NaturalKey(map[Column]string{ColEmployer: "PKU"}); k != "" {
		t.Errorf("key without name or e-mail = %q, want empty", k)
	}
}

func TestMatchHeader(t *testing.T) {
	tests := map[string]Column{
		"name_latin": ColNameLatin, "Name (Latin)": ColNameLatin, "姓名(拉丁)": ColNameLatin, "姓名（拉丁）": ColNameLatin, "NAME *": ColNameLatin,
		"姓名": ColNameNative, "E-Mail": ColEmail, "电子邮箱": ColEmail, "Employer Kind": ColEmployerKind, "单位类型": ColEmployerKind,
		"Country of residence": ColResidence, "languages": ColLanguages, "Shoe size": "",
	}
	for in, want := range tests {
		if got := MatchHeader(in); got != want {
			t.Errorf("MatchHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

// The registry's employer kinds are exactly the rules' vocabulary, in the same order: a kind the
// rules do not know would never match a condition (the "government" / "government_organ" split
// that migration 00008 repaired).
func TestEmployerKindsAreTheRulesVocabulary(t *testing.T) {
	if len(EmployerKinds) != len(rules.EmployerKinds) {
		t.Fatalf("%d kinds in the registry, %d in the rules", len(EmployerKinds), len(rules.EmployerKinds))
	}
	for i, k := range EmployerKinds {
		if k.Key != rules.EmployerKinds[i] {
			t.Errorf("kind %d: registry %q, rules %q", i, k.Key, rules.EmployerKinds[i])
		}
	}
}
