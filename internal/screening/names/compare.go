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
	return compareNormalized(&a, &b, true)
}

// compareNormalized scores every pair of forms and, when explain is set,
// explains the best one.
func compareNormalized(a, b *Normalized, explain bool) Result {
	best := outcome{score: -1}
	var bfa, bfb *form
	for i := range a.forms {
		for j := range b.forms {
			fa, fb := &a.forms[i], &b.forms[j]
			o := scoreForms(fa, fb)
			if o.score > best.score {
				best, bfa, bfb = o, fa, fb
			}
		}
	}
	if bfa == nil {
		return Result{Explanation: []string{"no comparable name"}}
	}
	score := math.Round(clamp01(best.score)*1e4) / 1e4
	r := Result{Score: score, Match: score >= MatchThreshold}
	if explain {
		r.Explanation = explainOutcome(bfa, bfb, best)
	}
	return r
}

// outcomeKind says which comparison produced an outcome.
type outcomeKind uint8

const (
	kindScripts outcomeKind = iota // Hanzi against a non-Chinese name
	kindChinese
	kindWestern
	kindSameHan // the same Hanzi string, too long to read as a personal name
)

// outcome is a score with what is needed to explain it.
type outcome struct {
	score  float64
	kind   outcomeKind
	ra, rb int // readings compared (kindChinese)
}

func scoreForms(a, b *form) outcome {
	switch {
	case a.han && b.han && (!a.chinese || !b.chinese):
		if a.hanKey == b.hanKey {
			return outcome{score: 1, kind: kindSameHan}
		}
		return outcome{kind: kindSameHan}
	case a.chinese && b.chinese:
		return scoreChinese(a, b)
	case !a.han && !b.han:
		return outcome{score: scoreWestern(a, b), kind: kindWestern}
	}
	return outcome{kind: kindScripts}
}

func explainOutcome(a, b *form, o outcome) []string {
	switch o.kind {
	case kindChinese:
		return explainReadings(a, b, a.readings[o.ra], b.readings[o.rb])
	case kindWestern:
		return explainWestern(a, b)
	case kindSameHan:
		if o.score == 1 {
			return []string{fmt.Sprintf("%s=%s (same characters after traditional→simplified)", a.display, b.display)}
		}
		return []string{fmt.Sprintf("%s≠%s (different characters)", a.display, b.display)}
	}
	h, l := a, b
	if !a.han {
		h, l = b, a
	}
	return []string{fmt.Sprintf("%q is written in Chinese characters and %q is not a Chinese name in any known romanisation", h.display, l.display)}
}

// scoreChinese tries every pair of readings (name orders) and keeps the
// best. Names with different numbers of syllables never match: 张伟 and
// 张伟明 are different people.
func scoreChinese(a, b *form) outcome {
	best := outcome{score: -1, kind: kindChinese}
	for i, ra := range a.readings {
		for j, rb := range b.readings {
			if s := scoreReadings(a, b, ra, rb); s > best.score {
				best.score, best.ra, best.rb = s, i, j
			}
		}
	}
	return best
}

func scoreReadings(a, b *form, ra, rb reading) float64 {
	n := len(ra.order)
	surname := max(ra.surname, rb.surname)
	if len(rb.order) != n {
		m := min(n, len(rb.order))
		matched := 0
		for i := 0; i < m; i++ {
			if w, _, _ := syllableWeight(&a.syl[ra.order[i]], &b.syl[rb.order[i]], i < surname); w > 0 {
				matched++
			}
		}
		return 0.45 * float64(matched) / float64(max(n, len(rb.order)))
	}
	sum, matched := 0.0, 0
	for i := 0; i < n; i++ {
		if w, _, _ := syllableWeight(&a.syl[ra.order[i]], &b.syl[rb.order[i]], i < surname); w > 0 {
			matched++
			sum += w
		}
	}
	if matched < n {
		return 0.5 * float64(matched) / float64(n)
	}
	return sum / float64(n) * orderFactor(ra, rb)
}

func orderFactor(ra, rb reading) float64 {
	switch {
	case ra.against || rb.against:
		return againstMarkFactor
	case ra.reversed != rb.reversed:
		return reversedOrderFactor
	}
	return 1
}

func explainReadings(a, b *form, ra, rb reading) []string {
	n := len(ra.order)
	if len(rb.order) != n {
		return []string{fmt.Sprintf("different number of syllables: %q has %d, %q has %d (a syllable more or less is a different name)", a.display, n, b.display, len(rb.order))}
	}
	surname := max(ra.surname, rb.surname)
	expl := make([]string, 0, n+1)
	all := true
	for i := 0; i < n; i++ {
		w, e := matchSyllable(&a.syl[ra.order[i]], &b.syl[rb.order[i]], i < surname)
		all = all && w > 0
		expl = append(expl, e)
	}
	if all {
		switch f := orderFactor(ra, rb); f {
		case againstMarkFactor:
			expl = append(expl, "name order: matched only by reading the surname marked with a comma or capitals as the given name")
		case reversedOrderFactor:
			expl = append(expl, "name order: given name first in one, surname first in the other")
		}
	}
	return expl
}

// syllableWeight scores one aligned pair of syllables: 1 for the same
// character or spelling, else the weight of the best shared pinyin reading
// (0 if none). It returns the indices of the alternatives used (-1 when the
// syllables are equal or do not match).
func syllableWeight(x, y *Syllable, surnameSlot bool) (float64, int, int) {
	switch {
	case x.han && y.han:
		if x.key == y.key {
			return 1, -1, -1
		}
		return 0, -1, -1
	case !x.han && !y.han && x.key == y.key:
		return 1, -1, -1
	}
	bw, bi, bj := 0.0, -1, -1
	for i := range x.alts {
		ax := &x.alts[i]
		if ax.surnameOnly && !surnameSlot {
			continue
		}
		for j := range y.alts {
			ay := &y.alts[j]
			if ax.py != ay.py || (ay.surnameOnly && !surnameSlot) {
				continue
			}
			if w := min(ax.sys.weight(), ay.sys.weight()); w > bw {
				bw, bi, bj = w, i, j
			}
		}
	}
	return bw, bi, bj
}

// matchSyllable scores one aligned pair of syllables and explains it.
func matchSyllable(x, y *Syllable, surnameSlot bool) (float64, string) {
	if y.han && !x.han {
		x, y = y, x // x is the Han one when there is one
	}
	w, bi, bj := syllableWeight(x, y, surnameSlot)
	switch {
	case x.han && y.han:
		if w > 0 {
			if x.trad || y.trad {
				return 1, fmt.Sprintf("%s=%s (traditional→simplified)", x.Written, y.Written)
			}
			return 1, fmt.Sprintf("%s=%s (same character)", x.Written, y.Written)
		}
		if r := sharedReading(x, y); r != "" {
			return 0, fmt.Sprintf("%s≠%s (different characters, both read %s)", x.Written, y.Written, r)
		}
		return 0, fmt.Sprintf("%s≠%s (different characters)", x.Written, y.Written)
	case w > 0 && bi < 0:
		return 1, fmt.Sprintf("%s=%s (same spelling)", x.Written, y.Written)
	case w == 0:
		return 0, fmt.Sprintf("%s≠%s (different syllables)", x.Written, y.Written)
	}
	ax, ay := x.alts[bi], y.alts[bj]
	if x.han {
		if ay.sys == sysPinyin {
			return w, fmt.Sprintf("%s=%s (%s)", strings.ToUpper(y.Written), x.Written, hanChain(x, ax))
		}
		return w, fmt.Sprintf("%s=%s (%s; %s)", strings.ToUpper(y.Written), x.Written, latinChain(y, ay), hanChain(x, ax))
	}
	switch {
	case ax.sys == sysPinyin:
		return w, fmt.Sprintf("%s→%s (%s)", y.Written, x.Written, ay.sys)
	case ay.sys == sysPinyin:
		return w, fmt.Sprintf("%s→%s (%s)", x.Written, y.Written, ax.sys)
	}
	return w, fmt.Sprintf("%s~%s (%s; %s)", x.Written, y.Written, latinChain(x, ax), latinChain(y, ay))
}

func sharedReading(x, y *Syllable) string {
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

func clamp01(x float64) float64 {
	switch {
	case x != x || x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}
