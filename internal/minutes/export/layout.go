package export

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// pair is a text in English and Chinese.
type pair struct{ EN, ZH string }

// rowKind is the role of a row in the layout shared by all document renderers.
type rowKind int

const (
	rowMeta       rowKind = iota // Label: Text (header facts, translation status)
	rowSubheading                // "Key points", "Statements"…
	rowPara                      // notes
	rowBullet                    // key point, decision, action item
	rowSpeech                    // Label (speaker) and Text (statement)
	rowNotice                    // a remark about the export, printed small
)

type row struct {
	Kind  rowKind
	Label pair
	Text  pair
}

type section struct {
	Num     int  // 1-based agenda item number
	Heading pair // item title without its number
	Rows    []row
}

// heading returns the numbered heading of s in one language, or in both for LangBoth.
func (s section) heading(lang Lang) string {
	switch lang {
	case LangEN, LangZH:
		return fmt.Sprintf("%d. %s", s.Num, pick(s.Heading, lang))
	}
	return fmt.Sprintf("%d. %s", s.Num, both(s.Heading))
}

// layout is a View arranged for reading: the same structure feeds the PDF, DOCX, HTML and
// Markdown renderers, so they state the same facts.
type layout struct {
	Title    pair
	Meta     []row
	Sections []section
}

var statusText = map[minutes.Status]pair{
	minutes.StatusDraft:       {"Draft", "草稿"},
	minutes.StatusCirculated:  {"Circulated for agreement", "已分发，待双方同意"},
	minutes.StatusCorrections: {"Under correction", "修改中"},
	minutes.StatusAgreed:      {"Agreed by every convener", "所有召集方已同意"},
	minutes.StatusLocked:      {"Agreed and locked (final)", "已同意并定稿"},
}

var translationText = map[minutes.TranslationStatus]pair{
	minutes.TranslationPending:  {"pending", "待翻译"},
	minutes.TranslationDraft:    {"draft, not yet verified", "初稿，未核对"},
	minutes.TranslationVerified: {"verified by both sides", "双方已核对"},
}

func buildLayout(v minutes.View, o Options) layout {
	l := layout{Title: pair{strings.TrimSpace(o.TitleEN), strings.TrimSpace(o.TitleZH)}}
	if l.Title.EN == "" && l.Title.ZH == "" {
		l.Title = pair{"Minutes", "会议纪要"}
	}
	level := pair{"Full record — speakers named", "完整记录——注明发言人"}
	if v.Level != minutes.LevelFull {
		level = pair{"Chatham House Rule — some speakers identified only by side", "查塔姆宫规则——部分发言仅注明发言人所属方"}
	}
	l.Meta = append(l.Meta, row{Kind: rowMeta, Label: pair{"Level", "级别"}, Text: level})
	ver := pair{fmt.Sprintf("revision %d, version %d", v.Revision, v.Version), fmt.Sprintf("第%d次修订，第%d版", v.Revision, v.Version)}
	if v.AmendmentOf > 0 {
		ver.EN += fmt.Sprintf(" (amendment of version %d)", v.AmendmentOf)
		ver.ZH += fmt.Sprintf("（对第%d版的修正）", v.AmendmentOf)
	}
	l.Meta = append(l.Meta, row{Kind: rowMeta, Label: pair{"Revision", "修订"}, Text: ver})
	st, ok := statusText[v.Status]
	if !ok {
		st = pair{string(v.Status), string(v.Status)}
	}
	if !v.AgreedAt.IsZero() {
		st.EN += ", agreed " + day(v.AgreedAt)
		st.ZH += "，同意日期 " + day(v.AgreedAt)
	}
	if !v.LockedAt.IsZero() {
		st.EN += ", locked " + day(v.LockedAt)
		st.ZH += "，定稿日期 " + day(v.LockedAt)
	}
	l.Meta = append(l.Meta, row{Kind: rowMeta, Label: pair{"Agreement status", "确认状态"}, Text: st})
	auth := pair{"English", "英文"}
	if v.AuthoritativeLanguage == minutes.LangZH {
		auth = pair{"Chinese", "中文"}
	}
	l.Meta = append(l.Meta, row{Kind: rowMeta, Label: pair{"Authoritative text", "以何种文本为准"}, Text: auth})
	if !o.Generated.IsZero() {
		g := o.Generated.UTC().Format("2006-01-02 15:04 UTC")
		l.Meta = append(l.Meta, row{Kind: rowMeta, Label: pair{"Exported", "导出时间"}, Text: pair{g, g}})
	}
	l.Meta = append(l.Meta, row{Kind: rowNotice, Text: pair{"Off-the-record statements are not included in any export.", "不公开记录的发言不收入任何导出文件。"}})

	for i, it := range v.Items {
		s := section{Num: i + 1, Heading: pair{strings.TrimSpace(it.TitleEN), strings.TrimSpace(it.TitleZH)}}
		tr, ok := translationText[it.TranslationStatus]
		if !ok {
			tr = translationText[minutes.TranslationPending]
		}
		s.Rows = append(s.Rows, row{Kind: rowMeta, Label: pair{"Translation", "译文"}, Text: tr})
		if it.NotesEN != "" || it.NotesZH != "" {
			s.Rows = append(s.Rows, row{Kind: rowSubheading, Text: pair{"Notes", "纪要"}}, row{Kind: rowPara, Text: pair{it.NotesEN, it.NotesZH}})
		}
		s.Rows = appendTexts(s.Rows, pair{"Key points", "要点"}, it.KeyPoints)
		s.Rows = appendTexts(s.Rows, pair{"Decisions", "决定"}, it.Decisions)
		if len(it.ActionItems) > 0 {
			s.Rows = append(s.Rows, row{Kind: rowSubheading, Text: pair{"Action items", "行动事项"}})
			for _, a := range it.ActionItems {
				s.Rows = append(s.Rows, row{Kind: rowBullet, Text: actionText(a)})
			}
		}
		if len(it.Statements) > 0 {
			s.Rows = append(s.Rows, row{Kind: rowSubheading, Text: pair{"Statements", "发言"}})
			for _, st := range it.Statements {
				s.Rows = append(s.Rows, row{Kind: rowSpeech, Label: pair{st.LabelEN, st.LabelZH}, Text: pair{st.TextEN, st.TextZH}})
			}
		}
		l.Sections = append(l.Sections, s)
	}
	return l
}

func appendTexts(rows []row, head pair, xs []minutes.Text) []row {
	if len(xs) == 0 {
		return rows
	}
	rows = append(rows, row{Kind: rowSubheading, Text: head})
	for _, x := range xs {
		rows = append(rows, row{Kind: rowBullet, Text: pair{x.TextEN, x.TextZH}})
	}
	return rows
}

func actionText(a minutes.ActionItem) pair {
	var en, zh []string
	if o := strings.TrimSpace(a.Owner); o != "" {
		en, zh = append(en, "owner: "+o), append(zh, "负责方："+o)
	}
	if a.Due != "" {
		en, zh = append(en, "due "+a.Due), append(zh, "截止日期："+a.Due)
	}
	if a.CommitmentID != "" {
		en, zh = append(en, "tracked as a commitment"), append(zh, "已列为承诺事项")
	}
	p := pair{a.TextEN, a.TextZH}
	if len(en) > 0 {
		if p.EN != "" {
			p.EN += " — " + strings.Join(en, "; ")
		}
		if p.ZH != "" {
			p.ZH += "——" + strings.Join(zh, "；")
		}
	}
	return p
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// pick returns the text of p for a single-language export; a missing translation falls back
// to the other language, marked as untranslated.
func pick(p pair, lang Lang) string {
	if lang == LangZH {
		if strings.TrimSpace(p.ZH) != "" || strings.TrimSpace(p.EN) == "" {
			return p.ZH
		}
		return "[未翻译] " + p.EN
	}
	if strings.TrimSpace(p.EN) != "" || strings.TrimSpace(p.ZH) == "" {
		return p.EN
	}
	return "[not translated] " + p.ZH
}

// both joins a fixed label pair for headings of side-by-side exports.
func both(p pair) string {
	switch {
	case p.EN == "":
		return p.ZH
	case p.ZH == "" || p.ZH == p.EN:
		return p.EN
	}
	return p.EN + " / " + p.ZH
}

// clean makes user text printable in every format: invalid UTF-8 is replaced, control
// characters other than tab and newline are dropped, CR LF and CR become LF.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF, r >= 0xFDD0 && r <= 0xFDEF,
			r >= 0xD800 && r <= 0xDFFF:
			return -1
		}
		return r
	}, s)
}
