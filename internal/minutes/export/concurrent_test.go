package export

import (
	"bytes"
	"sync"
	"testing"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// TestConcurrentPDFExportsGiveTheSameDocument: PDF exports asked for at the same time each get
// the same, whole document, with text whose subset makes fpdf write into the shared font bytes
// (see pdfMu, which lets one document at a time do that).
func TestConcurrentPDFExportsGiveTheSameDocument(t *testing.T) {
	doc := sampleDoc()
	// Letters, punctuation, symbols and CJK forms of many blocks: the CJK subset then holds
	// glyphs past the font's last full horizontal metric, which fpdf writes into the font for.
	var all []rune
	for _, block := range [][2]rune{{0x00C0, 0x024F}, {0x0370, 0x03FF}, {0x0400, 0x04FF}, {0x1E00, 0x1EFF}, {0x2000, 0x2BFF}, {0x3000, 0x33FF}, {0xFF00, 0xFFEF}} {
		for r := block[0]; r <= block[1]; r++ {
			all = append(all, r)
		}
	}
	doc.Items[0].KeyPoints = append(doc.Items[0].KeyPoints, minutes.Text{TextEN: string(all), TextZH: string(all)})
	v := minutes.Redact(doc, minutes.LevelChatham, sampleSpeakers())
	want := pdfToText(t, render(t, FormatPDF, v, sampleOptions(LangBoth)))
	const n = 4
	out := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var b bytes.Buffer
			errs[i] = Render(&b, FormatPDF, v, sampleOptions(LangBoth))
			out[i] = b.Bytes()
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("export %d: %v", i, errs[i])
		}
		if got := pdfToText(t, out[i]); got != want {
			t.Fatalf("export %d differs from a lone export:\n%s\n---\n%s", i, got, want)
		}
	}
}
