package files

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"os"
	"testing"
)

// fixture reads a committed file from testdata (see testdata/README.md).
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// zipEntry is one entry of a ZIP built by buildZip.
type zipEntry struct {
	name string
	body []byte
	// raw, when set, writes the header as given with body as the already
	// compressed data (for lying headers, encryption flags…).
	raw *zip.FileHeader
}

const contentTypesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`

const relsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`

const documentXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>Maritime confidence-building measures 海上信任措施</w:t></w:r></w:p></w:body>
</w:document>`

// docxEntries are the parts of a minimal valid DOCX.
func docxEntries() []zipEntry {
	return []zipEntry{
		{name: "[Content_Types].xml", body: []byte(contentTypesXML)},
		{name: "_rels/.rels", body: []byte(relsXML)},
		{name: "word/document.xml", body: []byte(documentXML)},
	}
}

// buildZip writes entries into a ZIP archive.
func buildZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if e.raw != nil {
			h := *e.raw
			h.Name = e.name
			w, err := zw.CreateRaw(&h)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(e.body); err != nil {
				t.Fatal(err)
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// deflate compresses b with raw DEFLATE, as ZIP entries hold it.
func deflate(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(b)
	fw.Close()
	return buf.Bytes()
}

// rawDeflated returns a raw entry whose header declares declared bytes but
// whose data is actual, compressed.
func rawDeflated(t testing.TB, name string, actual []byte, declared uint64) zipEntry {
	c := deflate(t, actual)
	return zipEntry{name: name, body: c, raw: &zip.FileHeader{
		Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(actual),
		CompressedSize64: uint64(len(c)), UncompressedSize64: declared,
	}}
}

// toZip64 rewrites an archive made by buildZip (no comment) to use zip64
// end records, as some writers always do.
func toZip64(t testing.TB, z []byte) []byte {
	t.Helper()
	end := z[len(z)-endLen:]
	if string(end[:4]) != sigEnd {
		t.Fatal("no end record")
	}
	count := uint64(binary.LittleEndian.Uint16(end[10:]))
	size := uint64(binary.LittleEndian.Uint32(end[12:]))
	off := uint64(binary.LittleEndian.Uint32(end[16:]))
	out := append([]byte(nil), z[:len(z)-endLen]...)
	e64Off := uint64(len(out))
	e64 := make([]byte, end64Len)
	copy(e64, sigEnd64)
	binary.LittleEndian.PutUint64(e64[4:], end64Len-12)
	binary.LittleEndian.PutUint16(e64[12:], 45)
	binary.LittleEndian.PutUint16(e64[14:], 45)
	binary.LittleEndian.PutUint64(e64[24:], count)
	binary.LittleEndian.PutUint64(e64[32:], count)
	binary.LittleEndian.PutUint64(e64[40:], size)
	binary.LittleEndian.PutUint64(e64[48:], off)
	out = append(out, e64...)
	loc := make([]byte, end64LocatorLen)
	copy(loc, sigEnd64Locator)
	binary.LittleEndian.PutUint64(loc[8:], e64Off)
	binary.LittleEndian.PutUint32(loc[16:], 1)
	out = append(out, loc...)
	e := make([]byte, endLen)
	copy(e, sigEnd)
	binary.LittleEndian.PutUint16(e[8:], 0xffff)
	binary.LittleEndian.PutUint16(e[10:], 0xffff)
	binary.LittleEndian.PutUint32(e[12:], 0xffffffff)
	binary.LittleEndian.PutUint32(e[16:], 0xffffffff)
	return append(out, e...)
}

// minimalPDF is a small valid PDF (one empty page).
const minimalPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n" +
	"trailer<</Root 1 0 R>>\n%%EOF\n"
