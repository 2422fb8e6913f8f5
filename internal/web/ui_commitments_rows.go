package web

import (
	"html"
	"html/template"
	"net/url"
	"strings"

	"github.com/tracktwo/tracktwo/internal/commitment"
)

// registerRows writes the register's table rows once in Go, every value escaped: for a page of
// 50 rows the template's per-cell lookups and translations cost more than the queries
// (docs/benchmarks/exports.md).
func registerRows(v *View, rows []commitment.Record, parties []commitment.Party) template.HTML {
	esc := html.EscapeString
	names := map[string]string{"US": v.T("side.US"), "CN": v.T("side.CN")}
	for _, p := range parties {
		if _, ok := names[p.ID]; !ok {
			names[p.ID] = p.Name
		}
	}
	labels := map[commitment.Progress]string{"": v.T("commitment.unassessed")}
	var b strings.Builder
	b.Grow(len(rows) * 400)
	for i := range rows {
		r := &rows[i]
		title := r.TitleEN
		if (v.Lang == "zh" && r.TitleZH != "") || title == "" {
			title = r.TitleZH
		}
		if r.Overdue {
			b.WriteString(`<tr class="overdue">`)
		} else {
			b.WriteString("<tr>")
		}
		b.WriteString(`<td><a href="/commitments/` + esc(url.PathEscape(r.ID)) + `">` + esc(title) + "</a></td>\n    <td>" +
			esc(r.DialogueTitle) + "</td><td>")
		for k, p := range r.Parties {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString(esc(names[p]))
		}
		b.WriteString("</td>\n    <td>" + esc(r.Due))
		if r.Overdue {
			b.WriteString(` <strong class="badge warn">` + esc(v.T("commitment.overdue_days", "Days", r.DaysOverdue)) + "</strong>")
		}
		label, ok := labels[r.Progress]
		if !ok {
			label = v.T("progress." + string(r.Progress))
			labels[r.Progress] = label
		}
		b.WriteString("</td>\n    <td>" + esc(label) + "</td></tr>\n")
	}
	return template.HTML(b.String()) // #nosec G203 -- every value is escaped above
}
