package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

var (
	ruleIDPattern    = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,63}$`)
	identPattern     = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,63}$`)
	yamlLinePattern  = regexp.MustCompile(`line (\d+)`)
	jurisdictionLike = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 _-]{0,63}$`)
)

// parsedRule is a rule as read from YAML, with the nodes for error lines.
type parsedRule struct {
	Rule
	node      *yaml.Node
	condNode  *yaml.Node
	letNodes  []*yaml.Node
	caseNodes []*yaml.Node
	enNode    *yaml.Node
	zhNode    *yaml.Node
}

// fileParser collects the problems of one file.
type fileParser struct {
	file string
	errs []error
}

func (p *fileParser) fail(n *yaml.Node, kind error, rule, field, reason string, cause error) {
	e := &LoadError{File: p.file, Rule: rule, Field: field, Kind: kind, Reason: reason, Err: cause}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

// parseFile reads the rules of one YAML file. It returns the rules that
// parsed and every problem found.
func parseFile(file string, data []byte) ([]*parsedRule, []error) {
	p := &fileParser{file: file}
	if !utf8.Valid(data) {
		p.fail(nil, ErrSyntax, "", "", "file is not valid UTF-8", nil)
		return nil, p.errs
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.fail(nil, ErrMissingField, "", "rules", "file is empty", nil)
			return nil, p.errs
		}
		p.syntaxError(err)
		return nil, p.errs
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.fail(&extra, ErrSyntax, "", "", "more than one YAML document in the file", nil)
		return nil, p.errs
	} else if !errors.Is(err, io.EOF) {
		p.syntaxError(err)
		return nil, p.errs
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		p.fail(root, ErrInvalidValue, "", "", "a rule file is a mapping with a 'rules' list", nil)
		return nil, p.errs
	}
	fields := p.mapping(root, "", "", map[string]bool{"rules": true})
	rulesNode, ok := fields["rules"]
	if !ok {
		p.fail(root, ErrMissingField, "", "rules", "the file has no 'rules' list", nil)
		return nil, p.errs
	}
	if rulesNode.Kind != yaml.SequenceNode {
		p.fail(rulesNode, ErrInvalidValue, "", "rules", "'rules' must be a list", nil)
		return nil, p.errs
	}
	var out []*parsedRule
	for _, rn := range rulesNode.Content {
		if r := p.rule(rn); r != nil {
			out = append(out, r)
		}
	}
	return out, p.errs
}

func (p *fileParser) syntaxError(err error) {
	e := &LoadError{File: p.file, Kind: ErrSyntax, Reason: strings.TrimPrefix(err.Error(), "yaml: "), Err: err}
	if m := yamlLinePattern.FindStringSubmatch(err.Error()); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
	}
	p.errs = append(p.errs, e)
}

// mapping returns the values of a mapping node by key, reporting unknown
// and duplicate keys.
func (p *fileParser) mapping(n *yaml.Node, rule, prefix string, allowed map[string]bool) map[string]*yaml.Node {
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.fail(k, ErrInvalidValue, rule, prefix, "keys must be plain strings", nil)
			continue
		}
		if !allowed[k.Value] {
			p.fail(k, ErrUnknownKey, rule, prefix+k.Value, fmt.Sprintf("unknown key %q (allowed: %s)", k.Value, keyList(allowed)), nil)
			continue
		}
		if _, dup := out[k.Value]; dup {
			p.fail(k, ErrInvalidValue, rule, prefix+k.Value, "key given twice", nil)
			continue
		}
		out[k.Value] = v
	}
	return out
}

func keyList(allowed map[string]bool) string {
	keys := make([]string, 0, len(allowed))
	for k := range allowed {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}

// str reads a required or optional string scalar.
func (p *fileParser) str(fields map[string]*yaml.Node, parent *yaml.Node, key, rule, prefix string, required bool) (string, *yaml.Node) {
	n, ok := fields[key]
	if !ok {
		if required {
			p.fail(parent, ErrMissingField, rule, prefix+key, fmt.Sprintf("%q is required", key), nil)
		}
		return "", nil
	}
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "!!int" && n.Tag != "!!float") {
		p.fail(n, ErrInvalidValue, rule, prefix+key, "must be a text value", nil)
		return "", n
	}
	v := strings.TrimSpace(n.Value)
	if v == "" && required {
		p.fail(n, ErrMissingField, rule, prefix+key, fmt.Sprintf("%q must not be empty", key), nil)
	}
	return v, n
}

var ruleKeys = map[string]bool{
	"id": true, "jurisdiction": true, "subject": true, "severity": true, "severity_when": true,
	"let": true, "condition": true, "explanation": true, "citations": true, "needs_legal_review": true,
}

func (p *fileParser) rule(n *yaml.Node) *parsedRule {
	if n.Kind != yaml.MappingNode {
		p.fail(n, ErrInvalidValue, "", "rules", "each rule must be a mapping", nil)
		return nil
	}
	before := len(p.errs)
	fields := p.mapping(n, "", "", ruleKeys)
	r := &parsedRule{node: n}
	r.File, r.Line = p.file, n.Line
	var idNode *yaml.Node
	r.ID, idNode = p.str(fields, n, "id", "", "", true)
	if r.ID != "" && !ruleIDPattern.MatchString(r.ID) {
		p.fail(idNode, ErrInvalidValue, r.ID, "id", "an id is upper-case letters, digits and '-' (e.g. CN-ONGO-LATE-FILING)", nil)
	}
	id := r.ID
	// Re-tag unknown-key errors found before the id was known.
	for _, e := range p.errs[before:] {
		if le, ok := e.(*LoadError); ok && le.Rule == "" {
			le.Rule = id
		}
	}
	var jn *yaml.Node
	r.Jurisdiction, jn = p.str(fields, n, "jurisdiction", id, "", true)
	if r.Jurisdiction != "" && !jurisdictionLike.MatchString(r.Jurisdiction) {
		p.fail(jn, ErrInvalidValue, id, "jurisdiction", "a jurisdiction is a short code such as CN, US, US-FL or data-protection", nil)
	}
	var sn *yaml.Node
	r.Subject, sn = p.str(fields, n, "subject", id, "", true)
	if r.Subject != "" && r.Subject != SubjectSession && r.Subject != SubjectParticipant {
		p.fail(sn, ErrInvalidValue, id, "subject", fmt.Sprintf("subject %q is not one of session, participant", r.Subject), nil)
	}
	var sevNode *yaml.Node
	r.Severity, sevNode = p.str(fields, n, "severity", id, "", true)
	p.checkSeverity(sevNode, id, "severity", r.Severity)
	if sw, ok := fields["severity_when"]; ok {
		p.severityCases(sw, r)
	}
	if ln, ok := fields["let"]; ok {
		p.lets(ln, r)
	}
	r.Condition, r.condNode = p.str(fields, n, "condition", id, "", true)
	if en, ok := fields["explanation"]; !ok {
		p.fail(n, ErrMissingField, id, "explanation", `"explanation" with en and zh is required`, nil)
	} else if en.Kind != yaml.MappingNode {
		p.fail(en, ErrInvalidValue, id, "explanation", "must be a mapping with en and zh", nil)
	} else {
		ef := p.mapping(en, id, "explanation.", map[string]bool{"en": true, "zh": true})
		r.Explanation.EN, r.enNode = p.str(ef, en, "en", id, "explanation.", true)
		r.Explanation.ZH, r.zhNode = p.str(ef, en, "zh", id, "explanation.", true)
	}
	p.citations(fields, n, r)
	if lr, ok := fields["needs_legal_review"]; ok {
		if lr.Kind != yaml.ScalarNode || lr.Tag != "!!bool" {
			p.fail(lr, ErrInvalidValue, id, "needs_legal_review", "must be true or false", nil)
		} else {
			r.NeedsLegalReview = lr.Value == "true" || lr.Value == "True" || lr.Value == "TRUE"
		}
	}
	r.Hash = nodeHash(n)
	if len(p.errs) > before {
		return nil
	}
	return r
}

func (p *fileParser) checkSeverity(n *yaml.Node, id, field, s string) {
	if s != "" && SeverityRank(s) == 0 {
		p.fail(n, ErrInvalidValue, id, field, fmt.Sprintf("severity %q is not one of block, high, warn, info", s), nil)
	}
}

func (p *fileParser) severityCases(n *yaml.Node, r *parsedRule) {
	if n.Kind != yaml.SequenceNode {
		p.fail(n, ErrInvalidValue, r.ID, "severity_when", "must be a list of {when, severity}", nil)
		return
	}
	for i, c := range n.Content {
		prefix := fmt.Sprintf("severity_when[%d].", i)
		if c.Kind != yaml.MappingNode {
			p.fail(c, ErrInvalidValue, r.ID, prefix[:len(prefix)-1], "must be a mapping {when, severity}", nil)
			continue
		}
		f := p.mapping(c, r.ID, prefix, map[string]bool{"when": true, "severity": true})
		when, wn := p.str(f, c, "when", r.ID, prefix, true)
		sev, sn := p.str(f, c, "severity", r.ID, prefix, true)
		p.checkSeverity(sn, r.ID, prefix+"severity", sev)
		r.SeverityWhen = append(r.SeverityWhen, SeverityCase{When: when, Severity: sev})
		r.caseNodes = append(r.caseNodes, wn)
	}
}

func (p *fileParser) lets(n *yaml.Node, r *parsedRule) {
	if n.Kind != yaml.MappingNode {
		p.fail(n, ErrInvalidValue, r.ID, "let", "must be a mapping of name: expression", nil)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		switch {
		case k.Kind != yaml.ScalarNode || !identPattern.MatchString(name):
			p.fail(k, ErrInvalidValue, r.ID, "let", fmt.Sprintf("binding name %q must be a lower-case identifier", name), nil)
			continue
		case isFactVar(name) || celReserved[name]:
			p.fail(k, ErrInvalidValue, r.ID, "let."+name, fmt.Sprintf("binding name %q is reserved", name), nil)
			continue
		case seen[name]:
			p.fail(k, ErrInvalidValue, r.ID, "let."+name, "binding defined twice", nil)
			continue
		}
		seen[name] = true
		if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
			p.fail(v, ErrInvalidValue, r.ID, "let."+name, "must be a CEL expression", nil)
			continue
		}
		r.Let = append(r.Let, Binding{Name: name, Expr: strings.TrimSpace(v.Value)})
		r.letNodes = append(r.letNodes, v)
	}
}

func (p *fileParser) citations(fields map[string]*yaml.Node, parent *yaml.Node, r *parsedRule) {
	cn, ok := fields["citations"]
	if !ok {
		p.fail(parent, ErrMissingField, r.ID, "citations", "at least one citation is required", nil)
		return
	}
	if cn.Kind != yaml.SequenceNode || len(cn.Content) == 0 {
		p.fail(cn, ErrMissingField, r.ID, "citations", "must be a non-empty list of {title, article, url}", nil)
		return
	}
	for i, c := range cn.Content {
		prefix := fmt.Sprintf("citations[%d].", i)
		if c.Kind != yaml.MappingNode {
			p.fail(c, ErrInvalidValue, r.ID, prefix[:len(prefix)-1], "must be a mapping {title, article, url}", nil)
			continue
		}
		f := p.mapping(c, r.ID, prefix, map[string]bool{"title": true, "article": true, "url": true})
		var cit Citation
		cit.Title, _ = p.str(f, c, "title", r.ID, prefix, true)
		cit.Article, _ = p.str(f, c, "article", r.ID, prefix, true)
		var un *yaml.Node
		cit.URL, un = p.str(f, c, "url", r.ID, prefix, false)
		if cit.URL != "" {
			if u, err := url.Parse(cit.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				p.fail(un, ErrInvalidValue, r.ID, prefix+"url", "must be an absolute http(s) URL", err)
			}
		}
		r.Citations = append(r.Citations, cit)
	}
}

// nodeHash is a checksum of a rule's YAML, insensitive to comments and
// formatting of the file around it.
func nodeHash(n *yaml.Node) string {
	c := stripComments(n)
	b, err := yaml.Marshal(c)
	if err != nil {
		b = []byte(fmt.Sprintf("%d:%d", n.Line, n.Column))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

func stripComments(n *yaml.Node) *yaml.Node {
	c := *n
	c.HeadComment, c.LineComment, c.FootComment = "", "", ""
	if len(n.Content) > 0 {
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, k := range n.Content {
			c.Content[i] = stripComments(k)
		}
	}
	return &c
}

func isFactVar(name string) bool {
	for _, v := range factVars {
		if v == name {
			return true
		}
	}
	return false
}

// celReserved are CEL keywords and macro names a binding may not shadow.
var celReserved = map[string]bool{
	"true": true, "false": true, "null": true, "in": true, "as": true, "break": true,
	"const": true, "continue": true, "else": true, "for": true, "function": true, "if": true,
	"import": true, "let": true, "loop": true, "package": true, "namespace": true, "return": true,
	"var": true, "void": true, "while": true, "has": true, "all": true, "exists": true,
	"exists_one": true, "map": true, "filter": true, "size": true, "int": true, "uint": true,
	"double": true, "string": true, "bytes": true, "bool": true, "list": true, "type": true,
	"duration": true, "timestamp": true, "dyn": true, "sets": true, "math": true, "strings": true,
	"lists": true,
}
