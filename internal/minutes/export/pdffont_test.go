package export

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// Uncompressed SHA-256 sums of the embedded fonts, as fonts/README.md gives them.
const (
	dejavuSHA256 = "abdc775b21b1bc470d50c97e790d276f2054b7504e56e5bd3e64f48d68582322"
	droidSHA256  = "acb6440a713d880a13a21b468ba7cd43f5a2b2934972e51be791c880730777b8"
)

func checkFontSums(t *testing.T, latin, cjk []byte) {
	t.Helper()
	for _, f := range []struct {
		name string
		ttf  []byte
		sum  string
	}{{"DejaVuSans.ttf", latin, dejavuSHA256}, {"DroidSansFallbackFull.ttf", cjk, droidSHA256}} {
		sum := sha256.Sum256(f.ttf)
		if got := hex.EncodeToString(sum[:]); got != f.sum {
			t.Errorf("%s: %d bytes, SHA-256 %s; want %s", f.name, len(f.ttf), got, f.sum)
		}
	}
}

// The embedded, compressed fonts inflate to the very files fonts/README.md names by SHA-256.
func TestEmbeddedFontsInflateToTheDocumentedFiles(t *testing.T) {
	latin, err := gunzip(dejavuTTFGz)
	if err != nil {
		t.Fatal(err)
	}
	cjk, err := gunzip(droidTTFGz)
	if err != nil {
		t.Fatal(err)
	}
	checkFontSums(t, latin, cjk)
}

func TestGunzipRejectsDamagedData(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	want := bytes.Repeat([]byte("字体 font "), 1000)
	zw.Write(want)
	zw.Close()
	good := b.Bytes()
	if got, err := gunzip(good); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("gunzip(good) = %d bytes, %v", len(got), err)
	}
	crc := bytes.Clone(good)
	crc[len(crc)-8] ^= 0xFF // CRC-32 of the trailer
	size := bytes.Clone(good)
	size[len(size)-4]-- // ISIZE one short: the data is longer than stated
	for name, in := range map[string][]byte{
		"crc-mismatch-error":  crc,
		"size-mismatch-error": size,
		"truncated-error":     good[:len(good)/2],
		"huge-size-error":     append(bytes.Clone(good[:len(good)-4]), 0xFF, 0xFF, 0xFF, 0xFF),
		"empty-error":         nil,
		"not-gzip-error":      want,
	} {
		if got, err := gunzip(in); err == nil {
			t.Errorf("%s: gunzip gave %d bytes and no error", name, len(got))
		}
	}
}
