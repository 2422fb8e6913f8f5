package names

import (
	"strings"
	"sync"
)

// system names the spelling system through which a syllable was read.
type system uint8

const (
	sysPinyin   system = iota // written in Hanyu Pinyin
	sysUmlaut                 // pinyin with ü written u or yu
	sysHanzi                  // Hanzi read by its usual pinyin
	sysSurname                // Hanzi read by its surname reading
	sysHanziAlt               // Hanzi read by a less usual reading
	sysWadeGiles
	sysTongyong
	sysCantonese
	sysHokkien
)

// String names the system as the explanations show it.
func (s system) String() string {
	switch s {
	case sysPinyin:
		return "pinyin"
	case sysUmlaut:
		return "pinyin with ü written u/v/yu"
	case sysHanzi:
		return "Hanzi→pinyin"
	case sysSurname:
		return "surname reading"
	case sysHanziAlt:
		return "alternative reading"
	case sysWadeGiles:
		return "Wade-Giles"
	case sysTongyong:
		return "Tongyong Pinyin (Taiwan)"
	case sysCantonese:
		return "Cantonese"
	case sysHokkien:
		return "Hokkien/Teochew"
	}
	return "unknown"
}

// weight is how much a syllable read through the system counts: a spelling
// that is not pinyin is more ambiguous, so it weighs less.
func (s system) weight() float64 {
	switch s {
	case sysPinyin:
		return 1
	case sysUmlaut, sysHanzi, sysSurname:
		return 0.95
	case sysWadeGiles, sysTongyong:
		return 0.9
	case sysCantonese, sysHokkien:
		return 0.88
	case sysHanziAlt:
		return 0.85
	}
	return 0
}

// alt is one pinyin reading of a written syllable.
type alt struct {
	py          string
	sys         system
	surnameOnly bool // a dialect surname spelling: only read so in the surname
}

// lexicon maps written syllables (lower case, ü as v) to pinyin readings.
type lexicon struct {
	spell  map[string][]alt
	pinyin map[string]bool
	maxLen int
}

var theLexicon = sync.OnceValue(buildLexicon)

func buildLexicon() *lexicon {
	lx := &lexicon{spell: make(map[string][]alt, 2048), pinyin: make(map[string]bool, 420)}
	add := func(written string, a alt) {
		if written == "" {
			return
		}
		list := lx.spell[written]
		for i, e := range list {
			if e.py == a.py && e.surnameOnly == a.surnameOnly {
				if a.sys.weight() > e.sys.weight() {
					list[i] = a
				}
				return
			}
		}
		lx.spell[written] = append(list, a)
		if len(written) > lx.maxLen {
			lx.maxLen = len(written)
		}
	}
	sylls := strings.Fields(pinyinSyllables)
	for _, p := range sylls {
		lx.pinyin[p] = true
		add(p, alt{py: p, sys: sysPinyin})
	}
	for _, p := range sylls {
		if strings.Contains(p, "v") {
			add(strings.ReplaceAll(p, "v", "u"), alt{py: p, sys: sysUmlaut})
			add(strings.ReplaceAll(p, "v", "yu"), alt{py: p, sys: sysUmlaut})
		}
		for _, w := range wadeGiles(p) {
			if w != p {
				add(w, alt{py: p, sys: sysWadeGiles})
			}
			if strings.Contains(w, "v") {
				add(strings.ReplaceAll(w, "v", "u"), alt{py: p, sys: sysWadeGiles})
			}
		}
		if t := tongyong(p); t != p {
			add(t, alt{py: p, sys: sysTongyong})
		}
	}
	for w, pys := range cantoneseSurnames {
		for _, p := range pys {
			add(w, alt{py: p, sys: sysCantonese, surnameOnly: true})
		}
	}
	for w, pys := range cantoneseGiven {
		for _, p := range pys {
			add(w, alt{py: p, sys: sysCantonese})
		}
	}
	for w, pys := range hokkienSurnames {
		for _, p := range pys {
			add(w, alt{py: p, sys: sysHokkien, surnameOnly: true})
		}
	}
	return lx
}

// wgAspirated are the Wade-Giles initials an aspiration apostrophe follows.
var wgAspirated = map[string]bool{"p": true, "t": true, "k": true, "ch": true, "ts": true, "tz": true}

// latinSyllable is one syllable of a Latin token.
type latinSyllable struct {
	written   string // as written, lower case
	key       string // lexicon key (ü as v)
	aspirated bool   // a Wade-Giles aspiration apostrophe followed the initial
}

// segment splits a Latin token into syllables of the lexicon. Hyphens and
// apostrophes are syllable boundaries, except an apostrophe after a
// Wade-Giles aspirated initial (Ch'en). Among the splits with the fewest
// syllables it prefers those without a vowel-initial syllable inside the
// token (pinyin writes Xi'an, not Xian, for xi+an) and those made of pinyin
// syllables. It returns nil when the token is not a run of Chinese
// syllables.
func segment(tok string) []latinSyllable {
	lx := theLexicon()
	var out []latinSyllable
	for _, part := range strings.Split(tok, "-") {
		if part == "" {
			continue
		}
		// Build the lexicon key (ü as v) and the written form in step,
		// dropping apostrophes but remembering the boundaries they force.
		var key, written []byte
		var wpos []int // wpos[k]: offset in written of key byte k
		forced := map[int]bool{}
		aspirated := map[int]bool{} // key offsets of aspirated syllables
		start := 0
		for _, r := range part {
			switch {
			case r == '\'':
				if wgAspirated[string(key[start:])] {
					aspirated[start] = true
				} else {
					forced[len(key)] = true
					start = len(key)
				}
				continue
			case r == 'ü':
				wpos = append(wpos, len(written))
				key = append(key, 'v')
			case r < 0x80:
				wpos = append(wpos, len(written))
				key = append(key, byte(r))
			default:
				return nil
			}
			written = append(written, string(r)...)
		}
		wpos = append(wpos, len(written))
		parts := segmentKey(string(key), forced, lx)
		if parts == nil {
			return nil
		}
		k := 0
		for _, p := range parts {
			out = append(out, latinSyllable{written: string(written[wpos[k]:wpos[k+len(p)]]), key: p, aspirated: aspirated[k]})
			k += len(p)
		}
	}
	return out
}

// segmentKey splits a key into lexicon syllables by dynamic programming,
// never across a forced boundary (a byte offset in key).
func segmentKey(key string, forced map[int]bool, lx *lexicon) []string {
	n := len(key)
	if n == 0 || n > 48 {
		return nil
	}
	const inf = 1 << 30
	cost := make([]int, n+1)
	prev := make([]int, n+1)
	for i := 1; i <= n; i++ {
		cost[i] = inf
	}
	for i := 0; i < n; i++ {
		if cost[i] == inf {
			continue
		}
		for j := i + 1; j <= n && j-i <= lx.maxLen; j++ {
			if j > i+1 && forced[j-1] {
				break // the syllable would cross a forced boundary
			}
			w := key[i:j]
			alts, ok := lx.spell[w]
			if !ok {
				continue
			}
			c := cost[i] + 100
			if i > 0 && !forced[i] && strings.IndexByte("aeiouv", w[0]) >= 0 {
				c += 10
			}
			if !lx.pinyin[w] {
				c++
			}
			if i > 0 && len(alts) > 0 && alts[0].surnameOnly {
				c += 2
			}
			if c < cost[j] {
				cost[j] = c
				prev[j] = i
			}
		}
	}
	if cost[n] == inf {
		return nil
	}
	var parts []string
	for j := n; j > 0; j = prev[j] {
		parts = append(parts, key[prev[j]:j])
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return parts
}

// unaspirated are the pinyin initials a Wade-Giles aspirated initial (p', t',
// k', ch', ts', tz') never stands for.
var unaspirated = map[string]bool{"b": true, "d": true, "g": true, "z": true, "zh": true, "j": true}

// aspiratedAlts keeps the readings of a syllable written with a Wade-Giles
// aspiration apostrophe (Ch'ang is chang or qiang, never zhang or jiang).
func aspiratedAlts(alts []alt) []alt {
	out := make([]alt, 0, len(alts))
	for _, a := range alts {
		if in, _ := splitInitial(a.py); !unaspirated[in] {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return alts
	}
	return out
}
