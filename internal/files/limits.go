package files

// Default limits (see Limits).
const (
	DefaultMaxSize            int64 = 50 << 20
	DefaultMaxZipEntries            = 1000
	DefaultMaxZipUncompressed int64 = 256 << 20
	DefaultMaxZipRatio        int64 = 200
	// ZipRatioFloor is the uncompressed size below which an entry's (or the
	// whole container's) compression ratio is not checked: small XML parts
	// legitimately compress very well, and the total limit bounds them.
	ZipRatioFloor int64 = 1 << 20
	// maxContentTypesSize bounds the [Content_Types].xml part read into memory.
	maxContentTypesSize = 1 << 20
)

// Limits bound what an upload may cost. A zero field takes its default.
type Limits struct {
	// MaxSize is the largest accepted file, in bytes (default 50 MB).
	MaxSize int64
	// MaxZipEntries is the most entries a DOCX container may hold (default 1000).
	MaxZipEntries int
	// MaxZipUncompressed is the most bytes a DOCX container may unpack to, as
	// declared by its central directory and as actually decompressed
	// (default 256 MB).
	MaxZipUncompressed int64
	// MaxZipRatio is the highest uncompressed:compressed ratio of an entry, or
	// of the whole container, above ZipRatioFloor (default 200).
	MaxZipRatio int64
}

// DefaultLimits returns the limits used when none are given.
func DefaultLimits() Limits { return Limits{}.withDefaults() }

// withDefaults fills zero (or negative) fields with the defaults.
func (l Limits) withDefaults() Limits {
	if l.MaxSize <= 0 {
		l.MaxSize = DefaultMaxSize
	}
	if l.MaxZipEntries <= 0 {
		l.MaxZipEntries = DefaultMaxZipEntries
	}
	if l.MaxZipUncompressed <= 0 {
		l.MaxZipUncompressed = DefaultMaxZipUncompressed
	}
	if l.MaxZipRatio <= 0 {
		l.MaxZipRatio = DefaultMaxZipRatio
	}
	return l
}
