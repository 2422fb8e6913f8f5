package files

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// ZIP record signatures and sizes (APPNOTE.TXT 4.3).
const (
	sigLocal         = "PK\x03\x04"
	sigCentral       = "PK\x01\x02"
	sigEnd           = "PK\x05\x06"
	sigEnd64         = "PK\x06\x06"
	sigEnd64Locator  = "PK\x06\x07"
	endLen           = 22
	end64Len         = 56
	end64LocatorLen  = 20
	centralHeaderLen = 46
	maxCommentLen    = 0xffff
)

// Content types of the main part in [Content_Types].xml.
const (
	ctDocument = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctTemplate = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
	ctMacro    = "application/vnd.ms-word.document.macroenabled.main+xml"
	ctMacroTpl = "application/vnd.ms-word.template.macroenabledtemplate.main+xml"
)

// zipBufPool holds copy buffers for decompression.
var zipBufPool = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// CheckDOCX checks that the size bytes of r hold a safe DOCX document: a
// well-formed ZIP container within lim (entry count, declared and actual
// uncompressed size, compression ratio, no overlapping entries), with safe,
// unique entry names, no encryption, only stored or deflated entries whose
// CRC-32 and sizes match their headers, a [Content_Types].xml declaring a
// Word document and a word/document.xml part, and no macros.
//
// Every entry is decompressed once, within the limits, so a header that lies
// about its size is caught while reading; memory use does not depend on the
// file's size. A ZIP that is another format (ODT, XLSX, a plain archive)
// gives an *UnsupportedTypeError; unsafe or damaged content a *ContentError.
func CheckDOCX(r io.ReaderAt, size int64, lim Limits) error {
	lim = lim.withDefaults()
	dir, err := readDirectoryEnd(r, size)
	if err != nil {
		return err
	}
	if dir.entries > uint64(lim.MaxZipEntries) {
		return bomb("has too many entries", "")
	}
	if err := scanCentralDirectory(r, dir, lim.MaxZipEntries); err != nil {
		return err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return damaged("is not a valid ZIP container")
	}
	if len(zr.File) > lim.MaxZipEntries {
		return bomb("has too many entries", "")
	}
	if err := checkEntries(zr.File, dir, size, lim); err != nil {
		return err
	}
	names := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		names[strings.ToLower(f.Name)] = f
	}
	if names["[content_types].xml"] == nil || names["word/document.xml"] == nil {
		return &UnsupportedTypeError{Found: otherZipFormat(names)}
	}
	if names["word/vbaproject.bin"] != nil {
		return &UnsupportedTypeError{Found: FormatDOCM}
	}
	contentTypes, err := readPart(names["[content_types].xml"])
	if err != nil {
		return err
	}
	ct := bytes.ToLower(contentTypes)
	switch {
	case bytes.Contains(ct, []byte(ctMacro)), bytes.Contains(ct, []byte(ctMacroTpl)):
		return &UnsupportedTypeError{Found: FormatDOCM}
	case !bytes.Contains(ct, []byte(ctDocument)) && !bytes.Contains(ct, []byte(ctTemplate)):
		return &UnsupportedTypeError{Found: otherZipFormat(names)}
	}
	return nil
}

func bomb(reason, entry string) error {
	return &ContentError{Err: ErrZipBomb, Kind: KindDOCX, Reason: reason, Entry: entry}
}

func damaged(reason string) error {
	return &ContentError{Err: ErrDamaged, Kind: KindDOCX, Reason: reason}
}

// directory is what the end-of-central-directory records declare.
type directory struct {
	entries uint64
	offset  uint64 // of the central directory
	size    uint64 // of the central directory
	end     uint64 // offset of the record that follows it (zip64 or classic end)
}

// readDirectoryEnd finds and parses the end-of-central-directory record
// (zip64 if flagged). It insists that the record's comment runs exactly to
// the end of the file and that the central directory ends where the end
// records begin: no data is hidden after or between.
func readDirectoryEnd(r io.ReaderAt, size int64) (directory, error) {
	var d directory
	if size < endLen {
		return d, damaged("is not a complete ZIP container")
	}
	n := min(size, endLen+maxCommentLen)
	buf := make([]byte, n)
	if _, err := r.ReadAt(buf, size-n); err != nil && !errors.Is(err, io.EOF) {
		return d, damaged("could not be read")
	}
	pos := -1
	for i := len(buf) - endLen; i >= 0; i-- {
		if string(buf[i:i+4]) == sigEnd && int(binary.LittleEndian.Uint16(buf[i+20:])) == len(buf)-i-endLen {
			pos = i
			break
		}
	}
	if pos < 0 {
		return d, damaged("is not a complete ZIP container")
	}
	e := buf[pos:]
	endOff := uint64(size-n) + uint64(pos)
	disk, cdDisk := binary.LittleEndian.Uint16(e[4:]), binary.LittleEndian.Uint16(e[6:])
	onDisk, total := binary.LittleEndian.Uint16(e[8:]), binary.LittleEndian.Uint16(e[10:])
	d = directory{
		entries: uint64(total),
		size:    uint64(binary.LittleEndian.Uint32(e[12:])),
		offset:  uint64(binary.LittleEndian.Uint32(e[16:])),
		end:     endOff,
	}
	if total == 0xffff || onDisk == 0xffff || d.size == 0xffffffff || d.offset == 0xffffffff {
		var err error
		if d, err = readDirectoryEnd64(r, endOff); err != nil {
			return d, err
		}
	} else if disk != 0 || cdDisk != 0 || onDisk != total {
		return d, damaged("is a multi-part ZIP archive")
	}
	if d.offset > d.end || d.size != d.end-d.offset {
		return d, damaged("has data where its directory should be")
	}
	return d, nil
}

// readDirectoryEnd64 reads the zip64 locator just before the classic end
// record, and the zip64 end record it points to.
func readDirectoryEnd64(r io.ReaderAt, endOff uint64) (directory, error) {
	var d directory
	if endOff < end64LocatorLen {
		return d, damaged("is not a complete ZIP container")
	}
	loc := make([]byte, end64LocatorLen)
	if _, err := r.ReadAt(loc, int64(endOff-end64LocatorLen)); err != nil || string(loc[:4]) != sigEnd64Locator {
		return d, damaged("is not a complete ZIP container")
	}
	if binary.LittleEndian.Uint32(loc[4:]) != 0 || binary.LittleEndian.Uint32(loc[16:]) > 1 {
		return d, damaged("is a multi-part ZIP archive")
	}
	off := binary.LittleEndian.Uint64(loc[8:])
	if off > endOff-end64LocatorLen || endOff-end64LocatorLen-off < end64Len {
		return d, damaged("is not a complete ZIP container")
	}
	e := make([]byte, end64Len)
	if _, err := r.ReadAt(e, int64(off)); err != nil || string(e[:4]) != sigEnd64 {
		return d, damaged("is not a complete ZIP container")
	}
	if binary.LittleEndian.Uint32(e[16:]) != 0 || binary.LittleEndian.Uint32(e[20:]) != 0 ||
		binary.LittleEndian.Uint64(e[24:]) != binary.LittleEndian.Uint64(e[32:]) {
		return d, damaged("is a multi-part ZIP archive")
	}
	return directory{
		entries: binary.LittleEndian.Uint64(e[32:]),
		size:    binary.LittleEndian.Uint64(e[40:]),
		offset:  binary.LittleEndian.Uint64(e[48:]),
		end:     off,
	}, nil
}

// scanCentralDirectory walks the central directory's headers without
// building them, so that a directory with millions of entries is refused
// before archive/zip allocates one struct per entry.
func scanCentralDirectory(r io.ReaderAt, d directory, maxEntries int) error {
	br := bufio.NewReaderSize(io.NewSectionReader(r, int64(d.offset), int64(d.size)), 4096)
	var h [centralHeaderLen]byte
	var count, read uint64
	for read < d.size {
		if _, err := io.ReadFull(br, h[:]); err != nil || string(h[:4]) != sigCentral {
			return damaged("has a damaged directory")
		}
		count++
		if count > uint64(maxEntries) {
			return bomb("has too many entries", "")
		}
		skip := int64(binary.LittleEndian.Uint16(h[28:])) + int64(binary.LittleEndian.Uint16(h[30:])) +
			int64(binary.LittleEndian.Uint16(h[32:]))
		if n, err := br.Discard(int(skip)); err != nil || int64(n) != skip {
			return damaged("has a damaged directory")
		}
		read += centralHeaderLen + uint64(skip)
	}
	if read != d.size || count != d.entries {
		return damaged("has a damaged directory")
	}
	return nil
}

// checkEntries checks names, flags, methods and declared sizes of every
// entry, then that no two entries share compressed data, then decompresses
// each within the limits.
func checkEntries(files []*zip.File, d directory, size int64, lim Limits) error {
	seen := make(map[string]struct{}, len(files))
	var declared uint64
	for _, f := range files {
		if reason := unsafeEntryName(f.Name); reason != "" {
			return &ContentError{Err: ErrZipTraversal, Kind: KindDOCX, Reason: reason, Entry: f.Name}
		}
		key := strings.ToLower(f.Name)
		if _, dup := seen[key]; dup {
			return &ContentError{Err: ErrZipDuplicate, Kind: KindDOCX,
				Reason: "contains two entries with the same name", Entry: f.Name}
		}
		seen[key] = struct{}{}
		if f.Flags&0x1 != 0 || f.Flags&0x40 != 0 {
			return &ContentError{Err: ErrZipEncrypted, Kind: KindDOCX,
				Reason: "is encrypted; remove the password and upload it again", Entry: f.Name}
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return &ContentError{Err: ErrDamaged, Kind: KindDOCX,
				Reason: "uses an unsupported compression method", Entry: f.Name}
		}
		if strings.HasSuffix(f.Name, "/") && f.UncompressedSize64 != 0 {
			return damaged("has a folder entry with content")
		}
		u := f.UncompressedSize64
		if u > uint64(lim.MaxZipUncompressed) || declared+u > uint64(lim.MaxZipUncompressed) {
			return bomb("unpacks to more than "+FormatSize(lim.MaxZipUncompressed), f.Name)
		}
		declared += u
		if int64(u) > ZipRatioFloor && u/max(f.CompressedSize64, 1) > uint64(lim.MaxZipRatio) {
			return bomb("has an entry that is compressed suspiciously well", f.Name)
		}
	}
	if int64(declared) > ZipRatioFloor && declared/uint64(max(size, 1)) > uint64(lim.MaxZipRatio) {
		return bomb("is compressed suspiciously well", "")
	}
	if err := checkOverlap(files, d); err != nil {
		return err
	}
	var budget = lim.MaxZipUncompressed
	for _, f := range files {
		n, err := inflateEntry(f, budget, nil)
		if err != nil {
			return err
		}
		budget -= n
	}
	return nil
}

// unsafeEntryName returns why an entry name is unsafe, or "".
func unsafeEntryName(name string) string {
	switch {
	case name == "":
		return "contains an entry without a name"
	case !utf8.ValidString(name):
		return "contains an entry name that is not valid text"
	case strings.ContainsAny(name, "\\"):
		return "contains an entry name with a backslash"
	case strings.HasPrefix(name, "/"):
		return "contains an entry with an absolute path"
	case len(name) >= 2 && name[1] == ':' && (name[0]|0x20 >= 'a' && name[0]|0x20 <= 'z'):
		return "contains an entry with a drive letter"
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return "contains an entry name with control characters"
		}
	}
	segs := strings.Split(strings.TrimSuffix(name, "/"), "/")
	for _, s := range segs {
		switch s {
		case "..":
			return "contains an entry that points outside its folder"
		case "", ".":
			return "contains an entry name with an empty or '.' segment"
		}
	}
	return ""
}

// checkOverlap refuses entries whose compressed data overlap each other or
// the central directory: the trick behind non-recursive "overlapping" bombs.
func checkOverlap(files []*zip.File, d directory) error {
	type span struct {
		start, end uint64
		name       string
	}
	spans := make([]span, 0, len(files))
	for _, f := range files {
		off, err := f.DataOffset()
		if err != nil || off < 0 {
			return damaged("has a damaged entry")
		}
		end := uint64(off) + f.CompressedSize64
		if end < uint64(off) || end > d.offset {
			return damaged("has an entry that runs past its data")
		}
		spans = append(spans, span{uint64(off), end, f.Name})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return bomb("has entries that share their data", spans[i].name)
		}
	}
	return nil
}

// inflateEntry decompresses f, at most budget bytes, checking its size and
// CRC-32 against the headers; with keep non-nil it also returns the content.
// It returns the number of bytes decompressed.
func inflateEntry(f *zip.File, budget int64, keep *bytes.Buffer) (int64, error) {
	raw, err := f.OpenRaw()
	if err != nil {
		return 0, &ContentError{Err: ErrDamaged, Kind: KindDOCX, Reason: "has a damaged entry", Entry: f.Name}
	}
	var src io.Reader = raw
	if f.Method == zip.Deflate {
		fr := flate.NewReader(raw)
		defer fr.Close()
		src = fr
	}
	limit := min(int64(f.UncompressedSize64), budget)
	crc := crc32.NewIEEE()
	var dst io.Writer = crc
	if keep != nil {
		dst = io.MultiWriter(crc, keep)
	}
	bp := zipBufPool.Get().(*[]byte)
	defer zipBufPool.Put(bp)
	n, err := io.CopyBuffer(dst, io.LimitReader(src, limit+1), *bp)
	switch {
	case n > int64(f.UncompressedSize64):
		return n, bomb("has an entry larger than its header says", f.Name)
	case n > budget:
		return n, bomb("unpacks to too much data", f.Name)
	case err != nil && !errors.Is(err, io.ErrUnexpectedEOF):
		return n, &ContentError{Err: ErrDamaged, Kind: KindDOCX, Reason: "has a damaged entry", Entry: f.Name}
	case n < int64(f.UncompressedSize64) || err != nil:
		return n, &ContentError{Err: ErrDamaged, Kind: KindDOCX, Reason: "has a truncated entry", Entry: f.Name}
	case crc.Sum32() != f.CRC32:
		return n, &ContentError{Err: ErrDamaged, Kind: KindDOCX, Reason: "has a damaged entry (checksum mismatch)", Entry: f.Name}
	}
	return n, nil
}

// readPart returns the content of a small part (already checked by
// checkEntries), bounded by maxContentTypesSize.
func readPart(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > maxContentTypesSize {
		return nil, damaged("has an oversized [Content_Types].xml")
	}
	var buf bytes.Buffer
	if _, err := inflateEntry(f, maxContentTypesSize, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// otherZipFormat names the format of a ZIP that is not a Word document.
func otherZipFormat(names map[string]*zip.File) Format {
	if f := names["mimetype"]; f != nil && f.UncompressedSize64 < 128 {
		var buf bytes.Buffer
		if _, err := inflateEntry(f, 128, &buf); err == nil {
			switch strings.TrimSpace(buf.String()) {
			case "application/vnd.oasis.opendocument.text":
				return FormatODT
			case "application/epub+zip":
				return FormatEPUB
			}
		}
	}
	switch {
	case names["xl/workbook.xml"] != nil:
		return FormatXLSX
	case names["ppt/presentation.xml"] != nil:
		return FormatPPTX
	case names["meta-inf/manifest.mf"] != nil:
		return FormatJAR
	}
	return FormatZIP
}
