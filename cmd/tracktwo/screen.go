package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tracktwo/tracktwo/internal/screening"
	"github.com/tracktwo/tracktwo/internal/screening/names"
	"github.com/tracktwo/tracktwo/internal/screening/watchlist"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// operatorScope is the command line's scope: a platform operation.
var operatorScope = tenant.Scope{PlatformAdmin: true, Role: tenant.RoleOwner}

// cmdScreenMatch compares two names, or every pair of a CSV file.
func cmdScreenMatch(args []string, out io.Writer) error {
	fs, _ := flags("screen match", "Compare two names: tracktwo screen match \"NAME A\" \"NAME B\" prints {score, match, explanation}.\n"+
		"With --csv FILE, read name1,name2 rows (a header line, RFC 4180 quoting) and print name1,name2,score,match.")
	csvPath := fs.String("csv", "", "CSV file of name pairs (\"-\" for standard input)")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if *csvPath == "" {
		if fs.NArg() != 2 {
			return errors.New("screen match: give two names, or --csv FILE")
		}
		if strings.TrimSpace(fs.Arg(0)) == "" || strings.TrimSpace(fs.Arg(1)) == "" {
			return errors.New("screen match: a name is empty")
		}
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		return enc.Encode(names.Compare(fs.Arg(0), fs.Arg(1)))
	}
	var in io.Reader = os.Stdin
	if *csvPath != "-" {
		f, err := os.Open(*csvPath)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	return matchCSV(in, *csvPath, out)
}

// matchCSV scores every name pair of r (header line first) and writes name1,name2,score,match.
func matchCSV(r io.Reader, name string, out io.Writer) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	w := csv.NewWriter(out)
	_ = w.Write([]string{"name1", "name2", "score", "match"})
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if line == 1 {
			continue // header
		}
		if len(rec) < 2 {
			return fmt.Errorf("%s:%d: want two columns name1,name2, got %d", name, line, len(rec))
		}
		res := names.Compare(rec[0], rec[1])
		if err := w.Write([]string{rec[0], rec[1], strconv.FormatFloat(res.Score, 'f', -1, 64), strconv.FormatBool(res.Match)}); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// cmdScreenSearch prints the top candidates for a name from the stored lists.
func cmdScreenSearch(args []string, out io.Writer) error {
	fs, cfgPath := flags("screen search", "Search the imported watchlists: tracktwo screen search [--list ID] \"NAME\".")
	list := fs.String("list", "", "search only this list (e.g. ofac-sdn)")
	birth := fs.String("birth-date", "", "date or year of birth, to corroborate")
	nat := fs.String("nationality", "", "nationality, to corroborate")
	limit := fs.Int("limit", 10, "number of candidates (1–200)")
	orgSlug := fs.String("org", "", "also search this organization's own lists")
	asJSON := fs.Bool("json", false, "print JSON")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("screen search: give one name (quote it)")
	}
	ctx := context.Background()
	a, err := open(ctx, *cfgPath, nil)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	sc := operatorScope
	if *orgSlug != "" {
		o, err := a.Orgs.BySlug(ctx, *orgSlug)
		if err != nil {
			return fmt.Errorf("organization %q: %w", *orgSlug, err)
		}
		sc.OrgID = o.ID
	}
	hits, err := a.Screening.Search(ctx, sc, screening.SearchInput{Name: fs.Arg(0), BirthDate: *birth, Nationality: *nat,
		ListID: *list, Limit: *limit})
	if err != nil {
		return describe(err)
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(hits)
	}
	if len(hits) == 0 {
		lists, entries := a.Screening.Searchable(sc)
		fmt.Fprintf(out, "no candidates (%d lists, %d entries searched)\n", lists, entries)
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LEVEL\tSCORE\tLIST\tENTRY\tNAME\tMATCHED")
	for _, h := range hits {
		fmt.Fprintf(tw, "%s\t%.3f\t%s\t%s\t%s\t%s\n", h.Level, h.Score, h.ListID, h.EntryID, h.Name, h.Alias)
	}
	tw.Flush()
	for _, h := range hits {
		fmt.Fprintf(out, "\n%s %s (%s):\n", h.ListID, h.EntryID, h.Name)
		for _, e := range h.Explanation {
			fmt.Fprintf(out, "  %s\n", e)
		}
	}
	return nil
}

// cmdScreenImport imports a list's files and replaces the stored list atomically.
func cmdScreenImport(args []string, out io.Writer) error {
	fs, cfgPath := flags("screen import", "Import a watchlist: tracktwo screen import --format ofac|csl|csv FILE...\n"+
		"ofac: sdn.csv with alt.csv and add.csv beside it or named on the command line; csl: the CSV export;\n"+
		"csv: any CSV or JSON Lines file with --map (a built-in map name or a column-map YAML file).\n"+
		"The list is replaced only when every file reads without error.")
	format := fs.String("format", "", "ofac, csl or csv (required)")
	mapName := fs.String("map", "", "csv: column map (built-in name such as example-custom, or a YAML file)")
	listID := fs.String("list", "", "list id (default: from the format or the map)")
	title := fs.String("title", "", "list title")
	orgSlug := fs.String("org", "", "import as this organization's own list (default: platform-wide)")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("screen import: name the list file(s)")
	}
	in := screening.ImportInput{Format: *format, ListID: *listID, Title: *title, Shared: *orgSlug == ""}
	files, err := fileSet(*format, fs.Args())
	if err != nil {
		return err
	}
	in.Files = files
	if *format == screening.FormatOFAC {
		in.Names = []string{"sdn.csv", "alt.csv", "add.csv"}
	} else {
		in.Names = []string{filepath.Base(fs.Arg(0))}
	}
	if *format == screening.FormatCSV && *mapName != "" {
		if strings.HasSuffix(*mapName, ".yaml") || strings.HasSuffix(*mapName, ".yml") {
			in.Map, err = watchlist.LoadColumnMap(*mapName)
		} else {
			in.Map, err = watchlist.BuiltinMap(*mapName)
		}
		if err != nil {
			return err
		}
	}
	ctx := context.Background()
	a, err := open(ctx, *cfgPath, nil)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	sc := operatorScope
	if *orgSlug != "" {
		o, err := a.Orgs.BySlug(ctx, *orgSlug)
		if err != nil {
			return fmt.Errorf("organization %q: %w", *orgSlug, err)
		}
		sc = tenant.Scope{OrgID: o.ID, Role: tenant.RoleOwner}
	}
	start := time.Now()
	res, err := a.Screening.Import(ctx, sc, in)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(out, "imported %s (%s): %d entries, %d aliases, %d addresses in %s; version %d\n", res.Watchlist.ListID,
		res.Watchlist.Title, res.Stats.Entries, res.Stats.Aliases, res.Stats.Addresses, time.Since(start).Round(time.Millisecond), res.Watchlist.Version)
	return nil
}

// fileSet maps the files named on the command line to the names the importers open. For ofac,
// alt.csv and add.csv are taken from beside sdn.csv unless named.
func fileSet(format string, paths []string) (pathFS, error) {
	out := pathFS{}
	for _, p := range paths {
		base := filepath.Base(p)
		if format == screening.FormatOFAC {
			base = strings.ToLower(base)
		}
		out[base] = p
	}
	if format == screening.FormatOFAC {
		sdn, ok := out["sdn.csv"]
		if !ok {
			return nil, errors.New("screen import --format ofac: name sdn.csv")
		}
		for _, rel := range []string{"alt.csv", "add.csv"} {
			if _, ok := out[rel]; !ok {
				if p := filepath.Join(filepath.Dir(sdn), rel); fileExists(p) {
					out[rel] = p
				}
			}
		}
	} else if len(paths) > 1 {
		// related files of a column map sit beside the main file
		for _, p := range paths[1:] {
			out[filepath.Base(p)] = p
		}
	}
	return out, nil
}

func fileExists(p string) bool { st, err := os.Stat(p); return err == nil && !st.IsDir() }

// pathFS opens named files from their paths on disk.
type pathFS map[string]string

func (p pathFS) Open(name string) (fs.File, error) {
	path, ok := p[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return os.Open(path)
}

// cmdScreenRun re-screens everything: it rebuilds the name index from the stored lists and
// recomputes the flags.
func cmdScreenRun(args []string, out io.Writer) error {
	fs, cfgPath := flags("screen run", "Re-screen everything: rebuild the name index from the stored lists and recompute every flag.")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	ctx := context.Background()
	start := time.Now()
	a, err := open(ctx, *cfgPath, nil)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	lists, entries := a.Screening.Searchable(operatorScope)
	fmt.Fprintf(out, "index: %d platform-wide lists, %d entries (%s)\n", lists, entries, time.Since(start).Round(time.Millisecond))
	return screenRunFlags(ctx, a, out)
}
