package watchlist

import (
	"context"
	"testing"
)

// BenchmarkImportSDN imports the 7,379-entry SDN fixture (sdn.csv, alt.csv,
// add.csv from memory) per iteration.
func BenchmarkImportSDN(b *testing.B) {
	fsys := fixtureFS(b)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if _, err := ImportSDN(context.Background(), fsys, func(*Entry) error { n++; return nil }); err != nil || n != 7379 {
			b.Fatalf("n=%d err=%v", n, err)
		}
	}
	b.ReportMetric(7379, "entries/op")
}
