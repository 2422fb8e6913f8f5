package rules

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestEvidenceRecordsReferencedFactsWithValues(t *testing.T) {
	rs := shipped(t)
	f := compliantFacts()
	f.Participant.Watchlist = []WatchlistMatch{{List: "ofac-sdn", EntryName: "LI, Fangwei", Level: MatchCorroborated}}
	h, ok := hitFor(rs.Evaluate(f), "US-OFAC-SDN")
	if !ok {
		t.Fatal("US-OFAC-SDN did not fire")
	}
	got := map[string]any{}
	for _, e := range h.Evidence {
		got[e.Path] = e.Value
	}
	if !reflect.DeepEqual(got["participant.watchlist[].level"], []any{"corroborated"}) {
		t.Errorf("level evidence = %#v (all: %v)", got["participant.watchlist[].level"], got)
	}
	if !reflect.DeepEqual(got["participant.watchlist[].list"], []any{"ofac-sdn"}) {
		t.Errorf("list evidence = %#v", got["participant.watchlist[].list"])
	}
}

func TestHitsAreOrderedBySeverityThenID(t *testing.T) {
	rs := shipped(t)
	f := compliantFacts()
	noONGOStanding(&f)
	f.Session.Partner.UnitKind = UnitCompany
	f.Session.Topics = []string{"political"}
	f.Participant = nil
	hits := rs.Evaluate(f)
	if len(hits) < 3 || hits[0].RuleID != "CN-ONGO-UNREGISTERED" || hits[0].Severity != SeverityBlock {
		t.Fatalf("hits = %v", hitIDs(hits))
	}
	for i := 1; i < len(hits); i++ {
		a, b := hits[i-1], hits[i]
		if SeverityRank(a.Severity) < SeverityRank(b.Severity) ||
			(a.Severity == b.Severity && a.RuleID > b.RuleID) {
			t.Errorf("hits out of order: %v", hitIDs(hits))
		}
	}
}

func TestRuntimeErrorFailsClosed(t *testing.T) {
	rule := strings.Replace(validRule, "condition: session.in_mainland && days_between(session.filing.filed_date, session.start) < 15",
		"condition: session.topics[3] == \"x\"", 1)
	rs, err := loadOne(t, rule)
	if err != nil {
		t.Fatal(err)
	}
	hits := rs.Evaluate(Facts{})
	if len(hits) != 1 || hits[0].EvalError == "" || hits[0].Severity != SeverityHigh {
		t.Fatalf("hits = %+v, want one hit carrying the evaluation error", hits)
	}
}

func TestChineseExplanationFoldsWithoutSpaces(t *testing.T) {
	rule := strings.Replace(validRule, `      zh: "备案日期{{session.filing.filed_date}}。"`, "      zh: >-\n        中方合作单位应当在\n        临时活动开展15日前\n        {{session.filing.filed_date}} 办理备案。", 1)
	rs, err := loadOne(t, rule)
	if err != nil {
		t.Fatal(err)
	}
	f := Facts{Session: Session{InMainland: true, Start: day("2025-06-10"), Filing: Filing{Filed: true, FiledDate: day("2025-06-01")}}}
	hits := rs.Evaluate(f)
	if len(hits) != 1 {
		t.Fatalf("hits = %v", hitIDs(hits))
	}
	if want := "中方合作单位应当在临时活动开展15日前2025-06-01办理备案。"; hits[0].Explanation.ZH != want {
		t.Errorf("zh = %q, want %q", hits[0].Explanation.ZH, want)
	}
	if want := "Filed on 2025-06-01."; hits[0].Explanation.EN != want {
		t.Errorf("en = %q, want %q", hits[0].Explanation.EN, want)
	}
}

func TestLiteralBlockConditionErrorPointsAtItsLine(t *testing.T) {
	rule := strings.Replace(validRule, "    condition: session.in_mainland && days_between(session.filing.filed_date, session.start) < 15",
		"    condition: |\n      session.in_mainland &&\n      session.filing.fild", 1)
	_, err := loadOne(t, rule)
	if !errors.Is(err, ErrUnknownFact) || !strings.Contains(err.Error(), "rules/test.yaml:8:") {
		t.Fatalf("err = %v, want unknown fact at line 8", err)
	}
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		name string
		v    any
		l    lang
		want string
	}{
		{"formats-empty-string-as-dash", "", langEN, "—"},
		{"formats-list-with-chinese-separator", []any{"a", "b"}, langZH, "a、b"},
		{"formats-bool-in-chinese", true, langZH, "是"},
		{"formats-organization-by-chinese-name", Organization{Name: "PKU", NameZH: "北京大学"}, langZH, "北京大学"},
		{"formats-organization-without-chinese-name-by-name", Organization{Name: "Harbor Fund"}, langZH, "Harbor Fund"},
		{"formats-organization-by-name-in-english", Organization{Name: "PKU", NameZH: "北京大学"}, langEN, "PKU"},
		{"formats-viewer-by-chinese-name", Viewer{Name: "Jinghua University", NameZH: "京华大学"}, langZH, "京华大学"},
		{"formats-person-by-native-name-in-chinese-characters", Attendee{Name: "LI Wei", NameNative: "李伟"}, langZH, "李伟"},
		{"formats-person-by-name-in-english", Participant{Name: "LI Wei", NameNative: "李伟"}, langEN, "LI Wei"},
		{"formats-person-with-native-name-in-another-script-by-name", Participant{Name: "KIM Minjun", NameNative: "김민준"}, langZH, "KIM Minjun"},
		{"formats-name-falling-back-to-english", Name{EN: "Harbor Fund"}, langZH, "Harbor Fund"},
		{"formats-names-list-each-in-chinese", []any{Name{EN: "PKU", ZH: "北京大学"}, Name{EN: "Harbor Fund"}}, langZH, "北京大学、Harbor Fund"},
		{"formats-zero-date-as-dash", Facts{}.Now, langEN, "—"},
		{"formats-int", int64(14), langEN, "14"},
		{"formats-list-hit-by-entry-name", WatchlistMatch{List: "ofac-sdn", EntryName: "WEI, Zhao", Level: MatchPossible}, langEN, "WEI, Zhao (ofac-sdn, possible)"},
		{"formats-list-hit-on-alias-with-the-alias", WatchlistMatch{List: "ofac-sdn", EntryName: "WEI, Zhao", MatchedName: "WEI, Zhang", Level: MatchPossible}, langEN,
			"WEI, Zhao (alias WEI, Zhang; ofac-sdn, possible)"},
		{"formats-list-hit-on-alias-in-chinese", WatchlistMatch{List: "ofac-sdn", EntryName: "WEI, Zhao", MatchedName: "WEI, Zhang", Level: MatchPossible}, langZH,
			"WEI, Zhao（别名 WEI, Zhang；ofac-sdn，possible）"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := formatValue(tc.v, tc.l); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPathExpr(t *testing.T) {
	for in, want := range map[string]string{
		"session.start":                            "session.start",
		"session.organizers[].name":                "session.organizers.map(x0, x0.name)",
		"session.participants[].watchlist[].level": "session.participants.map(x0, x0.watchlist.map(x1, x1.level))",
	} {
		if got := pathExpr(in); got != want {
			t.Errorf("pathExpr(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(validRule))
	for _, name := range []string{"cn-overseas-ngo.yaml", "us.yaml", "data-protection.yaml"} {
		data, err := shippedFile(name)
		if err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("rules: [{id: A-1}]"))
	f.Add([]byte("rules:\n  - id: X\n    condition: '{{'\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := LoadFS(fstest.MapFS{"r/x.yaml": {Data: data}}, "r")
		if err != nil {
			var le *LoadError
			if rs != nil || !errors.As(err, &le) {
				t.Fatalf("error %v (%T) with rule set %v", err, err, rs)
			}
			if !strings.HasPrefix(err.Error(), "r/x.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		// A loaded rule set evaluates without panicking on empty facts.
		rs.Evaluate(Facts{})
		rs.Evaluate(Facts{Participant: &Participant{}})
	})
}
