package minutes

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

const contractJSON = `{
  "revision": 2, "version": 1, "status": "circulated", "authoritative_language": "zh",
  "items": [{
    "id": "i1", "title_en": "Maritime safety", "title_zh": "海上安全",
    "notes_en": "", "notes_zh": "讨论了海上意外相遇规则。",
    "key_points": [{"text_en": "CUES works", "text_zh": "规则有效"}],
    "decisions": [],
    "action_items": [{"id": "a1", "text_en": "Share data", "text_zh": "共享数据", "owner": "Both sides", "due": "2027-01-31", "commitment_id": "c-9"}],
    "translation_status": "draft",
    "statements": [{"id": "s1", "speaker_id": "p1", "attribution": "chatham", "text_en": "Hotlines help.", "text_zh": "热线有帮助。"}]
  }]
}`

func TestParseAcceptsContractFieldNames(t *testing.T) {
	d, err := Parse([]byte(contractJSON))
	if err != nil {
		t.Fatal(err)
	}
	it := d.Items[0]
	if d.AuthoritativeLanguage != LangZH || it.TitleZH != "海上安全" || it.ActionItems[0].CommitmentID != "c-9" ||
		it.Statements[0].Attribution != AttributionChatham || it.Statements[0].SpeakerID != "p1" || it.TranslationStatus != TranslationDraft {
		t.Fatalf("decoded wrongly: %+v", d)
	}
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"revision"`, `"status"`, `"authoritative_language"`, `"items"`, `"title_en"`, `"notes_zh"`, `"key_points"`, `"decisions"`, `"action_items"`, `"commitment_id"`, `"translation_status"`, `"statements"`, `"speaker_id"`, `"attribution"`, `"text_en"`} {
		if !strings.Contains(string(out), k) {
			t.Errorf("encoded document lacks %s", k)
		}
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"rejects-unknown-field", strings.Replace(contractJSON, `"revision"`, `"revison"`, 1), ErrSyntax},
		{"rejects-trailing-data", contractJSON + `{}`, ErrSyntax},
		{"rejects-wrong-type", `{"revision":"two"}`, ErrSyntax},
		{"rejects-empty-input", ``, ErrSyntax},
		{"rejects-invalid-content", strings.Replace(contractJSON, `"chatham"`, `"secret"`, 1), ErrInvalid},
		{"rejects-oversized-input", `{"items":[` + strings.Repeat(" ", MaxDocumentBytes) + `]}`, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse([]byte(tt.in)); !errors.Is(err, tt.want) {
				t.Fatalf("Parse() = %v, want %v", err, tt.want)
			}
		})
	}
}
