package web

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/tracktwo/tracktwo/internal/dialogue"
)

var hostileStrings = []string{
	"", "plain", `quote " backslash \ slash /`, "<script>alert(1)</script> & co", "line\nbreak\r\ttab\b\f",
	"\x00\x01\x1f\x7f", "张伟 (Zhang Wei) ü é", "emoji 😀", "bad utf-8 \xff\xfe end", "sep \u2028 \u2029 end",
	"\xed\xa0\x80 surrogate half",
}

func TestJSONWriterMatchesEncodingJSON(t *testing.T) {
	for _, s := range hostileStrings {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

func FuzzJSONString(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}

func TestSessionPageJSONMatchesEncodingJSON(t *testing.T) {
	at := time.Date(2030, 3, 12, 14, 0, 0, 123456000, time.UTC)
	var rows []dialogue.Session
	for i, s := range hostileStrings {
		rows = append(rows, dialogue.Session{ID: "id-" + s, DialogueID: s, DialogueTitle: s, DialogueTitleZH: "对话" + s, OrgID: "org",
			Title: s, TitleZH: s, Format: "hybrid", City: s, Province: s, Country: "CN", InMainland: i%2 == 0, Timezone: "Asia/Shanghai",
			StartsAt: at.Add(time.Duration(i) * time.Hour), EndsAt: at.Add(time.Duration(i)*time.Hour + 1), Status: "held",
			Sequence: i, CapacityUS: -i, CapacityCN: 1 << 40, UpdatedAt: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	}
	for _, page := range []Page[dialogue.Session]{{Items: []dialogue.Session{}}, {Items: rows}, {Items: rows[:2], NextCursor: "abc_-"}} {
		want := Page[sessionSummaryJSON]{Items: []sessionSummaryJSON{}, NextCursor: page.NextCursor}
		for i := range page.Items {
			want.Items = append(want.Items, summaryOf(&page.Items[i]))
		}
		wantJSON, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendSessionPage(nil, page); !bytes.Equal(got, wantJSON) {
			t.Fatalf("got\n%s\nwant\n%s", got, wantJSON)
		}
	}
}
