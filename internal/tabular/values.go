package tabular

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/tracktwo/tracktwo/internal/screening/rules"
)

// EmployerKinds is the fixed list of employer kinds, in display order. The keys are the rules'
// vocabulary (rules.EmployerKinds: a participant's employer_kind is what the restriction rules
// compare); "government" is still accepted as an alias of government_organ, the key before
// migration 00008.
var EmployerKinds = []EmployerKind{
	{rules.EmployerGovernmentOrgan, "Government organ", "国家机关", []string{"government", "government agency", "state organ", "政府机关", "政府", "党政机关", "政府部门"}},
	{rules.EmployerMilitary, "Military", "军队", []string{"armed forces", "army", "军方", "部队", "军事机构"}},
	{rules.EmployerStateEnterprise, "State enterprise", "国有企业", []string{"state-owned enterprise", "soe", "state owned enterprise", "国企", "央企"}},
	{rules.EmployerPublicUniversity, "Public university", "公立大学", []string{"public college", "state university", "公立高校"}},
	{rules.EmployerPrivateUniversity, "Private university", "私立大学", []string{"private college", "民办大学", "民办高校"}},
	{rules.EmployerResearchInstitute, "Research institute", "研究机构", []string{"research institution", "think tank", "研究所", "研究院", "智库"}},
	{rules.EmployerNGO, "NGO", "非政府组织", []string{"non-governmental organization", "non-governmental organisation", "nonprofit", "non-profit", "foundation", "社会组织", "民间组织", "非营利组织", "基金会"}},
	{rules.EmployerCompany, "Company", "企业", []string{"private company", "business", "corporation", "公司", "私营企业", "民营企业"}},
	{rules.EmployerOther, "Other", "其他", []string{"其它"}},
}

// EmployerKind is one accepted employer kind with its labels and the aliases import accepts.
type EmployerKind struct {
	Key     string
	LabelEN string
	LabelZH string
	Aliases []string
}

var employerKindIndex = func() map[string]string {
	m := map[string]string{}
	for _, k := range EmployerKinds {
		for _, s := range append([]string{k.Key, k.LabelEN, k.LabelZH}, k.Aliases...) {
			m[foldName(s)] = k.Key
		}
	}
	return m
}()

// ParseEmployerKind returns the key ("public_university") for a key, label or alias in English
// or Chinese ("Public University", "公立大学"), or ok=false.
func ParseEmployerKind(s string) (key string, ok bool) {
	key, ok = employerKindIndex[foldName(s)]
	return key, ok
}

// languageNames maps common language names (folded) to BCP 47 tags.
var languageNames = map[string]string{
	"english": "en", "英语": "en", "英文": "en", "英語": "en",
	"chinese": "zh", "mandarin": "zh", "中文": "zh", "汉语": "zh", "漢語": "zh", "普通话": "zh", "國語": "zh", "华语": "zh",
	"cantonese": "yue", "粤语": "yue", "廣東話": "yue", "广东话": "yue",
	"japanese": "ja", "日语": "ja", "日文": "ja", "korean": "ko", "韩语": "ko", "朝鲜语": "ko",
	"russian": "ru", "俄语": "ru", "french": "fr", "法语": "fr", "german": "de", "德语": "de",
	"spanish": "es", "西班牙语": "es", "arabic": "ar", "阿拉伯语": "ar", "portuguese": "pt", "葡萄牙语": "pt",
}

// ParseLanguage returns the canonical BCP 47 tag for a tag ("en", "zh-Hans") or a common name
// in English or Chinese ("English", "中文"), or ok=false.
func ParseLanguage(s string) (tag string, ok bool) {
	if t, found := languageNames[foldName(s)]; found {
		return t, true
	}
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 35 {
		return "", false
	}
	t, err := language.Parse(s)
	if err != nil {
		return "", false
	}
	if _, conf := t.Base(); conf == language.No {
		return "", false
	}
	return t.String(), true
}

// ParseEmail checks an e-mail address (a bare addr-spec such as "li.na@example.cn", at most
// 254 octets, with a dotted domain) and returns it with the domain lower-cased.
func ParseEmail(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>\"") {
		return "", false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, "[") || strings.HasSuffix(domain, ".") {
		return "", false
	}
	return s[:at+1] + strings.ToLower(domain), true
}

// splitList splits a multi-valued cell on , ; 、 / | and their full-width forms.
func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune(",;、/|，；", r)
	})
	out := f[:0]
	for _, x := range f {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// cleanText trims, NFC-normalises, turns control characters and runs of white space into one
// space, and reports the rune count.
func cleanText(s string) (string, int) {
	if n, ok := alreadyClean(s); ok {
		return s, n
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	return out, utf8.RuneCountInString(out)
}

// alreadyClean reports whether s is printable ASCII without leading, trailing or double
// spaces (most cells), so cleanText can return it unchanged; n is its length.
func alreadyClean(s string) (int, bool) {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || (c == ' ' && prevSpace) {
			return 0, false
		}
		prevSpace = c == ' '
	}
	return len(s), !prevSpace || s == ""
}

// latinName reports whether every letter of s is in Latin script (digits, spaces and
// punctuation are allowed: a Latin-script name never holds Han, Cyrillic or other letters).
func latinName(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// parseBirthDate accepts YYYY-MM-DD (also with / or . separators) or a bare year, not in the
// future and not before 1900.
func parseBirthDate(s string, now time.Time) (string, bool) {
	s = strings.NewReplacer("/", "-", ".", "-").Replace(strings.TrimSpace(s))
	if len(s) == 4 {
		t, err := time.Parse("2006", s)
		if err != nil || t.Year() < 1900 || t.Year() > now.Year() {
			return "", false
		}
		return s, true
	}
	t, err := time.Parse("2006-1-2", s)
	if err != nil || t.Year() < 1900 || t.After(now) {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// phoneOK accepts digits, spaces and + ( ) - . / x, with 5 to 20 digits.
func phoneOK(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +()-./x", r):
		default:
			return false
		}
	}
	return digits >= 5 && digits <= 20
}

var folder = cases.Fold()

// NaturalKey returns the de-duplication key of a participant row: "email:" and the lower-cased
// address when there is an e-mail, else "name:" and the normalised Latin name, native name and
// employer (case, width, diacritics, punctuation and spacing ignored). It returns "" when the
// row has neither an e-mail nor a name. Re-importing the same person yields the same key.
func NaturalKey(values map[Column]string) string {
	if e := strings.TrimSpace(values[ColEmail]); e != "" {
		return "email:" + folder.String(e)
	}
	latin, native := keyPart(values[ColNameLatin]), keyPart(values[ColNameNative])
	if latin == "" && native == "" {
		return ""
	}
	return "name:" + latin + "|" + native + "|" + keyPart(values[ColEmployer])
}

// keyPart folds text for NaturalKey: NFKD without marks, case-folded, punctuation as spaces,
// single spaces.
func keyPart(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsMark(r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(folder.String(string(r)))
		default:
			space = true
		}
	}
	return norm.NFC.String(b.String())
}
