package files

import (
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxNameBytes is the longest name, in UTF-8 bytes, that SanitizeName
// returns: below the 255-byte limit of common file systems, with room for a
// browser's " (1)".
const MaxNameBytes = 200

// maxExtBytes is the longest extension SanitizeName keeps when it shortens
// a name.
const maxExtBytes = 16

// Joiners are format characters that Persian, Indic scripts and emoji need.
const (
	zwnj = '\u200C'
	zwj  = '\u200D'
)

// fallbackName replaces a name with nothing left to keep.
const fallbackName = "file"

// SanitizeName makes an uploader's file name safe to show and to offer as a
// download name: it keeps only the last path element (of "/" or "\"
// paths), drops invalid UTF-8, control and format characters (NUL, CR, LF,
// bidirectional overrides, zero-width spaces; the joiners ZWNJ and ZWJ
// stay), double quotes, backticks and the characters Windows forbids
// (<>:"/\|?*), folds runs of white space to one
// space, trims spaces and dots at both ends, normalises to NFC, defuses
// Windows device names (CON, NUL.txt…), and shortens the result to
// MaxNameBytes keeping the extension. Letters of every script, Chinese
// included, are kept. The result is never empty ("file").
func SanitizeName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = norm.NFC.String(name)
	var b strings.Builder
	space := false
	for _, r := range name {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == utf8.RuneError, unicode.Is(unicode.Cc, r), unicode.Is(unicode.Co, r),
			unicode.Is(unicode.Cs, r), unicode.Is(unicode.Cf, r) && r != zwnj && r != zwj,
			strings.ContainsRune(`"<>:/\|?*`+"`", r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := strings.Trim(b.String(), " .")
	out = defuseDeviceName(out)
	out = shorten(out, MaxNameBytes)
	if out == "" {
		return fallbackName
	}
	return out
}

// windowsDevices are names Windows reserves whatever their extension.
var windowsDevices = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true, "conin$": true, "conout$": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true,
	"com7": true, "com8": true, "com9": true, "lpt1": true, "lpt2": true, "lpt3": true,
	"lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// defuseDeviceName prefixes "_" to a Windows device name ("NUL.txt").
func defuseDeviceName(name string) string {
	base, _, _ := strings.Cut(name, ".")
	if windowsDevices[strings.ToLower(strings.TrimSpace(base))] {
		return "_" + name
	}
	return name
}

// shorten cuts name to at most max bytes on a character boundary, keeping a
// short extension.
func shorten(name string, max int) string {
	if len(name) <= max {
		return name
	}
	ext := path.Ext(name)
	if len(ext) > maxExtBytes || len(ext) == len(name) {
		ext = ""
	}
	base := name[:len(name)-len(ext)]
	cut := max - len(ext)
	for cut > 0 && !utf8.RuneStart(base[cut]) {
		cut--
	}
	return strings.TrimRight(base[:cut], " .") + ext
}

// DownloadName returns the sanitized name under which a file of kind k is
// offered for download, with an extension that matches its content: a
// Markdown file uploaded as "notes.html" downloads as "notes.html.md", so
// that opening it locally never renders it as HTML.
func DownloadName(name string, k Kind) string {
	name = SanitizeName(name)
	if !k.Valid() {
		return name
	}
	ext := strings.ToLower(path.Ext(name))
	for _, e := range k.exts() {
		if ext == e {
			return name
		}
	}
	return shorten(name, MaxNameBytes-len(k.Ext())) + k.Ext()
}

// ContentDisposition returns an RFC 6266 "attachment" Content-Disposition
// value for name (sanitized first): an ASCII fallback in filename="…" and,
// when the name is not plain ASCII, the exact name as
// filename*=UTF-8”percent-encoded (RFC 8187). The value never contains CR,
// LF, quotes or backslashes inside the quoted string, so it can neither
// split the header nor break out of the quoting.
func ContentDisposition(name string) string {
	name = SanitizeName(name)
	fallback := asciiFallback(name)
	v := `attachment; filename="` + fallback + `"`
	if fallback != name {
		v += "; filename*=UTF-8''" + encodeRFC8187(name)
	}
	return v
}

// asciiFallback maps name to printable ASCII for old clients: accents are
// dropped ("Résumé" → "Resume"), other characters become "_", and so do "%"
// (which some clients decode) and ";" (which naive parsers split on). A name with no letters or digits left becomes
// "file" plus its extension.
func asciiFallback(name string) string {
	var b strings.Builder
	under := false
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r >= 0x20 && r < 0x7f && !strings.ContainsRune(`"\%;`, r):
			b.WriteRune(r)
			under = false
		case !under:
			b.WriteByte('_')
			under = true
		}
	}
	out := b.String()
	ext := path.Ext(out)
	base := strings.TrimSuffix(out, ext)
	if strings.IndexFunc(base, func(r rune) bool {
		return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
	}) < 0 {
		if strings.ContainsRune(ext, '_') {
			ext = ""
		}
		return fallbackName + ext
	}
	return out
}

// encodeRFC8187 percent-encodes s as an RFC 8187 value-chars: attr-char is
// ALPHA / DIGIT / "!#$&+-.^_`|~".
func encodeRFC8187(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0xf])
	}
	return b.String()
}

// DownloadHeaders returns the response headers for downloading a stored
// file of kind k uploaded as name (SECURITY.md F4): Content-Type from the
// detected kind, Content-Disposition attachment with a safe name whose
// extension matches the content, X-Content-Type-Options nosniff, a sandbox
// CSP so that nothing in it can run even if a browser renders it, and
// Cache-Control private, no-store (papers are personal data until
// published).
func DownloadHeaders(name string, k Kind) http.Header {
	h := make(http.Header, 5)
	h.Set("Content-Type", k.MIMEType())
	h.Set("Content-Disposition", ContentDisposition(DownloadName(name, k)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-store")
	return h
}
