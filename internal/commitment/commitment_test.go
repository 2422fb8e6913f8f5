package commitment

import (
	"errors"
	"math"
	"testing"
	"time"
)

var day0 = time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)

func assess(id, c string, st Stage, p Progress, at time.Time, scores ...PartyScore) Assessment {
	return Assessment{ID: id, CommitmentID: c, Stage: st, Progress: p, Compliance: scores, Evidence: "Published report", Assessor: "rapporteur", AssessedAt: at}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		name    string
		avg     float64
		percent float64
	}{
		{"non-compliance-is-0", -1, 0},
		{"partial-is-50", 0, 50},
		{"full-is-100", 1, 100},
		{"one-third-is-66.7", 1.0 / 3, 66.666},
		{"clamps-above-range", 3, 100},
		{"clamps-below-range", -2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percent(tt.avg); math.Abs(got-tt.percent) > 0.01 {
				t.Fatalf("Percent(%v) = %v, want %v", tt.avg, got, tt.percent)
			}
		})
	}
}

func TestScalesAreValidated(t *testing.T) {
	for _, p := range ProgressScale {
		if !p.Valid() {
			t.Errorf("%s not valid", p)
		}
		if en, zh := p.Labels(); en == "" || zh == "" || en == zh {
			t.Errorf("%s labels %q %q", p, en, zh)
		}
	}
	if Progress("started").Valid() || Score(2).Valid() || Score(-2).Valid() || Stage("mid").Valid() {
		t.Error("accepted a value off the scales")
	}
}

func TestAssessmentValidate(t *testing.T) {
	c := &Commitment{ID: "c1", TitleEN: "Hotline", Parties: []string{"US", "CN"}}
	tests := []struct {
		name    string
		mutate  func(a *Assessment)
		pointer string
	}{
		{"accepts-valid", func(a *Assessment) {}, ""},
		{"rejects-score-out-of-range", func(a *Assessment) { a.Compliance[0].Score = 2 }, "/compliance/0/score"},
		{"rejects-unbound-party", func(a *Assessment) { a.Compliance[0].Party = "EU" }, "/compliance/0/party"},
		{"rejects-party-scored-twice", func(a *Assessment) { a.Compliance[1].Party = "US" }, "/compliance/1/party"},
		{"rejects-unknown-progress", func(a *Assessment) { a.Progress = "started" }, "/progress"},
		{"rejects-unknown-stage", func(a *Assessment) { a.Stage = "mid" }, "/stage"},
		{"rejects-missing-evidence", func(a *Assessment) { a.Evidence = " " }, "/evidence"},
		{"rejects-missing-assessor", func(a *Assessment) { a.Assessor = "" }, "/assessor"},
		{"rejects-missing-date", func(a *Assessment) { a.AssessedAt = time.Time{} }, "/assessed_at"},
		{"rejects-other-commitment", func(a *Assessment) { a.CommitmentID = "c2" }, "/commitment_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := assess("a1", "c1", StageInterim, ProgressLimited, day0, PartyScore{"US", 1}, PartyScore{"CN", 0})
			tt.mutate(&a)
			err := a.Validate(c)
			if tt.pointer == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var ve *ValidationError
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &ve) {
				t.Fatalf("got %v", err)
			}
			for _, fe := range ve.Errors {
				if fe.Pointer == tt.pointer {
					return
				}
			}
			t.Fatalf("%v lacks %s", ve.Errors, tt.pointer)
		})
	}
}

func TestCommitmentValidate(t *testing.T) {
	ok := Commitment{ID: "c", TitleZH: "热线", Parties: []string{"US", "CN"}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := Commitment{Parties: []string{"US", "US"}}
	var ve *ValidationError
	if !errors.As(bad.Validate(), &ve) || len(ve.Errors) != 3 {
		t.Fatalf("want id, title and duplicate-party errors, got %+v", ve)
	}
}

func TestRecalibrationKeepsHistoryAndReplacesTheAssessmentInForce(t *testing.T) {
	first := assess("a1", "c1", StageFinal, ProgressSubstantial, day0, PartyScore{"US", 1})
	fix := assess("a2", "c1", StageFinal, ProgressLimited, day0.Add(-time.Hour), PartyScore{"US", 0})
	fix, err := Recalibrate([]Assessment{first}, first, fix, "evidence was about another programme")
	if err != nil {
		t.Fatal(err)
	}
	history := []Assessment{first, fix}
	cur, ok := Current(history, StageFinal)
	if !ok || cur.ID != "a2" || cur.Supersedes != "a1" || cur.RecalibrateReason == "" {
		t.Fatalf("current = %+v", cur)
	}
	if len(history) != 2 {
		t.Fatal("history lost an assessment")
	}
	if _, err := Recalibrate(history, first, assess("a3", "c1", StageFinal, ProgressComplete, day0), "again"); !errors.Is(err, ErrRecalibration) {
		t.Fatalf("recalibrating a superseded assessment: %v", err)
	}
	for name, next := range map[string]Assessment{
		"other-stage":      assess("a4", "c1", StageInterim, ProgressLimited, day0),
		"other-commitment": assess("a5", "c2", StageFinal, ProgressLimited, day0),
		"same-id":          assess("a2", "c1", StageFinal, ProgressLimited, day0),
	} {
		if _, err := Recalibrate(history, fix, next, "reason"); !errors.Is(err, ErrRecalibration) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Recalibrate(history, fix, assess("a6", "c1", StageFinal, ProgressLimited, day0), " "); !errors.Is(err, ErrRecalibration) {
		t.Errorf("no reason: %v", err)
	}
}

func TestLatestPrefersFinal(t *testing.T) {
	h := []Assessment{
		assess("i1", "c", StageInterim, ProgressLimited, day0),
		assess("i2", "c", StageInterim, ProgressSubstantial, day0.AddDate(0, 1, 0)),
	}
	if a, _ := Latest(h); a.ID != "i2" {
		t.Fatalf("latest interim = %s", a.ID)
	}
	h = append(h, assess("f1", "c", StageFinal, ProgressComplete, day0.AddDate(0, 0, 1)))
	if a, _ := Latest(h); a.ID != "f1" {
		t.Fatalf("latest = %s, want the final", a.ID)
	}
	if _, ok := Latest(nil); ok {
		t.Fatal("empty history has an assessment")
	}
}

func TestSummarize(t *testing.T) {
	parties := []Party{{"US", "US side"}, {"CN", "Chinese side"}, {"EU", "Observer"}}
	cs := []Commitment{
		{ID: "c1", Parties: []string{"US", "CN"}},
		{ID: "c2", Parties: []string{"US", "CN"}},
		{ID: "c3", Parties: []string{"US"}},
		{ID: "c4", Parties: []string{"CN"}}, // never assessed
	}
	h := map[string][]Assessment{
		"c1": {assess("a1", "c1", StageFinal, ProgressComplete, day0, PartyScore{"US", 1}, PartyScore{"CN", 1})},
		"c2": {
			assess("a2", "c2", StageInterim, ProgressLimited, day0, PartyScore{"US", -1}, PartyScore{"CN", 0}),
			assess("a3", "c2", StageFinal, ProgressSubstantial, day0, PartyScore{"US", 0}, PartyScore{"CN", 0}),
		},
		// a superseded final and a score for a party the commitment does not bind
		"c3": {
			assess("a4", "c3", StageFinal, ProgressComplete, day0, PartyScore{"US", 1}),
			{ID: "a5", CommitmentID: "c3", Stage: StageFinal, Progress: ProgressNotStarted, Compliance: []PartyScore{{"US", -1}, {"CN", 1}}, Supersedes: "a4", AssessedAt: day0},
		},
	}
	got := Summarize(parties, cs, h, "")
	us, cn, eu := got[0], got[1], got[2]
	if us.Assessed != 3 || us.Full != 1 || us.Partial != 1 || us.Non != 1 || us.Average != 0 || us.Percent != 50 {
		t.Errorf("US = %+v", us)
	}
	if cn.Assessed != 2 || cn.Average != 0.5 || cn.Percent != 75 || cn.Progress[ProgressComplete] != 1 || cn.Progress[ProgressSubstantial] != 1 {
		t.Errorf("CN = %+v", cn)
	}
	if eu.Assessed != 0 || eu.Percent != 50 {
		t.Errorf("EU = %+v", eu)
	}
	interim := Summarize(parties, cs, h, StageInterim)
	if interim[0].Assessed != 1 || interim[0].Average != -1 || interim[0].Percent != 0 {
		t.Errorf("interim US = %+v", interim[0])
	}
}

func TestDaysOverdue(t *testing.T) {
	c := &Commitment{ID: "c", Due: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}
	shanghai := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name    string
		now     time.Time
		loc     *time.Location
		history []Assessment
		want    int
	}{
		{"on-time-on-due-day", time.Date(2027, 3, 1, 23, 59, 0, 0, time.UTC), nil, nil, 0},
		{"overdue-next-day", time.Date(2027, 3, 2, 0, 0, 1, 0, time.UTC), nil, nil, 1},
		{"overdue-earlier-in-shanghai", time.Date(2027, 3, 1, 16, 30, 0, 0, time.UTC), shanghai, nil, 1},
		{"overdue-ten-days", time.Date(2027, 3, 11, 12, 0, 0, 0, time.UTC), nil, []Assessment{assess("a", "c", StageInterim, ProgressSubstantial, day0)}, 10},
		{"complete-is-never-overdue", time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC), nil, []Assessment{assess("a", "c", StageFinal, ProgressComplete, day0)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DaysOverdue(c, tt.history, FixedClock(tt.now), tt.loc); got != tt.want {
				t.Fatalf("DaysOverdue = %d, want %d", got, tt.want)
			}
			if IsOverdue(c, tt.history, FixedClock(tt.now), tt.loc) != (tt.want > 0) {
				t.Fatal("IsOverdue disagrees")
			}
		})
	}
	if DaysOverdue(&Commitment{ID: "x"}, nil, FixedClock(day0.AddDate(5, 0, 0)), nil) != 0 {
		t.Error("a commitment without due date is overdue")
	}
}
