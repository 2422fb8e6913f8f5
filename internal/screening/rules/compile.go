package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"cel.dev/cel-go/cel"
	"go.yaml.in/yaml/v3"
)

// costLimit bounds the work one expression may do on one evaluation, so a
// careless rule cannot stall screening.
const costLimit = 5_000_000

var placeholderPattern = regexp.MustCompile(`\{\{(.*?)\}\}`)

// compiler turns parsed rules into programs, reporting problems per file.
type compiler struct {
	fp   *fileParser
	base *cel.Env
}

func (c *compiler) compile(r *parsedRule, sessionRuleIDs map[string]bool) *compiledRule {
	before := len(c.fp.errs)
	out := &compiledRule{Rule: r.Rule}
	env := c.base
	letASTs := make([]*cel.Ast, len(r.Let))
	letNames := make([]string, len(r.Let))
	for i, b := range r.Let {
		ast := c.check(env, b.Expr, r.letNodes[i], r.ID, "let."+b.Name, nil)
		if ast == nil {
			return nil
		}
		prg := c.program(env, ast, r.letNodes[i], r.ID, "let."+b.Name)
		if prg == nil {
			return nil
		}
		out.lets = append(out.lets, compiledLet{name: b.Name, prg: prg})
		letASTs[i], letNames[i] = ast, b.Name
		var err error
		env, err = env.Extend(cel.Variable(b.Name, ast.OutputType()))
		if err != nil {
			c.fp.fail(r.letNodes[i], ErrExpression, r.ID, "let."+b.Name, err.Error(), err)
			return nil
		}
	}
	var asts []*cel.Ast
	cond := c.check(env, r.Condition, r.condNode, r.ID, "condition", cel.BoolType)
	if cond == nil {
		return nil
	}
	asts = append(asts, cond)
	out.condition = c.program(env, cond, r.condNode, r.ID, "condition")
	for i, sc := range r.SeverityWhen {
		field := fmt.Sprintf("severity_when[%d].when", i)
		ast := c.check(env, sc.When, r.caseNodes[i], r.ID, field, cel.BoolType)
		if ast == nil {
			continue
		}
		asts = append(asts, ast)
		out.cases = append(out.cases, compiledCase{severity: sc.Severity, prg: c.program(env, ast, r.caseNodes[i], r.ID, field)})
	}
	var textASTs []*cel.Ast
	out.en, textASTs = c.template(env, r.Explanation.EN, r.enNode, r.ID, "explanation.en", textASTs)
	out.Explanation.ZH = joinCJKLines(r.Explanation.ZH)
	out.zh, textASTs = c.template(env, out.Explanation.ZH, r.zhNode, r.ID, "explanation.zh", textASTs)
	if len(c.fp.errs) > before {
		return nil
	}
	// session_flags: only participant rules may use it, and only with ids
	// of session rules of the same rule set.
	for _, ast := range asts {
		c.checkSessionFlags(r, ast, sessionRuleIDs)
	}
	for _, ast := range letASTs {
		c.checkSessionFlags(r, ast, sessionRuleIDs)
		asts = append(asts, ast)
	}
	if len(c.fp.errs) > before {
		return nil
	}
	lets := letElements(letNames, letASTs)
	out.evidence = c.evidence(asts, lets, r)
	var printed []string
	for _, a := range textASTs {
		printed = append(printed, printedPaths(a, lets)...)
	}
	out.reads = leafPaths(append(slices.Clone(asts), textASTs...), lets, printed...)
	if len(c.fp.errs) > before {
		return nil
	}
	return out
}

// check compiles and type-checks one expression, mapping errors to lines.
func (c *compiler) check(env *cel.Env, src string, n *yaml.Node, id, field string, want *cel.Type) *cel.Ast {
	ast, iss := env.Compile(src)
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			kind := ErrExpression
			if strings.Contains(e.Message, "undeclared reference") || strings.Contains(e.Message, "undefined field") {
				kind = ErrUnknownFact
			}
			le := &LoadError{File: c.fp.file, Rule: id, Field: field, Kind: kind, Reason: fmt.Sprintf("%s: %s", kindWord(kind), e.Message), Err: iss.Err()}
			le.Line, le.Column = exprPosition(n, e.Location.Line(), e.Location.Column())
			c.fp.errs = append(c.fp.errs, le)
		}
		return nil
	}
	if want != nil && !ast.OutputType().IsExactType(want) {
		c.fp.fail(n, ErrExpression, id, field, fmt.Sprintf("must be a %s expression, this one gives %s", want, ast.OutputType()), nil)
		return nil
	}
	return ast
}

func kindWord(kind error) string {
	if kind == ErrUnknownFact {
		return "unknown fact"
	}
	return "invalid expression"
}

func (c *compiler) program(env *cel.Env, ast *cel.Ast, n *yaml.Node, id, field string) cel.Program {
	prg, err := env.Program(ast, cel.CostLimit(costLimit), cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		c.fp.fail(n, ErrExpression, id, field, err.Error(), err)
		return nil
	}
	return prg
}

// exprPosition maps a position inside an expression to the file: exact for
// one-line and literal-block (|) scalars, the scalar's first line otherwise.
func exprPosition(n *yaml.Node, line, col int) (int, int) {
	if n == nil {
		return 0, 0
	}
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		return n.Line + line, 0
	case line <= 1 && !strings.Contains(n.Value, "\n") && n.Style&yaml.FoldedStyle == 0:
		off := col + 1
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			off++
		}
		return n.Line, n.Column + off - 1
	}
	return n.Line, 0
}

// template splits an explanation into literals and placeholder programs, appending the
// placeholders' checked expressions to asts.
func (c *compiler) template(env *cel.Env, text string, n *yaml.Node, id, field string, asts []*cel.Ast) ([]segment, []*cel.Ast) {
	var segs []segment
	last := 0
	for _, m := range placeholderPattern.FindAllStringSubmatchIndex(text, -1) {
		if m[0] > last {
			segs = append(segs, segment{literal: text[last:m[0]]})
		}
		expr := strings.TrimSpace(text[m[2]:m[3]])
		last = m[1]
		if expr == "" {
			c.fp.fail(n, ErrExpression, id, field, "empty placeholder {{}}", nil)
			continue
		}
		ast := c.check(env, expr, nil, id, field, nil)
		if ast == nil {
			// check reported without a line: give the explanation's line.
			if le, ok := c.fp.errs[len(c.fp.errs)-1].(*LoadError); ok && n != nil {
				le.Line, le.Column = n.Line, n.Column
				le.Reason = fmt.Sprintf("placeholder {{%s}}: %s", expr, le.Reason)
			}
			continue
		}
		asts = append(asts, ast)
		segs = append(segs, segment{expr: expr, prg: c.program(env, ast, n, id, field)})
	}
	rest := text[last:]
	if strings.Contains(rest, "{{") || strings.Contains(rest, "}}") {
		c.fp.fail(n, ErrExpression, id, field, "unbalanced placeholder braces", nil)
	}
	if rest != "" {
		segs = append(segs, segment{literal: rest})
	}
	return segs, asts
}

// checkSessionFlags validates uses of the session_flags variable.
func (c *compiler) checkSessionFlags(r *parsedRule, ast *cel.Ast, sessionRuleIDs map[string]bool) {
	refs, uses := sessionFlagRefs(ast)
	if !uses {
		return
	}
	if r.Subject != SubjectParticipant {
		c.fp.fail(r.condNode, ErrExpression, r.ID, "condition", "session_flags is only available to participant rules", nil)
		return
	}
	for _, ref := range refs {
		if !sessionRuleIDs[ref] {
			c.fp.fail(r.condNode, ErrUnknownFact, r.ID, "condition", fmt.Sprintf("unknown fact: session_flags refers to %q, which is not a session rule of this rule set", ref), nil)
		}
	}
}

// joinCJKLines removes the spaces YAML folding puts where a Chinese text
// was broken across lines: a space between two CJK characters, or between
// a CJK character and a placeholder.
func joinCJKLines(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) {
			prev, next := rs[i-1], rs[i+1]
			prevOK := isCJK(prev) || (prev == '}' && i >= 2 && rs[i-2] == '}')
			nextOK := isCJK(next) || (next == '{' && i+2 < len(rs) && rs[i+2] == '{')
			if prevOK && nextOK && (isCJK(prev) || isCJK(next)) {
				continue
			}
		}
		out = append(out, r)
	}
	return string(out)
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}
