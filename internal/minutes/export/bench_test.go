package export

import (
	"fmt"
	"io"
	"runtime"
	rtmetrics "runtime/metrics"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// bigDoc builds minutes of n agenda items, each with notes, key points, decisions, action
// items and eight statements of realistic length in both languages.
func bigDoc(n int) (*minutes.Document, minutes.SpeakerInfo) {
	sp := minutes.SpeakerInfo{}
	for i := 0; i < 20; i++ {
		side := minutes.SideUS
		if i%2 == 1 {
			side = minutes.SideCN
		}
		sp[fmt.Sprint("p", i)] = minutes.Speaker{NameLatin: fmt.Sprintf("Speaker Number%d", i), NameNative: fmt.Sprintf("发言人%d", i), Org: fmt.Sprintf("Institute %d", i), Side: side}
	}
	en := strings.Repeat("Both delegations discussed confidence-building measures for critical infrastructure and agreed to keep the channels open. ", 3)
	zh := strings.Repeat("双方代表团讨论了关键基础设施的建立信任措施，并同意保持沟通渠道畅通。", 3)
	d := minutes.New(minutes.LangEN)
	atts := []minutes.Attribution{minutes.AttributionAttributed, minutes.AttributionChatham, minutes.AttributionOffRecord, minutes.AttributionChatham}
	for i := 0; i < n; i++ {
		it := minutes.Item{
			ID: fmt.Sprint("item-", i), TitleEN: fmt.Sprintf("Agenda item %d: maritime and cyber incidents", i), TitleZH: fmt.Sprintf("议程第%d项：海上与网络事件", i),
			NotesEN: en + "\n" + en, NotesZH: zh + "\n" + zh, TranslationStatus: minutes.TranslationVerified,
		}
		for k := 0; k < 3; k++ {
			it.KeyPoints = append(it.KeyPoints, minutes.Text{TextEN: en[:120], TextZH: zh[:90]})
		}
		for k := 0; k < 2; k++ {
			it.Decisions = append(it.Decisions, minutes.Text{TextEN: en[:100], TextZH: zh[:60]})
			it.ActionItems = append(it.ActionItems, minutes.ActionItem{ID: fmt.Sprintf("a-%d-%d", i, k), TextEN: en[:80], TextZH: zh[:60], Owner: "Secretariat", Due: "2027-06-30"})
		}
		for k := 0; k < 8; k++ {
			it.Statements = append(it.Statements, minutes.Statement{ID: fmt.Sprintf("s-%d-%d", i, k), SpeakerID: fmt.Sprint("p", (i+k)%20), Attribution: atts[k%4], TextEN: en, TextZH: zh})
		}
		d.Items = append(d.Items, it)
	}
	return d, sp
}

// peakHeap samples the live heap every millisecond until stop is called and returns the
// highest value seen, in bytes.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			rtmetrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); <-finished; return peak.Load() }
}

func BenchmarkExport300Items(b *testing.B) {
	d, sp := bigDoc(300)
	if err := d.Validate(); err != nil {
		b.Fatal(err)
	}
	v := minutes.Redact(d, minutes.LevelChatham, sp)
	if _, err := loadMetrics(); err != nil {
		b.Fatal(err)
	}
	for _, f := range Formats {
		for _, lang := range []Lang{LangEN, LangBoth} {
			b.Run(fmt.Sprintf("%s-%s", f, lang), func(b *testing.B) {
				var size countWriter
				runtime.GC()
				stop := peakHeap()
				cpu0 := cpuTime()
				b.ReportAllocs()
				for b.Loop() {
					size = 0
					if err := Render(&size, f, v, Options{Lang: lang}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
				b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(size)/(1<<10), "output-KiB")
			})
		}
	}
}

func BenchmarkRedact300Items(b *testing.B) {
	d, sp := bigDoc(300)
	b.ReportAllocs()
	for b.Loop() {
		_ = minutes.Redact(d, minutes.LevelChatham, sp)
	}
}

// cpuTime is the CPU time (user + system) used by this process so far. On a machine shared
// with other work it measures the export's cost better than wall-clock time; it includes
// the garbage collector's background work.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
