package calendar

import (
	"io"
	"strings"
	"unicode/utf8"
)

// maxLineOctets is the RFC 5545 §3.1 limit on a content line, excluding the CRLF.
const maxLineOctets = 75

// EscapeText escapes a value of type TEXT (RFC 5545 §3.3.11): backslash, semicolon and comma
// are backslash-escaped, every line break (CRLF, LF or CR) becomes `\n`, other control
// characters (which TEXT does not allow) are dropped and invalid UTF-8 is replaced by U+FFFD.
// A value escaped this way cannot end its content line or start a new property.
func EscapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == ';':
			b.WriteString(`\;`)
		case c == ',':
			b.WriteString(`\,`)
		case c == '\r':
			b.WriteString(`\n`)
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			// control characters are not allowed in TEXT: drop them
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// QuoteParam renders a parameter value (such as CN) as a quoted string, encoding the
// characters a quoted string cannot hold with RFC 6868 caret escapes: ^ as ^^, " as ^' and a
// line break as ^n. Other control characters are dropped.
func QuoteParam(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '^':
			b.WriteString("^^")
		case c == '"':
			b.WriteString("^'")
		case c == '\r':
			b.WriteString("^n")
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == '\n':
			b.WriteString("^n")
		case c == '\t':
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// foldLine writes one content line folded to at most 75 octets per physical line (RFC 5545
// §3.1), never splitting a UTF-8 sequence, each physical line ended by CRLF.
func foldLine(w io.StringWriter, line string) error {
	limit := maxLineOctets
	for len(line) > limit {
		cut := 0
		for cut < len(line) {
			_, size := utf8.DecodeRuneInString(line[cut:])
			if cut+size > limit {
				break
			}
			cut += size
		}
		if _, err := w.WriteString(line[:cut]); err != nil {
			return err
		}
		if _, err := w.WriteString("\r\n "); err != nil {
			return err
		}
		line = line[cut:]
		limit = maxLineOctets - 1 // the leading space counts
	}
	if _, err := w.WriteString(line); err != nil {
		return err
	}
	_, err := w.WriteString("\r\n")
	return err
}
