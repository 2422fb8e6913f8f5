package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// Markdown writes v as CommonMark/GFM. All user text is escaped so that it renders as the
// literal text: no statement can open a link, image, autolink, HTML tag, heading, list, table
// or code span. For LangBoth each block appears in English, then in Chinese (parallel blocks).
func Markdown(w io.Writer, v minutes.View, o Options) error {
	if _, err := ParseLang(string(o.Lang)); err != nil {
		return err
	}
	l := buildLayout(v, o)
	bw := bufio.NewWriterSize(w, 64<<10)
	langs := []Lang{o.Lang}
	if o.Lang == LangBoth {
		langs = []Lang{LangEN, LangZH}
	}
	text := func(p pair) string {
		if o.Lang == LangBoth {
			return both(p)
		}
		return pick(p, o.Lang)
	}
	fmt.Fprintf(bw, "# %s\n\n", mdInline(text(l.Title)))
	for _, r := range l.Meta {
		for _, lg := range langs {
			if r.Kind == rowNotice {
				fmt.Fprintf(bw, "*%s*\n\n", mdInline(pick(r.Text, lg)))
				continue
			}
			fmt.Fprintf(bw, "- **%s%s** %s\n", mdInline(pick(r.Label, lg)), strings.TrimSpace(colon(lg)), mdInline(pick(r.Text, lg)))
		}
		if r.Kind != rowNotice {
			bw.WriteString("\n")
		}
	}
	for _, s := range l.Sections {
		fmt.Fprintf(bw, "## %s\n\n", mdInline(s.heading(o.Lang)))
		inList := false
		for _, r := range s.Rows {
			if inList && r.Kind != rowBullet {
				bw.WriteString("\n")
			}
			inList = r.Kind == rowBullet
			switch r.Kind {
			case rowSubheading:
				fmt.Fprintf(bw, "### %s\n\n", mdInline(text(r.Text)))
			case rowMeta:
				var parts []string
				for _, lg := range langs {
					parts = append(parts, fmt.Sprintf("%s: %s", pick(r.Label, lg), pick(r.Text, lg)))
				}
				fmt.Fprintf(bw, "*%s*\n\n", mdInline(strings.Join(parts, " · ")))
			case rowBullet:
				var parts []string
				for _, lg := range langs {
					if t := pick(r.Text, lg); strings.TrimSpace(t) != "" {
						parts = append(parts, mdBlock(t, "  "))
					}
				}
				fmt.Fprintf(bw, "- %s\n", strings.Join(parts, "\\\n  "))
			case rowPara:
				for _, lg := range langs {
					if t := pick(r.Text, lg); strings.TrimSpace(t) != "" {
						fmt.Fprintf(bw, "%s\n\n", mdParagraphs(t))
					}
				}
			case rowSpeech:
				for _, lg := range langs {
					if t := pick(r.Text, lg); strings.TrimSpace(t) != "" {
						colon := ":"
						if lg == LangZH {
							colon = "："
						}
						fmt.Fprintf(bw, "**%s**%s %s\n\n", mdInline(pick(r.Label, lg)), colon, mdBlock(t, ""))
					}
				}
			}
		}
		// close a bullet list before the next heading
		bw.WriteString("\n")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("%w: %v", ErrRender, err)
	}
	return nil
}

// mdInline escapes s for use inside one line (headings, labels): newlines become spaces.
func mdInline(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(clean(s), "\t", " ")), " ")
	return mdEscape(s)
}

// mdBlock escapes multi-line text kept inside one block: lines are joined with hard line
// breaks and continuation lines are indented by indent (for list items).
func mdBlock(s, indent string) string {
	var lines []string
	for _, ln := range strings.Split(clean(s), "\n") {
		if ln = strings.TrimSpace(ln); ln != "" {
			lines = append(lines, mdEscape(ln))
		}
	}
	return strings.Join(lines, "\\\n"+indent)
}

// mdParagraphs escapes text whose blank lines separate paragraphs.
func mdParagraphs(s string) string {
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(clean(s), "\n\n", "\x00"), "\x00") {
		if b := mdBlock(p, ""); b != "" {
			paras = append(paras, b)
		}
	}
	return strings.Join(paras, "\n\n")
}

// mdEscape backslash-escapes every character that could start Markdown or HTML syntax, and
// breaks the patterns that GFM turns into links by themselves (scheme "x:", "www.", e-mail
// "@", domain dots).
func mdEscape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	rs := []rune(s)
	for i, r := range rs {
		switch r {
		case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '!', '|', '<', '>',
			'&', '~', '=', ':', '@', '"', '\'', '$', '%', '^':
			b.WriteByte('\\')
		case '.':
			if i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || unicode.IsDigit(rs[i+1])) || i > 0 && unicode.IsDigit(rs[i-1]) {
				b.WriteByte('\\')
			}
		case '\t':
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}
