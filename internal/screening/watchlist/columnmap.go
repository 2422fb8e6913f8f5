package watchlist

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Field names a column map may map.
const (
	FieldEntryID       = "entry_id"
	FieldSource        = "source"
	FieldKind          = "kind"
	FieldName          = "name"
	FieldAliases       = "aliases"
	FieldPrograms      = "programs"
	FieldTitle         = "title"
	FieldRemarks       = "remarks"
	FieldBirthDates    = "birth_dates"
	FieldPlacesOfBirth = "places_of_birth"
	FieldNationalities = "nationalities"
	FieldCitizenships  = "citizenships"
	FieldAddresses     = "addresses"
)

// fieldOrder is the order fields are checked in, for stable errors.
var fieldOrder = []string{FieldName, FieldEntryID, FieldSource, FieldKind, FieldAliases, FieldPrograms, FieldTitle,
	FieldRemarks, FieldBirthDates, FieldPlacesOfBirth, FieldNationalities, FieldCitizenships, FieldAddresses}

var knownFields = map[string]bool{
	FieldEntryID: true, FieldSource: true, FieldKind: true, FieldName: true, FieldAliases: true,
	FieldPrograms: true, FieldTitle: true, FieldRemarks: true, FieldBirthDates: true,
	FieldPlacesOfBirth: true, FieldNationalities: true, FieldCitizenships: true, FieldAddresses: true,
}

// ColumnMap describes how to read one list file format into Entries.
type ColumnMap struct {
	// ListID becomes Entry.ListID ("ofac-sdn", "csl", "my-list").
	ListID string `yaml:"list_id"`
	// Title is a human name for the list.
	Title string `yaml:"title"`
	// Format is "csv" or "jsonl".
	Format string `yaml:"format"`
	// Delimiter is the CSV field separator (default ",").
	Delimiter string `yaml:"delimiter"`
	// Header is true when the first CSV row names the columns; columns are
	// then referred to by name, otherwise by 0-based index.
	Header bool `yaml:"header"`
	// Columns is the number of columns every CSV row must have (0: the
	// header's count, or the first row's).
	Columns int `yaml:"columns"`
	// Encoding is "utf-8" (default), "windows-1252" or "latin1".
	Encoding string `yaml:"encoding"`
	// EmptyValues are values meaning "no value" (OFAC writes "-0-").
	EmptyValues []string `yaml:"empty_values"`
	// Fields maps Entry fields to columns.
	Fields map[string]ColumnSpec `yaml:"fields"`
	// Kinds maps lower-cased kind values to Kind* values; DefaultKind is
	// used for an empty or unmapped value.
	Kinds       map[string]string `yaml:"kinds"`
	DefaultKind string            `yaml:"default_kind"`
	// RemarksFormat "ofac" reads DOB, POB, nationality, citizen and
	// a.k.a. items out of the remarks.
	RemarksFormat string `yaml:"remarks_format"`
	// Aliases and Addresses are related files joined by entry id (OFAC
	// alt.csv and add.csv).
	Aliases   *RelatedFile `yaml:"aliases_file"`
	Addresses *RelatedFile `yaml:"addresses_file"`

	patterns map[string]*regexp.Regexp
}

// ColumnSpec says where a field's value comes from.
type ColumnSpec struct {
	// Column is a header name (CSV with header), a JSON key (dots reach
	// into nested objects), or a 0-based index (CSV without header).
	Column string `yaml:"column"`
	// Split separates several values in one cell (e.g. ";").
	Split string `yaml:"split"`
	// Pattern, a regular expression, keeps its first group (or the whole
	// match) of each value; values that do not match are kept whole.
	Pattern string `yaml:"pattern"`
	// Country, for addresses, is "last_part": the country is the last
	// comma-separated part of the address.
	Country string `yaml:"country"`
}

// UnmarshalYAML accepts a bare column ("name", 3) or a mapping.
func (c *ColumnSpec) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		c.Column = n.Value
		return nil
	}
	type plain ColumnSpec
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*c = ColumnSpec(p)
	return nil
}

// RelatedFile is a file of extra rows (aliases or addresses) joined to the
// main file's entries by entry id. Columns are 0-based indexes.
type RelatedFile struct {
	// File is the file name next to the main file.
	File string `yaml:"file"`
	// Columns is the number of columns of every row.
	Columns int `yaml:"columns"`
	// Key is the column holding the entry id.
	Key int `yaml:"key"`
	// For aliases: Type and Name; for addresses: Street, City, Country.
	// Remarks for both. -1 (or absent) means no such column.
	Type    *int `yaml:"type"`
	Name    *int `yaml:"name"`
	Street  *int `yaml:"street"`
	City    *int `yaml:"city"`
	Country *int `yaml:"country"`
	Remarks *int `yaml:"remarks"`
}

// LoadColumnMap reads a column map from a YAML file.
func LoadColumnMap(path string) (*ColumnMap, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &ParseError{File: path, Kind: ErrBadColumnMap, Reason: "cannot read the column map", Err: err}
	}
	return ParseColumnMap(path, data)
}

// ParseColumnMap reads a column map from YAML; name is used in errors.
func ParseColumnMap(name string, data []byte) (*ColumnMap, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var m ColumnMap
	if err := dec.Decode(&m); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &ParseError{File: name, Kind: ErrBadColumnMap, Reason: "empty column map"}
		}
		reason := strings.TrimPrefix(err.Error(), "yaml: ")
		reason = strings.TrimPrefix(reason, "unmarshal errors:")
		reason = strings.Join(strings.Fields(reason), " ")
		reason = strings.ReplaceAll(reason, " in type watchlist.ColumnMap", "")
		pe := &ParseError{File: name, Kind: ErrBadColumnMap, Reason: reason, Err: err}
		if mm := regexp.MustCompile(`line (\d+)`).FindStringSubmatch(err.Error()); mm != nil {
			pe.Line, _ = strconv.Atoi(mm[1])
		}
		return nil, pe
	}
	if err := m.validate(name); err != nil {
		return nil, err
	}
	return &m, nil
}

func (m *ColumnMap) validate(name string) error {
	bad := func(field, format string, args ...any) error {
		return &ParseError{File: name, ColumnName: field, Kind: ErrBadColumnMap, Reason: fmt.Sprintf(format, args...)}
	}
	if m.ListID == "" {
		return bad("list_id", "list_id is required")
	}
	switch m.Format {
	case "csv":
	case "jsonl":
		if m.Aliases != nil || m.Addresses != nil {
			return bad("aliases_file", "related files are only supported for csv")
		}
		if m.Header {
			return bad("header", "header applies to csv only")
		}
	default:
		return bad("format", "format %q is not csv or jsonl", m.Format)
	}
	if m.Delimiter == "" {
		m.Delimiter = ","
	}
	if r, size := utf8.DecodeRuneInString(m.Delimiter); size != len(m.Delimiter) || r == '"' || r == '\n' || r == '\r' || r == utf8.RuneError {
		return bad("delimiter", "delimiter must be one character other than a quote or newline")
	}
	switch strings.ToLower(m.Encoding) {
	case "", "utf-8", "utf8":
		m.Encoding = "utf-8"
	case "windows-1252", "cp1252", "latin1", "iso-8859-1":
		m.Encoding = strings.ToLower(m.Encoding)
	default:
		return bad("encoding", "encoding %q is not utf-8, windows-1252 or latin1", m.Encoding)
	}
	if _, ok := m.Fields[FieldName]; !ok {
		return bad("fields.name", "the name field must be mapped")
	}
	m.patterns = map[string]*regexp.Regexp{}
	for f, spec := range m.Fields {
		if !knownFields[f] {
			return bad("fields."+f, "unknown field %q", f)
		}
		if spec.Column == "" {
			return bad("fields."+f, "column is required")
		}
		if m.Format == "csv" && !m.Header {
			if i, err := strconv.Atoi(spec.Column); err != nil || i < 0 || (m.Columns > 0 && i >= m.Columns) {
				return bad("fields."+f, "without a header a column is a 0-based index below columns, not %q", spec.Column)
			}
		}
		if spec.Pattern != "" {
			re, err := regexp.Compile(spec.Pattern)
			if err != nil {
				return bad("fields."+f, "pattern: %v", err)
			}
			m.patterns[f] = re
		}
		if spec.Country != "" && (f != FieldAddresses || spec.Country != "last_part") {
			return bad("fields."+f, `country is only "last_part", for addresses`)
		}
	}
	for k, v := range m.Kinds {
		if !validKind(v) {
			return bad("kinds."+k, "kind %q is not individual, entity, vessel or aircraft", v)
		}
	}
	if m.DefaultKind == "" {
		m.DefaultKind = KindEntity
	}
	if !validKind(m.DefaultKind) {
		return bad("default_kind", "kind %q is not individual, entity, vessel or aircraft", m.DefaultKind)
	}
	if m.RemarksFormat != "" && m.RemarksFormat != "ofac" {
		return bad("remarks_format", "remarks_format %q is not ofac", m.RemarksFormat)
	}
	for _, rf := range []struct {
		name string
		f    *RelatedFile
	}{{"aliases_file", m.Aliases}, {"addresses_file", m.Addresses}} {
		if rf.f == nil {
			continue
		}
		if rf.f.File == "" || strings.ContainsAny(rf.f.File, `/\`) {
			return bad(rf.name, "file must be a plain file name next to the main file")
		}
		if rf.f.Columns <= 0 {
			return bad(rf.name, "columns is required")
		}
		for _, c := range []*int{&rf.f.Key, rf.f.Type, rf.f.Name, rf.f.Street, rf.f.City, rf.f.Country, rf.f.Remarks} {
			if c != nil && (*c < -1 || *c >= rf.f.Columns) {
				return bad(rf.name, "column index %d outside 0..%d", *c, rf.f.Columns-1)
			}
		}
	}
	if m.Aliases != nil && (m.Aliases.Name == nil || *m.Aliases.Name < 0) {
		return bad("aliases_file.name", "the alias name column is required")
	}
	if (m.Aliases != nil || m.Addresses != nil) && m.Fields[FieldEntryID].Column == "" {
		return bad("fields.entry_id", "joining related files needs the entry_id field")
	}
	return nil
}

func validKind(k string) bool {
	return k == KindIndividual || k == KindEntity || k == KindVessel || k == KindAircraft
}
