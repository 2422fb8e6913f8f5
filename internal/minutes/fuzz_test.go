package minutes

import (
	"encoding/json"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Parse and, for accepted documents, checks that Redact
// never exports off-record statements and that Diff finds no change against itself.
func FuzzParse(f *testing.F) {
	f.Add([]byte(contractJSON))
	seed, _ := json.Marshal(sampleDoc())
	f.Add(seed)
	f.Add([]byte(`{"revision":1,"version":1,"status":"draft","authoritative_language":"en","items":[]}`))
	f.Add([]byte(`{"items":[{"id":"a","statements":[{"id":"a","attribution":"off_record"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			return
		}
		for _, lvl := range []Level{LevelFull, LevelChatham} {
			v := Redact(d, lvl, sampleSpeakers())
			for _, it := range v.Items {
				for _, s := range it.Statements {
					if s.Attribution == AttributionOffRecord {
						t.Fatal("off-record statement exported")
					}
					if lvl == LevelChatham && s.Attribution == AttributionChatham && (s.SpeakerID != "" || s.Speaker != nil) {
						t.Fatal("chatham statement identifies its speaker")
					}
				}
			}
		}
		if c := Diff(d, d.Clone()); len(c) != 0 {
			t.Fatalf("self diff not empty: %+v", c)
		}
	})
}
