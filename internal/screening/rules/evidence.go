package rules

import (
	"fmt"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
)

// Evidence is one fact a rule referenced, with its value at evaluation.
// Paths name fields as in CEL; "[]" marks every element of a list, whose
// value is then a list (e.g. "session.organizers[].ongo.standing").
type Evidence struct {
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// pathCollector walks a checked expression and records fact paths.
type pathCollector struct {
	paths map[string]bool
	// lets maps a let binding that filters a fact list to that list's path,
	// so that iterating over the binding reads fields of the list.
	lets map[string]string
	// types are the checked types of the expression's nodes.
	types map[int64]*types.Type
}

// factPaths returns the fact paths an expression reads.
func factPaths(ast *cel.Ast, lets map[string]string) []string {
	pc := &pathCollector{paths: map[string]bool{}, lets: lets, types: ast.NativeRep().TypeMap()}
	pc.walk(ast.NativeRep().Expr(), map[string]string{})
	out := make([]string, 0, len(pc.paths))
	for p := range pc.paths {
		out = append(out, p)
	}
	return out
}

// pathOf returns the fact path of a select chain, or "" when the chain is
// not rooted at a fact variable or a comprehension variable over one.
func pathOf(e celast.Expr, scope map[string]string) string {
	switch e.Kind() {
	case celast.IdentKind:
		name := e.AsIdent()
		if p, ok := scope[name]; ok {
			return p
		}
		if isFactVar(name) {
			return name
		}
	case celast.SelectKind:
		s := e.AsSelect()
		if base := pathOf(s.Operand(), scope); base != "" {
			return base + "." + s.FieldName()
		}
	}
	return ""
}

// elementsPath returns the fact path of the list whose elements e yields:
// a fact path itself, a let binding filtering one, or a filter over one.
func elementsPath(e celast.Expr, scope map[string]string, lets map[string]string) string {
	if p := pathOf(e, scope); p != "" {
		return p
	}
	switch e.Kind() {
	case celast.IdentKind:
		return lets[e.AsIdent()]
	case celast.ComprehensionKind:
		if isFilter(e.AsComprehension()) {
			return elementsPath(e.AsComprehension().IterRange(), scope, lets)
		}
	}
	return ""
}

// isFilter recognises the expansion of the filter macro:
// accu = []; step = pred ? accu + [v] : accu; result = accu.
func isFilter(c celast.ComprehensionExpr) bool {
	if c.HasIterVar2() || c.Result().Kind() != celast.IdentKind || c.Result().AsIdent() != c.AccuVar() {
		return false
	}
	if c.AccuInit().Kind() != celast.ListKind || c.AccuInit().AsList().Size() != 0 {
		return false
	}
	step := c.LoopStep()
	if step.Kind() != celast.CallKind || step.AsCall().FunctionName() != operators.Conditional || len(step.AsCall().Args()) != 3 {
		return false
	}
	add := step.AsCall().Args()[1]
	if add.Kind() != celast.CallKind || add.AsCall().FunctionName() != operators.Add || len(add.AsCall().Args()) != 2 {
		return false
	}
	l := add.AsCall().Args()[1]
	return l.Kind() == celast.ListKind && l.AsList().Size() == 1 &&
		l.AsList().Elements()[0].Kind() == celast.IdentKind && l.AsList().Elements()[0].AsIdent() == c.IterVar()
}

// letElements maps each let binding that filters a fact list to that list.
func letElements(names []string, asts []*cel.Ast) map[string]string {
	out := map[string]string{}
	for i, a := range asts {
		if a == nil {
			continue
		}
		if p := elementsPath(a.NativeRep().Expr(), map[string]string{}, out); p != "" {
			out[names[i]] = p
		}
	}
	return out
}

func (pc *pathCollector) walk(e celast.Expr, scope map[string]string) {
	switch e.Kind() {
	case celast.IdentKind, celast.SelectKind:
		if p := pathOf(e, scope); p != "" {
			pc.paths[strings.TrimSuffix(p, "[]")] = true
			return
		}
		if e.Kind() == celast.SelectKind {
			pc.walk(e.AsSelect().Operand(), scope)
		}
	case celast.CallKind:
		call := e.AsCall()
		if call.FunctionName() == funcNameOf && len(call.Args()) == 1 {
			// name_of(x) reads the names explanations print.
			if p := pathOf(call.Args()[0], scope); p != "" {
				for _, f := range nameFields(pc.types[call.Args()[0].ID()]) {
					pc.paths[p+"."+f] = true
				}
				return
			}
		}
		if call.IsMemberFunction() {
			pc.walk(call.Target(), scope)
		}
		for _, a := range call.Args() {
			pc.walk(a, scope)
		}
	case celast.ListKind:
		for _, el := range e.AsList().Elements() {
			pc.walk(el, scope)
		}
	case celast.MapKind:
		for _, en := range e.AsMap().Entries() {
			me := en.AsMapEntry()
			pc.walk(me.Key(), scope)
			pc.walk(me.Value(), scope)
		}
	case celast.StructKind:
		for _, f := range e.AsStruct().Fields() {
			pc.walk(f.AsStructField().Value(), scope)
		}
	case celast.ComprehensionKind:
		comp := e.AsComprehension()
		pc.walk(comp.IterRange(), scope)
		inner := make(map[string]string, len(scope)+2)
		for k, v := range scope {
			inner[k] = v
		}
		// An iteration variable shadows outer names; over a fact path it
		// stands for every element of it.
		delete(inner, comp.IterVar())
		delete(inner, comp.AccuVar())
		if rp := elementsPath(comp.IterRange(), scope, pc.lets); rp != "" && !comp.HasIterVar2() {
			inner[comp.IterVar()] = rp + "[]"
		}
		if comp.HasIterVar2() {
			delete(inner, comp.IterVar2())
		}
		pc.walk(comp.AccuInit(), scope)
		pc.walk(comp.LoopCondition(), inner)
		pc.walk(comp.LoopStep(), inner)
		pc.walk(comp.Result(), inner)
	}
}

// nameFields are the fields an explanation prints for a value of type t written whole (an
// organization, partner, person, viewer or funding source: by name, in Chinese text by the
// Chinese name), none for other types.
func nameFields(t *types.Type) []string {
	if t == nil {
		return nil
	}
	switch t.TypeName() {
	case "rules.Organization", "rules.Partner", "rules.Viewer":
		return []string{"name", "name_zh"}
	case "rules.Attendee", "rules.Participant":
		return []string{"name", "name_native"}
	case "rules.Funding":
		return []string{"funder.name", "funder.name_zh"}
	}
	return nil
}

// printedPaths returns the name paths a placeholder prints when its value is a fact with a name
// (or a list of them) written whole: {{participant.employer}} prints participant.employer.name
// and .name_zh; {{like_organizers}}, a let filtering session.organizers, prints
// session.organizers[].name and [].name_zh.
func printedPaths(ast *cel.Ast, lets map[string]string) []string {
	e, t := ast.NativeRep().Expr(), ast.OutputType()
	var base string
	if t.Kind() == types.ListKind && len(t.Parameters()) == 1 {
		if p := elementsPath(e, map[string]string{}, lets); p != "" {
			base, t = p+"[]", t.Parameters()[0]
		}
	} else {
		base = pathOf(e, map[string]string{})
	}
	if base == "" {
		return nil
	}
	var out []string
	for _, f := range nameFields(t) {
		out = append(out, base+"."+f)
	}
	return out
}

// sessionFlagRefs returns the string constants tested for membership in
// session_flags, and whether session_flags is used at all.
func sessionFlagRefs(ast *cel.Ast) (refs []string, uses bool) {
	var visit func(e celast.Expr)
	visit = func(e celast.Expr) {
		switch e.Kind() {
		case celast.IdentKind:
			if e.AsIdent() == varSessionFlags {
				uses = true
			}
		case celast.SelectKind:
			visit(e.AsSelect().Operand())
		case celast.CallKind:
			call := e.AsCall()
			if call.FunctionName() == operators.In && len(call.Args()) == 2 {
				l, r := call.Args()[0], call.Args()[1]
				if r.Kind() == celast.IdentKind && r.AsIdent() == varSessionFlags && l.Kind() == celast.LiteralKind {
					if s, ok := l.AsLiteral().(types.String); ok {
						refs = append(refs, string(s))
					}
				}
			}
			if call.IsMemberFunction() {
				visit(call.Target())
			}
			for _, a := range call.Args() {
				visit(a)
			}
		case celast.ListKind:
			for _, el := range e.AsList().Elements() {
				visit(el)
			}
		case celast.MapKind:
			for _, en := range e.AsMap().Entries() {
				visit(en.AsMapEntry().Key())
				visit(en.AsMapEntry().Value())
			}
		case celast.StructKind:
			for _, f := range e.AsStruct().Fields() {
				visit(f.AsStructField().Value())
			}
		case celast.ComprehensionKind:
			c := e.AsComprehension()
			visit(c.IterRange())
			visit(c.AccuInit())
			visit(c.LoopCondition())
			visit(c.LoopStep())
			visit(c.Result())
		}
	}
	visit(ast.NativeRep().Expr())
	return refs, uses
}

// leafPaths returns the fact paths the expressions read, and the extra ones,
// sorted, leaving out paths that only lead to a deeper one.
func leafPaths(asts []*cel.Ast, lets map[string]string, extra ...string) []string {
	set := map[string]bool{}
	for _, a := range asts {
		for _, p := range factPaths(a, lets) {
			set[p] = true
		}
	}
	for _, p := range extra {
		set[p] = true
	}
	paths := []string{}
	for p := range set {
		deeper := false
		for q := range set {
			if q != p && (strings.HasPrefix(q, p+".") || strings.HasPrefix(q, p+"[]")) {
				deeper = true
				break
			}
		}
		if !deeper {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	return paths
}

// evidence compiles a value program for every fact path the rule's lets,
// condition and severity cases read.
func (c *compiler) evidence(asts []*cel.Ast, lets map[string]string, r *parsedRule) []evidencePath {
	paths := leafPaths(asts, lets)
	out := make([]evidencePath, 0, len(paths))
	for _, p := range paths {
		src := pathExpr(p)
		ast, iss := c.base.Compile(src)
		if iss.Err() != nil {
			c.fp.fail(r.condNode, ErrExpression, r.ID, "condition", fmt.Sprintf("internal: evidence path %s: %v", p, iss.Err()), iss.Err())
			continue
		}
		prg, err := c.base.Program(ast, cel.CostLimit(costLimit))
		if err != nil {
			c.fp.fail(r.condNode, ErrExpression, r.ID, "condition", err.Error(), err)
			continue
		}
		out = append(out, evidencePath{path: p, prg: prg})
	}
	return out
}

// pathExpr turns "a.b[].c[].d" into "a.b.map(x0, x0.c.map(x1, x1.d))".
func pathExpr(p string) string {
	parts := strings.Split(p, "[]")
	if len(parts) == 1 {
		return p
	}
	var b strings.Builder
	b.WriteString(parts[0])
	for i := 1; i < len(parts); i++ {
		v := fmt.Sprintf("x%d", i-1)
		rest := parts[i]
		if rest == "" {
			// "a.b[]" at the end: the list itself.
			break
		}
		fmt.Fprintf(&b, ".map(%s, %s%s", v, v, rest)
	}
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			b.WriteString(")")
		}
	}
	return b.String()
}
