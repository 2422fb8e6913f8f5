package files

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newTestStore(t *testing.T) *LocalStore {
	t.Helper()
	s, err := NewLocalStore(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// storedFiles lists every regular file under the store's directory,
// temporary ones included.
func storedFiles(t *testing.T, s *LocalStore) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(s.Dir(), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestPutAcceptsValidFiles(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want Kind
	}{
		{"stores-pdf-with-sha256", fixture(t, "paper.pdf"), KindPDF},
		{"stores-docx-with-sha256", fixture(t, "paper.docx"), KindDOCX},
		{"stores-markdown-with-sha256", []byte("# 立场文件\n\nMaritime confidence-building.\n"), KindMarkdown},
	}
	s := newTestStore(t)
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, err := s.Put(ctx, strings.NewReader(string(tt.data)), PutOptions{Name: "x"})
			if err != nil {
				t.Fatal(err)
			}
			if obj.Kind != tt.want || obj.Size != int64(len(tt.data)) || obj.SHA256 != sha(tt.data) {
				t.Fatalf("Put = %+v, want kind %s size %d sha %s", obj, tt.want, len(tt.data), sha(tt.data))
			}
			if !validKey(obj.Key) {
				t.Fatalf("key %q is not a UUIDv7", obj.Key)
			}
			f, err := s.Open(ctx, obj.Key)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(f)
			f.Close()
			if err != nil || string(got) != string(tt.data) {
				t.Fatalf("read back %d bytes, %v", len(got), err)
			}
			info, err := s.Stat(ctx, obj.Key)
			if err != nil || info.Size != obj.Size {
				t.Fatalf("Stat = %+v, %v", info, err)
			}
			fi, err := os.Stat(filepath.Join(s.Dir(), shard(obj.Key), obj.Key))
			if err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("file mode %v, %v", fi.Mode(), err)
			}
		})
	}
}

func TestPutRejects(t *testing.T) {
	docx := buildZip(t, docxEntries()...)
	bombDOCX := buildZip(t, append(docxEntries(), rawDeflated(t, "word/media/zeros.bin", make([]byte, 1<<20), 2<<30))...)
	traversalDOCX := buildZip(t, append(docxEntries(), zipEntry{name: "../../../../tmp/evil", body: []byte("x")})...)
	tests := []struct {
		name    string
		body    io.Reader
		opts    PutOptions
		wantErr error
		msg     string
	}{
		{name: "rejects-html-renamed-pdf", body: strings.NewReader("<!DOCTYPE html><html><body><script>alert(document.cookie)</script>"),
			opts: PutOptions{Name: "paper.pdf"}, wantErr: ErrUnsupportedType, msg: "the file is HTML, not a PDF file"},
		{name: "rejects-svg", body: strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
			opts: PutOptions{Name: "figure.svg"}, wantErr: ErrUnsupportedType, msg: "SVG image"},
		{name: "rejects-zip-bomb-disguised-as-docx", body: strings.NewReader(string(bombDOCX)),
			opts: PutOptions{Name: "paper.docx"}, wantErr: ErrZipBomb},
		{name: "rejects-docx-with-dot-dot-entries", body: strings.NewReader(string(traversalDOCX)),
			opts: PutOptions{Name: "paper.docx"}, wantErr: ErrZipTraversal},
		{name: "rejects-odt-renamed-docx", body: strings.NewReader(string(fixture(t, "paper.odt"))),
			opts: PutOptions{Name: "paper.docx"}, wantErr: ErrUnsupportedType, msg: "OpenDocument text (.odt), not a DOCX file"},
		{name: "rejects-empty-body", body: strings.NewReader(""), wantErr: ErrEmpty},
		{name: "rejects-over-size-limit", body: strings.NewReader(string(docx)), opts: PutOptions{Limits: Limits{MaxSize: 100}},
			wantErr: ErrTooLarge, msg: "larger than the 100 bytes limit"},
		{name: "rejects-over-quota", body: strings.NewReader(strings.Repeat("a", 2000)),
			opts: PutOptions{Quota: &Quota{Used: 9000, Limit: 10000}}, wantErr: ErrQuotaExceeded, msg: "quota"},
		{name: "rejects-when-quota-full", body: strings.NewReader("a"),
			opts: PutOptions{Quota: &Quota{Used: 10000, Limit: 10000}}, wantErr: ErrQuotaExceeded},
	}
	s := newTestStore(t)
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, err := s.Put(ctx, tt.body, tt.opts)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Put = %+v, %v; want %v", obj, err, tt.wantErr)
			}
			if !IsRejected(err) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q: rejected %v, want message containing %q", err, IsRejected(err), tt.msg)
			}
			if files := storedFiles(t, s); len(files) != 0 {
				t.Errorf("files left behind: %v", files)
			}
		})
	}
}

func TestPutStopsOversizedBodyEarly(t *testing.T) {
	// A 1 GB body produced lazily: Put must stop at the limit, never
	// buffer or write it all, and leave no file behind.
	s := newTestStore(t)
	body := &countingReader{limit: 1 << 30, fill: 'a'}
	const limit = 4 << 20
	_, err := s.Put(context.Background(), body, PutOptions{Limits: Limits{MaxSize: limit}})
	var tle *TooLargeError
	if !errors.As(err, &tle) || tle.Limit != limit {
		t.Fatalf("err = %v, want TooLargeError{%d}", err, limit)
	}
	if body.n != limit+1 {
		t.Errorf("read %d bytes of the body, want exactly limit+1 = %d", body.n, limit+1)
	}
	if files := storedFiles(t, s); len(files) != 0 {
		t.Errorf("files left behind: %v", files)
	}
}

func TestPutStopsHTMLBodyAfterHeader(t *testing.T) {
	s := newTestStore(t)
	body := &countingWrapper{r: io.MultiReader(strings.NewReader("<html>"), &countingReader{limit: 1 << 30, fill: 'a'})}
	_, err := s.Put(context.Background(), body, PutOptions{})
	if !errors.Is(err, ErrUnsupportedType) {
		t.Fatalf("err = %v", err)
	}
	if body.n > 2*copyBufLen {
		t.Errorf("read %d bytes of an HTML body", body.n)
	}
}

func TestPutCancelledContextLeavesNothing(t *testing.T) {
	s := newTestStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	r := &cancellingReader{cancel: cancel, after: 3}
	_, err := s.Put(ctx, r, PutOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if files := storedFiles(t, s); len(files) != 0 {
		t.Errorf("files left behind: %v", files)
	}
}

// cancellingReader produces text and cancels its context after some reads.
type cancellingReader struct {
	cancel func()
	after  int
}

func (r *cancellingReader) Read(p []byte) (int, error) {
	r.after--
	if r.after == 0 {
		r.cancel()
	}
	n := min(len(p), 1000)
	for i := range p[:n] {
		p[i] = 'm'
	}
	return n, nil
}

func TestPutReadErrorLeavesNothing(t *testing.T) {
	s := newTestStore(t)
	boom := errors.New("connection reset")
	_, err := s.Put(context.Background(), io.MultiReader(strings.NewReader("# draft\n"), errReader{boom}), PutOptions{})
	if !errors.Is(err, boom) || IsRejected(err) {
		t.Fatalf("err = %v, want wrapped read error, not a rejection", err)
	}
	if files := storedFiles(t, s); len(files) != 0 {
		t.Errorf("files left behind: %v", files)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestPutGeneratedSkipsDetection(t *testing.T) {
	s := newTestStore(t)
	html := "<html><body>exported minutes</body></html>"
	obj, err := s.Put(context.Background(), strings.NewReader(html), PutOptions{Generated: true})
	if err != nil || obj.Kind != KindUnknown || obj.SHA256 != sha([]byte(html)) {
		t.Fatalf("Put = %+v, %v", obj, err)
	}
}

func TestHostileKeysCannotTraverse(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	obj, err := s.Put(ctx, strings.NewReader("# x\n"), PutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(filepath.Dir(s.Dir()), "secret")
	if err := os.WriteFile(secret, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, key string }{
		{"rejects-dot-dot-key", "../secret"},
		{"rejects-deep-dot-dot-key", "objects/../../secret"},
		{"rejects-absolute-key", secret},
		{"rejects-empty-key", ""},
		{"rejects-uppercase-key", strings.ToUpper(obj.Key)},
		{"rejects-braced-key", "{" + obj.Key + "}"},
		{"rejects-urn-key", "urn:uuid:" + obj.Key},
		{"rejects-uuidv4-key", "3f2504e0-4f89-41d3-9a0c-0305e82c3301"},
		{"rejects-key-with-nul", obj.Key[:35] + "\x00"},
		{"rejects-temporary-file-name", tmpPrefix + obj.Key},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Open(ctx, tt.key); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Open: %v", err)
			}
			if _, err := s.Stat(ctx, tt.key); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Stat: %v", err)
			}
			if err := s.Delete(ctx, tt.key); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Delete: %v", err)
			}
		})
	}
	if _, err := os.Stat(secret); err != nil {
		t.Errorf("secret gone: %v", err)
	}
}

func TestDeleteAndNotFound(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	obj, err := s.Put(ctx, strings.NewReader(minimalPDF), PutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, obj.Key); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, obj.Key); err != nil {
		t.Errorf("second Delete = %v, want nil (idempotent)", err)
	}
	if _, err := s.Open(ctx, obj.Key); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open after Delete = %v, want ErrNotFound", err)
	}
	if _, err := s.Stat(ctx, obj.Key); !errors.Is(err, ErrNotFound) {
		t.Errorf("Stat after Delete = %v, want ErrNotFound", err)
	}
}

func TestWalkAndUsage(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	var want int64
	keys := map[string]bool{}
	for _, body := range []string{minimalPDF, "# one\n", "# two\n"} {
		obj, err := s.Put(ctx, strings.NewReader(body), PutOptions{})
		if err != nil {
			t.Fatal(err)
		}
		keys[obj.Key] = true
		want += int64(len(body))
	}
	u, err := s.Usage(ctx)
	if err != nil || u.Objects != 3 || u.Bytes != want {
		t.Fatalf("Usage = %+v, %v; want 3 objects, %d bytes", u, err, want)
	}
	err = s.Walk(ctx, func(o ObjectInfo) error {
		if !keys[o.Key] {
			t.Errorf("Walk found unknown key %q", o.Key)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Crash safety: a temporary file left by an interrupted Put is never
// visible as an object, and Sweep removes it once stale.
func TestInterruptedPutIsInvisibleAndSwept(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	keep, err := s.Put(ctx, strings.NewReader("# kept\n"), PutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tmpKey := killPutMidway(t, s.Dir())

	tmpPath := filepath.Join(s.Dir(), shard(tmpKey), tmpPrefix+tmpKey)
	if _, err := os.Stat(tmpPath); err != nil {
		t.Fatalf("the killed Put left no temporary file: %v", err)
	}
	if _, err := s.Open(ctx, tmpKey); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open(temp key) = %v, want ErrNotFound", err)
	}
	u, err := s.Usage(ctx)
	if err != nil || u.Objects != 1 {
		t.Errorf("Usage = %+v, %v; want only the kept object", u, err)
	}
	// A fresh temporary file may belong to a Put in progress: kept.
	if n, err := s.Sweep(ctx, time.Hour); err != nil || n != 0 {
		t.Errorf("Sweep(1h) = %d, %v; want 0", n, err)
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(tmpPath, old, old); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Sweep(ctx, time.Hour); err != nil || n != 1 {
		t.Errorf("Sweep(1h) of a stale file = %d, %v; want 1", n, err)
	}
	if _, err := os.Stat(tmpPath); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("temporary file still there: %v", err)
	}
	if _, err := s.Stat(ctx, keep.Key); err != nil {
		t.Errorf("Sweep touched a stored object: %v", err)
	}
}

// killPutMidway runs a Put in a child process (this test binary), waits
// until it has written part of the body, kills it with SIGKILL and returns
// the key of its temporary file.
func killPutMidway(t *testing.T, dir string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperPutThenHang$")
	cmd.Env = append(os.Environ(), "FILES_HELPER_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "writing ") {
		cmd.Process.Kill()
		t.Fatalf("helper said %q, %v", line, err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(strings.TrimPrefix(line, "writing "))
}

// TestHelperPutThenHang is the child process of killPutMidway; it does
// nothing in a normal test run.
func TestHelperPutThenHang(t *testing.T) {
	dir := os.Getenv("FILES_HELPER_DIR")
	if dir == "" {
		t.Skip("helper process for TestInterruptedPutIsInvisibleAndSwept")
	}
	s, err := NewLocalStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Put(context.Background(), &hangingReader{s: s}, PutOptions{})
	t.Fatalf("Put returned %v; it should have been killed", err)
}

// hangingReader produces 256 KB of Markdown, reports the temporary file's
// key on stdout and then blocks forever.
type hangingReader struct {
	s    *LocalStore
	sent int
}

func (r *hangingReader) Read(p []byte) (int, error) {
	if r.sent >= 256<<10 {
		var key string
		_ = r.s.walk(context.Background(), func(name string, _ fs.FileInfo) error {
			if strings.HasPrefix(name, tmpPrefix) {
				key = strings.TrimPrefix(name, tmpPrefix)
			}
			return nil
		})
		os.Stdout.WriteString("writing " + key + "\n")
		time.Sleep(time.Hour) // until killed
	}
	n := min(len(p), 4096)
	for i := range p[:n] {
		p[i] = 'x'
	}
	r.sent += n
	return n, nil
}

func TestConcurrentPutsGetDistinctDurableObjects(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	const n = 16
	keys := make(chan string, n)
	errs := make(chan error, n)
	for i := range n {
		go func() {
			obj, err := s.Put(ctx, strings.NewReader(strings.Repeat("# paper\n", i+1)), PutOptions{})
			errs <- err
			keys <- obj.Key
		}()
	}
	seen := map[string]bool{}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		seen[<-keys] = true
	}
	u, err := s.Usage(ctx)
	if err != nil || len(seen) != n || u.Objects != n {
		t.Fatalf("%d distinct keys, usage %+v, %v; want %d", len(seen), u, err, n)
	}
}
