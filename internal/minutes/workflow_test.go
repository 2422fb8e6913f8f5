package minutes

import (
	"errors"
	"testing"
	"time"
)

var (
	conv = Conveners{A: "org-us", B: "org-cn"}
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
	if _, err := Lock(am, "org-us", conv, t0); !errors.Is(err, ErrIllegalTransition) {
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
		{"edit-empty-actor-not-convener", func() error { _, err := Edit(at(StatusDraft), sampleDoc(), "", Conveners{A: "a", B: "b"}); return err }, ErrNotConvener},
		{"edit-invalid-content-invalid", func() error {
			bad := sampleDoc()
			bad.Items[0].Statements[0].Attribution = "x"
			_, err := Edit(at(StatusDraft), bad, "org-us", conv)
			return err
		}, ErrInvalid},
		{"nil-document-invalid", func() error { _, err := Agree(nil, "org-us", conv, t0); return err }, ErrInvalid},
		{"same-org-twice-bad-conveners", func() error { _, err := Circulate(at(StatusDraft), "o", Conveners{A: "o", B: "o"}); return err }, ErrBadConveners},
		{"circulate-circulated-illegal", func() error { _, err := Circulate(at(StatusCirculated), "org-us", conv); return err }, ErrIllegalTransition},
		{"circulate-locked-locked", func() error { _, err := Circulate(at(StatusLocked), "org-us", conv); return err }, ErrLocked},
		{"agree-draft-illegal", func() error { _, err := Agree(at(StatusDraft), "org-us", conv, t0); return err }, ErrIllegalTransition},
		{"agree-corrections-illegal", func() error { _, err := Agree(at(StatusCorrections), "org-us", conv, t0); return err }, ErrIllegalTransition},
		{"agree-twice-already-agreed", func() error { _, err := Agree(at(StatusCirculated, "org-us"), "org-us", conv, t0); return err }, ErrAlreadyAgreed},
		{"agree-by-outsider-not-convener", func() error { _, err := Agree(at(StatusCirculated), "org-x", conv, t0); return err }, ErrNotConvener},
		{"agree-locked-locked", func() error { _, err := Agree(at(StatusLocked), "org-us", conv, t0); return err }, ErrLocked},
		{"lock-circulated-illegal", func() error { _, err := Lock(at(StatusCirculated, "org-us"), "org-us", conv, t0); return err }, ErrIllegalTransition},
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
