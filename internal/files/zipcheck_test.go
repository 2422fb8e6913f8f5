package files

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"strings"
	"testing"
)

func TestCheckDOCX(t *testing.T) {
	zeros := func(n int) []byte { return make([]byte, n) }
	withDocx := func(extra ...zipEntry) []byte { return buildZip(t, append(docxEntries(), extra...)...) }
	many := docxEntries()
	for i := range DefaultMaxZipEntries {
		many = append(many, zipEntry{name: fmt.Sprintf("word/media/p%d.xml", i), body: []byte("x")})
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00")
	macroTypes := strings.Replace(contentTypesXML, ctDocument, "application/vnd.ms-word.document.macroEnabled.main+xml", 1)

	tests := []struct {
		name    string
		zip     []byte
		lim     Limits
		wantErr error
		msg     string
	}{
		{name: "accepts-minimal-docx", zip: withDocx()},
		{name: "accepts-libreoffice-docx", zip: fixture(t, "paper.docx")},
		{name: "accepts-docx-with-folder-entries", zip: withDocx(zipEntry{name: "word/media/"})},
		{name: "accepts-docx-with-stored-image", zip: withDocx(zipEntry{name: "word/media/image1.png",
			body: png, raw: &zip.FileHeader{Method: zip.Store, CRC32: crc32.ChecksumIEEE(png), CompressedSize64: 9, UncompressedSize64: 9}})},
		{name: "rejects-zip-bomb-2gb-declared", wantErr: ErrZipBomb, msg: "unpacks to more than",
			zip: withDocx(rawDeflated(t, "word/media/zeros.bin", zeros(1<<20), 2<<30))},
		{name: "rejects-zip-bomb-header-understates-size", wantErr: ErrZipBomb, msg: "larger than its header says",
			zip: withDocx(rawDeflated(t, "word/media/zeros.bin", zeros(8<<20), 1000))},
		{name: "rejects-zip-bomb-high-ratio", wantErr: ErrZipBomb, msg: "compressed suspiciously well",
			zip: withDocx(zipEntry{name: "word/zeros.xml", body: zeros(4 << 20)})},
		{name: "rejects-zip-bomb-many-entries", zip: buildZip(t, many...), wantErr: ErrZipBomb, msg: "too many entries"},
		{name: "rejects-zip-bomb-over-custom-entry-limit", zip: withDocx(), lim: Limits{MaxZipEntries: 2}, wantErr: ErrZipBomb},
		{name: "rejects-zip-bomb-over-total-limit", wantErr: ErrZipBomb, lim: Limits{MaxZipUncompressed: 1 << 20},
			zip: withDocx(zipEntry{name: "word/a.xml", body: bytes.Repeat([]byte("<w:p/>"), 100<<10)},
				zipEntry{name: "word/b.xml", body: bytes.Repeat([]byte("<w:p/>"), 100<<10)})},
		{name: "rejects-zip-bomb-overlapping-entries", zip: overlapping(t), wantErr: ErrZipBomb, msg: "share their data"},
		{name: "rejects-dot-dot-entry", zip: withDocx(zipEntry{name: "../../etc/cron.d/x", body: []byte("x")}), wantErr: ErrZipTraversal, msg: "outside its folder"},
		{name: "rejects-inner-dot-dot-entry", zip: withDocx(zipEntry{name: "word/../../x", body: []byte("x")}), wantErr: ErrZipTraversal},
		{name: "rejects-absolute-entry", zip: withDocx(zipEntry{name: "/etc/passwd", body: []byte("x")}), wantErr: ErrZipTraversal, msg: "absolute"},
		{name: "rejects-backslash-entry", zip: withDocx(zipEntry{name: `..\..\win.ini`, body: []byte("x")}), wantErr: ErrZipTraversal, msg: "backslash"},
		{name: "rejects-drive-letter-entry", zip: withDocx(zipEntry{name: "C:/x", body: []byte("x")}), wantErr: ErrZipTraversal, msg: "drive"},
		{name: "rejects-nul-entry", zip: withDocx(zipEntry{name: "word/a.xml\x00.png", body: []byte("x")}), wantErr: ErrZipTraversal, msg: "control"},
		{name: "rejects-empty-segment-entry", zip: withDocx(zipEntry{name: "word//a.xml", body: []byte("x")}), wantErr: ErrZipTraversal},
		{name: "rejects-invalid-utf8-entry", zip: withDocx(zipEntry{name: "word/\xff.xml", body: []byte("x")}), wantErr: ErrZipTraversal},
		{name: "rejects-duplicate-entry", zip: withDocx(zipEntry{name: "word/document.xml", body: []byte("<evil/>")}), wantErr: ErrZipDuplicate},
		{name: "rejects-case-duplicate-entry", zip: withDocx(zipEntry{name: "WORD/Document.xml", body: []byte("<evil/>")}), wantErr: ErrZipDuplicate},
		{name: "rejects-encrypted-entry", wantErr: ErrZipEncrypted, zip: withDocx(zipEntry{name: "word/secret.xml", body: []byte("xxxx"),
			raw: &zip.FileHeader{Method: zip.Store, Flags: 0x1, CompressedSize64: 4, UncompressedSize64: 4}})},
		{name: "rejects-bad-crc", wantErr: ErrDamaged, msg: "checksum", zip: withDocx(zipEntry{name: "word/x.xml", body: []byte("abcd"),
			raw: &zip.FileHeader{Method: zip.Store, CRC32: 1, CompressedSize64: 4, UncompressedSize64: 4}})},
		{name: "rejects-unknown-method", wantErr: ErrDamaged, msg: "compression method", zip: withDocx(zipEntry{name: "word/x.xml", body: []byte("abcd"),
			raw: &zip.FileHeader{Method: 14, CompressedSize64: 4, UncompressedSize64: 4}})},
		{name: "rejects-trailing-data", zip: append(withDocx(), "junk"...), wantErr: ErrDamaged},
		{name: "rejects-missing-document", zip: buildZip(t, docxEntries()[:2]...), wantErr: ErrUnsupportedType},
		{name: "rejects-wrong-content-type", wantErr: ErrUnsupportedType, zip: buildZip(t,
			zipEntry{name: "[Content_Types].xml", body: []byte("<Types/>")}, zipEntry{name: "word/document.xml", body: []byte("<w/>")})},
		{name: "rejects-macro-enabled-content-type", wantErr: ErrUnsupportedType, msg: "macro-enabled", zip: buildZip(t,
			zipEntry{name: "[Content_Types].xml", body: []byte(macroTypes)}, zipEntry{name: "word/document.xml", body: []byte("<w/>")})},
		{name: "rejects-vba-project", zip: withDocx(zipEntry{name: "word/vbaProject.bin", body: []byte("x")}), wantErr: ErrUnsupportedType, msg: "macro-enabled"},
		{name: "rejects-odt", zip: fixture(t, "paper.odt"), wantErr: ErrUnsupportedType, msg: "OpenDocument"},
		{name: "rejects-xlsx", zip: buildZip(t, zipEntry{name: "[Content_Types].xml", body: []byte("<Types/>")},
			zipEntry{name: "xl/workbook.xml", body: []byte("<workbook/>")}), wantErr: ErrUnsupportedType, msg: "Excel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckDOCX(bytes.NewReader(tt.zip), int64(len(tt.zip)), tt.lim)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("CheckDOCX = %v", err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if !IsRejected(err) {
				t.Errorf("IsRejected(%v) = false", err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q lacks %q", err.Error(), tt.msg)
			}
		})
	}
}

// overlapping builds a DOCX whose extra entries' central headers point at
// the same local data (the "overlapping files" bomb technique).
func overlapping(t *testing.T) []byte {
	z := buildZip(t, append(docxEntries(),
		zipEntry{name: "word/a.xml", body: []byte("<a/>")},
		zipEntry{name: "word/b.xml", body: []byte("<a/>")})...)
	var offs []int
	for i := 0; i+4 <= len(z); i++ {
		if string(z[i:i+4]) == sigCentral {
			offs = append(offs, i)
		}
	}
	a, b := offs[len(offs)-2], offs[len(offs)-1]
	copy(z[b+42:b+46], z[a+42:a+46])
	return z
}

func TestCheckDOCXDirectoryUnderstatingEntries(t *testing.T) {
	// The end record declares 1 entry, the directory holds 3: with a limit
	// of 2 the scan refuses it as a bomb before archive/zip builds any
	// header; within the limit the count mismatch is damage.
	z := buildZip(t, docxEntries()...)
	end := len(z) - endLen
	binary.LittleEndian.PutUint16(z[end+8:], 1)
	binary.LittleEndian.PutUint16(z[end+10:], 1)
	if err := CheckDOCX(bytes.NewReader(z), int64(len(z)), Limits{MaxZipEntries: 2}); !errors.Is(err, ErrZipBomb) {
		t.Errorf("with limit 2: err = %v, want ErrZipBomb", err)
	}
	if err := CheckDOCX(bytes.NewReader(z), int64(len(z)), Limits{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("with default limits: err = %v, want ErrDamaged", err)
	}
}

func TestContentErrorMessageQuotesEntry(t *testing.T) {
	err := &ContentError{Err: ErrZipTraversal, Kind: KindDOCX, Reason: "contains an unsafe entry", Entry: "a\r\nb\"" + strings.Repeat("x", 200)}
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") || !strings.HasSuffix(msg, `…")`) {
		t.Errorf("message %q is not quoted and shortened", msg)
	}
}
