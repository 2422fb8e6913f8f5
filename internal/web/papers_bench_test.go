package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// uploadBench is one organization convening a dialogue alone, with a draft session, a call for
// papers and one paper, ready for version uploads.
type uploadBench struct {
	env      *testkit.Env
	tok      string
	paperURL string
}

func newUploadBench(tb testing.TB, mutate func(*config.Config)) *uploadBench {
	tb.Helper()
	env := testkit.Start(tb, testkit.Backend{Name: "sqlite"}, mutate)
	tn := env.NewTenant("bench", "US")
	tok := env.Token(tn.Organizer)
	must := func(r *testkit.Response, want int) map[string]any {
		tb.Helper()
		if r.Status != want {
			tb.Fatalf("%d, want %d: %s", r.Status, want, r.Body)
		}
		return r.JSON()
	}
	did := must(env.Do("POST", "/api/v1/dialogues", tok, map[string]any{"title": "Bench"}), 201)["id"].(string)
	sid := must(env.Do("POST", "/api/v1/sessions", tok, map[string]any{"dialogue_id": did, "title": "S", "format": "online",
		"timezone": "UTC", "starts_at": "2031-01-10T12:00:00Z", "ends_at": "2031-01-10T14:00:00Z"}), 201)["id"].(string)
	pid := must(env.Do("POST", "/api/v1/participants", tok, map[string]any{"name_latin": "Ann Lee", "nationality": []string{"US"},
		"employer": "X", "employer_kind": "ngo"}), 201)["id"].(string)
	must(env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", tok, map[string]any{"participant_id": pid, "role": "speaker", "status": "confirmed"}), 201)
	must(env.Do("PUT", "/api/v1/sessions/"+sid+"/call-for-papers", tok, map[string]any{"deadline": "2099-01-01T00:00:00Z"}), 200)
	body, ct := multipartBodyTB(tb, paperParts("p.md", []byte("# Paper\n\ntext\n"), pid))
	req, _ := http.NewRequest("POST", env.URL+"/api/v1/sessions/"+sid+"/papers", body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 201 {
		tb.Fatalf("submit: %d %s", resp.StatusCode, raw)
	}
	r := &testkit.Response{Status: resp.StatusCode, Body: raw}
	return &uploadBench{env: env, tok: tok, paperURL: env.URL + "/api/v1/papers/" + r.JSON()["id"].(string)}
}

func multipartBodyTB(tb testing.TB, parts []field) (*bytes.Buffer, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range parts {
		if p.File {
			fw, _ := mw.CreateFormFile("file", p.FileName)
			_, _ = fw.Write(p.Content)
			continue
		}
		_ = mw.WriteField(p.Name, p.Value)
	}
	_ = mw.Close()
	return &body, mw.FormDataContentType()
}

// fakePDF is a PDF-shaped file of n bytes (header, filler, trailer) produced lazily.
func fakePDF(n int64) io.Reader {
	head, tail := "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "\n%%EOF\n"
	return io.MultiReader(bytes.NewReader([]byte(head)), io.LimitReader(filler{}, n-int64(len(head)+len(tail))), bytes.NewReader([]byte(tail)))
}

type filler struct{}

func (filler) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte('A' + i%26)
	}
	return len(p), nil
}

// postVersion streams a version upload of a lazily generated n-byte PDF through a pipe, so the
// client holds no copy of the body either.
func (u *uploadBench) postVersion(tb testing.TB, n int64) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, err := mw.CreateFormFile("file", "v.pdf")
		if err == nil {
			_, err = io.Copy(fw, fakePDF(n))
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest("POST", u.paperURL+"/versions", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+u.tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 201 {
		tb.Fatalf("version: %d %s", resp.StatusCode, raw)
	}
}

// BenchmarkPaperUpload5MB: 5 MB PDFs uploaded through HTTP (multipart parsing, sniffing, SHA-256,
// temp file, fsync, rename, row commit, audit), against writing and fsyncing the same bytes to a
// file in the same run.
func BenchmarkPaperUpload5MB(b *testing.B) {
	const size = 5 << 20
	b.Run("http-upload", func(b *testing.B) {
		u := newUploadBench(b, nil)
		b.SetBytes(size)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			u.postVersion(b, size)
		}
	})
	b.Run("disk-write-fsync", func(b *testing.B) {
		dir := b.TempDir()
		buf, _ := io.ReadAll(fakePDF(size))
		b.SetBytes(size)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			f, err := os.Create(filepath.Join(dir, fmt.Sprintf("f%d", i)))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := f.Write(buf); err != nil {
				b.Fatal(err)
			}
			if err := f.Sync(); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
}

// heapPeak samples the live heap every 200 µs until stop is closed and returns the peak above
// the level before.
func heapPeak(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	runtime.GC()
	metrics.Read(s)
	base := s[0].Value.Uint64()
	go func() {
		var peak uint64
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > base && v-base > peak {
				peak = v - base
			}
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

// BenchmarkPaperUploadPeakMemory: peak heap growth of the whole process (server and client,
// in-process) during one upload of 4 MB and of 40 MB (default cap 50 MB). The body is streamed,
// so the peak must not grow with the file.
func BenchmarkPaperUploadPeakMemory(b *testing.B) {
	for _, size := range []int64{4 << 20, 40 << 20} {
		b.Run(fmt.Sprintf("%dMB", size>>20), func(b *testing.B) {
			u := newUploadBench(b, nil)
			var worst atomic.Uint64
			b.SetBytes(size)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				stop := make(chan struct{})
				peak := heapPeak(stop)
				u.postVersion(b, size)
				close(stop)
				if p := <-peak; p > worst.Load() {
					worst.Store(p)
				}
			}
			b.ReportMetric(float64(worst.Load()), "peak-heap-B")
		})
	}
}

// TestPaperUploadMemoryDoesNotGrowWithSize guards the streaming in the normal test run: the
// bytes allocated while uploading 24 MB stay within 4 MB of those for 2 MB (a buffered upload
// would allocate at least the file again).
func TestPaperUploadMemoryDoesNotGrowWithSize(t *testing.T) {
	u := newUploadBench(t, func(c *config.Config) { c.Limits.UploadMaxBytes = 30 << 20 })
	alloc := func(n int64) uint64 {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		u.postVersion(t, n)
		runtime.ReadMemStats(&m1)
		return m1.TotalAlloc - m0.TotalAlloc
	}
	alloc(1 << 20) // warm up
	small, big := alloc(2<<20), alloc(24<<20)
	t.Logf("allocated: 2 MB upload %d B, 24 MB upload %d B", small, big)
	if big > small+4<<20 {
		t.Fatalf("a 24 MB upload allocated %d B against %d B for 2 MB: the body is buffered", big, small)
	}
}
