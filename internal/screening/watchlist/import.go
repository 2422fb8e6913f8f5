package watchlist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Handler receives each imported entry. The entry is the handler's to
// keep. Returning an error stops the import with that error.
type Handler func(*Entry) error

// Join modes reported in Stats.
const (
	// JoinMerge streams related files beside the main file (all sorted by
	// entry id): memory stays constant.
	JoinMerge = "merge"
	// JoinIndex holds the related files' rows in memory by entry id,
	// because a file was not sorted; memory grows with the related files
	// only, never with the main file.
	JoinIndex = "index"
)

// Stats summarises an import.
type Stats struct {
	Entries   int `json:"entries"`
	Aliases   int `json:"aliases"`
	Addresses int `json:"addresses"`
	// Rows counts the rows read per file.
	Rows map[string]int `json:"rows"`
	// Orphans counts related rows whose entry id is not in the main file.
	Orphans int `json:"orphans"`
	// Join is JoinMerge or JoinIndex when related files were joined.
	Join string `json:"join,omitempty"`
}

// ImportReader imports one file of the map's format from r; name is used
// in errors. Maps with related files need Import.
func (m *ColumnMap) ImportReader(ctx context.Context, r io.Reader, name string, fn Handler) (Stats, error) {
	if m.Aliases != nil || m.Addresses != nil {
		return Stats{}, &ParseError{File: name, Kind: ErrBadColumnMap, Reason: "this column map joins related files: use Import with a file system"}
	}
	if m.Format == "jsonl" {
		return m.importJSONL(ctx, r, name, fn)
	}
	st := Stats{Rows: map[string]int{}}
	err := m.importCSV(ctx, r, name, nil, nil, &st, fn)
	return st, err
}

// Import imports the file name of fsys, joining the map's related files
// (which must sit in the same directory).
func (m *ColumnMap) Import(ctx context.Context, fsys fs.FS, name string, fn Handler) (Stats, error) {
	if m.Aliases == nil && m.Addresses == nil {
		f, err := fsys.Open(name)
		if err != nil {
			return Stats{}, &ParseError{File: name, Kind: ErrSyntax, Reason: "cannot open the file", Err: err}
		}
		defer f.Close()
		return m.ImportReader(ctx, f, name, fn)
	}
	st := Stats{Rows: map[string]int{}}
	dir := path.Dir(name)
	idCol, err := strconv.Atoi(m.Fields[FieldEntryID].Column)
	if m.Header || err != nil {
		return st, &ParseError{File: name, Kind: ErrBadColumnMap, Reason: "joining related files needs a header-less CSV with entry_id as a column index"}
	}
	// Merge when every file is sorted by entry id; index otherwise.
	sorted, err := m.scanSorted(fsys, name, idCol, m.Columns, true)
	if err != nil {
		return st, err
	}
	var rels []*related
	for _, rf := range []*RelatedFile{m.Aliases, m.Addresses} {
		if rf == nil {
			rels = append(rels, nil)
			continue
		}
		fileName := path.Join(dir, rf.File)
		ok, err := m.scanSorted(fsys, fileName, rf.Key, rf.Columns, false)
		if err != nil {
			return st, err
		}
		sorted = sorted && ok
		rels = append(rels, &related{spec: rf, name: fileName})
	}
	st.Join = JoinIndex
	if sorted {
		st.Join = JoinMerge
	}
	for _, rel := range rels {
		if rel == nil {
			continue
		}
		f, err := fsys.Open(rel.name)
		if err != nil {
			return st, &ParseError{File: rel.name, Kind: ErrSyntax, Reason: "cannot open the file", Err: err}
		}
		defer f.Close()
		rel.file = newCSVFile(f, rel.name, m.delim(), m.Encoding, rel.spec.Columns, m.EmptyValues)
		if sorted {
			if err := rel.advance(); err != nil {
				return st, err
			}
		} else if err := rel.index(); err != nil {
			return st, err
		}
	}
	main, err := fsys.Open(name)
	if err != nil {
		return st, &ParseError{File: name, Kind: ErrSyntax, Reason: "cannot open the file", Err: err}
	}
	defer main.Close()
	if err := m.importCSV(ctx, main, name, rels[0], rels[1], &st, fn); err != nil {
		return st, err
	}
	for _, rel := range rels {
		if rel == nil {
			continue
		}
		// Rows after the last entry (merge) or never claimed (index).
		n, err := rel.finish()
		if err != nil {
			return st, err
		}
		st.Orphans += n
		st.Rows[rel.name] = rel.file.rows
	}
	return st, nil
}

func (m *ColumnMap) delim() rune {
	r, _ := utf8.DecodeRuneInString(m.Delimiter)
	return r
}

// scanSorted reads a file's key column and reports whether keys ascend
// (strictly for the main file). It also validates every row's shape, so
// a broken file fails before any entry is delivered.
func (m *ColumnMap) scanSorted(fsys fs.FS, name string, key, cols int, strict bool) (bool, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return false, &ParseError{File: name, Kind: ErrSyntax, Reason: "cannot open the file", Err: err}
	}
	defer f.Close()
	cf := newCSVFile(f, name, m.delim(), m.Encoding, cols, m.EmptyValues)
	sorted, prev, first := true, "", true
	for {
		rec, err := cf.next()
		if errors.Is(err, io.EOF) {
			return sorted, nil
		}
		if err != nil {
			return false, err
		}
		if key >= len(rec) {
			return false, cf.errorf(ErrColumnCount, 0, "", "%d columns, the key is column %d", len(rec), key+1)
		}
		k := rec[key]
		if k == "" {
			return false, cf.errorf(ErrBadValue, key+1, "", "empty entry id")
		}
		if !first {
			c := compareKeys(prev, k)
			if c > 0 || (strict && c == 0) {
				sorted = false
			}
		}
		prev, first = strings.Clone(k), false
	}
}

// compareKeys orders entry ids: numeric ids numerically and before other
// ids, which compare as strings.
func compareKeys(a, b string) int {
	ai, aerr := strconv.ParseInt(a, 10, 64)
	bi, berr := strconv.ParseInt(b, 10, 64)
	switch {
	case aerr == nil && berr == nil:
		switch {
		case ai < bi:
			return -1
		case ai > bi:
			return 1
		}
		return 0
	case aerr == nil:
		return -1
	case berr == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// related is a related file being joined.
type related struct {
	spec *RelatedFile
	name string
	file *csvFile
	// merge mode: the row under the cursor
	rec  []string
	key  string
	line int
	done bool
	// index mode
	byKey map[string][][]string
}

func (r *related) advance() error {
	rec, err := r.file.next()
	if errors.Is(err, io.EOF) {
		r.done = true
		return nil
	}
	if err != nil {
		return err
	}
	r.rec = append(r.rec[:0], rec...)
	r.key, r.line = r.rec[r.spec.Key], r.file.line
	return nil
}

func (r *related) index() error {
	r.byKey = map[string][][]string{}
	for {
		rec, err := r.file.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		k := rec[r.spec.Key]
		r.byKey[k] = append(r.byKey[k], append([]string(nil), rec...))
	}
}

// rows calls fn with every row for key.
func (r *related) rows(key string, fn func([]string)) (orphans int, err error) {
	if r.byKey != nil {
		for _, rec := range r.byKey[key] {
			fn(rec)
		}
		delete(r.byKey, key)
		return 0, nil
	}
	for !r.done {
		c := compareKeys(r.key, key)
		if c > 0 {
			break
		}
		if c == 0 {
			fn(r.rec)
		} else {
			orphans++
		}
		if err := r.advance(); err != nil {
			return orphans, err
		}
	}
	return orphans, nil
}

// finish drains the file and counts rows no entry claimed.
func (r *related) finish() (int, error) {
	if r.byKey != nil {
		n := 0
		for _, rows := range r.byKey {
			n += len(rows)
		}
		return n, nil
	}
	n := 0
	for !r.done {
		n++
		if err := r.advance(); err != nil {
			return n, err
		}
	}
	return n, nil
}

func col(i *int, rec []string) string {
	if i == nil || *i < 0 || *i >= len(rec) {
		return ""
	}
	return rec[*i]
}

// importCSV streams the main CSV file, joining related rows.
func (m *ColumnMap) importCSV(ctx context.Context, r io.Reader, name string, aliases, addresses *related, st *Stats, fn Handler) error {
	cf := newCSVFile(r, name, m.delim(), m.Encoding, m.Columns, m.EmptyValues)
	idx, err := m.resolveCSVColumns(cf)
	if err != nil {
		return err
	}
	for {
		if st.Entries%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := cf.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		get := func(field string) []string {
			i, ok := idx[field]
			if !ok || i >= len(rec) || rec[i] == "" {
				return nil
			}
			return []string{rec[i]}
		}
		e, perr := m.buildEntry(get, func() string { return strings.Join(rec, "\x1f") })
		if perr != nil {
			perr.File, perr.Line = name, cf.line
			if i, ok := idx[perr.ColumnName]; ok {
				perr.Column = i + 1
			}
			return perr
		}
		if aliases != nil {
			n, err := aliases.rows(e.EntryID, func(row []string) {
				name := col(aliases.spec.Name, row)
				if name == "" {
					return
				}
				typ := strings.ToLower(strings.ReplaceAll(col(aliases.spec.Type, row), ".", ""))
				if typ != AliasFKA && typ != AliasNKA {
					typ = AliasAKA
				}
				e.Aliases = append(e.Aliases, Alias{Type: typ, Name: name, Remarks: col(aliases.spec.Remarks, row)})
			})
			st.Orphans += n
			if err != nil {
				return err
			}
		}
		if addresses != nil {
			n, err := addresses.rows(e.EntryID, func(row []string) {
				a := Address{Street: col(addresses.spec.Street, row), City: col(addresses.spec.City, row),
					Country: col(addresses.spec.Country, row), Remarks: col(addresses.spec.Remarks, row)}
				if a != (Address{}) {
					e.Addresses = append(e.Addresses, a)
				}
			})
			st.Orphans += n
			if err != nil {
				return err
			}
		}
		if m.RemarksFormat == "ofac" && e.Remarks != "" {
			// After the alias file, so remark aliases already listed there
			// are not repeated as weak ones.
			parseOFACRemarks(e.Remarks, e)
		}
		st.Entries++
		st.Aliases += len(e.Aliases)
		st.Addresses += len(e.Addresses)
		if err := fn(e); err != nil {
			return fmt.Errorf("watchlist: %s:%d: handler: %w", name, cf.line, err)
		}
	}
	st.Rows[name] = cf.rows
	if st.Entries == 0 {
		return &ParseError{File: name, Kind: ErrEmpty, Reason: "the file holds no entries"}
	}
	return nil
}

// resolveCSVColumns maps fields to column indexes, reading the header row
// when the map has one.
func (m *ColumnMap) resolveCSVColumns(cf *csvFile) (map[string]int, error) {
	idx := make(map[string]int, len(m.Fields))
	if !m.Header {
		for f, spec := range m.Fields {
			i, _ := strconv.Atoi(spec.Column)
			if m.Columns > 0 && i >= m.Columns {
				return nil, &ParseError{File: cf.name, Kind: ErrBadColumnMap, ColumnName: f, Reason: "column index beyond the row"}
			}
			idx[f] = i
		}
		return idx, nil
	}
	rec, err := cf.next()
	if errors.Is(err, io.EOF) {
		return nil, &ParseError{File: cf.name, Kind: ErrEmpty, Reason: "the file is empty (no header row)"}
	}
	if err != nil {
		return nil, err
	}
	cf.rows--
	cf.header = make([]string, len(rec))
	pos := map[string]int{}
	for i, h := range rec {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		cf.header[i] = h
		pos[strings.ToLower(h)] = i
	}
	for _, f := range fieldOrder {
		spec, mapped := m.Fields[f]
		if !mapped {
			continue
		}
		i, ok := pos[strings.ToLower(spec.Column)]
		if !ok {
			return nil, &ParseError{File: cf.name, Line: cf.line, Kind: ErrBadColumnMap, ColumnName: f,
				Reason: fmt.Sprintf("column %q (for %s) is not in the header", spec.Column, f)}
		}
		idx[f] = i
	}
	return idx, nil
}

// buildEntry makes an Entry from a row's raw values. raw returns the
// values of a field (one per CSV cell, several for a JSON array). rowText
// gives the whole row, for an id when the list has none.
func (m *ColumnMap) buildEntry(raw func(string) []string, rowText func() string) (*Entry, *ParseError) {
	one := func(f string) string {
		vs := m.values(f, raw)
		if len(vs) == 0 {
			return ""
		}
		return strings.Join(vs, "; ")
	}
	e := &Entry{ListID: m.ListID}
	e.Name = one(FieldName)
	if e.Name == "" {
		return nil, &ParseError{ColumnName: FieldName, Kind: ErrMissingName, Reason: "the entry has no name"}
	}
	e.EntryID = one(FieldEntryID)
	if e.EntryID == "" {
		sum := sha256.Sum256([]byte(m.ListID + "\x1e" + rowText()))
		e.EntryID = "row-" + hex.EncodeToString(sum[:8])
	}
	e.Source = one(FieldSource)
	kind := strings.ToLower(one(FieldKind))
	switch {
	case m.Kinds[kind] != "":
		e.Kind = m.Kinds[kind]
	case validKind(kind):
		e.Kind = kind
	default:
		e.Kind = m.DefaultKind
	}
	for _, a := range m.values(FieldAliases, raw) {
		if !hasAlias(e, a) {
			e.Aliases = append(e.Aliases, Alias{Type: AliasAKA, Name: a})
		}
	}
	e.Programs = m.values(FieldPrograms, raw)
	e.Title = one(FieldTitle)
	e.Remarks = one(FieldRemarks)
	for _, d := range m.values(FieldBirthDates, raw) {
		e.BirthDates = append(e.BirthDates, ParseBirthDate(d))
	}
	e.PlacesOfBirth = m.values(FieldPlacesOfBirth, raw)
	e.Nationalities = m.values(FieldNationalities, raw)
	e.Citizenships = m.values(FieldCitizenships, raw)
	lastPart := m.Fields[FieldAddresses].Country == "last_part"
	for _, a := range m.values(FieldAddresses, raw) {
		addr := Address{Street: a}
		if lastPart {
			if i := strings.LastIndex(a, ","); i >= 0 {
				addr.Street, addr.Country = strings.TrimSpace(a[:i]), strings.TrimSpace(a[i+1:])
			} else {
				addr.Street, addr.Country = "", a
			}
		}
		e.Addresses = append(e.Addresses, addr)
	}
	return e, nil
}

// values splits, trims, pattern-filters and de-empties a field's values.
func (m *ColumnMap) values(field string, raw func(string) []string) []string {
	spec, ok := m.Fields[field]
	if !ok {
		return nil
	}
	var out []string
	for _, v := range raw(field) {
		parts := []string{v}
		if spec.Split != "" {
			parts = strings.Split(v, spec.Split)
		}
		for _, p := range parts {
			p = strings.TrimSpace(p)
			if re := m.patterns[field]; re != nil && p != "" {
				if sm := re.FindStringSubmatch(p); sm != nil {
					if len(sm) > 1 {
						p = strings.TrimSpace(sm[1])
					} else {
						p = strings.TrimSpace(sm[0])
					}
				}
			}
			if p != "" && !m.isEmpty(p) {
				out = append(out, p)
			}
		}
	}
	return out
}

func (m *ColumnMap) isEmpty(v string) bool {
	for _, e := range m.EmptyValues {
		if v == e {
			return true
		}
	}
	return false
}
