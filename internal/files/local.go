package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

const (
	objectsDir = "objects"
	tmpPrefix  = ".tmp-"
	filePerm   = 0o600
	dirPerm    = 0o700
	copyBufLen = 64 << 10
)

// copyBufPool holds Put's copy buffers, so memory use per Put is constant.
var copyBufPool = sync.Pool{New: func() any { b := make([]byte, copyBufLen); return &b }}

// LocalStore is a Store on the local disk, rooted in a directory that must
// lie outside any web root. Objects are named by UUIDv7 keys and sharded by
// the key's random last two hex digits into 256 directories:
// <root>/objects/<k[34:36]>/<key> (a million papers make about 4,000 files
// per directory, which ext4 and XFS index well). NewLocalStore creates the
// shards up front, so a Put costs two fsyncs: the file and its directory. All file
// access goes through an os.Root, so no key or name can reach outside the
// directory. Files are created with mode 0600.
//
// Put writes to a temporary file ".tmp-<key>" in the object's own
// directory, fsyncs it, renames it to its key and fsyncs the directory, so
// an object is either complete and durable or absent. Temporary files left
// by a crash are never visible as objects; Sweep removes them.
type LocalStore struct {
	root *os.Root
	now  func() time.Time
}

var _ Store = (*LocalStore)(nil)

// NewLocalStore opens (creating it with mode 0700 if needed) the store
// rooted at dir. Call Sweep at start-up and Close when done.
func NewLocalStore(dir string) (*LocalStore, error) {
	if dir == "" {
		return nil, errors.New("files: empty store directory")
	}
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return nil, fmt.Errorf("files: create store directory: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("files: open store directory: %w", err)
	}
	if err := root.MkdirAll(objectsDir, dirPerm); err != nil {
		root.Close()
		return nil, fmt.Errorf("files: create objects directory: %w", err)
	}
	s := &LocalStore{root: root, now: time.Now}
	if err := s.createShards(); err != nil {
		root.Close()
		return nil, err
	}
	return s, nil
}

// createShards makes the 256 shard directories that are missing, so that a
// Put never pays for creating one, and fsyncs their parent once.
func (s *LocalStore) createShards() error {
	const hexDigits = "0123456789abcdef"
	created := false
	for i := range 256 {
		d := objectsDir + "/" + string([]byte{hexDigits[i>>4], hexDigits[i&0xf]})
		err := s.root.Mkdir(d, dirPerm)
		switch {
		case err == nil:
			created = true
		case !errors.Is(err, fs.ErrExist):
			return fmt.Errorf("files: create shard directory: %w", err)
		}
	}
	if created {
		return s.syncDir(objectsDir)
	}
	return nil
}

// Close releases the store's directory handle.
func (s *LocalStore) Close() error { return s.root.Close() }

// Dir returns the store's root directory.
func (s *LocalStore) Dir() string { return s.root.Name() }

// validKey reports whether key is a canonical lowercase UUIDv7, the only
// form LocalStore makes.
func validKey(key string) bool {
	if len(key) != 36 {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return key[14] == '7' && strings.IndexByte("89ab", key[19]) >= 0
}

// shard returns the object's directory, relative to the root.
func shard(key string) string {
	return objectsDir + "/" + key[34:36]
}

// objectPath returns the object's path relative to the root, or
// ErrInvalidKey.
func objectPath(key string) (string, error) {
	if !validKey(key) {
		return "", ErrInvalidKey
	}
	return shard(key) + "/" + key, nil
}

// Put implements Store.
func (s *LocalStore) Put(ctx context.Context, r io.Reader, opts PutOptions) (obj Object, err error) {
	lim := opts.Limits.withDefaults()
	limit, byQuota := lim.MaxSize, false
	if q := opts.Quota; q != nil && q.Limit > 0 {
		rem := q.Remaining()
		if rem == 0 {
			return Object{}, &QuotaError{Used: q.Used, Add: -1, Limit: q.Limit}
		}
		if rem < limit {
			limit, byQuota = rem, true
		}
	}
	if err := ctx.Err(); err != nil {
		return Object{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return Object{}, fmt.Errorf("files: make key: %w", err)
	}
	key := id.String()
	dir := shard(key)
	if err := s.ensureDir(dir); err != nil {
		return Object{}, err
	}
	tmpName := dir + "/" + tmpPrefix + key
	tmp, err := s.root.OpenFile(tmpName, os.O_RDWR|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return Object{}, fmt.Errorf("files: create temporary file: %w", err)
	}
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				tmp.Close()
			}
			s.root.Remove(tmpName)
		}
	}()

	claimed := KindFromName(opts.Name)
	sn := newSniffer(claimed)
	h := sha256.New()
	dst := io.Writer(io.MultiWriter(sn, h, tmp))
	if opts.Generated {
		dst = io.MultiWriter(h, tmp)
	}
	size, err := copyLimited(ctx, dst, r, limit)
	if err != nil {
		return Object{}, err
	}
	if size > limit {
		if byQuota {
			return Object{}, &QuotaError{Used: opts.Quota.Used, Add: -1, Limit: opts.Quota.Limit}
		}
		return Object{}, &TooLargeError{Limit: limit}
	}
	kind := KindUnknown
	if !opts.Generated {
		cand, err := sn.finish()
		if err != nil {
			return Object{}, err
		}
		if cand == candZIP {
			if err := CheckDOCX(tmp, size, lim); err != nil {
				return Object{}, withClaim(err, claimed)
			}
		}
		kind = candidateKind(cand)
	}
	if err := ctx.Err(); err != nil {
		return Object{}, err
	}
	if err := tmp.Sync(); err != nil {
		return Object{}, fmt.Errorf("files: sync: %w", err)
	}
	closed = true
	if err := tmp.Close(); err != nil {
		return Object{}, fmt.Errorf("files: close: %w", err)
	}
	if err := s.root.Rename(tmpName, dir+"/"+key); err != nil {
		return Object{}, fmt.Errorf("files: rename: %w", err)
	}
	if err := s.syncDir(dir); err != nil {
		s.root.Remove(dir + "/" + key)
		return Object{}, err
	}
	return Object{Key: key, SHA256: hex.EncodeToString(h.Sum(nil)), Size: size, Kind: kind}, nil
}

// copyLimited copies r to w until EOF or until more than limit bytes were
// read (it then returns limit+1 without reading further). It checks ctx
// between reads. Write errors (including the sniffer's rejections) end the
// copy at once.
func copyLimited(ctx context.Context, w io.Writer, r io.Reader, limit int64) (int64, error) {
	bp := copyBufPool.Get().(*[]byte)
	defer copyBufPool.Put(bp)
	buf := *bp
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		want := int64(len(buf))
		if rest := limit + 1 - total; rest < want {
			want = rest
		}
		n, rerr := r.Read(buf[:want])
		if n > 0 {
			total += int64(n)
			if total > limit {
				return total, nil
			}
			if _, err := w.Write(buf[:n]); err != nil {
				return total, err
			}
		}
		if rerr == io.EOF {
			return total, nil
		}
		if rerr != nil {
			return total, fmt.Errorf("files: read upload: %w", rerr)
		}
	}
}

// ensureDir creates the shard directory if missing (NewLocalStore made
// them all; this covers one removed since), fsyncing its parent so the new
// directory survives a crash.
func (s *LocalStore) ensureDir(dir string) error {
	if _, err := s.root.Stat(dir); err == nil {
		return nil
	}
	err := s.root.Mkdir(dir, dirPerm)
	switch {
	case err == nil:
		return s.syncDir(path.Dir(dir))
	case errors.Is(err, fs.ErrExist):
		return nil
	}
	return fmt.Errorf("files: create directory: %w", err)
}

// syncDir fsyncs a directory so that entries created, renamed or removed in
// it are durable.
func (s *LocalStore) syncDir(dir string) error {
	d, err := s.root.Open(dir)
	if err != nil {
		return fmt.Errorf("files: open directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("files: sync directory: %w", err)
	}
	return nil
}

// Open implements Store. The returned file is an *os.File.
func (s *LocalStore) Open(ctx context.Context, key string) (io.ReadSeekCloser, error) {
	p, err := objectPath(key)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := s.root.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("files: open: %w", err)
	}
	return f, nil
}

// Stat implements Store.
func (s *LocalStore) Stat(ctx context.Context, key string) (ObjectInfo, error) {
	p, err := objectPath(key)
	if err != nil {
		return ObjectInfo{}, err
	}
	if err := ctx.Err(); err != nil {
		return ObjectInfo{}, err
	}
	fi, err := s.root.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return ObjectInfo{}, ErrNotFound
	}
	if err != nil {
		return ObjectInfo{}, fmt.Errorf("files: stat: %w", err)
	}
	return ObjectInfo{Key: key, Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

// Delete implements Store; the removal is fsynced.
func (s *LocalStore) Delete(ctx context.Context, key string) error {
	p, err := objectPath(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.root.Remove(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("files: delete: %w", err)
	}
	return s.syncDir(shard(key))
}

// Walk calls fn for every stored object (never for temporary files), in no
// particular order, until fn returns an error, which Walk returns. Use it to
// find objects that no database row names (orphans of a crash between Put
// and the commit).
func (s *LocalStore) Walk(ctx context.Context, fn func(ObjectInfo) error) error {
	return s.walk(ctx, func(name string, fi fs.FileInfo) error {
		if !validKey(name) {
			return nil
		}
		return fn(ObjectInfo{Key: name, Size: fi.Size(), ModTime: fi.ModTime()})
	})
}

// walk calls fn for every regular file in the shard directories.
func (s *LocalStore) walk(ctx context.Context, fn func(name string, fi fs.FileInfo) error) error {
	return fs.WalkDir(s.root.FS(), objectsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed meanwhile
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if depth := strings.Count(p, "/"); depth > 1 {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || strings.Count(p, "/") != 2 {
			return nil
		}
		fi, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		return fn(d.Name(), fi)
	})
}

// Sweep removes temporary files last modified more than olderThan ago: what
// a Put interrupted by a crash or kill left behind. Puts in progress keep
// their temporary file fresh, so pass a duration well above the longest
// upload (an hour is safe). Run it at start-up and, on a long-running
// server, now and then. It returns how many files it removed.
func (s *LocalStore) Sweep(ctx context.Context, olderThan time.Duration) (int, error) {
	cutoff := s.now().Add(-olderThan)
	removed := 0
	err := s.walk(ctx, func(name string, fi fs.FileInfo) error {
		key := strings.TrimPrefix(name, tmpPrefix)
		if key == name || !validKey(key) || !fi.ModTime().Before(cutoff) {
			return nil
		}
		if err := s.root.Remove(shard(key) + "/" + name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("files: sweep: %w", err)
		}
		removed++
		return nil
	})
	return removed, err
}

// Usage is what a store holds.
type Usage struct {
	// Objects is the number of stored objects.
	Objects int64
	// Bytes is their total size.
	Bytes int64
}

// Usage counts the stored objects and their bytes by walking the store (for
// metrics and checks; per-organization usage comes from the database).
func (s *LocalStore) Usage(ctx context.Context) (Usage, error) {
	var u Usage
	err := s.Walk(ctx, func(o ObjectInfo) error {
		u.Objects++
		u.Bytes += o.Size
		return nil
	})
	return u, err
}
