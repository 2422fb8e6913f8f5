package export

import (
	"bufio"
	"fmt"
	"html/template"
	"io"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// HTML writes v as one self-contained HTML page (inline CSS, no script, no external
// resources). User text is escaped by html/template and never marked safe. For LangBoth the
// content of each agenda item is a two-column table, English left and Chinese right.
func HTML(w io.Writer, v minutes.View, o Options) error {
	if _, err := ParseLang(string(o.Lang)); err != nil {
		return err
	}
	l := buildLayout(v, o)
	d := htmlDoc{Both: o.Lang == LangBoth, HTMLLang: "en"}
	if o.Lang == LangZH {
		d.HTMLLang = "zh-Hans"
	}
	conv := func(r row) htmlRow {
		h := htmlRow{Kind: kindNames[r.Kind]}
		if d.Both {
			h.LabelEN, h.LabelZH, h.EN, h.ZH = clean(r.Label.EN), clean(r.Label.ZH), clean(r.Text.EN), clean(r.Text.ZH)
		} else {
			h.Label, h.Text = clean(pick(r.Label, o.Lang)), clean(pick(r.Text, o.Lang))
		}
		return h
	}
	if d.Both {
		d.Title = clean(both(l.Title))
	} else {
		d.Title = clean(pick(l.Title, o.Lang))
	}
	for _, r := range l.Meta {
		d.Meta = append(d.Meta, conv(r))
	}
	for _, s := range l.Sections {
		hs := htmlSection{Heading: clean(s.heading(o.Lang))}
		for _, r := range s.Rows {
			hs.Rows = append(hs.Rows, conv(r))
		}
		d.Sections = append(d.Sections, hs)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := htmlTmpl.Execute(bw, d); err != nil {
		return fmt.Errorf("%w: %v", ErrRender, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("%w: %v", ErrRender, err)
	}
	return nil
}

var kindNames = map[rowKind]string{rowMeta: "meta", rowSubheading: "sub", rowPara: "para", rowBullet: "bullet", rowSpeech: "speech", rowNotice: "notice"}

type htmlDoc struct {
	HTMLLang string
	Title    string
	Both     bool
	Meta     []htmlRow
	Sections []htmlSection
}

type htmlSection struct {
	Heading string
	Rows    []htmlRow
}

type htmlRow struct {
	Kind                     string
	Label, Text              string // single language
	LabelEN, LabelZH, EN, ZH string // side by side
}

var htmlTmpl = template.Must(template.New("minutes").Parse(`<!DOCTYPE html>
<html lang="{{.HTMLLang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{.Title}}</title>
<style>
body{font-family:"Noto Sans","Noto Sans CJK SC","Microsoft YaHei","PingFang SC","Droid Sans Fallback",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #999}h3{font-size:1.05rem;margin:1rem 0 .3rem}
.t{white-space:pre-wrap;overflow-wrap:anywhere}
dl.meta{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dl.meta dt{font-weight:bold}dl.meta dd{margin:0}
.notice,.meta-line{font-size:.9rem;color:#444}
table.parallel{width:100%;border-collapse:collapse;table-layout:fixed}
table.parallel td,table.parallel th{width:50%;vertical-align:top;border:1px solid #ccc;padding:.3rem .5rem;text-align:left}
.speaker{font-weight:bold}
@media print{body{margin:0;max-width:none}}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
{{- if .Both}}
<table class="parallel">
{{- range .Meta}}
<tr>{{if eq .Kind "notice"}}<td lang="en" class="notice t">{{.EN}}</td><td lang="zh-Hans" class="notice t">{{.ZH}}</td>{{else}}<td lang="en"><strong>{{.LabelEN}}:</strong> <span class="t">{{.EN}}</span></td><td lang="zh-Hans"><strong>{{.LabelZH}}：</strong><span class="t">{{.ZH}}</span></td>{{end}}</tr>
{{- end}}
</table>
{{- else}}
<dl class="meta">
{{- range .Meta}}{{if ne .Kind "notice"}}
<dt>{{.Label}}</dt><dd class="t">{{.Text}}</dd>
{{- end}}{{end}}
</dl>
{{- range .Meta}}{{if eq .Kind "notice"}}
<p class="notice t">{{.Text}}</p>
{{- end}}{{end}}
{{- end}}
</header>
<main>
{{- range .Sections}}
<section>
<h2>{{.Heading}}</h2>
{{- if $.Both}}
<table class="parallel">
<colgroup><col><col></colgroup>
{{- range .Rows}}
{{- if eq .Kind "sub"}}
<tr><th lang="en" scope="col">{{.EN}}</th><th lang="zh-Hans" scope="col">{{.ZH}}</th></tr>
{{- else if eq .Kind "speech"}}
<tr><td lang="en"><span class="speaker">{{.LabelEN}}:</span> <span class="t">{{.EN}}</span></td><td lang="zh-Hans"><span class="speaker">{{.LabelZH}}：</span><span class="t">{{.ZH}}</span></td></tr>
{{- else if eq .Kind "meta"}}
<tr><td lang="en" class="meta-line">{{.LabelEN}}: {{.EN}}</td><td lang="zh-Hans" class="meta-line">{{.LabelZH}}：{{.ZH}}</td></tr>
{{- else if eq .Kind "bullet"}}
<tr><td lang="en" class="t">• {{.EN}}</td><td lang="zh-Hans" class="t">• {{.ZH}}</td></tr>
{{- else}}
<tr><td lang="en" class="t">{{.EN}}</td><td lang="zh-Hans" class="t">{{.ZH}}</td></tr>
{{- end}}
{{- end}}
</table>
{{- else}}
{{- range .Rows}}
{{- if eq .Kind "sub"}}
<h3>{{.Text}}</h3>
{{- else if eq .Kind "speech"}}
<p><span class="speaker">{{.Label}}:</span> <span class="t">{{.Text}}</span></p>
{{- else if eq .Kind "meta"}}
<p class="meta-line">{{.Label}}: {{.Text}}</p>
{{- else if eq .Kind "bullet"}}
<ul><li class="t">{{.Text}}</li></ul>
{{- else}}
<p class="t">{{.Text}}</p>
{{- end}}
{{- end}}
{{- end}}
</section>
{{- end}}
</main>
</body>
</html>
`))
