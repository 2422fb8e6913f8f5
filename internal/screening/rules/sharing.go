package rules

// Audience is one organization that stores or is shown the data of the subject being screened,
// with the data that becomes accessible to it: the sharing context of the data-protection rules
// (the CEL variables viewer and sharing).
type Audience struct {
	Viewer  Viewer
	Sharing Sharing
}

// EvaluateAudiences runs the rules for one subject once per audience: every rule with the first
// audience, and the rules that read viewer or sharing again with each further one. A rule hits
// when it holds for any audience; the first audience for which it holds is the one reported.
// With no audience it is Evaluate with a zero viewer and sharing. Facts.Viewer and
// Facts.Sharing are ignored.
func (rs *RuleSet) EvaluateAudiences(facts Facts, audiences []Audience) []Hit {
	if len(audiences) == 0 {
		facts.Viewer, facts.Sharing = Viewer{}, Sharing{}
		return rs.Evaluate(facts)
	}
	facts.Viewer, facts.Sharing = audiences[0].Viewer, audiences[0].Sharing
	hits := rs.evaluate(facts, nil)
	seen := make(map[string]bool, len(hits))
	for _, h := range hits {
		seen[h.RuleID] = true
	}
	for _, a := range audiences[1:] {
		facts.Viewer, facts.Sharing = a.Viewer, a.Sharing
		for _, h := range rs.evaluate(facts, func(r *compiledRule) bool { return !seen[r.ID] && r.readsSharing() }) {
			seen[h.RuleID] = true
			hits = append(hits, h)
		}
	}
	sortHits(hits)
	return hits
}

// FactPaths maps every fact path a rule reads — in its lets, condition, severity cases and
// explanation placeholders — to the ids of the rules that read it. Paths name fields as in CEL,
// "[]" standing for every element of a list ("session.organizers[].ongo.standing"); only the
// deepest paths are listed.
func (rs *RuleSet) FactPaths() map[string][]string {
	out := map[string][]string{}
	for _, r := range rs.rules {
		for _, p := range r.reads {
			out[p] = append(out[p], r.ID)
		}
	}
	return out
}

// ReadPath returns the value of one fact path (as FactPaths names it) in facts, as plain Go
// values (lists as []any). It is how tests check that a fact comes from stored data.
func ReadPath(facts Facts, path string) (any, error) {
	env, err := newBaseEnv()
	if err != nil {
		return nil, err
	}
	ast, iss := env.Compile(pathExpr(path))
	if iss.Err() != nil {
		return nil, iss.Err()
	}
	prg, err := env.Program(ast)
	if err != nil {
		return nil, err
	}
	p := Participant{}
	if facts.Participant != nil {
		p = *facts.Participant
	}
	flags := []string{}
	out, _, err := prg.Eval(map[string]any{varSession: facts.Session, varParticipant: p, varViewer: facts.Viewer,
		varSharing: facts.Sharing, varNow: facts.Now, varSessionFlags: flags})
	if err != nil {
		return nil, err
	}
	return toNative(out), nil
}
