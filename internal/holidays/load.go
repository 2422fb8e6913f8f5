package holidays

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/tracktwo/tracktwo/internal/timezone"
)

// ErrInvalid is wrapped by every LoadError; test with errors.Is.
var ErrInvalid = errors.New("invalid holiday calendar")

// LoadError is one problem in a holiday file, with its position.
type LoadError struct {
	File string
	Line int // 1-based; 0 when unknown
	Msg  string
}

// Error implements error as "file:line: message".
func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Unwrap returns ErrInvalid.
func (e *LoadError) Unwrap() error { return ErrInvalid }

// maxFileSize bounds a holiday file; real ones are a few kilobytes.
const maxFileSize = 1 << 20

// Load reads and validates one holiday file.
func Load(file string) (*Calendar, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return Parse(file, data)
}

// LoadFS loads every *.yaml file at the root of fsys, keyed by country code. Two files for one
// country are an error.
func LoadFS(fsys fs.FS) (map[string]*Calendar, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	out := map[string]*Calendar{}
	var errs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		c, err := Parse(name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, dup := out[c.Country]; dup {
			errs = append(errs, &LoadError{File: name, Msg: "second calendar for country " + c.Country})
			continue
		}
		out[c.Country] = c
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// LoadDir is LoadFS on a directory of the file system.
func LoadDir(dir string) (map[string]*Calendar, error) {
	return LoadFS(os.DirFS(filepath.Clean(dir)))
}

// Parse validates the YAML of one holiday file; name is used in error messages. All problems
// found are returned together (errors.Join of *LoadError).
func Parse(name string, data []byte) (*Calendar, error) {
	p := &parser{file: path.Base(filepath.ToSlash(name))}
	if len(data) > maxFileSize {
		return nil, &LoadError{File: p.file, Msg: "file larger than 1 MiB"}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &LoadError{File: p.file, Line: yamlErrorLine(err), Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, &LoadError{File: p.file, Line: 1, Msg: "empty file"}
	}
	c := p.calendar(doc.Content[0])
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return c, nil
}

var lineRe = regexp.MustCompile(`line (\d+)`)

func yamlErrorLine(err error) int {
	if m := lineRe.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

type parser struct {
	file string
	errs []error
}

func (p *parser) errf(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errs = append(p.errs, &LoadError{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// fields checks that n is a mapping with only the allowed keys, each once, and returns the
// value nodes by key.
func (p *parser) fields(n *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		p.errf(n, "%s must be a mapping", what)
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !contains(allowed, k.Value):
			p.errf(k, "unknown key %q in %s (allowed: %s)", k.Value, what, strings.Join(allowed, ", "))
		case out[k.Value] != nil:
			p.errf(k, "duplicate key %q in %s", k.Value, what)
		default:
			out[k.Value] = v
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// str returns a scalar's text; required reports a missing or empty value.
func (p *parser) str(m map[string]*yaml.Node, parent *yaml.Node, key string, required bool) string {
	n := m[key]
	if n == nil {
		if required {
			p.errf(parent, "missing %q", key)
		}
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		p.errf(n, "%q must be a single value", key)
		return ""
	}
	v := strings.TrimSpace(n.Value)
	if required && v == "" {
		p.errf(n, "%q is empty", key)
	}
	return v
}

func (p *parser) integer(m map[string]*yaml.Node, parent *yaml.Node, key string, required bool) (int, bool) {
	s := p.str(m, parent, key, required)
	if s == "" {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		p.errf(m[key], "%q must be a whole number, not %q", key, s)
		return 0, false
	}
	return v, true
}

func (p *parser) date(m map[string]*yaml.Node, parent *yaml.Node, key string, required bool) time.Time {
	s := p.str(m, parent, key, required)
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		p.errf(m[key], "%q must be a date YYYY-MM-DD, not %q", key, s)
		return time.Time{}
	}
	return d
}

func (p *parser) name(m map[string]*yaml.Node, parent *yaml.Node) Name {
	n := m["name"]
	if n == nil {
		p.errf(parent, `missing "name" (en and zh)`)
		return Name{}
	}
	f := p.fields(n, "name", "en", "zh")
	return Name{EN: p.str(f, n, "en", true), ZH: p.str(f, n, "zh", true)}
}

var (
	countryRe = regexp.MustCompile(`^[A-Z]{2}$`)
	idRe      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

func (p *parser) calendar(root *yaml.Node) *Calendar {
	f := p.fields(root, "calendar", "country", "zone", "name", "rules", "years")
	c := &Calendar{Years: map[int]YearInfo{}}
	c.Country = p.str(f, root, "country", true)
	if c.Country != "" && !countryRe.MatchString(c.Country) {
		p.errf(f["country"], "country must be an ISO 3166 alpha-2 code such as US or CN, not %q", c.Country)
	}
	c.Zone = p.str(f, root, "zone", true)
	if c.Zone != "" {
		loc, err := timezone.Load(c.Zone)
		if err != nil {
			p.errf(f["zone"], "%v", err)
		}
		c.Location = loc
	}
	c.Name = p.name(f, root)
	rules := p.rules(f["rules"])
	yearsNode := f["years"]
	if yearsNode == nil {
		p.errf(root, `missing "years"`)
		return c
	}
	if yearsNode.Kind != yaml.MappingNode {
		p.errf(yearsNode, `"years" must be a mapping of year to data`)
		return c
	}
	seen := map[string]bool{} // id|date, to drop a next-year holiday computed twice
	for i := 0; i+1 < len(yearsNode.Content); i += 2 {
		k, v := yearsNode.Content[i], yearsNode.Content[i+1]
		year, err := strconv.Atoi(k.Value)
		if err != nil || year < 1900 || year > 2200 {
			p.errf(k, "year must be a number between 1900 and 2200, not %q", k.Value)
			continue
		}
		if _, dup := c.Years[year]; dup {
			p.errf(k, "year %d listed twice", year)
			continue
		}
		info, hs, ws := p.year(year, v, c.Country)
		c.Years[year] = info
		if info.Status == StatusComputed || info.Status == StatusOfficial {
			hs = append(computeRules(rules, year, c.Country, info.Source), hs...)
		}
		for _, h := range hs {
			key := h.ID + "|" + h.From.Format(time.DateOnly)
			if !seen[key] {
				seen[key] = true
				c.holidays = append(c.holidays, h)
			}
		}
		c.workdays = append(c.workdays, ws...)
	}
	sort.SliceStable(c.holidays, func(i, j int) bool { return c.holidays[i].DayOff().Before(c.holidays[j].DayOff()) })
	sort.SliceStable(c.workdays, func(i, j int) bool { return c.workdays[i].Date.Before(c.workdays[j].Date) })
	return c
}
