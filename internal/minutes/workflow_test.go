package minutes

import (
	"errors"
	"testing"
	"time"
)

var (
	conv = Conveners{{OrgID: "org-us", Side: "US"}, {OrgID: "org-cn", Side: "CN"}}
	t0   = time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)
)

func must(t *testing.T) func(*Document, error) *Document {
	return func(d *Document, err error) *Document {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
}

func TestWorkflowReachesLockedAfterBothConvenersAgree(t *testing.T) {
	d := sampleDoc()
	d = must(t)(Circulate(d, "org-us", conv))
	if d.Status != StatusCirculated {
		t.Fatalf("status %s", d.Status)
	}
	edited := d.Clone()
	edited.Items[0].NotesEN = "Corrected opening remarks."
	d = must(t)(Edit(d, edited, "org-cn", conv))
	if d.Status != StatusCorrections || d.Revision != 2 {
		t.Fatalf("after edit: status %s revision %d", d.Status, d.Revision)
	}
	d = must(t)(Circulate(d, "org-cn", conv))
	d = must(t)(Agree(d, "org-cn", conv, t0))
	if d.Status != StatusCirculated || !AgreedBy(d, "org-cn") || AgreedBy(d, "org-us") {
		t.Fatalf("after first agreement: %s %+v", d.Status, d.Agreements)
	}
	d = must(t)(Agree(d, "org-us", conv, t0.Add(time.Hour)))
	if d.Status != StatusAgreed {
		t.Fatalf("after second agreement: %s", d.Status)
	}
	d = must(t)(Lock(d, "org-us", conv, t0.Add(2*time.Hour)))
	if d.Status != StatusLocked || !d.LockedAt.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("after lock: %s %v", d.Status, d.LockedAt)
	}
	if v := Redact(d, LevelChatham, nil); !v.AgreedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("view AgreedAt = %v", v.AgreedAt)
	}
}

func TestAmendmentMustBeAgreedAgain(t *testing.T) {
	d := sampleDoc()
	d = must(t)(Circulate(d, "org-us", conv))
	d = must(t)(Agree(d, "org-us", conv, t0))
	d = must(t)(Agree(d, "org-cn", conv, t0))
	locked := must(t)(Lock(d, "org-cn", conv, t0))
	am := must(t)(Amend(locked, "org-cn", conv))
	if am.Status != StatusDraft || am.AmendmentOf != 1 || am.Version != 2 || am.Revision != locked.Revision+1 || len(am.Agreements) != 0 || !am.LockedAt.IsZero() {
		t.Fatalf("amendment: %+v", am)
	}
	if locked.Status != StatusLocked || len(locked.Agreements) != 2 {
		t.Fatal("amending changed the locked record")
	}
	am = must(t)(Circulate(am, "org-us", conv))
	am = must(t)(Agree(am, "org-us", conv, t0))
	if _, err := Lock(am, "org-us", conv, t0); !errors.Is(err, ErrNotAgreedByAll) {
		t.Fatalf("lock with one agreement: %v", err)
	}
	am = must(t)(Agree(am, "org-cn", conv, t0))
	am = must(t)(Lock(am, "org-us", conv, t0))
	if am.Version != 2 || am.Status != StatusLocked {
		t.Fatalf("locked amendment %+v", am)
	}
}

func TestEditAfterAgreementDropsAgreements(t *testing.T) {
	d := sampleDoc()
	d = must(t)(Circulate(d, "org-us", conv))
	d = must(t)(Agree(d, "org-us", conv, t0))
	d = must(t)(Edit(d, d, "org-cn", conv))
	if d.Status != StatusCorrections || len(d.Agreements) != 0 {
		t.Fatalf("status %s agreements %v", d.Status, d.Agreements)
	}
}

func TestWorkflowRefuses(t *testing.T) {
	at := func(s Status, agreed ...string) *Document {
		d := sampleDoc()
		d.Status = s
		for _, o := range agreed {
			d.Agreements = append(d.Agreements, Agreement{OrgID: o, At: t0})
		}
		return d
	}
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"edit-locked-is-locked", func() error { _, err := Edit(at(StatusLocked), sampleDoc(), "org-us", conv); return err }, ErrLocked},
		{"edit-by-outsider-not-convener", func() error { _, err := Edit(at(StatusDraft), sampleDoc(), "org-x", conv); return err }, ErrNotConvener},
		{"edit-empty-actor-not-convener", func() error {
			_, err := Edit(at(StatusDraft), sampleDoc(), "", Conveners{{OrgID: "a", Side: "US"}, {OrgID: "b", Side: "CN"}})
			return err
		}, ErrNotConvener},
		{"edit-invalid-content-invalid", func() error {
			bad := sampleDoc()
			bad.Items[0].Statements[0].Attribution = "x"
			_, err := Edit(at(StatusDraft), bad, "org-us", conv)
			return err
		}, ErrInvalid},
		{"nil-document-invalid", func() error { _, err := Agree(nil, "org-us", conv, t0); return err }, ErrInvalid},
		{"same-org-twice-bad-conveners", func() error {
			_, err := Circulate(at(StatusDraft), "o", Conveners{{OrgID: "o", Side: "US"}, {OrgID: "o", Side: "CN"}})
			return err
		}, ErrBadConveners},
		{"one-side-only-bad-conveners", func() error {
			_, err := Circulate(at(StatusDraft), "a", Conveners{{OrgID: "a", Side: "CN"}, {OrgID: "b", Side: "CN"}})
			return err
		}, ErrBadConveners},
		{"single-convener-bad-conveners", func() error {
			_, err := Circulate(at(StatusDraft), "a", Conveners{{OrgID: "a", Side: "US"}})
			return err
		}, ErrBadConveners},
		{"circulate-circulated-illegal", func() error { _, err := Circulate(at(StatusCirculated), "org-us", conv); return err }, ErrIllegalTransition},
		{"circulate-locked-locked", func() error { _, err := Circulate(at(StatusLocked), "org-us", conv); return err }, ErrLocked},
		{"agree-draft-illegal", func() error { _, err := Agree(at(StatusDraft), "org-us", conv, t0); return err }, ErrIllegalTransition},
		{"agree-corrections-illegal", func() error { _, err := Agree(at(StatusCorrections), "org-us", conv, t0); return err }, ErrIllegalTransition},
		{"agree-twice-already-agreed", func() error { _, err := Agree(at(StatusCirculated, "org-us"), "org-us", conv, t0); return err }, ErrAlreadyAgreed},
		{"agree-by-outsider-not-convener", func() error { _, err := Agree(at(StatusCirculated), "org-x", conv, t0); return err }, ErrNotConvener},
		{"agree-locked-locked", func() error { _, err := Agree(at(StatusLocked), "org-us", conv, t0); return err }, ErrLocked},
		{"lock-circulated-not-agreed-by-all", func() error { _, err := Lock(at(StatusCirculated, "org-us"), "org-us", conv, t0); return err }, ErrNotAgreedByAll},
		{"lock-corrections-illegal", func() error { _, err := Lock(at(StatusCorrections), "org-us", conv, t0); return err }, ErrIllegalTransition},
		{"lock-locked-locked", func() error { _, err := Lock(at(StatusLocked), "org-us", conv, t0); return err }, ErrLocked},
		{"amend-draft-illegal", func() error { _, err := Amend(at(StatusDraft), "org-us", conv); return err }, ErrIllegalTransition},
		{"amend-by-outsider-not-convener", func() error { _, err := Amend(at(StatusLocked), "org-x", conv); return err }, ErrNotConvener},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			var te *TransitionError
			if tt.want != ErrInvalid && !errors.As(err, &te) {
				t.Fatalf("error %T is not a *TransitionError", err)
			}
		})
	}
}

func TestWorkflowDoesNotModifyInput(t *testing.T) {
	d := sampleDoc()
	next := must(t)(Circulate(d, "org-us", conv))
	next.Items[0].Statements[0].TextEN = "changed"
	if d.Status != StatusDraft || d.Items[0].Statements[0].TextEN != "We welcome the talks." {
		t.Fatal("input document was modified")
	}
}

// conv3 is a dialogue convened by three organizations: the US creator and two Chinese
// co-conveners.
var conv3 = Conveners{{OrgID: "org-us", Side: "US"}, {OrgID: "org-cn", Side: "CN"}, {OrgID: "org-cn2", Side: "CN"}}

func TestAgreementNeedsEveryCurrentConvener(t *testing.T) {
	d := must(t)(Circulate(sampleDoc(), "org-us", conv3))
	d = must(t)(Agree(d, "org-us", conv3, t0))
	d = must(t)(Agree(d, "org-cn", conv3, t0))
	if d.Status != StatusCirculated || AllAgreed(d, conv3) {
		t.Fatalf("two of three agreed: status %s", d.Status)
	}
	if p := Pending(d, conv3); len(p) != 1 || p[0].OrgID != "org-cn2" {
		t.Fatalf("pending %v, want org-cn2", p)
	}
	if _, err := Lock(d, "org-us", conv3, t0); !errors.Is(err, ErrNotAgreedByAll) {
		t.Fatalf("lock before the third agreed: %v", err)
	}
	d = must(t)(Agree(d, "org-cn2", conv3, t0))
	if d.Status != StatusAgreed {
		t.Fatalf("all three agreed: status %s", d.Status)
	}
	d = must(t)(Lock(d, "org-cn2", conv3, t0))
	if d.Status != StatusLocked || len(d.Agreements) != 3 {
		t.Fatalf("locked: %s %v", d.Status, d.Agreements)
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("three agreements must validate: %v", err)
	}
}

func TestRemovedConvenerNoLongerCounts(t *testing.T) {
	d := must(t)(Circulate(sampleDoc(), "org-us", conv3))
	d = must(t)(Agree(d, "org-us", conv3, t0))
	d = must(t)(Agree(d, "org-cn", conv3, t0))
	// org-cn2 is removed: the remaining conveners have all agreed, so the text may be locked.
	two := conv3[:2]
	if !AllAgreed(d, two) {
		t.Fatal("the remaining conveners agreed")
	}
	if _, err := Agree(d, "org-cn2", two, t0); !errors.Is(err, ErrNotConvener) {
		t.Fatalf("a removed convener agrees: %v", err)
	}
	d = must(t)(Lock(d, "org-us", two, t0))
	if d.Status != StatusLocked {
		t.Fatalf("status %s", d.Status)
	}

	// An agreement given by an organization removed since does not stand in for a current one.
	e := must(t)(Circulate(sampleDoc(), "org-us", conv3))
	e = must(t)(Agree(e, "org-cn2", conv3, t0))
	e = must(t)(Agree(e, "org-us", two, t0))
	if e.Status == StatusAgreed || AllAgreed(e, two) {
		t.Fatalf("org-cn has not agreed: status %s", e.Status)
	}
}

func TestConvenerJoiningAfterAgreementMustAgreeToo(t *testing.T) {
	d := must(t)(Circulate(sampleDoc(), "org-us", conv))
	d = must(t)(Agree(d, "org-us", conv, t0))
	d = must(t)(Agree(d, "org-cn", conv, t0))
	if d.Status != StatusAgreed {
		t.Fatalf("status %s", d.Status)
	}
	if _, err := Lock(d, "org-us", conv3, t0); !errors.Is(err, ErrNotAgreedByAll) {
		t.Fatalf("lock with a new convener who has not agreed: %v", err)
	}
	d = must(t)(Agree(d, "org-cn2", conv3, t0))
	if _, err := Lock(d, "org-us", conv3, t0); err != nil {
		t.Fatalf("lock after the new convener agreed: %v", err)
	}
}
