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

type token struct {
	text  string
	space bool
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x2E80 && r <= 0x2FDF)
}

// tokenize splits a paragraph into break units: runs of spaces, single CJK characters and
// runs of other characters, with no-start/no-end punctuation glued to its neighbour.
func tokenize(p string) []token {
	var raw []token
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			raw = append(raw, token{text: word.String()})
			word.Reset()
		}
	}
	for _, r := range p {
		switch {
		case unicode.IsSpace(r):
			flush()
			if n := len(raw); n > 0 && raw[n-1].space {
				continue
			}
			raw = append(raw, token{text: " ", space: true})
		case isCJK(r) || strings.ContainsRune(noStart, r) || strings.ContainsRune(noEnd, r):
			flush()
			raw = append(raw, token{text: string(r)})
		default:
			word.WriteRune(r)
		}
	}
	flush()
	// glue punctuation
	out := raw[:0:0]
	glueNext := false
	for _, t := range raw {
		r, _ := utf8.DecodeRuneInString(t.text)
		n := len(out)
		switch {
		case !t.space && glueNext && n > 0:
			out[n-1].text += t.text
		case !t.space && n > 0 && !out[n-1].space && strings.ContainsRune(noStart, r):
			out[n-1].text += t.text
		default:
			out = append(out, t)
		}
		last, _ := utf8.DecodeLastRuneInString(t.text)
		glueNext = !t.space && strings.ContainsRune(noEnd, last)
	}
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
