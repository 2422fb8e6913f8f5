package testkit

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// LoadResult is what Load measured for one route.
type LoadResult struct {
	Name          string
	RPS           float64
	P50, P99      time.Duration
	Errors, Total int64
}

// Load calls do from conns goroutines for dur and measures requests per second and latency
// percentiles; a call that errs or answers other than 200 counts as an error. The load tests of
// each area share it so their figures are comparable.
func Load(name string, conns int, dur time.Duration, do func() (int, error)) LoadResult {
	var n, bad atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var wg sync.WaitGroup
	began := time.Now()
	for c := 0; c < conns; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for ctx.Err() == nil {
				t0 := time.Now()
				st, err := do()
				mine = append(mine, time.Since(t0))
				n.Add(1)
				if err != nil || st != 200 {
					bad.Add(1)
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(began)
	r := LoadResult{Name: name, RPS: float64(n.Load()) / el.Seconds(), Errors: bad.Load(), Total: n.Load()}
	if len(lat) > 0 {
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		r.P50, r.P99 = lat[len(lat)/2], lat[len(lat)*99/100]
	}
	return r
}
