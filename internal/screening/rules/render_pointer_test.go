package rules

import "testing"

func TestFormatValueDereferencesPointers(t *testing.T) {
	o := &Organization{Name: "Jinghua University", NameZH: "京华大学"}
	if got := formatValue(o, langEN); got != "Jinghua University" {
		t.Fatalf("en: %q", got)
	}
	if got := formatValue(o, langZH); got != "京华大学" {
		t.Fatalf("zh: %q", got)
	}
	var nilOrg *Organization
	if got := formatValue(nilOrg, langEN); got != "—" {
		t.Fatalf("nil: %q", got)
	}
}
