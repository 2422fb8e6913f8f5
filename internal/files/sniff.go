package files

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// HeaderSize is how many leading bytes the sniffer keeps to decide a file's
// type. DetectHeader wants at least this many bytes (or the whole file).
const HeaderSize = 4096

// pdfTailSize is how far from the end a PDF's "%%EOF" marker may be (the
// window PDF readers search).
const pdfTailSize = 1024

// magicSize is how many bytes the binary signatures need.
const magicSize = 16

// candidate is the sniffer's provisional verdict.
type candidate uint8

const (
	candUndecided candidate = iota
	candPDF
	candZIP
	candText
)

// sniffer decides a file's type in one streaming pass: it is written every
// byte of the file, in order, and keeps only the first HeaderSize bytes, the
// last pdfTailSize bytes (for PDF) and an unfinished UTF-8 sequence (for
// text). Its Write fails as soon as the content is known to be refused, so a
// copy through it stops early.
type sniffer struct {
	claimed Kind
	head    []byte
	n       int64
	cand    candidate
	err     error

	// text state
	carry      [utf8.UTFMax]byte
	ncarry     int
	visible    bool // saw a character other than whitespace/BOM
	tagChecked bool // the leading-tag (HTML/SVG/XML) decision is made

	// PDF state
	tail []byte
}

func newSniffer(claimed Kind) *sniffer {
	return &sniffer{claimed: claimed, head: make([]byte, 0, HeaderSize)}
}

// Write feeds the next bytes of the file. It returns a rejection error (and
// keeps returning it) once the content is known to be unacceptable.
func (s *sniffer) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	s.n += int64(len(p))
	take := 0
	if len(s.head) < HeaderSize {
		take = min(HeaderSize-len(s.head), len(p))
		s.head = append(s.head, p[:take]...)
	}
	if s.cand == candUndecided {
		if len(s.head) < magicSize {
			return len(p), nil
		}
		s.decide()
		if s.err != nil {
			return 0, s.err
		}
		// Everything so far is the head plus what did not fit in it.
		s.feed(s.head)
		s.feed(p[take:])
	} else {
		s.feed(p)
	}
	if s.err == nil && s.cand == candText && !s.tagChecked {
		s.checkLeadingTag(len(s.head) == HeaderSize)
	}
	if s.err != nil {
		return 0, s.err
	}
	return len(p), nil
}

// decide picks the candidate from the head's signature.
func (s *sniffer) decide() {
	switch {
	case bytes.HasPrefix(s.head, []byte("%PDF-")):
		s.cand = candPDF
		if !validPDFVersion(s.head) {
			s.err = &ContentError{Err: ErrDamaged, Kind: KindPDF, Reason: "has an invalid header"}
		}
	case bytes.HasPrefix(s.head, []byte("PK\x03\x04")):
		s.cand = candZIP
	default:
		if f := magicFormat(s.head); f != FormatUnknown {
			s.err = &UnsupportedTypeError{Found: f, Claimed: s.claimed}
			return
		}
		s.cand = candText
	}
}

// validPDFVersion checks "%PDF-d.d" (PDF 1.0–2.0 headers).
func validPDFVersion(head []byte) bool {
	return len(head) >= 8 && isDigit(head[5]) && head[6] == '.' && isDigit(head[7])
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// feed processes bytes after the candidate is decided.
func (s *sniffer) feed(p []byte) {
	if s.err != nil || len(p) == 0 {
		return
	}
	switch s.cand {
	case candPDF:
		s.feedTail(p)
	case candText:
		s.feedText(p)
	}
}

// feedTail keeps the last pdfTailSize bytes.
func (s *sniffer) feedTail(p []byte) {
	if len(p) >= pdfTailSize {
		s.tail = append(s.tail[:0], p[len(p)-pdfTailSize:]...)
		return
	}
	if keep := pdfTailSize - len(p); len(s.tail) > keep {
		copy(s.tail, s.tail[len(s.tail)-keep:])
		s.tail = s.tail[:keep]
	}
	s.tail = append(s.tail, p...)
}

// feedText checks that p continues valid UTF-8 text without NUL or other
// control characters (TAB, LF, CR and FF are allowed). The first offending
// byte in the stream decides between "binary" and "not UTF-8", so the
// verdict does not depend on how the stream was cut into writes.
func (s *sniffer) feedText(p []byte) {
	// Complete a sequence split across writes.
	if s.ncarry > 0 {
		need := 0
		for need < len(p) && s.ncarry+need < utf8.UTFMax && !utf8.FullRune(append(s.carry[:s.ncarry:s.ncarry], p[:need]...)) {
			need++
		}
		seq := append(s.carry[:s.ncarry:s.ncarry], p[:need]...)
		if !utf8.FullRune(seq) {
			if len(seq) >= utf8.UTFMax {
				s.err = &UnsupportedTypeError{Found: FormatNonUTF8Text, Claimed: s.claimed}
				return
			}
			s.ncarry = copy(s.carry[:], seq)
			return
		}
		r, size := utf8.DecodeRune(seq)
		if r == utf8.RuneError && size <= 1 {
			s.err = &UnsupportedTypeError{Found: FormatNonUTF8Text, Claimed: s.claimed}
			return
		}
		s.noteVisible(seq)
		s.ncarry = 0
		p = p[need:]
	}
	// Hold back an unfinished sequence at the end.
	cut := len(p)
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				cut = i
			}
			break
		}
	}
	ctl := badControl(p[:cut])
	if ctl < 0 && cut < len(p) && badControl(p[cut:]) >= 0 {
		// A control byte in the held-back tail is invalid UTF-8 first.
		s.err = &UnsupportedTypeError{Found: FormatNonUTF8Text, Claimed: s.claimed}
		return
	}
	if inv := invalidUTF8(p[:cut]); inv >= 0 && (ctl < 0 || inv < ctl) {
		s.err = &UnsupportedTypeError{Found: FormatNonUTF8Text, Claimed: s.claimed}
		return
	}
	if ctl >= 0 {
		s.err = &UnsupportedTypeError{Found: FormatBinary, Claimed: s.claimed}
		return
	}
	s.noteVisible(p[:cut])
	s.ncarry = copy(s.carry[:], p[cut:])
}

// invalidUTF8 returns the index of the first byte of p that is not part of
// valid UTF-8, or -1.
func invalidUTF8(p []byte) int {
	if utf8.Valid(p) {
		return -1
	}
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// noteVisible records whether valid text p has a visible character.
func (s *sniffer) noteVisible(p []byte) {
	if s.visible {
		return
	}
	for len(p) > 0 {
		r, size := utf8.DecodeRune(p)
		if !isInvisible(r) {
			s.visible = true
			return
		}
		p = p[size:]
	}
}

// badControl returns the index of the first byte that cannot occur in a text
// file (NUL, C0 controls other than TAB/LF/FF/CR, DEL), or -1.
func badControl(p []byte) int {
	for i, b := range p {
		if b < 0x20 {
			if b != '\t' && b != '\n' && b != '\f' && b != '\r' {
				return i
			}
		} else if b == 0x7f {
			return i
		}
	}
	return -1
}

// looksText reports whether head is clean text (valid UTF-8 except a
// possibly cut final sequence, no control characters).
func looksText(head []byte) bool {
	if badControl(head) >= 0 {
		return false
	}
	for i := len(head) - 1; i >= 0 && i >= len(head)-utf8.UTFMax; i-- {
		if utf8.RuneStart(head[i]) {
			if !utf8.FullRune(head[i:]) {
				head = head[:i]
			}
			break
		}
	}
	return utf8.Valid(head)
}

// isInvisible reports whether r may precede a document's first tag without
// showing: Unicode white space, byte order marks, zero-width characters and
// the soft hyphen.
func isInvisible(r rune) bool {
	switch r {
	case '\uFEFF', '\u200B', '\u200C', '\u200D', '\u2060', '\u00AD':
		return true
	}
	return unicode.IsSpace(r)
}

// checkLeadingTag refuses text whose first markup (after invisible
// characters and HTML comments) opens an HTML, SVG or XML document. final
// means the head holds everything there is to decide on.
func (s *sniffer) checkLeadingTag(final bool) {
	decided, f := classifyLeadingTag(s.head, final)
	if !decided {
		return
	}
	s.tagChecked = true
	if f != FormatUnknown {
		s.err = &UnsupportedTypeError{Found: f, Claimed: s.claimed}
	}
}

// htmlTags are leading tags that make a text an HTML document (or active
// content a browser would run) rather than Markdown that happens to start
// with inline HTML such as <p align="center">.
var htmlTags = map[string]Format{
	"!doctype": FormatHTML, "html": FormatHTML, "head": FormatHTML, "body": FormatHTML,
	"script": FormatHTML, "style": FormatHTML, "iframe": FormatHTML, "frame": FormatHTML,
	"frameset": FormatHTML, "object": FormatHTML, "embed": FormatHTML, "applet": FormatHTML,
	"meta": FormatHTML, "link": FormatHTML, "base": FormatHTML, "title": FormatHTML,
	"form": FormatHTML, "noscript": FormatHTML, "template": FormatHTML, "math": FormatHTML,
	"xmp": FormatHTML, "plaintext": FormatHTML, "svg": FormatSVG, "?xml": FormatXML,
	"![cdata[": FormatXML, "rss": FormatXML, "feed": FormatXML,
}

// classifyLeadingTag decides from head whether the text opens an HTML, SVG
// or XML document (its Format) or not (FormatUnknown). decided is false when
// head ends before the decision and more bytes may follow (final false).
func classifyLeadingTag(head []byte, final bool) (decided bool, f Format) {
	i := 0
	for {
		for i < len(head) {
			r, size := utf8.DecodeRune(head[i:])
			if r == utf8.RuneError && size <= 1 {
				if !final && !utf8.FullRune(head[i:]) {
					return false, FormatUnknown
				}
				return true, FormatUnknown // not valid text; the text check refuses it
			}
			if !isInvisible(r) {
				break
			}
			i += size
		}
		if i == len(head) {
			if final {
				return true, FormatUnknown
			}
			return false, FormatUnknown
		}
		if head[i] != '<' {
			return true, FormatUnknown
		}
		rest := head[i:]
		if bytes.HasPrefix(rest, []byte("<!--")) {
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				if final || len(head) >= HeaderSize {
					return true, FormatHTML // an unterminated comment hides what follows
				}
				return false, FormatUnknown
			}
			i += 4 + end + 3
			continue
		}
		if len(rest) < 4 && !final {
			// "<!-" might still become a comment
			if bytes.HasPrefix([]byte("<!--"), rest) {
				return false, FormatUnknown
			}
		}
		j := 1
		for j < len(rest) && isTagNameByte(rest[j], j == 1) {
			j++
		}
		if j == len(rest) && !final && len(head) < HeaderSize {
			return false, FormatUnknown
		}
		name := string(bytes.ToLower(rest[1:j]))
		if j < len(rest) && !isTagEnd(rest[j]) && name != "![cdata[" {
			return true, FormatUnknown // "<html5" is not <html>
		}
		switch {
		case name == "!doctype":
			if !final && len(head) < HeaderSize && len(bytes.TrimLeft(rest[j:], " \t\r\n\f")) < 4 {
				return false, FormatUnknown // "<!DOCTYPE sv" may still become svg
			}
			return true, doctypeFormat(rest[j:])
		case name == "?xml":
			f := xmlFormat(head[i:])
			if f == FormatXML && !final && len(head) < HeaderSize {
				return false, FormatUnknown // the root element may still be <svg> or <html>
			}
			return true, f
		case bytes.IndexByte(rest[1:j], ':') > 0:
			return true, FormatXML // a namespaced root such as <xsl:stylesheet> or <svg:svg>
		}
		if f, ok := htmlTags[name]; ok {
			return true, f
		}
		return true, FormatUnknown
	}
}

// isTagNameByte reports whether b continues a tag name ("!", "?" and "["
// allowed where doctype, processing instruction and CDATA need them).
func isTagNameByte(b byte, first bool) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z':
		return true
	case '0' <= b && b <= '9', b == '-', b == ':', b == '_', b == '.', b == '[':
		return !first || b == '['
	case b == '!' || b == '?':
		return first
	}
	return false
}

func isTagEnd(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\r', '\f', '>', '/':
		return true
	}
	return false
}

// doctypeFormat tells an SVG or XML doctype from an HTML one.
func doctypeFormat(rest []byte) Format {
	r := bytes.ToLower(bytes.TrimLeft(rest, " \t\r\n\f"))
	switch {
	case bytes.HasPrefix(r, []byte("svg")):
		return FormatSVG
	case bytes.HasPrefix(r, []byte("html")):
		return FormatHTML
	}
	return FormatXML
}

// xmlFormat tells SVG and XHTML from other XML after an <?xml declaration.
func xmlFormat(doc []byte) Format {
	l := bytes.ToLower(doc)
	switch {
	case bytes.Contains(l, []byte("<svg")):
		return FormatSVG
	case bytes.Contains(l, []byte("<html")):
		return FormatHTML
	}
	return FormatXML
}

// finish ends the pass. For ZIP content it returns candZIP with a nil
// error: the container must still be checked with CheckDOCX.
func (s *sniffer) finish() (candidate, error) {
	if s.err != nil {
		return s.cand, s.err
	}
	if s.n == 0 {
		return s.cand, ErrEmpty
	}
	if s.cand == candUndecided {
		s.decide()
		if s.err != nil {
			return s.cand, s.err
		}
		s.feed(s.head)
	}
	switch s.cand {
	case candPDF:
		if !validPDFVersion(s.head) {
			s.err = &ContentError{Err: ErrDamaged, Kind: KindPDF, Reason: "has an invalid header"}
		} else if !bytes.Contains(s.tail, []byte("%%EOF")) {
			s.err = &ContentError{Err: ErrDamaged, Kind: KindPDF,
				Reason: "is incomplete or damaged (it has no end-of-file marker)"}
		}
	case candText:
		if s.err == nil && s.ncarry > 0 {
			s.err = &UnsupportedTypeError{Found: FormatNonUTF8Text, Claimed: s.claimed}
		}
		if s.err == nil && !s.tagChecked {
			s.checkLeadingTag(true)
		}
		if s.err == nil && !s.visible {
			s.err = ErrEmpty
		}
	}
	return s.cand, s.err
}
