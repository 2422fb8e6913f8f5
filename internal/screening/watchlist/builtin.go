package watchlist

import (
	"context"
	"io"
	"io/fs"

	watchlistfiles "github.com/tracktwo/tracktwo/configs/watchlists"
)

// Names of the shipped column maps (configs/watchlists/<name>.yaml).
const (
	MapOFACSDN = "ofac-sdn"
	MapCSL     = "csl"
)

// BuiltinMap returns a shipped column map by name ("ofac-sdn", "csl",
// "example-custom").
func BuiltinMap(name string) (*ColumnMap, error) {
	file := name + ".yaml"
	data, err := fs.ReadFile(watchlistfiles.FS, file)
	if err != nil {
		return nil, &ParseError{File: file, Kind: ErrBadColumnMap, Reason: "no such shipped column map", Err: err}
	}
	return ParseColumnMap("configs/watchlists/"+file, data)
}

// ImportSDN imports the OFAC SDN legacy CSV files sdn.csv, alt.csv and
// add.csv from the root of fsys (e.g. os.DirFS(dir)), joining aliases and
// addresses to their entries.
func ImportSDN(ctx context.Context, fsys fs.FS, fn Handler) (Stats, error) {
	m, err := BuiltinMap(MapOFACSDN)
	if err != nil {
		return Stats{}, err
	}
	return m.Import(ctx, fsys, "sdn.csv", fn)
}

// ImportCSL imports a Consolidated Screening List CSV export from r; name
// is used in errors.
func ImportCSL(ctx context.Context, r io.Reader, name string, fn Handler) (Stats, error) {
	m, err := BuiltinMap(MapCSL)
	if err != nil {
		return Stats{}, err
	}
	return m.ImportReader(ctx, r, name, fn)
}
