package export

import (
	_ "embed"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

// Fonts of the PDF export and their glyph widths.

// droidTTF is Droid Sans Fallback Full (Apache-2.0, see fonts/README.md): the CJK glyphs.
//
//go:embed fonts/DroidSansFallbackFull.ttf
var droidTTF []byte

// dejavuTTF is DejaVu Sans (Bitstream Vera licence, see fonts/README.md): Latin, Greek,
// Cyrillic and symbols, which Droid Sans Fallback lacks.
//
//go:embed fonts/DejaVuSans.ttf
var dejavuTTF []byte

const (
	familyLatin = "dejavu"
	familyCJK   = "droid"
)

// fontMetrics holds per-rune advance widths (mm at 1 pt) of both fonts for the Basic
// Multilingual Plane, measured once and shared read-only by all exports.
type fontMetrics struct {
	latin, cjk []float64
}

var (
	metricsOnce sync.Once
	metrics     *fontMetrics
	metricsErr  error
)

// loadMetrics parses the embedded fonts once, lazily, to check them and tabulate glyph
// widths, so that line breaking never parses a font or locks. fpdf v0.9.0 keeps the parsed
// font that it subsets inside each document and has no API to share it, so each PDF still
// hands the embedded bytes to fpdf (AddUTF8FontFromBytes, about 10 ms per document).
func loadMetrics() (*fontMetrics, error) {
	metricsOnce.Do(func() {
		p := fpdf.New("P", "mm", "A4", "")
		p.AddUTF8FontFromBytes(familyLatin, "", dejavuTTF)
		p.AddUTF8FontFromBytes(familyCJK, "", droidTTF)
		m := &fontMetrics{latin: make([]float64, 0x10000), cjk: make([]float64, 0x10000)}
		buf := make([]byte, 0, 4)
		for _, f := range []struct {
			family string
			w      []float64
		}{{familyLatin, m.latin}, {familyCJK, m.cjk}} {
			p.SetFont(f.family, "", 1)
			for r := rune(0); r < 0x10000; r++ {
				if r >= 0xD800 && r <= 0xDFFF {
					continue
				}
				buf = utf8.AppendRune(buf[:0], r)
				f.w[r] = p.GetStringWidth(string(buf))
			}
		}
		if p.Err() {
			metricsErr = fmt.Errorf("%w: embedded fonts: %v", ErrRender, p.Error())
			return
		}
		metrics = m
	})
	return metrics, metricsErr
}

// cjkFont reports whether r is set in the CJK font rather than the Latin one.
func cjkFont(r rune) bool { return isCJK(r) }

// width is the advance width (mm) of s at size pt.
func (m *fontMetrics) width(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x10000 {
			r = 0xFFFD
		}
		if cjkFont(r) {
			w += m.cjk[r]
		} else {
			w += m.latin[r]
		}
	}
	return w * size
}
