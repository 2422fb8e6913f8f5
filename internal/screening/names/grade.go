package names

import (
	"fmt"
	"math"
	"strings"
)

// isCommonName reports whether a name alone says little about who bears it:
// a Chinese name of at most three syllables (a few thousand surnames and
// given names cover most of 1.4 billion people), or a single word.
func isCommonName(n Normalized) bool {
	if n.Chinese {
		for _, fm := range n.forms {
			if fm.chinese && len(fm.syl) <= 3 {
				return true
			}
		}
		return false
	}
	words := 0
	for _, fm := range n.forms {
		words = max(words, len(fm.west))
	}
	return words <= 1
}

type queryFacts struct {
	dob    *BirthDate
	nat    string
	org    orgKey
	hasOrg bool
}

func newQueryFacts(q Query) queryFacts {
	var f queryFacts
	if strings.TrimSpace(q.BirthDate) != "" {
		if d, err := ParseBirthDate(q.BirthDate); err == nil {
			f.dob = &d
		}
	}
	if strings.TrimSpace(q.Nationality) != "" {
		f.nat = NormalizeCountry(q.Nationality)
	}
	if strings.TrimSpace(q.Employer) != "" {
		f.org = newOrgKey(q.Employer)
		f.hasOrg = f.org.han != "" || len(f.org.west) > 0
	}
	return f
}

// assess grades a name hit with the facts: agreeing facts move it up,
// a contradicting birth year moves it down.
func assess(c *Candidate, common bool, sharedBy int, f queryFacts, e *entryRec) {
	support, contra := 0, 0
	dobSupport := false
	if f.dob != nil && len(e.dobs) > 0 {
		best := dateContradicts
		for _, d := range e.dobs {
			best = max(best, compareDates(*f.dob, d))
		}
		switch best {
		case dateFull:
			support += 2
			dobSupport = true
			c.Explanation = append(c.Explanation, "birth date agrees (same day)")
		case dateYear:
			support++
			dobSupport = true
			c.Explanation = append(c.Explanation, "birth year agrees")
		case dateContradicts:
			contra++
			c.Explanation = append(c.Explanation, "birth year differs (contradicts)")
		default:
			c.Explanation = append(c.Explanation, "birth date neither agrees nor contradicts (one year apart or same year, other day)")
		}
	}
	if f.nat != "" && len(e.nats) > 0 {
		if contains(e.nats, f.nat) {
			support++
			c.Explanation = append(c.Explanation, "nationality agrees ("+f.nat+")")
		} else {
			c.Explanation = append(c.Explanation, "nationality differs ("+f.nat+" vs "+strings.Join(e.nats, ", ")+")")
		}
	}
	if f.hasOrg && len(e.employers) > 0 {
		agree := false
		for _, o := range e.employers {
			if sameOrg(f.org, o) {
				agree = true
				break
			}
		}
		if agree {
			support++
			c.Explanation = append(c.Explanation, "employer agrees")
		} else {
			c.Explanation = append(c.Explanation, "employer differs")
		}
	}
	level := LevelProbable
	if common {
		level = LevelNeedsCorroboration
	}
	switch {
	case dobSupport && support >= 2:
		level = LevelStrong
	case support >= 1:
		level = max(level, LevelProbable)
	}
	if common {
		why := "a Chinese name of at most three syllables or a single word"
		if sharedBy >= commonShare {
			why = fmt.Sprintf("it matches %d list entries", sharedBy)
		}
		if support == 0 {
			c.Explanation = append(c.Explanation, "common name ("+why+"): a name-only hit needs corroboration")
		} else {
			c.Explanation = append(c.Explanation, "common name ("+why+"), corroborated by the facts above")
		}
	}
	if contra > 0 {
		level = max(LevelNone, level-1)
	}
	score := c.NameScore + 0.05*float64(support) - 0.2*float64(contra)
	c.Score = math.Round(clamp01(score)*1e4) / 1e4
	c.Level = level
}
