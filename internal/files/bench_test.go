package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// pdfOfSize returns a PDF-shaped body of n bytes (header, incompressible
// content, trailer).
func pdfOfSize(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	copy(b, "%PDF-1.7\n")
	copy(b[n-7:], "\n%%EOF\n")
	return b
}

// BenchmarkPut5MBPDF compares Put (sniff + SHA-256 + temp file + fsync +
// rename + directory fsync) with writing the same bytes plainly, in the same
// run: compare the MB/s columns.
func BenchmarkPut5MBPDF(b *testing.B) {
	data := pdfOfSize(5 << 20)
	ctx := context.Background()
	b.Run("put", func(b *testing.B) {
		s, err := NewLocalStore(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			obj, err := s.Put(ctx, bytes.NewReader(data), PutOptions{})
			if err != nil || obj.Kind != KindPDF {
				b.Fatal(obj, err)
			}
			b.StopTimer()
			s.Delete(ctx, obj.Key)
			b.StartTimer()
		}
	})
	b.Run("sniff+sha256-no-disk", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			sn := newSniffer(KindUnknown)
			h := sha256.New()
			if _, err := copyLimited(ctx, io.MultiWriter(sn, h), bytes.NewReader(data), DefaultMaxSize); err != nil {
				b.Fatal(err)
			}
			if c, err := sn.finish(); err != nil || c != candPDF {
				b.Fatal(c, err)
			}
		}
	})
	b.Run("plain-write", func(b *testing.B) {
		dir := b.TempDir()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			p := filepath.Join(dir, "f")
			if err := os.WriteFile(p, data, 0o600); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			os.Remove(p)
			b.StartTimer()
		}
	})
	b.Run("plain-write-fsync", func(b *testing.B) {
		dir := b.TempDir()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			p := filepath.Join(dir, "f")
			f, err := os.Create(p)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := f.Write(data); err != nil {
				b.Fatal(err)
			}
			if err := f.Sync(); err != nil {
				b.Fatal(err)
			}
			f.Close()
			b.StopTimer()
			os.Remove(p)
			b.StartTimer()
		}
	})
}

// BenchmarkPutPeakMemory measures the heap during a 4 MB and a 40 MB Put,
// streamed from a reader that makes the body lazily: the peak (sampled
// every 200µs) and bytes allocated per Put must not grow with the size.
func BenchmarkPutPeakMemory(b *testing.B) {
	for _, size := range []int64{4 << 20, 40 << 20} {
		b.Run(FormatSize(size), func(b *testing.B) {
			s, err := NewLocalStore(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			b.SetBytes(size)
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				runtime.GC()
				var base runtime.MemStats
				runtime.ReadMemStats(&base)
				p := samplePeakHeap(func() {
					obj, err := s.Put(ctx, &lazyPDF{size: size}, PutOptions{Limits: Limits{MaxSize: 64 << 20}})
					if err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					s.Delete(ctx, obj.Key)
					b.StartTimer()
				})
				if p > base.HeapInuse && p-base.HeapInuse > peak {
					peak = p - base.HeapInuse
				}
			}
			b.ReportMetric(float64(peak), "peak-heap-growth-B")
		})
	}
}

// samplePeakHeap runs fn while sampling HeapInuse; it returns the highest
// value seen.
func samplePeakHeap(fn func()) uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(200 * time.Microsecond):
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	return peak.Load()
}

// lazyPDF produces a PDF-shaped body of size bytes without holding it.
type lazyPDF struct {
	size, off int64
}

func (l *lazyPDF) Read(p []byte) (int, error) {
	if l.off >= l.size {
		return 0, io.EOF
	}
	n := min(int64(len(p)), l.size-l.off)
	for i := range p[:n] {
		p[i] = byte(l.off+int64(i)) | 0x80
	}
	const head, tail = "%PDF-1.7\n", "\n%%EOF\n"
	for i := int64(0); i < n; i++ {
		if o := l.off + i; o < int64(len(head)) {
			p[i] = head[o]
		} else if o >= l.size-int64(len(tail)) {
			p[i] = tail[o-(l.size-int64(len(tail)))]
		}
	}
	l.off += n
	return int(n), nil
}

// TestPutMemoryDoesNotGrowWithSize checks that Put streams: the bytes
// allocated for a 16 MB upload are within 256 KB of those for a 1 MB one.
func TestPutMemoryDoesNotGrowWithSize(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	alloc := func(size int64) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		obj, err := s.Put(ctx, &lazyPDF{size: size}, PutOptions{})
		runtime.ReadMemStats(&after)
		if err != nil || obj.Size != size || obj.Kind != KindPDF {
			t.Fatalf("Put = %+v, %v", obj, err)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	alloc(1 << 20) // warm the buffer pools
	small, large := alloc(1<<20), alloc(16<<20)
	if large > small+256<<10 {
		t.Errorf("allocated %d bytes for 16 MB, %d for 1 MB: Put buffers the body", large, small)
	}
}

// BenchmarkCheckDOCX measures the container check (directory scan, name
// checks, full decompression with CRC) of a DOCX with 2 MB of XML.
func BenchmarkCheckDOCX(b *testing.B) {
	var para []byte
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; len(para) < 2<<20; i++ {
		para = fmt.Appendf(para, "<w:p w:rsidR=\"%08X\"><w:r><w:t>Measure %d: notify %d hours before exercises at sea 海上信任措施 %d</w:t></w:r></w:p>\n",
			r.Uint32(), i, r.IntN(96), r.IntN(1000))
	}
	z := buildZip(b, append(docxEntries(), zipEntry{name: "word/body.xml", body: para})...)
	b.SetBytes(int64(len(z)))
	for b.Loop() {
		if err := CheckDOCX(bytes.NewReader(z), int64(len(z)), Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMarkdownSniff measures text validation of 5 MB of mixed
// English/Chinese Markdown.
func BenchmarkMarkdownSniff(b *testing.B) {
	md := bytes.Repeat([]byte("## 立场 Position\n\nMaritime confidence-building, 海上信任措施。\n"), 5<<20/70)
	b.SetBytes(int64(len(md)))
	for b.Loop() {
		if k, err := Detect(bytes.NewReader(md)); err != nil || k != KindMarkdown {
			b.Fatal(k, err)
		}
	}
}
