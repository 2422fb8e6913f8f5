package export

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

// Fonts of the PDF export and their glyph widths.

// The fonts are embedded gzip-compressed (gzip -9 -n, see fonts/README.md): 2.5 MB in the
// binary instead of 4.8 MB, inflated once, by the first PDF export.

// droidTTFGz is Droid Sans Fallback Full (Apache-2.0, see fonts/README.md): the CJK glyphs.
//
//go:embed fonts/DroidSansFallbackFull.ttf.gz
var droidTTFGz []byte

// dejavuTTFGz is DejaVu Sans (Bitstream Vera licence, see fonts/README.md): Latin, Greek,
// Cyrillic and symbols, which Droid Sans Fallback lacks.
//
//go:embed fonts/DejaVuSans.ttf.gz
var dejavuTTFGz []byte

const (
	familyLatin = "dejavu"
	familyCJK   = "droid"
)

// fontMetrics holds the two fonts, inflated, and their per-rune advance widths (mm at 1 pt) for
// the Basic Multilingual Plane, measured once and shared read-only by all exports.
type fontMetrics struct {
	latinTTF, cjkTTF []byte
	latin, cjk       []float64
}

var (
	metricsOnce sync.Once
	metrics     *fontMetrics
	metricsErr  error
)

// loadMetrics inflates and parses the embedded fonts once, lazily, to check them and tabulate
// glyph widths, so that line breaking never parses a font or locks. fpdf v0.9.0 keeps the
// parsed font that it subsets inside each document and has no API to share it, so each PDF
// still hands the inflated bytes to fpdf (AddUTF8FontFromBytes, about 10 ms per document).
func loadMetrics() (*fontMetrics, error) {
	metricsOnce.Do(func() {
		m := &fontMetrics{latin: make([]float64, 0x10000), cjk: make([]float64, 0x10000)}
		var err error
		if m.latinTTF, err = gunzip(dejavuTTFGz); err != nil {
			metricsErr = fmt.Errorf("%w: embedded font DejaVuSans.ttf.gz: %v", ErrRender, err)
			return
		}
		if m.cjkTTF, err = gunzip(droidTTFGz); err != nil {
			metricsErr = fmt.Errorf("%w: embedded font DroidSansFallbackFull.ttf.gz: %v", ErrRender, err)
			return
		}
		p := fpdf.New("P", "mm", "A4", "")
		p.AddUTF8FontFromBytes(familyLatin, "", m.latinTTF)
		p.AddUTF8FontFromBytes(familyCJK, "", m.cjkTTF)
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

// maxFontSize bounds what gunzip allocates for one font (the fonts are 0.8 and 4 MB).
const maxFontSize = 32 << 20

// gunzip inflates one gzip member into a slice of exactly the size its trailer states, so that
// inflating leaves no garbage behind.
func gunzip(gz []byte) ([]byte, error) {
	if len(gz) < 18 {
		return nil, errors.New("not a gzip file")
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	zr.Multistream(false)
	size := binary.LittleEndian.Uint32(gz[len(gz)-4:]) // ISIZE: the inflated size mod 2^32
	if size > maxFontSize {
		return nil, fmt.Errorf("states %d bytes inflated, more than a font's %d", size, maxFontSize)
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(zr, out); err != nil {
		return nil, err
	}
	// The stream must end exactly here; reading on checks the CRC-32 and the size.
	if n, err := zr.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("longer than its trailer states")
		}
		return nil, err
	}
	return out, nil
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
