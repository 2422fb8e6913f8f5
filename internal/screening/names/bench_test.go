package names

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func BenchmarkNormalize(b *testing.B) {
	names := []string{"ZHANG, Wei", "張學良", "Hsueh Ying Wei", "BANCO NACIONAL DE CUBA", "Au-Yeung Ka Wai"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Normalize(names[i%len(names)])
	}
}

func BenchmarkCompare(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var ns []Normalized
	for i := 0; i < 1000; i++ {
		ns = append(ns, Normalize(genName(r)))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		compareNormalized(&ns[i%1000], &ns[(i*7+1)%1000], false)
	}
}

// searchLatencies runs queries one by one and reports p50/p99 per search.
func searchLatencies(b *testing.B, ix *Index, queries []string) {
	lat := make([]time.Duration, 0, b.N)
	hits := 0
	runtime.GC() // measure the steady state, not the collection of the build's garbage
	c0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		hits += len(ix.Search(Query{Name: queries[i%len(queries)], BirthDate: "1970"}, 10))
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-c0).Microseconds())/float64(b.N), "cpu-µs/op")
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
}

// BenchmarkSearchSDN searches the real OFAC SDN list (7,379 entries, 17k
// names) with its own names, reordered, and with synthetic names.
func BenchmarkSearchSDN(b *testing.B) {
	ix := loadSDNIndex(b)
	entries := loadSDN(b)
	r := rand.New(rand.NewPCG(3, 4))
	var queries []string
	for i := 0; i < 2000; i++ {
		if i%2 == 0 {
			e := entries[r.IntN(len(entries))]
			queries = append(queries, e.Names[r.IntN(len(e.Names))])
		} else {
			queries = append(queries, genName(r))
		}
	}
	searchLatencies(b, ix, queries)
}

var (
	idx100kOnce sync.Once
	idx100k     *Index
)

func index100k(b *testing.B) *Index {
	idx100kOnce.Do(func() {
		idx100k = NewIndex()
		for _, e := range genEntries(42, 100_000) {
			if err := idx100k.Add(e); err != nil {
				b.Fatal(err)
			}
		}
	})
	return idx100k
}

// BenchmarkSearch100k searches 100,000 synthetic Chinese and English entries.
func BenchmarkSearch100k(b *testing.B) {
	ix := index100k(b)
	r := rand.New(rand.NewPCG(5, 6))
	queries := make([]string, 5000)
	for i := range queries {
		queries[i] = genName(r)
	}
	searchLatencies(b, ix, queries)
}

// BenchmarkBuildIndex100k builds the 100k-entry index.
func BenchmarkBuildIndex100k(b *testing.B) {
	entries := genEntries(42, 100_000)
	for b.Loop() {
		ix := NewIndex()
		for _, e := range entries {
			_ = ix.Add(e)
		}
	}
}

// BenchmarkBulk100kx100k screens 100,000 names against 100,000 entries on
// all cores, and reports the wall time and the heap in use. It runs only
// with -bench (use -benchtime=1x).
func BenchmarkBulk100kx100k(b *testing.B) {
	for b.Loop() {
		runtime.GC()
		t0 := time.Now()
		ix := NewIndex()
		for _, e := range genEntries(42, 100_000) {
			_ = ix.Add(e)
		}
		build := time.Since(t0)
		runtime.GC()
		var idx runtime.MemStats
		runtime.ReadMemStats(&idx)
		queries := genEntries(7, 100_000)
		var next, hits atomic.Int64
		var wg sync.WaitGroup
		t1, c1 := time.Now(), cpuTime()
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := next.Add(1) - 1
					if i >= int64(len(queries)) {
						return
					}
					q := queries[i]
					hits.Add(int64(len(ix.Search(Query{Name: q.Names[0], BirthDate: q.BirthDates[0]}, 10))))
				}
			}()
		}
		wg.Wait()
		screen, screenCPU := time.Since(t1), cpuTime()-c1
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(build.Seconds(), "build-s")
		b.ReportMetric(screen.Seconds(), "screen-s")
		b.ReportMetric(screenCPU.Seconds(), "screen-cpu-s")
		b.ReportMetric(float64(idx.HeapInuse)/(1<<20), "index-heap-MiB")
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
		b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
		b.ReportMetric(float64(hits.Load()), "candidates")
	}
}
