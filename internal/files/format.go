package files

import "bytes"

// Format names what refused content was recognised as, so that a refusal can
// say "the file is HTML" rather than "unsupported". Formats are stable codes
// the web layer may translate.
type Format string

// Recognised formats of refused content.
const (
	FormatUnknown     Format = ""
	FormatHTML        Format = "html"
	FormatSVG         Format = "svg"
	FormatXML         Format = "xml"
	FormatBinary      Format = "binary"
	FormatNonUTF8Text Format = "non-utf8-text"
	FormatUTF16Text   Format = "utf16-text"
	FormatZIP         Format = "zip"
	FormatDOCM        Format = "docm"
	FormatODT         Format = "odt"
	FormatXLSX        Format = "xlsx"
	FormatPPTX        Format = "pptx"
	FormatEPUB        Format = "epub"
	FormatJAR         Format = "jar"
	FormatRTF         Format = "rtf"
	FormatPNG         Format = "png"
	FormatJPEG        Format = "jpeg"
	FormatGIF         Format = "gif"
	FormatWebP        Format = "webp"
	FormatTIFF        Format = "tiff"
	FormatPostScript  Format = "postscript"
	FormatGzip        Format = "gzip"
	FormatBzip2       Format = "bzip2"
	FormatXZ          Format = "xz"
	Format7z          Format = "7z"
	FormatRAR         Format = "rar"
	FormatExecutable  Format = "executable"
	FormatOLE         Format = "ole"
)

// describe returns the English phrase completing "the file is …".
func (f Format) describe() string {
	switch f {
	case FormatHTML:
		return "HTML"
	case FormatSVG:
		return "an SVG image"
	case FormatXML:
		return "XML"
	case FormatBinary:
		return "binary data"
	case FormatNonUTF8Text:
		return "text that is not UTF-8 encoded"
	case FormatUTF16Text:
		return "UTF-16 encoded text"
	case FormatZIP:
		return "a ZIP archive"
	case FormatDOCM:
		return "a macro-enabled Word document"
	case FormatODT:
		return "an OpenDocument text (.odt)"
	case FormatXLSX:
		return "an Excel workbook"
	case FormatPPTX:
		return "a PowerPoint presentation"
	case FormatEPUB:
		return "an EPUB e-book"
	case FormatJAR:
		return "a Java archive"
	case FormatRTF:
		return "an RTF document"
	case FormatPNG:
		return "a PNG image"
	case FormatJPEG:
		return "a JPEG image"
	case FormatGIF:
		return "a GIF image"
	case FormatWebP:
		return "a WebP image"
	case FormatTIFF:
		return "a TIFF image"
	case FormatPostScript:
		return "a PostScript document"
	case FormatGzip, FormatBzip2, FormatXZ, Format7z, FormatRAR:
		return "a compressed archive"
	case FormatExecutable:
		return "a program"
	case FormatOLE:
		return "an old-format Office file (such as .doc) or a password-protected document"
	}
	return ""
}

// hint returns advice replacing the generic "upload a PDF, DOCX or Markdown
// file", or "".
func (f Format) hint() string {
	switch f {
	case FormatODT, FormatRTF, FormatDOCM:
		return "save it as DOCX or PDF and upload it again"
	case FormatOLE:
		return "save it as DOCX or PDF without a password and upload it again"
	case FormatNonUTF8Text, FormatUTF16Text:
		return "save it with UTF-8 encoding and upload it again"
	}
	return ""
}

// magic is a binary signature recognised at offset 0.
type magic struct {
	prefix []byte
	format Format
	// needsBinary marks printable prefixes ("MZ", "BZh", "GIF89a") that a
	// Markdown file may also start with: they count only if the head is not
	// clean text.
	needsBinary bool
}

// magics are the refused binary formats recognised by their first bytes (the
// accepted ones, %PDF- and PK\x03\x04, are handled before).
var magics = []magic{
	{[]byte("\x89PNG\r\n\x1a\n"), FormatPNG, false},
	{[]byte("\xff\xd8\xff"), FormatJPEG, false},
	{[]byte("GIF87a"), FormatGIF, true},
	{[]byte("GIF89a"), FormatGIF, true},
	{[]byte("II*\x00"), FormatTIFF, false},
	{[]byte("MM\x00*"), FormatTIFF, false},
	{[]byte("%!PS"), FormatPostScript, false},
	{[]byte("{\\rtf"), FormatRTF, false},
	{[]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), FormatOLE, false},
	{[]byte("PK\x05\x06"), FormatZIP, false},
	{[]byte("PK\x07\x08"), FormatZIP, false},
	{[]byte("\x1f\x8b"), FormatGzip, false},
	{[]byte("BZh"), FormatBzip2, true},
	{[]byte("\xfd7zXZ\x00"), FormatXZ, false},
	{[]byte("7z\xbc\xaf\x27\x1c"), Format7z, false},
	{[]byte("Rar!\x1a\x07"), FormatRAR, false},
	{[]byte("MZ"), FormatExecutable, true},
	{[]byte("\x7fELF"), FormatExecutable, false},
	{[]byte("\xcf\xfa\xed\xfe"), FormatExecutable, false},
	{[]byte("\xca\xfe\xba\xbe"), FormatExecutable, false},
	{[]byte("\xfe\xff"), FormatUTF16Text, false},
	{[]byte("\xff\xfe"), FormatUTF16Text, false},
}

// magicFormat returns the refused binary format head starts with, or
// FormatUnknown. WebP needs bytes 8–11 as well.
func magicFormat(head []byte) Format {
	for _, m := range magics {
		if bytes.HasPrefix(head, m.prefix) && (!m.needsBinary || !looksText(head[:min(len(head), magicSize)])) {
			return m.format
		}
	}
	if len(head) >= 12 && bytes.HasPrefix(head, []byte("RIFF")) && string(head[8:12]) == "WEBP" {
		return FormatWebP
	}
	return FormatUnknown
}
