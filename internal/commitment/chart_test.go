package commitment

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
)

func chart(t *testing.T, sums []PartySummary, o ChartOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := ComplianceChartSVG(&b, sums, o); err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(b.Bytes()))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, b.String())
		}
	}
	return b.String()
}

func TestComplianceChartIsAccessibleAndScriptFree(t *testing.T) {
	sums := []PartySummary{
		{Party: Party{"US", "US side"}, Assessed: 4, Average: 0.5, Full: 2, Partial: 2},
		{Party: Party{"CN", "Chinese side"}, Assessed: 4, Average: -0.5, Partial: 2, Non: 2},
		{Party: Party{"EU", "Observer"}},
	}
	svg := chart(t, sums, ChartOptions{IDPrefix: "c-1"})
	for _, want := range []string{`role="img"`, `aria-labelledby="c-1-title c-1-desc"`, `<title id="c-1-title">Compliance with commitments by party</title>`,
		"US side: 75% compliance (average score +0.50 over 4 commitments: 2 full, 2 partial, 0 non-compliance).",
		">US side</text>", ">75% (n=4)</text>", ">25% (n=4)</text>", ">not assessed</text>", ">100%</text>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "href", "onload", "<foreignObject", "<image", "url("} {
		if strings.Contains(svg, bad) {
			t.Errorf("chart contains %q", bad)
		}
	}
	widths := regexp.MustCompile(`<rect [^>]*width="(\d+)"`).FindAllStringSubmatch(svg, -1)
	if len(widths) != 2 || widths[0][1] != "255" || widths[1][1] != "85" {
		t.Errorf("bar widths %v, want 255 (75%% of 340) and 85 (25%%)", widths)
	}
}

func TestComplianceChartEscapesNames(t *testing.T) {
	sums := []PartySummary{{Party: Party{"x", `<script>alert(1)</script> & "Co"` + "\x00"}, Assessed: 1, Average: 1}}
	svg := chart(t, sums, ChartOptions{Title: "<b>t</b>", IDPrefix: `"><x`})
	if strings.Contains(svg, "<script") || strings.Contains(svg, "<b>") || !strings.Contains(svg, "&lt;script&gt;") || !strings.Contains(svg, `id="x-title"`) {
		t.Fatalf("names not escaped or id not sanitised:\n%s", svg)
	}
}

func TestComplianceChartInChinese(t *testing.T) {
	svg := chart(t, []PartySummary{{Party: Party{"CN", "中方"}, Assessed: 2, Average: 0, Partial: 2}}, ChartOptions{Lang: "zh"})
	if !strings.Contains(svg, "各方承诺履行情况") || !strings.Contains(svg, "中方：履行率50%") {
		t.Fatalf("Chinese wording missing:\n%s", svg)
	}
	empty := chart(t, nil, ChartOptions{})
	if !strings.Contains(empty, "No parties to show.") {
		t.Fatal("empty chart has no description")
	}
}
