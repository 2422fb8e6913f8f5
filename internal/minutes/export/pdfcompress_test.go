package export

import (
	"bytes"
	"testing"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// TestPageCompressionMatchesFpdf: compressPages turns the uncompressed file into exactly the one
// fpdf writes with its own page compression, for small and large documents in each language.
func TestPageCompressionMatchesFpdf(t *testing.T) {
	big, bigSp := bigDoc(20)
	for _, c := range []struct {
		name string
		v    minutes.View
	}{{"small", minutes.Redact(sampleDoc(), minutes.LevelFull, sampleSpeakers())}, {"big", minutes.Redact(big, minutes.LevelChatham, bigSp)}} {
		for _, lang := range []Lang{LangEN, LangZH, LangBoth} {
			t.Run(c.name+"-"+string(lang), func(t *testing.T) {
				p, err := pdfDocument(c.v, Options{Lang: lang})
				if err != nil {
					t.Fatal(err)
				}
				p.SetCompression(true)
				var want bytes.Buffer
				if err := p.Output(&want); err != nil {
					t.Fatal(err)
				}
				p, _ = pdfDocument(c.v, Options{Lang: lang})
				p.SetCompression(false)
				var raw bytes.Buffer
				if err := p.Output(&raw); err != nil {
					t.Fatal(err)
				}
				var got bytes.Buffer
				if err := compressPages(&got, raw.Bytes()); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Fatalf("compressed file differs from fpdf's: %d bytes, want %d (uncompressed %d)", got.Len(), want.Len(), raw.Len())
				}
				if got.Len() >= raw.Len() {
					t.Fatalf("pages not compressed: %d of %d bytes", got.Len(), raw.Len())
				}
			})
		}
	}
}

// TestCompressPagesKeepsAnUnexpectedFile: input that is not fpdf's structure is written unchanged.
func TestCompressPagesKeepsAnUnexpectedFile(t *testing.T) {
	for _, in := range []string{"", "%PDF-1.3\nnot a pdf", "%PDF-1.3\n1 0 obj\n<<>>\nendobj\nxref\n0 2\nbroken\nstartxref\n27\n%%EOF\n"} {
		var out bytes.Buffer
		if err := compressPages(&out, []byte(in)); err != nil || out.String() != in {
			t.Errorf("%q: got %q, %v", in, out.String(), err)
		}
	}
}
