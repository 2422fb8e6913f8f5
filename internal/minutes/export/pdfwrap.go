package export

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line breaking for the PDF renderer. Latin text breaks at spaces; Chinese (and other CJK)
// text has no spaces and may break between any two characters, except that closing
// punctuation never starts a line and opening punctuation never ends one (the basic
// kinsoku rules of GB/T 15834 and JIS X 4051). A word wider than the line is split.

// noStart are characters that must not begin a line.
const noStart = "，。、；：？！）】」』》〉〕”’…—·～％,.;:?!)]}%"

// noEnd are characters that must not end a line.
const noEnd = "（【「『《〈〔“‘([{"

func isNoStart(r rune) bool {
	if r < 0x80 {
		return r == ',' || r == '.' || r == ';' || r == ':' || r == '?' || r == '!' || r == ')' || r == ']' || r == '}' || r == '%'
	}
	return strings.ContainsRune(noStart, r)
}

func isNoEnd(r rune) bool {
	if r < 0x80 {
		return r == '(' || r == '[' || r == '{'
	}
	return strings.ContainsRune(noEnd, r)
}

type token struct {
	text  string
	space bool
}

// isCJK reports characters of CJK scripts and CJK/full-width punctuation: they are set in the
// CJK font and lines may break around each of them.
func isCJK(r rune) bool {
	switch {
	case r < 0x2E80:
		return false
	case r <= 0x9FFF: // radicals, CJK punctuation, kana, bopomofo, Hangul jamo, ext. A, unified
		return true
	case r >= 0xAC00 && r <= 0xD7AF, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFFEF, r >= 0x20000 && r <= 0x3FFFF:
		return true
	}
	return false
}

// tokenize splits a paragraph into break units: runs of spaces, single CJK characters and
// runs of other characters, with no-start/no-end punctuation glued to its neighbour. Tokens
// are substrings of p (spaces excepted), so tokenizing allocates only the slice.
func tokenize(p string) []token {
	out := make([]token, 0, len(p)/3+1)
	glueNext := false // the previous token ends with an opening bracket
	wordStart := -1
	add := func(start, end int, first, last rune) {
		n := len(out)
		// glue to the previous token when it ends with an opening bracket or this one
		// starts with closing punctuation; substrings are contiguous, so extend in place.
		if n > 0 && !out[n-1].space && (glueNext || isNoStart(first)) {
			prev := out[n-1].text
			out[n-1].text = p[end-len(prev)-(end-start) : end]
		} else {
			out = append(out, token{text: p[start:end]})
		}
		glueNext = isNoEnd(last)
	}
	var wordFirst, wordLast rune
	flush := func(end int) {
		if wordStart >= 0 {
			add(wordStart, end, wordFirst, wordLast)
			wordStart = -1
		}
	}
	for i, r := range p {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			size = 1
			if i+1 <= len(p) {
				_, size = utf8.DecodeRuneInString(p[i:])
			}
		}
		switch {
		case unicode.IsSpace(r):
			flush(i)
			glueNext = false
			if n := len(out); n == 0 || !out[n-1].space {
				out = append(out, token{text: " ", space: true})
			}
		case isCJK(r) || isNoStart(r) || isNoEnd(r):
			flush(i)
			add(i, i+size, r, r)
		default:
			if wordStart < 0 {
				wordStart, wordFirst = i, r
			}
			wordLast = r
		}
	}
	flush(len(p))
	return out
}

// wrap breaks text into lines no wider than max, measured by width. Newlines in text are
// kept as line breaks; an empty paragraph gives an empty line.
func wrap(text string, max float64, width func(string) float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, wrapPara(para, max, width)...)
	}
	return lines
}

func wrapPara(p string, max float64, width func(string) float64) []string {
	toks := tokenize(p)
	if len(toks) == 0 {
		return []string{""}
	}
	var lines []string
	var cur strings.Builder
	curW := 0.0
	pendingSpace := false
	spaceW := width(" ")
	emit := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curW = 0
		pendingSpace = false
	}
	for _, t := range toks {
		if t.space {
			if cur.Len() > 0 {
				pendingSpace = true
			}
			continue
		}
		w := width(t.text)
		add := w
		if pendingSpace {
			add += spaceW
		}
		if cur.Len() > 0 && curW+add > max {
			emit()
			add = w
		}
		if w > max { // split an over-long word character by character
			for _, r := range t.text {
				rw := width(string(r))
				if pendingSpace && cur.Len() > 0 {
					rw += spaceW
				}
				if cur.Len() > 0 && curW+rw > max {
					emit()
					rw = width(string(r))
				}
				if pendingSpace && cur.Len() > 0 {
					cur.WriteByte(' ')
				}
				pendingSpace = false
				cur.WriteRune(r)
				curW += rw
			}
			continue
		}
		if pendingSpace && cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		pendingSpace = false
		cur.WriteString(t.text)
		curW += add
	}
	if cur.Len() > 0 || len(lines) == 0 {
		emit()
	}
	return lines
}
