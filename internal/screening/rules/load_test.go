package rules

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

const validRule = `rules:
  - id: TEST-LATE
    jurisdiction: CN
    subject: session
    severity: high
    condition: session.in_mainland && days_between(session.filing.filed_date, session.start) < 15
    explanation:
      en: "Filed on {{session.filing.filed_date}}."
      zh: "备案日期{{session.filing.filed_date}}。"
    citations:
      - title: Overseas NGO Law
        article: Art. 17
`

func loadOne(t *testing.T, content string) (*RuleSet, error) {
	t.Helper()
	return LoadFS(fstest.MapFS{"rules/test.yaml": {Data: []byte(content)}}, "rules")
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		kind    error
		// want is the "file:line" prefix and a fragment of the reason.
		want, reason string
	}{
		{name: "rejects-yaml-syntax-error-with-line", kind: ErrSyntax, want: "rules/test.yaml:4:",
			content: strings.Replace(validRule, "subject: session", "subject: session: x", 1), reason: "mapping values are not allowed"},
		{name: "rejects-unknown-fact-in-condition-with-line-and-column", kind: ErrUnknownFact, want: "rules/test.yaml:6:46:",
			content: strings.Replace(validRule, "session.in_mainland &&", "session.in_mainland && session.venue == \"x\" &&", 1), reason: "undefined field 'venue'"},
		{name: "rejects-unknown-root-variable", kind: ErrUnknownFact, want: "rules/test.yaml:6:16:",
			content: strings.Replace(validRule, "session.in_mainland", "meeting.in_mainland", 1), reason: "undeclared reference to 'meeting'"},
		{name: "rejects-unknown-fact-in-placeholder", kind: ErrUnknownFact, want: "rules/test.yaml:9:",
			content: strings.Replace(validRule, "{{session.filing.filed_date}}。", "{{session.filing.filing_date}}。", 1), reason: "placeholder {{session.filing.filing_date}}"},
		{name: "rejects-bad-severity", kind: ErrInvalidValue, want: "rules/test.yaml:5:15:",
			content: strings.Replace(validRule, "severity: high", "severity: critical", 1), reason: `severity "critical" is not one of`},
		{name: "rejects-bad-subject", kind: ErrInvalidValue, want: "rules/test.yaml:4:14:",
			content: strings.Replace(validRule, "subject: session", "subject: organization", 1), reason: "subject"},
		{name: "rejects-unknown-key", kind: ErrUnknownKey, want: "rules/test.yaml:5:5:",
			content: strings.Replace(validRule, "    severity: high\n", "    severty: high\n", 1), reason: `unknown key "severty"`},
		{name: "rejects-missing-citations", kind: ErrMissingField, want: "rules/test.yaml:2:5:",
			content: validRule[:strings.Index(validRule, "    citations:")], reason: "citation"},
		{name: "rejects-missing-chinese-explanation", kind: ErrMissingField, want: "rules/test.yaml:8:",
			content: strings.Replace(validRule, "      zh: \"备案日期{{session.filing.filed_date}}。\"\n", "", 1), reason: `"zh" is required`},
		{name: "rejects-non-boolean-condition", kind: ErrExpression, want: "rules/test.yaml:6:",
			content: strings.Replace(validRule, "condition: session.in_mainland && days_between(session.filing.filed_date, session.start) < 15", "condition: session.city", 1), reason: "must be a bool expression"},
		{name: "rejects-cel-syntax-error", kind: ErrExpression, want: "rules/test.yaml:6:96:",
			content: strings.Replace(validRule, "< 15", "< < 15", 1), reason: "Syntax error"},
		{name: "rejects-lowercase-rule-id", kind: ErrInvalidValue, want: "rules/test.yaml:2:9:",
			content: strings.Replace(validRule, "TEST-LATE", "test late", 1), reason: "upper-case"},
		{name: "rejects-session-flags-in-session-rule", kind: ErrExpression, want: "rules/test.yaml:6:",
			content: strings.Replace(validRule, "condition: session.in_mainland &&", `condition: '"X" in session_flags' #`, 1), reason: "only available to participant rules"},
		{name: "rejects-reserved-let-name", kind: ErrInvalidValue, want: "rules/test.yaml:7:7:",
			content: strings.Replace(validRule, "    severity: high\n", "    severity: high\n    let:\n      session: 1\n", 1), reason: "reserved"},
		{name: "rejects-non-http-citation-url", kind: ErrInvalidValue, want: "rules/test.yaml:13:14:",
			content: validRule + "        url: javascript:alert(1)\n", reason: "http(s) URL"},
		{name: "rejects-unbalanced-placeholder", kind: ErrExpression, want: "rules/test.yaml:8:",
			content: strings.Replace(validRule, `"Filed on {{session.filing.filed_date}}."`, `"Filed on {{session.filing.filed_date."`, 1), reason: "unbalanced"},
		{name: "rejects-empty-file", kind: ErrMissingField, want: "rules/test.yaml:", content: "", reason: "empty"},
		{name: "rejects-file-without-rules-list", kind: ErrMissingField, want: "rules/test.yaml:1:1:", content: "version: 1\n", reason: "unknown key"},
		{name: "rejects-duplicate-rule-id", kind: ErrDuplicateRule, want: "rules/test.yaml:13:",
			content: validRule + strings.TrimPrefix(validRule, "rules:\n"), reason: "already defined at rules/test.yaml:2"},
		{name: "rejects-invalid-utf8", kind: ErrSyntax, want: "rules/test.yaml:", content: "rules:\n  - id: \xff\n", reason: "UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := loadOne(t, tc.content)
			if err == nil {
				t.Fatalf("loaded %d rules, want an error", rs.Len())
			}
			if rs != nil {
				t.Errorf("a rule set was returned with the error")
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("error %q is not %v", err, tc.kind)
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %T is not a *LoadError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain location %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("error %q does not give reason %q", err, tc.reason)
			}
		})
	}
}

func TestLoadReportsEveryProblemOfAFile(t *testing.T) {
	content := strings.Replace(strings.Replace(validRule, "severity: high", "severity: urgent", 1),
		"session.in_mainland", "session.mainland", 1)
	_, err := loadOne(t, content)
	if !errors.Is(err, ErrInvalidValue) {
		t.Errorf("bad severity not reported: %v", err)
	}
	if !errors.Is(err, ErrUnknownFact) && !strings.Contains(err.Error(), "severity") {
		t.Errorf("error %q", err)
	}
}

func TestLoadValidRule(t *testing.T) {
	rs, err := loadOne(t, validRule)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := rs.Rule("TEST-LATE")
	if !ok || r.File != "rules/test.yaml" || r.Line != 2 || r.Severity != SeverityHigh || len(r.Hash) != 24 {
		t.Fatalf("rule = %+v", r)
	}
	if !strings.HasPrefix(rs.Version(), "sha256:") {
		t.Errorf("version %q", rs.Version())
	}
}

func TestLoadKeepsCallerRuleSetOnBadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cn.yaml")
	if err := os.WriteFile(path, []byte(validRule), 0o600); err != nil {
		t.Fatal(err)
	}
	current, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(validRule, "severity: high", "severity: severe", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	next, err := Load(dir)
	if err == nil || next != nil {
		t.Fatalf("bad file loaded: %v", err)
	}
	if !strings.Contains(err.Error(), filepath.Join(dir, "cn.yaml")+":5:15") {
		t.Errorf("error %q does not name the file and line", err)
	}
	if current.Len() != 1 || current.Rules()[0].Severity != SeverityHigh {
		t.Errorf("the loaded rule set changed")
	}
}

func TestVersionChangesWithRuleText(t *testing.T) {
	a, err := loadOne(t, validRule)
	if err != nil {
		t.Fatal(err)
	}
	b, err := loadOne(t, strings.Replace(validRule, "< 15", "< 16", 1))
	if err != nil {
		t.Fatal(err)
	}
	c, err := loadOne(t, "# a comment\n"+validRule)
	if err != nil {
		t.Fatal(err)
	}
	if a.Version() == b.Version() {
		t.Errorf("set version unchanged by a rule change")
	}
	ra, _ := a.Rule("TEST-LATE")
	rb, _ := b.Rule("TEST-LATE")
	rc, _ := c.Rule("TEST-LATE")
	if ra.Hash == rb.Hash {
		t.Errorf("rule hash unchanged by a condition change")
	}
	if ra.Hash != rc.Hash {
		t.Errorf("rule hash changed by a comment outside the rule")
	}
}

func TestLoadRejectsEmptyDirectory(t *testing.T) {
	_, err := Load(t.TempDir())
	if !errors.Is(err, ErrNoRules) {
		t.Errorf("err = %v, want ErrNoRules", err)
	}
	_, err = Load(filepath.Join(t.TempDir(), "missing"))
	if !errors.Is(err, ErrNoRules) {
		t.Errorf("missing dir: err = %v, want ErrNoRules", err)
	}
}

func TestParticipantRuleMayOnlyReferToKnownSessionRules(t *testing.T) {
	participantRule := `rules:
  - id: TEST-P
    jurisdiction: CN
    subject: participant
    severity: warn
    condition: '"TEST-NOPE" in session_flags'
    explanation: {en: "x", zh: "x"}
    citations: [{title: t, article: a}]
`
	_, err := LoadFS(fstest.MapFS{"r/a.yaml": {Data: []byte(validRule)}, "r/b.yaml": {Data: []byte(participantRule)}}, "r")
	if !errors.Is(err, ErrUnknownFact) || !strings.Contains(err.Error(), "r/b.yaml:6:") {
		t.Fatalf("err = %v", err)
	}
	ok := strings.Replace(participantRule, "TEST-NOPE", "TEST-LATE", 1)
	if _, err := LoadFS(fstest.MapFS{"r/a.yaml": {Data: []byte(validRule)}, "r/b.yaml": {Data: []byte(ok)}}, "r"); err != nil {
		t.Fatal(err)
	}
}
