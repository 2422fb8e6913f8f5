// Package rules loads Tracktwo's restriction rules from YAML files and
// evaluates them against the facts of a session and its participants.
//
// A rule is data: an id, a jurisdiction, a subject (session or participant),
// a severity (block, high, warn, info, optionally depending on the facts),
// a condition in CEL over the fact model (see Facts), an explanation in
// English and Chinese with {{placeholders}} for facts, citations, and
// whether it needs legal review. Files are validated completely at load: a
// problem is reported with file, line and reason, and no rule set is
// returned, so the caller keeps the one it had. docs/screening-rules.md is
// the operator's guide.
package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// maxRuleFileSize bounds a rule file; a rule set is a few kilobytes.
const maxRuleFileSize = 1 << 20

// RuleSet is an immutable, validated set of rules, safe for concurrent use.
type RuleSet struct {
	rules   []*compiledRule // sorted by id
	session []*compiledRule
	partic  []*compiledRule
	version string
	files   []string
}

// Hit is one rule whose condition holds for the facts: the material of a
// flag.
type Hit struct {
	RuleID       string `json:"rule_id"`
	Jurisdiction string `json:"jurisdiction"`
	Subject      string `json:"subject"`
	// Severity is the rule's severity for these facts (after severity_when).
	Severity    string     `json:"severity"`
	Explanation Text       `json:"explanation"`
	Citations   []Citation `json:"citations"`
	// NeedsLegalReview marks rules resting on secondary sources.
	NeedsLegalReview bool `json:"needs_legal_review"`
	// Evidence lists the facts the rule referenced, with their values.
	Evidence []Evidence `json:"evidence"`
	// RuleHash identifies the version of the rule that raised the hit.
	RuleHash string `json:"rule_hash"`
	// EvalError is set when the rule could not be evaluated on these facts
	// (a runtime error in its expression). Such a rule is reported as a hit
	// at its default severity rather than silently passing.
	EvalError string `json:"eval_error,omitempty"`
}

// Load reads every *.yaml / *.yml file of dir (not its subdirectories).
func Load(dir string) (*RuleSet, error) {
	return load(os.DirFS(dir), ".", func(name string) string { return filepath.Join(dir, name) })
}

// LoadFS reads every *.yaml / *.yml file of dir inside fsys.
func LoadFS(fsys fs.FS, dir string) (*RuleSet, error) {
	return load(fsys, dir, func(name string) string { return path.Join(dir, name) })
}

func load(fsys fs.FS, dir string, display func(string) string) (*RuleSet, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, &LoadError{File: display(""), Kind: ErrNoRules, Reason: "cannot read the rules directory", Err: err}
	}
	base, err := newBaseEnv()
	if err != nil {
		return nil, fmt.Errorf("rules: CEL environment: %w", err)
	}
	type fileRules struct {
		fp    *fileParser
		rules []*parsedRule
	}
	var (
		files []fileRules
		names []string
	)
	raw, sum, errs := readRuleFiles(fsys, dir, entries, display)
	for _, f := range raw {
		names = append(names, f.shown)
		rs, ferrs := parseFile(f.shown, f.data)
		errs = append(errs, ferrs...)
		files = append(files, fileRules{fp: &fileParser{file: f.shown}, rules: rs})
	}
	if len(names) == 0 && len(errs) == 0 {
		return nil, &LoadError{File: display(""), Kind: ErrNoRules, Reason: "no *.yaml rule files in the directory"}
	}
	// Ids are unique across the set; session rule ids are known before
	// participant rules referring to them are compiled.
	seen := map[string]*parsedRule{}
	sessionIDs := map[string]bool{}
	for _, f := range files {
		for _, r := range f.rules {
			if prev, dup := seen[r.ID]; dup {
				errs = append(errs, &LoadError{File: r.File, Line: r.Line, Rule: r.ID, Field: "id", Kind: ErrDuplicateRule,
					Reason: fmt.Sprintf("rule id already defined at %s:%d", prev.File, prev.Line)})
				continue
			}
			seen[r.ID] = r
			if r.Subject == SubjectSession {
				sessionIDs[r.ID] = true
			}
		}
	}
	set := &RuleSet{files: names}
	for _, f := range files {
		c := &compiler{fp: f.fp, base: base}
		for _, r := range f.rules {
			if cr := c.compile(r, sessionIDs); cr != nil {
				set.rules = append(set.rules, cr)
			}
		}
		errs = append(errs, f.fp.errs...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortFunc(set.rules, func(a, b *compiledRule) int { return strings.Compare(a.ID, b.ID) })
	for _, r := range set.rules {
		if r.Subject == SubjectSession {
			set.session = append(set.session, r)
		} else {
			set.partic = append(set.partic, r)
		}
	}
	set.version = sum
	return set, nil
}

// ruleFile is one rule file's content.
type ruleFile struct {
	shown string
	data  []byte
}

// renderRevision is part of every rule set version: change it when a change to this package's
// code changes what flags say for the same rules and facts (how values are printed in
// explanations), so that stored flags are re-evaluated at start-up as after a rule change.
const renderRevision = "render-2"

// readRuleFiles reads the *.yaml / *.yml files among entries of dir and returns them with the
// rule set version they make: a SHA-256 over the renderer's revision and every file's name and
// content.
func readRuleFiles(fsys fs.FS, dir string, entries []fs.DirEntry, display func(string) string) ([]ruleFile, string, []error) {
	var (
		out  []ruleFile
		errs []error
		sum  = sha256.New()
	)
	fmt.Fprintf(sum, "%s\x00", renderRevision)
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		shown := display(name)
		data, err := readLimited(fsys, path.Join(dir, name))
		if err != nil {
			errs = append(errs, &LoadError{File: shown, Kind: ErrSyntax, Reason: err.Error(), Err: err})
			continue
		}
		fmt.Fprintf(sum, "%s\x00%d\x00", name, len(data))
		sum.Write(data)
		out = append(out, ruleFile{shown: shown, data: data})
	}
	return out, "sha256:" + hex.EncodeToString(sum.Sum(nil)), errs
}

// DirVersion returns the version Load(dir) would give the rule set, reading the files but not
// compiling them: cheap enough to poll for changes.
func DirVersion(dir string) (string, error) {
	fsys := os.DirFS(dir)
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return "", err
	}
	_, sum, errs := readRuleFiles(fsys, ".", entries, func(name string) string { return filepath.Join(dir, name) })
	return sum, errors.Join(errs...)
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxRuleFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxRuleFileSize {
		return nil, fmt.Errorf("file larger than %d bytes", maxRuleFileSize)
	}
	return data, nil
}

// Version is a checksum of every loaded file's name and content: it changes
// whenever a rule file changes, so stored flags can be recomputed.
func (rs *RuleSet) Version() string { return rs.version }

// Files lists the files the set was loaded from.
func (rs *RuleSet) Files() []string { return slices.Clone(rs.files) }

// Rules returns the loaded rules, sorted by id.
func (rs *RuleSet) Rules() []Rule {
	out := make([]Rule, len(rs.rules))
	for i, r := range rs.rules {
		out[i] = r.Rule
		out[i].SeverityWhen = slices.Clone(r.SeverityWhen)
		out[i].Let = slices.Clone(r.Let)
		out[i].Citations = slices.Clone(r.Citations)
	}
	return out
}

// Rule returns the rule with the given id.
func (rs *RuleSet) Rule(id string) (Rule, bool) {
	i, ok := slices.BinarySearchFunc(rs.rules, id, func(r *compiledRule, id string) int { return strings.Compare(r.ID, id) })
	if !ok {
		return Rule{}, false
	}
	return rs.Rules()[i], true
}

// Len is the number of rules.
func (rs *RuleSet) Len() int { return len(rs.rules) }

// Evaluate runs the rules for one subject and returns the hits, most severe
// first (then by rule id). With Facts.Participant nil it runs the session
// rules; otherwise the participant rules, which see the ids of the session
// rules that fire in session_flags.
func (rs *RuleSet) Evaluate(facts Facts) []Hit {
	hits := rs.evaluate(facts, nil)
	sortHits(hits)
	return hits
}

// evaluate runs the rules of the facts' subject that keep accepts (all when keep is nil).
func (rs *RuleSet) evaluate(facts Facts, keep func(*compiledRule) bool) []Hit {
	now := facts.Now
	if now.IsZero() {
		now = time.Now().UTC()
	}
	act := map[string]any{
		varSession:      facts.Session,
		varParticipant:  Participant{},
		varViewer:       facts.Viewer,
		varSharing:      facts.Sharing,
		varNow:          now,
		varSessionFlags: []string{},
	}
	rules := rs.session
	if facts.Participant != nil {
		var fired []string
		for _, r := range rs.session {
			if ok, _ := r.holds(act); ok {
				fired = append(fired, r.ID)
			}
		}
		act[varSessionFlags] = fired
		act[varParticipant] = *facts.Participant
		rules = rs.partic
	}
	var hits []Hit
	for _, r := range rules {
		if keep != nil && !keep(r) {
			continue
		}
		if h, ok := r.evaluate(act); ok {
			hits = append(hits, h)
		}
	}
	return hits
}

// sortHits orders hits most severe first, then by rule id.
func sortHits(hits []Hit) {
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if d := SeverityRank(b.Severity) - SeverityRank(a.Severity); d != 0 {
			return d
		}
		return strings.Compare(a.RuleID, b.RuleID)
	})
}

// bind evaluates the rule's let bindings on top of the facts.
func (r *compiledRule) bind(facts map[string]any) (map[string]any, error) {
	if len(r.lets) == 0 {
		return facts, nil
	}
	act := make(map[string]any, len(facts)+len(r.lets))
	for k, v := range facts {
		act[k] = v
	}
	for _, l := range r.lets {
		v, _, err := l.prg.Eval(act)
		if err != nil {
			return act, fmt.Errorf("let %s: %w", l.name, err)
		}
		act[l.name] = v
	}
	return act, nil
}

// holds reports whether the condition is true; an evaluation error counts
// as true (fail closed) and is returned.
func (r *compiledRule) holds(facts map[string]any) (bool, error) {
	act, err := r.bind(facts)
	if err != nil {
		return true, err
	}
	v, _, err := r.condition.Eval(act)
	if err != nil {
		return true, fmt.Errorf("condition: %w", err)
	}
	b, ok := v.Value().(bool)
	return ok && b, nil
}

func (r *compiledRule) evaluate(facts map[string]any) (Hit, bool) {
	act, err := r.bind(facts)
	var v any
	if err == nil {
		out, _, cerr := r.condition.Eval(act)
		if cerr != nil {
			err = fmt.Errorf("condition: %w", cerr)
		} else {
			v = out.Value()
		}
	}
	if err == nil && v != true {
		return Hit{}, false
	}
	h := Hit{
		RuleID:           r.ID,
		Jurisdiction:     r.Jurisdiction,
		Subject:          r.Subject,
		Severity:         r.Severity,
		Citations:        slices.Clone(r.Citations),
		NeedsLegalReview: r.NeedsLegalReview,
		RuleHash:         r.Hash,
	}
	if err != nil {
		h.EvalError = err.Error()
	} else {
		for _, c := range r.cases {
			if out, _, cerr := c.prg.Eval(act); cerr == nil && out.Value() == true {
				h.Severity = c.severity
				break
			}
		}
	}
	var enErr, zhErr error
	h.Explanation.EN, enErr = render(r.en, act, langEN)
	h.Explanation.ZH, zhErr = render(r.zh, act, langZH)
	if h.EvalError == "" {
		if rerr := errors.Join(enErr, zhErr); rerr != nil {
			h.EvalError = rerr.Error()
		}
	}
	h.Evidence = make([]Evidence, 0, len(r.evidence))
	for _, e := range r.evidence {
		out, _, eerr := e.prg.Eval(facts)
		if eerr != nil {
			continue
		}
		h.Evidence = append(h.Evidence, Evidence{Path: e.path, Value: toNative(out)})
	}
	return h, true
}
