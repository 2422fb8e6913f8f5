package names

import (
	"sort"
	"strings"
)

// maxKeyCombos bounds the blocking keys one reading of a name yields.
const maxKeyCombos = 64

// coarse maps a pinyin syllable to a coarse phonetic class used only for
// blocking: initials that romanisations confuse (zh/ch/z/c/j/q, sh/s/x,
// b/p, d/t, g/k) fall together and ü becomes u. Comparison then decides.
func coarse(py string) string {
	in, fin := splitInitial(py)
	switch in {
	case "zh", "ch", "z", "c", "j", "q":
		in = "c"
	case "sh", "s", "x":
		in = "s"
	case "b", "p":
		in = "p"
	case "d", "t":
		in = "t"
	case "g", "k":
		in = "k"
	}
	return in + strings.ReplaceAll(fin, "v", "u")
}

// Keys returns the blocking keys of the name: the coarse phonetic spelling
// of every surname-first reading of a Chinese name, and for names written in
// letters their words (one word alone, every pair of words but two legal
// forms such as "company limited", all words joined). Two names that
// Compare matches share at least one key (names made only of legal forms
// aside). The keys are opaque strings, stable within a release.
func (n Normalized) Keys() []string {
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for i := range n.forms {
		fm := &n.forms[i]
		if fm.chinese {
			for _, r := range fm.readings {
				chineseKeys(fm, r, add)
			}
		}
		if fm.han && !fm.chinese {
			add("h:" + fm.hanKey)
		}
		if !fm.han {
			westernKeys(fm.west, add)
		}
	}
	return keys
}

func chineseKeys(fm *form, r reading, add func(string)) {
	classes := make([][]string, len(r.order))
	for i, si := range r.order {
		var cs []string
		for _, a := range fm.syl[si].alts {
			c := coarse(a.py)
			if !contains(cs, c) {
				cs = append(cs, c)
			}
		}
		if len(cs) == 0 {
			if !fm.syl[si].han {
				return
			}
			cs = append(cs, fm.syl[si].key) // a character without a reading matches itself
		}
		classes[i] = cs
	}
	idx := make([]int, len(classes))
	var b strings.Builder
	for n := 0; n < maxKeyCombos; n++ {
		b.Reset()
		b.WriteString("c:")
		for i, cs := range classes {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(cs[idx[i]])
		}
		add(b.String())
		// next combination (mixed radix)
		i := len(idx) - 1
		for ; i >= 0; i-- {
			idx[i]++
			if idx[i] < len(classes[i]) {
				break
			}
			idx[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// maxPairWords bounds the words whose pairs are keys.
const maxPairWords = 8

func westernKeys(west []string, add func(string)) {
	ts := west
	if len(ts) == 0 {
		return
	}
	add("j:" + strings.Join(ts, ""))
	if len(ts) == 1 {
		add("s:" + ts[0])
		return
	}
	u := append([]string(nil), ts...)
	if len(u) > maxPairWords {
		u = u[:maxPairWords]
	}
	sort.Strings(u)
	allLegal := true
	for _, w := range u {
		allLegal = allLegal && legalForms[w]
	}
	for i := 0; i < len(u); i++ {
		for j := i + 1; j < len(u); j++ {
			// Two words that only say "company limited" block nothing.
			if u[i] != u[j] && (allLegal || !legalForms[u[i]] || !legalForms[u[j]]) {
				add("p:" + u[i] + " " + u[j])
			}
		}
	}
}
