package names

import (
	"fmt"
	"math"
	"strings"
)

// MatchThreshold is the name score from which two names are taken to be the
// same name.
const MatchThreshold = 0.85

// reversedOrderFactor discounts a match that needs one name read given-name
// first while the other is read as written.
const reversedOrderFactor = 0.97

// againstMarkFactor discounts a match that reads a name against its written
// surname marking ("WEI, Zhang" read as Zhang Wei).
const againstMarkFactor = 0.9

// Result is the outcome of comparing two names.
type Result struct {
	// Score is the name similarity in [0, 1].
	Score float64 `json:"score"`
	// Match reports Score >= MatchThreshold.
	Match bool `json:"match"`
	// Explanation says, syllable by syllable or word by word, how the names
	// matched or why they did not.
	Explanation []string `json:"explanation"`
}

// Compare compares two names. It is symmetric: Compare(a, b) and
// Compare(b, a) have the same score.
func Compare(a, b string) Result {
	return CompareNormalized(Normalize(a), Normalize(b))
}

// CompareNormalized compares two normalised names (see Compare).
func CompareNormalized(a, b Normalized) Result {
	best := Result{Explanation: []string{"no comparable name"}}
	first := true
	for _, fa := range a.forms {
		for _, fb := range b.forms {
			r := compareForms(&fa, &fb)
			if first || r.Score > best.Score {
				best, first = r, false
			}
		}
	}
	best.Score = math.Round(clamp01(best.Score)*1e4) / 1e4
	best.Match = best.Score >= MatchThreshold
	return best
}

func compareForms(a, b *form) Result {
	switch {
	case a.chinese && b.chinese:
		return compareChinese(a, b)
	case !a.han && !b.han:
		return compareWestern(a.west, b.west)
	}
	return Result{Explanation: []string{fmt.Sprintf("%q is written in Chinese characters and %q is not a Chinese name in any known romanisation", pick(a.han, a.display, b.display), pick(a.han, b.display, a.display))}}
}

func pick(c bool, x, y string) string {
	if c {
		return x
	}
	return y
}

// compareChinese tries every pair of readings (name orders) and keeps the
// best. Names with different numbers of syllables never match: 张伟 and
// 张伟明 are different people.
func compareChinese(a, b *form) Result {
	var best Result
	bestSet := false
	for _, ra := range a.readings {
		for _, rb := range b.readings {
			r := compareReadings(a, b, ra, rb)
			if !bestSet || r.Score > best.Score {
				best, bestSet = r, true
			}
		}
	}
	return best
}

func compareReadings(a, b *form, ra, rb reading) Result {
	n := len(ra.order)
	if len(rb.order) != n {
		m := min(n, len(rb.order))
		matched := 0
		var expl []string
		for i := 0; i < m; i++ {
			if w, _ := matchSyllable(&a.syl[ra.order[i]], &b.syl[rb.order[i]], i < max(ra.surname, rb.surname)); w > 0 {
				matched++
			}
		}
		expl = append(expl, fmt.Sprintf("different number of syllables: %q has %d, %q has %d (a syllable more or less is a different name)", a.display, n, b.display, len(rb.order)))
		return Result{Score: 0.45 * float64(matched) / float64(max(n, len(rb.order))), Explanation: expl}
	}
	sum, matched := 0.0, 0
	expl := make([]string, 0, n+1)
	surname := max(ra.surname, rb.surname)
	for i := 0; i < n; i++ {
		w, e := matchSyllable(&a.syl[ra.order[i]], &b.syl[rb.order[i]], i < surname)
		if w > 0 {
			matched++
			sum += w
		}
		expl = append(expl, e)
	}
	if matched < n {
		return Result{Score: 0.5 * float64(matched) / float64(n), Explanation: expl}
	}
	score := sum / float64(n)
	if ra.against || rb.against {
		score *= againstMarkFactor
		expl = append(expl, "name order: matched only with the surname marked by a comma or capitals read as the given name")
	} else if ra.reversed != rb.reversed {
		score *= reversedOrderFactor
		expl = append(expl, "name order: given name first in one, surname first in the other")
	}
	return Result{Score: score, Explanation: expl}
}

// matchSyllable scores one aligned pair of syllables and explains it.
func matchSyllable(x, y *Syllable, surnameSlot bool) (float64, string) {
	switch {
	case x.han && y.han:
		if x.key == y.key {
			if x.trad || y.trad {
				return 1, fmt.Sprintf("%s=%s (traditional→simplified)", x.Written, y.Written)
			}
			return 1, fmt.Sprintf("%s=%s (same character)", x.Written, y.Written)
		}
		if sharedReading(x, y, surnameSlot) != "" {
			return 0, fmt.Sprintf("%s≠%s (different characters, both read %s)", x.Written, y.Written, sharedReading(x, y, surnameSlot))
		}
		return 0, fmt.Sprintf("%s≠%s (different characters)", x.Written, y.Written)
	case !x.han && !y.han && x.key == y.key:
		return 1, fmt.Sprintf("%s=%s (same spelling)", x.Written, y.Written)
	}
	if y.han {
		x, y = y, x // x is the Han one when there is one
	}
	bw, bi, bj := 0.0, -1, -1
	for i, ax := range x.alts {
		if ax.surnameOnly && !surnameSlot {
			continue
		}
		for j, ay := range y.alts {
			if ay.surnameOnly && !surnameSlot {
				continue
			}
			if ax.py != ay.py {
				continue
			}
			w := min(ax.sys.weight(), ay.sys.weight())
			if w > bw {
				bw, bi, bj = w, i, j
			}
		}
	}
	if bi < 0 {
		return 0, fmt.Sprintf("%s≠%s (different syllables)", x.Written, y.Written)
	}
	ax, ay := x.alts[bi], y.alts[bj]
	if x.han {
		if ay.sys == sysPinyin {
			return bw, fmt.Sprintf("%s=%s (%s)", strings.ToUpper(y.Written), x.Written, hanChain(x, ax))
		}
		return bw, fmt.Sprintf("%s=%s (%s; %s)", strings.ToUpper(y.Written), x.Written, latinChain(y, ay), hanChain(x, ax))
	}
	switch {
	case ax.sys == sysPinyin:
		return bw, fmt.Sprintf("%s→%s (%s)", y.Written, x.Written, ay.sys)
	case ay.sys == sysPinyin:
		return bw, fmt.Sprintf("%s→%s (%s)", x.Written, y.Written, ax.sys)
	}
	return bw, fmt.Sprintf("%s~%s (%s; %s)", x.Written, y.Written, latinChain(x, ax), latinChain(y, ay))
}

func sharedReading(x, y *Syllable, surnameSlot bool) string {
	for _, ax := range x.alts {
		for _, ay := range y.alts {
			if ax.py == ay.py {
				return ax.py
			}
		}
	}
	return ""
}

func hanChain(s *Syllable, a alt) string {
	var b strings.Builder
	if s.trad {
		b.WriteString("traditional→simplified→")
	}
	if !s.trad {
		b.WriteString("Hanzi→")
	}
	switch a.sys {
	case sysSurname:
		b.WriteString("pinyin " + a.py + ", surname reading")
	case sysHanziAlt:
		b.WriteString("pinyin " + a.py + ", less usual reading")
	default:
		b.WriteString("pinyin " + a.py)
	}
	return b.String()
}

func latinChain(s *Syllable, a alt) string {
	if a.sys == sysPinyin {
		return "pinyin " + a.py
	}
	return fmt.Sprintf("%s %s→%s", a.sys, strings.ToLower(s.Written), a.py)
}

// westernCanon folds spelling variants of common words in organisation names.
var westernCanon = map[string]string{
	"co": "company", "corp": "corporation", "ltd": "limited", "inc": "incorporated",
	"intl": "international", "univ": "university", "llc": "llc", "plc": "plc",
	"grp": "group", "mfg": "manufacturing", "tech": "technology", "technologies": "technology",
}

// westernStop are words dropped from token-level comparison.
var westernStop = map[string]bool{"and": true, "of": true, "the": true, "&": true}

func canonTokens(ts []string) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		if westernStop[t] {
			continue
		}
		if c, ok := westernCanon[t]; ok {
			t = c
		}
		out = append(out, t)
	}
	return out
}

// compareWestern compares names word by word, in any order. Every word of the
// shorter name (at least two words) must be in the longer one; a one-word
// name must equal the other name.
func compareWestern(wa, wb []string) Result {
	a, b := canonTokens(wa), canonTokens(wb)
	if len(a) == 0 || len(b) == 0 {
		return Result{Explanation: []string{"empty name"}}
	}
	ja, jb := strings.Join(a, " "), strings.Join(b, " ")
	if ja == jb {
		return Result{Score: 1, Explanation: []string{fmt.Sprintf("%q: same words in the same order", ja)}}
	}
	count := map[string]int{}
	for _, t := range a {
		count[t]++
	}
	common := 0
	for _, t := range b {
		if count[t] > 0 {
			count[t]--
			common++
		}
	}
	switch {
	case common == len(a) && common == len(b):
		return Result{Score: 0.98, Explanation: []string{fmt.Sprintf("%q and %q: same words, different order", ja, jb)}}
	case strings.Join(a, "") == strings.Join(b, ""):
		return Result{Score: 0.95, Explanation: []string{fmt.Sprintf("%q and %q: same letters, words joined or split differently", ja, jb)}}
	}
	short, long := len(a), len(b)
	if short > long {
		short, long = long, short
	}
	if common == short && short >= 2 {
		r := float64(short) / float64(long)
		return Result{Score: 0.8 + 0.15*r, Explanation: []string{fmt.Sprintf("all %d words of the shorter name are in the longer (%q, %q)", short, ja, jb)}}
	}
	union := len(a) + len(b) - common
	var expl string
	if common == 0 {
		expl = fmt.Sprintf("%q and %q share no word", ja, jb)
	} else {
		expl = fmt.Sprintf("%q and %q share %d of %d words", ja, jb, common, union)
	}
	return Result{Score: 0.6 * float64(common) / float64(union), Explanation: []string{expl}}
}

func clamp01(x float64) float64 {
	switch {
	case x != x || x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}
