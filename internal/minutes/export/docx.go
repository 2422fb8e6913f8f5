package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// DOCX writes v as an Office Open XML WordprocessingML document (ISO/IEC 29500), built
// directly with archive/zip: content types, package and document relationships, core
// properties, styles and the document body. Every piece of text is XML-escaped; the document
// references no external part, image or link. For LangBoth each agenda item's content is a
// two-column table, English left and Chinese right.
func DOCX(w io.Writer, v minutes.View, o Options) error {
	if _, err := ParseLang(string(o.Lang)); err != nil {
		return err
	}
	l := buildLayout(v, o)
	var body bytes.Buffer
	body.Grow(64 << 10)
	d := docxWriter{b: &body, lang: o.Lang}
	d.document(l)

	zw := zip.NewWriter(w)
	// A fixed modification time keeps repeated exports byte-identical.
	mod := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if !o.Generated.IsZero() {
		mod = o.Generated.UTC()
	}
	title := clean(pick(l.Title, o.Lang))
	if o.Lang == LangBoth {
		title = clean(both(l.Title))
	}
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(docxContentTypes)},
		{"_rels/.rels", []byte(docxRootRels)},
		{"docProps/core.xml", []byte(fmt.Sprintf(docxCore, xmlText(title), mod.Format(time.RFC3339)))},
		{"word/_rels/document.xml.rels", []byte(docxDocRels)},
		{"word/styles.xml", []byte(docxStyles)},
		{"word/document.xml", body.Bytes()},
	}
	for _, p := range parts {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: mod})
		if err != nil {
			return fmt.Errorf("%w: %v", ErrRender, err)
		}
		if _, err := fw.Write(p.data); err != nil {
			return fmt.Errorf("%w: %v", ErrRender, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("%w: %v", ErrRender, err)
	}
	return nil
}

type docxWriter struct {
	b    *bytes.Buffer
	lang Lang
}

func (d *docxWriter) document(l layout) {
	b := d.b
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	if d.lang == LangBoth {
		d.para("Title", "", both(l.Title))
		d.tableStart()
		for _, r := range l.Meta {
			if r.Kind == rowNotice {
				d.tableRow(r.Kind, pair{}, r.Text)
				continue
			}
			d.tableRow(r.Kind, r.Label, r.Text)
		}
		d.tableEnd()
	} else {
		d.para("Title", "", pick(l.Title, d.lang))
		for _, r := range l.Meta {
			if r.Kind == rowNotice {
				d.para("Notice", "", pick(r.Text, d.lang))
				continue
			}
			d.para("Meta", pick(r.Label, d.lang)+colon(d.lang), pick(r.Text, d.lang))
		}
	}
	for _, s := range l.Sections {
		d.para("Heading1", "", s.heading(d.lang))
		if d.lang == LangBoth {
			d.tableStart()
			for _, r := range s.Rows {
				d.tableRow(r.Kind, r.Label, r.Text)
			}
			d.tableEnd()
			continue
		}
		for _, r := range s.Rows {
			switch r.Kind {
			case rowSubheading:
				d.para("Heading2", "", pick(r.Text, d.lang))
			case rowMeta:
				d.para("Notice", pick(r.Label, d.lang)+colon(d.lang), pick(r.Text, d.lang))
			case rowBullet:
				d.para("Bullet", "", "• "+pick(r.Text, d.lang))
			case rowSpeech:
				d.para("Normal", pick(r.Label, d.lang)+colon(d.lang), pick(r.Text, d.lang))
			default:
				d.para("Normal", "", pick(r.Text, d.lang))
			}
		}
	}
	// A4 portrait, 2 cm margins.
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>`)
}

func colon(l Lang) string {
	if l == LangZH {
		return "："
	}
	return ": "
}

// para writes a paragraph in style with an optional bold lead-in and the text.
func (d *docxWriter) para(style, bold, text string) {
	fmt.Fprintf(d.b, `<w:p><w:pPr><w:pStyle w:val="%s"/></w:pPr>`, style)
	if bold != "" {
		d.run(bold, true)
	}
	d.run(text, false)
	d.b.WriteString(`</w:p>`)
}

// run writes text as runs, turning newlines into line breaks and tabs into tab stops.
func (d *docxWriter) run(text string, bold bool) {
	text = clean(text)
	if text == "" {
		return
	}
	d.b.WriteString(`<w:r>`)
	if bold {
		d.b.WriteString(`<w:rPr><w:b/></w:rPr>`)
	}
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			d.b.WriteString(`<w:br/>`)
		}
		for j, chunk := range strings.Split(line, "\t") {
			if j > 0 {
				d.b.WriteString(`<w:tab/>`)
			}
			if chunk != "" {
				d.b.WriteString(`<w:t xml:space="preserve">`)
				d.b.WriteString(xmlText(chunk))
				d.b.WriteString(`</w:t>`)
			}
		}
	}
	d.b.WriteString(`</w:r>`)
}

func (d *docxWriter) tableStart() {
	d.b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="Parallel"/><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>` +
		`<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/><w:left w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/><w:right w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/></w:tblBorders>` +
		`<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="4819"/><w:gridCol w:w="4819"/></w:tblGrid>`)
}

func (d *docxWriter) tableEnd() { d.b.WriteString(`</w:tbl>`) }

func (d *docxWriter) tableRow(k rowKind, label, text pair) {
	d.b.WriteString(`<w:tr><w:trPr><w:cantSplit w:val="0"/></w:trPr>`)
	for _, lg := range []Lang{LangEN, LangZH} {
		d.b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="2500" w:type="pct"/></w:tcPr>`)
		l, t := label.EN, text.EN
		if lg == LangZH {
			l, t = label.ZH, text.ZH
		}
		switch k {
		case rowSubheading:
			d.para("Heading2", "", t)
		case rowMeta, rowSpeech:
			if l != "" {
				l += colon(lg)
			}
			style := "Normal"
			if k == rowMeta {
				style = "Notice"
			}
			d.para(style, l, t)
		case rowNotice:
			d.para("Notice", "", t)
		case rowBullet:
			if t != "" {
				t = "• " + t
			}
			d.para("Bullet", "", t)
		default:
			d.para("Normal", "", t)
		}
		d.b.WriteString(`</w:tc>`)
	}
	d.b.WriteString(`</w:tr>`)
}

// xmlText escapes s for XML character data and attribute values.
func xmlText(s string) string {
	var b strings.Builder
	bw := bufio.NewWriter(&b)
	_ = xml.EscapeText(bw, []byte(s))
	_ = bw.Flush()
	return b.String()
}

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`

const docxRootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`

const docxDocRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`

const docxCore = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>%s</dc:title><dc:creator>Tracktwo</dc:creator><dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified></cp:coreProperties>`

const docxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Microsoft YaHei" w:cs="Calibri"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="60"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="23"/><w:szCs w:val="23"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Meta"><w:name w:val="Minutes Meta"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="40"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Notice"><w:name w:val="Minutes Notice"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="555555"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Bullet"><w:name w:val="Minutes Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="60"/><w:ind w:left="360" w:hanging="240"/></w:pPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="Parallel"><w:name w:val="Minutes Parallel"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>`
