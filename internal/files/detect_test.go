package files

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestDetect(t *testing.T) {
	docx := buildZip(t, docxEntries()...)
	tests := []struct {
		name    string
		data    []byte
		claimed string
		want    Kind
		wantErr error
		msg     string // substring of the error message
	}{
		{name: "accepts-libreoffice-pdf", data: fixture(t, "paper.pdf"), want: KindPDF},
		{name: "accepts-minimal-pdf", data: []byte(minimalPDF), want: KindPDF},
		{name: "accepts-pdf-with-trailing-newlines", data: []byte(minimalPDF + "\r\n\r\n"), want: KindPDF},
		{name: "accepts-libreoffice-docx", data: fixture(t, "paper.docx"), want: KindDOCX},
		{name: "accepts-minimal-docx", data: docx, want: KindDOCX},
		{name: "accepts-zip64-docx", data: toZip64(t, docx), want: KindDOCX},
		{name: "accepts-markdown", data: []byte("# Position paper\n\nMaritime *confidence*.\n"), want: KindMarkdown},
		{name: "accepts-chinese-markdown", data: []byte("\ufeff# 立场文件\n\n海上信任措施。\n"), want: KindMarkdown},
		{name: "accepts-markdown-starting-with-inline-html", data: []byte("<p align=\"center\">Logo</p>\n\n# Title\n"), want: KindMarkdown},
		{name: "accepts-markdown-starting-with-comment", data: []byte("<!-- draft 2 -->\n# Title\n"), want: KindMarkdown},
		{name: "accepts-markdown-starting-with-mz", data: []byte("MZ is the abbreviation we use.\n"), want: KindMarkdown},
		{name: "accepts-markdown-with-tabs-and-crlf", data: []byte("a\tb\r\nc\f\r\n"), want: KindMarkdown},
		{name: "accepts-one-char-markdown", data: []byte("x"), want: KindMarkdown},
		{name: "rejects-html-renamed-pdf", data: []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"),
			claimed: "paper.pdf", wantErr: ErrUnsupportedType, msg: "the file is HTML, not a PDF file; upload a PDF, DOCX or Markdown file"},
		{name: "rejects-html-after-bom-and-space", data: []byte("\ufeff \n\t<HTML lang=en><body>x"), wantErr: ErrUnsupportedType, msg: "HTML"},
		{name: "rejects-html-after-zero-width-space", data: []byte("\u200b\u3000<html>"), wantErr: ErrUnsupportedType, msg: "HTML"},
		{name: "rejects-html-after-comment", data: []byte("<!-- x --> <!--y--><html>"), wantErr: ErrUnsupportedType, msg: "HTML"},
		{name: "rejects-script", data: []byte("<script src=//evil></script>"), wantErr: ErrUnsupportedType, msg: "HTML"},
		{name: "rejects-iframe", data: []byte("<iframe src=x>"), wantErr: ErrUnsupportedType},
		{name: "rejects-svg", data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`),
			claimed: "notes.md", wantErr: ErrUnsupportedType, msg: "the file is an SVG image, not a Markdown file"},
		{name: "rejects-svg-with-xml-declaration", data: []byte("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"), wantErr: ErrUnsupportedType, msg: "SVG"},
		{name: "rejects-svg-doctype", data: []byte("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\"><svg/>"), wantErr: ErrUnsupportedType, msg: "SVG"},
		{name: "rejects-xhtml", data: []byte("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"), wantErr: ErrUnsupportedType, msg: "HTML"},
		{name: "rejects-xml", data: []byte("<?xml version=\"1.0\"?><root/>"), wantErr: ErrUnsupportedType, msg: "XML"},
		{name: "rejects-namespaced-xml", data: []byte("<xsl:stylesheet version=\"1.0\">"), wantErr: ErrUnsupportedType, msg: "XML"},
		{name: "rejects-unterminated-leading-comment", data: []byte("<!-- <html><script>"), wantErr: ErrUnsupportedType, msg: "HTML"},
		{name: "rejects-nul-in-text", data: []byte("# Title\x00hidden"), wantErr: ErrUnsupportedType, msg: "binary"},
		{name: "rejects-control-char-in-text", data: []byte("# Title\x1b[31m"), wantErr: ErrUnsupportedType},
		{name: "rejects-latin1-text", data: []byte("Caf\xe9 paper"), wantErr: ErrUnsupportedType, msg: "save it with UTF-8 encoding"},
		{name: "rejects-gbk-text", data: []byte("\xc1\xa2\xb3\xa1\xce\xc4\xbc\xfe\xff"), wantErr: ErrUnsupportedType, msg: "not UTF-8"},
		{name: "rejects-truncated-utf8-at-end", data: []byte("立场\xe6\x96"), wantErr: ErrUnsupportedType, msg: "not UTF-8"},
		{name: "rejects-utf16-text", data: []byte("\xff\xfe#\x00 \x00T\x00"), wantErr: ErrUnsupportedType, msg: "UTF-16"},
		{name: "rejects-png", data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), claimed: "x.pdf", wantErr: ErrUnsupportedType, msg: "PNG image, not a PDF"},
		{name: "rejects-exe", data: append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 64)...), wantErr: ErrUnsupportedType, msg: "program"},
		{name: "rejects-legacy-doc", data: fixture(t, "paper.doc"), claimed: "paper.doc", wantErr: ErrUnsupportedType, msg: "save it as DOCX or PDF"},
		{name: "rejects-odt", data: fixture(t, "paper.odt"), claimed: "paper.docx", wantErr: ErrUnsupportedType, msg: "OpenDocument text (.odt), not a DOCX file"},
		{name: "rejects-plain-zip", data: buildZip(t, zipEntry{name: "a.txt", body: []byte("a")}), wantErr: ErrUnsupportedType, msg: "ZIP archive"},
		{name: "rejects-empty-zip", data: buildZip(t), wantErr: ErrUnsupportedType, msg: "ZIP archive"},
		{name: "rejects-empty-file", data: nil, wantErr: ErrEmpty},
		{name: "rejects-whitespace-only-file", data: []byte(" \n\t\ufeff\r\n"), wantErr: ErrEmpty},
		{name: "rejects-truncated-pdf", data: []byte(minimalPDF[:len(minimalPDF)-7]), wantErr: ErrDamaged, msg: "incomplete"},
		{name: "rejects-pdf-without-version", data: []byte("%PDF-xx\n%%EOF"), wantErr: ErrDamaged},
		{name: "rejects-tiny-pdf-header", data: []byte("%PDF-"), wantErr: ErrDamaged},
		{name: "rejects-truncated-docx", data: docx[:len(docx)-30], wantErr: ErrDamaged},
		{name: "rejects-pdf-prefixed-by-html", data: []byte("<html>" + minimalPDF), wantErr: ErrUnsupportedType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// One byte at a time too: the streaming sniffer must not depend
			// on how reads are split.
			for _, r := range []io.Reader{bytes.NewReader(tt.data), iotest.OneByteReader(bytes.NewReader(tt.data))} {
				got, err := DetectWithLimits(r, Limits{}, tt.claimed)
				if tt.wantErr != nil {
					if !errors.Is(err, tt.wantErr) {
						t.Fatalf("err = %v, want %v", err, tt.wantErr)
					}
					if !IsRejected(err) {
						t.Errorf("IsRejected(%v) = false", err)
					}
					if !strings.Contains(err.Error(), tt.msg) {
						t.Errorf("message %q lacks %q", err.Error(), tt.msg)
					}
					if got != KindUnknown {
						t.Errorf("kind = %q with an error", got)
					}
					continue
				}
				if err != nil || got != tt.want {
					t.Fatalf("Detect = %q, %v; want %q", got, err, tt.want)
				}
			}
		})
	}
}

func TestDetectRejectsOversizedInput(t *testing.T) {
	r := &countingReader{limit: 1 << 30, fill: 'a'}
	_, err := DetectWithLimits(r, Limits{MaxSize: 1 << 20}, "")
	var tle *TooLargeError
	if !errors.As(err, &tle) || tle.Limit != 1<<20 {
		t.Fatalf("err = %v, want TooLargeError", err)
	}
	if r.n > 1<<20+64<<10 {
		t.Errorf("read %d bytes after a 1 MB limit", r.n)
	}
}

func TestDetectStopsReadingHTMLEarly(t *testing.T) {
	r := io.MultiReader(strings.NewReader("<!doctype html>"), &countingReader{limit: 1 << 30, fill: 'a'})
	counted := &countingWrapper{r: r}
	_, err := Detect(counted)
	if !errors.Is(err, ErrUnsupportedType) {
		t.Fatalf("err = %v", err)
	}
	if counted.n > 64<<10 {
		t.Errorf("read %d bytes of an HTML body", counted.n)
	}
}

func TestDetectHeader(t *testing.T) {
	tests := []struct {
		name    string
		header  []byte
		want    Kind
		wantErr error
	}{
		{name: "provisional-pdf", header: []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), want: KindPDF},
		{name: "provisional-docx-for-zip", header: []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"), want: KindDOCX},
		{name: "markdown-prefix-with-cut-rune", header: append(bytes.Repeat([]byte("立"), HeaderSize/3), "\xe7"...), want: KindMarkdown},
		{name: "rejects-html-header", header: []byte("  <html><head>"), wantErr: ErrUnsupportedType},
		{name: "rejects-jpeg-header", header: []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01"), wantErr: ErrUnsupportedType},
		{name: "rejects-empty-header", header: nil, wantErr: ErrEmpty},
		{name: "rejects-blank-short-file", header: []byte("   "), wantErr: ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DetectHeader(tt.header)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("DetectHeader = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// countingReader produces limit bytes lazily (zeros, or fill) and counts
// what was read.
type countingReader struct {
	limit, n int64
	fill     byte
}

func (r *countingReader) Read(p []byte) (int, error) {
	if r.n >= r.limit {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > r.limit-r.n {
		n = r.limit - r.n
	}
	if r.fill != 0 {
		for i := range p[:n] {
			p[i] = r.fill
		}
	} else {
		clear(p[:n])
	}
	r.n += n
	return int(n), nil
}

// countingWrapper counts the bytes read through it.
type countingWrapper struct {
	r io.Reader
	n int64
}

func (c *countingWrapper) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
