package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxNameBytes bounds the input a name is read from; list names are far
// shorter, and the bound keeps hostile input cheap.
const maxNameBytes = 1024

// maxTokens bounds the number of tokens kept from one name.
const maxTokens = 16

// rawToken is one word of a folded name.
type rawToken struct {
	text        string // lower-case, diacritics removed (ü kept); Latin may hold '-' and '\''
	han         bool   // a run of Han characters
	caps        bool   // written in capitals (at least two letters, no lower case)
	lower       bool   // had at least one lower-case letter
	beforeComma bool   // stands before the first comma ("SURNAME, Given")
}

// folded is a name after Unicode folding and tokenisation.
type folded struct {
	tokens []rawToken
	comma  bool // a comma separates surname from given names
	dotted bool // a middle dot separated parts (transliterated foreign name)
}

// letterFolds replaces letters that have no decomposition.
var letterFolds = map[rune]string{
	'ß': "ss", 'ø': "o", 'æ': "ae", 'œ': "oe", 'đ': "d", 'ł': "l", 'ı': "i",
	'þ': "th", 'ð': "d", 'ħ': "h", 'ŀ': "l",
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', 'ʻ', '`', '´', '′', 'ʹ':
		return true
	}
	return false
}

func isHyphen(r rune) bool {
	switch r {
	case '-', '‐', '‑', '‒', '–', '—', '―', '−', '﹣', '－':
		return true
	}
	return false
}

func isMiddleDot(r rune) bool {
	switch r {
	case '·', '・', '•', '‧', '∙', '⋅', '･':
		return true
	}
	return false
}

// foldName applies NFKD (compatibility: full-width and other presentation
// forms become plain letters), removes diacritics except the diaeresis on u
// (ü is distinct in pinyin), lower-cases, and splits into tokens.
func foldName(s string) folded {
	if len(s) > maxNameBytes {
		s = s[:maxNameBytes]
		for !utf8.ValidString(s) && len(s) > 0 {
			s = s[:len(s)-1]
		}
	}
	s = norm.NFKD.String(s)
	var f folded
	var b strings.Builder
	var cur rawToken
	upper, lowerSeen, letters := 0, false, 0
	flush := func() {
		t := strings.Trim(b.String(), "-'")
		b.Reset()
		if t != "" && len(f.tokens) < maxTokens {
			cur.text = t
			if !cur.han {
				cur.caps = upper >= 2 && !lowerSeen
				cur.lower = lowerSeen
			}
			cur.beforeComma = !f.comma
			f.tokens = append(f.tokens, cur)
		}
		cur = rawToken{}
		upper, lowerSeen, letters = 0, false, 0
	}
	var last rune
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r) || r == '〇':
			if !cur.han && b.Len() > 0 {
				flush()
			}
			cur.han = true
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			if r == '\u0308' && (last == 'u' || last == 'U') {
				str := b.String()
				b.Reset()
				b.WriteString(str[:len(str)-1])
				b.WriteRune('ü')
				last = 'ü'
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if cur.han {
				flush()
			}
			letters++
			if unicode.IsUpper(r) {
				upper++
			} else if unicode.IsLower(r) {
				lowerSeen = true
			}
			lr := unicode.ToLower(r)
			if rep, ok := letterFolds[lr]; ok {
				b.WriteString(rep)
			} else {
				b.WriteRune(lr)
			}
			last = r
			continue
		case isApostrophe(r) || isHyphen(r):
			if cur.han {
				flush()
			} else if b.Len() > 0 {
				if isHyphen(r) {
					b.WriteByte('-')
				} else {
					b.WriteByte('\'')
				}
			}
		case r == ',' || r == '、' || r == ';':
			flush()
			if r == ',' && len(f.tokens) > 0 && !f.comma {
				f.comma = true
			}
		case isMiddleDot(r):
			flush()
			f.dotted = true
		case unicode.IsSpace(r) && cur.han:
			// "张 伟": spaces inside a Han name do not split it.
		default:
			flush()
		}
		last = r
	}
	flush()
	if f.comma {
		// A trailing comma ("ZHANG,") or nothing after it carries no order.
		after := false
		for _, t := range f.tokens {
			if !t.beforeComma {
				after = true
			}
		}
		if !after {
			f.comma = false
		}
	} else {
		for i := range f.tokens {
			f.tokens[i].beforeComma = false
		}
	}
	return f
}

// westernForm folds a Latin token for token-level comparison: ü becomes u,
// apostrophes go.
func westernForm(t string) string {
	if !strings.ContainsAny(t, "ü'") {
		return t
	}
	t = strings.ReplaceAll(t, "ü", "u")
	return strings.ReplaceAll(t, "'", "")
}
