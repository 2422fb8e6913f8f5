package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// mworld is a co-convened dialogue (US and CN) with a held session and four speakers, one per
// attribution case: an attributed US speaker, a chatham US speaker, a chatham CN speaker and an
// off-the-record CN speaker.
type mworld struct {
	*i3world
	sessionID string
	speakers  map[string]mspeaker // key: attributed, chatham_us, chatham_cn, off_record
}

type mspeaker struct {
	ID, Latin, Native, Employer, Email string
}

func newMinutesWorld(t testing.TB, b testkit.Backend) *mworld {
	t.Helper()
	w := &mworld{i3world: newI3World(t, b), speakers: map[string]mspeaker{}}
	w.sessionID = w.session(t, w.usTok, map[string]any{"starts_at": "2026-01-12T09:00", "ends_at": "2026-01-12T17:00"})
	w.transition(t, w.usTok, w.sessionID, "proposed", "", 200)
	w.transition(t, w.cnTok, w.sessionID, "accepted", "", 200)
	w.transition(t, w.usTok, w.sessionID, "scheduled", "", 200)
	add := func(key, tok, latin, native, employer, email string) {
		r := w.env.Do("POST", "/api/v1/participants", tok, map[string]any{"name_latin": latin, "name_native": native,
			"nationality": []string{"US"}, "employer": employer, "employer_kind": "research_institute", "email": email})
		mustStatus(t, r, 201)
		pid := str(r.JSON(), "id")
		mustStatus(t, w.env.Do("POST", "/api/v1/sessions/"+w.sessionID+"/attendees", tok, map[string]any{"participant_id": pid, "role": "speaker"}), 201)
		w.speakers[key] = mspeaker{ID: pid, Latin: latin, Native: native, Employer: employer, Email: email}
	}
	add("attributed", w.usTok, "Alice Attwood", "", "Harbor Policy School", "alice.attwood@harbor.test")
	add("chatham_us", w.usTok, "Brandon Quillfeather", "", "Quillfeather Strategy Lab", "bq@quill.test")
	add("chatham_cn", w.cnTok, "Zhuge Wenyao", "诸葛文耀", "Xinghe Maritime Academy", "zhuge.wenyao@xinghe.test")
	add("off_record", w.cnTok, "Ouyang Minglan", "欧阳明兰", "Jade Harbour Institute", "ouyang@jade.test")
	w.transition(t, w.usTok, w.sessionID, "held", "", 200)
	return w
}

// doc is a minutes document with statements at all three levels, based on revision rev.
func (w *mworld) doc(rev int, extra string) map[string]any {
	st := func(id, key, attr, en, zh string) map[string]any {
		return map[string]any{"id": id, "speaker_id": w.speakers[key].ID, "attribution": attr, "text_en": en, "text_zh": zh}
	}
	return map[string]any{
		"revision": rev, "version": 1, "status": "draft", "authoritative_language": "en",
		"items": []any{map[string]any{
			"id": "item-1", "title_en": "Norms for critical infrastructure" + extra, "title_zh": "关键基础设施规范",
			"notes_en": "Both sides discussed restraint.", "notes_zh": "双方讨论了克制。",
			"key_points":         []any{map[string]any{"text_en": "Restraint matters", "text_zh": "克制很重要"}},
			"decisions":          []any{map[string]any{"text_en": "Meet again in spring", "text_zh": "春季再次会面"}},
			"action_items":       []any{map[string]any{"id": "act-1", "text_en": "Exchange points of contact", "text_zh": "交换联络人", "owner": "both sides", "due": "2026-03-01"}},
			"translation_status": "draft",
			"statements": []any{
				st("st-1", "attributed", "attributed", "We support a hotline for incidents.", "我们支持建立事件热线。"),
				st("st-2", "chatham_us", "chatham", "Attribution remains politically difficult.", "归因在政治上仍然困难。"),
				st("st-3", "chatham_cn", "chatham", "Sovereignty in cyberspace must be respected.", "网络空间主权必须得到尊重。"),
				st("st-4", "off_record", "off_record", "SECRET-REMARK our ministry is divided on this.", "秘密评论部委内部意见不一。"),
			},
		}},
	}
}

// exportText extracts what a reader of the export sees, per format.
func exportText(t *testing.T, format string, b []byte) string {
	t.Helper()
	switch format {
	case "pdf":
		tool, err := exec.LookPath("pdftotext")
		if err != nil {
			testkit.RequireTool(t, "pdftotext (poppler-utils) extracts the PDF's text", false)
			return ""
		}
		dir := t.TempDir()
		in := filepath.Join(dir, "x.pdf")
		if err := os.WriteFile(in, b, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(tool, "-enc", "UTF-8", in, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		return string(out)
	case "docx":
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("docx: %v", err)
		}
		var sb strings.Builder
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(rc)
			rc.Close()
			sb.WriteString(html.UnescapeString(tagRe.ReplaceAllString(string(raw), " ")))
		}
		return sb.String()
	case "html":
		return html.UnescapeString(tagRe.ReplaceAllString(string(b), " ")) + string(b)
	case "md":
		return strings.ReplaceAll(string(b), `\`, "") + string(b)
	case "json":
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("json export: %v", err)
		}
		return string(b) + jsonStrings(v)
	}
	t.Fatalf("unknown format %s", format)
	return ""
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

func jsonStrings(v any) string {
	var sb strings.Builder
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		case string:
			sb.WriteString(x + "\n")
		}
	}
	walk(v)
	return sb.String()
}
