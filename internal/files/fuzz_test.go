package files

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"mime"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDetect feeds arbitrary content to the sniffer. Seeds:
// testdata/fuzz/FuzzDetect.
func FuzzDetect(f *testing.F) {
	f.Add([]byte(minimalPDF), 3)
	f.Add([]byte("<!doctype html><p>x"), 1)
	f.Add([]byte("# 立场文件\n"), 4)
	lim := Limits{MaxSize: 1 << 20, MaxZipUncompressed: 8 << 20}
	f.Fuzz(func(t *testing.T, data []byte, split int) {
		kind, err := DetectWithLimits(bytes.NewReader(data), lim, "x.pdf")
		if (err == nil) != kind.Valid() {
			t.Fatalf("kind %q with err %v", kind, err)
		}
		if err != nil && !IsRejected(err) {
			t.Fatalf("in-memory content gave a non-rejection error: %v", err)
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error message")
		}
		// The verdict must not depend on how the stream is cut.
		if split < 0 {
			split = -split
		}
		if len(data) > 0 {
			split %= len(data) + 1
		} else {
			split = 0
		}
		r := &splitReader{parts: [][]byte{data[:split], data[split:]}}
		kind2, err2 := DetectWithLimits(r, lim, "x.pdf")
		if kind2 != kind || (err == nil) != (err2 == nil) || sentinel(err) != sentinel(err2) {
			t.Fatalf("split at %d: %q/%v, whole: %q/%v", split, kind2, err2, kind, err)
		}
		if kind == KindMarkdown && (!utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0) {
			t.Fatalf("accepted non-text as Markdown: %q", data)
		}
		// A header refusal is final.
		if _, herr := DetectHeader(data[:min(len(data), HeaderSize)]); herr != nil && err == nil &&
			!(len(data) > HeaderSize) {
			t.Fatalf("DetectHeader refused (%v) what Detect accepted", herr)
		}
	})
}

// sentinel returns the rejection sentinel err wraps.
func sentinel(err error) error {
	for _, s := range rejections {
		if errors.Is(err, s) {
			return s
		}
	}
	return err
}

// splitReader returns its parts one Read at a time.
type splitReader struct{ parts [][]byte }

func (r *splitReader) Read(p []byte) (int, error) {
	for len(r.parts) > 0 && len(r.parts[0]) == 0 {
		r.parts = r.parts[1:]
	}
	if len(r.parts) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.parts[0])
	r.parts[0] = r.parts[0][n:]
	return n, nil
}

// FuzzCheckDOCX feeds arbitrary bytes to the ZIP/DOCX checks. Seeds:
// testdata/fuzz/FuzzCheckDOCX.
func FuzzCheckDOCX(f *testing.F) {
	f.Add(buildZip(f, docxEntries()...))
	lim := Limits{MaxZipUncompressed: 8 << 20, MaxZipEntries: 200}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := CheckDOCX(bytes.NewReader(data), int64(len(data)), lim)
		if err == nil {
			zr, zerr := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if zr == nil {
				t.Fatalf("accepted a ZIP archive/zip cannot open: %v", zerr)
			}
			for _, zf := range zr.File {
				if unsafeEntryName(zf.Name) != "" {
					t.Fatalf("accepted unsafe name %q", zf.Name)
				}
			}
			return
		}
		if !IsRejected(err) {
			t.Fatalf("non-rejection error: %v", err)
		}
	})
}

// FuzzSanitizeName checks file name sanitizing and Content-Disposition.
// Seeds: testdata/fuzz/FuzzSanitizeName.
func FuzzSanitizeName(f *testing.F) {
	f.Add(`a";filename="evil.html`)
	f.Add("海上信任措施.pdf")
	f.Fuzz(func(t *testing.T, name string) {
		s := SanitizeName(name)
		if s == "" || len(s) > MaxNameBytes || !utf8.ValidString(s) {
			t.Fatalf("SanitizeName(%q) = %q", name, s)
		}
		if strings.ContainsAny(s, "/\\\"\x00\r\n<>:|?*`") || strings.HasPrefix(s, ".") || strings.HasSuffix(s, " ") {
			t.Fatalf("SanitizeName(%q) = %q keeps a forbidden character", name, s)
		}
		for _, r := range s {
			if r < 0x20 || r == 0x7f || r == '\u202e' {
				t.Fatalf("SanitizeName(%q) = %q keeps control %U", name, s, r)
			}
		}
		if again := SanitizeName(s); again != s {
			t.Fatalf("not idempotent: %q -> %q -> %q", name, s, again)
		}
		cd := ContentDisposition(name)
		for i := 0; i < len(cd); i++ {
			if cd[i] < 0x20 || cd[i] >= 0x7f {
				t.Fatalf("ContentDisposition(%q) = %q has byte %#x", name, cd, cd[i])
			}
		}
		disp, params, err := mime.ParseMediaType(cd)
		if err != nil || disp != "attachment" || len(params) != 1 {
			t.Fatalf("ContentDisposition(%q) = %q parses as %q %v %v", name, cd, disp, params, err)
		}
		if params["filename"] != s && strings.Contains(cd, "filename*=") {
			t.Fatalf("ContentDisposition(%q) decodes to %q, want %q", name, params["filename"], s)
		}
		for _, k := range Kinds {
			if d := DownloadName(name, k); len(d) > MaxNameBytes || d == "" {
				t.Fatalf("DownloadName(%q, %s) = %q", name, k, d)
			}
		}
	})
}
