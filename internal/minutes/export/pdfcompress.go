package export

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"sort"
	"strconv"
	"sync"
)

// Page compression. go-pdf/fpdf v0.9.0 compresses each page with a new zlib writer, and every
// flate writer allocates and zeroes about 1.2 MB: for the 788 pages of a 300-item side-by-side
// export that was 0.95 GB allocated and about 40 % of the PDF's CPU time (profile in
// docs/benchmarks/exports.md). So fpdf writes the pages uncompressed and compressPages then
// compresses each page's content stream with one reused writer, exactly as fpdf would have
// (zlib, best speed, the same dictionary), and rebuilds the cross-reference table: the result
// is byte for byte the file fpdf writes with compression on (TestPageCompressionMatchesFpdf).

// zlibWriters keeps flate writers between exports (each costs about 1.2 MB to make).
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed)
	return w
}}

var errPDFShape = errors.New("pdf: unexpected structure")

// pdfObject is one indirect object of a PDF: its number and its bytes (from "N 0 obj" to
// "endobj\n").
type pdfObject struct {
	num        int
	start, end int
}

// compressPages writes pdf (as fpdf writes it with compression off) to w with the content stream
// of every page compressed. Any other stream is copied as it is. A file whose structure is not
// the one expected is written unchanged (larger, but valid; a test keeps this from happening).
func compressPages(w io.Writer, pdf []byte) error {
	objs, xref, err := pdfObjects(pdf)
	if err != nil {
		_, err := w.Write(pdf)
		return err
	}
	contents := map[int]bool{}
	for _, o := range objs {
		body := pdf[o.start:o.end]
		if i := bytes.Index(body, []byte("/Contents ")); i >= 0 && bytes.Contains(body[:min(len(body), 64)], []byte("<</Type /Page\n")) {
			if n, ok := leadingInt(body[i+len("/Contents "):]); ok {
				contents[n] = true
			}
		}
	}
	zw := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(zw)
	out := bytes.NewBuffer(make([]byte, 0, len(pdf)/4))
	out.Write(pdf[:objs[0].start]) // header
	offsets := make([]int, len(objs)+1)
	for _, o := range objs {
		offsets[o.num] = out.Len()
		body := pdf[o.start:o.end]
		data, ok := plainStream(body, o.num)
		if !contents[o.num] || !ok {
			out.Write(body)
			continue
		}
		var z bytes.Buffer
		zw.Reset(&z)
		if _, err := zw.Write(data); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		out.WriteString(strconv.Itoa(o.num) + " 0 obj\n<</Filter /FlateDecode /Length " + strconv.Itoa(z.Len()) + ">>\nstream\n")
		out.Write(z.Bytes())
		out.WriteString("\nendstream\nendobj\n")
	}
	// Cross-reference table and trailer, as fpdf writes them.
	start := out.Len()
	out.WriteString("xref\n0 " + strconv.Itoa(len(objs)+1) + "\n0000000000 65535 f \n")
	for _, off := range offsets[1:] {
		s := strconv.Itoa(off)
		out.WriteString("0000000000"[len(s):] + s + " 00000 n \n")
	}
	trailer := pdf[xref:]
	t := bytes.Index(trailer, []byte("trailer\n"))
	sx := bytes.LastIndex(trailer, []byte("startxref\n"))
	out.Write(trailer[t:sx])
	out.WriteString("startxref\n" + strconv.Itoa(start) + "\n%%EOF\n")
	_, err = w.Write(out.Bytes())
	return err
}

// pdfObjects reads the cross-reference table of pdf and returns its objects in file order (with
// object numbers 1..n, each present once) and the offset of the table.
func pdfObjects(pdf []byte) ([]pdfObject, int, error) {
	sx := bytes.LastIndex(pdf, []byte("startxref\n"))
	if sx < 0 {
		return nil, 0, errPDFShape
	}
	xref, ok := leadingInt(pdf[sx+len("startxref\n"):])
	if !ok || xref <= 0 || xref >= sx || !bytes.HasPrefix(pdf[xref:], []byte("xref\n0 ")) {
		return nil, 0, errPDFShape
	}
	p := xref + len("xref\n0 ")
	count, ok := leadingInt(pdf[p:])
	if !ok || count < 2 {
		return nil, 0, errPDFShape
	}
	p = bytes.IndexByte(pdf[p:], '\n') + p + 1 + 20 // skip the count line and the free entry 0
	objs := make([]pdfObject, 0, count-1)
	for n := 1; n < count; n++ {
		if p+20 > len(pdf) {
			return nil, 0, errPDFShape
		}
		off, ok := leadingInt(pdf[p : p+10])
		if !ok || off <= 0 || off >= xref {
			return nil, 0, errPDFShape
		}
		objs = append(objs, pdfObject{num: n, start: off})
		p += 20
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].start < objs[j].start })
	for i := range objs {
		objs[i].end = xref
		if i+1 < len(objs) {
			objs[i].end = objs[i+1].start
		}
		if objs[i].start == objs[i].end || !bytes.HasPrefix(pdf[objs[i].start:], []byte(strconv.Itoa(objs[i].num)+" 0 obj\n")) {
			return nil, 0, errPDFShape
		}
	}
	return objs, xref, nil
}

// plainStream returns the data of an object that is exactly an unfiltered stream
// ("N 0 obj\n<</Length L>>\nstream\n" data "\nendstream\nendobj\n").
func plainStream(body []byte, num int) ([]byte, bool) {
	head := strconv.Itoa(num) + " 0 obj\n<</Length "
	if !bytes.HasPrefix(body, []byte(head)) {
		return nil, false
	}
	rest := body[len(head):]
	l, ok := leadingInt(rest)
	if !ok {
		return nil, false
	}
	rest = rest[len(strconv.Itoa(l)):]
	if !bytes.HasPrefix(rest, []byte(">>\nstream\n")) {
		return nil, false
	}
	rest = rest[len(">>\nstream\n"):]
	if len(rest) != l+len("\nendstream\nendobj\n") || !bytes.HasSuffix(rest, []byte("\nendstream\nendobj\n")) {
		return nil, false
	}
	return rest[:l], true
}

// leadingInt parses the decimal digits at the start of b (leading zeros allowed).
func leadingInt(b []byte) (int, bool) {
	n, i := 0, 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if n > (1<<31)/10 {
			return 0, false
		}
		n = n*10 + int(b[i]-'0')
	}
	return n, i > 0
}

// captureWriter keeps the bytes fpdf's Output hands it instead of copying them: Output writes its
// finished document buffer in one call (bytes.Buffer.WriteTo) and never touches it again, so the
// ~10 MB uncompressed file is neither copied nor zeroed a second time.
type captureWriter []byte

func (c *captureWriter) Write(p []byte) (int, error) {
	if *c == nil {
		*c = p
	} else {
		*c = append(*c, p...)
	}
	return len(p), nil
}
