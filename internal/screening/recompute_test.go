package screening

import (
	"testing"
	"time"

	"github.com/tracktwo/tracktwo/internal/participant"
)

func TestConsentStateWithdrawalAndRegrant(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := []participant.Consent{
		{Purpose: "cross_border_transfer", Granted: true, RecordedAt: t0},
		{Purpose: "processing", Granted: true, RecordedAt: t0},
		{Purpose: "cross_border_transfer", Granted: false, RecordedAt: t0.Add(time.Hour)},
		{Purpose: "sharing", Granted: false, RecordedAt: t0},
	}
	got := consentState(h)
	if len(got) != 3 {
		t.Fatalf("%+v", got)
	}
	if c := got[0]; c.Purpose != "cross_border_transfer" || !c.Granted || !c.Withdrawn || !c.WithdrawnAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("withdrawn transfer consent: %+v", c)
	}
	if c := got[1]; !c.Granted || c.Withdrawn {
		t.Errorf("processing: %+v", c)
	}
	if c := got[2]; c.Granted || c.Withdrawn {
		t.Errorf("refused sharing is not a withdrawn grant: %+v", c)
	}
	h = append(h, participant.Consent{Purpose: "cross_border_transfer", Granted: true, RecordedAt: t0.Add(2 * time.Hour)})
	if c := consentState(h)[0]; !c.Granted || c.Withdrawn {
		t.Errorf("granted again: %+v", c)
	}
}

func TestSplitListAndDay(t *testing.T) {
	if got := splitList("Beijing, Shanghai；Yunnan、Tianjin;"); len(got) != 4 || got[3] != "Tianjin" {
		t.Errorf("%q", got)
	}
	if got := splitList(""); got == nil || len(got) != 0 {
		t.Errorf("empty: %#v", got)
	}
	if !day("2030-02-30").IsZero() || day("2030-02-28").IsZero() {
		t.Error("day parsing")
	}
}
