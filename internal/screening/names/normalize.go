package names

import (
	"strings"
	"unicode"
)

// maxSyllables bounds the syllables of a name read as Chinese; longer runs
// (company names, addresses) are compared token by token instead.
const maxSyllables = 8

// Syllable is one syllable of a name read as Chinese.
type Syllable struct {
	// Written is the syllable as written: "Chang", "張".
	Written string `json:"written"`
	// Hanzi is the simplified character when the syllable was written in
	// Hanzi, otherwise empty.
	Hanzi string `json:"hanzi,omitempty"`
	// Pinyin lists the candidate pinyin readings (toneless, ü as v), the most
	// likely first; empty for a rare character without a known reading, which
	// then matches only itself.
	Pinyin []string `json:"pinyin"`

	key  string // Latin: lexicon key; Han: simplified character
	han  bool
	trad bool // written in a traditional form
	alts []alt
}

// reading is one way to order a name's syllables surname first.
type reading struct {
	order    []int // syllable indices, surname first
	surname  int   // number of surname syllables at the front
	reversed bool  // the written order was given name first
	against  bool  // the order contradicts the written surname marking
}

// form is a name in one script (a name written in Hanzi and Latin letters
// has two forms).
type form struct {
	han      bool
	hanKey   string // Han form: the simplified characters
	chinese  bool   // can be read as a Chinese name
	syl      []Syllable
	readings []reading
	west     []string // folded, canonical Latin words for word-level comparison
	wJoined  string   // west joined by spaces
	wConcat  string   // west joined without spaces
	display  string
}

// Normalized is a name after folding and reading. Build it with Normalize;
// the zero value is an empty name.
type Normalized struct {
	// Original is the input.
	Original string `json:"original"`
	// Folded is the canonical folded form: lower case, diacritics removed
	// (ü kept), full-width folded, punctuation dropped, the list format
	// "surname, given" kept.
	Folded string `json:"folded"`
	// Tokens are the folded words in written order (a Han name is one token).
	Tokens []string `json:"tokens"`
	// Chinese reports whether the name can be read as a Chinese name (written
	// in Hanzi, or every word a run of syllables in a known romanisation).
	Chinese bool `json:"chinese"`
	// Syllables is the Chinese reading in written order (the Hanzi form when
	// the name is written in both scripts).
	Syllables []Syllable `json:"syllables,omitempty"`
	// SurnameKnown reports whether the written form says which part is the
	// surname (Hanzi order, "SURNAME, Given", or a surname in capitals).
	SurnameKnown bool `json:"surname_known"`

	forms []form
}

// Normalize folds and reads a name. It never fails: input that is not a name
// yields a Normalized without tokens.
func Normalize(s string) Normalized {
	f := foldName(s)
	n := Normalized{Original: s}
	var han []rune
	var latin []rawToken
	var folded []string
	for _, t := range f.tokens {
		if t.han {
			han = append(han, []rune(t.text)...)
		} else {
			latin = append(latin, t)
		}
		w := t.text
		if t.beforeComma && f.comma {
			w += ","
		}
		folded = append(folded, w)
		n.Tokens = append(n.Tokens, t.text)
	}
	n.Folded = strings.TrimSuffix(strings.Join(folded, " "), ",")
	if len(han) > 0 {
		n.forms = append(n.forms, hanForm(han, f.dotted))
		n.SurnameKnown = !f.dotted
	}
	if len(latin) > 0 {
		lf, known := latinForm(latin, f.comma)
		n.forms = append(n.forms, lf)
		if len(han) == 0 {
			n.SurnameKnown = known
		}
	}
	for _, fm := range n.forms {
		if fm.chinese {
			n.Chinese = true
			n.Syllables = fm.syl
			break
		}
	}
	return n
}

// hanForm reads a name written in Hanzi: surname first, with the surname
// reading of the first one or two characters unless the name is a
// transliterated foreign name (parts separated by a middle dot).
func hanForm(orig []rune, dotted bool) form {
	if len(orig) > maxSyllables*2 {
		orig = orig[:maxSyllables*2]
	}
	simp := toSimplified(orig)
	fm := form{han: true, hanKey: string(simp), display: string(orig)}
	surname := 0
	if !dotted && len(simp) >= 2 {
		if rd, ok := compoundSurnames[string(simp[:2])]; ok {
			sp := strings.Fields(rd)
			for i := 0; i < 2; i++ {
				fm.syl = append(fm.syl, hanSyllable(orig[i], simp[i], []alt{{py: sp[i], sys: sysSurname}}))
			}
			surname = 2
		}
	}
	if surname == 0 && !dotted && len(simp) >= 2 {
		if rds, ok := surnameReadings[simp[0]]; ok {
			var alts []alt
			for i, p := range rds {
				sys := sysSurname
				if i > 0 {
					sys = sysHanziAlt
				}
				alts = append(alts, alt{py: p, sys: sys})
			}
			fm.syl = append(fm.syl, hanSyllable(orig[0], simp[0], alts))
			surname = 1
		}
	}
	for i := len(fm.syl); i < len(simp); i++ {
		var alts []alt
		for j, p := range hanReadings(simp[i]) {
			if j >= 2 {
				break
			}
			sys := sysHanzi
			if j > 0 {
				sys = sysHanziAlt
			}
			alts = append(alts, alt{py: p, sys: sys})
		}
		fm.syl = append(fm.syl, hanSyllable(orig[i], simp[i], alts))
	}
	if surname == 0 {
		surname = 1
	}
	order := make([]int, len(fm.syl))
	for i := range order {
		order[i] = i
	}
	fm.readings = []reading{{order: order, surname: surname}}
	fm.chinese = len(fm.syl) > 0 && len(fm.syl) <= maxSyllables
	return fm
}

func hanSyllable(orig, simp rune, alts []alt) Syllable {
	s := Syllable{Written: string(orig), Hanzi: string(simp), key: string(simp), han: true, trad: orig != simp, alts: alts}
	for _, a := range alts {
		s.Pinyin = append(s.Pinyin, a.py)
	}
	return s
}

// latinToken is a Latin word with its syllables (if it reads as Chinese).
type latinToken struct {
	raw      rawToken
	from, to int // syllable range
}

// latinForm reads a name written in Latin (or another alphabetic) script.
// It reports whether the written form fixes the surname.
func latinForm(toks []rawToken, comma bool) (form, bool) {
	fm := form{}
	var disp []string
	for _, t := range toks {
		disp = append(disp, t.text)
		for _, w := range strings.Split(westernForm(t.text), "-") {
			if w != "" {
				fm.west = append(fm.west, w)
			}
		}
	}
	fm.display = strings.Join(disp, " ")
	fm.west = canonTokens(fm.west)
	fm.wJoined = strings.Join(fm.west, " ")
	fm.wConcat = strings.Join(fm.west, "")
	lx := theLexicon()
	chinese := true
	var lt []latinToken
	for _, t := range toks {
		segs := segment(t.text)
		if segs == nil || len(fm.syl)+len(segs) > maxSyllables {
			chinese = false
			break
		}
		ltk := latinToken{raw: t, from: len(fm.syl)}
		for _, sg := range segs {
			s := Syllable{Written: titleCase(sg.written), key: sg.key, alts: lx.spell[sg.key]}
			if sg.aspirated {
				s.alts = aspiratedAlts(s.alts)
			}
			for _, a := range s.alts {
				if !contains(s.Pinyin, a.py) {
					s.Pinyin = append(s.Pinyin, a.py)
				}
			}
			fm.syl = append(fm.syl, s)
		}
		ltk.to = len(fm.syl)
		lt = append(lt, ltk)
	}
	if !chinese || len(fm.syl) == 0 {
		fm.syl = nil
		return fm, comma
	}
	fm.chinese = true
	// Surname first by a comma, or by capitals among mixed-case words.
	var front, rest []latinToken
	known := false
	if comma {
		for _, t := range lt {
			if t.raw.beforeComma {
				front = append(front, t)
			} else {
				rest = append(rest, t)
			}
		}
		known = true
	} else {
		anyCaps, anyLower := false, false
		for _, t := range lt {
			anyCaps = anyCaps || t.raw.caps
			anyLower = anyLower || t.raw.lower
		}
		if anyCaps && anyLower && len(lt) > 1 {
			for _, t := range lt {
				if t.raw.caps {
					front = append(front, t)
				} else {
					rest = append(rest, t)
				}
			}
			known = true
		}
	}
	if known {
		fm.readings = []reading{makeReading(fm.syl, front, rest, len(front) > 0 && front[0].from != 0)}
		if len(rest) > 0 {
			// Lists do mark the wrong word as surname ("WEI, Zhang" for
			// Zhang Wei): keep the other order, at a cost.
			r := makeReading(fm.syl, rest, front, true)
			r.against = true
			fm.readings = append(fm.readings, r)
		}
		return fm, true
	}
	fm.readings = []reading{makeReading(fm.syl, nil, lt, false)}
	if len(lt) > 1 {
		// Given name first: the last word (or two words forming a compound
		// surname) is the surname.
		k := 1
		if len(lt) > 2 && isCompoundSurname(fm.syl, lt[len(lt)-2].from, lt[len(lt)-1].to) {
			k = 2
		}
		cut := len(lt) - k
		fm.readings = append(fm.readings, makeReading(fm.syl, lt[cut:], lt[:cut], true))
	}
	return fm, false
}

// makeReading orders syllables: the front words (the surname) then the rest.
func makeReading(syl []Syllable, front, rest []latinToken, reversed bool) reading {
	r := reading{reversed: reversed}
	for _, t := range front {
		for i := t.from; i < t.to; i++ {
			r.order = append(r.order, i)
		}
	}
	r.surname = len(r.order)
	for _, t := range rest {
		for i := t.from; i < t.to; i++ {
			r.order = append(r.order, i)
		}
	}
	if r.surname == 0 && len(rest) > 0 {
		// Written surname first: the first word is the surname if it is one
		// syllable or a compound surname.
		t := rest[0]
		r.surname = 1
		if isCompoundSurname(syl, t.from, t.to) {
			r.surname = 2
		}
	}
	if r.surname > 2 {
		r.surname = 2
	}
	return r
}

var compoundPinyin = func() map[string]bool {
	m := make(map[string]bool, len(compoundSurnames))
	for _, v := range compoundSurnames {
		m[v] = true
	}
	return m
}()

// isCompoundSurname reports whether syllables [from, to) can read as a
// compound surname ("Ou Yang", "Szeto" is not covered).
func isCompoundSurname(syl []Syllable, from, to int) bool {
	if to-from != 2 {
		return false
	}
	for _, a := range syl[from].alts {
		for _, b := range syl[from+1].alts {
			if compoundPinyin[a.py+" "+b.py] {
				return true
			}
		}
	}
	return false
}

func titleCase(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
