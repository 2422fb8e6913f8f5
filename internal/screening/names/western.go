package names

import "fmt"

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

// commonWords counts the words two lists share (as multisets).
func commonWords(a, b []string) int {
	var used [maxTokens * 2]bool
	common := 0
	for _, x := range a {
		for j, y := range b {
			if j < len(used) && !used[j] && x == y {
				used[j] = true
				common++
				break
			}
		}
	}
	return common
}

// scoreWestern compares names word by word, in any order: 1 for the same
// words in the same order, 0.98 in another order, 0.95 for the same letters
// with words joined or split differently; when every word of the shorter
// name (at least two words) is in the longer, 0.8 + 0.15 × the share of
// words present; otherwise at most 0.6 × the Jaccard index of the words.
func scoreWestern(a, b *form) float64 {
	if len(a.west) == 0 || len(b.west) == 0 {
		return 0
	}
	if a.wJoined == b.wJoined {
		return 1
	}
	common := commonWords(a.west, b.west)
	switch {
	case common == len(a.west) && common == len(b.west):
		return 0.98
	case a.wConcat == b.wConcat:
		return 0.95
	}
	short, long := min(len(a.west), len(b.west)), max(len(a.west), len(b.west))
	if common == short && short >= 2 {
		return 0.8 + 0.15*float64(short)/float64(long)
	}
	return 0.6 * float64(common) / float64(len(a.west)+len(b.west)-common)
}

func explainWestern(a, b *form) []string {
	ja, jb := a.wJoined, b.wJoined
	if len(a.west) == 0 || len(b.west) == 0 {
		return []string{"empty name"}
	}
	if ja == jb {
		return []string{fmt.Sprintf("%q: same words in the same order", ja)}
	}
	common := commonWords(a.west, b.west)
	switch {
	case common == len(a.west) && common == len(b.west):
		return []string{fmt.Sprintf("%q and %q: same words, different order", ja, jb)}
	case a.wConcat == b.wConcat:
		return []string{fmt.Sprintf("%q and %q: same letters, words joined or split differently", ja, jb)}
	}
	short, long := min(len(a.west), len(b.west)), max(len(a.west), len(b.west))
	switch {
	case common == short && short >= 2:
		return []string{fmt.Sprintf("all %d words of the shorter name are in the longer (%d words): %q, %q", short, long, ja, jb)}
	case common == 0:
		return []string{fmt.Sprintf("%q and %q share no word", ja, jb)}
	}
	return []string{fmt.Sprintf("%q and %q share %d of %d words", ja, jb, common, len(a.west)+len(b.west)-common)}
}
