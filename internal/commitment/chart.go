package commitment

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// ChartOptions control ComplianceChartSVG.
type ChartOptions struct {
	// Title is the chart's accessible name and visible heading; a default is used if empty.
	Title string
	// Lang is "en" or "zh" for the generated wording (default "en").
	Lang string
	// IDPrefix makes the element ids unique when several charts share a page (letters,
	// digits, '-' and '_' are kept; default "compliance").
	IDPrefix string
}

const (
	chartW     = 640
	labelW     = 190
	valueW     = 110
	barH       = 26
	barGap     = 14
	headH      = 44
	axisH      = 28
	plotW      = chartW - labelW - valueW
	maxLabelRs = 26
)

// ComplianceChartSVG writes a horizontal bar chart of per-party compliance percentages as a
// standalone, accessible SVG: role="img" with <title> and <desc> (the desc states every value
// in words), visible text labels and values, a 0–100 % axis, a <title> tooltip per bar, and
// no script, link or external reference. All text is XML-escaped.
func ComplianceChartSVG(w io.Writer, sums []PartySummary, o ChartOptions) error {
	zh := o.Lang == "zh"
	id := sanitizeID(o.IDPrefix)
	title := strings.TrimSpace(o.Title)
	if title == "" {
		title = "Compliance with commitments by party"
		if zh {
			title = "各方承诺履行情况"
		}
	}
	var desc []string
	for _, s := range sums {
		desc = append(desc, describe(s, zh))
	}
	descText := strings.Join(desc, " ")
	if len(sums) == 0 {
		descText = "No parties to show."
		if zh {
			descText = "没有可显示的参与方。"
		}
	}
	height := headH + len(sums)*(barH+barGap) + axisH
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" font-family="sans-serif">`+"\n", chartW, height, chartW, height, id, id)
	p(`<title id="%s-title">%s</title>`+"\n", id, esc(title))
	p(`<desc id="%s-desc">%s</desc>`+"\n", id, esc(descText))
	p(`<text x="0" y="20" font-size="16" font-weight="bold" fill="#111">%s</text>`+"\n", esc(title))
	top := headH
	bottom := top + len(sums)*(barH+barGap)
	// axis: gridlines and tick labels at 0, 25, 50, 75, 100 %
	p(`<g aria-hidden="true" font-size="11" fill="#444">` + "\n")
	for _, t := range []int{0, 25, 50, 75, 100} {
		x := labelW + plotW*t/100
		p(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#bbb" stroke-width="1"/>`+"\n", x, top-6, x, bottom)
		p(`<text x="%d" y="%d" text-anchor="middle">%d%%</text>`+"\n", x, bottom+16, t)
	}
	p("</g>\n")
	for i, s := range sums {
		y := top + i*(barH+barGap)
		name := s.Party.Name
		if strings.TrimSpace(name) == "" {
			name = s.Party.ID
		}
		p(`<g>`+"\n"+`<title>%s</title>`+"\n", esc(describe(s, zh)))
		p(`<text x="%d" y="%d" font-size="13" fill="#111" text-anchor="end">%s</text>`+"\n", labelW-10, y+barH/2+5, esc(truncate(name, maxLabelRs)))
		if s.Assessed == 0 {
			na := "not assessed"
			if zh {
				na = "尚未评估"
			}
			p(`<text x="%d" y="%d" font-size="13" fill="#444">%s</text>`+"\n", labelW+6, y+barH/2+5, na)
		} else {
			bar := int(float64(plotW)*Percent(s.Average)/100 + 0.5)
			p(`<rect x="%d" y="%d" width="%d" height="%d" fill="#1f5fa8"/>`+"\n", labelW, y, bar, barH)
			p(`<text x="%d" y="%d" font-size="13" fill="#111">%s</text>`+"\n", labelW+plotW+8, y+barH/2+5, esc(fmt.Sprintf("%.0f%% (n=%d)", Percent(s.Average), s.Assessed)))
		}
		p("</g>\n")
	}
	p("</svg>\n")
	return bw.Flush()
}

// describe states a party's compliance in one sentence.
func describe(s PartySummary, zh bool) string {
	name := s.Party.Name
	if strings.TrimSpace(name) == "" {
		name = s.Party.ID
	}
	if s.Assessed == 0 {
		if zh {
			return fmt.Sprintf("%s：尚未评估。", name)
		}
		return fmt.Sprintf("%s: not assessed.", name)
	}
	if zh {
		return fmt.Sprintf("%s：履行率%.0f%%（%d项承诺平均得分%+.2f；完全履行%d项，部分履行%d项，未履行%d项）。", name, Percent(s.Average), s.Assessed, s.Average, s.Full, s.Partial, s.Non)
	}
	return fmt.Sprintf("%s: %.0f%% compliance (average score %+.2f over %d commitments: %d full, %d partial, %d non-compliance).", name, Percent(s.Average), s.Average, s.Assessed, s.Full, s.Partial, s.Non)
}

func esc(s string) string {
	var b strings.Builder
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func sanitizeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 || !(b.String()[0] >= 'a' && b.String()[0] <= 'z' || b.String()[0] >= 'A' && b.String()[0] <= 'Z') {
		return "compliance" + b.String()
	}
	return b.String()
}
