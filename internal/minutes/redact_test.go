package minutes

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRedactChathamHidesIdentity(t *testing.T) {
	v := Redact(sampleDoc(), LevelChatham, sampleSpeakers())
	sts := v.Items[0].Statements
	if len(sts) != 2 {
		t.Fatalf("want 2 exported statements (off-record dropped), got %d", len(sts))
	}
	att, ch := sts[0], sts[1]
	if att.Speaker == nil || att.Speaker.NameLatin != "Alice Archer" || att.Speaker.Org != "Harbor Institute" || att.LabelEN != "Alice Archer (Harbor Institute)" {
		t.Fatalf("attributed statement lost its speaker: %+v", att)
	}
	if ch.Speaker != nil || ch.SpeakerID != "" || ch.ID != "" || ch.Side != SideCN ||
		ch.LabelEN != "A participant from the Chinese side" || ch.LabelZH != "一位来自中方的与会者" {
		t.Fatalf("chatham statement not redacted: %+v", ch)
	}
	raw, _ := json.Marshal(v)
	for _, secret := range []string{"Wang Bo", "王波", "Eastern Policy Academy", "p-bo", "st-2", "Carl Cole", "Secret remark", "秘密发言", "p-carl"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("chatham view leaks %q", secret)
		}
	}
}

func TestRedactFullNamesSpeakersButDropsOffRecord(t *testing.T) {
	v := Redact(sampleDoc(), LevelFull, sampleSpeakers())
	sts := v.Items[0].Statements
	if len(sts) != 2 || sts[1].Speaker == nil || sts[1].Speaker.NameNative != "王波" || sts[1].SpeakerID != "p-bo" || sts[1].LabelZH != "王波（Eastern Policy Academy）" {
		t.Fatalf("full view: %+v", sts)
	}
	raw, _ := json.Marshal(v)
	if strings.Contains(string(raw), "Secret remark") || strings.Contains(string(raw), "p-carl") {
		t.Fatal("full view contains an off-record statement")
	}
}

func TestRedactUnknownLevelIsChatham(t *testing.T) {
	v := Redact(sampleDoc(), Level("everything"), sampleSpeakers())
	if v.Level != LevelChatham || v.Items[0].Statements[1].Speaker != nil {
		t.Fatalf("unknown level not treated as chatham: %+v", v)
	}
}

func TestRedactUnknownSpeakerAndSide(t *testing.T) {
	d := sampleDoc()
	v := Redact(d, LevelChatham, SpeakerInfo{"p-bo": {NameLatin: "X", Side: "TW"}})
	if v.Items[0].Statements[0].Speaker != nil || v.Items[0].Statements[0].LabelEN != "Unidentified participant" {
		t.Fatalf("missing speaker: %+v", v.Items[0].Statements[0])
	}
	if s := v.Items[0].Statements[1]; s.Side != "" || s.LabelEN != "A participant" || s.LabelZH != "一位与会者" {
		t.Fatalf("unknown side: %+v", s)
	}
}

func TestRedactDoesNotAliasDocument(t *testing.T) {
	d := sampleDoc()
	v := Redact(d, LevelFull, sampleSpeakers())
	v.Items[0].KeyPoints[0].TextEN = "changed"
	v.Items[0].ActionItems[0].Owner = "changed"
	if d.Items[0].KeyPoints[0].TextEN == "changed" || d.Items[0].ActionItems[0].Owner == "changed" {
		t.Fatal("view aliases the document")
	}
}

func TestParseLevel(t *testing.T) {
	for _, s := range []string{"full", "chatham"} {
		if l, err := ParseLevel(s); err != nil || string(l) != s {
			t.Errorf("ParseLevel(%q) = %q, %v", s, l, err)
		}
	}
	if _, err := ParseLevel("off_record"); err != ErrUnknownLevel {
		t.Errorf("ParseLevel(off_record) = %v", err)
	}
}
