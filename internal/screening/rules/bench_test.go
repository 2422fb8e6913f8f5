package rules

import "testing"

// BenchmarkEvaluateParticipant runs the 20 shipped rules' participant
// subset (and the session rules feeding session_flags) for one participant.
func BenchmarkEvaluateParticipant(b *testing.B) {
	rs := shipped(b)
	f := compliantFacts()
	f.Participant = mainlandParticipant()
	noONGOStanding(&f)
	b.ReportAllocs()
	for b.Loop() {
		if len(rs.Evaluate(f)) == 0 {
			b.Fatal("no hits")
		}
	}
}

// BenchmarkLoadShipped loads and compiles the shipped rule files.
func BenchmarkLoadShipped(b *testing.B) {
	data := map[string][]byte{}
	for _, n := range []string{"cn-overseas-ngo.yaml", "us.yaml", "data-protection.yaml"} {
		d, err := shippedFile(n)
		if err != nil {
			b.Fatal(err)
		}
		data[n] = d
	}
	b.ReportAllocs()
	for b.Loop() {
		fsys := mapFS(data)
		if _, err := LoadFS(fsys, "."); err != nil {
			b.Fatal(err)
		}
	}
}
