package screening_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"sort"
	"testing"
	"time"

	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/screening"
	"github.com/tracktwo/tracktwo/internal/tenant"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

var operator = tenant.Scope{PlatformAdmin: true, Role: tenant.RoleOwner}

func importSDN(b testing.TB, env *testkit.Env) time.Duration {
	start := time.Now()
	_, err := env.App.Screening.Import(context.Background(), operator, screening.ImportInput{Format: screening.FormatOFAC,
		Shared: true, Files: os.DirFS("testdata/watchlists"), Names: []string{"sdn.csv", "alt.csv", "add.csv"}})
	if err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkImportSDNStored imports the SDN fixture through the service: parse, stage into the
// database in batches, swap in one transaction, build the list's name index.
func BenchmarkImportSDNStored(b *testing.B) {
	env := testkit.Start(b, testkit.Backend{Name: "sqlite"}, nil)
	var total time.Duration
	for i := 0; i < b.N; i++ {
		total += importSDN(b, env)
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/import")
}

// BenchmarkServiceSearchSDN measures single-name searches through the service (all visible
// lists, hits with list data), p50 and p99.
func BenchmarkServiceSearchSDN(b *testing.B) {
	env := testkit.Start(b, testkit.Backend{Name: "sqlite"}, nil)
	importSDN(b, env)
	queries := []string{"Li Fangwei", "李方伟", "Zhang Wei", "BANCO NACIONAL DE CUBA", "Kim Jong Un", "Chang Wei",
		"Mohammed Al Hassan", "WEI, Zhao", "Ellen Carter", "王立军"}
	sc := tenant.Scope{OrgID: "x", Role: tenant.RoleMember}
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	runtime.GC()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := env.App.Screening.Search(ctx, sc, screening.SearchInput{Name: queries[i%len(queries)], Limit: 10}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkSweep screens sessions end to end (facts from the database, list matches for every
// participant and employer, every rule, reconciliation with the stored flags): first a full
// computation, then a sweep where nothing changed.
func BenchmarkSweep(b *testing.B) {
	sessions, perSession := 50, 20
	env := testkit.Start(b, testkit.Backend{Name: "sqlite"}, nil)
	importSDN(b, env)
	ctx := context.Background()
	us := env.NewTenant("usorg", "US")
	cn := env.NewTenant("cnorg", "CN")
	usSc, cnSc := us.Organizer.Scope(), cn.Organizer.Scope()
	d, err := env.App.Dialogues.CreateDialogue(ctx, usSc, dialogue.DialogueInput{Title: sp("Bench dialogue")})
	if err != nil {
		b.Fatal(err)
	}
	inv, err := env.App.Dialogues.Invite(ctx, usSc, d.ID, dialogue.InviteInput{OrgID: cn.Org.ID})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := env.App.Dialogues.AnswerInvitation(ctx, cnSc, inv.ID, true); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewSource(42))
	surn := []string{"Zhang", "Wang", "Li", "Zhao", "Chen", "Liu", "Yang", "Huang", "Zhou", "Wu"}
	given := []string{"Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Tao", "Qiang", "Hong", "Jun", "Xiaoming", "Fangwei"}
	var pids []string
	for i := 0; i < perSession; i++ {
		name := fmt.Sprintf("%s %s", surn[rng.Intn(len(surn))], given[rng.Intn(len(given))])
		p, err := env.App.Participants.Create(ctx, cnSc, participant.Input{NameLatin: sp(name + fmt.Sprint(" ", i)),
			Nationality: &[]string{"CN"}, Employer: sp("Institute " + fmt.Sprint(i%5)), EmployerKind: sp("research_institute")})
		if err != nil {
			b.Fatal(err)
		}
		pids = append(pids, p.ID)
	}
	for s := 0; s < sessions; s++ {
		day := time.Now().AddDate(0, 0, 30+s).Format("2006-01-02")
		se, err := env.App.Dialogues.CreateSession(ctx, usSc, dialogue.SessionInput{DialogueID: &d.ID, Title: sp(fmt.Sprint("S", s)),
			Format: sp("in_person"), City: sp("Beijing"), Province: sp("Beijing"), Country: sp("CN"), Timezone: sp("Asia/Shanghai"),
			StartsAt: sp(day + "T09:00"), EndsAt: sp(day + "T17:00")})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := env.App.Dialogues.Transition(ctx, usSc, se.ID, dialogue.TransitionInput{To: "proposed"}); err != nil {
			b.Fatal(err)
		}
		for _, pid := range pids {
			if _, err := env.App.Dialogues.AddAttendee(ctx, cnSc, se.ID, dialogue.AttendeeInput{ParticipantID: pid}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	var full, noop time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := testkit.RawDB(b, env.App.Config)
		db.Exec("DELETE FROM session_screening")
		b.StartTimer()
		t0 := time.Now()
		if n, err := env.App.Screening.Sweep(ctx); err != nil || n != sessions {
			b.Fatal(n, err)
		}
		full += time.Since(t0)
		t0 = time.Now()
		if _, err := env.App.Screening.Sweep(ctx); err != nil {
			b.Fatal(err)
		}
		noop += time.Since(t0)
	}
	n := float64(b.N * sessions * perSession)
	b.ReportMetric(float64(full.Microseconds())/n, "µs/participant-full")
	b.ReportMetric(float64(noop.Microseconds())/n, "µs/participant-unchanged")
}

func sp(s string) *string { return &s }
