package export

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"github.com/tracktwo/tracktwo/internal/minutes"
)

// Page geometry (mm) and type sizes (pt).
const (
	pageW, pageH = 210.0, 297.0
	margin       = 18.0
	footerSpace  = 12.0
	colGap       = 6.0
	sizeTitle    = 16.0
	sizeHeading  = 13.0
	sizeSub      = 11.0
	sizeBody     = 10.0
	sizeSmall    = 8.5
	bulletIndent = 4.0
	leading      = 1.45
)

var (
	colorText  = [3]int{17, 17, 17}
	colorMuted = [3]int{90, 90, 90}
	colorLabel = [3]int{20, 60, 120}
)

// pline is one laid-out line of text.
type pline struct {
	text   string
	size   float64
	color  [3]int
	indent float64
	gap    float64 // extra space (mm) after the line
}

func (l pline) height() float64 { return l.size * 25.4 / 72 * leading }

// PDF writes v as an A4 PDF with the embedded CJK font (subset into the file). Chinese text
// wraps between characters with basic kinsoku rules. For LangBoth each row is a two-column
// table row, English left and Chinese right. Every page's footer states the level, revision,
// version and status.
func PDF(w io.Writer, v minutes.View, o Options) error {
	raw, err := pdfPages(v, o)
	if err != nil {
		return err
	}
	return compressPages(w, raw)
}

// pdfMu lets one document at a time use the shared font bytes. fpdf v0.9.0 writes into the font
// it is given when it subsets a glyph past the font's last full horizontal metric (getMetrics
// appends to a slice of the font), so two documents rendered at once would write to the same
// bytes; a copy of the fonts per document would cost 4.8 MB each. PDF exports are rare and each
// takes a fraction of a second, and one at a time also bounds the peak memory of several large
// exports asked for together.
var pdfMu sync.Mutex

// pdfPages lays v out and has fpdf write it with uncompressed pages (compressPages compresses
// them, with one reused zlib writer).
func pdfPages(v minutes.View, o Options) (captureWriter, error) {
	pdfMu.Lock()
	defer pdfMu.Unlock()
	p, err := pdfDocument(v, o)
	if err != nil {
		return captureWriter{}, err
	}
	p.SetCompression(false)
	var raw captureWriter
	if err := p.Output(&raw); err != nil {
		if errors.Is(err, ErrRender) {
			return captureWriter{}, err
		}
		return captureWriter{}, fmt.Errorf("%w: %v", ErrRender, err)
	}
	return raw, nil
}

// pdfDocument lays v out as an fpdf document, ready for Output.
func pdfDocument(v minutes.View, o Options) (*fpdf.Fpdf, error) {
	if _, err := ParseLang(string(o.Lang)); err != nil {
		return nil, err
	}
	m, err := loadMetrics()
	if err != nil {
		return nil, err
	}
	l := buildLayout(v, o)
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCatalogSort(true) // reproducible output: resources in sorted order
	created := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if !o.Generated.IsZero() {
		created = o.Generated.UTC()
	}
	p.SetCreationDate(created)
	p.SetModificationDate(created)
	p.SetCreator("Tracktwo", false)
	p.SetProducer("Tracktwo", false)
	p.AddUTF8FontFromBytes(familyLatin, "", m.latinTTF)
	p.AddUTF8FontFromBytes(familyCJK, "", m.cjkTTF)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(false, margin)
	p.AliasNbPages("{nb}")
	r := &pdfWriter{p: p, m: m, lang: o.Lang}
	title := pick(l.Title, o.Lang)
	if o.Lang == LangBoth {
		title = both(l.Title)
	}
	p.SetTitle(clean(title), true)
	if o.Lang == LangZH {
		p.SetLang("zh-CN")
	} else {
		p.SetLang("en")
	}
	footer := pdfText(footerText(v, o.Lang))
	p.SetFooterFunc(func() {
		y := pageH - margin + 4
		r.print(footer, margin, y, sizeSmall, colorMuted)
		num := fmt.Sprintf("%d / {nb}", p.PageNo())
		r.print(num, pageW-margin-m.width(num, sizeSmall)-2, y, sizeSmall, colorMuted)
	})
	p.AddPage()
	r.y = margin
	r.document(l)
	return p, nil
}

func footerText(v minutes.View, lang Lang) string {
	lv := pair{"Full record", "完整记录"}
	if v.Level != minutes.LevelFull {
		lv = pair{"Chatham House Rule", "查塔姆宫规则"}
	}
	st, ok := statusText[v.Status]
	if !ok {
		st = pair{string(v.Status), string(v.Status)}
	}
	en := fmt.Sprintf("%s · revision %d, version %d · %s", lv.EN, v.Revision, v.Version, st.EN)
	zh := fmt.Sprintf("%s · 第%d次修订，第%d版 · %s", lv.ZH, v.Revision, v.Version, st.ZH)
	switch lang {
	case LangEN:
		return clean(en)
	case LangZH:
		return clean(zh)
	}
	return clean(lv.EN + " / " + lv.ZH + fmt.Sprintf(" · rev. %d, v%d · ", v.Revision, v.Version) + st.EN)
}

type pdfWriter struct {
	p    *fpdf.Fpdf
	m    *fontMetrics
	lang Lang
	y    float64
	// The font, size and text colour set last on this page: fpdf v0.9.0 writes a font operator
	// (with a 40-character font name) on every SetFont call and formats the colour anew, so
	// print calls them only on a change. fpdf restores its own font and colour on a new page,
	// so newPage forgets these.
	font     string
	fontSize float64
	color    *[3]int
}

// print writes s at (x, y), switching between the Latin and the CJK font run by run.
func (r *pdfWriter) print(s string, x, y, size float64, color [3]int) {
	if r.color == nil || *r.color != color {
		r.p.SetTextColor(color[0], color[1], color[2])
		r.color = &color
	}
	h := size * 25.4 / 72 * leading
	for len(s) > 0 {
		first, _ := utf8.DecodeRuneInString(s)
		cjk := cjkFont(first)
		end := len(s)
		for i, c := range s {
			if cjkFont(c) != cjk {
				end = i
				break
			}
		}
		run := s[:end]
		s = s[end:]
		fam := familyLatin
		if cjk {
			fam = familyCJK
		}
		if fam != r.font || size != r.fontSize {
			r.p.SetFont(fam, "", size)
			r.font, r.fontSize = fam, size
		}
		w := r.m.width(run, size)
		r.p.SetXY(x, y)
		r.p.CellFormat(w, h, run, "", 0, "L", false, 0, "")
		x += w
	}
}

func (r *pdfWriter) newPage() {
	r.p.AddPage()
	r.y = margin
	r.font, r.fontSize, r.color = "", 0, nil
}

func (r *pdfWriter) bottom() float64 { return pageH - margin - footerSpace }

// lines lays out text in a column of width w.
func (r *pdfWriter) lines(text string, w, size float64, color [3]int, indent, gap float64) []pline {
	var out []pline
	measure := func(s string) float64 { return r.m.width(s, size) }
	for _, s := range wrap(pdfText(text), w-indent, measure) {
		out = append(out, pline{text: s, size: size, color: color, indent: indent})
	}
	if len(out) > 0 {
		out[len(out)-1].gap = gap
	}
	return out
}

// cell lays out one row's content for one language in a column of width w.
func (r *pdfWriter) cell(k rowKind, label, text string, w float64, lg Lang) []pline {
	switch k {
	case rowSubheading:
		return r.lines(text, w, sizeSub, colorMuted, 0, 1)
	case rowMeta:
		if label != "" {
			text = label + colon(lg) + text
		}
		return r.lines(text, w, sizeBody, colorMuted, 0, 0.5)
	case rowNotice:
		return r.lines(text, w, sizeSmall, colorMuted, 0, 1)
	case rowBullet:
		if text == "" {
			return nil
		}
		ls := r.lines(text, w, sizeBody, colorText, bulletIndent, 1)
		if len(ls) > 0 {
			ls[0].text = "• " + ls[0].text
			ls[0].indent = 0
		}
		return ls
	case rowSpeech:
		if text == "" {
			return nil
		}
		return append(r.lines(label, w, sizeBody, colorLabel, 0, 0), r.lines(text, w, sizeBody, colorText, bulletIndent, 1.5)...)
	}
	return r.lines(text, w, sizeBody, colorText, 0, 1.5)
}

func (r *pdfWriter) document(l layout) {
	full := pageW - 2*margin
	colW := (full - colGap) / 2
	if r.lang == LangBoth {
		r.emit(r.lines(both(l.Title), full, sizeTitle, colorText, 0, 3), nil, full)
		for _, m := range l.Meta {
			r.emit(r.cell(m.Kind, m.Label.EN, m.Text.EN, colW, LangEN), r.cell(m.Kind, m.Label.ZH, m.Text.ZH, colW, LangZH), colW)
		}
	} else {
		r.emit(r.lines(pick(l.Title, r.lang), full, sizeTitle, colorText, 0, 3), nil, full)
		for _, m := range l.Meta {
			r.emit(r.cell(m.Kind, pick(m.Label, r.lang), pick(m.Text, r.lang), full, r.lang), nil, full)
		}
	}
	for _, s := range l.Sections {
		head := r.lines(s.heading(r.lang), full, sizeHeading, colorText, 0, 2)
		need := 0.0
		for _, h := range head {
			need += h.height() + h.gap
		}
		if r.y+need+3*(pline{size: sizeBody}).height() > r.bottom() {
			r.newPage()
		} else {
			r.y += 4
		}
		r.emit(head, nil, full)
		r.p.SetDrawColor(150, 150, 150)
		r.p.Line(margin, r.y-1.5, pageW-margin, r.y-1.5)
		for _, row := range s.Rows {
			if r.lang == LangBoth {
				r.emit(r.cell(row.Kind, row.Label.EN, row.Text.EN, colW, LangEN), r.cell(row.Kind, row.Label.ZH, row.Text.ZH, colW, LangZH), colW)
			} else {
				r.emit(r.cell(row.Kind, pick(row.Label, r.lang), pick(row.Text, r.lang), full, r.lang), nil, full)
			}
		}
	}
}

// emit prints left (and, side by side, right) line by line, breaking pages as needed. In two
// columns a line pair shares the height of the taller line and a rule separates the columns
// (one rule per page the lines cover).
func (r *pdfWriter) emit(left, right []pline, colW float64) {
	n := max(len(left), len(right))
	x := margin + colW + colGap
	top := r.y
	rule := func() {
		if right != nil && r.y > top {
			r.p.SetDrawColor(200, 200, 200)
			r.p.Line(x-colGap/2, top, x-colGap/2, r.y)
		}
	}
	for i := 0; i < n; i++ {
		h := 0.0
		if i < len(left) {
			h = left[i].height()
		}
		if i < len(right) {
			h = max(h, right[i].height())
		}
		if r.y+h > r.bottom() {
			rule()
			r.newPage()
			top = r.y
		}
		if i < len(left) {
			r.put(left[i], margin, colW)
		}
		if i < len(right) {
			r.put(right[i], x, colW)
		}
		r.y += h
	}
	rule()
	gap := 0.0
	if len(left) > 0 {
		gap = left[len(left)-1].gap
	}
	if len(right) > 0 {
		gap = max(gap, right[len(right)-1].gap)
	}
	r.y += gap
}

func (r *pdfWriter) put(l pline, x, w float64) {
	if l.text == "" {
		return
	}
	r.print(l.text, x+l.indent, r.y, l.size, l.color)
}

// pdfText cleans user text and replaces characters outside the Basic Multilingual Plane
// (which the embedded fonts and fpdf's subsetter do not cover) with U+FFFD.
func pdfText(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x10000 {
			return 0xFFFD
		}
		return r
	}, clean(s))
}
